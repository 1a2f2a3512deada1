// The application-level entry to decisions: what a business rule task (and POST /api/decisions/:key/evaluate)
// calls.
//
// The business rule task's contract (the element itself is added with the element registry; README.md here
// has the full text): `<bpmn:businessRuleTask grid:decisionRef="fire_dept_route" grid:resultVariable="depts"
// grid:mapDecisionResult="collectEntries" [grid:decisionRefBinding="latest|version" grid:decisionRefVersion="3"]/>`
// — an automatic step that calls evaluateDecision(engine.decisions, decisionRef, caseVariables, binding), maps
// the result with mapDecisionResult (result-mapping.ts; default resultList) into resultVariable, records the
// decision key, version and matched rules in the history, and turns a DecisionEvaluationError into an incident
// on the element with its code and params (SandboxUnavailable stays a transient, retried failure).
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
