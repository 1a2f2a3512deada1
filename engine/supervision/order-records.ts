// The stored 督办单 / 交办单 (supervision orders): the one module that opens the `supervisions` collection
// (engine/store/collection-owners.json). SupervisionOrders issues, lists and answers them; the order timers
// (engine/queue/orders.ts), the recovery of their deadlines, the case list and the case file read them here.
import type { SupervisionDoc } from '../queue/orders.js';
import type { Query, Store } from '../store/types.js';

export class OrderRecords {
  constructor(private readonly store: Store) {}

  private get col() {
    return this.store.collection<SupervisionDoc>('supervisions');
  }

  async get(id: string): Promise<SupervisionDoc | null> {
    return this.col.findOne({ _id: id });
  }

  /** The orders on one case, oldest first; at most `limit` when given. */
  async ofCase(instanceId: string, limit?: number): Promise<SupervisionDoc[]> {
    return this.col.find({ instanceId }, { sort: { createdAt: 1 }, ...(limit ? { limit } : {}) });
  }

  /** A page of the orders matching `condition` (a viewer's, a status), newest first, with their total. */
  async page(
    condition: Query,
    page: { skip: number; limit: number },
  ): Promise<{ items: SupervisionDoc[]; total: number }> {
    const [items, total] = await Promise.all([
      this.col.find(condition, { sort: { createdAt: -1 }, skip: page.skip, limit: page.limit }),
      this.col.count(condition),
    ]);
    return { items, total };
  }

  /** Stores a new order; rejects with DuplicateKeyError when its id exists. */
  async insert(doc: SupervisionDoc): Promise<void> {
    await this.col.insert(doc);
  }

  /** Sets fields of the order while it is open; false (nothing written) when it is not open any more. */
  async setIfOpen(id: string, set: Record<string, unknown>): Promise<boolean> {
    return (await this.col.updateOne({ _id: id, status: 'open' }, { $set: set })).matched > 0;
  }

  /** A page (by id) of the open orders whose deadline has not been noticed yet. */
  async openUnnoticed(skip: number, limit: number): Promise<SupervisionDoc[]> {
    return this.col.find(
      { status: 'open', overdueAt: { $exists: false } },
      { sort: { _id: 1 }, skip, limit },
    );
  }

  /** The cases of the newest `limit` open orders, by reply date. */
  async casesWithOpenOrders(limit: number): Promise<string[]> {
    const open = await this.col.find({ status: 'open' }, { sort: { replyDueAt: -1 }, limit });
    return [...new Set(open.map((o) => o.instanceId))];
  }
}
