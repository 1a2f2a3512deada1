// API calls of intake, the public report page and the map (engine/api/routes-intake.ts).
import { request } from '../../api';

export interface Boundaries {
  type: 'FeatureCollection';
  features: Array<{
    type: 'Feature';
    geometry: GeoJSON.Polygon | GeoJSON.MultiPolygon;
    properties: { code: string; name: string; level: string };
  }>;
}

export interface MapPoint {
  instanceId: string;
  caseNo?: string;
  title?: string;
  category: string;
  lat: number;
  lng: number;
  gridUnit: string;
  status: string;
  overdue: boolean;
}

export interface UiConfig {
  mapTileUrl: string | null;
  mapAttribution: string | null;
  mapCenter: [number, number];
}

export interface IntakeEntry {
  receipt: string;
  status: 'received' | 'accepted' | 'merged' | 'rejected';
  source: 'public' | 'operator';
  channel: string;
  reporter: { name: string; phone: string };
  category: string;
  description: string;
  location: { lat: number; lng: number; address?: string };
  grid: string | null;
  createdAt: number;
  instanceId?: string;
  rejectReason?: string;
  caseNo?: string | null;
  path?: Array<{ code: string; name: string; level: string }>;
  suggestions?: Array<{ receipt: string; instanceId: string; description: string; distanceM: number }>;
}

export interface NewReport {
  channel: string;
  reporter: { name: string; phone: string };
  category: string;
  description: string;
  location: { lat: number; lng: number; address?: string };
}

export type Satisfaction = 'satisfied' | 'basic' | 'dissatisfied';

/** A 回访 record (engine/intake/visits.ts) */
export interface Visit {
  instanceId: string;
  rootId: string;
  round: number;
  receipt: string;
  caseNo?: string;
  title?: string;
  definitionKey: string;
  gridUnit: string;
  closedAt: number;
  status: 'due' | 'done';
  satisfaction?: Satisfaction;
  note?: string;
  via?: 'phone' | 'sms';
  by?: string;
  at?: number;
  reopenedAs?: string;
}

/** A reply to a reporter, phone masked */
export interface Reply {
  receipt: string;
  channel: string;
  to: string;
  text: string;
  status: 'queued' | 'sent' | 'dropped';
  createdAt: number;
  sentAt: number | null;
  counted: boolean;
}

export interface CaseVisit {
  visit: Visit | null;
  replies: Reply[];
  mayRecord: boolean;
  reopenedFrom: string | null;
  round: number;
}

let uiConfig: Promise<UiConfig> | undefined;

export const MAX_REPORT_PHOTOS = 3;

const photoForm = (file: File) => {
  const form = new FormData();
  form.append('file', file, file.name);
  return form;
};

/** Uploads the photos one by one; answers how many were stored (a refused one is skipped). */
export async function uploadPhotos(files: File[], send: (f: File) => Promise<unknown>): Promise<number> {
  let stored = 0;
  for (const f of files.slice(0, MAX_REPORT_PHOTOS)) {
    try {
      await send(f);
      stored += 1;
    } catch {
      // too large or not an image: the report stands without it
    }
  }
  return stored;
}

const enc = encodeURIComponent;

export const intakeApi = {
  uiConfig: () => (uiConfig ??= request<UiConfig>('/api/ui-config', { quiet: true })),
  boundaries: () => request<Boundaries>('/api/map/boundaries'),
  mapCases: (query: Record<string, string> = {}) =>
    request<{ items: MapPoint[] }>('/api/map/cases', { query }).then((r) => r.items),
  locate: (lat: number, lng: number) =>
    request<{ grid: string | null; path: Array<{ code: string; name: string }> }>('/api/locate', {
      query: { lat, lng },
      quiet: true,
    }).catch(() => ({ grid: null, path: [] })),
  categories: () => request<{ categories: string[]; channels: string[] }>('/api/intake/categories'),
  register: (body: NewReport) => request<IntakeEntry>('/api/intake', { body, quiet: true }),
  queue: (status = 'received') =>
    request<{ items: IntakeEntry[]; total: number }>('/api/intake', { query: { status } }),
  entry: (receipt: string) => request<IntakeEntry>(`/api/intake/${enc(receipt)}`),
  accept: (receipt: string, gridUnit?: string) =>
    request<IntakeEntry>(`/api/intake/${enc(receipt)}/accept`, { body: gridUnit ? { gridUnit } : {} }),
  merge: (receipt: string, instanceId: string) =>
    request<IntakeEntry>(`/api/intake/${enc(receipt)}/merge`, { body: { instanceId } }),
  reject: (receipt: string, reason: string) =>
    request<IntakeEntry>(`/api/intake/${enc(receipt)}/reject`, { body: { reason } }),
  reporter: (instanceId: string) =>
    request<{
      reporter: { name: string; phone: string } | null;
      masked?: boolean;
      channel?: string;
      receipt?: string;
      location?: { lat: number; lng: number; address?: string };
      gridUnit?: string;
      status?: string;
    }>(`/api/instances/${enc(instanceId)}/reporter`, { quiet: true }),
  visits: (status: 'due' | 'done', page: number, pageSize = 20) =>
    request<{ items: Visit[]; total: number; page: number; pageSize: number }>('/api/visits', {
      query: { status, page, pageSize },
    }),
  caseVisit: (instanceId: string) =>
    request<CaseVisit>(`/api/instances/${enc(instanceId)}/visit`, { quiet: true }),
  recordVisit: (
    instanceId: string,
    body: { satisfaction: Satisfaction; note?: string; via: 'phone' | 'sms'; reopen?: boolean },
  ) =>
    request<{ visit: Visit; reopenedAs: string | null }>(`/api/instances/${enc(instanceId)}/visit`, {
      body,
    }),
  /** photos of a report (at most MAX_REPORT_PHOTOS): the operator's, and the public page's with its token */
  intakePhoto: (receipt: string, file: File) =>
    request<{ id: string }>(`/api/intake/${enc(receipt)}/photos`, { form: photoForm(file), quiet: true }),
  publicPhoto: (receipt: string, token: string, file: File) =>
    request<{ id: string }>(`/api/public/reports/${enc(receipt)}/photos`, {
      form: photoForm(file),
      headers: { 'X-Upload-Token': token },
      quiet: true,
    }),
  challenge: () => request<{ id: string; question: string }>('/api/public/challenge'),
  publicReport: (body: NewReport & { challengeId: string; challengeAnswer: number }) =>
    request<{ receipt: string; state: string; uploadToken?: string }>('/api/public/reports', {
      body,
      quiet: true,
    }),
  receipt: (receipt: string) =>
    request<{ receipt: string; state: string }>(`/api/public/reports/${enc(receipt.trim())}`, {
      quiet: true,
    }),
};
