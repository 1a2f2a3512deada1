// Retention, admins only: run the history cleanup now (the same run as the daily scheduled one) instead of
// waiting for its window. Answers what was removed and the archive files written; the act is audited.
import path from 'node:path';
import { Router } from 'express';
import { audit } from './audit.js';
import { op, type ApiContext } from './context.js';

export function retentionRoutes(ctx: ApiContext): Router {
  const r = Router();
  op(
    r,
    ctx,
    {
      method: 'post',
      path: '/admin/history-cleanup',
      summary: 'Run the history cleanup now: archive and remove the cases past their time to live (admin)',
      tag: 'retention',
      auth: 'admin',
    },
    async ({ user }) => {
      const report = await ctx.engine.retention.runCleanup(`admin:${user.username}`);
      const archives = report.archives.map((f) => path.basename(f));
      await audit(
        ctx,
        user.username,
        'history-cleanup',
        { type: 'history', id: String(report.now) },
        { cases: report.cases, removed: report.removed, archives },
      );
      return {
        now: report.now,
        cases: report.cases,
        batches: report.batches,
        removed: report.removed,
        deferred: report.deferred,
        // names only: where DATA_DIR is on the server is not the client's business
        archives,
      };
    },
  );
  return r;
}
