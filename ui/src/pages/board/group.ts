// The board's data: escalations joined with the current state of their tasks, one card per task (its
// latest escalation), grouped by level climbed (督办 first, then highest level) and unit.
import { gridLevels } from '../../lib/catalogue';
import type { Escalation, Task } from '../../types';

export interface BoardItem extends Escalation {
  /** how many times this task has been escalated */
  times: number;
  /** the first deadline the task missed */
  firstDueAt: number;
  /** the task as it is now, when it is still open */
  task?: Task;
}

export const escalationKey = (e: Escalation): string => e._id ?? e.id ?? `${e.taskId}.${e.firedAt}`;
const levelOf = (e: Escalation) => (e.supervised ? 'supervised' : e.toLevel);

/** Latest escalation per task, with the open task attached (absent = closed since). */
export function boardItems(escalations: Escalation[], openTasks: Task[]): BoardItem[] {
  const tasks = new Map(openTasks.map((t) => [t.id ?? t._id, t]));
  const byTask = new Map<string, BoardItem>();
  for (const e of [...escalations].sort((a, b) => a.firedAt - b.firedAt)) {
    const k = e.taskId ?? escalationKey(e);
    const prev = byTask.get(k);
    byTask.set(k, {
      ...e,
      times: (prev?.times ?? 0) + 1,
      firstDueAt: prev?.firstDueAt ?? e.dueAt,
      task: e.taskId ? tasks.get(e.taskId) : undefined,
    });
  }
  return [...byTask.values()];
}

export function groupEscalations(list: BoardItem[]): Array<[string, Array<[string, BoardItem[]]>]> {
  const byLevel = new Map<string, Map<string, BoardItem[]>>();
  for (const e of list) {
    const lvl = levelOf(e);
    const units = byLevel.get(lvl) ?? new Map<string, BoardItem[]>();
    const unit = e.toUnit ?? '';
    units.set(unit, [...(units.get(unit) ?? []), e]);
    byLevel.set(lvl, units);
  }
  const rank = (l: string) => (l === 'supervised' ? 100 : gridLevels().indexOf(l));
  return [...byLevel.entries()]
    .sort((a, b) => rank(b[0]) - rank(a[0]))
    .map(([lvl, units]) => [
      lvl,
      [...units.entries()]
        .map(([u, l]) => [u, l.sort((a, b) => a.dueAt - b.dueAt)] as [string, BoardItem[]])
        .sort((a, b) => b[1].length - a[1].length),
    ]);
}
