// The notices of a published ranking: one in-app notification per recipient and scored unit, as a type and
// its params (the UI words it in the reader's language), ids derived from the closing so that a repeat
// adds nothing.
import type { EngineEvent } from '../queue/outbox.js';
import { NotificationRecords, type NotificationDoc } from '../queue/notifications.js';
import type { Store } from '../store/types.js';
import type { RankingNotice } from './service.js';

/** A notification carrying its type and params (the shape notifications are moving to). */
export type TypedNotificationDoc = NotificationDoc & { type: string; params: Record<string, unknown> };

/** Most recipients per notice: a unit's members, not a city. */
const MAX_RECIPIENTS = 500;

export function rankingNotifications(notices: RankingNotice[], at: number): TypedNotificationDoc[] {
  return notices.flatMap((n) =>
    [...new Set(n.recipients)].slice(0, MAX_RECIPIENTS).map((recipient) => ({
      _id: `${recipient}|assessment|${n.params.closedUnit}|${n.params.period}|${n.unit}`,
      recipient,
      kind: 'info' as const,
      // the notification list shows a title: the type's own words are the UI's (i18n notice.*)
      title: n.type,
      unit: n.unit,
      read: false,
      at,
      type: n.type,
      params: n.params,
    })),
  );
}

/** Stores the notices and pushes them to the live feed. */
export async function publishRanking(
  store: Store,
  push: (events: EngineEvent[]) => Promise<void>,
  notices: RankingNotice[],
  at: number,
): Promise<void> {
  const docs = rankingNotifications(notices, at);
  for (let i = 0; i < docs.length; i += 500)
    await new NotificationRecords(store).append(docs.slice(i, i + 500));
  await push(
    docs.map((d) => ({
      type: 'notification',
      users: [d.recipient],
      unit: d.unit,
      payload: {
        id: d._id,
        recipient: d.recipient,
        kind: d.kind,
        title: d.title,
        type: d.type,
        params: d.params,
      },
    })),
  );
}
