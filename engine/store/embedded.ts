// Embedded store: one NeDB datastore file per collection under the data folder.
//
// Atomicity: NeDB runs every operation of a datastore (find, insert, update, remove, compaction) one
// at a time through its executor queue, and an update does its match, modification and append to the
// data file inside one queued task. So a `{_id, version}` update or replace is an atomic
// compare-and-set: of two concurrent writers holding the same version exactly one matches.
//
// Durability: an acknowledged write has been appended to the data file (page cache, no fsync), so it
// survives the process being killed (appends are group-committed, see nedb-append.ts); compaction writes `<file>~`, fsyncs it and renames it over the
// data file, so a crash during compaction leaves either the old or the new file. The only damage a
// crash can do is a torn last line of an append, which repairTornTail() removes before loading (NeDB
// would otherwise count it as corruption and refuse to start a small collection).
//
// NeDB's matching differs from MongoDB's in a few places; toNedbQuery() rewrites those queries so both
// adapters answer the same (see its comment).
import { access, open, readdir, stat } from 'node:fs/promises';
import { FileBlobStore } from './blobs.js';
import { constants as fsConstants } from 'node:fs';
import path from 'node:path';
import Datastore from '@seald-io/nedb';
import { explainFsError } from '../startup/errors.js';
import { normalizeUpdate, replaceEachIf, withoutUndefined } from './common.js';
import { lockDataDir } from './data-lock.js';
import { closeAppendHandles, flushed, installPersistentAppends } from './nedb-append.js';
import { installFastIndexRemoval } from './nedb-index.js';
import {
  pickFields,
  COLLECTIONS,
  DuplicateKeyError,
  INDEXES,
  type CollectionName,
  type Doc,
  type BatchGuard,
  type DocCollection,
  type FindOptions,
  type Query,
  type Store,
  type Update,
  type UpdateResult,
} from './types.js';

export interface EmbeddedStoreOptions {
  /** Collections written since their last compaction are compacted this often (default 10 min). */
  compactionIntervalMs?: number;
}

const DEFAULT_COMPACTION_INTERVAL_MS = 10 * 60 * 1000;

const isUniqueViolation = (err: unknown) =>
  (err as { errorType?: string } | null)?.errorType === 'uniqueViolated';

class EmbeddedCollection<T extends Doc> implements DocCollection<T> {
  /** written since the last compaction */
  dirty = false;

  constructor(
    readonly ds: Datastore<T>,
    private readonly state: { closed: boolean },
    private readonly file: string,
  ) {}

  private check() {
    if (this.state.closed) throw new Error('embedded store is closed');
  }

  /** A write is acknowledged once its lines are in the data file (group commit, see nedb-append.ts). */
  private written(): Promise<void> {
    return flushed(this.file);
  }

  async insert(doc: T): Promise<void> {
    this.check();
    this.dirty = true;
    try {
      await this.ds.insertAsync(withoutUndefined(doc));
    } catch (err) {
      if (isUniqueViolation(err)) throw new DuplicateKeyError(`duplicate key: ${doc._id}`);
      throw err;
    }
    await this.written();
  }

  async insertManyIgnoreDuplicates(docs: T[]): Promise<void> {
    this.check();
    if (!docs.length) return;
    this.dirty = true;
    const clean = docs.map(withoutUndefined);
    try {
      await this.ds.insertAsync(clean); // all or nothing: one line per doc appended in one write
      return await this.written();
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
    }
    // Some _id exists already (a replayed append): insert one by one and skip the existing ones.
    // A clash on another unique index is a real conflict; the rest is still inserted, as with MongoDB's
    // unordered insertMany, and the conflict is reported at the end.
    let conflict: string | undefined;
    for (const d of clean) {
      try {
        await this.ds.insertAsync(d);
      } catch (err) {
        if (!isUniqueViolation(err)) throw err;
        if (!(await this.ds.countAsync({ _id: d._id }))) conflict ??= d._id;
      }
    }
    await this.written();
    if (conflict !== undefined) throw new DuplicateKeyError(`duplicate key (unique index): ${conflict}`);
  }

  async findOne(query: Query): Promise<T | null> {
    this.check();
    return (await this.ds.findOneAsync(this.read(query))) as unknown as T | null;
  }

  async find(query: Query, options: FindOptions = {}): Promise<T[]> {
    this.check();
    let cursor = this.ds.findAsync(this.read(query));
    if (options.sort) cursor = cursor.sort(options.sort);
    if (options.skip) cursor = cursor.skip(options.skip);
    if (options.limit) cursor = cursor.limit(options.limit);
    const docs = (await cursor) as unknown as T[];
    return options.fields ? docs.map((d) => pickFields(d, options.fields!)) : docs;
  }

  async count(query: Query, options: { limit?: number } = {}): Promise<number> {
    this.check();
    const n = await this.ds.countAsync(this.read(query));
    return options.limit !== undefined ? Math.min(n, options.limit) : n;
  }

  private read(query: Query): Query {
    return toNedbQuery(preferSelectiveIndex((this.ds as unknown as { indexes: Indexes }).indexes, query));
  }

  async updateOne(query: Query, update: Update, options: { upsert?: boolean } = {}): Promise<UpdateResult> {
    return this.update(query, normalizeUpdate(update), !!options.upsert);
  }

  async replaceOne(query: Query, doc: T, options: { upsert?: boolean } = {}): Promise<UpdateResult> {
    // A document without operators makes NeDB replace the matched document (keeping its _id).
    return this.update(query, withoutUndefined(doc), !!options.upsert);
  }

  private async update(query: Query, update: object, upsert: boolean): Promise<UpdateResult> {
    this.check();
    this.dirty = true;
    try {
      const r = await this.ds.updateAsync(toNedbQuery(query, upsert), update, { upsert, multi: false });
      if (r.numAffected) await this.written();
      return { matched: r.numAffected, upserted: r.upsert };
    } catch (err) {
      if (isUniqueViolation(err)) throw new DuplicateKeyError();
      throw err;
    }
  }

  replaceManyIf(items: ReadonlyArray<{ doc: T; expected: number }>, guard: BatchGuard): Promise<Set<string>> {
    return replaceEachIf(this, items, guard);
  }

  async deleteMany(query: Query): Promise<number> {
    this.check();
    this.dirty = true;
    const n = await this.ds.removeAsync(toNedbQuery(query), { multi: true });
    if (n) await this.written();
    return n;
  }
}

type Indexes = Record<string, { getMatching(value: unknown): unknown[] }>;

/**
 * NeDB reads its candidates from one index, chosen by the shape of the query rather than by selectivity: an
 * equality on any indexed field wins over an `$in`, so `{instanceId: {$in: ids}, status: 'open'}` scanned
 * every open task. This counts the candidates each usable index (equality or `$in` on a single-field index)
 * would give, and moves the equalities of the others into `$and`, where NeDB still matches them but does not
 * pick an index from them, so the smallest candidate set is read. Cheap: one index lookup per value.
 */
export function preferSelectiveIndex(indexes: Indexes, query: Query): Query {
  // the equality values, or `$in` lists, of the single-field indexes the query could be read from
  const usable: Array<{ key: string; values: unknown[] }> = [];
  for (const key of Object.keys(query)) {
    if (key[0] === '$' || !indexes[key]) continue;
    const v = query[key];
    if (isOperatorObject(v)) {
      const list = (v as { $in?: unknown }).$in;
      if (Array.isArray(list) && Object.keys(v).length === 1) usable.push({ key, values: list });
    } else if (v === null || typeof v !== 'object' || v instanceof Date) usable.push({ key, values: [v] });
  }
  if (usable.length < 2) return query; // nothing to choose (the hot {_id, version} queries end here)
  let best = usable[0].key;
  let bestSize = Infinity;
  for (const { key, values } of usable) {
    let size = 0;
    for (const x of values) size += indexes[key].getMatching(x).length;
    if (size < bestSize) [best, bestSize] = [key, size];
  }
  const out: Query = { ...query };
  const moved: Query[] = [];
  for (const { key } of usable) {
    if (key === best) continue;
    moved.push({ [key]: query[key] });
    delete out[key];
  }
  out.$and = [...((query.$and as Query[] | undefined) ?? []), ...moved];
  return out;
}

/**
 * Rewrites the places where NeDB's matching differs from MongoDB's, returning the query itself (no
 * allocation) when there is nothing to rewrite, which is the case for the hot `{_id, version}` queries.
 *
 * - `$ne` / `$nin` on an array field: NeDB matches when *some element* differs, MongoDB when *no
 *   element* equals. Rewritten to `$not: {f: v}` / `$not: {f: {$in: list}}`, MongoDB's definition.
 * - `null` (as a value, in `$in`, `$ne`, `$nin`): MongoDB's null also matches a missing field, NeDB's
 *   only a stored null. Rewritten to `$or: [{f: null}, {f: {$exists: false}}]`.
 * - upserts: NeDB seeds the new document from the query with operators stripped, which would leave
 *   `f: {}` behind for `f: {$lt: 3}`; operator conditions are moved into `$and` (dropped from the seed,
 *   same matching), so the seed holds the equality fields only, as in MongoDB.
 */
export function toNedbQuery(query: Query, upsert = false): Query {
  let out: Query | undefined;
  let extra: Query[] | undefined;
  for (const key of Object.keys(query)) {
    const value = query[key];
    if (key === '$or' || key === '$and') {
      if (!Array.isArray(value)) continue; // NeDB reports the malformed query itself
      let changed = false;
      const mapped = value.map((q: Query) => {
        const t = toNedbQuery(q);
        if (t !== q) changed = true;
        return t;
      });
      if (changed) (out ??= { ...query })[key] = mapped;
      continue;
    }
    if (key[0] === '$') continue;
    if (value === null) {
      out ??= { ...query };
      delete out[key];
      (extra ??= []).push(nullOrMissing(key, { [key]: null }));
      continue;
    }
    if (!isOperatorObject(value)) continue;
    let kept: Record<string, unknown> | undefined;
    let clauses: Query[] | undefined;
    for (const op of Object.keys(value)) {
      const arg = value[op];
      if (op === '$ne') {
        (clauses ??= []).push({ $not: arg === null ? nullOrMissing(key, { [key]: null }) : { [key]: arg } });
      } else if (op === '$nin') {
        (clauses ??= []).push({ $not: inClause(key, arg) });
      } else if (op === '$in' && Array.isArray(arg) && arg.includes(null)) {
        (clauses ??= []).push(inClause(key, arg));
      } else {
        (kept ??= {})[op] = arg;
      }
    }
    if (!clauses && !upsert) continue; // nothing to rewrite for this field
    out ??= { ...query };
    if (kept && !upsert) out[key] = kept;
    else delete out[key];
    if (kept && upsert) (clauses ??= []).push({ [key]: kept });
    (extra ??= []).push(...clauses!);
  }
  if (!out) return query;
  if (extra) out.$and = [...((out.$and as Query[] | undefined) ?? []), ...extra];
  return out;
}

function isOperatorObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v) || v instanceof Date || v instanceof RegExp) {
    return false;
  }
  const first = Object.keys(v)[0];
  return first !== undefined && first[0] === '$';
}

function nullOrMissing(key: string, clause: Query): Query {
  return { $or: [clause, { [key]: { $exists: false } }] };
}

function inClause(key: string, list: unknown): Query {
  const clause = { [key]: { $in: list } };
  return Array.isArray(list) && list.includes(null) ? nullOrMissing(key, clause) : clause;
}

/**
 * Every line NeDB writes ends with '\n', so a data file that does not is the torn tail of an append
 * cut short by a crash: drop the incomplete line. Acknowledged writes are never in it (the write had
 * not returned), and NeDB would otherwise count it as corruption: above 10% of the lines, which one
 * line is in a small collection, it refuses to load.
 */
export async function repairTornTail(file: string): Promise<boolean> {
  let fh;
  try {
    fh = await open(file, 'r+');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
  try {
    const { size } = await fh.stat();
    if (size === 0) return false;
    const chunk = Buffer.alloc(Math.min(size, 64 * 1024));
    let end = size;
    let first = true;
    while (end > 0) {
      const len = Math.min(chunk.length, end);
      await fh.read(chunk, 0, len, end - len);
      if (first && chunk[len - 1] === 0x0a) return false; // intact
      first = false;
      const nl = chunk.lastIndexOf(0x0a, len - 1);
      if (nl >= 0) {
        await fh.truncate(end - len + nl + 1);
        return true;
      }
      end -= len;
    }
    await fh.truncate(0); // a single, incomplete line
    return true;
  } finally {
    await fh.close();
  }
}

/** Loads (and repairs) every collection's data file and ensures its indexes. */
async function loadCollections(
  dir: string,
  state: { closed: boolean },
  collections: Map<CollectionName, EmbeddedCollection<Doc>>,
): Promise<void> {
  await Promise.all(
    COLLECTIONS.map(async (name) => {
      const filename = path.join(dir, `${name}.db`);
      // `~` is the compaction temp file; NeDB falls back to it when the data file is missing
      await repairTornTail(filename);
      await repairTornTail(`${filename}~`);
      // loaded explicitly rather than with `autoload`, so a load failure rejects openEmbeddedStore
      const ds = new Datastore<Doc>({ filename });
      await ds.loadDatabaseAsync(); // loading also compacts the file
      for (const idx of INDEXES[name]) {
        // NeDB picks one index per query, matching on its first field; compound indexes are only used
        // when the query gives every field, so the first field gets the (non-unique) lookup index ...
        const fields = Object.keys(idx.fields);
        await ds.ensureIndexAsync({ fieldName: fields[0], unique: !!idx.unique && fields.length === 1 });
        // ... and a compound unique constraint gets a compound unique index (NeDB 4 has them), as in MongoDB
        if (idx.unique && fields.length > 1) await ds.ensureIndexAsync({ fieldName: fields, unique: true });
      }
      collections.set(name, new EmbeddedCollection(ds, state, filename));
    }),
  );
}

export async function openEmbeddedStore(dir: string, options: EmbeddedStoreOptions = {}): Promise<Store> {
  installPersistentAppends();
  installFastIndexRemoval();
  // one process per data folder (data-lock.ts); this also creates the folder, or says why it cannot
  const unlock = lockDataDir(dir);
  const state = { closed: false };
  const collections = new Map<CollectionName, EmbeddedCollection<Doc>>();
  try {
    await loadCollections(dir, state, collections);
  } catch (err) {
    unlock();
    // a data file that cannot be read or rewritten (e.g. owned by another user) is named, with the fix
    throw explainFsError(err, 'DATA_DIR', dir) ?? err;
  }

  // One timer for all collections instead of NeDB's setAutocompactionInterval: it compacts only the
  // collections written since their last compaction, and does not keep the process alive.
  let compacting = false;
  const compactDirty = async () => {
    if (compacting) return;
    compacting = true;
    try {
      for (const c of collections.values()) {
        if (!c.dirty || state.closed) continue;
        c.dirty = false;
        await c.ds.compactDatafileAsync().catch(() => {
          c.dirty = true; // retried next round; the appended data file stays valid meanwhile
        });
      }
    } finally {
      compacting = false;
    }
  };
  const timer = setInterval(
    () => void compactDirty(),
    options.compactionIntervalMs ?? DEFAULT_COMPACTION_INTERVAL_MS,
  );
  timer.unref();

  return {
    kind: 'embedded',
    // the former NeDB store is opened only to migrate from; blobs as the SQLite store keeps them
    blobs: new FileBlobStore(path.join(dir, 'blobs')),
    collection<T extends Doc>(name: CollectionName) {
      const c = collections.get(name);
      if (!c) throw new Error(`unknown collection ${name}`);
      return c as unknown as DocCollection<T>;
    },
    async ping() {
      if (state.closed) return false;
      try {
        await access(dir, fsConstants.W_OK);
        return true;
      } catch {
        return false;
      }
    },
    async sizeBytes() {
      let total = 0;
      for (const f of await readdir(dir)) {
        if (f.endsWith('.db')) total += (await stat(path.join(dir, f))).size;
      }
      return total;
    },
    async close() {
      if (state.closed) return;
      state.closed = true;
      clearInterval(timer);
      // Queued behind the pending operations, so everything accepted before close is in the files.
      // Collections not written since their last compaction (loading compacts too) are left alone.
      await Promise.all(
        [...collections.values()].filter((c) => c.dirty).map((c) => c.ds.compactDatafileAsync()),
      );
      await closeAppendHandles(COLLECTIONS.map((name) => path.join(dir, `${name}.db`)));
      unlock();
    },
  };
}
