// Signals across cases, scoped to a unit subtree. A throw (signal intermediate throw or end event) names a
// signal and reaches every case waiting for that signal name whose grid unit lies in the subtree of the
// thrower's scope unit: the unit at the throw's grid:signalScope level (default street) in the throwing case's
// unit chain — or the case's own unit when its chain has no unit at that level (a case opened above it).
// The throw is an effect: the I/O edge (engine/queue/signals.ts) finds the waiting subscriptions by an indexed
// query and sends one delivery job per receiving case, which deliverSignal (semantics.ts) runs. Pure.
import type { FlowNode } from '../model/types.js';
import { wait } from './activity.js';
import type { Tx } from './transition.js';
import type { InstanceState, SignalThrow, Subscription, Token } from './types.js';

/** The root of the subtree a signal thrown by `state` at `level` reaches (see the header). */
export function signalScopeUnit(state: Pick<InstanceState, 'unitChain' | 'gridUnit'>, level: string): string {
  return state.unitChain.find((u) => u.level === level)?.code ?? state.gridUnit;
}

/** A subscription of `token` to the signal of `node` (its own node, a boundary on it, or a gateway target). */
export function addSignalSubscription(tx: Tx, token: Token, node: FlowNode, id: string): void {
  const subscription: Subscription = {
    id,
    name: node.signal!.name,
    nodeId: node.id,
    tokenId: token.id,
    signal: true,
  };
  tx.s.subscriptions[subscription.id] = subscription;
  tx.emit({ type: 'subscribe', subscription });
}

/** The token waits at a signal catch event for its signal. */
export function awaitSignal(tx: Tx, token: Token, node: FlowNode): void {
  wait(tx, token, 'signal');
  addSignalSubscription(tx, token, node, `sub-${token.id}`);
}

/** Throws the signal of `node` from the case (the throwing token goes on as its element decides). */
export function throwSignal(tx: Tx, node: FlowNode): SignalThrow {
  const level = node.signal!.scopeLevel ?? 'street';
  const signal: SignalThrow = {
    // deterministic: a transition retried after a conflict throws the same signal, delivered once per case
    id: `${tx.s._id}.${tx.nextId('sg')}`,
    name: node.signal!.name,
    unit: signalScopeUnit(tx.s, level),
    variables: {},
  };
  tx.record('signal-thrown', {
    elementId: node.id,
    from: 'ready',
    to: 'thrown',
    details: { name: signal.name, unit: signal.unit, signalId: signal.id },
  });
  tx.emit({ type: 'signal', signal });
  return signal;
}
