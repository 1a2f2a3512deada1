// CPU cost per step, independent of how busy the machine is: drives N instances of the 3-task process (as
// the benchmark does) and divides this process's CPU time (user + system, all threads), its event loop's
// busy time and Redis's CPU time by the step jobs run.
// For before/after comparisons of a change on a shared machine. Usage:
//   node --import tsx bench/cpu-probe.ts [instances=400]   (add --cpu-prof for a profile)
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { systemClock } from '../engine/clock.js';
import { loadConfig } from '../engine/config.js';
import { Engine, PROCESSES_DIR } from '../engine/engine.js';
import { applySeed, readSeed } from '../engine/grid/seed.js';
import { silentLogger } from '../engine/logger.js';
import type { TaskDoc } from '../engine/queue/outbox.js';
import type { InstanceState } from '../engine/runtime/types.js';
import { openStore } from '../engine/store/index.js';
import { threeTasks } from './processes.js';

const N = Number(process.argv[2] ?? 400);
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function redisCpu(r: Redis): Promise<number> {
  const info = await r.info('cpu');
  const v = (k: string) => Number(new RegExp(`${k}:([\\d.]+)`).exec(info)?.[1] ?? 0);
  return (v('used_cpu_user') + v('used_cpu_sys')) * 1000;
}

const dir = await mkdtemp(path.join(os.tmpdir(), 'grid-cpu-'));
const config = {
  ...loadConfig({ REDIS_URL }),
  dataDir: dir,
  queuePrefix: `{cpu-${randomBytes(3).toString('hex')}}`,
};
const engine = await Engine.open({
  config,
  clock: systemClock,
  logger: silentLogger,
  store: await openStore({ dataDir: dir, databaseUrl: '' }),
});
const seed = await readSeed(path.join(PROCESSES_DIR, 'seed/org.json'));
await applySeed(engine.store, seed, 'probe-pass');
const grids = seed.units.filter((u) => u.level === 'grid').map((u) => u.code);
await engine.deploy(threeTasks('grid'));
await engine.startWorkers();
const redis = new Redis(REDIS_URL);
const tasks = engine.store.collection<TaskDoc>('tasks');
const instances = engine.store.collection<InstanceState>('instances');

let steps = 0;
for (const w of (engine as any).workers.workers) w.on('completed', () => steps++);

const cpu0 = process.cpuUsage();
const elu0 = performance.eventLoopUtilization();
const r0 = await redisCpu(redis);
const t0 = performance.now();
for (let i = 0; i < N; i++) await engine.start('bench3', { gridUnit: grids[i % grids.length] }, 'probe');
const dispatched = new Set<string>();
while ((await instances.count({ status: 'completed' })) < N) {
  const open = (await tasks.find({ status: 'open' }, { limit: 400 })).filter((t) => !dispatched.has(t._id));
  for (const t of open) dispatched.add(t._id);
  await Promise.all(open.map((t) => engine.completeTask(t._id, 'probe', {}, 0)));
  if (!open.length) await sleep(20);
}
const wall = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
const elu = performance.eventLoopUtilization(elu0);
const rcpu = (await redisCpu(redis)) - r0;
const nodeMs = (cpu.user + cpu.system) / 1000;
console.log(
  JSON.stringify({
    instances: N,
    stepJobs: steps,
    wallMs: Math.round(wall),
    nodeCpuMsPerStep: +(nodeMs / steps).toFixed(3),
    // the event loop's busy time: what bounds a single process's throughput
    mainThreadMsPerStep: +(elu.active / steps).toFixed(3),
    redisCpuMsPerStep: +(rcpu / steps).toFixed(3),
    stepsPerCpuSecond: Math.round(steps / (nodeMs / 1000)),
  }),
);
await engine.stopWorkers();
await engine.queues.obliterate();
await engine.close();
redis.disconnect();
await rm(dir, { recursive: true, force: true });
