// Exactly-once check of the step path under load: drives N instances of the benchmark's 3-task process (as
// bench/sql-count.ts and bench/cpu-probe.ts do: 4 step jobs per instance when nothing runs twice), records
// every job run (queue, name, id, whether it changed the instance) and then counts the effects per instance
// against what one pass through the process leaves: 3 task projections (all completed), one history record
// per effect id, statistic facts (1 received, 3 task, 1 closed) and the root rollup's received / closed /
// completed-task counts. Extra job runs that changed nothing are retries (benign); any effect counted
// twice is an exactly-once bug, and the probe exits 1.
//   node --import tsx bench/exactly-once-probe.ts [instances=100]
//   BENCH_STORE=postgres node --import tsx bench/exactly-once-probe.ts   (a throwaway database)
import type { Job } from 'bullmq';
import type { TaskDoc } from '../engine/queue/outbox.js';
import type { InstanceState } from '../engine/runtime/types.js';
import type { FactDoc } from '../engine/stats/tally.js';
import type { RollupDoc } from '../engine/stats/rollup.js';
import { driveThreeTasks, openThreeTaskProbe, sleep } from './common/three-task-probe.js';

const N = Number(process.argv[2] ?? 100);
const probe = await openThreeTaskProbe('once');
const { engine, store: STORE } = probe;
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

await driveThreeTasks(probe, N);
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

await probe.close();
process.exit(problems.length ? 1 : 0);
