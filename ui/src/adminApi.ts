// API calls of the administration pages, the modeler's retire actions, the case actions (撤销, 挂牌/摘牌) and
// delegation. Quiet: their dialogs show a failure inline instead of a toast.
import type { components } from './api-schema';
import { asPage, request } from './api';
import type { Answer, Task, Unit } from './types';

const enc = encodeURIComponent;
const post = <T>(path: string, body: unknown = {}) => request<T>(path, { method: 'POST', body, quiet: true });
const patch = <T>(path: string, body: unknown) => request<T>(path, { method: 'PATCH', body, quiet: true });

/** A user as GET /api/users lists it (admin). */
export type AdminUser = components['schemas']['User'];
export type AuditEntry = components['schemas']['AuditEntry'];
export type IncidentEntry = components['schemas']['Incident'];

type RoleRow = { role: string; unit: string };

export const adminApi = {
  createUnit: (body: { code: string; name: string; level: string; parent?: string }) =>
    post<Unit>('/api/grid/units', body),
  updateUnit: (code: string, body: { name?: string; parent?: string; disabled?: boolean }) =>
    patch<Unit>(`/api/grid/units/${enc(code)}`, body),
  users: async (query: { unit?: string; page?: number; pageSize?: number }) =>
    asPage<AdminUser>(await request('/api/users', { query })),
  createUser: (body: {
    username: string;
    displayName: string;
    password: string;
    phone?: string;
    roles: RoleRow[];
  }) => post<AdminUser>('/api/users', body),
  updateUser: (
    username: string,
    body: { displayName?: string; phone?: string; password?: string; disabled?: boolean; roles?: RoleRow[] },
  ) => patch<AdminUser>(`/api/users/${enc(username)}`, body),
  audit: async (query: Record<string, string | number | undefined>) =>
    asPage<AuditEntry>(await request('/api/audit', { query })),
  incidents: async (query: { status?: string; page?: number; pageSize?: number }) =>
    asPage<IncidentEntry>(await request('/api/incidents', { query })),
  retryIncident: (instanceId: string, incidentId: string, variables?: Record<string, unknown>) =>
    post<Answer<'/api/incidents/{instanceId}/{incidentId}/retry', 'post'>>(
      `/api/incidents/${enc(instanceId)}/${enc(incidentId)}/retry`,
      variables ? { variables } : {},
    ),

  /** retire (no new case; running ones go on) or reactivate a process, or one version of it */
  retireDefinition: (key: string, retired: boolean, version?: number) =>
    request<Answer<'/api/definitions/{key}/retire', 'post'>>(
      `/api/definitions/${enc(key)}${version ? `/versions/${version}` : ''}/${retired ? 'retire' : 'reactivate'}`,
      { method: 'POST', body: {} },
    ),

  cancelCase: (id: string, reason: string) => post<unknown>(`/api/instances/${enc(id)}/cancel`, { reason }),
  /** 挂牌督办 (true) or 摘牌 (false), with the reason */
  listCase: (id: string, listed: boolean, reason: string) =>
    post<unknown>(`/api/instances/${enc(id)}/${listed ? 'supervise' : 'unsupervise'}`, { reason }),

  /** 委派 to a candidate at the task's unit; they hand it back with resolveDelegation */
  delegate: (id: string, to: string) => post<Task>(`/api/tasks/${enc(id)}/delegate`, { to }),
  resolveDelegation: (id: string) =>
    request<Task>(`/api/tasks/${enc(id)}/resolve`, { method: 'POST', body: {} }),
};
