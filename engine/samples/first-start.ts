// Sample cases on a first start on the embedded defaults, so a newcomer clicking through sees the product
// at work: cases of every bundled process reported over the past week in the demo grids, some closed, some
// half-way, some left at their first step until their SLA ran out and they climbed the escalation ladder —
// all written by the engine itself (a sampler engine on a manual clock that starts a week ago, sharing the
// store, with its own queue prefix), so every figure, notification and history entry is a real one. The
// product's own workers then take the open cases over (their start-up rebuild schedules the timers left).
// Outside production only, and only into an empty store; SEED_SAMPLES=0 turns it off.
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { ManualClock } from '../clock.js';
import { Engine, PROCESSES_DIR } from '../engine.js';
import { readSeed } from '../grid/seed.js';
import { silentLogger, type Logger } from '../logger.js';
import { removeRedisKeys } from '../queue/redis-keys.js';
import { driveCases, settle, type PlannedCase } from './drive.js';
import { seededRandom } from './random.js';
import { InstanceRepository } from '../cases/instance-repository.js';

const HOUR = 3_600_000;
const ROUNDS = 12;
/** a week: the cases reported first have had time to escalate */
const SPAN_MS = 7 * 24 * HOUR;

/**
 * Per bundled process: reported in round `startAt` in the `grid`-th demo grid (the first is the first demo
 * grid worker's, 王伟's), driven until round `stopAt` (Infinity: to the end, startAt: left at the first step).
 */
const PLAN: ReadonlyArray<{ startAt: number; stopAt: number; grid: number }> = [
  { startAt: 0, stopAt: Infinity, grid: 0 },
  // left at a step with a time limit early in the week: overdue, escalated
  { startAt: 0, stopAt: 2, grid: 1 },
  { startAt: 1, stopAt: 3, grid: 0 },
  { startAt: 3, stopAt: Infinity, grid: 2 },
  { startAt: 6, stopAt: 8, grid: 3 },
  // reported today, waiting at its first step
  { startAt: 11, stopAt: 11, grid: 0 },
];

export function wantsSampleCases(env: NodeJS.ProcessEnv): boolean {
  return env.NODE_ENV !== 'production' && env.SEED_SAMPLES !== '0';
}

/** Seeds the sample cases when wanted and the store holds no case yet. Returns how many were reported. */
export async function seedSampleCases(
  main: Engine,
  log: Logger,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  if (!wantsSampleCases(env)) return 0;
  if (await new InstanceRepository(main.store).anyExists()) return 0;
  const seed = await readSeed(path.join(PROCESSES_DIR, 'seed/org.json'));
  const keys = (await main.definitions.list()).map((d) => d.key);
  const keyList = [...new Set(keys)].sort();
  // grids where a demo user reports (their inbox and "my cases" show the samples)
  const reporters = new Map<string, string>();
  for (const u of seed.users)
    for (const r of u.roles ?? []) {
      const unit = seed.units.find((x) => x.code === r.unit);
      if (unit?.level === 'grid' && !reporters.has(unit.code)) reporters.set(unit.code, u.username);
    }
  const grids = [...reporters.keys()];
  if (!keyList.length || !grids.length) return 0;

  const end = main.clock.now();
  const clock = new ManualClock(end - SPAN_MS);
  const prefix = `{smp${randomBytes(4).toString('hex')}}`;
  const sampler = await Engine.open({
    config: { ...main.config, queuePrefix: prefix, sweepAfterMs: 500, sweepEveryMs: 200 },
    clock,
    logger: silentLogger,
    store: main.store,
  });
  const t0 = Date.now();
  try {
    await sampler.startWorkers();
    const rnd = seededRandom(2026);
    const plan: PlannedCase[] = keyList.flatMap((key) =>
      PLAN.map(({ grid, ...p }) => ({ key, ...p, gridUnit: grids[grid % grids.length] })),
    );
    const r = await driveCases(sampler, clock, {
      plan,
      grids,
      seed,
      rnd,
      maxRounds: ROUNDS,
      step: () => SPAN_MS / ROUNDS,
      starter: (grid) => reporters.get(grid) ?? 'admin',
    });
    // the last round may stop early: the week ends now either way
    clock.set(end);
    await sampler.fireDueTimers();
    await settle(sampler, end);
    log.info(
      { cases: r.cases.length, completions: r.completions, ms: Date.now() - t0 },
      'seeded sample cases (SEED_SAMPLES=0 turns this off)',
    );
    return r.cases.length;
  } finally {
    await sampler.stopWorkers();
    await sampler.queues.obliterate().catch(() => undefined);
    await sampler.close({ keepStore: true });
    await removeRedisKeys(main.config.redisUrl, prefix).catch(() => undefined);
  }
}
