// 我经手的: the cases I opened or handled — also after they moved up out of my unit — with who holds each
// now and its state; a row opens the case. Live: any task change reloads it.
import { api } from '../../api';
import { CaseLabel } from '../../components/CaseLabel';
import { Link } from '../../components/Link';
import { Async } from '../../components/States';
import { useI18n } from '../../i18n';
import { useLiveEvent } from '../../lib/events';
import { formatDateTime } from '../../lib/format';
import { useRequest, useThrottled } from '../../lib/hooks';
import { levelLabel } from '../../lib/labels';
import { useUnitName } from '../../lib/unitNames';

export function InvolvedList() {
  const { t } = useI18n();
  const unitName = useUnitName();
  const cases = useRequest(() => api.involvedCases(), []);
  useLiveEvent('task', useThrottled(cases.reload, 800));
  useLiveEvent('instance', useThrottled(cases.reload, 800));
  return (
    <Async
      state={cases}
      empty={(p) => !p.items.length}
      emptyTitle={t('involved.empty')}
      emptyHint={t('involved.emptyHint')}
    >
      {(page) => (
        <ul className="task-list" data-testid="involved-list">
          {page.items.map((c) => {
            const id = c.id;
            return (
              <li key={id}>
                <Link
                  className="task-row case-row"
                  href={`/cases/${encodeURIComponent(id)}`}
                  data-case-id={id}
                >
                  <span className="task-row__case">
                    <CaseLabel caseNo={c.caseNo} title={c.title} id={id} />
                  </span>
                  <span className={`tag tag--${c.status}`}>{t(`status.${c.status}`)}</span>
                  {(c.holders ?? []).map((x) => (
                    <span key={x.taskId} className="task-row__meta case-row__holder" data-testid="holder">
                      {t('involved.holder', {
                        step: x.name,
                        unit: x.unitName ?? unitName(x.unit),
                        level: levelLabel(x.level),
                        who: x.assignee ?? t('task.unclaimed'),
                      })}
                    </span>
                  ))}
                  {c.status !== 'active' && c.endedAt && (
                    <span className="task-row__meta">
                      {t('involved.closedAt', { at: formatDateTime(c.endedAt) })}
                    </span>
                  )}
                  <span className="task-row__meta">
                    {c.processName ?? c.definitionKey}
                    {c.gridUnitName && <> · {c.gridUnitName}</>}
                  </span>
                </Link>
              </li>
            );
          })}
        </ul>
      )}
    </Async>
  );
}
