// 挂牌督办 by hand: POST /api/instances/:id/supervise and /unsupervise {reason}, for supervisors of a unit on
// the case's path (their subtree). The commands are engine/sla/listing.ts.
import { Router } from 'express';
import type { InstanceState } from '../runtime/types.js';
import type { Outcome, StepContext } from '../runtime/transition.js';
import { superviseCase, unsuperviseCase } from '../sla/listing.js';
import { supervisesPath } from './access.js';
import { op, type ApiContext } from './context.js';
import { notFound } from './errors.js';
import { instanceSummary, processName, visibleInstance } from './views.js';

type ListingCommand = (ctx: StepContext, s: InstanceState, reason: string) => Outcome;

const ACTIONS: Array<{ path: string; summary: string; command: ListingCommand }> = [
  {
    path: 'supervise',
    summary:
      '挂牌督办: list a case for formal supervision {reason} (supervisor of a unit on its path); 409 when already listed',
    command: superviseCase,
  },
  {
    path: 'unsupervise',
    summary:
      '摘牌: end the formal supervision of a case {reason} (supervisor of a unit on its path); 409 when not listed',
    command: unsuperviseCase,
  },
];

export function listingRoutes(ctx: ApiContext): Router {
  const r = Router();
  for (const a of ACTIONS) {
    op<{ reason?: string }>(
      r,
      ctx,
      {
        method: 'post',
        path: `/instances/:id/${a.path}`,
        summary: a.summary,
        tag: 'supervision',
        body: 'ListingBody',
      },
      async ({ params, body, user }) => {
        const s = await visibleInstance(ctx, user, params.id);
        if (!supervisesPath(user, s.unitPath)) throw notFound('instance.not-found');
        const reason = String(body.reason).trim(); // required and not blank (ListingBody)
        const out = await ctx.engine.apply(s._id, user.username, (c, st) => a.command(c, st, reason));
        return {
          ...instanceSummary(
            out.state,
            await processName(ctx, out.state.definitionKey, out.state.definitionVersion),
          ),
          listing: out.state.listing ?? null,
        };
      },
    );
  }
  return r;
}
