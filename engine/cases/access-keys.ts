// Who may see a case through one of its tasks, kept on the case itself so a case list is one indexed query.
//
// Before, listing a grid worker's cases loaded every task they were ever assigned, owned or watched (and the
// candidate tasks at units they handle) to collect case ids — a cost that grew with every closed case. The
// keys below are the same rules (engine/cases/case-list.ts caseScopeCondition) folded into a multikey field:
//   u:<username>          the starter, and the assignee, owner (delegation) or watcher of any task of the
//                         case, ever (engine/runtime/involved.ts)
//   c:<unit>:<role>       a candidate role of a task at a unit other than the case's own grid unit (a case
//                         opened further down that reached that unit — the grid unit itself is admitted by
//                         `gridUnit` already)
// Tasks stay in the instance document after completion, so the keys are recomputed from the whole state on
// every write (engine/queue/runner.ts stamp): deterministic, nothing to keep in step by hand.
import { involvedUsers } from '../runtime/involved.js';
import type { InstanceState } from '../runtime/types.js';

export const userKey = (username: string) => `u:${username}`;
export const candidateKey = (unit: string, role: string) => `c:${unit}:${role}`;

export function accessKeysOf(
  s: Pick<InstanceState, 'tasks' | 'gridUnit'> & { startedBy?: string },
): string[] {
  // the people involved (engine/runtime/involved.ts): the starter too, so "cases I handled" is one key
  const keys = new Set<string>(involvedUsers(s).map(userKey));
  for (const t of Object.values(s.tasks ?? {}))
    if (t.unit !== s.gridUnit) for (const r of t.candidateRoles ?? []) keys.add(candidateKey(t.unit, r));
  return [...keys].sort();
}

/** Store query for the cases `username` is involved in (opened or handled): one indexed key. */
export const involvedQuery = (username: string) => ({ accessKeys: userKey(username) });
