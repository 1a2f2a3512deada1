// The success bodies of the API, as JSON Schemas for the OpenAPI document (openapi.ts): one named schema per
// resource (cases, tasks, definitions, decisions, notifications, users, units …) and, per operation
// (`<method> <path>` as mounted by op()), the schema of its 2xx body. test/api/ops.test.ts fails when a
// mounted operation has none here, and checks the main resources' live answers against their schemas.
// The schemas name the fields clients rely on and allow more (views grow; a new field breaks nobody).
import type { OpSpec } from './context.js';
import type { JsonSchema } from './validation.js';

const ref = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });
const str: JsonSchema = { type: 'string' };
const int: JsonSchema = { type: 'integer' };
const bool: JsonSchema = { type: 'boolean' };
/** epoch milliseconds */
const ms: JsonSchema = { type: 'number', description: 'epoch milliseconds' };
const opt = (s: JsonSchema): JsonSchema => ({ anyOf: [s, { type: 'null' }] });
const arrayOf = (items: JsonSchema): JsonSchema => ({ type: 'array', items });

/** An object with these (typed) fields, the `required` ones always present; other fields may follow. */
const obj = (
  properties: Record<string, JsonSchema>,
  required: string[] = [],
  description?: string,
): JsonSchema => ({
  type: 'object',
  required,
  properties,
  ...(description ? { description } : {}),
});

/** A page of a list: `{items, total, page, pageSize}`. */
const page = (item: JsonSchema, extra: Record<string, JsonSchema> = {}): JsonSchema =>
  obj({ items: arrayOf(item), total: int, page: int, pageSize: int, ...extra }, [
    'items',
    'total',
    'page',
    'pageSize',
  ]);
/** `{items}` without paging. */
const itemsOf = (item: JsonSchema): JsonSchema => obj({ items: arrayOf(item) }, ['items']);

const unitRef = obj({ code: str, level: str, name: str }, ['code', 'level']);
const detail = obj({ path: str, message: str, code: str, params: { type: 'object' } }, [
  'path',
  'message',
  'code',
]);

/** The resources, as components.schemas of the OpenAPI document. */
export const RESPONSE_SCHEMAS: Record<string, JsonSchema> = {
  MigrationJob: obj(
    {
      id: str,
      definitionKey: str,
      fromVersion: int,
      toVersion: int,
      status: str,
      total: int,
      done: int,
      failed: int,
      failures: arrayOf(obj({ instanceId: str, reason: str })),
      createdBy: str,
      createdAt: ms,
    },
    ['id', 'definitionKey', 'fromVersion', 'toVersion', 'total', 'done', 'failed', 'status'],
    'a migration run: its plan, progress (total, done, failed) and status',
  ),
  InstanceSummary: obj(
    {
      id: str,
      definitionKey: str,
      definitionVersion: int,
      processName: str,
      businessKey: str,
      caseNo: str,
      title: str,
      gridUnit: str,
      gridUnitName: str,
      unitChain: arrayOf(unitRef),
      status: { type: 'string', enum: ['active', 'completed', 'cancelled', 'terminated'] },
      supervised: bool,
      startedAt: ms,
      startedBy: str,
      endedAt: ms,
      removalAt: ms,
      updatedAt: ms,
      openTaskCount: int,
      holders: arrayOf(
        obj({ taskId: str, name: str, unit: str, unitName: str, level: str, assignee: opt(str) }, ['taskId']),
      ),
      overdue: bool,
      openIncidents: int,
    },
    ['id', 'definitionKey', 'definitionVersion', 'status', 'gridUnit', 'startedAt'],
    'A case (案件) in lists and after commands on it',
  ),
  Instance: {
    allOf: [
      ref('InstanceSummary'),
      obj(
        {
          variables: { type: 'object' },
          incidents: arrayOf({ type: 'object' }),
          openTasks: arrayOf(ref('Task')),
          tasks: arrayOf(ref('Task')),
          history: arrayOf({ type: 'object' }),
          historyTotal: int,
          historyCursor: opt(str),
          escalations: arrayOf({ type: 'object' }),
          supervisionOrders: arrayOf(ref('SupervisionOrder')),
          can: obj({ cancel: bool, supervise: bool }, ['cancel', 'supervise']),
          listing: opt({ type: 'object' }),
        },
        ['variables', 'tasks', 'history', 'can'],
      ),
    ],
    description: 'A case with its tasks, newest history, escalations and supervision orders',
  },
  Task: obj(
    {
      id: str,
      instanceId: str,
      nodeId: str,
      name: str,
      status: str,
      unit: str,
      level: str,
      candidateRoles: arrayOf(str),
      assignee: str,
      formKey: str,
      formVersion: str,
      dueAt: ms,
      overdue: bool,
      can: obj({ act: bool, claim: bool, supervise: bool }, ['act', 'claim', 'supervise']),
      formSchema: opt({ type: 'object' }),
    },
    ['id', 'instanceId', 'nodeId', 'status', 'can'],
    'A user task as the caller may see it (`can`: what the caller may do with it)',
  ),
  DefinitionListItem: obj(
    {
      key: str,
      name: str,
      version: int,
      deployedAt: ms,
      deployedBy: str,
      versions: int,
      retired: bool,
      retiredVersions: arrayOf(int),
    },
    ['key', 'version', 'versions', 'retired'],
  ),
  Definition: obj(
    {
      key: str,
      name: str,
      version: int,
      deployedAt: ms,
      deployedBy: str,
      summary: { type: 'object' },
      xml: str,
    },
    ['key', 'version'],
    'A deployed process definition version',
  ),
  DeployResult: obj(
    {
      key: str,
      version: int,
      name: str,
      created: bool,
      unchanged: bool,
      processes: arrayOf(
        obj({ key: str, version: int, name: str, created: bool, unchanged: bool }, ['key', 'version']),
      ),
      warnings: arrayOf(detail),
    },
    ['key', 'version', 'created', 'unchanged', 'processes', 'warnings'],
  ),
  ValidationResult: obj(
    {
      valid: bool,
      details: arrayOf(detail),
      warnings: arrayOf(detail),
      processes: arrayOf({ type: 'object' }),
    },
    ['valid', 'details'],
    'A check without deploying: `valid: false` with the coded problems as details',
  ),
  Decision: obj(
    { key: str, name: str, version: int, hitPolicy: str, versions: int, deployedAt: ms },
    ['key'],
    'A deployed DMN decision',
  ),
  Notification: obj(
    {
      id: str,
      user: str,
      title: str,
      body: str,
      message: ref('NotificationMessage'),
      read: bool,
      createdAt: ms,
    },
    ['id', 'title'],
  ),
  User: obj(
    {
      username: str,
      displayName: str,
      roles: arrayOf(obj({ role: str, unit: str }, ['role', 'unit'])),
      roleKeys: arrayOf(str),
      disabled: bool,
      phone: str,
    },
    ['username', 'displayName', 'roles'],
  ),
  Me: obj(
    {
      username: str,
      displayName: str,
      roles: arrayOf(
        obj({ role: str, roleName: str, unit: str, unitName: str, unitLevel: str }, ['role', 'unit']),
      ),
      units: arrayOf(obj({ code: str, name: str, level: str, roles: arrayOf(str) }, ['code'])),
      admin: bool,
    },
    ['username', 'roles'],
  ),
  Unit: obj(
    {
      code: str,
      name: str,
      level: str,
      parent: str,
      info: { type: 'object' },
      timeLimits: { type: 'object', additionalProperties: str },
      disabled: bool,
      children: arrayOf(ref('Unit')),
    },
    ['code', 'name', 'level'],
  ),
  SupervisionOrder: obj({ id: str, instanceId: str, kind: str, status: str, replyDueAt: ms, content: str }, [
    'id',
    'status',
  ]),
  Stats: {
    type: 'object',
    description: 'Figures of the period for the unit (and its subtree) the query names',
  },
  Attachment: obj({ id: str, name: str, size: int, type: str }, ['id']),
  Comment: obj(
    {
      id: str,
      instanceId: str,
      author: str,
      authorName: str,
      text: str,
      mentions: arrayOf(obj({ username: str, displayName: str }, ['username'])),
      at: ms,
    },
    ['id', 'instanceId', 'author', 'text', 'at'],
    'A comment on a case (@mentions notify)',
  ),
  IntakeEntry: obj({ receipt: str, state: str }, ['receipt']),
  Ok: { type: 'object', description: 'What was done (fields per operation)' },
};

const binaryFile: JsonSchema = { type: 'string', format: 'binary' };

/** The 2xx body of each operation, by `<method> <path>` as mounted (paths below the router's mount). */
export const OPERATION_RESPONSES: Record<string, JsonSchema> = {
  // ---- cases
  'get /instances': page(ref('InstanceSummary'), { totalCapped: bool }),
  'post /instances': obj({ id: str, caseNo: str }, ['id']),
  'get /instances/:id': ref('Instance'),
  'get /instances/:id/file': {
    type: 'object',
    description: 'The case file (案卷): every step with what it submitted',
  },
  'get /instances/:id/history': obj(
    { items: arrayOf({ type: 'object' }), total: int, cursor: opt(str), limit: int },
    ['items'],
  ),
  'post /instances/:id/cancel': ref('InstanceSummary'),
  'get /instances/:id/diagram': obj({ xml: str }, ['xml']),
  'post /instances/:id/supervise': ref('Ok'),
  'post /instances/:id/unsupervise': ref('Ok'),
  'get /instances/:id/reporter': ref('Ok'),
  'post /instances/:id/backlog': ref('Task'),
  'get /instances/:id/visit': ref('Ok'),
  'post /instances/:id/visit': obj({ visit: { type: 'object' }, reopenedAs: opt(str) }, ['visit']),
  'get /instances/:id/comments': obj({ items: arrayOf(ref('Comment')), total: int }, ['items', 'total']),
  'post /instances/:id/comments': ref('Comment'),
  'get /instances/:id/attachments': itemsOf(ref('Attachment')),
  'post /instances/:id/attachments': ref('Attachment'),
  'post /instances/:id/supervision-orders': ref('SupervisionOrder'),
  'post /messages': obj({ correlated: int, duplicate: bool }, ['correlated', 'duplicate']),
  'post /signals': obj({ signalId: str }, ['signalId'], 'the signal and whom it reached'),
  // ---- external task workers (engine/queue/external-tasks.ts)
  'post /external-tasks/fetch-and-lock': itemsOf(
    obj(
      {
        id: str,
        topic: str,
        instanceId: str,
        caseNo: str,
        variables: { type: 'object' },
        lockExpiresAt: ms,
        retries: int,
      },
      ['id', 'topic', 'instanceId'],
    ),
  ),
  'post /external-tasks/:id/complete': { description: 'nothing (204)' },
  'post /external-tasks/:id/failure': { description: 'nothing (204)' },
  'post /external-tasks/:id/bpmn-error': { description: 'nothing (204)' },
  'post /external-tasks/:id/extend-lock': { description: 'nothing (204)' },
  'get /external-tasks': page(
    obj({ id: str, topic: str, status: str, instanceId: str, workerId: opt(str), retries: int }, [
      'id',
      'topic',
    ]),
  ),
  'put /external-tasks/workers/:username': obj({ username: str, topics: arrayOf(str) }, [
    'username',
    'topics',
  ]),
  // ---- migration of running cases (engine/migration/service.ts)
  'get /migrations': itemsOf(ref('MigrationJob')),
  'post /migrations': ref('MigrationJob'),
  'get /migrations/:id': ref('MigrationJob'),
  'post /migrations/plan': obj(
    {
      mapping: { type: 'object' },
      source: arrayOf({ type: 'object' }),
      target: arrayOf({ type: 'object' }),
      problems: arrayOf(detail),
      cases: int,
    },
    ['mapping', 'problems'],
    "the mapping with its defaults (identical ids), the elements of both versions and the plan's problems",
  ),
  'post /migrations/shipped': obj(
    { mapping: { type: 'object' }, enter: arrayOf(str), notes: { type: 'object' } },
    [],
    'the migration plan shipped for this pair of bundled versions, if any',
  ),
  'post /migrations/dry-run': obj(
    { cases: arrayOf({ type: 'object' }), problems: arrayOf(detail) },
    ['problems'],
    'per case what a run would do; nothing is written',
  ),
  'get /incidents': page({ type: 'object' }),
  'post /incidents/:instanceId/:incidentId/retry': obj({ retried: bool, instanceId: str, incidentId: str }, [
    'retried',
  ]),
  'get /saved-filters': itemsOf(obj({ id: str, name: str, query: { type: 'object' } }, ['id', 'name'])),
  'put /saved-filters': obj({ id: str, name: str, query: { type: 'object' }, createdAt: ms, updatedAt: ms }, [
    'id',
    'name',
  ]),
  'delete /saved-filters/:id': { description: 'nothing (204)' },
  // ---- tasks and requests
  'get /tasks': page(ref('Task')),
  'get /tasks/:id': ref('Task'),
  'post /tasks/:id/claim': ref('Task'),
  'post /tasks/:id/unclaim': ref('Task'),
  'post /tasks/:id/delegate': ref('Task'),
  'post /tasks/:id/resolve': ref('Task'),
  'post /tasks/:id/pause': ref('Task'),
  'post /tasks/:id/resume': ref('Task'),
  'post /tasks/:id/reassign': ref('Task'),
  'post /tasks/:id/takeover': ref('Task'),
  'post /tasks/:id/complete': ref('Task'),
  'post /tasks/:id/return': ref('Task'),
  'post /tasks/:id/dispatch': ref('Task'),
  'post /tasks/:id/extensions': ref('Task'),
  'get /requests': page({ type: 'object' }),
  'post /requests/:id/approve': ref('Task'),
  'post /requests/:id/refuse': ref('Task'),
  'get /escalations': page({ type: 'object' }),
  // ---- definitions, forms, decisions
  'get /definitions': itemsOf(ref('DefinitionListItem')),
  'post /definitions': ref('DeployResult'),
  'post /deployments': ref('DeployResult'),
  'post /definitions/validate': ref('ValidationResult'),
  'get /definitions/:key': ref('Definition'),
  'get /definitions/:key/versions/:version': ref('Definition'),
  'post /definitions/:key/retire': obj({ key: str, retired: bool }, ['key', 'retired']),
  'post /definitions/:key/reactivate': obj({ key: str, retired: bool }, ['key', 'retired']),
  'post /definitions/:key/versions/:version/retire': obj({ key: str, version: int, retired: bool }, [
    'key',
    'retired',
  ]),
  'post /definitions/:key/versions/:version/reactivate': obj({ key: str, version: int, retired: bool }, [
    'key',
    'retired',
  ]),
  'get /forms': itemsOf({ type: 'object' }),
  'get /forms/:key': { type: 'object', description: 'the form schema (JSON Schema)' },
  'get /forms/:key/versions': itemsOf({ type: 'object' }),
  'get /decisions': itemsOf(ref('Decision')),
  'post /decisions': obj({ decisions: arrayOf({ type: 'object' }) }),
  'post /decisions/validate': obj({ valid: bool, details: arrayOf(detail), decisions: arrayOf(str) }, [
    'valid',
    'details',
  ]),
  'get /decisions/:key': ref('Decision'),
  'get /decisions/:key/versions/:version': ref('Decision'),
  'post /decisions/:key/evaluate': { type: 'object', description: 'the decision result' },
  // ---- notifications
  'get /notifications': page(ref('Notification'), { unread: int }),
  'post /notifications/read-all': obj({ updated: int }, ['updated']),
  'post /notifications/:id/read': ref('Notification'),
  // ---- people and places
  'post /auth/login': obj({ token: str, expiresAt: ms, user: ref('Me') }, ['token', 'expiresAt', 'user']),
  'post /auth/logout': { description: 'nothing' },
  'get /me': ref('Me'),
  'post /me/password': obj({ token: str, expiresAt: ms }, ['token', 'expiresAt']),
  'get /roles': obj({ roles: { type: 'object', additionalProperties: str } }),
  'get /users': page(ref('User')),
  'post /users': ref('User'),
  'patch /users/:username': ref('User'),
  'get /grid/units': itemsOf(ref('Unit')),
  'get /grid/units/:code': ref('Unit'),
  'post /grid/units': ref('Unit'),
  'patch /grid/units/:code': ref('Unit'),
  'get /audit': page({ type: 'object' }),
  // ---- statistics and assessment
  'get /stats': ref('Stats'),
  'get /stats/export': binaryFile,
  'get /assessment': { type: 'object', description: 'the scored rows of the period' },
  'get /assessment/schemes': obj({ versions: arrayOf({ type: 'object' }) }, ['versions']),
  'post /assessment/schemes': { type: 'object', description: 'the saved scheme version' },
  'post /assessment/entries': { type: 'object', description: 'the manual entry' },
  'post /assessment/close': { type: 'object', description: 'the closed period' },
  'post /assessment/adjustments': { type: 'object', description: 'the adjustment' },
  // ---- supervision orders
  'get /supervision-orders': page(ref('SupervisionOrder')),
  'get /supervision-orders/:id': ref('SupervisionOrder'),
  'post /supervision-orders/:id/reply': ref('SupervisionOrder'),
  // ---- attachments
  'get /attachments/:id': binaryFile,
  'get /attachments/:id/thumbnail': binaryFile,
  'get /attachments/:id/info': ref('Attachment'),
  // ---- intake, map, citizens
  'get /locate': obj({ grid: { type: 'object' }, path: arrayOf({ type: 'object' }) }),
  'get /intake/categories': { type: 'object' },
  'post /intake': ref('IntakeEntry'),
  'get /intake': page(ref('IntakeEntry')),
  'get /intake/:receipt': ref('IntakeEntry'),
  'post /intake/:receipt/accept': ref('IntakeEntry'),
  'post /intake/:receipt/merge': ref('IntakeEntry'),
  'post /intake/:receipt/reject': ref('IntakeEntry'),
  'post /intake/:receipt/photos': ref('Attachment'),
  'post /public/reports/:receipt/photos': ref('Attachment'),
  'get /map/cases': itemsOf({ type: 'object' }),
  'get /map/boundaries': obj(
    { type: { const: 'FeatureCollection' }, features: arrayOf({ type: 'object' }) },
    ['type', 'features'],
  ),
  'get /public/boundaries': obj(
    { type: { const: 'FeatureCollection' }, features: arrayOf({ type: 'object' }) },
    ['type', 'features'],
  ),
  'get /ui-config': { type: 'object' },
  'get /public/challenge': { type: 'object' },
  'post /public/reports': obj({ receipt: str, state: str, uploadToken: str }, ['receipt', 'state']),
  'get /public/reports/:receipt': { type: 'object' },
  'post /reports': ref('InstanceSummary'),
  'get /visits': page({ type: 'object' }),
  'get /sms-outbox': page(obj({ id: str, to: str, text: str, at: ms }, ['id', 'to', 'text']), {
    gateway: str,
  }),
  // ---- patrols and meetings
  'post /patrols': { type: 'object' },
  'get /patrols/current': obj({ patrol: opt({ type: 'object' }) }, ['patrol']),
  'get /patrols': page({ type: 'object' }),
  'get /patrols/:id': { type: 'object' },
  'post /patrols/:id/points': { type: 'object' },
  'post /patrols/:id/photos': ref('Attachment'),
  'post /patrols/:id/end': { type: 'object' },
  'post /meetings': { type: 'object' },
  'get /meetings/candidates': itemsOf({ type: 'object' }),
  'get /meetings': page({ type: 'object' }),
  'post /meetings/:id/sign-in': { type: 'object' },
  // ---- operations
  'post /admin/history-cleanup': obj(
    { now: ms, cases: int, batches: int, removed: int, deferred: int },
    ['cases', 'removed'],
    'what one run of the history cleanup removed',
  ),
  'get /events': { type: 'string', description: 'server-sent events' },
  'get /healthz': { type: 'object' },
  'get /readyz': obj({ status: { enum: ['ready', 'unavailable'] } }, ['status']),
  'get /metrics': { type: 'string', description: 'Prometheus text format' },
  'get /instances/export': binaryFile,
  'get /decisions/:key/xml': { type: 'string', description: 'DMN XML' },
  'get /decisions/:key/versions/:version/xml': { type: 'string', description: 'DMN XML' },
};

/** The schema of an operation's success body; undefined: none documented (the OpenAPI test fails). */
export function responseOf(o: Pick<OpSpec, 'method' | 'path'>): JsonSchema | undefined {
  return OPERATION_RESPONSES[`${o.method} ${o.path}`];
}
