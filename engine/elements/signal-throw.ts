// Intermediate signal throw event: broadcasts its signal to the cases waiting for it in the unit subtree of
// the throw's scope (grid:signalScope, a grid level, default street; engine/runtime/signals.ts), then goes on.
import { compileSignal } from '../model/compile-parts.js';
import { leave } from '../runtime/flow.js';
import { throwSignal } from '../runtime/signals.js';
import type { ElementType } from './element.js';

export const signalThrow: ElementType = {
  kind: 'signalThrow',
  classify: (el, event) =>
    el.$type === 'bpmn:IntermediateThrowEvent' && event === 'bpmn:SignalEventDefinition',
  shape: 'flow',
  compile(ctx, el, node) {
    node.signal = compileSignal(ctx, el, el.eventDefinitions[0], true);
  },
  execute(tx, token, node) {
    throwSignal(tx, node);
    leave(tx, token);
  },
};
