// One process per data folder. The embedded store (NeDB) keeps each collection in memory and appends to its
// file: two processes on one DATA_DIR overwrite each other's writes, and the second one's start-up recovery
// rebuilds jobs from a state the first one is changing. So DATA_DIR holds a lock file with the holder's pid
// (written to a temp file, then hard-linked to its name: of two starting processes exactly one gets it, and
// nobody ever reads a half-written lock); a lock whose holder is dead —
// killed with kill -9, so it could not remove its file — is stale and taken over. Locks are counted per
// process, so the entry point can take the lock early (before it touches anything) and the store again.
import {
  closeSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  unlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { explainFsError, StartupError } from '../startup/errors.js';

export const LOCK_FILE = 'grid.lock';

interface Holder {
  pid: number;
  host: string;
  /** the holder's start time in clock ticks since boot (Linux), to notice a pid reused by another process */
  procStart?: string;
  at: string;
}

/** data folders this process holds, with how many times it took each lock */
const held = new Map<string, number>();
let exitHook = false;

/** Field 22 of /proc/<pid>/stat (start time after boot), or undefined off Linux or for a gone process. */
function procStart(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // the command name (field 2) is in parentheses and may contain spaces: count from after it
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

/** Whether the process that wrote the lock still runs (as far as this machine can tell). */
export function holderAlive(h: Holder): boolean {
  if (h.host !== os.hostname()) return true; // another machine's process (shared volume): cannot check, so yes
  if (h.pid === process.pid) return false; // an earlier life of this pid (e.g. pid 1 in a container)
  try {
    process.kill(h.pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false; // ESRCH: no such process
  }
  // alive: unless the pid now belongs to another process than the one that wrote the lock
  const now = procStart(h.pid);
  return !(h.procStart && now && now !== h.procStart);
}

function readHolder(file: string): Holder | undefined {
  try {
    const h = JSON.parse(readFileSync(file, 'utf8')) as Holder;
    return typeof h.pid === 'number' ? h : undefined;
  } catch {
    return undefined; // missing, or torn by a crash while being written: treat as stale
  }
}

/**
 * Takes the lock of `dir` (created when missing) for this process; returns its release. Throws a
 * StartupError naming the holder's pid when another live process holds it, or saying what is wrong with
 * the folder when it cannot be created or written (one line with the path and the fix).
 */
export function lockDataDir(dir: string): () => void {
  const abs = path.resolve(dir);
  const file = path.join(abs, LOCK_FILE);
  const count = held.get(abs);
  if (count) {
    held.set(abs, count + 1);
    return once(() => release(abs));
  }
  try {
    mkdirSync(abs, { recursive: true });
  } catch (err) {
    throw explainFsError(err, 'DATA_DIR', abs) ?? err;
  }
  const me: Holder = {
    pid: process.pid,
    host: os.hostname(),
    procStart: procStart(process.pid),
    at: new Date().toISOString(),
  };
  for (let attempt = 0; ; attempt++) {
    try {
      create(file, JSON.stringify(me));
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 3)
        throw explainFsError(err, 'DATA_DIR', abs, abs) ?? err;
    }
    const holder = readHolder(file);
    if (holder && holderAlive(holder))
      throw new StartupError(
        `DATA_DIR ${abs} is in use by another process (pid ${holder.pid}` +
          `${holder.host !== os.hostname() ? ` on ${holder.host}` : ''}, since ${holder.at}): ` +
          `stop that process first, or give this one its own DATA_DIR` +
          ` (if no such process runs any more, delete ${file})`,
      );
    // stale: its holder died without removing it. Removing it only if it still is what we read keeps a
    // lock another starter took meanwhile (the window between the two calls is all that is left).
    if (JSON.stringify(readHolder(file)) === JSON.stringify(holder)) {
      try {
        unlinkSync(file);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT')
          throw explainFsError(e, 'DATA_DIR', abs, abs) ?? e;
      }
    }
  }
  held.set(abs, 1);
  if (!exitHook) {
    exitHook = true;
    // a normal exit (also process.exit after a fatal error) leaves no lock behind; kill -9 does: stale then
    process.on('exit', () => {
      for (const d of held.keys()) removeLock(d);
    });
  }
  return once(() => release(abs));
}

/** Creates `file` with `content` atomically; EEXIST when it exists. */
function create(file: string, content: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, content, { mode: 0o644 });
  try {
    linkSync(tmp, file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'EPERM') throw err;
    // a file system without hard links: exclusive create (a reader may then see it before it is written)
    const fd = openSync(file, 'wx', 0o644);
    try {
      writeSync(fd, content);
    } finally {
      closeSync(fd);
    }
  } finally {
    try {
      unlinkSync(tmp);
    } catch {
      // already gone
    }
  }
}

function once(fn: () => void): () => void {
  let done = false;
  return () => {
    if (!done) fn();
    done = true;
  };
}

function release(abs: string): void {
  const count = held.get(abs) ?? 0;
  if (count > 1) {
    held.set(abs, count - 1);
    return;
  }
  held.delete(abs);
  removeLock(abs);
}

/** Removes the lock file if it is ours. */
function removeLock(abs: string): void {
  const file = path.join(abs, LOCK_FILE);
  if (readHolder(file)?.pid !== process.pid) return;
  try {
    unlinkSync(file);
  } catch {
    // already gone (the folder was removed, e.g. a test's temp dir)
  }
}
