// kill -9 in the middle of a timer batch (due-timers.ts with killMidBatch): 200 escalations fall due within
// 200 ms, the child's worker takes them as batches (engine/queue/timer-batch.ts) and is SIGKILLed once a
// quarter of them is written — instances written whose outboxes have not run, jobs held by the batch —
// then once more early in the restart. Every escalation must fire exactly once: one `escalated` history
// record and one escalation record per case, within lock + 2 stalled checks (+ slack) of its due time.
import { expect } from 'chai';
import { runDueTimerKills } from './due-timers.js';

describe('faults: worker SIGKILLed in the middle of a timer batch', function () {
  this.timeout(60000);

  it('every escalation of the batch fires exactly once after the restart', async () => {
    const r = await runDueTimerKills({
      instances: 200,
      kills: 2,
      slaAfterMs: 8000,
      spreadMs: 200,
      jobLockMs: 2000,
      stalledIntervalMs: 1000,
      slowWritesMs: 50,
      slackMs: 8000,
      escalate: true,
      killMidBatch: true,
      log: process.env.FAULT_LOG ? (m) => console.log(`      ${m}`) : undefined,
    });
    if (process.env.FAULT_LOG)
      console.log(
        `      at the kill: ${r.writtenAtKill} written, ${r.handledAtKill} projected, ${r.activeAtKill} jobs active; ` +
          `latest ${r.maxLateMs} ms past due/restart (bound ${r.boundMs} ms)`,
      );
    expect(r.problems, r.problems.slice(0, 20).join('\n')).to.deep.equal([]);
    expect(r.instances).to.equal(200);
    expect(r.kills).to.equal(2);
    // the kill came in the middle: some breaches written, not all, and timer jobs held by the worker
    expect(r.writtenAtKill).to.be.greaterThan(0).and.lessThan(200);
    expect(r.activeAtKill).to.be.greaterThan(0);
    expect(r.maxLateMs).to.be.at.most(r.boundMs);
  });
});
