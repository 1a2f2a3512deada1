// An assessor's manual entry for one row (meetings attended, 交办函 sent, unreported major matters): the
// item, points or a count, and the reason; the server refuses the assessor's own unit or person (回避).
import { useState } from 'react';
import { describeError } from '../../api';
import { useI18n } from '../../i18n';
import { assessmentApi, type ScoredAssessment, type ScoreRow } from './api';

export function EntryForm({ s, row, onSaved }: { s: ScoredAssessment; row: ScoreRow; onSaved: () => void }) {
  const { t } = useI18n();
  const [itemId, setItemId] = useState(s.manualItems[0]?.id ?? '');
  const [value, setValue] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const item = s.manualItems.find((i) => i.id === itemId);
  if (!item) return null;
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await assessmentApi.addEntry({
        period: s.period.key,
        by: s.by,
        subject: row.key,
        itemId,
        [item.takes]: Number(value),
        reason,
        unit: s.unit.code,
      });
      setValue('');
      setReason('');
      onSaved();
    } catch (err) {
      setError(describeError(err));
    }
  };
  return (
    <form className="assess-entry" onSubmit={(e) => void submit(e)} onClick={(e) => e.stopPropagation()}>
      <select aria-label={t('assess.entryItem')} value={itemId} onChange={(e) => setItemId(e.target.value)}>
        {s.manualItems.map((i) => (
          <option key={i.id} value={i.id}>
            {i.label}
          </option>
        ))}
      </select>
      <input
        type="number"
        required
        step={item.takes === 'count' ? 1 : 0.5}
        min={item.takes === 'count' ? 0 : undefined}
        aria-label={item.takes === 'count' ? t('assess.entryCount') : t('assess.entryPoints')}
        placeholder={item.takes === 'count' ? t('assess.entryCount') : t('assess.entryPoints')}
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
        {t('assess.entrySave')}
      </button>
      {error && (
        <p role="alert" className="field__error">
          {error}
        </p>
      )}
    </form>
  );
}
