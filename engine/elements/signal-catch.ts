// Intermediate signal catch event: waits for a signal by name (signalRef), thrown by a case whose scope
// subtree holds this case's grid unit, or by an admin or supervisor (POST /api/signals). Signals are
// broadcast: every case waiting for the name in the subtree catches it. BPMN 2.0.2 §10.5.
import { compileSignal } from '../model/compile-parts.js';
import { awaitSignal } from '../runtime/signals.js';
import type { ElementType } from './element.js';

export const signalCatch: ElementType = {
  kind: 'signalCatch',
  classify: (el, event) =>
    el.$type === 'bpmn:IntermediateCatchEvent' && event === 'bpmn:SignalEventDefinition',
  shape: 'flow',
  waitState: true,
  compile(ctx, el, node) {
    node.signal = compileSignal(ctx, el, el.eventDefinitions[0]);
  },
  execute: awaitSignal,
};
