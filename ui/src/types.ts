// Shapes the UI reads from the API: the resources are the response schemas of the OpenAPI document
// (engine/api/responses.ts), generated into api-schema.d.ts by `npm run gen:api-types`; only what the UI
// composes itself (pages, form schemas, task detail) is declared here.
import type { components, paths } from './api-schema';

type Schemas = components['schemas'];

type Json<R> = R extends { content: { 'application/json': infer B } } ? B : never;
/** The JSON body an operation answers with (its 200, else its 201), e.g. `Answer<'/api/roles', 'get'>` */
export type Answer<
  P extends keyof paths,
  M extends 'get' | 'post' | 'put' | 'patch' | 'delete',
> = paths[P][M] extends {
  responses: infer R;
}
  ? R extends { 200: infer Ok }
    ? Json<Ok>
    : R extends { 201: infer Created }
      ? Json<Created>
      : never
  : never;

/** The signed-in user (GET /api/me, and the login answer) */
export type User = Schemas['Me'];
export type RoleAssignment = User['roles'][number];
/** A person holding a role at a unit (the unit detail) */
export type UserRef = NonNullable<Unit['people']>[number];

export type SlaState = Task['slaState'];

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

export type Task = Schemas['Task'];
export type TaskRequest = Schemas['TaskRequest'];
export type Escalation = Schemas['Escalation'];
export type HistoryRecord = Schemas['HistoryRecord'];

export type FieldChange = Schemas['FieldChange'];

export type HistoryPage = Schemas['HistoryPage'];
export type UnitRef = NonNullable<Instance['unitChain']>[number];
/** A case as its page shows it (GET /api/instances/:id) */
export type Instance = Schemas['Instance'];
/** A case a call activity of this case called, as listed by the parent and as it stands */
export type CalledCase = NonNullable<Instance['children']>[number];
/** A case just opened (POST /api/instances, /api/reports) */
export type StartedCase = Schemas['StartedCase'];
/** A row of the case list (GET /api/instances) */
export type CaseListItem = Schemas['CaseListItem'];
export type SavedFilter = Schemas['SavedFilter'];
export type SupervisionOrder = Schemas['SupervisionOrder'];
export type DefinitionInfo = Schemas['DefinitionListItem'];
export type DefinitionDetail = Schemas['Definition'];
export type VersionInfo = NonNullable<DefinitionDetail['versions']>[number];
export type DefinitionNodeSummary = NonNullable<NonNullable<DefinitionDetail['summary']>['nodes']>[number];
export type Deployment = Schemas['DeployResult'];
export type DiagramState = Schemas['DiagramState'];
export type Unit = Schemas['Unit'];
export type NotificationMessage = Schemas['NotificationMessage'];
export type Notification = Schemas['Notification'];

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
export type Attachment = Schemas['Attachment'];

export interface TaskDetail {
  task: Task;
  formSchema?: JsonSchema;
  /** the case variables: the form opens with the values they hold for its fields */
  variables?: Record<string, unknown>;
  /** the case's grid and the units above it (re-dispatch targets) */
  chain?: Array<{ code: string; name: string; level: string }>;
}

/** A submitted value of the case file, labelled by its form (GET /api/instances/:id/file). */
export type CaseFileField = Schemas['CaseFileField'];
export type CaseFileSection = Pick<CaseFileStep, 'formKey' | 'formTitle' | 'fields'>;
export type CaseFileStep = Schemas['CaseFileStep'];
export type CaseFile = Schemas['CaseFile'];
export type CaseComment = Schemas['Comment'];

export type Figures = Schemas['Figures'];
export type UnitInfo = Stats['unit'];
export type Stats = Schemas['Stats'];
