// One level column of the board: its units, each with a card per escalated task (overdue time ticking).
import { CaseLabel } from '../../components/CaseLabel';
import { Link } from '../../components/Link';
import { SlaBadge } from '../../components/SlaBadge';
import { useI18n } from '../../i18n';
import { formatDateTime, formatDuration } from '../../lib/format';
import { useNow } from '../../lib/hooks';
import { levelLabel } from '../../lib/labels';
import { useUnitName } from '../../lib/unitNames';
import { escalationKey, type BoardItem } from './group';
import { SupervisorActions } from './SupervisorActions';

export function EscalationGroup({
  level,
  units,
  fresh,
  onChanged,
}: {
  level: string;
  units: Array<[string, BoardItem[]]>;
  fresh: Set<string>;
  onChanged: () => void;
}) {
  const { t } = useI18n();
  const total = units.reduce((n, [, l]) => n + l.length, 0);
  const unitName = useUnitName();
  return (
    <section className={`board-col board-col--${level}`} data-level={level}>
      <h2 className="board-col__title">
        {level === 'supervised' ? t('sla.supervised') : t('board.toLevel', { level: levelLabel(level) })}
        <span className="count">{total}</span>
      </h2>
      {units.map(([unit, list]) => (
        <div key={unit} className="board-unit">
          <h3 className="board-unit__title">
            {list[0].toUnitName ?? list[0].task?.unitName ?? unitName(unit)}
          </h3>
          {list.map((e) => (
            <EscalationCard
              key={escalationKey(e)}
              e={e}
              fresh={fresh.has(escalationKey(e))}
              onChanged={onChanged}
            />
          ))}
        </div>
      ))}
    </section>
  );
}

function EscalationCard({ e, fresh, onChanged }: { e: BoardItem; fresh: boolean; onChanged: () => void }) {
  const { t } = useI18n();
  const now = useNow();
  const unitName = useUnitName();
  const task = e.task;
  // overdue since the first breached deadline of this task (the earliest escalation's due date)
  const overdueMs = Math.max(0, now - e.firstDueAt);
  return (
    <article
      className={`esc-card ${fresh ? 'esc-card--new' : ''} ${task ? '' : 'esc-card--closed'}`}
      data-testid="escalation-card"
      data-task-id={e.taskId}
    >
      <header className="esc-card__head">
        {e.instanceId ? (
          <Link href={`/cases/${encodeURIComponent(e.instanceId)}`} className="esc-card__task">
            {e.taskName ?? e.nodeId ?? e.taskId}
          </Link>
        ) : (
          <span className="esc-card__task">{e.taskName ?? e.taskId}</span>
        )}
        {task ? (
          <span className="overdue" title={t('board.dueWas', { at: formatDateTime(e.firstDueAt) })}>
            {t('board.overdueFor', { d: formatDuration(overdueMs) })}
          </span>
        ) : (
          <span className="tag">{t('board.closed')}</span>
        )}
      </header>
      <div className="esc-card__case">
        <CaseLabel caseNo={e.caseNo} title={e.caseTitle} id={e.instanceId} />
      </div>
      <div className="esc-card__meta">
        {task?.processName ?? e.definitionKey}
        {e.gridUnit && <> · {unitName(e.gridUnit)}</>}
        {e.businessKey && <> · {e.businessKey}</>}
      </div>
      <div className="esc-card__meta">
        {levelLabel(e.fromLevel)} → {e.supervised ? t('sla.supervised') : levelLabel(e.toLevel)}
        {e.times > 1 && <span className="tag tag--escalated">{t('board.times', { n: e.times })}</span>}
        {' · '}
        {t('board.firedAt', { at: formatDateTime(e.firedAt) })}
      </div>
      {task && (
        <div className="esc-card__meta">
          <SlaBadge
            state={task.slaState}
            dueAt={task.dueAt}
            paused={!!task.paused}
            supervised={task.supervised}
          />{' '}
          {t('board.assignee', { user: task.assignee ?? t('task.unclaimed') })}
        </div>
      )}
      {task && e.instanceId && (
        <SupervisorActions
          instanceId={e.instanceId}
          task={{ id: e.taskId ?? task.id, name: e.taskName, unit: task.unit, assignee: task.assignee }}
          onChanged={onChanged}
        />
      )}
    </article>
  );
}
