// The case file (案卷): one read-only account of everything a case holds — the report, each completed
// step's submitted data with who and when, and the supervision orders — with every value labelled by the
// title its form gives the field and every enum value by its label (x-enumNames / oneOf titles). Steps are
// the completed task documents (their `data` is what was submitted); the newest `limit` of them are
// returned with the total, so a looping case stays bounded. Comments (engine/cases/comments.ts) are part of
// the file, and so are the attachments (engine/cases/attachments.ts). Visibility is the caller's business.
import type { SupervisionDoc } from '../queue/orders.js';
import type { InstanceState } from '../runtime/types.js';
import type { Store } from '../store/types.js';
import { attachmentView, type AttachmentDoc, type AttachmentView } from './attachments.js';
import { listComments, type CaseComment } from './comments.js';
import { TaskRepository } from '../queue/task-repository.js';
import { OrderRecords } from '../supervision/order-records.js';

export const CASE_FILE_STEPS = { default: 100, max: 200 } as const;
/** Supervision orders kept in the file (a case rarely has more than a handful). */
const MAX_ORDERS = 200;

/** The part of a field's JSON Schema the labels come from. */
interface FieldSchema {
  title?: string;
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  'x-enumNames'?: string[];
  enumNames?: string[];
  oneOf?: Array<{ const?: unknown; title?: string }>;
  anyOf?: Array<{ const?: unknown; title?: string }>;
  items?: FieldSchema;
  properties?: Record<string, FieldSchema>;
  'x-stage'?: string;
}

/** One submitted value: the field's name and title, the raw value, and its label(s) for enum values. */
export interface CaseFileField {
  name: string;
  title: string;
  value: unknown;
  /** the option labels of an enum value (one per element of a multi-choice field) */
  labels?: string[];
  format?: string;
  /** photos taken before or after the hazard was dealt with (the form's `x-stage`: 处置前/处置后) */
  stage?: 'before' | 'after';
  /** a list of objects (当事人 …): each row's fields labelled by the item's schema */
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

export interface CaseFileReport extends CaseFileSection {
  /** who filled the report and when: the first step's completion, else the case's start */
  by: string;
  at: number;
  /** the completed first step the report was submitted with (absent while it is still open) */
  taskId?: string;
}

export interface CaseFile {
  instanceId: string;
  caseNo?: string;
  title?: string;
  /** the case's status: files may be added while it is `active` */
  status: InstanceState['status'];
  report: CaseFileReport | null;
  /** completed steps, oldest first: the newest `limit` of `stepsTotal` */
  steps: CaseFileStep[];
  stepsTotal: number;
  /** display names of the people the file names (report, steps, orders, comments): login → name */
  people: Record<string, string>;
  /** comments (engine/cases/comments.ts): the newest ones, oldest first, with `commentsTotal` */
  comments: CaseComment[];
  commentsTotal: number;
  /** files and photos uploaded to the case, oldest first (engine/cases/attachments.ts) */
  attachments: AttachmentView[];
  orders: Array<{
    id: string;
    kind: SupervisionDoc['kind'];
    content: string;
    to: string;
    target: SupervisionDoc['target'];
    createdBy: string;
    createdAt: number;
    replyDueAt: number;
    status: 'open' | 'replied' | 'overdue';
    reply?: SupervisionDoc['reply'];
  }>;
}

export interface CaseFileDeps {
  store: Store;
  schema: (formKey: string | undefined) => object | undefined;
  /** the start form of the case's process (engine/model/compile.ts startFormKey) */
  startFormKey: (s: InstanceState) => Promise<string | undefined>;
  now: () => number;
  /** display names of logins (one batch read), for the comments */
  displayNames: (usernames: string[]) => Promise<Map<string, string>>;
  /** the case's attachments */
  attachments: (instanceId: string) => Promise<AttachmentDoc[]>;
}

/** The option labels of `value` under an enum field, when the form names its options. */
function optionLabels(field: FieldSchema | undefined, value: unknown): string[] | undefined {
  if (!field) return undefined;
  const label = (v: unknown): string | undefined => {
    const choice = (field.oneOf ?? field.anyOf)?.find((o) => 'const' in o && o.const === v);
    if (choice?.title) return choice.title;
    const i = field.enum?.indexOf(v) ?? -1;
    return i >= 0 ? (field['x-enumNames'] ?? field.enumNames)?.[i] : undefined;
  };
  if (Array.isArray(value)) {
    if (!field.items) return undefined;
    const inner = field.items;
    const out = value.map((v) => optionLabels(inner, v)?.[0] ?? String(v));
    return out.some((l, i) => l !== String(value[i])) ? out : undefined;
  }
  const l = label(value);
  return l === undefined ? undefined : [l];
}

/**
 * `data` as labelled fields: the form's fields in its order, then whatever else was submitted (under its
 * own name). With `only`, just the form's fields.
 */
export function labelFields(
  schema: object | undefined,
  data: Record<string, unknown> | undefined,
  only = false,
): CaseFileField[] {
  const props = (schema as FieldSchema | undefined)?.properties ?? {};
  const values = data ?? {};
  const names = [
    ...Object.keys(props).filter((k) => Object.hasOwn(values, k)),
    ...(only ? [] : Object.keys(values).filter((k) => !Object.hasOwn(props, k))),
  ];
  return names.map((name) => {
    const field = props[name];
    const labels = optionLabels(field, values[name]);
    const format = field?.format ?? field?.items?.format;
    const value = values[name];
    const item = field?.items;
    const rows =
      item?.properties && Array.isArray(value)
        ? value.map((row) =>
            row && typeof row === 'object' && !Array.isArray(row)
              ? labelFields(item, row as Record<string, unknown>)
              : [{ name: '', title: '', value: row }],
          )
        : undefined;
    return {
      name,
      title: field?.title ?? name,
      value,
      ...(labels ? { labels } : {}),
      ...(format ? { format } : {}),
      ...(field?.['x-stage'] === 'before' || field?.['x-stage'] === 'after'
        ? { stage: field['x-stage'] }
        : {}),
      ...(rows ? { rows } : {}),
    };
  });
}

const formTitle = (schema: object | undefined) => (schema as FieldSchema | undefined)?.title;

function section(
  deps: CaseFileDeps,
  formKey: string | undefined,
  data: Record<string, unknown>,
  only = false,
) {
  const schema = deps.schema(formKey);
  // the key as drawn (a pinned version `key@…` names the exact schema read above)
  return {
    formKey: formKey?.split('@')[0],
    formTitle: formTitle(schema),
    fields: labelFields(schema, data, only),
  };
}

/** Reads the case file of `s` (already checked visible to the caller). */
export async function readCaseFile(
  deps: CaseFileDeps,
  s: InstanceState,
  opts: { limit?: number } = {},
): Promise<CaseFile> {
  const limit = Math.min(Math.max(1, opts.limit ?? CASE_FILE_STEPS.default), CASE_FILE_STEPS.max);
  const tasks = new TaskRepository(deps.store);
  const [newest, stepsTotal, orders, startKey, comments, attachments] = await Promise.all([
    tasks.completedOfCase(s._id, { newestFirst: true, limit }),
    tasks.countCompletedOfCase(s._id),
    new OrderRecords(deps.store).ofCase(s._id, MAX_ORDERS),
    deps.startFormKey(s),
    listComments(deps, s._id),
    deps.attachments(s._id),
  ]);
  const steps = newest.reverse().map((t): CaseFileStep => ({
    taskId: t._id,
    nodeId: t.nodeId,
    name: t.name,
    completedBy: t.completedBy,
    completedAt: t.completedAt,
    ...section(deps, t.formKey, t.data ?? {}),
  }));
  const now = deps.now();
  const rep = startKey ? await report(deps, s, startKey) : null;
  // everyone the file names, by display name: one batch read
  const logins = [
    rep?.by,
    ...steps.map((x) => x.completedBy),
    ...orders.flatMap((o) => [o.createdBy, o.reply?.by]),
    ...attachments.map((a) => a.uploader),
  ].filter((x): x is string => typeof x === 'string' && !!x);
  const names = await deps.displayNames(logins);
  for (const c of comments.items) {
    if (c.authorName) names.set(c.author, c.authorName);
    for (const m of c.mentions) if (m.displayName) names.set(m.username, m.displayName);
  }
  return {
    instanceId: s._id,
    caseNo: s.caseNo,
    title: s.title,
    status: s.status,
    report: rep,
    steps,
    people: Object.fromEntries(names),
    stepsTotal,
    comments: comments.items,
    commentsTotal: comments.total,
    attachments: attachments.map(attachmentView),
    orders: orders.map((o) => ({
      id: o._id,
      kind: o.kind,
      content: o.content,
      to: o.to,
      target: o.target,
      createdBy: o.createdBy,
      createdAt: o.createdAt,
      replyDueAt: o.replyDueAt,
      status: o.status === 'open' && now > o.replyDueAt ? 'overdue' : o.status,
      ...(o.reply ? { reply: o.reply } : {}),
    })),
  };
}

/**
 * The report: what the first step on the start form submitted; while that step is still open, the start
 * form's fields among the case variables (what the starter filled in when opening the case).
 */
async function report(deps: CaseFileDeps, s: InstanceState, startKey: string): Promise<CaseFileReport> {
  const [first] = await new TaskRepository(deps.store).completedOfCase(s._id, {
    limit: 1,
    formKey: startKey,
  });
  if (first)
    return {
      by: first.completedBy ?? s.startedBy,
      at: first.completedAt ?? s.startedAt,
      taskId: first._id,
      ...section(deps, startKey, first.data ?? {}),
    };
  return { by: s.startedBy, at: s.startedAt, ...section(deps, startKey, s.variables, true) };
}
