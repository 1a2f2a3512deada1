// 退单 and 再派遣: a unit that received a task outside its remit returns it to its dispatcher within a
// window of working days; the dispatcher sends it on to another unit (or other roles at a unit) on the case's
// chain, and the SLA starts again there (the clock starts at dispatch, GB/T 30428).
//
// The dispatcher of a task is the supervisors of the nearest unit above the returning one on the case's chain
// that has supervisors (the API looks them up; the top unit's own supervisors for a task at the top). The task keeps its token: the process does not move,
// only who holds the step — so this works for every process, whatever routed the step (a gateway like
// fire-hazard's deptRoute, or a level on the task). A unit that already returned the same case once needs a
// supervisor of that unit to return it again.
import { clearSlaTimers, gridConfig, openSlaWindow, SUPERVISOR_ROLE, unitPathOf } from '../sla/plan.js';
import { openTask } from './tasks.js';
import { CommandError, type Tx } from './transition.js';
import type { TaskState } from './types.js';
import { notice } from '../notifications/messages.js';

/** Default window for a 退单, in working days from (re-)dispatch (RETURN_WINDOW). */
export const DEFAULT_RETURN_WINDOW = 'P2D';

export interface ReturnCommand {
  reason: string;
  /** ISO duration on the workday calendar from the task's dispatch */
  window: string;
  /** the caller supervises the task's unit (may return the same case a second time) */
  supervisor: boolean;
  /**
   * the dispatcher's unit, on the case's chain above the task's unit (the API names the nearest one with a
   * supervisor); default: the unit right above
   */
  dispatcher?: string;
}

/** Whether the same unit with the same roles already returned this case once. */
export function returnedBefore(tx: Tx, task: Pick<TaskState, 'unit' | 'candidateRoles'>): boolean {
  const roles = [...task.candidateRoles].sort().join(',');
  return (tx.s.returns ?? []).some((r) => r.unit === task.unit && [...r.roles].sort().join(',') === roles);
}

/** When the 退单 window of a task closes. */
export function returnDeadline(tx: Tx, task: TaskState, window: string): number {
  return tx.ctx.calendar.addDuration(task.dispatchedAt ?? task.createdAt, window, 'workday');
}

export function returnTask(tx: Tx, taskId: string, cmd: ReturnCommand): void {
  const task = openTask(tx, taskId);
  if (task.returned)
    throw new CommandError('conflict', `task ${taskId} was returned already`, [], 'return.already-returned');
  if (task.parked) throw new CommandError('conflict', `the case is parked (挂账)`, [], 'case.parked');
  const deadline = returnDeadline(tx, task, cmd.window);
  if (tx.now > deadline)
    throw new CommandError(
      'conflict',
      `the return window (${cmd.window} working) closed at ${new Date(deadline).toISOString()}`,
      [
        {
          path: '/reason',
          message: 'the task can no longer be returned: ask for an extension or complete it',
        },
      ],
      'return.window-closed',
    );
  if (returnedBefore(tx, task) && !cmd.supervisor)
    throw new CommandError(
      'conflict',
      'this unit returned the case before: a second return needs a supervisor of the unit',
      [],
      'return.repeat-needs-supervisor',
    );
  const chain = tx.s.unitChain;
  const here = chain.findIndex((u) => u.code === task.unit);
  const named = chain.findIndex((u) => u.code === cmd.dispatcher);
  const dispatcher =
    named > here ? chain[named] : chain[Math.min(here < 0 ? chain.length - 1 : here + 1, chain.length - 1)];
  const from = { unit: task.unit, roles: [...task.candidateRoles] };
  const record = { ...from, reason: cmd.reason, by: tx.ctx.actor, at: tx.now };
  tx.s.returns = [...(tx.s.returns ?? []), { taskId, ...record }];
  clearSlaTimers(tx, task);
  for (const u of [task.assignee, task.owner]) if (u && !task.watchers.includes(u)) task.watchers.push(u);
  task.returned = record;
  // the unit gave the step away: its pause (a personal marker) ends with it
  if (task.paused) {
    task.pauses = [...(task.pauses ?? []), { from: task.paused.since, to: tx.now }];
    task.paused = undefined;
  }
  task.assignee = undefined;
  task.owner = undefined;
  task.unit = dispatcher.code;
  task.level = dispatcher.level;
  task.unitPath = unitPathOf(chain, dispatcher.code);
  task.candidateRoles = [SUPERVISOR_ROLE];
  // no SLA runs while the dispatcher decides: nothing of it can be overdue
  task.slaEpoch += 1;
  task.dueAt = undefined;
  task.warnDueAt = undefined;
  task.assessDueAt = undefined;
  task.slaState = 'ontime';
  task.request = undefined;
  task.requestKind = undefined;
  tx.emit({ type: 'task', taskId });
  tx.record('task-sent-back', {
    elementId: task.nodeId,
    from: from.unit,
    to: dispatcher.code,
    details: { taskId, unit: from.unit, roles: from.roles, reason: cmd.reason, dispatcher: dispatcher.code },
  });
  tx.emit({
    type: 'notify',
    intent: {
      kind: 'info',
      unit: dispatcher.code,
      roles: [SUPERVISOR_ROLE],
      taskId,
      ...notice('task.returned', { taskName: task.name ?? task.nodeId }),
      body: `${tx.s.caseNo ?? tx.s.businessKey ?? tx.s._id} · ${cmd.reason}`,
    },
  });
}

/** 再派遣: the dispatcher sends a returned task to a unit on the case's chain, for the given roles. */
export function redispatch(tx: Tx, taskId: string, unit: string, roles: string[]): void {
  const task = openTask(tx, taskId);
  if (!task.returned)
    throw new CommandError(
      'conflict',
      `task ${taskId} is not waiting for dispatch`,
      [],
      'dispatch.not-returned',
    );
  const target = tx.s.unitChain.find((u) => u.code === unit);
  if (!target)
    throw new CommandError(
      'invalid',
      'unit is not on the case’s chain',
      [{ path: '/unit', message: 'must be the case’s grid or one of the units above it' }],
      'return.unit-off-chain',
      { unit },
    );
  const back = task.returned;
  task.returned = undefined;
  task.unit = target.code;
  task.level = target.level;
  task.unitPath = unitPathOf(tx.s.unitChain, target.code);
  task.candidateRoles = roles;
  task.dispatchedAt = tx.now;
  // a fresh window at the new unit; the ladder starts again from there (rungs below it are skipped)
  task.ladderStep = 0;
  task.slaState = 'ontime';
  const cfg = gridConfig(tx, task);
  if (cfg.sla) openSlaWindow(tx, task, cfg.sla, cfg.warnAt);
  tx.emit({ type: 'task', taskId });
  tx.record('task-redispatched', {
    elementId: task.nodeId,
    from: back.unit,
    to: target.code,
    details: { taskId, unit: target.code, roles, dueAt: task.dueAt },
  });
  tx.emit({
    type: 'notify',
    intent: {
      kind: 'task-created',
      unit: target.code,
      roles,
      taskId,
      ...notice('task.redispatched', { taskName: task.name ?? task.nodeId }),
      body: `${tx.def.name ?? tx.def.key} · ${tx.s.caseNo ?? tx.s.businessKey ?? tx.s._id}`,
    },
  });
}
