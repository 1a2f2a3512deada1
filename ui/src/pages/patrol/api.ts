// The 巡查日志 calls (engine/api/routes-patrols.ts) and their answers.
import { request } from '../../api';
import type { Attachment } from '../../types';

export interface TrackPoint {
  at: number;
  lat: number;
  lng: number;
  accuracy?: number;
}

export interface Patrol {
  id: string;
  worker: string;
  unit: string;
  unitName?: string;
  status: 'open' | 'ended';
  day: string;
  startedAt: number;
  endedAt?: number;
  endedBy?: 'worker' | 'auto';
  countedMs?: number;
  consent: boolean;
  notes?: string;
  pointCount: number;
  photos: string[];
  cases: string[];
}

const enc = encodeURIComponent;

export const patrolApi = {
  current: () => request<{ patrol: Patrol | null }>('/api/patrols/current'),
  list: (query: { unit?: string; status?: string; page?: number; pageSize?: number }) =>
    request<{ items: Patrol[]; total: number; page: number; pageSize: number }>('/api/patrols', { query }),
  detail: (id: string) =>
    request<Patrol & { track: TrackPoint[]; photos: Attachment[] }>(`/api/patrols/${enc(id)}`),
  start: (body: { unit?: string; consent: boolean; notes?: string }) =>
    request<Patrol>('/api/patrols', { method: 'POST', body, quiet: true }),
  points: (id: string, points: TrackPoint[]) =>
    request<{ kept: number; dropped: number }>(`/api/patrols/${enc(id)}/points`, {
      method: 'POST',
      body: { points },
      quiet: true,
    }),
  photo: (id: string, file: Blob & { name?: string }, requestId: string) => {
    const form = new FormData();
    form.append('requestId', requestId);
    form.append('file', file, file.name ?? 'photo.jpg');
    return request<Attachment>(`/api/patrols/${enc(id)}/photos`, { method: 'POST', form, quiet: true });
  },
  end: (id: string, notes?: string) =>
    request<Patrol>(`/api/patrols/${enc(id)}/end`, {
      method: 'POST',
      body: notes ? { notes } : {},
      quiet: true,
    }),
};
