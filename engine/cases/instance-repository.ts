// The stored cases (instance documents): the one module that opens the `instances` collection
// (engine/store/collection-owners.json). The runner loads and saves them with a version check; the case
// search, the scopes of the API (engine/api/access.ts) and statistics read them by conditions composed
// elsewhere (store-conditions.ts); start-up passes walk them a page at a time; the history cleanup removes them.
import type { InstanceState } from '../runtime/types.js';
import type { FindOptions, Query, Store, Update } from '../store/types.js';

export class InstanceRepository {
  constructor(private readonly store: Store) {}

  private get col() {
    return this.store.collection<InstanceState>('instances');
  }

  async get(id: string): Promise<InstanceState | null> {
    return this.col.findOne({ _id: id });
  }

  /** The cases of these ids (unknown ones left out) that also match `condition` when given. */
  async getMany(ids: readonly string[], condition?: Query): Promise<InstanceState[]> {
    if (!ids.length) return [];
    const byId = { _id: { $in: [...ids] } };
    return this.col.find(condition ? { $and: [byId, condition] } : byId);
  }

  /** Whether any case is stored. */
  async anyExists(): Promise<boolean> {
    return (await this.col.count({}, { limit: 1 })) > 0;
  }

  /** The cases matching `condition` (a case search, a scope, a period), in `options`' order and page. */
  async matching(condition: Query, options: FindOptions = {}): Promise<InstanceState[]> {
    return this.col.find(condition, options);
  }

  /** How many cases match `condition`, or at most `limit` of them. */
  async count(condition: Query, options: { limit?: number } = {}): Promise<number> {
    return this.col.count(condition, options);
  }

  /**
   * The next `limit` cases after `after` in _id order that match `condition`: each page is one index range,
   * however many came before (a walk over every case that does not hold them all in memory).
   */
  async pageAfter(
    after: string,
    limit: number,
    condition: Query = {},
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
