// Asks for what a 退单, a 延期申请 or a 挂账申请 needs: a reason (required) and, for the last two, a date
// (the new due date / the review date). The server's refusal (window closed, past due…) is shown inline.
import { useState } from 'react';
import { describeError } from '../../api';
import { Dialog } from '../../components/Dialog';
import { useI18n } from '../../i18n';

export type RequestKind = 'return' | 'extension' | 'backlog';

/** YYYY-MM-DD of a local date `days` ahead of today (the date picker's default). */
const dayAhead = (days: number) => {
  const d = new Date(Date.now() + days * 86_400_000);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

export function RequestDialog({
  kind,
  onClose,
  onSubmit,
}: {
  kind: RequestKind;
  onClose: () => void;
  /** `date`: YYYY-MM-DD (business day) for extension and backlog */
  onSubmit: (reason: string, date?: string) => Promise<void>;
}) {
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  const [date, setDate] = useState(
    kind === 'backlog' ? dayAhead(30) : kind === 'extension' ? dayAhead(7) : '',
  );
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const needsDate = kind !== 'return';
  const submit = async () => {
    if (!reason.trim() || (needsDate && !date)) {
      setError(t('form.required'));
      return;
    }
    setBusy(true);
    try {
      await onSubmit(reason.trim(), needsDate ? date : undefined);
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog
      title={t(`request.${kind}.title`)}
      onClose={onClose}
      footer={
        <>
          <button className="btn" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button className="btn btn--primary" onClick={submit} disabled={busy} data-action="request-submit">
            {t(`request.${kind}.submit`)}
          </button>
        </>
      }
    >
      <p className="muted">{t(`request.${kind}.hint`)}</p>
      <div className={`field ${error && !reason.trim() ? 'field--error' : ''}`}>
        <label className="field__label" htmlFor="request-reason">
          {t('request.reason')}
          <span className="field__req">*</span>
        </label>
        <textarea
          id="request-reason"
          rows={3}
          maxLength={500}
          value={reason}
          onChange={(e) => {
            setReason(e.target.value);
            setError(null);
          }}
          autoFocus
        />
      </div>
      {needsDate && (
        <div className="field">
          <label className="field__label" htmlFor="request-date">
            {t(`request.${kind}.date`)}
            <span className="field__req">*</span>
          </label>
          <input id="request-date" type="date" value={date} onChange={(e) => setDate(e.target.value)} />
        </div>
      )}
      {error && (
        <div className="field__error" role="alert">
          {error}
        </div>
      )}
    </Dialog>
  );
}
