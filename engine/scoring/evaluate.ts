// Scheme evaluation: (scheme, figures of one row, manual entries of that row) → total, grade and the points
// of every item with how they came about. Pure: no store, no clock.
//
// Rules per item kind (points are clamped to the item's min/max when given):
//   target     direction atLeast (default): figure ≥ target → points; below, stepPoints off for every
//              started `step` of shortfall (ceil((target − figure) / step)), never below 0 unless min says
//              so; without step: 0. atMost mirrors it (figure ≤ target). No figure (null: nothing was due):
//              full points, or 0 with ifNone 'zero'.
//   threshold  figure ≥ atLeast → points, else 0 (no figure: 0)
//   perEvent   points × events; events = the figure, or the sum of the assessors' `count` entries
//   manual     sum of the assessors' `points` entries
// total = base + Σ item points, clamped to the scheme's min/max; grade = the band with the highest
// min ≤ total.
import type { GradeBand, Scheme, SchemeBody, SchemeItem } from './scheme.js';

export type FigureRow = Record<string, number | null | undefined>;

/** An assessor's entry for one item of one row. */
export interface ManualEntry {
  itemId: string;
  /** manual items */
  points?: number;
  /** perEvent items without a figure */
  count?: number;
  reason: string;
  by: string;
}

export interface ItemScore {
  id: string;
  label: string;
  kind: SchemeItem['kind'];
  /** the figure or event count it was scored on (null: none) */
  value: number | null;
  points: number;
  /** how, as the breakdown and the sheet show it (Chinese, the sheet's language: "0.85 < 0.95: −0.5 × 2") */
  note: string;
}

export interface Score {
  total: number;
  grade: string;
  gradeLabel: string;
  items: ItemScore[];
}

const round2 = (x: number) => Math.round(x * 100) / 100;
const clamp = (x: number, min?: number, max?: number) =>
  Math.min(max ?? Infinity, Math.max(min ?? -Infinity, x));

function targetPoints(it: Extract<SchemeItem, { kind: 'target' }>, v: number | null) {
  if (v === null) {
    const full = it.ifNone !== 'zero';
    return { points: full ? it.points : 0, note: full ? '无数据，按满分' : '无数据，不得分' };
  }
  const up = (it.direction ?? 'atLeast') === 'atLeast';
  // shortfall, rounded to 1e-9 so that 0.85 against 0.95 in steps of 0.05 is exactly 2 steps
  const short = Math.round((up ? it.target - v : v - it.target) * 1e9) / 1e9;
  if (short <= 0) return { points: it.points, note: `${v} ${up ? '≥' : '≤'} ${it.target}` };
  if (it.step === undefined || it.stepPoints === undefined)
    return { points: 0, note: `${v} ${up ? '<' : '>'} ${it.target}` };
  const steps = Math.ceil(Math.round((short / it.step) * 1e6) / 1e6);
  const points =
    it.min === undefined ? Math.max(0, it.points - steps * it.stepPoints) : it.points - steps * it.stepPoints;
  return { points, note: `${v} ${up ? '<' : '>'} ${it.target}: −${it.stepPoints} × ${steps}` };
}

function itemScore(it: SchemeItem, figures: FigureRow, entries: ManualEntry[]): ItemScore {
  const mine = entries.filter((e) => e.itemId === it.id);
  const fig = (name: string) => {
    const v = figures[name];
    return typeof v === 'number' && Number.isFinite(v) ? v : null;
  };
  let value: number | null;
  let points: number;
  let note: string;
  switch (it.kind) {
    case 'target': {
      value = fig(it.figure);
      ({ points, note } = targetPoints(it, value));
      break;
    }
    case 'threshold':
      value = fig(it.figure);
      points = value !== null && value >= it.atLeast ? it.points : 0;
      note = value !== null && value >= it.atLeast ? `${value} ≥ ${it.atLeast}` : `未达 ${it.atLeast}`;
      break;
    case 'perEvent':
      value = it.figure !== undefined ? (fig(it.figure) ?? 0) : mine.reduce((n, e) => n + (e.count ?? 0), 0);
      points = it.points * value;
      note = `${it.points} × ${value}`;
      break;
    case 'manual':
      value = mine.length;
      points = mine.reduce((n, e) => n + (e.points ?? 0), 0);
      note = mine.map((e) => `${e.points ?? 0} (${e.reason})`).join('; ');
      break;
  }
  const capped = clamp(points, 'min' in it ? it.min : undefined, 'max' in it ? it.max : undefined);
  if (capped !== points) note += `（封顶 ${points} → ${capped}）`;
  return { id: it.id, label: it.label, kind: it.kind, value, points: round2(capped), note };
}

/** The grade band of a total (bands need not be sorted; a total below every band gets the lowest). */
export function gradeOf(grades: GradeBand[], total: number): GradeBand {
  const sorted = [...grades].sort((a, b) => b.min - a.min);
  return sorted.find((g) => total >= g.min) ?? sorted[sorted.length - 1];
}

export function evaluate(
  scheme: SchemeBody | Scheme,
  figures: FigureRow,
  entries: ManualEntry[] = [],
): Score {
  const items = scheme.items.map((it) => itemScore(it, figures, entries));
  const total = round2(
    clamp(
      items.reduce((n, i) => n + i.points, scheme.base),
      scheme.min,
      scheme.max,
    ),
  );
  const g = gradeOf(scheme.grades, total);
  return { total, grade: g.grade, gradeLabel: g.label, items };
}

/** What a manual entry is about: a unit, a department (role at a unit) or a person. */
export type Subject =
  | { kind: 'unit'; unit: string }
  | { kind: 'department'; unit: string; role: string }
  | { kind: 'person'; person: string; units: string[] };

/**
 * 回避: an assessor does not score their own grid or unit, nor themselves or a colleague of their own
 * unit. `assessorUnits`: the units where the assessor holds a role.
 */
export function mustRecuse(assessor: string, assessorUnits: string[], subject: Subject): boolean {
  const own = new Set(assessorUnits);
  if (subject.kind === 'person') return subject.person === assessor || subject.units.some((u) => own.has(u));
  return own.has(subject.unit);
}
