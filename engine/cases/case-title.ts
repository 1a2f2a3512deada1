// Case titles: a line telling two reports apart in an inbox (e.g. `堵塞消防通道 · 幸福路12号`). A definition
// may give a FEEL expression on its process (grid:title) over the start variables; otherwise the title is
// the report's category (the label of its first category field in the start form) and its address.
// When neither yields text the process name is the title. A title never raises an incident.
import { evalFeel } from '../runtime/feel.js';

/** Category fields of the bundled report forms, in order of preference (fire, dispute, illegal building). */
const CATEGORY_FIELDS = ['hazardTypes', 'disputeType', 'structureType', 'venueType', 'category', 'type'];
const ADDRESS_FIELDS = ['location', 'address'];
export const MAX_TITLE_LENGTH = 120;

interface FieldSchema {
  enum?: unknown[];
  'x-enumNames'?: string[];
  items?: FieldSchema;
}

/** The label the form gives an enum value, else the value itself. */
function label(field: FieldSchema | undefined, value: unknown): string {
  const i = field?.enum?.indexOf(value) ?? -1;
  const name = i >= 0 ? field?.['x-enumNames']?.[i] : undefined;
  return name ?? String(value);
}

const text = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v).trim() : '');

/** Category + address from the start variables, labelled through the start form's schema. */
export function defaultTitle(variables: Record<string, unknown>, schema?: object): string {
  const props = ((schema as { properties?: Record<string, FieldSchema> } | undefined)?.properties ??
    {}) as Record<string, FieldSchema>;
  let category = '';
  for (const name of CATEGORY_FIELDS) {
    const v = variables[name];
    if (Array.isArray(v) && v.length) {
      category = label(props[name]?.items, v[0]) + (v.length > 1 ? '等' : '');
    } else if (text(v)) category = label(props[name], v);
    if (category) break;
  }
  const address = ADDRESS_FIELDS.map((f) => text(variables[f])).find(Boolean) ?? '';
  return [category, address].filter(Boolean).join(' · ');
}

/**
 * The title of a new case: grid:title when it yields text, else the default rule, else the process name,
 * else ''. Failures of the expression are swallowed (the fallback is used).
 */
export function caseTitle(opts: {
  expression?: string;
  variables: Record<string, unknown>;
  schema?: object;
  processName?: string;
}): string {
  const title = opts.expression
    ? fromExpression(opts.expression, opts.variables)
    : defaultTitle(opts.variables, opts.schema);
  return clip(title || opts.processName || '');
}

/** The text grid:title yields, '' when it yields none or fails. */
function fromExpression(expression: string, variables: Record<string, unknown>): string {
  try {
    return text(evalFeel(expression, variables));
  } catch {
    return '';
  }
}

const clip = (s: string) => (s.length > MAX_TITLE_LENGTH ? `${s.slice(0, MAX_TITLE_LENGTH - 1)}…` : s);
