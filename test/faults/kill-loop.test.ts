import { expect } from 'chai';
import { runKillLoop } from './kill-loop.js';

describe('faults: worker processes SIGKILLed mid-step, round after round', function () {
  this.timeout(90000);

  it('completes every instance, loses none and applies no step twice', async () => {
    const r = await runKillLoop({
      instances: 40,
      rounds: 5,
      killAfterMs: [0, 900],
      fastForwardLocks: true,
      finalTimeoutMs: 20000,
      log: process.env.FAULT_LOG ? (m) => console.log(`      ${m}`) : undefined,
    });
    expect(r.problems, r.problems.slice(0, 20).join('\n')).to.deep.equal([]);
    expect(r.instances).to.equal(40);
    expect(r.rounds).to.be.greaterThan(0);
  });
});
