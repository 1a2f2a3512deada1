// Upgrade path from the old embedded store (NeDB files in DATA_DIR) to whatever store openStore gives now
// (npm run migrate-store -- --from <old DATA_DIR>; the command line is workers/migrate-store.ts).
//
// - Memory: NeDB holds a whole collection in memory, and a 200k-case folder is several GB. So the old files
//   are not opened with NeDB: each collection's file is read twice as a stream (nedb-file.ts), one
//   collection at a time, and the documents go to the target in batches. At any moment the migration holds a
//   batch, the id map of at most IDS_PER_PASS ids (a larger collection is done in several hash partitions),
//   one partition's live line numbers and the verification sample (bench/migrate-store.ts: 100k cases,
//   1.3 GB of files, under a 160 MB heap).
// - Resumable: batches go in with insertManyIgnoreDuplicates, so after a crash (or Ctrl-C) a rerun skips what
//   the target holds and adds the rest. Run it before the engine is started on the target: a rerun after that
//   would not overwrite the target's newer versions (they are skipped as present) but would bring back
//   documents the engine has deleted since, and its verification reports every changed document.
// - Safe on the source: the old folder is locked (data-lock.ts) for the whole run, so no old engine can
//   write to it meanwhile, and a running one makes the migration refuse; the files are only read.
// - Verified: per collection, the target's count against the source's, and a seeded random sample of the
//   source's documents compared field by field with the target's (after the normalisation the adapters
//   apply: undefined fields dropped). Any difference makes the report fail (the command exits non-zero).
// - Timers: they live in Redis (BullMQ), not in the store; the engine's start-up recovery re-arms every
//   timer implied by the store (instance timers: SLA warnings, breaches, reminder cycles, timer events;
//   supervision-order deadlines; pending outboxes), so nothing timer-related is copied (queue/recovery.ts).
import { readFileSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { StartupError } from '../startup/errors.js';
import { holderAlive, LOCK_FILE, lockDataDir } from './data-lock.js';
import {
  CorruptLineError,
  countLines,
  dataFileOf,
  indexDataFile,
  liveDocuments,
  readable,
  type CorruptLine,
} from './nedb-file.js';
import { COLLECTIONS, isDuplicateKeyError, type CollectionName, type Doc, type Store } from './types.js';

export type MigrationErrorCode =
  /** the source folder does not exist, or holds no NeDB data file */
  | 'SOURCE_MISSING'
  /** a running engine (or store host) holds the source folder's lock */
  | 'SOURCE_LOCKED'
  /** a data file has lines NeDB could not read */
  | 'SOURCE_CORRUPT'
  /** a data file cannot be read (permissions) */
  | 'SOURCE_UNREADABLE'
  /** the target is the embedded store on the source folder itself */
  | 'SAME_STORE'
  /** the target holds another document with the same unique key (e.g. a user created there first) */
  | 'TARGET_CONFLICT'
  | 'BAD_ARGUMENT';

/** A reason the migration cannot run, with a stable code (the command prints it and exits 2). */
export class MigrationError extends Error {
  constructor(
    readonly code: MigrationErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'MigrationError';
  }
}

export interface MigrateOptions {
  /** the old DATA_DIR, holding `<collection>.db` files */
  from: string;
  /** the store to copy into; omitted for a dry run */
  target?: Store;
  /** the target's data folder when the target is embedded (to refuse copying a folder onto itself) */
  targetDataDir?: string;
  /** documents per insert (default 500; a batch is also cut at ~8 MB of source text) */
  batchSize?: number;
  /** documents compared field by field per collection (default 200) */
  sampleSize?: number;
  /** seed of the sample (default 1: reruns compare the same documents) */
  seed?: number;
  /** only read and check the source, report its counts; nothing is written */
  dryRun?: boolean;
  collections?: readonly CollectionName[];
  /** most ids held at once while indexing a file (default 1,000,000); more lines mean more passes */
  idsPerPass?: number;
  /** called after each batch and at the end of each collection */
  onProgress?: (p: { collection: CollectionName; copied: number; total: number; done: boolean }) => void;
}

export interface Mismatch {
  id: string;
  /** where the target's document differs first (`missing` when the target has none) */
  path: string;
}

export interface CollectionReport {
  collection: CollectionName;
  /** live documents in the source file */
  source: number;
  /** documents in the target after the copy (absent in a dry run) */
  target?: number;
  /** the source file's torn last line was ignored (a crash during an append; never acknowledged data) */
  tornTail: boolean;
  sampled: number;
  mismatches: Mismatch[];
  ms: number;
}

export interface MigrationReport {
  ok: boolean;
  dryRun: boolean;
  collections: CollectionReport[];
  /** files in the source folder that are no collection of this engine (not copied) */
  ignoredFiles: string[];
}

const DEFAULT_BATCH = 500;
const BATCH_BYTES = 8 * 1024 * 1024;
const DEFAULT_SAMPLE = 200;
/** ids in the first pass's map at most (~80 MB); a larger collection is indexed in several partitions */
const IDS_PER_PASS = 1_000_000;
/** the shortest line a document can have: {"_id":"x"} and its newline */
const MIN_LINE_BYTES = 12;

export async function migrateStore(opts: MigrateOptions): Promise<MigrationReport> {
  const from = path.resolve(opts.from);
  const batchSize = opts.batchSize ?? DEFAULT_BATCH;
  const sampleSize = opts.sampleSize ?? DEFAULT_SAMPLE;
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new MigrationError('BAD_ARGUMENT', `batch size must be a positive integer, not ${batchSize}`);
  if (!Number.isInteger(sampleSize) || sampleSize < 0)
    throw new MigrationError('BAD_ARGUMENT', `sample size must be a whole number, not ${sampleSize}`);
  if (!opts.dryRun && !opts.target)
    throw new MigrationError('BAD_ARGUMENT', 'a target store is needed unless it is a dry run');
  const collections = opts.collections ?? COLLECTIONS;

  const { files, ignoredFiles } = await sourceFiles(from, collections);
  if (
    opts.target?.kind === 'embedded' &&
    opts.targetDataDir !== undefined &&
    path.resolve(opts.targetDataDir) === from
  )
    throw new MigrationError(
      'SAME_STORE',
      `the target is the embedded store in ${from} itself: set DATA_DIR to another folder, or ` +
        `DATABASE_URL / MONGO_URL to the new database`,
    );
  const release = lockSource(from);
  try {
    const reports: CollectionReport[] = [];
    for (const name of collections) {
      reports.push(await migrateCollection(name, files.get(name), opts, batchSize, sampleSize));
    }
    const ok = reports.every(
      (r) => !r.mismatches.length && (r.target === undefined || r.target === r.source),
    );
    return { ok, dryRun: !!opts.dryRun, collections: reports, ignoredFiles };
  } finally {
    release();
  }
}

/**
 * Throws the MigrationError that migrateStore would for a missing, unreadable or locked source folder: to
 * be called before the target is opened (which, in the same DATA_DIR, would meet the running engine's lock
 * under a less telling name).
 */
export async function checkSource(from: string): Promise<void> {
  const dir = path.resolve(from);
  await sourceFiles(dir, COLLECTIONS);
  const holder = readHolderOf(dir);
  if (holder && holder.pid !== process.pid && holderAlive(holder)) throw locked(dir, holder);
}

/** The data file of each collection (absent: the collection is empty) and the files that are none. */
async function sourceFiles(
  from: string,
  collections: readonly CollectionName[],
): Promise<{ files: Map<CollectionName, string>; ignoredFiles: string[] }> {
  let entries: string[];
  try {
    if (!(await stat(from)).isDirectory())
      throw new MigrationError(
        'SOURCE_MISSING',
        `${from} is not a folder: give the old DATA_DIR with --from`,
      );
    entries = await readdir(from);
  } catch (err) {
    if (err instanceof MigrationError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT')
      throw new MigrationError('SOURCE_MISSING', `${from} does not exist: give the old DATA_DIR with --from`);
    if (code === 'EACCES' || code === 'EPERM')
      throw new MigrationError('SOURCE_UNREADABLE', `${from} cannot be read by this user: ${code}`);
    throw err;
  }
  const files = new Map<CollectionName, string>();
  for (const name of collections) {
    const f = await dataFileOf(from, name);
    if (!f) continue;
    try {
      await readable(f);
    } catch (err) {
      throw new MigrationError(
        'SOURCE_UNREADABLE',
        `${f} cannot be read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
      );
    }
    files.set(name, f);
  }
  if (!files.size)
    throw new MigrationError(
      'SOURCE_MISSING',
      `${from} holds no NeDB data file (${collections[0]}.db, ...): is it the old DATA_DIR?`,
    );
  const known = new Set<string>([...COLLECTIONS].flatMap((c) => [`${c}.db`, `${c}.db~`]).concat(LOCK_FILE));
  const ignoredFiles = entries.filter((f) => f.endsWith('.db') && !known.has(f)).sort();
  return { files, ignoredFiles };
}

/**
 * Holds the source folder's lock for the run, so no old engine writes to it meanwhile; a running one makes
 * this refuse. A read-only folder (a mounted backup) cannot be locked, nor written by anybody: read unlocked.
 */
function lockSource(from: string): () => void {
  const holder = readHolderOf(from);
  if (holder && holder.pid !== process.pid && holderAlive(holder)) throw locked(from, holder);
  try {
    return lockDataDir(from);
  } catch (err) {
    const again = readHolderOf(from);
    if (again && holderAlive(again)) throw locked(from, again);
    if (err instanceof StartupError && /read-only|not writable/.test(err.message)) return () => {};
    throw err;
  }
}

type Holder = Parameters<typeof holderAlive>[0];

function readHolderOf(from: string): Holder | undefined {
  try {
    const h = JSON.parse(readFileSync(path.join(from, LOCK_FILE), 'utf8')) as Holder;
    return typeof h.pid === 'number' ? h : undefined;
  } catch {
    return undefined;
  }
}

function locked(from: string, h: Holder): MigrationError {
  return new MigrationError(
    'SOURCE_LOCKED',
    `${from} is in use by a running engine (pid ${h.pid}${h.host !== os.hostname() ? ` on ${h.host}` : ''}, ` +
      `since ${h.at}): stop it first (if no such process runs any more, delete ${path.join(from, LOCK_FILE)})`,
  );
}

function corrupt(file: string, first: CorruptLine, count: number, lines: number): MigrationError {
  return new MigrationError(
    'SOURCE_CORRUPT',
    `${file}: ${count === 1 ? 'a line' : `${count} of ${lines} lines`} cannot be read (line ${first.line}, ` +
      `${first.reason}). Starting the old version once on the folder drops up to 10% unreadable lines ` +
      `(NeDB's tolerance) and rewrites the file; otherwise repair or remove those lines`,
  );
}

async function migrateCollection(
  name: CollectionName,
  file: string | undefined,
  opts: MigrateOptions,
  batchSize: number,
  sampleSize: number,
): Promise<CollectionReport> {
  const started = Date.now();
  const report: CollectionReport = {
    collection: name,
    source: 0,
    tornTail: false,
    sampled: 0,
    mismatches: [],
    ms: 0,
  };
  const target = opts.dryRun ? undefined : opts.target?.collection(name);
  const sample = new Reservoir<Doc>(sampleSize, seedOf(opts.seed ?? 1, name));
  if (file) {
    // the id map of a pass holds at most ~idsPerPass ids: a larger file is done in several hash partitions
    // (counting its lines costs a read, spared when the file is too small to hold that many)
    const idsPerPass = opts.idsPerPass ?? IDS_PER_PASS;
    const small = (await stat(file)).size / MIN_LINE_BYTES <= idsPerPass;
    const parts = small ? 1 : Math.max(1, Math.ceil((await countLines(file)) / idsPerPass));
    let copied = 0;
    for (let part = 0; part < parts; part++) {
      const index = await indexDataFile(file, { index: part, of: parts });
      if (index.corrupt.length) throw corrupt(file, index.corrupt[0], index.corrupt.length, index.lines);
      report.source += index.live.length;
      report.tornTail ||= index.tornTail;
      let batch: Doc[] = [];
      let bytes = 0;
      const flush = async () => {
        if (!batch.length || !target) return;
        try {
          await target.insertManyIgnoreDuplicates(batch);
        } catch (err) {
          if (isDuplicateKeyError(err))
            throw new MigrationError(
              'TARGET_CONFLICT',
              `${name}: the target already holds another document with a unique key of one being copied ` +
                `(${err.message}); migrate into an empty store, before the engine is started on it`,
            );
          throw err;
        }
        copied += batch.length;
        batch = [];
        bytes = 0;
        opts.onProgress?.({ collection: name, copied, total: report.source, done: false });
      };
      try {
        for await (const { doc, size } of liveDocuments(file, index)) {
          sample.offer(doc);
          if (!target) continue;
          batch.push(doc);
          bytes += size;
          if (batch.length >= batchSize || bytes >= BATCH_BYTES) await flush();
        }
      } catch (err) {
        if (err instanceof CorruptLineError) throw corrupt(file, err.line, 1, index.lines);
        throw err;
      }
      await flush();
    }
  }
  if (target) {
    report.target = await target.count({});
    for (const doc of sample.items) {
      const there = await target.findOne({ _id: doc._id });
      const where = there ? firstDifference(canonical(doc), canonical(there)) : 'missing';
      if (where !== undefined) report.mismatches.push({ id: doc._id, path: where });
    }
  }
  report.sampled = sample.items.length;
  report.ms = Date.now() - started;
  opts.onProgress?.({ collection: name, copied: report.source, total: report.source, done: true });
  return report;
}

/**
 * The form both adapters give a document: fields whose value is undefined dropped (at every depth: NeDB's
 * JSON lines lose nested ones too). Dates stay Dates (compared by time).
 */
export function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map((x) => (x === undefined ? null : canonical(x))); // JSON's array rule
  if (v && typeof v === 'object' && !(v instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = canonical(x);
    return out;
  }
  return v;
}

/** The dotted path of the first difference between two documents, or undefined when they are equal. */
export function firstDifference(a: unknown, b: unknown, at = ''): string | undefined {
  if (isDeepStrictEqual(a, b)) return undefined;
  const here = at || '(document)';
  if (
    !a ||
    !b ||
    typeof a !== 'object' ||
    typeof b !== 'object' ||
    Array.isArray(a) !== Array.isArray(b) ||
    a instanceof Date ||
    b instanceof Date
  )
    return here;
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  for (const k of new Set([...Object.keys(ra), ...Object.keys(rb)])) {
    const d = firstDifference(ra[k], rb[k], at ? `${at}.${k}` : k);
    if (d !== undefined) return d;
  }
  return here; // same keys and values, different prototypes or array lengths
}

/** A uniform random sample of a stream of unknown length (Algorithm R), from a seeded generator. */
class Reservoir<T> {
  readonly items: T[] = [];
  private seen = 0;
  constructor(
    private readonly size: number,
    private readonly random: () => number,
  ) {}

  offer(x: T): void {
    this.seen++;
    if (this.items.length < this.size) this.items.push(x);
    else {
      const j = Math.floor(this.random() * this.seen);
      if (j < this.size) this.items[j] = x;
    }
  }
}

/** mulberry32 seeded per collection, so each collection's sample is reproducible on its own. */
function seedOf(seed: number, name: string): () => number {
  let a = seed >>> 0;
  for (let i = 0; i < name.length; i++) a = Math.imul(a ^ name.charCodeAt(i), 2654435761) >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
