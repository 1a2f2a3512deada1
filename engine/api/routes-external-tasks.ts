// External task workers (Camunda's external task pattern, engine/queue/external-tasks.ts): service accounts
// with the role external-worker fetch and lock tasks of their topics, then complete them, report failures
// or raise BPMN errors. Admins list the tasks and set which topics a service account may fetch.
import { Router } from 'express';
import { op, paging, pageOf, type ApiContext } from './context.js';
import { audit } from './audit.js';
import { codedError } from './errors.js';

const TAG = 'external-tasks';

export function externalTaskRoutes(ctx: ApiContext): Router {
  const r = Router();
  const tasks = ctx.engine.externalTasks;
  /** the caller as a worker: its role and its topics (the user record's externalTopics) */
  const worker = (res: { locals: Record<string, any> }) =>
    tasks.worker(res.locals.user, res.locals.userDoc?.externalTopics);

  op(
    r,
    ctx,
    {
      method: 'post',
      path: '/external-tasks/fetch-and-lock',
      summary: 'Fetch and lock external tasks of the worker’s topics (role external-worker)',
      description:
        'Locks up to maxTasks open tasks of the topics for `lockDuration` ms each (engine clock) and answers them ' +
        'with the case variables (only those listed for the topic by grid:topicVariables, if any). Two workers ' +
        'never get the same task; a task whose lock expired can be fetched again. With asyncResponseTimeout ' +
        '(≤ 30000 ms) the answer waits for a task when none is there. A topic the account may not fetch: 404 ' +
        '`external-task.topic-not-allowed`.',
      tag: TAG,
      body: 'ExternalFetchBody',
    },
    async ({ req, res, body }) => {
      let closed = false;
      req.on('close', () => (closed = true));
      return { items: await tasks.fetchAndLock(worker(res), body, () => closed) };
    },
  );

  op(
    r,
    ctx,
    {
      method: 'post',
      path: '/external-tasks/:id/complete',
      summary: 'Complete a locked external task: its variables are set and the case goes on (204)',
      description:
        'Only the lock holder (same account and workerId; else 409 `external-task.not-lock-holder`, an expired lock ' +
        '409 `external-task.lock-expired`). Repeating the same complete answers 204 again without a second effect. ' +
        'A task of a cancelled case or activity is gone: 404 `external-task.not-found`.',
      tag: TAG,
      body: 'ExternalCompleteBody',
      status: 204,
    },
    async ({ res, params, body }) => {
      await tasks.complete(worker(res), params.id, body.workerId, body.variables ?? {});
    },
  );

  op(
    r,
    ctx,
    {
      method: 'post',
      path: '/external-tasks/:id/failure',
      summary: 'Report a failure: retries left (given, else one less); at 0 an incident on the case',
      description:
        'With retries left the task can be fetched again after retryTimeout ms. With none the task fails and the ' +
        'case gets an incident at the service task; an admin’s retry of the incident creates a new task with ' +
        'its retries reset.',
      tag: TAG,
      body: 'ExternalFailureBody',
    },
    async ({ res, params, body }) => tasks.failure(worker(res), params.id, body),
  );

  op(
    r,
    ctx,
    {
      method: 'post',
      path: '/external-tasks/:id/bpmn-error',
      summary: 'Raise a BPMN error from the task: caught by an error boundary event (204)',
      description: 'Uncaught, the error is an incident at the service task. Lock rules as for complete.',
      tag: TAG,
      body: 'ExternalBpmnErrorBody',
      status: 204,
    },
    async ({ res, params, body }) => {
      await tasks.bpmnError(
        worker(res),
        params.id,
        body.workerId,
        body.errorCode,
        body.errorMessage,
        body.variables ?? {},
      );
    },
  );

  op(
    r,
    ctx,
    {
      method: 'post',
      path: '/external-tasks/:id/extend-lock',
      summary: 'Extend the lock of a task the worker holds to newDuration ms from now',
      tag: TAG,
      body: 'ExternalExtendLockBody',
    },
    async ({ res, params, body }) =>
      tasks.extendLock(worker(res), params.id, body.workerId, body.newDuration),
  );

  op(
    r,
    ctx,
    {
      method: 'get',
      path: '/external-tasks',
      summary: 'External tasks, newest first, of a topic or all (admin): status, lock holder, retries',
      tag: TAG,
      auth: 'admin',
      query: 'ExternalTaskListQuery',
    },
    async ({ query }) => {
      const p = paging(query);
      const { items, total } = await tasks.list({ topic: query.topic, skip: p.skip, limit: p.limit });
      return pageOf(items, total, p);
    },
  );

  op(
    r,
    ctx,
    {
      method: 'put',
      path: '/external-tasks/workers/:username',
      summary: 'Set the topics a service account (role external-worker) may fetch (admin)',
      tag: TAG,
      auth: 'admin',
      body: 'ExternalWorkerTopicsBody',
    },
    async ({ user, params, body }) => {
      if (!(await ctx.engine.accounts.update(params.username, { externalTopics: body.topics })))
        throw codedError(404, 'user.not-found', undefined, { username: params.username });
      await audit(ctx, user.username, 'external-worker-topics', { type: 'user', id: params.username });
      return { username: params.username, topics: body.topics };
    },
  );

  return r;
}
