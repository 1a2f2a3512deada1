// What a user task's completion checks and records besides its form (grid:check, grid:out), run when the
// completion is reserved — synchronously for the submitter, against the case as it is:
// - a check refuses the completion with a field error (its code at /data/<field>, params field and limit)
//   when its field is submitted and its test does not hold — a bound a form schema cannot know because it
//   comes from the case (e.g. an extension date after the current limit, 人民调解 延期). Nothing changes.
// - an output sets variables from FEEL when the task completes — e.g. the unit of the task that did the
//   work (`task.unit`), which a later step's grid:unit goes back to. The values go with the form data.
// Both see the case's variables at the task's scope, the submitted data over them, and `task`: the
// completing task's unit, level, createdAt and completedAt (ISO date-times).
import type { CompletionCheck } from '../model/types.js';
import { mapVariables } from '../elements/call-activity.js';
import { evalFeel, ExpressionError } from './feel.js';
import { variablesAt } from './multi-instance.js';
import { CommandError, type Tx } from './transition.js';
import type { TaskState } from './types.js';

const iso = (ms: number) => new Date(ms).toISOString();

function contextOf(tx: Tx, task: TaskState, data: Record<string, unknown>): Record<string, unknown> {
  const scopeId = tx.s.tokens[task.tokenId]?.scopeId ?? 'root';
  return {
    ...variablesAt(tx.s, scopeId),
    ...data,
    task: { unit: task.unit, level: task.level, createdAt: iso(task.createdAt), completedAt: iso(tx.now) },
  };
}

/** A model expression that failed: the submitter cannot fix it, an admin corrects the process. */
function failed(task: TaskState, err: ExpressionError): CommandError {
  return new CommandError(
    'invalid',
    err.message,
    [{ path: '/data', message: err.message }],
    'task.expression',
    {
      nodeId: task.nodeId,
    },
  );
}

/**
 * The checks and outputs of the task's element: throws a CommandError (invalid) naming the field of a
 * failed check; returns the data with the outputs set.
 */
export function completionData(
  tx: Tx,
  task: TaskState,
  data: Record<string, unknown>,
): Record<string, unknown> {
  const grid = tx.def.nodes[task.nodeId]?.grid;
  if (!grid?.checks?.length && !grid?.out?.length) return data;
  const context = contextOf(tx, task, data);
  const refused = (grid.checks ?? []).filter((c) => c.field in data && !holds(task, c, context));
  if (refused.length) {
    const details = refused.map((c) => ({
      path: `/data/${c.field}`,
      message: `does not meet the step's condition`,
      code: c.code,
      params: { field: c.field, limit: limitOf(task, c, context) },
    }));
    throw new CommandError(
      'invalid',
      `${task.nodeId}: ${refused.map((c) => c.field).join(', ')}`,
      details,
      'form.invalid',
      {
        formKey: task.formKey?.split('@')[0] ?? '',
      },
    );
  }
  if (!grid.out?.length) return data;
  try {
    return { ...data, ...mapVariables(grid.out, context) };
  } catch (err) {
    if (err instanceof ExpressionError) throw failed(task, err);
    throw err;
  }
}

function holds(task: TaskState, check: CompletionCheck, context: Record<string, unknown>): boolean {
  try {
    return evalFeel(check.test, context) === true;
  } catch (err) {
    if (err instanceof ExpressionError) throw failed(task, err);
    throw err;
  }
}

function limitOf(task: TaskState, check: CompletionCheck, context: Record<string, unknown>): unknown {
  if (check.limit === undefined) return null;
  try {
    return evalFeel(check.limit, context) ?? null;
  } catch (err) {
    if (err instanceof ExpressionError) throw failed(task, err);
    throw err;
  }
}
