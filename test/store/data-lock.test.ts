// The DATA_DIR lock (engine/store/data-lock.ts) in one process: when a lock file counts as held (a live
// process that wrote it) and when as stale (dead pid, a pid reused by another process, an earlier life of
// our own pid, an unreadable file), and that the lock is counted per process and removed at the last release.
// The two-process cases (a live holder, kill -9) run with real processes in test/startup-safety.test.ts.
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { StartupError } from '../../engine/startup/errors.js';
import { LOCK_FILE, lockDataDir } from '../../engine/store/data-lock.js';

/** field 22 of /proc/<pid>/stat, as the lock records it */
const procStart = (pid: number) => {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
};

describe('store: the DATA_DIR lock', () => {
  let dir: string;
  let file: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'grid-lock-'));
    file = path.join(dir, LOCK_FILE);
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const writeHolder = (h: Record<string, unknown>) =>
    writeFile(file, JSON.stringify({ host: os.hostname(), at: '2026-12-01T00:00:00Z', ...h }));
  const holderPid = async () => (JSON.parse(await readFile(file, 'utf8')) as { pid: number }).pid;

  it('a live process holding it (pid 1 with its real start time) refuses, naming the pid', async function () {
    let start: string;
    try {
      start = procStart(1);
    } catch {
      this.skip(); // no /proc
    }
    await writeHolder({ pid: 1, procStart: start! });
    expect(() => lockDataDir(dir))
      .to.throw(StartupError)
      .with.property('message')
      .that.matches(/^DATA_DIR .* is in use by another process \(pid 1, since 2026-12-01T00:00:00Z\)/);
    expect(await holderPid()).to.equal(1);
  });

  it('is taken over when its pid now belongs to another process, is an earlier life of ours, or is unreadable', async function () {
    if (process.platform !== 'linux') this.skip(); // the start time comes from /proc
    for (const stale of [
      // pid 1 is alive, but started at another time than the process that wrote the lock: a reused pid
      () => writeHolder({ pid: 1, procStart: String(Number(procStart(1)) + 12345) }),
      () => writeHolder({ pid: process.pid }), // our own pid, but this process never took it
      () => writeFile(file, '{"pid": 12'), // torn
    ]) {
      await stale();
      const release = lockDataDir(dir);
      expect(await holderPid()).to.equal(process.pid);
      release();
    }
  });

  it('is counted per process: removed at the last release only', async () => {
    const a = lockDataDir(dir);
    const b = lockDataDir(dir);
    a();
    a(); // a release is done once
    expect(await holderPid()).to.equal(process.pid);
    b();
    await readFile(file).then(
      () => expect.fail('lock left behind'),
      (err: NodeJS.ErrnoException) => expect(err.code).to.equal('ENOENT'),
    );
  });
});
