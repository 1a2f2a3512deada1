// A user's in-app notifications as the inbox shows them: newest first with their first items, the unread
// count, marking read. Only the recipient's own notifications are ever read or changed here.
import { withItems, type NotificationDoc, type WithItems } from '../queue/notifications.js';
import type { Store } from '../store/types.js';

/** Items shown with each notification of a page (the rest are counted in `itemCount`). */
const ITEMS_PER_NOTIFICATION = 20;

export class NotificationInbox {
  constructor(private readonly store: Store) {}

  private get col() {
    return this.store.collection<NotificationDoc>('notifications');
  }

  /** A page of `recipient`'s notifications (only unread ones with `unreadOnly`), their total, and the unread count. */
  async page(
    recipient: string,
    opts: { unreadOnly: boolean; skip: number; limit: number },
  ): Promise<{ items: WithItems[]; total: number; unread: number }> {
    const query = opts.unreadOnly ? { $and: [{ recipient }, { read: false }] } : { recipient };
    const [items, total, unread] = await Promise.all([
      this.col.find(query, { sort: { at: -1 }, skip: opts.skip, limit: opts.limit }),
      this.col.count(query),
      this.col.count({ recipient, read: false }),
    ]);
    return {
      items: await Promise.all(items.map((n) => withItems(this.store, n, ITEMS_PER_NOTIFICATION))),
      total,
      unread,
    };
  }

  /** Marks every unread notification of `recipient` read; answers how many were. */
  async markAllRead(recipient: string): Promise<number> {
    const unread = await this.col.find({ recipient, read: false });
    for (const n of unread) await this.col.updateOne({ _id: n._id, recipient }, { $set: { read: true } });
    return unread.length;
  }

  /** Marks one notification of `recipient` read; null when `recipient` has none with that id. */
  async markRead(recipient: string, id: string): Promise<NotificationDoc | null> {
    const res = await this.col.updateOne({ _id: id, recipient }, { $set: { read: true } });
    if (!res.matched) return null;
    return this.col.findOne({ _id: id });
  }
}
