// What one fired escalation costs, independent of how busy the machine is: N instances of the benchmark's
// SLA process (bench/processes.ts slaAt) are started with their breach due an hour ahead while this
// process's timer worker is paused; once every task is open and the steps have settled, their (delayed)
// timer jobs are promoted and the worker resumes and fires the whole backlog (the burst of npm run bench, without its background load and its wait for the
// due second). Prints the drain time and rate, this process's CPU per escalation, the SQL statements (by
// shape) and Redis commands per escalation (bench/common/burst-probe.ts). Usage:
//   node --import tsx bench/timer-burst-probe.ts [instances=2000] [top=25]
//   BENCH_BURST_PROFILE=/tmp/burst.cpuprofile …   (a CPU profile of the drain alone; summarise it with
//     node --import tsx bench/profile-summary.ts /tmp/burst.cpuprofile)
//   BENCH_STORE=postgres …   (a throwaway database on BENCH_DATABASE_URL's server)
//   BENCH_BACKGROUND=4 …   (npm run bench's steady background: instances of a 3-task process started at
//     that rate per second and completed, for BENCH_BACKGROUND_S (20) seconds before the burst and during
//     it; prints their step jobs/s before and during and the statistics passes their steps and the timer
//     batches waited for: buckets per recompute, and those only the other kind asked for — rollup.ts)
// Timer batching as npm run bench (TIMER_BATCH 500, TIMER_CONCURRENCY 16).
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { randomBytes } from 'node:crypto';
import type { Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { systemClock } from '../engine/clock.js';
import { loadConfig } from '../engine/config.js';
import { Engine, PROCESSES_DIR } from '../engine/engine.js';
import { applySeed, readSeed } from '../engine/grid/seed.js';
import { silentLogger } from '../engine/logger.js';
import { openStore } from '../engine/store/index.js';
import { BurstProbe } from './common/burst-probe.js';
import { throwawayPostgresDatabase } from './common/pg-database.js';
import { slaAt, threeTasks } from './processes.js';
import { passWaits } from '../engine/stats/rollup.js';
import { CommandError } from '../engine/runtime/transition.js';

const N = Number(process.argv[2] ?? 2000);
const TOP = Number(process.argv[3] ?? 25);
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const STORE = process.env.BENCH_STORE === 'postgres' ? 'postgres' : 'sqlite';
const num = (v: string | undefined, d: number) => (v && /^\d+$/.test(v) ? Number(v) : d);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const BACKGROUND = num(process.env.BENCH_BACKGROUND, 0);
const BACKGROUND_S = num(process.env.BENCH_BACKGROUND_S, 20);
const log = (m: string) =>
  process.stderr.write(`[burst-probe ${new Date().toISOString().slice(11, 19)}] ${m}\n`);

const probe = new BurstProbe(process.env.BENCH_BURST_PROFILE || undefined);
const dir = await mkdtemp(path.join(os.tmpdir(), 'grid-burst-'));
const db =
  STORE === 'postgres'
    ? await throwawayPostgresDatabase(process.env.BENCH_DATABASE_URL || undefined)
    : undefined;
const prefix = `{burst-${randomBytes(3).toString('hex')}}`;
const engine = await Engine.open({
  config: {
    ...loadConfig({ REDIS_URL }),
    dataDir: dir,
    queuePrefix: prefix,
    timerConcurrency: num(process.env.TIMER_CONCURRENCY, 16),
    timerBatch: num(process.env.TIMER_BATCH, 500),
  },
  clock: systemClock,
  logger: silentLogger,
  store: await openStore({ dataDir: dir, databaseUrl: db?.url ?? '' }),
});
try {
  const seed = await readSeed(path.join(PROCESSES_DIR, 'seed/org.json'));
  await applySeed(engine.store, seed, 'probe-pass');
  const grids = seed.units.filter((u) => u.level === 'grid').map((u) => u.code);
  await engine.deploy(slaAt('benchsla'));
  if (BACKGROUND) await engine.deploy(threeTasks('grid', 'benchbg'));
  await engine.startWorkers();
  const workers = (engine as unknown as { workers: { workers: Worker[] } }).workers.workers;
  const timerWorker = workers.find((w) => w.name === 'timers')!;
  await timerWorker.pause(true);
  let fired = 0;
  timerWorker.on('completed', (job) => job.name === 'timer' && fired++);
  // the background's step jobs (bench/run.ts counts the same: every job of the steps queue)
  const stepsAt: number[] = [];
  /** per background step job: ms queued (added → taken) and ms run (taken → done), by when it finished */
  const stepMs: Array<{ at: number; queued: number; run: number }> = [];
  workers
    .find((w) => w.name === 'steps')!
    .on('completed', (job) => {
      const at = Date.now();
      stepsAt.push(at);
      if (job.processedOn && job.finishedOn)
        stepMs.push({ at, queued: job.processedOn - job.timestamp, run: job.finishedOn - job.processedOn });
    });

  // due long after the set-up (a breach due before its task opens makes the task an incident); the burst
  // then promotes every delayed timer job at once: the firing does not look at the clock, and lateness is 0
  const dueIso = new Date(Date.now() + 3600_000).toISOString();
  log(`starting ${N} instances (timer worker paused)`);
  const t0 = performance.now();
  let next = 0;
  const watch = setInterval(async () => {
    const tasks = await engine.store.collection('tasks').count({ definitionKey: 'benchsla' });
    log(`${next} started, ${tasks} tasks open`);
  }, 5000);
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < N) {
        const i = next++;
        await engine.start(
          'benchsla',
          { gridUnit: grids[i % grids.length], variables: { dueAt: dueIso } },
          'p',
        );
      }
    }),
  );
  const busy = async () =>
    Object.values(await engine.queues.steps.getJobCounts('waiting', 'active', 'delayed')).reduce(
      (a, b) => a + b,
      0,
    );
  while ((await engine.store.collection('tasks').count({ definitionKey: 'benchsla' })) < N || (await busy()))
    await sleep(200);
  clearInterval(watch);
  await engine.queues.timers.promoteJobs();
  log(`set up in ${Math.round(performance.now() - t0)} ms`);

  // the background load, as npm run bench's: started at a fixed rate, each task completed once open
  let bgStop = false;
  const bgOpen = new Set<string>();
  const bgLoops: Promise<void>[] = [];
  if (BACKGROUND) {
    bgLoops.push(
      (async () => {
        for (let i = 0; !bgStop; i++) {
          const t = Date.now();
          await engine.start('benchbg', { gridUnit: grids[i % grids.length] }, 'p');
          await sleep(Math.max(0, 1000 / BACKGROUND - (Date.now() - t)));
        }
      })(),
      (async () => {
        const tasks = engine.store.collection<{ _id: string }>('tasks');
        while (!bgStop) {
          const open = (
            await tasks.find({ definitionKey: 'benchbg', status: 'open' }, { limit: 400 })
          ).filter((t) => !bgOpen.has(t._id));
          for (const t of open) bgOpen.add(t._id);
          await Promise.all(
            open.map((t) =>
              engine.completeTask(t._id, 'p', {}, 0).catch((err) => {
                if (!(err instanceof CommandError)) throw err;
              }),
            ),
          );
          if (!open.length) await sleep(20);
        }
      })(),
    );
    log(`background load: ${BACKGROUND} instances/s for ${BACKGROUND_S} s before the burst`);
    await sleep(5000); // its first instances reach their steady state
    passWaits(true);
    stepsAt.length = 0;
    await sleep(BACKGROUND_S * 1000);
  }
  const beforeSteps = stepsAt.length;
  const beforeWaits = passWaits(true);
  const burstAt = Date.now();
  log('firing');

  const cpu0 = process.cpuUsage();
  const elu0 = performance.eventLoopUtilization();
  await probe.start();
  const t1 = performance.now();
  timerWorker.resume();
  while (fired < N) await sleep(20);
  const drainMs = performance.now() - t1;
  const counts = await probe.stop();
  const duringSteps = stepsAt.filter((t) => t >= burstAt).length;
  const duringWaits = passWaits(true);
  bgStop = true;
  await Promise.all(bgLoops);
  const cpu = process.cpuUsage(cpu0);
  const elu = performance.eventLoopUtilization(elu0);
  const per = (n: number) => +(n / N).toFixed(2);
  console.log(
    JSON.stringify({
      store: STORE,
      escalations: N,
      drainMs: Math.round(drainMs),
      timerJobsPerSec: Math.round(N / (drainMs / 1000)),
      cpuMsPerEscalation: +((cpu.user + cpu.system) / 1000 / N).toFixed(3),
      mainThreadMsPerEscalation: +(elu.active / N).toFixed(3),
      sqlStatementsPerEscalation: per(counts.statements),
      redisCommandsPerEscalation: per(counts.redisCommands),
      redisPipelinedPerEscalation: per(counts.redisPipelined),
      loadAverage: os.loadavg().map((l) => +l.toFixed(2)),
    }),
  );
  if (BACKGROUND) {
    const perCaller = (w: ReturnType<typeof passWaits>['step']) => ({
      ...w,
      bucketsWaitedPerCaller: +(w.bucketsWaited / Math.max(1, w.callers)).toFixed(1),
    });
    const pct = (xs: number[], p: number) =>
      xs.length ? [...xs].sort((a, b) => a - b)[Math.ceil((p / 100) * xs.length) - 1] : NaN;
    const latency = (from: number, to: number) => {
      const w = stepMs.filter((x) => x.at >= from && x.at < to);
      const q = w.map((x) => x.queued);
      const r = w.map((x) => x.run);
      return {
        jobs: w.length,
        queuedMs: { p50: pct(q, 50), p95: pct(q, 95) },
        runMs: { p50: pct(r, 50), p95: pct(r, 95) },
      };
    };
    const before = beforeSteps / BACKGROUND_S;
    const during = duringSteps / (drainMs / 1000);
    console.log(
      JSON.stringify({
        background: {
          startedPerSec: BACKGROUND,
          stepsPerSecBefore: +before.toFixed(1),
          stepsPerSecDuring: +during.toFixed(1),
          duringVsBefore: +(during / Math.max(0.001, before)).toFixed(2),
          before: latency(burstAt - BACKGROUND_S * 1000, burstAt),
          during: latency(burstAt, burstAt + drainMs),
        },
        rollupPassWaits: {
          before: { step: perCaller(beforeWaits.step), batch: perCaller(beforeWaits.batch) },
          during: { step: perCaller(duringWaits.step), batch: perCaller(duringWaits.batch) },
        },
      }),
    );
  }
  for (const { n, ms, shape } of counts.byShape.slice(0, TOP))
    console.log(`${per(n).toFixed(2).padStart(7)} ${String(ms).padStart(6)} ms  ${shape}`);
  console.log(
    'redis: ' +
      Object.entries(counts.redisByName)
        .map(([k, v]) => `${k} ${per(v)}`)
        .join(', '),
  );
} finally {
  await engine.stopWorkers();
  await engine.queues.obliterate();
  // and the engine's own keys under this run's prefix (live events, markers)
  const redis = new Redis(REDIS_URL);
  for (let cursor = '0'; ;) {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    if (keys.length) await redis.unlink(...keys);
    if ((cursor = next) === '0') break;
  }
  redis.disconnect();
  await engine.close();
  await db?.drop();
  await rm(dir, { recursive: true, force: true });
}
