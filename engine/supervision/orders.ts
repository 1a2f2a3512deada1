// 督办单 / 交办单 (supervision orders) as the API issues, lists and answers them, with the case-history
// records each act leaves. Their reply deadlines (reminder, overdue notice) are timer jobs handled in
// engine/queue/orders.ts; who may issue, see or answer an order is the caller's decision.
import type { HistoryRecord } from '../runtime/types.js';
import { appendCaseHistory } from '../retention/case-history.js';
import {
  notifyOrder,
  orderRecipients,
  scheduleOrderTimers,
  type OrderDeps,
  type SupervisionDoc,
} from '../queue/orders.js';
import { allOf } from '../store-conditions.js';
import { OrderRecords } from './order-records.js';
import type { Store } from '../store/types.js';

/** The orders a viewer sees: issued by them, addressed to one of their units, or under their supervision. */
export interface OrderViewer {
  username: string;
  /** every unit the viewer holds a role at */
  units: string[];
  /** units whose subtrees the viewer supervises */
  supervises: string[];
}

/** `overdue`: open past its reply date; `open`: open and not yet due. */
export type OrderStatus = 'open' | 'replied' | 'overdue';

export class SupervisionOrders {
  constructor(private readonly deps: OrderDeps) {}

  private get store(): Store {
    return this.deps.store;
  }

  private get col() {
    return new OrderRecords(this.store);
  }

  async get(id: string): Promise<SupervisionDoc | null> {
    return this.col.get(id);
  }

  /** The orders on one case, oldest first. */
  async ofCase(instanceId: string): Promise<SupervisionDoc[]> {
    return this.col.ofCase(instanceId);
  }

  /**
   * A page of the orders `viewer` sees (`null`: all) in `status` as of `now`, optionally of one case, newest
   * first, with their total.
   */
  async page(
    viewer: OrderViewer | null,
    filter: { status?: OrderStatus; instanceId?: string },
    now: number,
    page: { skip: number; limit: number },
  ): Promise<{ items: SupervisionDoc[]; total: number }> {
    const access = viewer
      ? {
          $or: [
            { createdBy: viewer.username },
            { 'target.unit': { $in: viewer.units } },
            ...(viewer.supervises.length ? [{ unitPath: { $in: viewer.supervises } }] : []),
          ],
        }
      : null;
    const status =
      filter.status === 'replied'
        ? { status: 'replied' }
        : filter.status === 'overdue'
          ? { status: 'open', replyDueAt: { $lt: now } }
          : filter.status === 'open'
            ? { status: 'open', replyDueAt: { $gte: now } }
            : null;
    const query = allOf(access, status, filter.instanceId ? { instanceId: filter.instanceId } : null);
    return this.col.page(query, page);
  }

  /**
   * Records a new order: stores it, schedules its reminder and deadline, and notes it in the case's history
   * as sent to `to` (the unit, or `role@unit`). Notifying the addressees is the caller's next step.
   */
  async issue(doc: SupervisionDoc, to: string): Promise<void> {
    await this.col.insert(doc);
    await scheduleOrderTimers(this.deps.queues, doc, doc.createdAt);
    await this.appendHistory({
      _id: `${doc.instanceId}.${doc._id}`,
      instanceId: doc.instanceId,
      at: doc.createdAt,
      actor: doc.createdBy,
      action: `supervision-${doc.kind}`,
      to,
      details: { orderId: doc._id, replyDueAt: doc.replyDueAt },
    });
  }

  /**
   * Answers an open order and notes the reply in the case's history; false (and nothing written) when the
   * order is not open any more.
   */
  async reply(d: SupervisionDoc, reply: NonNullable<SupervisionDoc['reply']>): Promise<boolean> {
    if (!(await this.col.setIfOpen(d._id, { status: 'replied', reply }))) return false;
    await this.appendHistory({
      _id: `${d.instanceId}.${d._id}.reply`,
      instanceId: d.instanceId,
      at: reply.at,
      actor: reply.by,
      action: `supervision-${d.kind}-replied`,
      details: { orderId: d._id, late: reply.late },
    });
    return true;
  }

  /** Everyone the order is addressed to (engine/queue/orders.ts orderRecipients). */
  async recipients(target: SupervisionDoc['target']): Promise<string[]> {
    return orderRecipients(this.store, target);
  }

  /** Notifies `to` about the order, in-app and on every channel; a repeat of the same `key` adds nothing. */
  async notify(to: string[], d: SupervisionDoc, notice: Parameters<typeof notifyOrder>[3]): Promise<void> {
    await notifyOrder(this.deps, to, d, notice);
  }

  /** The one place an API act on an order writes case history (idempotent by the record's id). */
  private async appendHistory(record: HistoryRecord): Promise<void> {
    // filtered by the definition's history level like the records of steps (engine/retention)
    await appendCaseHistory(this.store, await this.deps.historyLevel?.(record.instanceId), [record]);
  }
}
