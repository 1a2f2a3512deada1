// kill -9 while SLA timers fall due, restarted at once (due-timers.ts): start-up never crashes, every
// breach is handled exactly once, and no later than the configured lock + stalled-check interval allow
// (plus a generous slack for start-up and the backlog of timers due at once; with BullMQ's default 30 s
// lock this test fails: the jobs a killed worker held would come back only after it).
import { expect } from 'chai';
import { runDueTimerKills } from './due-timers.js';

describe('faults: worker SIGKILLed while SLA timers fall due, restarted at once', function () {
  this.timeout(60000);

  it('restarts without crashing; every breach fires exactly once, late by at most lock + 2 stalled checks', async () => {
    const r = await runDueTimerKills({
      instances: 60,
      kills: 3,
      slaAfterMs: 6000,
      spreadMs: 3000,
      jobLockMs: 2000,
      stalledIntervalMs: 1000,
      slowWritesMs: 50,
      slackMs: 8000,
      log: process.env.FAULT_LOG ? (m) => console.log(`      ${m}`) : undefined,
    });
    expect(r.problems, r.problems.slice(0, 20).join('\n')).to.deep.equal([]);
    expect(r.instances).to.equal(60);
    expect(r.kills).to.equal(3);
    expect(r.maxLateMs).to.be.at.most(r.boundMs);
    if (process.env.FAULT_LOG)
      console.log(`      latest ${r.maxLateMs} ms past due/restart (bound ${r.boundMs} ms)`);
  });
});
