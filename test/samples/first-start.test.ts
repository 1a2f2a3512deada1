// Sample cases of a first start (engine/samples/first-start.ts): a week of cases of every bundled process,
// written by the engine itself on a manual clock, some closed, some open, some escalated; none in
// production, with SEED_SAMPLES=0 or in a store that holds cases already. The product's workers then take
// the open ones over: their timers are scheduled in its own queues.
import { expect } from 'chai';
import { deployBundled } from '../../engine/bootstrap.js';
import { silentLogger } from '../../engine/logger.js';
import type { InstanceState } from '../../engine/runtime/types.js';
import { seedSampleCases } from '../../engine/samples/first-start.js';
import { testEngine, type TestEngine } from '../helpers/engine.js';

describe('sample cases of a first start', function () {
  this.timeout(120_000);
  let t: TestEngine;
  before(async () => {
    t = await testEngine({ workers: false });
    await deployBundled(t.engine);
  });
  after(async () => t?.close());

  it('are none in production or with SEED_SAMPLES=0', async () => {
    expect(await seedSampleCases(t.engine, silentLogger, { NODE_ENV: 'production' })).to.equal(0);
    expect(await seedSampleCases(t.engine, silentLogger, { SEED_SAMPLES: '0' })).to.equal(0);
    expect(await t.engine.store.collection('instances').count({})).to.equal(0);
  });

  it('report a week of cases in every state through the engine, then hand the open ones to the workers', async () => {
    const now = t.clock.now();
    const n = await seedSampleCases(t.engine, silentLogger, {});
    expect(n).to.equal(18); // 6 per bundled process
    const all = await t.engine.store.collection<InstanceState>('instances').find({});
    expect(all).to.have.length(18);
    expect(new Set(all.map((s) => s.definitionKey))).to.have.length(3);
    // cases go all the way, also through forms with photo fields (a photo of the case in each)
    expect(all.filter((s) => s.status === 'completed').length, 'closed').to.be.greaterThan(1);
    expect(all.some((s) => s.definitionKey === 'fire_hazard' && s.status === 'completed')).to.equal(true);
    expect(await t.engine.attachments.ofCase(all[0]._id)).to.have.length(1);
    const open = all.filter((s) => s.status === 'active');
    expect(open.length, 'open').to.be.greaterThan(5);
    // reported over the past week, each with a number and a title
    expect(Math.min(...all.map((s) => s.startedAt))).to.be.at.most(now - 6 * 86_400_000);
    expect(Math.max(...all.map((s) => s.startedAt))).to.be.at.most(now);
    for (const s of all) expect(s.caseNo, s._id).to.match(/\d{6}$/);
    // the oldest cases left at a step ran past their SLA and climbed the ladder
    expect(await t.engine.store.collection('escalations').count({}), 'escalations').to.be.greaterThan(0);
    // nothing due is left unfired, nothing half-done
    for (const s of open) {
      expect(s.outbox, s._id).to.deep.equal([]);
      for (const tm of Object.values(s.timers)) expect(tm.dueAt, `${s._id} ${tm.id}`).to.be.greaterThan(now);
    }
    // the product's workers take over: the pending timers of the open cases get their jobs in its queues
    await t.engine.startWorkers();
    const timers = open.reduce((k, s) => k + Object.keys(s.timers).length, 0);
    expect(timers).to.be.greaterThan(0);
    const deadline = Date.now() + 10_000;
    while ((await t.engine.queues.timers.getJobCounts('delayed')).delayed < timers && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    expect((await t.engine.queues.timers.getJobCounts('delayed')).delayed).to.equal(timers);
    // the first demo grid worker finds work in the inbox: today's reports at their first step
    const mine = await t.engine.openTasks({ unit: '310117001001001' });
    expect(mine.total, "王伟's grid").to.be.at.least(3);
    // a second start finds cases and adds none
    expect(await seedSampleCases(t.engine, silentLogger, {})).to.equal(0);
  });
});
