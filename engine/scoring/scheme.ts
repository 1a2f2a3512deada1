// Scoring schemes (考核方案) as data: what an admin saves, validated with ajv before it is stored. A scheme
// scores one row of the assessment (a unit, a department or a person) from its figures and the manual
// entries of assessors; evaluate.ts is the pure function that applies it.
import { Ajv, type ErrorObject } from 'ajv';
import { fieldProblem, messageOf, type DetailCode } from '../error-codes.js';

/** Points for a figure against a target: full points when met, `stepPoints` off per `step` missed. */
export interface TargetItem {
  kind: 'target';
  id: string;
  label: string;
  /** a figure name (figures.ts SCORABLE_FIGURES) */
  figure: string;
  /** atLeast: the figure should reach the target (on-time rate); atMost: stay under it (返工率) */
  direction?: 'atLeast' | 'atMost';
  target: number;
  points: number;
  /** each started `step` of shortfall costs `stepPoints` (absent: all or nothing) */
  step?: number;
  stepPoints?: number;
  /** no figure (nothing was due): full points (default) or none */
  ifNone?: 'full' | 'zero';
  min?: number;
  max?: number;
}

/** A bonus (or malus) once a figure reaches a threshold: +50 for ≥ 20 valid reports. */
export interface ThresholdItem {
  kind: 'threshold';
  id: string;
  label: string;
  figure: string;
  atLeast: number;
  points: number;
}

/**
 * Points per event, counted by a figure (supervised escalations) or entered by assessors as a count
 * (`figure` absent: unreported major matters): −5 each, uncapped unless min/max say otherwise.
 */
export interface PerEventItem {
  kind: 'perEvent';
  id: string;
  label: string;
  figure?: string;
  points: number;
  min?: number;
  max?: number;
}

/** Points entered by assessors with a reason (meetings attended, 交办函 sent), summed and capped. */
export interface ManualItem {
  kind: 'manual';
  id: string;
  label: string;
  min?: number;
  max?: number;
}

export type SchemeItem = TargetItem | ThresholdItem | PerEventItem | ManualItem;

export interface GradeBand {
  grade: string;
  label: string;
  /** the band holds totals ≥ min (bands are read from the highest min down) */
  min: number;
}

export interface SchemeBody {
  name: string;
  /** the first business day the version is in force (YYYY-MM-DD) */
  validFrom: string;
  /** points every row starts with (deduction schemes start at 100) */
  base: number;
  items: SchemeItem[];
  grades: GradeBand[];
  /** caps of the total */
  min?: number;
  max?: number;
}

export interface Scheme extends SchemeBody {
  /** `${schemeId}@${version}` */
  _id: string;
  schemeId: string;
  version: number;
  savedBy: string;
  savedAt: number;
}

const id = { type: 'string', pattern: '^[A-Za-z0-9_.-]{1,40}$' };
const label = { type: 'string', minLength: 1, maxLength: 80 };
const num = { type: 'number' };
const common = { id, label, min: num, max: num };

const SCHEME_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'validFrom', 'base', 'items', 'grades'],
  properties: {
    name: label,
    validFrom: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
    base: num,
    min: num,
    max: num,
    items: {
      type: 'array',
      maxItems: 60,
      items: {
        type: 'object',
        required: ['kind'],
        properties: { kind: { enum: ['target', 'threshold', 'perEvent', 'manual'] } },
        oneOf: [
          {
            additionalProperties: false,
            required: ['kind', 'id', 'label', 'figure', 'target', 'points'],
            properties: {
              ...common,
              kind: { const: 'target' },
              figure: { type: 'string' },
              direction: { enum: ['atLeast', 'atMost'] },
              target: num,
              points: num,
              step: { type: 'number', exclusiveMinimum: 0 },
              stepPoints: { type: 'number', minimum: 0 },
              ifNone: { enum: ['full', 'zero'] },
            },
          },
          {
            additionalProperties: false,
            required: ['kind', 'id', 'label', 'figure', 'atLeast', 'points'],
            properties: {
              id,
              label,
              kind: { const: 'threshold' },
              figure: { type: 'string' },
              atLeast: num,
              points: num,
            },
          },
          {
            additionalProperties: false,
            required: ['kind', 'id', 'label', 'points'],
            properties: { ...common, kind: { const: 'perEvent' }, figure: { type: 'string' }, points: num },
          },
          {
            additionalProperties: false,
            required: ['kind', 'id', 'label'],
            properties: { ...common, kind: { const: 'manual' } },
          },
        ],
      },
    },
    grades: {
      type: 'array',
      minItems: 1,
      maxItems: 10,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['grade', 'label', 'min'],
        properties: { grade: id, label, min: num },
      },
    },
  },
} as const;

const validate = new Ajv({ allErrors: true, strict: false }).compile(SCHEME_SCHEMA);

export interface SchemeProblem {
  /** JSON pointer of the offending field */
  field: string;
  /** stable code of the problem: ajv's `field.<keyword>`, or a `scheme.*` rule of its own */
  code: DetailCode;
  /** what the code's words need (`field` always) */
  params: Record<string, unknown>;
  /** English, for logs and the API's `message` */
  message: string;
}

/** A problem of a scheme rule: its code, the field, the English text from the code's template. */
const rule = (field: string, code: DetailCode, params: Record<string, unknown> = {}): SchemeProblem => {
  const all = { field: field.replace(/^\//, ''), ...params };
  return { field, code, params: all, message: messageOf(code, all) };
};

/**
 * The problems of a scheme body (empty: valid): the ajv schema, then what a schema cannot say — unique
 * item ids, known figures, step and stepPoints together, distinct grade minima.
 */
export function schemeProblems(body: unknown, figures: readonly string[]): SchemeProblem[] {
  if (!validate(body)) {
    // oneOf reports every branch: keep the errors of the branch the item's kind names
    return (validate.errors ?? [])
      .filter((e) => e.keyword !== 'oneOf')
      .slice(0, 20)
      .map(problemOf);
  }
  const b = body as SchemeBody;
  const out: SchemeProblem[] = [];
  const seen = new Set<string>();
  b.items.forEach((it, i) => {
    if (seen.has(it.id)) out.push(rule(`/items/${i}/id`, 'scheme.duplicate-item', { id: it.id }));
    seen.add(it.id);
    if ('figure' in it && it.figure !== undefined && !figures.includes(it.figure))
      out.push(
        rule(`/items/${i}/figure`, 'scheme.unknown-figure', { figure: it.figure, allowed: [...figures] }),
      );
    if (it.kind === 'target' && (it.step === undefined) !== (it.stepPoints === undefined))
      out.push(rule(`/items/${i}/step`, 'scheme.step-pair'));
    if ('min' in it && 'max' in it && it.min !== undefined && it.max !== undefined && it.min > it.max)
      out.push(rule(`/items/${i}/min`, 'scheme.min-above-max', { min: it.min, max: it.max }));
  });
  if (new Set(b.grades.map((g) => g.min)).size !== b.grades.length)
    out.push(rule('/grades', 'scheme.duplicate-grade-min'));
  if (b.min !== undefined && b.max !== undefined && b.min > b.max)
    out.push(rule('/min', 'scheme.min-above-max', { min: b.min, max: b.max }));
  return out;
}

/** An ajv error as a field problem (`field.<keyword>` with its limit, allowed values …). */
function problemOf(e: ErrorObject): SchemeProblem {
  const field = e.instancePath || '/';
  const { code, params } = fieldProblem(e, field);
  // an unknown property is named (the field itself is its parent object)
  if (e.keyword === 'additionalProperties') params.property = String(e.params.additionalProperty);
  const extra = e.keyword === 'additionalProperties' ? `: ${String(e.params.additionalProperty)}` : '';
  return { field, code, params, message: `${e.message ?? 'invalid'}${extra}` };
}
