// 委派: the assignee hands the task to another candidate at its unit, who returns it when done (POST
// /api/tasks/:id/delegate, /resolve). The choice is the unit's people holding one of the task's roles.
import { useState } from 'react';
import { api, describeError } from '../../api';
import { adminApi } from '../../adminApi';
import { Dialog } from '../../components/Dialog';
import { useI18n } from '../../i18n';
import { useRequest } from '../../lib/hooks';
import { toast } from '../../lib/toasts';
import type { Task } from '../../types';

/**
 * The task panel's 委派 button (the assignee, not already a delegate) with its dialog, or 办完交回 for the
 * delegate. `onChanged` reloads the task.
 */
export function DelegateActions({ task, me, onChanged }: { task: Task; me: string; onChanged: () => void }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  if (task.assignee !== me) return null;
  const id = task.id ?? task._id ?? '';
  if (task.owner && task.owner !== me)
    return (
      <button
        className="btn"
        data-action="resolve"
        onClick={() =>
          adminApi.resolveDelegation(id).then(
            () => {
              toast('success', t('task.resolved'));
              onChanged();
            },
            (err) => toast('error', describeError(err)),
          )
        }
      >
        {t('task.resolve')}
      </button>
    );
  return (
    <>
      <button className="btn" data-action="delegate" onClick={() => setOpen(true)}>
        {t('task.delegate')}
      </button>
      {open && (
        <DelegateDialog
          task={task}
          me={me}
          onClose={() => setOpen(false)}
          onDone={() => {
            setOpen(false);
            toast('success', t('task.delegated'));
            onChanged();
          }}
        />
      )}
    </>
  );
}

export function DelegateDialog({
  task,
  me,
  onClose,
  onDone,
}: {
  task: Task;
  me: string;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useI18n();
  const people = useRequest(async () => {
    const unit = await api.unit(task.unit);
    const roles = task.candidateRoles ?? [];
    return (unit.people ?? []).filter(
      (p) => p.username !== me && (p.roles ?? []).some((r) => !roles.length || roles.includes(r.role)),
    );
  }, [task.unit]);
  const [to, setTo] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    if (!to) return;
    setBusy(true);
    setError(null);
    try {
      await adminApi.delegate(task.id ?? task._id ?? '', to);
      onDone();
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog
      title={t('task.delegate')}
      onClose={onClose}
      footer={
        <>
          <button className="btn" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button
            className="btn btn--primary"
            data-testid="delegate-ok"
            disabled={busy || !to}
            onClick={submit}
          >
            {t('task.delegate')}
          </button>
        </>
      }
    >
      <label className="field">
        <span className="field__label">{t('task.delegateTo')}</span>
        <select data-testid="delegate-to" value={to} onChange={(e) => setTo(e.target.value)}>
          <option value="">—</option>
          {(people.data ?? []).map((p) => (
            <option key={p.username} value={p.username}>
              {p.displayName ?? p.username}
            </option>
          ))}
        </select>
      </label>
      {people.data && !people.data.length && <p className="muted">{t('task.delegateNone')}</p>}
      {error && (
        <div className="banner banner--error" role="alert">
          {error}
        </div>
      )}
    </Dialog>
  );
}
