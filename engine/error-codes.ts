// Every machine-readable code the API answers with, in one list: the error codes of a response body
// (`{error, code, params, details?}`) and the codes of its details (one problem of a field or a BPMN element).
// Clients switch on the code and render their own words from `params`; the English template here is the
// `error` text of the body, for logs and people reading the API by hand. The UI has zh and en text for every
// code listed (test/ui/message-codes.test.ts), and the OpenAPI document lists them (openapi.ts).

/** Response codes → English message template (`{name}` filled from params). */
export const ERROR_CODES = {
  // ---- the request itself
  'not-found': 'not found',
  internal: 'internal error',
  'http.malformed-json': 'malformed JSON body',
  'http.too-large': 'request body too large',
  'http.unsupported-encoding': 'unsupported content encoding or charset',
  'http.bad-body': 'bad request body',
  'http.malformed-url': 'malformed percent-encoding in the URL',
  'http.bad-compression': 'invalid compressed request body',
  'http.bad-request': 'bad request',
  'http.refused': 'request refused',
  'http.content-type': 'Content-Type must be {expected}',
  'http.invalid-body': 'invalid request body',
  'http.invalid-query': 'invalid query parameters',
  'invalid-field': 'invalid {field}',
  'too-deep': 'nested deeper than {limit} levels',
  'unsafe-text': 'text with unsafe characters',
  // ---- sign-in and sessions
  'auth.required': 'authentication required',
  'auth.invalid-credentials': 'invalid username or password',
  'auth.token-expired': 'token expired',
  'auth.invalid-token': 'invalid token',
  'auth.account-disabled': 'account not found or disabled',
  'session-ended': 'session ended, sign in again',
  'password-change-required': 'change your password first',
  'password.wrong-current': 'current password is wrong',
  'password.unchanged': 'new password must differ',
  'too-many-sign-ins': 'too many sign-in attempts, try again later',
  'too-many-reports': 'too many reports, try again later',
  'metrics.token-required': 'metrics token required',
  // ---- definitions and forms
  'definition.not-found': 'process definition not found',
  'definition.empty-document': 'empty document',
  'definition.invalid': 'invalid process definition',
  'definition.retired': 'process definition retired',
  'form.not-found': 'form not found',
  'form.invalid': 'form {formKey} is invalid',
  'form.unstorable': 'form data cannot be stored',
  // ---- units and users
  'unit.not-found': 'unit not found',
  'unit.unknown': 'unknown grid unit',
  'unit.invalid': 'invalid unit',
  'unit.exists': 'unit {code} exists',
  'unit.disabled': 'unit {unit} is disabled',
  'unit.active-children': 'unit {unit} has active units below it',
  'user.not-found': 'user not found',
  'user.exists': 'user {username} exists',
  'user.invalid-roles': 'invalid roles',
  'user.cannot-disable-self': 'cannot disable yourself',
  'person.not-found': 'person not found',
  // ---- cases, tasks and their commands
  'instance.not-found': 'instance not found',
  'instance.not-active': 'instance {instanceId} is {status}',
  'incident.not-open': 'no open incident {incidentId}',
  'variables.unstorable': 'variables cannot be stored',
  'variables.reserved': '{name} comes from the units’ configuration',
  'variables.undeclared': 'variables not declared by the start form',
  'message.unstorable': 'message variables cannot be stored',
  'signal.unstorable': 'signal variables cannot be stored',
  'task.not-found': 'task not found',
  'task.closed': 'task {taskId} is already {status}',
  'task.claimed-by-other': 'task {taskId} is claimed by {assignee}',
  'task.being-completed': 'task {taskId} is already being completed',
  'task.not-delegated': 'task {taskId} is not delegated',
  'task.delegated-to-other': 'task {taskId} is delegated to {assignee}',
  'task.held-by-other': 'task {taskId} is held by someone else',
  'task.invalid-target-user': 'invalid target user',
  'task.cannot-delegate-to-self': 'cannot delegate to yourself',
  'dispatch.not-returned': 'task {taskId} is not waiting for dispatch',
  'task.no-role-holders': 'nobody holds these roles at that unit',
  'task.none-open-for-you': 'no open task of yours in this case',
  'return.unit-off-chain': 'unit is not on the case’s chain',
  'return.window-closed': 'the return window closed',
  'return.repeat-needs-supervisor': 'a second return needs a supervisor of the unit',
  'return.already-returned': 'the task was returned already',
  'case.parked': 'the case is parked (挂账)',
  'case.already-listed': 'case {instanceId} is already supervised (挂牌督办)',
  'case.not-listed': 'case {instanceId} is not supervised (挂牌督办)',
  'request.not-found': 'request not found',
  'request.pending': 'a request is pending',
  'request.decided': 'the request was decided already',
  'extension.no-sla': 'the task has no time limit',
  'extension.overdue': 'the time limit has passed',
  'saved-filter.not-found': 'saved filter not found',
  'saved-filters.limit': 'at most {max} saved filters',
  'notification.not-found': 'notification not found',
  // ---- supervision orders (督办单)
  'order.not-found': 'supervision order not found',
  'order.already-replied': 'order already replied',
  'order.invalid-target': 'invalid target',
  'order.invalid-deadline': 'invalid reply deadline',
  // ---- statistics and assessment
  'period.invalid': 'invalid period',
  'assessment.invalid-period': 'invalid period',
  'assessment.invalid-scheme': 'invalid scheme',
  'assessment.invalid-subject': 'invalid subject',
  'assessment.scheme-conflict': 'the scheme was changed by someone else',
  'assessment.unknown-item': 'unknown assessment item',
  'assessment.wrong-value': 'value outside the item’s range',
  'assessment.period-closed': 'the period is closed',
  'assessment.period-running': 'the period is still running',
  'assessment.period-open': 'the period is not closed',
  'assessment.period-not-closable': 'the period cannot be closed',
  'assessment.unknown-subject': 'unknown subject',
  'assessment.recusal': 'assessors recuse themselves and their own unit',
  // ---- attachments and comments
  'attachment.not-found': 'attachment not found',
  'attachment.no-thumbnail': 'no thumbnail',
  'attachment.too-large': 'file too large',
  'attachment.type-not-allowed': 'file type not allowed',
  'attachment.case-closed': 'the case is closed: nothing can be added to it',
  'attachment.task-closed': 'the step is no longer open',
  'attachment.bad-form': 'invalid upload form',
  'attachment.file-missing': 'no file in the multipart field "file"',
  'attachment.empty': 'the file is empty',
  'attachment.task-not-actionable': 'not a step of this case you may work on',
  'attachment.foreign': 'the form names attachments that are not on this case',
  'comment.mention-not-visible': 'a mentioned user may not see this case',
  // ---- intake (citizen reports)
  'report.not-found': 'report not found',
  'receipt.not-found': 'receipt not found',
  'intake.unknown-category': 'unknown category',
  'intake.no-grid': 'the location is in no grid: choose the grid',
  'intake.not-a-grid': 'not a grid',
  'intake.already-decided': 'report is already decided',
  'challenge.failed': 'wrong or expired answer to the question',
  'intake.too-many-photos': 'at most {limit} photos per report',
  // ---- 回访 (engine/intake/visits.ts)
  'visit.none': 'this case has no 回访',
  'visit.not-allowed': 'you may not record the 回访 of this case',
  'visit.case-open': 'the case has not closed yet',
  'visit.case-missing': 'case not found',
  'visit.already-recorded': 'this 回访 is already recorded',
  'visit.reopen-limit': 'the case was reopened as often as allowed',
  'visit.reason-required': 'a reason is required',
  'visit.reopen-needs-dissatisfied': 'only a dissatisfied answer reopens the case',
  // ---- patrols and meetings (engine/patrol)
  'patrol.already-open': 'a patrol is already open',
  'patrol.not-open': 'the patrol is not open',
  'patrol.no-consent': 'location tracking needs consent',
  'patrol.not-your-unit': 'not a unit of yours',
  'patrol.not-found': 'patrol not found',
  'patrol.too-many-points': 'too many track points',
  'patrol.too-many-requests': 'too many requests',
  'meeting.not-invited': 'not invited to the meeting',
  'meeting.not-today': 'the meeting is not today',
  'meeting.unknown-attendee': 'unknown attendee',
  'meeting.bad-date': 'invalid meeting date',
  'meeting.not-found': 'meeting not found',
  // ---- documents and decisions (engine/model/xml-encoding.ts, engine/dmn)
  'xml.encoding-unsupported': 'unsupported character encoding {encoding}',
  'xml.encoding-invalid': 'the bytes are not valid {encoding}',
  'decision.invalid': 'invalid decision definition',
  'decision.not-found': 'decision not found',
  'dmn.unique-violated': 'hit policy UNIQUE: several rules match',
  'dmn.any-conflict': 'hit policy ANY: matching rules give different outputs',
  'dmn.aggregation-type': 'the aggregation needs numbers or strings of one kind',
  'dmn.expression': 'an expression of the decision failed',
  'dmn.budget': 'an expression of the decision exceeded its budget',
  'dmn.result-mapping': 'the result does not fit the result mapping',
} as const satisfies Record<string, string>;

export type ErrorCode = keyof typeof ERROR_CODES;

/**
 * Codes of details (`details[].code`): one problem of a request field (`path` = JSON pointer) or of a BPMN
 * element (`path` = element id). Field problems are ajv's keywords as `field.<keyword>`.
 */
export const DETAIL_CODES = {
  'field.required': 'required',
  'field.additionalProperties': 'not an allowed field',
  'field.type': 'must be {type}',
  'field.enum': 'must be one of {allowed}',
  'field.const': 'must be {allowed}',
  'field.pattern': 'has the wrong format',
  'field.format': 'must match format {format}',
  'field.minLength': 'must have at least {limit} characters',
  'field.maxLength': 'must have at most {limit} characters',
  'field.minItems': 'must have at least {limit} items',
  'field.maxItems': 'must have at most {limit} items',
  'field.minProperties': 'must have at least {limit} entries',
  'field.maxProperties': 'must have at most {limit} entries',
  'field.minimum': 'must be ≥ {limit}',
  'field.maximum': 'must be ≤ {limit}',
  'field.exclusiveMinimum': 'must be > {limit}',
  'field.exclusiveMaximum': 'must be < {limit}',
  'field.invalid': 'invalid value',
  'field.distinctFrom': 'must differ from {other}',
  'field.read-only': 'is read-only: it cannot be set on this form',
  'field.bad-name': "field names must not start with '$' or contain '.'",
  'field.too-deep': 'nested deeper than {limit} levels',
  'field.not-a-date': 'not a date',
  'field.is-yourself': 'is yourself',
  'field.out-of-reach': "must be a unit on the case's unit chain within your jurisdiction",
  'field.unknown-unit': 'unknown unit',
  'field.unknown-role': 'unknown role',
  'field.unknown-user': 'unknown user',
  'field.not-a-candidate':
    'must be an active user who is a candidate for the task at its unit, or supervises it',
  'field.cycle': 'would create a cycle',
  'field.no-role-holder': 'nobody holds role {role} on the case’s units within your jurisdiction',
  'invalid-parameter': 'invalid parameter {field}',
  // ---- deploy problems (path = the element id)
  'unknown-role': 'unknown candidate role "{role}"',
  'unknown-form': 'unknown form "{formKey}"',
  'candidate-roles-expression': 'candidate roles must be literal role names',
  'cycle.no-wait-state': 'a loop without a wait state',
  'limit.xml-depth': 'elements nested deeper than {limit}',
  'limit.xml-bytes': 'document larger than {limit} bytes',
  'limit.subprocess-depth': 'sub-processes nested deeper than {limit}',
  'limit.flow-elements': 'more than {limit} flow elements',
  'limit.compile-time': 'the document took too long to compile',
  'history.level': 'invalid grid:historyLevel',
  'history.ttl': 'invalid grid:historyTimeToLive',
  'process-key': 'invalid process key',
  'unit.time-limit': 'invalid time limit {name}',
  'variables.undeclared': 'not a field of the start form',
  // ---- elements of the registry (engine/elements)
  'receive-task.message': 'a receive task needs a message with a name',
  'receive-task.correlation-key': 'a receive task needs a valid correlation key',
  'receive-task.instantiate': 'a receive task cannot start the process',
  'send-task.recipients': 'a send task needs the roles it notifies',
  'send-task.level': 'send task: unknown grid level "{level}"',
  'error-end.error-ref': 'an error end event needs a bpmn:error with an errorCode',
  'error-end.error-code': 'error "{error}" needs an errorCode',
  'error-boundary.error-code': 'error "{error}" needs an errorCode',
  'error-boundary.non-interrupting': 'an error boundary event always interrupts',
  'message-boundary.message': 'a message boundary event needs a message with a name',
  'message-boundary.correlation-key': 'a message boundary event needs a valid correlation key',
  'business-rule-task.decision-ref': 'a business rule task needs grid:decisionRef',
  'business-rule-task.result-variable': 'a business rule task needs grid:resultVariable',
  'business-rule-task.mapping': 'invalid grid:mapDecisionResult "{value}"',
  'business-rule-task.binding': 'grid:decisionRefBinding must be latest or version',
  'business-rule-task.version': 'grid:decisionRefBinding="version" needs grid:decisionRefVersion',
  'event-gateway.type': 'an instantiating or parallel event-based gateway is not supported',
  'event-gateway.outgoing': 'an event-based gateway needs at least two outgoing flows',
  'event-gateway.condition': 'a flow leaving event-based gateway {gateway} cannot carry a condition',
  'event-gateway.target':
    'event-based gateway {gateway} may lead only to message, timer or signal catch events or receive tasks',
  'event-gateway.target-incoming':
    'an event after event-based gateway {gateway} cannot have other incoming flows',
  'event-gateway.receive-boundary':
    'a receive task after event-based gateway {gateway} cannot carry boundary events',
  'event-gateway.mixed': 'an event-based gateway leads to message catch events or receive tasks, not both',
  'signal.name': 'a signal event needs a signal with a name',
  'signal.scope': 'grid:signalScope: unknown grid level "{level}"',
  'extension.other-engine': 'another engine’s extension {name}',
  'extension.ignored': 'ignored {count} × {name}: another tool’s metadata',
  'reference.ignored': 'unresolved reference not used in execution, ignored',
  'form.key': 'form key "{formKey}" must match [a-z0-9-]+',
  'form.invalid': 'invalid form schema {formKey}',
  'limit.forms': 'more than {limit} forms in one deployment',
  'process.none': 'no executable process in the document',
  'process.not-executable': 'process {key} is not executable',
  'process.not-found': 'no process {key} in the document',
  'process.several': 'several executable processes ({keys}): deploy the document to deploy each',
  'process.none-executable':
    'none of the processes is executable: set isExecutable="true" on the ones to run',
  // ---- DMN deploy problems (engine/dmn/parse.ts; path = the decision, table, rule or column id)
  'dmn.empty': 'empty document: expected DMN 1.3 XML',
  'dmn.too-large': 'larger than the limits',
  'dmn.xml': 'not DMN 1.3 XML',
  'dmn.no-decision': 'the document has no decision',
  'dmn.decision-id': 'decision id is not a key',
  'dmn.decision-logic': 'a decision must be a decision table or a literal expression',
  'dmn.hit-policy': 'hit policy {hitPolicy} is not supported',
  'dmn.aggregation': 'aggregation {aggregation} needs hit policy COLLECT and one output',
  'dmn.priority-values': 'hit policy {hitPolicy} needs output values',
  'dmn.no-output': 'a decision table needs an output',
  'dmn.output-name': 'outputs need distinct names',
  'dmn.output-values': 'output values are not a list of literals',
  'dmn.input-expression': 'invalid input expression',
  'dmn.input-expression-missing': 'the input has no expression',
  'dmn.input-values': 'input values are not FEEL unary tests',
  'dmn.input-entry': 'rule {rule}: invalid input entry',
  'dmn.output-entry': 'rule {rule}: invalid output entry',
  'dmn.rule-shape': 'rule {rule} has the wrong number of cells',
  'dmn.unknown-requirement': 'decision {decisionId} requires an unknown decision',
  'dmn.requirement-cycle': 'the requirements of decision {decisionId} form a cycle',
  /** a deploy problem the engine words only in prose (`params.message`): shown as written */
  'deploy.problem': '{message}',
} as const satisfies Record<string, string>;

export type DetailCode = keyof typeof DETAIL_CODES;

/** The English text of a code with its params filled in. */
export function messageOf(
  code: ErrorCode | DetailCode,
  params: Record<string, unknown> = {},
  table: Record<string, string> = code in ERROR_CODES ? ERROR_CODES : DETAIL_CODES,
): string {
  return (table[code] ?? code).replace(/\{(\w+)\}/g, (_, k: string) =>
    params[k] === undefined ? `{${k}}` : Array.isArray(params[k]) ? params[k].join(', ') : String(params[k]),
  );
}

/** What an ajv error says, as a field code and its params (`limit`, `allowed`, `type`, `format`, `field`). */
export function fieldProblem(
  e: { keyword: string; params: Record<string, unknown>; instancePath: string },
  path: string = e.instancePath,
): { code: DetailCode; params: Record<string, unknown> } {
  const code = `field.${e.keyword}`;
  const p = e.params;
  const params: Record<string, unknown> = { field: path.replace(/^\//, '') };
  if (p.limit !== undefined) params.limit = p.limit;
  if (Array.isArray(p.allowedValues)) params.allowed = p.allowedValues;
  if (p.allowedValue !== undefined) params.allowed = [p.allowedValue];
  if (p.type !== undefined) params.type = p.type;
  if (p.format !== undefined) params.format = p.format;
  // the sibling a field must differ from (engine/model/forms.ts distinctFrom: two enforcement officers)
  if (typeof p.distinctFrom === 'string') params.other = p.distinctFrom;
  return code in DETAIL_CODES ? { code: code as DetailCode, params } : { code: 'field.invalid', params };
}
