// The application service behind GET /api/assessment and the scheme / manual entry routes: the figures of
// a unit subtree over a period (engine/stats, from the rollups), one row per unit, department or person,
// each scored with the scheme version in force on the period's first day and its manual entries.
import type { OrgDirectory } from '../grid/org.js';
import type { Assessment, UnitInfo } from '../sla/assessment.js';
import { departmentKey } from '../sla/assessment.js';
import type { AssessRequest } from '../stats/assess.js';
import type { Store } from '../store/types.js';
import {
  ClosingRepository,
  closingId,
  rankRows,
  withAdjustments,
  type AdjustmentDoc,
  type ClosingDoc,
  type SnapshotRowDoc,
} from './closing.js';
import { EntryRepository, type EntryDoc } from './entries.js';
import { meetingFigures, patrolFigures } from './patrol-figures.js';
import { DateTime } from 'luxon';
import { evaluate, mustRecuse, type FigureRow, type Score, type Subject } from './evaluate.js';
import {
  departmentFigures,
  noFigures,
  personFigures,
  SCORABLE_FIGURES,
  tasksCompletedOf,
  unitFigures,
} from './figures.js';
import type { Period } from './period.js';
import { schemeProblems, type Scheme, type SchemeBody, type SchemeProblem } from './scheme.js';
import { SchemeRepository } from './schemes.js';

export type RowKind = 'unit' | 'department' | 'person';

export interface ScoreRow {
  kind: RowKind;
  /** the subject key manual entries are filed under: unit code, `${unit}|${role}`, username */
  key: string;
  name: string;
  unit?: string;
  unitName?: string;
  level?: string;
  role?: string;
  person?: string;
  /** the unit row of the subtree itself (the others are its children) */
  total?: boolean;
  figures: FigureRow;
  score: Score;
  /** closed periods: the row's rank in its group (kind and level) */
  rank?: number;
  rankOf?: number;
  /** closed periods: the adjustments made after the closing, summed, and the adjusted total and grade */
  adjustment?: { points: number; total: number; grade: string; gradeLabel: string };
}

export interface ScoredAssessment {
  unit: UnitInfo;
  period: { key: string; from: number; to: number };
  scheme: { schemeId: string; version: number; name: string; validFrom: string };
  /** the items assessors enter (POST /assessment/entries): points for manual items, a count for events */
  manualItems: Array<{ id: string; label: string; takes: 'points' | 'count' }>;
  by: RowKind;
  now: number;
  rows: ScoreRow[];
  /** the period is closed (已归档): the rows are the frozen ones */
  closed: { by: string; at: number } | null;
  /** closed periods: the adjustments of these rows, oldest first */
  adjustments: AdjustmentDoc[];
}

/** A notice that a closed period's ranking was published (type + params; the UI words it). */
export interface RankingNotice {
  recipients: string[];
  unit: string;
  type: 'assessment.ranking-published';
  params: {
    period: string;
    closedUnit: string;
    unit: string;
    rank?: number;
    rankOf?: number;
    total: number;
    grade: string;
  };
}

export interface ScoringDeps {
  store: Store;
  org: OrgDirectory;
  timezone: string;
  now: () => number;
  assess: (q: AssessRequest) => Promise<Assessment>;
  /** patrol time per worker and business day over [fromDay, toDay) (engine/patrol/patrols.ts dailyTime) */
  patrolTime?: (
    workers: string[],
    fromDay: string,
    toDay: string,
  ) => Promise<Map<string, Map<string, number>>>;
  /** per person over [fromDay, toDay): meetings invited to and signed in at (engine/patrol/meetings.ts) */
  meetingAttendance?: (
    people: string[],
    fromDay: string,
    toDay: string,
  ) => Promise<Map<string, { invited: number; attended: number }>>;
  /** people who patrolled or were invited to meetings in `unit`'s subtree over [fromDay, toDay) */
  activePeople?: (unit: string, fromDay: string, toDay: string) => Promise<string[]>;
  /** meetings held at each unit over [fromDay, toDay) */
  meetingsHeld?: (units: string[], fromDay: string, toDay: string) => Promise<Map<string, number>>;
  /** the working-day calendar (patrol figures count working days) */
  isWorkday?: (ms: number) => boolean;
  /** everyone holding a role at a unit (the recipients of its published ranking) */
  membersOf?: (unit: string) => Promise<string[]>;
  /** sends the ranking notices of a closing (idempotent per recipient, unit and period) */
  publish?: (notices: RankingNotice[], at: number) => Promise<void>;
}

/** A scheme body that failed validation: the problems name the fields. */
export class InvalidScheme extends Error {
  constructor(readonly problems: SchemeProblem[]) {
    super('invalid scheme');
    this.name = 'InvalidScheme';
  }
}

/** A manual entry refused: 回避 (the assessor's own unit or person), or an item the scheme lacks. */
export class EntryRefused extends Error {
  constructor(
    readonly code:
      | 'assessment.recusal'
      | 'assessment.unknown-item'
      | 'assessment.wrong-value'
      | 'assessment.period-closed'
      | 'assessment.period-open'
      | 'assessment.period-running'
      | 'assessment.period-not-closable'
      | 'assessment.unknown-subject',
    message: string,
  ) {
    super(message);
    this.name = 'EntryRefused';
  }
}

export class AssessmentScoring {
  readonly schemes: SchemeRepository;
  readonly entries: EntryRepository;
  readonly closings: ClosingRepository;

  constructor(private readonly d: ScoringDeps) {
    this.schemes = new SchemeRepository(d.store);
    this.entries = new EntryRepository(d.store);
    this.closings = new ClosingRepository(d.store);
  }

  /** Validates and saves a new scheme version (`base`: the version the editor started from). */
  async saveScheme(body: unknown, by: string, base?: number): Promise<Scheme> {
    const problems = schemeProblems(body, SCORABLE_FIGURES);
    if (problems.length) throw new InvalidScheme(problems);
    return this.schemes.save(body as SchemeBody, by, this.d.now(), base);
  }

  private async figuresOf(unit: UnitInfo, period: Period): Promise<Assessment> {
    const all = await this.d.org.allUnits();
    const children = [];
    for (const c of all.filter((u) => u.parent === unit.code).sort((a, b) => a.code.localeCompare(b.code)))
      children.push({ code: c.code, name: c.name, level: c.level, codes: await this.d.org.subtree(c.code) });
    return this.d.assess({
      unit,
      children,
      units: all.map((u) => ({ code: u.code, name: u.name, level: u.level })),
      codes: await this.d.org.subtree(unit.code),
      from: period.from,
      // the whole period, also while it is running: what happened up to now counts (figures that depend on
      // "now", overdueNow and open cases due, are taken at now)
      to: period.to,
      now: this.d.now(),
      timezone: this.d.timezone,
    });
  }

  /**
   * The rows of `by` for the subtree of `unit`, scored — or, when that period of that unit is closed, the
   * frozen rows with their adjustments (read back, not recomputed).
   */
  async score(unit: UnitInfo, period: Period, by: RowKind): Promise<ScoredAssessment> {
    const closing = await this.closings.closing(unit.code, period.key);
    if (closing) return this.frozen(closing, by);
    return this.live(unit, period, by);
  }

  private async frozen(c: ClosingDoc, by: RowKind): Promise<ScoredAssessment> {
    const [rows, adjustments] = await Promise.all([
      this.closings.frozenRows(c, by),
      this.closings.adjustmentsOf(c._id, by),
    ]);
    const bare = rows.map(({ _id: _i, closing: _c, order: _o, ...r }: SnapshotRowDoc) => r as ScoreRow);
    return {
      unit: c.unit,
      period: c.period,
      scheme: c.scheme,
      manualItems: c.manualItems,
      by,
      now: c.now,
      rows: withAdjustments(bare, adjustments, c.grades),
      closed: { by: c.closedBy, at: c.closedAt },
      adjustments,
    };
  }

  /** `figures`: the subtree's figures when already read (a closing scores every kind from one reading) */
  private async live(
    unit: UnitInfo,
    period: Period,
    by: RowKind,
    figures?: Assessment,
  ): Promise<ScoredAssessment> {
    const a = figures ?? (await this.figuresOf(unit, period));
    const scheme = await this.schemes.inForce(period.firstDay);
    type Bare = Omit<ScoreRow, 'score'>;
    let rows: Bare[];
    if (by === 'unit') {
      rows = [
        ...a.children.map((c) => ({
          kind: by,
          key: c.code,
          name: c.name,
          unit: c.code,
          level: c.level,
          figures: unitFigures(c, null),
        })),
        {
          kind: by,
          key: a.unit.code,
          name: a.unit.name,
          unit: a.unit.code,
          level: a.unit.level,
          total: true,
          figures: unitFigures(a, tasksCompletedOf(a)),
        },
      ];
      const held = await this.meetingsHeldOf(
        rows.map((r) => r.key),
        period,
      );
      for (const r of rows) r.figures = { ...r.figures, meetingsHeld: held.get(r.key) ?? 0 };
    } else if (by === 'department') {
      const roles = (await this.d.org.roleCatalogue()).roles ?? {};
      rows = a.byDepartment.map((x) => ({
        kind: by,
        key: departmentKey(x.unit, x.role)!,
        name: `${x.unitName} · ${roles[x.role] ?? x.role}`,
        unit: x.unit,
        unitName: x.unitName,
        level: x.level,
        role: x.role,
        figures: departmentFigures(x),
      }));
    } else {
      // people with case activity, and those who only patrolled or were at meetings (scored on those)
      const caseFigures = new Map(a.byPerson.map((p) => [p.person, personFigures(p)]));
      const active = this.d.activePeople ? await this.d.activePeople(unit.code, ...this.days(period)) : [];
      const people = [...new Set([...caseFigures.keys(), ...active])].sort();
      const names = await this.d.org.displayNames(people);
      const meetings = await this.attendanceOf(people, period);
      const patrols = await this.patrolTimeOf(people, period);
      const range = { from: period.from, to: period.to, now: a.now, timezone: this.d.timezone };
      const isWorkday = this.d.isWorkday ?? ((ms: number) => ![0, 6].includes(new Date(ms).getUTCDay()));
      rows = people.map((person) => ({
        kind: by,
        key: person,
        name: names.get(person) ?? person,
        person,
        figures: {
          ...(caseFigures.get(person) ?? noFigures()),
          ...patrolFigures(patrols.get(person), { ...range, isWorkday }),
          ...meetingFigures(meetings.get(person)),
        },
      }));
    }
    const entries = await this.entries.of(
      period.key,
      scheme.schemeId,
      rows.map((r) => r.key),
    );
    return {
      unit: a.unit,
      period: { key: period.key, from: period.from, to: period.to },
      scheme: {
        schemeId: scheme.schemeId,
        version: scheme.version,
        name: scheme.name,
        validFrom: scheme.validFrom,
      },
      manualItems: scheme.items.flatMap((i): ScoredAssessment['manualItems'] =>
        i.kind === 'manual'
          ? [{ id: i.id, label: i.label, takes: 'points' as const }]
          : i.kind === 'perEvent' && i.figure === undefined
            ? [{ id: i.id, label: i.label, takes: 'count' as const }]
            : [],
      ),
      by,
      now: a.now,
      rows: rows.map((r) => ({ ...r, score: evaluate(scheme, r.figures, entries.get(r.key) ?? []) })),
      closed: null,
      adjustments: [],
    };
  }

  private days(period: Period): [string, string] {
    const zone = this.d.timezone;
    const day = (ms: number) => DateTime.fromMillis(ms, { zone }).toISODate()!;
    return [day(period.from), day(period.to)];
  }

  private async patrolTimeOf(workers: string[], period: Period) {
    if (!this.d.patrolTime) return new Map<string, Map<string, number>>();
    return this.d.patrolTime(workers, ...this.days(period));
  }

  private async attendanceOf(people: string[], period: Period) {
    if (!this.d.meetingAttendance) return new Map<string, { invited: number; attended: number }>();
    return this.d.meetingAttendance(people, ...this.days(period));
  }

  private async meetingsHeldOf(units: string[], period: Period) {
    if (!this.d.meetingsHeld) return new Map<string, number>();
    return this.d.meetingsHeld(units, ...this.days(period));
  }

  /**
   * Closes a month or a quarter that has ended for the subtree of `unit`: scores every kind of row with
   * the scheme in force then, ranks them per level, freezes them and publishes each scored unit's rank to
   * its members. A second close is PeriodAlreadyClosed (closing.ts).
   */
  async closePeriod(unit: UnitInfo, period: Period, by: string): Promise<ClosingDoc> {
    if (!/^\d{4}-(\d{2}|Q[1-4])$/.test(period.key))
      throw new EntryRefused('assessment.period-not-closable', 'only a month or a quarter is closed');
    const existing = await this.closings.closing(unit.code, period.key);
    if (existing) throw new EntryRefused('assessment.period-closed', 'the period is closed already');
    const now = this.d.now();
    if (now < period.to) throw new EntryRefused('assessment.period-running', 'the period has not ended');
    const kinds: RowKind[] = ['unit', 'department', 'person'];
    const figures = await this.figuresOf(unit, period);
    const scored = await Promise.all(kinds.map((k) => this.live(unit, period, k, figures)));
    const rows = scored.flatMap((s) =>
      rankRows(s.rows).map((r, order) => {
        const { adjustment: _, ...row } = r;
        return { ...row, order };
      }),
    );
    const scheme = await this.schemes.inForce(period.firstDay);
    const closing = await this.closings.freeze(
      {
        _id: closingId(unit.code, period.key),
        unit: scored[0].unit,
        period: scored[0].period,
        scheme: scored[0].scheme,
        grades: scheme.grades,
        manualItems: scored[0].manualItems,
        rowCounts: {
          unit: scored[0].rows.length,
          department: scored[1].rows.length,
          person: scored[2].rows.length,
        },
        closedBy: by,
        closedAt: now,
        now: scored[0].now,
      },
      rows,
    );
    await this.publishRanking(
      closing,
      rows.filter((r) => r.kind === 'unit' && !r.total),
    );
    return closing;
  }

  /** Each scored unit (the closed unit's children) hears its rank, score and grade. */
  private async publishRanking(c: ClosingDoc, units: Array<Omit<SnapshotRowDoc, '_id' | 'closing'>>) {
    if (!this.d.publish || !this.d.membersOf) return;
    const notices: RankingNotice[] = [];
    for (const r of units) {
      const recipients = await this.d.membersOf(r.key);
      if (!recipients.length) continue;
      notices.push({
        recipients,
        unit: r.key,
        type: 'assessment.ranking-published',
        params: {
          period: c.period.key,
          closedUnit: c.unit.code,
          unit: r.key,
          rank: r.rank,
          rankOf: r.rankOf,
          total: r.score.total,
          grade: r.score.grade,
        },
      });
    }
    await this.d.publish(notices, c.closedAt);
  }

  /**
   * A correction of a closed period's row: filed beside the frozen row (never changing it), with its
   * reason and author; 回避 as for manual entries.
   */
  async adjust(
    assessor: string,
    unit: string,
    period: Period,
    subject: Subject,
    e: { points: number; reason: string },
  ): Promise<AdjustmentDoc> {
    const c = await this.closings.closing(unit, period.key);
    if (!c) throw new EntryRefused('assessment.period-open', 'the period is not closed: use a manual entry');
    const key = subjectKey(subject);
    const row = await this.closings.frozenRow(c, subject.kind, key);
    if (!row) throw new EntryRefused('assessment.unknown-subject', `no row ${key} in the closed period`);
    await this.refuseOwn(assessor, subject);
    return this.closings.addAdjustment({
      closing: c._id,
      kind: subject.kind,
      subject: key,
      points: e.points,
      reason: e.reason,
      by: assessor,
      at: this.d.now(),
    });
  }

  private async refuseOwn(assessor: string, subject: Subject): Promise<void> {
    const user = await this.d.org.user(assessor);
    const own = (user?.roles ?? []).map((r) => r.unit);
    if (subject.kind === 'person') {
      const person = await this.d.org.user(subject.person);
      subject = { ...subject, units: (person?.roles ?? []).map((r) => r.unit) };
    }
    if (mustRecuse(assessor, own, subject))
      throw new EntryRefused(
        'assessment.recusal',
        'an assessor does not score their own unit or person (回避)',
      );
  }

  /**
   * Files an assessor's entry for one item of one row, refusing 回避 (the assessor's own unit, department
   * unit, themselves or a colleague of their unit) and items the scheme in force has no manual input for.
   */
  async addEntry(
    assessor: string,
    period: Period,
    subject: Subject,
    e: { itemId: string; points?: number; count?: number; reason: string },
    /** the unit whose table the entry is made on: refused once that period of it is closed */
    tableUnit?: string,
  ): Promise<EntryDoc> {
    await this.refuseOwn(assessor, subject);
    if (tableUnit && (await this.closings.closing(tableUnit, period.key)))
      throw new EntryRefused('assessment.period-closed', 'the period is closed: file an adjustment');
    const scheme = await this.schemes.inForce(period.firstDay);
    const item = scheme.items.find((i) => i.id === e.itemId);
    const manual = item?.kind === 'manual' || (item?.kind === 'perEvent' && item.figure === undefined);
    if (!item || !manual)
      throw new EntryRefused('assessment.unknown-item', `no manual item ${e.itemId} in the scheme in force`);
    const wants = item.kind === 'manual' ? 'points' : 'count';
    if (typeof e[wants] !== 'number' || (wants === 'count' && !Number.isInteger(e.count)))
      throw new EntryRefused('assessment.wrong-value', `item ${item.id} takes ${wants}`);
    const key = subjectKey(subject);
    return this.entries.add({
      schemeId: scheme.schemeId,
      period: period.key,
      subject: key,
      itemId: item.id,
      [wants]: e[wants],
      reason: e.reason,
      by: assessor,
      at: this.d.now(),
    });
  }
}

/** The row key a subject is filed under: unit code, `${unit}|${role}` or username. */
export function subjectKey(subject: Subject): string {
  return subject.kind === 'unit'
    ? subject.unit
    : subject.kind === 'department'
      ? departmentKey(subject.unit, subject.role)!
      : subject.person;
}
