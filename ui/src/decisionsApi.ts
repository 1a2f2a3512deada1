// API calls of the decisions page (admins): DMN decision tables, their versions, deploy and a test run.
// Quiet: the page shows failures inline (problems under the editor, errors in the test panel).
import type { components } from './api-schema';
import { request } from './api';
import type { Answer } from './types';

const enc = encodeURIComponent;

export type DecisionSummary = components['schemas']['Decision'];
export type DecisionDetail = components['schemas']['DecisionDetail'];
export type DecisionDeployment = Answer<'/api/decisions', 'post'>;
export type DecisionEvaluation = Answer<'/api/decisions/{key}/evaluate', 'post'>;

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
