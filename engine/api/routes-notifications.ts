// Escalations into the caller's area, and the caller's own notifications.
import { Router } from 'express';
import { withItems, type NotificationDoc } from '../queue/notifications.js';
import type { Query } from '../store/types.js';
import type { Principal } from './access.js';
import { and, op, pageOf, paging, type ApiContext } from './context.js';
import { notFound } from './errors.js';
import { timeRange } from './time.js';
import { isTrue } from './validation.js';

/**
 * Store query for the escalations the user sees (`null` = all): those into a supervised subtree, and those
 * into a unit where the user holds one of the escalated task's candidate roles — the way task events are
 * filtered, so department staff at a street do not see the grid's escalations.
 */
export async function escalationQuery(ctx: ApiContext, p: Principal): Promise<Query | null> {
  if (p.admin) return null;
  const or: Query[] = [];
  const supervised = new Set<string>();
  for (const u of p.supervises) for (const c of await ctx.engine.org.subtree(u)) supervised.add(c);
  if (supervised.size) or.push({ toUnit: { $in: [...supervised] } });
  for (const [unit, roles] of Object.entries(p.handles))
    if (!supervised.has(unit)) or.push({ toUnit: unit, candidateRoles: { $in: roles } });
  return or.length ? { $or: or } : { _id: { $in: [] } };
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
      summary:
        "Escalations into the caller's supervised subtrees, and into the caller's units for tasks of the caller's roles; newest first",
      tag: 'escalations',
      query: 'EscalationListQuery',
    },
    async ({ query, user }) => {
      const pg = paging(query);
      const access = await escalationQuery(ctx, user);
      const firedAt = timeRange(query.since, query.until, engine.config.timezone);
      const filter = and(
        access,
        firedAt ? { firedAt } : null,
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
