// Plain task (bpmn:Task): an activity without a behaviour of its own. BPMN 2.0.2 §10.3.3 leaves its work
// unspecified; as Camunda does, the engine completes it at once and the token leaves by its outgoing flows.
import { leave } from '../runtime/flow.js';
import type { ElementType } from './element.js';

export const task: ElementType = {
  kind: 'task',
  classify: (el) => el.$type === 'bpmn:Task',
  shape: 'flow',
  activity: true,
  execute: (tx, token) => leave(tx, token),
};
