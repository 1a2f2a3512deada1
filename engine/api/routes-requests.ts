// 退单 and re-dispatch, 延期申请 and 挂账申请 with their decisions (engine/runtime/task-return.ts,
// task-requests.ts). Who may do what is decided on the task as stored in the case, inside the command, so a
// claim or a decision landing in between cannot be overtaken; anything outside the caller's reach is 404.
import { Router } from 'express';
import type { DecidableRequests, RequestKind } from '../queue/inbox-conditions.js';
import type { TaskDoc } from '../queue/outbox.js';
import * as returnOps from '../runtime/task-return.js';
import * as requestOps from '../runtime/task-requests.js';
import { CommandError, Tx } from '../runtime/transition.js';
import type { InstanceState, TaskState } from '../runtime/types.js';
import {
  canActOnTask,
  canApproveBacklog,
  canApproveExtension,
  canPauseTask,
  canSuperviseTask,
  SUPERVISOR_ROLE,
  type Principal,
} from './access.js';
import { op, pageOf, paging, type ApiContext } from './context.js';
import { badRequest, fieldDetail, notFound } from './errors.js';
import { parseWhen } from './time.js';
import { taskView, visibleInstance, visibleTask } from './views.js';

/** A request's public id names its task: `${taskId}~${requestId}`. */
export const publicRequestId = (taskId: string, id: string) => `${taskId}~${id}`;

function splitRequestId(id: string): { taskId: string; requestId: string } {
  const i = id.lastIndexOf('~');
  if (i <= 0) throw notFound('request.not-found');
  return { taskId: id.slice(0, i), requestId: id.slice(i + 1) };
}

export function requestRoutes(ctx: ApiContext): Router {
  const r = Router();
  const { engine } = ctx;
  const tz = engine.config.timezone;
  const levels = engine.config.levels;
  const backlogLevel = engine.config.backlogApprovalLevel;

  /** Runs a command on the task's case, checking `allowed` on the task as stored there (404 if not). */
  const onTask = async (
    t: TaskDoc,
    p: Principal,
    allowed: (task: TaskState, s: InstanceState) => boolean,
    run: (tx: Tx, task: TaskState) => void,
  ): Promise<TaskDoc> => {
    await engine.apply(t.instanceId, p.username, (c, s) => {
      const task = s.tasks[t._id];
      if (!task || !allowed(task, s))
        throw new CommandError('not-found', 'task not found', [], 'task.not-found');
      const tx = new Tx(c, s);
      run(tx, task);
      return tx.done();
    });
    return (await engine.getTask(t._id))!;
  };

  /** Still within the caller's reach as stored (else 404); a closed task answers its own conflict. */
  const mayAct = (p: Principal) => (task: TaskState) => task.status !== 'open' || canActOnTask(p, task);
  /** Only the holder asks: its assignee, a candidate while unclaimed, or a supervisor of its unit (else 409). */
  const requireHolder = (p: Principal, task: TaskState) => {
    if (task.status === 'open' && !canPauseTask(p, task))
      throw new CommandError(
        'conflict',
        `task ${task.id} is held by ${task.assignee ?? 'someone else'}`,
        [],
        'task.held-by-other',
      );
  };

  /** The nearest unit of `path` (innermost first, after the first `skip`) that has an active supervisor. */
  const supervisedUnit = async (
    path: string[],
    skip: number,
    pred: (code: string) => boolean = () => true,
  ) => {
    for (const code of path.slice(skip))
      if (pred(code) && (await engine.org.usersWithRoles(code, [SUPERVISOR_ROLE])).length) return code;
    return path[path.length - 1];
  };

  const levelIn = (s: InstanceState) => (code: string) => s.unitChain.find((u) => u.code === code)?.level;

  /** A plain date is a business day: its last millisecond for a due date, its start for a review date. */
  const when = (v: string, path: string, end: boolean) => {
    const at = parseWhen(v, tz, end);
    if (at === undefined)
      throw badRequest('invalid-field', [fieldDetail(path, 'field.not-a-date')], { field: path.slice(1) });
    return end && /^\d{4}-\d{2}-\d{2}$/.test(v) ? at - 1 : at;
  };

  op<{ reason: string }>(
    r,
    ctx,
    {
      method: 'post',
      path: '/tasks/:id/return',
      summary:
        '退单: return a task outside the unit’s remit to its dispatcher within RETURN_WINDOW working days ' +
        '(409 return.window-closed after it; a second return of the case by the same unit needs its supervisor: ' +
        '409 return.repeat-needs-supervisor)',
      tag: 'tasks',
      body: 'ReturnBody',
    },
    async ({ params, user, body }) => {
      const t = await visibleTask(ctx, user, params.id);
      if (!canActOnTask(user, t)) throw notFound('task.not-found');
      const dispatcher = await supervisedUnit(t.unitPath, 1);
      const after = await onTask(t, user, mayAct(user), (tx, task) => {
        requireHolder(user, task);
        returnOps.returnTask(tx, t._id, {
          reason: body.reason.trim(),
          window: engine.config.returnWindow,
          supervisor: canSuperviseTask(user, task),
          dispatcher,
        });
      });
      return taskView(ctx, user, after);
    },
  );

  op<{ unit: string; roles: string[] }>(
    r,
    ctx,
    {
      method: 'post',
      path: '/tasks/:id/dispatch',
      summary:
        '再派遣: send a returned task to a unit on the case’s chain and its roles (the dispatcher’s supervisors)',
      tag: 'tasks',
      body: 'DispatchBody',
    },
    async ({ params, user, body }) => {
      const t = await visibleTask(ctx, user, params.id);
      if (!canSuperviseTask(user, t)) throw notFound('task.not-found');
      const roles = [...new Set(body.roles)];
      if (!(await engine.org.usersWithRoles(body.unit, roles)).length)
        throw badRequest('task.no-role-holders', [fieldDetail('/roles', 'field.invalid')]);
      const after = await onTask(
        t,
        user,
        (task) => canSuperviseTask(user, task),
        (tx) => returnOps.redispatch(tx, t._id, body.unit, roles),
      );
      return taskView(ctx, user, after);
    },
  );

  op<{ reason: string; dueAt: string }>(
    r,
    ctx,
    {
      method: 'post',
      path: '/tasks/:id/extensions',
      summary:
        '延期申请 by the task’s holder: reason and a new due date, decided by a supervisor one level above ' +
        '(409 extension.overdue once the time limit has passed, request.pending while one waits)',
      tag: 'tasks',
      body: 'ExtensionBody',
    },
    async ({ params, user, body }) => {
      const t = await visibleTask(ctx, user, params.id);
      if (!canActOnTask(user, t)) throw notFound('task.not-found');
      const dueAt = when(body.dueAt, '/dueAt', true);
      const approvers = await supervisedUnit(t.unitPath, 1);
      const after = await onTask(t, user, mayAct(user), (tx, task) => {
        requireHolder(user, task);
        requestOps.requestExtension(tx, t._id, body.reason.trim(), dueAt, approvers);
      });
      return reply(after, user);
    },
  );

  op<{ reason: string; reviewAt: string; taskId?: string }>(
    r,
    ctx,
    {
      method: 'post',
      path: '/instances/:id/backlog',
      summary:
        '挂账申请 by the holder of one of the case’s open tasks (taskId, default: the caller’s): reason and ' +
        'review date, decided at street level (BACKLOG_APPROVAL_LEVEL)',
      tag: 'instances',
      body: 'BacklogBody',
    },
    async ({ params, user, body }) => {
      const s = await visibleInstance(ctx, user, params.id);
      const mine = Object.values(s.tasks).filter(
        (x) => x.status === 'open' && (body.taskId === undefined || x.id === body.taskId),
      );
      const task = mine.find((x) => x.assignee === user.username) ?? mine.find((x) => canPauseTask(user, x));
      if (!task) throw badRequest('task.none-open-for-you', [fieldDetail('/taskId', 'field.invalid')]);
      const reviewAt = when(body.reviewAt, '/reviewAt', false);
      const rankOf = (code: string) => levels.indexOf(s.unitChain.find((u) => u.code === code)?.level ?? '');
      const approver = await supervisedUnit(
        task.unitPath,
        0,
        (code) => rankOf(code) >= levels.indexOf(backlogLevel),
      );
      const t = (await engine.getTask(task.id))!;
      const after = await onTask(t, user, mayAct(user), (tx, cur) => {
        requireHolder(user, cur);
        requestOps.requestBacklog(tx, task.id, body.reason.trim(), reviewAt, approver);
      });
      return reply(after, user);
    },
  );

  /** Which pending requests the caller may decide: per kind, every one (admins) or the units they decide for. */
  const decidable = async (p: Principal, kind?: RequestKind): Promise<DecidableRequests> => {
    if (p.admin)
      return {
        ...(kind !== 'backlog' ? { extension: 'any' } : {}),
        ...(kind !== 'extension' ? { backlog: 'any' } : {}),
      };
    const out: DecidableRequests = {};
    // an extension of a task below a supervised unit (one level up decides: engine/api/access.ts)
    if (kind !== 'backlog') out.extension = p.supervises;
    if (kind !== 'extension') {
      const min = levels.indexOf(backlogLevel);
      const high: string[] = [];
      for (const code of p.supervises) {
        const level = (await engine.org.unit(code))?.level ?? '';
        if (levels.indexOf(level) >= min) high.push(code);
      }
      out.backlog = high;
    }
    return out;
  };

  op<unknown, { kind?: 'extension' | 'backlog'; page: number; pageSize: number }>(
    r,
    ctx,
    {
      method: 'get',
      path: '/requests',
      summary: 'Pending 延期 / 挂账 requests the caller may approve or refuse, oldest first',
      tag: 'tasks',
      query: 'RequestListQuery',
    },
    async ({ user, query }) => {
      const pg = paging(query);
      const page = await engine.taskInbox(
        user,
        { status: 'open', decidable: await decidable(user, query.kind) },
        { skip: pg.skip, limit: pg.limit, sort: 'updatedAt' },
      );
      return pageOf(
        page.items.map((t) => ({
          ...taskView(ctx, user, t),
          request: t.request ? { ...t.request, id: publicRequestId(t._id, t.request.id) } : undefined,
        })),
        page.total,
        pg,
      );
    },
  );

  for (const verb of ['approve', 'refuse'] as const)
    op<{ comment?: string }>(
      r,
      ctx,
      {
        method: 'post',
        path: `/requests/:id/${verb}`,
        summary:
          verb === 'approve'
            ? 'Approve a pending request: an extension moves the due date (once: a replayed approval changes ' +
              'nothing), a 挂账 parks the case until its review date'
            : 'Refuse a pending request',
        tag: 'tasks',
        body: 'DecisionBody',
      },
      async ({ params, user, body }) => {
        const { taskId, requestId } = splitRequestId(params.id);
        const t = await visibleTask(ctx, user, taskId).catch(() => {
          throw notFound('request.not-found');
        });
        const after = await onTask(
          t,
          user,
          (task, s) => {
            const kind =
              task.request?.id === requestId
                ? task.request.kind
                : task.decided?.find((d) => d.id === requestId)?.kind;
            if (kind === 'extension') return canApproveExtension(user, task);
            if (kind === 'backlog') return canApproveBacklog(user, task, levelIn(s), levels, backlogLevel);
            return false;
          },
          (tx) => requestOps.decideRequest(tx, taskId, requestId, verb === 'approve', body.comment?.trim()),
        );
        return taskView(ctx, user, after);
      },
    );

  const reply = (t: TaskDoc, p: Principal) => ({
    ...taskView(ctx, p, t),
    request: t.request ? { ...t.request, id: publicRequestId(t._id, t.request.id) } : undefined,
  });

  return r;
}
