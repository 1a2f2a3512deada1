// MongoDB store through mongoose: one loosely-typed model per collection (`strict: false`, string
// `_id`, no version key) with the indexes the queries need. Operations go through the model's native
// collection: no casting, no hydration, the same plain documents the embedded store returns.
// Single-document updates are atomic in MongoDB, which gives the {_id, version} compare-and-set.
import mongoose, { type Connection } from 'mongoose';
import { checkDistinctIds, normalizeUpdate } from './common.js';
import { GridFsBlobStore } from './mongo-blobs.js';
import {
  pickFields,
  COLLECTIONS,
  DuplicateKeyError,
  INDEXES,
  type BatchGuard,
  type CollectionName,
  type Doc,
  type DocCollection,
  type FindOptions,
  type Query,
  type Store,
  type Update,
  type UpdateResult,
} from './types.js';

export interface MongoStoreOptions {
  /** database name, overriding the one in the URL */
  dbName?: string;
  /** how long an operation waits for a reachable server before failing (default 5 s) */
  serverSelectionTimeoutMS?: number;
}

type MongoError = {
  code?: number;
  codeName?: string;
  errmsg?: string;
  message?: string;
  errorResponse?: { code?: number };
};
type NativeCollection = mongoose.Collection<Doc>;

const DUPLICATE_KEY = 11000;
/** 11000 (11001 from old servers), also when the driver nests the server's answer in errorResponse */
const isDup = (err: unknown) => {
  const e = err as MongoError | null;
  if (!e) return false;
  const code = e.code ?? e.errorResponse?.code;
  return code === DUPLICATE_KEY || code === 11001 || e.codeName === 'DuplicateKey';
};
/** "E11000 duplicate key error collection: db.users index: _id_ dup key: ..." */
const isIdDup = (e: MongoError) => / index: _id_ /.test(e.errmsg ?? e.message ?? '');

/** Exported for tests only (error mapping without a server); use openMongoStore. */
export class MongoCollection<T extends Doc> implements DocCollection<T> {
  constructor(private readonly raw: NativeCollection) {}

  async insert(doc: T): Promise<void> {
    try {
      await this.raw.insertOne(doc as Doc);
    } catch (err) {
      if (isDup(err)) throw new DuplicateKeyError(`duplicate key: ${doc._id}`);
      throw err;
    }
  }

  async insertManyIgnoreDuplicates(docs: T[]): Promise<void> {
    if (!docs.length) return;
    try {
      // unordered: every insertable document is inserted even when some _ids exist
      await this.raw.insertMany(docs as Doc[], { ordered: false });
    } catch (err) {
      const e = err as MongoError & { writeErrors?: MongoError | MongoError[]; writeConcernError?: unknown };
      if (e.writeConcernError) throw err;
      const writeErrors = e.writeErrors === undefined ? [] : ([] as MongoError[]).concat(e.writeErrors);
      if (!writeErrors.length) {
        if (isDup(e) && isIdDup(e)) return;
        throw err;
      }
      const other = writeErrors.find((w) => !(isDup(w) && isIdDup(w)));
      if (!other) return; // only existing _ids: the idempotent-append case
      if (isDup(other)) throw new DuplicateKeyError(`duplicate key (unique index): ${other.errmsg ?? ''}`);
      throw err;
    }
  }

  async findOne(query: Query): Promise<T | null> {
    return (await this.raw.findOne(query)) as unknown as T | null;
  }

  async find(query: Query, options: FindOptions = {}): Promise<T[]> {
    let cursor = this.raw.find(
      query,
      options.fields ? { projection: Object.fromEntries(options.fields.map((f) => [f, 1])) } : {},
    );
    if (options.sort) cursor = cursor.sort(options.sort);
    if (options.skip) cursor = cursor.skip(options.skip);
    if (options.limit) cursor = cursor.limit(options.limit);
    const docs = (await cursor.toArray()) as unknown as T[];
    return options.fields ? docs.map((d) => pickFields(d, options.fields!)) : docs;
  }

  async count(query: Query, options: { limit?: number } = {}): Promise<number> {
    if (options.limit === 0) return 0; // MongoDB reads limit 0 as "no limit"
    return this.raw.countDocuments(query, options.limit !== undefined ? { limit: options.limit } : {});
  }

  async updateOne(query: Query, update: Update, options: { upsert?: boolean } = {}): Promise<UpdateResult> {
    try {
      const r = await this.raw.updateOne(query, normalizeUpdate(update), { upsert: !!options.upsert });
      return result(r.matchedCount, r.upsertedCount);
    } catch (err) {
      if (isDup(err)) throw new DuplicateKeyError();
      throw err;
    }
  }

  async replaceOne(query: Query, doc: T, options: { upsert?: boolean } = {}): Promise<UpdateResult> {
    try {
      const r = await this.raw.replaceOne(query, doc, { upsert: !!options.upsert });
      return result(r.matchedCount, r.upsertedCount);
    } catch (err) {
      if (isDup(err)) throw new DuplicateKeyError();
      throw err;
    }
  }

  async deleteMany(query: Query): Promise<number> {
    return (await this.raw.deleteMany(query)).deletedCount;
  }

  /**
   * One unordered bulkWrite of version-filtered replaceOnes. MongoDB reports how many matched, not which: when
   * all did (the usual case) every document was written; otherwise the ones not upserted are read back and
   * count as written only when the stored document is the one sent (a document overwritten again since
   * counts as lost: its writer retries and finds its work done, never the other way round).
   */
  async replaceManyIf(
    items: ReadonlyArray<{ doc: T; expected: number }>,
    guard: BatchGuard,
  ): Promise<Set<string>> {
    checkDistinctIds(items);
    const written = new Set<string>();
    if (!items.length) return written;
    const ops = items.map(({ doc, expected }) => ({
      replaceOne: {
        filter: { _id: doc._id, [guard.field]: guard.op === '$eq' ? expected : { $lt: expected } },
        replacement: doc as Doc,
        upsert: !!guard.upsert,
      },
    }));
    let result: { matchedCount: number; upsertedIds: Record<number, unknown> };
    const failed = new Set<number>();
    try {
      result = await this.raw.bulkWrite(ops, { ordered: false });
    } catch (err) {
      // an upsert whose _id is stored with a newer value runs into the _id: that document lost its check
      const e = err as MongoError & {
        writeErrors?: Array<MongoError & { index: number }> | (MongoError & { index: number });
        writeConcernError?: unknown;
        result?: typeof result;
      };
      const writeErrors =
        e.writeErrors === undefined
          ? []
          : ([] as Array<MongoError & { index: number }>).concat(e.writeErrors);
      if (
        e.writeConcernError ||
        !e.result ||
        !writeErrors.length ||
        writeErrors.some((w) => !(isDup(w) && isIdDup(w)))
      )
        throw err;
      for (const w of writeErrors) failed.add(w.index);
      result = e.result;
    }
    const upserted = new Set(Object.keys(result.upsertedIds ?? {}).map(Number));
    for (const i of upserted) written.add(items[i].doc._id);
    const rest = items.filter((_, i) => !upserted.has(i) && !failed.has(i));
    if (result.matchedCount === rest.length) {
      for (const { doc } of rest) written.add(doc._id);
      return written;
    }
    if (!result.matchedCount) return written;
    const sent = new Map(rest.map(({ doc }) => [doc._id, canonicalJson(doc)]));
    for (const stored of await this.raw.find({ _id: { $in: [...sent.keys()] } }).toArray())
      if (sent.get(stored._id) === canonicalJson(stored)) written.add(stored._id);
    return written;
  }
}

/** JSON with every object's keys in order: MongoDB stores _id first and drops undefined fields. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, (v as Record<string, unknown>)[k]]),
        )
      : v,
  );
}

/** `matched` counts the document written, inserted ones included, as NeDB's numAffected does. */
function result(matchedCount: number, upsertedCount: number): UpdateResult {
  return { matched: matchedCount + upsertedCount, upserted: upsertedCount > 0 };
}

/** The index specifications created for a collection: one per INDEXES entry, in its field order. */
export function indexSpecs(name: CollectionName): Array<{ key: Record<string, 1 | -1>; unique?: true }> {
  return INDEXES[name].map((idx) => ({ key: idx.fields, ...(idx.unique ? { unique: true as const } : {}) }));
}

/**
 * Creates a collection's indexes with the driver's createIndexes (one round trip, rejects on failure) rather
 * than mongoose's ensureIndexes, which also emits 'error' on the model. Existing ones are left as they are.
 */
export async function createIndexes(
  raw: Pick<NativeCollection, 'createIndexes'>,
  name: CollectionName,
): Promise<void> {
  const specs = indexSpecs(name);
  if (specs.length) await raw.createIndexes(specs);
}

export async function openMongoStore(url: string, options: MongoStoreOptions = {}): Promise<Store> {
  const conn: Connection = mongoose.createConnection(url, {
    dbName: options.dbName,
    bufferCommands: false, // fail when the server is unreachable instead of queueing forever
    serverSelectionTimeoutMS: options.serverSelectionTimeoutMS ?? 5000,
    ignoreUndefined: true, // `{a: undefined}` leaves `a` out, as the embedded store does
    autoIndex: false, // indexes are created below, awaited, with errors reported
    autoCreate: false, // collections come with their first index or document
  });
  try {
    await conn.asPromise();
    const collections = new Map<CollectionName, MongoCollection<Doc>>();
    await Promise.all(
      COLLECTIONS.map(async (name) => {
        const schema = new mongoose.Schema(
          { _id: String },
          { strict: false, versionKey: false, collection: name, autoIndex: false, autoCreate: false },
        );
        for (const idx of INDEXES[name]) schema.index(idx.fields, { unique: !!idx.unique });
        const model = conn.model(name, schema);
        await createIndexes(model.collection as unknown as NativeCollection, name);
        collections.set(name, new MongoCollection(model.collection as unknown as NativeCollection));
      }),
    );
    return {
      kind: 'mongo',
      blobs: new GridFsBlobStore(conn.db!),
      collection<T extends Doc>(name: CollectionName) {
        const c = collections.get(name);
        if (!c) throw new Error(`unknown collection ${name}`);
        return c as unknown as DocCollection<T>;
      },
      async ping() {
        try {
          const db = conn.db;
          if (!db || conn.readyState !== mongoose.ConnectionStates.connected) return false;
          await db.admin().ping();
          return true;
        } catch {
          return false;
        }
      },
      async sizeBytes() {
        const s = await conn.db!.stats();
        return (Number(s.dataSize) || 0) + (Number(s.indexSize) || 0);
      },
      async close() {
        await conn.close();
      },
    };
  } catch (err) {
    await conn.close().catch(() => {});
    throw err;
  }
}
