// GET /api/stats right after something happened: the figures count it at once, whether it happened in the
// very millisecond of the query or its day's rollup bucket is stale (a recompute lost to contention, left to
// the sweeper).
import { expect } from 'chai';
import { GRID1, GRID2, MINGTIAN } from '../helpers/engine.js';
import { harness, type Harness } from './helpers.js';
import { SIMPLE } from './fixtures.js';
import { recomputeDirty, type DirtyBucket, type RollupDoc } from '../../engine/stats/rollup.js';

const startThree = async (h: Harness) => {
  for (const [user, gridUnit] of [
    ['wangwei', GRID1],
    ['wangwei', GRID1],
    ['lina', GRID2],
  ]) {
    const res = await h.post(user, '/api/instances', { definitionKey: 'apisimple', gridUnit, variables: {} });
    expect(res.status).to.equal(201);
  }
};

describe('API: statistics are as fresh as the records', () => {
  let h: Harness;
  // no sweeper run in between: a stale bucket stays stale until the test recomputes it
  beforeEach(async () => {
    h = await harness({}, { config: { sweepEveryMs: 3_600_000 } });
    await h.t.engine.deploy(SIMPLE);
  });
  afterEach(() => h.close());

  it('counts the cases received in the current millisecond (the default period includes now)', async () => {
    await startThree(h); // the manual clock has not moved: each case was received at exactly "now"
    const res = await h.get('chenmin', `/api/stats?unit=${MINGTIAN}`);
    expect(res.status).to.equal(200);
    expect(res.body.received).to.equal(3);
    expect(res.body.period.to).to.equal(h.t.clock.now() + 1);
    const children = res.body.children as Array<{ received: number }>;
    expect(children.reduce((n, c) => n + c.received, 0)).to.equal(3);
  });

  it("reads a whole day whose bucket is stale from that day's facts until the sweeper recomputes it", async () => {
    await startThree(h);
    h.t.clock.advance(3_600_000);
    const today = new Date(h.t.clock.now() + 8 * 3_600_000).toISOString().slice(0, 10); // Asia/Shanghai
    const url = `/api/stats?unit=${MINGTIAN}&from=${today}&to=${today}`;
    const fresh = (await h.get('chenmin', url)).body;
    expect(fresh.received).to.equal(3);
    // the day's buckets as a recompute that lost to contention leaves them: without the three cases, and
    // marked for the sweeper from the grid up to the district
    const rollups = h.t.engine.store.collection<RollupDoc>('statRollups');
    const dirty = h.t.engine.store.collection<DirtyBucket>('statDirty');
    const buckets = await rollups.find({ day: today });
    expect(buckets.map((b) => b.unit)).to.include.members([GRID1, GRID2, MINGTIAN]);
    const parentOf = new Map(buckets.map((b) => [b.unit, b.parent]));
    const ancestorsOf = (unit: string) => {
      const out: string[] = [];
      for (let p = parentOf.get(unit); p; p = parentOf.get(p)) out.push(p);
      return out;
    };
    for (const b of buckets) {
      await rollups.replaceOne({ _id: b._id }, { ...b, tally: { ...b.tally, received: 0 } });
      await dirty.replaceOne(
        { _id: b._id },
        { _id: b._id, unit: b.unit, ancestors: ancestorsOf(b.unit), day: b.day, key: b.key, token: 'stale' },
        { upsert: true },
      );
    }
    const meanwhile = (await h.get('chenmin', url)).body;
    expect(meanwhile.received).to.equal(3);
    expect(meanwhile).to.deep.equal(fresh);
    // the sweeper's recompute clears the markers; the buckets answer the same again
    expect(await recomputeDirty(h.t.engine.store)).to.equal(buckets.length);
    expect((await h.get('chenmin', url)).body).to.deep.equal(fresh);
  });
});
