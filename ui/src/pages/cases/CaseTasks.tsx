// Tasks of a case with their SLA state; supervisors get reassign / 督办 / take-over actions; a completed
// step opens what it submitted.
import { taskId } from '../../api';
import { Link } from '../../components/Link';
import { SlaBadge } from '../../components/SlaBadge';
import { useI18n } from '../../i18n';
import { formatDateTime } from '../../lib/format';
import { levelLabel, statusLabel } from '../../lib/labels';
import { useUnitName } from '../../lib/unitNames';
import type { Instance, Task } from '../../types';
import { SupervisorActions } from '../board/SupervisorActions';

export function CaseTasks({
  instance,
  tasks,
  onChanged,
  onShowStep,
}: {
  instance: Instance;
  tasks: Task[];
  onChanged: () => void;
  /** a completed step was clicked: show what it submitted */
  onShowStep?: (task: Task) => void;
}) {
  const { t } = useI18n();
  const unitName = useUnitName();
  if (!tasks.length) return <p className="muted">{t('case.noTasks')}</p>;
  const sorted = [...tasks].sort(
    (a, b) => (a.status === 'open' ? 0 : 1) - (b.status === 'open' ? 0 : 1) || b.createdAt - a.createdAt,
  );
  return (
    <ul className="case-tasks">
      {sorted.map((task) => (
        <li key={taskId(task)} className={`case-task case-task--${task.status}`}>
          <div className="case-task__head">
            {task.status === 'open' ? (
              <Link href={`/inbox?task=${encodeURIComponent(taskId(task))}`}>{task.name ?? task.nodeId}</Link>
            ) : task.status === 'completed' && onShowStep ? (
              <button
                type="button"
                className="link-btn"
                title={t('file.viewStep')}
                data-step-button={taskId(task)}
                onClick={() => onShowStep(task)}
              >
                {task.name ?? task.nodeId}
              </button>
            ) : (
              <span>{task.name ?? task.nodeId}</span>
            )}
            {task.status === 'open' ? (
              <SlaBadge
                state={task.slaState}
                dueAt={task.assessDueAt ?? task.dueAt}
                paused={!!task.paused}
                parked={!!task.parked}
                supervised={instance.supervised}
              />
            ) : (
              <span className="tag">{statusLabel(task.status)}</span>
            )}
          </div>
          <div className="muted">
            {task.unitName ?? unitName(task.unit)} · {levelLabel(task.level)} ·{' '}
            {task.assignee ?? t('task.unclaimed')} · {formatDateTime(task.createdAt)}
          </div>
          {task.status === 'open' && task.can?.supervise && (
            <SupervisorActions instanceId={instance.id} task={task} onChanged={onChanged} />
          )}
        </li>
      ))}
    </ul>
  );
}
