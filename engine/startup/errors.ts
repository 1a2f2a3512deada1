// Start-up failures an operator can fix (port taken, DATA_DIR locked or unwritable, Redis taken by another
// deployment...): one plain line saying what is wrong, where, and what to do, and exit code 1 — no stack
// trace, which would bury the one line that matters. Anything else is a bug and keeps its stack.
import type { Logger } from '../logger.js';

export class StartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartupError';
  }
}

/**
 * The file-system errors a misconfigured folder gives, as one line naming the path and the fix; `at`
 * names the folder instead of the file the error is about (e.g. a lock file not yet created).
 */
export function explainFsError(
  err: unknown,
  what: string,
  fallbackPath: string,
  at?: string,
): StartupError | undefined {
  const e = err as NodeJS.ErrnoException;
  const where = at ?? e?.path ?? fallbackPath;
  const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;
  const user = uid === undefined ? 'this user' : `this user (uid ${uid})`;
  switch (e?.code) {
    case 'EACCES':
    case 'EPERM':
      return new StartupError(
        e.syscall === 'mkdir'
          ? `${what} cannot be created: permission denied creating ${where} for ${user}; create it ` +
              `and give it to that user (mkdir -p ${where} && chown ${uid ?? '<user>'} ${where}) or set ${what} to a writable folder`
          : `${what} is not writable: permission denied on ${where} for ${user}; fix its owner or ` +
              `permissions (chown -R ${uid ?? '<user>'} ${where}) or set ${what} to a writable folder`,
      );
    case 'EROFS':
      return new StartupError(
        `${what} is not writable: ${where} is on a read-only file system; set ${what} to a folder on a writable one`,
      );
    case 'ENOTDIR':
    case 'EEXIST':
      return new StartupError(
        `${what} is not a folder: ${where} (or a parent of it) is a file; set ${what} to a folder path`,
      );
    case 'ENOSPC':
      return new StartupError(`${what} is full: no space left on the device of ${where}; free some space`);
    default:
      return undefined;
  }
}

/**
 * For the entry points: a StartupError (or a known file-system error under DATA_DIR) is printed as one line
 * and the process exits 1; anything else is rethrown (a bug: its stack trace helps).
 */
export function failStartup(log: Logger, err: unknown, dataDir?: string): never {
  const known =
    err instanceof StartupError ? err : dataDir ? explainFsError(err, 'DATA_DIR', dataDir) : undefined;
  if (!known) throw err;
  log.fatal(known.message);
  process.stderr.write(`${known.message}\n`);
  process.exit(1);
}
