// Notification records: one per recipient (a batch of escalations due at the same moment shares one), each
// with its items stored as separate small documents.
import type { NotificationMessage } from '../notifications/messages.js';
import type { NotificationIntent } from '../runtime/types.js';
import type { Store } from '../store/types.js';

/** One notification per recipient; a batch (escalations due at the same moment) shares one. */
export interface NotificationDoc {
  _id: string;
  recipient: string;
  kind: NotificationIntent['kind'];
  /** the Chinese sentence (channels, and notifications stored before `message` existed) */
  title: string;
  body?: string;
  /** type and params, rendered by the UI in the reader's language (absent on old notifications) */
  message?: NotificationMessage;
  unit?: string;
  read: boolean;
  at: number;
}

/**
 * What a notification is about, one document per (notification, effect): a batch grows by inserts of
 * small documents instead of rewriting an ever larger notification (10,000 escalations in one second).
 */
export interface NotificationItemDoc {
  _id: string;
  notificationId: string;
  taskId?: string;
  instanceId: string;
  /** number and title of the case the item is about (absent for cases opened before numbers existed) */
  caseNo?: string;
  caseTitle?: string;
  title: string;
  body?: string;
  message?: NotificationMessage;
  effectId: string;
  at: number;
}

/** What the caller says of an item; ids and time are derived. */
export type NotificationItem = Omit<NotificationItemDoc, '_id' | 'notificationId' | 'at'>;

/** One effect's notifications: `item` recorded on each of `notes` (see saveNotifications). */
export interface Announcement {
  notes: NotificationDoc[];
  item: NotificationItem;
  /** mark an already read batch unread again */
  reopen: boolean;
}

/**
 * Records `item` on each of `notes` (creating the notifications that do not exist yet). Idempotent: a replayed
 * effect finds its item and its notification in place. `reopen` marks an already read batch unread again.
 */
export async function saveNotifications(
  store: Store,
  notes: NotificationDoc[],
  item: NotificationItem,
  reopen: boolean,
): Promise<void> {
  await saveAnnouncements(store, [{ notes, item, reopen }]);
}

/**
 * saveNotifications for the effects of many outboxes at once (a timer batch: hundreds of escalations due in
 * the same second share a handful of notifications): every item in one insert, the notifications in one
 * insert (each once), and one read of the batched ones already read, which are then marked unread again.
 */
export async function saveAnnouncements(store: Store, announcements: Announcement[]): Promise<void> {
  const items = announcements.flatMap(({ notes, item }) =>
    notes.map((n) => ({ ...item, _id: `${n._id}#${item.effectId}`, notificationId: n._id, at: n.at })),
  );
  if (!items.length) return;
  await store.collection<NotificationItemDoc>('notificationItems').insertManyIgnoreDuplicates(items);
  // the first document of a notification is the one that creates it (as when they were saved one by one)
  const notes = new Map<string, NotificationDoc>();
  for (const a of announcements) for (const n of a.notes) if (!notes.has(n._id)) notes.set(n._id, n);
  const col = store.collection<NotificationDoc>('notifications');
  await col.insertManyIgnoreDuplicates([...notes.values()]);
  const reopen = [...new Set(announcements.flatMap((a) => (a.reopen ? a.notes.map((n) => n._id) : [])))];
  if (!reopen.length) return;
  const read = await col.find({ _id: { $in: reopen }, read: true }, { fields: ['read'] });
  for (const n of read) await col.updateOne({ _id: n._id, read: true }, { $set: { read: false } });
}

export type WithItems = NotificationDoc & { items: NotificationItemDoc[]; itemCount: number };

/** A notification with (the first `limit` of) its items and their count, as the API and channels show it. */
export async function withItems(store: Store, n: NotificationDoc, limit = 50): Promise<WithItems> {
  const col = store.collection<NotificationItemDoc>('notificationItems');
  const [items, itemCount] = await Promise.all([
    col.find({ notificationId: n._id }, { sort: { at: 1 }, limit }),
    col.count({ notificationId: n._id }),
  ]);
  return { ...n, items, itemCount };
}

/**
 * The stored notifications and their items: the one module that opens the `notifications` and
 * `notificationItems` collections (engine/store/collection-owners.json). The inbox reads and marks them, the
 * channels deliver them, the history cleanup removes the items of removed cases and the notifications left empty.
 */
export class NotificationRecords {
  constructor(private readonly store: Store) {}

  private get col() {
    return this.store.collection<NotificationDoc>('notifications');
  }

  async get(id: string): Promise<NotificationDoc | null> {
    return this.col.findOne({ _id: id });
  }

  async getMany(ids: readonly string[]): Promise<NotificationDoc[]> {
    return ids.length ? this.col.find({ _id: { $in: [...ids] } }) : [];
  }

  /** Inserts the notifications whose ids are not stored yet. */
  async append(docs: NotificationDoc[]): Promise<void> {
    if (docs.length) await this.col.insertManyIgnoreDuplicates(docs);
  }

  /** A page of `recipient`'s notifications, newest first (only unread ones with `unreadOnly`), and their total. */
  async page(
    recipient: string,
    opts: { unreadOnly: boolean; skip: number; limit: number },
  ): Promise<{ items: NotificationDoc[]; total: number }> {
    const query = opts.unreadOnly ? { $and: [{ recipient }, { read: false }] } : { recipient };
    const [items, total] = await Promise.all([
      this.col.find(query, { sort: { at: -1 }, skip: opts.skip, limit: opts.limit }),
      this.col.count(query),
    ]);
    return { items, total };
  }

  async unread(recipient: string): Promise<NotificationDoc[]> {
    return this.col.find({ recipient, read: false });
  }

  async unreadCount(recipient: string): Promise<number> {
    return this.col.count({ recipient, read: false });
  }

  /** Marks notification `id` of `recipient` read; false when `recipient` has none with that id. */
  async markRead(recipient: string, id: string): Promise<boolean> {
    return (await this.col.updateOne({ _id: id, recipient }, { $set: { read: true } })).matched > 0;
  }

  /** Every item of these notifications. */
  async itemsOf(notificationIds: readonly string[]): Promise<NotificationItemDoc[]> {
    return notificationIds.length
      ? this.store
          .collection<NotificationItemDoc>('notificationItems')
          .find({ notificationId: { $in: [...notificationIds] } })
      : [];
  }
}
