// Jurisdiction (管辖范围) rules of the API as pure functions. The same rules as store conditions live in the
// repositories that read by them (engine/cases/case-list.ts caseScopeCondition, engine/queue/inbox-conditions.ts),
// asked with the Principal as their Viewer.
//
//   admin       any role `admin`: everything.
//   supervisor  role `supervisor` at unit U: everything whose unitPath contains U (its subtree).
//   handler     any other role at unit U (handler, reviewer, mediator, police, fire, ...): tasks whose unit
//               is U and whose candidateRoles include one of the user's roles at U; plus tasks assigned to,
//               owned by (delegated from) or watched by the user. Instances: those with such a task, those
//               the user started, and those whose grid unit is one of the user's units.
//
// Whatever lies outside is answered with 404, exactly as if it did not exist (never 403).
import type { EngineEvent, TaskDoc } from '../queue/outbox.js';
import type { RoleAssignment, User } from '../grid/org.js';
import type { InstanceState } from '../runtime/types.js';

export const ADMIN_ROLE = 'admin';
export const SUPERVISOR_ROLE = 'supervisor';

export interface Principal {
  username: string;
  displayName: string;
  admin: boolean;
  roles: RoleAssignment[];
  /** units where the user is supervisor */
  supervises: string[];
  /** unit → the user's other (non-supervisor, non-admin) roles there */
  handles: Record<string, string[]>;
}

export function principalOf(user: Pick<User, '_id' | 'displayName' | 'roles'>): Principal {
  const roles = user.roles ?? [];
  const handles: Record<string, string[]> = {};
  for (const r of roles) {
    if (r.role === ADMIN_ROLE || r.role === SUPERVISOR_ROLE) continue;
    (handles[r.unit] ??= []).push(r.role);
  }
  return {
    username: user._id,
    displayName: user.displayName,
    admin: roles.some((r) => r.role === ADMIN_ROLE),
    roles,
    supervises: [...new Set(roles.filter((r) => r.role === SUPERVISOR_ROLE).map((r) => r.unit))],
    handles,
  };
}

/** Every unit the user holds a role at (supervisor or otherwise). */
export function unitsOf(p: Principal): string[] {
  return [...new Set(p.roles.map((r) => r.unit))];
}

export function rolesAt(p: Principal, unit: string): string[] {
  return p.roles.filter((r) => r.unit === unit).map((r) => r.role);
}

/** Supervisor of a unit on the given path (the path lists a unit and its ancestors). */
export function supervisesPath(p: Principal, unitPath: readonly string[] | undefined): boolean {
  return !!unitPath && p.supervises.some((u) => unitPath.includes(u));
}

type TaskLike = Pick<TaskDoc, 'unit' | 'unitPath' | 'candidateRoles' | 'assignee' | 'owner' | 'watchers'>;

/** Holds one of the task's candidate roles at the task's unit. */
export function isCandidate(p: Principal, task: Pick<TaskDoc, 'unit' | 'candidateRoles'>): boolean {
  return rolesAt(p, task.unit).some((r) => task.candidateRoles.includes(r));
}

export function isPersonallyInvolved(
  p: Principal,
  task: Pick<TaskDoc, 'assignee' | 'owner' | 'watchers'>,
): boolean {
  return (
    task.assignee === p.username || task.owner === p.username || (task.watchers ?? []).includes(p.username)
  );
}

export function canSuperviseTask(p: Principal, task: Pick<TaskDoc, 'unitPath'>): boolean {
  return p.admin || supervisesPath(p, task.unitPath);
}

export function canSeeTask(p: Principal, task: TaskLike): boolean {
  return canSuperviseTask(p, task) || isCandidate(p, task) || isPersonallyInvolved(p, task);
}

/** May claim/complete/pause... the task: candidate, assignee, delegating owner, or supervisor of its unit. */
export function canActOnTask(p: Principal, task: TaskLike): boolean {
  return (
    canSuperviseTask(p, task) ||
    isCandidate(p, task) ||
    task.assignee === p.username ||
    task.owner === p.username
  );
}

/**
 * May suspend/resume the task's SLA clock: its assignee, any candidate while nobody holds it, or a
 * supervisor of its unit — not a candidate while a colleague holds it, nor the owner of a delegated task.
 */
export function canPauseTask(
  p: Principal,
  task: Pick<TaskDoc, 'unit' | 'unitPath' | 'candidateRoles' | 'assignee'>,
): boolean {
  if (canSuperviseTask(p, task)) return true;
  return task.assignee ? task.assignee === p.username : isCandidate(p, task);
}

/** May decide a task's 延期申请: a supervisor of a unit above the task's unit (一级审批), or an admin. */
export function canApproveExtension(p: Principal, task: Pick<TaskDoc, 'unit' | 'unitPath'>): boolean {
  return p.admin || p.supervises.some((u) => u !== task.unit && task.unitPath.includes(u));
}

/**
 * May decide a 挂账申请: a supervisor of a unit on the task's path at `minLevel` (street) or above in the
 * configured level order, or an admin. `levelOf` names the level of a unit on that path.
 */
export function canApproveBacklog(
  p: Principal,
  task: Pick<TaskDoc, 'unitPath'>,
  levelOf: (code: string) => string | undefined,
  levels: readonly string[],
  minLevel: string,
): boolean {
  if (p.admin) return true;
  const min = levels.indexOf(minLevel);
  return p.supervises.some((u) => {
    if (!task.unitPath.includes(u)) return false;
    const rank = levels.indexOf(levelOf(u) ?? '');
    return min < 0 ? u === task.unitPath[task.unitPath.length - 1] : rank >= min;
  });
}

/** May be given the task (delegate, reassign): a candidate at its unit, or a supervisor of that unit. */
export function canReceiveTask(
  p: Principal,
  task: Pick<TaskDoc, 'unit' | 'unitPath' | 'candidateRoles'>,
): boolean {
  return isCandidate(p, task) || supervisesPath(p, task.unitPath);
}

type InstanceLike = Pick<InstanceState, 'unitPath' | 'startedBy' | 'gridUnit'>;

/** Instance visibility without looking at tasks (the caller adds "has a visible task"). */
export function canSeeInstanceDirectly(p: Principal, inst: InstanceLike): boolean {
  return (
    p.admin ||
    supervisesPath(p, inst.unitPath) ||
    inst.startedBy === p.username ||
    p.handles[inst.gridUnit] !== undefined
  );
}

export function canCancelInstance(p: Principal, inst: Pick<InstanceState, 'unitPath'>): boolean {
  return p.admin || supervisesPath(p, inst.unitPath);
}

/** May open a case at a unit: one of the user's units is the unit or one of its ancestors. */
export function canStartAt(p: Principal, unitChainCodes: readonly string[]): boolean {
  if (p.admin) return true;
  return unitsOf(p).some((u) => unitChainCodes.includes(u));
}

/** Units whose subtree the user works in (for unit listings, stats and escalations). */
export function jurisdictionRoots(p: Principal): string[] {
  return unitsOf(p);
}

/** Holds one of `candidates` (a task's candidate roles) at `unit` as a handler. */
function handlesAt(p: Principal, unit: string | undefined, candidates: unknown): boolean {
  if (!unit || !Array.isArray(candidates)) return false;
  return (p.handles[unit] ?? []).some((r) => candidates.includes(r));
}

/**
 * Live events: notifications go to their recipient only; task and escalation events to the users they
 * name, to supervisors of a unit on the event's path, and to the task's candidates at the event's unit
 * (an event without candidate roles reaches no handler).
 */
export function canSeeEvent(p: Principal, e: EngineEvent): boolean {
  const named = (e.users ?? []).includes(p.username);
  if (e.type === 'notification') return named;
  if (p.admin || named) return true;
  if (supervisesPath(p, e.unitPath)) return true;
  if (e.type === 'task' || e.type === 'escalation') {
    const unit = e.unit ?? (e.payload.toUnit as string | undefined) ?? e.unitPath?.[0];
    return handlesAt(p, unit, e.payload.candidateRoles);
  }
  return false;
}

/**
 * An escalation took a task away from the caller's unit: the caller was one of its candidates at the unit
 * it left (and sees nothing of where it went), so their inbox must hear that it is gone.
 */
export function lostByEscalation(p: Principal, e: EngineEvent): boolean {
  if (e.type !== 'escalation' || e.payload.supervised) return false;
  return handlesAt(p, e.payload.fromUnit as string | undefined, e.payload.candidateRoles);
}
