// Inclusive gateway: see selectFlows and the joins in engine/runtime/flow.ts for how it splits and merges.
import { passGateway } from '../runtime/activity.js';
import type { ElementType } from './element.js';

export const inclusiveGateway: ElementType = {
  kind: 'inclusiveGateway',
  classify: (el) => el.$type === 'bpmn:InclusiveGateway',
  shape: 'flow',
  defaultFlow: true,
  execute: passGateway,
};
