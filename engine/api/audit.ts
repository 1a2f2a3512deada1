// GET /api/audit (admin) and the helper the routes record acts with; the trail itself is
// engine/audit/audit-log.ts.
import { Router } from 'express';
import type { AuditRecord, AuditTargetType } from '../audit/audit-log.js';
import { op, pageOf, paging, type ApiContext } from './context.js';
import { periodOf } from './time.js';

export type { AuditRecord, AuditTargetType } from '../audit/audit-log.js';

/** Appends one audit record, at the engine clock's now. */
export async function audit(
  ctx: ApiContext,
  actor: string,
  action: string,
  target: AuditRecord['target'],
  details?: Record<string, unknown>,
): Promise<void> {
  await ctx.engine.audit.record(ctx.now(), actor, action, target, details);
}

interface AuditQuery {
  actor?: string;
  action?: string;
  targetType?: AuditTargetType;
  target?: string;
  since?: string;
  until?: string;
  page: number;
  pageSize: number;
}

export function auditRoutes(ctx: ApiContext): Router {
  const r = Router();

  op<unknown, AuditQuery>(
    r,
    ctx,
    {
      method: 'get',
      path: '/audit',
      summary:
        'Audit trail of user, unit and supervision-order changes with their actor, newest first (admin)',
      tag: 'audit',
      auth: 'admin',
      query: 'AuditListQuery',
    },
    async ({ query }) => {
      const pg = paging(query);
      const { items, total } = await ctx.engine.audit.page(
        {
          actor: query.actor,
          action: query.action,
          targetType: query.targetType,
          target: query.target,
          at: periodOf(query.since, query.until, ctx.engine.config.timezone),
        },
        pg,
      );
      return pageOf(
        items.map((a) => ({ ...a, id: a._id })),
        total,
        pg,
      );
    },
  );

  return r;
}
