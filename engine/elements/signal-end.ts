// Signal end event: broadcasts its signal (as the intermediate signal throw event, signal-throw.ts), then
// ends its token like a none end event.
import { compileSignal } from '../model/compile-parts.js';
import { checkInclusiveJoins, completeScopeIfDone } from '../runtime/flow.js';
import { throwSignal } from '../runtime/signals.js';
import type { ElementType } from './element.js';

export const signalEnd: ElementType = {
  kind: 'signalEnd',
  classify: (el, event) => el.$type === 'bpmn:EndEvent' && event === 'bpmn:SignalEventDefinition',
  shape: 'end',
  compile(ctx, el, node) {
    node.signal = compileSignal(ctx, el, el.eventDefinitions[0], true);
  },
  execute(tx, token, node) {
    throwSignal(tx, node);
    tx.record('end', { elementId: node.id, from: 'ready', to: 'ended' });
    delete tx.s.tokens[token.id];
    completeScopeIfDone(tx, token.scopeId);
    checkInclusiveJoins(tx, token.scopeId);
  },
};
