// Who has handled a case ("我经手的"): whoever opened it and whoever held, delegated or watched one of its
// tasks, ever (tasks stay in the case after completion). The case's access keys carry them as `u:<login>`
// (engine/cases/access-keys.ts), so "cases I handled" is one indexed query; and they are told when the case
// closes (flow.ts finishInstance). Pure.
import type { InstanceState } from './types.js';

export function involvedUsers(s: Pick<InstanceState, 'tasks'> & { startedBy?: string }): string[] {
  const users = new Set<string>();
  if (s.startedBy) users.add(s.startedBy);
  for (const t of Object.values(s.tasks ?? {})) {
    if (t.assignee) users.add(t.assignee);
    if (t.owner) users.add(t.owner);
    for (const w of t.watchers ?? []) users.add(w);
  }
  return [...users].sort();
}
