// A user's in-app notifications as the inbox shows them: newest first with their first items, the unread
// count, marking read. Only the recipient's own notifications are ever read or changed here.
import {
  NotificationRecords,
  withItems,
  type NotificationDoc,
  type WithItems,
} from '../queue/notifications.js';
import type { Store } from '../store/types.js';

/** Items shown with each notification of a page (the rest are counted in `itemCount`). */
const ITEMS_PER_NOTIFICATION = 20;

export class NotificationInbox {
  constructor(private readonly store: Store) {}

  private get col() {
    return new NotificationRecords(this.store);
  }

  /** A page of `recipient`'s notifications (only unread ones with `unreadOnly`), their total, and the unread count. */
  async page(
    recipient: string,
    opts: { unreadOnly: boolean; skip: number; limit: number },
  ): Promise<{ items: WithItems[]; total: number; unread: number }> {
    const [{ items, total }, unread] = await Promise.all([
      this.col.page(recipient, opts),
      this.col.unreadCount(recipient),
    ]);
    return {
      items: await Promise.all(items.map((n) => withItems(this.store, n, ITEMS_PER_NOTIFICATION))),
      total,
      unread,
    };
  }

  /** Marks every unread notification of `recipient` read; answers how many were. */
  async markAllRead(recipient: string): Promise<number> {
    const unread = await this.col.unread(recipient);
    for (const n of unread) await this.col.markRead(recipient, n._id);
    return unread.length;
  }

  /** Marks one notification of `recipient` read; null when `recipient` has none with that id. */
  async markRead(recipient: string, id: string): Promise<NotificationDoc | null> {
    if (!(await this.col.markRead(recipient, id))) return null;
    return this.col.get(id);
  }
}
