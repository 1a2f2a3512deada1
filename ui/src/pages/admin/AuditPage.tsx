// 审计日志 (admins): who changed users, units, processes and supervision orders, newest first, filtered by
// actor, action, target and period (GET /api/audit).
import { useState, type FormEvent } from 'react';
import { adminApi } from '../../adminApi';
import { ErrorState, Loading } from '../../components/States';
import { useI18n } from '../../i18n';
import { formatDateTime } from '../../lib/format';
import { useRequest } from '../../lib/hooks';
import { AdminTabs, Pager } from './AdminTabs';

const PAGE_SIZE = 50;
const TARGET_TYPES = ['user', 'unit', 'definition', 'decision', 'supervision-order', 'history'];
/** the acts the API records (engine/api/*: audit(...)) */
const ACTIONS = [
  'user-created',
  'user-updated',
  'user-disabled',
  'user-enabled',
  'user-password-reset',
  'password-changed',
  'unit-created',
  'unit-updated',
  'unit-disabled',
  'unit-enabled',
  'definition-retired',
  'definition-reactivated',
  'definition-version-retired',
  'definition-version-reactivated',
  'decision-deployed',
  'order-issued',
  'order-replied',
  'history-cleanup',
  'migration-started',
];

interface Filters {
  actor: string;
  action: string;
  targetType: string;
  target: string;
  since: string;
  until: string;
}

const EMPTY: Filters = { actor: '', action: '', targetType: '', target: '', since: '', until: '' };

export function AuditPage() {
  const { t, tOr } = useI18n();
  const [draft, setDraft] = useState<Filters>(EMPTY);
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const [page, setPage] = useState(1);
  const list = useRequest(() => {
    const q: Record<string, string | number | undefined> = { page, pageSize: PAGE_SIZE };
    for (const [k, v] of Object.entries(filters)) if (v) q[k] = v;
    return adminApi.audit(q);
  }, [filters, page]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setPage(1);
    setFilters(draft);
  };
  const input = (k: keyof Filters, label: string, type = 'text') => (
    <label className="field">
      <span className="field__label">{label}</span>
      <input
        type={type}
        data-testid={`audit-${k}`}
        value={draft[k]}
        onChange={(e) => setDraft({ ...draft, [k]: e.target.value })}
      />
    </label>
  );

  return (
    <div className="page admin">
      <AdminTabs current="/admin/audit" />
      <h1>{t('admin.audit')}</h1>
      <form className="card admin-filters" onSubmit={submit}>
        {input('actor', t('admin.audit.actor'))}
        <label className="field">
          <span className="field__label">{t('admin.audit.action')}</span>
          <select
            data-testid="audit-action"
            value={draft.action}
            onChange={(e) => setDraft({ ...draft, action: e.target.value })}
          >
            <option value="">{t('admin.user.all')}</option>
            {ACTIONS.map((x) => (
              <option key={x} value={x}>
                {tOr(`audit.action.${x}`, x)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field__label">{t('admin.audit.targetType')}</span>
          <select
            value={draft.targetType}
            onChange={(e) => setDraft({ ...draft, targetType: e.target.value })}
          >
            <option value="">{t('admin.user.all')}</option>
            {TARGET_TYPES.map((x) => (
              <option key={x} value={x}>
                {tOr(`audit.target.${x}`, x)}
              </option>
            ))}
          </select>
        </label>
        {input('target', t('admin.audit.target'))}
        {input('since', t('admin.audit.since'), 'date')}
        {input('until', t('admin.audit.until'), 'date')}
        <button className="btn btn--primary" type="submit" data-testid="audit-search">
          {t('admin.audit.search')}
        </button>
      </form>
      {list.error ? (
        <ErrorState error={list.error} onRetry={list.reload} />
      ) : !list.data ? (
        <Loading />
      ) : (
        <div className="card admin-table">
          <table className="table" data-testid="audit-table">
            <thead>
              <tr>
                <th>{t('admin.audit.at')}</th>
                <th>{t('admin.audit.actor')}</th>
                <th>{t('admin.audit.action')}</th>
                <th>{t('admin.audit.target')}</th>
                <th>{t('admin.audit.details')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((a) => (
                <tr key={a.id}>
                  <td data-label={t('admin.audit.at')}>{formatDateTime(a.at)}</td>
                  <td data-label={t('admin.audit.actor')}>{a.actor}</td>
                  <td data-label={t('admin.audit.action')} title={a.action}>
                    {tOr(`audit.action.${a.action}`, a.action)}
                  </td>
                  <td data-label={t('admin.audit.target')}>
                    {tOr(`audit.target.${a.target.type}`, a.target.type)}: {a.target.id}
                  </td>
                  <td data-label={t('admin.audit.details')} className="admin-details">
                    {a.details ? JSON.stringify(a.details) : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {!list.data.items.length && <p className="muted">{t('common.empty')}</p>}
          <Pager page={page} pageSize={PAGE_SIZE} total={list.data.total} onPage={setPage} />
        </div>
      )}
    </div>
  );
}
