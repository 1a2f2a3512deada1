// The case list (案件列表): its filters as store conditions over the instance fields, each served by an index
// (engine/store/types.ts INDEXES, SQL side tables for the multikey ones), and the pages of a list — one page
// for the screen, successive pages for an export. Who may see which case comes in from the caller as an
// opaque condition (engine/api/access.ts instanceQuery) and is only combined here.
import type { InstanceState } from '../runtime/types.js';
import { allOf, periodCondition, type Period } from '../store-conditions.js';
import type { Query, Store } from '../store/types.js';
import { caseNumberQuery } from './case-number.js';
import { normalizeSearchText, bigrams } from './case-index.js';
import { InstanceRepository } from './instance-repository.js';
import { OrderRecords } from '../supervision/order-records.js';

/** Status groups of the list: open, closed (completed or ended by an end event), cancelled, incident. */
export const CASE_STATUSES = ['open', 'closed', 'cancelled', 'incident'] as const;
export type CaseStatusFilter = (typeof CASE_STATUSES)[number];

export const CASE_SORTS = ['startedAt', 'dueAt', 'endedAt', 'caseNo'] as const;
export type CaseSortField = (typeof CASE_SORTS)[number];

/** Open 督办单 looked at for "order pending": the newest ones, enough for any real backlog of replies. */
export const PENDING_ORDER_CAP = 5000;
/** Most search bigrams used from one search text (each is one index lookup). */
const MAX_QUERY_TERMS = 12;

export interface CaseListFilter {
  /** free text: the beginning of a case number, or words of its number, title or address */
  q?: string;
  definitionKey?: string;
  /** a status group, or one of the stored statuses (active, completed, terminated, cancelled) */
  status?: string;
  /** unit code: cases of its subtree */
  unit?: string;
  /** level of an open task (grid, community, street, district, ...) */
  level?: string;
  overdue?: boolean;
  escalated?: boolean;
  /** 挂牌督办 */
  listed?: boolean;
  /** an open 督办单 waits for its reply */
  orderPending?: boolean;
  /** username of the reporter (the starter) */
  reporter?: string;
  businessKey?: string;
  reported?: Period;
  due?: Period;
  closed?: Period;
}

export interface CaseSort {
  field: CaseSortField;
  dir: 1 | -1;
}

/** The condition of a status group or stored status. */
function statusCondition(status: string): Query {
  switch (status) {
    case 'open':
      return { status: 'active' };
    case 'closed':
      return { status: { $in: ['completed', 'terminated'] } };
    case 'incident':
      return { status: 'active', incident: true };
    default:
      return { status };
  }
}

/**
 * Free text: a case number it begins, or — for a text with Chinese (any non-ASCII) characters — a case whose
 * title or address holds every bigram of the text. Pure ASCII (a number, a code) goes by the case number
 * only: the bigrams of digit strings recur in every number and would match nearly all cases.
 */
export function textCondition(text: string): Query | null {
  const q = text.trim();
  if (!q) return null;
  const byNumber = caseNumberQuery(q);
  const norm = normalizeSearchText(q);
  // eslint-disable-next-line no-control-regex
  if (norm.length < 2 || /^[\x00-\x7f]*$/.test(norm)) return byNumber;
  const terms = bigrams(q).slice(0, MAX_QUERY_TERMS);
  return { $or: [byNumber, { $and: terms.map((t) => ({ searchTerms: t })) }] };
}

/**
 * The store condition of the filters, `now` for "overdue now" and `pendingOrderCases` (the cases with an
 * open order) when that filter is asked for.
 */
export function caseListQuery(f: CaseListFilter, now: number, pendingOrderCases?: readonly string[]): Query {
  const period = (field: string, p?: Period) =>
    p && (p.from !== undefined || p.to !== undefined) ? { [field]: periodCondition(p) } : null;
  const flag = (field: string, v?: boolean) => (v === undefined ? null : { [field]: v });
  return allOf(
    f.q ? textCondition(f.q) : null,
    f.definitionKey ? { definitionKey: f.definitionKey } : null,
    f.status ? statusCondition(f.status) : null,
    f.unit ? { unitPath: f.unit } : null,
    f.level ? { openLevels: f.level } : null,
    f.overdue === true ? { breachAt: { $lt: now } } : null,
    // not overdue: open cases with no breached task (closed cases are neither)
    f.overdue === false
      ? { status: 'active', $or: [{ breachAt: { $exists: false } }, { breachAt: { $gte: now } }] }
      : null,
    f.escalated ? { escalated: true } : f.escalated === false ? { escalated: { $ne: true } } : null,
    flag('supervised', f.listed),
    f.orderPending ? { _id: { $in: [...(pendingOrderCases ?? [])] } } : null,
    f.reporter ? { startedBy: f.reporter } : null,
    f.businessKey ? { businessKey: f.businessKey } : null,
    period('startedAt', f.reported),
    period('dueAt', f.due),
    period('endedAt', f.closed),
  );
}

export interface CasePage {
  items: InstanceState[];
  total: number;
  totalCapped?: boolean;
}

export class CaseList {
  constructor(
    private readonly store: Store,
    private readonly totalCap: number,
  ) {}

  private get instances() {
    return new InstanceRepository(this.store);
  }

  /** Cases with an open 督办单 (the newest PENDING_ORDER_CAP open orders). */
  async pendingOrderCases(): Promise<string[]> {
    return new OrderRecords(this.store).casesWithOpenOrders(PENDING_ORDER_CAP);
  }

  /** The store condition of `filter` within `access` (null: everything). */
  async query(filter: CaseListFilter, access: Query | null, now: number): Promise<Query> {
    const pending = filter.orderPending ? await this.pendingOrderCases() : undefined;
    return allOf(access, caseListQuery(filter, now, pending));
  }

  /** One page, with the total counted up to the cap. */
  async page(query: Query, sort: CaseSort, skip: number, limit: number): Promise<CasePage> {
    const order = sortOf(sort);
    const [items, total] = await Promise.all([
      this.instances.matching(query, { sort: order, skip, limit }),
      this.instances.count(query, { limit: this.totalCap }),
    ]);
    return { items, total, ...(total >= this.totalCap ? { totalCapped: true } : {}) };
  }

  /**
   * Successive pages of `size` of the list, up to `max` cases (an export). Keyset paging on (sort field, _id):
   * each page starts after the last row of the one before, so page 100 costs what page 1 does (skipping
   * would read every earlier row again, and with an access filter, their documents too).
   */
  async *pages(query: Query, sort: CaseSort, max: number, size = 1000): AsyncGenerator<InstanceState[]> {
    const order = { [sort.field]: sort.dir, _id: sort.dir } as Record<string, 1 | -1>;
    let after: Query | null = null;
    for (let read = 0; read < max;) {
      const items = await this.instances.matching(allOf(query, after), {
        sort: order,
        limit: Math.min(size, max - read),
      });
      if (items.length) yield items;
      read += items.length;
      if (items.length < size) return;
      const last = items[items.length - 1];
      after = afterRow(sort, (last as unknown as Record<string, unknown>)[sort.field], last._id);
    }
  }

  async count(query: Query, cap: number): Promise<number> {
    return this.instances.count(query, { limit: cap });
  }
}

/** The sort of the store: one indexed field (ties on a millisecond are left in the store's order). */
function sortOf(s: CaseSort): Record<string, 1 | -1> {
  return { [s.field]: s.dir };
}

/**
 * The rows after (v, id) in the order (field, _id) both `dir`: a missing value sorts below every value, in
 * the SQL stores and in MongoDB alike, so it comes first ascending and last descending.
 */
export function afterRow(sort: CaseSort, v: unknown, id: string): Query {
  const f = sort.field;
  const missing = { [f]: { $exists: false } };
  if (v === undefined || v === null) {
    const sameTail = { ...missing, _id: sort.dir === 1 ? { $gt: id } : { $lt: id } };
    return sort.dir === 1 ? { $or: [sameTail, { [f]: { $exists: true } }] } : sameTail;
  }
  const op = sort.dir === 1 ? '$gt' : '$lt';
  const alts: Query[] = [{ [f]: { [op]: v } }, { [f]: v, _id: { [op]: id } }];
  if (sort.dir === -1) alts.push(missing);
  return { $or: alts };
}
