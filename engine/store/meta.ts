// The engine's own records kept by id in the `meta` collection: markers of one-off passes (backfills), counters,
// the deployment id, the role catalogue, which bundled files were deployed, the current form versions, retired
// process keys and migration runs. Each user names its records by an id prefix of its own; this is the one
// module that opens the collection (engine/store/collection-owners.json).
import { insertIfAbsent, type Doc, type Query, type Store, type Update } from './types.js';

/** A marker: a one-off pass has finished (at `at`), with what the pass wants to remember. */
export type Marker = Doc & { at: number };

export class MetaRecords {
  constructor(private readonly store: Store) {}

  private get col() {
    return this.store.collection<Doc>('meta');
  }

  async get<T extends Doc>(id: string): Promise<T | null> {
    return (await this.col.findOne({ _id: id })) as T | null;
  }

  async getMany<T extends Doc>(ids: readonly string[]): Promise<T[]> {
    if (!ids.length) return [];
    return (await this.col.find({ _id: { $in: [...ids] } })) as T[];
  }

  /** The records whose id starts with `prefix`, in id order. */
  async withIdPrefix<T extends Doc>(prefix: string): Promise<T[]> {
    // every id that starts with the prefix sorts between it and the prefix with its last character's successor
    const end = prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
    return (await this.col.find({ _id: { $gte: prefix, $lt: end } }, { sort: { _id: 1 } })) as T[];
  }

  /** The records whose `type` is `type`, newest `createdAt` first. */
  async ofType<T extends Doc>(type: string, limit: number): Promise<T[]> {
    return (await this.col.find({ type }, { sort: { createdAt: -1 }, limit })) as T[];
  }

  /** Inserts `doc`; false (and nothing written) when its id is there already. */
  async create(doc: Doc): Promise<boolean> {
    return insertIfAbsent(this.col, doc);
  }

  /** Writes `doc` whole, over the record of its id if there is one. */
  async put(doc: Doc): Promise<void> {
    await this.col.replaceOne({ _id: doc._id }, doc, { upsert: true });
  }

  /** Updates the record `id`; with `condition`, only while it holds (compare-and-set). True when one matched. */
  async update(id: string, update: Update, condition: Query = {}): Promise<boolean> {
    return (await this.col.updateOne({ ...condition, _id: id }, update)).matched > 0;
  }

  async remove(id: string): Promise<void> {
    await this.col.deleteMany({ _id: id });
  }

  /** The marker of the one-off pass `name`, or null while the pass has not finished. */
  async marker<T extends Marker = Marker>(name: string): Promise<T | null> {
    return this.get<T>(name);
  }

  /** Marks the one-off pass `name` finished now, with `fields` to remember. */
  async setMarker(name: string, fields: Record<string, unknown> = {}): Promise<void> {
    await this.put({ ...fields, _id: name, at: Date.now() });
  }
}
