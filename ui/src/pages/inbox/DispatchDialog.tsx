// 再派遣 of a returned task (退单): the dispatcher picks a unit on the case's chain and the roles there.
import { useState } from 'react';
import { describeError } from '../../api';
import { Dialog } from '../../components/Dialog';
import { useI18n } from '../../i18n';
import { levelLabel, roleLabel } from '../../lib/labels';

/** Roles a step is usually dispatched to (the org's roles; others can be typed). */
const ROLES = ['handler', 'police', 'safety', 'education', 'civil', 'urban', 'fire', 'mediator', 'planning'];

export function DispatchDialog({
  chain,
  returned,
  onClose,
  onDispatch,
}: {
  chain: Array<{ code: string; name: string; level: string }>;
  returned: { unit: string; roles: string[]; reason: string };
  onClose: () => void;
  onDispatch: (unit: string, roles: string[]) => Promise<void>;
}) {
  const { t } = useI18n();
  const [unit, setUnit] = useState(returned.unit);
  const [role, setRole] = useState(ROLES.find((r) => !returned.roles.includes(r)) ?? 'handler');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setBusy(true);
    try {
      await onDispatch(unit, [role]);
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog
      title={t('dispatch.title')}
      onClose={onClose}
      footer={
        <>
          <button className="btn" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button className="btn btn--primary" onClick={submit} disabled={busy} data-action="dispatch-submit">
            {t('dispatch.submit')}
          </button>
        </>
      }
    >
      <p className="muted">{t('dispatch.returnedBecause', { reason: returned.reason })}</p>
      <div className="field">
        <label className="field__label" htmlFor="dispatch-unit">
          {t('dispatch.unit')}
        </label>
        <select id="dispatch-unit" value={unit} onChange={(e) => setUnit(e.target.value)}>
          {chain.map((u) => (
            <option key={u.code} value={u.code}>
              {u.name}（{levelLabel(u.level)}）
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label className="field__label" htmlFor="dispatch-role">
          {t('dispatch.role')}
        </label>
        <select id="dispatch-role" value={role} onChange={(e) => setRole(e.target.value)}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {roleLabel(r)}
            </option>
          ))}
        </select>
      </div>
      {error && (
        <div className="field__error" role="alert">
          {error}
        </div>
      )}
    </Dialog>
  );
}
