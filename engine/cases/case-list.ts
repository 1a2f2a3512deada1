// The case search (案件列表 and its export): a repository asked in the domain's words — who asks (a Viewer:
// their units, subtree, their own cases) and criteria (text, process, status, unit subtree, level, overdue,
// escalated, listed, order pending, reporter, business key, date ranges, "I handled"), a sort and a page —
// that answers rows and a total. The store conditions are built here and nowhere else: the criteria over
// the instance fields, each served by an index (engine/store/types.ts INDEXES, SQL side tables for the
// multikey ones), and the viewer's jurisdiction (the rules of engine/api/access.ts, folded into indexed
// fields by engine/cases/access-keys.ts).
//
// Its read model is the narrow set of fields engine/cases/case-index.ts derives from the case on every write
// of it (the runner's stamp, in the same version-checked replace — so exactly once per version) plus the
// access keys, with their backfill (case-index-backfill.ts) for stores written before them.
import type { InstanceState } from '../runtime/types.js';
import { allOf, periodCondition, type Period } from '../store-conditions.js';
import type { Query, Store } from '../store/types.js';
import { candidateKey, userKey } from './access-keys.js';
import { caseNumberQuery } from './case-number.js';
import { normalizeSearchText, bigrams } from './case-index.js';
import { InstanceRepository, type CaseSearchCondition } from './instance-repository.js';
import { OrderRecords } from '../supervision/order-records.js';
import type { Viewer } from './viewer.js';

/** Status groups of the list: open, closed (completed or ended by an end event), cancelled, incident. */
export const CASE_STATUSES = ['open', 'closed', 'cancelled', 'incident'] as const;
export type CaseStatusFilter = (typeof CASE_STATUSES)[number];

export const CASE_SORTS = ['startedAt', 'dueAt', 'endedAt', 'caseNo'] as const;
export type CaseSortField = (typeof CASE_SORTS)[number];

/** Open 督办单 looked at for "order pending": the newest ones, enough for any real backlog of replies. */
export const PENDING_ORDER_CAP = 5000;
/** A list's total counted up to this by default (engine.ts passes LIST_TOTAL_CAP). */
const DEFAULT_TOTAL_CAP = 1_000;
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
  /** "我经手的": cases the viewer opened or handled (held, delegated or watched a task of, ever) */
  involved?: boolean;
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

/** Whether the text has words to look for (any non-ASCII character): else it is searched as a case number. */
export function hasWords(text: string): boolean {
  const norm = normalizeSearchText(text.trim());
  // eslint-disable-next-line no-control-regex
  return norm.length >= 2 && !/^[\x00-\x7f]*$/.test(norm);
}

/**
 * Free text: a case number it begins, or — for a text with Chinese (any non-ASCII) characters — a case whose
 * title or address holds every bigram of the text. Pure ASCII (a number, a code) goes by the case number
 * only: the bigrams of digit strings recur in every number and would match nearly all cases. When no case
 * number begins with the words (`numbers` false: none does — the caller looked), the bigrams alone: a plain
 * conjunction the store can drive from the rarest bigram's index entries.
 */
export function textCondition(text: string, numbers = true): Query | null {
  const q = text.trim();
  if (!q) return null;
  const byNumber = caseNumberQuery(q);
  if (!hasWords(q)) return byNumber;
  const byWords = {
    $and: bigrams(q)
      .slice(0, MAX_QUERY_TERMS)
      .map((t) => ({ searchTerms: t })),
  };
  return numbers ? { $or: [byNumber, byWords] } : byWords;
}

/**
 * The store condition of the filters, `now` for "overdue now" and `pendingOrderCases` (the cases with an
 * open order) when that filter is asked for.
 */
export function caseListQuery(
  f: CaseListFilter,
  now: number,
  pendingOrderCases?: readonly string[],
  numbers = true,
): Query {
  const period = (field: string, p?: Period) =>
    p && (p.from !== undefined || p.to !== undefined) ? { [field]: periodCondition(p) } : null;
  const flag = (field: string, v?: boolean) => (v === undefined ? null : { [field]: v });
  return allOf(
    f.q ? textCondition(f.q, numbers) : null,
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

/** The access keys (./access-keys.ts) that admit the viewer to a case through one of its tasks. */
export function viewerAccessKeys(v: Viewer): string[] {
  const keys = [userKey(v.username)];
  for (const [unit, roles] of Object.entries(v.handles))
    for (const r of roles) keys.push(candidateKey(unit, r));
  return keys;
}

/**
 * The cases the viewer may see: started by them, in a supervised subtree, at a handled grid unit, or reached
 * through one of their tasks (the case's access keys) — one indexed query, whatever the history. `null`: no
 * restriction (an admin). The rules of engine/api/access.ts canSeeInstanceDirectly + a visible task.
 */
export function caseScopeCondition(v: Viewer): Query | null {
  if (v.admin) return null;
  const or: Query[] = [{ startedBy: v.username }, { accessKeys: { $in: viewerAccessKeys(v) } }];
  if (v.supervises.length) or.push({ unitPath: { $in: [...v.supervises] } });
  const handled = Object.keys(v.handles);
  if (handled.length) or.push({ gridUnit: { $in: handled } });
  return { $or: or };
}

/** The cases a viewer supervises (may cancel, message); `null`: all (an admin). */
export function supervisedCasesCondition(v: Viewer): CaseSearchCondition | null {
  if (v.admin) return null;
  return searchConditionOf({ unitPath: { $in: [...v.supervises] } });
}

/** The whole condition of a search: the viewer's scope, "I handled", and the criteria. */
export function searchCondition(
  v: Viewer,
  c: CaseListFilter,
  now: number,
  pendingOrderCases?: readonly string[],
  numbers = true,
): CaseSearchCondition {
  return searchConditionOf(
    allOf(
      caseScopeCondition(v),
      c.involved ? { accessKeys: userKey(v.username) } : null,
      caseListQuery(c, now, pendingOrderCases, numbers),
    ),
  );
}

/**
 * A condition this module composed, as the type InstanceRepository runs for the case search: no other module
 * makes one (engine/cases/instance-repository.ts CaseSearchCondition).
 */
export function searchConditionOf(q: Query): CaseSearchCondition {
  return q as CaseSearchCondition;
}

export interface CasePage {
  items: InstanceState[];
  /** the number of matches, or the cap when there are more (then `totalCapped`) */
  total: number;
  /** more than `total` cases match ("超过 1,000 件") */
  totalCapped?: boolean;
}

/** The criteria of a case search (the list's filters and "I handled"). */
export type CaseCriteria = CaseListFilter;

/** Fields of a case a map or a short listing reads (CaseSearch.among). */
export type CaseRowField = keyof InstanceState & string;

export class CaseSearch {
  constructor(
    private readonly store: Store,
    /**
     * a list's total is counted up to here, and past it the answer is "more than" (as web searches do):
     * each match counted is a row checked against the viewer's scope, so a district supervisor's search for
     * a common word cost what it matched (8k cases, ~230 ms at 30k stored) where the page cost 20 rows
     */
    private readonly totalCap = DEFAULT_TOTAL_CAP,
  ) {}

  private get instances() {
    return new InstanceRepository(this.store);
  }

  /** Cases with an open 督办单 (the newest PENDING_ORDER_CAP open orders). */
  private async pendingOrderCases(): Promise<string[]> {
    return new OrderRecords(this.store).casesWithOpenOrders(PENDING_ORDER_CAP);
  }

  /** The store condition a search runs (public for the query-plan tests; callers ask page/count/pages). */
  async storeCondition(viewer: Viewer, criteria: CaseCriteria, now: number): Promise<CaseSearchCondition> {
    const pending = criteria.orderPending ? await this.pendingOrderCases() : undefined;
    // words: does any case number begin with them (one probe of the caseNo index)? Mostly not, and then
    // the words alone are searched, by their bigrams' index entries
    const numbers =
      !criteria.q ||
      !hasWords(criteria.q) ||
      (await this.instances.anyNumberBeginning(searchConditionOf(caseNumberQuery(criteria.q.trim()))));
    return searchCondition(viewer, criteria, now, pending, numbers);
  }

  /**
   * One page of the cases `viewer` may see that meet `criteria`, with the total counted up to the cap: one
   * more is counted, so `totalCapped` says there are more than the cap (exactly the cap is exact).
   */
  async page(
    viewer: Viewer,
    criteria: CaseCriteria,
    sort: CaseSort,
    page: { skip: number; limit: number },
    now: number,
  ): Promise<CasePage> {
    const query = await this.storeCondition(viewer, criteria, now);
    const [items, counted] = await Promise.all([
      this.instances.searched(query, { sort: sortOf(sort), skip: page.skip, limit: page.limit }),
      this.instances.countSearched(query, { limit: this.totalCap + 1 }),
    ]);
    return counted > this.totalCap
      ? { items, total: this.totalCap, totalCapped: true }
      : { items, total: counted };
  }

  /** How many cases `viewer` may see that meet `criteria`, counted up to `cap`. */
  async count(viewer: Viewer, criteria: CaseCriteria, cap: number, now: number): Promise<number> {
    return this.instances.countSearched(await this.storeCondition(viewer, criteria, now), { limit: cap });
  }

  /**
   * Successive pages of `size` of the list, up to `max` cases (an export). Keyset paging on (sort field, _id):
   * each page starts after the last row of the one before, so page 100 costs what page 1 does (skipping
   * would read every earlier row again, and with an access filter, their documents too); a case written
   * meanwhile neither repeats a row nor shifts one out.
   */
  async *pages(
    viewer: Viewer,
    criteria: CaseCriteria,
    sort: CaseSort,
    max: number,
    now: number,
    size = 1000,
  ): AsyncGenerator<InstanceState[]> {
    const query = await this.storeCondition(viewer, criteria, now);
    const order = { [sort.field]: sort.dir, _id: sort.dir } as Record<string, 1 | -1>;
    let after: Query | null = null;
    for (let read = 0; read < max;) {
      const items = await this.instances.searched(searchConditionOf(allOf(query, after)), {
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

  /**
   * Those of the cases `ids` that `viewer` may see and that meet `criteria` (status, process), only
   * `fields` of each (the cases of the intake map).
   */
  async among(
    viewer: Viewer,
    ids: readonly string[],
    criteria: Pick<CaseCriteria, 'status' | 'definitionKey'>,
    fields: readonly CaseRowField[],
    now: number,
  ): Promise<InstanceState[]> {
    if (!ids.length) return [];
    const query = allOf({ _id: { $in: [...ids] } }, await this.storeCondition(viewer, criteria, now));
    return this.instances.searched(searchConditionOf(query), { fields: [...fields] });
  }
}

/** The sort of the store: one indexed field (ties on a millisecond are left in the store's order). */
export function sortOf(s: CaseSort): Record<string, 1 | -1> {
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
