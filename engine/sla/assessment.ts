// Assessment figures (考核指标) of a unit subtree over a period, as a pure function of plain facts.
// The API loads the facts (cases, tasks, escalations) and passes a working-time function; nothing here
// touches the store or the clock.
//
// Rules (all periods are half-open, [from, to)):
//   received         cases started in the period
//   closed           cases completed or terminated in the period; cancelled ones are counted apart
//   closedOnTime     closed cases none of whose tasks breached an SLA (never escalated, every task with a
//                    due date completed by it)
//   due              "closures due": SLA tasks completed in the period, plus SLA tasks still open whose
//                    original due date fell in the period and has passed (overdue, possibly escalated)
//   dueOnTime        of those, the ones completed by their due date without any escalation
//   onTimeRate       按期结案率 = dueOnTime / due (null when nothing was due)
//   overdueNow       open tasks that have breached an SLA (past due now, or already escalated), at `now`
//   escalations      fired in the period, by target level; the top of the ladder (挂牌督办) as `supervised`
//   avg*Hours        mean working hours (workday calendar) from creation to completion of the tasks
//                    completed, and from start to end of the cases closed, in the period
//   rework           tasks completed in the period whose form data says a verification failed:
//                    `passed === false` or `recheckPassed === false` (核查/复查不通过 sends the case back)
//   children         the same figures per direct child unit (cases attributed by their grid unit)
//   series           per calendar day (business time zone) of the period: escalations by level
import { DateTime } from 'luxon';

export interface CaseFact {
  id: string;
  gridUnit: string;
  status: 'active' | 'completed' | 'terminated' | 'cancelled';
  startedAt: number;
  endedAt?: number;
}

export interface TaskFact {
  id: string;
  instanceId: string;
  gridUnit: string;
  status: 'open' | 'completed' | 'cancelled';
  createdAt: number;
  completedAt?: number;
  /** current SLA window's due date */
  dueAt?: number;
  /** due date of the first SLA window (before any escalation) */
  firstDueAt?: number;
  escalated: boolean;
  data?: Record<string, unknown>;
}

export interface EscalationFact {
  gridUnit: string;
  toLevel: string;
  supervised?: boolean;
  firedAt: number;
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
  /** working milliseconds between two instants (workday calendar) */
  workingMs: (start: number, end: number) => number;
}

export interface Figures {
  received: number;
  closed: number;
  closedOnTime: number;
  cancelled: number;
  due: number;
  dueOnTime: number;
  onTimeRate: number | null;
  overdueNow: number;
  escalations: { total: number; byLevel: Record<string, number> };
  avgTaskHandlingHours: number | null;
  avgCaseHandlingHours: number | null;
  rework: number;
}

export interface Assessment extends Figures {
  unit: UnitInfo;
  period: { from: number; to: number };
  now: number;
  children: Array<UnitInfo & Figures>;
  series: Array<{ date: string; total: number; byLevel: Record<string, number> }>;
}

const HOUR = 3_600_000;
const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;
const within = (t: number | undefined, from: number, to: number) => t !== undefined && t >= from && t < to;
const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);

export const escalationLevel = (e: Pick<EscalationFact, 'toLevel' | 'supervised'>) =>
  e.supervised ? 'supervised' : e.toLevel;

export function isRework(t: Pick<TaskFact, 'data'>): boolean {
  return t.data?.passed === false || t.data?.recheckPassed === false;
}

/** Breached an SLA: escalated, completed after its due date, or open past it. */
export function breached(t: TaskFact, now: number): boolean {
  if (t.escalated) return true;
  if (t.dueAt === undefined) return false;
  if (t.status === 'completed') return t.completedAt !== undefined && t.completedAt > t.dueAt;
  if (t.status === 'open') return t.dueAt < now;
  return false;
}

export function figures(
  input: Pick<AssessmentInput, 'from' | 'to' | 'now' | 'workingMs'>,
  cases: CaseFact[],
  tasks: TaskFact[],
  escalations: EscalationFact[],
): Figures {
  const { from, to, now } = input;
  const tasksByCase = new Map<string, TaskFact[]>();
  for (const t of tasks) tasksByCase.set(t.instanceId, [...(tasksByCase.get(t.instanceId) ?? []), t]);

  const received = cases.filter((c) => within(c.startedAt, from, to)).length;
  const closedCases = cases.filter(
    (c) => (c.status === 'completed' || c.status === 'terminated') && within(c.endedAt, from, to),
  );
  const closedOnTime = closedCases.filter(
    (c) => !(tasksByCase.get(c.id) ?? []).some((t) => breached(t, now)),
  ).length;
  const cancelled = cases.filter((c) => c.status === 'cancelled' && within(c.endedAt, from, to)).length;

  const completedInPeriod = tasks.filter((t) => t.status === 'completed' && within(t.completedAt, from, to));
  const dueCompleted = completedInPeriod.filter((t) => (t.firstDueAt ?? t.dueAt) !== undefined);
  const dueOpenOverdue = tasks.filter(
    (t) => t.status === 'open' && within(t.firstDueAt ?? t.dueAt, from, to) && breached(t, now),
  );
  const dueOnTime = dueCompleted.filter((t) => !breached(t, now)).length;
  const due = dueCompleted.length + dueOpenOverdue.length;

  const byLevel: Record<string, number> = {};
  let escTotal = 0;
  for (const e of escalations) {
    if (!within(e.firedAt, from, to)) continue;
    const k = escalationLevel(e);
    byLevel[k] = (byLevel[k] ?? 0) + 1;
    escTotal += 1;
  }

  const taskHours = mean(completedInPeriod.map((t) => input.workingMs(t.createdAt, t.completedAt!) / HOUR));
  const caseHours = mean(closedCases.map((c) => input.workingMs(c.startedAt, c.endedAt!) / HOUR));

  return {
    received,
    closed: closedCases.length,
    closedOnTime,
    cancelled,
    due,
    dueOnTime,
    onTimeRate: due ? round(dueOnTime / due, 4) : null,
    overdueNow: tasks.filter((t) => t.status === 'open' && breached(t, now)).length,
    escalations: { total: escTotal, byLevel },
    avgTaskHandlingHours: taskHours === null ? null : round(taskHours, 2),
    avgCaseHandlingHours: caseHours === null ? null : round(caseHours, 2),
    rework: completedInPeriod.filter(isRework).length,
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

export function assess(input: AssessmentInput): Assessment {
  const { from, to, timezone } = input;
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
      ),
    };
  });
  return {
    unit: input.unit,
    period: { from, to },
    now: input.now,
    ...figures(input, input.cases, input.tasks, input.escalations),
    children,
    series: [...series.values()],
  };
}
