// None intermediate throw event (bpmn:IntermediateThrowEvent without an event definition): marks a state the
// case reached — a milestone such as "已受理" — and passes on at once (BPMN 2.0.2 §10.5.4); its history
// records show when the case got there.
import { leave } from '../runtime/flow.js';
import type { ElementType } from './element.js';

export const noneThrowEvent: ElementType = {
  kind: 'noneThrowEvent',
  classify: (el, event) => el.$type === 'bpmn:IntermediateThrowEvent' && event === 'none',
  shape: 'flow',
  execute: (tx, token) => leave(tx, token),
};
