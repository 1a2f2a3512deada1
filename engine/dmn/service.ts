// The application-level entry to decisions: what a business rule task (and POST /api/decisions/:key/evaluate)
// calls. See engine/dmn/README.md for the element contract.
import type { DecisionRepository } from './repository.js';
import { evaluateDecisionModel } from './evaluate.js';
import { DecisionEvaluationError, type DecisionResult } from './types.js';

/**
 * Which version of a decision to evaluate: the latest one deployed (Camunda's `latest`), or a fixed one
 * (`version`, grid:decisionRefVersion).
 */
export type DecisionBinding = 'latest' | { version: number };

export interface EvaluatedDecision extends DecisionResult {
  key: string;
  version: number;
}

/**
 * Evaluates decision `decisionRef` (its key = the decision id) at `binding` with `variables`. Throws
 * DecisionEvaluationError: dmn.not-found (no such decision or version), or the evaluator's codes
 * (dmn.unique-violated, dmn.any-conflict, dmn.expression, dmn.budget, dmn.aggregation-type).
 */
export async function evaluateDecision(
  repo: DecisionRepository,
  decisionRef: string,
  variables: Record<string, unknown>,
  binding: DecisionBinding = 'latest',
): Promise<EvaluatedDecision> {
  const version = binding === 'latest' ? undefined : binding.version;
  const doc = await repo.get(decisionRef, version);
  if (!doc)
    throw new DecisionEvaluationError(
      'dmn.not-found',
      version === undefined
        ? `no decision ${decisionRef}`
        : `no version ${version} of decision ${decisionRef}`,
      { decisionId: decisionRef, ...(version === undefined ? {} : { version }) },
    );
  const model = await repo.model(doc);
  return { key: doc.key, version: doc.version, ...evaluateDecisionModel(model, doc.key, variables) };
}
