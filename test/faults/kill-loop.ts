// The kill loop shared by test/faults/kill-loop.test.ts and `npm run soak`: rounds of a child process
// running engine + workers + a simulated handler on the SAME data dir and queue prefix (the embedded store
// is single-process, so one child at a time), each SIGKILLed at a random moment; the next round continues
// where the last one died. At the end a last engine finishes what is left and every instance is checked:
// completed, nothing lost or stuck, no step applied twice (no duplicate task-created/leave/... records, task
// documents match).
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Queues } from '../../engine/queue/queues.js';
import type { InstanceState } from '../../engine/runtime/types.js';
import { flow, processXml, userTask } from '../engine/fixtures.js';
import {
  drainOutboxes,
  dropOrphanedActiveJobs,
  driveTasks,
  GRID1,
  openFaultEngine,
  problemsOf,
  sleep,
  spawnChild,
  type Expectation,
} from './support.js';

/** start → t1 (SLA) → fork → (service | t2) → join → xor (default) → end */
export const KILL_XML = processXml(
  'killloop',
  `<bpmn:startEvent id="start"/>${flow('f0', 'start', 't1')}
   ${userTask('t1', 'grid:level="grid" grid:candidateRoles="handler" grid:sla="P5D" grid:calendar="workday"')}
   ${flow('f1', 't1', 'fork')}<bpmn:parallelGateway id="fork"/>
   ${flow('fa', 'fork', 'svc')}${flow('fb', 'fork', 't2')}
   <bpmn:serviceTask id="svc" grid:workerType="work"/>${userTask('t2', 'grid:level="grid"')}
   ${flow('fa2', 'svc', 'join')}${flow('fb2', 't2', 'join')}<bpmn:parallelGateway id="join"/>
   ${flow('fj', 'join', 'xor')}<bpmn:exclusiveGateway id="xor" default="fd"/>
   ${flow('fc', 'xor', 'end', '=priority = "urgent"')}${flow('fd', 'xor', 'end')}<bpmn:endEvent id="end"/>`,
);

export const KILL_EXPECT: Expectation = {
  actions: {
    'instance-started': 1,
    'instance-completed': 1,
    'task-created': 2,
    'task-completed': 2,
    'service-completed': 1,
    'join-fired': 1,
    end: 1,
    incident: 0,
  },
  leaves: ['start', 't1', 'fork', 'svc', 't2', 'join', 'xor'],
  tasks: ['t1', 't2'],
};

export interface KillLoopOptions {
  /** instances created before the first round */
  instances: number;
  /** instances each child starts per second while it runs (soak) */
  startPerSec?: number;
  /** stop after this many kills ... */
  rounds?: number;
  /** ... or after this long */
  durationMs?: number;
  /** random delay between the child being ready and SIGKILL */
  killAfterMs: [number, number];
  /** drop the killed worker's locked jobs instead of waiting 30–60 s for BullMQ's stall detection */
  fastForwardLocks: boolean;
  finalTimeoutMs: number;
  redisUrl?: string;
  log?: (msg: string) => void;
}

export interface KillLoopResult {
  rounds: number;
  instances: number;
  completedBeforeFinal: number;
  droppedJobs: number;
  reportedStarted: number;
  problems: string[];
  elapsedMs: number;
}

export async function runKillLoop(o: KillLoopOptions): Promise<KillLoopResult> {
  const log = o.log ?? (() => {});
  const t0 = Date.now();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'grid-kill-'));
  const prefix = `{kill${randomBytes(3).toString('hex')}}`;
  const redisUrl = o.redisUrl ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const queues = new Queues({ url: redisUrl, prefix });
  const reported = new Set<string>();
  let droppedJobs = 0;
  let rounds = 0;
  let lastProgress = 0;
  try {
    const setup = await openFaultEngine({ dataDir, prefix, redisUrl, seed: true });
    await setup.deploy(KILL_XML);
    for (let i = 0; i < o.instances; i++)
      reported.add(
        (await setup.start('killloop', { gridUnit: GRID1, businessKey: `K-${i}` }, 'wangwei'))._id,
      );
    await setup.close();

    for (;;) {
      if (o.rounds !== undefined && rounds >= o.rounds) break;
      if (o.durationMs !== undefined && Date.now() - t0 >= o.durationMs) break;
      const child = spawnChild('engine-child.ts', {
        FAULT_DATA_DIR: dataDir,
        FAULT_PREFIX: prefix,
        REDIS_URL: redisUrl,
        FAULT_DRIVE: '1',
        FAULT_START_PER_SEC: String(o.startPerSec ?? 0),
      });
      child.proc.on('message', (m: { started?: string }) => {
        if (m?.started) reported.add(m.started);
      });
      await child.next((m) => !!m.ready, 60000);
      const [lo, hi] = o.killAfterMs;
      const delay = Math.round(lo + Math.random() * (hi - lo));
      await sleep(delay);
      const exit = await child.kill('SIGKILL');
      rounds++;
      if (exit.signal !== 'SIGKILL') throw new Error(`child ended by itself (${JSON.stringify(exit)})`);
      lastProgress = [...child.messages].reverse().find((m) => typeof m.progress === 'number')?.progress ?? 0;
      const dropped = o.fastForwardLocks ? await dropOrphanedActiveJobs(queues) : 0;
      droppedJobs += dropped;
      log(
        `round ${rounds}: killed ${delay} ms after ready; ${lastProgress}/${reported.size} completed` +
          (o.fastForwardLocks ? `; dropped ${dropped} locked job(s)` : ''),
      );
      if (!o.startPerSec && lastProgress >= reported.size && o.durationMs === undefined) break;
    }

    // a last engine finishes whatever is left, then every instance is checked
    const final = await openFaultEngine({
      dataDir,
      prefix,
      redisUrl,
      workers: true,
      services: { work: async () => ({ worked: true }) },
    });
    const driver = driveTasks(final);
    const instances = final.store.collection<InstanceState>('instances');
    const deadline = Date.now() + o.finalTimeoutMs;
    while ((await instances.count({ status: { $ne: 'completed' } })) > 0 && Date.now() < deadline)
      await sleep(100);
    await driver.stop();
    await final.stopWorkers();
    await drainOutboxes(final);
    const all = await instances.find({});
    const problems: string[] = [];
    const stored = new Set(all.map((s) => s._id));
    for (const id of reported)
      if (!stored.has(id)) problems.push(`${id}: lost (reported started, not stored)`);
    for (const s of all) problems.push(...(await problemsOf(final, s._id, KILL_EXPECT)));
    await final.queues.obliterate();
    await final.close();
    return {
      rounds,
      instances: all.length,
      completedBeforeFinal: lastProgress,
      droppedJobs,
      reportedStarted: reported.size,
      problems,
      elapsedMs: Date.now() - t0,
    };
  } finally {
    await queues.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}
