// Escalations into the caller's area, and the caller's own notifications.
import { Router } from 'express';
import type { EscalationScope } from '../sla/escalation-log.js';
import type { Principal } from './access.js';
import { op, pageOf, paging, type ApiContext } from './context.js';
import { notFound } from './errors.js';
import { periodOf } from './time.js';
import { isTrue } from './validation.js';

/**
 * Whose escalations the user sees (`null` = all): those into their supervised subtrees, and those into a
 * unit where they hold one of the escalated task's candidate roles (engine/sla/escalation-log.ts).
 */
export async function escalationScope(ctx: ApiContext, p: Principal): Promise<EscalationScope | null> {
  if (p.admin) return null;
  const supervised = new Set<string>();
  for (const u of p.supervises) for (const c of await ctx.engine.org.subtree(u)) supervised.add(c);
  return { supervisedUnits: [...supervised], handles: p.handles };
}

export function notificationRoutes(ctx: ApiContext): Router {
  const r = Router();
  const { engine } = ctx;
  const inbox = engine.inbox;

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
      const { items, total } = await engine.escalations.page(
        await escalationScope(ctx, user),
        { firedAt: periodOf(query.since, query.until, engine.config.timezone), level: query.level },
        pg,
      );
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
      const { items, total, unread } = await inbox.page(user.username, {
        unreadOnly: isTrue(query.unread),
        skip: pg.skip,
        limit: pg.limit,
      });
      return {
        ...pageOf(
          items.map((n) => ({ ...n, id: n._id })),
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
      return { updated: await inbox.markAllRead(user.username) };
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
      const n = await inbox.markRead(user.username, params.id);
      if (!n) throw notFound('notification.not-found');
      return { ...n, id: params.id };
    },
  );

  return r;
}
