// Task form schemas (JSON Schema, one file per formKey under processes/forms/) validated with ajv.
//
// Read-only fields. ajv ignores the `readOnly` keyword, so it is enforced here: a read-only property is
// shown on the form but never set by it. On completion a read-only property may be omitted or echo its
// schema `default` (as a form UI sends a disabled field back); any other value is refused with a 400
// field error at its path (e.g. /data/urgentCheckSla), and nothing changes. Whatever passes is then
// removed from the completion data, together with the default ajv would fill in, so a form can neither
// set nor reset such a value on the case: it comes from the case's start variables or from the process
// definition's own default. Read-only properties are found among `properties`, nested object
// properties and the properties of array `items` (not inside allOf/anyOf/if-then branches).
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { Ajv, type ValidateFunction, type ErrorObject } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { fieldProblem } from '../error-codes.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

export interface FieldError {
  path: string;
  message: string;
  /** stable code of the problem (`field.<ajv keyword>`, `field.read-only`) and its params, for the UI */
  code?: string;
  params?: Record<string, unknown>;
}

/** The part of a JSON Schema the read-only rule walks. */
interface SchemaNode {
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode | SchemaNode[];
  readOnly?: boolean;
  default?: unknown;
}

/** Daytime for acts barred at night (行政强制法 art. 43): 08:00–18:00 local time. */
export const DAYTIME_FROM = 8;
export const DAYTIME_TO = 18;

export interface DaytimeCalendar {
  /** whether the local date of an instant is a working day (WorkCalendar.isWorkday) */
  isWorkday(ms: number): boolean;
  timezone: string;
}

export class FormRegistry {
  private readonly ajv = new Ajv({ allErrors: true, strict: false, coerceTypes: false, useDefaults: true });
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly schemas = new Map<string, object>();

  /** the engine's working-day calendar (statutory holidays, 调休) and time zone, for `workdayDaytime` */
  private daytime: DaytimeCalendar = {
    isWorkday: (ms) => ![0, 6].includes(new Date(ms).getUTCDay()),
    timezone: 'UTC',
  };

  constructor() {
    addFormats(this.ajv);
    // a form field holding uploads: attachment ids (engine/cases/attachments.ts ATTACHMENT_ID)
    this.ajv.addFormat('attachment', /^a[0-9a-f]{20}$/);
    // "workdayDaytime": true on a date-time field: the instant must fall on a working day of the engine's
    // calendar (no weekend, no statutory holiday; 调休 Saturdays count) between 08:00 and 18:00 local time.
    // For acts the law forbids at night or on holidays, e.g. forced enforcement (行政强制法 art. 43).
    this.ajv.addKeyword({
      keyword: 'workdayDaytime',
      type: 'string',
      schemaType: 'boolean',
      errors: false,
      validate: (on: boolean, value: string) => !on || this.isWorkdayDaytime(value),
    });
    // "distinctFrom": "<sibling property>" on a string field: the value must differ from that sibling's (after
    // trimming and collapsing white space), e.g. the second of two enforcement officers (行政处罚法 art. 42:
    // at least two officers). ajv's `$data` references are not enabled, and this reads better in a form.
    this.ajv.addKeyword({
      keyword: 'distinctFrom',
      type: 'string',
      schemaType: 'string',
      errors: true,
      validate: distinctFrom,
    });
  }

  /** Uses the engine's calendar for `workdayDaytime` (the default counts only Monday–Friday, in UTC). */
  useCalendar(calendar: DaytimeCalendar): void {
    this.daytime = calendar;
  }

  /** Whether an ISO date-time lies on a working day between 08:00 and 18:00 in the calendar's time zone. */
  isWorkdayDaytime(value: string): boolean {
    const ms = Date.parse(value);
    if (Number.isNaN(ms)) return true; // the date-time format reports it
    if (!this.daytime.isWorkday(ms)) return false;
    const parts = new Intl.DateTimeFormat('en-GB', {
      timeZone: this.daytime.timezone,
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).formatToParts(new Date(ms));
    const hour = Number(parts.find((p) => p.type === 'hour')?.value);
    const minute = Number(parts.find((p) => p.type === 'minute')?.value);
    const minutes = hour * 60 + minute;
    return minutes >= DAYTIME_FROM * 60 && minutes <= DAYTIME_TO * 60;
  }

  /** Loads every `<formKey>.json` of a folder. */
  async loadDir(dir: string): Promise<void> {
    let files: string[];
    try {
      files = await readdir(dir);
    } catch {
      return; // no forms folder: every task accepts any object
    }
    for (const f of files.filter((f) => f.endsWith('.json'))) {
      this.register(path.basename(f, '.json'), JSON.parse(await readFile(path.join(dir, f), 'utf8')));
    }
  }

  /** Why a schema cannot serve as a form (ajv refuses it, or it is not an object form); undefined if it can. */
  problem(schema: unknown): string | undefined {
    if (typeof schema !== 'object' || schema === null || Array.isArray(schema))
      return 'a form schema must be a JSON object';
    if ((schema as { type?: unknown }).type !== 'object')
      return 'a form schema must describe an object: "type": "object"';
    try {
      this.ajv.compile(schema);
      return undefined;
    } catch (err) {
      return `not a valid JSON Schema: ${(err as Error).message}`;
    }
  }

  register(formKey: string, schema: object): void {
    this.validators.set(formKey, this.ajv.compile(schema));
    this.schemas.set(formKey, schema);
  }

  schema(formKey: string | undefined): object | undefined {
    const k = this.resolve(formKey);
    return k ? this.schemas.get(k) : undefined;
  }

  /** Whether this exact key or version is held here (no fallback to the current form). */
  hasExact(formKey: string): boolean {
    return this.schemas.has(formKey);
  }

  /**
   * The key a form is held under: a pinned version (`key@…`, engine/model/form-versions.ts) not loaded in
   * this process yet — the callers await FormVersions.ensure first — falls back to the current form.
   */
  private resolve(formKey: string | undefined): string | undefined {
    if (!formKey || this.schemas.has(formKey) || !formKey.includes('@')) return formKey;
    return formKey.split('@')[0];
  }

  /** The fields a submitter may set: the form's top-level properties that are not read-only. */
  inputs(formKey: string | undefined): string[] {
    const props = (this.schema(formKey) as SchemaNode | undefined)?.properties ?? {};
    return Object.keys(props).filter((k) => props[k]?.readOnly !== true);
  }

  /** The bare form keys known (pinned versions `key@…` are not listed). */
  keys(): string[] {
    return [...this.schemas.keys()].filter((k) => !k.includes('@'));
  }

  /**
   * Returns field-level errors; an unknown formKey accepts any object. Fills in schema defaults and, when
   * the data is valid, removes read-only properties from it (see the note at the top of this file).
   */
  validate(formKey: string | undefined, data: unknown): FieldError[] {
    if (typeof data !== 'object' || data === null || Array.isArray(data))
      return [{ path: '/data', message: 'must be an object' }];
    const key = this.resolve(formKey);
    const v = key ? this.validators.get(key) : undefined;
    if (!v) return [];
    const schema = this.schemas.get(key!) as SchemaNode;
    // checked before ajv fills in defaults: only what the caller sent counts
    const errors: FieldError[] = [];
    forEachReadOnly(schema, data, '/data', (value, field, at) => {
      if (!('default' in field))
        errors.push({
          path: at,
          message: 'is read-only: it cannot be set on this form',
          code: 'field.read-only',
          params: { field: at.replace(/^\//, '') },
        });
      else if (!isDeepStrictEqual(value, field.default))
        errors.push({
          path: at,
          message: `is read-only: omit it or leave it at ${JSON.stringify(field.default)}`,
          code: 'field.read-only',
          params: { field: at.replace(/^\//, ''), value: field.default },
        });
    });
    if (!v(data)) errors.push(...(v.errors ?? []).map(toFieldError));
    if (!errors.length) forEachReadOnly(schema, data, '/data', (_value, _field, _at, remove) => remove());
    return errors;
  }
}

/** Calls `fn` for every read-only property present in `data`, in schema order. */
function forEachReadOnly(
  schema: SchemaNode | undefined,
  data: unknown,
  at: string,
  fn: (value: unknown, field: SchemaNode, at: string, remove: () => void) => void,
): void {
  if (!schema || typeof schema !== 'object' || data === null || typeof data !== 'object') return;
  if (Array.isArray(data)) {
    const items = schema.items;
    if (items && !Array.isArray(items))
      data.forEach((item, i) => forEachReadOnly(items, item, `${at}/${i}`, fn));
    return;
  }
  const obj = data as Record<string, unknown>;
  for (const [key, field] of Object.entries(schema.properties ?? {})) {
    if (!Object.prototype.hasOwnProperty.call(obj, key)) continue;
    const path = `${at}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    if (field?.readOnly === true) fn(obj[key], field, path, () => delete obj[key]);
    else forEachReadOnly(field, obj[key], path, fn);
  }
}

const normalized = (v: string) => v.trim().replace(/\s+/g, ' ');

/** The `distinctFrom` keyword: a string field equal to the named sibling field is refused at its own path. */
function distinctFrom(
  sibling: string,
  value: string,
  _schema?: unknown,
  cxt?: { parentData?: unknown },
): boolean {
  const other = (cxt?.parentData as Record<string, unknown> | undefined)?.[sibling];
  if (typeof other !== 'string' || normalized(other) !== normalized(value)) return true;
  distinctFrom.errors = [
    { keyword: 'distinctFrom', params: { distinctFrom: sibling }, message: `must differ from ${sibling}` },
  ];
  return false;
}
distinctFrom.errors = [] as Array<Partial<ErrorObject>>;

export function toFieldError(e: ErrorObject): FieldError {
  const missing =
    e.keyword === 'required' ? `/${(e.params as { missingProperty: string }).missingProperty}` : '';
  const path = `/data${e.instancePath}${missing}`;
  return { path, message: e.message ?? e.keyword, ...fieldProblem(e, path) };
}
