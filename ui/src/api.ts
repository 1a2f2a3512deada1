// The one fetch wrapper of the UI: JSON in/out, bearer token, a global in-flight counter (progress bar),
// 401 → back to the login screen, and every failure reported (toast unless the caller shows it inline).
import { t } from './i18n';
import { ApiError, apiErrorOf, describeError } from './apiError';
import { createStore } from './lib/store';
import { sessionStore, signOut, token, updateUser } from './lib/session';
import { toast } from './lib/toasts';
import type {
  Answer,
  Attachment,
  CaseComment,
  CaseFile,
  DefinitionDetail,
  DefinitionInfo,
  Deployment,
  DiagramState,
  Escalation,
  HistoryPage,
  Instance,
  CaseListItem,
  JsonSchema,
  SavedFilter,
  StartedCase,
  Notification,
  Page,
  Stats,
  Task,
  TaskDetail,
  TaskRequest,
  Unit,
  User,
} from './types';

export { ApiError, describeError } from './apiError';

/** number of requests on the wire (drives the progress bar) */
export const inFlight = createStore(0);
/** server clock minus browser clock in ms, when the server tells its time (X-Server-Now) */
export const serverClock = createStore(0);
export const serverNow = (): number => Date.now() + serverClock.get();
let clockKnown = false;

/** The server's time, asking it first when no response has told it yet (periods like "last 30 days"). */
export async function syncedServerNow(): Promise<number> {
  if (!clockKnown) await request('/api/me').catch(() => undefined);
  return serverNow();
}

type QueryValue = string | number | boolean | undefined | null;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** JSON body */
  body?: unknown;
  /** raw XML body (BPMN) */
  xml?: string;
  /** multipart body (a file upload); the browser sets its Content-Type with the boundary */
  form?: FormData;
  query?: Record<string, QueryValue>;
  /** the caller shows failures itself (inline); the wrapper does not toast them (401 and network still do) */
  quiet?: boolean;
  /** not even a network failure is toasted (a background send that waits for the network) */
  offlineQuiet?: boolean;
  /** extra request headers (the public page's photo upload token) */
  headers?: Record<string, string>;
}

export function buildUrl(path: string, query?: Record<string, QueryValue>): string {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {}))
    if (v !== undefined && v !== null && v !== '') qs.set(k, String(v));
  const s = qs.toString();
  return s ? `${path}?${s}` : path;
}

export async function request<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', ...opts.headers };
  const tok = token();
  if (tok) headers.Authorization = `Bearer ${tok}`;
  let body: string | FormData | undefined;
  if (opts.form !== undefined) {
    body = opts.form;
  } else if (opts.xml !== undefined) {
    headers['Content-Type'] = 'application/xml';
    body = opts.xml;
  } else if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  const method = opts.method ?? (body !== undefined ? 'POST' : 'GET');
  inFlight.set((n) => n + 1);
  try {
    let res: Response;
    try {
      res = await fetch(buildUrl(path, opts.query), { method, headers, body });
    } catch (err) {
      const e = new ApiError(0, t('error.network', { detail: (err as Error).message }));
      if (!opts.offlineQuiet) toast('error', e.message);
      throw e;
    }
    const now = Number(res.headers.get('x-server-now'));
    if (now > 0) {
      serverClock.set(now - Date.now());
      clockKnown = true;
    }
    const text = await res.text();
    let data: unknown = undefined;
    if (text) {
      try {
        data = JSON.parse(text);
      } catch {
        data = text;
      }
    }
    if (res.ok) return data as T;
    const err = apiErrorOf(res.status, res.statusText, data);
    const code = err.code;
    if (res.status === 401 && path !== '/api/auth/login') {
      if (token()) signOut(t(code === 'session-ended' ? 'session.ended' : 'session.expired'));
      throw err;
    }
    if (code === 'password-change-required') {
      // the password form takes over (App); no toast
      const user = sessionStore.get()?.user;
      if (user && !user.mustChangePassword) updateUser({ ...user, mustChangePassword: true });
      throw err;
    }
    if (!opts.quiet) toast('error', describeError(err));
    throw err;
  } finally {
    inFlight.set((n) => n - 1);
  }
}

/**
 * Downloads a file the API answers (an export) with the session's token, and saves it under the name the
 * server gives (Content-Disposition), or `fallback`.
 */
export async function download(
  path: string,
  query: Record<string, QueryValue>,
  fallback: string,
): Promise<void> {
  const headers: Record<string, string> = {};
  const tok = token();
  if (tok) headers.Authorization = `Bearer ${tok}`;
  inFlight.set((n) => n + 1);
  try {
    let res: Response;
    try {
      res = await fetch(buildUrl(path, query), { headers });
    } catch (err) {
      const e = new ApiError(0, t('error.network', { detail: (err as Error).message }));
      toast('error', e.message);
      throw e;
    }
    if (!res.ok) {
      // a refused export answers a JSON error like any other request
      const text = await res.text();
      let data: unknown = text;
      try {
        data = JSON.parse(text);
      } catch {
        // not JSON: its text
      }
      const e = apiErrorOf(res.status, res.statusText, data);
      toast('error', describeError(e));
      throw e;
    }
    const cd = res.headers.get('content-disposition') ?? '';
    const star = /filename\*=UTF-8''([^;]+)/i.exec(cd);
    const name = star ? decodeURIComponent(star[1]) : fallback;
    const url = URL.createObjectURL(await res.blob());
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  } finally {
    inFlight.set((n) => n - 1);
  }
}

/** Lists come as a page object or a bare array depending on the route; normalise to a page. */
export function asPage<T>(data: unknown): Page<T> {
  if (Array.isArray(data)) return { items: data as T[], total: data.length };
  const p = (data ?? {}) as Partial<Page<T>> & Record<string, unknown>;
  const items = (p.items ?? p.results ?? p.data ?? []) as T[];
  return { ...p, items, total: typeof p.total === 'number' ? p.total : items.length } as Page<T>;
}

/** An optional route this server does not offer (callers fall back). */
export class NotOffered extends Error {
  constructor(route: string) {
    super(`the server offers no ${route}`);
    this.name = 'NotOffered';
  }
}

let routes: Promise<Set<string>> | undefined;
/** Whether the server mounts a route (from its OpenAPI document, read once), e.g. `/api/forms/{key}`. */
export function offers(route: string): Promise<boolean> {
  routes ??= request<{ paths?: Record<string, unknown> }>('/api/openapi.json').then(
    (doc) => new Set(Object.keys(doc?.paths ?? {})),
    () => new Set<string>(),
  );
  return routes.then((set) => set.has(route));
}

const enc = encodeURIComponent;
const post = <T>(path: string, body: unknown = {}, quiet = false) =>
  request<T>(path, { method: 'POST', body, quiet });

/** Normalises task ids (`_id` in the read model, `id` in the runtime state). */
export const taskId = (t: Pick<Task, 'id' | '_id'>): string => t.id ?? t._id ?? '';

export const api = {
  login: (username: string, password: string) =>
    request<Answer<'/api/auth/login', 'post'>>('/api/auth/login', {
      method: 'POST',
      body: { username, password },
      quiet: true,
    }),
  me: () => request<User | { user: User }>('/api/me'),
  /** revokes the token on the server (best effort: the UI forgets it anyway) */
  logout: () => request<void>('/api/auth/logout', { method: 'POST', quiet: true }),
  changePassword: (currentPassword: string, newPassword: string) =>
    request<Answer<'/api/me/password', 'post'>>('/api/me/password', {
      method: 'POST',
      body: { currentPassword, newPassword },
      quiet: true,
    }),

  definitions: async () => asPage<DefinitionInfo>(await request('/api/definitions')).items,
  definition: (key: string) => request<DefinitionDetail>(`/api/definitions/${enc(key)}`),
  definitionVersion: (key: string, version: number) =>
    request<DefinitionDetail>(`/api/definitions/${enc(key)}/versions/${version}`),
  deploy: (xml: string) => request<Deployment>('/api/definitions', { method: 'POST', xml, quiet: true }),
  /** the diagram with the forms it brings (formKey → JSON Schema); each form key is pinned to a version */
  deployWithForms: (bpmn: string, forms: Record<string, JsonSchema>) =>
    request<Deployment>('/api/deployments', { method: 'POST', body: { bpmn, forms }, quiet: true }),
  validate: (xml: string) =>
    request<Answer<'/api/definitions/validate', 'post'>>('/api/definitions/validate', {
      method: 'POST',
      xml,
      quiet: true,
    }),
  /** form keys known to the server; rejects with NotOffered when the server has no such route */
  forms: async () => {
    if (!(await offers('/api/forms'))) throw new NotOffered('/api/forms');
    return request<unknown>('/api/forms');
  },
  formSchema: async (key: string) => {
    if (!(await offers('/api/forms/{key}'))) throw new NotOffered('/api/forms/{key}');
    return request<JsonSchema>(`/api/forms/${enc(key)}`);
  },
  replySupervisionOrder: (id: string, content: string) =>
    post<unknown>(`/api/supervision-orders/${enc(id)}/reply`, { content }),

  startInstance: (body: {
    definitionKey: string;
    businessKey?: string;
    gridUnit: string;
    variables: Record<string, unknown>;
    /** hand the first step (the start form) to the starter, pre-filled: the answer names it */
    claimFirstTask?: boolean;
  }) => post<StartedCase>('/api/instances', body, true),
  instances: async (status?: string, page = 1) =>
    asPage<Instance>(await request('/api/instances', { query: { status, page } })),
  /**
   * A report with the device's id for it (lib/drafts.ts): the server opens one case per draftId, however
   * often it is sent. `background`: a network failure is not toasted (the draft waits for the network).
   */
  submitReport: (
    body: {
      draftId: string;
      definitionKey: string;
      gridUnit: string;
      businessKey?: string;
      variables: Record<string, unknown>;
      claimFirstTask?: boolean;
      /** the caller's patrol the problem was found on */
      patrolId?: string;
    },
    background = false,
  ) => request<StartedCase>('/api/reports', { method: 'POST', body, quiet: true, offlineQuiet: background }),
  /** 我经手的: the cases the caller opened or handled, newest first */
  involvedCases: async (page = 1) =>
    asPage<Instance>(await request('/api/instances', { query: { involved: 'true', page, pageSize: 50 } })),
  /** cases whose number is `q` or begins with it */
  findCases: async (q: string) =>
    asPage<Instance>(await request('/api/instances', { query: { q, pageSize: 8 } })),
  /** the case list (案件): the list's query string as the page keeps it in its address */
  caseList: async (query: Record<string, string>) =>
    asPage<CaseListItem>(await request('/api/instances', { query })) as Page<CaseListItem> & {
      totalCapped?: boolean;
    },
  savedFilters: async () => (await request<{ items: SavedFilter[] }>('/api/saved-filters')).items,
  saveFilter: (name: string, query: string) =>
    request<SavedFilter>('/api/saved-filters', { method: 'PUT', body: { name, query } }),
  deleteFilter: (id: string) => request<void>(`/api/saved-filters/${enc(id)}`, { method: 'DELETE' }),
  instance: (id: string) => request<Instance>(`/api/instances/${enc(id)}`),
  /** the case file: report, completed steps with their submitted data, supervision orders */
  caseFile: (id: string) => request<CaseFile>(`/api/instances/${enc(id)}/file`),
  /** `requestId`: the same id on a retry adds the comment once */
  comment: (id: string, body: { text: string; mentions?: string[]; requestId?: string }) =>
    post<CaseComment>(`/api/instances/${enc(id)}/comments`, body),
  /** uploads one photo or file to a case (for a step and a form field, when given) */
  uploadAttachment: (
    instanceId: string,
    file: Blob & { name?: string },
    opts: { taskId?: string; field?: string; requestId?: string } = {},
  ) => {
    const form = new FormData();
    for (const [k, v] of Object.entries(opts)) if (v) form.append(k, v);
    form.append('file', file, file.name ?? 'photo.jpg');
    return request<Attachment>(`/api/instances/${enc(instanceId)}/attachments`, {
      method: 'POST',
      form,
      quiet: true,
    });
  },
  attachments: (instanceId: string) =>
    request<{ items: Attachment[] }>(`/api/instances/${enc(instanceId)}/attachments`),
  attachmentInfo: (id: string) => request<Attachment>(`/api/attachments/${enc(id)}/info`, { quiet: true }),
  diagram: (id: string) => request<DiagramState>(`/api/instances/${enc(id)}/diagram`),
  /** older history records of a case: the page before `cursor` (from the case or a previous page) */
  history: (id: string, cursor: string, limit = 100) =>
    request<HistoryPage>(`/api/instances/${enc(id)}/history`, { query: { cursor, limit } }),
  supervisionOrder: (
    id: string,
    body: { kind: 'duban' | 'jiaoban'; to: string; content: string; replySla: string },
  ) => post<unknown>(`/api/instances/${enc(id)}/supervision-orders`, body, true),

  tasks: async (query: { mine?: boolean; status?: string; slaState?: string; page?: number }) =>
    asPage<Task>(
      await request('/api/tasks', {
        query: { ...query, mine: query.mine ? 1 : undefined, pageSize: 200 },
      }),
    ),
  task: async (id: string): Promise<TaskDetail> => {
    const data = await request<Record<string, unknown>>(`/api/tasks/${enc(id)}`);
    // either {task, formSchema} or the task itself with a formSchema field
    if (data && typeof data.task === 'object')
      return {
        task: data.task as Task,
        formSchema: (data.formSchema ?? data.schema) as TaskDetail['formSchema'],
      };
    const { formSchema, schema, instance, ...task } = data as Record<string, unknown>;
    return {
      task: task as unknown as Task,
      formSchema: (formSchema ?? schema) as TaskDetail['formSchema'],
      variables: (instance as { variables?: Record<string, unknown> } | null)?.variables,
      chain: (instance as { unitChain?: TaskDetail['chain'] } | null)?.unitChain,
    };
  },
  claim: (id: string) => post<Task>(`/api/tasks/${enc(id)}/claim`),
  unclaim: (id: string) => post<Task>(`/api/tasks/${enc(id)}/unclaim`),
  complete: (id: string, data: Record<string, unknown>) =>
    post<Task>(`/api/tasks/${enc(id)}/complete`, { data }, true),
  /** quiet: the pause dialog shows the failure inline */
  pause: (id: string, reason: string) => post<Task>(`/api/tasks/${enc(id)}/pause`, { reason }, true),
  resume: (id: string) => post<Task>(`/api/tasks/${enc(id)}/resume`),
  /** quiet: the request dialogs show the failure inline */
  returnTask: (id: string, reason: string) => post<Task>(`/api/tasks/${enc(id)}/return`, { reason }, true),
  dispatch: (id: string, unit: string, roles: string[]) =>
    post<Task>(`/api/tasks/${enc(id)}/dispatch`, { unit, roles }, true),
  requestExtension: (id: string, reason: string, dueAt: string) =>
    post<Task>(`/api/tasks/${enc(id)}/extensions`, { reason, dueAt }, true),
  requestBacklog: (instanceId: string, taskId: string, reason: string, reviewAt: string) =>
    post<Task>(`/api/instances/${enc(instanceId)}/backlog`, { reason, reviewAt, taskId }, true),
  pendingRequests: async (page = 1) =>
    asPage<Task & { request: TaskRequest }>(await request('/api/requests', { query: { page } })),
  decideRequest: (id: string, verb: 'approve' | 'refuse', comment?: string) =>
    post<Task>(`/api/requests/${enc(id)}/${verb}`, comment ? { comment } : {}),
  delegate: (id: string, to: string) => post<Task>(`/api/tasks/${enc(id)}/delegate`, { to }),
  reassign: (id: string, to: string) => post<Task>(`/api/tasks/${enc(id)}/reassign`, { to }, true),
  takeover: (id: string) => post<Task>(`/api/tasks/${enc(id)}/takeover`),

  escalations: async (since?: number) =>
    asPage<Escalation>(
      await request('/api/escalations', {
        query: { since: since === undefined ? undefined : new Date(since).toISOString(), pageSize: 200 },
      }),
    ).items,
  notifications: async (unread?: boolean) =>
    asPage<Notification>(await request('/api/notifications', { query: { unread: unread ? 1 : undefined } })),
  markRead: (id: string) => post<unknown>(`/api/notifications/${enc(id)}/read`),

  units: async () => asPage<Unit>(await request('/api/grid/units', { query: { format: 'flat' } })).items,
  roles: () => request<Answer<'/api/roles', 'get'>>('/api/roles'),
  unit: (code: string) => request<Unit>(`/api/grid/units/${enc(code)}`),
  stats: (query: { unit?: string; from?: string; to?: string }) => request<Stats>('/api/stats', { query }),
};

/**
 * The bytes of an attachment or its thumbnail as a Blob: fetched with the bearer token (an <img src> could
 * not send it), shown through an object URL.
 */
export async function fetchAttachment(id: string, which: 'file' | 'thumbnail'): Promise<Blob> {
  const headers: Record<string, string> = {};
  const tok = token();
  if (tok) headers.Authorization = `Bearer ${tok}`;
  const res = await fetch(`/api/attachments/${enc(id)}${which === 'thumbnail' ? '/thumbnail' : ''}`, {
    headers,
  });
  if (!res.ok) throw new ApiError(res.status, `HTTP ${res.status}`);
  return res.blob();
}
