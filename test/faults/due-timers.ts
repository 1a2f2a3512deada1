// kill -9 across due SLA timers, shared by test/faults/due-timers.test.ts and `npm run soak`: open tasks whose
// SLAs run out within a few seconds of each other; a child process with workers (fixtures/engine-child.ts)
// is SIGKILLed while they fall due and restarted at once, possibly several times (a restart killed in its own
// start-up recovery, while its workers are taking the same due jobs: the race that crashed start-up with
// "Job ... is not in the delayed state. promote"). The last child must start (no crash), and every SLA
// breach must be handled exactly once (one sla-overdue record per task), no later than the later of its due
// time and the start of the child that handled it, plus the time BullMQ needs to give back a job a killed
// worker held: its lock (jobLockMs) plus two stalled-job checks (stalledIntervalMs), plus a little slack.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Queues } from '../../engine/queue/queues.js';
import type { HistoryRecord, InstanceState } from '../../engine/runtime/types.js';
import { flow, processXml, userTask } from '../engine/fixtures.js';
import { GRID1, openFaultEngine, sleep, spawnChild, type Child } from './support.js';

/** start → t1 (SLA from the variable `sla`, natural time, no ladder: a breach marks it overdue) → end */
export const DUE_XML = processXml(
  'duetimers',
  `<bpmn:startEvent id="start"/>${flow('f0', 'start', 't1')}
   ${userTask('t1', 'grid:level="grid" grid:candidateRoles="handler" grid:sla="=sla" grid:calendar="natural"')}
   ${flow('f1', 't1', 'end')}<bpmn:endEvent id="end"/>`,
);

/** the same with an escalation ladder: the breach moves the task up to the community (an escalation record) */
export const DUE_LADDER_XML = processXml(
  'dueladder',
  `<bpmn:startEvent id="start"/>${flow('f0', 'start', 't1')}
   <bpmn:userTask id="t1" name="t1" grid:level="grid" grid:candidateRoles="handler" grid:sla="=sla" grid:calendar="natural">
     <bpmn:extensionElements><grid:escalation><grid:step level="community" sla="P3D"/></grid:escalation></bpmn:extensionElements>
   </bpmn:userTask>
   ${flow('f1', 't1', 'end')}<bpmn:endEvent id="end"/>`,
);

export interface DueTimerOptions {
  instances: number;
  /** SIGKILLs: the first while the timers fall due, the next ones early in the restarted child's start */
  kills: number;
  /** the SLAs run out this long after the tasks open, spread over `spreadMs` */
  slaAfterMs: number;
  spreadMs: number;
  jobLockMs: number;
  stalledIntervalMs: number;
  /** each instance write of the children takes this long, so that kills find timer jobs active */
  slowWritesMs: number;
  /** allowance on top of lock + 2 stalled checks for a loaded machine */
  slackMs: number;
  redisUrl?: string;
  log?: (msg: string) => void;
  /** escalation ladder (DUE_LADDER_XML): each breach must leave exactly one escalation record */
  escalate?: boolean;
  /**
   * The first kill comes once the child has written a quarter of the instances' breaches: timer batches are
   * in flight, some of their instances written and their outboxes not yet run (the timer jobs they hold are
   * counted as `activeAtKill`).
   */
  killMidBatch?: boolean;
}

export interface DueTimerResult {
  kills: number;
  instances: number;
  problems: string[];
  /** the largest delay past the later of due time and the start of the child that fired it, in ms */
  maxLateMs: number;
  boundMs: number;
  /** with killMidBatch: instance writes and breaches (task projections) of the first child, and its timer
   * jobs active, when it was killed */
  writtenAtKill?: number;
  handledAtKill?: number;
  activeAtKill?: number;
}

export async function runDueTimerKills(o: DueTimerOptions): Promise<DueTimerResult> {
  const log = o.log ?? (() => {});
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'grid-due-'));
  const prefix = `{due${randomBytes(3).toString('hex')}}`;
  const redisUrl = o.redisUrl ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const queues = new Queues({ url: redisUrl, prefix });
  const env = {
    FAULT_DATA_DIR: dataDir,
    FAULT_PREFIX: prefix,
    REDIS_URL: redisUrl,
    FAULT_REPORT: 'overdue',
    FAULT_LOCK_MS: String(o.jobLockMs),
    FAULT_STALLED_MS: String(o.stalledIntervalMs),
    FAULT_SLOW_WRITES_MS: String(o.slowWritesMs),
  };
  let child: Child | undefined;
  try {
    // the tasks open (their SLA timers are scheduled) before the first child starts
    const setup = await openFaultEngine({ dataDir, prefix, redisUrl, seed: true, workers: true });
    await setup.deploy(o.escalate ? DUE_LADDER_XML : DUE_XML);
    for (let i = 0; i < o.instances; i++) {
      const ms = o.slaAfterMs + Math.round((i / Math.max(1, o.instances - 1)) * o.spreadMs);
      await setup.start(
        o.escalate ? 'dueladder' : 'duetimers',
        { gridUnit: GRID1, businessKey: `D-${i}`, variables: { sla: `PT${(ms / 1000).toFixed(3)}S` } },
        'wangwei',
      );
    }
    const tasks = setup.store.collection('tasks');
    while ((await tasks.count({ status: 'open' })) < o.instances) await sleep(25);
    const stored = await setup.store.collection<InstanceState>('instances').find({});
    const dues = stored.flatMap((s) => Object.values(s.timers).map((t) => t.dueAt));
    const [firstDue, lastDue] = [Math.min(...dues), Math.max(...dues)];
    await setup.stopWorkers();
    await setup.close();

    let kills = 0;
    let readyAt = 0;
    let writtenAtKill: number | undefined;
    let handledAtKill: number | undefined;
    let activeAtKill: number | undefined;
    // when each child was spawned and when it was ready (its workers run from just before `ready`)
    const lives: Array<{ spawnAt: number; readyAt: number }> = [];
    for (;;) {
      const spawnAt = Date.now();
      child = spawnChild('engine-child.ts', env);
      await child.next((m) => !!m.ready, 60000); // a crash in start-up recovery rejects here
      readyAt = Date.now();
      lives.push({ spawnAt, readyAt });
      if (kills >= o.kills) break;
      // the first child dies while its timers fall due; a restart dies early in its own recovery
      const at =
        kills === 0
          ? Math.max(firstDue, readyAt) + (Math.random() * (lastDue - firstDue)) / 2
          : readyAt + Math.random() * 400;
      if (kills === 0 && o.killMidBatch) {
        // a quarter of the breaches are written: the batches holding the rest are being fired right now
        const quarter = Math.ceil(o.instances / 4);
        const m = await child.next((m) => m.written >= quarter, Math.max(1000, lastDue - Date.now() + 20000));
        writtenAtKill = m.written as number;
        handledAtKill =
          [...child.messages].reverse().find((m) => typeof m.overdue === 'number')?.overdue ?? 0;
        activeAtKill = (await queues.timers.getJobCounts('active')).active;
      } else await sleep(Math.max(0, at - Date.now()));
      await child.kill('SIGKILL');
      kills++;
      log(`kill ${kills}: ${Date.now() - firstDue} ms after the first SLA ran out; restarting at once`);
    }

    // the last child handles every breach; then nothing may be left to run (a duplicate would show)
    const boundMs = o.jobLockMs + 2 * o.stalledIntervalMs + o.slackMs;
    const deadline = Math.max(lastDue, readyAt) + boundMs + 5000;
    await child.next((m) => m.overdue === o.instances, Math.max(1000, deadline - Date.now())).catch(() => {});
    for (;;) {
      const c = await queues.timers.getJobCounts('waiting', 'active', 'prioritized');
      if (c.waiting + c.active + c.prioritized === 0 || Date.now() > deadline) break;
      await sleep(50);
    }
    child.proc.send({ cmd: 'close' });
    await child.exited;
    child = undefined;

    const check = await openFaultEngine({ dataDir, prefix, redisUrl });
    const problems: string[] = [];
    let maxLateMs = 0;
    for (const s of await check.store.collection<InstanceState>('instances').find({})) {
      const h: HistoryRecord[] = await check.history(s._id);
      const action = o.escalate ? 'escalated' : 'sla-overdue';
      const overdue = h.filter((r) => r.action === action);
      if (overdue.length !== 1) {
        problems.push(`${s._id}: ${overdue.length} × ${action}, expected 1`);
        continue;
      }
      if (o.escalate) {
        const records = await check.store.collection('escalations').count({ instanceId: s._id });
        if (records !== 1) problems.push(`${s._id}: ${records} escalation records, expected 1`);
      }
      const d = overdue[0].details as { dueAt: number; latenessMs: number };
      const firedAt = d.dueAt + d.latenessMs;
      // the child that fired it: the last one spawned before; it could not fire anything before it was ready
      const owner = lives.filter((l) => l.spawnAt <= firedAt).pop();
      const late = firedAt - Math.max(d.dueAt, owner?.readyAt ?? 0);
      maxLateMs = Math.max(maxLateMs, late);
      if (late > boundMs) problems.push(`${s._id}: fired ${late} ms past due/restart (bound ${boundMs} ms)`);
    }
    await check.queues.obliterate();
    await check.close();
    return {
      kills,
      instances: stored.length,
      problems,
      maxLateMs,
      boundMs,
      writtenAtKill,
      handledAtKill,
      activeAtKill,
    };
  } finally {
    await child?.kill('SIGKILL');
    await queues.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}
