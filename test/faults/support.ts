// Shared pieces of the fault tests: an engine on a given data dir / queue prefix / Redis (system clock),
// child processes with an IPC channel, a test-owned redis-server, and the per-instance history checks.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { systemClock } from '../../engine/clock.js';
import { loadConfig, type EngineConfig } from '../../engine/config.js';
import { Engine, PROCESSES_DIR } from '../../engine/engine.js';
import { applySeed, readSeed } from '../../engine/grid/seed.js';
import { silentLogger } from '../../engine/logger.js';
import type { Queues } from '../../engine/queue/queues.js';
import type { ServiceHandler } from '../../engine/queue/workers.js';
import { CommandError } from '../../engine/runtime/transition.js';
import type { HistoryRecord, InstanceState } from '../../engine/runtime/types.js';
import { openTestStore } from '../helpers/store.js';
import type { Store } from '../../engine/store/types.js';

export const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '..', '..');
export const GRID1 = '310117001001001';
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface FaultEngineOptions {
  dataDir: string;
  prefix: string;
  redisUrl?: string;
  workers?: boolean;
  services?: Record<string, ServiceHandler>;
  seed?: boolean;
  config?: Partial<EngineConfig>;
  /** a store to use instead of the test store in dataDir (test/helpers/store.ts) */
  store?: Store;
}

/** A real engine on the system clock, with a fast outbox sweeper; the test store in `dataDir` (SQLite, or PostgreSQL with TEST_STORE=postgres). */
export async function openFaultEngine(o: FaultEngineOptions): Promise<Engine> {
  const config: EngineConfig = {
    ...loadConfig({ REDIS_URL: o.redisUrl ?? process.env.REDIS_URL }),
    dataDir: o.dataDir,
    queuePrefix: o.prefix,
    sweepAfterMs: 300,
    sweepEveryMs: 100,
    concurrency: 8,
    timerConcurrency: 4,
    ...o.config,
  };
  const store = o.store ?? (await openTestStore(o.dataDir));
  const engine = await Engine.open({
    config,
    clock: systemClock,
    logger: silentLogger,
    store,
    services: o.services,
  });
  if (o.seed)
    await applySeed(engine.store, await readSeed(path.join(PROCESSES_DIR, 'seed/org.json')), 'fault-pass');
  if (o.workers) await engine.startWorkers();
  return engine;
}

/** Completes every open task it sees (at most once each), until stopped. Returns a stop function. */
export function driveTasks(
  engine: Engine,
  every = 30,
): { stop: () => Promise<void>; completed: () => number } {
  const dispatched = new Set<string>();
  let stopped = false;
  let n = 0;
  const loop = (async () => {
    while (!stopped) {
      try {
        const page = await engine.openTasks({}, { limit: 100 });
        for (const t of page.items) {
          if (dispatched.has(t._id) || stopped) continue;
          dispatched.add(t._id);
          try {
            await engine.completeTask(t._id, 'wangwei', {}, 0);
            n++;
          } catch (err) {
            if (!(err instanceof CommandError)) throw err;
          }
        }
      } catch (err) {
        if (!stopped) throw err;
      }
      await sleep(every);
    }
  })();
  return {
    completed: () => n,
    async stop() {
      stopped = true;
      await loop.catch(() => {});
    },
  };
}

// ---- child processes -----------------------------------------------------------------------------------

export interface Child {
  proc: ChildProcess;
  messages: Array<Record<string, any>>;
  /** resolves with the first message matching `pred` (or rejects when the child exits first) */
  next(pred: (m: Record<string, any>) => boolean, timeoutMs?: number): Promise<Record<string, any>>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function spawnChild(script: string, env: Record<string, string>): Child {
  const proc = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'fixtures', script)], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const messages: Array<Record<string, any>> = [];
  const waiters: Array<{ pred: (m: Record<string, any>) => boolean; resolve: (m: any) => void }> = [];
  proc.on('message', (m: Record<string, any>) => {
    messages.push(m);
    for (const w of [...waiters])
      if (w.pred(m)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(m);
      }
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    proc,
    messages,
    exited,
    next(pred, timeoutMs = 20000) {
      const seen = messages.find(pred);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no matching message from ${script} in ${timeoutMs} ms`)),
          timeoutMs,
        );
        waiters.push({
          pred,
          resolve: (m) => {
            clearTimeout(timer);
            resolve(m);
          },
        });
        void exited.then(({ code, signal }) => {
          clearTimeout(timer);
          reject(new Error(`${script} exited (code ${code}, signal ${signal}) before the expected message`));
        });
      });
    },
    async kill(signal = 'SIGKILL') {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
      return exited;
    },
  };
}

/**
 * Stands in for the 30 s lock expiry of the jobs a killed worker held: drops its active jobs, whose
 * continuation the next worker's reconcile() rebuilds from the stored state. (Without this BullMQ moves them
 * back to waiting after lockDuration + up to two stalled checks: 30–60 s, too long for a unit test; the soak
 * run does not use it.)
 */
export async function dropOrphanedActiveJobs(queues: Queues): Promise<number> {
  let dropped = 0;
  const redis = new Redis(queues.target.url, { maxRetriesPerRequest: 3 });
  try {
    for (const q of Object.values(queues.byName)) {
      for (const job of await q.getJobs(['active'])) {
        await redis.del(q.toKey(`${job.id}:lock`));
        await job.remove().catch(() => {});
        dropped++;
      }
    }
  } finally {
    redis.disconnect();
  }
  return dropped;
}

// ---- a test-owned redis-server -------------------------------------------------------------------------

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

export interface RedisServer {
  url: string;
  port: number;
  stop(): Promise<void>;
  start(): Promise<void>;
}

/** redis-server on its own port, without persistence: a restart loses every key. */
export async function ownRedis(port?: number): Promise<RedisServer> {
  const p = port ?? (await freePort());
  let proc: ChildProcess | undefined;
  const url = `redis://127.0.0.1:${p}`;
  const server: RedisServer = {
    url,
    port: p,
    async start() {
      proc = spawn(
        'redis-server',
        ['--port', String(p), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
        {
          stdio: 'ignore',
        },
      );
      const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      probe.on('error', () => {});
      for (let i = 0; i < 100; i++) {
        try {
          await probe.connect();
          if ((await probe.ping()) === 'PONG') break;
        } catch {
          await sleep(50);
        }
      }
      probe.disconnect();
    },
    async stop() {
      if (!proc || proc.exitCode !== null) return;
      const gone = new Promise((r) => proc!.once('exit', r));
      proc.kill('SIGKILL');
      await gone;
    },
  };
  await server.start();
  return server;
}

// ---- checks ----------------------------------------------------------------------------------------------

export interface Expectation {
  /** exact count per history action */
  actions: Record<string, number>;
  /** elements each left exactly once */
  leaves: string[];
  /** user tasks created, one per element id */
  tasks: string[];
}

/**
 * Runs the outbox sweeper until nothing is left: replays (idempotently) what another process left behind and
 * clears what this one executed (the runner defers that clearing write). Call before problemsOf().
 */
export async function drainOutboxes(engine: Engine): Promise<void> {
  for (let i = 0; i < 50 && (await engine.recovery.sweepOutboxes(0)) > 0; i++);
}

/** Returns the problems found with one instance: duplicates, losses, leftovers (drain outboxes first). */
export async function problemsOf(engine: Engine, id: string, exp: Expectation): Promise<string[]> {
  const s = await engine.store.collection<InstanceState>('instances').findOne({ _id: id });
  if (!s) return [`${id}: missing`];
  const out: string[] = [];
  if (s.status !== 'completed')
    out.push(`${id}: ${s.status}, tokens ${JSON.stringify(Object.values(s.tokens))}`);
  if (s.outbox.length) out.push(`${id}: outbox not drained`);
  const h: HistoryRecord[] = await engine.history(id);
  const count = (pred: (r: HistoryRecord) => boolean) => h.filter(pred).length;
  for (const [action, n] of Object.entries(exp.actions)) {
    const got = count((r) => r.action === action);
    if (got !== n) out.push(`${id}: ${got} × ${action}, expected ${n}`);
  }
  for (const el of exp.leaves) {
    const got = count((r) => r.action === 'leave' && r.elementId === el);
    if (got !== 1) out.push(`${id}: left ${el} ${got} times`);
  }
  const created = h.filter((r) => r.action === 'task-created').map((r) => r.elementId);
  if (JSON.stringify([...created].sort()) !== JSON.stringify([...exp.tasks].sort()))
    out.push(`${id}: tasks created ${created.join(',')}, expected ${exp.tasks.join(',')}`);
  const taskDocs = await engine.store.collection('tasks').find({ instanceId: id });
  if (taskDocs.length !== exp.tasks.length) out.push(`${id}: ${taskDocs.length} task documents`);
  if (taskDocs.some((t) => t.status !== 'completed')) out.push(`${id}: a task document is not completed`);
  if (Object.keys(s.tasks).length !== exp.tasks.length)
    out.push(`${id}: ${Object.keys(s.tasks).length} tasks in state`);
  return out;
}
