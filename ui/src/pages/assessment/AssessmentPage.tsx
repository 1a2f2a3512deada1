// 考核: figures, scores and grades of a unit subtree per unit, department or person for a month or a quarter,
// each row's score breakdown, the .xlsx export, and (admins) the scoring scheme editor.
import { Fragment, useMemo, useState } from 'react';
import { describeError, download, serverNow } from '../../api';
import { useConfirm } from '../../components/ConfirmDialog';
import { usePrint } from '../../components/print/PrintSheet';
import { Async } from '../../components/States';
import { useI18n, type MessageKey } from '../../i18n';
import { formatDateTime, formatPercent } from '../../lib/format';
import { toast } from '../../lib/toasts';
import { useRequest } from '../../lib/hooks';
import { navigate, useLocation } from '../../lib/router';
import { hasRole, sessionStore } from '../../lib/session';
import { useStore } from '../../lib/store';
import { api } from '../../api';
import { assessmentApi, type RowKind, type ScoredAssessment, type ScoreRow } from './api';
import { currentMonth, lastMonths, lastQuarters } from './period';
import { AdjustForm } from './AdjustForm';
import { AssessmentSheet } from './AssessmentSheet';
import { EntryForm } from './EntryForm';
import { SchemeEditor } from './SchemeEditor';

const TABS: Array<{ by: RowKind; label: MessageKey }> = [
  { by: 'unit', label: 'assess.byUnit' },
  { by: 'department', label: 'assess.byDepartment' },
  { by: 'person', label: 'assess.byPerson' },
];

export default function AssessmentPage() {
  const { t } = useI18n();
  const { query } = useLocation();
  const session = useStore(sessionStore);
  const isAdmin = !!session?.user.admin || (session ? hasRole(session.user, 'admin') : false);
  const unit = query.get('unit') ?? undefined;
  const by = (query.get('by') as RowKind | null) ?? 'unit';
  const month = useMemo(() => currentMonth(serverNow()), []);
  const period = query.get('period') ?? month;
  const kind = /Q/.test(period) ? 'quarter' : 'month';
  const units = useRequest(() => api.units(), []);
  const scored = useRequest(() => assessmentApi.get({ unit, period, by }), [unit, period, by]);
  const go = (next: { unit?: string; period?: string; by?: RowKind }) => {
    const q = new URLSearchParams();
    const u = next.unit ?? unit;
    if (u) q.set('unit', u);
    q.set('period', next.period ?? period);
    q.set('by', next.by ?? by);
    navigate(`/assessment?${q.toString()}`);
  };
  const periods = kind === 'month' ? lastMonths(month, 24) : lastQuarters(month, 8);
  const visible = (units.data ?? []).filter((u) => !u.ancestorOnly);
  const shownUnit = unit ?? scored.data?.unit.code;
  const exportXlsx = () =>
    download('/api/assessment', { unit: shownUnit, period, by, format: 'xlsx' }, 'assessment.xlsx').catch(
      () => undefined, // toasted by download
    );
  const [sheet, print] = usePrint();
  const [confirmDialog, ask] = useConfirm();
  const byLabel = t(TABS.find((x) => x.by === by)!.label);
  const printSheet = () => scored.data && print(<AssessmentSheet s={scored.data} byLabel={byLabel} />);
  // a month or quarter that has ended, not yet closed: supervisors (the server checks their subtree)
  const closable =
    !!scored.data &&
    !scored.data.closed &&
    serverNow() >= scored.data.period.to &&
    (isAdmin || !!session?.user.supervises?.length);
  const closePeriod = async () => {
    const s = scored.data;
    if (!s || !(await ask(t('assess.closeConfirm', { unit: s.unit.name, period: s.period.key })))) return;
    try {
      await assessmentApi.close(s.unit.code, s.period.key);
      toast('success', t('assess.closed'));
      scored.reload();
    } catch (err) {
      toast('error', describeError(err));
    }
  };

  return (
    <div className="page page--assess">
      <header className="page__head">
        <h1>{t('assess.title')}</h1>
        <div className="assess-pickers">
          <select
            aria-label={t('assess.unit')}
            value={shownUnit ?? ''}
            onChange={(e) => go({ unit: e.target.value })}
          >
            {visible.map((u) => (
              <option key={u.code} value={u.code}>
                {u.name}
              </option>
            ))}
          </select>
          <select
            aria-label={t('assess.periodKind')}
            value={kind}
            onChange={(e) => go({ period: e.target.value === 'quarter' ? lastQuarters(month, 1)[0] : month })}
          >
            <option value="month">{t('assess.month')}</option>
            <option value="quarter">{t('assess.quarter')}</option>
          </select>
          <select
            aria-label={t('assess.period')}
            value={period}
            onChange={(e) => go({ period: e.target.value })}
          >
            {(periods.includes(period) ? periods : [period, ...periods]).map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
          <button type="button" className="btn" onClick={exportXlsx} data-testid="assess-export">
            {t('assess.export')}
          </button>
          <button
            type="button"
            className="btn"
            onClick={printSheet}
            disabled={!scored.data}
            data-testid="assess-print"
          >
            {t('print.button')}
          </button>
          {closable && (
            <button
              type="button"
              className="btn btn--primary"
              onClick={() => void closePeriod()}
              data-testid="assess-close"
            >
              {t('assess.close')}
            </button>
          )}
        </div>
      </header>
      <div className="tabs" role="tablist">
        {TABS.map((x) => (
          <button
            key={x.by}
            type="button"
            role="tab"
            aria-selected={by === x.by}
            className={`tabs__tab ${by === x.by ? 'tabs__tab--on' : ''}`}
            onClick={() => go({ by: x.by })}
          >
            {t(x.label)}
          </button>
        ))}
      </div>
      <Async state={scored} empty={(s) => !s.rows.length} emptyTitle={t('assess.empty')}>
        {(s) => <ScoreTable s={s} onDrill={(code) => go({ unit: code })} onEntry={scored.reload} />}
      </Async>
      {scored.data?.closed && <Adjustments s={scored.data} />}
      {isAdmin && <SchemeEditor />}
      {confirmDialog}
      {sheet}
    </div>
  );
}

const GRADE_CLASS: Record<string, string> = {
  excellent: 'grade grade--a',
  good: 'grade grade--b',
  pass: 'grade grade--c',
  fail: 'grade grade--d',
};

function ScoreTable({
  s,
  onDrill,
  onEntry,
}: {
  s: ScoredAssessment;
  onDrill: (code: string) => void;
  onEntry: () => void;
}) {
  const { t } = useI18n();
  const [open, setOpen] = useState<string | null>(null);
  const pct = (r: ScoreRow, f: string) => formatPercent(r.figures[f]);
  const num = (r: ScoreRow, f: string) => (r.figures[f] === null ? '—' : String(r.figures[f]));
  return (
    <section className="card">
      <p className="muted">
        {s.unit.name} · {s.period.key} ·{' '}
        {t('assess.scheme', { name: s.scheme.name, version: s.scheme.version })}
        {s.closed && (
          <span
            className="tag tag--completed assess-archived"
            data-testid="assess-archived"
            title={t('assess.closedBy', { by: s.closed.by, at: formatDateTime(s.closed.at) })}
          >
            {t('assess.archived')}
          </span>
        )}
      </p>
      <div className="assess-scroll">
        <table className="table assess-table" data-testid="assess-table">
          <thead>
            <tr>
              <th>{t('assess.subject')}</th>
              <th>{t('assess.tasks')}</th>
              <th>{t('assess.taskOnTime')}</th>
              {s.by === 'unit' && <th>{t('assess.caseOnTime')}</th>}
              {s.by === 'unit' && <th>{t('assess.rework')}</th>}
              {s.by !== 'person' && <th>{t('assess.returns')}</th>}
              {s.by === 'person' && <th>{t('assess.validReports')}</th>}
              <th>{t('assess.hours')}</th>
              <th>{t('assess.score')}</th>
              <th>{t('assess.grade')}</th>
              {s.closed && <th>{t('assess.rank')}</th>}
            </tr>
          </thead>
          <tbody>
            {s.rows.map((r) => (
              <Fragment key={r.key}>
                <tr
                  className="table__link"
                  onClick={() => setOpen(open === r.key ? null : r.key)}
                  aria-expanded={open === r.key}
                >
                  <td>
                    {r.total ? t('assess.total', { name: r.name }) : r.name}
                    {s.by === 'unit' && !r.total && (
                      <button
                        type="button"
                        className="link-btn"
                        onClick={(e) => {
                          e.stopPropagation();
                          onDrill(r.key);
                        }}
                      >
                        {t('assess.drill')}
                      </button>
                    )}
                  </td>
                  <td>{num(r, 'tasksCompleted')}</td>
                  <td>{pct(r, 'taskOnTimeRate')}</td>
                  {s.by === 'unit' && <td>{pct(r, 'onTimeRate')}</td>}
                  {s.by === 'unit' && <td>{pct(r, 'reworkRate')}</td>}
                  {s.by !== 'person' && <td>{pct(r, 'returnRate')}</td>}
                  {s.by === 'person' && <td>{num(r, 'validReports')}</td>}
                  <td>{num(r, 'avgHandlingHours')}</td>
                  <td className="assess-score">
                    {r.score.total}
                    {r.adjustment && (
                      <span className="muted" title={t('assess.adjusted')}>
                        {' '}
                        → {r.adjustment.total}
                      </span>
                    )}
                  </td>
                  <td>
                    <span className={GRADE_CLASS[r.adjustment?.grade ?? r.score.grade] ?? 'grade'}>
                      {r.adjustment?.gradeLabel ?? r.score.gradeLabel}
                    </span>
                  </td>
                  {s.closed && <td>{r.rank ? `${r.rank}/${r.rankOf}` : ''}</td>}
                </tr>
                {open === r.key && (
                  <tr className="assess-breakdown">
                    <td colSpan={11}>
                      <ul>
                        {r.score.items.map((i) => (
                          <li key={i.id}>
                            <span>{i.label}</span>
                            <b>{i.points > 0 ? `+${i.points}` : i.points}</b>
                            <span className="muted">{i.note}</span>
                          </li>
                        ))}
                      </ul>
                      {s.closed ? (
                        <AdjustForm s={s} row={r} onSaved={onEntry} />
                      ) : (
                        <EntryForm s={s} row={r} onSaved={onEntry} />
                      )}
                    </td>
                  </tr>
                )}
              </Fragment>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** The corrections of a closed period, listed with their reason and author (the frozen rows keep theirs). */
function Adjustments({ s }: { s: ScoredAssessment }) {
  const { t } = useI18n();
  const names = new Map(s.rows.map((r) => [r.key, r.name]));
  return (
    <section className="card" data-testid="assess-adjustments">
      <h2>{t('assess.adjustments')}</h2>
      {s.adjustments.length ? (
        <ul className="assess-adjustments">
          {s.adjustments.map((a) => (
            <li key={a._id}>
              <b>{names.get(a.subject) ?? a.subject}</b>
              <span>{a.points > 0 ? `+${a.points}` : a.points}</span>
              <span>{a.reason}</span>
              <span className="muted">
                {a.by} · {formatDateTime(a.at)}
              </span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t('assess.noAdjustments')}</p>
      )}
    </section>
  );
}
