// The stored cases (instance documents): the one module that opens the `instances` collection
// (engine/store/collection-owners.json). The runner loads and saves them with a version check; start-up
// passes walk them a page at a time; the history cleanup removes them; statistics and the other passes ask in
// the domain's words (activeAfter, withoutAccessKeys, dueForRemoval, activeAmong, ofSubtreeBetween, …). The
// case search (engine/cases/case-list.ts, the read model's repository) composes its own conditions — the
// viewer's scope and the criteria — and runs them here as a CaseSearchCondition, a type only it makes.
import type { InstanceState } from '../runtime/types.js';
import type { FindOptions, Query, Store, Update } from '../store/types.js';

declare const CASE_SEARCH: unique symbol;
/**
 * A store condition composed by the case search (engine/cases/case-list.ts caseSearchCondition), the one
 * caller that passes conditions on cases: no other module composes one.
 */
export type CaseSearchCondition = Query & { readonly [CASE_SEARCH]: true };

export class InstanceRepository {
  constructor(private readonly store: Store) {}

  private get col() {
    return this.store.collection<InstanceState>('instances');
  }

  async get(id: string): Promise<InstanceState | null> {
    return this.col.findOne({ _id: id });
  }

  /** The cases of these ids (unknown ones left out) that also match `condition` when given. */
  async getMany(ids: readonly string[], condition?: CaseSearchCondition): Promise<InstanceState[]> {
    if (!ids.length) return [];
    const byId = { _id: { $in: [...ids] } };
    return this.col.find(condition ? { $and: [byId, condition] } : byId);
  }

  /** Those of the cases `ids` that belong to the subtree of `unit` (unknown ones left out). */
  async inSubtreeAmong(ids: readonly string[], unit: string): Promise<InstanceState[]> {
    if (!ids.length) return [];
    return this.col.find({ _id: { $in: [...ids] }, unitPath: unit });
  }

  /** The ids of those of the cases `ids` that are still open (status active). */
  async activeAmong(ids: readonly string[]): Promise<Set<string>> {
    if (!ids.length) return new Set();
    const rows = await this.col.find({ _id: { $in: [...ids] }, status: 'active' }, { fields: ['_id'] });
    return new Set(rows.map((s) => s._id));
  }

  /** Whether any case is stored. */
  async anyExists(): Promise<boolean> {
    return (await this.col.count({}, { limit: 1 })) > 0;
  }

  /** The cases a case search found, in `options`' order and page (engine/cases/case-list.ts). */
  async searched(condition: CaseSearchCondition, options: FindOptions = {}): Promise<InstanceState[]> {
    return this.col.find(condition, options);
  }

  /** How many cases a case search finds, or at most `limit` of them. */
  async countSearched(condition: CaseSearchCondition, options: { limit?: number } = {}): Promise<number> {
    return this.col.count(condition, options);
  }

  /** Whether some case's number begins with `prefix` (one probe of the caseNo index). */
  async anyNumberBeginning(condition: CaseSearchCondition): Promise<boolean> {
    return (await this.col.count(condition, { limit: 1 })) > 0;
  }

  /** How many open cases run version `version` of process `key`, counted up to `limit` (a migration's source). */
  async countActiveOnVersion(key: string, version: number, limit: number): Promise<number> {
    return this.col.count(activeOnVersion(key, version), { limit });
  }

  /** The next `limit` open cases on version `version` of `key` after `after` in _id order (a migration). */
  async activeOnVersionAfter(
    key: string,
    version: number,
    after: string,
    limit: number,
  ): Promise<InstanceState[]> {
    return this.walk(after, limit, activeOnVersion(key, version));
  }

  /** How many cases have `status` (of process `definitionKey` when given): benchmarks waiting for their runs. */
  async countWithStatus(status: string, definitionKey?: string): Promise<number> {
    return this.col.count({ status, ...(definitionKey !== undefined ? { definitionKey } : {}) });
  }

  /**
   * The next `limit` open cases (status active) after `after` in _id order, only `fields` when given: a walk
   * over the open cases (start-up recovery, due timers, a sample's settling), one index range a page.
   */
  async activeAfter(after: string, limit: number, fields?: string[]): Promise<InstanceState[]> {
    return this.walk(after, limit, { status: 'active' }, fields);
  }

  /** Up to `limit` cases stored before access keys existed (engine/cases/access-keys-backfill.ts). */
  async withoutAccessKeys(limit: number): Promise<InstanceState[]> {
    return this.col.find({ accessKeys: { $exists: false } }, { limit });
  }

  /**
   * The first `limit` closed cases whose removal time has come by `now`, in removal order, without an
   * unexecuted outbox, except those of `deferred` (the history cleanup's batch).
   */
  async dueForRemoval(
    now: number,
    limit: number,
    deferred: readonly string[] = [],
  ): Promise<InstanceState[]> {
    return this.col.find(
      {
        removalAt: { $lte: now },
        status: { $ne: 'active' },
        outboxAt: { $exists: false },
        ...(deferred.length ? { _id: { $nin: [...deferred] } } : {}),
      },
      { sort: { removalAt: 1, _id: 1 }, limit },
    );
  }

  /** The cases of the subtree of `unit` started or ended in [from, to) (statistics recomputed from history). */
  async ofSubtreeBetween(unit: string, from: number, to: number): Promise<InstanceState[]> {
    return this.col.find({
      unitPath: unit,
      $or: [{ startedAt: { $gte: from, $lt: to } }, { endedAt: { $gte: from, $lt: to } }],
    });
  }

  /**
   * The next `limit` cases after `after` in _id order, only `fields` when given: each page is one index
   * range, however many came before (a walk over every case that does not hold them all in memory).
   */
  async pageAfter(after: string, limit: number, fields?: string[]): Promise<InstanceState[]> {
    return this.walk(after, limit, {}, fields);
  }

  private async walk(
    after: string,
    limit: number,
    condition: Query,
    fields?: string[],
  ): Promise<InstanceState[]> {
    return this.col.find(after ? { ...condition, _id: { $gt: after } } : condition, {
      sort: { _id: 1 },
      limit,
      ...(fields ? { fields } : {}),
    });
  }

  /** Stores a new case; rejects with DuplicateKeyError when its id exists. */
  async insert(state: InstanceState): Promise<void> {
    await this.col.insert(state);
  }

  /** Replaces the case with `next` if it is still at `version` (optimistic concurrency). True when replaced. */
  async replaceIfVersion(id: string, version: number, next: InstanceState): Promise<boolean> {
    return (await this.col.replaceOne({ _id: id, version }, next)).matched === 1;
  }

  /**
   * replaceIfVersion of many cases at once (a timer batch): each `next` replaces its case if that is still at
   * `version`, a few statements for the lot; the ids of the cases replaced (the others lost the race).
   */
  async replaceManyIfVersion(
    items: ReadonlyArray<{ next: InstanceState; version: number }>,
  ): Promise<Set<string>> {
    if (!items.length) return new Set();
    return this.col.replaceManyIf(
      items.map((it) => ({ doc: it.next, expected: it.version })),
      { field: 'version', op: '$eq' },
    );
  }

  /** Updates fields of the case if it is still at `version` (no new version: derived fields). True when done. */
  async updateIfVersion(id: string, version: number, update: Update): Promise<boolean> {
    return (await this.col.updateOne({ _id: id, version }, update)).matched === 1;
  }

  /** Empties an executed outbox, unless a newer version exists (its writer carries or clears it). */
  async clearOutbox(id: string, version: number): Promise<void> {
    await this.updateIfVersion(id, version, { $set: { outbox: [] }, $unset: { outboxAt: true } });
  }

  /** Cases whose outbox was written before `before` and not cleared (their writer presumably died). */
  async withOutboxBefore(before: number, limit: number): Promise<InstanceState[]> {
    return this.col.find({ outboxAt: { $lt: before } }, { limit });
  }

  /** Deletes the cases of `ids` whose removal time has come by `now` (the history cleanup); how many. */
  async removeDue(ids: readonly string[], now: number): Promise<number> {
    return this.col.deleteMany({ _id: { $in: [...ids] }, removalAt: { $lte: now } });
  }
}

/** The open cases on one version of a process (a migration's source). */
function activeOnVersion(key: string, version: number): Query {
  return { definitionKey: key, status: 'active', definitionVersion: version };
}
