// SLA windows and the escalation ladder of user tasks, applied inside a transition (pure: state in, effects out).
// A task's SLA window is (slaStartedAt, dueAt) on its calendar; warn and breach timers carry the task's
// slaEpoch in their id, so re-planning (escalation, pause/resume) leaves stale timer jobs with nothing to do.

import type { GridTaskConfig, SlaSpec } from '../model/types.js';
import { evalFeel } from '../runtime/feel.js';
import type { Tx } from '../runtime/transition.js';
import type { Escalation, TaskState, TimerState, UnitRef } from '../runtime/types.js';

export const DEFAULT_SUPERVISION_CYCLE = 'P1D';
export const SUPERVISOR_ROLE = 'supervisor';

/** `=expr` SLAs are evaluated against the instance variables (e.g. a deadline that differs between places). */
export function resolveDuration(expr: string, vars: Record<string, unknown>): string {
  if (!expr.trim().startsWith('=')) return expr.trim();
  const v = evalFeel(expr, vars);
  if (typeof v !== 'string' || !v)
    throw new Error(`SLA expression ${expr} did not yield an ISO-8601 duration`);
  return v;
}

export function unitPathOf(chain: UnitRef[], code: string): string[] {
  const i = chain.findIndex((u) => u.code === code);
  return i < 0 ? [code] : chain.slice(i).map((u) => u.code);
}

/** The unit of the given level on the path from the case's grid to the root; the top unit when the level is absent. */
export function unitAtLevel(chain: UnitRef[], level: string | undefined): UnitRef {
  if (!level) return chain[0];
  return chain.find((u) => u.level === level) ?? chain[chain.length - 1];
}

export function gridConfig(tx: Tx, task: TaskState): GridTaskConfig {
  return tx.node(task.nodeId).grid ?? { candidateRoles: ['handler'], ladder: [] };
}

function slaTimer(tx: Tx, task: TaskState, purpose: TimerState['purpose'], dueAt: number): void {
  const id = `sla-${task.tokenId}-${task.slaEpoch}-${purpose}`;
  const timer: TimerState = {
    id,
    purpose,
    nodeId: task.nodeId,
    taskId: task.id,
    tokenId: task.tokenId,
    dueAt,
    epoch: task.slaEpoch,
  };
  tx.s.timers[id] = timer;
  tx.emit({ type: 'timer', timer });
}

export function clearSlaTimers(tx: Tx, task: TaskState): void {
  for (const [id, t] of Object.entries(tx.s.timers)) {
    if (t.taskId === task.id && t.purpose !== 'boundary') {
      delete tx.s.timers[id];
      tx.emit({ type: 'cancelTimer', timerId: id });
    }
  }
}

/** Opens a new SLA window starting now; schedules the warning (催办) and the breach timers. */
export function openSlaWindow(tx: Tx, task: TaskState, spec: SlaSpec, warnAt?: number): void {
  clearSlaTimers(tx, task);
  const duration = resolveDuration(spec.duration, tx.s.variables);
  task.sla = { duration, calendar: spec.calendar };
  task.slaEpoch += 1;
  task.slaStartedAt = tx.now;
  task.dueAt = tx.ctx.calendar.addDuration(tx.now, duration, spec.calendar);
  task.warnDueAt =
    warnAt !== undefined
      ? tx.ctx.calendar.fractionPoint(tx.now, task.dueAt, warnAt, spec.calendar)
      : undefined;
  scheduleSlaTimers(tx, task);
}

function scheduleSlaTimers(tx: Tx, task: TaskState): void {
  if (task.warnDueAt !== undefined && task.slaState === 'ontime')
    slaTimer(tx, task, 'sla-warn', task.warnDueAt);
  if (task.dueAt !== undefined) slaTimer(tx, task, 'sla-breach', task.dueAt);
}

/** 挂起: the clock stops; remaining working time is kept. */
export function pauseSla(tx: Tx, task: TaskState, reason?: string): void {
  clearSlaTimers(tx, task);
  task.paused = { since: tx.now, reason, by: tx.ctx.actor };
  task.slaEpoch += 1;
}

/** Resumes a paused clock: due and warning move by the paused working time. */
export function resumeSla(tx: Tx, task: TaskState): number {
  const since = task.paused?.since ?? tx.now;
  task.paused = undefined;
  task.slaEpoch += 1;
  if (!task.sla || task.dueAt === undefined) return 0;
  const cal = tx.ctx.calendar;
  const kind = task.sla.calendar;
  const shift = (at: number) => cal.addElapsed(tx.now, cal.elapsed(since, at, kind), kind);
  const pausedMs = cal.elapsed(since, tx.now, kind);
  if (task.dueAt > since) task.dueAt = shift(task.dueAt);
  if (task.warnDueAt !== undefined && task.warnDueAt > since) task.warnDueAt = shift(task.warnDueAt);
  if (task.slaStartedAt !== undefined)
    task.slaStartedAt = Math.min(tx.now, task.slaStartedAt + (tx.now - since));
  scheduleSlaTimers(tx, task);
  return pausedMs;
}

function notifyTask(
  tx: Tx,
  task: TaskState,
  kind: 'warning' | 'escalated' | 'supervised' | 'supervision-reminder' | 'reassigned',
  title: string,
  target: { unit?: string; roles?: string[]; users?: string[] },
  batchAt: number,
): void {
  tx.emit({
    type: 'notify',
    intent: {
      kind,
      ...target,
      taskId: task.id,
      title,
      body: `${tx.def.name ?? tx.def.key} · ${task.name ?? task.nodeId} · ${tx.s.businessKey ?? tx.s._id}`,
      // escalations due in the same second for the same recipient become one notification
      batchKey: `${kind}.${Math.floor(batchAt / 1000)}`,
    },
  });
}

export function onSlaTimer(tx: Tx, timer: TimerState): void {
  const task = timer.taskId ? tx.s.tasks[timer.taskId] : undefined;
  if (!task || task.status !== 'open' || task.paused || timer.epoch !== task.slaEpoch) {
    tx.changed = false;
    return;
  }
  if (timer.purpose === 'sla-warn') {
    if (task.slaState === 'ontime') task.slaState = 'warned';
    tx.record('sla-warning', { elementId: task.nodeId, details: { taskId: task.id, dueAt: task.dueAt } });
    notifyTask(
      tx,
      task,
      'warning',
      '催办：任务即将超期',
      task.assignee ? { users: [task.assignee] } : { unit: task.unit, roles: task.candidateRoles },
      timer.dueAt,
    );
    tx.emit({ type: 'task', taskId: task.id });
    return;
  }
  if (timer.purpose === 'sla-breach') {
    escalate(tx, task, timer);
    return;
  }
  // supervision-cycle: 挂牌督办 reminders to the top supervisors until the task is done
  const cfg = gridConfig(tx, task);
  notifyTask(tx, task, 'supervision-reminder', '挂牌督办提醒：案件仍未办结', topSupervisors(tx), timer.dueAt);
  tx.record('supervision-reminder', { elementId: task.nodeId, details: { taskId: task.id } });
  scheduleSupervisionCycle(tx, task, cfg);
}

function topSupervisors(tx: Tx): { unit: string; roles: string[] } {
  return { unit: tx.s.unitChain[tx.s.unitChain.length - 1].code, roles: [SUPERVISOR_ROLE] };
}

function scheduleSupervisionCycle(tx: Tx, task: TaskState, cfg: GridTaskConfig): void {
  const every = cfg.supervisionCycle ?? DEFAULT_SUPERVISION_CYCLE;
  const kind = task.sla?.calendar ?? 'natural';
  const id = `sla-${task.tokenId}-${task.slaEpoch}-cycle${tx.s.seq + 1}`;
  tx.s.seq += 1;
  const timer: TimerState = {
    id,
    purpose: 'supervision-cycle',
    nodeId: task.nodeId,
    taskId: task.id,
    tokenId: task.tokenId,
    dueAt: tx.ctx.calendar.addDuration(tx.now, every, kind),
    epoch: task.slaEpoch,
  };
  tx.s.timers[id] = timer;
  tx.emit({ type: 'timer', timer });
}

/** On breach: climb one rung of the ladder with that rung's SLA; at the top, 挂牌督办. */
export function escalate(tx: Tx, task: TaskState, timer: { dueAt: number }): void {
  const cfg = gridConfig(tx, task);
  const step = cfg.ladder[task.ladderStep];
  const fromLevel = task.level ?? tx.s.unitChain[0].level;
  const fromUnit = task.unit;
  const latenessMs = Math.max(0, tx.now - timer.dueAt);
  if (step) {
    const target = unitAtLevel(tx.s.unitChain, step.level);
    const previous = task.assignee;
    if (previous && !task.watchers.includes(previous)) task.watchers.push(previous);
    task.assignee = undefined;
    task.owner = undefined;
    task.level = step.level;
    task.unit = target.code;
    task.unitPath = unitPathOf(tx.s.unitChain, target.code);
    task.ladderStep += 1;
    task.slaState = 'escalated';
    if (step.candidateRoles) task.candidateRoles = step.candidateRoles;
    const esc: Escalation = {
      fromLevel,
      toLevel: step.level,
      fromUnit,
      toUnit: target.code,
      dueAt: timer.dueAt,
      firedAt: tx.now,
      latenessMs,
    };
    task.escalations.push(esc);
    openSlaWindow(tx, task, step.sla, cfg.warnAt);
    tx.emit({ type: 'escalation', taskId: task.id, escalation: esc });
    tx.record('escalated', { elementId: task.nodeId, from: fromLevel, to: step.level, details: { ...esc } });
    notifyTask(
      tx,
      task,
      'escalated',
      // names, not level codes: the recipient reads "which task, moved up to which unit"
      `超期升级：${task.name ?? task.nodeId}（${tx.s.unitChain.find((u) => u.code === fromUnit)?.name ?? fromUnit} → ${target.name}）`,
      {
        unit: target.code,
        roles: [SUPERVISOR_ROLE, ...task.candidateRoles],
      },
      timer.dueAt,
    );
    if (previous)
      notifyTask(tx, task, 'reassigned', '任务已超期并上报上级', { users: [previous] }, timer.dueAt);
  } else {
    task.slaState = 'supervised';
    tx.s.supervised = true;
    const top = tx.s.unitChain[tx.s.unitChain.length - 1];
    const esc: Escalation = {
      fromLevel,
      toLevel: top.level,
      fromUnit,
      toUnit: top.code,
      dueAt: timer.dueAt,
      firedAt: tx.now,
      latenessMs,
      supervised: true,
    };
    task.escalations.push(esc);
    tx.emit({ type: 'escalation', taskId: task.id, escalation: esc });
    tx.record('supervised', { elementId: task.nodeId, from: fromLevel, to: '挂牌督办', details: { ...esc } });
    notifyTask(tx, task, 'supervised', '挂牌督办：案件逾期未办结', topSupervisors(tx), timer.dueAt);
    scheduleSupervisionCycle(tx, task, cfg);
  }
  tx.emit({ type: 'task', taskId: task.id });
}
