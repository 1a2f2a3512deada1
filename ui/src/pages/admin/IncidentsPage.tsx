// 异常处理 (admins): cases whose step failed (a service down, an expression error) with the error, and a
// retry once the cause is fixed, optionally setting variables first (POST /api/incidents/…/retry).
import { useState } from 'react';
import { describeError } from '../../api';
import { adminApi, type IncidentEntry } from '../../adminApi';
import { Dialog } from '../../components/Dialog';
import { Link } from '../../components/Link';
import { ErrorState, Loading } from '../../components/States';
import { useI18n } from '../../i18n';
import { formatDateTime } from '../../lib/format';
import { useRequest } from '../../lib/hooks';
import { toast } from '../../lib/toasts';
import { AdminTabs, Pager } from './AdminTabs';

const PAGE_SIZE = 50;

export function IncidentsPage() {
  const { t } = useI18n();
  const [status, setStatus] = useState<'open' | 'resolved'>('open');
  const [page, setPage] = useState(1);
  const list = useRequest(() => adminApi.incidents({ status, page, pageSize: PAGE_SIZE }), [status, page]);
  const [retrying, setRetrying] = useState<IncidentEntry | null>(null);

  return (
    <div className="page admin">
      <AdminTabs current="/admin/incidents" />
      <div className="page__head">
        <h1>{t('admin.incidents')}</h1>
        <select
          aria-label={t('admin.incident.status')}
          value={status}
          onChange={(e) => {
            setStatus(e.target.value as 'open' | 'resolved');
            setPage(1);
          }}
        >
          <option value="open">{t('admin.incident.open')}</option>
          <option value="resolved">{t('admin.incident.resolved')}</option>
        </select>
        <button className="btn" onClick={list.reload}>
          {t('admin.refresh')}
        </button>
      </div>
      {list.error ? (
        <ErrorState error={list.error} onRetry={list.reload} />
      ) : !list.data ? (
        <Loading />
      ) : !list.data.items.length ? (
        <p className="muted card">{status === 'open' ? t('admin.incident.none') : t('common.empty')}</p>
      ) : (
        <div className="card admin-table">
          <table className="table" data-testid="incident-table">
            <thead>
              <tr>
                <th>{t('admin.incident.at')}</th>
                <th>{t('admin.incident.case')}</th>
                <th>{t('admin.incident.element')}</th>
                <th>{t('admin.incident.error')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((i) => (
                <tr key={`${i.instanceId}/${i.id}`} data-instance={i.instanceId}>
                  <td data-label={t('admin.incident.at')}>{formatDateTime(i.at)}</td>
                  <td data-label={t('admin.incident.case')}>
                    <Link href={`/cases/${encodeURIComponent(i.instanceId)}`}>{i.instanceId}</Link>
                  </td>
                  <td data-label={t('admin.incident.element')}>{i.nodeId}</td>
                  <td data-label={t('admin.incident.error')} className="admin-details text-bad">
                    {i.message}
                  </td>
                  <td className="admin-actions">
                    {i.status === 'open' && (
                      <button
                        className="btn btn--small btn--primary"
                        data-testid="incident-retry"
                        onClick={() => setRetrying(i)}
                      >
                        {t('admin.incident.retry')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pager page={page} pageSize={PAGE_SIZE} total={list.data.total} onPage={setPage} />
        </div>
      )}
      {retrying && (
        <RetryDialog
          incident={retrying}
          onClose={() => setRetrying(null)}
          onDone={() => {
            setRetrying(null);
            list.reload();
          }}
        />
      )}
    </div>
  );
}

function RetryDialog({
  incident,
  onClose,
  onDone,
}: {
  incident: IncidentEntry;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useI18n();
  const [vars, setVars] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setError(null);
    let variables: Record<string, unknown> | undefined;
    if (vars.trim()) {
      try {
        const v = JSON.parse(vars) as unknown;
        if (!v || typeof v !== 'object' || Array.isArray(v)) throw new Error('not an object');
        variables = v as Record<string, unknown>;
      } catch {
        return setError(t('admin.incident.badJson'));
      }
    }
    setBusy(true);
    try {
      await adminApi.retryIncident(incident.instanceId, incident.id, variables);
      toast('success', t('admin.incident.retried'));
      onDone();
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog
      title={t('admin.incident.retryTitle')}
      onClose={onClose}
      footer={
        <>
          <button className="btn" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button
            className="btn btn--primary"
            data-testid="incident-retry-ok"
            disabled={busy}
            onClick={submit}
          >
            {t('admin.incident.retry')}
          </button>
        </>
      }
    >
      <p className="muted">{t('admin.incident.retryHint')}</p>
      <p className="text-bad">{incident.message}</p>
      <label className="field">
        <span className="field__label">{t('admin.incident.variables')}</span>
        <textarea
          rows={4}
          value={vars}
          onChange={(e) => setVars(e.target.value)}
          placeholder='{"answer": "ok"}'
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
