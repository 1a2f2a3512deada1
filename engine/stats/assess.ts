// The application service behind GET /api/stats: closed work from the rollups (query.ts), open work from the
// subtree's open tasks only (bounded by what is open, never by history).
import type { TaskDoc } from '../queue/outbox.js';
import type { Assessment } from '../sla/assessment.js';
import type { Store } from '../store/types.js';
import { taskFactOf, type WorkingMs } from './facts.js';
import { assessFromRollups, type RollupQuery } from './query.js';

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
  const open = await store.collection<TaskDoc>('tasks').find({ gridUnit: { $in: codes }, status: 'open' });
  return assessFromRollups(store, {
    ...rest,
    openTasks: open
      .filter((t) => t.instanceStatus === 'active')
      .map((t) => taskFactOf(t, t.instanceId, t.gridUnit)),
    workingMs,
  });
}
