// Manual task (bpmn:ManualTask): work done outside any system (BPMN 2.0.2 §10.3.3); the engine does not
// track it and, as Camunda does, completes it at once: the token leaves by its outgoing flows.
import { leave } from '../runtime/flow.js';
import type { ElementType } from './element.js';

export const manualTask: ElementType = {
  kind: 'manualTask',
  classify: (el) => el.$type === 'bpmn:ManualTask',
  shape: 'flow',
  activity: true,
  execute: (tx, token) => leave(tx, token),
};
