// Parallel gateway: see selectFlows and the joins in engine/runtime/flow.ts for how it splits and merges.
import { passGateway } from '../runtime/activity.js';
import type { ElementType } from './element.js';

export const parallelGateway: ElementType = {
  kind: 'parallelGateway',
  classify: (el) => el.$type === 'bpmn:ParallelGateway',
  shape: 'flow',
  execute: passGateway,
};
