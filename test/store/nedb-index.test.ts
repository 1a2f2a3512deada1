// The faster removal from NeDB index nodes must behave exactly like the original, which it replaces.
import { createRequire } from 'node:module';
import { expect } from 'chai';
import { installFastIndexRemoval } from '../../engine/store/nedb-index.js';

const require = createRequire(import.meta.url);
const Datastore = require('@seald-io/nedb') as new (o: object) => any;

describe('embedded store: removal from shared index keys', () => {
  before(() => installFastIndexRemoval());

  it('keeps every other document of a small shared key, in order, through updates and removals', async () => {
    const ds = new Datastore({ inMemoryOnly: true });
    await ds.ensureIndexAsync({ fieldName: 'status' });
    await ds.ensureIndexAsync({ fieldName: 'path' }); // array values: one key per element
    for (let i = 0; i < 50; i++)
      await ds.insertAsync({ _id: `d${i}`, status: 'open', path: ['a', `g${i % 5}`] });
    for (let i = 0; i < 50; i += 3) await ds.updateAsync({ _id: `d${i}` }, { $set: { status: 'done' } });
    await ds.removeAsync({ _id: 'd1' });
    const index = ds.indexes.status;
    const ids = (key: string) => index.getMatching(key).map((d: { _id: string }) => d._id);
    const open = Array.from({ length: 50 }, (_, i) => i).filter((i) => i % 3 !== 0 && i !== 1);
    expect(ids('open')).to.deep.equal(open.map((i) => `d${i}`));
    expect(ids('done')).to.have.length(17);
    expect(ds.indexes.path.getMatching('a')).to.have.length(49);
    expect(ds.indexes.path.getMatching('g1').map((d: { _id: string }) => d._id)).to.not.include('d1');
    // queries through the index agree with a full scan
    expect((await ds.findAsync({ status: 'open' })).length).to.equal(open.length);
    expect((await ds.findAsync({ path: 'g2' })).length).to.equal(10);
  });

  it('removes a key whose last document goes, and ignores a missing key', async () => {
    const ds = new Datastore({ inMemoryOnly: true });
    await ds.ensureIndexAsync({ fieldName: 'status' });
    await ds.insertAsync({ _id: 'x', status: 'a' });
    await ds.insertAsync({ _id: 'y', status: 'a' });
    await ds.removeAsync({ _id: 'x' });
    await ds.removeAsync({ _id: 'y' });
    expect(ds.indexes.status.getMatching('a')).to.deep.equal([]);
    ds.indexes.status.tree.delete('missing', {});
    expect(await ds.countAsync({})).to.equal(0);
  });

  it('keeps large shared keys exact through thousands of interleaved updates, inserts and removals', async () => {
    const ds = new Datastore({ inMemoryOnly: true });
    await ds.ensureIndexAsync({ fieldName: 'status' });
    await ds.ensureIndexAsync({ fieldName: 'path' });
    const expected = new Map<string, string>(); // _id → status
    let seed = 7;
    const rnd = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    for (let i = 0; i < 1000; i++) {
      await ds.insertAsync({ _id: `d${i}`, status: 'open', path: ['district', `g${i % 7}`] });
      expected.set(`d${i}`, 'open');
    }
    for (let k = 0; k < 3000; k++) {
      const id = `d${rnd(1200)}`;
      const op = rnd(10);
      if (!expected.has(id)) {
        await ds.insertAsync({ _id: id, status: 'open', path: ['district', 'g9'] });
        expected.set(id, 'open');
      } else if (op === 0) {
        await ds.removeAsync({ _id: id });
        expected.delete(id);
      } else {
        const status = ['open', 'done', 'open', 'paused'][op % 4];
        await ds.updateAsync({ _id: id }, { $set: { status } });
        expected.set(id, status);
      }
    }
    const ids = (field: string, key: string) =>
      ds.indexes[field]
        .getMatching(key)
        .map((d: { _id: string }) => d._id)
        .sort();
    for (const status of ['open', 'done', 'paused'])
      expect(ids('status', status), status).to.deep.equal(
        [...expected]
          .filter(([, s]) => s === status)
          .map(([id]) => id)
          .sort(),
      );
    expect(ids('path', 'district')).to.deep.equal([...expected.keys()].sort());
    // every document appears once per key, and index reads agree with full scans
    expect(new Set(ids('path', 'district')).size).to.equal(expected.size);
    expect((await ds.findAsync({ status: 'done' })).length).to.equal(
      [...expected.values()].filter((s) => s === 'done').length,
    );
  });
});
