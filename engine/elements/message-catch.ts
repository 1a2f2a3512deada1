// Intermediate message catch event: waits for a message by name and correlation key (engine.correlate).
import { compileMessage } from '../model/compile-parts.js';
import { subscribe } from '../runtime/activity.js';
import type { ElementType } from './element.js';

export const messageCatch: ElementType = {
  kind: 'messageCatch',
  classify: (el, event) =>
    el.$type === 'bpmn:IntermediateCatchEvent' && event === 'bpmn:MessageEventDefinition',
  shape: 'flow',
  waitState: true,
  correlates: true,
  compile(ctx, el, node) {
    node.message = compileMessage(ctx, el, el.eventDefinitions[0]);
  },
  execute: subscribe,
};
