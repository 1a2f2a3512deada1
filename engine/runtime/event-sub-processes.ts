// Arming the event sub-processes of a scope (see event-scope.ts): when a scope's start event runs, each
// event sub-process declared in that scope gets a listener token owning what its start event waits for — a
// message subscription (correlation key evaluated now) or a timer (on its calendar). Error and escalation
// start events need nothing armed: throwError / throwEscalation (activity.ts) look for their listeners.
import type { FlowNode } from '../model/types.js';
import { addSubscription, addTimer } from './activity.js';
import { LISTENING, scopeNodeOf } from './event-scope.js';
import type { Tx } from './transition.js';
import type { Token } from './types.js';

/** Arms the event sub-processes declared in scope `scopeId` (once: a scope already armed is left alone). */
export function armEventSubProcesses(tx: Tx, scopeId: string): void {
  const parent = scopeNodeOf(tx, scopeId);
  for (const node of Object.values(tx.def.nodes)) {
    if (node.kind !== 'eventSubProcess' || node.parent !== parent || !node.startNode) continue;
    const armed = Object.values(tx.s.tokens).some(
      (t) => t.scopeId === scopeId && t.nodeId === node.id && t.on === LISTENING,
    );
    if (armed) continue;
    const listener: Token = {
      id: tx.nextId('t'),
      nodeId: node.id,
      scopeId,
      status: 'waiting',
      on: LISTENING,
      since: tx.now,
    };
    tx.s.tokens[listener.id] = listener;
    listen(tx, listener, tx.node(node.startNode));
  }
}

/** The listener waits for the trigger of `start` (again, after a non-interrupting message). */
export function listen(tx: Tx, listener: Token, start: FlowNode): void {
  if (start.trigger === 'message')
    addSubscription(tx, listener, start, tx.nextId(`sub-${listener.id}-${start.id}-`));
  else if (start.trigger === 'timer')
    addTimer(tx, { purpose: 'catch', nodeId: start.id, tokenId: listener.id }, start.timer!);
}
