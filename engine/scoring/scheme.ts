// Scoring schemes (考核方案) as data: what an admin saves, validated with ajv before it is stored. A scheme
// scores one row of the assessment (a unit, a department or a person) from its figures and the manual
// entries of assessors; evaluate.ts is the pure function that applies it.
import { Ajv, type ErrorObject } from 'ajv';

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
  message: string;
}

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
    if (seen.has(it.id)) out.push({ field: `/items/${i}/id`, message: 'duplicate item id' });
    seen.add(it.id);
    if ('figure' in it && it.figure !== undefined && !figures.includes(it.figure))
      out.push({ field: `/items/${i}/figure`, message: `unknown figure (one of ${figures.join(', ')})` });
    if (it.kind === 'target' && (it.step === undefined) !== (it.stepPoints === undefined))
      out.push({ field: `/items/${i}/step`, message: 'step and stepPoints go together' });
    if ('min' in it && 'max' in it && it.min !== undefined && it.max !== undefined && it.min > it.max)
      out.push({ field: `/items/${i}/min`, message: 'min above max' });
  });
  if (new Set(b.grades.map((g) => g.min)).size !== b.grades.length)
    out.push({ field: '/grades', message: 'two grades with the same minimum' });
  if (b.min !== undefined && b.max !== undefined && b.min > b.max)
    out.push({ field: '/min', message: 'min above max' });
  return out;
}

function problemOf(e: ErrorObject): SchemeProblem {
  const extra = e.keyword === 'additionalProperties' ? `: ${String(e.params.additionalProperty)}` : '';
  return { field: e.instancePath || '/', message: `${e.message ?? 'invalid'}${extra}` };
}
