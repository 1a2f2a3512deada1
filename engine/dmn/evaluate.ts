// The pure evaluator of DMN decisions: (model, decision id, variables) → DecisionResult, no I/O. Every FEEL
// evaluation goes through engine/runtime/feel.ts, which limits expression length and evaluates expressions
// that can iterate in the budgeted sandbox; the table's size is bounded at deploy (parse.ts), so one
// evaluation costs at most rules × inputs budgeted tests.
//
// Semantics (DMN 1.3 §8.2.11 hit policies):
// - a rule matches when every input entry's unary tests are true for its input's value ('-' = any);
// - UNIQUE: at most one rule may match (else dmn.unique-violated); FIRST: the first match in rule order;
//   PRIORITY: the match whose outputs come first in the outputs' value lists; ANY: matches must agree
//   (else dmn.any-conflict); COLLECT: all matches in rule order, or their SUM/MIN/MAX/COUNT; RULE ORDER:
//   all in rule order; OUTPUT ORDER: all, by priority;
// - a rule's result is its single output's value, or a context {name: value} with several outputs;
// - required decisions (information requirements) are evaluated first and their values bound to their ids.
import { ExpressionError, evalFeel, evalUnaryTests } from '../runtime/feel.js';
import {
  DecisionEvaluationError,
  type CompiledDecision,
  type CompiledDecisionModel,
  type DecisionOutput,
  type DecisionResult,
  type DecisionTableLogic,
} from './types.js';

/** Evaluates decision `decisionId` of `model` with `variables` (its required decisions first). */
export function evaluateDecisionModel(
  model: CompiledDecisionModel,
  decisionId: string,
  variables: Record<string, unknown>,
): DecisionResult {
  const decision = model.decisions[decisionId];
  if (!decision)
    throw new DecisionEvaluationError('dmn.not-found', `no decision ${decisionId}`, { decisionId });
  const scope: Record<string, unknown> = { ...variables };
  for (const id of requiredOrder(model, decisionId))
    scope[id] = evaluateOne(model.decisions[id], scope).value;
  return evaluateOne(decision, scope);
}

/** The required decisions of `decisionId`, deepest first, each once (parse.ts refused cycles). */
function requiredOrder(model: CompiledDecisionModel, decisionId: string): string[] {
  const out: string[] = [];
  const visit = (id: string) => {
    for (const r of model.decisions[id]?.requires ?? [])
      if (!out.includes(r)) {
        visit(r);
        out.push(r);
      }
  };
  visit(decisionId);
  return out;
}

function evaluateOne(decision: CompiledDecision, scope: Record<string, unknown>): DecisionResult {
  const { logic } = decision;
  if (logic.kind === 'literal') {
    const value = feel(decision.id, logic.id, logic.expression, scope);
    return { decisionId: decision.id, matchedRules: [], entries: [{ [logic.variable]: value }], value };
  }
  return evaluateTable(decision.id, logic, scope);
}

function evaluateTable(
  decisionId: string,
  table: DecisionTableLogic,
  scope: Record<string, unknown>,
): DecisionResult {
  const inputValues = table.inputs.map((i) => feel(decisionId, i.id, i.expression, scope));
  const matched = table.rules.filter((rule) =>
    rule.inputEntries.every((entry, k) => {
      if (entry.text === '-') return true;
      try {
        return evalUnaryTests(entry.text, inputValues[k], scope);
      } catch (err) {
        throw expressionFailure(decisionId, rule.id, entry.text, err);
      }
    }),
  );
  const outputsOf = (rule: (typeof matched)[number]) =>
    Object.fromEntries(
      table.outputs.map((o, k) => {
        const text = rule.outputEntries[k]?.text ?? '';
        return [o.name, text ? feel(decisionId, rule.id, text, scope) : null];
      }),
    );
  let chosen = matched.map((rule) => ({ rule, entry: outputsOf(rule) }));
  const single = table.outputs.length === 1;
  const valueOf = (entry: Record<string, unknown>) => (single ? entry[table.outputs[0].name] : entry);
  const result = (value: unknown, picked = chosen): DecisionResult => ({
    decisionId,
    matchedRules: picked.map((c) => c.rule.id),
    entries: picked.map((c) => c.entry),
    value,
  });

  switch (table.hitPolicy) {
    case 'UNIQUE':
      if (chosen.length > 1)
        throw new DecisionEvaluationError(
          'dmn.unique-violated',
          `decision ${decisionId} (UNIQUE): ${chosen.length} rules match`,
          { decisionId, rules: chosen.map((c) => c.rule.id) },
        );
      return result(chosen.length ? valueOf(chosen[0].entry) : null);
    case 'FIRST':
      chosen = chosen.slice(0, 1);
      return result(chosen.length ? valueOf(chosen[0].entry) : null);
    case 'ANY': {
      const distinct = chosen.filter((c) => !sameEntry(c.entry, chosen[0].entry));
      if (distinct.length)
        throw new DecisionEvaluationError(
          'dmn.any-conflict',
          `decision ${decisionId} (ANY): matching rules give different outputs`,
          { decisionId, rules: chosen.map((c) => c.rule.id) },
        );
      chosen = chosen.slice(0, 1);
      return result(chosen.length ? valueOf(chosen[0].entry) : null);
    }
    case 'PRIORITY':
      chosen = byPriority(chosen, table.outputs).slice(0, 1);
      return result(chosen.length ? valueOf(chosen[0].entry) : null);
    case 'OUTPUT ORDER':
      chosen = byPriority(chosen, table.outputs);
      return result(chosen.map((c) => valueOf(c.entry)));
    case 'RULE ORDER':
      return result(chosen.map((c) => valueOf(c.entry)));
    case 'COLLECT': {
      if (!table.aggregation) return result(chosen.map((c) => valueOf(c.entry)));
      const name = table.outputs[0].name;
      const value = aggregate(
        decisionId,
        table.aggregation,
        chosen.map((c) => c.entry[name]),
      );
      return { decisionId, matchedRules: chosen.map((c) => c.rule.id), entries: [{ [name]: value }], value };
    }
  }
}

/** SUM/MIN/MAX of the non-null values (null when there are none); COUNT: how many non-null values. */
function aggregate(decisionId: string, how: string, values: unknown[]): unknown {
  const present = values.filter((v) => v !== null && v !== undefined);
  if (how === 'COUNT') return present.length;
  if (!present.length) return null;
  if (how === 'SUM') {
    if (!present.every((v) => typeof v === 'number'))
      throw new DecisionEvaluationError('dmn.aggregation-type', `decision ${decisionId}: SUM needs numbers`, {
        decisionId,
        aggregation: how,
      });
    return (present as number[]).reduce((a, b) => a + b, 0);
  }
  const comparable =
    present.every((v) => typeof v === 'number') || present.every((v) => typeof v === 'string');
  if (!comparable)
    throw new DecisionEvaluationError(
      'dmn.aggregation-type',
      `decision ${decisionId}: ${how} needs numbers or strings of one kind`,
      { decisionId, aggregation: how },
    );
  const sorted = [...(present as Array<number | string>)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return how === 'MIN' ? sorted[0] : sorted[sorted.length - 1];
}

/**
 * Sorts matches by their outputs' positions in the outputs' value lists (the first output first, then the
 * next…); a value not in its list comes last; ties keep rule order (Array.prototype.sort is stable).
 */
function byPriority<T extends { entry: Record<string, unknown> }>(
  chosen: T[],
  outputs: DecisionOutput[],
): T[] {
  const rank = (entry: Record<string, unknown>) =>
    outputs.map((o) => {
      if (!o.priority) return 0;
      const at = o.priority.findIndex((p) => p === entry[o.name]);
      return at < 0 ? o.priority.length : at;
    });
  return [...chosen].sort((a, b) => {
    const ra = rank(a.entry);
    const rb = rank(b.entry);
    for (let k = 0; k < ra.length; k++) if (ra[k] !== rb[k]) return ra[k] - rb[k];
    return 0;
  });
}

function sameEntry(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function feel(decisionId: string, elementId: string, expression: string, scope: Record<string, unknown>) {
  try {
    return evalFeel(expression, scope) ?? null;
  } catch (err) {
    throw expressionFailure(decisionId, elementId, expression, err);
  }
}

/** A failed FEEL evaluation as a coded decision error naming the decision and the input or rule. */
function expressionFailure(decisionId: string, elementId: string, expression: string, err: unknown): Error {
  if (!(err instanceof ExpressionError)) return err as Error; // the sandbox starting: transient, retried
  return new DecisionEvaluationError(
    err.code === 'feel.budget' ? 'dmn.budget' : 'dmn.expression',
    `decision ${decisionId}, ${elementId}: ${err.message}`,
    { decisionId, elementId, expression, reason: err.message },
  );
}
