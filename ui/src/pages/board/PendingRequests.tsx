// The supervisor's list of pending 延期 / 挂账 requests they may decide (GET /api/requests), with approve /
// refuse and an optional comment. Hidden when there is nothing to decide.
import { useState } from 'react';
import { api } from '../../api';
import { CaseLabel } from '../../components/CaseLabel';
import { Link } from '../../components/Link';
import { useI18n } from '../../i18n';
import { useLiveEvent } from '../../lib/events';
import { formatDateTime } from '../../lib/format';
import { useRequest, useThrottled } from '../../lib/hooks';
import { toast } from '../../lib/toasts';
import { useUnitName } from '../../lib/unitNames';

export function PendingRequests() {
  const { t } = useI18n();
  const unitName = useUnitName();
  const list = useRequest(() => api.pendingRequests(), []);
  const [comments, setComments] = useState<Record<string, string>>({});
  useLiveEvent(
    'task',
    useThrottled(() => list.reload(), 600),
  );
  const items = list.data?.items ?? [];
  if (!items.length) return null;
  const decide = async (rid: string, verb: 'approve' | 'refuse') => {
    try {
      await api.decideRequest(rid, verb, comments[rid]?.trim() || undefined);
      toast('success', t(verb === 'approve' ? 'requests.approved' : 'requests.refused'));
    } catch {
      // reported by the fetch wrapper
    }
    list.reload();
  };
  return (
    <section className="card requests" data-testid="pending-requests">
      <h2>
        {t('requests.title')} <span className="count">{list.data?.total ?? items.length}</span>
      </h2>
      <ul className="requests__list">
        {items.map((task) => {
          const r = task.request;
          return (
            <li key={r.id} className="requests__item" data-request={r.kind}>
              <div className="requests__head">
                <span className={`tag ${r.kind === 'backlog' ? 'tag--warning' : 'tag--info'}`}>
                  {t(`requests.kind.${r.kind}`)}
                </span>
                <Link href={`/cases/${encodeURIComponent(task.instanceId)}`}>
                  <CaseLabel caseNo={task.caseNo} title={task.caseTitle} id={task.instanceId} />
                </Link>
              </div>
              <div className="muted">
                {task.name ?? task.nodeId} · {unitName(task.unit)} · {r.by} · {formatDateTime(r.at)}
              </div>
              <div>
                {r.kind === 'extension'
                  ? t('requests.extensionTo', {
                      from: formatDateTime(task.dueAt),
                      to: formatDateTime(r.dueAt),
                    })
                  : t('requests.backlogUntil', { at: formatDateTime(r.reviewAt) })}
              </div>
              <p className="requests__reason">{r.reason}</p>
              <div className="requests__actions">
                <input
                  type="text"
                  maxLength={500}
                  placeholder={t('requests.comment')}
                  aria-label={t('requests.comment')}
                  value={comments[r.id] ?? ''}
                  onChange={(e) => setComments({ ...comments, [r.id]: e.target.value })}
                />
                <button
                  className="btn btn--primary"
                  data-action="approve"
                  onClick={() => decide(r.id, 'approve')}
                >
                  {t('requests.approve')}
                </button>
                <button className="btn" data-action="refuse" onClick={() => decide(r.id, 'refuse')}>
                  {t('requests.refuse')}
                </button>
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
