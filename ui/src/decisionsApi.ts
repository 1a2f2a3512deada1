// API calls of the decisions page (admins): DMN decision tables, their versions, deploy and a test run.
// Quiet: the page shows failures inline (problems under the editor, errors in the test panel).
import { request } from './api';

const enc = encodeURIComponent;

export interface DecisionSummary {
  key: string;
  version: number;
  name?: string;
  hitPolicy?: string;
  deployedAt: number;
  deployedBy: string;
  versions: number;
}

export interface DecisionDetail extends Omit<DecisionSummary, 'versions'> {
  requires: string[];
  aggregation?: string;
  inputs?: Array<{ id: string; label?: string; expression: string }>;
  outputs?: Array<{ id: string; name: string; label?: string }>;
  rules?: number;
  expression?: string;
  versions: Array<{ version: number; name?: string; deployedAt: number; deployedBy: string }>;
}

export interface DecisionDeployment {
  items: Array<{ key: string; version: number; name?: string; created: boolean; unchanged: boolean }>;
  created: boolean;
  unchanged: boolean;
}

export interface DecisionEvaluation {
  key: string;
  version: number;
  decisionId: string;
  value: unknown;
  matchedRules: string[];
  entries: Array<Record<string, unknown>>;
}

export const decisionsApi = {
  list: () => request<{ items: DecisionSummary[] }>('/api/decisions', { quiet: true }),
  detail: (key: string, version?: number) =>
    request<DecisionDetail>(`/api/decisions/${enc(key)}${version ? `/versions/${version}` : ''}`, {
      quiet: true,
    }),
  xml: (key: string, version?: number) =>
    request<string>(`/api/decisions/${enc(key)}${version ? `/versions/${version}` : ''}/xml`, {
      quiet: true,
    }),
  deploy: (xml: string) =>
    request<DecisionDeployment>('/api/decisions', { method: 'POST', xml, quiet: true }),
  evaluate: (key: string, variables: Record<string, unknown>, version?: number) =>
    request<DecisionEvaluation>(`/api/decisions/${enc(key)}/evaluate`, {
      method: 'POST',
      body: version ? { variables, version } : { variables },
      quiet: true,
    }),
};
