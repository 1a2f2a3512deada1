// Headline figures of the selected unit: 按期结案率, overdue now, escalations, average handling time,
// 退单率, 延期率 and 挂账数.
import { Link } from '../../components/Link';
import { useI18n } from '../../i18n';
import { formatPercent } from '../../lib/format';
import type { Figures } from '../../types';

/** Where each card leads: the case list with the card's filter (pages/caselist). */
export interface KpiLinks {
  onTime: string;
  overdue: string;
  escalations: string;
  handling: string;
  cases: string;
}

const hoursText = (h: number | null | undefined) => (h === null || h === undefined ? '—' : h.toFixed(1));

export function KpiCards({ f, links }: { f: Figures; links: KpiLinks }) {
  const { t } = useI18n();
  const rateClass =
    f.onTimeRate === null
      ? ''
      : f.onTimeRate >= 0.9
        ? 'kpi--good'
        : f.onTimeRate >= 0.7
          ? 'kpi--warn'
          : 'kpi--bad';
  return (
    <div className="kpis" data-testid="kpis">
      <Link href={links.onTime} className={`kpi kpi--link ${rateClass}`} title={t('dash.openCases')}>
        <div className="kpi__label">{t('dash.onTimeRate')}</div>
        <div className="kpi__value">{formatPercent(f.onTimeRate)}</div>
        <div className="kpi__sub">{t('dash.dueOnTime', { n: f.dueOnTime, of: f.due })}</div>
      </Link>
      <Link
        href={links.overdue}
        className={`kpi kpi--link ${f.overdueNow ? 'kpi--bad' : 'kpi--good'}`}
        title={t('dash.openCases')}
        data-testid="kpi-overdue"
      >
        <div className="kpi__label">{t('dash.overdueNow')}</div>
        <div className="kpi__value">{f.overdueNow}</div>
        <div className="kpi__sub">{t('dash.openBreached')}</div>
      </Link>
      <Link href={links.escalations} className="kpi kpi--link" title={t('dash.openCases')}>
        <div className="kpi__label">{t('dash.escalations')}</div>
        <div className="kpi__value">{f.escalations.total}</div>
        <div className="kpi__sub">{t('dash.inPeriod')}</div>
      </Link>
      <Link href={links.handling} className="kpi kpi--link" title={t('dash.hoursHint')}>
        <div className="kpi__label">
          {t('dash.avgTask')} <span aria-hidden>ⓘ</span>
        </div>
        <div className="kpi__value">
          {f.avgTaskHandlingHours === null ? '—' : t('dash.hours', { n: f.avgTaskHandlingHours.toFixed(1) })}
        </div>
        <div className="kpi__sub" data-testid="kpi-calendar-hours">
          {t('dash.calendarHours', {
            task: hoursText(f.avgTaskCalendarHours),
            kase: hoursText(f.avgCaseCalendarHours),
          })}
        </div>
        <div className="kpi__sub">
          {t('common.labelValue', {
            label: t('dash.avgCase'),
            value:
              f.avgCaseHandlingHours === null
                ? '—'
                : t('dash.hours', { n: f.avgCaseHandlingHours.toFixed(1) }),
          })}
        </div>
      </Link>
      <Link href={links.cases} className="kpi kpi--link" title={t('dash.openCases')}>
        <div className="kpi__label">{t('dash.cases')}</div>
        <div className="kpi__value">
          {f.closed}
          <span className="kpi__of">/ {f.received}</span>
        </div>
        <div className="kpi__sub">{t('dash.closedReceived', { rework: f.rework })}</div>
      </Link>
      <div className="kpi" data-testid="kpi-return-rate">
        <div className="kpi__label">{t('dash.returnRate')}</div>
        <div className="kpi__value">{formatPercent(f.returnRate ?? null)}</div>
        <div className="kpi__sub">{t('dash.returns', { n: f.returns ?? 0 })}</div>
      </div>
      <div className="kpi" data-testid="kpi-extension-rate">
        <div className="kpi__label">{t('dash.extensionRate')}</div>
        <div className="kpi__value">{formatPercent(f.extensionRate ?? null)}</div>
        <div className="kpi__sub">{t('dash.extensions', { n: f.extensions ?? 0 })}</div>
      </div>
      <div className="kpi" data-testid="kpi-reply-rate">
        <div className="kpi__label">{t('dash.replyRate')}</div>
        <div className="kpi__value">{formatPercent(f.replyRate ?? null)}</div>
        <div className="kpi__sub">{t('dash.replies', { n: f.replies ?? 0, due: f.repliesDue ?? 0 })}</div>
      </div>
      <div className="kpi" data-testid="kpi-satisfaction-rate">
        <div className="kpi__label">{t('dash.satisfactionRate')}</div>
        <div className="kpi__value">{formatPercent(f.satisfactionRate ?? null)}</div>
        <div className="kpi__sub">{t('dash.visits', { n: f.visits ?? 0, reopened: f.reopened ?? 0 })}</div>
      </div>
      <div className={`kpi ${f.backlogNow ? 'kpi--warn' : ''}`} data-testid="kpi-backlog">
        <div className="kpi__label">{t('dash.backlogNow')}</div>
        <div className="kpi__value">{f.backlogNow ?? 0}</div>
        <div className="kpi__sub">{t('dash.backlogs', { n: f.backlogs ?? 0 })}</div>
      </div>
    </div>
  );
}
