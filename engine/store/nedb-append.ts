// Group commit for NeDB's data files.
//
// NeDB appends a line per write with fs.appendFile(path) (an open, a write and a close per call), and does so
// inside its per-collection executor: the collection could start no other operation until the file system
// answered, which under load took an event-loop turn or more per write, so the instance collection served
// all steps one write-plus-I/O-round-trip at a time (bench/: its replaceOne was 15–30 ms of queueing for
// ~1 ms of work). Here an append only queues its lines; one writer per data file writes everything queued
// meanwhile in a single append on a handle kept open, and the store acknowledges a write once its lines are
// written (`flushed`). So:
// - durability is unchanged: an acknowledged write is in the file (page cache, as before; neither fsyncs);
// - each file receives its lines in executor order, so after a crash it holds a prefix of the history;
// - the collection's executor is free as soon as the in-memory change is made, so a concurrent reader may
//   see a change a moment before it is acknowledged (MongoDB's readConcern "local" with w:1 behaves alike);
//   the engine acts on its own writes only once acknowledged (the runner runs an outbox after the ack).
// NeDB rewrites a data file only through crashSafeWriteFileLinesAsync (load, compaction): the queue is
// drained and the handle closed first, so nothing is written into a replaced file.
import { open, type FileHandle } from 'node:fs/promises';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

interface FileQueue {
  chunks: string[];
  mode?: number;
  /** chunks queued / written so far (a chunk is one NeDB append) */
  queued: number;
  written: number;
  waiters: Array<{ upTo: number; resolve: () => void; reject: (err: Error) => void }>;
  writing: boolean;
  handle?: Promise<FileHandle>;
}

const queues = new Map<string, FileQueue>();
let installed = false;

function queueOf(file: string): FileQueue {
  let q = queues.get(file);
  if (!q) {
    q = { chunks: [], queued: 0, written: 0, waiters: [], writing: false };
    queues.set(file, q);
  }
  return q;
}

async function drain(file: string, q: FileQueue): Promise<void> {
  q.writing = true;
  try {
    while (q.chunks.length) {
      const batch = q.chunks.splice(0);
      const upTo = q.written + batch.length;
      let failure: Error | undefined;
      try {
        if (!q.handle) {
          q.handle = open(file, 'a', q.mode);
          q.handle.catch(() => (q.handle = undefined));
        }
        await (await q.handle).appendFile(batch.join(''), 'utf8');
      } catch (err) {
        failure = err as Error;
      }
      q.written = upTo;
      const done = q.waiters.filter((w) => w.upTo <= upTo);
      q.waiters = q.waiters.filter((w) => w.upTo > upTo);
      for (const w of done) {
        if (failure) w.reject(failure);
        else w.resolve();
      }
    }
  } finally {
    q.writing = false;
  }
}

/** Resolves once every line queued for `file` so far is written (rejects if writing it failed). */
export function flushed(file: string): Promise<void> {
  const q = queues.get(file);
  if (!q || q.written >= q.queued) return Promise.resolve();
  return new Promise((resolve, reject) => q.waiters.push({ upTo: q.queued, resolve, reject }));
}

async function settle(file: string): Promise<void> {
  await flushed(file).catch(() => undefined);
}

async function drop(file: string): Promise<void> {
  await settle(file);
  const q = queues.get(file);
  const h = q?.handle;
  if (q) q.handle = undefined;
  if (h) await (await h).close().catch(() => undefined);
}

export function installPersistentAppends(): void {
  if (installed) return;
  installed = true;
  const storage = require('@seald-io/nedb/lib/storage.js') as Record<string, any>;
  const rewrite = storage.crashSafeWriteFileLinesAsync;
  storage.appendFileAsync = async (file: string, data: string, opts?: { mode?: number }) => {
    const q = queueOf(file);
    q.mode ??= opts?.mode;
    q.chunks.push(data);
    q.queued++;
    if (!q.writing) void drain(file, q);
  };
  storage.crashSafeWriteFileLinesAsync = async (file: string, ...rest: unknown[]) => {
    await drop(file);
    return rewrite(file, ...rest);
  };
}

/** Writes what is queued and closes the handles of the given data files (store close). */
export async function closeAppendHandles(files: string[]): Promise<void> {
  await Promise.all(files.map(drop));
}
