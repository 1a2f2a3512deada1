// Entering a multi-instance activity (see multi-instance.ts): the token becomes the body, the number of
// instances is evaluated once, and the instances start — all at once (parallel) or the first (sequential).
// No instance at all (an empty collection, a cardinality of 0): the activity completes at once, as Camunda.
import type { FlowNode } from '../model/types.js';
import { wait } from './activity.js';
import { finishBody } from './flow.js';
import { plannedInstances, startInstance } from './multi-instance.js';
import type { Tx } from './transition.js';
import type { Token } from './types.js';

/**
 * `run` executes an instance token on the activity's own behaviour: the instances start inside the body's
 * step rather than each as a step of its own (one step is one restore point, a copy of the whole case:
 * a thousand of them would cost a thousand copies).
 */
export function enterBody(tx: Tx, token: Token, node: FlowNode, run: (instance: Token) => void): void {
  const { count, items } = plannedInstances(tx, token, node);
  wait(tx, token, 'multi-instance');
  const sequential = node.multiInstance!.sequential;
  token.body = { total: count, completed: 0, active: 0, started: 0 };
  if (sequential && items) token.body.items = items;
  tx.record('multi-instance-entered', {
    elementId: node.id,
    from: 'ready',
    to: sequential ? 'sequential' : 'parallel',
    details: { nrOfInstances: count },
  });
  if (count === 0) {
    finishBody(tx, token, node);
    return;
  }
  for (let i = 0; i < (sequential ? 1 : count); i += 1) startInstance(tx, token, node, i, items?.[i], run);
}
