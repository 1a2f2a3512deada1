// Server codes in words: API errors and their details, and notifications, from their code (or type) and
// params in the UI language (tables in codes.ts). The server's English `message` is never shown when the
// code is known; a notification stored before types existed shows its stored title.
import { formatDateTime } from '../lib/format';
import {
  bpmnTypesZh,
  codesEn,
  codesZh,
  nodeKindsZh,
  notificationsEn,
  notificationsZh,
  paramWordsEn,
  paramWordsZh,
} from './codes';
import { langStore, t } from './index';

type Params = Record<string, unknown>;
/** the tables by any code a server may send (an unknown one reads as undefined) */
type Lookup = Record<string, string | undefined>;

const pick = <T>(zh: T, en: T): T => (langStore.get() === 'zh' ? zh : en);

/** The params as text: lists joined, statuses, JSON types and order kinds in words, sizes and times. */
function words(params: Params): Record<string, string> {
  const w = pick(paramWordsZh, paramWordsEn);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(params))
    out[k] = Array.isArray(v) ? v.map(String).join(t('common.listSep')) : v == null ? '' : String(v);
  if (typeof params.status === 'string') out.statusName = w[`status.${params.status}`] ?? params.status;
  if (typeof params.type === 'string') out.typeName = w[`type.${params.type}`] ?? params.type;
  if (typeof params.kind === 'string') out.kindName = w[`kind.${params.kind}`] ?? params.kind;
  const retry = Number(params.retryAfterS);
  if (Number.isFinite(retry) && retry > 0) out.minutes = String(Math.max(1, Math.ceil(retry / 60)));
  if (typeof params.maxBytes === 'number') out.maxMB = String(Math.floor(params.maxBytes / 1024 / 1024));
  if (typeof params.dueAt === 'number') out.dueAt = formatDateTime(params.dueAt);
  if (typeof params.namespace === 'string')
    out.namespaceText = pick(`（命名空间 ${params.namespace}）`, ` (namespace ${params.namespace})`);
  if (typeof params.problem === 'string') {
    // the nested problem's own words, from the same params less itself (else it would word itself forever)
    const { problem, ...rest } = params;
    out.problemText = codeText(problem, rest) ?? '';
  }
  Object.assign(out, deployWords(params));
  if (!out.field) out.field = '';
  return out;
}

/** `bpmn:UserTask` → 用户任务（bpmn:UserTask） in Chinese; as written in English. */
const bpmnTypeWord = (type: string) => {
  const zh = bpmnTypesZh[type.replace(/^bpmn:/, '')];
  return pick(zh ? `${zh}（${type}）` : type, type);
};

/** A node kind (engine/elements: userTask, callActivity …) in the UI's language. */
export function nodeKindWord(kind: string): string {
  // userTask → user task
  return pick(nodeKindsZh[kind] ?? kind, kind.replace(/([A-Z])/g, ' $1').toLowerCase());
}

/**
 * The words deploy problems need: element types and node kinds, the position in the document, the root
 * element found, and a nested reason (`cause`: {code, params}) in words of its own.
 */
function deployWords(params: Params): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of ['bpmnType', 'loopType', 'eventType'])
    if (typeof params[k] === 'string') out[`${k}Name`] = bpmnTypeWord(params[k]);
  if (typeof params.nodeKind === 'string') out.nodeKindName = nodeKindWord(params.nodeKind);
  out.atText =
    typeof params.line === 'number' && typeof params.column === 'number'
      ? pick(
          `（第 ${params.line} 行第 ${params.column} 列）`,
          ` (line ${params.line}, column ${params.column})`,
        )
      : '';
  out.foundText =
    typeof params.found === 'string'
      ? pick(`（实际为 <${params.found}>）`, ` (found <${params.found}>)`)
      : '';
  const cause = params.cause as { code?: unknown; params?: unknown } | undefined;
  if (cause && typeof cause === 'object' && typeof cause.code === 'string')
    out.causeText =
      codeText(
        cause.code,
        (cause.params && typeof cause.params === 'object' ? cause.params : {}) as Params,
      ) ?? '';
  return out;
}

const fill = (template: string, params: Params) => {
  const w = words(params);
  return template.replace(/\{(\w+)\}/g, (_, k: string) => w[k] ?? '');
};

/** The text of an error or detail code in the UI language; undefined for a code this UI does not know. */
export function codeText(code: string, params: Params = {}): string | undefined {
  const template = pick<Lookup>(codesZh, codesEn)[code];
  if (template === undefined) return undefined;
  const text = fill(template, params).trim();
  return params.step !== undefined ? t('problem.step', { step: String(params.step), text }) : text;
}

/** A field or element problem in words (its code's text; without a known code, the server's text). */
export function problemText(d: { message: string; code?: string; params?: Params }, field?: string): string {
  const params = field === undefined ? (d.params ?? {}) : { ...d.params, field };
  return (d.code && codeText(d.code, params)) || d.message;
}

interface Notice {
  title: string;
  body?: string;
  message?: { type: string; params: Params };
  /** the same, on the notification itself (the published 考核 ranking: engine/scoring/ranking-notices.ts) */
  type?: unknown;
  params?: unknown;
}

/** Its type and params, in either shape. */
const messageOf = (n: Notice): { type: string; params: Params } | undefined =>
  n.message ??
  (typeof n.type === 'string'
    ? { type: n.type, params: (n.params && typeof n.params === 'object' ? n.params : {}) as Params }
    : undefined);

/** A notification's title in the UI language (the stored sentence for notifications without a type). */
export function notificationTitle(n: Notice): string {
  const m = messageOf(n);
  const template = m && pick<Lookup>(notificationsZh, notificationsEn)[m.type];
  return template ? fill(template, m.params) : n.title;
}

/** Its body: a sentence of the UI's own for the types that have one, else the stored text (names, reasons). */
export function notificationBody(n: Notice): string | undefined {
  const m = messageOf(n);
  const template = m && pick<Lookup>(notificationsZh, notificationsEn)[`${m.type}.body`];
  return template ? fill(template, m.params) : n.body;
}
