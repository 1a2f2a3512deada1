// Reports sent from a phone, maybe long after they were written offline (the UI keeps an unsent report as
// a draft on the device and sends it when the network is back): POST /reports opens the case exactly once
// per (caller, draftId). The case's id is derived from them, so a report sent twice — the answer lost on a
// bad connection, two tabs coming back online together, the server dying after the case was written —
// finds its case instead of opening another: the second insert of the same id fails and the case that
// exists is the answer. The checks are those of POST /instances (the start form's fields only, a grid
// unit of the caller).
import { createHash } from 'node:crypto';
import { Router } from 'express';
import type { InstanceState } from '../runtime/types.js';
import { canActOnTask } from './access.js';
import { op, reply, type ApiContext } from './context.js';
import { codedError } from './errors.js';
import { checkStart } from './routes-instances.js';
import { instanceSummary, processName } from './views.js';

interface ReportBody {
  draftId: string;
  definitionKey: string;
  businessKey?: string;
  gridUnit: string;
  variables?: Record<string, unknown>;
  claimFirstTask?: boolean;
  /** the caller's patrol the problem was found on (巡查日志): the case is linked to it */
  patrolId?: string;
}

/** The id of the case a draft opens: the same for the same caller and draft, on any machine. */
export const draftCaseId = (username: string, draftId: string) =>
  `i${createHash('sha256').update(`report\n${username}\n${draftId}`).digest('hex').slice(0, 20)}`;

export function reportRoutes(ctx: ApiContext): Router {
  const r = Router();
  const { engine } = ctx;

  op<ReportBody>(
    r,
    ctx,
    {
      method: 'post',
      path: '/reports',
      summary: 'Open a case from a report written on a device (once per draftId, however often it is sent)',
      description:
        'The body of POST /instances plus `draftId`, the id the device gave the report. The first request ' +
        'opens the case (201, as POST /instances, with `firstTask` when `claimFirstTask`); any later one ' +
        'with the same `draftId` from the same user answers 200 with that case and `duplicate: true`. ' +
        "`patrolId`: the caller's patrol the problem was found on; the case is listed on the patrol " +
        '(404 patrol.not-found for a patrol not theirs).',
      tag: 'instances',
      body: 'ReportBody',
      status: 201,
    },
    async ({ body, user }) => {
      const id = draftCaseId(user.username, body.draftId);
      const existing = async () => {
        const s = await engine.cases.instance(id);
        if (!s) return undefined;
        const summary = instanceSummary(s, await processName(ctx, s.definitionKey, s.definitionVersion));
        return reply(200, { ...summary, duplicate: true });
      };
      const found = await existing();
      if (found) return found;
      const def = await checkStart(ctx, user, body);
      const patrol = body.patrolId ? await engine.patrols.get(body.patrolId) : null;
      if (body.patrolId && patrol?.worker !== user.username)
        throw codedError(404, 'patrol.not-found', 'no such patrol of yours', { field: 'patrolId' });
      let s: InstanceState;
      try {
        s = await engine.start(
          body.definitionKey,
          {
            gridUnit: body.gridUnit,
            businessKey: body.businessKey,
            variables: body.variables ?? {},
            version: def.version,
            instanceId: id,
          },
          user.username,
        );
      } catch (err) {
        // the same report sent at the same moment: the other request opened it
        // by name, not class identity: the store adapter may be loaded through another module instance
        if ((err as Error | null)?.name === 'DuplicateKeyError') {
          const again = await existing();
          if (again) return again;
        }
        throw err;
      }
      // a case found on a patrol: recorded on the patrol (idempotent: a set)
      if (patrol) await engine.patrols.linkCase(patrol._id, user.username, s._id);
      if (!body.claimFirstTask) return instanceSummary(s, def.name);
      const first = await engine.claimFirstTask(s, user.username, (t) => canActOnTask(user, t));
      return {
        ...instanceSummary(s, def.name),
        firstTask: first
          ? { id: first._id, name: first.name, assignee: first.assignee ?? null, status: first.status }
          : null,
      };
    },
  );

  return r;
}
