// WAL checkpoints off the event loop. SQLite's automatic checkpoint runs inside the COMMIT that crosses
// wal_autocheckpoint pages, on the connection that commits — here the event loop of a process running steps
// — and with synchronous=NORMAL it is the one place that waits for fsync (the WAL, then the database file):
// measured on the 3-task benchmark it was most of the time COMMIT took. A worker thread with a connection
// of its own checkpoints instead, every CHECKPOINT_INTERVAL_MS, PASSIVE (it never blocks a writer or a
// reader; pages a reader still needs are left for the next round). The store's connection keeps a high
// automatic threshold as a backstop, should this thread die or fall behind.
//
// Several processes open the same file: each runs its own checkpointer; SQLite lets one checkpoint run at
// a time and the others return busy, which is ignored.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

export const CHECKPOINT_INTERVAL_MS = 1000;
/** the store connection's own automatic checkpoint, in pages (4 KiB): only when the thread falls behind */
export const BACKSTOP_AUTOCHECKPOINT_PAGES = 16_000;
/** the WAL file is truncated back to this size after a checkpoint reset it (journal_size_limit) */
export const WAL_SIZE_LIMIT_BYTES = 64 * 1024 * 1024;

// CommonJS run with eval: needs no loader (worker threads do not inherit every launcher's flags).
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.betterSqlite3);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 0');
db.pragma('journal_size_limit = ' + workerData.sizeLimit);
const checkpoint = () => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (err) {
    // SQLITE_BUSY: another process's checkpoint or a recovery is running; the next round checkpoints
  }
};
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on('message', (m) => {
  if (m !== 'stop') return;
  clearInterval(timer);
  checkpoint();
  db.close();
  parentPort.postMessage('stopped');
});
`;

export interface Checkpointer {
  stop(): Promise<void>;
}

/** Starts checkpointing `file` from a worker thread; stop() runs a last checkpoint and closes. */
export function startCheckpointer(file: string, intervalMs = CHECKPOINT_INTERVAL_MS): Checkpointer {
  const require = createRequire(import.meta.url);
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      file,
      intervalMs,
      sizeLimit: WAL_SIZE_LIMIT_BYTES,
      betterSqlite3: require.resolve('better-sqlite3'),
    },
  });
  worker.unref();
  // a checkpointer that failed to start (or crashed) leaves the backstop threshold to do the work
  worker.on('error', () => {});
  let stopped: Promise<void> | undefined;
  return {
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        const done = () => {
          void worker.terminate().finally(resolve);
        };
        const timer = setTimeout(done, 2000);
        worker.once('message', () => {
          clearTimeout(timer);
          done();
        });
        worker.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        worker.postMessage('stop');
      });
      return stopped;
    },
  };
}
