// User tasks: creation with grid routing and SLA, and the human operations on them.

import {
  clearSlaTimers,
  levelsOf,
  openSlaWindow,
  pauseSla,
  resumeSla,
  unitAtLevel,
  unitPathOf,
} from '../sla/plan.js';
import { CommandError, type Tx } from './transition.js';
import type { TaskState, Token, UnitRef } from './types.js';
import { notice } from '../notifications/messages.js';
import { evalFeel, ExpressionError, readsNote } from './feel.js';
import { setVariablesAt, variablesAt } from './multi-instance.js';

export function taskIdFor(instanceId: string, tokenId: string): string {
  return `${instanceId}_${tokenId}`;
}

/** Binds the task to the unit of its grid level on the case's path to the root and starts its SLA. */
export function createUserTask(tx: Tx, token: Token): TaskState {
  const node = tx.node(token.nodeId);
  const cfg = node.grid ?? { candidateRoles: ['handler'], ladder: [] };
  // the nearest unit at or above the level in this definition's level order (a village has no 片区), or
  // the unit grid:unit picks (e.g. from a multi-instance element variable)
  const unit =
    cfg.unit !== undefined
      ? pickedUnit(tx, token, cfg.unit)
      : unitAtLevel(tx.s.unitChain, cfg.level, levelsOf(tx));
  const task: TaskState = {
    id: taskIdFor(tx.s._id, token.id),
    nodeId: node.id,
    tokenId: token.id,
    name: node.name,
    status: 'open',
    level: unit.level,
    unit: unit.code,
    unitPath: unitPathOf(tx.s.unitChain, unit.code),
    candidateRoles: cfg.candidateRoles.length ? cfg.candidateRoles : ['handler'],
    formKey: cfg.formKey,
    createdAt: tx.now,
    slaState: 'ontime',
    ladderStep: 0,
    watchers: [],
    escalations: [],
    slaEpoch: 0,
  };
  tx.s.tasks[task.id] = task;
  if (cfg.sla) openSlaWindow(tx, task, cfg.sla, cfg.warnAt);
  tx.emit({ type: 'task', taskId: task.id });
  tx.record('task-created', {
    elementId: node.id,
    from: 'none',
    to: 'open',
    details: { taskId: task.id, unit: task.unit, level: task.level, dueAt: task.dueAt },
  });
  tx.emit({
    type: 'notify',
    intent: {
      kind: 'task-created',
      unit: task.unit,
      roles: task.candidateRoles,
      taskId: task.id,
      ...notice('task.created', { taskName: task.name ?? task.nodeId }),
      // the case by its number where it has one (webhook and SMS channels show only this text)
      body: `${tx.def.name ?? tx.def.key} · ${tx.s.caseNo ?? tx.s.businessKey ?? tx.s._id}`,
    },
  });
  return task;
}

/**
 * grid:unit evaluated in the token's scope: a unit code on the case's chain, or a grid level (the nearest
 * unit at or above it). Anything else is an ExpressionError (code user-task.unit): an incident an admin
 * resolves by correcting the variable and retrying.
 */
function pickedUnit(tx: Tx, token: Token, expr: string): UnitRef {
  const value = evalFeel(expr, variablesAt(tx.s, token.scopeId));
  const chain = tx.s.unitChain;
  const byCode = chain.find((u) => u.code === value);
  if (byCode) return byCode;
  if (typeof value === 'string' && levelsOf(tx).includes(value))
    return unitAtLevel(chain, value, levelsOf(tx));
  throw new ExpressionError(
    expr,
    `grid:unit gave ${JSON.stringify(value) ?? 'undefined'}: not a unit of the case's chain (${chain.map((u) => u.code).join(', ')}) nor a grid level${readsNote(expr)}`,
    'user-task.unit',
  );
}

export function cancelTask(tx: Tx, task: TaskState): void {
  clearSlaTimers(tx, task);
  task.status = 'cancelled';
  task.completedAt = tx.now;
  tx.emit({ type: 'task', taskId: task.id });
  tx.record('task-cancelled', {
    elementId: task.nodeId,
    from: 'open',
    to: 'cancelled',
    details: { taskId: task.id },
  });
}

export function openTask(tx: Tx, taskId: string): TaskState {
  const task = tx.s.tasks[taskId];
  if (!task)
    throw new CommandError('not-found', `task ${taskId} not found`, [], 'task.not-found', { taskId });
  if (task.status !== 'open')
    throw new CommandError('conflict', `task ${taskId} is already ${task.status}`, [], 'task.closed', {
      taskId,
      status: task.status,
    });
  return task;
}

/** Closes the task, merges its form data into the process variables; the caller moves the token on. */
export function closeTask(tx: Tx, task: TaskState, data: Record<string, unknown>): void {
  clearSlaTimers(tx, task);
  task.status = 'completed';
  task.completedAt = tx.now;
  task.completedBy = tx.ctx.actor;
  task.data = data;
  task.assignee ??= tx.ctx.actor;
  tx.emit({ type: 'task', taskId: task.id });
  tx.record('task-completed', {
    elementId: task.nodeId,
    from: 'open',
    to: 'completed',
    details: {
      taskId: task.id,
      onTime: task.dueAt === undefined || tx.now <= task.dueAt,
      level: task.level,
      unit: task.unit,
    },
  });
  // a task of a multi-instance instance keeps its data in the instance (outputCollection gathers it)
  setVariablesAt(tx, tx.s.tokens[task.tokenId]?.scopeId ?? 'root', data, task.nodeId);
}

export function claim(tx: Tx, taskId: string, user: string): void {
  const task = openTask(tx, taskId);
  const from = handling(task);
  if (task.assignee === user) {
    tx.changed = false;
    return;
  }
  if (task.assignee)
    throw new CommandError(
      'conflict',
      `task ${taskId} is already claimed by ${task.assignee}`,
      [],
      'task.claimed-by-other',
      {
        taskId,
        assignee: task.assignee,
      },
    );
  task.assignee = user;
  touch(tx, task, 'task-claimed', from, { assignee: user });
}

export function unclaim(tx: Tx, taskId: string, user: string, force = false): void {
  const task = openTask(tx, taskId);
  const from = handling(task);
  if (!task.assignee) {
    tx.changed = false;
    return;
  }
  if (task.assignee !== user && !force)
    throw new CommandError(
      'conflict',
      `task ${taskId} is claimed by ${task.assignee}`,
      [],
      'task.claimed-by-other',
      {
        taskId,
        assignee: task.assignee,
      },
    );
  task.assignee = undefined;
  task.owner = undefined;
  touch(tx, task, 'task-unclaimed', from, { by: user });
}

/** Hands the task to `to` for now; the owner gets it back on resolveDelegation (Camunda's delegate/resolve). */
export function delegate(tx: Tx, taskId: string, user: string, to: string): void {
  const task = openTask(tx, taskId);
  const from = handling(task);
  if (task.assignee && task.assignee !== user)
    throw new CommandError(
      'conflict',
      `task ${taskId} is claimed by ${task.assignee}`,
      [],
      'task.claimed-by-other',
      {
        taskId,
        assignee: task.assignee,
      },
    );
  task.owner = task.owner ?? user;
  task.assignee = to;
  touch(tx, task, 'task-delegated', from, { owner: task.owner, to });
  tx.emit({
    type: 'notify',
    intent: {
      kind: 'reassigned',
      users: [to],
      taskId,
      ...notice('task.delegated', { taskName: task.name ?? task.nodeId }),
    },
  });
}

export function resolveDelegation(tx: Tx, taskId: string, user: string): void {
  const task = openTask(tx, taskId);
  const from = handling(task);
  if (!task.owner)
    throw new CommandError('conflict', `task ${taskId} is not delegated`, [], 'task.not-delegated', {
      taskId,
    });
  if (task.assignee !== user && task.owner !== user)
    throw new CommandError(
      'conflict',
      `task ${taskId} is delegated to ${task.assignee}`,
      [],
      'task.delegated-to-other',
      {
        taskId,
        assignee: task.assignee,
      },
    );
  const owner = task.owner;
  task.assignee = owner;
  task.owner = undefined;
  touch(tx, task, 'task-returned', from, { to: owner });
}

/** A supervisor reassigns (改派) or takes the task over (接管). */
export function reassign(tx: Tx, taskId: string, to: string, action: 'reassigned' | 'taken-over'): void {
  const task = openTask(tx, taskId);
  const from = handling(task);
  if (task.assignee && task.assignee !== to && !task.watchers.includes(task.assignee))
    task.watchers.push(task.assignee);
  task.assignee = to;
  task.owner = undefined;
  touch(tx, task, `task-${action}`, from, { to });
  tx.emit({
    type: 'notify',
    intent: {
      kind: 'reassigned',
      users: [to],
      taskId,
      ...notice('task.reassigned', { taskName: task.name ?? task.nodeId }),
    },
  });
}

export function pause(tx: Tx, taskId: string, reason?: string): void {
  const task = openTask(tx, taskId);
  const from = handling(task);
  if (task.paused) {
    tx.changed = false;
    return;
  }
  pauseSla(tx, task, reason);
  touch(tx, task, 'task-paused', from, { reason });
}

export function resume(tx: Tx, taskId: string): void {
  const task = openTask(tx, taskId);
  const from = handling(task);
  if (!task.paused) {
    tx.changed = false;
    return;
  }
  const pausedMs = resumeSla(tx, task);
  touch(tx, task, 'task-resumed', from, { pausedMs });
}

/** Who holds an open task, as the from/to states of its history: paused, assigned:u, delegated:u, unassigned. */
function handling(task: TaskState): string {
  if (task.paused) return 'paused';
  if (!task.assignee) return 'unassigned';
  return `${task.owner ? 'delegated' : 'assigned'}:${task.assignee}`;
}

function touch(
  tx: Tx,
  task: TaskState,
  action: string,
  from: string,
  details: Record<string, unknown>,
): void {
  tx.emit({ type: 'task', taskId: task.id });
  tx.record(action, {
    elementId: task.nodeId,
    from,
    to: handling(task),
    details: { taskId: task.id, ...details },
  });
}
