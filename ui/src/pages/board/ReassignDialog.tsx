// 改派: pick a user of the task's unit (or its parents) and hand the task to them.
import { useState } from 'react';
import { api, describeError } from '../../api';
import { Dialog } from '../../components/Dialog';
import { Loading } from '../../components/States';
import { useI18n } from '../../i18n';
import { useRequest } from '../../lib/hooks';
import { roleLabel } from '../../lib/labels';
import { toast } from '../../lib/toasts';
import type { UserRef } from '../../types';
import type { ActionTask } from './SupervisorActions';

/** People holding a role at the task's unit (the unit detail lists them for everyone in jurisdiction). */
async function candidatesFor(unit: string): Promise<UserRef[]> {
  const u = await api.unit(unit);
  return u.people ?? [];
}

export function ReassignDialog({
  task,
  onClose,
  onDone,
}: {
  task: ActionTask;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useI18n();
  const users = useRequest(() => candidatesFor(task.unit), [task.unit]);
  const [to, setTo] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    if (!to.trim()) {
      setError(t('board.pickUser'));
      return;
    }
    setBusy(true);
    try {
      await api.reassign(task.id, to.trim());
      toast('success', t('board.reassigned', { user: to.trim() }));
      onDone();
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  };
  const list = users.data ?? [];
  return (
    <Dialog
      title={t('board.reassignTitle', { task: task.name ?? task.id })}
      onClose={onClose}
      footer={
        <>
          <button className="btn" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button className="btn btn--primary" onClick={submit} disabled={busy}>
            {t('board.reassign')}
          </button>
        </>
      }
    >
      {users.loading && !users.data ? (
        <Loading />
      ) : (
        <div className={`field ${error ? 'field--error' : ''}`}>
          <label className="field__label" htmlFor="reassign-to">
            {t('board.assignTo')}
            <span className="field__req">*</span>
          </label>
          {list.length ? (
            <select id="reassign-to" value={to} onChange={(e) => setTo(e.target.value)}>
              <option value="">{t('form.choose')}</option>
              {list
                .filter((u) => u.username !== task.assignee)
                .map((u) => (
                  <option key={u.username} value={u.username}>
                    {u.displayName ?? u.username}
                    {u.roles?.length
                      ? ` — ${[...new Set(u.roles.map((r) => roleLabel(r.role)))].join('、')}`
                      : ''}
                  </option>
                ))}
            </select>
          ) : (
            <>
              <input
                id="reassign-to"
                value={to}
                placeholder={t('board.usernamePh')}
                onChange={(e) => setTo(e.target.value)}
              />
              {users.error !== undefined && <div className="field__hint">{t('board.noUserList')}</div>}
            </>
          )}
          {error && (
            <div className="field__error" role="alert">
              {error}
            </div>
          )}
        </div>
      )}
    </Dialog>
  );
}
