// Exactly-once check of the step path under load: drives N instances of the benchmark's 3-task process (as
// bench/sql-count.ts and bench/cpu-probe.ts do: 4 step jobs per instance when nothing runs twice), records
// every job run (queue, name, id, whether it changed the instance) and then counts the effects per instance
// against what one pass through the process leaves: 3 task projections (all completed), one history record
// per effect id, statistic facts (1 received, 3 task, 1 closed) and the root rollup's received / closed /
// completed-task counts. Extra job runs that changed nothing are retries (benign); any effect counted
// twice is an exactly-once bug, and the probe exits 1.
//   node --import tsx bench/exactly-once-probe.ts [instances=100]
//   BENCH_STORE=postgres node --import tsx bench/exactly-once-probe.ts   (a throwaway database)
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Job } from 'bullmq';
import { systemClock } from '../engine/clock.js';
import { loadConfig } from '../engine/config.js';
import { Engine, PROCESSES_DIR } from '../engine/engine.js';
import { applySeed, readSeed } from '../engine/grid/seed.js';
import { silentLogger } from '../engine/logger.js';
import type { TaskDoc } from '../engine/queue/outbox.js';
import type { InstanceState } from '../engine/runtime/types.js';
import type { FactDoc } from '../engine/stats/tally.js';
import type { RollupDoc } from '../engine/stats/rollup.js';
import { openStore } from '../engine/store/index.js';
import { throwawayPostgresDatabase } from './common/pg-database.js';
import { threeTasks } from './processes.js';

const N = Number(process.argv[2] ?? 100);
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const STORE = process.env.BENCH_STORE === 'postgres' ? 'postgres' : 'sqlite';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const dir = await mkdtemp(path.join(os.tmpdir(), 'grid-once-'));
const db =
  STORE === 'postgres'
    ? await throwawayPostgresDatabase(process.env.BENCH_DATABASE_URL || undefined)
    : undefined;
const config = {
  ...loadConfig({ REDIS_URL }),
  dataDir: dir,
  queuePrefix: `{once-${randomBytes(3).toString('hex')}}`,
};
const engine = await Engine.open({
  config,
  clock: systemClock,
  logger: silentLogger,
  store: await openStore({ dataDir: dir, databaseUrl: db?.url ?? '' }),
});
const seed = await readSeed(path.join(PROCESSES_DIR, 'seed/org.json'));
await applySeed(engine.store, seed, 'probe-pass');
const grids = seed.units.filter((u) => u.level === 'grid').map((u) => u.code);
await engine.deploy(threeTasks('grid'));
await engine.startWorkers();
const tasks = engine.store.collection<TaskDoc>('tasks');
const instances = engine.store.collection<InstanceState>('instances');

interface Run {
  queue: string;
  name: string;
  id: string;
  changed?: boolean;
}
const runs: Run[] = [];
let failures = 0;
for (const w of (engine as any).workers.workers) {
  w.on('completed', (job: Job, result: { changed?: boolean } | undefined) =>
    runs.push({ queue: job.queueName, name: job.name, id: String(job.id), changed: result?.changed }),
  );
  w.on('failed', () => failures++);
}

for (let i = 0; i < N; i++) await engine.start('bench3', { gridUnit: grids[i % grids.length] }, 'probe');
const dispatched = new Set<string>();
while ((await instances.count({ status: 'completed' })) < N) {
  const open = (await tasks.find({ status: 'open' }, { limit: 400 })).filter((t) => !dispatched.has(t._id));
  for (const t of open) dispatched.add(t._id);
  await Promise.all(open.map((t) => engine.completeTask(t._id, 'probe', {}, 0)));
  if (!open.length) await sleep(20);
}
// let the last outboxes (and any job a replayed outbox added again) settle
await sleep(1500);

const problems: string[] = [];
const byKey = new Map<string, number>();
for (const r of runs) byKey.set(`${r.name}:${r.changed}`, (byKey.get(`${r.name}:${r.changed}`) ?? 0) + 1);
const ids = new Map<string, number>();
for (const r of runs) ids.set(`${r.queue}/${r.id}`, (ids.get(`${r.queue}/${r.id}`) ?? 0) + 1);
const rerunIds = [...ids].filter(([, n]) => n > 1);

const all = await instances.find({ definitionKey: 'bench3' });
const allTasks = await tasks.find({});
const history = await engine.store
  .collection<{ _id: string; instanceId: string; action: string }>('history')
  .find({});
const facts = await engine.store.collection<FactDoc>('statFacts').find({});
const rollups = await engine.store.collection<RollupDoc>('statRollups').find({});

const count = <T>(list: T[], key: (t: T) => string) => {
  const m = new Map<string, number>();
  for (const t of list) m.set(key(t), (m.get(key(t)) ?? 0) + 1);
  return m;
};
const tasksOf = count(allTasks, (t) => t.instanceId);
const completedTasksOf = count(
  allTasks.filter((t) => t.status === 'completed'),
  (t) => t.instanceId,
);
const factsOf = count(facts, (f) => `${f.instanceId}|${f.kind}`);
const historyOf = count(history, (h) => h.instanceId);
const actionsOf = count(history, (h) => `${h.instanceId}|${h.action}`);
if (all.length !== N) problems.push(`${all.length} instances, expected ${N}`);
const historyCounts = new Set<number>();
for (const s of all) {
  if (s.status !== 'completed') problems.push(`${s._id}: ${s.status}`);
  if (tasksOf.get(s._id) !== 3) problems.push(`${s._id}: ${tasksOf.get(s._id)} tasks`);
  if (completedTasksOf.get(s._id) !== 3)
    problems.push(`${s._id}: ${completedTasksOf.get(s._id)} completed tasks`);
  for (const [kind, n] of [
    ['received', 1],
    ['task', 3],
    ['closed', 1],
  ] as const)
    if ((factsOf.get(`${s._id}|${kind}`) ?? 0) !== n)
      problems.push(`${s._id}: ${factsOf.get(`${s._id}|${kind}`) ?? 0} ${kind} facts, expected ${n}`);
  for (const [action, n] of [
    ['instance-started', 1],
    ['task-created', 3],
    ['task-completed', 3],
    ['instance-completed', 1],
  ] as const)
    if ((actionsOf.get(`${s._id}|${action}`) ?? 0) !== n)
      problems.push(`${s._id}: ${actionsOf.get(`${s._id}|${action}`) ?? 0} ${action} records, expected ${n}`);
  historyCounts.add(historyOf.get(s._id) ?? 0);
}
// every instance took the same path, so every instance has the same number of history records
if (historyCounts.size !== 1) problems.push(`history records per instance differ: ${[...historyCounts]}`);
// the root buckets (no parent) sum every fact once
const roots = rollups.filter((r) => !r.parent && r.key === 'bench3');
const rootSum = (field: string) =>
  roots.reduce((a, r) => a + Number((r.tally as unknown as Record<string, number>)[field] ?? 0), 0);
const rollup = { received: rootSum('received'), closed: rootSum('closed'), tasks: rootSum('taskCompleted') };

console.log(
  JSON.stringify({
    store: STORE,
    instances: N,
    jobRuns: runs.length,
    stepQueueRuns: runs.filter((r) => r.queue === 'steps').length,
    expectedStepRuns: 4 * N,
    byJob: Object.fromEntries(byKey),
    jobIdsRunTwice: rerunIds.length,
    failedAttempts: failures,
    historyPerInstance: [...historyCounts],
    facts: facts.length,
    rollup,
    problems: problems.length,
  }),
);
for (const [id, n] of rerunIds.slice(0, 10)) console.log(`  job ${id} ran ${n} times`);
for (const p of problems.slice(0, 20)) console.log(`  PROBLEM ${p}`);

await engine.stopWorkers();
await engine.queues.obliterate();
await engine.close();
await db?.drop();
await rm(dir, { recursive: true, force: true });
process.exit(problems.length ? 1 : 0);
