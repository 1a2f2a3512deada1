// Durable state of one process instance and the effects a transition asks the I/O edge to perform.
// The instance document is the single aggregate written with an optimistic version check;
// tasks, subscriptions, history and escalations collections are projections/appends fed by its outbox.

import type { NotificationMessage } from '../notifications/messages.js';
import type { CalendarKind, SlaSpec } from '../model/types.js';

export type InstanceStatus = 'active' | 'completed' | 'terminated' | 'cancelled';

export interface UnitRef {
  code: string;
  level: string;
  name: string;
}

export interface Token {
  id: string;
  nodeId: string;
  scopeId: string;
  /**
   * ready: about to execute its node — later in the same transition (run to wait), or in an advance job
   * (grid:asyncBefore, a new instance's start); waiting: parked at a wait state; incident: stuck on an error
   */
  status: 'ready' | 'waiting' | 'incident';
  /** flow the token arrived by (joins need it) */
  via?: string;
  /** set on the token that leaves a join, so its advance does not count as a new arrival */
  joined?: boolean;
  /**
   * what a waiting token waits for: task, service, timer, message, signal, event (at an event-based
   * gateway), sub-process, join
   */
  on?: string;
  /** retry after an incident raised while leaving: only take the outgoing flows */
  leaving?: boolean;
  /**
   * automatic steps (events, gateways, activations) its lineage took since a token last rested at a wait
   * state; past the loop budget the token is parked as an incident instead of spinning through a cycle
   */
  hops?: number;
  /** a multi-instance body (waits on 'multi-instance' while its instances run) */
  body?: MultiInstanceBody;
  /** waiting at a call activity (on: 'call'): the id of the case it called (elements/call-activity.ts) */
  child?: string;
  since: number;
  /** the external task the token waits on (a service task with grid:type="external") */
  external?: string;
}

export interface Scope {
  id: string;
  /** 'process' for the root scope, else the sub-process node id */
  nodeId: string;
  parent?: string;
  /** token parked at the sub-process activity in the parent scope (a multi-instance instance: the body) */
  tokenId?: string;
  /**
   * a multi-instance instance (engine/runtime/multi-instance.ts): its loopCounter (1-based); nodeId is the
   * activity and tokenId the body token
   */
  loop?: number;
  /** local variables: an instance's element variable, loopCounter and whatever the instance set */
  variables?: Record<string, unknown>;
}

/** The counters of a multi-instance body (nrOfInstances, nrOfCompletedInstances, nrOfActiveInstances). */
export interface MultiInstanceBody {
  total: number;
  completed: number;
  active: number;
  /** instances started so far (the next loopCounter - 1) */
  started: number;
  /** sequential over a collection: the items as evaluated when the body started */
  items?: unknown[];
  /** grid:outputCollection: each instance's output by loopCounter - 1 (null until it completes) */
  outputs?: unknown[];
}

export type SlaState = 'ontime' | 'warned' | 'overdue' | 'escalated' | 'supervised';

export interface Escalation {
  fromLevel: string;
  toLevel: string;
  fromUnit: string;
  toUnit: string;
  dueAt: number;
  firedAt: number;
  latenessMs: number;
  supervised?: boolean;
}

export interface TaskState {
  id: string;
  nodeId: string;
  tokenId: string;
  name?: string;
  status: 'open' | 'completed' | 'cancelled';
  level?: string;
  /** unit code the task currently belongs to (moves up on escalation) */
  unit: string;
  /** that unit and its ancestors, for subtree queries */
  unitPath: string[];
  candidateRoles: string[];
  assignee?: string;
  /** set while delegated: the assignee to return to */
  owner?: string;
  formKey?: string;
  createdAt: number;
  /** current SLA window */
  sla?: SlaSpec;
  slaStartedAt?: number;
  dueAt?: number;
  warnDueAt?: number;
  slaState: SlaState;
  /** index into the ladder already climbed (0 = not escalated) */
  ladderStep: number;
  /** 挂起: a personal marker of the holder (stops no clock) */
  paused?: { since: number; reason?: string; by?: string };
  /** earlier pauses, [from, to) — handling time leaves them out */
  pauses?: Array<{ from: number; to: number }>;
  /** the warning (催办) of the current SLA window has fired (reset by every new window) */
  warned?: boolean;
  /** next reminder of the 挂牌督办 / overdue reminder cycle (kept across a 挂账, shifted at its review) */
  cycleDueAt?: number;
  /** previous assignees keep read access after escalation */
  watchers: string[];
  escalations: Escalation[];
  /** set when a completion was accepted and its job is on the way */
  completing?: { by: string; at: number; data: Record<string, unknown> };
  completedAt?: number;
  completedBy?: string;
  data?: Record<string, unknown>;
  /** epoch increments whenever SLA timers are re-planned; stale timer jobs compare it */
  slaEpoch: number;
  /**
   * the due date the assessment (按期结案率) reads: set with every SLA window and moved only by an approved
   * extension (延期) or a 挂账 — never by the self-service pause (挂起), a marker that moves nothing
   */
  assessDueAt?: number;
  /** start of the 退单 window: creation, or the last re-dispatch (engine/runtime/task-return.ts) */
  dispatchedAt?: number;
  /** set while a returned task (退单) waits at its dispatcher for re-dispatch */
  returned?: { unit: string; roles: string[]; reason: string; by: string; at: number };
  /** a request (延期申请 / 挂账申请) waiting for a supervisor's decision */
  request?: TaskRequest;
  /** the kind of `request`, top-level so the pending-request list reads an index */
  requestKind?: TaskRequest['kind'];
  /** decided requests, for idempotent replays of a decision (newest last) */
  decided?: Array<{ id: string; kind: TaskRequest['kind']; approved: boolean; by: string; at: number }>;
  /** approved extensions: due date moved from → to */
  extensions?: Array<{ id: string; from: number; to: number; at: number; by: string }>;
  /** set while the case is parked (挂账): its review date */
  parked?: { since: number; reviewAt: number };
}

export interface TaskRequest {
  id: string;
  kind: 'extension' | 'backlog';
  by: string;
  at: number;
  reason: string;
  /** extension: the requested due date */
  dueAt?: number;
  /** backlog: when the case comes back to its holder */
  reviewAt?: number;
}

/** One 退单: which unit (and roles) returned which task, when, why. */
export interface ReturnRecord {
  taskId: string;
  unit: string;
  roles: string[];
  by: string;
  at: number;
  reason: string;
}

export type TimerPurpose =
  'sla-warn' | 'sla-breach' | 'supervision-cycle' | 'boundary' | 'catch' | 'backlog-review';

export interface TimerState {
  id: string;
  purpose: TimerPurpose;
  nodeId: string;
  tokenId?: string;
  taskId?: string;
  dueAt: number;
  calendar?: CalendarKind;
  /** timer cycle: remaining repetitions (-1 = unbounded) and interval */
  cycle?: { remaining: number; every: string };
  epoch?: number;
}

export interface Subscription {
  id: string;
  name: string;
  /** a message subscription's key; a signal subscription has none (signals are broadcast, not correlated) */
  correlationKey?: string;
  nodeId: string;
  tokenId: string;
  /** a signal subscription (engine/runtime/signals.ts): found by name within a unit subtree */
  signal?: true;
}

/** A signal thrown by a case or by an admin: reaches the signal subscriptions of cases under `unit`. */
export interface SignalThrow {
  /** deterministic per throw (a replayed throw is the same signal): one delivery per signal and case */
  id: string;
  name: string;
  /** the root of the unit subtree the signal reaches */
  unit: string;
  variables: Record<string, unknown>;
}

export interface Incident {
  id: string;
  tokenId: string;
  nodeId: string;
  message: string;
  /** the stable code of the failure where it has one (feel.budget, loop.budget, call.depth, multi-instance.too-many …) */
  code?: string;
  /**
   * execute: the node's behaviour failed; leave: choosing the outgoing flow failed; job: a step job (task
   * completion, message, timer) kept failing after all its retries — retrying runs that job again
   */
  phase: 'execute' | 'leave' | 'job';
  job?: { name: JobName; data: Record<string, unknown> };
  at: number;
  status: 'open' | 'resolved';
}

/** The link of a called case to the case and call activity that started it. */
export interface ParentLink {
  instanceId: string;
  /** the token waiting at the call activity */
  tokenId: string;
  nodeId: string;
  definitionKey: string;
  caseNo?: string;
  /**
   * error codes an error boundary of the call activity (or of a sub-process around it) catches, '*' for a
   * catch-all: a BPMN error of the child that nothing in the child catches ends the child and is thrown at
   * the call activity when listed here (else it stays an incident in the child, as every uncaught error)
   */
  catches?: string[];
}

/** A case a call activity of this case started (newest last). */
export interface CalledCase {
  id: string;
  tokenId: string;
  nodeId: string;
  /** the called process key (the version is the child's own definitionVersion) */
  key: string;
  at: number;
  /** set when the child ended and the parent took notice */
  ended?: { status: InstanceStatus; at: number; error?: string };
}

export interface InstanceState {
  _id: string;
  version: number;
  definitionKey: string;
  definitionVersion: number;
  businessKey?: string;
  /** human case number (engine/cases/case-number.ts); absent on cases opened before numbers existed */
  caseNo?: string;
  /** one-line title of the report (engine/cases/case-title.ts) */
  title?: string;
  gridUnit: string;
  /** grid unit and its ancestors, innermost first */
  unitChain: UnitRef[];
  unitPath: string[];
  status: InstanceStatus;
  variables: Record<string, unknown>;
  tokens: Record<string, Token>;
  scopes: Record<string, Scope>;
  tasks: Record<string, TaskState>;
  timers: Record<string, TimerState>;
  subscriptions: Record<string, Subscription>;
  /** join bookkeeping: `${scopeId}/${gatewayId}` → flow id → token ids arrived by it */
  joins: Record<string, Record<string, string[]>>;
  incidents: Record<string, Incident>;
  /** 挂牌督办 */
  supervised: boolean;
  /** the case's 退单 so far (a unit returning the same case twice needs a supervisor) */
  returns?: ReturnRecord[];
  /** set while the case is parked (挂账): why, until when, who asked and who approved */
  backlog?: {
    reason: string;
    reviewAt: number;
    since: number;
    by: string;
    approvedBy: string;
    timerId: string;
  };
  /** set while the case is listed (挂牌) by a supervisor's hand: who, when, why */
  listing?: { by: string; at: number; reason: string };
  seq: number;
  startedAt: number;
  startedBy: string;
  endedAt?: number;
  /** who sees the case through its tasks (engine/cases/access-keys.ts), derived on every write */
  accessKeys?: string[];
  /** case-list fields derived on every write (engine/cases/case-index.ts) */
  dueAt?: number;
  breachAt?: number;
  escalated?: boolean;
  openLevels?: string[];
  incident?: boolean;
  searchTerms?: string[];
  /**
   * when the history cleanup removes the case: endedAt + the definition's history time to live (indexed;
   * absent while active and for cases kept forever) — engine/retention
   */
  removalAt?: number;
  /** set on a case a call activity started: its parent case (elements/call-activity.ts) */
  parent?: ParentLink;
  /** how many call activities above this case (0 or absent: a case started directly) */
  callDepth?: number;
  /** set on a called case ended by a BPMN error its parent catches (status 'terminated') */
  endError?: { code: string; message?: string };
  /** cases this case's call activities started */
  children?: CalledCase[];
  /** effects persisted with the state; executed after the write, replayed by the sweeper */
  outbox: Effect[];
  /** ms timestamp of the oldest unexecuted outbox entry (indexed for the sweeper) */
  outboxAt?: number;
  updatedAt: number;
}

export interface HistoryRecord {
  _id: string;
  instanceId: string;
  at: number;
  /** order within a millisecond (engine/queue/history.ts); absent on records written outside a step */
  seq?: number;
  actor: string;
  action: string;
  elementId?: string;
  from?: string;
  to?: string;
  details?: Record<string, unknown>;
}

export type JobName =
  | 'advance'
  | 'complete'
  | 'timer'
  | 'message'
  | 'service'
  | 'signal'
  // an external worker's report (engine/queue/external-tasks.ts)
  | 'external'
  // call activities (elements/call-activity.ts): start the called case, hand its end to the parent, and
  // cancel it with its parent — each keyed by the child's id, so a redelivery changes nothing
  | 'call'
  | 'called'
  | 'cancel-called';

/** An external task the outbox creates for a token (engine/queue/external-tasks.ts keeps its lock). */
export interface ExternalTaskSpec {
  id: string;
  tokenId: string;
  nodeId: string;
  topic: string;
  /** the variables a worker gets (none: all the case's) */
  variables?: string[];
  retries: number;
  createdAt: number;
}

/** What an external worker reported, applied to the case by an 'external' step job. */
export type ExternalOutcome =
  | { kind: 'complete'; variables: Record<string, unknown> }
  | { kind: 'bpmn-error'; code: string; message?: string; variables: Record<string, unknown> }
  | { kind: 'failure'; message: string };

export interface StepJob {
  name: JobName;
  jobId: string;
  data: Record<string, unknown> & { instanceId: string };
  delayUntil?: number;
}

export interface NotificationIntent {
  kind:
    'task-created' | 'warning' | 'escalated' | 'supervised' | 'supervision-reminder' | 'reassigned' | 'info';
  /** recipients by role at a unit, and/or explicit users */
  unit?: string;
  roles?: string[];
  users?: string[];
  taskId?: string;
  /** Chinese sentence for channels and old clients; `message` is what the UI renders */
  title: string;
  body?: string;
  /** the type and params of the notification (engine/notifications/messages.ts) */
  message?: NotificationMessage;
  /** batching key: intents with the same key for the same recipient become one notification */
  batchKey?: string;
}

/** `id` is stamped when the effect is persisted (`${version}.${index}`), for idempotent appends. */
export type Effect = EffectBody & { id?: string };

export type EffectBody =
  | { type: 'job'; job: StepJob }
  | { type: 'timer'; timer: TimerState }
  | { type: 'cancelTimer'; timerId: string }
  | { type: 'history'; record: Omit<HistoryRecord, '_id' | 'instanceId'> }
  | { type: 'task'; taskId: string }
  | { type: 'subscribe'; subscription: Subscription }
  | { type: 'unsubscribe'; subscriptionId: string }
  | { type: 'escalation'; taskId: string; escalation: Escalation }
  | { type: 'notify'; intent: NotificationIntent }
  | { type: 'incident'; incident: Incident }
  | { type: 'signal'; signal: SignalThrow }
  | { type: 'externalTask'; task: ExternalTaskSpec }
  | { type: 'cancelExternalTask'; externalTaskId: string };
