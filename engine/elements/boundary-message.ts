// Message boundary event on an activity that waits (a user, service or receive task, a sub-process): while
// the activity is active, a message by name (messageRef) and correlation key (grid:correlationKey or
// <grid:subscription correlationKey>) starts its path — interrupting (a citizen withdrawing the complaint
// cancels the task) or not (a reminder from the citizen opens a side path; the boundary listens again).
import { problemOf } from '../model/types.js';
import { compileMessage } from '../model/compile-parts.js';
import { addSubscription } from '../runtime/activity.js';
import { leave } from '../runtime/flow.js';
import type { ElementType } from './element.js';

export const boundaryMessage: ElementType = {
  kind: 'boundaryMessage',
  classify: (el, event) => el.$type === 'bpmn:BoundaryEvent' && event === 'bpmn:MessageEventDefinition',
  shape: 'boundary',
  // the message is the wait: a cycle through its path is not a busy loop
  waitState: true,
  correlates: true,
  boundary: {
    hosts: (host) => (host.activity === true && host.waitState === true) || host.scope === true,
    refusal: (kind) =>
      problemOf(
        'message-boundary.host',
        `message boundary events attach to tasks that wait (user, service, receive) or sub-processes, not to ${kind}`,
        { nodeKind: kind },
      ),
  },
  compile(ctx, el, node) {
    node.message = compileMessage(
      ctx,
      el,
      el.eventDefinitions[0],
      'message boundary event',
      'message-boundary',
    );
  },
  arm(tx, host, boundary) {
    addSubscription(tx, host, boundary, tx.nextId(`sub-${host.id}-${boundary.id}-`));
  },
  execute: (tx, token) => leave(tx, token),
};
