// Who may act on an open task, kept on the task's read model so a handler's inbox is one side-table lookup.
//
// A grid worker's inbox used to walk every open task of the city (the status index) and test each against
// the access rules (engine/api/access.ts taskQuery) — parsing each document — to keep the few that are
// theirs: 113 ms at 10k open tasks. The same rules as keys (the access-key vocabulary of ./access-keys.ts):
//   u:<username>        the assignee, the owner (delegated by) and each watcher
//   c:<unit>:<role>     each candidate role at the task's unit
// held only while the task is open (empty once closed), so the side table (schema.ts NARROW_MULTIKEY) keeps
// the open tasks alone and the lookup costs what the user's own open tasks cost, whatever the history.
import type { Query } from '../store/types.js';
import type { TaskState } from '../runtime/types.js';
import { candidateKey, userKey } from './access-keys.js';

type TaskLike = Pick<TaskState, 'status' | 'assignee' | 'owner' | 'watchers' | 'unit' | 'candidateRoles'>;

export function openKeysOf(task: TaskLike): string[] {
  if (task.status !== 'open') return [];
  const keys = new Set<string>();
  for (const u of [task.assignee, task.owner, ...(task.watchers ?? [])]) if (u) keys.add(userKey(u));
  for (const r of task.candidateRoles ?? []) keys.add(candidateKey(task.unit, r));
  return [...keys].sort();
}

/** Store query for the open tasks any of `keys` admits to. */
export const openTasksOf = (keys: string[]): Query => ({ openKeys: { $in: keys } });
