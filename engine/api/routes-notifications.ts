// Escalations into the caller's area, and the caller's own notifications.
import { Router } from 'express';
import { withItems, type NotificationDoc } from '../queue/notifications.js';
import type { Principal } from './access.js';
import { and, op, pageOf, paging, type ApiContext } from './context.js';
import { notFound } from './errors.js';
import { parseWhen } from './time.js';
import { isTrue } from './validation.js';

/** Units whose incoming escalations the user sees: supervised subtrees and the units they work at. */
export async function escalationUnits(ctx: ApiContext, p: Principal): Promise<string[] | null> {
  if (p.admin) return null;
  const out = new Set<string>(Object.keys(p.handles));
  for (const u of p.supervises) for (const c of await ctx.engine.org.subtree(u)) out.add(c);
  return [...out];
}

export function notificationRoutes(ctx: ApiContext): Router {
  const r = Router();
  const { engine } = ctx;
  const notes = engine.store.collection<NotificationDoc>('notifications');

  op<unknown, { since?: string; until?: string; level?: string; page: number; pageSize: number }>(
    r,
    ctx,
    {
      method: 'get',
      path: '/escalations',
      summary: "Escalations into the caller's units, newest first",
      tag: 'escalations',
      query: 'EscalationListQuery',
    },
    async ({ query, user }) => {
      const pg = paging(query);
      const units = await escalationUnits(ctx, user);
      const tz = engine.config.timezone;
      const since = parseWhen(query.since, tz);
      const until = parseWhen(query.until, tz, true);
      const firedAt: Record<string, number> = {};
      if (since !== undefined) firedAt.$gte = since;
      if (until !== undefined) firedAt.$lt = until;
      const filter = and(
        units ? { toUnit: { $in: units } } : null,
        Object.keys(firedAt).length ? { firedAt } : null,
        query.level === 'supervised'
          ? { supervised: true }
          : query.level
            ? { toLevel: query.level, supervised: { $ne: true } }
            : null,
      );
      const col = engine.store.collection('escalations');
      const [items, total] = await Promise.all([
        col.find(filter, { sort: { firedAt: -1 }, skip: pg.skip, limit: pg.limit }),
        col.count(filter),
      ]);
      return pageOf(items, total, pg);
    },
  );

  op<unknown, { unread?: string; page: number; pageSize: number }>(
    r,
    ctx,
    {
      method: 'get',
      path: '/notifications',
      summary: "The caller's notifications, newest first",
      tag: 'notifications',
      query: 'NotificationListQuery',
    },
    async ({ query, user }) => {
      const pg = paging(query);
      const filter = and({ recipient: user.username }, isTrue(query.unread) ? { read: false } : null);
      const [items, total, unread] = await Promise.all([
        notes.find(filter, { sort: { at: -1 }, skip: pg.skip, limit: pg.limit }),
        notes.count(filter),
        notes.count({ recipient: user.username, read: false }),
      ]);
      return {
        ...pageOf(
          await Promise.all(
            items.map(async (n) => ({ ...(await withItems(engine.store, n, 20)), id: n._id })),
          ),
          total,
          pg,
        ),
        unread,
      };
    },
  );

  op(
    r,
    ctx,
    {
      method: 'post',
      path: '/notifications/read-all',
      summary: 'Mark all own notifications read',
      tag: 'notifications',
    },
    async ({ user }) => {
      const unread = await notes.find({ recipient: user.username, read: false });
      for (const n of unread)
        await notes.updateOne({ _id: n._id, recipient: user.username }, { $set: { read: true } });
      return { updated: unread.length };
    },
  );

  op(
    r,
    ctx,
    {
      method: 'post',
      path: '/notifications/:id/read',
      summary: 'Mark one own notification read',
      tag: 'notifications',
    },
    async ({ params, user }) => {
      const res = await notes.updateOne(
        { _id: params.id, recipient: user.username },
        { $set: { read: true } },
      );
      if (!res.matched) throw notFound('notification not found');
      const n = await notes.findOne({ _id: params.id });
      return { ...n, id: params.id };
    },
  );

  return r;
}
