// Random form data for a user task, from its form's JSON schema (processes/forms), so the sample cases can be
// driven through every bundled process without a hand-written script per process: each property gets a value
// of its type (a random enum member, a date-time near the engine clock, ...), and a draft the form refuses
// (an if/then rule, a custom check) is simply drawn again. The random enum choices are what spread the sample
// over the branches of the processes.
import type { FormRegistry } from '../model/forms.js';
import type { Random } from './random.js';

type Schema = {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  readOnly?: boolean;
  default?: unknown;
  /** forms.ts: a working day, 08:00–18:00 */
  workdayDaytime?: boolean;
};

interface Ctx {
  now: number;
  attachments: readonly string[];
}

const TEXT = '网格员现场核查情况属实已按要求处置完毕';

function iso(ms: number): string {
  // the Shanghai offset, as the UI submits it
  return new Date(ms + 8 * 3600_000).toISOString().slice(0, 19) + '+08:00';
}

function value(s: Schema, rnd: Random, c: Ctx): unknown {
  if (s.const !== undefined) return s.const;
  if (s.enum) return rnd.pick(s.enum);
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  switch (type) {
    case 'boolean':
      return rnd.chance(0.5);
    case 'integer':
    case 'number': {
      const lo = s.minimum ?? 0;
      const hi = s.maximum ?? lo + 10;
      return type === 'integer' ? rnd.int(Math.ceil(lo), Math.floor(hi) + 1) : lo + rnd.next() * (hi - lo);
    }
    case 'array': {
      const min = s.minItems ?? 0;
      const n = Math.max(min, Math.min(s.maxItems ?? 3, rnd.int(min, min + 3)));
      const out: unknown[] = [];
      for (let i = 0; i < n * 4 && out.length < n; i++) {
        const v = value(s.items ?? { type: 'string' }, rnd, c);
        if (v === undefined) continue;
        if (s.uniqueItems && out.some((x) => JSON.stringify(x) === JSON.stringify(v))) continue;
        out.push(v);
      }
      return out;
    }
    case 'object':
      return objectOf(s, rnd, c);
    default:
      return stringOf(s, rnd, c);
  }
}

function stringOf(s: Schema, rnd: Random, c: Ctx): string | undefined {
  const { now } = c;
  switch (s.format) {
    case 'attachment':
      // an attachment of the case (uploaded by the caller); none: left out, the field drawn again if required
      return c.attachments.length ? rnd.pick(c.attachments) : undefined;
    case 'date-time':
      // a working-day daytime field (e.g. a forced demolition's date): 10:00 Shanghai time on a coming day;
      // a weekend or holiday is refused by the form and drawn again
      if (s.workdayDaytime) return iso(now + rnd.int(1, 10) * 86_400_000).slice(0, 11) + '10:00:00+08:00';
      return iso(now + rnd.int(-2, 10) * 86_400_000);
    case 'date':
      return iso(now).slice(0, 10);
    case 'uri':
    case 'url':
      return `https://files.example.cn/bench/${rnd.int(1, 1_000_000)}.jpg`;
    case 'email':
      return 'grid@example.cn';
  }
  if (s.pattern) {
    if (/\\d\{11\}|1\[/.test(s.pattern)) return `139${String(rnd.int(0, 1e8)).padStart(8, '0')}`;
    return undefined; // other patterns (durations, numbers): left out, drawn again if required
  }
  const min = s.minLength ?? 1;
  const max = s.maxLength ?? 60;
  let text = TEXT;
  while (text.length < min) text += TEXT;
  return text.slice(0, Math.max(min, Math.min(max, rnd.int(min, TEXT.length + 1))));
}

function objectOf(s: Schema, rnd: Random, c: Ctx): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const required = new Set(s.required ?? []);
  for (const [k, p] of Object.entries(s.properties ?? {})) {
    if (p.readOnly) continue;
    // optional fields are filled most of the time, so conditionally required ones usually are there
    if (!required.has(k) && rnd.chance(0.15)) continue;
    const v = value(p, rnd, c);
    if (v !== undefined) out[k] = v;
  }
  return out;
}

/** Data the form accepts, or undefined when no draft passed within `tries`. */
export function formData(
  forms: FormRegistry,
  formKey: string | undefined,
  rnd: Random,
  now: number,
  tries = 60,
  /** ids of attachments of the case, for photo and file fields */
  attachments: readonly string[] = [],
): Record<string, unknown> | undefined {
  const schema = forms.schema(formKey) as Schema | undefined;
  if (!schema) return {};
  for (let i = 0; i < tries; i++) {
    const draft = objectOf(schema, rnd, { now, attachments });
    if (!forms.validate(formKey, structuredClone(draft)).length) return draft;
  }
  return undefined;
}
