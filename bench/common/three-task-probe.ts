// The set-up and the drive the step-path probes share (bench/cpu-probe.ts, sql-count.ts,
// exactly-once-probe.ts): an engine on a throwaway store (SQLite in a temp folder, or a fresh PostgreSQL
// database with BENCH_STORE=postgres) and its own queue prefix, the seed org, the benchmark's 3-task process
// deployed and the workers running; then N instances started round the grids and every open task completed
// until all are done.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { systemClock } from '../../engine/clock.js';
import { loadConfig } from '../../engine/config.js';
import { Engine, PROCESSES_DIR } from '../../engine/engine.js';
import { applySeed, readSeed } from '../../engine/grid/seed.js';
import { silentLogger } from '../../engine/logger.js';
import type { TaskDoc } from '../../engine/queue/outbox.js';
import type { InstanceState } from '../../engine/runtime/types.js';
import { openStore } from '../../engine/store/index.js';
import { threeTasks } from '../processes.js';
import { throwawayPostgresDatabase } from './pg-database.js';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface ThreeTaskProbe {
  store: 'sqlite' | 'postgres';
  engine: Engine;
  /** the seed's grid units, the instances' units in turn */
  grids: string[];
  /** stops the workers, removes the queues, closes the engine and drops the throwaway store */
  close(): Promise<void>;
}

/** `name` names the temp folder and the queue prefix; `postgres`: BENCH_STORE=postgres by default. */
export async function openThreeTaskProbe(
  name: string,
  postgres = process.env.BENCH_STORE === 'postgres',
): Promise<ThreeTaskProbe> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `grid-${name}-`));
  const db = postgres
    ? await throwawayPostgresDatabase(process.env.BENCH_DATABASE_URL || undefined)
    : undefined;
  const config = {
    ...loadConfig({ REDIS_URL }),
    dataDir: dir,
    queuePrefix: `{${name}-${randomBytes(3).toString('hex')}}`,
  };
  const engine = await Engine.open({
    config,
    clock: systemClock,
    logger: silentLogger,
    store: await openStore({ dataDir: dir, databaseUrl: db?.url ?? '' }),
  });
  const seed = await readSeed(path.join(PROCESSES_DIR, 'seed/org.json'));
  await applySeed(engine.store, seed, 'probe-pass');
  await engine.deploy(threeTasks('grid'));
  await engine.startWorkers();
  return {
    store: postgres ? 'postgres' : 'sqlite',
    engine,
    grids: seed.units.filter((u) => u.level === 'grid').map((u) => u.code),
    async close() {
      await engine.stopWorkers();
      await engine.queues.obliterate();
      await engine.close();
      await db?.drop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Starts `n` instances of the 3-task process and completes every task as it opens until all are completed.
 * `read` wraps the driver's own polling reads (sql-count counts them apart).
 */
export async function driveThreeTasks(
  p: ThreeTaskProbe,
  n: number,
  read: <T>(r: () => Promise<T>) => Promise<T> = (r) => r(),
): Promise<void> {
  const { engine, grids } = p;
  const tasks = engine.store.collection<TaskDoc>('tasks');
  const instances = engine.store.collection<InstanceState>('instances');
  for (let i = 0; i < n; i++) await engine.start('bench3', { gridUnit: grids[i % grids.length] }, 'probe');
  const dispatched = new Set<string>();
  while ((await read(() => instances.count({ status: 'completed' }))) < n) {
    const open = (await read(() => tasks.find({ status: 'open' }, { limit: 400 }))).filter(
      (t) => !dispatched.has(t._id),
    );
    for (const t of open) dispatched.add(t._id);
    await Promise.all(open.map((t) => engine.completeTask(t._id, 'probe', {}, 0)));
    if (!open.length) await sleep(20);
  }
}
