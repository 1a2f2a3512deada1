// The application service behind GET /api/stats: closed work from the rollups (query.ts), open work from the
// subtree's open tasks only (bounded by what is open, never by history).
import type { Assessment, TaskFact } from '../sla/assessment.js';
import type { Store } from '../store/types.js';
import { TASK_FACT_FIELDS, taskFactOf, type WorkingMs } from './facts.js';
import { pacer } from './pace.js';
import { assessFromRollups, type RollupQuery } from './query.js';
import { TaskRepository } from '../queue/task-repository.js';

export type AssessRequest = Omit<RollupQuery, 'openTasks' | 'workingMs'> & {
  /** unit codes of the subtree (the unit and everything below) */
  codes: string[];
};

export async function assessSubtree(
  store: Store,
  workingMs: WorkingMs,
  q: AssessRequest,
): Promise<Assessment> {
  const { codes, ...rest } = q;
  const pace = pacer();
  // a district has thousands of open tasks: only what their facts need is read and parsed (a whole task
  // document carries its form data and history of holders), a grid unit at a time (./pace.ts)
  const tasks = new TaskRepository(store);
  const openTasks: TaskFact[] = [];
  for (const code of codes) {
    const open = await pace.slice(() =>
      tasks.matching(
        { gridUnit: code, status: 'open', instanceStatus: 'active' },
        { fields: [...TASK_FACT_FIELDS, 'instanceId', 'gridUnit'] },
      ),
    );
    for (const t of open) openTasks.push(taskFactOf(t, t.instanceId, t.gridUnit));
  }
  return assessFromRollups(store, { ...rest, openTasks, workingMs }, pace);
}
