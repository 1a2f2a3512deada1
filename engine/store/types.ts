// One storage interface, two adapters (embedded NeDB, MongoDB via mongoose).
// Both speak the MongoDB query/update language, restricted to the subset NeDB supports:
//   queries: equality, $in, $nin, $ne, $lt, $lte, $gt, $gte, $exists, $or, $and, dotted paths
//   updates: $set, $unset, $inc, $push, $addToSet
// so the repositories above (repos.ts) are written once.

export type Doc = { _id: string } & Record<string, any>;
export type Query = Record<string, any>;
export type Update = {
  $set?: Record<string, any>;
  $unset?: Record<string, any>;
  $inc?: Record<string, number>;
  $push?: Record<string, any>;
  /** push unless an equal element is present (idempotent appends) */
  $addToSet?: Record<string, any>;
};

export interface FindOptions {
  sort?: Record<string, 1 | -1>;
  skip?: number;
  limit?: number;
}

export interface UpdateResult {
  matched: number;
  upserted: boolean;
}

export interface DocCollection<T extends Doc = Doc> {
  /** Inserts; rejects with DuplicateKeyError when _id (or a unique index) exists. */
  insert(doc: T): Promise<void>;
  /** Inserts many; the ones whose _id exists are skipped (idempotent append). */
  insertManyIgnoreDuplicates(docs: T[]): Promise<void>;
  findOne(query: Query): Promise<T | null>;
  find(query: Query, options?: FindOptions): Promise<T[]>;
  count(query: Query): Promise<number>;
  /** Atomic single-document update. Used with {_id, version} queries for optimistic concurrency. */
  updateOne(query: Query, update: Update, options?: { upsert?: boolean }): Promise<UpdateResult>;
  /** Replaces the whole document when the query matches (or inserts when upsert). */
  replaceOne(query: Query, doc: T, options?: { upsert?: boolean }): Promise<UpdateResult>;
  deleteMany(query: Query): Promise<number>;
}

export const COLLECTIONS = [
  'definitions',
  'instances',
  'tasks',
  'history',
  'subscriptions',
  'units',
  'users',
  'notifications',
  'notificationItems',
  'escalations',
  'supervisions',
  'incidents',
  'messages',
  'meta',
  'audit',
  // signed-out API tokens until they expire (engine/api/auth.ts)
  'revokedTokens',
] as const;
export type CollectionName = (typeof COLLECTIONS)[number];

/** Index needs per collection; the mongo adapter creates them, the embedded one uses ensureIndex. */
export const INDEXES: Record<CollectionName, Array<{ fields: Record<string, 1 | -1>; unique?: boolean }>> = {
  definitions: [{ fields: { key: 1, version: -1 }, unique: true }],
  instances: [
    { fields: { status: 1, gridUnit: 1 } },
    { fields: { definitionKey: 1, status: 1 } },
    { fields: { outboxAt: 1 } },
    { fields: { businessKey: 1 } },
    // search by case number, exact or by prefix (engine/cases/case-number.ts)
    { fields: { caseNo: 1 } },
  ],
  tasks: [
    { fields: { status: 1, dueAt: 1 } },
    { fields: { instanceId: 1 } },
    { fields: { unitPath: 1, status: 1 } },
    { fields: { assignee: 1, status: 1 } },
  ],
  history: [{ fields: { instanceId: 1, at: 1 } }],
  subscriptions: [{ fields: { name: 1, correlationKey: 1 } }, { fields: { instanceId: 1 } }],
  units: [{ fields: { parent: 1 } }, { fields: { level: 1 } }],
  users: [{ fields: { username: 1 }, unique: true }],
  notifications: [{ fields: { recipient: 1, read: 1, at: -1 } }],
  notificationItems: [{ fields: { notificationId: 1, at: 1 } }],
  escalations: [{ fields: { firedAt: 1 } }, { fields: { unitPath: 1, firedAt: 1 } }],
  supervisions: [{ fields: { instanceId: 1 } }, { fields: { unitPath: 1, status: 1 } }],
  incidents: [{ fields: { status: 1 } }, { fields: { instanceId: 1 } }],
  messages: [],
  meta: [],
  audit: [{ fields: { at: -1 } }, { fields: { actor: 1, at: -1 } }, { fields: { 'target.id': 1, at: -1 } }],
  revokedTokens: [{ fields: { expiresAt: 1 } }],
};

export interface Store {
  /** sqlite: the embedded default (sql/sqlite.ts); embedded: the former NeDB store, kept for migration */
  readonly kind: 'sqlite' | 'postgres' | 'mongo' | 'embedded';
  collection<T extends Doc = Doc>(name: CollectionName): DocCollection<T>;
  /** true when the backing store answers */
  ping(): Promise<boolean>;
  /** bytes used on disk / in the database (for benchmarks) */
  sizeBytes(): Promise<number>;
  close(): Promise<void>;
}

export class DuplicateKeyError extends Error {
  constructor(message = 'duplicate key') {
    super(message);
    this.name = 'DuplicateKeyError';
  }
}

/**
 * A duplicate-key rejection from any adapter. Compares the name rather than using `instanceof`: a module
 * loaded twice (a dynamic import through another path, tsx next to compiled code) has its own class, and
 * its errors would fail an `instanceof` check against this one.
 */
export function isDuplicateKeyError(err: unknown): err is DuplicateKeyError {
  return err instanceof DuplicateKeyError || (err as { name?: unknown } | null)?.name === 'DuplicateKeyError';
}
