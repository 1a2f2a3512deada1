// End event: none, terminate (ends every token of its scope) or escalation (throws, then ends).
import { escalationCode } from '../model/compile-parts.js';
import { throwEscalation } from '../runtime/activity.js';
import { checkInclusiveJoins, clearScope, completeScopeIfDone, finishInstance } from '../runtime/flow.js';
import type { ElementType } from './element.js';

const EVENTS = ['none', 'bpmn:TerminateEventDefinition', 'bpmn:EscalationEventDefinition'];

export const endEvent: ElementType = {
  kind: 'endEvent',
  classify: (el, event) => el.$type === 'bpmn:EndEvent' && EVENTS.includes(event),
  shape: 'end',
  compile(_ctx, el, node) {
    const def = el.eventDefinitions?.[0];
    if (def?.$type === 'bpmn:TerminateEventDefinition') node.terminate = true;
    if (def?.$type === 'bpmn:EscalationEventDefinition') node.escalationCode = escalationCode(def) ?? node.id;
  },
  execute(tx, token, node) {
    tx.record('end', {
      elementId: node.id,
      from: 'ready',
      to: node.terminate ? 'terminated' : 'ended',
      details: node.terminate ? { terminate: true } : undefined,
    });
    if (node.escalationCode !== undefined) {
      if (!throwEscalation(tx, token, node.escalationCode)) return; // interrupted its own scope
    }
    delete tx.s.tokens[token.id];
    if (node.terminate) {
      const scope = tx.s.scopes[token.scopeId];
      clearScope(tx, token.scopeId);
      if (scope.nodeId === 'process') {
        finishInstance(tx, 'completed');
        return;
      }
    }
    completeScopeIfDone(tx, token.scopeId);
    checkInclusiveJoins(tx, token.scopeId);
  },
};
