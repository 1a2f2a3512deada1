// The engine every benchmark drives: on a throwaway store — SQLite in a temp folder, or a fresh PostgreSQL
// database on BENCH_DATABASE_URL's server (whatever DATABASE_URL / MONGO_URL say) — with a queue prefix of
// its own and the seed org applied. Shared by npm run bench (bench/run.ts) and the step-path probes
// (three-task-probe.ts).
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { systemClock } from '../../engine/clock.js';
import { loadConfig, type EngineConfig } from '../../engine/config.js';
import { Engine, PROCESSES_DIR } from '../../engine/engine.js';
import { applySeed, readSeed } from '../../engine/grid/seed.js';
import { silentLogger, type Logger } from '../../engine/logger.js';
import { openStore } from '../../engine/store/index.js';
import type { Store } from '../../engine/store/types.js';
import { throwawayPostgresDatabase } from './pg-database.js';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface BenchEngineOptions {
  /** names the temp folder and the queue prefix */
  name: string;
  postgres: boolean;
  /** the seed users' password */
  password: string;
  /** engine settings over the defaults (concurrency, timer batches…) */
  config?: Partial<EngineConfig>;
  logger?: Logger;
  /** wraps the opened store (to time or count its operations) */
  wrapStore?: (store: Store) => Store;
}

export interface BenchEngine {
  engine: Engine;
  store: Store;
  dir: string;
  /** the seed's grid units */
  grids: string[];
  /** removes the queues, closes the engine and drops the throwaway store */
  close(): Promise<void>;
}

export async function openBenchEngine(o: BenchEngineOptions): Promise<BenchEngine> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `grid-${o.name}-`));
  const db = o.postgres
    ? await throwawayPostgresDatabase(process.env.BENCH_DATABASE_URL || undefined)
    : undefined;
  const config: EngineConfig = {
    ...loadConfig({ REDIS_URL }),
    dataDir: dir,
    queuePrefix: `{${o.name}-${randomBytes(3).toString('hex')}}`,
    ...o.config,
  };
  const opened = await openStore({ dataDir: dir, databaseUrl: db?.url ?? '' });
  const store = o.wrapStore ? o.wrapStore(opened) : opened;
  const engine = await Engine.open({ config, clock: systemClock, logger: o.logger ?? silentLogger, store });
  const seed = await readSeed(path.join(PROCESSES_DIR, 'seed/org.json'));
  await applySeed(engine.store, seed, o.password);
  return {
    engine,
    store,
    dir,
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
