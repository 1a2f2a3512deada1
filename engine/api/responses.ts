// The success bodies of the API, as JSON Schemas for the OpenAPI document (openapi.ts): one named schema per
// resource (cases, tasks, definitions, decisions, notifications, users, units …) and, per operation
// (`<method> <path>` as mounted by op()), the schema of its 2xx body. test/api/ops.test.ts fails when a
// mounted operation has none here, and checks the main resources' live answers against their schemas.
// The schemas name the fields clients rely on and allow more (views grow; a new field breaks nobody).
// The UI's types are generated from them (npm run gen:api-types → ui/src/api-schema.d.ts): a field the UI
// reads belongs here, typed as the server sends it.
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

const num: JsonSchema = { type: 'number' };
/** A string, one of these. */
const oneOf = (...values: string[]): JsonSchema => ({ type: 'string', enum: values });
/** Free-form values (form data, variables, details): any JSON object. */
const anyObject: JsonSchema = { type: 'object', additionalProperties: true };

const unitRef = obj({ code: str, level: str, name: str }, ['code', 'level']);
const slaState = oneOf('ontime', 'warned', 'overdue', 'escalated', 'supervised');
const caseStatus = oneOf('active', 'completed', 'cancelled', 'terminated');
/** A case a call activity of this case called, as the parent lists it and as it stands. */
const calledCase = obj(
  {
    id: str,
    tokenId: str,
    nodeId: str,
    key: str,
    at: ms,
    ended: obj({ status: caseStatus, at: ms, error: str }, ['status', 'at']),
    caseNo: str,
    title: str,
    definitionVersion: int,
    status: caseStatus,
    openIncidents: int,
  },
  ['id', 'tokenId', 'nodeId', 'key', 'at'],
);
/** An open incident of a case below this one (call activities), with the case it belongs to. */
const calledIncident = obj(
  { id: str, instanceId: str, caseNo: str, definitionKey: str, nodeId: str, message: str, code: str, at: ms },
  ['id', 'instanceId', 'definitionKey', 'nodeId', 'message', 'at'],
);
const detail = obj({ path: str, message: str, code: str, params: { type: 'object' } }, [
  'path',
  'message',
  'code',
]);

const unitInfo = obj({ code: str, name: str, level: str }, ['code', 'name', 'level']);
/** A form field's value as its form labels it: in the case file (CaseFileField) and in a change (FieldChange) */
const labelledField: Record<string, JsonSchema> = {
  name: str,
  title: { type: 'string', description: "the form field's title" },
  value: {},
  labels: { ...arrayOf(str), description: 'the option labels of an enum value' },
  format: str,
};
/** The figures of an assessment (engine/sla/assessment.ts Figures): rates 0..1, null when nothing counted. */
const figures: Record<string, JsonSchema> = {
  received: int,
  closed: int,
  closedOnTime: int,
  cancelled: int,
  due: int,
  dueOnTime: int,
  onTimeRate: opt(num),
  taskDue: int,
  taskDueOnTime: int,
  taskOnTimeRate: opt(num),
  overdueNow: int,
  escalations: obj({ total: int, byLevel: { type: 'object', additionalProperties: int } }, [
    'total',
    'byLevel',
  ]),
  avgTaskHandlingHours: opt(num),
  avgCaseHandlingHours: opt(num),
  avgTaskCalendarHours: opt(num),
  avgCaseCalendarHours: opt(num),
  rework: int,
  reworkRate: opt(num),
  returns: int,
  returnRate: opt(num),
  extensions: int,
  extensionRate: opt(num),
  backlogs: int,
  backlogNow: int,
  repliesDue: int,
  replies: int,
  replyRate: opt(num),
  visits: int,
  satisfied: int,
  basic: int,
  dissatisfied: int,
  satisfactionRate: opt(num),
  reopened: int,
};

/** The resources, as components.schemas of the OpenAPI document. */
export const RESPONSE_SCHEMAS: Record<string, JsonSchema> = {
  MigrationMapping: {
    type: 'object',
    additionalProperties: opt(str),
    description: 'old element id → new element id (null: the element is dropped)',
  },
  PlanNode: obj({ id: str, kind: str, name: str, parent: str, attachedTo: str }, ['id', 'kind']),
  DryRunCase: obj(
    {
      instanceId: str,
      caseNo: str,
      status: oneOf('migrated', 'refused', 'skipped'),
      problems: arrayOf(
        obj({ elementId: str, code: str, message: str, params: anyObject }, [
          'elementId',
          'code',
          'message',
          'params',
        ]),
      ),
      report: obj(
        {
          moved: arrayOf(obj({ tokenId: str, from: str, to: str }, ['tokenId', 'from', 'to'])),
          entered: arrayOf(
            obj({ tokenId: str, from: str, to: str, newTokenId: str }, [
              'tokenId',
              'from',
              'to',
              'newTokenId',
            ]),
          ),
          tasks: arrayOf(
            obj({ taskId: str, from: str, to: str, sla: oneOf('kept', 'replanned', 'none') }, [
              'taskId',
              'from',
              'to',
              'sla',
            ]),
          ),
          timers: arrayOf(anyObject),
          subscriptions: arrayOf(anyObject),
          incidents: arrayOf(anyObject),
        },
        ['moved', 'entered', 'tasks'],
      ),
    },
    ['instanceId', 'status'],
    'what a migration would do to one case',
  ),
  MigrationJob: obj(
    {
      id: str,
      definitionKey: str,
      fromVersion: int,
      toVersion: int,
      status: oneOf('running', 'completed', 'completed-with-failures'),
      total: int,
      done: int,
      failed: int,
      failures: arrayOf(obj({ instanceId: str, reason: str }, ['instanceId', 'reason'])),
      mapping: ref('MigrationMapping'),
      enter: arrayOf(str),
      createdBy: str,
      createdAt: ms,
    },
    [
      'id',
      'definitionKey',
      'fromVersion',
      'toVersion',
      'total',
      'done',
      'failed',
      'status',
      'failures',
      'createdBy',
      'createdAt',
    ],
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
      status: caseStatus,
      supervised: bool,
      startedAt: ms,
      startedBy: str,
      endedAt: ms,
      removalAt: ms,
      updatedAt: ms,
      openTaskCount: int,
      holders: arrayOf(
        obj({ taskId: str, name: str, unit: str, unitName: str, level: str, assignee: opt(str) }, [
          'taskId',
          'name',
          'unit',
          'assignee',
        ]),
      ),
      overdue: bool,
      openIncidents: int,
      parentInstanceId: str,
    },
    ['id', 'definitionKey', 'definitionVersion', 'status', 'gridUnit', 'startedAt'],
    'A case (案件) in lists and after commands on it',
  ),
  Instance: {
    allOf: [
      ref('InstanceSummary'),
      obj(
        {
          variables: anyObject,
          incidents: arrayOf(anyObject),
          openTasks: arrayOf(ref('Task')),
          tasks: arrayOf(ref('Task')),
          history: arrayOf(ref('HistoryRecord')),
          historyTotal: int,
          historyCursor: opt(str),
          escalations: arrayOf(ref('Escalation')),
          supervisionOrders: arrayOf(ref('SupervisionOrder')),
          can: obj({ cancel: bool, supervise: bool }, ['cancel', 'supervise']),
          listing: opt(obj({ by: str, at: ms, reason: str }, ['by', 'at', 'reason'], '挂牌督办 in force')),
          parent: opt(
            obj({ instanceId: str, tokenId: str, nodeId: str, definitionKey: str, caseNo: str }, [
              'instanceId',
              'tokenId',
              'nodeId',
              'definitionKey',
            ]),
          ),
          callDepth: int,
          children: arrayOf(calledCase),
          childIncidents: arrayOf(calledIncident),
        },
        ['variables', 'tasks', 'history', 'can'],
      ),
    ],
    description: 'A case with its tasks, newest history, escalations and supervision orders',
  },
  CaseListItem: {
    allOf: [
      ref('InstanceSummary'),
      obj(
        {
          dueAt: opt(ms),
          breachAt: opt(ms),
          overdueNow: bool,
          escalated: bool,
          openLevels: arrayOf(str),
          handling: obj({ workingHours: num, calendarHours: num }, ['workingHours', 'calendarHours']),
        },
        ['dueAt', 'breachAt', 'overdueNow', 'escalated', 'openLevels', 'handling'],
      ),
    ],
    description: 'A row of the case list: the case with its due dates, levels and handling time so far',
  },
  StartedCase: {
    allOf: [
      ref('InstanceSummary'),
      obj({
        firstTask: {
          ...opt(obj({ id: str, name: str, assignee: opt(str), status: str }, ['id', 'assignee'])),
          description: 'with claimFirstTask: the first step, handed to the starter (null: not theirs)',
        },
        duplicate: { ...bool, description: 'a report already received under this draftId: its case' },
      }),
    ],
    description: 'A case just opened (or, for a report sent again, the one it opened)',
  },
  HistoryRecord: obj(
    {
      _id: str,
      instanceId: str,
      at: ms,
      seq: int,
      actor: str,
      action: str,
      elementId: str,
      from: str,
      to: str,
      details: anyObject,
      elementName: str,
      actorName: str,
      unitName: str,
      fromUnitName: str,
      toName: str,
      assigneeName: str,
      ownerName: str,
      changes: arrayOf(ref('FieldChange')),
    },
    ['at', 'actor', 'action'],
    "An entry of a case's history, with the names of the element, people and units it mentions",
  ),
  FieldChange: obj(
    {
      ...labelledField,
      previous: { description: 'absent when the field had no value before' },
      previousLabels: arrayOf(str),
    },
    ['name', 'title', 'value'],
    'A changed form field, labelled by its form: its value before and after',
  ),
  CaseFileField: obj(
    {
      ...labelledField,
      stage: { ...oneOf('before', 'after'), description: "处置前/处置后 photos (the form's x-stage)" },
      rows: {
        ...arrayOf(arrayOf(ref('CaseFileField'))),
        description: "a list of objects (当事人 …): each row's fields, labelled",
      },
    },
    ['name', 'title', 'value'],
    'A submitted value of the case file, labelled by its form',
  ),
  CaseFileStep: obj(
    {
      taskId: str,
      nodeId: str,
      name: str,
      completedBy: str,
      completedAt: ms,
      formKey: str,
      formTitle: str,
      fields: arrayOf(ref('CaseFileField')),
    },
    ['taskId', 'nodeId', 'fields'],
    'A completed step of the case file with what it submitted',
  ),
  CaseFile: obj(
    {
      instanceId: str,
      caseNo: str,
      title: str,
      status: caseStatus,
      report: opt(
        obj(
          {
            by: str,
            at: ms,
            taskId: str,
            formKey: str,
            formTitle: str,
            fields: arrayOf(ref('CaseFileField')),
          },
          ['by', 'at', 'fields'],
          "what the first step submitted, or while it is open the start form's fields among the variables",
        ),
      ),
      steps: arrayOf(ref('CaseFileStep')),
      stepsTotal: int,
      people: { type: 'object', additionalProperties: str, description: 'login → display name' },
      comments: arrayOf(ref('Comment')),
      commentsTotal: int,
      attachments: arrayOf(ref('Attachment')),
      orders: arrayOf(ref('SupervisionOrder')),
    },
    [
      'instanceId',
      'status',
      'report',
      'steps',
      'stepsTotal',
      'people',
      'comments',
      'commentsTotal',
      'attachments',
      'orders',
    ],
    'The case file (案卷): every step with what it submitted',
  ),
  HistoryPage: obj(
    {
      items: arrayOf(ref('HistoryRecord')),
      total: int,
      cursor: { ...opt(str), description: 'the page before this one; null at the oldest record' },
      limit: int,
    },
    ['items', 'total', 'cursor', 'limit'],
    'Older history records of a case, oldest first',
  ),
  DiagramState: obj(
    {
      xml: str,
      definitionKey: str,
      definitionVersion: int,
      activeNodeIds: arrayOf(str),
      completedNodeIds: arrayOf(str),
      takenFlowIds: arrayOf(str),
      incidentNodeIds: arrayOf(str),
    },
    ['xml', 'activeNodeIds', 'completedNodeIds', 'takenFlowIds', 'incidentNodeIds'],
    "The case's diagram with where it stands: active, completed and failed elements, flows taken",
  ),
  Escalation: obj(
    {
      _id: str,
      id: str,
      instanceId: str,
      taskId: str,
      taskName: str,
      nodeId: str,
      definitionKey: str,
      businessKey: str,
      caseNo: str,
      caseTitle: str,
      gridUnit: str,
      fromLevel: str,
      toLevel: str,
      fromUnit: str,
      toUnit: str,
      fromUnitName: str,
      toUnitName: str,
      dueAt: ms,
      firedAt: ms,
      latenessMs: num,
      supervised: bool,
      taskStatus: str,
      assignee: str,
    },
    ['fromLevel', 'toLevel', 'fromUnit', 'toUnit', 'dueAt', 'firedAt'],
    'A task moved up a level when its time ran out (升级)',
  ),
  Task: obj(
    {
      id: str,
      _id: str,
      instanceId: str,
      nodeId: str,
      tokenId: str,
      name: str,
      status: oneOf('open', 'completed', 'cancelled'),
      unit: str,
      unitName: str,
      unitPath: arrayOf(str),
      level: str,
      candidateRoles: arrayOf(str),
      assignee: str,
      owner: str,
      formKey: str,
      formVersion: str,
      createdAt: ms,
      dueAt: ms,
      assessDueAt: {
        ...ms,
        description: 'the due date the assessment reads (moved by 延期 or 挂账, not 挂起)',
      },
      warnDueAt: ms,
      slaState,
      paused: obj({ since: ms, reason: str, by: str }, ['since']),
      definitionKey: str,
      definitionVersion: int,
      processName: str,
      businessKey: str,
      caseNo: str,
      caseTitle: str,
      gridUnit: str,
      supervised: bool,
      completing: obj({ by: str, at: ms }),
      completedAt: ms,
      completedBy: str,
      data: anyObject,
      escalations: arrayOf(ref('Escalation')),
      watchers: arrayOf(str),
      overdue: bool,
      can: obj({ act: bool, claim: bool, supervise: bool }, ['act', 'claim', 'supervise']),
      returned: obj({ unit: str, roles: arrayOf(str), reason: str, by: str, at: ms }, [
        'unit',
        'roles',
        'reason',
        'by',
        'at',
      ]),
      request: ref('TaskRequest'),
      parked: obj({ since: ms, reviewAt: ms }, ['since', 'reviewAt']),
      extensions: arrayOf(
        obj({ id: str, from: ms, to: ms, at: ms, by: str }, ['id', 'from', 'to', 'at', 'by']),
      ),
      formSchema: opt(anyObject),
    },
    ['id', 'instanceId', 'nodeId', 'status', 'unit', 'createdAt', 'slaState', 'can'],
    'A user task as the caller may see it (`can`: what the caller may do with it)',
  ),
  TaskRequest: obj(
    {
      id: { type: 'string', description: 'public id (`taskId~rq…`) for /api/requests/{id}/approve|refuse' },
      kind: oneOf('extension', 'backlog'),
      by: str,
      at: ms,
      reason: str,
      dueAt: ms,
      reviewAt: ms,
    },
    ['id', 'kind', 'by', 'at', 'reason'],
    'A 延期 / 挂账 request waiting for a supervisor',
  ),
  DefinitionListItem: obj(
    {
      key: str,
      name: str,
      version: int,
      deployedAt: ms,
      deployedBy: str,
      versions: int,
      retired: { ...bool, description: 'no case can start on it (the process or all its versions retired)' },
      retiredVersions: arrayOf(int),
      manualStart: { ...bool, description: 'false: only a timer or message start event opens its cases' },
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
      retired: bool,
      versionRetired: bool,
      summary: obj(
        {
          key: str,
          name: str,
          nodes: arrayOf(
            obj(
              {
                id: str,
                kind: str,
                name: str,
                level: str,
                formKey: str,
                formVersion: str,
                candidateRoles: arrayOf(str),
              },
              ['id', 'kind'],
            ),
          ),
          flows: int,
          startFormKey: str,
          startFormVersion: str,
          manualStart: bool,
        },
        ['key'],
      ),
      xml: str,
      versions: arrayOf(
        obj({ version: int, name: str, deployedAt: ms, deployedBy: str, retired: bool }, ['version']),
      ),
      timerSchedules: arrayOf(
        obj({ version: int, nodeId: str, nextAt: opt(ms), lastAt: opt(ms), stopped: bool }, ['nodeId']),
      ),
    },
    ['key', 'version', 'xml'],
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
        obj({ key: str, version: int, name: str, created: bool, unchanged: bool }, [
          'key',
          'version',
          'created',
        ]),
      ),
      warnings: arrayOf(
        obj({ path: str, message: str, code: str, params: anyObject }, ['path', 'code', 'params']),
      ),
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
    { key: str, name: str, version: int, hitPolicy: str, versions: int, deployedAt: ms, deployedBy: str },
    ['key', 'version', 'versions', 'deployedAt', 'deployedBy'],
    'A deployed DMN decision (its latest version, and how many versions there are)',
  ),
  DecisionDetail: obj(
    {
      key: str,
      name: str,
      version: int,
      hitPolicy: str,
      deployedAt: ms,
      deployedBy: str,
      requires: arrayOf(str),
      aggregation: str,
      inputs: arrayOf(obj({ id: str, label: str, expression: str }, ['id', 'expression'])),
      outputs: arrayOf(obj({ id: str, name: str, label: str }, ['id', 'name'])),
      rules: int,
      expression: str,
      versions: arrayOf(
        obj({ version: int, name: str, hitPolicy: str, deployedAt: ms, deployedBy: str }, [
          'version',
          'deployedAt',
          'deployedBy',
        ]),
      ),
    },
    ['key', 'version', 'deployedAt', 'deployedBy', 'requires', 'versions'],
    'One version of a DMN decision: a table (inputs, outputs, number of rules) or a literal expression',
  ),
  Notification: obj(
    {
      id: str,
      _id: str,
      kind: str,
      user: str,
      title: {
        type: 'string',
        description: 'the Chinese sentence: shown only for notifications without `message`',
      },
      body: str,
      message: ref('NotificationMessage'),
      items: arrayOf(
        obj(
          {
            taskId: str,
            instanceId: str,
            caseNo: str,
            caseTitle: str,
            title: str,
            body: str,
            message: ref('NotificationMessage'),
          },
          ['instanceId', 'title'],
        ),
      ),
      itemCount: int,
      read: bool,
      at: ms,
      createdAt: ms,
    },
    ['id', 'title', 'kind', 'read', 'at'],
    'A notification: the first items of a batch and how many there are',
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
      phone: str,
      roles: arrayOf(
        obj({ role: str, roleName: str, unit: str, unitName: str, unitLevel: str }, ['role', 'unit']),
      ),
      units: arrayOf(
        obj({ code: str, name: str, level: str, roles: arrayOf(str) }, ['code', 'name', 'level', 'roles']),
      ),
      admin: bool,
      mustChangePassword: {
        ...bool,
        description: 'a generated first password: nothing works until it is changed',
      },
      supervises: { ...arrayOf(str), description: 'units where the user is supervisor' },
    },
    ['username', 'roles'],
  ),
  Unit: obj(
    {
      code: str,
      name: str,
      level: str,
      parent: str,
      info: anyObject,
      timeLimits: { type: 'object', additionalProperties: str },
      disabled: bool,
      ancestorOnly: { ...bool, description: "shown by name only (above the caller's jurisdiction)" },
      children: arrayOf(ref('Unit')),
      chain: arrayOf(ref('Unit')),
      people: arrayOf(
        obj(
          {
            username: str,
            displayName: str,
            phone: str,
            disabled: bool,
            roles: arrayOf(obj({ role: str, roleName: str }, ['role'])),
          },
          ['username'],
        ),
      ),
    },
    ['code', 'name', 'level'],
  ),
  SupervisionOrder: obj(
    {
      id: str,
      _id: str,
      instanceId: str,
      kind: oneOf('duban', 'jiaoban'),
      to: str,
      target: obj({ unit: str, unitName: str, role: str }, ['unit']),
      content: str,
      status: oneOf('open', 'replied', 'overdue'),
      replyDueAt: ms,
      createdAt: ms,
      createdBy: str,
      caseNo: str,
      caseTitle: str,
      reply: obj({ content: str, at: ms, by: str, late: bool }, ['content', 'at', 'by', 'late']),
    },
    ['id', 'kind', 'to', 'target', 'content', 'status', 'replyDueAt', 'createdAt', 'createdBy'],
    'A 督办单 / 交办单 and its reply; `overdue`: open past its reply date',
  ),
  Figures: obj(
    figures,
    Object.keys(figures),
    'The assessment figures of a period, every one always present (handling hours are working hours)',
  ),
  Stats: {
    allOf: [
      ref('Figures'),
      obj(
        {
          unit: unitInfo,
          period: obj({ from: ms, to: ms }, ['from', 'to']),
          now: { ...ms, description: 'server (domain) time of the assessment' },
          children: arrayOf({ allOf: [unitInfo, ref('Figures')] }),
          byUnit: arrayOf(anyObject),
          byLevel: { type: 'object', additionalProperties: anyObject },
          byDepartment: arrayOf(anyObject),
          byPerson: arrayOf(anyObject),
          series: arrayOf(
            obj({ date: str, total: int, byLevel: { type: 'object', additionalProperties: int } }, [
              'date',
              'total',
              'byLevel',
            ]),
          ),
        },
        ['unit', 'period', 'now', 'children', 'series'],
      ),
    ],
    description: 'Figures of the period for the unit (and its subtree) the query names, and per child unit',
  },
  Attachment: obj(
    {
      id: str,
      instanceId: str,
      taskId: str,
      field: str,
      uploader: str,
      name: str,
      size: int,
      contentType: str,
      kind: oneOf('image', 'pdf', 'office'),
      sha256: str,
      hasThumbnail: bool,
      takenAt: { ...ms, description: 'when the photo was taken (EXIF)' },
      location: obj({ lat: num, lon: num }, ['lat', 'lon'], 'where the photo was taken (EXIF GPS)'),
      width: int,
      height: int,
      createdAt: ms,
    },
    ['id', 'uploader', 'name', 'size', 'contentType', 'kind', 'sha256', 'hasThumbnail', 'createdAt'],
    'An uploaded photo or file',
  ),
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
    ['id', 'instanceId', 'author', 'text', 'mentions', 'at'],
    'A comment on a case (@mentions notify)',
  ),
  SavedFilter: obj(
    {
      id: str,
      name: str,
      query: { type: 'string', description: "the case list's query string without paging" },
      createdAt: ms,
      updatedAt: ms,
    },
    ['id', 'name', 'query', 'createdAt', 'updatedAt'],
    'A named case list filter of its owner',
  ),
  AuditEntry: obj(
    {
      id: str,
      at: ms,
      actor: str,
      action: str,
      target: obj({ type: str, id: str }, ['type', 'id']),
      details: anyObject,
    },
    ['id', 'at', 'actor', 'action', 'target'],
    'An entry of the audit trail: who did what to which user, unit, definition or case',
  ),
  Incident: obj(
    {
      _id: str,
      id: str,
      instanceId: str,
      definitionKey: str,
      tokenId: str,
      nodeId: str,
      message: str,
      code: str,
      phase: oneOf('execute', 'leave', 'job'),
      at: ms,
      status: oneOf('open', 'resolved'),
    },
    ['id', 'instanceId', 'nodeId', 'message', 'at', 'status'],
    'A step that failed and waits for a fix and a retry',
  ),
  IntakeEntry: obj({ receipt: str, state: str }, ['receipt']),
  Ok: { type: 'object', description: 'What was done (fields per operation)' },
};

const binaryFile: JsonSchema = { type: 'string', format: 'binary' };

/** The 2xx body of each operation, by `<method> <path>` as mounted (paths below the router's mount). */
export const OPERATION_RESPONSES: Record<string, JsonSchema> = {
  // ---- cases
  'get /instances': page(ref('CaseListItem'), {
    totalCapped: {
      ...bool,
      description:
        'true: more than `total` cases match (the total is counted up to 1,000; the UI shows "超过 1,000 件"); ' +
        'absent: `total` is exact',
    },
  }),
  'post /instances': ref('StartedCase'),
  'get /instances/:id': ref('Instance'),
  'get /instances/:id/file': ref('CaseFile'),
  'get /instances/:id/history': ref('HistoryPage'),
  'post /instances/:id/cancel': ref('InstanceSummary'),
  'get /instances/:id/diagram': ref('DiagramState'),
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
      mapping: ref('MigrationMapping'),
      source: arrayOf(ref('PlanNode')),
      target: arrayOf(ref('PlanNode')),
      problems: arrayOf(detail),
      cases: int,
    },
    ['mapping', 'source', 'target', 'problems', 'cases'],
    "the mapping with its defaults (identical ids), the elements of both versions and the plan's problems",
  ),
  'post /migrations/shipped': obj(
    {
      plan: opt(
        obj(
          {
            file: str,
            title: str,
            mapping: ref('MigrationMapping'),
            enter: arrayOf(str),
            notes: {
              type: 'object',
              additionalProperties: str,
              description: 'old element id (or flow id) → why it maps where it does',
            },
          },
          ['file', 'mapping', 'enter', 'notes'],
        ),
      ),
    },
    ['plan'],
    'the migration plan shipped for this pair of bundled versions, or null',
  ),
  'post /migrations/dry-run': obj(
    {
      total: int,
      migrate: int,
      refused: int,
      skipped: int,
      tooMany: bool,
      problems: arrayOf(detail),
      items: arrayOf(ref('DryRunCase')),
    },
    ['total', 'migrate', 'refused', 'skipped', 'tooMany', 'problems', 'items'],
    'per case what a run would do; nothing is written',
  ),
  'get /incidents': page(ref('Incident')),
  'post /incidents/:instanceId/:incidentId/retry': obj({ retried: bool, instanceId: str, incidentId: str }, [
    'retried',
  ]),
  'get /saved-filters': itemsOf(ref('SavedFilter')),
  'put /saved-filters': ref('SavedFilter'),
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
  'get /requests': page(ref('Task')),
  'post /requests/:id/approve': ref('Task'),
  'post /requests/:id/refuse': ref('Task'),
  'get /escalations': page(ref('Escalation')),
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
  'post /decisions': obj(
    {
      items: arrayOf(
        obj({ key: str, version: int, name: str, created: bool, unchanged: bool }, [
          'key',
          'version',
          'created',
          'unchanged',
        ]),
      ),
      created: bool,
      unchanged: bool,
    },
    ['items', 'created', 'unchanged'],
    'every decision of the document: a new version (created) or unchanged',
  ),
  'post /decisions/validate': obj({ valid: bool, details: arrayOf(detail), decisions: arrayOf(str) }, [
    'valid',
    'details',
  ]),
  'get /decisions/:key': ref('DecisionDetail'),
  'get /decisions/:key/versions/:version': ref('DecisionDetail'),
  'post /decisions/:key/evaluate': obj(
    {
      key: str,
      version: int,
      decisionId: str,
      value: { description: 'the FEEL value of the decision' },
      matchedRules: arrayOf(str),
      entries: arrayOf(anyObject),
    },
    ['key', 'version', 'decisionId', 'matchedRules', 'entries'],
    'the decision result',
  ),
  // ---- notifications
  'get /notifications': page(ref('Notification'), { unread: int }),
  'post /notifications/read-all': obj({ updated: int }, ['updated']),
  'post /notifications/:id/read': ref('Notification'),
  // ---- people and places
  'post /auth/login': obj({ token: str, expiresAt: ms, user: ref('Me') }, ['token', 'expiresAt', 'user']),
  'post /auth/logout': { description: 'nothing' },
  'get /me': ref('Me'),
  'post /me/password': obj({ token: str, expiresAt: ms }, ['token', 'expiresAt']),
  'get /roles': obj({ roles: { type: 'object', additionalProperties: str }, levels: arrayOf(str) }, [
    'roles',
    'levels',
  ]),
  'get /users': page(ref('User')),
  'post /users': ref('User'),
  'patch /users/:username': ref('User'),
  'get /grid/units': itemsOf(ref('Unit')),
  'get /grid/units/:code': ref('Unit'),
  'post /grid/units': ref('Unit'),
  'patch /grid/units/:code': ref('Unit'),
  'get /audit': page(ref('AuditEntry')),
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
  'post /reports': ref('StartedCase'),
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
