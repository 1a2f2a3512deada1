// Parallel gateway: forks into every outgoing flow; with several incoming flows it waits for a token on
// each (engine/runtime/flow.ts, the joins).
import { passGateway } from '../runtime/activity.js';
import type { ElementType } from './element.js';

export const parallelGateway: ElementType = {
  kind: 'parallelGateway',
  classify: (el) => el.$type === 'bpmn:ParallelGateway',
  shape: 'flow',
  execute: (tx, token, node) => passGateway(tx, token, node, 'parallel', 'all'),
};
