// Test harness: a real engine on real Redis with its own queue prefix and a temp data dir, seeded with the
// org tree, on a manual clock. Cleans up its Redis keys and files.
// The store is the default one, SQLite in the temp data dir; TEST_STORE=postgres gives each engine a fresh
// PostgreSQL database (test/helpers/postgres.ts, dropped on close); TEST_MONGO_STORE=1 uses MONGO_URL.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { removeRedisKeys } from '../../engine/queue/redis-keys.js';
import { ManualClock } from '../../engine/clock.js';
import { loadConfig, type EngineConfig } from '../../engine/config.js';
import { Engine, PROCESSES_DIR } from '../../engine/engine.js';
import { readSeed, applySeed } from '../../engine/grid/seed.js';
import { silentLogger, type Logger } from '../../engine/logger.js';
import { openStore } from '../../engine/store/index.js';
import { openTestStore } from './store.js';
import type { ServiceHandler } from '../../engine/queue/workers.js';

export const MINGTIAN = '310117001001';
export const GRID1 = '310117001001001';
export const GRID2 = '310117001001002';
export const ZONE_EAST = '310117001001901';
export const STREET_XT = '310117001';
export const DISTRICT = '310117';
export const TEST_PASSWORD = 'test-pass-1';

/** 2026-03-02 09:00 Asia/Shanghai, a Monday and a working day */
export const MONDAY_9AM = Date.parse('2026-03-02T01:00:00Z');

export interface TestEngine {
  engine: Engine;
  clock: ManualClock;
  config: EngineConfig;
  close(): Promise<void>;
}

/** Deletes what is left under the prefix besides the queues (event log, sign-in counters). */
/** (kept under its old name for the tests that use it) */
export const removeKeys = removeRedisKeys;

export async function testEngine(
  opts: {
    services?: Record<string, ServiceHandler>;
    now?: number;
    workers?: boolean;
    config?: Partial<EngineConfig>;
    dataDir?: string;
    logger?: Logger;
  } = {},
): Promise<TestEngine> {
  const dataDir = opts.dataDir ?? (await mkdtemp(path.join(os.tmpdir(), 'grid-test-')));
  const config: EngineConfig = {
    ...loadConfig({ REDIS_URL: process.env.REDIS_URL }),
    dataDir,
    mongoUrl: process.env.TEST_MONGO_STORE ? process.env.MONGO_URL : undefined,
    queuePrefix: `{t${randomBytes(4).toString('hex')}}`,
    sweepAfterMs: 300,
    sweepEveryMs: 100,
    concurrency: 8,
    ...opts.config,
  };
  const clock = new ManualClock(opts.now ?? MONDAY_9AM);
  // opened here rather than by Engine.open so a DATABASE_URL in the environment never points tests at a
  // shared database: only TEST_STORE=postgres does, and then at a fresh one per data folder (so an engine
  // reopened on the same folder, or a child process on it, finds the same data: test/helpers/store.ts)
  const store = config.mongoUrl
    ? await openStore({ dataDir: config.dataDir, mongoUrl: config.mongoUrl, databaseUrl: '' })
    : await openTestStore(config.dataDir);
  const engine = await Engine.open({
    config,
    store,
    clock,
    logger: opts.logger ?? silentLogger,
    services: opts.services,
  });
  await applySeed(engine.store, await readSeed(path.join(PROCESSES_DIR, 'seed/org.json')), TEST_PASSWORD);
  if (opts.workers !== false) await engine.startWorkers();
  return {
    engine,
    clock,
    config,
    async close() {
      await engine.stopWorkers();
      await engine.queues.obliterate();
      await engine.close();
      await removeKeys(config.redisUrl, config.queuePrefix);
      if (!opts.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
