// Assessment figures (考核指标) of a unit subtree over a period, as a pure function of plain facts.
// The API loads the facts (cases, tasks, escalations, rework events) and passes a working-time function;
// nothing here touches the store or the clock.
//
// Rules (all periods are half-open, [from, to)):
//   received         cases started in the period
//   closed           cases completed or terminated in the period; cancelled ones are counted apart
//   closedOnTime     closed cases none of whose tasks breached an SLA (never escalated, every task with a
//                    due date completed by it)
//   due              按期结案率, per case — "cases due to close": cases with at least one SLA task that
//                    were closed in the period, plus open cases with an open task whose SLA (its first due
//                    date) ran out in the period. A task is judged by its ASSESSED due date (assessDueAt),
//                    which only an approved extension (延期) or a 挂账 moves: the self-service pause (挂起)
//                    is a marker that stops nothing, and a paused overdue case counts as due.
//                    Deferred cases are out: a case parked (挂账) right now is neither due nor overdue.
//   dueOnTime        of those, the cases closed with no task breaching its SLA (open ones are never on time)
//   onTimeRate       按期结案率 = dueOnTime / due (null when no case was due)
//   taskDue, taskDueOnTime, taskOnTimeRate
//                    the same per task (task on-time rate): SLA tasks completed in the period plus SLA tasks
//                    still open whose original due date fell in the period and has passed; on time = completed
//                    by its due date without any escalation
//   overdueNow       open tasks that have breached an SLA (past due now, or already escalated), at `now`
//   escalations      fired in the period, by target level; the top of the ladder (挂牌督办) as `supervised`
//   avg*Hours        mean working hours (workday calendar) from creation to completion of the tasks
//                    completed, and from start to end of the cases closed, in the period — paused time left
//                    out (a case counts as paused while all its open tasks are)
//   avg*CalendarHours
//                    the same stretches on the wall clock (nights, weekends and holidays counted): a case
//                    reported and closed on a Saturday has 0 working hours but its real calendar hours
//   rework           cases sent back after a failed verification in the period: a sequence flow marked
//                    grid:rework="true" was taken (返工)
//   reworkRate       返工率: of the cases closed in the period, the share ever sent back (null: none closed)
//   children         the same figures per direct child unit (cases attributed by their grid unit)
//   byUnit, byLevel  task figures by the unit that handled the task (where it was when completed, or is
//                    now when open) and by that unit's level, for the tasks of the subtree's cases
//   returns          退单 in the period (a unit sent a task back to its dispatcher)
//   returnRate       退单率 = returns / (returns + tasks completed in the period): of the tasks the units
//                    disposed of, the share sent back (null: none); also per handling unit (byUnit, byLevel)
//   extensions       extensions (延期) approved in the period
//   extensionRate    延期率: of the cases closed in the period with an SLA task, the share with an approved
//                    extension (null: none closed)
//   backlogs         挂账 approved in the period; backlogNow: cases parked (挂账) at `now` (挂账数) — they are
//                    out of overdueNow and of the due cases while parked
//   citizen loop     of cases from intake (engine/intake/replies.ts, visits.ts):
//   replies          replies sent to reporters in the period (反馈; one per case round, merged reporters'
//                    copies not counted); repliesDue: cases from intake that closed (a reply fell due)
//   replyRate        反馈率 = replies / repliesDue (null: none due)
//   visits           回访 recorded in the period, and of them satisfied (满意), basic (基本满意), dissatisfied
//   satisfactionRate 满意率 = (satisfied + basic) / visits (null: none)
//   reopened         cases reopened after a 不满意 回访 in the period (a new round on the same case number);
//                    each also counts in `rework` (cases sent back), not in reworkRate (a closed round
//                    stays as it closed)
//   series           per calendar day (business time zone) of the period: escalations by level
//
// Departments and persons (考核 per 科室 / 人员; facts recorded before these fields existed lack them and
// count only per unit):
//   byDepartment     a department is a role at a unit (fire, police, planning, 城管 … at a street or
//                    district): the task figures above (completed, due, dueOnTime, onTimeRate, overdueNow,
//                    avgHandlingHours, returns, returnRate) of the tasks handled at `unit` whose first
//                    candidate role is `role`, plus avgCalendarHours; 退单 by the role that returned it
//   byPerson         per user: the tasks that user completed in the period (completed; due = those with an
//                    SLA; dueOnTime; onTimeRate; avg working / calendar hours) — an open task is nobody's
//                    until it is completed, so a person has no open-overdue part — and the cases the user
//                    reported: reports = cases started by the user in the period; validReports = cases
//                    started by the user that closed (completed or terminated, not cancelled: a report
//                    rejected or merged at intake ends cancelled) in the period — 有效信息 per grid worker
//   Case figures (按期结案率, 返工率, 延期率) stay per unit: a case is one unit's, not one department's.
import { DateTime } from 'luxon';
import type { CitizenOutcome } from '../stats/tally.js';

export interface CaseFact {
  id: string;
  gridUnit: string;
  status: 'active' | 'completed' | 'terminated' | 'cancelled';
  startedAt: number;
  endedAt?: number;
  /** who reported (started) the case */
  reporter?: string;
}

export interface Interval {
  from: number;
  to: number;
}

export interface TaskFact {
  id: string;
  instanceId: string;
  gridUnit: string;
  /** the unit handling the task: where it was when completed, or is now (default: the case's grid) */
  unit?: string;
  status: 'open' | 'completed' | 'cancelled';
  createdAt: number;
  completedAt?: number;
  /** current SLA window's due date */
  dueAt?: number;
  /** due date of the first SLA window (before any escalation) */
  firstDueAt?: number;
  escalated: boolean;
  /** past pauses (挂起) */
  pauses?: Interval[];
  /** paused since (still paused, or paused when it was completed) */
  pausedSince?: number;
  /** parked (挂账) now: neither due nor overdue */
  parked?: boolean;
  /** had an approved extension (延期) */
  extended?: boolean;
  /** who completed it */
  by?: string;
  /** its first candidate role (the department at its unit) */
  role?: string;
}

/** A 退单, an approved extension or an approved 挂账, by the unit whose task it was. */
export interface DisciplineFact {
  kind: 'return' | 'extension' | 'backlog';
  gridUnit: string;
  /** the handling unit (the one that returned the task, or held it) */
  unit: string;
  /** the department (role) that returned it, when known */
  role?: string;
  at: number;
}

/** A citizen-loop event of a case from intake: a reply due / sent, a 回访's satisfaction, a reopen. */
export interface CitizenEvent {
  gridUnit: string;
  instanceId: string;
  outcome: CitizenOutcome;
  at: number;
}

export interface EscalationFact {
  gridUnit: string;
  toLevel: string;
  supervised?: boolean;
  firedAt: number;
}

/** A case was sent back after a failed verification (a grid:rework flow was taken). */
export interface ReworkFact {
  instanceId: string;
  gridUnit: string;
  at: number;
}

export interface UnitInfo {
  code: string;
  name: string;
  level: string;
}

export interface AssessmentInput {
  unit: UnitInfo;
  /** direct children with the codes of their subtrees */
  children: Array<UnitInfo & { codes: string[] }>;
  from: number;
  to: number;
  now: number;
  timezone: string;
  cases: CaseFact[];
  tasks: TaskFact[];
  escalations: EscalationFact[];
  /** rework events of the cases (all of them for the closed cases: reworkRate looks back) */
  reworks?: ReworkFact[];
  /** 退单 / 延期 / 挂账 events in the period */
  discipline?: DisciplineFact[];
  citizen?: CitizenEvent[];
  /** names and levels of the handling units (byUnit, byLevel) */
  units?: UnitInfo[];
  /** working milliseconds between two instants (workday calendar) */
  workingMs: (start: number, end: number) => number;
}

/** Per-task figures, for handling units and levels. */
export interface TaskFigures {
  completed: number;
  due: number;
  dueOnTime: number;
  onTimeRate: number | null;
  overdueNow: number;
  avgHandlingHours: number | null;
  returns: number;
  returnRate: number | null;
}

/** Task figures of a department (a role at a unit). */
export interface DepartmentFigures extends TaskFigures {
  unit: string;
  unitName: string;
  level: string;
  role: string;
  avgCalendarHours: number | null;
}

/** Figures of a person: the tasks they completed and the cases they reported. */
export interface PersonFigures {
  person: string;
  completed: number;
  due: number;
  dueOnTime: number;
  onTimeRate: number | null;
  avgHandlingHours: number | null;
  avgCalendarHours: number | null;
  reports: number;
  validReports: number;
}

export interface Figures {
  received: number;
  closed: number;
  closedOnTime: number;
  cancelled: number;
  due: number;
  dueOnTime: number;
  onTimeRate: number | null;
  taskDue: number;
  taskDueOnTime: number;
  taskOnTimeRate: number | null;
  overdueNow: number;
  escalations: { total: number; byLevel: Record<string, number> };
  avgTaskHandlingHours: number | null;
  avgCaseHandlingHours: number | null;
  /** the same on the wall clock (avg*CalendarHours above) */
  avgTaskCalendarHours: number | null;
  avgCaseCalendarHours: number | null;
  rework: number;
  reworkRate: number | null;
  returns: number;
  returnRate: number | null;
  extensions: number;
  extensionRate: number | null;
  backlogs: number;
  backlogNow: number;
  repliesDue: number;
  replies: number;
  replyRate: number | null;
  visits: number;
  satisfied: number;
  basic: number;
  dissatisfied: number;
  satisfactionRate: number | null;
  reopened: number;
}

export type CitizenFigures = Pick<
  Figures,
  | 'repliesDue'
  | 'replies'
  | 'replyRate'
  | 'visits'
  | 'satisfied'
  | 'basic'
  | 'dissatisfied'
  | 'satisfactionRate'
  | 'reopened'
>;

/** 反馈率 and 满意率 from the citizen-loop events of a period counted by outcome. */
export function citizenFigures(n: (o: CitizenOutcome) => number): CitizenFigures {
  const visits = n('satisfied') + n('basic') + n('dissatisfied');
  return {
    repliesDue: n('due'),
    replies: n('sent'),
    replyRate: rate(n('sent'), n('due')),
    visits,
    satisfied: n('satisfied'),
    basic: n('basic'),
    dissatisfied: n('dissatisfied'),
    satisfactionRate: rate(n('satisfied') + n('basic'), visits),
    reopened: n('reopened'),
  };
}

export interface Assessment extends Figures {
  unit: UnitInfo;
  period: { from: number; to: number };
  now: number;
  children: Array<UnitInfo & Figures>;
  byUnit: Array<UnitInfo & TaskFigures>;
  byLevel: Record<string, TaskFigures>;
  byDepartment: DepartmentFigures[];
  byPerson: PersonFigures[];
  series: Array<{ date: string; total: number; byLevel: Record<string, number> }>;
}

type Period = Pick<AssessmentInput, 'from' | 'to' | 'now' | 'workingMs'>;

const HOUR = 3_600_000;
const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;
export const within = (t: number | undefined, from: number, to: number) =>
  t !== undefined && t >= from && t < to;
const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);
/** a share rounded as reported (null when there is nothing to share) */
export const rate = (n: number, of: number) => (of ? round(n / of, 4) : null);
/** a mean of working ms as reported: hours, 2 digits */
export const meanHours = (sumMs: number, count: number) => (count ? round(sumMs / count / HOUR, 2) : null);
const hours = (ms: number | null) => (ms === null ? null : round(ms / HOUR, 2));

export const escalationLevel = (e: Pick<EscalationFact, 'toLevel' | 'supervised'>) =>
  e.supervised ? 'supervised' : e.toLevel;

/** Breached an SLA: escalated, completed after its due date, or open past it. */
export function breached(t: TaskFact, now: number): boolean {
  // a parked (挂账) case is deferred: none of its open tasks is overdue while it is parked
  if (t.status === 'open' && t.parked) return false;
  if (t.escalated) return true;
  if (t.dueAt === undefined) return false;
  if (t.status === 'completed') return t.completedAt !== undefined && t.completedAt > t.dueAt;
  if (t.status === 'open') return t.dueAt < now;
  return false;
}

/**
 * From when an open task counts in the figures "at now" (overdueNow, the open part of due / taskDue,
 * backlogNow): 0 when escalated or parked (挂账: counted in backlogNow, whatever its due date), else its
 * assessed due date; undefined when it never does (not open, or open without an SLA). For every `now` > 0:
 * `countsFrom(t) < now` ⇔ t is open and (breached(t, now) or parked). An open task outside that set adds
 * nothing to any figure of `figures` / `taskFigures`, so the statistics read only these (engine/stats/assess.ts).
 */
export function countsFrom(t: TaskFact): number | undefined {
  if (t.status !== 'open') return undefined;
  if (t.parked || t.escalated) return 0;
  return t.dueAt;
}

/** Wall-clock ms between two instants: the calendar-hours counterpart of a working-time function. */
export const naturalMs = (a: number, b: number) => b - a;

export const hasSla = (t: TaskFact) => (t.firstDueAt ?? t.dueAt) !== undefined;

/** The task's pauses, the one still running (or running at completion) closed at `end`. */
export function pausesOf(t: TaskFact, end: number): Interval[] {
  const out = [...(t.pauses ?? [])];
  if (t.pausedSince !== undefined && t.pausedSince < end) out.push({ from: t.pausedSince, to: end });
  return out;
}

/** Working ms of [from, to) minus the working ms of the parts of `gaps` inside it. */
function workingMsOutside(
  workingMs: Period['workingMs'],
  from: number,
  to: number,
  gaps: Interval[],
): number {
  let ms = workingMs(from, to);
  for (const g of gaps) {
    const a = Math.max(from, g.from);
    const b = Math.min(to, g.to);
    if (b > a) ms -= workingMs(a, b);
  }
  return Math.max(0, ms);
}

/**
 * When a case was on hold: the stretches in which it had open tasks and every one of them was paused. Its
 * tasks' lifetimes and pauses cut [start, end) into pieces; each piece is on hold or not as a whole.
 */
export function caseHolds(tasks: TaskFact[], start: number, end: number): Interval[] {
  const spans = tasks.map((t) => ({
    from: t.createdAt,
    to: t.completedAt ?? end,
    pauses: pausesOf(t, t.completedAt ?? end),
  }));
  const cuts = [
    ...new Set([
      start,
      end,
      ...spans.flatMap((s) => [s.from, s.to, ...s.pauses.flatMap((p) => [p.from, p.to])]),
    ]),
  ]
    .filter((x) => x >= start && x <= end)
    .sort((a, b) => a - b);
  const holds: Interval[] = [];
  for (let i = 1; i < cuts.length; i++) {
    const mid = (cuts[i - 1] + cuts[i]) / 2;
    const open = spans.filter((s) => s.from <= mid && mid < s.to);
    const onHold = open.length > 0 && open.every((s) => s.pauses.some((p) => p.from <= mid && mid < p.to));
    if (!onHold) continue;
    const last = holds[holds.length - 1];
    if (last && last.to === cuts[i - 1]) last.to = cuts[i];
    else holds.push({ from: cuts[i - 1], to: cuts[i] });
  }
  return holds;
}

/**
 * The figures of one completed task that no later event changes (engine/stats keeps them as a fact when the
 * task completes): whether it had an SLA, whether it was on time, its working handling ms without pauses.
 */
export function completedTaskFigures(
  t: TaskFact,
  workingMs: Period['workingMs'],
): { hasSla: boolean; onTime: boolean; ms: number; calMs: number } {
  const end = t.completedAt!;
  return {
    hasSla: hasSla(t),
    // a completed task's breach does not depend on `now`
    onTime: !breached(t, end),
    ms: workingMsOutside(workingMs, t.createdAt, end, pausesOf(t, end)),
    calMs: workingMsOutside(naturalMs, t.createdAt, end, pausesOf(t, end)),
  };
}

/**
 * The figures of one closed case (completed, terminated or cancelled) that no later event changes, from its
 * final tasks (none open): on time (no task breached an SLA), had an SLA task, working ms start → end
 * without the time on hold.
 */
export function closedCaseFigures(
  c: CaseFact,
  tasks: TaskFact[],
  workingMs: Period['workingMs'],
): { onTime: boolean; hasSla: boolean; ms: number; calMs: number; extended: boolean } {
  const end = c.endedAt!;
  const holds = caseHolds(tasks, c.startedAt, end);
  return {
    onTime: !tasks.some((t) => breached(t, end)),
    hasSla: tasks.some(hasSla),
    extended: tasks.some((t) => !!t.extended),
    ms: workingMsOutside(workingMs, c.startedAt, end, holds),
    calMs: workingMsOutside(naturalMs, c.startedAt, end, holds),
  };
}

function groupBy<T>(xs: T[], key: (x: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const x of xs) {
    const k = key(x);
    const list = m.get(k);
    if (list) list.push(x);
    else m.set(k, [x]);
  }
  return m;
}

/** Task on-time and handling figures of a set of tasks (per task, not per case). */
export function taskFigures(input: Period, tasks: TaskFact[], returns = 0): TaskFigures {
  const { from, to, now } = input;
  const completed = tasks.filter((t) => t.status === 'completed' && within(t.completedAt, from, to));
  const dueCompleted = completed.filter(hasSla);
  const dueOpenOverdue = tasks.filter(
    (t) => t.status === 'open' && within(t.firstDueAt ?? t.dueAt, from, to) && breached(t, now),
  );
  const dueOnTime = dueCompleted.filter((t) => !breached(t, now)).length;
  const due = dueCompleted.length + dueOpenOverdue.length;
  const handlingMs = mean(completed.map((t) => completedTaskFigures(t, input.workingMs).ms));
  return {
    completed: completed.length,
    due,
    dueOnTime,
    onTimeRate: rate(dueOnTime, due),
    overdueNow: tasks.filter((t) => t.status === 'open' && breached(t, now)).length,
    avgHandlingHours: hours(handlingMs),
    returns,
    returnRate: rate(returns, returns + completed.length),
  };
}

export function figures(
  input: Period,
  cases: CaseFact[],
  tasks: TaskFact[],
  escalations: EscalationFact[],
  reworks: ReworkFact[] = [],
  discipline: DisciplineFact[] = [],
  citizenEvents: CitizenEvent[] = [],
): Figures {
  const { from, to, now } = input;
  const tasksByCase = groupBy(tasks, (t) => t.instanceId);
  const tasksOf = (id: string) => tasksByCase.get(id) ?? [];

  const received = cases.filter((c) => within(c.startedAt, from, to)).length;
  const closedCases = cases.filter(
    (c) => (c.status === 'completed' || c.status === 'terminated') && within(c.endedAt, from, to),
  );
  const onTime = (id: string) => !tasksOf(id).some((t) => breached(t, now));
  const closedOnTime = closedCases.filter((c) => onTime(c.id)).length;
  const cancelled = cases.filter((c) => c.status === 'cancelled' && within(c.endedAt, from, to)).length;

  // 按期结案率 per case
  const closedDue = closedCases.filter((c) => tasksOf(c.id).some(hasSla));
  const closedIds = new Set(closedCases.map((c) => c.id));
  const openOverdue = new Set(
    tasks
      .filter(
        (t) =>
          t.status === 'open' &&
          !closedIds.has(t.instanceId) &&
          within(t.firstDueAt ?? t.dueAt, from, to) &&
          breached(t, now),
      )
      .map((t) => t.instanceId),
  );
  const dueOnTime = closedDue.filter((c) => onTime(c.id)).length;
  const due = closedDue.length + openOverdue.size;

  const inPeriod = (k: DisciplineFact['kind']) =>
    discipline.filter((d) => d.kind === k && within(d.at, from, to)).length;
  const returns = inPeriod('return');
  const perTask = taskFigures(input, tasks, returns);
  const closedExtended = closedDue.filter(
    (c) => closedCaseFigures(c, tasksOf(c.id), input.workingMs).extended,
  ).length;

  const byLevel: Record<string, number> = {};
  let escTotal = 0;
  for (const e of escalations) {
    if (!within(e.firedAt, from, to)) continue;
    const k = escalationLevel(e);
    byLevel[k] = (byLevel[k] ?? 0) + 1;
    escTotal += 1;
  }

  const caseFigures = closedCases.map((c) => closedCaseFigures(c, tasksOf(c.id), input.workingMs));
  const caseMs = mean(caseFigures.map((f) => f.ms));
  const taskCalMs = mean(
    tasks
      .filter((t) => t.status === 'completed' && within(t.completedAt, from, to))
      .map((t) => completedTaskFigures(t, input.workingMs).calMs),
  );

  const citizen = citizenEvents.filter((d) => within(d.at, from, to));
  const reworked = new Set([
    ...reworks.filter((r) => within(r.at, from, to)).map((r) => r.instanceId),
    ...citizen.flatMap((d) => (d.outcome === 'reopened' ? [d.instanceId] : [])),
  ]);
  const everReworked = new Set(reworks.map((r) => r.instanceId));

  return {
    received,
    closed: closedCases.length,
    closedOnTime,
    cancelled,
    due,
    dueOnTime,
    onTimeRate: rate(dueOnTime, due),
    taskDue: perTask.due,
    taskDueOnTime: perTask.dueOnTime,
    taskOnTimeRate: perTask.onTimeRate,
    overdueNow: perTask.overdueNow,
    escalations: { total: escTotal, byLevel },
    avgTaskHandlingHours: perTask.avgHandlingHours,
    avgCaseHandlingHours: hours(caseMs),
    avgTaskCalendarHours: hours(taskCalMs),
    avgCaseCalendarHours: hours(mean(caseFigures.map((f) => f.calMs))),
    rework: reworked.size,
    reworkRate: rate(closedCases.filter((c) => everReworked.has(c.id)).length, closedCases.length),
    returns,
    returnRate: perTask.returnRate,
    extensions: inPeriod('extension'),
    extensionRate: rate(closedExtended, closedDue.length),
    backlogs: inPeriod('backlog'),
    backlogNow: new Set(tasks.filter((t) => t.status === 'open' && t.parked).map((t) => t.instanceId)).size,
    ...citizenFigures((o) => citizen.filter((d) => d.outcome === o).length),
  };
}

/** Calendar days of [from, to) in the zone, as YYYY-MM-DD (at most `maxDays`). */
export function daysOf(from: number, to: number, zone: string, maxDays = 400): string[] {
  const out: string[] = [];
  let d = DateTime.fromMillis(from, { zone }).startOf('day');
  while (d.toMillis() < to && out.length < maxDays) {
    out.push(d.toISODate()!);
    d = d.plus({ days: 1 });
  }
  return out;
}

const UNKNOWN_LEVEL = 'unknown';

/** Task figures by handling unit and by its level; units with nothing to show in the period are left out. */
function byHandling(input: AssessmentInput): Pick<Assessment, 'byUnit' | 'byLevel'> {
  const info = new Map((input.units ?? []).map((u) => [u.code, u]));
  const unitOf = (t: TaskFact) => t.unit ?? t.gridUnit;
  const levelOf = (code: string) => info.get(code)?.level ?? UNKNOWN_LEVEL;
  const shown = (f: TaskFigures) => f.completed > 0 || f.due > 0 || f.overdueNow > 0 || f.returns > 0;
  const returns = (input.discipline ?? []).filter(
    (d) => d.kind === 'return' && within(d.at, input.from, input.to),
  );
  const returnsOf = (pred: (unit: string) => boolean) => returns.filter((d) => pred(d.unit)).length;
  const units = new Set([...input.tasks.map(unitOf), ...returns.map((d) => d.unit)]);
  const byUnit = [...units]
    .map((code) => ({
      code,
      name: info.get(code)?.name ?? code,
      level: levelOf(code),
      ...taskFigures(
        input,
        input.tasks.filter((t) => unitOf(t) === code),
        returnsOf((u) => u === code),
      ),
    }))
    .filter(shown)
    .sort((a, b) => a.code.localeCompare(b.code));
  const byLevel: Record<string, TaskFigures> = {};
  for (const level of new Set([...units].map(levelOf))) {
    const f = taskFigures(
      input,
      input.tasks.filter((t) => levelOf(unitOf(t)) === level),
      returnsOf((u) => levelOf(u) === level),
    );
    if (shown(f)) byLevel[level] = f;
  }
  return { byUnit, byLevel };
}

/** The department key of a task or 退单: `${unit}|${role}` (none without a role). */
export const departmentKey = (unit: string, role: string | undefined) =>
  role ? `${unit}|${role}` : undefined;

/** Task figures by department (unit × role) and by person, cases reported by person. */
function byParty(input: AssessmentInput): Pick<Assessment, 'byDepartment' | 'byPerson'> {
  const { from, to } = input;
  const info = new Map((input.units ?? []).map((u) => [u.code, u]));
  const unitOf = (t: TaskFact) => t.unit ?? t.gridUnit;
  const done = (t: TaskFact) => t.status === 'completed' && within(t.completedAt, from, to);
  const calHours = (ts: TaskFact[]) =>
    hours(mean(ts.filter(done).map((t) => completedTaskFigures(t, input.workingMs).calMs)));
  const returns = (input.discipline ?? []).filter((d) => d.kind === 'return' && within(d.at, from, to));
  const deptTasks = groupBy(
    input.tasks.filter((t) => departmentKey(unitOf(t), t.role)),
    (t) => departmentKey(unitOf(t), t.role)!,
  );
  const deptReturns = groupBy(
    returns.filter((d) => departmentKey(d.unit, d.role)),
    (d) => departmentKey(d.unit, d.role)!,
  );
  const byDepartment = [...new Set([...deptTasks.keys(), ...deptReturns.keys()])]
    .sort()
    .map((key) => {
      const [unit, role] = splitDepartment(key);
      const ts = deptTasks.get(key) ?? [];
      return {
        unit,
        unitName: info.get(unit)?.name ?? unit,
        level: info.get(unit)?.level ?? UNKNOWN_LEVEL,
        role,
        ...taskFigures(input, ts, deptReturns.get(key)?.length ?? 0),
        avgCalendarHours: calHours(ts),
      };
    })
    .filter((f) => f.completed > 0 || f.due > 0 || f.overdueNow > 0 || f.returns > 0);
  const personTasks = groupBy(
    input.tasks.filter((t) => done(t) && t.by),
    (t) => t.by!,
  );
  const reported = input.cases.filter((c) => c.reporter);
  const reports = groupBy(
    reported.filter((c) => within(c.startedAt, from, to)),
    (c) => c.reporter!,
  );
  const valid = groupBy(
    reported.filter(
      (c) => (c.status === 'completed' || c.status === 'terminated') && within(c.endedAt, from, to),
    ),
    (c) => c.reporter!,
  );
  const byPerson = [...new Set([...personTasks.keys(), ...reports.keys(), ...valid.keys()])]
    .sort()
    .map((person) => {
      const ts = personTasks.get(person) ?? [];
      const f = ts.map((t) => completedTaskFigures(t, input.workingMs));
      const due = f.filter((x) => x.hasSla);
      const dueOnTime = due.filter((x) => x.onTime).length;
      return {
        person,
        completed: ts.length,
        due: due.length,
        dueOnTime,
        onTimeRate: rate(dueOnTime, due.length),
        avgHandlingHours: hours(mean(f.map((x) => x.ms))),
        avgCalendarHours: hours(mean(f.map((x) => x.calMs))),
        reports: reports.get(person)?.length ?? 0,
        validReports: valid.get(person)?.length ?? 0,
      };
    });
  return { byDepartment, byPerson };
}

/** [unit, role] of a department key (roles never hold '|'; unit codes might). */
export const splitDepartment = (key: string): [string, string] => {
  const i = key.lastIndexOf('|');
  return [key.slice(0, i), key.slice(i + 1)];
};

export function assess(input: AssessmentInput): Assessment {
  const { from, to, timezone } = input;
  const reworks = input.reworks ?? [];
  const discipline = input.discipline ?? [];
  const citizen = input.citizen ?? [];
  const series = new Map(
    daysOf(from, to, timezone).map((d) => [d, { date: d, total: 0, byLevel: {} as Record<string, number> }]),
  );
  for (const e of input.escalations) {
    if (!within(e.firedAt, from, to)) continue;
    const day = series.get(DateTime.fromMillis(e.firedAt, { zone: timezone }).toISODate()!);
    if (!day) continue;
    const k = escalationLevel(e);
    day.byLevel[k] = (day.byLevel[k] ?? 0) + 1;
    day.total += 1;
  }
  const children = input.children.map((c) => {
    const codes = new Set(c.codes);
    return {
      code: c.code,
      name: c.name,
      level: c.level,
      ...figures(
        input,
        input.cases.filter((x) => codes.has(x.gridUnit)),
        input.tasks.filter((x) => codes.has(x.gridUnit)),
        input.escalations.filter((x) => codes.has(x.gridUnit)),
        reworks.filter((x) => codes.has(x.gridUnit)),
        discipline.filter((x) => codes.has(x.gridUnit)),
        citizen.filter((x) => codes.has(x.gridUnit)),
      ),
    };
  });
  return {
    unit: input.unit,
    period: { from, to },
    now: input.now,
    ...figures(input, input.cases, input.tasks, input.escalations, reworks, discipline, citizen),
    children,
    ...byHandling(input),
    ...byParty(input),
    series: [...series.values()],
  };
}
