// Embedded sub-process: a scope of its own; the activity completes when nothing is left inside
// (completeScopeIfDone in engine/runtime/flow.ts).
import { wait } from '../runtime/activity.js';
import type { ElementType } from './element.js';

export const subProcess: ElementType = {
  kind: 'subProcess',
  classify: (el) => el.$type === 'bpmn:SubProcess' && !el.triggeredByEvent,
  shape: 'flow',
  activity: true,
  scope: true,
  execute(tx, token, node) {
    wait(tx, token, 'sub-process');
    const scopeId = tx.nextId('s');
    tx.s.scopes[scopeId] = { id: scopeId, nodeId: node.id, parent: token.scopeId, tokenId: token.id };
    tx.spawnToken(node.startNode!, scopeId, undefined, (token.hops ?? 0) + 1);
  },
};
