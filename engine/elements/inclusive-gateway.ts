// Inclusive gateway: every outgoing flow whose condition holds, else the default flow; with several incoming
// flows it waits until no token that could still reach it is left upstream (engine/runtime/flow.ts).
import { passGateway } from '../runtime/activity.js';
import type { ElementType } from './element.js';

export const inclusiveGateway: ElementType = {
  kind: 'inclusiveGateway',
  classify: (el) => el.$type === 'bpmn:InclusiveGateway',
  shape: 'flow',
  defaultFlow: true,
  execute: (tx, token, node) => passGateway(tx, token, node, 'inclusive', 'conditions'),
};
