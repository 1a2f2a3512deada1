// 用户 (admins): the users page by page (filter by unit); create with roles per unit, edit name and roles,
// disable / enable, reset the password. Disabling or a reset ends the user's sessions (server side).
import { useState } from 'react';
import { api, describeError } from '../../api';
import { adminApi, type AdminUser } from '../../adminApi';
import { useConfirm } from '../../components/ConfirmDialog';
import { Dialog } from '../../components/Dialog';
import { ErrorState, Loading } from '../../components/States';
import { useI18n } from '../../i18n';
import { useCatalogue } from '../../lib/catalogue';
import { useRequest } from '../../lib/hooks';
import { levelLabel, roleLabel } from '../../lib/labels';
import { useUnitName } from '../../lib/unitNames';
import { toast } from '../../lib/toasts';
import type { Unit } from '../../types';
import { AdminTabs, Pager } from './AdminTabs';

const PAGE_SIZE = 50;
type RoleRow = { role: string; unit: string };
type Edit = { kind: 'create' } | { kind: 'edit' | 'password'; user: AdminUser };

export function UsersPage() {
  const { t } = useI18n();
  const unitName = useUnitName();
  const [unit, setUnit] = useState('');
  const [page, setPage] = useState(1);
  const units = useRequest(() => api.units(), []);
  const users = useRequest(
    () => adminApi.users({ unit: unit || undefined, page, pageSize: PAGE_SIZE }),
    [unit, page],
  );
  const [edit, setEdit] = useState<Edit | null>(null);
  const [confirmDialog, ask] = useConfirm();
  const { roles: served } = useCatalogue();
  const roleName = (r: string) => served[r] ?? roleLabel(r);

  const toggle = async (u: AdminUser) => {
    if (
      !u.disabled &&
      !(await ask(t('admin.user.disableConfirm', { name: u.displayName }), { danger: true }))
    )
      return;
    try {
      await adminApi.updateUser(u.username, { disabled: !u.disabled });
      users.reload();
    } catch (err) {
      toast('error', describeError(err));
    }
  };

  return (
    <div className="page admin">
      <AdminTabs current="/admin/users" />
      <div className="page__head">
        <h1>{t('admin.users')}</h1>
        <select
          aria-label={t('admin.user.filterUnit')}
          value={unit}
          onChange={(e) => {
            setUnit(e.target.value);
            setPage(1);
          }}
        >
          <option value="">{t('admin.user.all')}</option>
          {(units.data ?? []).map((u) => (
            <option key={u.code} value={u.code}>
              {u.name}
            </option>
          ))}
        </select>
        <button
          className="btn btn--primary"
          data-testid="user-new"
          onClick={() => setEdit({ kind: 'create' })}
        >
          {t('admin.user.new')}
        </button>
      </div>
      {users.error ? (
        <ErrorState error={users.error} onRetry={users.reload} />
      ) : !users.data ? (
        <Loading />
      ) : (
        <div className="card admin-table">
          <table className="table" data-testid="user-table">
            <thead>
              <tr>
                <th>{t('admin.user.displayName')}</th>
                <th>{t('admin.user.username')}</th>
                <th>{t('admin.user.roles')}</th>
                <th>{t('admin.user.status')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {users.data.items.map((u) => (
                <tr key={u.username} data-username={u.username}>
                  <td data-label={t('admin.user.displayName')}>{u.displayName}</td>
                  <td data-label={t('admin.user.username')}>{u.username}</td>
                  <td data-label={t('admin.user.roles')}>
                    {u.roles.map((r) => `${roleName(r.role)} @ ${unitName(r.unit)}`).join('；')}
                  </td>
                  <td data-label={t('admin.user.status')}>
                    {u.disabled ? (
                      <span className="tag tag--cancelled">{t('admin.user.disabled')}</span>
                    ) : (
                      t('admin.user.active')
                    )}
                  </td>
                  <td className="admin-actions">
                    <button className="btn btn--small" onClick={() => setEdit({ kind: 'edit', user: u })}>
                      {t('admin.user.edit')}
                    </button>
                    <button className="btn btn--small" onClick={() => setEdit({ kind: 'password', user: u })}>
                      {t('admin.user.resetPassword')}
                    </button>
                    <button className="btn btn--small" onClick={() => void toggle(u)}>
                      {u.disabled ? t('admin.user.enable') : t('admin.user.disable')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pager page={page} pageSize={PAGE_SIZE} total={users.data.total} onPage={setPage} />
        </div>
      )}
      {edit && (
        <UserDialog
          edit={edit}
          units={(units.data ?? []).filter((u) => !u.disabled)}
          onClose={() => setEdit(null)}
          onDone={() => {
            setEdit(null);
            users.reload();
          }}
        />
      )}
      {confirmDialog}
    </div>
  );
}

function UserDialog({
  edit,
  units,
  onClose,
  onDone,
}: {
  edit: Edit;
  units: Unit[];
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useI18n();
  const { roles: served } = useCatalogue();
  const user = edit.kind === 'create' ? undefined : edit.user;
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState(user?.displayName ?? '');
  const [phone, setPhone] = useState(user?.phone ?? '');
  const [password, setPassword] = useState('');
  const [roles, setRoles] = useState<RoleRow[]>(user?.roles ?? []);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const roleCodes = Object.keys(served);

  const submit = async () => {
    setError(null);
    if (edit.kind !== 'password' && !roles.length) return setError(t('admin.user.noRoles'));
    if (edit.kind !== 'edit' && password.length < 8) return setError(t('password.tooShort'));
    setBusy(true);
    try {
      if (edit.kind === 'create') {
        const u = await adminApi.createUser({
          username: username.trim(),
          displayName: displayName.trim(),
          password,
          phone: phone.trim() || undefined,
          roles,
        });
        toast('success', t('admin.user.created', { name: u.displayName }));
      } else if (edit.kind === 'edit') {
        await adminApi.updateUser(edit.user.username, {
          displayName: displayName.trim(),
          phone: phone.trim(),
          roles,
        });
        toast('success', t('admin.unit.saved'));
      } else {
        await adminApi.updateUser(edit.user.username, { password });
        toast('success', t('admin.user.resetDone', { name: edit.user.displayName }));
      }
      onDone();
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  };

  const title =
    edit.kind === 'create'
      ? t('admin.user.new')
      : edit.kind === 'edit'
        ? `${t('admin.user.edit')} · ${edit.user.displayName}`
        : `${t('admin.user.resetPassword')} · ${edit.user.displayName}`;

  return (
    <Dialog
      title={title}
      onClose={onClose}
      wide={edit.kind !== 'password'}
      footer={
        <>
          <button className="btn" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button className="btn btn--primary" data-testid="user-save" disabled={busy} onClick={submit}>
            {t('admin.save')}
          </button>
        </>
      }
    >
      {edit.kind === 'create' && (
        <label className="field">
          <span className="field__label">{t('admin.user.username')}</span>
          <input
            data-testid="user-username"
            autoComplete="off"
            value={username}
            onChange={(e) => setUsername(e.target.value)}
          />
        </label>
      )}
      {edit.kind !== 'password' && (
        <>
          <label className="field">
            <span className="field__label">{t('admin.user.displayName')}</span>
            <input
              data-testid="user-displayName"
              value={displayName}
              onChange={(e) => setDisplayName(e.target.value)}
            />
          </label>
          <label className="field">
            <span className="field__label">{t('admin.user.phone')}</span>
            <input type="tel" value={phone} onChange={(e) => setPhone(e.target.value)} />
          </label>
        </>
      )}
      {edit.kind !== 'edit' && (
        <label className="field">
          <span className="field__label">
            {edit.kind === 'create' ? t('admin.user.password') : t('admin.user.newPassword')}
          </span>
          <input
            data-testid="user-password"
            type="password"
            autoComplete="new-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
      )}
      {edit.kind !== 'password' && (
        <fieldset className="fieldset">
          <legend>{t('admin.user.roles')}</legend>
          {roles.map((r, i) => (
            <div className="admin-role-row" key={i}>
              <select
                aria-label={t('admin.user.role')}
                data-testid={`user-role-${i}`}
                value={r.role}
                onChange={(e) =>
                  setRoles(roles.map((x, j) => (j === i ? { ...x, role: e.target.value } : x)))
                }
              >
                {[...new Set([...roleCodes, r.role])].map((c) => (
                  <option key={c} value={c}>
                    {served[c] ?? roleLabel(c)}
                  </option>
                ))}
              </select>
              <select
                aria-label={t('admin.user.unit')}
                data-testid={`user-unit-${i}`}
                value={r.unit}
                onChange={(e) =>
                  setRoles(roles.map((x, j) => (j === i ? { ...x, unit: e.target.value } : x)))
                }
              >
                {!units.some((u) => u.code === r.unit) && <option value={r.unit}>{r.unit}</option>}
                {units.map((u) => (
                  <option key={u.code} value={u.code}>
                    {u.name}（{levelLabel(u.level)}）
                  </option>
                ))}
              </select>
              <button
                className="btn btn--small btn--ghost"
                onClick={() => setRoles(roles.filter((_, j) => j !== i))}
                aria-label={t('common.remove')}
              >
                ×
              </button>
            </div>
          ))}
          <button
            className="btn btn--small"
            data-testid="user-add-role"
            disabled={!units.length}
            onClick={() =>
              setRoles([...roles, { role: roleCodes[0] ?? 'handler', unit: units[0]?.code ?? '' }])
            }
          >
            {t('admin.user.addRole')}
          </button>
        </fieldset>
      )}
      {error && (
        <div className="banner banner--error" role="alert">
          {error}
        </div>
      )}
    </Dialog>
  );
}
