// Calendar hours in the rollups: facts recorded before they were kept carry none, and the sums stay numbers
// (a calendar mean is taken over the facts that have it, never a NaN or a mean diluted by zeros).
import { expect } from 'chai';
import { addFact, addTally, emptyTally, type FactDoc, type Tally } from '../../engine/stats/tally.js';

const fact = (over: Partial<FactDoc>): FactDoc => ({
  _id: 'f',
  kind: 'task',
  unit: 'g1',
  unitPath: ['g1'],
  day: '2026-03-02',
  key: 'k',
  bucket: 'g1|2026-03-02|k',
  at: 0,
  instanceId: 'i1',
  ...over,
});

describe('stats: calendar hours in the rollups', () => {
  it('sums calendar ms only over the facts that carry them', () => {
    const t = emptyTally();
    addFact(t, fact({ ms: 3_600_000, calMs: 7_200_000 }));
    addFact(t, fact({ ms: 3_600_000 })); // recorded before calendar hours were kept
    addFact(t, fact({ kind: 'closed', status: 'completed', ms: 1, calMs: 5 }));
    addFact(t, fact({ kind: 'closed', status: 'cancelled', ms: 1, calMs: 5 })); // cancelled: not a closure
    expect(t).to.include({
      taskMs: 7_200_000,
      taskCalMs: 7_200_000,
      taskCalCount: 1,
      caseCalMs: 5,
      caseCalCount: 1,
    });
  });

  it('adds a rollup written before calendar hours existed without turning the sums into NaN', () => {
    const old = { ...emptyTally(), taskMs: 10 } as Partial<Tally>;
    delete old.taskCalMs;
    delete old.taskCalCount;
    delete old.caseCalMs;
    delete old.caseCalCount;
    const sum = addTally(emptyTally(), old as Tally);
    addTally(sum, { ...emptyTally(), taskCalMs: 4, taskCalCount: 2 });
    expect(sum).to.include({ taskMs: 10, taskCalMs: 4, taskCalCount: 2, caseCalMs: 0, caseCalCount: 0 });
  });
});
