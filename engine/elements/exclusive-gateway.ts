// Exclusive gateway: see selectFlows and the joins in engine/runtime/flow.ts for how it splits and merges.
import { passGateway } from '../runtime/activity.js';
import type { ElementType } from './element.js';

export const exclusiveGateway: ElementType = {
  kind: 'exclusiveGateway',
  classify: (el) => el.$type === 'bpmn:ExclusiveGateway',
  shape: 'flow',
  defaultFlow: true,
  execute: passGateway,
};
