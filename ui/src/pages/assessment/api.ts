// The 考核 calls (GET /api/assessment, scheme versions, manual entries) and their answers.
import { request } from '../../api';

export type RowKind = 'unit' | 'department' | 'person';

export interface ItemScore {
  id: string;
  label: string;
  kind: string;
  value: number | null;
  points: number;
  note: string;
}

export interface ScoreRow {
  kind: RowKind;
  key: string;
  name: string;
  unit?: string;
  total?: boolean;
  figures: Record<string, number | null>;
  score: { total: number; grade: string; gradeLabel: string; items: ItemScore[] };
  /** closed periods: rank within its kind and level */
  rank?: number;
  rankOf?: number;
  /** closed periods: corrections made after the closing, and the adjusted total and grade */
  adjustment?: { points: number; total: number; grade: string; gradeLabel: string };
}

export interface Adjustment {
  _id: string;
  subject: string;
  points: number;
  reason: string;
  by: string;
  at: number;
}

export interface ScoredAssessment {
  unit: { code: string; name: string; level: string };
  period: { key: string; from: number; to: number };
  scheme: { schemeId: string; version: number; name: string; validFrom: string };
  manualItems: Array<{ id: string; label: string; takes: 'points' | 'count' }>;
  by: RowKind;
  rows: ScoreRow[];
  /** the period is closed (已归档): the rows are frozen */
  closed: { by: string; at: number } | null;
  adjustments: Adjustment[];
}

export interface SchemeVersion {
  _id: string;
  schemeId: string;
  version: number;
  savedBy: string;
  savedAt: number;
  [field: string]: unknown;
}

export const assessmentApi = {
  get: (query: { unit?: string; period: string; by: RowKind }) =>
    request<ScoredAssessment>('/api/assessment', { query }),
  addEntry: (body: {
    period: string;
    by: RowKind;
    subject: string;
    itemId: string;
    points?: number;
    count?: number;
    reason: string;
    unit?: string;
  }) => request<unknown>('/api/assessment/entries', { method: 'POST', body, quiet: true }),
  close: (unit: string, period: string) =>
    request<unknown>('/api/assessment/close', { method: 'POST', body: { unit, period }, quiet: true }),
  adjust: (body: {
    unit: string;
    period: string;
    by: RowKind;
    subject: string;
    points: number;
    reason: string;
  }) => request<Adjustment>('/api/assessment/adjustments', { method: 'POST', body, quiet: true }),
  schemes: () => request<{ versions: SchemeVersion[] }>('/api/assessment/schemes'),
  saveScheme: (scheme: unknown, baseVersion: number) =>
    request<SchemeVersion>('/api/assessment/schemes', {
      method: 'POST',
      body: { scheme, baseVersion },
      quiet: true,
    }),
};
