// 考核仪表盘: figures of a unit subtree, escalations over time, per-child breakdown; drill down the grid tree.
import { useMemo, useState } from 'react';
import { api, download, syncedServerNow } from '../../api';
import { Link } from '../../components/Link';
import { Async } from '../../components/States';
import { useI18n } from '../../i18n';
import { formatDateTime, formatPercent } from '../../lib/format';
import { useRequest } from '../../lib/hooks';
import { levelLabel } from '../../lib/labels';
import { navigate, useLocation } from '../../lib/router';
import { buildTree, chainOf } from '../../lib/units';
import type { Stats } from '../../types';
import { childrenOption, escalationSeriesOption, handlingTimeOption } from './charts';
import { EChart } from './EChart';
import { KpiCards } from './KpiCards';
import { UnitTree } from './UnitTree';

const DAY = 86_400_000;
const PERIODS = [7, 30, 90];

function isoDay(ms: number): string {
  // the business calendar is Asia/Shanghai: shift by +8 h before taking the date
  return new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** The last `days` calendar days up to today (server time), as the API's from/to dates. */
const periodOf = (now: number, days: number) => ({ from: isoDay(now - (days - 1) * DAY), to: isoDay(now) });

export default function DashboardPage() {
  const { t } = useI18n();
  const { query } = useLocation();
  const unit = query.get('unit') ?? undefined;
  const [days, setDays] = useState(30);
  const units = useRequest(() => api.units(), []);
  const stats = useRequest(async () => {
    const q = days === 30 ? { unit } : { unit, ...periodOf(await syncedServerNow(), days) };
    return api.stats(q);
  }, [unit, days]);
  const tree = useMemo(() => (units.data ? buildTree(units.data) : []), [units.data]);
  const selected = unit ?? stats.data?.unit.code;
  const crumbs = useMemo(
    () => (units.data && selected ? chainOf(units.data, selected).reverse() : []),
    [units.data, selected],
  );
  const drill = (code: string) => navigate(`/dashboard?unit=${encodeURIComponent(code)}`);

  return (
    <div className="page page--dash">
      <aside className="card dash-tree">
        <h2>{t('dash.tree')}</h2>
        <Async
          state={{ ...units, data: units.data && tree }}
          empty={(x) => !x.length}
          emptyTitle={t('dash.noUnits')}
        >
          {(roots) => <UnitTree roots={roots} selected={selected} onSelect={drill} />}
        </Async>
      </aside>
      <main className="dash-main">
        <header className="page__head">
          <h1>{t('dash.title')}</h1>
          <nav className="crumbs" aria-label={t('dash.path')}>
            {crumbs.map((u, i) => (
              <span key={u.code}>
                {i > 0 && ' › '}
                {u.ancestorOnly || i === crumbs.length - 1 ? (
                  <span>{u.name}</span>
                ) : (
                  <Link href={`/dashboard?unit=${encodeURIComponent(u.code)}`}>{u.name}</Link>
                )}
              </span>
            ))}
          </nav>
          <select
            value={days}
            onChange={(e) => setDays(Number(e.target.value))}
            aria-label={t('dash.period')}
          >
            {PERIODS.map((d) => (
              <option key={d} value={d}>
                {t('board.lastDays', { n: d })}
              </option>
            ))}
          </select>
        </header>
        <Async state={stats}>{(s) => <DashboardBody s={s} onDrill={drill} />}</Async>
      </main>
    </div>
  );
}

/** The case list (pages/caselist) of a unit with a filter: where a figure of the dashboard leads. */
function casesHref(unit: string, filter: Record<string, string>): string {
  return `/cases?${new URLSearchParams({ unit, ...filter }).toString()}`;
}

function DashboardBody({ s, onDrill }: { s: Stats; onDrill: (code: string) => void }) {
  const { t, lang } = useI18n();
  // the period as calendar days of the business time zone, `to` inclusive (the list's date filters)
  const from = isoDay(s.period.from);
  const to = isoDay(s.period.to - 1);
  const closedIn = { status: 'closed', closedFrom: from, closedTo: to };
  const u = s.unit.code;
  const links = {
    onTime: casesHref(u, closedIn),
    overdue: casesHref(u, { overdue: '1' }),
    escalations: casesHref(u, { escalated: '1' }),
    handling: casesHref(u, closedIn),
    cases: casesHref(u, { reportedFrom: from, reportedTo: to }),
  };
  const exportTable = (format: 'xlsx' | 'csv') =>
    download('/api/stats/export', { unit: u, from, to, format, lang }, `stats.${format}`).catch(
      () => undefined, // toasted by download
    );
  // a bar of the overdue series opens that unit's overdue cases; the other bars drill down
  const childClick = (p: { dataIndex: number; seriesName?: string }) => {
    const c = s.children[p.dataIndex];
    if (p.seriesName === t('dash.overdueNow')) navigate(casesHref(c.code, { overdue: '1' }));
    else onDrill(c.code);
  };
  // a day of the escalation series: the unit's escalated cases
  const seriesClick = () => navigate(links.escalations);
  const seriesOpt = useMemo(() => escalationSeriesOption(s), [s, lang]);
  const childOpt = useMemo(() => (width: number) => childrenOption(s, width), [s, lang]);
  const handlingOpt = useMemo(() => (width: number) => handlingTimeOption(s, width), [s, lang]);
  const drillTo = (p: { dataIndex: number }) => onDrill(s.children[p.dataIndex].code);
  return (
    <>
      <p className="muted">
        {t('common.nameLevel', { name: s.unit.name, level: levelLabel(s.unit.level) })} ·{' '}
        {formatDateTime(s.period.from)} — {formatDateTime(s.period.to)}
      </p>
      <KpiCards f={s} links={links} />
      <section className="card">
        <h2>{t('dash.escSeries')}</h2>
        <EChart option={seriesOpt} testId="chart-escalations" onClick={seriesClick} />
      </section>
      {s.children.length ? (
        <div className="grid-2">
          <section className="card">
            <h2>{t('dash.children')}</h2>
            <EChart option={childOpt} testId="chart-children" onClick={childClick} />
          </section>
          <section className="card">
            <h2>{t('dash.handling')}</h2>
            <EChart option={handlingOpt} testId="chart-handling" onClick={drillTo} />
          </section>
        </div>
      ) : (
        <section className="card">
          <p className="muted">{t('dash.noChildren')}</p>
        </section>
      )}
      {!!s.children.length && (
        <section className="card">
          <div className="dash-table-head">
            <h2>{t('dash.breakdown')}</h2>
            <button className="btn" onClick={() => exportTable('xlsx')} data-testid="stats-export">
              {t('dash.export')}
            </button>
            <button className="btn" onClick={() => exportTable('csv')}>
              {t('dash.exportCsv')}
            </button>
          </div>
          {/* the per-unit figures are wider than a phone: the table scrolls, not the page */}
          <div className="table-scroll">
            <table className="table">
              <thead>
                <tr>
                  <th>{t('dash.unit')}</th>
                  <th>{t('dash.onTimeRate')}</th>
                  <th>{t('dash.overdueNow')}</th>
                  <th>{t('dash.escalations')}</th>
                  <th>{t('dash.avgTask')}</th>
                  <th>{t('dash.cases')}</th>
                  <th>{t('dash.avgTaskCalendar')}</th>
                  <th>{t('dash.returnRate')}</th>
                  <th>{t('dash.extensionRate')}</th>
                  <th>{t('dash.backlogNow')}</th>
                </tr>
              </thead>
              <tbody>
                {s.children.map((c) => (
                  <tr key={c.code} className="table__link" onClick={() => onDrill(c.code)}>
                    <td>
                      {c.name} <span className="muted">{levelLabel(c.level)}</span>
                    </td>
                    <td>{formatPercent(c.onTimeRate)}</td>
                    <td className={c.overdueNow ? 'text-bad' : ''}>
                      <Link
                        href={casesHref(c.code, { overdue: '1' })}
                        onClick={(e) => e.stopPropagation()}
                        title={t('dash.openCases')}
                      >
                        {c.overdueNow}
                      </Link>
                    </td>
                    <td>{c.escalations.total}</td>
                    <td>
                      {c.avgTaskHandlingHours === null
                        ? '—'
                        : t('dash.hours', { n: c.avgTaskHandlingHours.toFixed(1) })}
                    </td>
                    <td>
                      {c.closed} / {c.received}
                    </td>
                    <td>
                      {c.avgTaskCalendarHours === null || c.avgTaskCalendarHours === undefined
                        ? '—'
                        : t('dash.calendarHoursN', { n: c.avgTaskCalendarHours.toFixed(1) })}
                    </td>
                    <td>{formatPercent(c.returnRate ?? null)}</td>
                    <td>{formatPercent(c.extensionRate ?? null)}</td>
                    <td>{c.backlogNow ?? 0}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="muted dash-note">{t('dash.hoursHint')}</p>
        </section>
      )}
    </>
  );
}
