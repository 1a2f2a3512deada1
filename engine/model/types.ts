// The compiled, executable form of a BPMN process definition.
// Produced by compile.ts from the bpmn-moddle tree; consumed by the pure runtime semantics.

import type { ElementKind } from '../elements/registry.js';
import type { HistoryLevel } from '../retention/history-level.js';
import type { DetailCode } from '../error-codes.js';

/** The kinds of flow nodes: one per module of engine/elements, listed in its registry. */
export type NodeKind = ElementKind;

export type CalendarKind = 'natural' | 'workday';

/** A duration or a FEEL expression (prefixed with '=') that evaluates to one. */
export interface SlaSpec {
  duration: string; // ISO-8601 duration, e.g. P5D / PT24H, or '=expr'
  calendar: CalendarKind;
}

export interface LadderStep {
  level: string; // grid level the task moves to on breach
  sla: SlaSpec; // that level's own SLA
  /** who may act at that level (e.g. a department role that does not exist higher up); default: the task's */
  candidateRoles?: string[];
}

export interface GridTaskConfig {
  level?: string; // grid level the task is bound to (grid, community, street, district, ...)
  candidateRoles: string[]; // roles eligible to claim at that level
  formKey?: string; // JSON Schema id under processes/forms
  sla?: SlaSpec;
  warnAt?: number; // fraction of the SLA at which to warn (催办), e.g. 0.8
  ladder: LadderStep[]; // escalation ladder, first entry = first escalation
  supervisionCycle?: string; // ISO duration: re-notify top supervisors while 挂牌督办
  /**
   * grid:unit: FEEL picking the task's unit at run time — a unit code on the case's chain or a grid level
   * (e.g. `=dept.unit` over a multi-instance element variable); absent: grid:level decides
   */
  unit?: string;
  /**
   * grid:out on a user task: variables set when the task completes, from FEEL over the case's variables, the
   * submitted data and `task` (the completing task: unit, level, createdAt, completedAt) — e.g. the unit
   * that did the work, for a later step to go back to it (engine/runtime/task-completion.ts)
   */
  out?: VariableMapping[];
  /** grid:check on a user task: conditions on a submitted field against the case (task-completion.ts) */
  checks?: CompletionCheck[];
}

/**
 * A grid:check: when `field` is submitted, `test` (FEEL over the case's variables, the submitted data and
 * `task`) must hold, or the completion is refused with a field error `code` at /data/<field> whose params
 * carry `limit` (FEEL giving the bound to show). Expressions are stored without '='.
 */
export interface CompletionCheck {
  field: string;
  test: string;
  code: string;
  limit?: string;
}

/**
 * bpmn:multiInstanceLoopCharacteristics on an activity (engine/runtime/multi-instance.ts): the activity
 * runs once per item of a collection (grid:collection, FEEL) or loopCardinality times, in parallel or one
 * after another, until all are done or completionCondition holds. Expressions are stored without '='.
 */
export interface MultiInstanceSpec {
  sequential: boolean;
  /** FEEL giving the list to run over (grid:collection, or the variable named by loopDataInputRef) */
  collection?: string;
  /** the variable each instance sees its item as (grid:elementVariable or inputDataItem's name) */
  elementVariable?: string;
  /** an integer literal or FEEL giving the number of instances */
  cardinality?: string;
  /** FEEL evaluated as each instance completes, with its variables and the nrOf… built-ins */
  completionCondition?: string;
  /** grid:outputCollection: the variable the list of each instance's output is written to */
  outputCollection?: string;
  /** grid:outputElement: FEEL over an instance's variables giving its output (default: its local variables) */
  outputElement?: string;
}

export interface TimerSpec {
  kind: 'duration' | 'date' | 'cycle';
  expr: string; // ISO-8601 literal or '=FEEL'
  calendar: CalendarKind;
}

export interface FlowNode {
  id: string;
  kind: NodeKind;
  name?: string;
  /** Enclosing sub-process id, undefined at process level. */
  parent?: string;
  incoming: string[];
  outgoing: string[];
  defaultFlow?: string;
  /** endEvent: terminate end event. */
  terminate?: boolean;
  timer?: TimerSpec;
  message?: { name: string; correlationKey: string };
  /** escalationThrow / boundaryEscalation: code (boundary: undefined = catch all). */
  escalationCode?: string;
  /** errorEnd: the code it raises; boundaryError: the code it catches (undefined = catch all) */
  errorCode?: string;
  /** boundary events */
  attachedTo?: string;
  cancelActivity?: boolean;
  /** activity: ids of boundary events attached to it */
  boundaries: string[];
  /** subProcess: its start event id */
  startNode?: string;
  grid?: GridTaskConfig;
  /** serviceTask: worker type (grid:workerType) */
  workerType?: string;
  /** serviceTask retries before an incident */
  retries?: number;
  /**
   * serviceTask with grid:type="external": the topic external workers fetch it by (engine/queue/external-tasks.ts)
   * and the variables they get (grid:topicVariables; none listed: all the case's)
   */
  external?: { topic: string; variables?: string[] };
  /** businessRuleTask: the decision it evaluates and where its mapped result goes (engine/dmn) */
  decision?: { ref: string; resultVariable: string; mapping: string; version?: number };
  /**
   * signal events (engine/runtime/signals.ts): the signal's name; a throw also the grid level whose unit
   * around the throwing case bounds the subtree it reaches (grid:signalScope, default street)
   */
  signal?: { name: string; scopeLevel?: string };
  /** multi-instance activity: how it loops (engine/runtime/multi-instance.ts) */
  multiInstance?: MultiInstanceSpec;
  /** callActivity: the process it starts and the variables passed in and out (elements/call-activity.ts) */
  call?: CallSpec;
  /** process-level startEvent: grid:formKey, the form a case is opened with (its only start variables) */
  formKey?: string;
  /**
   * timerStart / messageStart: grid:startUnit, the grid unit (code) of the cases it starts — a timer start's
   * only one; a message start's when the message names none
   */
  startUnit?: string;
  /**
   * grid:asyncBefore="true": a transaction boundary before the node — a token reaching it stops and the
   * node runs in an advance job of its own (as Camunda's asyncBefore) instead of in the same transition
   */
  asyncBefore?: boolean;
  /**
   * eventSubProcessStart: what starts its event sub-process (engine/runtime/event-scope.ts) — a message, a
   * timer, a BPMN error or an escalation raised in the enclosing scope
   */
  trigger?: 'message' | 'timer' | 'error' | 'escalation';
  /** eventSubProcessStart: isInterrupting — the enclosing scope's other work is cancelled when it starts */
  interrupting?: boolean;
}

/**
 * One grid:in / grid:out mapping of a call activity (Camunda's camunda:in / camunda:out): every variable
 * (`all`), or one value — a variable (`source`) or a FEEL expression (`expression`) — stored as `target`.
 */
export interface VariableMapping {
  all?: boolean;
  source?: string;
  expression?: string;
  target?: string;
}

/** How a call activity picks the version of the process it calls. */
export type CallBinding = 'latest' | 'version' | 'deployment';

export interface CallSpec {
  /** calledElement: the key (BPMN process id) of a deployed process */
  key: string;
  binding: CallBinding;
  /** binding 'version': grid:calledVersion */
  version?: number;
  in: VariableMapping[];
  out: VariableMapping[];
  /**
   * grid:calledUnit: the grid unit the child case is opened at — a unit code, or '=FEEL' over the parent's
   * variables; absent: the parent's unit (and so its time limits)
   */
  unit?: string;
}

export interface SequenceFlow {
  id: string;
  name?: string;
  source: string;
  target: string;
  /** FEEL expression (without the leading '='); undefined = unconditional */
  condition?: string;
  /** grid:rework: taking this flow sends the case back after a failed verification (counted as 返工) */
  rework?: boolean;
}

export interface CompiledProcess {
  key: string; // BPMN process id
  name?: string;
  /** grid:title on bpmn:process: FEEL over the start variables giving the case title (engine/case-title.ts) */
  title?: string;
  /** the top-level none start event (a case started by the API); without one, the first timer/message start */
  startNode: string;
  nodes: Record<string, FlowNode>;
  flows: Record<string, SequenceFlow>;
  /** inclusive join gateway id → ids of nodes (same scope) from which a token can still reach it
   *  without passing through the gateway itself; a join fires when no live token sits on one of them */
  inclusiveUpstream: Record<string, string[]>;
  /** grid levels, bottom up, the definition was compiled against (the order escalation climbs) */
  levels?: string[];
  /** grid:historyLevel (engine/retention/history-level.ts); absent = full */
  historyLevel?: HistoryLevel;
  /** grid:historyTimeToLive in days (engine/retention/ttl.ts); absent = the engine default */
  historyTtlDays?: number;
}

/**
 * What is wrong, without where: a stable code the UI words by (engine/error-codes.ts DETAIL_CODES), the values
 * its words need (a nested reason as `cause: {code, params}`, an escalation rung as `step`), and the English
 * text for logs and the API's `message`. The deploy rules return these; the type makes a code obligatory.
 */
export interface Problem {
  code: DetailCode;
  params: Record<string, unknown>;
  message: string;
}

/** A problem of a deployment, naming the element (or `definitions`, `forms/<key>`) it concerns. */
export interface DeployError extends Problem {
  elementId: string;
}

/** A problem with its code and params (the English `message` as the rule words it). */
export const problemOf = (
  code: DetailCode,
  message: string,
  params: Record<string, unknown> = {},
): Problem => ({
  code,
  params,
  message,
});

/** `outer` because of `cause`: the nested reason kept as `params.cause` ({code, params}), its text appended. */
export const causedBy = (
  code: DetailCode,
  prefix: string,
  cause: Problem,
  params: Record<string, unknown> = {},
): Problem => ({
  code,
  params: { ...params, cause: { code: cause.code, params: cause.params } },
  message: `${prefix}: ${cause.message}`,
});

/** Something a deploy left aside without refusing (another tool's metadata): listed in the deploy answer. */
export interface DeployWarning {
  elementId: string;
  code: DetailCode;
  message: string;
  params: Record<string, unknown>;
}

export class DeploymentError extends Error {
  constructor(public readonly details: DeployError[]) {
    super(`invalid process definition: ${details.map((d) => `${d.elementId}: ${d.message}`).join('; ')}`);
    this.name = 'DeploymentError';
  }
}
