// A correction of a row of a closed period: points and a reason, filed beside the frozen row (which keeps
// its score); the server refuses the assessor's own unit or person (回避).
import { useState } from 'react';
import { describeError } from '../../api';
import { useI18n } from '../../i18n';
import { assessmentApi, type ScoredAssessment, type ScoreRow } from './api';

export function AdjustForm({ s, row, onSaved }: { s: ScoredAssessment; row: ScoreRow; onSaved: () => void }) {
  const { t } = useI18n();
  const [value, setValue] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await assessmentApi.adjust({
        unit: s.unit.code,
        period: s.period.key,
        by: s.by,
        subject: row.key,
        points: Number(value),
        reason,
      });
      setValue('');
      setReason('');
      onSaved();
    } catch (err) {
      setError(describeError(err));
    }
  };
  return (
    <form
      className="assess-entry"
      data-testid="assess-adjust"
      onSubmit={(e) => void submit(e)}
      onClick={(e) => e.stopPropagation()}
    >
      <span className="muted">{t('assess.adjustHint')}</span>
      <input
        type="number"
        required
        step={0.5}
        aria-label={t('assess.entryPoints')}
        placeholder={t('assess.entryPoints')}
        value={value}
        onChange={(e) => setValue(e.target.value)}
      />
      <input
        required
        aria-label={t('assess.entryReason')}
        placeholder={t('assess.entryReason')}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
      />
      <button type="submit" className="btn btn--small">
        {t('assess.adjustSave')}
      </button>
      {error && (
        <p role="alert" className="field__error">
          {error}
        </p>
      )}
    </form>
  );
}
