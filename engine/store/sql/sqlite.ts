// The embedded default store: one SQLite file, DATA_DIR/grid.sqlite, through better-sqlite3.
//
// Several processes (the API and worker processes) may open the same file at once. Reads run on their own
// (WAL: readers see the last committed state and never wait for the writer). Every write that reads first
// runs in `BEGIN IMMEDIATE`, which takes SQLite's single write lock for the whole transaction, across
// processes, so read-modify-write updates ($inc, $push, `{_id, version}` compare-and-set) are atomic.
// A process that finds the lock taken waits up to busy_timeout.
//
// Durability: journal_mode=WAL with synchronous=NORMAL — a committed write is in the WAL file before the
// call returns, so it survives the process being killed at any line; on power loss or an OS crash the last
// commits before the WAL was synced (at checkpoints) may be lost, the database is never corrupted.
// SQLITE_SYNCHRONOUS=FULL syncs the WAL on every commit (slower writes, nothing lost on power loss).
//
// Statements are built and compiled by Kysely (dialect.ts) once per shape (shapes.ts) and run synchronously
// by better-sqlite3, each prepared once and cached by its SQL text; the store still answers with promises
// (the Store port).
import { mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { CompiledQuery } from 'kysely';
import { explainFsError } from '../../startup/errors.js';
import { COLLECTIONS, type CollectionName, type Doc, type DocCollection, type Store } from '../types.js';
import { SqlCollection, type Backend, type Exec, type Row } from './collection.js';
import { sqliteDialect as d } from './dialect.js';
import { ddl, statisticsGuesses } from './schema.js';
import { FileBlobStore } from '../blobs.js';
import {
  BACKSTOP_AUTOCHECKPOINT_PAGES,
  startCheckpointer,
  WAL_SIZE_LIMIT_BYTES,
} from './sqlite-checkpointer.js';

export const SQLITE_FILE = 'grid.sqlite';
/** the folder of the uploaded files beside the database file (blobs.ts FileBlobStore) */
export const BLOB_DIR = 'blobs';

export interface SqliteStoreOptions {
  /** NORMAL (default) or FULL; defaults to SQLITE_SYNCHRONOUS */
  synchronous?: 'NORMAL' | 'FULL';
  /** how long a write waits for another process's write lock (default 5 s) */
  busyTimeoutMs?: number;
}

const UNIQUE_CODES = new Set(['SQLITE_CONSTRAINT_PRIMARYKEY', 'SQLITE_CONSTRAINT_UNIQUE']);
/** logical transactions committed together at most (bounds how long one group holds the write lock) */
const MAX_GROUP = 64;

/** Starting planner statistics for a database never analyzed (schema.ts statisticsGuesses). */
function seedStatistics(db: Database.Database): void {
  if (db.prepare(`SELECT 1 FROM sqlite_schema WHERE name = 'sqlite_stat1'`).get()) return;
  db.exec('ANALYZE'); // creates sqlite_stat1 (the tables are empty: instant)
  db.exec('DELETE FROM sqlite_stat1');
  const insert = db.prepare('INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES (?, ?, ?)');
  for (const name of COLLECTIONS) for (const g of statisticsGuesses(name)) insert.run(g.tbl, g.idx, g.stat);
  db.exec('ANALYZE sqlite_schema'); // makes the planner load them
}

export async function openSqliteStore(dataDir: string, options: SqliteStoreOptions = {}): Promise<Store> {
  const file = path.join(dataDir, SQLITE_FILE);
  let db: Database.Database;
  try {
    mkdirSync(dataDir, { recursive: true });
    db = new Database(file);
  } catch (err) {
    throw explainFsError(err, 'DATA_DIR', dataDir) ?? err;
  }
  const synchronous = options.synchronous ?? (process.env.SQLITE_SYNCHRONOUS === 'FULL' ? 'FULL' : 'NORMAL');
  try {
    db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${synchronous}`);
    // checkpoints run in a thread of their own (sqlite-checkpointer.ts); this is the backstop
    db.pragma(`wal_autocheckpoint = ${BACKSTOP_AUTOCHECKPOINT_PAGES}`);
    db.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`);
  } catch (err) {
    db.close();
    throw err;
  }

  const statements = new Map<string, Database.Statement>();
  const prepare = (q: CompiledQuery) => {
    let s = statements.get(q.sql);
    if (!s) {
      s = db.prepare(q.sql);
      statements.set(q.sql, s);
    }
    return s;
  };
  const params = (q: CompiledQuery) => q.parameters as unknown[];
  const exec: Exec = {
    async all(q) {
      const s = prepare(q);
      if (s.reader) return s.all(...params(q)) as Row[];
      s.run(...params(q));
      return [];
    },
    async run(q) {
      const s = prepare(q);
      return s.reader ? s.all(...params(q)).length : s.run(...params(q)).changes;
    },
  };

  let closed = false;
  const begin = db.prepare('BEGIN IMMEDIATE');
  const commit = db.prepare('COMMIT');
  const rollback = db.prepare('ROLLBACK');
  const savepoint = db.prepare('SAVEPOINT logical');
  const rollbackTo = db.prepare('ROLLBACK TO SAVEPOINT logical');
  const release = db.prepare('RELEASE SAVEPOINT logical');

  // Group commit. A step writes through a dozen small transactions (the instance's compare-and-set, task
  // projections, history, statistics) and the worker runs many steps at once; a commit per transaction made
  // COMMIT (the WAL append) most of a step's time. Transactions requested in the same event-loop turn now
  // run one after another inside one SQLite transaction, each in a savepoint of its own: a logical
  // transaction that fails rolls back to its savepoint alone; the others commit together, and each caller's
  // promise settles only after that COMMIT — so a resolved write is as durable as before, and a failed
  // COMMIT fails every transaction of the group (their callers retry, as on any failed write).
  // A logical transaction takes its savepoint at its first statement that is not a plain read (one that
  // only read — a compare-and-set that missed — has nothing to undo); the first one to write in the SQLite
  // transaction takes none (when it fails, the whole SQLite transaction is rolled back: the ones before it
  // only read, and the next one begins anew); and one of a single statement (a write outside a
  // transaction) takes none: a statement that fails undoes its own changes and leaves the transaction open
  // (SQLite's default ON CONFLICT ABORT). An error that ends the whole transaction fails the group below as
  // before.
  interface Pending {
    fn: (ex: Exec) => Promise<unknown>;
    /** fn runs exactly one statement */
    single: boolean;
    resolve: (out: unknown) => void;
    reject: (err: unknown) => void;
  }
  let pending: Pending[] = [];
  let draining: Promise<void> | undefined;
  /** settles when the group now running has committed or rolled back (reads outside a transaction wait) */
  let groupDone: Promise<void> = Promise.resolve();

  const runGroup = async (group: Pending[]): Promise<void> => {
    let done: Array<{ p: Pending; out: unknown }> = [];
    const failAll = (err: unknown) => {
      for (const d of done) d.p.reject(err);
      done = [];
    };
    /** some logical transaction has written in the SQLite transaction now open */
    let dirty = false;
    for (let i = 0; i < group.length; i++) {
      const p = group[i];
      if (closed) {
        p.reject(new Error('sqlite store is closed'));
        continue;
      }
      if (!db.inTransaction) {
        try {
          begin.run();
          dirty = false;
        } catch (err) {
          p.reject(err); // the write lock stayed taken by another process past busy_timeout
          continue;
        }
      }
      let wrote = false;
      let opened = false;
      const open = (q: CompiledQuery) => {
        if (wrote) return;
        const s = prepare(q);
        if (s.reader && s.readonly) return; // a SELECT (SAVEPOINT is readonly too, INSERT ... RETURNING a reader)
        wrote = true;
        // the first writer of the SQLite transaction needs no savepoint: it can roll the whole one back
        if (dirty && !p.single) {
          savepoint.run();
          opened = true;
        }
        dirty = true;
      };
      const ex: Exec = {
        all: (q) => (open(q), exec.all(q)),
        run: (q) => (open(q), exec.run(q)),
      };
      try {
        const out = await p.fn(ex);
        if (opened) release.run();
        done.push({ p, out });
      } catch (err) {
        if (db.inTransaction) {
          if (opened) {
            rollbackTo.run();
            release.run();
          } else if (wrote && !p.single) {
            rollback.run(); // the first writer: the transactions before it only read
          }
        } else {
          // SQLite rolled the whole transaction back (an I/O error, a full disk): the group's earlier
          // transactions went with it
          failAll(err);
        }
        p.reject(err);
      }
    }
    if (!db.inTransaction) return;
    try {
      commit.run();
    } catch (err) {
      if (db.inTransaction) rollback.run();
      failAll(err);
      return;
    }
    for (const d of done) d.p.resolve(d.out);
  };

  const drain = async (): Promise<void> => {
    // let the rest of this turn's transactions queue up first
    await new Promise<void>((resolve) => setImmediate(resolve));
    while (pending.length) {
      const group = pending.slice(0, MAX_GROUP);
      pending = pending.slice(group.length);
      let settle!: () => void;
      groupDone = new Promise<void>((resolve) => (settle = resolve));
      try {
        await runGroup(group);
      } finally {
        settle();
      }
      // reads that waited for this group run now, before the next group opens a transaction
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    draining = undefined;
  };

  const transaction = <T>(fn: (ex: Exec) => Promise<T>, single = false): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      if (closed) return reject(new Error('sqlite store is closed'));
      pending.push({ fn, single, resolve: resolve as (out: unknown) => void, reject });
      draining ??= drain();
    });

  // A read outside a transaction never sees a group's uncommitted rows (the awaits inside a transaction let
  // other calls in): it waits for the group in progress. A write outside a transaction joins a group.
  const committed: Exec = {
    async all(q) {
      if (!prepare(q).reader) return transaction((ex) => ex.all(q), true);
      while (db.inTransaction) await groupDone;
      return exec.all(q);
    },
    async run(q) {
      if (prepare(q).reader) {
        while (db.inTransaction) await groupDone;
        return exec.run(q);
      }
      return transaction((ex) => ex.run(q), true);
    },
  };

  const backend: Backend = {
    d,
    ...committed,
    tx: (fn) => transaction(fn),
    isUniqueViolation: (err) => UNIQUE_CODES.has((err as { code?: string } | null)?.code ?? ''),
    check() {
      if (closed) throw new Error('sqlite store is closed');
    },
  };

  try {
    // in one write transaction: processes opening the file together create the schema once
    await backend.tx(async (ex) => {
      for (const name of COLLECTIONS) for (const stmt of ddl(d, name)) await ex.run(d.compile(stmt));
      seedStatistics(db);
    });
  } catch (err) {
    db.close();
    throw explainFsError(err, 'DATA_DIR', dataDir) ?? err;
  }

  let blobs: FileBlobStore;
  try {
    blobs = await FileBlobStore.open(path.join(dataDir, BLOB_DIR));
  } catch (err) {
    db.close();
    throw explainFsError(err, 'DATA_DIR', dataDir) ?? err;
  }

  // Query plans depend on table statistics (is `status = 'open'` or `instanceId IN (...)` the smaller
  // set?): refreshed at open where they are missing or stale, and hourly while the process runs, as
  // SQLite recommends for long-lived connections. Cheap when nothing changed much.
  // analysis_limit: ANALYZE samples about this many rows per index instead of reading all of them. SQLite
  // recommends it with optimize; without it the first open of a large file that was never analyzed (after
  // migrate-store, or a bulk load) read 24 million rows before answering: 30 s at 300k cases.
  db.pragma('analysis_limit = 1000');
  const optimize = (mask: string) => {
    try {
      if (!closed) db.pragma(`optimize${mask}`);
    } catch {
      // busy with another process's write: the next round does it
    }
  };
  optimize('=0x10002');
  const optimizer = setInterval(() => optimize(''), 60 * 60 * 1000);
  optimizer.unref();
  const checkpointer = startCheckpointer(file);

  const collections = new Map<CollectionName, SqlCollection<Doc>>(
    COLLECTIONS.map((name) => [name, new SqlCollection<Doc>(backend, name)]),
  );

  return {
    kind: 'sqlite',
    blobs,
    collection<T extends Doc>(name: CollectionName) {
      const c = collections.get(name);
      if (!c) throw new Error(`unknown collection ${name}`);
      return c as unknown as DocCollection<T>;
    },
    async ping() {
      if (closed) return false;
      try {
        db.prepare('SELECT 1').get();
        return true;
      } catch {
        return false;
      }
    },
    async sizeBytes() {
      backend.check();
      const pages = db.pragma('page_count', { simple: true }) as number;
      const size = db.pragma('page_size', { simple: true }) as number;
      let wal = 0;
      try {
        wal = statSync(`${file}-wal`).size;
      } catch {
        // no WAL file (checkpointed and removed)
      }
      return pages * size + wal;
    },
    async close() {
      if (closed) return;
      while (draining) await draining; // transactions already requested finish first
      closed = true;
      clearInterval(optimizer);
      await checkpointer.stop();
      statements.clear();
      db.close();
    },
  };
}
