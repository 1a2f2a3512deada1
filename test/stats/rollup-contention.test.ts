// A bucket that keeps losing its version check (every process closing cases in one grid on one day) must not
// fail the outbox that recorded the fact: it is marked dirty, with the buckets above it, and the sweeper's
// recomputeDirty brings all of them up to date.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { recomputeDirty, recordFacts, rollupId, type RollupDoc } from '../../engine/stats/rollup.js';
import type { FactDoc } from '../../engine/stats/tally.js';
import type { Doc, Store } from '../../engine/store/types.js';
import { openTestStore } from '../helpers/store.js';

const PATH = ['G1', 'C1', 'S1', 'D1'];
const DAY = '2026-12-04';
const fact = (i: number): FactDoc =>
  ({
    _id: `r.case${i}`,
    kind: 'received',
    unit: 'G1',
    unitPath: PATH,
    day: DAY,
    key: 'p',
    bucket: rollupId('G1', DAY, 'p'),
    at: Date.parse('2026-12-04T03:00:00Z') + i,
    instanceId: `case${i}`,
  }) as FactDoc;

/** The store, with every version-checked replace of one bucket losing (a writer always got there first). */
function contended(store: Store, bucket: string): Store {
  return {
    ...store,
    kind: store.kind,
    ping: () => store.ping(),
    sizeBytes: () => store.sizeBytes(),
    close: () => store.close(),
    collection<T extends Doc>(name: Parameters<Store['collection']>[0]) {
      const col = store.collection<T>(name);
      if (name !== 'statRollups') return col;
      return new Proxy(col, {
        get(target, prop, receiver) {
          if (prop === 'replaceOne')
            return async (q: Record<string, unknown>, ...rest: unknown[]) =>
              q._id === bucket && 'version' in q
                ? { matched: 0, upserted: false }
                : (target.replaceOne as (...a: unknown[]) => unknown)(q, ...rest);
          return Reflect.get(target, prop, receiver);
        },
      });
    },
  } as Store;
}

describe('stats rollups under contention', function () {
  this.timeout(30000);
  let dir: string;
  let store: Store;
  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'grid-rollup-contention-'));
    store = await openTestStore(dir);
  });
  after(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('marks a bucket that keeps losing, and those above it, dirty instead of failing; the sweeper catches up', async () => {
    await recordFacts(store, [fact(1)]); // every bucket of the chain exists, version 1
    const community = rollupId('C1', DAY, 'p');
    await recordFacts(contended(store, community), [fact(2), fact(3)]); // must not throw
    const rollups = store.collection<RollupDoc>('statRollups');
    const received = async (unit: string) =>
      (await rollups.findOne({ _id: rollupId(unit, DAY, 'p') }))!.tally.received;
    expect(await received('G1')).to.equal(3); // the grid bucket was not contended
    expect(await received('C1')).to.equal(1); // stale: lost every try
    const dirty = (await store.collection('statDirty').find({})).map((d) => d._id).sort();
    expect(dirty).to.deep.equal(['C1', 'S1', 'D1'].map((u) => rollupId(u, DAY, 'p')).sort());

    expect(await recomputeDirty(store)).to.equal(3);
    for (const unit of PATH) expect(await received(unit), unit).to.equal(3);
    expect(await store.collection('statDirty').count({})).to.equal(0);
    expect(await recomputeDirty(store)).to.equal(0);
  });
});
