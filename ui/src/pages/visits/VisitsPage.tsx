// The 回访 queue (/visits): the closed cases from intake in the caller's units awaiting a follow-up with
// the reporter (oldest closing first), and those done; paged by the server. Each opens the case file, where
// the 回访 is recorded.
import { useEffect, useState } from 'react';
import { Link } from '../../components/Link';
import { intakeApi, type Visit } from '../../components/map/intakeApi';
import { useI18n, type MessageKey } from '../../i18n';
import { formatDateTime } from '../../lib/format';

const PAGE_SIZE = 20;

export function VisitsPage() {
  const { t } = useI18n();
  const [status, setStatus] = useState<'due' | 'done'>('due');
  const [page, setPage] = useState(1);
  const [data, setData] = useState<{ items: Visit[]; total: number } | null>(null);
  useEffect(() => {
    let live = true;
    void intakeApi.visits(status, page, PAGE_SIZE).then(
      (r) => live && setData(r),
      () => live && setData({ items: [], total: 0 }),
    );
    return () => {
      live = false;
    };
  }, [status, page]);
  const pages = Math.max(1, Math.ceil((data?.total ?? 0) / PAGE_SIZE));
  const show = (s: 'due' | 'done') => {
    setStatus(s);
    setPage(1);
  };
  return (
    <section className="card visits-page" data-testid="visits-page">
      <div className="visits-page__bar">
        <h2>{t('visit.queue')}</h2>
        <div className="segmented" role="tablist">
          {(['due', 'done'] as const).map((s) => (
            <button
              key={s}
              role="tab"
              aria-selected={status === s}
              className={`btn ${status === s ? 'btn--primary' : 'btn--ghost'}`}
              onClick={() => show(s)}
              data-testid={`visits-${s}`}
            >
              {t(`visit.tab.${s}` as MessageKey)}
            </button>
          ))}
        </div>
      </div>
      {data && !data.items.length && <p className="muted">{t('visit.queueEmpty')}</p>}
      <ul className="visits-list">
        {data?.items.map((v) => (
          <li key={v.instanceId}>
            <Link href={`/cases/${v.instanceId}`} className="visits-list__item">
              <strong>{v.caseNo ?? v.receipt}</strong>
              {v.round > 1 ? ` · ${t('visit.round', { n: v.round })}` : ''}
              <span>{v.title ?? ''}</span>
              <span className="muted">
                {t('visit.closedAt')} {formatDateTime(v.closedAt)}
                {v.satisfaction ? ` · ${t(`visit.satisfaction.${v.satisfaction}` as MessageKey)}` : ''}
              </span>
            </Link>
          </li>
        ))}
      </ul>
      {pages > 1 && (
        <div className="pager">
          <button className="btn btn--ghost" disabled={page <= 1} onClick={() => setPage(page - 1)}>
            ‹
          </button>
          <span>
            {page} / {pages}
          </span>
          <button className="btn btn--ghost" disabled={page >= pages} onClick={() => setPage(page + 1)}>
            ›
          </button>
        </div>
      )}
    </section>
  );
}
