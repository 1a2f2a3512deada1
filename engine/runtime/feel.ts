// FEEL evaluation through the bpmn.io interpreter (feelin); never eval. Every evaluation has a budget:
// expressions longer than MAX_EXPRESSION_LENGTH are refused, and expressions that can iterate run in the
// sandbox worker with a time budget (feel-cost.ts, feel-sandbox.ts), so one expression never holds the
// event loop for longer than the budget.
import { evaluate, unaryTest } from 'feelin';
import { MAX_EXPRESSION_LENGTH } from '../model/limits.js';
import { expressionCost, referencedVariables, unaryTestsCost } from './feel-cost.js';
import { DEFAULT_FEEL_BUDGET_MS, evaluateInSandbox, FeelBudgetError } from './feel-sandbox.js';

export { MAX_EXPRESSION_LENGTH } from '../model/limits.js';

export class ExpressionError extends Error {
  constructor(
    public readonly expression: string,
    message: string,
    /** stable code: feel.failed, feel.budget, feel.too-long, or the caller's (e.g. sla.invalid) */
    public readonly code = 'feel.failed',
  ) {
    super(`FEEL expression "${shorten(expression)}" failed: ${message}`);
    this.name = 'ExpressionError';
  }
}

const shorten = (text: string) => (text.length > 200 ? `${text.slice(0, 200)}…` : text);

let budgetMs = DEFAULT_FEEL_BUDGET_MS;

/** Sets the evaluation budget of expressions that can iterate (FEEL_BUDGET_MS; the engine sets it). */
export function setFeelBudget(ms: number): void {
  if (!(ms > 0) || !Number.isFinite(ms)) throw new RangeError(`bad FEEL budget ${ms} ms`);
  budgetMs = ms;
}

/** Strips the Camunda-style leading '=' marker. */
export function feelBody(expr: string): string {
  const t = expr.trim();
  return t.startsWith('=') ? t.slice(1) : t;
}

export function evalFeel(expr: string, context: Record<string, unknown>): unknown {
  const body = feelBody(expr);
  if (body.length > MAX_EXPRESSION_LENGTH)
    throw new ExpressionError(expr, `longer than ${MAX_EXPRESSION_LENGTH} characters`, 'feel.too-long');
  if (expressionCost(body) === 'unbounded') {
    let reply;
    try {
      reply = evaluateInSandbox(body, context, budgetMs);
    } catch (err) {
      if (err instanceof FeelBudgetError)
        throw new ExpressionError(expr, `${err.message}${readsNote(body)}`, 'feel.budget');
      throw err; // SandboxUnavailable: transient, the job is retried
    }
    if (!reply.ok) throw new ExpressionError(expr, reply.message);
    return reply.value;
  }
  try {
    const { value } = evaluate(body, context as any) as { value: unknown };
    return toPlain(value);
  } catch (err) {
    throw new ExpressionError(expr, (err as Error).message);
  }
}

/**
 * DMN unary tests (a decision table's input entry: `"a","b"`, `< 10`, `[1..5]`, `not("x")`, `-`) against
 * `input`, with the same length limit and budget as evalFeel. True only when the tests yield true.
 */
export function evalUnaryTests(tests: string, input: unknown, context: Record<string, unknown>): boolean {
  const text = tests.trim();
  if (text.length > MAX_EXPRESSION_LENGTH)
    throw new ExpressionError(tests, `longer than ${MAX_EXPRESSION_LENGTH} characters`, 'feel.too-long');
  const scope = { ...context, '?': input ?? null };
  if (unaryTestsCost(text) === 'unbounded') {
    let reply;
    try {
      reply = evaluateInSandbox(text, scope, budgetMs, 'unaryTests');
    } catch (err) {
      if (err instanceof FeelBudgetError) throw new ExpressionError(tests, err.message, 'feel.budget');
      throw err;
    }
    if (!reply.ok) throw new ExpressionError(tests, reply.message);
    return reply.value === true;
  }
  try {
    return unaryTest(text, scope as any).value === true;
  } catch (err) {
    throw new ExpressionError(tests, (err as Error).message);
  }
}

/** ' (reads a, b.c)' — the variables of an expression, for messages. */
export function readsNote(body: string): string {
  const names = referencedVariables(feelBody(body));
  return names.length ? ` (reads ${names.join(', ')})` : '';
}

/** A condition is true only when FEEL yields boolean true (null/missing variables count as false). */
export function evalCondition(expr: string, context: Record<string, unknown>): boolean {
  return evalFeel(expr, context) === true;
}

/** Converts feelin's temporal values (FeelDuration, FeelDateTime, ...) to ISO strings. */
function toPlain(value: unknown): unknown {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const v = value as { toString?: () => string; constructor?: { name?: string } };
    const name = v.constructor?.name ?? '';
    if (name.startsWith('Feel') || name === 'DateTime' || name === 'Duration') return String(value);
  }
  return value;
}
