// Receive task: waits for a message by name (messageRef) and correlation key (grid:correlationKey or
// <grid:subscription correlationKey>), delivered as for an intermediate message catch event
// (engine.correlate → deliverMessage); the message's variables are set on the case. BPMN 2.0.2 §10.3.3.
import { compileMessage } from '../model/compile-parts.js';
import { subscribe } from '../runtime/activity.js';
import type { ElementType } from './element.js';

export const receiveTask: ElementType = {
  kind: 'receiveTask',
  classify: (el) => el.$type === 'bpmn:ReceiveTask',
  shape: 'flow',
  activity: true,
  waitState: true,
  correlates: true,
  compile(ctx, el, node) {
    // instantiate="true" makes a receive task a start of the process: not supported (no message start)
    if (el.instantiate === true)
      ctx.errors.push({
        elementId: node.id,
        message: 'a receive task that instantiates the process (instantiate="true") is not supported',
        code: 'receive-task.instantiate',
        params: { elementId: node.id },
      });
    node.message = compileMessage(ctx, el, el, 'receive task', 'receive-task');
  },
  execute: subscribe,
};
