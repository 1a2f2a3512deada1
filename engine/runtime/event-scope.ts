// Event sub-processes (BPMN 2.0.2 §10.3.5, triggeredByEvent="true"): while a scope (the process, a
// sub-process, a running event sub-process) is active, each event sub-process declared in it listens for the
// trigger of its start event — a message, a timer, a BPMN error or an escalation raised inside the scope.
// The listener is a token resting at the event sub-process node (on: 'event-subprocess') that owns the
// message subscription or timer, so disarming is what happens to any token: killed with its scope (the
// scope completes, an interrupting boundary or event sub-process cancels it, the case ends). A listener is
// not work of its scope: the scope completes without waiting for it.
//
// Triggered, the event sub-process runs as an instance of its own (a token waiting at the node, on
// 'sub-process', hosting an inner scope) beside the scope's tokens — or, interrupting, after every other
// token of the scope (tasks, timers, subscriptions, other listeners and instances) was cancelled. Either
// way the enclosing scope completes once its tokens and its running event sub-processes have ended.
// Arming (which needs the subscription and timer helpers of activity.ts) is in event-sub-processes.ts.
import type { FlowNode } from '../model/types.js';
import { killToken } from './flow.js';
import type { Tx } from './transition.js';
import type { Token } from './types.js';

/** What a listener token waits on. */
export const LISTENING = 'event-subprocess';

/** A token listening for an event sub-process's trigger (not work its scope waits for). */
export const isListener = (token: Token): boolean => token.on === LISTENING;

/** The node id of a scope as FlowNode.parent names it (undefined for the process). */
export function scopeNodeOf(tx: Tx, scopeId: string): string | undefined {
  const scope = tx.s.scopes[scopeId];
  return !scope || scope.nodeId === 'process' ? undefined : scope.nodeId;
}

/** The listener in `scopeId` of an event sub-process whose start event `matches`, with that start event. */
export function listenerFor(
  tx: Tx,
  scopeId: string,
  matches: (start: FlowNode) => boolean,
): { listener: Token; start: FlowNode } | undefined {
  for (const token of Object.values(tx.s.tokens)) {
    if (token.scopeId !== scopeId || !isListener(token)) continue;
    const start = tx.node(tx.node(token.nodeId).startNode!);
    if (matches(start)) return { listener: token, start };
  }
  return undefined;
}

/**
 * The trigger of `start` (the start event of the event sub-process `listener` listens for) happened:
 * interrupting, everything else in the scope is cancelled (the listener too: it fires once); then an
 * instance of the event sub-process starts in the scope. Returns the instance's token (ready).
 */
export function startEventSubProcess(tx: Tx, listener: Token, start: FlowNode, hops = 1): Token {
  const scopeId = listener.scopeId;
  tx.record('event-subprocess-triggered', {
    elementId: start.id,
    from: 'armed',
    to: start.interrupting ? 'interrupting' : 'non-interrupting',
    details: { trigger: start.trigger },
  });
  if (start.interrupting) {
    for (const token of Object.values(tx.s.tokens)) if (token.scopeId === scopeId) killToken(tx, token);
    for (const key of Object.keys(tx.s.joins)) if (key.startsWith(`${scopeId}/`)) delete tx.s.joins[key];
  }
  return tx.spawnToken(listener.nodeId, scopeId, undefined, hops);
}
