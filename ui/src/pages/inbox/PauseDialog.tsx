// Asks for the reason of a pause (挂起): a personal marker — reminders, escalation and the deadline run on
// (more time is an extension request, an unsolvable case a 挂账 request).
import { useState } from 'react';
import { describeError } from '../../api';
import { Dialog } from '../../components/Dialog';
import { useI18n } from '../../i18n';

export function PauseDialog({
  onClose,
  onPause,
}: {
  onClose: () => void;
  onPause: (reason: string) => Promise<void>;
}) {
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    if (!reason.trim()) {
      setError(t('form.required'));
      return;
    }
    setBusy(true);
    try {
      await onPause(reason.trim());
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog
      title={t('task.pauseTitle')}
      onClose={onClose}
      footer={
        <>
          <button className="btn" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button className="btn btn--primary" onClick={submit} disabled={busy}>
            {t('task.pause')}
          </button>
        </>
      }
    >
      <p className="muted">{t('task.pauseHint')}</p>
      <div className={`field ${error ? 'field--error' : ''}`}>
        <label className="field__label" htmlFor="pause-reason">
          {t('task.pauseReason')}
          <span className="field__req">*</span>
        </label>
        <textarea
          id="pause-reason"
          rows={3}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          autoFocus
        />
        {error && (
          <div className="field__error" role="alert">
            {error}
          </div>
        )}
      </div>
    </Dialog>
  );
}
