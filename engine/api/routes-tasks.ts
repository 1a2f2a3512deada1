// Work items: the inbox and the human operations (claim, delegate, complete, pause, reassign, take over).
import { Router } from 'express';
import type { InboxSort } from '../queue/inbox-conditions.js';
import type { TaskDoc } from '../queue/outbox.js';
import type { User } from '../grid/org.js';
import * as taskOps from '../runtime/tasks.js';
import { CommandError, Tx } from '../runtime/transition.js';
import { variablesAt } from '../runtime/multi-instance.js';
import {
  canActOnTask,
  canPauseTask,
  canReceiveTask,
  canSuperviseTask,
  principalOf,
  type Principal,
} from './access.js';
import { op, pageOf, paging, reply, type ApiContext } from './context.js';
import { badRequest, fieldDetail, notFound } from './errors.js';
import { isTrue } from './validation.js';
import { processName, taskView, visibleTask } from './views.js';

interface TaskListQuery {
  mine?: string;
  status: 'open' | 'completed' | 'cancelled' | 'all';
  level?: string;
  gridUnit?: string;
  instanceId?: string;
  definitionKey?: string;
  slaState?: string;
  overdue?: string;
  withForm?: string;
  sort?: string;
  page: number;
  pageSize: number;
}

export function taskRoutes(ctx: ApiContext): Router {
  const r = Router();
  const { engine } = ctx;

  /** The task if the caller may act on it (supervise: only supervisors of its unit); 404 otherwise. */
  const actionable = async (p: Principal, id: string, need: 'act' | 'supervise'): Promise<TaskDoc> => {
    const t = await visibleTask(ctx, p, id);
    const ok = need === 'supervise' ? canSuperviseTask(p, t) : canActOnTask(p, t);
    if (!ok) throw notFound('task.not-found');
    return t;
  };

  /** The user a task is handed to: active, and a candidate at the task's unit or a supervisor of it. */
  const targetUser = async (username: string, t: TaskDoc, path = '/to'): Promise<User> => {
    const u = await engine.org.user(username);
    // one answer for "no such user" and "may not work on it": nothing to learn about other accounts
    if (!u || u.disabled || !canReceiveTask(principalOf(u), t))
      throw badRequest('task.invalid-target-user', [fieldDetail(path, 'field.not-a-candidate')]);
    return u;
  };

  /**
   * Runs a task operation that only the task's holder may perform (pause/resume), deciding on the task as
   * stored in the case — not the projection — so a claim landing in between cannot be overtaken.
   */
  const asHolder = async (t: TaskDoc, p: Principal, run: (tx: Tx) => void): Promise<TaskDoc> => {
    await engine.apply(t.instanceId, p.username, (c, s) => {
      const task = s.tasks[t._id];
      if (task?.status === 'open' && !canPauseTask(p, task))
        throw new CommandError(
          'conflict',
          `task ${t._id} is held by ${task.assignee ?? 'someone else'}`,
          [],
          'task.held-by-other',
          {
            taskId: t._id,
          },
        );
      const tx = new Tx(c, s);
      run(tx);
      return tx.done();
    });
    return (await engine.getTask(t._id))!;
  };

  const done = async (p: Principal, t: TaskDoc | null) => {
    if (!t) throw notFound('task.not-found');
    return taskView(ctx, p, t);
  };

  op<unknown, TaskListQuery>(
    r,
    ctx,
    {
      method: 'get',
      path: '/tasks',
      summary:
        'Tasks the caller may see, by due date (mine=1: assigned to / delegated by me; withForm=1: with form schemas)',
      tag: 'tasks',
      query: 'TaskListQuery',
    },
    async ({ query, user }) => {
      const pg = paging(query);
      let gridUnits: string[] | undefined;
      if (query.gridUnit) gridUnits = await engine.org.subtree(query.gridUnit);
      const page = await engine.taskInbox(
        user,
        {
          status: query.status ?? 'all',
          mine: isTrue(query.mine),
          level: query.level,
          gridUnits,
          instanceId: query.instanceId,
          definitionKey: query.definitionKey,
          slaState: query.slaState,
          dueBefore: isTrue(query.overdue) ? ctx.now() : undefined,
        },
        { skip: pg.skip, limit: pg.limit, sort: (query.sort as InboxSort | undefined) ?? 'dueAt' },
      );
      const withForm = isTrue(query.withForm);
      if (withForm) await engine.formVersions.ensure(page.items.map((t) => t.formKey));
      return pageOf(
        page.items.map((t) => taskView(ctx, user, t, { withForm })),
        page.total,
        pg,
      );
    },
  );

  op(
    r,
    ctx,
    {
      method: 'get',
      path: '/tasks/:id',
      summary: 'A task with its form schema and case variables',
      tag: 'tasks',
    },
    async ({ params, user }) => {
      const t = await visibleTask(ctx, user, params.id);
      const s = await engine.cases.instance(t.instanceId);
      await engine.formVersions.ensure([t.formKey]);
      return {
        ...taskView(ctx, user, t, { withForm: true }),
        instance: s
          ? {
              id: s._id,
              businessKey: s.businessKey,
              status: s.status,
              gridUnit: s.gridUnit,
              unitChain: s.unitChain,
              // a multi-instance task sees its instance's variables too (element variable, loopCounter …)
              variables: variablesAt(s, s.tokens[t.tokenId]?.scopeId ?? 'root'),
              processName: t.processName ?? (await processName(ctx, s.definitionKey, s.definitionVersion)),
            }
          : null,
      };
    },
  );

  const simple = (
    path: string,
    summary: string,
    need: 'act' | 'supervise',
    body: 'EmptyBody' | 'PauseBody' | 'DelegateBody' | 'ReassignBody',
    run: (t: TaskDoc, p: Principal, body: any) => Promise<TaskDoc>,
  ) =>
    op(
      r,
      ctx,
      { method: 'post', path: `/tasks/:id/${path}`, summary, tag: 'tasks', body },
      async ({ params, user, body: b }) => {
        const t = await actionable(user, params.id, need);
        return done(user, await run(t, user, b));
      },
    );

  simple('claim', 'Claim (签收) an unassigned task', 'act', 'EmptyBody', (t, p) =>
    engine.claim(t._id, p.username),
  );
  simple(
    'unclaim',
    'Give a claimed task back to the pool (supervisors may force it)',
    'act',
    'EmptyBody',
    (t, p) => engine.unclaim(t._id, p.username, t.assignee !== p.username && canSuperviseTask(p, t)),
  );
  simple(
    'delegate',
    'Delegate to a candidate of the task at its unit (or a supervisor of it); they return it with /resolve',
    'act',
    'DelegateBody',
    async (t, p, b) => {
      if (b.to === p.username)
        throw badRequest('task.cannot-delegate-to-self', [fieldDetail('/to', 'field.is-yourself')]);
      await targetUser(b.to, t);
      return engine.delegate(t._id, p.username, b.to);
    },
  );
  simple('resolve', 'Return a delegated task to its owner', 'act', 'EmptyBody', (t, p) =>
    engine.resolveDelegation(t._id, p.username),
  );
  simple(
    'pause',
    'Pause (挂起) the task: a personal marker with a reason — reminders, escalation and the due date run on ' +
      '(its assignee, a candidate while unclaimed, or a supervisor)',
    'act',
    'PauseBody',
    (t, p, b) => asHolder(t, p, (tx) => taskOps.pause(tx, t._id, b.reason)),
  );
  simple(
    'resume',
    'End a pause (its assignee, a candidate while unclaimed, or a supervisor)',
    'act',
    'EmptyBody',
    (t, p) => asHolder(t, p, (tx) => taskOps.resume(tx, t._id)),
  );
  simple(
    'reassign',
    'Reassign (改派) to a candidate of the task at its unit or a supervisor of it (supervisors of the task unit)',
    'supervise',
    'ReassignBody',
    async (t, p, b) => {
      await targetUser(b.to, t);
      return engine.reassign(t._id, p.username, b.to);
    },
  );
  simple(
    'takeover',
    'Take the task over (接管) (supervisors of the task unit)',
    'supervise',
    'EmptyBody',
    (t, p) => engine.reassign(t._id, p.username, p.username, true),
  );

  op<{ data?: Record<string, unknown> }>(
    r,
    ctx,
    {
      method: 'post',
      path: '/tasks/:id/complete',
      summary:
        'Complete with form data (400 with field paths when the form is invalid; 202 while still applying)',
      tag: 'tasks',
      body: 'CompleteBody',
    },
    async ({ params, body, user }) => {
      const t = await actionable(user, params.id, 'act');
      // photo and file fields name attachments of this very case (uploaded to it), nothing else
      const foreign = await engine.attachments.foreignIds(
        t.instanceId,
        engine.forms.schema(t.formKey),
        body.data ?? {},
      );
      if (foreign.length) throw badRequest('attachment.foreign', foreign);
      const after = await engine.completeTask(t._id, user.username, body.data ?? {});
      const view = await done(user, after);
      return after?.status === 'open' ? reply(202, view) : view;
    },
  );

  return r;
}
