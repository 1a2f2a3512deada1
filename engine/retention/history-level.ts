// History levels (as Camunda's history levels, chosen per process definition with grid:historyLevel): how
// much of what happens to a case is kept in its `history` records. A level only decides which records are
// written; it never changes a record, the case's state, its tasks or its live events.
//
//   activity  what happened to which element: the case started and ended, elements entered and left, joins,
//             sub-processes, timers, messages, service calls, incidents, and the task lifecycle (created,
//             completed, cancelled — each record names its actor, as every record does).
//   audit     activity + who did what besides that lifecycle: claims, releases, delegations, reassignments
//             and take-overs, pauses and resumes; SLA warnings, overdue marks, escalations up the ladder,
//             挂牌督办 (listing, delisting, reminders) and supervision orders (issued, replied, overdue).
//   full      audit + the data: every change of the case variables with its previous values — the form
//             data a completion submitted (the `variables-updated` records). The default.
//
// An action this table does not know is kept at `audit` and above: a new kind of record is never lost at
// the default level, and is only dropped at the leanest one.

export const HISTORY_LEVELS = ['activity', 'audit', 'full'] as const;
export type HistoryLevel = (typeof HISTORY_LEVELS)[number];
export const DEFAULT_HISTORY_LEVEL: HistoryLevel = 'full';

const RANK: Record<HistoryLevel, number> = { activity: 0, audit: 1, full: 2 };

/** Records of the lifecycle of the case, its elements and its tasks: kept at every level. */
const ACTIVITY_ACTIONS = new Set([
  'instance-started',
  'instance-completed',
  'instance-cancelled',
  'enter',
  'leave',
  'end',
  'join-arrive',
  'join-fired',
  'subprocess-completed',
  'timer-fired',
  'message-received',
  'message-sent',
  'service-completed',
  'escalation-thrown',
  'escalation-caught',
  'error-thrown',
  'error-caught',
  'signal-thrown',
  'signal-received',
  'event-subprocess-triggered',
  'incident',
  'incident-resolved',
  'task-created',
  'task-completed',
  'task-cancelled',
  // call activities (engine/elements/call-activity.ts): a case called, its end taken in
  'call',
  'called-ended',
]);

/** Records of the data of the case: kept only at `full`. */
const FULL_ACTIONS = new Set(['variables-updated']);

/** The lowest level at which a record of `action` is written. */
export function levelOfAction(action: string): HistoryLevel {
  if (ACTIVITY_ACTIONS.has(action)) return 'activity';
  if (FULL_ACTIONS.has(action)) return 'full';
  return 'audit';
}

/** Whether a definition at `level` keeps a record of `action`. */
export function keepsHistory(level: HistoryLevel | undefined, action: string): boolean {
  return RANK[levelOfAction(action)] <= RANK[level ?? DEFAULT_HISTORY_LEVEL];
}

/** The records a definition at `level` keeps, in their order (the write-time filter). */
export function filterHistory<T extends { action: string }>(
  level: HistoryLevel | undefined,
  records: T[],
): T[] {
  if ((level ?? DEFAULT_HISTORY_LEVEL) === 'full') return records;
  return records.filter((r) => keepsHistory(level, r.action));
}

export function isHistoryLevel(v: unknown): v is HistoryLevel {
  return typeof v === 'string' && (HISTORY_LEVELS as readonly string[]).includes(v);
}
