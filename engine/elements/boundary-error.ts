// Error boundary event on a service task (its worker threw a BpmnError) or a sub-process (an error end event
// inside): catches the errors with its bpmn:error's errorCode, or every error without an errorRef. Always
// interrupting (BPMN 2.0.2 §10.5.4): the host is cancelled and the boundary path starts (throwError).
import { problemOf } from '../model/types.js';
import { coded } from '../model/compile-parts.js';
import { leave } from '../runtime/flow.js';
import type { ElementType } from './element.js';

export const boundaryError: ElementType = {
  kind: 'boundaryError',
  classify: (el, event) => el.$type === 'bpmn:BoundaryEvent' && event === 'bpmn:ErrorEventDefinition',
  shape: 'boundary',
  boundary: {
    // a call activity: a BPMN error its called case does not catch (engine/elements/call-activity.ts)
    hosts: (host) => host.scope === true || host.kind === 'serviceTask' || host.kind === 'callActivity',
    refusal: (kind) =>
      problemOf(
        'error-boundary.host',
        `error boundary events attach to service tasks, call activities or sub-processes, not to ${kind}`,
        { nodeKind: kind },
      ),
  },
  compile(ctx, el, node) {
    if (el.cancelActivity === false)
      coded(
        ctx,
        node.id,
        'error-boundary.non-interrupting',
        'an error boundary event always interrupts its activity: remove cancelActivity="false"',
      );
    const ref = el.eventDefinitions[0].errorRef;
    if (!ref) return; // catches every error
    const code = typeof ref.errorCode === 'string' ? ref.errorCode.trim() : '';
    if (!code)
      coded(ctx, node.id, 'error-boundary.error-code', `error "${ref.id}" needs an errorCode`, {
        error: ref.id,
      });
    else node.errorCode = code;
  },
  execute: (tx, token) => leave(tx, token),
};
