// The store conditions of the task listings (inboxes, pending requests, "has a task the viewer may see"):
// built here from a Viewer (engine/cases/viewer.ts) and domain criteria, read only by TaskRepository
// (./task-repository.ts) and the plan tests. The jurisdiction rules are those of engine/api/access.ts
// (canSeeTask); test/api/access.test.ts and test/cases/task-keys.test.ts hold them equal.
import type { Viewer } from '../cases/viewer.js';
import { candidateKey, userKey } from '../cases/access-keys.js';
import { openTasksOf, supervisorKey } from '../cases/task-keys.js';
import { allOf } from '../store-conditions.js';
import type { Query } from '../store/types.js';

/** Role name that is a candidate role at a supervised unit (a task for role `supervisor`). */
const SUPERVISOR_ROLE = 'supervisor';

/** Store condition for every task (open or not) the viewer may see; `null` = no restriction (admin). */
export function taskScopeCondition(v: Viewer): Query | null {
  if (v.admin) return null;
  const or: Query[] = [{ assignee: v.username }, { owner: v.username }, { watchers: v.username }];
  if (v.supervises.length) or.push({ unitPath: { $in: [...v.supervises] } });
  for (const [unit, roles] of Object.entries(v.handles))
    or.push({ unit, candidateRoles: { $in: [...roles] } });
  // supervisors may also be candidates at their own unit (e.g. a task for role `supervisor`)
  for (const unit of v.supervises) or.push({ unit, candidateRoles: SUPERVISOR_ROLE });
  return { $or: or };
}

/**
 * The open tasks the viewer may see — taskScopeCondition and status open — as one lookup of their keys on
 * the open tasks (engine/cases/task-keys.ts): their own, their candidate roles, a supervised subtree's
 * `s:<unit>`.
 */
export function openTaskScopeCondition(v: Viewer): Query {
  if (v.admin) return { status: 'open' };
  const keys = [userKey(v.username)];
  for (const [unit, roles] of Object.entries(v.handles))
    for (const r of roles) keys.push(candidateKey(unit, r));
  // a task for role `supervisor` at a supervised unit lies on its path: the unit's s: key admits it
  for (const unit of v.supervises) keys.push(supervisorKey(unit));
  // `status` is implied by the keys (only open tasks have any) but lets PostgreSQL choose by the numbers:
  // a district supervisor's first page from the (status, dueAt) index checking each row's keys (0.2 ms
  // at 3.6k open tasks), a grid worker's few tasks from the keys (0.8 ms); without it every one of the
  // district's documents was read to sort them (0.1–0.3 s)
  return { status: 'open', ...openTasksOf(keys) };
}

export const REQUEST_KINDS = ['extension', 'backlog'] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];

/**
 * Pending 延期 / 挂账 requests a viewer may decide: per kind, 'any' (an admin) or the units whose requests
 * they decide — an extension of a task below a supervised unit (not at it), a backlog within a supervised
 * unit at the approval level or above (the caller knows the levels of its units). A kind left out: none.
 */
export interface DecidableRequests {
  extension?: readonly string[] | 'any';
  backlog?: readonly string[] | 'any';
}

/** What an inbox may be narrowed by, besides the viewer's jurisdiction. */
export interface InboxCriteria {
  /** 'open' (default of the inbox), 'all', or a stored task status (completed, cancelled, ...) */
  status?: string;
  /** assigned to or delegated by the viewer */
  mine?: boolean;
  /** the task's level (grid, community, street, ...) */
  level?: string;
  /** tasks of cases at these grid units (a unit's subtree, resolved by the caller from the org) */
  gridUnits?: readonly string[];
  instanceId?: string;
  definitionKey?: string;
  slaState?: string;
  /** open and due before this instant */
  dueBefore?: number;
  /** only tasks with a pending request the viewer may decide */
  decidable?: DecidableRequests;
}

export const INBOX_SORTS = ['dueAt', '-dueAt', 'createdAt', '-createdAt', 'updatedAt', '-updatedAt'] as const;
export type InboxSort = (typeof INBOX_SORTS)[number];

const SORT_ORDER: Record<InboxSort, Record<string, 1 | -1>> = {
  dueAt: { dueAt: 1, createdAt: 1 },
  '-dueAt': { dueAt: -1, createdAt: -1 },
  createdAt: { createdAt: 1 },
  '-createdAt': { createdAt: -1 },
  updatedAt: { updatedAt: 1 },
  '-updatedAt': { updatedAt: -1 },
};

export const inboxOrder = (sort: InboxSort = 'dueAt') => SORT_ORDER[sort];

/** The condition on pending requests; null when the viewer may decide none (the list is empty). */
export function decidableCondition(d: DecidableRequests): Query | null {
  const ors: Query[] = [];
  const { extension, backlog } = d;
  if (extension === 'any') ors.push({ requestKind: 'extension' });
  else if (extension?.length)
    ors.push({ requestKind: 'extension', unitPath: { $in: [...extension] }, unit: { $nin: [...extension] } });
  if (backlog === 'any') ors.push({ requestKind: 'backlog' });
  else if (backlog?.length) ors.push({ requestKind: 'backlog', unitPath: { $in: [...backlog] } });
  if (!ors.length) return null;
  if (extension === 'any' && backlog === 'any') return { requestKind: { $in: [...REQUEST_KINDS] } };
  return ors.length === 1 ? ors[0] : { $or: ors };
}

/** The store condition of an inbox; null when nothing can match (no request the viewer may decide). */
export function inboxCondition(v: Viewer, c: InboxCriteria): Query | null {
  const status = c.status ?? 'open';
  let decidable: Query | null = null;
  if (c.decidable) {
    decidable = decidableCondition(c.decidable);
    if (!decidable) return null;
  }
  return allOf(
    status === 'open' ? openTaskScopeCondition(v) : taskScopeCondition(v),
    status !== 'all' && status !== 'open' ? { status } : null,
    c.mine ? { $or: [{ assignee: v.username }, { owner: v.username }] } : null,
    c.level ? { level: c.level } : null,
    c.gridUnits ? { gridUnit: { $in: [...c.gridUnits] } } : null,
    c.instanceId ? { instanceId: c.instanceId } : null,
    c.definitionKey ? { definitionKey: c.definitionKey } : null,
    c.slaState ? { slaState: c.slaState } : null,
    c.dueBefore !== undefined ? { status: 'open', dueAt: { $lt: c.dueBefore } } : null,
    decidable,
  );
}
