// User task: a task for the candidate roles of a grid unit, with its SLA and escalation ladder (grid:*).
import { coded, compileGrid } from '../model/compile-parts.js';
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
      if (el[attr] !== undefined)
        coded(ctx, node.id, 'grid.service-task-only', `grid:${attr} applies to service tasks only`, {
          attribute: attr,
        });
    node.grid = compileGrid(ctx, el);
  },
  execute(tx, token) {
    wait(tx, token, 'task');
    createUserTask(tx, token);
  },
};
