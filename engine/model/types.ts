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
  /** businessRuleTask: the decision it evaluates and where its mapped result goes (engine/dmn) */
  decision?: { ref: string; resultVariable: string; mapping: string; version?: number };
  /**
   * signal events (engine/runtime/signals.ts): the signal's name; a throw also the grid level whose unit
   * around the throwing case bounds the subtree it reaches (grid:signalScope, default street)
   */
  signal?: { name: string; scopeLevel?: string };
  /** process-level startEvent: grid:formKey, the form a case is opened with (its only start variables) */
  formKey?: string;
  /**
   * grid:asyncBefore="true": a transaction boundary before the node — a token reaching it stops and the
   * node runs in an advance job of its own (as Camunda's asyncBefore) instead of in the same transition
   */
  asyncBefore?: boolean;
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
  startNode: string; // top-level none start event
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
