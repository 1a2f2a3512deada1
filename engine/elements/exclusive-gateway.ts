// Exclusive gateway: the first outgoing flow whose condition holds, else the default flow; every token
// arriving passes (it merges without waiting).
import { passGateway } from '../runtime/activity.js';
import type { ElementType } from './element.js';

export const exclusiveGateway: ElementType = {
  kind: 'exclusiveGateway',
  classify: (el) => el.$type === 'bpmn:ExclusiveGateway',
  shape: 'flow',
  defaultFlow: true,
  execute: (tx, token, node) => passGateway(tx, token, node, undefined, 'first'),
};
