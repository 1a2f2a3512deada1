// FEEL evaluation through the bpmn.io interpreter (feelin); never eval.
import { evaluate } from 'feelin';

export class ExpressionError extends Error {
  constructor(
    public readonly expression: string,
    message: string,
  ) {
    super(`FEEL expression "${expression}" failed: ${message}`);
    this.name = 'ExpressionError';
  }
}

/** Strips the Camunda-style leading '=' marker. */
export function feelBody(expr: string): string {
  const t = expr.trim();
  return t.startsWith('=') ? t.slice(1) : t;
}

export function evalFeel(expr: string, context: Record<string, unknown>): unknown {
  try {
    const { value } = evaluate(feelBody(expr), context as any) as { value: unknown };
    return toPlain(value);
  } catch (err) {
    throw new ExpressionError(expr, (err as Error).message);
  }
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
