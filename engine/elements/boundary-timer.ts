// Timer boundary event on an activity that waits: interrupting, or not (then also as a cycle R[n]/…).
// Armed when a token enters the host (arm); fireTimer (semantics.ts) starts its path.
import { problemOf } from '../model/types.js';
import { compileTimer } from '../model/compile-parts.js';
import { addTimer } from '../runtime/activity.js';
import { leave } from '../runtime/flow.js';
import type { ElementType } from './element.js';

export const boundaryTimer: ElementType = {
  kind: 'boundaryTimer',
  classify: (el, event) => el.$type === 'bpmn:BoundaryEvent' && event === 'bpmn:TimerEventDefinition',
  shape: 'boundary',
  // the timer is the wait: a cycle through its path is not a busy loop
  waitState: true,
  boundary: {
    hosts: (host) => (host.activity === true && host.waitState === true) || host.scope === true,
    refusal: (kind) =>
      problemOf(
        'timer-boundary.host',
        `timer boundary events attach to tasks that wait (user, service, receive) or sub-processes, not to ${kind}`,
        { nodeKind: kind },
      ),
  },
  compile(ctx, el, node) {
    const placement = node.cancelActivity ? 'interrupting' : 'non-interrupting';
    node.timer = compileTimer(ctx, node.id, el.eventDefinitions[0], placement);
  },
  arm(tx, host, boundary) {
    addTimer(tx, { purpose: 'boundary', nodeId: boundary.id, tokenId: host.id }, boundary.timer!);
  },
  execute: (tx, token) => leave(tx, token),
};
