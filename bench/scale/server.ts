// Part 2 of the scale benchmark: the product started as a user starts it (workers/main.ts, what `npm start`
// runs: API + workers in one process), on the generated store, a free port and a private Redis queue prefix.
// Measured from the outside: time from spawn to the first 200 of /readyz, and the process's resident memory
// (VmRSS of /proc/<pid>/status).
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface RunningServer {
  base: string;
  pid: number;
  readyMs: number;
  rssMb(): Promise<number>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export async function rssMbOf(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1] ?? NaN);
  return Math.round((kb / 1024) * 10) / 10;
}

export async function startProduct(opts: {
  root: string;
  env: Record<string, string>;
  logFile: string;
  timeoutMs?: number;
  /** write V8 CPU profiles of the product here (one per thread, at exit) */
  cpuProfDir?: string;
}): Promise<RunningServer> {
  const port = await freePort();
  // an empty UI folder: the product serves the API only instead of building the UI at first start
  const uiDir = await mkdtemp(path.join(os.tmpdir(), 'grid-scale-ui-'));
  const out = createWriteStream(opts.logFile);
  const t0 = performance.now();
  const prof = opts.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${opts.cpuProfDir}`] : [];
  const child: ChildProcess = spawn(process.execPath, [...prof, '--import', 'tsx', 'workers/main.ts'], {
    cwd: opts.root,
    env: { ...process.env, LOG_LEVEL: 'warn', UI_DIR: uiDir, PORT: String(port), ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.pipe(out);
  child.stderr!.pipe(out);
  let exited: string | undefined;
  child.once('exit', (code, signal) => (exited = `exited (${signal ?? code})`));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (opts.timeoutMs ?? 600_000);
  let readyMs: number;
  for (;;) {
    if (exited) throw new Error(`the product ${exited} before it was ready; see ${opts.logFile}`);
    try {
      const r = await fetch(`${base}/readyz`);
      if (r.status === 200) {
        readyMs = performance.now() - t0;
        break;
      }
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(
        `the product was not ready within ${opts.timeoutMs ?? 600_000} ms; see ${opts.logFile}`,
      );
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  return {
    base,
    pid: child.pid!,
    readyMs,
    rssMb: () => rssMbOf(child.pid!),
    async stop() {
      if (!exited) {
        const done = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
        await done;
        clearTimeout(timer);
      }
      await rm(uiDir, { recursive: true, force: true });
    },
  };
}
