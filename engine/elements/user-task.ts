// User task: a task for the candidate roles of a grid unit, with its SLA and escalation ladder (grid:*).
import { compileGrid, problem } from '../model/compile-parts.js';
import { wait } from '../runtime/activity.js';
import { createUserTask } from '../runtime/tasks.js';
import type { ElementType } from './element.js';

export const userTask: ElementType = {
  kind: 'userTask',
  classify: (el) => el.$type === 'bpmn:UserTask',
  shape: 'flow',
  activity: true,
  waitState: true,
  escalates: true,
  compile(ctx, el, node) {
    for (const attr of ['workerType', 'retries', 'type', 'topic', 'topicVariables'])
      if (el[attr] !== undefined) problem(ctx, node.id, `grid:${attr} applies to service tasks only`);
    node.grid = compileGrid(ctx, el);
  },
  execute(tx, token) {
    wait(tx, token, 'task');
    createUserTask(tx, token);
  },
};
