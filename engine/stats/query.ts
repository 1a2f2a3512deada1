// The assessment of a unit subtree over a period from the rollups: the whole business days of the period
// are a sum of day buckets (the unit's own and its direct children's) — whole past months a sum of month
// sums (./months.ts) — the partial days at its edges a sum of the facts recorded in those hours, and what
// depends on "now" (overdue now, open cases and tasks whose SLA ran out in the period) comes from the open
// tasks only. Cost grows with the months of the period, the days of its first and current month and the
// open work, not with the closed history. Same response as engine/sla/assessment.ts `assess`, whose pure
// functions define every figure.
import { DateTime } from 'luxon';
import {
  citizenFigures,
  daysOf,
  departmentKey,
  splitDepartment,
  figures,
  meanHours,
  rate,
  taskFigures,
  type Assessment,
  type Figures,
  type TaskFact,
  type TaskFigures,
  type UnitInfo,
} from '../sla/assessment.js';
import type { Store } from '../store/types.js';
import { dayOf, type WorkingMs } from './facts.js';
import { pacer, type Pacer } from './pace.js';
import { cachedMonths, monthSums, type DayBucketReader } from './months.js';
import { dirtyDays, subtreeFactsBetween, unitRollups, type WallClock } from './rollup.js';
import {
  addFact,
  addTally,
  emptyTally,
  returnsOf,
  reworkCases,
  type FactDoc,
  type HandlerRow,
  type Tally,
} from './tally.js';

export interface RollupQuery {
  unit: UnitInfo;
  /** direct children with the codes of their subtrees */
  children: Array<UnitInfo & { codes: string[] }>;
  /** names and levels of the handling units */
  units: UnitInfo[];
  from: number;
  to: number;
  now: number;
  timezone: string;
  /** open tasks of the subtree's active cases */
  openTasks: TaskFact[];
  workingMs: WorkingMs;
  /** the machine's clock, which decides the months that may be read from sums (./months.ts) */
  wallClock?: WallClock;
}

const UNKNOWN_LEVEL = 'unknown';

/** The whole business days inside [from, to) as [first day start, end of last day), or null. */
export function wholeDays(from: number, to: number, zone: string): { start: number; end: number } | null {
  const startOfFrom = DateTime.fromMillis(from, { zone }).startOf('day');
  const start = startOfFrom.toMillis() === from ? from : startOfFrom.plus({ days: 1 }).toMillis();
  const end = DateTime.fromMillis(to, { zone }).startOf('day').toMillis();
  return start < end ? { start, end } : null;
}

/** Days in a window of the day-bucket reads: a year's buckets of a unit read in one statement (with their
 * per-person and per-role rows) held the event loop for one read and parse of them all. */
const WINDOW_DAYS = 31;

/** The whole days of a period as day-key ranges of at most WINDOW_DAYS, together exactly the period's. */
export function dayWindows(
  whole: { start: number; end: number },
  zone: string,
): Array<{ $gte: string; $lt: string }> {
  const out: Array<{ $gte: string; $lt: string }> = [];
  for (let a = whole.start; a < whole.end;) {
    const b = Math.min(whole.end, DateTime.fromMillis(a, { zone }).plus({ days: WINDOW_DAYS }).toMillis());
    out.push({ $gte: dayOf(a, zone), $lt: dayOf(b, zone) });
    a = b;
  }
  return out;
}

/** dayWindows over the day keys [first, end) (none when empty). */
function dayWindowsOf(first: string, end: string, zone: string): Array<{ $gte: string; $lt: string }> {
  if (first >= end) return [];
  const at = (day: string) => DateTime.fromISO(day, { zone }).toMillis();
  return dayWindows({ start: at(first), end: at(end) }, zone);
}

/** Figures of a tally plus the "now" part computed from open tasks (with assessment.figures). */
function figuresOf(
  t: Tally,
  from: number,
  period: { from: number; to: number; now: number; workingMs: WorkingMs },
  open: TaskFact[],
): Figures {
  const o = figures(period, [], open, [], []);
  const due = t.closedDue + o.due;
  const returns = returnsOf(t);
  const taskDue = t.taskDue + o.taskDue;
  const byLevel: Record<string, number> = {};
  let total = 0;
  for (const [k, n] of t.esc) {
    byLevel[k] = n;
    total += n;
  }
  return {
    received: t.received,
    closed: t.closed,
    closedOnTime: t.closedOnTime,
    cancelled: t.cancelled,
    due,
    dueOnTime: t.closedDueOnTime,
    onTimeRate: rate(t.closedDueOnTime, due),
    taskDue,
    taskDueOnTime: t.taskDueOnTime,
    taskOnTimeRate: rate(t.taskDueOnTime, taskDue),
    overdueNow: o.overdueNow,
    escalations: { total, byLevel },
    avgTaskHandlingHours: meanHours(t.taskMs, t.taskCompleted),
    avgCaseHandlingHours: meanHours(t.caseMs, t.closed),
    avgTaskCalendarHours: meanHours(t.taskCalMs ?? 0, t.taskCalCount ?? 0),
    avgCaseCalendarHours: meanHours(t.caseCalMs ?? 0, t.caseCalCount ?? 0),
    rework: reworkCases(t, from),
    reworkRate: rate(t.closedReworked, t.closed),
    returns,
    returnRate: rate(returns, returns + t.taskCompleted),
    extensions: t.extensions ?? 0,
    extensionRate: rate(t.closedDueExtended ?? 0, t.closedDue),
    backlogs: t.backlogs ?? 0,
    backlogNow: o.backlogNow,
    ...citizenFigures((k) => (t.citizen ?? []).find(([o]) => o === k)?.[1] ?? 0),
  };
}

function taskFiguresOf(h: HandlerRow | undefined, open: TaskFigures, returns: number): TaskFigures {
  const [, completed, due, dueOnTime, ms] = h ?? ['', 0, 0, 0, 0];
  return {
    completed,
    due: due + open.due,
    dueOnTime,
    onTimeRate: rate(dueOnTime, due + open.due),
    overdueNow: open.overdueNow,
    avgHandlingHours: meanHours(ms, completed),
    returns,
    returnRate: rate(returns, returns + completed),
  };
}

/** Figures by department (unit × role) and by person from a tally (see assessment.ts byParty). */
function partiesOf(
  t: Tally,
  period: { from: number; to: number; now: number; workingMs: WorkingMs },
  openTasks: TaskFact[],
  info: Map<string, UnitInfo>,
): Pick<Assessment, 'byDepartment' | 'byPerson'> {
  const deptRows = new Map((t.depts ?? []).map((r) => [r[0], r]));
  const deptReturns = new Map(t.returnsByDept ?? []);
  const openOf = new Map<string, TaskFact[]>();
  for (const x of openTasks) {
    const key = departmentKey(x.unit ?? x.gridUnit, x.role);
    if (key) (openOf.get(key) ?? openOf.set(key, []).get(key)!).push(x);
  }
  const byDepartment = [...new Set([...deptRows.keys(), ...deptReturns.keys(), ...openOf.keys()])]
    .sort()
    .map((key) => {
      const [unit, role] = splitDepartment(key);
      const [, completed, due, dueOnTime, ms, calMs] = deptRows.get(key) ?? [key, 0, 0, 0, 0, 0];
      return {
        unit,
        unitName: info.get(unit)?.name ?? unit,
        level: info.get(unit)?.level ?? 'unknown',
        role,
        ...taskFiguresOf(
          [key, completed, due, dueOnTime, ms],
          taskFigures(period, openOf.get(key) ?? []),
          deptReturns.get(key) ?? 0,
        ),
        avgCalendarHours: meanHours(calMs, completed),
      };
    })
    .filter((f) => f.completed > 0 || f.due > 0 || f.overdueNow > 0 || f.returns > 0);
  const personRows = new Map((t.persons ?? []).map((r) => [r[0], r]));
  const reports = new Map(t.reports ?? []);
  const valid = new Map(t.validReports ?? []);
  const byPerson = [...new Set([...personRows.keys(), ...reports.keys(), ...valid.keys()])]
    .sort()
    .map((person) => {
      const [, completed, due, dueOnTime, ms, calMs] = personRows.get(person) ?? [person, 0, 0, 0, 0, 0];
      return {
        person,
        completed,
        due,
        dueOnTime,
        onTimeRate: rate(dueOnTime, due),
        avgHandlingHours: meanHours(ms, completed),
        avgCalendarHours: meanHours(calMs, completed),
        reports: reports.get(person) ?? 0,
        validReports: valid.get(person) ?? 0,
      };
    });
  return { byDepartment, byPerson };
}

export async function assessFromRollups(
  store: Store,
  q: RollupQuery,
  pace: Pacer = pacer(),
): Promise<Assessment> {
  const { from, to, timezone: tz } = q;
  const code = q.unit.code;
  const period = { from, to, now: q.now, workingMs: q.workingMs };

  const whole = wholeDays(from, to, tz);
  const edges = whole
    ? [
        [from, whole.start],
        [whole.end, to],
      ].filter(([a, b]) => a < b)
    : [[from, to]];
  const firstDay = whole ? dayOf(whole.start, tz) : '';
  const endDay = whole ? dayOf(whole.end, tz) : '';
  // a whole day whose bucket is stale (a recompute lost to contention, left to the sweeper) is read like an
  // edge, from its facts: the answer never lags behind what was recorded (the buckets are a cache of facts)
  const stale = new Set<string>(
    whole ? await pace.slice(() => dirtyDays(store, code, { $gte: firstDay, $lt: endDay })) : [],
  );
  for (const day of stale) {
    const start = DateTime.fromISO(day, { zone: tz }).startOf('day');
    edges.push([start.toMillis(), start.plus({ days: 1 }).toMillis()]);
  }
  // whole past months from their sums (./months.ts), the other whole days from day buckets a month a
  // window: a year is 12 month documents per unit and the days of the current (and first) month. A month
  // holding a stale day is not read from its sum (the sum holds the stale bucket): rare, so then every
  // whole day comes from day buckets
  let cached = whole ? cachedMonths(firstDay, endDay, (q.wallClock ?? Date.now)()) : undefined;
  if (cached && [...stale].some((d) => d >= cached!.$gte && d < cached!.$lt))
    cached = { months: [], $gte: firstDay, $lt: firstDay };
  const windows = whole
    ? [...dayWindowsOf(firstDay, cached!.$gte, tz), ...dayWindowsOf(cached!.$lt, endDay, tz)]
    : [];
  const months = cached?.months ?? [];
  const total = emptyTally();
  const series = new Map(
    daysOf(from, to, tz).map((d) => [d, { date: d, total: 0, byLevel: {} as Record<string, number> }]),
  );
  const addSeries = (day: string, level: string, n: number) => {
    const s = series.get(day);
    if (!s) return;
    s.byLevel[level] = (s.byLevel[level] ?? 0) + n;
    s.total += n;
  };
  const readDays: DayBucketReader = (unit, days, parent) => unitRollups(store, unit, days, parent);
  for (const m of (await monthSums(store, [{ unit: code }], months, readDays, pace)).get(code)!) {
    addTally(total, m.tally);
    for (const [day, level, n] of m.escDays) addSeries(day, level, n);
  }
  // the rest of the unit's own day buckets, a month a slice (./pace.ts), summed as read
  for (const days of windows)
    await pace.slice(async () => {
      for (const r of await unitRollups(store, code, days)) {
        if (stale.has(r.day)) continue;
        addTally(total, r.tally);
        for (const [k, n] of r.tally.esc) addSeries(r.day, k, n);
      }
    });
  // each child's tally over the whole days, summed as read
  const kidTally = new Map(q.children.map((c) => [c.code, emptyTally()]));
  const kidMonths = await monthSums(
    store,
    q.children.map((c) => ({ unit: c.code, parent: code })),
    months,
    readDays,
    pace,
  );
  for (const [c, sums] of kidMonths) for (const m of sums) addTally(kidTally.get(c)!, m.tally);
  for (const c of q.children)
    for (const days of windows)
      await pace.slice(async () => {
        for (const r of await unitRollups(store, c.code, days, code))
          if (!stale.has(r.day)) addTally(kidTally.get(c.code)!, r.tally);
      });
  const edgeFacts: FactDoc[] = [];
  // an edge is part of one business day, or of two when the period holds no whole day: naming them lets the
  // (day, …, at) index find the facts instead of every fact of the subtree ever recorded
  for (const [a, b] of edges) {
    const days = [...new Set([dayOf(a, tz), dayOf(b - 1, tz)])];
    edgeFacts.push(...(await pace.slice(() => subtreeFactsBetween(store, code, days, a, b))));
  }

  for (const f of edgeFacts) addFact(total, f);
  for (const f of edgeFacts) if (f.kind === 'escalation') addSeries(f.day, f.level ?? UNKNOWN_LEVEL, 1);

  const children: Assessment['children'] = [];
  for (const c of q.children)
    // computing is paced like reading: a district's children each sum a year of buckets
    children.push(
      await pace.slice(async () => {
        const codes = new Set(c.codes);
        const t = kidTally.get(c.code)!;
        for (const f of edgeFacts) if (f.unitPath.includes(c.code)) addFact(t, f);
        const open = q.openTasks.filter((x) => codes.has(x.gridUnit));
        return { code: c.code, name: c.name, level: c.level, ...figuresOf(t, from, period, open) };
      }),
    );

  // task figures by handling unit and by its level
  await pace.slice(async () => undefined);
  const info = new Map(q.units.map((u) => [u.code, u]));
  const levelOf = (u: string) => info.get(u)?.level ?? UNKNOWN_LEVEL;
  const unitOf = (t: TaskFact) => t.unit ?? t.gridUnit;
  const shown = (f: TaskFigures) => f.completed > 0 || f.due > 0 || f.overdueNow > 0 || f.returns > 0;
  const handlerRows = new Map(total.handlers.map((h) => [h[0], h]));
  const returnRows = new Map(total.returnsBy ?? []);
  const handlerCodes = new Set([...handlerRows.keys(), ...returnRows.keys(), ...q.openTasks.map(unitOf)]);
  const byUnit = [...handlerCodes]
    .map((u) => ({
      code: u,
      name: info.get(u)?.name ?? u,
      level: levelOf(u),
      ...taskFiguresOf(
        handlerRows.get(u),
        taskFigures(
          period,
          q.openTasks.filter((t) => unitOf(t) === u),
        ),
        returnRows.get(u) ?? 0,
      ),
    }))
    .filter(shown)
    .sort((a, b) => a.code.localeCompare(b.code));
  const levelRows = new Map<string, HandlerRow>();
  for (const h of total.handlers) {
    const l = levelOf(h[0]);
    const row = levelRows.get(l) ?? [l, 0, 0, 0, 0];
    for (let i = 1; i < 5; i++) row[i] = (row[i] as number) + (h[i] as number);
    levelRows.set(l, row);
  }
  const levelReturns = new Map<string, number>();
  for (const [u, n] of returnRows) levelReturns.set(levelOf(u), (levelReturns.get(levelOf(u)) ?? 0) + n);
  const byLevel: Record<string, TaskFigures> = {};
  for (const l of new Set([
    ...levelRows.keys(),
    ...levelReturns.keys(),
    ...q.openTasks.map((t) => levelOf(unitOf(t))),
  ])) {
    const f = taskFiguresOf(
      levelRows.get(l),
      taskFigures(
        period,
        q.openTasks.filter((t) => levelOf(unitOf(t)) === l),
      ),
      levelReturns.get(l) ?? 0,
    );
    if (shown(f)) byLevel[l] = f;
  }

  return {
    unit: q.unit,
    period: { from, to },
    now: q.now,
    ...figuresOf(total, from, period, q.openTasks),
    children,
    byUnit,
    byLevel,
    ...partiesOf(total, period, q.openTasks, info),
    series: [...series.values()],
  };
}
