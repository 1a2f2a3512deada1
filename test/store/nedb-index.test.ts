// The faster removal from NeDB index nodes must behave exactly like the original, which it replaces.
import { createRequire } from 'node:module';
import { expect } from 'chai';
import { installFastIndexRemoval } from '../../engine/store/nedb-index.js';

const require = createRequire(import.meta.url);
const Datastore = require('@seald-io/nedb') as new (o: object) => any;

describe('embedded store: removal from shared index keys', () => {
  before(() => installFastIndexRemoval());

  it('keeps every other document of a shared key, in order, through updates and removals', async () => {
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
});
