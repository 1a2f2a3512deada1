// Reading a case's history a page at a time. A looping case writes thousands of records (megabytes), so the
// case view shows the newest ones and pages back through older ones with a cursor, read from the store
// with skip/limit in the store's own order instead of loading every record.
//
// Order: by time, then `seq` (version × 10000 + index of the record within its step, written with each
// record of a step since this module exists), then _id. Records without `seq` (written by API routes, or
// before) come first within their millisecond. The cursor is the position, counted from the oldest record,
// where the page handed out begins: history is only appended to, so records written later never shift the
// older pages a cursor points at.
import type { HistoryRecord } from '../runtime/types.js';
import type { Store } from '../store/types.js';

export const HISTORY_ORDER = { at: 1, seq: 1, _id: 1 } as const;
/** default and largest page sizes of the history endpoints */
export const HISTORY_PAGE = { default: 100, max: 500 } as const;

/** `seq` of the record a step's effect `${version}.${index}` writes. */
export function historySeq(effectId: string | undefined): number | undefined {
  const m = /^(\d+)\.(\d+)$/.exec(effectId ?? '');
  return m ? Number(m[1]) * 10000 + Number(m[2]) : undefined;
}

export interface HistoryPage {
  /** oldest first */
  items: HistoryRecord[];
  /** records of the case in all */
  total: number;
  /** cursor of the page before this one (older records), null when this page starts at the oldest */
  cursor: string | null;
  limit: number;
}

/** Parses a cursor: a whole number ≥ 0 (as handed out), else undefined. */
export function parseHistoryCursor(cursor: string): number | undefined {
  return /^\d{1,15}$/.test(cursor) ? Number(cursor) : undefined;
}

/** The `limit` records before position `before` (default: the newest `limit` records). */
export async function readHistoryPage(
  store: Store,
  instanceId: string,
  opts: { before?: number; limit: number },
): Promise<HistoryPage> {
  const col = store.collection<HistoryRecord>('history');
  const total = await col.count({ instanceId });
  const end = Math.min(opts.before ?? total, total);
  const start = Math.max(0, end - opts.limit);
  const items =
    end > start
      ? await col.find({ instanceId }, { sort: HISTORY_ORDER, skip: start, limit: end - start })
      : [];
  return { items, total, cursor: start > 0 ? String(start) : null, limit: opts.limit };
}

/**
 * The history records of cases: the one module that opens the `history` collection
 * (engine/store/collection-owners.json). Records are only ever appended (idempotently: their ids are the
 * writer's), read by case, and by action for the statistics; the history cleanup removes them with their case.
 */
export class HistoryLog {
  constructor(private readonly store: Store) {}

  private get col() {
    return this.store.collection<HistoryRecord>('history');
  }

  /** Inserts the records whose ids are not stored yet (a replayed write adds nothing). */
  async append(records: HistoryRecord[]): Promise<void> {
    if (records.length) await this.col.insertManyIgnoreDuplicates(records);
  }

  async get(id: string): Promise<HistoryRecord | null> {
    return this.col.findOne({ _id: id });
  }

  /** Every record of the case, by time (ties in the store's _id order). */
  async ofCase(instanceId: string): Promise<HistoryRecord[]> {
    return this.col.find({ instanceId }, { sort: { at: 1, _id: 1 } });
  }

  /** The newest `limit` records of the case with `action`, newest first, and how many there are. */
  async newestOfCase(
    instanceId: string,
    action: string,
    limit: number,
  ): Promise<{ items: HistoryRecord[]; total: number }> {
    const q = { instanceId, action };
    const [items, total] = await Promise.all([
      this.col.find(q, { sort: { at: -1, _id: -1 }, limit }),
      this.col.count(q),
    ]);
    return { items, total };
  }

  /** The records of these cases with one of `actions` (all of them with a single `action` string), in history order. */
  async ofCasesWithActions(
    instanceIds: readonly string[],
    actions: readonly string[],
  ): Promise<HistoryRecord[]> {
    if (!instanceIds.length || !actions.length) return [];
    return this.col.find(
      {
        instanceId: { $in: [...instanceIds] },
        action: actions.length === 1 ? actions[0] : { $in: [...actions] },
      },
      { sort: HISTORY_ORDER },
    );
  }

  /** The records with one of `actions` written in [from, to) (statistics recomputed from history). */
  async withActionsBetween(actions: readonly string[], from: number, to: number): Promise<HistoryRecord[]> {
    return this.col.find({ action: { $in: [...actions] }, at: { $gte: from, $lt: to } });
  }
}
