// A step job whose every attempt fails (here: the store refuses the write the step needs) does not leave its
// instance silently stuck: the last attempt parks it as an incident an admin can retry after the fix; and
// when even the incident cannot be written (the store is down), the job stays failed in the queue until the
// recovery's rescue runs it again.
import { expect } from 'chai';
import type { DocCollection } from '../../engine/store/types.js';
import type { InstanceState } from '../../engine/runtime/types.js';
import { GRID1, testEngine, type TestEngine } from '../helpers/engine.js';
import { REVIEW_XOR } from '../engine/fixtures.js';

/** Makes `instances.replaceOne` throw while `refuse(doc)` holds: a store fault aimed at one kind of write. */
function faultyWrites(t: TestEngine, refuse: (doc: InstanceState) => boolean): { calls: number } {
  const col = t.engine.store.collection<InstanceState>('instances') as DocCollection<InstanceState>;
  const original = col.replaceOne.bind(col);
  const stats = { calls: 0 };
  col.replaceOne = async (query, doc, opts) => {
    if (refuse(doc)) {
      stats.calls++;
      throw new Error('store unavailable (injected)');
    }
    return original(query, doc, opts);
  };
  return stats;
}

async function until<T>(what: string, probe: () => Promise<T | undefined | false>, ms = 10000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('faults: a step job that fails on every attempt', () => {
  let t: TestEngine;
  beforeEach(async () => {
    t = await testEngine({ config: { stepAttempts: 3, stepBackoffMs: 10 } });
    await t.engine.deploy(REVIEW_XOR);
  });
  afterEach(() => t.close());

  it('is parked as an incident on its last attempt, and retrying the incident runs it once', async () => {
    const inst = await t.engine.start('review', { gridUnit: GRID1 }, 'wangwei');
    await t.engine.waitForIdle(inst._id);
    const [task] = await t.engine.openTasksOfCase(inst._id);
    // the completion step's write fails; any other write (the incident) goes through
    let broken = true;
    const fault = faultyWrites(
      t,
      (doc) => broken && doc._id === inst._id && doc.tasks[task._id]?.status === 'completed',
    );
    await t.engine.completeTask(task._id, 'wangwei', { approved: true }, 0);
    const parked = await until('an open incident', async () => {
      const s = await t.engine.store.collection<InstanceState>('instances').findOne({ _id: inst._id });
      return Object.values(s!.incidents).find((i) => i.status === 'open') && s!;
    });
    expect(fault.calls, 'every attempt tried the write').to.equal(3);
    const incident = Object.values(parked.incidents).find((i) => i.status === 'open')!;
    expect(incident).to.include({ phase: 'job', nodeId: 'check' });
    expect(incident.job?.name).to.equal('complete');
    expect(incident.message).to.match(/complete job failed 3 time\(s\): store unavailable/);
    expect(parked.tasks[task._id].status, 'the task waits, still reserved for its completion').to.equal(
      'open',
    );
    // the incident projection is written by the outbox just after the instance: wait for it
    let listed: unknown[] = [];
    for (let i = 0; i < 200 && listed.length === 0; i++) {
      listed = await t.engine.store.collection('incidents').find({ instanceId: inst._id, status: 'open' });
      if (!listed.length) await new Promise((r) => setTimeout(r, 25));
    }
    expect(listed, 'visible in the incidents collection the API lists').to.have.length(1);

    broken = false; // the cause is fixed
    await t.engine.retryIncident(inst._id, incident.id, 'admin');
    const done = await t.engine.waitForIdle(inst._id);
    expect(done.status).to.equal('completed');
    const full = (await t.engine.getInstance(inst._id))!;
    expect(full.history.filter((h) => h.action === 'task-completed')).to.have.length(1);
    expect(full.history.filter((h) => h.action === 'incident-resolved')).to.have.length(1);
    expect(Object.values(done.incidents).map((i) => i.status)).to.deep.equal(['resolved']);
  });

  it('stays failed in the queue while the store is down, and the rescue runs it again once it is back', async () => {
    const inst = await t.engine.start('review', { gridUnit: GRID1 }, 'wangwei');
    await t.engine.waitForIdle(inst._id);
    const [task] = await t.engine.openTasksOfCase(inst._id);
    let down = true;
    // the reservation (made by completeTask itself) goes through; the step's write and the incident fail
    faultyWrites(
      t,
      (doc) =>
        down &&
        doc._id === inst._id &&
        (doc.tasks[task._id]?.status === 'completed' || Object.keys(doc.incidents).length > 0),
    );
    await t.engine.completeTask(task._id, 'wangwei', { approved: false }, 0);
    const failed = await until('the job failed for good', async () => {
      const jobs = await t.engine.queues.steps.getFailed();
      return jobs.length > 0 && jobs;
    });
    expect(failed.map((j) => j.name)).to.deep.equal(['complete']);
    const stuck = await t.engine.store.collection<InstanceState>('instances').findOne({ _id: inst._id });
    expect(Object.keys(stuck!.incidents), 'no incident could be written').to.have.length(0);

    down = false;
    expect(await t.engine.recovery.rescueFailedJobs()).to.equal(1);
    await until('the rejected path reached', async () => {
      const open = await t.engine.openTasksOfCase(inst._id);
      return open.some((x) => x.nodeId === 'rejected');
    });
    const full = (await t.engine.getInstance(inst._id))!;
    expect(full.history.filter((h) => h.action === 'task-completed')).to.have.length(1);
    expect(await t.engine.queues.steps.getFailedCount()).to.equal(0);
  });
});
