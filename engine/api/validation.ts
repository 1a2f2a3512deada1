// Request schemas (JSON Schema, validated with ajv) for every body and query string of the API. The same
// objects feed the OpenAPI document (openapi.ts), so the contract and the checks cannot drift apart.
import type { RequestHandler } from 'express';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { unstorableKeys } from '../runtime/variables.js';
import { fieldProblem } from '../error-codes.js';
import { badRequest, type Detail } from './errors.js';
import { INBOX_SORTS } from '../queue/inbox-conditions.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

export type JsonSchema = Record<string, unknown>;

// ---- building blocks ---------------------------------------------------------------------------

const str = (max = 200, extra: JsonSchema = {}): JsonSchema => ({
  type: 'string',
  minLength: 1,
  maxLength: max,
  ...extra,
});
const unitCode = str(32, {
  pattern: '^[0-9A-Za-z_-]+$',
  description: 'grid unit code, e.g. 310117001001001',
});
const username = str(32, { pattern: '^[A-Za-z0-9_.-]+$' });
const flag: JsonSchema = { type: 'string', enum: ['0', '1', 'true', 'false'] };
const page: JsonSchema = { type: 'integer', minimum: 1, maximum: 100000, default: 1 };
const pageSize: JsonSchema = { type: 'integer', minimum: 1, maximum: 200, default: 20 };
const dateOrTime: JsonSchema = {
  type: 'string',
  anyOf: [{ format: 'date' }, { format: 'date-time' }],
  description: 'YYYY-MM-DD (business time zone) or an ISO date-time',
};
const isoDuration = str(40, {
  pattern: '^P(?!$)(\\d+Y)?(\\d+M)?(\\d+W)?(\\d+D)?(T(?=\\d)(\\d+H)?(\\d+M)?(\\d+(\\.\\d+)?S)?)?$',
  description: 'ISO-8601 duration, counted in working time (e.g. P2D, PT4H)',
});
const object: JsonSchema = { type: 'object' };
/** Filters of the case list (engine/cases/case-list.ts), shared by the list and its export. */
const caseListFilters: Record<string, JsonSchema> = {
  status: {
    type: 'string',
    enum: ['open', 'closed', 'cancelled', 'incident', 'active', 'completed', 'terminated'],
    description: 'open, closed (completed or terminated), cancelled, incident (open with an open incident)',
  },
  unit: { ...unitCode, description: 'cases of this unit and the units below it' },
  gridUnit: { ...unitCode, description: 'same as unit' },
  definitionKey: str(100),
  businessKey: str(128),
  level: str(40, { description: 'level of an open task of the case (grid, community, street, district …)' }),
  overdue: { ...flag, description: '当前超期: an open task past its due date or already escalated, now' },
  escalated: { ...flag, description: 'a task of the case was escalated' },
  listed: { ...flag, description: '挂牌督办' },
  supervised: { ...flag, description: 'same as listed' },
  orderPending: { ...flag, description: 'an open 督办单/交办单 waits for its reply' },
  reporter: username,
  reportedFrom: dateOrTime,
  reportedTo: dateOrTime,
  dueFrom: dateOrTime,
  dueTo: dateOrTime,
  closedFrom: dateOrTime,
  closedTo: dateOrTime,
  q: str(64, {
    description:
      'search: the beginning of a case number (e.g. 310117-2026-00), or words of its number, title or ' +
      'address (every two-character piece of the text must occur)',
  }),
  caseNo: str(64, { description: 'same as q' }),
  involved: {
    ...flag,
    description:
      '我经手的: only the cases the caller opened or handled (held, delegated or watched a task of)',
  },
  sort: {
    type: 'string',
    enum: ['startedAt', '-startedAt', 'dueAt', '-dueAt', 'endedAt', '-endedAt', 'caseNo', '-caseNo'],
    default: '-startedAt',
    description: 'field, `-` for descending',
  },
};
/**
 * A unit's time limits (place configuration read by processes as `timeLimits.<name>`, the nearest unit
 * up the case's chain winning): name → ISO-8601 duration. The whole map is replaced on update.
 */
const timeLimits: JsonSchema = {
  type: 'object',
  maxProperties: 50,
  propertyNames: { pattern: '^[A-Za-z][A-Za-z0-9_]{0,63}$' },
  additionalProperties: str(40, { pattern: '^P' }),
  description: 'time limits of this unit and the units below it, e.g. {"checkSla": "P5D"}',
};
const roleAssignment: JsonSchema = {
  type: 'object',
  required: ['role', 'unit'],
  additionalProperties: false,
  properties: { role: str(40, { pattern: '^[A-Za-z][A-Za-z0-9_-]*$' }), unit: unitCode },
};

const externalWorkerId = str(100, { description: 'the worker instance (a service account may run several)' });
const externalTopic = str(100, { pattern: '^[A-Za-z0-9][A-Za-z0-9_.:-]*$' });

const body = (properties: Record<string, JsonSchema>, required: string[] = [], extra: JsonSchema = {}) => ({
  type: 'object',
  additionalProperties: false,
  properties,
  required,
  ...extra,
});
/** Query strings: unknown parameters are ignored (cache busters, tokens). */
const query = (properties: Record<string, JsonSchema>, required: string[] = []) => ({
  type: 'object',
  additionalProperties: true,
  properties,
  required,
});

const latitude: JsonSchema = { type: 'number', minimum: -90, maximum: 90 };
const longitude: JsonSchema = { type: 'number', minimum: -180, maximum: 180 };
/** A report: who called, what and where (the phone is kept, shown masked: engine/intake/service.ts). */
const intakeFields: Record<string, JsonSchema> = {
  channel: { type: 'string', enum: ['12345', '96119', 'app', 'wechat', 'walk-in', 'patrol', 'web'] },
  reporter: body(
    {
      name: str(40, { pattern: '\\S' }),
      phone: str(20, { pattern: '^\\+?[0-9][0-9 -]{4,18}[0-9]$', description: 'digits, e.g. 13812341234' }),
    },
    ['name', 'phone'],
  ),
  category: str(40, { pattern: '^[a-z0-9_-]+$' }),
  description: str(2000, { minLength: 5, pattern: '\\S' }),
  location: body({ lat: latitude, lng: longitude, address: str(200) }, ['lat', 'lng']),
};

// ---- bodies ------------------------------------------------------------------------------------

export const bodySchemas = {
  LoginBody: body({ username: str(64), password: str(256) }, ['username', 'password']),
  ChangePasswordBody: body({ currentPassword: str(256), newPassword: str(256, { minLength: 8 }) }, [
    'currentPassword',
    'newPassword',
  ]),
  /** a report sent from a device, maybe long after it was written offline (routes-reports.ts) */
  ReportBody: body(
    {
      draftId: str(64, {
        pattern: '^[A-Za-z0-9_.:-]+$',
        description: "the device's id of the report: sending it again opens no second case",
      }),
      definitionKey: str(100),
      businessKey: str(128),
      gridUnit: unitCode,
      variables: object,
      claimFirstTask: { type: 'boolean' },
      patrolId: str(40, { pattern: '^p[0-9a-f]{20}$', description: 'the patrol the problem was found on' }),
    },
    ['draftId', 'definitionKey', 'gridUnit'],
  ),
  StartInstanceBody: body(
    {
      definitionKey: str(100),
      businessKey: str(128),
      gridUnit: unitCode,
      variables: object,
      version: { type: 'integer', minimum: 1 },
      claimFirstTask: {
        type: 'boolean',
        description:
          'hand the first step (the start form) to the caller, pre-filled from the start variables: ' +
          'the answer names it as `firstTask`',
      },
    },
    ['definitionKey', 'gridUnit'],
  ),
  CancelBody: body({ reason: str(500) }),
  /** a test run of a decision table (routes-decisions.ts) */
  DecisionEvaluateBody: body(
    {
      variables: { ...object, description: 'the variables the input expressions read' },
      version: { type: 'integer', minimum: 1, description: 'a fixed version (default: the latest)' },
    },
    ['variables'],
  ),
  /** 挂牌督办 / 摘牌 by hand: the reason is part of the record */
  ListingBody: body({ reason: str(500, { pattern: '\\S' }) }, ['reason']),
  MessageBody: body(
    {
      name: str(200),
      correlationKey: { anyOf: [str(200), { type: 'number' }] },
      variables: object,
      messageId: str(200),
      ttl: {
        type: 'integer',
        minimum: 1,
        description:
          'seconds to buffer the message when nothing takes it (bounded by MESSAGE_BUFFER_MAX_TTL_S)',
      },
      gridUnit: unitCode,
    },
    ['name', 'correlationKey'],
  ),
  /** a signal thrown by an admin or supervisor (routes-instances.ts POST /signals) */
  SignalBody: body(
    {
      name: str(200),
      unit: str(64),
      variables: object,
      signalId: str(200),
    },
    ['name', 'unit'],
  ),
  /** retry an incident, optionally setting variables first (e.g. a corrected time limit) */
  RetryBody: body({ variables: object }),
  EmptyBody: body({}),
  /** external task workers (routes-external-tasks.ts): fetch and lock tasks of their topics */
  ExternalFetchBody: body(
    {
      workerId: externalWorkerId,
      topics: {
        type: 'array',
        minItems: 1,
        maxItems: 20,
        items: body(
          {
            name: externalTopic,
            lockDuration: { type: 'integer', minimum: 1000, maximum: 86_400_000, description: 'ms' },
          },
          ['name', 'lockDuration'],
        ),
      },
      maxTasks: { type: 'integer', minimum: 1, maximum: 100 },
      asyncResponseTimeout: {
        type: 'integer',
        minimum: 0,
        maximum: 30_000,
        description: 'long polling: wait up to this many ms for a task when none is there (at most 30 s)',
      },
    },
    ['workerId', 'topics', 'maxTasks'],
  ),
  ExternalCompleteBody: body({ workerId: externalWorkerId, variables: object }, ['workerId']),
  ExternalFailureBody: body(
    {
      workerId: externalWorkerId,
      errorMessage: str(2000),
      retries: { type: 'integer', minimum: 0, maximum: 100, description: 'retries left (default: one less)' },
      retryTimeout: { type: 'integer', minimum: 0, maximum: 86_400_000, description: 'ms before a retry' },
    },
    ['workerId', 'errorMessage'],
  ),
  ExternalBpmnErrorBody: body(
    { workerId: externalWorkerId, errorCode: str(200), errorMessage: str(2000), variables: object },
    ['workerId', 'errorCode'],
  ),
  ExternalExtendLockBody: body(
    { workerId: externalWorkerId, newDuration: { type: 'integer', minimum: 1000, maximum: 86_400_000 } },
    ['workerId', 'newDuration'],
  ),
  ExternalWorkerTopicsBody: body(
    { topics: { type: 'array', maxItems: 100, uniqueItems: true, items: externalTopic } },
    ['topics'],
  ),
  /** BPMN XML with the form schemas it refers to (routes-definitions.ts POST /deployments) */
  DeploymentBundle: body(
    {
      bpmn: str(2 * 1024 * 1024, { description: 'BPMN 2.0 XML' }),
      forms: { type: 'object', description: 'formKey → JSON Schema of the form (type object)' },
    },
    ['bpmn'],
  ),
  CompleteBody: body({ data: object }),
  /** a migration plan (routes-migrations.ts): old element id → new element id, null drops a boundary event */
  MigrationBody: body(
    {
      definitionKey: str(100),
      fromVersion: { type: 'integer', minimum: 1, maximum: 1_000_000 },
      toVersion: { type: 'integer', minimum: 1, maximum: 1_000_000 },
      mapping: {
        type: 'object',
        maxProperties: 2000,
        propertyNames: { minLength: 1, maxLength: 200 },
        additionalProperties: { type: ['string', 'null'], minLength: 1, maxLength: 200 },
        description:
          'old element id → new element id (null: drop a boundary event); identical ids map by default',
      },
      enter: {
        type: 'array',
        maxItems: 2000,
        uniqueItems: true,
        items: { type: 'string', minLength: 1, maxLength: 200 },
        description:
          'old element ids whose waiting tokens enter the element they map to anew (old wait cancelled; a new task, timer or subscription from now)',
      },
    },
    ['definitionKey', 'fromVersion', 'toVersion'],
  ),
  DelegateBody: body({ to: username }, ['to']),
  ReassignBody: body({ to: username }, ['to']),
  SavedFilterBody: body(
    {
      name: str(60),
      query: str(2000, { minLength: 0, description: 'the case list query string, without page' }),
    },
    ['name', 'query'],
  ),
  PauseBody: body({ reason: str(500) }),
  // ---- intake (routes-intake.ts) ----
  IntakeBody: body(intakeFields, ['channel', 'reporter', 'category', 'description', 'location']),
  PublicReportBody: body(
    {
      ...intakeFields,
      channel: { type: 'string', enum: ['web', 'app', 'wechat'], default: 'web' },
      challengeId: str(64, { pattern: '^[A-Za-z0-9_-]+$' }),
      challengeAnswer: { type: 'integer', minimum: -1000, maximum: 1000 },
    },
    ['reporter', 'category', 'description', 'location', 'challengeId', 'challengeAnswer'],
  ),
  IntakeAcceptBody: body({ gridUnit: unitCode }),
  IntakeMergeBody: body({ instanceId: str(64) }, ['instanceId']),
  IntakeRejectBody: body({ reason: str(500, { pattern: '\\S' }) }, ['reason']),
  // ---- 回访 (routes-visits.ts) ----
  VisitBody: body(
    {
      satisfaction: { type: 'string', enum: ['satisfied', 'basic', 'dissatisfied'] },
      note: str(500, { minLength: 0 }),
      via: { type: 'string', enum: ['phone', 'sms'], default: 'phone' },
      reopen: { type: 'boolean', default: false },
    },
    ['satisfaction'],
  ),
  /** 退单: why the case is outside the unit's remit */
  ReturnBody: body({ reason: str(500, { pattern: '\\S' }) }, ['reason']),
  /** 再派遣 of a returned task: a unit on the case's chain and the roles there */
  DispatchBody: body(
    {
      unit: unitCode,
      roles: {
        type: 'array',
        minItems: 1,
        maxItems: 8,
        items: str(40, { pattern: '^[A-Za-z][A-Za-z0-9_-]*$' }),
      },
    },
    ['unit', 'roles'],
  ),
  /** 延期申请: reason and the new due date (a plain date: the end of that business day) */
  ExtensionBody: body({ reason: str(500, { pattern: '\\S' }), dueAt: dateOrTime }, ['reason', 'dueAt']),
  /** 挂账申请: reason and the review date (a plain date: the start of that business day); taskId: the caller's step */
  BacklogBody: body({ reason: str(500, { pattern: '\\S' }), reviewAt: dateOrTime, taskId: str(200) }, [
    'reason',
    'reviewAt',
  ]),
  DecisionBody: body({ comment: str(500) }),
  UnitCreateBody: body(
    { code: unitCode, name: str(100), level: str(40), parent: unitCode, info: object, timeLimits },
    ['code', 'name', 'level'],
  ),
  UnitPatchBody: body(
    {
      name: str(100),
      level: str(40),
      parent: unitCode,
      info: object,
      timeLimits,
      disabled: { type: 'boolean' },
    },
    [],
    {
      minProperties: 1,
    },
  ),
  UserCreateBody: body(
    {
      username,
      displayName: str(100),
      password: str(256, { minLength: 8 }),
      roles: { type: 'array', items: roleAssignment, maxItems: 50 },
      phone: str(40),
      disabled: { type: 'boolean' },
    },
    ['username', 'displayName', 'password', 'roles'],
  ),
  UserPatchBody: body(
    {
      displayName: str(100),
      password: str(256, { minLength: 8 }),
      roles: { type: 'array', items: roleAssignment, maxItems: 50 },
      phone: str(40),
      disabled: { type: 'boolean' },
    },
    [],
    { minProperties: 1 },
  ),
  SupervisionOrderBody: body(
    {
      kind: { type: 'string', enum: ['duban', 'jiaoban'], description: 'duban = 督办单, jiaoban = 交办单' },
      to: str(80, {
        description: 'a unit code, a role@unit key, or a department role found on the case path',
      }),
      content: str(4000),
      replyDueAt: { type: 'string', format: 'date-time' },
      replySla: isoDuration,
    },
    ['kind', 'to', 'content'],
    { oneOf: [{ required: ['replyDueAt'] }, { required: ['replySla'] }] },
  ),
  SupervisionReplyBody: body({ content: str(4000) }, ['content']),
  /** a comment on a case (engine/cases/comments.ts COMMENT_LIMITS) */
  CommentBody: body(
    {
      text: str(2000, { pattern: '\\S' }),
      mentions: { type: 'array', items: username, maxItems: 20, uniqueItems: true },
      requestId: str(64, {
        pattern: '^[A-Za-z0-9_.:-]+$',
        description: 'the same id on a repeated request adds nothing twice',
      }),
    },
    ['text'],
  ),
  /** a scoring scheme version (engine/scoring/scheme.ts validates the scheme itself, naming fields) */
  AssessmentSchemeBody: body(
    {
      scheme: { ...object, description: 'the scheme body: name, validFrom, base, items, grades, min, max' },
      baseVersion: { type: 'integer', minimum: 0, description: 'the version the editor started from' },
    },
    ['scheme'],
  ),
  /** an assessor's manual entry (engine/scoring/service.ts addEntry) */
  AssessmentEntryBody: body(
    {
      period: str(32),
      by: { type: 'string', enum: ['unit', 'department', 'person'] },
      subject: str(120, { description: 'unit code, `unit|role` or username (a row key of GET /assessment)' }),
      itemId: str(40),
      points: { type: 'number', minimum: -1000, maximum: 1000 },
      count: { type: 'integer', minimum: 0, maximum: 1000 },
      reason: str(500, { pattern: '\\S' }),
      unit: { ...unitCode, description: 'the table the entry is made on: refused once its period is closed' },
    },
    ['period', 'by', 'subject', 'itemId', 'reason'],
  ),
  /** closing a month or a quarter of a unit subtree (engine/scoring/closing.ts) */
  AssessmentCloseBody: body(
    {
      unit: unitCode,
      period: str(32, {
        pattern: '^(\\d{4}-\\d{2}|\\d{4}-Q[1-4])$',
        description: 'a month (2026-11) or a quarter (2026-Q4) that has ended',
      }),
    },
    ['unit', 'period'],
  ),
  /** a correction of a closed period's row, listed beside the frozen row */
  AssessmentAdjustmentBody: body(
    {
      unit: { ...unitCode, description: 'the unit whose closed table holds the row' },
      period: str(32),
      by: { type: 'string', enum: ['unit', 'department', 'person'] },
      subject: str(120, {
        description: 'a row key of the closed table (unit code, `unit|role` or username)',
      }),
      points: { type: 'number', minimum: -1000, maximum: 1000, not: { const: 0 } },
      reason: str(500, { pattern: '\\S' }),
    },
    ['unit', 'period', 'by', 'subject', 'points', 'reason'],
  ),
  /** 巡查日志: a patrol started from the phone (engine/patrol/patrols.ts) */
  PatrolStartBody: body(
    {
      unit: { ...unitCode, description: "the unit patrolled (default: the caller's first unit)" },
      consent: {
        type: 'boolean',
        description: 'the worker agrees to send the position: without it no track points are accepted',
      },
      notes: str(2000),
    },
    ['consent'],
  ),
  PatrolPointsBody: body(
    {
      points: {
        type: 'array',
        minItems: 1,
        maxItems: 50,
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['at', 'lat', 'lng'],
          properties: {
            at: { type: 'integer', minimum: 0, description: 'ms since the epoch' },
            lat: latitude,
            lng: longitude,
            accuracy: { type: 'number', minimum: 0, maximum: 100000 },
          },
        },
      },
    },
    ['points'],
  ),
  PatrolEndBody: body({ notes: str(2000) }),
  /** 例会签到: a meeting recorded by a head of the unit (engine/patrol/meetings.ts) */
  MeetingBody: body(
    {
      unit: unitCode,
      date: str(10, {
        format: 'date',
        description: 'YYYY-MM-DD: the day it is held (sign-in is open that day)',
      }),
      topic: str(200, { pattern: '\\S' }),
      attendees: {
        type: 'array',
        minItems: 1,
        maxItems: 200,
        uniqueItems: true,
        items: username,
        description: 'usernames of people with a role in the unit or below',
      },
    },
    ['unit', 'date', 'topic', 'attendees'],
  ),
} satisfies Record<string, JsonSchema>;

// ---- query strings -----------------------------------------------------------------------------

export const querySchemas = {
  PageQuery: query({ page, pageSize }),
  ExternalTaskListQuery: query({ topic: externalTopic, page, pageSize }),
  /** pending 延期 / 挂账 requests the caller may decide */
  RequestListQuery: query({ kind: { type: 'string', enum: ['extension', 'backlog'] }, page, pageSize }),
  /** a page of a case's history (engine/queue/history.ts) */
  HistoryQuery: query({
    cursor: str(15, {
      pattern: '^[0-9]+$',
      description: 'from a previous page (`cursor`): the records before it; absent: the newest records',
    }),
    limit: { type: 'integer', minimum: 1, maximum: 500, default: 100 },
  }),
  CaseFileQuery: query({
    limit: { type: 'integer', minimum: 1, maximum: 200, default: 100 },
  }),
  InstanceListQuery: query({ ...caseListFilters, page, pageSize }),
  InstanceExportQuery: query(
    {
      ...caseListFilters,
      format: { type: 'string', enum: ['xlsx', 'csv'], default: 'xlsx' },
      lang: {
        type: 'string',
        enum: ['zh', 'en'],
        default: 'zh',
        description: 'language of headers and values',
      },
    },
    [],
  ),
  StatsExportQuery: query({
    unit: unitCode,
    from: dateOrTime,
    to: dateOrTime,
    format: { type: 'string', enum: ['xlsx', 'csv'], default: 'xlsx' },
    lang: { type: 'string', enum: ['zh', 'en'], default: 'zh' },
  }),
  TaskListQuery: query({
    mine: flag,
    status: { type: 'string', enum: ['open', 'completed', 'cancelled', 'all'], default: 'all' },
    level: str(40),
    gridUnit: unitCode,
    instanceId: str(64),
    definitionKey: str(100),
    slaState: { type: 'string', enum: ['ontime', 'warned', 'overdue', 'escalated', 'supervised'] },
    overdue: flag,
    withForm: flag,
    sort: { type: 'string', enum: [...INBOX_SORTS] },
    page,
    pageSize,
  }),
  LocateQuery: query({ lat: latitude, lng: longitude }, ['lat', 'lng']),
  IntakeListQuery: query({
    status: { type: 'string', enum: ['received', 'accepted', 'merged', 'rejected'] },
    page,
    pageSize,
  }),
  VisitListQuery: query({
    status: { type: 'string', enum: ['due', 'done'], default: 'due' },
    page,
    pageSize,
  }),
  SmsOutboxQuery: query({ page, pageSize }),
  MapQuery: query({
    unit: unitCode,
    status: { type: 'string', enum: ['open', 'closed'] },
    definitionKey: str(100),
  }),
  EscalationListQuery: query({ since: dateOrTime, until: dateOrTime, level: str(40), page, pageSize }),
  NotificationListQuery: query({ unread: flag, page, pageSize }),
  IncidentListQuery: query({ status: { type: 'string', enum: ['open', 'resolved'] }, page, pageSize }),
  UnitListQuery: query({ format: { type: 'string', enum: ['flat', 'tree'], default: 'flat' } }),
  UserListQuery: query({ unit: unitCode, role: str(40), page, pageSize }),
  StatsQuery: query({ unit: unitCode, from: dateOrTime, to: dateOrTime }),
  AssessmentQuery: query(
    {
      unit: unitCode,
      period: str(32, {
        pattern: '^(\\d{4}-\\d{2}|\\d{4}-Q[1-4]|\\d{4}-\\d{2}-\\d{2}\\.\\.\\d{4}-\\d{2}-\\d{2})$',
        description: 'a month (2026-11), a quarter (2026-Q4) or days (2026-11-01..2026-11-15, both included)',
      }),
      by: { type: 'string', enum: ['unit', 'department', 'person'], default: 'unit' },
      format: { type: 'string', enum: ['json', 'xlsx'], default: 'json' },
    },
    ['period'],
  ),
  MeetingListQuery: query({
    unit: { ...unitCode, description: 'meetings of this unit and the units below it' },
    invited: { ...flag, description: "only the meetings the caller is invited to (an attendee's phone)" },
    page,
    pageSize,
  }),
  MeetingCandidatesQuery: query({ unit: unitCode }, ['unit']),
  PatrolListQuery: query({
    unit: { ...unitCode, description: 'patrols of this unit and the units below it' },
    worker: username,
    status: { type: 'string', enum: ['open', 'ended'] },
    page,
    pageSize,
  }),
  SupervisionListQuery: query({
    status: { type: 'string', enum: ['open', 'replied', 'overdue'] },
    instanceId: str(64),
    page,
    pageSize,
  }),
  EventsQuery: query({
    token: str(4096),
    lastEventId: str(45, {
      pattern: '^\\d{1,20}-\\d{1,20}$',
      description: 'the id of the last event received (like the Last-Event-ID header)',
    }),
  }),
  AuditListQuery: query({
    actor: str(64),
    action: str(64),
    targetType: {
      type: 'string',
      enum: ['user', 'unit', 'supervision-order', 'history', 'definition', 'decision'],
    },
    target: str(128),
    since: dateOrTime,
    until: dateOrTime,
    page,
    pageSize,
  }),
} satisfies Record<string, JsonSchema>;

export type BodySchemaName = keyof typeof bodySchemas;
export type QuerySchemaName = keyof typeof querySchemas;

// ---- validators --------------------------------------------------------------------------------

const bodyAjv = new Ajv({ allErrors: true, strict: false, useDefaults: true, coerceTypes: false });
const queryAjv = new Ajv({ allErrors: true, strict: false, useDefaults: true, coerceTypes: true });
addFormats(bodyAjv);
addFormats(queryAjv);

const bodyValidators = new Map<string, ValidateFunction>(
  Object.entries(bodySchemas).map(([k, s]) => [k, bodyAjv.compile(s)]),
);
const queryValidators = new Map<string, ValidateFunction>(
  Object.entries(querySchemas).map(([k, s]) => [k, queryAjv.compile(s)]),
);

/** ajv errors as JSON-pointer paths, e.g. `/gridUnit`, `/roles/0/unit`. */
export function toDetails(errors: ErrorObject[] | null | undefined): Detail[] {
  const out: Detail[] = [];
  const seen = new Set<string>();
  for (const e of errors ?? []) {
    if (e.keyword === 'anyOf' || e.keyword === 'oneOf' || e.keyword === 'if') {
      // the branch errors below carry the useful text; keep the summary only when nothing else is there
      if (
        (errors ?? []).some(
          (o) => o !== e && o.instancePath.startsWith(e.instancePath) && o.keyword !== e.keyword,
        )
      )
        continue;
    }
    let path = e.instancePath;
    if (e.keyword === 'required') path += `/${(e.params as { missingProperty: string }).missingProperty}`;
    if (e.keyword === 'additionalProperties')
      path += `/${(e.params as { additionalProperty: string }).additionalProperty}`;
    const message = e.message ?? e.keyword;
    const key = `${path}\u0000${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ path: path || '/', message, ...fieldProblem(e, path) });
  }
  return out;
}

export function validateBodyValue(name: BodySchemaName, value: unknown): Detail[] {
  const v = bodyValidators.get(name)!;
  return v(value) ? [] : toDetails(v.errors);
}

/**
 * Fields of a body stored as JSON text rather than as document fields, where keys like `$ref` are allowed:
 * a deployment's form schemas (engine/model/form-versions.ts keeps each as `schemaJson`).
 */
const OPAQUE_FIELDS: Partial<Record<BodySchemaName, string[]>> = { DeploymentBundle: ['forms'] };

function storedAsDocument(name: BodySchemaName, body: Record<string, unknown>): Record<string, unknown> {
  const opaque = OPAQUE_FIELDS[name];
  if (!opaque) return body;
  return Object.fromEntries(Object.entries(body).filter(([k]) => !opaque.includes(k)));
}

/** Validates req.body (missing body = `{}`); answers 400 with field details on failure. */
export function validateBody(name: BodySchemaName): RequestHandler {
  const v = bodyValidators.get(name)!;
  return (req, _res, next) => {
    if (req.body === undefined || req.body === null) req.body = {};
    if (!v(req.body)) throw badRequest('http.invalid-body', toDetails(v.errors));
    const badKeys = unstorableKeys(storedAsDocument(name, req.body as Record<string, unknown>), '');
    if (badKeys.length) throw badRequest('http.invalid-body', badKeys);
    next();
  };
}

/**
 * Validates and coerces the query string into `res.locals.query` (express 5 re-parses `req.query` on
 * every read, so coercions cannot be written back to it).
 */
export function validateQuery(name: QuerySchemaName): RequestHandler {
  const v = queryValidators.get(name)!;
  return (req, res, next) => {
    const q: Record<string, unknown> = { ...(req.query as Record<string, unknown>) };
    if (!v(q))
      throw badRequest(
        'http.invalid-query',
        // a stable code naming the parameter, besides ajv's wording of the problem
        toDetails(v.errors).map((d) => ({
          ...d,
          code: 'invalid-parameter',
          params: { ...d.params, field: d.path.replace(/^\//, ''), problem: d.code },
        })),
      );
    res.locals.query = q;
    next();
  };
}

export const isTrue = (v: unknown) => v === '1' || v === 'true';
