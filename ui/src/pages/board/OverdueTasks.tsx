// Tasks past their time limit that have no escalation ladder to climb (slaState stays `overdue`): nothing
// moves them up, so the board lists them apart, each opening its case, with a link to all overdue cases.
import { CaseLabel } from '../../components/CaseLabel';
import { Link } from '../../components/Link';
import { useI18n } from '../../i18n';
import { formatDateTime } from '../../lib/format';
import { levelLabel } from '../../lib/labels';
import { useUnitName } from '../../lib/unitNames';
import type { Task } from '../../types';

export function OverdueTasks({ tasks }: { tasks: Task[] }) {
  const { t } = useI18n();
  const unitName = useUnitName();
  if (!tasks.length) return null;
  return (
    <section className="card board-overdue" data-testid="board-overdue">
      <div className="dash-table-head">
        <h2>
          {t('board.overdueNoLadder')} <span className="count">{tasks.length}</span>
        </h2>
        <Link href="/cases?overdue=1">{t('board.allOverdueCases')}</Link>
      </div>
      <p className="muted">{t('board.overdueNoLadderHint')}</p>
      <ul className="task-list">
        {tasks.map((x) => (
          <li key={x._id ?? x.id}>
            <Link className="task-row case-row" href={`/cases/${encodeURIComponent(x.instanceId)}`}>
              <span className="task-row__case">
                <CaseLabel caseNo={x.caseNo} title={x.caseTitle} id={x.instanceId} />
              </span>
              <span className="tag tag--overdue">{t('cases.overdueTag')}</span>
              <span className="task-row__meta">
                {x.name} · {unitName(x.unit)} {levelLabel(x.level)}
              </span>
              <span className="task-row__meta text-bad">
                {t('common.labelValue', { label: t('cases.col.due'), value: formatDateTime(x.dueAt) })}
              </span>
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
