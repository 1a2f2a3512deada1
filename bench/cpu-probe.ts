// CPU cost per step, independent of how busy the machine is: drives N instances of the 3-task process (as
// the benchmark does) and divides this process's CPU time (user + system, all threads), its event loop's
// busy time and Redis's CPU time by the step jobs run.
// For before/after comparisons of a change on a shared machine. Usage:
//   node --import tsx bench/cpu-probe.ts [instances=400]   (add --cpu-prof for a profile)
import { performance } from 'node:perf_hooks';
import { Redis } from 'ioredis';
import { driveThreeTasks, openThreeTaskProbe, REDIS_URL } from './common/three-task-probe.js';

const N = Number(process.argv[2] ?? 400);

async function redisCpu(r: Redis): Promise<number> {
  const info = await r.info('cpu');
  const v = (k: string) => Number(new RegExp(`${k}:([\\d.]+)`).exec(info)?.[1] ?? 0);
  return (v('used_cpu_user') + v('used_cpu_sys')) * 1000;
}

// the SQLite store: the CPU figures are of this process (PostgreSQL's work would be another's)
const probe = await openThreeTaskProbe('cpu', false);
const { engine } = probe;
const redis = new Redis(REDIS_URL);

let steps = 0;
for (const w of (engine as any).workers.workers) w.on('completed', () => steps++);

const cpu0 = process.cpuUsage();
const elu0 = performance.eventLoopUtilization();
const r0 = await redisCpu(redis);
const t0 = performance.now();
await driveThreeTasks(probe, N);
const wall = performance.now() - t0;
// the drive ends when the last instance is completed in the store; the jobs that got it there report
// 'completed' to BullMQ a moment later: count them all before dividing by them
for (let seen = -1; seen !== steps;) {
  seen = steps;
  await new Promise((resolve) => setTimeout(resolve, 200));
}
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
await probe.close();
redis.disconnect();
