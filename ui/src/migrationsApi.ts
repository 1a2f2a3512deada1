// API calls of the migrations page (admins): a plan with its defaults, a dry run, the run and its progress
// (engine/api/routes-migrations.ts). Quiet: the page shows refusals inline with the element ids.
import type { components } from './api-schema';
import { request } from './api';
import type { Answer } from './types';

export type Mapping = components['schemas']['MigrationMapping'];

export interface MigrationInput {
  definitionKey: string;
  fromVersion: number;
  toVersion: number;
  mapping: Mapping;
  /** old element ids whose waiting cases enter their new element anew */
  enter?: string[];
}

type Schemas = components['schemas'];

export type PlanNode = Schemas['PlanNode'];
export type MigrationPlan = Answer<'/api/migrations/plan', 'post'>;
/** The plan shipped with a bundled process for a pair of versions (processes/migrations). */
export type ShippedPlan = NonNullable<Answer<'/api/migrations/shipped', 'post'>['plan']>;
export type DryRunCase = Schemas['DryRunCase'];
export type DryRun = Answer<'/api/migrations/dry-run', 'post'>;
export type MigrationJob = Schemas['MigrationJob'];

const post = <T>(path: string, body: MigrationInput) =>
  request<T>(path, { method: 'POST', body, quiet: true });

export const migrationsApi = {
  plan: (input: MigrationInput) => post<MigrationPlan>('/api/migrations/plan', input),
  shipped: (input: MigrationInput) =>
    post<Answer<'/api/migrations/shipped', 'post'>>('/api/migrations/shipped', input),
  dryRun: (input: MigrationInput) => post<DryRun>('/api/migrations/dry-run', input),
  start: (input: MigrationInput) => post<MigrationJob>('/api/migrations', input),
  get: (id: string) => request<MigrationJob>(`/api/migrations/${encodeURIComponent(id)}`, { quiet: true }),
  list: () => request<{ items: MigrationJob[] }>('/api/migrations', { quiet: true }),
};
