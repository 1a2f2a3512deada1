// Scale-out on one machine: two worker processes (workers/worker.ts) and this process (the API side) open
// the same embedded SQLite file in one DATA_DIR and share one queue prefix; the test drives 1,000 instances
// (start → user task → end). Every instance must complete with exactly the expected history and one task:
// no step applied twice, although three processes write the same file.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { loadConfig } from '../../engine/config.js';
import { Engine, PROCESSES_DIR } from '../../engine/engine.js';
import { applySeed, readSeed } from '../../engine/grid/seed.js';
import { silentLogger } from '../../engine/logger.js';
import { CommandError } from '../../engine/runtime/transition.js';
import type { HistoryRecord, InstanceState } from '../../engine/runtime/types.js';
import { openStore } from '../../engine/store/index.js';
import { flow, processXml, userTask } from '../engine/fixtures.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const N = Number(process.env.SCALE_INSTANCES ?? 1000);
const GRID1 = '310117001001001';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const SHORT = processXml(
  'short',
  `<bpmn:startEvent id="start"/>${flow('f0', 'start', 'handle')}${userTask('handle', 'grid:level="grid"')}
   ${flow('f1', 'handle', 'end')}<bpmn:endEvent id="end"/>`,
);

interface Proc {
  proc: ChildProcess;
  out: string[];
  exited: Promise<number | null>;
}
function start(script: string, env: Record<string, string>, ipc = false): Proc {
  const proc = spawn(process.execPath, ['--import', 'tsx', path.join(root, script)], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe', ...(ipc ? (['ipc'] as const) : [])],
  });
  const out: string[] = [];
  let buf = '';
  const collect = (d: Buffer) => {
    buf += d.toString();
    const lines = buf.split('\n');
    buf = lines.pop()!;
    out.push(...lines);
  };
  proc.stdout!.on('data', collect);
  proc.stderr!.on('data', collect);
  return { proc, out, exited: new Promise((r) => proc.on('exit', (c) => r(c))) };
}
async function stop(p: Proc | undefined) {
  if (!p || p.proc.exitCode !== null) return;
  p.proc.kill('SIGTERM');
  const t = setTimeout(() => p.proc.kill('SIGKILL'), 10000);
  await p.exited;
  clearTimeout(t);
}

describe('scale-out: two worker processes and the API on one SQLite file, one queue prefix', function () {
  this.timeout(180000);
  const prefix = `{scale${randomBytes(3).toString('hex')}}`;
  let dataDir: string;
  const workers: Proc[] = [];
  let engine: Engine | undefined;

  before(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'grid-scale-'));
  });
  after(async () => {
    await engine?.queues.obliterate().catch(() => {});
    await engine?.close().catch(() => {});
    await Promise.all(workers.map(stop));
    await rm(dataDir, { recursive: true, force: true });
  });

  it(`drives ${N} instances to completion with no step applied twice`, async () => {
    const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

    // the API side of the test: an engine without workers, on the shared SQLite file
    const store = await openStore({ dataDir });
    expect(store.kind).to.equal('sqlite');
    engine = await Engine.open({
      config: { ...loadConfig({ REDIS_URL: redisUrl }), dataDir, queuePrefix: prefix },
      store,
      logger: silentLogger,
    });
    await applySeed(store, await readSeed(path.join(PROCESSES_DIR, 'seed/org.json')), 'scale-pass');
    await engine.deploy(SHORT);

    const workerEnv = {
      QUEUE_PREFIX: prefix,
      REDIS_URL: redisUrl,
      DATA_DIR: dataDir, // the same file: SQLite in WAL mode, writes in BEGIN IMMEDIATE transactions
      DATABASE_URL: '',
      MONGO_URL: '',
      LOG_LEVEL: 'info', // one 'step' line per job: shows which worker ran what
      WORKER_CONCURRENCY: '16',
    };
    workers.push(start('workers/worker.ts', workerEnv), start('workers/worker.ts', workerEnv));
    for (let i = 0; i < 300 && (await engine.queues.steps.getWorkersCount()) < 2; i++) await sleep(100);
    expect(await engine.queues.steps.getWorkersCount(), 'two workers on the steps queue').to.equal(2);

    const t0 = Date.now();
    const ids: string[] = [];
    const lanes = 16;
    let next = 0;
    await Promise.all(
      Array.from({ length: lanes }, async () => {
        while (next < N) {
          const i = next++;
          ids.push((await engine!.start('short', { gridUnit: GRID1, businessKey: `S-${i}` }, 'wangwei'))._id);
        }
      }),
    );
    // simulated handlers complete every open task once
    const instances = store.collection<InstanceState>('instances');
    const dispatched = new Set<string>();
    const refusals: string[] = [];
    const deadline = Date.now() + 150000;
    while ((await instances.count({ definitionKey: 'short', status: 'completed' })) < N) {
      if (Date.now() > deadline || refusals.length) break;
      const open = (await engine.openTasks({}, { limit: 500 })).items.filter((t) => !dispatched.has(t._id));
      for (const t of open) dispatched.add(t._id);
      let j = 0;
      await Promise.all(
        Array.from({ length: 16 }, async () => {
          while (j < open.length) {
            const t = open[j++];
            await engine!.completeTask(t._id, 'wangwei', {}, 0).catch((err) => {
              // each task is completed once: any refusal is a bug (e.g. decided on a stale state)
              if (err instanceof CommandError) refusals.push(`${t._id}: ${err.code} ${err.message}`);
              else throw err;
            });
          }
        }),
      );
      if (!open.length) await sleep(50);
    }
    const elapsed = Date.now() - t0;
    expect(refusals.slice(0, 5), `${refusals.length} completion(s) refused`).to.deep.equal([]);
    // the last steps' effects (history records) run right after their state write, and the workers'
    // sweepers clear executed outboxes a few seconds later: wait until no instance has effects pending
    const pending = () => instances.count({ definitionKey: 'short', outboxAt: { $gt: 0 } });
    for (let i = 0; i < 300 && (await pending()) > 0; i++) await sleep(100);
    expect(await pending(), 'instances with effects still pending').to.equal(0);

    // exactly the expected history per instance, one task each
    const all = await instances.find({ definitionKey: 'short' });
    expect(all).to.have.length(N);
    const history = await store.collection<HistoryRecord>('history').find({ instanceId: { $in: ids } });
    const byInstance = new Map<string, string[]>();
    for (const h of history)
      byInstance.set(h.instanceId, [
        ...(byInstance.get(h.instanceId) ?? []),
        `${h.action}:${h.elementId ?? ''}`,
      ]);
    const expected = [
      'end:end',
      'enter:handle',
      'instance-completed:',
      'instance-started:',
      'leave:handle',
      'leave:start',
      'task-completed:handle',
      'task-created:handle',
    ];
    const problems: string[] = [];
    for (const s of all) {
      if (s.status !== 'completed') problems.push(`${s._id}: ${s.status}`);
      const got = (byInstance.get(s._id) ?? []).sort();
      if (JSON.stringify(got) !== JSON.stringify(expected)) problems.push(`${s._id}: ${got.join(', ')}`);
    }
    const tasks = await store.collection('tasks').find({ definitionKey: 'short' });
    const perInstance = new Map<string, number>();
    for (const t of tasks) perInstance.set(t.instanceId, (perInstance.get(t.instanceId) ?? 0) + 1);
    for (const id of ids)
      if (perInstance.get(id) !== 1) problems.push(`${id}: ${perInstance.get(id) ?? 0} task documents`);
    expect(new Set(tasks.map((t) => t._id)).size, 'distinct task ids').to.equal(tasks.length);
    expect(problems.slice(0, 20), `${problems.length} problem(s)`).to.deep.equal([]);

    // both workers did a share of the steps
    const stepsBy = workers.map((w) => w.out.filter((l) => l.includes('"msg":"step"')).length);
    console.log(
      `      ${N} instances in ${(elapsed / 1000).toFixed(1)} s; steps per worker: ${stepsBy.join(' / ')}`,
    );
    for (const n of stepsBy) expect(n, 'each worker ran steps').to.be.greaterThan(N * 0.1);
  });
});
