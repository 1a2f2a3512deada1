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
  if (!notes.length) return;
  await store
    .collection<NotificationItemDoc>('notificationItems')
    .insertManyIgnoreDuplicates(
      notes.map((n) => ({ ...item, _id: `${n._id}#${item.effectId}`, notificationId: n._id, at: n.at })),
    );
  const col = store.collection<NotificationDoc>('notifications');
  await col.insertManyIgnoreDuplicates(notes);
  if (reopen)
    for (const n of notes) await col.updateOne({ _id: n._id, read: true }, { $set: { read: false } });
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
