// The 例会签到 calls (engine/api/routes-meetings.ts) and their answers.
import { request } from '../../api';

export interface Meeting {
  id: string;
  unit: string;
  unitName?: string;
  date: string;
  topic: string;
  createdBy: string;
  createdAt: number;
  invited: string[];
  signed: string[];
  signedAt: Record<string, number>;
}

type Page<T> = { items: T[]; total: number; page: number; pageSize: number };

export const meetingApi = {
  list: (query: { unit?: string; invited?: string; page?: number; pageSize?: number }) =>
    request<Page<Meeting>>('/api/meetings', { query }),
  candidates: (unit: string) =>
    request<{ items: Array<{ username: string; name: string }> }>('/api/meetings/candidates', {
      query: { unit },
    }),
  record: (body: { unit: string; date: string; topic: string; attendees: string[] }) =>
    request<Meeting>('/api/meetings', { method: 'POST', body, quiet: true }),
  signIn: (id: string) =>
    request<Meeting>(`/api/meetings/${encodeURIComponent(id)}/sign-in`, { method: 'POST', quiet: true }),
};
