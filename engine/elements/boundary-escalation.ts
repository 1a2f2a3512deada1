// Escalation boundary event on a sub-process: catches an escalation thrown inside (throwEscalation).
import { problemOf } from '../model/types.js';
import { escalationCode } from '../model/compile-parts.js';
import { leave } from '../runtime/flow.js';
import type { ElementType } from './element.js';

export const boundaryEscalation: ElementType = {
  kind: 'boundaryEscalation',
  classify: (el, event) => el.$type === 'bpmn:BoundaryEvent' && event === 'bpmn:EscalationEventDefinition',
  shape: 'boundary',
  boundary: {
    hosts: (host) => host.scope === true,
    refusal: (kind) =>
      problemOf(
        'escalation-boundary.host',
        `escalation boundary events are supported on sub-processes only, not on ${kind}`,
        { nodeKind: kind },
      ),
  },
  compile(_ctx, el, node) {
    const code = escalationCode(el.eventDefinitions[0]);
    if (code !== undefined) node.escalationCode = code; // undefined: catches every escalation
  },
  execute: (tx, token) => leave(tx, token),
};
