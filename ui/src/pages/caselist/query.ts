// The case list's state lives in the address (/cases?status=open&overdue=1…): dashboard links open it with
// a filter, the browser's back button restores the previous one, a saved filter is such a query string.
import { t, type MessageKey } from '../../i18n';

/** Parameters the page keeps in its address, in a stable order (the API takes the same names). */
export const FILTER_KEYS = [
  'q',
  'status',
  'definitionKey',
  'unit',
  'level',
  'overdue',
  'escalated',
  'listed',
  'orderPending',
  'reporter',
  'reportedFrom',
  'reportedTo',
  'dueFrom',
  'dueTo',
  'closedFrom',
  'closedTo',
] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];

export const FLAG_KEYS = ['overdue', 'escalated', 'listed', 'orderPending'] as const satisfies FilterKey[];
export const STATUSES = ['open', 'closed', 'cancelled', 'incident'] as const;
export const SORTS = ['-startedAt', 'startedAt', 'dueAt', '-dueAt', '-endedAt', 'caseNo'] as const;
export const PAGE_SIZE = 20;

export const statusLabelKey = (s: string) => `cases.status.${s}` as MessageKey;
export const sortLabelKey = (s: string) => `cases.sort.${s}` as MessageKey;

/** The filters and sort of an address query (paging left out): what a saved filter stores. */
export function filterString(q: URLSearchParams): string {
  const out = new URLSearchParams();
  for (const k of [...FILTER_KEYS, 'sort']) if (q.get(k)) out.set(k, q.get(k)!);
  return out.toString();
}

/** The address query with `patch` applied (empty values removed); a filter change goes back to page 1. */
export function patched(q: URLSearchParams, patch: Record<string, string | undefined>): string {
  const out = new URLSearchParams(q);
  for (const [k, v] of Object.entries(patch)) {
    if (v) out.set(k, v);
    else out.delete(k);
  }
  if (!('page' in patch)) out.delete('page');
  const s = out.toString();
  return s ? `/cases?${s}` : '/cases';
}

/** The query of the API call: the address parameters with paging. */
export function apiQuery(q: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of [...FILTER_KEYS, 'sort', 'page']) if (q.get(k)) out[k] = q.get(k)!;
  out.pageSize = String(PAGE_SIZE);
  return out;
}

/**
 * The list's total in words: exact ("共 37 件"), or past the server's count cap (`totalCapped`) "more than"
 * ("超过 1,000 件") — the server counts matches up to a cap, as web searches do.
 */
export function totalText(total: number, capped: boolean | undefined): string {
  return capped
    ? t('cases.totalCapped', { n: total.toLocaleString('en-US') })
    : t('cases.total', { n: total.toLocaleString('en-US') });
}

/** The pager's page count: past the cap "50+" (more pages may follow the last one counted). */
export function pageCountText(pages: number, page: number, capped: boolean | undefined): string {
  return capped ? `${Math.max(pages, page)}+` : String(pages);
}
