// The inbox rows: task, case (number, title, grid), unit, claim state and the SLA countdown.
import { taskId } from '../../api';
import { CaseLabel } from '../../components/CaseLabel';
import { SlaBadge } from '../../components/SlaBadge';
import { useI18n } from '../../i18n';
import { levelLabel } from '../../lib/labels';
import { sessionStore } from '../../lib/session';
import { useUnitName } from '../../lib/unitNames';
import type { Task } from '../../types';

export function TaskList({
  tasks,
  selected,
  onSelect,
}: {
  tasks: Task[];
  selected: string | null;
  onSelect: (t: Task) => void;
}) {
  const { t } = useI18n();
  const me = sessionStore.get()?.user.username;
  const unitName = useUnitName();
  return (
    <ul className="task-list" data-testid="task-list">
      {tasks.map((task) => {
        const id = taskId(task);
        return (
          <li key={id}>
            <button
              className={`task-row ${selected === id ? 'task-row--on' : ''}`}
              onClick={() => onSelect(task)}
              data-task-id={id}
            >
              <span className="task-row__name">{task.name ?? task.nodeId}</span>
              <SlaBadge
                state={task.slaState}
                dueAt={task.assessDueAt ?? task.dueAt}
                paused={!!task.paused}
                parked={!!task.parked}
                supervised={task.supervised}
              />
              <span className="task-row__case">
                <CaseLabel caseNo={task.caseNo} title={task.caseTitle} id={task.instanceId} />
              </span>
              <span className="task-row__meta">
                {task.processName ?? task.definitionKey}
                {task.gridUnit && <> · {unitName(task.gridUnit)}</>}
                {task.businessKey && <> · {task.businessKey}</>}
              </span>
              <span className="task-row__meta">
                {task.unitName ?? unitName(task.unit)} · {levelLabel(task.level)}
                {' · '}
                {task.assignee
                  ? task.assignee === me
                    ? t('task.mine')
                    : t('task.claimedBy', { user: task.assignee })
                  : t('task.unclaimed')}
              </span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}
