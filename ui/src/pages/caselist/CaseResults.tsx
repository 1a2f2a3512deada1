// The rows of the case list: a table on a desktop, a card per case on a phone (the same markup; styles.css
// turns each row into a card below 700 px, every cell labelled). A supervisor may select rows for bulk
// actions; a bulk result shows on its row.
import { CaseLabel } from '../../components/CaseLabel';
import { Link } from '../../components/Link';
import { useI18n } from '../../i18n';
import { formatDateTime } from '../../lib/format';
import { levelLabel } from '../../lib/labels';
import { useUnitName } from '../../lib/unitNames';
import type { CaseListItem } from '../../types';

export interface RowResult {
  ok: boolean;
  text: string;
}

export function CaseResults({
  items,
  selectable,
  selected,
  onSelect,
  results,
}: {
  items: CaseListItem[];
  selectable: boolean;
  selected: Set<string>;
  onSelect: (ids: string[], on: boolean) => void;
  results: Record<string, RowResult>;
}) {
  const { t } = useI18n();
  const unitName = useUnitName();
  const allOn = items.length > 0 && items.every((c) => selected.has(c.id));
  return (
    <table className="table cases-table" data-testid="cases-table">
      <thead>
        <tr>
          {selectable && (
            <th className="cases-table__check">
              <input
                type="checkbox"
                aria-label={t('cases.selectPage')}
                checked={allOn}
                onChange={(e) =>
                  onSelect(
                    items.map((c) => c.id),
                    e.target.checked,
                  )
                }
              />
            </th>
          )}
          <th>{t('cases.col.case')}</th>
          <th>{t('cases.col.status')}</th>
          <th>{t('cases.col.holder')}</th>
          <th>{t('cases.col.reported')}</th>
          <th>{t('cases.col.due')}</th>
          <th title={t('cases.handlingHint')}>
            {t('cases.col.handling')} <span aria-hidden>ⓘ</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {items.map((c) => {
          const r = results[c.id];
          return (
            <tr key={c.id} data-case-id={c.id} data-testid="case-row">
              {selectable && (
                <td className="cases-table__check">
                  <input
                    type="checkbox"
                    aria-label={t('cases.select', { no: c.caseNo ?? c.id })}
                    checked={selected.has(c.id)}
                    onChange={(e) => onSelect([c.id], e.target.checked)}
                  />
                </td>
              )}
              <td data-label={t('cases.col.case')} className="cases-table__case">
                <Link href={`/cases/${encodeURIComponent(c.id)}`}>
                  <CaseLabel caseNo={c.caseNo} title={c.title} id={c.id} />
                </Link>
                <div className="muted cases-table__sub">
                  {c.processName ?? c.definitionKey} · {c.gridUnitName ?? unitName(c.gridUnit)}
                </div>
                {r && (
                  <div className={r.ok ? 'text-good' : 'text-bad'} data-testid="bulk-result" role="status">
                    {r.text}
                  </div>
                )}
              </td>
              <td data-label={t('cases.col.status')}>
                <span className={`tag tag--${c.status}`}>{t(`status.${c.status}`)}</span>
                {c.overdueNow && <span className="tag tag--overdue">{t('cases.overdueTag')}</span>}
                {c.escalated && <span className="tag tag--escalated">{t('cases.escalatedTag')}</span>}
                {c.supervised && <span className="tag tag--supervised">{t('sla.supervised')}</span>}
                {!!c.openIncidents && <span className="tag tag--overdue">{t('cases.incidentTag')}</span>}
              </td>
              <td data-label={t('cases.col.holder')}>
                {(c.holders ?? []).map((h) => (
                  <div key={h.taskId}>
                    {h.name} <span className="muted">{levelLabel(h.level)}</span>
                    <span className="muted"> · {h.assignee ?? t('task.unclaimed')}</span>
                  </div>
                ))}
                {!c.holders?.length && (c.endedAt ? formatDateTime(c.endedAt) : '—')}
              </td>
              <td data-label={t('cases.col.reported')}>
                {formatDateTime(c.startedAt)}
                {c.startedBy && <div className="muted">{c.startedBy}</div>}
              </td>
              <td data-label={t('cases.col.due')} className={c.overdueNow ? 'text-bad' : ''}>
                {c.dueAt ? formatDateTime(c.dueAt) : '—'}
              </td>
              <td data-label={t('cases.col.handling')} title={t('cases.handlingHint')}>
                <div>{t('cases.workingHours', { n: c.handling.workingHours.toFixed(1) })}</div>
                <div className="muted">
                  {t('cases.calendarHours', { n: c.handling.calendarHours.toFixed(1) })}
                </div>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
