// API calls of the migrations page (admins): a plan with its defaults, a dry run, the run and its progress
// (engine/api/routes-migrations.ts). Quiet: the page shows refusals inline with the element ids.
import { request } from './api';
import type { FieldError } from './types';

export type Mapping = Record<string, string | null>;

export interface MigrationInput {
  definitionKey: string;
  fromVersion: number;
  toVersion: number;
  mapping: Mapping;
  /** old element ids whose waiting cases enter their new element anew */
  enter?: string[];
}

export interface PlanNode {
  id: string;
  kind: string;
  name?: string;
  parent?: string;
  attachedTo?: string;
}

export interface MigrationPlan {
  /** the plan with identity filled in for every id both versions have */
  mapping: Mapping;
  problems: FieldError[];
  cases: number;
  source: PlanNode[];
  target: PlanNode[];
}

/** The plan shipped with a bundled process for a pair of versions (processes/migrations). */
export interface ShippedPlan {
  file: string;
  title?: string;
  mapping: Mapping;
  enter: string[];
  /** old element id (or flow id) → why it maps where it does */
  notes: Record<string, string>;
}

export interface DryRunCase {
  instanceId: string;
  caseNo?: string;
  status: 'migrated' | 'refused' | 'skipped';
  problems?: Array<{ elementId: string; code: string; message: string; params: Record<string, unknown> }>;
  report?: {
    moved: Array<{ tokenId: string; from: string; to: string }>;
    /** tokens that enter their new element anew (old wait cancelled, a new task from now) */
    entered?: Array<{ tokenId: string; from: string; to: string; newTokenId: string }>;
    tasks: Array<{ taskId: string; from: string; to: string; sla: 'kept' | 'replanned' | 'none' }>;
  };
}

export interface DryRun {
  total: number;
  migrate: number;
  refused: number;
  skipped: number;
  tooMany: boolean;
  problems: FieldError[];
  items: DryRunCase[];
}

export interface MigrationJob {
  id: string;
  definitionKey: string;
  fromVersion: number;
  toVersion: number;
  total: number;
  done: number;
  failed: number;
  status: 'running' | 'completed' | 'completed-with-failures';
  failures: Array<{ instanceId: string; reason: string }>;
  createdBy: string;
  createdAt: number;
}

const post = <T>(path: string, body: MigrationInput) =>
  request<T>(path, { method: 'POST', body, quiet: true });

export const migrationsApi = {
  plan: (input: MigrationInput) => post<MigrationPlan>('/api/migrations/plan', input),
  shipped: (input: MigrationInput) => post<{ plan: ShippedPlan | null }>('/api/migrations/shipped', input),
  dryRun: (input: MigrationInput) => post<DryRun>('/api/migrations/dry-run', input),
  start: (input: MigrationInput) => post<MigrationJob>('/api/migrations', input),
  get: (id: string) => request<MigrationJob>(`/api/migrations/${encodeURIComponent(id)}`, { quiet: true }),
  list: () => request<{ items: MigrationJob[] }>('/api/migrations', { quiet: true }),
};
