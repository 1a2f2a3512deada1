// Who may act on an open task, kept on the task's read model so a handler's inbox is one side-table lookup.
//
// A grid worker's inbox used to walk every open task of the city (the status index) and test each against
// the access rules (engine/queue/inbox-conditions.ts taskScopeCondition) — parsing each document — to keep the few that are
// theirs: 113 ms at 10k open tasks. The same rules as keys (the access-key vocabulary of ./access-keys.ts):
//   u:<username>        the assignee, the owner (delegated by) and each watcher
//   c:<unit>:<role>     each candidate role at the task's unit
//   s:<unit>            each unit of the task's path (grid up to district): a supervisor of that unit sees it
// held only while the task is open (empty once closed), so the side table (schema.ts NARROW_MULTIKEY) keeps
// the open tasks alone and the lookup costs what the user's own open tasks cost, whatever the history. A
// supervisor's subtree is one key too: before it, a district supervisor's inbox walked the status index and
// tested each open task's path, and its total (a count of the same walk) took 0.5 s on PostgreSQL at 10k
// open tasks.
import type { Query } from '../store/types.js';
import type { TaskState } from '../runtime/types.js';
import { candidateKey, userKey } from './access-keys.js';

type TaskLike = Pick<
  TaskState,
  'status' | 'assignee' | 'owner' | 'watchers' | 'unit' | 'unitPath' | 'candidateRoles'
>;

export const supervisorKey = (unit: string) => `s:${unit}`;

/**
 * Raise when the keys change shape: open tasks stored with an older set are given the new one at the next
 * start (access-keys-backfill.ts). 2: `s:<unit>` keys.
 */
export const OPEN_KEYS_VERSION = 2;

export function openKeysOf(task: TaskLike): string[] {
  if (task.status !== 'open') return [];
  const keys = new Set<string>();
  for (const u of [task.assignee, task.owner, ...(task.watchers ?? [])]) if (u) keys.add(userKey(u));
  for (const r of task.candidateRoles ?? []) keys.add(candidateKey(task.unit, r));
  for (const unit of task.unitPath ?? []) keys.add(supervisorKey(unit));
  return [...keys].sort();
}

/** Store query for the open tasks any of `keys` admits to. */
export const openTasksOf = (keys: string[]): Query => ({ openKeys: { $in: keys } });
