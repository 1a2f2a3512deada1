// SLA windows and the escalation ladder of user tasks, applied inside a transition (pure: state in, effects out).
// A task's SLA window is (slaStartedAt, dueAt) on its calendar; warn and breach timers carry the task's
// slaEpoch in their id, so re-planning (escalation, extension, 挂账) leaves stale timer jobs with nothing to do.
//
// On a breach the task climbs the next rung of its ladder that moves it up the case's unit chain (rungs that
// would leave it where it is, or move it down, are skipped); past the last rung of a declared ladder the case
// is 挂牌督办 (supervised) and the top supervisors are reminded on a cycle. A task with an SLA and no ladder is
// marked overdue and its own unit's supervisors and handlers are urged (催办), again on its declared cycle.

import { checkIsoDuration, DEFAULT_LEVELS } from '../model/validate.js';
import type { CalendarKind, GridTaskConfig, LadderStep, SlaSpec } from '../model/types.js';
import { evalFeel, ExpressionError, readsNote } from '../runtime/feel.js';
import { variablesAt } from '../runtime/multi-instance.js';
import type { Tx } from '../runtime/transition.js';
import type { Escalation, TaskState, TimerState, UnitRef } from '../runtime/types.js';
import { notice } from '../notifications/messages.js';

export const DEFAULT_SUPERVISION_CYCLE = 'P1D';
export const SUPERVISOR_ROLE = 'supervisor';

/**
 * `=expr` SLAs are evaluated against the instance variables (e.g. a place's time limit from its unit's
 * configuration). The value must be an ISO-8601 duration usable on the task's calendar and within the
 * horizon; anything else is an ExpressionError (code sla.invalid) naming the variables the expression
 * reads, so the step is parked as an incident an admin resolves by setting a value and retrying.
 */
export function resolveDuration(
  expr: string,
  vars: Record<string, unknown>,
  calendar: CalendarKind = 'workday',
): string {
  if (!expr.trim().startsWith('=')) return expr.trim();
  const v = evalFeel(expr, vars);
  const bad = (why: string) =>
    new ExpressionError(expr, `time limit ${JSON.stringify(v)}${readsNote(expr)}: ${why}`, 'sla.invalid');
  if (typeof v !== 'string' || !v) throw bad('not an ISO-8601 duration such as P3D or PT24H');
  const why = checkIsoDuration(v, calendar)?.message;
  if (why) throw bad(why);
  return v.trim();
}

export function unitPathOf(chain: UnitRef[], code: string): string[] {
  const i = chain.findIndex((u) => u.code === code);
  return i < 0 ? [code] : chain.slice(i).map((u) => u.code);
}

/** Grid levels, bottom up, of the running definition (GRID_LEVELS when it was compiled). */
export function levelsOf(tx: Tx): readonly string[] {
  return tx.def.levels?.length ? tx.def.levels : DEFAULT_LEVELS;
}

/**
 * The unit a task of `level` belongs to: the nearest unit on the path from the case's grid to the root whose
 * level is `level` or above it in the configured order, so a 片区 task of a village grid with no 片区 above it
 * goes to its community, not to the top. No level: the case's grid; a level no unit reaches: the top unit.
 */
export function unitAtLevel(
  chain: UnitRef[],
  level: string | undefined,
  levels: readonly string[] = DEFAULT_LEVELS,
): UnitRef {
  if (!level) return chain[0];
  const rank = levels.indexOf(level);
  const unit =
    rank < 0
      ? chain.find((u) => u.level === level)
      : chain.find((u) => u.level === level || levels.indexOf(u.level) >= rank);
  return unit ?? chain[chain.length - 1];
}

/** Position of a unit on the case's chain (0 = the case's grid), -1 when it is not on it. */
function chainIndex(tx: Tx, code: string): number {
  return tx.s.unitChain.findIndex((u) => u.code === code);
}

function unitName(tx: Tx, code: string): string {
  return tx.s.unitChain.find((u) => u.code === code)?.name ?? code;
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
  const scopeId = tx.s.tokens[task.tokenId]?.scopeId ?? 'root';
  const duration = resolveDuration(spec.duration, variablesAt(tx.s, scopeId), spec.calendar);
  task.sla = { duration, calendar: spec.calendar };
  task.slaEpoch += 1;
  task.warned = false;
  task.slaStartedAt = tx.now;
  task.dueAt = tx.ctx.calendar.addDuration(tx.now, duration, spec.calendar);
  task.assessDueAt = task.dueAt;
  task.warnDueAt =
    warnAt !== undefined
      ? tx.ctx.calendar.fractionPoint(tx.now, task.dueAt, warnAt, spec.calendar)
      : undefined;
  scheduleSlaTimers(tx, task);
}

/** Whether the current window's warning has fired (tasks stored before `warned` existed: by their state). */
const isWarned = (task: TaskState) => task.warned ?? task.slaState === 'warned';

/** The breach of the current window was dealt with (挂牌督办 or overdue): no window is running any more. */
const breachHandled = (task: TaskState) => task.slaState === 'supervised' || task.slaState === 'overdue';

function scheduleSlaTimers(tx: Tx, task: TaskState): void {
  // every window warns once, escalated ones included
  if (task.warnDueAt !== undefined && !isWarned(task)) slaTimer(tx, task, 'sla-warn', task.warnDueAt);
  if (task.dueAt !== undefined) slaTimer(tx, task, 'sla-breach', task.dueAt);
}

/**
 * An approved extension (延期): the window now ends at `dueAt` — the operational due date and the assessed
 * one alike — with the warning at the same fraction of the longer window; timers are re-planned (a new
 * epoch, so the old window's jobs find nothing to do).
 */
export function moveDueDate(tx: Tx, task: TaskState, dueAt: number, warnAt?: number): void {
  clearSlaTimers(tx, task);
  task.slaEpoch += 1;
  task.dueAt = dueAt;
  task.assessDueAt = dueAt;
  const kind = task.sla?.calendar ?? 'workday';
  const start = task.slaStartedAt ?? task.createdAt;
  const warnDueAt =
    warnAt !== undefined ? tx.ctx.calendar.fractionPoint(start, dueAt, warnAt, kind) : undefined;
  // a warning already given stays given unless the new one lies ahead
  task.warnDueAt = warnDueAt;
  if (warnDueAt !== undefined && warnDueAt > tx.now) {
    task.warned = false;
    if (task.slaState === 'warned') task.slaState = 'ontime';
  }
  if (!task.parked) scheduleSlaTimers(tx, task);
}

/**
 * 挂起 (pause): a personal marker of the holder — "waiting for the party" — with its reason. It stops nothing:
 * the warning, the breach and the reminders run on and the due dates stay (only approved extensions and
 * 挂账 move them, see moveDueDate and holdSla). Its intervals are kept (`pauses`) for the handling-time figure.
 */
export function pauseSla(tx: Tx, task: TaskState, reason?: string): void {
  task.paused = { since: tx.now, reason, by: tx.ctx.actor };
}

/** Ends a pause (the marker): records its interval; returns the paused working ms. */
export function resumeSla(tx: Tx, task: TaskState): number {
  const since = task.paused?.since ?? tx.now;
  if (task.paused) task.pauses = [...(task.pauses ?? []), { from: since, to: tx.now }];
  task.paused = undefined;
  return tx.ctx.calendar.elapsed(since, tx.now, task.sla?.calendar ?? 'workday');
}

/** 挂账: the task's clock stops (its timers cancelled, stale jobs find a new epoch); remaining time is kept. */
export function holdSla(tx: Tx, task: TaskState): void {
  clearSlaTimers(tx, task);
  task.slaEpoch += 1;
}

/**
 * The end of a 挂账 held since `since`: due, warning and assessed due dates move by the held working time and
 * the timers are re-planned; the held interval is left out of handling time (`pauses`). A task whose breach
 * was already dealt with (挂牌督办, overdue) gets no new breach: only its reminder cycle goes on, later by the
 * held time. Returns the held working ms.
 */
export function releaseSla(tx: Tx, task: TaskState, since: number): number {
  task.pauses = [...(task.pauses ?? []), { from: since, to: tx.now }];
  task.slaEpoch += 1;
  if (!task.sla || task.dueAt === undefined) return 0;
  const cal = tx.ctx.calendar;
  const kind = task.sla.calendar;
  const shift = (at: number) => cal.addElapsed(tx.now, cal.elapsed(since, at, kind), kind);
  const heldMs = cal.elapsed(since, tx.now, kind);
  if (task.assessDueAt !== undefined && task.assessDueAt > since) task.assessDueAt = shift(task.assessDueAt);
  if (breachHandled(task)) {
    const every = cycleOf(gridConfig(tx, task), task);
    const next = task.cycleDueAt;
    if (next === undefined) scheduleCycle(tx, task, every);
    else if (every) scheduleCycleAt(tx, task, next > since ? shift(next) : tx.now); // overdue while held: now
    return heldMs;
  }
  if (task.dueAt > since) task.dueAt = shift(task.dueAt);
  if (task.warnDueAt !== undefined && task.warnDueAt > since) task.warnDueAt = shift(task.warnDueAt);
  if (task.slaStartedAt !== undefined)
    task.slaStartedAt = Math.min(tx.now, task.slaStartedAt + (tx.now - since));
  scheduleSlaTimers(tx, task);
  return heldMs;
}

type Target = { unit?: string; roles?: string[]; users?: string[] };

function notifyTask(
  tx: Tx,
  task: TaskState,
  kind: 'warning' | 'escalated' | 'supervised' | 'supervision-reminder' | 'reassigned',
  what: ReturnType<typeof notice>,
  target: Target,
  batchAt: number,
  batch: string = kind,
): void {
  tx.emit({
    type: 'notify',
    intent: {
      kind,
      ...target,
      taskId: task.id,
      ...what,
      body: `${tx.def.name ?? tx.def.key} · ${task.name ?? task.nodeId} · ${tx.s.businessKey ?? tx.s._id}`,
      // escalations due in the same second for the same recipient become one notification
      batchKey: `${batch}.${Math.floor(batchAt / 1000)}`,
    },
  });
}

/** Who is urged (催办) about an overdue task: its unit's supervisors and whoever works it there. */
export function urgeTargets(task: TaskState): Target {
  const users = [task.assignee, task.owner].filter((u): u is string => !!u);
  return users.length
    ? { unit: task.unit, roles: [SUPERVISOR_ROLE], users: [...new Set(users)] }
    : { unit: task.unit, roles: [...new Set([SUPERVISOR_ROLE, ...task.candidateRoles])] };
}

export function onSlaTimer(tx: Tx, timer: TimerState): void {
  const task = timer.taskId ? tx.s.tasks[timer.taskId] : undefined;
  if (!task || task.status !== 'open' || task.parked || timer.epoch !== task.slaEpoch) {
    tx.changed = false;
    return;
  }
  if (timer.purpose === 'sla-warn') {
    if (task.warned) {
      tx.changed = false;
      return;
    }
    task.warned = true;
    const before = task.slaState;
    if (task.slaState === 'ontime') task.slaState = 'warned';
    tx.record('sla-warning', {
      elementId: task.nodeId,
      from: before,
      to: task.slaState,
      details: { taskId: task.id, dueAt: task.dueAt },
    });
    notifyTask(
      tx,
      task,
      'warning',
      notice('sla.warning', { taskName: task.name ?? task.nodeId }),
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
  // supervision-cycle: reminders until the task is done — 挂牌督办 to the top supervisors, 催办 to its own unit
  if (!breachHandled(task)) {
    tx.changed = false;
    return;
  }
  task.cycleDueAt = undefined;
  if (task.slaState === 'supervised') {
    notifyTask(
      tx,
      task,
      'supervision-reminder',
      notice('sla.supervision-reminder', { taskName: task.name ?? task.nodeId }),
      topSupervisors(tx),
      timer.dueAt,
    );
    tx.record('supervision-reminder', {
      elementId: task.nodeId,
      from: task.slaState,
      to: task.slaState,
      details: { taskId: task.id },
    });
  } else {
    notifyTask(
      tx,
      task,
      'warning',
      notice('sla.overdue-reminder', {
        taskName: task.name ?? task.nodeId,
        unitName: unitName(tx, task.unit),
      }),
      urgeTargets(task),
      timer.dueAt,
      'overdue',
    );
    tx.record('overdue-reminder', {
      elementId: task.nodeId,
      from: task.slaState,
      to: task.slaState,
      details: { taskId: task.id, unit: task.unit },
    });
  }
  scheduleCycle(tx, task, cycleOf(gridConfig(tx, task), task));
  tx.emit({ type: 'task', taskId: task.id });
}

function topSupervisors(tx: Tx): { unit: string; roles: string[] } {
  return { unit: tx.s.unitChain[tx.s.unitChain.length - 1].code, roles: [SUPERVISOR_ROLE] };
}

/** The reminder cycle of a task in its state: 挂牌督办 always reminds (default daily), overdue only when declared. */
export function cycleOf(cfg: GridTaskConfig, task: TaskState): string | undefined {
  if (task.slaState === 'supervised') return cfg.supervisionCycle ?? DEFAULT_SUPERVISION_CYCLE;
  if (task.slaState === 'overdue') return cfg.supervisionCycle;
  return undefined;
}

/** Arms the next reminder one cycle from now (nothing when the task has no cycle). */
function scheduleCycle(tx: Tx, task: TaskState, every: string | undefined): void {
  if (every)
    scheduleCycleAt(tx, task, tx.ctx.calendar.addDuration(tx.now, every, task.sla?.calendar ?? 'natural'));
}

function scheduleCycleAt(tx: Tx, task: TaskState, dueAt: number): void {
  const id = `sla-${task.tokenId}-${task.slaEpoch}-cycle${tx.s.seq + 1}`;
  tx.s.seq += 1;
  const timer: TimerState = {
    id,
    purpose: 'supervision-cycle',
    nodeId: task.nodeId,
    taskId: task.id,
    tokenId: task.tokenId,
    dueAt,
    epoch: task.slaEpoch,
  };
  task.cycleDueAt = dueAt;
  tx.s.timers[id] = timer;
  tx.emit({ type: 'timer', timer });
}

/** Cancels the pending reminder of a task (e.g. 摘牌 of a task that declares no cycle of its own). */
export function clearCycle(tx: Tx, task: TaskState): void {
  for (const [id, t] of Object.entries(tx.s.timers)) {
    if (t.taskId === task.id && t.purpose === 'supervision-cycle') {
      delete tx.s.timers[id];
      tx.emit({ type: 'cancelTimer', timerId: id });
    }
  }
  task.cycleDueAt = undefined;
}

interface Rung {
  step: LadderStep;
  index: number;
  target: UnitRef;
}

/** The next rung from the task's position that moves it up its case's chain; lower or equal ones are skipped. */
function nextRung(tx: Tx, task: TaskState, cfg: GridTaskConfig): Rung | undefined {
  const levels = levelsOf(tx);
  const here = chainIndex(tx, task.unit);
  for (let index = task.ladderStep; index < cfg.ladder.length; index++) {
    const step = cfg.ladder[index];
    const target = unitAtLevel(tx.s.unitChain, step.level, levels);
    if (chainIndex(tx, target.code) > here) return { step, index, target };
  }
  return undefined;
}

/**
 * On breach: climb the next rung of the ladder that moves the task up, with that rung's SLA; past the last
 * rung of a declared ladder, 挂牌督办; without a ladder, overdue and 催办.
 */
export function escalate(tx: Tx, task: TaskState, timer: { dueAt: number }): void {
  const cfg = gridConfig(tx, task);
  const from = {
    unit: task.unit,
    level: tx.s.unitChain.find((u) => u.code === task.unit)?.level ?? task.level ?? tx.s.unitChain[0].level,
    latenessMs: Math.max(0, tx.now - timer.dueAt),
  };
  const rung = nextRung(tx, task, cfg);
  if (rung) climb(tx, task, cfg, rung, timer, from);
  else if (cfg.ladder.length) supervise(tx, task, cfg, timer, from);
  else markOverdue(tx, task, cfg, timer, from);
  tx.emit({ type: 'task', taskId: task.id });
}

type From = { unit: string; level: string; latenessMs: number };

function climb(
  tx: Tx,
  task: TaskState,
  cfg: GridTaskConfig,
  rung: Rung,
  timer: { dueAt: number },
  from: From,
) {
  const { step, target } = rung;
  // the assignee and, for a delegated task, its owner (首接负责人) keep read access and are told
  const told = [...new Set([task.assignee, task.owner].filter((u): u is string => !!u))];
  for (const u of told) if (!task.watchers.includes(u)) task.watchers.push(u);
  task.assignee = undefined;
  task.owner = undefined;
  task.level = target.level;
  task.unit = target.code;
  task.unitPath = unitPathOf(tx.s.unitChain, target.code);
  task.ladderStep = rung.index + 1;
  task.slaState = 'escalated';
  if (step.candidateRoles) task.candidateRoles = step.candidateRoles;
  const esc: Escalation = {
    fromLevel: from.level,
    toLevel: target.level,
    fromUnit: from.unit,
    toUnit: target.code,
    dueAt: timer.dueAt,
    firedAt: tx.now,
    latenessMs: from.latenessMs,
  };
  task.escalations.push(esc);
  openSlaWindow(tx, task, step.sla, cfg.warnAt);
  tx.emit({ type: 'escalation', taskId: task.id, escalation: esc });
  tx.record('escalated', { elementId: task.nodeId, from: from.level, to: target.level, details: { ...esc } });
  notifyTask(
    tx,
    task,
    'escalated',
    // names, not level codes: the recipient reads "which task, moved up to which unit"
    notice('sla.escalated', {
      taskName: task.name ?? task.nodeId,
      fromUnit: unitName(tx, from.unit),
      toUnit: target.name,
      level: target.level,
    }),
    { unit: target.code, roles: [SUPERVISOR_ROLE, ...task.candidateRoles] },
    timer.dueAt,
  );
  if (told.length)
    notifyTask(
      tx,
      task,
      'reassigned',
      notice('sla.escalated-told', { taskName: task.name ?? task.nodeId }),
      { users: told },
      timer.dueAt,
    );
}

function supervise(tx: Tx, task: TaskState, cfg: GridTaskConfig, timer: { dueAt: number }, from: From) {
  task.slaState = 'supervised';
  tx.s.supervised = true;
  const top = tx.s.unitChain[tx.s.unitChain.length - 1];
  const esc: Escalation = {
    fromLevel: from.level,
    toLevel: top.level,
    fromUnit: from.unit,
    toUnit: top.code,
    dueAt: timer.dueAt,
    firedAt: tx.now,
    latenessMs: from.latenessMs,
    supervised: true,
  };
  task.escalations.push(esc);
  tx.emit({ type: 'escalation', taskId: task.id, escalation: esc });
  tx.record('supervised', { elementId: task.nodeId, from: from.level, to: '挂牌督办', details: { ...esc } });
  notifyTask(
    tx,
    task,
    'supervised',
    notice('sla.supervised', { taskName: task.name ?? task.nodeId }),
    topSupervisors(tx),
    timer.dueAt,
  );
  scheduleCycle(tx, task, cycleOf(cfg, task));
}

/** No ladder: the task stays where it is, overdue; its unit's supervisors and its handlers are urged. */
function markOverdue(tx: Tx, task: TaskState, cfg: GridTaskConfig, timer: { dueAt: number }, from: From) {
  task.slaState = 'overdue';
  tx.record('sla-overdue', {
    elementId: task.nodeId,
    from: 'ontime',
    to: 'overdue',
    details: { taskId: task.id, unit: task.unit, dueAt: timer.dueAt, latenessMs: from.latenessMs },
  });
  notifyTask(
    tx,
    task,
    'warning',
    notice('sla.overdue', { taskName: task.name ?? task.nodeId, unitName: unitName(tx, task.unit) }),
    urgeTargets(task),
    timer.dueAt,
    'overdue',
  );
  scheduleCycle(tx, task, cycleOf(cfg, task));
}
