// Intermediate escalation throw event: raises an escalation to the nearest sub-process that catches it.
import { escalationCode } from '../model/compile-parts.js';
import { throwEscalation } from '../runtime/activity.js';
import { leave } from '../runtime/flow.js';
import type { ElementType } from './element.js';

export const escalationThrow: ElementType = {
  kind: 'escalationThrow',
  classify: (el, event) =>
    el.$type === 'bpmn:IntermediateThrowEvent' && event === 'bpmn:EscalationEventDefinition',
  shape: 'flow',
  compile(_ctx, el, node) {
    node.escalationCode = escalationCode(el.eventDefinitions[0]) ?? node.id;
  },
  execute(tx, token, node) {
    if (throwEscalation(tx, token, node.escalationCode)) leave(tx, tx.s.tokens[token.id] ?? token);
  },
};
