// One storage interface, three adapters: the embedded SQLite file (sql/sqlite.ts, the default), PostgreSQL
// (sql/postgres.ts) and MongoDB (mongo.ts); the former NeDB store (embedded.ts) is only read to migrate its
// data. All speak the MongoDB query/update language, restricted to the subset NeDB supported:
//   queries: equality, $in, $nin, $ne, $lt, $lte, $gt, $gte, $exists, $or, $and, dotted paths
//   updates: $set, $unset, $inc, $push, $addToSet
// so the repositories above them (each collection's one owner module, engine/store/collection-owners.json)
// are written once.

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
  /**
   * Only these top-level fields (and _id) of each document, for reads of many documents that need few of
   * their fields (the open tasks of a district for its statistics): less to send and to parse. A field that
   * is missing or null is left out.
   */
  fields?: readonly string[];
}

/** The listed top-level fields of a document (and its _id), nulls left out: `fields` read in JavaScript. */
export function pickFields<T extends Doc>(doc: T, fields: readonly string[]): T {
  const out: Record<string, unknown> = { _id: doc._id };
  for (const f of fields) {
    const v = (doc as Record<string, unknown>)[f];
    if (v !== undefined && v !== null) out[f] = v;
  }
  return out as T;
}

export interface UpdateResult {
  matched: number;
  upserted: boolean;
}

/**
 * The version check of a batch compare-and-set (DocCollection.replaceManyIf): each document replaces the
 * stored one of its _id whose number at `field` equals its `expected` (`$eq`: an optimistic version check)
 * or is below it (`$lt`: a projection of a newer version of its source); with `upsert`, a document whose _id
 * is not stored is inserted.
 */
export interface BatchGuard {
  field: string;
  op: '$eq' | '$lt';
  upsert?: boolean;
}

export interface DocCollection<T extends Doc = Doc> {
  /** Inserts; rejects with DuplicateKeyError when _id (or a unique index) exists. */
  insert(doc: T): Promise<void>;
  /** Inserts many; the ones whose _id exists are skipped (idempotent append). */
  insertManyIgnoreDuplicates(docs: T[]): Promise<void>;
  findOne(query: Query): Promise<T | null>;
  find(query: Query, options?: FindOptions): Promise<T[]>;
  /** Matches, or at most `limit` of them (a list's total: counting past a cap costs what the list saved). */
  count(query: Query, options?: { limit?: number }): Promise<number>;
  /** Atomic single-document update. Used with {_id, version} queries for optimistic concurrency. */
  updateOne(query: Query, update: Update, options?: { upsert?: boolean }): Promise<UpdateResult>;
  /** Replaces the whole document when the query matches (or inserts when upsert). */
  replaceOne(query: Query, doc: T, options?: { upsert?: boolean }): Promise<UpdateResult>;
  deleteMany(query: Query): Promise<number>;
  /**
   * Compare-and-set of many documents (distinct _ids) in a few statements for the lot: `{_id, [field]:
   * expected}` (or `{$lt: expected}`) replaced by `doc`, as replaceOne would, each document written or left
   * on its own (the batch is not all-or-nothing; a document that lost its check is simply not written).
   * Resolves with the _ids written (replaced or inserted).
   */
  replaceManyIf(items: ReadonlyArray<{ doc: T; expected: number }>, guard: BatchGuard): Promise<Set<string>>;
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
  // assessment facts and their rollups per unit × business day × process (engine/stats); kept apart from
  // history and cases so that retention deleting those leaves the statistics intact
  'statFacts',
  'statRollups',
  // rollup buckets left stale by contention, recomputed by the sweeper (engine/stats/rollup.ts)
  'statDirty',
  // month sums of the day buckets, a cache for long periods removed when a late fact changes a day
  // (engine/stats/months.ts); also outlives retention
  'statMonths',
  // files and photos uploaded to cases: their metadata (engine/cases/attachments.ts); the bytes are blobs
  'attachments',
  // case-list filters saved by their users (engine/cases/saved-filters.ts)
  'savedFilters',
  // intake of reports (受理): the 待受理 queue and the record of each report (engine/intake/entries.ts)
  'intake',
  // the citizen loop: replies to reporters (反馈), 回访 records, and the SMS the recording gateway keeps
  // (engine/intake/replies.ts, visits.ts, engine/queue/sms.ts)
  'citizenReplies',
  'citizenVisits',
  'smsOutbox',
  // scoring schemes, one document per version, and assessors' manual entries (engine/scoring)
  'assessmentSchemes',
  'assessmentEntries',
  // closed (archived) periods: the closing, its frozen rows and the adjustments made after (engine/scoring/closing.ts)
  'assessmentClosings',
  'assessmentSnapshots',
  'assessmentAdjustments',
  // patrols of grid workers (巡查日志) and their track points (engine/patrol)
  'patrols',
  'patrolPoints',
  // meetings with sign-in (例会签到, engine/patrol/meetings.ts)
  'meetings',
  // form schemas pinned by deployments, one document per content (engine/model/form-versions.ts)
  'formVersions',
  // DMN decision definitions, one document per decision version (engine/dmn/repository.ts)
  'decisions',
  // signals thrown, with the cases each reached (engine/queue/signals.ts): a replayed throw reaches no more
  'signals',
  // the next occurrence of each timer start event of a startable definition (engine/starts/timer-starts.ts)
  'startTimers',
  // messages kept for a subscription that does not wait yet (engine/starts/message-buffer.ts)
  'bufferedMessages',
  // external tasks of service tasks with grid:type="external", fetched and locked by outside workers
  // (engine/queue/external-tasks.ts)
  'externalTasks',
] as const;
export type CollectionName = (typeof COLLECTIONS)[number];

/** Index needs per collection; the mongo adapter creates them, the embedded one uses ensureIndex. */
export const INDEXES: Record<CollectionName, Array<{ fields: Record<string, 1 | -1>; unique?: boolean }>> = {
  definitions: [{ fields: { key: 1, version: -1 }, unique: true }],
  decisions: [{ fields: { key: 1, version: -1 }, unique: true }],
  instances: [
    { fields: { status: 1, gridUnit: 1 } },
    { fields: { definitionKey: 1, status: 1 } },
    { fields: { outboxAt: 1 } },
    { fields: { businessKey: 1 } },
    // search by case number, exact or by prefix (engine/cases/case-number.ts)
    { fields: { caseNo: 1 } },
    // case lists: who sees a case through its tasks (engine/cases/access-keys.ts), a multikey field
    { fields: { accessKeys: 1 } },
    // cases due for the history cleanup (engine/retention/cleanup.ts)
    { fields: { removalAt: 1 } },
    // case listings newest first, per clause of the jurisdiction $or (cases/case-list.ts caseScopeCondition): a
    // supervised subtree, the starter, a handled grid, the access keys; and the admin's unfiltered listing
    { fields: { unitPath: 1, startedAt: -1 } },
    { fields: { startedBy: 1, startedAt: -1 } },
    { fields: { gridUnit: 1, startedAt: -1 } },
    { fields: { accessKeys: 1, startedAt: -1 } },
    { fields: { startedAt: -1 } },
    // statistics of a subtree over a period: cases closed in it (routes-stats.ts); closed cases by end date
    { fields: { unitPath: 1, endedAt: 1 } },
    { fields: { status: 1, endedAt: 1 } },
    // the case list's filters and sorts (engine/cases/case-list.ts, fields of engine/cases/case-index.ts):
    // overdue now (breachAt < now), due date, escalated, with an incident, listed, reporter by date, the
    // current level and the free-text bigrams (multikey)
    { fields: { breachAt: 1 } },
    { fields: { dueAt: 1 } },
    { fields: { escalated: 1, startedAt: -1 } },
    { fields: { incident: 1, startedAt: -1 } },
    { fields: { supervised: 1, startedAt: -1 } },
    { fields: { openLevels: 1 } },
    { fields: { searchTerms: 1 } },
  ],
  tasks: [
    { fields: { status: 1, dueAt: 1 } },
    // open tasks of a subtree's cases (engine/api/routes-stats.ts)
    { fields: { gridUnit: 1, status: 1 } },
    { fields: { instanceId: 1 } },
    { fields: { unitPath: 1, status: 1 } },
    { fields: { assignee: 1, status: 1 } },
    // the other clauses of the task jurisdiction $or (queue/inbox-conditions.ts taskScopeCondition): delegated by,
    // watched by, candidate at a unit; and open tasks of a subtree by due date (the default listing order)
    { fields: { owner: 1, status: 1 } },
    { fields: { watchers: 1, status: 1 } },
    { fields: { unit: 1, candidateRoles: 1, status: 1 } },
    // a handler's open tasks by their keys (engine/cases/task-keys.ts)
    { fields: { openKeys: 1 } },
    { fields: { status: 1, unitPath: 1, dueAt: 1 } },
    // statistics of the grids of a subtree: open tasks (gridUnit+status above) and tasks completed in the period
    { fields: { gridUnit: 1, completedAt: 1 } },
    // the open tasks counting in a grid's figures at now (countsFrom < now: breached or parked), the few of
    // its open tasks the statistics read (engine/stats/assess.ts)
    { fields: { gridUnit: 1, countsFrom: 1 } },
  ],
  history: [{ fields: { instanceId: 1, at: 1 } }],
  subscriptions: [
    { fields: { name: 1, correlationKey: 1 } },
    { fields: { instanceId: 1 } },
    // signal subscriptions of a subtree's cases by name (engine/queue/signals.ts; unitPath is multikey)
    { fields: { name: 1, unitPath: 1 } },
  ],
  units: [{ fields: { parent: 1 } }, { fields: { level: 1 } }],
  users: [
    { fields: { username: 1 }, unique: true },
    // people with a role at a unit (grid/org.ts usersWithRoles, queue/orders.ts, grid/accounts.ts)
    { fields: { roleKeys: 1 } },
    { fields: { 'roles.unit': 1 } },
  ],
  notifications: [{ fields: { recipient: 1, read: 1, at: -1 } }],
  // instanceId: the items and escalations of a case the history cleanup removes
  notificationItems: [{ fields: { notificationId: 1, at: 1 } }, { fields: { instanceId: 1 } }],
  escalations: [
    { fields: { firedAt: 1 } },
    { fields: { unitPath: 1, firedAt: 1 } },
    { fields: { instanceId: 1 } },
    // the escalation listing, newest first, by the unit escalated to (sla/escalation-log.ts)
    { fields: { toUnit: 1, firedAt: -1 } },
  ],
  supervisions: [
    { fields: { instanceId: 1 } },
    { fields: { unitPath: 1, status: 1 } },
    // the order listing newest first, per clause of its jurisdiction $or (supervision/orders.ts), and the
    // open orders by reply date (overdue filter, recovery of their deadlines)
    { fields: { createdBy: 1, createdAt: -1 } },
    { fields: { 'target.unit': 1, createdAt: -1 } },
    { fields: { status: 1, replyDueAt: 1 } },
  ],
  incidents: [
    { fields: { status: 1 } },
    { fields: { instanceId: 1 } },
    // the incident listing, newest first, by status (cases/case-records.ts)
    { fields: { status: 1, at: -1 } },
  ],
  messages: [],
  signals: [],
  externalTasks: [
    // fetch-and-lock: the open tasks of a topic that may be locked now, oldest first
    { fields: { topic: 1, status: 1, fetchableAt: 1 } },
    // the admin listing of a topic
    { fields: { topic: 1, createdAt: -1 } },
    { fields: { instanceId: 1 } },
  ],
  meta: [],
  audit: [{ fields: { at: -1 } }, { fields: { actor: 1, at: -1 } }, { fields: { 'target.id': 1, at: -1 } }],
  revokedTokens: [{ fields: { expiresAt: 1 } }],
  // the version in force on a day (engine/scoring/schemes.ts)
  assessmentSchemes: [{ fields: { schemeId: 1, validFrom: -1, version: -1 } }],
  // the entries of a period and scheme (engine/scoring/entries.ts)
  assessmentEntries: [{ fields: { period: 1, schemeId: 1, subject: 1 } }],
  // closings are read by _id; a closing's frozen rows of one kind in table order, its adjustments by time
  assessmentClosings: [],
  assessmentSnapshots: [{ fields: { closing: 1, kind: 1, order: 1 } }],
  assessmentAdjustments: [{ fields: { closing: 1, kind: 1, at: 1 } }],
  // a worker's patrols newest first; a subtree's patrols newest first (unitPath multikey); patrols left open
  // from an earlier day (the end-of-day close); a worker's patrol time per day (the patrol figures)
  patrols: [
    { fields: { worker: 1, startedAt: -1 } },
    { fields: { unitPath: 1, startedAt: -1 } },
    { fields: { status: 1, day: 1 } },
    { fields: { worker: 1, day: 1 } },
    { fields: { startedAt: -1 } },
  ],
  // the track of a patrol in time order
  patrolPoints: [{ fields: { patrol: 1, at: 1 } }],
  // a subtree's meetings newest first (unitPath multikey), a person's (invited multikey), a unit's held
  meetings: [
    { fields: { unitPath: 1, date: -1 } },
    { fields: { invited: 1, date: -1 } },
    { fields: { unit: 1, date: 1 } },
    { fields: { date: -1 } },
  ],
  statFacts: [
    // a bucket's own facts (engine/stats/rollup.ts)
    { fields: { bucket: 1 } },
    // facts of a subtree in the partial days of a period (engine/stats/query.ts)
    { fields: { day: 1, unitPath: 1, at: 1 } },
    // a case's previous rework
    { fields: { instanceId: 1, kind: 1, at: -1 } },
  ],
  statDirty: [],
  // what a day bucket written in a past month removes (engine/stats/months.ts); read by _id
  statMonths: [{ fields: { slot: 1 } }],
  attachments: [
    // a case's attachments (case file, history cleanup)
    { fields: { instanceId: 1, createdAt: 1 } },
    // whether a blob is still named by an attachment before it is deleted (content-addressed, shared)
    { fields: { sha256: 1 } },
    { fields: { thumbnailSha256: 1 } },
  ],
  // a user's saved filters, by name
  savedFilters: [{ fields: { owner: 1, name: 1 }, unique: true }],
  intake: [
    // an operator's queue: entries of the units in reach by status, newest first (scope is multikey)
    { fields: { scope: 1, status: 1, createdAt: -1 } },
    { fields: { status: 1, createdAt: -1 } },
    // the 并案 suggestion: same category, recent (the lat/lng box is read on these few)
    { fields: { category: 1, status: 1, createdAt: -1 } },
    // the intake record of a case (its reporter in the case views)
    { fields: { instanceId: 1 } },
    // retention: reports not yet anonymised, oldest first (engine/intake/retention.ts)
    { fields: { anonymisedAt: 1, createdAt: 1 } },
  ],
  // the replies of a case
  citizenReplies: [{ fields: { instanceId: 1 } }],
  // the 回访 queue: a unit's visits by state, oldest closing first (scope is multikey)
  citizenVisits: [{ fields: { scope: 1, status: 1, closedAt: 1 } }, { fields: { status: 1, closedAt: 1 } }],
  smsOutbox: [{ fields: { at: -1 } }],
  // a form's versions, newest first
  formVersions: [{ fields: { key: 1, at: -1 } }],
  statRollups: [
    // a unit's buckets of a period
    { fields: { unit: 1, day: 1 } },
    // children's buckets: a parent's recompute and the per-child figures
    { fields: { parentBucket: 1 } },
    // the children's buckets of a period (engine/stats/query.ts: per-child figures of a year)
    { fields: { parent: 1, day: 1 } },
  ],
  // a process's schedules (replaced per version), and the ones due (the test clock's promotion)
  startTimers: [{ fields: { key: 1 } }, { fields: { nextAt: 1 } }],
  // a new subscription's buffered messages, oldest first; the expired ones (the purge)
  bufferedMessages: [
    { fields: { name: 1, correlationKey: 1, at: 1 } },
    { fields: { expiresAt: 1 } },
    { fields: { claimedBy: 1 } },
  ],
};

import type { BlobStore } from './blobs.js';

export interface Store {
  /** sqlite: the embedded default (sql/sqlite.ts); embedded: the former NeDB store, kept for migration */
  readonly kind: 'sqlite' | 'postgres' | 'mongo' | 'embedded';
  collection<T extends Doc = Doc>(name: CollectionName): DocCollection<T>;
  /** uploaded files, where every process using this store reads them (blobs.ts) */
  readonly blobs: BlobStore;
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

/** Inserts `doc` unless a document with its id is there: false (and nothing written) when one is. */
export async function insertIfAbsent<T extends Doc>(col: DocCollection<T>, doc: T): Promise<boolean> {
  try {
    await col.insert(doc);
    return true;
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err;
    return false;
  }
}
