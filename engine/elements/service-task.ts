// Service task: a worker of grid:workerType runs in a 'service' job (engine/queue/workers.ts) with
// grid:retries before an incident; its answer comes back as serviceCompleted / serviceFailed.
import { coded, problem } from '../model/compile-parts.js';
import { checkRetries, DEFAULT_RETRIES } from '../model/validate.js';
import { wait } from '../runtime/activity.js';
import type { ElementType } from './element.js';

export const serviceTask: ElementType = {
  kind: 'serviceTask',
  classify: (el) => el.$type === 'bpmn:ServiceTask',
  shape: 'flow',
  activity: true,
  waitState: true,
  compile(ctx, el, node) {
    for (const attr of ['level', 'candidateRoles', 'formKey', 'sla', 'calendar', 'warnAt'])
      if (el[attr] !== undefined)
        coded(ctx, node.id, 'grid.user-task-only', `grid:${attr} applies to user tasks only`, {
          attribute: attr,
        });
    const workerType = typeof el.workerType === 'string' ? el.workerType.trim() : '';
    if (!workerType) coded(ctx, node.id, 'service-task.worker-type', 'service task needs grid:workerType');
    else node.workerType = workerType;
    problem(ctx, node.id, checkRetries(el.retries));
    node.retries = el.retries ?? DEFAULT_RETRIES;
  },
  execute(tx, token, node) {
    wait(tx, token, 'service');
    tx.job('service', `svc.${tx.s._id}.${token.id}`, { tokenId: token.id, retries: node.retries ?? 3 });
  },
  retry(tx, token, node) {
    // the worker runs again under a new job id (the failed one may still be held by the queue)
    token.status = 'waiting';
    tx.job('service', `svc.${tx.s._id}.${token.id}.r${tx.s.seq++}`, {
      tokenId: token.id,
      retries: node.retries ?? 3,
    });
  },
};
