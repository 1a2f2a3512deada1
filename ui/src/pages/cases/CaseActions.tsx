// Actions on a whole case for those the server allows (`can` of GET /api/instances/:id): cancel with a
// reason (撤销), and 挂牌督办 / 摘牌 with a reason. Each asks for the reason in an in-app dialog.
import { useState } from 'react';
import { describeError } from '../../api';
import { adminApi } from '../../adminApi';
import { Dialog } from '../../components/Dialog';
import { useI18n, type MessageKey } from '../../i18n';
import { toast } from '../../lib/toasts';
import type { Instance } from '../../types';

type Action = 'cancel' | 'list' | 'delist';

const TITLES: Record<Action, MessageKey> = {
  cancel: 'case.cancel',
  list: 'case.list',
  delist: 'case.delist',
};

export function CaseActions({ s, onChanged }: { s: Instance; onChanged: () => void }) {
  const { t } = useI18n();
  const [action, setAction] = useState<Action | null>(null);
  const id = s.id;
  const open = s.status === 'active';
  if (!s.can?.cancel && !s.can?.supervise) return null;
  return (
    <div className="toolbar case-actions">
      {s.listing && (
        <span className="tag tag--supervised" title={s.listing.reason}>
          {t('case.listed')}
        </span>
      )}
      {open && s.can?.supervise && (
        <button
          className="btn btn--small"
          data-testid={s.listing ? 'case-delist' : 'case-list'}
          onClick={() => setAction(s.listing ? 'delist' : 'list')}
        >
          {t(s.listing ? 'case.delist' : 'case.list')}
        </button>
      )}
      {open && s.can?.cancel && (
        <button
          className="btn btn--small btn--danger"
          data-testid="case-cancel"
          onClick={() => setAction('cancel')}
        >
          {t('case.cancel')}
        </button>
      )}
      {action && (
        <ReasonDialog
          title={t(TITLES[action])}
          danger={action === 'cancel'}
          onClose={() => setAction(null)}
          onSubmit={async (reason) => {
            if (action === 'cancel') await adminApi.cancelCase(id, reason);
            else await adminApi.listCase(id, action === 'list', reason);
            toast('success', t('case.actionDone', { action: t(TITLES[action]) }));
            setAction(null);
            onChanged();
          }}
        />
      )}
    </div>
  );
}

function ReasonDialog({
  title,
  danger,
  onClose,
  onSubmit,
}: {
  title: string;
  danger: boolean;
  onClose: () => void;
  onSubmit: (reason: string) => Promise<void>;
}) {
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    if (!reason.trim()) return setError(t('case.reasonRequired'));
    setBusy(true);
    setError(null);
    try {
      await onSubmit(reason.trim());
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog
      title={title}
      onClose={onClose}
      footer={
        <>
          <button className="btn" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button
            className={`btn ${danger ? 'btn--danger' : 'btn--primary'}`}
            data-testid="reason-ok"
            disabled={busy}
            onClick={submit}
          >
            {t('admin.confirm')}
          </button>
        </>
      }
    >
      <label className="field">
        <span className="field__label">{t('case.reason')}</span>
        <textarea
          data-testid="reason-text"
          rows={3}
          maxLength={500}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
      </label>
      {error && (
        <div className="banner banner--error" role="alert">
          {error}
        </div>
      )}
    </Dialog>
  );
}
