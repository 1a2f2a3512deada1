// Closed (archived, 已归档) assessment periods: when a supervisor closes a month or a quarter for a unit
// subtree, the rows of every kind (unit, department, person) are scored once more and stored as they stand
// — one snapshot document per row — under a closing document that is written last (the commit marker: a
// period counts as closed only once it exists). Reading a closed period reads these rows back, nothing is
// recomputed. Snapshot rows are never changed afterwards: a later correction is an adjustment document
// (points, reason, author) listed beside the row and added to its adjusted total.
import { randomUUID } from 'node:crypto';
import type { UnitInfo } from '../sla/assessment.js';
import type { Store } from '../store/types.js';
import { isDuplicateKeyError } from '../store/types.js';
import { gradeOf, type Score } from './evaluate.js';
import type { GradeBand } from './scheme.js';

export type ClosedRowKind = 'unit' | 'department' | 'person';

/** The closing of one period for one unit subtree; `_id` = `${unit}|${period}`. */
export interface ClosingDoc {
  _id: string;
  unit: UnitInfo;
  period: { key: string; from: number; to: number };
  scheme: { schemeId: string; version: number; name: string; validFrom: string };
  /** the grade bands of that scheme version: the grade of an adjusted total */
  grades: GradeBand[];
  manualItems: Array<{ id: string; label: string; takes: 'points' | 'count' }>;
  rowCounts: Record<ClosedRowKind, number>;
  closedBy: string;
  closedAt: number;
  /** the figures were taken at this time (= closedAt) */
  now: number;
  /** the id the frozen rows of this closing are filed under (`${_id}#<attempt>`) */
  snapshot: string;
}

/** One frozen row; `_id` = `${snapshot}|${kind}|${key}`. */
export interface SnapshotRowDoc {
  _id: string;
  /** the closing's snapshot id */
  closing: string;
  kind: ClosedRowKind;
  /** the row's place in the table */
  order: number;
  key: string;
  name: string;
  unit?: string;
  unitName?: string;
  level?: string;
  role?: string;
  person?: string;
  total?: boolean;
  figures: Record<string, number | null | undefined>;
  score: Score;
  /** rank within its group (rows of the same kind and level; the subtree's own total row has none) */
  rank?: number;
  rankOf?: number;
}

/** A correction of a frozen row, made after the closing: never folded into the row itself. */
export interface AdjustmentDoc {
  _id: string;
  closing: string;
  kind: ClosedRowKind;
  subject: string;
  points: number;
  reason: string;
  by: string;
  at: number;
}

export const closingId = (unit: string, period: string) => `${unit}|${period}`;

/** Rows longer than this per kind are not frozen (a subtree of a city has some thousands of people). */
export const MAX_SNAPSHOT_ROWS = 20_000;
/** Adjustments per closing read back with it. */
export const MAX_ADJUSTMENTS = 2_000;

export class PeriodAlreadyClosed extends Error {
  constructor(readonly closing: ClosingDoc) {
    super(`period ${closing.period.key} of ${closing.unit.code} is closed`);
    this.name = 'PeriodAlreadyClosed';
  }
}

/**
 * Ranks of rows: within each group (kind and level; people all in one group) by score, highest first,
 * equal totals sharing a rank (1, 2, 2, 4). The subtree's own total row is not ranked.
 */
export function rankRows<
  R extends { kind: string; level?: string; total?: boolean; score: { total: number } },
>(rows: R[]): Array<R & { rank?: number; rankOf?: number }> {
  const groups = new Map<string, R[]>();
  for (const r of rows) {
    if (r.total) continue;
    const g = `${r.kind}|${r.kind === 'person' ? '' : (r.level ?? '')}`;
    (groups.get(g) ?? groups.set(g, []).get(g)!).push(r);
  }
  const ranks = new Map<R, { rank: number; rankOf: number }>();
  for (const list of groups.values()) {
    const sorted = [...list].sort((a, b) => b.score.total - a.score.total);
    sorted.forEach((r, i) => {
      const rank =
        i > 0 && sorted[i - 1].score.total === r.score.total ? ranks.get(sorted[i - 1])!.rank : i + 1;
      ranks.set(r, { rank, rankOf: sorted.length });
    });
  }
  return rows.map((r) => ({ ...r, ...ranks.get(r) }));
}

export class ClosingRepository {
  constructor(private readonly store: Store) {}

  private get closings() {
    return this.store.collection<ClosingDoc>('assessmentClosings');
  }
  private get rows() {
    return this.store.collection<SnapshotRowDoc>('assessmentSnapshots');
  }
  private get adjustments() {
    return this.store.collection<AdjustmentDoc>('assessmentAdjustments');
  }

  async closing(unit: string, period: string): Promise<ClosingDoc | null> {
    return this.closings.findOne({ _id: closingId(unit, period) });
  }

  /**
   * Stores the frozen rows under a snapshot id of this attempt, then the closing document naming that
   * snapshot (the commit marker). A closing document already there (a second close, or a concurrent one
   * that won) is PeriodAlreadyClosed, and this attempt's rows are removed; rows of an attempt that died
   * before its closing document are named by no closing and never read.
   */
  async freeze(
    closing: Omit<ClosingDoc, 'snapshot'>,
    rows: Array<Omit<SnapshotRowDoc, '_id' | 'closing'>>,
  ): Promise<ClosingDoc> {
    const existing = await this.closings.findOne({ _id: closing._id });
    if (existing) throw new PeriodAlreadyClosed(existing);
    const snapshot = `${closing._id}#${randomUUID()}`;
    const docs = rows.map((r) => ({ ...r, _id: `${snapshot}|${r.kind}|${r.key}`, closing: snapshot }));
    for (let i = 0; i < docs.length; i += 500)
      await this.rows.insertManyIgnoreDuplicates(docs.slice(i, i + 500));
    const doc: ClosingDoc = { ...closing, snapshot };
    try {
      await this.closings.insert(doc);
    } catch (err) {
      if (isDuplicateKeyError(err)) {
        await this.rows.deleteMany({ closing: snapshot });
        const won = await this.closings.findOne({ _id: closing._id });
        if (won) throw new PeriodAlreadyClosed(won);
      }
      throw err;
    }
    return doc;
  }

  /** The frozen rows of one kind of a closing, in their order. */
  async frozenRows(c: Pick<ClosingDoc, 'snapshot'>, kind: ClosedRowKind): Promise<SnapshotRowDoc[]> {
    return this.rows.find({ closing: c.snapshot, kind }, { sort: { order: 1 }, limit: MAX_SNAPSHOT_ROWS });
  }

  async frozenRow(
    c: Pick<ClosingDoc, 'snapshot'>,
    kind: ClosedRowKind,
    key: string,
  ): Promise<SnapshotRowDoc | null> {
    return this.rows.findOne({ _id: `${c.snapshot}|${kind}|${key}` });
  }

  async addAdjustment(a: Omit<AdjustmentDoc, '_id'>): Promise<AdjustmentDoc> {
    const doc = { _id: randomUUID(), ...a };
    await this.adjustments.insert(doc);
    return doc;
  }

  /** The adjustments of one kind of a closing, oldest first. */
  async adjustmentsOf(closing: string, kind: ClosedRowKind): Promise<AdjustmentDoc[]> {
    return this.adjustments.find({ closing, kind }, { sort: { at: 1 }, limit: MAX_ADJUSTMENTS });
  }
}

/** A frozen row as read: its frozen score untouched, and its adjusted total (and grade) beside it. */
export function withAdjustments<R extends { key: string; score: Score }>(
  rows: R[],
  adjustments: AdjustmentDoc[],
  grades: GradeBand[],
): Array<R & { adjustment?: { points: number; total: number; grade: string; gradeLabel: string } }> {
  const sums = new Map<string, number>();
  for (const a of adjustments) sums.set(a.subject, (sums.get(a.subject) ?? 0) + a.points);
  return rows.map((r) => {
    const points = sums.get(r.key);
    if (points === undefined) return r;
    const total = Math.round((r.score.total + points) * 100) / 100;
    const g = gradeOf(grades, total);
    return {
      ...r,
      adjustment: { points: Math.round(points * 100) / 100, total, grade: g.grade, gradeLabel: g.label },
    };
  });
}
