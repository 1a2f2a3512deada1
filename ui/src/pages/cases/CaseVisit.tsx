// The case file's 反馈与回访 for cases from intake: the replies sent to the reporters (phone masked), the
// round (a case reopened after a 不满意 回访 links to its previous round) and the 回访 itself — recorded
// here by intake staff of the area and supervisors: 满意 / 基本满意 / 不满意, how it was taken, a note,
// and for 不满意 the choice to reopen the case.
import { useCallback, useEffect, useState } from 'react';
import { Link } from '../../components/Link';
import { intakeApi, type CaseVisit, type Satisfaction } from '../../components/map/intakeApi';
import { useI18n, type MessageKey } from '../../i18n';
import { formatDateTime } from '../../lib/format';

const SATISFACTIONS: Satisfaction[] = ['satisfied', 'basic', 'dissatisfied'];

export function CaseVisitPanel({ id }: { id: string }) {
  const { t } = useI18n();
  const [data, setData] = useState<CaseVisit | null>(null);
  const load = useCallback(() => {
    void intakeApi.caseVisit(id).then(setData, () => setData(null));
  }, [id]);
  useEffect(load, [load]);
  if (!data || (!data.visit && !data.replies.length && !data.reopenedFrom)) return null;
  const v = data.visit;
  return (
    <section className="card case-visit" data-testid="case-visit">
      <h2>{t('visit.title')}</h2>
      {data.reopenedFrom && (
        <p>
          {t('visit.round', { n: data.round })} ·{' '}
          <Link href={`/cases/${data.reopenedFrom}`}>{t('visit.firstRound')}</Link>
        </p>
      )}
      {data.replies.length > 0 && (
        <ul className="case-visit__replies" data-testid="case-replies">
          {data.replies.map((r) => (
            <li key={`${r.receipt}.${r.createdAt}`}>
              <span className={`reply-state reply-state--${r.status}`}>
                {t(`visit.reply.${r.status}` as MessageKey)}
              </span>{' '}
              {r.sentAt ? formatDateTime(r.sentAt) : ''} · {t('visit.sms')} {r.to}
              <div className="muted">{r.text}</div>
            </li>
          ))}
        </ul>
      )}
      {v?.status === 'done' && (
        <p data-testid="visit-done">
          {t('visit.recorded')}：<strong>{t(`visit.satisfaction.${v.satisfaction}` as MessageKey)}</strong>
          {v.via ? ` · ${t(`visit.via.${v.via}` as MessageKey)}` : ''}
          {v.at ? ` · ${formatDateTime(v.at)}` : ''}
          {v.note ? ` · ${v.note}` : ''}
          {v.reopenedAs && (
            <>
              {' · '}
              <Link href={`/cases/${v.reopenedAs}`}>{t('visit.reopenedAs')}</Link>
            </>
          )}
        </p>
      )}
      {v?.status === 'due' && !data.mayRecord && <p className="muted">{t('visit.awaiting')}</p>}
      {v?.status === 'due' && data.mayRecord && <VisitForm id={id} onDone={load} />}
    </section>
  );
}

function VisitForm({ id, onDone }: { id: string; onDone: () => void }) {
  const { t } = useI18n();
  const [satisfaction, setSatisfaction] = useState<Satisfaction | ''>('');
  const [via, setVia] = useState<'phone' | 'sms'>('phone');
  const [note, setNote] = useState('');
  const [reopen, setReopen] = useState(false);
  const [busy, setBusy] = useState(false);
  const dissatisfied = satisfaction === 'dissatisfied';
  const canSubmit = !!satisfaction && !busy && (!reopen || !!note.trim());
  const submit = async () => {
    if (!satisfaction) return;
    setBusy(true);
    try {
      await intakeApi.recordVisit(id, {
        satisfaction,
        via,
        ...(note.trim() ? { note: note.trim() } : {}),
        ...(dissatisfied && reopen ? { reopen: true } : {}),
      });
      onDone();
    } catch {
      // reported by the fetch wrapper
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="visit-form" data-testid="visit-form">
      <div className="visit-form__choices" role="radiogroup" aria-label={t('visit.satisfactionLabel')}>
        {SATISFACTIONS.map((s) => (
          <label key={s} className={`visit-choice ${satisfaction === s ? 'visit-choice--on' : ''}`}>
            <input
              type="radio"
              name={`satisfaction-${id}`}
              value={s}
              checked={satisfaction === s}
              onChange={() => setSatisfaction(s)}
              data-testid={`visit-${s}`}
            />
            {t(`visit.satisfaction.${s}` as MessageKey)}
          </label>
        ))}
      </div>
      <label>
        {t('visit.viaLabel')}
        <select
          value={via}
          onChange={(e) => setVia(e.target.value as 'phone' | 'sms')}
          data-testid="visit-via"
        >
          <option value="phone">{t('visit.via.phone')}</option>
          <option value="sms">{t('visit.via.sms')}</option>
        </select>
      </label>
      <label>
        {t('visit.note')}
        <textarea
          value={note}
          onChange={(e) => setNote(e.target.value)}
          maxLength={500}
          data-testid="visit-note"
        />
      </label>
      {dissatisfied && (
        <label className="visit-form__reopen">
          <input
            type="checkbox"
            checked={reopen}
            onChange={(e) => setReopen(e.target.checked)}
            data-testid="visit-reopen"
          />
          {t('visit.reopen')}
        </label>
      )}
      {reopen && dissatisfied && !note.trim() && <p className="muted">{t('visit.reasonNeeded')}</p>}
      <button
        className="btn btn--primary"
        disabled={!canSubmit}
        onClick={() => void submit()}
        data-testid="visit-submit"
      >
        {t('visit.submit')}
      </button>
    </div>
  );
}
