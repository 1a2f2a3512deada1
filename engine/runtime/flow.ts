// Token movement: taking sequence flows, joins, scope completion and cancellation.

import type { FlowNode } from '../model/types.js';
import { delistClosedCase } from '../sla/delist.js';
import { evalCondition } from './feel.js';
import { cancelTask } from './tasks.js';
import { CommandError, type Tx } from './transition.js';
import type { Token } from './types.js';
import { removalTime } from '../retention/ttl.js';
import { involvedUsers } from './involved.js';
import { notice } from '../notifications/messages.js';
import {
  completionConditionHolds,
  instanceOutput,
  instanceScopeOf,
  setVariablesAt,
  startInstance,
  variablesAt,
} from './multi-instance.js';

/** Thrown when no outgoing flow can be taken; becomes an incident on the token. */
export class NoPathError extends Error {
  constructor(nodeId: string) {
    super(`no outgoing sequence flow of ${nodeId} can be taken (no condition true and no default flow)`);
    this.name = 'NoPathError';
  }
}

/**
 * How a node chooses its outgoing flows: every flow whose condition holds (activities, events, inclusive
 * gateways), the first one whose condition holds (exclusive gateways), or all (parallel gateways). With
 * none chosen, the default flow; with no default either, NoPathError.
 */
export type FlowSelection = 'conditions' | 'first' | 'all';

/**
 * Outgoing flows a token leaving `node` takes (the node's element module says how); conditions read the
 * variables of `scopeId` (inside a multi-instance instance, its own as well).
 */
export function selectFlows(
  tx: Tx,
  node: FlowNode,
  how: FlowSelection = 'conditions',
  scopeId = 'root',
): string[] {
  if (how === 'all') return node.outgoing.slice();
  const vars = variablesAt(tx.s, scopeId);
  const holds = (id: string) => {
    const c = tx.def.flows[id].condition;
    return c === undefined || evalCondition(c, vars);
  };
  const nonDefault = node.outgoing.filter((id) => id !== node.defaultFlow);
  let chosen: string[];
  if (how === 'first') {
    const first = nonDefault.find(holds);
    chosen = first ? [first] : [];
  } else chosen = nonDefault.filter(holds);
  if (chosen.length === 0 && node.defaultFlow) chosen = [node.defaultFlow];
  if (chosen.length === 0 && node.outgoing.length > 0) throw new NoPathError(node.id);
  return chosen;
}

/** The token leaves its node: it is consumed and one new ready token per selected flow is created. */
export function leave(tx: Tx, token: Token, flows?: string[]): void {
  const node = tx.node(token.nodeId);
  // an instance of a multi-instance activity does not take flows: its body does, once the loop is done
  if (instanceScopeOf(tx.s, token)) {
    completeInstance(tx, token, node);
    return;
  }
  const selected = flows ?? selectFlows(tx, node, 'conditions', token.scopeId);
  cancelBoundaryTimers(tx, token.id);
  cancelSubscriptions(tx, token.id);
  delete tx.s.tokens[token.id];
  tx.record('leave', { elementId: node.id, from: node.kind, to: selected.join(',') || 'end' });
  const hops = nextHops(token);
  for (const flowId of selected) {
    tx.spawnToken(tx.def.flows[flowId].target, token.scopeId, flowId, hops);
  }
  if (selected.length === 0) completeScopeIfDone(tx, token.scopeId);
  checkInclusiveJoins(tx, token.scopeId);
}

/**
 * Hops of the tokens that leave `token`'s node: a token leaving a wait state it rested at starts afresh; a
 * sub-process host counts on from where it entered (its inner tokens reset it when one of them rests).
 */
export function nextHops(token: Token): number {
  const rested = token.status === 'waiting' && token.on !== undefined && !hosting(token.on);
  return (rested ? 0 : (token.hops ?? 0)) + 1;
}

/** Waits of a token that hosts others (a sub-process, a multi-instance body): not a rest of its own. */
export const hosting = (on: string) => on === 'sub-process' || on === 'multi-instance';

/**
 * An instance of a multi-instance activity completed: its output is collected, the counters move, and the
 * completion condition is asked. Done (every instance, or the condition holds): the instances still active
 * are cancelled and the body leaves the activity; sequential and not done: the next instance starts.
 */
function completeInstance(tx: Tx, token: Token, node: FlowNode): void {
  const scope = tx.s.scopes[token.scopeId];
  const bodyToken = scope.tokenId ? tx.s.tokens[scope.tokenId] : undefined;
  const body = bodyToken?.body;
  const mi = node.multiInstance!;
  if (!bodyToken || !body) throw new Error(`multi-instance body of ${node.id} is gone`);
  if (mi.outputCollection !== undefined) {
    body.outputs ??= new Array<unknown>(body.total).fill(null);
    body.outputs[scope.loop! - 1] = instanceOutput(tx, scope, node);
  }
  body.completed += 1;
  body.active -= 1;
  const stop = completionConditionHolds(tx, scope, node);
  killToken(tx, token);
  delete tx.s.scopes[scope.id];
  tx.record('multi-instance-completed', {
    elementId: node.id,
    from: 'active',
    to: 'completed',
    details: {
      loopCounter: scope.loop,
      nrOfInstances: body.total,
      nrOfCompletedInstances: body.completed,
      nrOfActiveInstances: body.active,
      ...(stop ? { completionCondition: true } : {}),
    },
  });
  if (!stop && body.completed < body.total) {
    if (mi.sequential && body.active === 0 && body.started < body.total)
      startInstance(tx, bodyToken, node, body.started, body.items?.[body.started]);
    return;
  }
  finishBody(tx, bodyToken, node);
}

/**
 * The loop is done: instances still running are cancelled (their tasks closed as cancelled, their timers
 * disarmed), the output collection is written and the body token leaves the activity.
 */
export function finishBody(tx: Tx, bodyToken: Token, node: FlowNode): void {
  const body = bodyToken.body!;
  for (const scope of Object.values(tx.s.scopes)) {
    if (scope.tokenId !== bodyToken.id || scope.loop === undefined) continue;
    for (const t of Object.values(tx.s.tokens)) if (t.scopeId === scope.id) killToken(tx, t);
    delete tx.s.scopes[scope.id];
    body.active -= 1;
    tx.record('multi-instance-cancelled', {
      elementId: node.id,
      from: 'active',
      to: 'cancelled',
      details: { loopCounter: scope.loop },
    });
  }
  const collection = node.multiInstance!.outputCollection;
  if (collection !== undefined)
    setVariablesAt(tx, bodyToken.scopeId, { [collection]: body.outputs ?? [] }, node.id);
  delete bodyToken.body;
  leave(tx, bodyToken);
}

const joinKey = (scopeId: string, gatewayId: string) => `${scopeId}/${gatewayId}`;

/**
 * A parallel join fires once a token arrived by every incoming flow and takes one of each; an inclusive
 * join fires when no token that could still reach it is left upstream and takes every arrival.
 */
export type JoinKind = 'parallel' | 'inclusive';

/** Parks the token at a join; returns true when the join fires (caller then leaves the gateway). */
export function arriveAtJoin(tx: Tx, token: Token, join: JoinKind): boolean {
  const node = tx.node(token.nodeId);
  const key = joinKey(token.scopeId, node.id);
  const arrivals = (tx.s.joins[key] ??= {});
  (arrivals[token.via ?? '?'] ??= []).push(token.id);
  token.status = 'waiting';
  tx.record('join-arrive', { elementId: node.id, from: 'ready', to: 'waiting', details: { via: token.via } });
  if (join === 'parallel') return node.incoming.every((f) => (arrivals[f]?.length ?? 0) > 0);
  return inclusiveJoinReady(tx, token.scopeId, node);
}

/** Consumes one arrival per incoming flow (every arrival for an inclusive join); returns the merged token. */
export function fireJoin(tx: Tx, scopeId: string, gatewayId: string, join: JoinKind): Token {
  const key = joinKey(scopeId, gatewayId);
  const arrivals = tx.s.joins[key];
  let hops = 0;
  for (const flowId of Object.keys(arrivals)) {
    const ids = arrivals[flowId];
    const taken = join === 'parallel' ? ids.splice(0, 1) : ids.splice(0);
    for (const id of taken) {
      hops = Math.max(hops, tx.s.tokens[id]?.hops ?? 0);
      delete tx.s.tokens[id];
    }
    if (ids.length === 0) delete arrivals[flowId];
  }
  if (Object.keys(arrivals).length === 0) delete tx.s.joins[key];
  tx.record('join-fired', { elementId: gatewayId, from: 'waiting', to: 'fired' });
  const merged: Token = {
    id: tx.nextId('t'),
    nodeId: gatewayId,
    scopeId,
    status: 'ready',
    joined: true,
    since: tx.now,
  };
  if (hops > 0) merged.hops = hops; // a join is no wait state: a loop through a fork and a join still counts
  tx.s.tokens[merged.id] = merged;
  return merged;
}

function inclusiveJoinReady(tx: Tx, scopeId: string, gateway: FlowNode): boolean {
  const upstream = new Set(tx.def.inclusiveUpstream[gateway.id] ?? []);
  const waitingHere = new Set(Object.values(tx.s.joins[joinKey(scopeId, gateway.id)] ?? {}).flat());
  for (const t of Object.values(tx.s.tokens)) {
    if (t.scopeId !== scopeId || waitingHere.has(t.id)) continue;
    // a token upstream, or one already on its way into this gateway, is still to arrive
    if (upstream.has(t.nodeId) || t.nodeId === gateway.id) return false;
  }
  return waitingHere.size > 0;
}

/** Re-checks inclusive joins of a scope after a token disappeared (it may have been the last upstream one). */
export function checkInclusiveJoins(tx: Tx, scopeId: string): void {
  for (const key of Object.keys(tx.s.joins)) {
    const [sid, gwId] = key.split('/');
    if (sid !== scopeId) continue;
    const gw = tx.node(gwId);
    if (gw.kind !== 'inclusiveGateway' || !inclusiveJoinReady(tx, scopeId, gw)) continue;
    const merged = fireJoin(tx, scopeId, gwId, 'inclusive');
    // the merged token leaves the gateway within this transition (its arrivals already passed asyncBefore)
    tx.schedule(merged, false);
  }
}

/** Completes the scope when nothing is left in it: the process ends, or the sub-process activity leaves. */
export function completeScopeIfDone(tx: Tx, scopeId: string): void {
  // a listener of an event sub-process (LISTENING in event-scope.ts, which imports this module) is no work
  // the scope waits for
  const live = Object.values(tx.s.tokens).some((t) => t.scopeId === scopeId && t.on !== 'event-subprocess');
  const joined = Object.keys(tx.s.joins).some((k) => k.startsWith(`${scopeId}/`));
  if (live || joined) return;
  const scope = tx.s.scopes[scopeId];
  if (!scope) return;
  if (scope.nodeId === 'process') {
    finishInstance(tx, 'completed');
    return;
  }
  // its event sub-processes stop listening: their subscriptions and timers go with the listeners
  for (const t of Object.values(tx.s.tokens)) if (t.scopeId === scopeId) killToken(tx, t);
  delete tx.s.scopes[scopeId];
  const host = scope.tokenId ? tx.s.tokens[scope.tokenId] : undefined;
  tx.record('subprocess-completed', { elementId: scope.nodeId, from: 'active', to: 'completed' });
  if (host) leave(tx, host);
}

export function finishInstance(
  tx: Tx,
  status: 'completed' | 'cancelled' | 'terminated',
  reason?: string,
): void {
  for (const token of Object.values(tx.s.tokens)) killToken(tx, token);
  for (const timerId of Object.keys(tx.s.timers)) cancelTimer(tx, timerId);
  tx.s.joins = {};
  tx.s.scopes = {};
  tx.s.status = status;
  tx.s.endedAt = tx.now;
  // removal-time strategy "end": fixed when the case ends, so the cleanup finds it by one indexed query
  const removalAt = removalTime(tx.now, tx.def.historyTtlDays ?? tx.ctx.historyTtlDays);
  if (removalAt !== undefined) tx.s.removalAt = removalAt;
  tx.record(status === 'cancelled' ? 'instance-cancelled' : 'instance-completed', {
    from: 'active',
    to: status,
    details: reason ? { reason } : undefined,
  });
  // a called case tells its parent, keyed by its own id: a replayed outbox hands the end over once
  const parent = tx.s.parent;
  if (parent)
    tx.emit({
      type: 'job',
      job: {
        name: 'called',
        jobId: `called.${tx.s._id}`,
        data: { instanceId: parent.instanceId, tokenId: parent.tokenId, childId: tx.s._id },
      },
    });
  delistClosedCase(tx, status === 'cancelled' ? 'cancelled' : 'completed'); // 销号 of a case closed while listed
  // everyone who opened or handled the case hears that it closed (not whoever closed it just now)
  const users = involvedUsers(tx.s).filter((u) => u !== tx.ctx.actor);
  if (users.length)
    tx.emit({
      type: 'notify',
      intent: {
        kind: 'info',
        users,
        ...notice(status === 'cancelled' ? 'case.cancelled' : 'case.completed', {
          caseNo: tx.s.caseNo ?? tx.s.businessKey ?? tx.s._id,
        }),
        body: [tx.s.title ?? tx.def.name ?? tx.def.key, reason].filter(Boolean).join(' · '),
      },
    });
}

/** Removes every token of a scope and of its nested scopes (terminate end event, interrupting boundary). */
export function clearScope(tx: Tx, scopeId: string): void {
  for (const token of Object.values(tx.s.tokens)) if (token.scopeId === scopeId) killToken(tx, token);
  for (const key of Object.keys(tx.s.joins)) if (key.startsWith(`${scopeId}/`)) delete tx.s.joins[key];
}

/** Cancels whatever the token waits on, then removes it. */
export function killToken(tx: Tx, token: Token): void {
  if (!tx.s.tokens[token.id]) return;
  delete tx.s.tokens[token.id];
  cancelBoundaryTimers(tx, token.id);
  for (const task of Object.values(tx.s.tasks)) {
    if (task.tokenId === token.id && task.status === 'open') cancelTask(tx, task);
  }
  for (const [id, timer] of Object.entries(tx.s.timers)) if (timer.tokenId === token.id) cancelTimer(tx, id);
  cancelSubscriptions(tx, token.id);
  // an external task nobody may complete any more (cancelled case, interrupting boundary, BPMN error)
  if (token.external) tx.emit({ type: 'cancelExternalTask', externalTaskId: token.external });
  for (const inc of Object.values(tx.s.incidents)) {
    if (inc.tokenId === token.id && inc.status === 'open') inc.status = 'resolved';
  }
  // the case a call activity called is cancelled with it (and its own called cases, down the chain)
  if (token.on === 'call' && token.child) cancelCalled(tx, token.child);
  // the scopes the token hosts (a sub-process; a multi-instance body's instances), with all inside them
  for (const child of Object.values(tx.s.scopes)) {
    if (child.tokenId !== token.id) continue;
    clearScope(tx, child.id);
    delete tx.s.scopes[child.id];
  }
}

/** Asks the I/O edge to cancel a called case (a job on the child, keyed by its id). */
function cancelCalled(tx: Tx, childId: string): void {
  tx.emit({
    type: 'job',
    job: {
      name: 'cancel-called',
      jobId: `cancel.${childId}`,
      data: { instanceId: childId, parentId: tx.s._id },
    },
  });
  const entry = tx.s.children?.find((c) => c.id === childId);
  if (entry && !entry.ended) entry.ended = { status: 'cancelled', at: tx.now };
}

export function cancelTimer(tx: Tx, timerId: string): void {
  if (!tx.s.timers[timerId]) return;
  delete tx.s.timers[timerId];
  tx.emit({ type: 'cancelTimer', timerId });
}

/** Removes what the token still listens for (a message boundary event of the activity it leaves). */
function cancelSubscriptions(tx: Tx, tokenId: string): void {
  for (const [id, sub] of Object.entries(tx.s.subscriptions)) {
    if (sub.tokenId === tokenId) {
      delete tx.s.subscriptions[id];
      tx.emit({ type: 'unsubscribe', subscriptionId: id });
    }
  }
}

function cancelBoundaryTimers(tx: Tx, tokenId: string): void {
  for (const [id, timer] of Object.entries(tx.s.timers)) {
    if (timer.purpose === 'boundary' && timer.tokenId === tokenId) cancelTimer(tx, id);
  }
}

export function requireActive(tx: Tx): void {
  if (tx.s.status !== 'active')
    throw new CommandError('conflict', `instance ${tx.s._id} is ${tx.s.status}`, [], 'instance.not-active', {
      instanceId: tx.s._id,
      status: tx.s.status,
    });
}
