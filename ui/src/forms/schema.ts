// The JSON Schema subset task forms use: field kinds, raw input values ↔ typed data, and client-side
// validation with messages in the UI language. The server validates again (ajv) and its 400 details are
// mapped back onto the fields by path (/data/<field>).
import { t } from '../i18n';
import { problemText } from '../i18n/render';
import type { FieldError, JsonSchema } from '../types';

export type FieldKind =
  | 'string'
  | 'textarea'
  | 'number'
  | 'integer'
  | 'boolean'
  | 'enum'
  | 'date-time'
  | 'date'
  | 'string-list'
  | 'multi-enum'
  | 'object-list'
  | 'attachments'
  | 'unsupported';

/** one input's raw value; a repeatable group (array of objects) holds one raw form per row */
export type RawValue = string | boolean | string[] | RawForm[];
export interface RawForm {
  [name: string]: RawValue;
}
/** field name → message; a field of a row of a group is keyed `group.<row>.<field>` */
export type FormErrors = Record<string, string>;

export interface Option {
  value: unknown;
  label: string;
}

const typeOf = (s: JsonSchema): string | undefined =>
  Array.isArray(s.type) ? s.type.find((x) => x !== 'null') : s.type;

export function optionsOf(s: JsonSchema): Option[] | undefined {
  if (s.oneOf?.length && s.oneOf.every((o) => 'const' in o))
    return s.oneOf.map((o) => ({ value: o.const, label: o.title ?? String(o.const) }));
  if (s.anyOf?.length && s.anyOf.every((o) => 'const' in o))
    return s.anyOf.map((o) => ({ value: o.const, label: o.title ?? String(o.const) }));
  if (s.enum) {
    const names =
      (s as { enumNames?: string[]; 'x-enumNames'?: string[] }).enumNames ??
      (s as { 'x-enumNames'?: string[] })['x-enumNames'];
    return s.enum.map((v, i) => ({ value: v, label: names?.[i] ?? String(v) }));
  }
  return undefined;
}

export function fieldKind(s: JsonSchema): FieldKind {
  if (optionsOf(s)) return 'enum';
  const type = typeOf(s);
  if (type === 'boolean') return 'boolean';
  if (type === 'integer') return 'integer';
  if (type === 'number') return 'number';
  if (type === 'array') {
    if (s.items && optionsOf(s.items)) return 'multi-enum';
    if (s.items?.format === 'attachment') return 'attachments';
    if (!s.items || typeOf(s.items) === 'string') return 'string-list';
    if (typeOf(s.items) === 'object' && s.items.properties) return 'object-list';
    return 'unsupported';
  }
  if (type === 'string' || type === undefined) {
    if (s.format === 'date-time') return 'date-time';
    if (s.format === 'date') return 'date';
    if (s['x-widget'] === 'textarea' || (s.maxLength ?? 0) > 200) return 'textarea';
    return 'string';
  }
  return 'unsupported';
}

export const fieldsOf = (schema: JsonSchema | undefined): Array<[string, JsonSchema]> =>
  Object.entries(schema?.properties ?? {});

const pad = (n: number) => String(n).padStart(2, '0');
/** ISO instant → value of <input type="datetime-local"> in the browser's zone */
export function isoToLocalInput(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function optionIndex(opts: Option[], v: unknown): string {
  const i = opts.findIndex((o) => JSON.stringify(o.value) === JSON.stringify(v));
  return i < 0 ? '' : String(i);
}

/** Initial raw values from defaults or existing data. */
export function initialRaw(schema: JsonSchema | undefined, data: Record<string, unknown> = {}): RawForm {
  const raw: RawForm = {};
  for (const [name, s] of fieldsOf(schema)) {
    const v = data[name] ?? s.default;
    const kind = fieldKind(s);
    if (kind === 'boolean') raw[name] = v === true;
    else if (kind === 'enum') raw[name] = v === undefined ? '' : optionIndex(optionsOf(s)!, v);
    else if (kind === 'multi-enum')
      raw[name] = Array.isArray(v) ? v.map((x) => optionIndex(optionsOf(s.items!)!, x)).filter(Boolean) : [];
    else if (kind === 'string-list' || kind === 'attachments')
      raw[name] = Array.isArray(v) ? v.map(String) : [];
    else if (kind === 'object-list') raw[name] = initialRows(s, v);
    else if (kind === 'date-time') raw[name] = typeof v === 'string' ? isoToLocalInput(v) : '';
    else
      raw[name] = v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  }
  return raw;
}

/** The rows a group opens with: its values, else as many empty rows as it needs at least (one at least). */
function initialRows(s: JsonSchema, v: unknown): RawForm[] {
  const rows = Array.isArray(v)
    ? v.filter((x): x is Record<string, unknown> => !!x && typeof x === 'object' && !Array.isArray(x))
    : [];
  if (rows.length) return rows.map((x) => initialRaw(s.items, x));
  return Array.from({ length: Math.max(1, Math.min(s.minItems ?? 1, 10)) }, () => initialRaw(s.items));
}

export const emptyRow = (s: JsonSchema): RawForm => initialRaw(s.items);

const rowsOf = (r: RawValue | undefined): RawForm[] =>
  Array.isArray(r) ? r.filter((x): x is RawForm => typeof x === 'object') : [];

/** Errors of a row's fields under the group's keys (`group.<row>.<field>`). */
const prefixed = (errors: FormErrors, name: string, i: number): FormErrors =>
  Object.fromEntries(Object.entries(errors).map(([k, v]) => [`${name}.${i}.${k}`, v]));

/** The errors of row `i` of group `name`, keyed by the row's own field names. */
export function rowErrors(errors: FormErrors, name: string, i: number): FormErrors {
  const p = `${name}.${i}.`;
  return Object.fromEntries(
    Object.entries(errors)
      .filter(([k]) => k.startsWith(p))
      .map(([k, v]) => [k.slice(p.length), v]),
  );
}

/** Raw inputs → typed data (empty optional fields omitted) plus the conversion errors. */
export function toData(
  schema: JsonSchema | undefined,
  raw: RawForm,
): { data: Record<string, unknown>; errors: FormErrors } {
  const data: Record<string, unknown> = {};
  const errors: FormErrors = {};
  for (const [name, s] of fieldsOf(schema)) {
    const r = raw[name];
    const kind = fieldKind(s);
    switch (kind) {
      case 'boolean':
        data[name] = r === true;
        break;
      case 'enum':
        if (r !== '' && r !== undefined) data[name] = optionsOf(s)![Number(r)]?.value;
        break;
      case 'multi-enum': {
        const opts = optionsOf(s.items!)!;
        const list = (Array.isArray(r) ? r : []).map((i) => opts[Number(i)]?.value);
        if (list.length) data[name] = list;
        break;
      }
      case 'attachments':
      case 'string-list': {
        const list = (Array.isArray(r) ? r : [])
          .filter((x): x is string => typeof x === 'string')
          .map((x) => x.trim())
          .filter(Boolean);
        if (list.length) data[name] = list;
        break;
      }
      case 'object-list': {
        // rows left entirely empty are not sent (the group opens with empty rows to fill)
        const list: Record<string, unknown>[] = [];
        rowsOf(r).forEach((row, i) => {
          const one = toData(s.items, row);
          if (!Object.keys(one.data).length && !Object.keys(one.errors).length) return;
          Object.assign(errors, prefixed(one.errors, name, i));
          list.push(one.data);
        });
        if (list.length) data[name] = list;
        break;
      }
      case 'number':
      case 'integer': {
        const text = String(r ?? '').trim();
        if (!text) break;
        const n = Number(text);
        if (!Number.isFinite(n)) errors[name] = t('form.number');
        else if (kind === 'integer' && !Number.isInteger(n)) errors[name] = t('form.integer');
        else data[name] = n;
        break;
      }
      case 'date-time': {
        const text = String(r ?? '').trim();
        if (!text) break;
        const d = new Date(text);
        if (Number.isNaN(d.getTime())) errors[name] = t('form.dateTime');
        else data[name] = d.toISOString();
        break;
      }
      default: {
        const text = typeof r === 'string' ? r : '';
        if (text.trim() !== '') data[name] = kind === 'unsupported' ? parseLoose(text) : text;
      }
    }
  }
  return { data, errors };
}

function parseLoose(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

const len = (s: string) => [...s].length;

/** Client-side checks mirroring the schema (required, bounds, lengths, pattern, items). */
export function validate(
  schema: JsonSchema | undefined,
  raw: RawForm,
): { data: Record<string, unknown>; errors: FormErrors } {
  const { data, errors } = toData(schema, raw);
  const required = new Set(schema?.required ?? []);
  for (const [name, s] of fieldsOf(schema)) {
    if (errors[name]) continue;
    const v = data[name];
    const kind = fieldKind(s);
    if (kind === 'boolean') {
      if (s.const === true && v !== true) errors[name] = t('form.mustCheck');
      continue;
    }
    if (kind === 'object-list') {
      // each row filled in is checked against the row's schema (its required fields, lengths, patterns)
      rowsOf(raw[name]).forEach((row, i) => {
        if (Object.keys(toData(s.items, row).data).length)
          Object.assign(errors, prefixed(validate(s.items, row).errors, name, i));
      });
    }
    if (v === undefined) {
      if (required.has(name)) errors[name] = t('form.required');
      continue;
    }
    if (typeof v === 'number') {
      if (s.minimum !== undefined && v < s.minimum) errors[name] = t('form.min', { n: s.minimum });
      else if (s.maximum !== undefined && v > s.maximum) errors[name] = t('form.max', { n: s.maximum });
      else if (s.exclusiveMinimum !== undefined && v <= s.exclusiveMinimum)
        errors[name] = t('form.gt', { n: s.exclusiveMinimum });
      else if (s.exclusiveMaximum !== undefined && v >= s.exclusiveMaximum)
        errors[name] = t('form.lt', { n: s.exclusiveMaximum });
    } else if (typeof v === 'string') {
      if (s.minLength !== undefined && len(v) < s.minLength)
        errors[name] = t('form.minLength', { n: s.minLength });
      else if (s.maxLength !== undefined && len(v) > s.maxLength)
        errors[name] = t('form.maxLength', { n: s.maxLength });
      else if (s.pattern && !safeRegex(s.pattern)?.test(v)) errors[name] = t('form.pattern');
    } else if (Array.isArray(v)) {
      if (s.minItems !== undefined && v.length < s.minItems)
        errors[name] = t('form.minItems', { n: s.minItems });
      else if (s.maxItems !== undefined && v.length > s.maxItems)
        errors[name] = t('form.maxItems', { n: s.maxItems });
    }
  }
  return { data, errors };
}

function safeRegex(p: string): RegExp | undefined {
  try {
    return new RegExp(p, 'u');
  } catch {
    return undefined;
  }
}

/** Server details (paths like /data/field or /data/list/0) → field errors; the rest are form-level. */
export function mapServerErrors(
  schema: JsonSchema | undefined,
  details: FieldError[],
): { fields: FormErrors; other: string[] } {
  const known = new Set(fieldsOf(schema).map(([n]) => n));
  const fields: FormErrors = {};
  const other: string[] = [];
  for (const d of details) {
    const m = /^\/?data\/([^/]+)(?:\/(\d+)\/([^/]+))?/.exec(d.path ?? '');
    const unescape = (x: string) => decodeURIComponent(x.replace(/~1/g, '/').replace(/~0/g, '~'));
    const name = m ? unescape(m[1]) : undefined;
    const label = name ? ((schema?.properties?.[name] as JsonSchema | undefined)?.title ?? name) : undefined;
    const message = problemText(d, label);
    if (name && m?.[2] !== undefined && m[3] !== undefined && known.has(name))
      fields[`${name}.${m[2]}.${unescape(m[3])}`] ??= message;
    else if (name && known.has(name)) fields[name] ??= message;
    else other.push(d.path ? t('common.labelValue', { label: d.path, value: message }) : message);
  }
  return { fields, other };
}
