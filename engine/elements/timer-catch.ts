// Intermediate timer catch event: waits for a duration, a date or (not here) a cycle.
import { compileTimer } from '../model/compile-parts.js';
import { addTimer, wait } from '../runtime/activity.js';
import type { ElementType } from './element.js';

export const timerCatch: ElementType = {
  kind: 'timerCatch',
  classify: (el, event) =>
    el.$type === 'bpmn:IntermediateCatchEvent' && event === 'bpmn:TimerEventDefinition',
  shape: 'flow',
  waitState: true,
  compile(ctx, el, node) {
    node.timer = compileTimer(ctx, node.id, el.eventDefinitions[0], 'catch');
  },
  execute(tx, token, node) {
    wait(tx, token, 'timer');
    addTimer(tx, { purpose: 'catch', nodeId: node.id, tokenId: token.id }, node.timer!);
  },
};
