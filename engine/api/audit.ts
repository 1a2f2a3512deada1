// The audit trail of administrative and supervisory acts that are not steps of a case: who created, edited
// or disabled users and units, reset passwords, issued or answered supervision orders. One durable record
// per act in the `audit` collection (case steps have their own history); admins read it at GET /api/audit.
import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import { and, op, pageOf, paging, type ApiContext } from './context.js';
import { timeRange } from './time.js';

export type AuditTargetType = 'user' | 'unit' | 'supervision-order' | 'history';

export interface AuditRecord {
  _id: string;
  /** engine clock, epoch ms */
  at: number;
  /** username of whoever did it */
  actor: string;
  /** e.g. user-created, user-updated, user-disabled, user-password-reset, unit-created, order-replied */
  action: string;
  target: { type: AuditTargetType; id: string };
  /** what changed (never secrets: a password reset records that it happened, not the password) */
  details?: Record<string, unknown>;
}

let seq = 0;

/** Appends one audit record. */
export async function audit(
  ctx: ApiContext,
  actor: string,
  action: string,
  target: AuditRecord['target'],
  details?: Record<string, unknown>,
): Promise<void> {
  const at = ctx.now();
  seq = (seq + 1) % 1e6;
  const rec: AuditRecord = {
    // sortable: time, then the order of writes within this process, then a random tail
    _id: `a${String(at).padStart(15, '0')}${String(seq).padStart(6, '0')}${randomUUID().slice(0, 8)}`,
    at,
    actor,
    action,
    target,
    ...(details && Object.keys(details).length ? { details } : {}),
  };
  await ctx.engine.store.collection<AuditRecord>('audit').insert(rec);
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
  const col = ctx.engine.store.collection<AuditRecord>('audit');

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
      const at = timeRange(query.since, query.until, ctx.engine.config.timezone);
      const filter = and(
        query.actor ? { actor: query.actor } : null,
        query.action ? { action: query.action } : null,
        query.targetType ? { 'target.type': query.targetType } : null,
        query.target ? { 'target.id': query.target } : null,
        at ? { at } : null,
      );
      const [items, total] = await Promise.all([
        col.find(filter, { sort: { at: -1, _id: -1 }, skip: pg.skip, limit: pg.limit }),
        col.count(filter),
      ]);
      return pageOf(
        items.map((a) => ({ ...a, id: a._id })),
        total,
        pg,
      );
    },
  );

  return r;
}
