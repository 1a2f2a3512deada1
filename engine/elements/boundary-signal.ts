// Signal boundary event on an activity that waits (a user, service or receive task, a sub-process): while
// the activity is active, a signal by name starts its path — interrupting (the activity is cancelled) or
// not (a side path; the boundary listens again under a new subscription). Delivered by deliverSignal.
import { problemOf } from '../model/types.js';
import { compileSignal } from '../model/compile-parts.js';
import { leave } from '../runtime/flow.js';
import { addSignalSubscription } from '../runtime/signals.js';
import type { ElementType } from './element.js';

export const boundarySignal: ElementType = {
  kind: 'boundarySignal',
  classify: (el, event) => el.$type === 'bpmn:BoundaryEvent' && event === 'bpmn:SignalEventDefinition',
  shape: 'boundary',
  // the signal is the wait: a cycle through its path is not a busy loop
  waitState: true,
  boundary: {
    hosts: (host) => (host.activity === true && host.waitState === true) || host.scope === true,
    refusal: (kind) =>
      problemOf(
        'signal-boundary.host',
        `signal boundary events attach to tasks that wait (user, service, receive) or sub-processes, not to ${kind}`,
        { nodeKind: kind },
      ),
  },
  compile(ctx, el, node) {
    node.signal = compileSignal(ctx, el, el.eventDefinitions[0]);
  },
  arm(tx, host, boundary) {
    addSignalSubscription(tx, host, boundary, tx.nextId(`sub-${host.id}-${boundary.id}-`));
  },
  execute: (tx, token) => leave(tx, token),
};
