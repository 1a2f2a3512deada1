// The worker of business rule tasks (engine/elements/business-rule-task.ts): evaluates the task's decision
// with the case's variables and answers the mapped result as the variable the task names. A decision that
// fails (no such decision, a UNIQUE table with two matches, an expression error …) fails the job: retried,
// then an incident on the task carrying the DMN error code and its params in the message.
import type { ServiceHandler } from '../queue/workers.js';
import type { DecisionRepository } from './repository.js';
import { mapDecisionResult, type ResultMapping } from './result-mapping.js';
import { evaluateDecision } from './service.js';
import { DecisionEvaluationError } from './types.js';

export function decisionTaskWorker(repo: DecisionRepository): ServiceHandler {
  return async ({ node, variables }) => {
    const d = node?.decision;
    if (!d) throw new Error('business rule task without a decision');
    try {
      const result = await evaluateDecision(
        repo,
        d.ref,
        // the case's variables: the decision reads them; only the result variable is written back
        variables,
        d.version ? { version: d.version } : 'latest',
      );
      return { [d.resultVariable]: mapDecisionResult(result, d.mapping as ResultMapping) };
    } catch (err) {
      if (err instanceof DecisionEvaluationError)
        throw new Error(`${err.code} ${JSON.stringify(err.params)}: ${err.message}`, { cause: err });
      throw err;
    }
  };
}
