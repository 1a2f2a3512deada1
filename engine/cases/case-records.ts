// Reading cases and what hangs off them as the API shows them: a case by id, its task documents, whether
// it has a task within a caller's reach, the incidents list, and the open/overdue task counts of the
// metrics. Who may see what is decided by the caller (engine/api/access.ts); the scopes it derives from a
// user come in as opaque store conditions and are only combined here.
import type { TaskDoc } from '../queue/outbox.js';
import type { InstanceState } from '../runtime/types.js';
import { allOf } from '../store-conditions.js';
import type { Doc, Query, Store } from '../store/types.js';

export class CaseRecords {
  constructor(private readonly store: Store) {}

  private get instances() {
    return this.store.collection<InstanceState>('instances');
  }

  private get tasks() {
    return this.store.collection<TaskDoc>('tasks');
  }

  /** The case (its stored state, without history), or null. */
  async instance(id: string): Promise<InstanceState | null> {
    return this.instances.findOne({ _id: id });
  }

  /** Whether the case has a task within `taskScope` (a task visibility condition; null = any task). */
  async hasTaskWithin(instanceId: string, taskScope: Query | null): Promise<boolean> {
    return (await this.tasks.count(allOf({ instanceId }, taskScope))) > 0;
  }

  /** Every task of the case, open and done, in the order they were created. */
  async tasksOf(instanceId: string): Promise<TaskDoc[]> {
    return this.tasks.find({ instanceId }, { sort: { createdAt: 1 } });
  }

  /** A page of the incidents (all, or those in `status`), newest first, with their total. */
  async incidents(
    filter: { status?: string },
    page: { skip: number; limit: number },
  ): Promise<{ items: Doc[]; total: number }> {
    const col = this.store.collection('incidents');
    const query = filter.status ? { status: filter.status } : {};
    const [items, total] = await Promise.all([
      col.find(query, { sort: { at: -1 }, skip: page.skip, limit: page.limit }),
      col.count(query),
    ]);
    return { items, total };
  }

  /** Open user tasks in all; with `dueBefore`, those of them due before that instant (overdue). */
  async openTaskCount(dueBefore?: number): Promise<number> {
    return this.tasks.count(
      dueBefore === undefined ? { status: 'open' } : { status: 'open', dueAt: { $lt: dueBefore } },
    );
  }
}
