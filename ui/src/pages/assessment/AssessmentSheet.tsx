// The 考核表 as handed in on paper: title, unit, period, scheme version, the rows with their figures, score
// and grade (adjusted totals beside frozen ones), and the signature lines — A4 landscape (print.css).
import { PrintSheet } from '../../components/print/PrintSheet';
import { useI18n } from '../../i18n';
import { formatDateTime, formatPercent } from '../../lib/format';
import type { ScoredAssessment } from './api';

export function AssessmentSheet({ s, byLabel }: { s: ScoredAssessment; byLabel: string }) {
  const { t } = useI18n();
  const pct = (v: number | null | undefined) => formatPercent(v ?? null);
  const num = (v: number | null | undefined) => (v === null || v === undefined ? '—' : String(v));
  return (
    <PrintSheet
      testId="assess-sheet"
      landscape
      title={t('print.assessTitle', { unit: s.unit.name, by: byLabel })}
      meta={[
        [t('print.unit'), s.unit.name],
        [t('print.period'), s.period.key],
        [t('print.scheme'), t('print.schemeVersion', { name: s.scheme.name, version: s.scheme.version })],
        ...(s.closed
          ? ([[t('assess.archived'), formatDateTime(s.closed.at)]] as Array<[string, string]>)
          : []),
      ]}
      signatures={[t('print.preparedBy'), t('print.reviewedBy'), t('print.headSign'), t('print.date')]}
    >
      <table>
        <thead>
          <tr>
            <th>{t('print.no')}</th>
            <th>{t('assess.subject')}</th>
            <th>{t('assess.tasks')}</th>
            <th>{t('assess.taskOnTime')}</th>
            <th>{t('assess.caseOnTime')}</th>
            <th>{t('assess.rework')}</th>
            <th>{t('assess.returns')}</th>
            <th>{t('assess.validReports')}</th>
            <th>{t('assess.hours')}</th>
            <th>{t('assess.score')}</th>
            {s.closed && <th>{t('assess.adjusted')}</th>}
            <th>{t('assess.grade')}</th>
            {s.closed && <th>{t('assess.rank')}</th>}
          </tr>
        </thead>
        <tbody>
          {s.rows.map((r, i) => (
            <tr key={r.key}>
              <td>{i + 1}</td>
              <td>{r.total ? t('assess.total', { name: r.name }) : r.name}</td>
              <td>{num(r.figures.tasksCompleted)}</td>
              <td>{pct(r.figures.taskOnTimeRate)}</td>
              <td>{pct(r.figures.onTimeRate)}</td>
              <td>{pct(r.figures.reworkRate)}</td>
              <td>{pct(r.figures.returnRate)}</td>
              <td>{num(r.figures.validReports)}</td>
              <td>{num(r.figures.avgHandlingHours)}</td>
              <td>{r.score.total}</td>
              {s.closed && <td>{r.adjustment ? r.adjustment.total : ''}</td>}
              <td>{r.adjustment?.gradeLabel ?? r.score.gradeLabel}</td>
              {s.closed && <td>{r.rank ? `${r.rank}/${r.rankOf}` : ''}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </PrintSheet>
  );
}
