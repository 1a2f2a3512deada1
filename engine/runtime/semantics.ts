// Execution semantics of the supported BPMN elements as pure functions: (state, command) → (state', effects).
// Each exported command corresponds to one kind of step job; duplicates and stale deliveries are no-ops.
// A command that moves tokens runs them to their next wait state in the same transition (run-to-wait.ts).

import type { CompiledProcess, FlowNode } from '../model/types.js';
import { DEFAULT_LOOP_BUDGET } from '../model/limits.js';
import { elementOf } from '../elements/registry.js';
import { mapVariables } from '../elements/call-activity.js';
import { onSlaTimer } from '../sla/plan.js';
import { killToken, leave, requireActive, finishInstance } from './flow.js';
import { throwError, triggerBoundary } from './activity.js';
import { UnhandledBpmnError } from './bpmn-error.js';
import { runToWait, mustPropagate } from './run-to-wait.js';
import { enterBody } from './multi-instance-body.js';
import { instanceScopeOf, setVariablesAt } from './multi-instance.js';
import { armEventSubProcesses } from './event-sub-processes.js';
import { isListener } from './event-scope.js';
import { closeTask, openTask } from './tasks.js';
import { completionData } from './task-completion.js';
import { onBacklogReview } from './task-requests.js';
import { CommandError, noop, Tx, type Outcome, type StepContext } from './transition.js';
import type {
  ExternalOutcome,
  Incident,
  InstanceState,
  JobName,
  Subscription,
  TimerState,
  Token,
  UnitRef,
} from './types.js';

export interface NewInstanceArgs {
  id: string;
  def: CompiledProcess;
  definitionVersion: number;
  businessKey?: string;
  gridUnit: string;
  unitChain: UnitRef[];
  variables: Record<string, unknown>;
  /** the start event the case begins at (a timer or message start); default: the process's none start */
  startNode?: string;
}

export function newInstance(ctx: StepContext, args: NewInstanceArgs): Outcome<InstanceState> {
  const empty: InstanceState = {
    _id: args.id,
    version: 0,
    definitionKey: args.def.key,
    definitionVersion: args.definitionVersion,
    businessKey: args.businessKey,
    gridUnit: args.gridUnit,
    unitChain: args.unitChain,
    unitPath: args.unitChain.map((u) => u.code),
    status: 'active',
    variables: { ...args.variables },
    tokens: {},
    scopes: { root: { id: 'root', nodeId: 'process' } },
    tasks: {},
    timers: {},
    subscriptions: {},
    joins: {},
    incidents: {},
    supervised: false,
    seq: 0,
    startedAt: ctx.now,
    startedBy: ctx.actor,
    outbox: [],
    updatedAt: ctx.now,
  };
  const tx = new Tx(ctx, empty);
  tx.record('instance-started', {
    from: 'none',
    to: 'active',
    details: {
      businessKey: args.businessKey,
      gridUnit: args.gridUnit,
      ...(args.startNode !== undefined ? { startEvent: args.startNode } : {}),
    },
  });
  tx.spawnToken(args.startNode ?? args.def.startNode, 'root');
  return tx.done(tx.s);
}

/**
 * Executes the node a ready token sits on and runs on to the next wait states. The start token of a new
 * instance, a grid:asyncBefore node and a retried incident come here in their own advance job.
 */
export function advance(ctx: StepContext, state: InstanceState, tokenId: string): Outcome {
  const token = state.tokens[tokenId];
  if (state.status !== 'active' || !token || token.status !== 'ready') return noop(state);
  const tx = new Tx(ctx, state);
  tx.schedule(tx.s.tokens[tokenId], false);
  return settle(tx);
}

/** Ends a command that moved tokens: they run to their next wait states before the transition is done. */
function settle<R>(tx: Tx, result?: R): Outcome<R> {
  runToWait(tx, executeNode, (t, token, err) =>
    raiseIncident(t, token, err.message, 'execute', undefined, codeOf(err)),
  );
  return tx.done(result);
}

function executeNode(tx: Tx, token: Token): void {
  const node = tx.node(token.nodeId);
  const budget = tx.ctx.loopBudget ?? DEFAULT_LOOP_BUDGET;
  if ((token.hops ?? 0) > budget) throw new LoopBudgetError(node.id, budget);
  if (token.leaving) {
    // retry of an incident raised while leaving: the activity itself is done
    token.leaving = undefined;
    leave(tx, token);
    return;
  }
  const type = elementOf(node.kind);
  if (!type) throw new Error(`element kind ${node.kind} of ${node.id} is not supported by this engine`);
  // a scope begins at its start event: the event sub-processes declared in it start listening
  if (type.shape === 'start') armEventSubProcesses(tx, token.scopeId);
  // a multi-instance activity: the token entering it is the body; its instances run the element's behaviour
  const instance = node.multiInstance !== undefined && instanceScopeOf(tx.s, token) !== undefined;
  if (node.multiInstance && !instance) enterBody(tx, token, node, (t) => type.execute(tx, t, node));
  else type.execute(tx, token, node);
  // an activity the token now waits at arms its boundary events (timers, message subscriptions) — the
  // body's, not each instance's
  const host = tx.s.tokens[token.id];
  if (!instance && host?.status === 'waiting' && host.nodeId === node.id) armBoundaries(tx, host, node);
}

function armBoundaries(tx: Tx, host: Token, node: FlowNode): void {
  for (const id of node.boundaries) {
    const boundary = tx.node(id);
    elementOf(boundary.kind)?.arm?.(tx, host, boundary);
  }
}

/** A token took more automatic steps than the loop budget without resting: a cycle with no wait state. */
export class LoopBudgetError extends Error {
  readonly code = 'loop.budget';
  constructor(
    readonly elementId: string,
    readonly budget: number,
  ) {
    super(
      `more than ${budget} steps without reaching a wait state (a cycle without a user task, timer or ` +
        `message?) at ${elementId}; the token is parked here`,
    );
    this.name = 'LoopBudgetError';
  }
}

/** A timer job fired. Stale timers (already cancelled or re-planned) do nothing. */
export function fireTimer(ctx: StepContext, state: InstanceState, timerId: string): Outcome {
  const timer = state.timers[timerId];
  if (state.status !== 'active' || !timer) return noop(state);
  const tx = new Tx(ctx, state);
  const t = tx.s.timers[timerId];
  const lateness = Math.max(0, ctx.now - t.dueAt);
  delete tx.s.timers[timerId];
  if (t.purpose === 'backlog-review') {
    onBacklogReview(tx, t);
    return tx.changed ? tx.done({ latenessMs: lateness, purpose: t.purpose }) : noop(state);
  }
  if (t.purpose !== 'catch' && t.purpose !== 'boundary') {
    onSlaTimer(tx, t);
    return tx.changed ? tx.done({ latenessMs: lateness, purpose: t.purpose }) : noop(state);
  }
  const token = t.tokenId ? tx.s.tokens[t.tokenId] : undefined;
  if (!token) return tx.done();
  tx.record('timer-fired', {
    elementId: t.nodeId,
    from: 'waiting',
    to: 'fired',
    details: { timerId, dueAt: t.dueAt, latenessMs: lateness },
  });
  guarded(tx, token.id, () => {
    if (t.purpose === 'catch') {
      // a timer catch event, or one armed by the node the token waits at (an event-based gateway)
      if (!triggerOwner(tx, token, t.nodeId)) leave(tx, token);
      // a non-interrupting event sub-process's timer cycle: its listener is still there for the next one
      else if (tx.s.tokens[token.id]) armNextCycle(tx, t);
      return;
    }
    const boundary = tx.node(t.nodeId);
    if (boundary.cancelActivity !== false) {
      killToken(tx, token);
      tx.spawnToken(boundary.id, token.scopeId);
      return;
    }
    tx.spawnToken(boundary.id, token.scopeId);
    armNextCycle(tx, t);
  });
  return settle(tx, { latenessMs: lateness, purpose: t.purpose });
}

/** A timer cycle R[n]/… that fired: its next occurrence, counted from when this one was due. */
function armNextCycle(tx: Tx, t: TimerState): void {
  if (!t.cycle || t.cycle.remaining === 0) return;
  const next: TimerState = {
    ...t,
    id: tx.nextId('tm'),
    dueAt: tx.ctx.calendar.addDuration(t.dueAt, t.cycle.every, t.calendar ?? 'natural'),
    cycle: { ...t.cycle, remaining: t.cycle.remaining < 0 ? -1 : t.cycle.remaining - 1 },
  };
  tx.s.timers[next.id] = next;
  tx.emit({ type: 'timer', timer: next });
}

/** Second half of completing a user task: the reservation was made by reserveCompletion. */
export function completeTask(
  ctx: StepContext,
  state: InstanceState,
  taskId: string,
  data: Record<string, unknown>,
): Outcome {
  const task = state.tasks[taskId];
  if (state.status !== 'active' || !task || task.status !== 'open') return noop(state);
  const tx = new Tx(ctx, state);
  const t = tx.s.tasks[taskId];
  closeTask(tx, t, data);
  const token = tx.s.tokens[t.tokenId];
  if (token) guarded(tx, token.id, () => leave(tx, token));
  return settle(tx);
}

/**
 * First half of completing a user task, run synchronously for the caller: marks the task as being
 * completed by `actor` (so a second completion gets a conflict) and emits the completion job.
 */
export function reserveCompletion(
  ctx: StepContext,
  state: InstanceState,
  taskId: string,
  submitted: Record<string, unknown>,
  defaulted: string[] = [],
): Outcome {
  const tx = new Tx(ctx, state);
  requireActive(tx);
  // a form default never overrides a value the case already has (e.g. a per-place SLA set at start)
  const data = { ...submitted };
  for (const k of defaulted) if (k in tx.s.variables) delete data[k];
  const task = openTask(tx, taskId);
  if (task.completing)
    throw new CommandError(
      'conflict',
      `task ${taskId} is already being completed`,
      [],
      'task.being-completed',
      {
        taskId,
      },
    );
  if (task.assignee && task.assignee !== ctx.actor)
    throw new CommandError(
      'conflict',
      `task ${taskId} is claimed by ${task.assignee}`,
      [],
      'task.claimed-by-other',
      {
        taskId,
        assignee: task.assignee,
      },
    );
  // the element's grid:check conditions against the case, and the variables its grid:out records
  const completed = completionData(tx, task, data);
  task.completing = { by: ctx.actor, at: ctx.now, data: completed };
  tx.job('complete', `cmp.${tx.s._id}.${task.tokenId}`, { taskId, data: completed, actor: ctx.actor });
  return tx.done();
}

export function deliverMessage(
  ctx: StepContext,
  state: InstanceState,
  subscriptionId: string,
  variables: Record<string, unknown>,
): Outcome {
  const sub = state.subscriptions[subscriptionId];
  if (state.status !== 'active' || !sub) return noop(state);
  const tx = new Tx(ctx, state);
  tx.record('message-received', {
    elementId: sub.nodeId,
    from: 'waiting',
    to: 'received',
    details: { name: sub.name, correlationKey: sub.correlationKey },
  });
  const token = tx.s.tokens[sub.tokenId];
  // a message to a receive task or catch event inside a multi-instance instance sets that instance's
  // variables (a boundary event's token is the body: its variables go where the body is)
  setVariablesAt(tx, token?.scopeId ?? 'root', variables, sub.nodeId);
  deliverTo(tx, sub);
  return settle(tx);
}

/**
 * A signal reached this case (one delivery job per signal and case, engine/queue/signals.ts): each of the
 * subscriptions the broadcast found here that still waits catches it — a signal is not consumed by the
 * first catcher. Subscriptions made after the throw are not among them; a repeated delivery finds them gone
 * and changes nothing.
 */
export function deliverSignal(
  ctx: StepContext,
  state: InstanceState,
  subscriptionIds: string[],
  variables: Record<string, unknown>,
  signalId: string,
): Outcome {
  const live = (s: InstanceState) => subscriptionIds.filter((id) => s.subscriptions[id]?.signal);
  if (state.status !== 'active' || !live(state).length) return noop(state);
  const tx = new Tx(ctx, state);
  tx.setVariables(variables);
  for (const id of subscriptionIds) {
    // an interrupting catch before this one may have removed it (with the token it belonged to)
    const sub = tx.s.subscriptions[id];
    if (!sub?.signal || tx.s.status !== 'active') continue;
    tx.record('signal-received', {
      elementId: sub.nodeId,
      from: 'waiting',
      to: 'received',
      details: { name: sub.name, signalId },
    });
    deliverTo(tx, sub);
  }
  return settle(tx);
}

/** A message or signal subscription fired: the waiting token, its boundary event or its gateway moves. */
function deliverTo(tx: Tx, sub: Subscription): void {
  delete tx.s.subscriptions[sub.id];
  tx.emit({ type: 'unsubscribe', subscriptionId: sub.id });
  const token = tx.s.tokens[sub.tokenId];
  if (!token) return;
  if (sub.nodeId === token.nodeId) {
    guarded(tx, token.id, () => leave(tx, token));
    return;
  }
  guarded(tx, token.id, () => {
    if (triggerOwner(tx, token, sub.nodeId)) return;
    // a boundary event of the activity the token waits at
    const boundary = tx.node(sub.nodeId);
    triggerBoundary(tx, token, boundary);
    // non-interrupting: the activity goes on and listens again (a new subscription, a new job id)
    if (tx.s.tokens[token.id]) elementOf(boundary.kind)?.arm?.(tx, token, boundary);
  });
}

/**
 * The node `token` waits at armed the trigger of another node (`nodeId`: an event after an event-based
 * gateway) and takes it: true when it did.
 */
function triggerOwner(tx: Tx, token: Token, nodeId: string): boolean {
  if (nodeId === token.nodeId) return false;
  const owner = elementOf(tx.node(token.nodeId).kind);
  if (!owner?.trigger) return false;
  owner.trigger(tx, token, tx.node(nodeId));
  return true;
}

export function serviceCompleted(
  ctx: StepContext,
  state: InstanceState,
  tokenId: string,
  output: Record<string, unknown>,
): Outcome {
  const token = state.tokens[tokenId];
  if (state.status !== 'active' || !token || token.status !== 'waiting') return noop(state);
  if (token.on !== 'service') return noop(state);
  const tx = new Tx(ctx, state);
  tx.record('service-completed', { elementId: token.nodeId, from: 'waiting', to: 'completed' });
  setVariablesAt(tx, token.scopeId, output, token.nodeId);
  const t = tx.s.tokens[tokenId];
  guarded(tx, tokenId, () => leave(tx, t));
  return settle(tx);
}

/**
 * The worker of a service task raised a BPMN error (a business outcome, not a failure to retry): its
 * variables are set and the error goes to the error boundary events (throwError); uncaught, the token
 * becomes an incident at the service task, whose retry runs the worker again.
 */
export function serviceError(
  ctx: StepContext,
  state: InstanceState,
  tokenId: string,
  code: string,
  message: string,
  variables: Record<string, unknown> = {},
): Outcome {
  const token = state.tokens[tokenId];
  if (state.status !== 'active' || !token || token.status !== 'waiting' || token.on !== 'service')
    return noop(state);
  const tx = new Tx(ctx, state);
  if (Object.keys(variables).length) setVariablesAt(tx, token.scopeId, variables, token.nodeId);
  const mark = tx.mark();
  try {
    throwError(tx, tx.s.tokens[tokenId], code, message);
  } catch (err) {
    if (!(err instanceof UnhandledBpmnError)) throw err;
    tx.restore(mark);
    raiseIncident(tx, tx.s.tokens[tokenId], err.message, 'execute', undefined, codeOf(err));
    return tx.done();
  }
  return settle(tx);
}

export function serviceFailed(
  ctx: StepContext,
  state: InstanceState,
  tokenId: string,
  message: string,
): Outcome {
  const token = state.tokens[tokenId];
  if (state.status !== 'active' || !token || token.status !== 'waiting') return noop(state);
  const tx = new Tx(ctx, state);
  raiseIncident(tx, tx.s.tokens[tokenId], message, 'execute');
  return tx.done();
}

/**
 * An external worker reported on the external task `externalTaskId` (engine/queue/external-tasks.ts): it
 * completed (its variables set, the token leaves), raised a BPMN error (routed as a service worker's:
 * serviceError), or failed for good (an incident whose retry creates a new task with its retries reset).
 * A report for a task the token no longer waits on (the case or the activity was cancelled, the report
 * was applied already) changes nothing: the case continues at most once.
 */
export function externalTaskReported(
  ctx: StepContext,
  state: InstanceState,
  tokenId: string,
  externalTaskId: string,
  outcome: ExternalOutcome,
): Outcome {
  const token = state.tokens[tokenId];
  if (state.status !== 'active' || !token || token.status !== 'waiting' || token.on !== 'service')
    return noop(state);
  if (token.external !== externalTaskId) return noop(state);
  if (outcome.kind === 'failure') return serviceFailed(ctx, state, tokenId, outcome.message);
  // the task is done: leaving or being killed must not cancel it (its record answers repeated reports)
  const cleared = { ...state, tokens: { ...state.tokens, [tokenId]: { ...token } } };
  delete cleared.tokens[tokenId].external;
  if (outcome.kind === 'bpmn-error')
    return serviceError(
      ctx,
      cleared,
      tokenId,
      outcome.code,
      outcome.message ?? `BPMN error ${outcome.code}`,
      outcome.variables,
    );
  return serviceCompleted(ctx, cleared, tokenId, outcome.variables);
}

export interface FailedJob {
  name: JobName;
  data: Record<string, unknown>;
}

/**
 * A step job failed on its last attempt (a store outage, a bug): rather than leaving the instance stuck
 * with no trace, park the step as an incident an admin sees and retries once the cause is fixed.
 * A job whose step no longer applies (the token moved on meanwhile) changes nothing.
 */
export function jobFailed(ctx: StepContext, state: InstanceState, job: FailedJob, message: string): Outcome {
  if (state.status !== 'active') return noop(state);
  const d = job.data;
  const tx = new Tx(ctx, state);
  const asJobIncident = (tokenId: string | undefined) => {
    const token = tokenId ? tx.s.tokens[tokenId] : undefined;
    if (!token) return noop(state);
    raiseIncident(tx, token, message, 'job', job);
    return tx.done();
  };
  switch (job.name) {
    case 'advance': {
      const token = tx.s.tokens[String(d.tokenId)];
      if (!token || token.status !== 'ready') return noop(state);
      raiseIncident(tx, token, message, 'execute');
      return tx.done();
    }
    case 'service': {
      const token = tx.s.tokens[String(d.tokenId)];
      if (!token || token.status !== 'waiting' || token.on !== 'service') return noop(state);
      raiseIncident(tx, token, message, 'execute');
      return tx.done();
    }
    case 'complete': {
      const task = tx.s.tasks[String(d.taskId)];
      return task?.status === 'open' && task.completing ? asJobIncident(task.tokenId) : noop(state);
    }
    case 'message':
      return asJobIncident(tx.s.subscriptions[String(d.subscriptionId)]?.tokenId);
    case 'signal': {
      const ids = Array.isArray(d.subscriptionIds) ? (d.subscriptionIds as string[]) : [];
      return asJobIncident(ids.map((id) => tx.s.subscriptions[id]?.tokenId).find(Boolean));
    }
    case 'external': {
      const token = tx.s.tokens[String(d.tokenId)];
      return token?.external === d.externalTaskId ? asJobIncident(token.id) : noop(state);
    }
    case 'timer': {
      const timer = tx.s.timers[String(d.timerId)];
      if (!timer) return noop(state);
      return asJobIncident(timer.tokenId ?? (timer.taskId ? tx.s.tasks[timer.taskId]?.tokenId : undefined));
    }
    case 'call': {
      // the child could not be created: retrying executes the call activity again (a new child id)
      const token = tx.s.tokens[String(d.tokenId)];
      if (!token || token.status !== 'waiting' || token.on !== 'call' || token.child !== d.childId)
        return noop(state);
      raiseIncident(tx, token, message, 'execute');
      return tx.done();
    }
    case 'called': {
      const token = tx.s.tokens[String(d.tokenId)];
      return token?.on === 'call' && token.child === d.childId ? asJobIncident(token.id) : noop(state);
    }
    case 'cancel-called':
      // the job ran on the child: a child that cannot be cancelled stays as it is, visible on the parent
      return noop(state);
  }
}

/** An admin fixed the cause: the token runs its step again under a new job id. */
export function retryIncident(
  ctx: StepContext,
  state: InstanceState,
  incidentId: string,
  variables?: Record<string, unknown>,
): Outcome {
  const tx = new Tx(ctx, state);
  requireActive(tx);
  const inc = tx.s.incidents[incidentId];
  if (!inc || inc.status !== 'open')
    throw new CommandError('not-found', `no open incident ${incidentId}`, [], 'incident.not-open', {
      incidentId,
    });
  if (variables && Object.keys(variables).length) tx.setVariables(variables, inc.nodeId);
  inc.status = 'resolved';
  tx.emit({ type: 'incident', incident: inc });
  if (inc.phase === 'job' && inc.job) {
    tx.record('incident-resolved', {
      elementId: inc.nodeId,
      from: 'open',
      to: 'resolved',
      details: { incidentId },
    });
    // the failed job again under a new id (the failed one may still be held by the queue)
    tx.job(inc.job.name, `${inc.job.name}.${tx.s._id}.${inc.id}.r${tx.s.seq++}`, inc.job.data);
    return tx.done();
  }
  const token = tx.s.tokens[inc.tokenId];
  if (!token) return tx.done();
  const node = tx.node(token.nodeId);
  tx.record('incident-resolved', {
    elementId: node.id,
    from: 'open',
    to: 'resolved',
    details: { incidentId },
  });
  // a listener of an event sub-process whose re-arming failed has no flow to leave by: it arms again
  const listening = isListener(token);
  if (inc.phase === 'leave' && !listening) token.leaving = true;
  delete token.hops; // an admin looked at it: a fresh loop budget
  // a multi-instance body parked while entering runs its entry again (its element's retry is an instance's)
  const body = node.multiInstance !== undefined && instanceScopeOf(tx.s, token) === undefined;
  const retry = (inc.phase === 'execute' && !body) || listening ? elementOf(node.kind)?.retry : undefined;
  if (retry) retry(tx, token, node);
  else {
    token.status = 'ready';
    tx.job('advance', `adv.${tx.s._id}.${token.id}.r${tx.s.seq++}`, { tokenId: token.id });
  }
  return tx.done();
}

export function cancelInstance(ctx: StepContext, state: InstanceState, reason?: string): Outcome {
  const tx = new Tx(ctx, state);
  requireActive(tx);
  finishInstance(tx, 'cancelled', reason);
  return tx.done();
}

/**
 * Takes a waiting token out of its node (a completion, a fired timer, a message). A failure (no path, a bad
 * condition) must not lose the step nor leave half-applied state: the transition returns to just before
 * the leave — what the command did before it (closing the task, setting variables) stands — and the token
 * is parked as an incident where it waited; retrying it only takes the outgoing flows.
 */
export function guarded(tx: Tx, tokenId: string, fn: () => void): void {
  const mark = tx.mark();
  try {
    fn();
  } catch (err) {
    // a refused command, or a transient failure (the FEEL sandbox starting) that a retry of the job clears
    if (mustPropagate(err)) throw err;
    tx.restore(mark);
    const token = tx.s.tokens[tokenId];
    if (token) raiseIncident(tx, token, (err as Error).message, 'leave', undefined, codeOf(err));
  }
}

/** The stable code an error carries (LoopBudgetError, CallDepthError, ExpressionError, MultiInstanceError …), if any. */
function codeOf(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

export function raiseIncident(
  tx: Tx,
  token: Token,
  message: string,
  phase: Incident['phase'],
  job?: FailedJob,
  code?: string,
): void {
  if (!tx.s.tokens[token.id]) tx.s.tokens[token.id] = token;
  const previous = token.status;
  // a failed job leaves its token where it waits (a task stays open); the job itself is what is retried
  if (phase !== 'job') token.status = 'incident';
  const incident: Incident = {
    id: `inc-${token.id}-${tx.s.seq + 1}`,
    tokenId: token.id,
    nodeId: token.nodeId,
    message,
    ...(code ? { code } : {}),
    phase,
    ...(job ? { job: { name: job.name, data: job.data } } : {}),
    at: tx.now,
    status: 'open',
    ...(code ? { code } : {}),
  };
  tx.s.seq += 1;
  tx.s.incidents[incident.id] = incident;
  tx.emit({ type: 'incident', incident });
  tx.record('incident', {
    elementId: token.nodeId,
    from: previous,
    to: 'incident',
    details: { incidentId: incident.id, message, phase, ...(code ? { code } : {}) },
  });
}

// ---- call activities (engine/elements/call-activity.ts) ----------------------------------------------

/** How a called case ended, as its parent is told (a 'called' job keyed by the child's id). */
export interface ChildEnd {
  tokenId: string;
  childId: string;
  status: InstanceState['status'];
  /** the child's variables at its end (the output mappings read them) */
  variables: Record<string, unknown>;
  /** a BPMN error the child ended with (its parent catches it at the call activity) */
  error?: { code: string; message?: string };
}

/**
 * A called case ended. Completed: the output mappings copy its variables and the token leaves the call
 * activity; ended by a BPMN error: the error is thrown at the call activity (its error boundary); cancelled
 * (by hand): an incident whose retry calls a new case. Once only: a token no longer waiting for this child
 * (a redelivered job, a parent cancelled meanwhile) changes nothing.
 */
export function calledEnded(ctx: StepContext, state: InstanceState, end: ChildEnd): Outcome {
  const token = state.tokens[end.tokenId];
  if (state.status !== 'active' || !token || token.status !== 'waiting' || token.on !== 'call')
    return noop(state);
  if (token.child !== end.childId || end.status === 'active') return noop(state);
  const tx = new Tx(ctx, state);
  const t = tx.s.tokens[end.tokenId];
  const node = tx.node(t.nodeId);
  const entry = tx.s.children?.find((c) => c.id === end.childId);
  if (entry)
    entry.ended = { status: end.status, at: tx.now, ...(end.error ? { error: end.error.code } : {}) };
  tx.record('called-ended', {
    elementId: node.id,
    from: 'called',
    to: end.status,
    details: { childId: end.childId, ...(end.error ? { error: end.error.code } : {}) },
  });
  if (end.status === 'completed') {
    let output: Record<string, unknown>;
    try {
      output = mapVariables(node.call?.out ?? [], end.variables);
    } catch (err) {
      if (mustPropagate(err)) throw err;
      // the child stays ended; retrying runs this hand-over again (with the child's variables re-read)
      const job = {
        name: 'called' as const,
        data: { instanceId: tx.s._id, tokenId: t.id, childId: end.childId },
      };
      raiseIncident(tx, t, `output mapping: ${(err as Error).message}`, 'job', job, codeOf(err));
      return tx.done();
    }
    t.child = undefined;
    if (Object.keys(output).length) tx.setVariables(output, node.id);
    guarded(tx, t.id, () => leave(tx, t));
    return settle(tx);
  }
  t.child = undefined;
  if (end.error) {
    const mark = tx.mark();
    try {
      throwError(tx, t, end.error.code, end.error.message);
    } catch (err) {
      if (!(err instanceof UnhandledBpmnError)) throw err;
      tx.restore(mark);
      raiseIncident(tx, tx.s.tokens[t.id], err.message, 'execute', undefined, err.code);
      return tx.done();
    }
    return settle(tx);
  }
  raiseIncident(
    tx,
    t,
    `the called case ${end.childId} was ${end.status}; retrying calls a new case`,
    'execute',
    undefined,
    'call.child-cancelled',
  );
  return tx.done();
}

/**
 * The called case could not be created (no such process, a retired one, no version for the binding): an
 * incident with the code naming why, at the call activity; retrying executes it again.
 */
export function callFailed(
  ctx: StepContext,
  state: InstanceState,
  tokenId: string,
  childId: string,
  code: string,
  message: string,
): Outcome {
  const token = state.tokens[tokenId];
  if (state.status !== 'active' || !token || token.status !== 'waiting' || token.on !== 'call')
    return noop(state);
  if (token.child !== childId) return noop(state);
  const tx = new Tx(ctx, state);
  const t = tx.s.tokens[tokenId];
  t.child = undefined;
  tx.s.children = tx.s.children?.filter((c) => c.id !== childId);
  raiseIncident(tx, t, message, 'execute', undefined, code);
  return tx.done();
}

/** The parent of a called case was cancelled (or left the call activity by an interrupting event). */
export function cancelByParent(ctx: StepContext, state: InstanceState, parentId: string): Outcome {
  if (state.status !== 'active' || state.parent?.instanceId !== parentId) return noop(state);
  const tx = new Tx(ctx, state);
  // the parent case was cancelled, or its call activity interrupted (a boundary event)
  finishInstance(
    tx,
    'cancelled',
    `the call activity ${state.parent.nodeId} of case ${state.parent.caseNo ?? parentId} ended`,
  );
  return tx.done();
}
