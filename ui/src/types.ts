// Shapes the UI reads from the API (engine/api). Fields the UI does not depend on are optional so that
// small server-side changes degrade gracefully.

export interface RoleAssignment {
  role: string;
  unit: string;
  roleName?: string;
  unitName?: string;
  unitLevel?: string;
}

export interface User {
  username: string;
  displayName?: string;
  admin?: boolean;
  roles: RoleAssignment[];
  units?: Array<{ code: string; name: string; level: string; roles: string[] }>;
  /** units where the user is supervisor */
  supervises?: string[];
  /** a generated first password: nothing works until it is changed */
  mustChangePassword?: boolean;
}

export interface UserRef {
  username: string;
  displayName?: string;
  roles?: RoleAssignment[];
}

export type SlaState = 'ontime' | 'warned' | 'overdue' | 'escalated' | 'supervised';

export interface FieldError {
  path: string;
  message: string;
  /** stable code of the problem (field.required, unknown-role, deploy.problem …): the UI words it */
  code?: string;
  params?: Record<string, unknown>;
}

export interface Page<T> {
  items: T[];
  total: number;
  skip?: number;
  limit?: number;
  page?: number;
}

export interface Task {
  id: string;
  _id?: string;
  nodeId: string;
  name?: string;
  status: 'open' | 'completed' | 'cancelled';
  level?: string;
  unit: string;
  unitName?: string;
  unitPath?: string[];
  candidateRoles?: string[];
  assignee?: string;
  owner?: string;
  formKey?: string;
  createdAt: number;
  dueAt?: number;
  /** the due date the assessment reads: moved only by an approved extension or a 挂账, not by 挂起 */
  assessDueAt?: number;
  warnDueAt?: number;
  slaState: SlaState;
  paused?: { since: number; reason?: string; by?: string };
  instanceId: string;
  definitionKey?: string;
  definitionVersion?: number;
  processName?: string;
  businessKey?: string;
  /** number and title of the case (absent for cases opened before numbers existed) */
  caseNo?: string;
  caseTitle?: string;
  gridUnit?: string;
  supervised?: boolean;
  completing?: unknown;
  data?: Record<string, unknown>;
  escalations?: Escalation[];
  watchers?: string[];
  overdue?: boolean;
  /** what the caller may do (computed by the API) */
  can?: { act?: boolean; claim?: boolean; supervise?: boolean };
  /** 退单: waiting at its dispatcher for re-dispatch */
  returned?: { unit: string; roles: string[]; reason: string; by: string; at: number };
  /** a 延期 / 挂账 request waiting for a supervisor */
  request?: TaskRequest;
  /** parked (挂账) until reviewAt */
  parked?: { since: number; reviewAt: number };
  extensions?: Array<{ id: string; from: number; to: number; at: number; by: string }>;
}

export interface TaskRequest {
  /** public id (`taskId~rq…`), for /api/requests/:id/approve|refuse */
  id: string;
  kind: 'extension' | 'backlog';
  by: string;
  at: number;
  reason: string;
  dueAt?: number;
  reviewAt?: number;
}

export interface Escalation {
  _id?: string;
  id?: string;
  instanceId?: string;
  taskId?: string;
  taskName?: string;
  nodeId?: string;
  definitionKey?: string;
  businessKey?: string;
  caseNo?: string;
  caseTitle?: string;
  gridUnit?: string;
  fromLevel: string;
  toLevel: string;
  fromUnit: string;
  toUnit: string;
  fromUnitName?: string;
  toUnitName?: string;
  dueAt: number;
  firedAt: number;
  latenessMs?: number;
  supervised?: boolean;
  /** present when the API joins the task's current state */
  taskStatus?: string;
  assignee?: string;
}

export interface HistoryRecord {
  _id?: string;
  at: number;
  actor: string;
  action: string;
  elementId?: string;
  from?: string;
  to?: string;
  details?: Record<string, unknown>;
  /** in people's words (resolved by the server): element, actor, unit and person names */
  elementName?: string;
  actorName?: string;
  unitName?: string;
  fromUnitName?: string;
  toName?: string;
  assigneeName?: string;
  ownerName?: string;
  /** a data change: the changed fields by their form titles, before and after */
  changes?: FieldChange[];
}

export interface FieldChange extends CaseFileField {
  previous?: unknown;
  previousLabels?: string[];
}

export interface HistoryPage {
  items: HistoryRecord[];
  total: number;
  /** the page before this one; null at the oldest record */
  cursor: string | null;
  limit: number;
}

export interface UnitRef {
  code: string;
  level: string;
  name: string;
}

export interface Instance {
  id?: string;
  _id?: string;
  definitionKey: string;
  definitionVersion: number;
  processName?: string;
  businessKey?: string;
  caseNo?: string;
  title?: string;
  gridUnit: string;
  gridUnitName?: string;
  unitChain?: UnitRef[];
  status: 'active' | 'completed' | 'terminated' | 'cancelled';
  variables?: Record<string, unknown>;
  tasks?: Record<string, Task> | Task[];
  /** the newest history records (oldest first); older ones: api.history with historyCursor */
  history?: HistoryRecord[];
  historyTotal?: number;
  historyCursor?: string | null;
  escalations?: Escalation[];
  openTasks?: Task[];
  supervisionOrders?: SupervisionOrder[];
  can?: { cancel?: boolean; supervise?: boolean };
  supervised?: boolean;
  /** 挂牌督办 in force (detail) */
  listing?: { by: string; at: number; reason: string } | null;
  /** call activities (detail): the case that called this one, the cases it called, their open incidents */
  parent?: {
    instanceId: string;
    tokenId: string;
    nodeId: string;
    definitionKey: string;
    caseNo?: string;
  } | null;
  parentInstanceId?: string;
  children?: CalledCase[];
  childIncidents?: Array<{
    id: string;
    instanceId: string;
    caseNo?: string;
    definitionKey: string;
    nodeId: string;
    message: string;
    code?: string;
    at: number;
  }>;
  startedAt: number;
  startedBy?: string;
  endedAt?: number;
  /** who holds the case now (lists): each open step, its unit and assignee (null: in the pool) */
  holders?: Array<{
    taskId: string;
    name: string;
    unit: string;
    unitName?: string;
    level?: string;
    assignee: string | null;
  }>;
}

/** A case a call activity of this case called, as listed by the parent and as it stands */
export interface CalledCase {
  id: string;
  tokenId: string;
  nodeId: string;
  key: string;
  at: number;
  ended?: { status: Instance['status']; at: number; error?: string };
  caseNo?: string;
  title?: string;
  status?: Instance['status'];
  openIncidents?: number;
}

/** A row of the case list (GET /api/instances) */
export interface CaseListItem extends Instance {
  id: string;
  dueAt: number | null;
  breachAt: number | null;
  overdueNow: boolean;
  escalated: boolean;
  openLevels: string[];
  openIncidents?: number;
  /** handling time so far: working hours (workday calendar) and calendar hours */
  handling: { workingHours: number; calendarHours: number };
}

export interface SavedFilter {
  id: string;
  name: string;
  query: string;
  createdAt: number;
  updatedAt: number;
}

export interface SupervisionOrder {
  id: string;
  _id?: string;
  kind: 'duban' | 'jiaoban';
  to: string;
  target: { unit: string; unitName?: string; role?: string };
  content: string;
  status: 'open' | 'replied' | 'overdue';
  replyDueAt: number;
  createdAt: number;
  createdBy: string;
  reply?: { content: string; at: number; by: string; late: boolean };
}

export interface DefinitionInfo {
  key: string;
  version: number;
  name?: string;
  deployedAt?: number;
  deployedBy?: string;
  /** number of versions (list) */
  versions?: number;
  /** no case can start on it: the process or all its versions retired (only admins see these) */
  retired?: boolean;
  /** retired versions (list) */
  retiredVersions?: number[];
  /** false: only a timer or message start event opens its cases (not offered for a case by hand) */
  manualStart?: boolean;
}

export interface VersionInfo {
  version: number;
  name?: string;
  deployedAt?: number;
  deployedBy?: string;
  retired?: boolean;
}

export interface DefinitionNodeSummary {
  id: string;
  kind: string;
  name?: string;
  level?: string;
  formKey?: string;
}

export interface DefinitionDetail extends Omit<DefinitionInfo, 'versions'> {
  xml: string;
  /** this version is retired */
  versionRetired?: boolean;
  versions?: VersionInfo[];
  summary?: {
    key: string;
    name?: string;
    nodes?: DefinitionNodeSummary[];
    startFormKey?: string;
    /** the version of the start form this definition version pinned */
    startFormVersion?: string;
  };
}

export interface Deployment {
  key: string;
  version: number;
  name?: string;
  created?: boolean;
  /** every executable process of the document (a collaboration deploys each pool) */
  processes?: Array<{ key: string; version: number; name?: string; created: boolean }>;
  /** what the deploy left aside: other tools' metadata (`extension.ignored` with name, namespace, count) */
  warnings?: Array<{
    path: string;
    code: string;
    message?: string;
    params: { name?: string; count?: number; [k: string]: unknown };
  }>;
}

export interface DiagramState {
  xml: string;
  activeNodeIds: string[];
  completedNodeIds: string[];
}

export interface Unit {
  code: string;
  name: string;
  level: string;
  parent?: string;
  children?: Unit[];
  info?: Record<string, unknown>;
  /** shown by name only (above the caller's jurisdiction) */
  ancestorOnly?: boolean;
  /** people with a role at the unit (unit detail) */
  people?: UserRef[];
  /** disabled by an admin (admins see it) */
  disabled?: boolean;
}

export interface NotificationMessage {
  type: string;
  params: Record<string, string | number>;
}

export interface Notification {
  _id: string;
  id?: string;
  kind: string;
  /** the Chinese sentence stored with it: shown only for notifications stored before `message` existed */
  title: string;
  body?: string;
  /** type and params (engine/notifications/messages.ts), rendered in the UI language */
  message?: NotificationMessage;
  /** the first items of a batch, and how many there are */
  items?: Array<{
    taskId?: string;
    instanceId: string;
    caseNo?: string;
    caseTitle?: string;
    title: string;
    body?: string;
    message?: NotificationMessage;
  }>;
  itemCount?: number;
  read: boolean;
  at: number;
}

export interface JsonSchema {
  type?: string | string[];
  title?: string;
  description?: string;
  enum?: unknown[];
  oneOf?: Array<{ const?: unknown; title?: string } & JsonSchema>;
  anyOf?: JsonSchema[];
  const?: unknown;
  format?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minItems?: number;
  maxItems?: number;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  default?: unknown;
  readOnly?: boolean;
  /** widget hint, e.g. textarea, location, photos (attachment ids, images), files (attachment ids) */
  'x-widget'?: string;
  /** photos taken before or after the hazard was dealt with (处置前/处置后), shown side by side */
  'x-stage'?: 'before' | 'after';
}

/** An uploaded photo or file (POST /api/instances/:id/attachments). */
export interface Attachment {
  id: string;
  instanceId: string;
  taskId?: string;
  field?: string;
  uploader: string;
  name: string;
  size: number;
  contentType: string;
  kind: 'image' | 'pdf' | 'office';
  sha256: string;
  hasThumbnail: boolean;
  /** when the photo was taken (EXIF) */
  takenAt?: number;
  /** where the photo was taken (EXIF GPS) */
  location?: { lat: number; lon: number };
  width?: number;
  height?: number;
  createdAt: number;
}

export interface TaskDetail {
  task: Task;
  formSchema?: JsonSchema;
  /** the case variables: the form opens with the values they hold for its fields */
  variables?: Record<string, unknown>;
  /** the case's grid and the units above it (re-dispatch targets) */
  chain?: Array<{ code: string; name: string; level: string }>;
}

/** A submitted value of the case file, labelled by its form (GET /api/instances/:id/file). */
export interface CaseFileField {
  name: string;
  title: string;
  value: unknown;
  labels?: string[];
  format?: string;
  /** 处置前/处置后 photos (the form's x-stage) */
  stage?: 'before' | 'after';
  /** a list of objects (当事人 …): each row's fields, labelled */
  rows?: CaseFileField[][];
}

export interface CaseFileSection {
  formKey?: string;
  formTitle?: string;
  fields: CaseFileField[];
}

export interface CaseFileStep extends CaseFileSection {
  taskId: string;
  nodeId: string;
  name?: string;
  completedBy?: string;
  completedAt?: number;
}

export interface CaseFile {
  instanceId: string;
  /** files may be added while it is `active` */
  status?: string;
  caseNo?: string;
  title?: string;
  report: (CaseFileSection & { by: string; at: number; taskId?: string }) | null;
  steps: CaseFileStep[];
  stepsTotal: number;
  /** display names of the people the file names: login → name */
  people?: Record<string, string>;
  /** comments, oldest first (the newest ones of `commentsTotal`) */
  comments?: CaseComment[];
  commentsTotal?: number;
  /** the case's uploaded photos and files, oldest first */
  attachments?: Attachment[];
  orders: SupervisionOrder[];
}

export interface CaseComment {
  id: string;
  instanceId: string;
  author: string;
  authorName?: string;
  text: string;
  mentions: Array<{ username: string; displayName?: string }>;
  at: number;
}

export interface Figures {
  received: number;
  closed: number;
  closedOnTime: number;
  cancelled: number;
  due: number;
  dueOnTime: number;
  /** 按期结案率, 0..1, null when nothing was due */
  onTimeRate: number | null;
  overdueNow: number;
  escalations: { total: number; byLevel: Record<string, number> };
  avgTaskHandlingHours: number | null;
  avgCaseHandlingHours: number | null;
  /** the same stretches on the wall clock (absent from older servers) */
  avgTaskCalendarHours?: number | null;
  avgCaseCalendarHours?: number | null;
  rework: number;
  /** 退单 in the period and 退单率 (returns / (returns + tasks completed)) */
  returns?: number;
  returnRate?: number | null;
  /** approved extensions in the period and 延期率 (closed SLA cases with an extension) */
  extensions?: number;
  extensionRate?: number | null;
  /** 挂账 approved in the period, and cases parked now (挂账数) */
  backlogs?: number;
  backlogNow?: number;
  /** the citizen loop: replies due / sent (反馈率), 回访 and 满意率, reopened cases */
  repliesDue?: number;
  replies?: number;
  replyRate?: number | null;
  visits?: number;
  satisfied?: number;
  basic?: number;
  dissatisfied?: number;
  satisfactionRate?: number | null;
  reopened?: number;
}

export interface UnitInfo {
  code: string;
  name: string;
  level: string;
}

export interface Stats extends Figures {
  unit: UnitInfo;
  period: { from: number; to: number };
  /** server (domain) time of the assessment */
  now: number;
  children: Array<UnitInfo & Figures>;
  series: Array<{ date: string; total: number; byLevel: Record<string, number> }>;
}
