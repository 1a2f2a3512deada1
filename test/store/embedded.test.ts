import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import {
  openEmbeddedStore,
  preferSelectiveIndex,
  repairTornTail,
  toNedbQuery,
} from '../../engine/store/embedded.js';
import { INDEXES } from '../../engine/store/types.js';
import { storeContract } from './contract.js';

const dir = await mkdtemp(path.join(os.tmpdir(), 'grid-store-'));
storeContract(
  'embedded (NeDB)',
  () => openEmbeddedStore(dir),
  () => rm(dir, { recursive: true, force: true }),
);

describe('embedded store', () => {
  let tmp: string;
  beforeEach(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'grid-store-x-'));
  });
  afterEach(() => rm(tmp, { recursive: true, force: true }));

  it('opens after a crash tore the last appended line', async () => {
    const store = await openEmbeddedStore(tmp);
    await store.collection('meta').insert({ _id: 'a', v: 1 });
    await store.collection('meta').insert({ _id: 'b', v: 2 });
    await store.close(); // compacts: two lines
    // an update cut short by the crash, unacknowledged; one line in three would be 33% "corrupt" for NeDB
    await appendFile(path.join(tmp, 'meta.db'), '{"_id":"a","v":3,"pay');
    const reopened = await openEmbeddedStore(tmp);
    expect(await reopened.collection('meta').find({}, { sort: { _id: 1 } })).to.deep.equal([
      { _id: 'a', v: 1 },
      { _id: 'b', v: 2 },
    ]);
    await reopened.close();
  });

  it('repairs only what is torn', async () => {
    const f = path.join(tmp, 'x.db');
    expect(await repairTornTail(f)).to.equal(false); // missing
    await writeFile(f, '{"_id":"a"}\n{"_id":"b"}\n');
    expect(await repairTornTail(f)).to.equal(false);
    await writeFile(f, '{"_id":"a"}\n{"_id":"b"}\n' + 'x'.repeat(200_000)); // tail longer than one read
    expect(await repairTornTail(f)).to.equal(true);
    expect(await readFile(f, 'utf8')).to.equal('{"_id":"a"}\n{"_id":"b"}\n');
    await writeFile(f, '{"_id":"a');
    expect(await repairTornTail(f)).to.equal(true);
    expect(await readFile(f, 'utf8')).to.equal('');
  });

  it('rejects operations after close and reports itself down', async () => {
    const store = await openEmbeddedStore(tmp);
    const meta = store.collection('meta');
    await store.close();
    await store.close(); // idempotent
    expect(await store.ping()).to.equal(false);
    const err = await meta.findOne({ _id: 'a' }).catch((e) => e);
    expect(err).to.be.instanceOf(Error);
  });

  it('compacts written collections periodically', async () => {
    const store = await openEmbeddedStore(tmp, { compactionIntervalMs: 20 });
    const c = store.collection('instances');
    await c.insert({ _id: 'a', version: 1 });
    for (let v = 1; v <= 50; v++) await c.updateOne({ _id: 'a', version: v }, { $inc: { version: 1 } });
    await new Promise((r) => setTimeout(r, 120));
    // compacted: the document once plus the index definitions (one per leading field of INDEXES), instead
    // of 51 appended versions
    const indexed = new Set(INDEXES.instances.map((i) => Object.keys(i.fields)[0])).size;
    const lines = (await readFile(path.join(tmp, 'instances.db'), 'utf8')).split('\n').filter(Boolean);
    expect(lines).to.have.length(1 + indexed);
    expect((await c.findOne({ _id: 'a' }))!.version).to.equal(51);
    await store.close();
  });

  it('leaves the hot {_id, version} query untouched (no rewrite, no allocation)', () => {
    const q = { _id: 'i1', version: 3 };
    expect(toNedbQuery(q)).to.equal(q);
    const r = { status: { $in: ['a', 'b'] }, dueAt: { $lte: 5 } };
    expect(toNedbQuery(r)).to.equal(r);
    expect(toNedbQuery({ a: 1, b: { $ne: 2 } })).to.deep.equal({ a: 1, $and: [{ $not: { b: 2 } }] });
    expect(toNedbQuery({ _id: 'x', v: { $lt: 3 } }, true)).to.deep.equal({
      _id: 'x',
      $and: [{ v: { $lt: 3 } }],
    });
  });

  it('reads candidates from the most selective index, not the first equality NeDB would pick', async () => {
    const sizes: Record<string, Record<string, number>> = {
      status: { open: 5000, completed: 4 },
      instanceId: { i1: 2, i2: 3 },
    };
    const indexes = Object.fromEntries(
      Object.entries(sizes).map(([f, by]) => [
        f,
        { getMatching: (v: unknown) => new Array(by[String(v)] ?? 0) },
      ]),
    );
    // the $in on instanceId (5 candidates) beats status 'open' (5,000): status moves into $and
    expect(
      preferSelectiveIndex(indexes, { instanceId: { $in: ['i1', 'i2'] }, status: 'open' }),
    ).to.deep.equal({
      instanceId: { $in: ['i1', 'i2'] },
      $and: [{ status: 'open' }],
    });
    // the equality is the smaller set: the $in moves instead
    expect(
      preferSelectiveIndex(indexes, { instanceId: { $in: ['i1', 'i2'] }, status: 'completed' }),
    ).to.deep.equal({
      status: 'completed',
      $and: [{ instanceId: { $in: ['i1', 'i2'] } }],
    });
    // one usable index (or none): the query is left as it is
    const one = { status: 'open', dueAt: { $lt: 3 } };
    expect(preferSelectiveIndex(indexes, one)).to.equal(one);

    // and on a real store the answers are the same as without the rewrite
    const store = await openEmbeddedStore(tmp);
    const tasks = store.collection('tasks');
    for (let i = 0; i < 300; i++)
      await tasks.insert({ _id: `t${i}`, instanceId: `i${i % 100}`, status: i % 3 ? 'open' : 'completed' });
    const got = await tasks.find(
      { instanceId: { $in: ['i1', 'i2', 'i3'] }, status: 'open' },
      { sort: { _id: 1 } },
    );
    expect(got.map((t) => t._id)).to.deep.equal(['t1', 't101', 't2', 't103', 't202', 't203'].sort());
    expect(await tasks.count({ instanceId: 'i3', status: 'completed' })).to.equal(1);
    await store.close();
  });
});
