// Cases (process instances): start, list, detail, cancel, diagram; messages; incidents.
import { Router } from 'express';
import { isListener } from '../runtime/event-scope.js';
import { HISTORY_PAGE, parseHistoryCursor } from '../queue/history.js';
import type { HistoryRecord, InstanceState } from '../runtime/types.js';
import { canActOnTask, canCancelInstance, canStartAt, supervisesPath, type Principal } from './access.js';
import { op, pageOf, paging, type ApiContext } from './context.js';
import { badRequest, fieldDetail, notFound } from './errors.js';
import {
  instancePermissions,
  instanceSummary,
  processName,
  supervisionView,
  taskView,
  visibleInstance,
} from './views.js';
import { refuseDisabledUnit, startableDefinition } from './startable.js';

interface StartBody {
  definitionKey: string;
  businessKey?: string;
  gridUnit: string;
  variables?: Record<string, unknown>;
  version?: number;
  claimFirstTask?: boolean;
}

/** Activities the diagram colours as done, from the history. */
const DONE_ACTIONS = new Set([
  'leave',
  'end',
  'task-completed',
  'service-completed',
  'timer-fired',
  'message-received',
  'signal-received',
  'event-subprocess-triggered',
  'join-fired',
  'subprocess-completed',
]);

export function diagramState(s: InstanceState, history: HistoryRecord[]) {
  const active = new Set<string>();
  const incidents = new Set<string>();
  for (const t of Object.values(s.tokens)) {
    if (isListener(t)) continue; // an event sub-process armed, not running
    active.add(t.nodeId);
    if (t.status === 'incident') incidents.add(t.nodeId);
  }
  for (const t of Object.values(s.tasks)) if (t.status === 'open') active.add(t.nodeId);
  const completed = new Set<string>();
  const flows = new Set<string>();
  for (const h of history) {
    if (!h.elementId || !DONE_ACTIONS.has(h.action)) continue;
    completed.add(h.elementId);
    if (h.action === 'leave' && h.to && h.to !== 'end') for (const f of h.to.split(',')) if (f) flows.add(f);
  }
  return {
    activeNodeIds: [...active],
    completedNodeIds: [...completed].filter((id) => !active.has(id)),
    takenFlowIds: [...flows],
    incidentNodeIds: [...incidents],
  };
}

/**
 * The checks of opening a case, shared by POST /instances and POST /reports: a grid unit of the caller (an
 * unknown unit looks like one out of reach, except to an admin), a deployed definition, and only the fields
 * the start form asks for (time limits and other settings are not the starter's to set).
 */
export async function checkStart(
  ctx: ApiContext,
  user: Principal,
  body: { gridUnit: string; definitionKey: string; version?: number; variables?: Record<string, unknown> },
): Promise<{ name?: string; version: number }> {
  const { engine } = ctx;
  const chain = await engine.org.chain(body.gridUnit);
  // for anyone but an admin, a unit that does not exist looks exactly like one out of reach
  if (!chain.length && user.admin)
    throw badRequest('unit.unknown', [fieldDetail('/gridUnit', 'field.unknown-unit')]);
  if (
    !chain.length ||
    !canStartAt(
      user,
      chain.map((u) => u.code),
    )
  )
    throw notFound('unit.not-found');
  await refuseDisabledUnit(ctx, body.gridUnit);
  const def = await startableDefinition(ctx, body.definitionKey, body.version);
  // only what the start form asks for: time limits and other settings are not the starter's to set
  const { formKey, inputs } = await engine.startInputs(def.key, def.version);
  const undeclared = Object.keys(body.variables ?? {}).filter((k) => !inputs.includes(k));
  if (undeclared.length)
    throw badRequest(
      'variables.undeclared',
      undeclared.map((k) => ({
        path: `/variables/${k}`,
        message: formKey
          ? `not a field of the start form ${formKey}`
          : 'this process takes no start variables',
        code: 'variables.undeclared',
        params: { name: k, formKey: formKey ?? null },
      })),
    );
  return def;
}

export function instanceRoutes(ctx: ApiContext): Router {
  const r = Router();
  const { engine } = ctx;

  const canMessage = (p: Principal) => p.admin || p.supervises.length > 0;

  op<StartBody>(
    r,
    ctx,
    {
      method: 'post',
      path: '/instances',
      summary: 'Open a case at a grid unit of the caller',
      tag: 'instances',
      body: 'StartInstanceBody',
      status: 201,
    },
    async ({ body, user }) => {
      const def = await checkStart(ctx, user, body);
      const s = await engine.start(
        body.definitionKey,
        {
          gridUnit: body.gridUnit,
          businessKey: body.businessKey,
          variables: body.variables ?? {},
          // the version checkStart chose: the asked one, or the latest not retired
          version: def.version,
        },
        user.username,
      );
      if (!body.claimFirstTask) return instanceSummary(s, def.name);
      // no double entry: the starter's report is the first step's form (engine/cases/first-task.ts)
      const first = await engine.claimFirstTask(s, user.username, (t) => canActOnTask(user, t));
      return {
        ...instanceSummary(s, def.name),
        firstTask: first
          ? { id: first._id, name: first.name, assignee: first.assignee ?? null, status: first.status }
          : null,
      };
    },
  );

  op(
    r,
    ctx,
    {
      method: 'get',
      path: '/instances/:id',
      summary:
        'Case detail: state, tasks, the newest history records (`historyTotal`, `historyCursor` for ' +
        'GET /instances/{id}/history), escalations, supervision orders',
      tag: 'instances',
    },
    async ({ params, user }) => {
      const s = await visibleInstance(ctx, user, params.id);
      const [history, tasks, escalations, orders, children, childIncidents] = await Promise.all([
        engine.historyPage(s._id, { limit: HISTORY_PAGE.default }),
        engine.cases.tasksOf(s._id),
        engine.escalations.ofCase(s._id),
        engine.supervision.ofCase(s._id),
        engine.cases.calledCases(s),
        engine.cases.calledIncidents(s),
      ]);
      const now = ctx.now();
      const taskViews = tasks.map((t) => taskView(ctx, user, t));
      return {
        ...instanceSummary(s, await processName(ctx, s.definitionKey, s.definitionVersion)),
        variables: s.variables,
        incidents: Object.values(s.incidents),
        openTasks: taskViews.filter((t) => t.status === 'open'),
        tasks: taskViews,
        // the newest records only: a looping case has thousands (older pages: /instances/:id/history)
        history: history.items,
        historyTotal: history.total,
        historyCursor: history.cursor,
        escalations,
        supervisionOrders: orders.map((o) => supervisionView(o, now)),
        can: instancePermissions(user, s),
        // 挂牌督办 in force: who listed it, when, why (the case page offers 摘牌)
        listing: s.listing ?? null,
        // call activities: the case that called this one, the cases this one called, and the open
        // incidents of the cases below it (why the case it waits for is stuck)
        parent: s.parent ?? null,
        callDepth: s.callDepth ?? 0,
        children,
        childIncidents,
      };
    },
  );

  op<unknown, { limit: number }>(
    r,
    ctx,
    {
      method: 'get',
      path: '/instances/:id/file',
      summary:
        'The case file (案卷): the report, each completed step with its submitted data, supervision orders',
      description:
        'Answers `{instanceId, caseNo, title, report, steps, stepsTotal, orders}`. `report` and every step carry ' +
        "`fields: [{name, title, value, labels?, format?}]`: `title` is the form field's title, `labels` the " +
        'option labels of an enum value. `report` is `{by, at, taskId?, formKey, formTitle, fields}`: what the ' +
        "first step submitted, or while it is open the start form's fields among the case variables. `steps` " +
        'are the newest `limit` (default 100, at most 200) completed steps, oldest first, ' +
        '`{taskId, nodeId, name, completedBy, completedAt, formKey, formTitle, fields}`; `stepsTotal` counts ' +
        'them all. Whoever may see the case may read it; anyone else gets 404.',
      tag: 'instances',
      query: 'CaseFileQuery',
    },
    async ({ params, query, user }) => {
      const s = await visibleInstance(ctx, user, params.id);
      return engine.caseFile(s, { limit: query.limit });
    },
  );

  op<unknown, { cursor?: string; limit: number }>(
    r,
    ctx,
    {
      method: 'get',
      path: '/instances/:id/history',
      summary: "A page of a case's history, oldest first (newest page without a cursor)",
      description:
        'Answers `{items, total, cursor, limit}`: `items` are the `limit` records (at most 500, default 100) ' +
        'before `cursor`, or the newest ones without it; `cursor` is the cursor of the page of older records, ' +
        'null at the oldest. Records written later never shift older pages. Bad `cursor` or `limit`: 400 with ' +
        '`code: "http.invalid-query"` and details `{path: "/limit", code: "invalid-parameter", params: {field: "limit", problem: "field.maximum", limit: 500}}`.',
      tag: 'instances',
      query: 'HistoryQuery',
    },
    async ({ params, query, user }) => {
      const s = await visibleInstance(ctx, user, params.id);
      const before = query.cursor === undefined ? undefined : parseHistoryCursor(query.cursor);
      return engine.historyPage(s._id, { before, limit: Math.min(query.limit, HISTORY_PAGE.max) });
    },
  );

  op<{ reason?: string }>(
    r,
    ctx,
    {
      method: 'post',
      path: '/instances/:id/cancel',
      summary: 'Cancel a case (supervisor of its units, or admin)',
      tag: 'instances',
      body: 'CancelBody',
    },
    async ({ params, body, user }) => {
      const s = await visibleInstance(ctx, user, params.id);
      if (!canCancelInstance(user, s)) throw notFound('instance.not-found');
      const out = await engine.cancelInstance(s._id, user.username, body.reason);
      return instanceSummary(out, await processName(ctx, out.definitionKey, out.definitionVersion));
    },
  );

  op(
    r,
    ctx,
    {
      method: 'get',
      path: '/instances/:id/diagram',
      summary: 'BPMN XML of the case with active and completed elements',
      tag: 'instances',
    },
    async ({ params, user }) => {
      const s = await visibleInstance(ctx, user, params.id);
      const def = await engine.definitions.get(s.definitionKey, s.definitionVersion);
      if (!def) throw notFound('definition.not-found');
      return {
        xml: def.xml,
        definitionKey: s.definitionKey,
        definitionVersion: s.definitionVersion,
        ...diagramState(s, await engine.history(s._id)),
      };
    },
  );

  op<{
    name: string;
    correlationKey: string | number;
    variables?: Record<string, unknown>;
    messageId?: string;
    ttl?: number;
    gridUnit?: string;
  }>(
    r,
    ctx,
    {
      method: 'post',
      path: '/messages',
      summary:
        "Correlate a message to the waiting cases in the caller's jurisdiction (admin: all; supervisors: " +
        'their subtree); messageId makes it idempotent',
      description:
        'The caller is recorded as the actor in the history of the cases it reaches. A message that reaches ' +
        'no waiting case answers `{correlated: 0}` and does not use up its messageId: it may be sent again ' +
        'with the same id once the case waits for it. When no case waits, a deployed message start event ' +
        'of that name opens a case (`started`; its unit: `gridUnit`, else `variables.gridUnit`, else the ' +
        "start event's grid:startUnit; the correlation key becomes the business key); else, with `ttl` " +
        '(seconds, bounded by MESSAGE_BUFFER_MAX_TTL_S), the message is buffered and the first receive task, ' +
        'catch or boundary event of that name and key created in time receives it (`buffered`).',
      tag: 'instances',
      body: 'MessageBody',
    },
    async ({ body, user }) => {
      if (!canMessage(user)) throw notFound();
      return engine.correlateMessage(
        body.name,
        String(body.correlationKey),
        body.variables ?? {},
        body.messageId,
        {
          actor: user.username,
          supervisedBy: user,
          ...(body.ttl !== undefined ? { ttlSeconds: body.ttl } : {}),
          ...(body.gridUnit !== undefined ? { gridUnit: body.gridUnit } : {}),
          mayStartAt: (chain) => canStartAt(user, chain),
          ...(user.admin ? {} : { bufferScope: [...user.supervises] }),
        },
      );
    },
  );

  op<{ name: string; unit: string; variables?: Record<string, unknown>; signalId?: string }>(
    r,
    ctx,
    {
      method: 'post',
      path: '/signals',
      summary:
        'Throw a signal to the cases waiting for it in the subtree of a unit (admin: any unit; supervisors: ' +
        'a unit of their subtree); signalId makes it idempotent',
      description:
        'Every signal catch event, signal boundary event and event-based gateway waiting for the name in a ' +
        'case whose grid unit is `unit` or below it catches the signal, and `variables` are set on that ' +
        'case. A unit outside the caller’s subtree answers 404. The answer counts the cases reached.',
      tag: 'instances',
      body: 'SignalBody',
    },
    async ({ body, user }) => {
      if (!canMessage(user)) throw notFound();
      const chain = (await engine.org.chain(body.unit)).map((u) => u.code);
      // outside the caller's subtree is as unknown as a unit that does not exist
      if (!chain.length || !(user.admin || supervisesPath(user, chain)))
        throw notFound('unit.not-found', { unit: body.unit });
      return engine.throwSignal(body.name, body.unit, body.variables ?? {}, {
        actor: user.username,
        signalId: body.signalId,
      });
    },
  );

  op<unknown, { status?: string; page: number; pageSize: number }>(
    r,
    ctx,
    {
      method: 'get',
      path: '/incidents',
      summary: 'Incidents (admin)',
      tag: 'incidents',
      auth: 'admin',
      query: 'IncidentListQuery',
    },
    async ({ query }) => {
      const pg = paging(query);
      const { items, total } = await engine.cases.incidents({ status: query.status }, pg);
      return pageOf(items, total, pg);
    },
  );

  op(
    r,
    ctx,
    {
      method: 'post',
      path: '/incidents/:instanceId/:incidentId/retry',
      summary: 'Retry the step of an open incident, optionally setting variables first (admin)',
      tag: 'incidents',
      auth: 'admin',
      body: 'RetryBody',
    },
    async ({ params, user, body }) => {
      const s = await engine.cases.instance(params.instanceId);
      if (!s) throw notFound('instance.not-found');
      await engine.retryIncident(s._id, params.incidentId, user.username, body?.variables);
      return { retried: true, instanceId: s._id, incidentId: params.incidentId };
    },
  );

  return r;
}
