// 案件: every case the user may see, searched and filtered (like Camunda Operate for this domain), sorted,
// paged; exported as Excel or CSV with the same filters; filters saved per user; bulk 督办单 and reassign
// for supervisors. The filters are the address's query string (query.ts).
import { useMemo, useState } from 'react';
import { api, download } from '../../api';
import { Async } from '../../components/States';
import { useI18n } from '../../i18n';
import { useRequest } from '../../lib/hooks';
import { navigate, useLocation } from '../../lib/router';
import { hasRole, sessionStore } from '../../lib/session';
import { useStore } from '../../lib/store';
import { toast } from '../../lib/toasts';
import type { CaseListItem } from '../../types';
import { BulkDialog, type BulkKind } from './BulkDialog';
import { CaseFilters } from './CaseFilters';
import { CaseResults, type RowResult } from './CaseResults';
import { SavedFilters } from './SavedFilters';
import {
  apiQuery,
  filterString,
  PAGE_SIZE,
  pageCountText,
  patched,
  SORTS,
  sortLabelKey,
  totalText,
} from './query';

export default function CasesPage() {
  const { t, lang } = useI18n();
  const { query } = useLocation();
  const qs = query.toString();
  const user = useStore(sessionStore)?.user;
  const supervisor = !!user && (!!user.admin || hasRole(user, 'supervisor', 'admin'));
  const list = useRequest(() => api.caseList(apiQuery(new URLSearchParams(qs))), [qs]);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [results, setResults] = useState<Record<string, RowResult>>({});
  const [bulk, setBulk] = useState<BulkKind | null>(null);
  const page = Number(query.get('page') ?? 1) || 1;
  const go = (patch: Record<string, string | undefined>) => {
    setResults({});
    navigate(patched(query, patch));
  };
  const chosen = useMemo(
    () => (list.data?.items ?? []).filter((c) => selected.has(c.id)),
    [list.data, selected],
  );
  const select = (ids: string[], on: boolean) =>
    setSelected((s) => {
      const next = new Set(s);
      for (const id of ids)
        if (on) next.add(id);
        else next.delete(id);
      return next;
    });
  const exportAs = (format: 'xlsx' | 'csv') => {
    const q: Record<string, string> = { ...apiQuery(query), format, lang };
    delete q.page;
    delete q.pageSize;
    download('/api/instances/export', q, `cases.${format}`).catch(() => undefined); // toasted by download
  };
  const total = list.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));

  return (
    <div className="page page--cases">
      <header className="page__head">
        <h1>{t('cases.title')}</h1>
        <SavedFilters current={filterString(query)} onOpen={(q) => navigate(q ? `/cases?${q}` : '/cases')} />
      </header>
      <CaseFilters query={query} onChange={go} />
      <div className="cases-toolbar">
        <span className="cases-toolbar__total" data-testid="cases-total">
          {list.data && totalText(total, list.data.totalCapped)}
        </span>
        <label className="cases-inline">
          <select
            value={query.get('sort') ?? '-startedAt'}
            aria-label={t('cases.sort')}
            onChange={(e) => go({ sort: e.target.value === '-startedAt' ? undefined : e.target.value })}
          >
            {SORTS.map((s) => (
              <option key={s} value={s}>
                {t(sortLabelKey(s))}
              </option>
            ))}
          </select>
        </label>
        {filterString(query) && (
          <button className="btn btn--ghost" onClick={() => navigate('/cases')}>
            {t('cases.reset')}
          </button>
        )}
        <span className="cases-toolbar__spacer" />
        <button
          className="btn"
          onClick={() => exportAs('xlsx')}
          title={t('cases.exportHint')}
          data-testid="export-xlsx"
        >
          {t('cases.exportXlsx')}
        </button>
        <button className="btn" onClick={() => exportAs('csv')} title={t('cases.exportHint')}>
          {t('cases.exportCsv')}
        </button>
      </div>
      {supervisor && chosen.length > 0 && (
        <div className="cases-bulk" role="region" aria-label={t('cases.selected', { n: chosen.length })}>
          <span>{t('cases.selected', { n: chosen.length })}</span>
          <button className="btn btn--danger" onClick={() => setBulk('order')} data-testid="bulk-order">
            {t('cases.bulkOrder')}
          </button>
          <button className="btn" onClick={() => setBulk('reassign')}>
            {t('cases.bulkReassign')}
          </button>
        </div>
      )}
      <section className="card cases-results">
        <Async
          state={list}
          empty={(p) => !p.items.length}
          emptyTitle={t('cases.empty')}
          emptyHint={t('cases.emptyHint')}
        >
          {(p) => (
            <CaseResults
              items={p.items as CaseListItem[]}
              selectable={supervisor}
              selected={selected}
              onSelect={select}
              results={results}
            />
          )}
        </Async>
        {pages > 1 && (
          <nav className="pager" aria-label={t('cases.page', { p: page, n: pages })}>
            <button className="btn" disabled={page <= 1} onClick={() => go({ page: String(page - 1) })}>
              {t('cases.prev')}
            </button>
            <span>{t('cases.page', { p: page, n: pageCountText(pages, page, list.data?.totalCapped) })}</span>
            <button
              className="btn"
              disabled={page >= pages && !list.data?.totalCapped}
              onClick={() => go({ page: String(page + 1) })}
            >
              {t('cases.next')}
            </button>
          </nav>
        )}
      </section>
      {bulk && (
        <BulkDialog
          kind={bulk}
          cases={chosen}
          onClose={() => setBulk(null)}
          onDone={(r) => {
            setBulk(null);
            setResults(r);
            setSelected(new Set());
            list.reload();
            if (!Object.keys(r).length) toast('info', t('cases.empty'));
          }}
        />
      )}
    </div>
  );
}
