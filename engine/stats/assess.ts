// The application service behind GET /api/stats: closed work from the rollups (query.ts), open work from the
// subtree's open tasks that count at now only (bounded by what is overdue or parked, never by history).
import type { Assessment, TaskFact } from '../sla/assessment.js';
import type { Store } from '../store/types.js';
import { OPEN_FACT_FIELDS, TASK_FACT_FIELDS, taskFactOf, type WorkingMs } from './facts.js';
import { pacer } from './pace.js';
import { assessFromRollups, type RollupQuery } from './query.js';
import { TaskRepository } from '../queue/task-repository.js';
import { countsFromReady } from './counts-from-backfill.js';

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
  // only what their facts need is read and parsed (a whole task document carries its form data and history
  // of holders), a grid unit at a time (./pace.ts)
  const fields = [...TASK_FACT_FIELDS, 'instanceId', 'gridUnit'];
  const tasks = new TaskRepository(store);
  // an open task adds to a figure at `now` only when it breached its SLA by then or is parked
  // (engine/sla/assessment.ts countsFrom): its overdue and parked open tasks only, not those without an SLA
  // or not yet due, one range of the (gridUnit, countsFrom) index each grid. Until every open task carries the field
  // (./counts-from-backfill.ts), all of them are read (with every field of a fact), as before. The counting
  // ones are read with the fields their part of the figures needs (./facts.ts OPEN_FACT_FIELDS): an
  // escalated task's history of escalations is most of what is read.
  const counting = await countsFromReady(store);
  const openTasks: TaskFact[] = [];
  for (const code of codes) {
    const open = await pace.slice(() =>
      counting
        ? tasks.countingAt(code, q.now, OPEN_FACT_FIELDS)
        : tasks.matching({ gridUnit: code, status: 'open', instanceStatus: 'active' }, { fields }),
    );
    for (const t of open) openTasks.push(taskFactOf(t, t.instanceId, t.gridUnit));
  }
  return assessFromRollups(store, { ...rest, openTasks, workingMs }, pace);
}
