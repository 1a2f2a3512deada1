// Service task: a worker of grid:workerType runs in a 'service' job (engine/queue/workers.ts) with
// grid:retries before an incident; its answer comes back as serviceCompleted / serviceFailed.
// With grid:type="external" the work is done by a system outside the engine (Camunda's external task
// pattern): the token waits on an external task of grid:topic that workers fetch, lock and complete over
// HTTP (engine/queue/external-tasks.ts); their report comes back as an 'external' step job
// (externalTaskReported). The outbox creates the task record; killing the token removes it (flow.ts).
import { coded, problem, type CompileCtx } from '../model/compile-parts.js';
import type { FlowNode } from '../model/types.js';
import { checkRetries, DEFAULT_RETRIES, type ModdleElement } from '../model/validate.js';
import { wait } from '../runtime/activity.js';
import type { Tx } from '../runtime/transition.js';
import type { Token } from '../runtime/types.js';
import type { ElementType } from './element.js';

/** A topic: what external workers subscribe to, e.g. `sms-gateway` or `city.hotline-sync`. */
const TOPIC = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$/;
const VARIABLE = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

function compileExternal(ctx: CompileCtx, el: ModdleElement, node: FlowNode) {
  const id = node.id;
  if (el.workerType !== undefined)
    coded(
      ctx,
      id,
      'external-task.worker-type',
      'an external service task has a grid:topic, not a grid:workerType',
    );
  const topic = typeof el.topic === 'string' ? el.topic.trim() : '';
  if (!TOPIC.test(topic))
    coded(
      ctx,
      id,
      'external-task.topic',
      'an external service task needs grid:topic (letters, digits, _ . : -, up to 100)',
      { value: topic },
    );
  const variables =
    typeof el.topicVariables === 'string'
      ? (el.topicVariables as string)
          .split(',')
          .map((v) => v.trim())
          .filter(Boolean)
      : undefined;
  const bad = (variables ?? []).filter((v) => !VARIABLE.test(v));
  if (bad.length)
    coded(
      ctx,
      id,
      'external-task.variables',
      'grid:topicVariables: a comma-separated list of variable names',
      {
        value: bad.join(','),
      },
    );
  node.external = { topic, ...(variables?.length ? { variables } : {}) };
}

/** The token waits on a new external task (a new id on every entry and every retry). */
function createExternalTask(tx: Tx, token: Token, node: FlowNode): void {
  const id = `${tx.s._id}.${tx.nextId('x')}`;
  token.external = id;
  tx.emit({
    type: 'externalTask',
    task: {
      id,
      tokenId: token.id,
      nodeId: node.id,
      topic: node.external!.topic,
      ...(node.external!.variables ? { variables: node.external!.variables } : {}),
      retries: node.retries ?? DEFAULT_RETRIES,
      createdAt: tx.now,
    },
  });
}

export const serviceTask: ElementType = {
  kind: 'serviceTask',
  classify: (el) => el.$type === 'bpmn:ServiceTask',
  shape: 'flow',
  activity: true,
  waitState: true,
  compile(ctx, el, node) {
    for (const attr of ['level', 'candidateRoles', 'formKey', 'sla', 'calendar', 'warnAt', 'unit'])
      if (el[attr] !== undefined)
        coded(ctx, node.id, 'grid.user-task-only', `grid:${attr} applies to user tasks only`, {
          attribute: attr,
        });
    problem(ctx, node.id, checkRetries(el.retries));
    node.retries = el.retries ?? DEFAULT_RETRIES;
    if (el.type !== undefined && el.type !== 'external')
      coded(ctx, node.id, 'external-task.type', 'grid:type of a service task can only be "external"', {
        value: String(el.type),
      });
    if (el.type === 'external') return compileExternal(ctx, el, node);
    for (const attr of ['topic', 'topicVariables'])
      if (el[attr] !== undefined)
        coded(ctx, node.id, 'external-task.not-external', `grid:${attr} needs grid:type="external"`, {
          attribute: `grid:${attr}`,
        });
    const workerType = typeof el.workerType === 'string' ? el.workerType.trim() : '';
    if (!workerType) coded(ctx, node.id, 'service-task.worker-type', 'service task needs grid:workerType');
    else node.workerType = workerType;
  },
  execute(tx, token, node) {
    wait(tx, token, 'service');
    if (node.external) return createExternalTask(tx, token, node);
    tx.job('service', `svc.${tx.s._id}.${token.id}`, { tokenId: token.id, retries: node.retries ?? 3 });
  },
  retry(tx, token, node) {
    token.status = 'waiting';
    if (node.external) {
      // a fresh task with its retries reset; the failed one goes
      if (token.external) tx.emit({ type: 'cancelExternalTask', externalTaskId: token.external });
      return createExternalTask(tx, token, node);
    }
    // the worker runs again under a new job id (the failed one may still be held by the queue)
    tx.job('service', `svc.${tx.s._id}.${token.id}.r${tx.s.seq++}`, {
      tokenId: token.id,
      retries: node.retries ?? 3,
    });
  },
};
