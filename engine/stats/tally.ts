// Fact documents and the sums kept per rollup bucket (engine/stats/rollup.ts). A fact is one thing that
// became final — a case received, a case closed, a task completed, an escalation fired, a rework taken —
// with its figures already computed by engine/sla/assessment.ts; a Tally is what a set of facts adds up to.
// Everything in a Tally is a plain sum (or a list of rework repeats, see below), so the tally of a unit over
// many days is the sum of its day buckets and a parent's is the sum of its children's.

export type FactKind =
  'received' | 'closed' | 'task' | 'escalation' | 'rework' | 'return' | 'extension' | 'backlog' | 'citizen';

/**
 * The citizen loop (engine/intake/replies.ts, visits.ts): a reply falling due (the case closing), sent
 * (反馈), a 回访 answered 满意 / 基本满意 / 不满意, a case reopened after one
 */
export type CitizenOutcome = 'due' | 'sent' | 'satisfied' | 'basic' | 'dissatisfied' | 'reopened';
export const CITIZEN_OUTCOMES: readonly CitizenOutcome[] = [
  'due',
  'sent',
  'satisfied',
  'basic',
  'dissatisfied',
  'reopened',
];

export interface FactDoc {
  _id: string;
  kind: FactKind;
  /** the case's grid unit (the unit whose bucket the fact lands in) */
  unit: string;
  /** that unit and its ancestors, innermost first (edge-day queries: facts of a subtree) */
  unitPath: string[];
  /** business day (YYYY-MM-DD in the business time zone) of `at` */
  day: string;
  /** process definition key */
  key: string;
  /** the bucket it lands in, `${unit}|${day}|${key}` (one exact, indexed lookup per recompute) */
  bucket: string;
  /** when it happened: started, ended, completed, fired, sent back */
  at: number;
  instanceId: string;
  /** closed: completed | terminated | cancelled */
  status?: string;
  onTime?: boolean;
  hasSla?: boolean;
  /** working ms without paused time / time on hold */
  ms?: number;
  /** the same on the wall clock (absent on facts recorded before calendar hours were kept) */
  calMs?: number;
  /** closed: the case was ever sent back (返工) */
  reworked?: boolean;
  /** closed: one of its tasks had an approved extension (延期) */
  extended?: boolean;
  /** task: the unit that handled it; return / extension / backlog: the unit whose task it was */
  handler?: string;
  /** task: who completed it; received / closed: who reported the case (absent on facts recorded before) */
  by?: string;
  reporter?: string;
  /** task / return: the department (first candidate role) at `handler` (absent on facts recorded before) */
  role?: string;
  /** escalation: target level, or 'supervised' (assessment.escalationLevel) */
  level?: string;
  /** rework: when the same case was sent back before (absent: never) — `rework` counts cases, not events */
  prevAt?: number;
  /** citizen: what happened */
  outcome?: CitizenOutcome;
}

/** [handling unit, completed, due (completed with an SLA), due on time, working ms] */
export type HandlerRow = [string, number, number, number, number];

/**
 * [department `${unit}|${role}` or person, completed, due, due on time, working ms, calendar ms] — the
 * calendar ms of tasks whose facts carry by/role always exist (both fields came after calendar hours).
 */
export type PartyRow = [string, number, number, number, number, number];

export interface Tally {
  received: number;
  closed: number;
  closedOnTime: number;
  cancelled: number;
  closedDue: number;
  closedDueOnTime: number;
  caseMs: number;
  closedReworked: number;
  taskCompleted: number;
  taskDue: number;
  taskDueOnTime: number;
  taskMs: number;
  /** escalations by level (assessment.escalationLevel) */
  esc: Array<[string, number]>;
  /**
   * wall-clock ms of the closed cases and completed tasks whose facts carry it, and how many those are (older
   * facts have none: calendar means are taken over the facts that have it). Optional: rollups written before.
   */
  caseCalMs?: number;
  caseCalCount?: number;
  taskCalMs?: number;
  taskCalCount?: number;
  /** rework events */
  rework: number;
  /**
   * prevAt of the rework events that repeat an earlier one of the same case: a period counts a case once,
   * so the events whose previous one is inside the period are taken off (see reworkCases)
   */
  reworkRepeats: number[];
  /** completed-task figures by handling unit (byUnit, byLevel) */
  handlers: HandlerRow[];
  /** 退单 by the returning unit (absent in buckets written before they were counted) */
  returnsBy?: Array<[string, number]>;
  /** approved extensions (延期) and 挂账 */
  extensions?: number;
  backlogs?: number;
  /** closed cases with an SLA task and an approved extension (延期率's numerator) */
  closedDueExtended?: number;
  /** completed-task figures by department and by person (absent in buckets written before) */
  depts?: PartyRow[];
  persons?: PartyRow[];
  /** 退单 by department */
  returnsByDept?: Array<[string, number]>;
  /** cases reported, and reported cases closed (not cancelled), by reporter */
  reports?: Array<[string, number]>;
  validReports?: Array<[string, number]>;
  /** the citizen loop by outcome (absent in buckets written before) */
  citizen?: Array<[string, number]>;
}

/** 退单 of a tally (all units). */
export const returnsOf = (t: Tally) => (t.returnsBy ?? []).reduce((n, [, k]) => n + k, 0);

export const emptyTally = (): Tally => ({
  received: 0,
  closed: 0,
  closedOnTime: 0,
  cancelled: 0,
  closedDue: 0,
  closedDueOnTime: 0,
  caseMs: 0,
  closedReworked: 0,
  taskCompleted: 0,
  taskDue: 0,
  taskDueOnTime: 0,
  taskMs: 0,
  caseCalMs: 0,
  caseCalCount: 0,
  taskCalMs: 0,
  taskCalCount: 0,
  esc: [],
  rework: 0,
  reworkRepeats: [],
  handlers: [],
  returnsBy: [],
  extensions: 0,
  backlogs: 0,
  closedDueExtended: 0,
  depts: [],
  persons: [],
  returnsByDept: [],
  reports: [],
  validReports: [],
  citizen: [],
});

function addPairs(into: Array<[string, number]>, from: Array<[string, number]>): void {
  for (const [k, n] of from) {
    const row = into.find((r) => r[0] === k);
    if (row) row[1] += n;
    else into.push([k, n]);
  }
}

function addHandler(into: HandlerRow[], row: HandlerRow): void {
  const have = into.find((r) => r[0] === row[0]);
  if (!have) into.push([...row]);
  else for (let i = 1; i < 5; i++) have[i] = (have[i] as number) + (row[i] as number);
}

function addParty(into: PartyRow[], row: PartyRow): void {
  const have = into.find((r) => r[0] === row[0]);
  if (!have) into.push([...row]);
  else for (let i = 1; i < 6; i++) have[i] = (have[i] as number) + (row[i] as number);
}

/** Adds `b` into `a` (a is changed and returned). */
export function addTally(a: Tally, b: Tally): Tally {
  a.received += b.received;
  a.closed += b.closed;
  a.closedOnTime += b.closedOnTime;
  a.cancelled += b.cancelled;
  a.closedDue += b.closedDue;
  a.closedDueOnTime += b.closedDueOnTime;
  a.caseMs += b.caseMs;
  a.closedReworked += b.closedReworked;
  a.taskCompleted += b.taskCompleted;
  a.taskDue += b.taskDue;
  a.taskDueOnTime += b.taskDueOnTime;
  a.taskMs += b.taskMs;
  a.caseCalMs = (a.caseCalMs ?? 0) + (b.caseCalMs ?? 0);
  a.caseCalCount = (a.caseCalCount ?? 0) + (b.caseCalCount ?? 0);
  a.taskCalMs = (a.taskCalMs ?? 0) + (b.taskCalMs ?? 0);
  a.taskCalCount = (a.taskCalCount ?? 0) + (b.taskCalCount ?? 0);
  addPairs(a.esc, b.esc);
  a.rework += b.rework;
  a.reworkRepeats.push(...b.reworkRepeats);
  for (const h of b.handlers) addHandler(a.handlers, h);
  addPairs((a.returnsBy ??= []), b.returnsBy ?? []);
  a.extensions = (a.extensions ?? 0) + (b.extensions ?? 0);
  a.backlogs = (a.backlogs ?? 0) + (b.backlogs ?? 0);
  a.closedDueExtended = (a.closedDueExtended ?? 0) + (b.closedDueExtended ?? 0);
  for (const r of b.depts ?? []) addParty((a.depts ??= []), r);
  for (const r of b.persons ?? []) addParty((a.persons ??= []), r);
  addPairs((a.returnsByDept ??= []), b.returnsByDept ?? []);
  addPairs((a.reports ??= []), b.reports ?? []);
  addPairs((a.validReports ??= []), b.validReports ?? []);
  addPairs((a.citizen ??= []), b.citizen ?? []);
  return a;
}

/** Adds one fact into `t` (t is changed and returned). */
export function addFact(t: Tally, f: FactDoc): Tally {
  switch (f.kind) {
    case 'received':
      t.received += 1;
      if (f.reporter) addPairs((t.reports ??= []), [[f.reporter, 1]]);
      break;
    case 'closed':
      if (f.status === 'cancelled') {
        t.cancelled += 1;
        break;
      }
      t.closed += 1;
      if (f.onTime) t.closedOnTime += 1;
      if (f.hasSla) {
        t.closedDue += 1;
        if (f.onTime) t.closedDueOnTime += 1;
        if (f.extended) t.closedDueExtended = (t.closedDueExtended ?? 0) + 1;
      }
      t.caseMs += f.ms ?? 0;
      if (f.calMs !== undefined) {
        t.caseCalMs = (t.caseCalMs ?? 0) + f.calMs;
        t.caseCalCount = (t.caseCalCount ?? 0) + 1;
      }
      if (f.reworked) t.closedReworked += 1;
      if (f.reporter) addPairs((t.validReports ??= []), [[f.reporter, 1]]);
      break;
    case 'task': {
      const due = f.hasSla ? 1 : 0;
      const onTime = f.hasSla && f.onTime ? 1 : 0;
      t.taskCompleted += 1;
      t.taskDue += due;
      t.taskDueOnTime += onTime;
      t.taskMs += f.ms ?? 0;
      if (f.calMs !== undefined) {
        t.taskCalMs = (t.taskCalMs ?? 0) + f.calMs;
        t.taskCalCount = (t.taskCalCount ?? 0) + 1;
      }
      addHandler(t.handlers, [f.handler ?? f.unit, 1, due, onTime, f.ms ?? 0]);
      const row = (key: string): PartyRow => [key, 1, due, onTime, f.ms ?? 0, f.calMs ?? 0];
      if (f.role) addParty((t.depts ??= []), row(`${f.handler ?? f.unit}|${f.role}`));
      if (f.by) addParty((t.persons ??= []), row(f.by));
      break;
    }
    case 'escalation':
      addPairs(t.esc, [[f.level ?? 'unknown', 1]]);
      break;
    case 'rework':
      t.rework += 1;
      if (f.prevAt !== undefined) t.reworkRepeats.push(f.prevAt);
      break;
    case 'return':
      addPairs((t.returnsBy ??= []), [[f.handler ?? f.unit, 1]]);
      if (f.role) addPairs((t.returnsByDept ??= []), [[`${f.handler ?? f.unit}|${f.role}`, 1]]);
      break;
    case 'extension':
      t.extensions = (t.extensions ?? 0) + 1;
      break;
    case 'backlog':
      t.backlogs = (t.backlogs ?? 0) + 1;
      break;
    case 'citizen':
      if (f.outcome) addPairs((t.citizen ??= []), [[f.outcome, 1]]);
      break;
  }
  return t;
}

/**
 * Cases sent back in a period starting at `from`, given the tally of its events: an event whose case was
 * already sent back since `from` does not count again.
 */
export const reworkCases = (t: Tally, from: number) =>
  t.rework - t.reworkRepeats.filter((p) => p >= from).length;
