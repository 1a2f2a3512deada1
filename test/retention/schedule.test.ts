import { expect } from 'chai';
import { loadConfig } from '../../engine/config.js';
import { CLEANUP_SCHEDULER_ID } from '../../engine/retention/schedule.js';
import type { InstanceState } from '../../engine/runtime/types.js';
import { GRID1, testEngine, type TestEngine } from '../helpers/engine.js';
import { retentionProcess } from './fixtures.js';

describe('retention: schedule and configuration', () => {
  let t: TestEngine;
  before(async () => {
    t = await testEngine({ config: { historyCleanupCron: '30 3 * * *', historyTtlDays: 2 } });
    await t.engine.deploy(retentionProcess('ret_env'));
  });
  after(() => t.close());

  it('reads HISTORY_TTL_DAYS and HISTORY_CLEANUP_CRON (default 02:00, `off` = not scheduled)', () => {
    expect(loadConfig({}).historyCleanupCron).to.equal('0 2 * * *');
    expect(loadConfig({}).historyTtlDays).to.equal(undefined);
    expect(loadConfig({ HISTORY_CLEANUP_CRON: 'off' }).historyCleanupCron).to.equal(undefined);
    expect(loadConfig({ HISTORY_TTL_DAYS: '180' }).historyTtlDays).to.equal(180);
    // a typo keeps cases rather than guessing a time to live
    expect(loadConfig({ HISTORY_TTL_DAYS: '180d' }).historyTtlDays).to.equal(undefined);
  });

  it('schedules the daily cleanup in the business time zone and runs it when its job comes', async () => {
    const scheduler = await t.engine.queues.maintenance.getJobScheduler(CLEANUP_SCHEDULER_ID);
    expect(scheduler).to.include({ pattern: '30 3 * * *', tz: 'Asia/Shanghai' });

    // the engine default time to live applies to a definition without its own
    const s = await t.engine.start('ret_env', { gridUnit: GRID1 }, 'wangwei');
    await t.engine.waitForIdle(s._id);
    const [task] = await t.engine.openTasksOfCase(s._id);
    await t.engine.completeTask(task._id, 'wangwei', {});
    const ended = await t.engine.waitForIdle(s._id);
    expect(ended.removalAt).to.equal(ended.endedAt! + 2 * 86_400_000);
    await t.engine.recovery.sweepOutboxes(0);
    t.clock.advance(3 * 86_400_000);

    // what the scheduler enqueues at 03:30, now
    const job = await t.engine.queues.maintenance.add(CLEANUP_SCHEDULER_ID, {}, { removeOnComplete: false });
    const deadline = Date.now() + 8000;
    let finished = await t.engine.queues.maintenance.getJob(job.id!);
    while (!finished?.finishedOn && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      finished = await t.engine.queues.maintenance.getJob(job.id!);
    }
    expect(finished?.returnvalue).to.deep.include({ cases: 1 });
    expect(await t.engine.store.collection<InstanceState>('instances').findOne({ _id: s._id })).to.equal(
      null,
    );
  });
});
