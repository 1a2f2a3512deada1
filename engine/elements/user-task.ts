// User task: a task for the candidate roles of a grid unit, with its SLA and escalation ladder (grid:*), and
// what its completion checks and records (grid:check, grid:out; engine/runtime/task-completion.ts).
import { coded, compileGrid } from '../model/compile-parts.js';
import { DETAIL_CODES } from '../error-codes.js';
import type { CompletionCheck, VariableMapping } from '../model/types.js';
import { checkFeel, stripFeelMarker, type ModdleElement } from '../model/validate.js';
import { wait } from '../runtime/activity.js';
import { createUserTask } from '../runtime/tasks.js';
import { compileMapping } from './call-activity.js';
import type { ElementType } from './element.js';

const FIELD = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

type Ctx = Parameters<NonNullable<ElementType['compile']>>[0];

export const userTask: ElementType = {
  kind: 'userTask',
  classify: (el) => el.$type === 'bpmn:UserTask',
  shape: 'flow',
  activity: true,
  waitState: true,
  escalates: true,
  compile(ctx, el, node) {
    for (const attr of ['workerType', 'retries', 'type', 'topic', 'topicVariables'])
      if (el[attr] !== undefined)
        coded(ctx, node.id, 'grid.service-task-only', `grid:${attr} applies to service tasks only`, {
          attribute: attr,
        });
    node.grid = compileGrid(ctx, el);
    const values: ModdleElement[] = el.extensionElements?.values ?? [];
    const out = values
      .filter((v) => v.$type === 'grid:Out')
      .map((v, i) => compileMapping(ctx, node.id, v, 'out', i + 1, 'user-task.mapping'))
      .filter((m): m is VariableMapping => m !== undefined);
    const checks = values
      .filter((v) => v.$type === 'grid:Check')
      .map((v, i) => compileCheck(ctx, node.id, v, i + 1))
      .filter((c): c is CompletionCheck => c !== undefined);
    if (out.length) node.grid.out = out;
    if (checks.length) node.grid.checks = checks;
  },
  execute(tx, token) {
    wait(tx, token, 'task');
    createUserTask(tx, token);
  },
};

/** A grid:check: a field name, a FEEL test, an optional FEEL limit and a listed field code (field.…). */
function compileCheck(ctx: Ctx, id: string, el: ModdleElement, index: number): CompletionCheck | undefined {
  const str = (v: unknown) => (typeof v === 'string' ? v.trim() : undefined);
  const [field, test, limit, code] = [str(el.field), str(el.test), str(el.limit), str(el.code)];
  const refuse = (message: string) => {
    coded(ctx, id, 'user-task.check', `grid:check #${index}: ${message}`, { index });
    return undefined;
  };
  if (!field || !FIELD.test(field)) return refuse(`field "${field ?? ''}" is not a form field name`);
  if (!test) return refuse('test (a FEEL condition) is missing');
  const err = checkFeel(test) ?? (limit !== undefined ? checkFeel(limit) : undefined);
  if (err) return refuse(err.message);
  if (!code || !code.startsWith('field.') || !(code in DETAIL_CODES))
    return refuse(`code "${code ?? ''}" is not a listed field code (field.…)`);
  return {
    field,
    test: stripFeelMarker(test),
    code,
    ...(limit !== undefined ? { limit: stripFeelMarker(limit) } : {}),
  };
}
