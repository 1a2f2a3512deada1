import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { advance, reserveCompletion } from '../../engine/runtime/semantics.js';
import type { Engine } from '../../engine/engine.js';
import { GRID1, testEngine } from '../helpers/engine.js';
import { REVIEW_XOR } from './fixtures.js';

describe('engine: exactly-once effects on at-least-once delivery', () => {
  it('a step job delivered twice changes nothing the second time', async () => {
    const t = await testEngine({ workers: false });
    try {
      await t.engine.deploy(REVIEW_XOR);
      const inst = await t.engine.start('review', { gridUnit: GRID1 }, 'wangwei');
      const [job] = await t.engine.queues.steps.getJobs(['waiting']);
      expect(job.name).to.equal('advance');
      // a redelivery of the same step under another job id (as after a lost lock)
      await t.engine.queues.steps.add(job.name, job.data, { jobId: `${job.id}.dup` });
      await t.engine.startWorkers();
      const s = await t.engine.waitForIdle(inst._id);
      // both deliveries ran (finished jobs are removed from the queue)
      for (let i = 0; i < 200 && (await t.engine.queues.steps.getJob(`${job.id}.dup`)); i++)
        await new Promise((r) => setTimeout(r, 10));
      expect(await t.engine.queues.steps.getJob(`${job.id}.dup`), 'the duplicate was delivered').to.equal(
        undefined,
      );
      const after = (await t.engine.getInstance(inst._id))!;
      expect(after.version).to.equal(s.version);
      expect(Object.keys(after.tasks)).to.have.length(1);
      expect(after.history.filter((h) => h.action === 'task-created')).to.have.length(1);
      expect((await t.engine.tasksOfCase(inst._id)).length).to.equal(1);
      // and applying the same step command directly once more is a no-op
      const again = await t.engine.apply(inst._id, 'system', (ctx, st) =>
        advance(ctx, st, String(job.data.tokenId)),
      );
      expect(again.changed).to.equal(false);
      expect((await t.engine.getInstance(inst._id))!.version).to.equal(s.version);
    } finally {
      await t.close();
    }
  });

  it('an outbox run twice by overlapping writers (one wrote while the previous outbox still ran) leaves every effect once', async function () {
    // What a busy PostgreSQL shows as extra step jobs (820 runs for 800 steps in bench/exactly-once-probe.ts):
    // a write that comes while the previous version's outbox is still running carries that outbox forward
    // (the runner cannot know it will finish) and runs it again, re-adding its jobs, which then find nothing
    // to do. That is only benign if every effect of the second run is a no-op: compared here effect by effect
    // with a case that took the same path without any overlap.
    this.timeout(30000);
    const t = await testEngine({ workers: false });
    try {
      await t.engine.deploy(REVIEW_XOR);
      const inst = await t.engine.start('review', { gridUnit: GRID1 }, 'wangwei');
      const [job] = await t.engine.queues.steps.getJobs(['waiting']);
      const outbox = t.engine.outbox;
      const original = outbox.executeMany.bind(outbox);
      const executions: string[][] = [];
      let release!: () => void;
      const slow = new Promise<void>((r) => (release = r));
      outbox.executeMany = async (states, clear, concurrency) => {
        executions.push(states.flatMap((s) => s.outbox.map((e) => `${s._id}/${e.id}`)));
        // the first outbox (the advance's) is slow, as on a busy store
        if (executions.length === 1) await slow;
        return original(states, clear, concurrency);
      };
      const advancing = t.engine.apply(inst._id, 'system', (ctx, s) =>
        advance(ctx, s, String(job.data.tokenId)),
      );
      let v2 = await t.engine.getInstance(inst._id);
      for (let i = 0; i < 500 && v2!.version < 2; i++) {
        await new Promise((r) => setTimeout(r, 5));
        v2 = await t.engine.getInstance(inst._id);
      }
      expect(v2!.version, 'the advance wrote its state').to.equal(2);
      const [taskId] = Object.keys(v2!.tasks);
      // a second writer on the same case while the advance's outbox runs: the completion's reservation
      await t.engine.apply(inst._id, 'wangwei', (ctx, s) =>
        reserveCompletion(ctx, s, taskId, { approved: true }),
      );
      release();
      await advancing;
      outbox.executeMany = original;
      const advanceEffects = v2!.outbox.map((e) => `${inst._id}/${e.id}`);
      expect(advanceEffects).to.not.be.empty;
      // the advance's effects did run twice: once carried by the reservation, once by the advance itself
      expect(executions[0]).to.include.members(advanceEffects);
      expect(executions[1]).to.include.members(advanceEffects);

      await t.engine.startWorkers();
      expect((await t.engine.waitForIdle(inst._id)).status).to.equal('completed');
      // the same path with no overlap
      const control = await t.engine.start('review', { gridUnit: GRID1 }, 'wangwei');
      await t.engine.waitForIdle(control._id);
      const [task] = await t.engine.tasksOfCase(control._id);
      await t.engine.completeTask(task._id, 'wangwei', { approved: true });
      expect((await t.engine.waitForIdle(control._id)).status).to.equal('completed');

      const overlapped = await effectsOf(t.engine, inst._id);
      expect(overlapped).to.deep.equal(await effectsOf(t.engine, control._id));
      expect(overlapped.history['task-created']).to.equal(1);
      expect(overlapped.facts).to.deep.equal({ received: 1, task: 1, closed: 1 });
    } finally {
      await t.close();
    }
  });

  it('a worker killed between saving state and enqueuing the next job loses no continuation', async function () {
    this.timeout(60000);
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'grid-crash-'));
    const prefix = `{crash${Date.now() % 100000}}`;
    const first = await testEngine({ workers: false, dataDir, config: { queuePrefix: prefix } });
    // steps run to the next wait state; the transaction boundary before the task makes the start step's
    // continuation a job of its own, the one the crash must not lose
    await first.engine.deploy(REVIEW_XOR.replace('id="check"', 'id="check" grid:asyncBefore="true"'));
    const inst = await first.engine.start('review', { gridUnit: GRID1 }, 'wangwei');
    await first.engine.close(); // release the embedded store for the child

    const code = await new Promise<number | null>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'test/engine/fixtures/crash-worker.ts'], {
        env: { ...process.env, TEST_DATA_DIR: dataDir, TEST_PREFIX: prefix },
        stdio: 'inherit',
      });
      child.on('exit', (c) => resolve(c));
    });
    expect(code).to.equal(137);

    const second = await testEngine({ workers: false, dataDir, config: { queuePrefix: prefix } });
    try {
      const crashed = (await second.engine.getInstance(inst._id))!;
      // the start event's step was saved; its continuation (the job entering the user task) was never enqueued
      expect(crashed.outbox.map((e) => e.type)).to.include('job');
      expect(Object.values(crashed.tokens).map((tk) => [tk.nodeId, tk.status])).to.deep.equal([
        ['check', 'ready'],
      ]);
      expect(await second.engine.queues.steps.getJobCountByTypes('waiting', 'delayed')).to.equal(0);
      expect((await second.engine.tasksOfCase(inst._id)).length).to.equal(0);
      await second.engine.startWorkers(); // reconcile replays the outbox
      const s = await second.engine.waitForIdle(inst._id);
      expect(s.outbox.length === 0 || second.engine.runner.outboxExecuted(inst._id, s.version)).to.equal(
        true,
      );
      const tasks = await second.engine.openTasksOfCase(inst._id);
      expect(tasks.map((x) => x.nodeId)).to.deep.equal(['check']);
      await second.engine.completeTask(tasks[0]._id, 'wangwei', { approved: true });
      expect((await second.engine.waitForIdle(inst._id)).status).to.equal('completed');
      const h = await second.engine.history(inst._id);
      expect(h.filter((r) => r.action === 'task-created')).to.have.length(1);
    } finally {
      await second.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

/** What a case left behind, counted per kind: history records by action, task projections, statistic facts by
 * kind, notification items, in a form two cases that took the same path compare equal by. */
async function effectsOf(engine: Engine, instanceId: string) {
  const tally = (keys: string[]) =>
    Object.fromEntries(
      [...new Set(keys)].sort().map((k) => [k, keys.filter((x) => x === k).length] as const),
    );
  return {
    history: tally((await engine.history(instanceId)).map((r) => r.action)),
    tasks: (await engine.tasksOfCase(instanceId)).length,
    facts: tally(
      (await engine.store.collection<{ _id: string; kind: string }>('statFacts').find({ instanceId })).map(
        (f) => f.kind,
      ),
    ),
    notificationItems: await engine.store.collection('notificationItems').count({ instanceId }),
  };
}
