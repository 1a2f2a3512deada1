// Building blocks the element behaviours (engine/elements) share: parking a token at a wait state, timers,
// boundary events, message subscriptions and escalation propagation. Pure: they change the transition only.

import { DateTime } from 'luxon';
import type { FlowNode, TimerSpec } from '../model/types.js';
import { MAX_HORIZON_DAYS } from '../sla/duration.js';
import { evalFeel, ExpressionError, readsNote } from './feel.js';
import { boundaryHost, variablesAt } from './multi-instance.js';
import {
  arriveAtJoin,
  finishInstance,
  fireJoin,
  hosting,
  killToken,
  leave,
  nextHops,
  selectFlows,
  type FlowSelection,
  type JoinKind,
} from './flow.js';
import type { Tx } from './transition.js';
import { UnhandledBpmnError } from './bpmn-error.js';
import { listenerFor, startEventSubProcess } from './event-scope.js';
import type { Subscription, TimerState, Token } from './types.js';

/** The token rests at its node until `on` happens (task, service, timer, message, sub-process). */
export function wait(tx: Tx, token: Token, on: string): void {
  token.status = 'waiting';
  token.on = on;
  token.since = tx.now;
  if (!hosting(on)) rest(tx, token);
  tx.record('enter', { elementId: token.nodeId, from: 'ready', to: on });
}

/** A token rests at a wait state: its lineage and the sub-process hosts around it start a new budget. */
function rest(tx: Tx, token: Token): void {
  delete token.hops;
  const seen = new Set<string>();
  for (let scope = tx.s.scopes[token.scopeId]; scope?.tokenId && !seen.has(scope.id);) {
    seen.add(scope.id);
    const host = tx.s.tokens[scope.tokenId];
    if (host) delete host.hops;
    scope = scope.parent ? tx.s.scopes[scope.parent] : (undefined as any);
  }
}

export function timerDue(
  tx: Tx,
  spec: TimerSpec,
  scopeId = 'root',
): Pick<TimerState, 'dueAt' | 'cycle' | 'calendar'> {
  const raw = spec.expr.trim().startsWith('=')
    ? String(evalFeel(spec.expr, variablesAt(tx.s, scopeId)))
    : spec.expr.trim();
  if (spec.kind === 'date') {
    const dt = DateTime.fromISO(raw, { zone: tx.ctx.timezone ?? 'Asia/Shanghai' });
    if (!dt.isValid) throw new ExpressionError(spec.expr, `"${raw}" is not an ISO-8601 date-time`);
    if (dt.toMillis() - tx.now > MAX_HORIZON_DAYS * 86_400_000)
      throw new ExpressionError(
        spec.expr,
        `"${raw}" is more than ${MAX_HORIZON_DAYS} days (3 years) ahead${readsNote(spec.expr)}`,
        'timer.horizon',
      );
    return { dueAt: dt.toMillis(), calendar: spec.calendar };
  }
  if (spec.kind === 'cycle') {
    const m = /^R(\d*)\/(.+)$/.exec(raw);
    if (!m) throw new ExpressionError(spec.expr, `"${raw}" is not a repeating interval R[n]/duration`);
    const every = m[2];
    return {
      dueAt: tx.ctx.calendar.addDuration(tx.now, every, spec.calendar),
      cycle: { remaining: m[1] === '' ? -1 : Number(m[1]) - 1, every },
      calendar: spec.calendar,
    };
  }
  return { dueAt: tx.ctx.calendar.addDuration(tx.now, raw, spec.calendar), calendar: spec.calendar };
}

export function addTimer(
  tx: Tx,
  base: Pick<TimerState, 'purpose' | 'nodeId' | 'tokenId'>,
  spec: TimerSpec,
): void {
  const scopeId = (base.tokenId && tx.s.tokens[base.tokenId]?.scopeId) || 'root';
  const timer: TimerState = { id: tx.nextId('tm'), ...base, ...timerDue(tx, spec, scopeId) };
  tx.s.timers[timer.id] = timer;
  tx.emit({ type: 'timer', timer });
}

/**
 * The token waits for a message by name and correlation key (evaluated now, against the case variables);
 * deliverMessage takes it on when a matching message arrives.
 */
export function subscribe(tx: Tx, token: Token, node: FlowNode): void {
  wait(tx, token, 'message');
  addSubscription(tx, token, node, `sub-${token.id}`);
}

/**
 * A subscription of `token` to the message of `node` (the token's own node, or a message boundary event
 * on it: then the message starts the boundary path instead of moving the token).
 */
export function addSubscription(tx: Tx, token: Token, node: FlowNode, id: string): void {
  const key = evalFeel(node.message!.correlationKey, variablesAt(tx.s, token.scopeId));
  if (key === null || key === undefined || key === '')
    throw new ExpressionError(node.message!.correlationKey, 'correlation key evaluated to nothing');
  const subscription: Subscription = {
    id,
    name: node.message!.name,
    correlationKey: String(key),
    nodeId: node.id,
    tokenId: token.id,
  };
  tx.s.subscriptions[subscription.id] = subscription;
  tx.emit({ type: 'subscribe', subscription });
}

/**
 * A boundary event of the activity `host` waits at was triggered (its timer or message): interrupting, the
 * activity is cancelled with everything inside it; either way a token starts on the boundary's path.
 */
export function triggerBoundary(tx: Tx, host: Token, boundary: FlowNode): void {
  if (boundary.cancelActivity !== false) killToken(tx, host);
  tx.spawnToken(boundary.id, host.scopeId);
}

/**
 * Propagates an escalation outwards from the thrower's scope: in each scope, innermost first, an event
 * sub-process of the scope with a matching escalation start event, then a matching boundary catch on the
 * sub-process that is the scope. Returns false when an interrupting catch removed the thrower's scope (the
 * thrower must not continue).
 */
export function throwEscalation(tx: Tx, token: Token, code: string | undefined): boolean {
  tx.record('escalation-thrown', { elementId: token.nodeId, from: 'ready', to: 'thrown', details: { code } });
  const matches = (c: string | undefined) => c === undefined || c === code;
  const seen = new Set<string>();
  for (let scope = tx.s.scopes[token.scopeId]; scope && !seen.has(scope.id);) {
    seen.add(scope.id);
    const esp = listenerFor(tx, scope.id, (s) => s.trigger === 'escalation' && matches(s.escalationCode));
    if (esp) {
      tx.record('escalation-caught', {
        elementId: esp.start.id,
        from: 'armed',
        to: esp.start.interrupting ? 'interrupting' : 'non-interrupting',
        details: { code },
      });
      startEventSubProcess(tx, esp.listener, esp.start, nextHops(token));
      return tx.s.tokens[token.id] !== undefined;
    }
    if (scope.nodeId === 'process') break;
    const host = tx.node(scope.nodeId);
    const catcher = host.boundaries
      .map((id) => tx.node(id))
      .find((b) => b.kind === 'boundaryEscalation' && matches(b.escalationCode));
    const scopeHost = scope.tokenId ? tx.s.tokens[scope.tokenId] : undefined;
    // boundary events of a multi-instance activity belong to its body
    const hostToken = scopeHost && boundaryHost(tx.s, scopeHost);
    if (catcher && hostToken) {
      tx.record('escalation-caught', {
        elementId: catcher.id,
        from: 'armed',
        to: catcher.cancelActivity !== false ? 'interrupting' : 'non-interrupting',
        details: { code },
      });
      if (catcher.cancelActivity !== false) {
        killToken(tx, hostToken);
        tx.spawnToken(catcher.id, hostToken.scopeId, undefined, nextHops(token));
        return false;
      }
      tx.spawnToken(catcher.id, hostToken.scopeId, undefined, nextHops(token));
      return true;
    }
    scope = scope.parent ? tx.s.scopes[scope.parent] : (undefined as any);
  }
  return true;
}

/**
 * A token on a gateway: a join (`join` given and more than one incoming flow) waits for its arrivals and
 * leaves once per firing; otherwise the token leaves at once by the flows chosen `how`.
 */
export function passGateway(
  tx: Tx,
  token: Token,
  node: FlowNode,
  join: JoinKind | undefined,
  how: FlowSelection,
): void {
  if (join && node.incoming.length > 1 && !token.joined) {
    if (!arriveAtJoin(tx, token, join)) return;
    const merged = fireJoin(tx, token.scopeId, node.id, join);
    leave(tx, merged, selectFlows(tx, node, how, token.scopeId));
    return;
  }
  leave(tx, token, selectFlows(tx, node, how, token.scopeId));
}

/**
 * Raises a BPMN error from the token's activity: caught by a matching error boundary event on the activity
 * itself (a service task whose worker raised it); else, scope by scope outwards, by an event sub-process of
 * the scope with a matching error start event, then by an error boundary event on the sub-process that is
 * the scope. Either catch interrupts: the host (or the scope's other work) is cancelled with everything
 * inside it and the catching path starts. Nothing catching it: UnhandledBpmnError (the token becomes an
 * incident where it stands).
 */
export function throwError(tx: Tx, token: Token, code: string, detail?: string): void {
  tx.record('error-thrown', { elementId: token.nodeId, from: 'ready', to: 'thrown', details: { code } });
  const matches = (c: string | undefined) => c === undefined || c === code;
  const caught = (elementId: string) =>
    tx.record('error-caught', { elementId, from: 'armed', to: 'interrupting', details: { code } });
  const hops = nextHops(token);
  /** a matching error boundary on `node`, whose token is `host`: caught there */
  const byBoundary = (node: FlowNode, host: Token | undefined): boolean => {
    const catcher = node.boundaries
      .map((id) => tx.node(id))
      .find((b) => b.kind === 'boundaryError' && matches(b.errorCode));
    // boundary events of a multi-instance activity belong to its body, not to the instance that threw
    const hostToken = host && boundaryHost(tx.s, host);
    if (!catcher || !hostToken) return false;
    caught(catcher.id);
    killToken(tx, hostToken);
    tx.spawnToken(catcher.id, hostToken.scopeId, undefined, hops);
    return true;
  };
  if (byBoundary(tx.node(token.nodeId), token)) return;
  const seen = new Set<string>();
  for (let scope = tx.s.scopes[token.scopeId]; scope && !seen.has(scope.id);) {
    seen.add(scope.id);
    const esp = listenerFor(tx, scope.id, (s) => s.trigger === 'error' && matches(s.errorCode));
    if (esp) {
      caught(esp.start.id);
      startEventSubProcess(tx, esp.listener, esp.start, hops);
      return;
    }
    if (scope.nodeId === 'process') break;
    if (byBoundary(tx.node(scope.nodeId), scope.tokenId ? tx.s.tokens[scope.tokenId] : undefined)) return;
    scope = scope.parent ? tx.s.scopes[scope.parent] : (undefined as any);
  }
  // a called case whose parent catches this error at its call activity ends, and the parent throws it there
  const catches = tx.s.parent?.catches;
  if (catches?.includes(code) || catches?.includes('*')) {
    tx.s.endError = { code, ...(detail ? { message: detail } : {}) };
    finishInstance(tx, 'terminated', `BPMN error ${code}`);
    return;
  }
  throw new UnhandledBpmnError(code, detail);
}
