// How a business rule task maps a decision's result into a process variable (grid:mapDecisionResult), as
// Camunda 7 does: singleEntry, singleResult, collectEntries, resultList. See engine/dmn/README.md.
import { DecisionEvaluationError, type DecisionResult } from './types.js';

export const RESULT_MAPPINGS = ['singleEntry', 'singleResult', 'collectEntries', 'resultList'] as const;
export type ResultMapping = (typeof RESULT_MAPPINGS)[number];

/**
 * - singleEntry: the one output value of the one matched rule (null when none matched);
 * - singleResult: the one matched rule's context {outputName: value} (null when none matched);
 * - collectEntries: the list of the one output's values, one per matched rule;
 * - resultList: the list of contexts, one per matched rule.
 * More than one rule for a single* mapping, or more than one output for an *Entry mapping, is an error
 * (dmn.result-mapping) naming the decision: the table and its mapping disagree.
 */
export function mapDecisionResult(result: DecisionResult, mapping: ResultMapping): unknown {
  const { entries, decisionId } = result;
  const fail = (why: string) =>
    new DecisionEvaluationError('dmn.result-mapping', `decision ${decisionId}: ${mapping} ${why}`, {
      decisionId,
      mapping,
      entries: entries.length,
    });
  const onlyValue = (entry: Record<string, unknown>) => {
    const keys = Object.keys(entry);
    if (keys.length !== 1) throw fail(`needs one output, the result has ${keys.length}`);
    return entry[keys[0]];
  };
  switch (mapping) {
    case 'singleEntry':
      if (entries.length > 1) throw fail(`needs at most one matched rule, ${entries.length} matched`);
      return entries.length ? onlyValue(entries[0]) : null;
    case 'singleResult':
      if (entries.length > 1) throw fail(`needs at most one matched rule, ${entries.length} matched`);
      return entries[0] ?? null;
    case 'collectEntries':
      return entries.map(onlyValue);
    case 'resultList':
      return entries;
  }
}
