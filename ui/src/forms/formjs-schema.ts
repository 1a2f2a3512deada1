// Our task forms are JSON Schema (validated by ajv on the server, rendered by SchemaForm); the visual editor
// is bpmn.io's form-js, whose schema is a list of components. This module converts between the two, pure.
//
// Never lose data on a round trip: a field form-js cannot express (groups of rows, string lists, …) is left
// out of the form-js schema and comes back unchanged (`kept`); a field it can express is written back over
// its original property, so keywords form-js does not know (x-stage, uniqueItems, workdayDaytime,
// exclusiveMinimum…) survive. Top-level keywords (title, allOf, additionalProperties) are kept as well.
import { fieldKind, optionsOf } from './schema';
import type { JsonSchema } from '../types';

/** a JSON Schema node, loosely: our forms carry x- keywords the JsonSchema type does not list */
export type Schema = JsonSchema & Record<string, unknown>;

export interface FormJsComponent {
  type: string;
  key?: string;
  id?: string;
  label?: string;
  dateLabel?: string;
  timeLabel?: string;
  subtype?: string;
  description?: string;
  defaultValue?: unknown;
  readonly?: boolean;
  disabled?: boolean;
  multiple?: boolean;
  accept?: string;
  decimalDigits?: number;
  values?: Array<{ label: string; value: unknown }>;
  validate?: {
    required?: boolean;
    minLength?: number;
    maxLength?: number;
    pattern?: string;
    min?: number;
    max?: number;
  };
  [k: string]: unknown;
}

export interface FormJsSchema {
  type: 'default';
  id?: string;
  components: FormJsComponent[];
  [k: string]: unknown;
}

/** Keywords of a property that the form-js component decides (dropped when the component leaves them out). */
const CONTROLLED = [
  'type',
  'title',
  'description',
  'default',
  'readOnly',
  'minLength',
  'maxLength',
  'pattern',
  'minimum',
  'maximum',
  'enum',
  'x-enumNames',
  'enumNames',
  'oneOf',
  'anyOf',
  'format',
  'const',
  'items',
];

const clean = <T extends Record<string, unknown>>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

/** One property → a form-js component, or undefined when form-js cannot express it. */
function toComponent(name: string, s: Schema, required: boolean): FormJsComponent | undefined {
  const kind = fieldKind(s);
  const base = {
    key: name,
    id: `Field_${name.replace(/[^\w]/g, '_')}`,
    label: s.title ?? name,
    description: s.description,
    readonly: s.readOnly || undefined,
  };
  const validate = (extra: FormJsComponent['validate'] = {}) => {
    const v = clean({ ...(required ? { required: true } : {}), ...extra });
    return Object.keys(v).length ? v : undefined;
  };
  const values = (o: JsonSchema) => optionsOf(o)!.map((x) => ({ label: x.label, value: x.value }));
  switch (kind) {
    case 'string':
    case 'textarea':
      if (s.format || s.const !== undefined) return undefined;
      return clean({
        ...base,
        type: kind === 'textarea' ? 'textarea' : 'textfield',
        defaultValue: typeof s.default === 'string' ? s.default : undefined,
        validate: validate({ minLength: s.minLength, maxLength: s.maxLength, pattern: s.pattern }),
      });
    case 'number':
    case 'integer':
      return clean({
        ...base,
        type: 'number',
        decimalDigits: kind === 'integer' ? 0 : undefined,
        defaultValue: typeof s.default === 'number' ? s.default : undefined,
        validate: validate({ min: s.minimum, max: s.maximum }),
      });
    case 'boolean':
      // a box that must be ticked (const: true) is a required checkbox in form-js
      if (s.const !== undefined && s.const !== true) return undefined;
      return clean({
        ...base,
        type: 'checkbox',
        defaultValue: typeof s.default === 'boolean' ? s.default : undefined,
        // (its place in `required` is kept apart: a required boolean need not be ticked)
        validate: s.const === true ? { required: true } : undefined,
      });
    case 'enum':
      if (!optionsOf(s)!.every((o) => typeof o.value === 'string')) return undefined;
      return clean({
        ...base,
        type: optionsOf(s)!.length <= 4 ? 'radio' : 'select',
        values: values(s),
        defaultValue: s.default,
        validate: validate(),
      });
    case 'multi-enum':
      if (!optionsOf(s.items!)!.every((o) => typeof o.value === 'string')) return undefined;
      return clean({ ...base, type: 'checklist', values: values(s.items!), validate: validate() });
    case 'date-time':
    case 'date':
      return clean({
        ...base,
        label: undefined,
        type: 'datetime',
        subtype: kind === 'date' ? 'date' : 'datetime',
        dateLabel: s.title ?? name,
        timeLabel: kind === 'date' ? undefined : '时间',
        validate: validate(),
      });
    case 'attachments':
      return clean({
        ...base,
        type: 'filepicker',
        multiple: true,
        accept: s['x-widget'] === 'files' ? undefined : 'image/*',
        validate: validate(),
      });
    default:
      return undefined;
  }
}

export interface ToFormJs {
  schema: FormJsSchema;
  /** properties form-js cannot express: kept unchanged, shown read-only beside the editor */
  kept: string[];
}

/** Our JSON Schema → a form-js schema (plus the names of the properties left out and kept as they are). */
export function toFormJs(schema: Schema | undefined): ToFormJs {
  const required = new Set(schema?.required ?? []);
  const components: FormJsComponent[] = [];
  const kept: string[] = [];
  for (const [name, s] of Object.entries(schema?.properties ?? {})) {
    const c = toComponent(name, s as Schema, required.has(name));
    if (c) components.push(c);
    else kept.push(name);
  }
  return { schema: { type: 'default', id: 'Form', components }, kept };
}

const stringsOf = (values: FormJsComponent['values']) => (values ?? []).map((v) => String(v.value));
const labelsOf = (values: FormJsComponent['values']) => (values ?? []).map((v) => String(v.label ?? v.value));
const sameList = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** One form-js component → our property, written over the original one (its other keywords survive). */
function fromComponent(c: FormJsComponent, original: Schema | undefined): Schema | undefined {
  const rest: Schema = { ...(original ?? {}) };
  for (const k of CONTROLLED) delete rest[k];
  const v = c.validate ?? {};
  const title = (c.type === 'datetime' ? c.dateLabel : c.label) ?? c.label;
  const common = clean({
    title: title || undefined,
    description: c.description || undefined,
    readOnly: c.readonly || c.disabled ? true : undefined,
  });
  const withLabels = (values: FormJsComponent['values']) => {
    const labels = labelsOf(values);
    // labels equal to the values are not worth a list of their own
    return sameList(labels, stringsOf(values)) ? {} : { 'x-enumNames': labels };
  };
  switch (c.type) {
    case 'textfield':
    case 'textarea':
      return clean({
        type: 'string',
        ...common,
        ...rest,
        minLength: v.minLength,
        maxLength: v.maxLength,
        pattern: v.pattern || undefined,
        default: typeof c.defaultValue === 'string' && c.defaultValue ? c.defaultValue : undefined,
        // a textarea stays one whatever its length (the renderer takes maxLength > 200 as one too);
        // other widgets (location) stay as they were
        'x-widget':
          c.type === 'textarea'
            ? (v.maxLength ?? 0) > 200
              ? undefined
              : 'textarea'
            : rest['x-widget'] === 'textarea'
              ? undefined
              : rest['x-widget'],
      });
    case 'number':
      return clean({
        type: c.decimalDigits === 0 ? 'integer' : 'number',
        ...common,
        ...rest,
        minimum: v.min,
        maximum: v.max,
        default: typeof c.defaultValue === 'number' ? c.defaultValue : undefined,
      });
    case 'checkbox':
      return clean({
        type: 'boolean',
        ...common,
        ...rest,
        const: v.required ? true : undefined,
        default: typeof c.defaultValue === 'boolean' ? c.defaultValue : undefined,
      });
    case 'radio':
    case 'select':
      return clean({
        type: 'string',
        ...common,
        ...rest,
        enum: stringsOf(c.values),
        ...withLabels(c.values),
        default: typeof c.defaultValue === 'string' && c.defaultValue ? c.defaultValue : undefined,
      });
    case 'checklist':
    case 'taglist': {
      const items: Schema = { ...((original?.items as Schema | undefined) ?? {}) };
      for (const k of ['type', 'enum', 'x-enumNames', 'enumNames', 'oneOf', 'anyOf']) delete items[k];
      return clean({
        type: 'array',
        ...common,
        ...(original ? {} : { uniqueItems: true }),
        ...rest,
        items: { type: 'string', ...items, enum: stringsOf(c.values), ...withLabels(c.values) },
      });
    }
    case 'datetime':
      if (c.subtype === 'time') return undefined;
      return clean({
        type: 'string',
        ...common,
        ...rest,
        format: c.subtype === 'date' ? 'date' : 'date-time',
      });
    case 'filepicker': {
      const items: Schema = { ...((original?.items as Schema | undefined) ?? {}) };
      return clean({
        type: 'array',
        ...common,
        // a new field says which picker it wants; an existing one keeps its widget
        ...(original ? {} : { 'x-widget': c.accept && !c.accept.startsWith('image') ? 'files' : 'photos' }),
        ...rest,
        items: { ...items, type: 'string', format: 'attachment' },
        maxItems: c.multiple === false ? 1 : rest.maxItems,
      });
    }
    default:
      return undefined;
  }
}

/** Input components form-js offers that have no counterpart in our forms (say so instead of dropping them). */
export function unsupportedComponents(formjs: FormJsSchema): FormJsComponent[] {
  return flatComponents(formjs).filter(
    (c) => c.key && fromComponent(c, undefined) === undefined && !LAYOUT.has(c.type),
  );
}

/** presentation-only components (text, spacers…) that carry no data */
const LAYOUT = new Set(['text', 'html', 'spacer', 'separator', 'image', 'button', 'iframe', 'table']);

/** The input components in order, groups flattened (our forms are flat). */
function flatComponents(formjs: FormJsSchema): FormJsComponent[] {
  const out: FormJsComponent[] = [];
  const walk = (list: FormJsComponent[] | undefined) => {
    for (const c of list ?? []) {
      if (c.type === 'group' && Array.isArray(c.components)) walk(c.components as FormJsComponent[]);
      else out.push(c);
    }
  };
  walk(formjs.components);
  return out;
}

/**
 * A form-js schema → our JSON Schema, written over `original` (the form as it was): properties in the
 * editor's order, then the ones form-js could not show (unchanged); `required` from validate.required;
 * top-level keywords of the original kept. A new form refuses extra properties, as ours do.
 */
export function fromFormJs(formjs: FormJsSchema, original?: Schema, title?: string): Schema {
  const before = (original?.properties ?? {}) as Record<string, Schema>;
  const { kept } = toFormJs(original);
  const properties: Record<string, Schema> = {};
  const required: string[] = [];
  const wasRequired = new Set(original?.required ?? []);
  for (const c of flatComponents(formjs)) {
    if (!c.key || LAYOUT.has(c.type)) continue;
    const s = fromComponent(c, before[c.key]);
    if (!s) continue;
    properties[c.key] = s;
    // a checkbox's "required" means ticked (const: true); whether it must be sent stays as it was
    if (c.type === 'checkbox' ? wasRequired.has(c.key) : c.validate?.required) required.push(c.key);
  }
  for (const name of kept) {
    if (name in properties) continue; // replaced by a field of the same key made in the editor
    properties[name] = before[name];
    if (wasRequired.has(name)) required.push(name);
  }
  // the original order first (a round trip changes nothing), new fields after
  const at = (k: string) => {
    const i = (original?.required ?? []).indexOf(k);
    return i < 0 ? Infinity : i;
  };
  required.sort((a, b) => at(a) - at(b));
  return clean({
    title,
    ...(original ?? {}),
    type: 'object',
    properties,
    required,
    additionalProperties: original ? original.additionalProperties : false,
  }) as Schema;
}

/** Annotations the API's bodies cannot carry (no field name may start with '$'), and ajv does not need. */
const ANNOTATIONS = new Set(['$schema', '$comment', '$id']);

/**
 * The form as a deployment sends it: without the `$schema` / `$comment` / `$id` annotations, which the API
 * refuses in any request body (field names starting with '$', engine/runtime/variables.ts) and ajv does not
 * need (it defaults to draft-07). Other '$' keywords ($ref, $defs) stay and are refused by the server, beside
 * the form.
 */
export function forDeploy(schema: Schema): Schema {
  const strip = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(strip);
    if (!v || typeof v !== 'object') return v;
    return Object.fromEntries(
      Object.entries(v)
        .filter(([k]) => !ANNOTATIONS.has(k))
        .map(([k, x]) => [k, strip(x)]),
    );
  };
  return strip(schema) as Schema;
}
