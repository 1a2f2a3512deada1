// 延期申请 (extension) and 挂账 (backlog): requests by a task's holder that a supervisor decides.
//
// A task holds at most one pending request. Deciding is idempotent: a decision replayed (the same request
// id, the same answer — a retried HTTP call, a double click) changes nothing, so an approved extension moves
// the due date exactly once; the opposite answer to a decided request is a conflict. Who may decide is the
// API's business (engine/api/access.ts): an extension one level above the task's unit, a 挂账 at street
// level or above.
//
// An approved extension moves the task's due date — operational and assessed (engine/sla/plan.ts
// moveDueDate). An approved 挂账 parks the whole case: every open task's clock stops (holdSla) and it is
// marked parked, which takes it out of the overdue figures; at the review date a timer brings the case back
// to its holders with the working time they had left (releaseSla) — the operational and the assessed due
// dates move by the parked working time (a task already overdue when parked comes back overdue), and the
// parked time is left out of handling time.
import { gridConfig, holdSla, moveDueDate, releaseSla, SUPERVISOR_ROLE } from '../sla/plan.js';
import { openTask } from './tasks.js';
import { CommandError, type Tx } from './transition.js';
import type { TaskRequest, TaskState, TimerState } from './types.js';
import { notice } from '../notifications/messages.js';

const invalid = (path: string, message: string) =>
  new CommandError('invalid', `invalid ${path.slice(1)}`, [{ path, message }], 'invalid-field', {
    field: path.slice(1),
  });

function requestable(tx: Tx, taskId: string): TaskState {
  const task = openTask(tx, taskId);
  if (task.returned)
    throw new CommandError('conflict', 'the task waits for re-dispatch', [], 'return.already-returned');
  if (task.parked || tx.s.backlog)
    throw new CommandError('conflict', 'the case is parked (挂账)', [], 'case.parked');
  if (task.request)
    throw new CommandError('conflict', `a ${task.request.kind} request is pending`, [], 'request.pending');
  return task;
}

function ask(tx: Tx, task: TaskState, request: TaskRequest, notifyUnit: string): void {
  task.request = request;
  task.requestKind = request.kind;
  tx.emit({ type: 'task', taskId: task.id });
  tx.record(`${request.kind}-requested`, {
    elementId: task.nodeId,
    from: 'none',
    to: 'pending',
    details: {
      taskId: task.id,
      requestId: request.id,
      reason: request.reason,
      unit: task.unit,
      ...(request.dueAt !== undefined ? { dueAt: request.dueAt, was: task.dueAt } : {}),
      ...(request.reviewAt !== undefined ? { reviewAt: request.reviewAt } : {}),
    },
  });
  tx.emit({
    type: 'notify',
    intent: {
      kind: 'info',
      unit: notifyUnit,
      roles: [SUPERVISOR_ROLE],
      taskId: task.id,
      ...notice(`${request.kind}.asked`, { taskName: task.name ?? task.nodeId }),
      body: `${tx.s.caseNo ?? tx.s.businessKey ?? tx.s._id} · ${request.reason}`,
    },
  });
}

/** The unit above the task's unit on the case's chain (the top unit for a task at the top). */
function unitAbove(tx: Tx, task: TaskState): string {
  const chain = tx.s.unitChain;
  const i = chain.findIndex((u) => u.code === task.unit);
  return chain[Math.min(i < 0 ? chain.length - 1 : i + 1, chain.length - 1)].code;
}

/**
 * 延期申请: a new due date later than the current one, asked before the current one has passed. `notifyUnit`:
 * whose supervisors are told (the API names the nearest unit above with supervisors; default: the one above).
 */
export function requestExtension(
  tx: Tx,
  taskId: string,
  reason: string,
  dueAt: number,
  notifyUnit?: string,
): TaskRequest {
  const task = requestable(tx, taskId);
  if (task.dueAt === undefined || task.assessDueAt === undefined)
    throw new CommandError('conflict', 'the task has no time limit', [], 'extension.no-sla');
  if (tx.now > task.assessDueAt || task.slaState === 'overdue' || task.slaState === 'supervised')
    throw new CommandError(
      'conflict',
      'the time limit has passed: an extension is asked before it runs out',
      [],
      'extension.overdue',
    );
  if (!(dueAt > task.dueAt)) throw invalid('/dueAt', 'must be later than the current due date');
  const request: TaskRequest = {
    id: tx.nextId('rq'),
    kind: 'extension',
    by: tx.ctx.actor,
    at: tx.now,
    reason,
    dueAt,
  };
  ask(tx, task, request, notifyUnit ?? unitAbove(tx, task));
  return request;
}

/** 挂账申请: park the case until `reviewAt`. */
export function requestBacklog(
  tx: Tx,
  taskId: string,
  reason: string,
  reviewAt: number,
  approverUnit: string,
): TaskRequest {
  const task = requestable(tx, taskId);
  if (!(reviewAt > tx.now)) throw invalid('/reviewAt', 'must be in the future');
  const request: TaskRequest = {
    id: tx.nextId('rq'),
    kind: 'backlog',
    by: tx.ctx.actor,
    at: tx.now,
    reason,
    reviewAt,
  };
  ask(tx, task, request, approverUnit);
  return request;
}

/**
 * Approves or refuses the task's pending request `requestId`. A replay of a decision already taken is a
 * no-op (tx.changed = false); the other answer to it is a conflict.
 */
export function decideRequest(
  tx: Tx,
  taskId: string,
  requestId: string,
  approve: boolean,
  comment?: string,
): void {
  const task = tx.s.tasks[taskId];
  if (!task)
    throw new CommandError('not-found', `task ${taskId} not found`, [], 'task.not-found', { taskId });
  const before = task.decided?.find((d) => d.id === requestId);
  if (before) {
    if (before.approved !== approve)
      throw new CommandError(
        'conflict',
        `request ${requestId} was ${before.approved ? 'approved' : 'refused'} already`,
        [],
        'request.decided',
      );
    tx.changed = false;
    return;
  }
  const request = task.request;
  if (!request || request.id !== requestId || task.status !== 'open')
    throw new CommandError('not-found', `request ${requestId} not found`, [], 'request.not-found', {
      requestId,
    });
  task.request = undefined;
  task.requestKind = undefined;
  task.decided = [
    ...(task.decided ?? []),
    { id: request.id, kind: request.kind, approved: approve, by: tx.ctx.actor, at: tx.now },
  ];
  const verb = approve ? 'approved' : 'refused';
  if (approve && request.kind === 'extension') {
    const from = task.assessDueAt ?? task.dueAt!;
    moveDueDate(tx, task, request.dueAt!, gridConfig(tx, task).warnAt);
    task.extensions = [
      ...(task.extensions ?? []),
      { id: request.id, from, to: request.dueAt!, at: tx.now, by: tx.ctx.actor },
    ];
  }
  if (approve && request.kind === 'backlog') park(tx, request);
  tx.emit({ type: 'task', taskId });
  tx.record(`${request.kind}-${verb}`, {
    elementId: task.nodeId,
    from: 'pending',
    to: verb,
    details: {
      taskId,
      requestId,
      unit: task.unit,
      requestedBy: request.by,
      ...(comment ? { comment } : {}),
      ...(request.dueAt !== undefined ? { dueAt: request.dueAt } : {}),
      ...(request.reviewAt !== undefined ? { reviewAt: request.reviewAt } : {}),
    },
  });
  tx.emit({
    type: 'notify',
    intent: {
      kind: 'info',
      users: [request.by],
      taskId,
      ...notice(`${request.kind}.${approve ? 'approved' : 'refused'}`, {
        taskName: task.name ?? task.nodeId,
      }),
      ...(comment ? { body: comment } : {}),
    },
  });
}

/** Parks the case: every open task's clock stops; a timer brings it back at the review date. */
function park(tx: Tx, request: TaskRequest): void {
  const reviewAt = request.reviewAt!;
  const timerId = `backlog-${tx.s.seq + 1}`;
  tx.s.seq += 1;
  tx.s.backlog = {
    reason: request.reason,
    reviewAt,
    since: tx.now,
    by: request.by,
    approvedBy: tx.ctx.actor,
    timerId,
  };
  for (const task of Object.values(tx.s.tasks)) {
    if (task.status !== 'open') continue;
    task.parked = { since: tx.now, reviewAt };
    holdSla(tx, task);
    tx.emit({ type: 'task', taskId: task.id });
  }
  const timer: TimerState = { id: timerId, purpose: 'backlog-review', nodeId: 'backlog', dueAt: reviewAt };
  tx.s.timers[timerId] = timer;
  tx.emit({ type: 'timer', timer });
}

/** The review date of a 挂账: the case comes back to its holders with the time they had left. */
export function onBacklogReview(tx: Tx, timer: TimerState): void {
  const backlog = tx.s.backlog;
  if (!backlog || backlog.timerId !== timer.id) {
    tx.changed = false;
    return;
  }
  tx.s.backlog = undefined;
  const told = new Set<string>();
  for (const task of Object.values(tx.s.tasks)) {
    if (task.status !== 'open' || !task.parked) continue;
    const since = task.parked.since;
    task.parked = undefined;
    releaseSla(tx, task, since);
    if (task.assignee) told.add(task.assignee);
    tx.emit({ type: 'task', taskId: task.id });
    tx.emit({
      type: 'notify',
      intent: {
        kind: 'info',
        ...(task.assignee ? { users: [task.assignee] } : { unit: task.unit, roles: task.candidateRoles }),
        taskId: task.id,
        ...notice('backlog.resumed', { taskName: task.name ?? task.nodeId }),
        body: backlog.reason,
      },
    });
  }
  tx.record('backlog-returned', {
    elementId: 'backlog',
    from: 'parked',
    to: 'active',
    details: { since: backlog.since, reviewAt: backlog.reviewAt, reason: backlog.reason },
  });
}
