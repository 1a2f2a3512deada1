// Recovery against every state a timer job can be in when it looks at it (engine/queue/recovery.ts), on real
// Redis with real BullMQ state changes: delayed, waiting, active, completed, failed, missing, and the race
// that crashed start-up — a worker taking the due job from delayed to active between recovery reading its
// state and promoting it ("Job ... is not in the delayed state. promote"). Also: failed jobs whose instance
// does not exist are dropped by the rescue, not retried every 30 s forever.
import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { Queue, Worker, type Job } from 'bullmq';
import { connectionOptions, timerJobId } from '../../engine/queue/queues.js';
import type { InstanceState, TimerState } from '../../engine/runtime/types.js';
import { flow, processXml, userTask } from '../engine/fixtures.js';
import { GRID1, testEngine, type TestEngine } from '../helpers/engine.js';

/** one user task whose SLA runs out one hour after it opens (no ladder: it turns overdue) */
const XML = processXml(
  'recstates',
  `<bpmn:startEvent id="start"/>${flow('f0', 'start', 't1')}
   ${userTask('t1', 'grid:level="grid" grid:candidateRoles="handler" grid:sla="PT1H" grid:calendar="natural"')}
   ${flow('f1', 't1', 'end')}<bpmn:endEvent id="end"/>`,
);

describe('faults: recovery tolerates every state of a due timer job', function () {
  this.timeout(30000);
  let t: TestEngine;
  let id: string;
  let timer: TimerState;
  let jobId: string;
  let other: Queue; // a second client on the timers queue: another process acting on the same job
  let grabber: Worker; // takes jobs to active the way a worker does, without processing them
  const TOKEN = 'test-grabber';

  beforeEach(async () => {
    t = await testEngine();
    await t.engine.deploy(XML);
    id = (await t.engine.start('recstates', { gridUnit: GRID1 }, 'wangwei'))._id;
    const s = await t.engine.waitForIdle(id);
    await t.engine.stopWorkers(); // the timer job is delayed (one hour) and nobody takes it
    timer = Object.values(s.timers).find((x) => x.purpose === 'sla-breach')!;
    jobId = timerJobId(id, timer.id);
    const { url, prefix } = t.engine.queues.target;
    other = new Queue('timers', { connection: connectionOptions(url), prefix });
    grabber = new Worker('timers', null, { connection: connectionOptions(url), prefix, autorun: false });
    expect(await (await other.getJob(jobId))!.getState()).to.equal('delayed');
    t.clock.advance(2 * 3600_000); // the SLA ran out an hour ago by the engine clock
  });
  afterEach(async () => {
    await grabber.close();
    await other.close();
    await t.close();
  });

  /** moves our job from delayed (or waiting) to active, as a worker fetching it would */
  async function takeToActive(): Promise<Job> {
    const job = (await other.getJob(jobId))!;
    if ((await job.getState()) === 'delayed') await job.promote();
    const active = await grabber.getNextJob(TOKEN);
    expect(active?.id).to.equal(jobId);
    return active!;
  }

  const stateOf = async () => (await (await other.getJob(jobId))?.getState()) ?? 'missing';
  const overdueRecords = async () =>
    (await t.engine.history(id)).filter((h) => h.action === 'sla-overdue').length;

  it('a worker takes the job to active between the state read and promote: no error, it fires once', async () => {
    // the interleaving of the crash: recovery reads "delayed", then the worker moves the job, then promote
    const q = t.engine.queues.timers;
    const getJob = q.getJob.bind(q);
    let raced = false;
    q.getJob = async (jid: string) => {
      const job = await getJob(jid);
      if (job && jid === jobId && !raced) {
        const getState = job.getState.bind(job);
        job.getState = async () => {
          const state = await getState();
          if (state === 'delayed' && !raced) {
            raced = true;
            await takeToActive();
          }
          return state;
        };
      }
      return job;
    };
    expect(await t.engine.recovery.fireNow(jobId, 'timer', { instanceId: id, timerId: timer.id })).to.equal(
      'left',
    );
    expect(raced).to.equal(true);
    expect(await stateOf()).to.equal('active');
    // the whole start-up recovery on that job does not throw either, and leaves nothing to retry
    await t.engine.recovery.recoverAtStart();
    expect(t.engine.recovery.pendingActions()).to.deep.equal([]);
    expect(await stateOf()).to.equal('active');

    // the worker holding it "dies": the job goes back to waiting and runs once
    const job = (await other.getJob(jobId))!;
    await job.moveToWait(TOKEN);
    await t.engine.startWorkers();
    for (let i = 0; i < 100 && (await overdueRecords()) === 0; i++)
      await new Promise((r) => setTimeout(r, 50));
    await t.engine.waitForIdle(id);
    expect(await overdueRecords()).to.equal(1);
  });

  it('delayed → promoted, missing → added, waiting / active / completed / failed → left alone', async () => {
    const fire = () => t.engine.recovery.fireNow(jobId, 'timer', { instanceId: id, timerId: timer.id });
    expect(await fire()).to.equal('promoted');
    expect(await stateOf()).to.equal('waiting');
    expect(await fire()).to.equal('left');

    const active = await takeToActive();
    expect(await fire()).to.equal('left');
    expect(await stateOf()).to.equal('active');

    // our jobs are removed on completion: a completed one is missing (and re-adding it is harmless: the
    // timer firing twice is a no-op) ...
    await active.moveToCompleted({ changed: true }, TOKEN);
    expect(await stateOf()).to.equal('missing');
    expect(await fire()).to.equal('added');
    expect(await stateOf()).to.equal('waiting');
    // ... and a completed or failed job that is kept is left alone (it ran; failures are the rescue's)
    const data = { instanceId: id, timerId: timer.id, dueAt: timer.dueAt };
    for (const end of ['completed', 'failed'] as const) {
      await t.engine.queues.timers.remove(jobId);
      await other.add('timer', data, { jobId, attempts: 1, removeOnComplete: false, removeOnFail: false });
      const taken = (await grabber.getNextJob(TOKEN))!;
      if (end === 'completed') await taken.moveToCompleted({ changed: true }, TOKEN);
      else await taken.moveToFailed(new Error('store unreachable'), TOKEN);
      expect(await stateOf()).to.equal(end);
      expect(await fire()).to.equal('left');
      expect(await stateOf()).to.equal(end);
    }

    // every due timer of the store through the start-up recovery: nothing throws, nothing left pending
    await t.engine.queues.timers.remove(jobId);
    await t.engine.recovery.recoverAtStart();
    expect(t.engine.recovery.pendingActions()).to.deep.equal([]);
    expect(await stateOf()).to.equal('waiting');
  });

  it('a recovery action that fails is logged and retried by the sweeper, never thrown out of start-up', async () => {
    // the store refuses reads for a moment: reconcile and the due timers cannot be read
    const instances = t.engine.store.collection<InstanceState>('instances');
    const find = instances.find.bind(instances);
    let down = true;
    instances.find = (async (...args: Parameters<typeof find>) => {
      if (down) throw new Error('store unreachable');
      return find(...args);
    }) as typeof instances.find;
    await t.engine.queues.timers.remove(jobId); // lost with Redis, say: only the rebuild brings it back
    await t.engine.startWorkers(); // resolves despite the failures
    expect(t.engine.recovery.pendingActions()).to.include.members(['reconcile', 'promote']);
    down = false;
    for (let i = 0; i < 100 && (await overdueRecords()) === 0; i++)
      await new Promise((r) => setTimeout(r, 50));
    expect(await overdueRecords()).to.equal(1);
    expect(t.engine.recovery.pendingActions()).to.deep.equal([]);
  });

  it('failed jobs of an instance that does not exist are dropped once, not retried every round', async () => {
    await t.engine.startWorkers();
    const ghost = `ghost-${randomBytes(3).toString('hex')}`;
    await t.engine.queues.steps.add(
      'advance',
      { instanceId: ghost, tokenId: 'tk1' },
      { jobId: `adv.${ghost}` },
    );
    for (let i = 0; i < 100 && (await t.engine.queues.steps.getFailedCount()) === 0; i++)
      await new Promise((r) => setTimeout(r, 50));
    const [failed] = await t.engine.queues.steps.getFailed();
    expect(failed?.failedReason).to.match(/not found/);
    expect(await t.engine.recovery.rescueFailedJobs()).to.equal(0);
    expect(await t.engine.queues.steps.getFailedCount()).to.equal(0);
  });
});
