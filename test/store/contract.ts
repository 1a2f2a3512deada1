// The storage contract both adapters must pass: MongoDB's semantics for the query/update subset
// listed in engine/store/types.ts.
import { expect } from 'chai';
import { caseNumberQuery, nextSequence } from '../../engine/cases/case-number.js';
import { waitingForSignal } from '../../engine/queue/signals.js';
import {
  COLLECTIONS,
  DuplicateKeyError,
  type Doc,
  type Query,
  type Store,
} from '../../engine/store/types.js';

import { cancelExternalTask, createExternalTask, ExternalTasks } from '../../engine/queue/external-tasks.js';
export function storeContract(
  name: string,
  open: () => Promise<Store>,
  cleanup: () => Promise<void> = async () => {},
) {
  describe(`store contract: ${name}`, () => {
    let store: Store;
    const ids = (docs: Doc[]) => docs.map((d) => d._id).sort();
    const tasks = () => store.collection('tasks');

    before(async () => {
      store = await open();
      for (const c of COLLECTIONS) await store.collection(c).deleteMany({});
    });
    after(async () => {
      await store?.close();
      await cleanup();
    });

    describe('queries', () => {
      before(async () => {
        const c = tasks();
        await c.deleteMany({});
        for (const [i, unit] of ['u1', 'u2', 'u3', 'u2'].entries()) {
          await c.insert({
            _id: `t${i}`,
            unit,
            dueAt: 100 * i,
            status: i === 3 ? 'done' : 'open',
            unitPath: [unit, 'root'],
            info: { level: i },
            items: [{ kind: `k${i}` }, { kind: 'common' }],
            ...(i === 0 ? { assignee: null } : i === 1 ? { assignee: 'ann' } : {}),
          });
        }
      });

      it('matches a dotted path through an array of subdocuments on an indexed field (users roles.unit)', async () => {
        // INDEXES names users' roles.unit (MongoDB's multikey index serves it): an adapter must not read
        // it as one scalar value
        const users = store.collection('users');
        await users.deleteMany({});
        await users.insert({ _id: 'a', username: 'a', roles: [{ role: 'handler', unit: 'G1' }] });
        await users.insert({
          _id: 'b',
          username: 'b',
          roles: [
            { role: 'head', unit: 'C' },
            { role: 'x', unit: 'G1' },
          ],
        });
        await users.insert({ _id: 'c', username: 'c', roles: [] });
        expect(ids(await users.find({ 'roles.unit': 'G1' }))).to.deep.equal(['a', 'b']);
        expect(ids(await users.find({ 'roles.unit': { $in: ['C'] } }))).to.deep.equal(['b']);
        expect(ids(await users.find({ 'roles.unit': 'G1', disabled: { $ne: true } }))).to.deep.equal([
          'a',
          'b',
        ]);
        await users.deleteMany({});
      });

      it('finds the signal subscriptions of a unit subtree by name (multikey unitPath), apart from messages', async () => {
        const subs = store.collection('subscriptions');
        await subs.deleteMany({});
        const signal = (id: string, instanceId: string, name: string, unitPath: string[]) => ({
          _id: `${id}@${instanceId}`,
          id,
          instanceId,
          name,
          nodeId: 'c',
          tokenId: 't1',
          signal: true,
          unitPath,
        });
        await subs.insert(signal('sub-t1', 'i1', 'typhoon', ['G1', 'C1', 'S1', 'D']));
        await subs.insert(signal('sub-t2', 'i1', 'typhoon', ['G1', 'C1', 'S1', 'D']));
        await subs.insert(signal('sub-t1', 'i2', 'typhoon', ['G2', 'C1', 'S1', 'D']));
        await subs.insert(signal('sub-t1', 'i3', 'typhoon', ['G9', 'C9', 'S2', 'D']));
        await subs.insert(signal('sub-t1', 'i4', 'flood', ['G1', 'C1', 'S1', 'D']));
        // a message subscription of the same name: not a signal receiver, and no signal answers a message
        await subs.insert({
          _id: 'sub-t1@i5',
          id: 'sub-t1',
          instanceId: 'i5',
          name: 'typhoon',
          correlationKey: 'K',
        });
        expect(await waitingForSignal(store, 'typhoon', 'S1')).to.deep.equal([
          { instanceId: 'i1', subscriptionIds: ['sub-t1', 'sub-t2'] },
          { instanceId: 'i2', subscriptionIds: ['sub-t1'] },
        ]);
        expect(await waitingForSignal(store, 'typhoon', 'G2')).to.deep.equal([
          { instanceId: 'i2', subscriptionIds: ['sub-t1'] },
        ]);
        expect((await waitingForSignal(store, 'typhoon', 'D')).map((t) => t.instanceId).sort()).to.deep.equal(
          ['i1', 'i2', 'i3'],
        );
        expect(await waitingForSignal(store, 'typhoon', 'S3')).to.deep.equal([]);
        expect(ids(await subs.find({ name: 'typhoon', correlationKey: 'K' }))).to.deep.equal(['sub-t1@i5']);
        await subs.deleteMany({ _id: 'sub-t2@i1' });
        expect(await waitingForSignal(store, 'typhoon', 'G1')).to.deep.equal([
          { instanceId: 'i1', subscriptionIds: ['sub-t1'] },
        ]);
        await subs.deleteMany({});
      });

      it('matches equality, array elements, whole arrays and subdocuments', async () => {
        const c = tasks();
        expect(ids(await c.find({ unit: 'u2' }))).to.deep.equal(['t1', 't3']);
        expect(ids(await c.find({ unitPath: 'root' }))).to.deep.equal(['t0', 't1', 't2', 't3']);
        expect(ids(await c.find({ unitPath: 'u3' }))).to.deep.equal(['t2']);
        expect(ids(await c.find({ unitPath: ['u1', 'root'] }))).to.deep.equal(['t0']);
        expect(ids(await c.find({ info: { level: 2 } }))).to.deep.equal(['t2']);
        expect(ids(await c.find({ unit: 'u2', status: 'done' }))).to.deep.equal(['t3']);
        expect(ids(await c.find({ unit: 'nope' }))).to.deep.equal([]);
        expect(ids(await c.find({}))).to.have.length(4);
      });

      it('matches $in, $nin and $ne, on scalar and array fields', async () => {
        const c = tasks();
        expect(ids(await c.find({ unit: { $in: ['u1', 'u3'] } }))).to.deep.equal(['t0', 't2']);
        expect(ids(await c.find({ unit: { $nin: ['u1', 'u3'] } }))).to.deep.equal(['t1', 't3']);
        expect(ids(await c.find({ status: { $ne: 'open' } }))).to.deep.equal(['t3']);
        // on an array: $in when some element is listed, $nin / $ne when no element is
        expect(ids(await c.find({ unitPath: { $in: ['u1', 'u3'] } }))).to.deep.equal(['t0', 't2']);
        expect(ids(await c.find({ unitPath: { $nin: ['u1', 'u3'] } }))).to.deep.equal(['t1', 't3']);
        expect(ids(await c.find({ unitPath: { $ne: 'u2' } }))).to.deep.equal(['t0', 't2']);
        expect(ids(await c.find({ unitPath: { $ne: 'root' } }))).to.deep.equal([]);
      });

      it('matches ranges and $exists', async () => {
        const c = tasks();
        expect(ids(await c.find({ dueAt: { $gte: 100, $lt: 300 } }))).to.deep.equal(['t1', 't2']);
        expect(ids(await c.find({ dueAt: { $gt: 100, $lte: 300 } }))).to.deep.equal(['t2', 't3']);
        expect(ids(await c.find({ dueAt: { $lt: 0 } }))).to.deep.equal([]);
        expect(ids(await c.find({ unit: { $gte: 'u2' } }))).to.deep.equal(['t1', 't2', 't3']);
        expect(ids(await c.find({ missing: { $exists: false }, unit: 'u1' }))).to.deep.equal(['t0']);
        expect(ids(await c.find({ assignee: { $exists: true } }))).to.deep.equal(['t0', 't1']);
        expect(ids(await c.find({ assignee: { $exists: false } }))).to.deep.equal(['t2', 't3']);
      });

      it('matches null as null or missing, as MongoDB does', async () => {
        const c = tasks();
        expect(ids(await c.find({ assignee: null }))).to.deep.equal(['t0', 't2', 't3']);
        expect(ids(await c.find({ assignee: { $ne: null } }))).to.deep.equal(['t1']);
        expect(ids(await c.find({ assignee: { $in: [null, 'bob'] } }))).to.deep.equal(['t0', 't2', 't3']);
        expect(ids(await c.find({ assignee: { $nin: [null] } }))).to.deep.equal(['t1']);
        expect(
          ids(await c.find({ $or: [{ assignee: null }, { unit: 'u2' }], status: 'open' })),
        ).to.deep.equal(['t0', 't1', 't2']);
      });

      it('combines $or / $and and follows dotted paths into subdocuments and arrays', async () => {
        const c = tasks();
        expect(ids(await c.find({ $or: [{ unit: 'u1' }, { status: 'done' }] }))).to.deep.equal(['t0', 't3']);
        expect(ids(await c.find({ $and: [{ unit: 'u2' }, { status: 'open' }] }))).to.deep.equal(['t1']);
        expect(
          ids(await c.find({ $and: [{ $or: [{ unit: 'u1' }, { unit: 'u2' }] }, { dueAt: { $gt: 0 } }] })),
        ).to.deep.equal(['t1', 't3']);
        expect(ids(await c.find({ 'info.level': 2 }))).to.deep.equal(['t2']);
        expect(ids(await c.find({ 'info.level': { $gte: 2 } }))).to.deep.equal(['t2', 't3']);
        expect(ids(await c.find({ 'items.kind': 'k1' }))).to.deep.equal(['t1']);
        expect(ids(await c.find({ 'items.kind': { $ne: 'k1' } }))).to.deep.equal(['t0', 't2', 't3']);
        expect(ids(await c.find({ 'info.missing': { $exists: false }, unit: 'u3' }))).to.deep.equal(['t2']);
      });

      it('finds one, counts', async () => {
        const c = tasks();
        expect(await c.count({ status: 'open' })).to.equal(3);
        expect(await c.count({ unitPath: 'root', dueAt: { $gte: 200 } })).to.equal(2);
        expect(await c.count({ unit: 'nope' })).to.equal(0);
        // counting stops at a cap (list totals)
        expect(await c.count({ status: 'open' }, { limit: 2 })).to.equal(2);
        expect(await c.count({ status: 'open' }, { limit: 10 })).to.equal(3);
        expect(await c.count({ unitPath: 'root' }, { limit: 0 })).to.equal(0);
        expect((await c.findOne({ _id: 't2' }))!.unit).to.equal('u3');
        expect(await c.findOne({ _id: 'nope' })).to.equal(null);
        expect((await c.findOne({ unit: 'u3', 'info.level': 2 }))!._id).to.equal('t2');
      });

      it('sorts, skips and limits', async () => {
        const c = tasks();
        const page = await c.find({}, { sort: { dueAt: -1 }, skip: 1, limit: 2 });
        expect(page.map((d) => d._id)).to.deep.equal(['t2', 't1']);
        const byUnit = await c.find({}, { sort: { unit: 1, dueAt: -1 } });
        expect(byUnit.map((d) => d._id)).to.deep.equal(['t0', 't3', 't1', 't2']);
        const first = await c.find({ status: 'open' }, { sort: { dueAt: 1 }, limit: 1 });
        expect(first.map((d) => d._id)).to.deep.equal(['t0']);
        expect(await c.find({}, { sort: { dueAt: 1 }, skip: 10 })).to.deep.equal([]);
      });

      it('reads only the listed fields when asked, arrays and subdocuments whole, nulls and missing left out', async () => {
        const c = tasks();
        const docs = await c.find(
          { status: 'open' },
          { sort: { dueAt: 1 }, fields: ['unit', 'unitPath', 'info', 'assignee', 'nowhere'] },
        );
        expect(docs).to.deep.equal([
          { _id: 't0', unit: 'u1', unitPath: ['u1', 'root'], info: { level: 0 } },
          { _id: 't1', unit: 'u2', unitPath: ['u2', 'root'], info: { level: 1 }, assignee: 'ann' },
          { _id: 't2', unit: 'u3', unitPath: ['u3', 'root'], info: { level: 2 } },
        ]);
      });

      it('answers queries of one shape by their own values, and the same fields with values of other types apart', async () => {
        // the SQL stores compile a statement once per query shape and bind each call's values
        // (engine/store/sql/shapes.ts): a shape must not be reused for a value of another type, another
        // $in length, a null or a $exists flag, which all change the SQL
        const c = store.collection('meta');
        await c.deleteMany({ _id: { $in: ['sn', 'ss', 'sd', 'sz', 'sm', 'so'] } });
        await c.insertManyIgnoreDuplicates([
          { _id: 'sn', shape: 1, v: 1 },
          { _id: 'ss', shape: 1, v: '1' },
          { _id: 'sd', shape: 1, v: new Date(1000) },
          { _id: 'sz', shape: 1, v: null },
          { _id: 'sm', shape: 1 },
          { _id: 'so', shape: 1, v: { a: 1 } },
        ]);
        const cases: Array<[Query, string[]]> = [
          [{ v: 1 }, ['sn']],
          [{ v: 2 }, []],
          [{ v: '1' }, ['ss']],
          [{ v: '2' }, []],
          [{ v: null }, ['sm', 'sz']],
          [{ v: { a: 1 } }, ['so']],
          [{ v: { a: 2 } }, []],
          [{ v: { $gt: 0 } }, ['sn']],
          [{ v: { $gt: 1 } }, []],
          [{ v: { $lt: '2' } }, ['ss']],
          [{ v: { $lt: '1' } }, []],
          [{ v: { $gt: new Date(0) } }, ['sd']],
          [{ v: { $gt: new Date(1000) } }, []],
          [{ v: { $in: ['1'] } }, ['ss']],
          [{ v: { $in: [1] } }, ['sn']],
          [{ v: { $in: [1, '1'] } }, ['sn', 'ss']],
          [{ v: { $in: ['1', null] } }, ['sm', 'ss', 'sz']],
          [{ v: { $ne: '1' } }, ['sd', 'sm', 'sn', 'so', 'sz']],
          [{ v: { $exists: true } }, ['sd', 'sn', 'so', 'ss', 'sz']],
          [{ v: { $exists: false } }, ['sm']],
          [{ _id: 'sn' }, ['sn']],
          [{ _id: { $in: ['ss', 'sz'] } }, ['ss', 'sz']],
          [{ $or: [{ v: 1 }, { v: '1' }] }, ['sn', 'ss']],
          [{ $or: [{ v: 1 }, { v: null }] }, ['sm', 'sn', 'sz']],
        ];
        // twice, the second time in reverse: every shape answered after others of its fields were cached
        for (const [query, expected] of [...cases, ...[...cases].reverse()]) {
          const label = JSON.stringify(query);
          expect(ids(await c.find({ shape: 1, ...query })), label).to.deep.equal(expected);
          expect(await c.count({ shape: 1, ...query }), label).to.equal(expected.length);
        }
        expect(await c.deleteMany({ shape: 1, v: { $in: ['1', null] } })).to.equal(3);
        expect(await c.deleteMany({ shape: 1, v: { $in: [1] } })).to.equal(1);
        expect(ids(await c.find({ shape: 1 }))).to.deep.equal(['sd', 'so']);
      });

      it('answers a query of the terms a side-table driver implies by its own value, not by the cached shape', async () => {
        // only open tasks hold open-task keys, so the SQL stores leave `status: 'open'` out beside them; that
        // term stays part of the statement's shape (shapes.ts ShapeLiterals), and `status: 'closed'` must not
        // reuse the statement built for 'open'
        const c = tasks();
        await c.insertManyIgnoreDuplicates([
          { _id: 'k-open', status: 'open', openKeys: ['u:shape-zz'], unit: 'u9', unitPath: ['u9'] },
          { _id: 'k-done', status: 'closed', unit: 'u9', unitPath: ['u9'] },
        ] as never[]);
        for (let round = 0; round < 2; round++) {
          for (const [status, expected] of [
            ['open', ['k-open']],
            ['closed', []],
          ] as const) {
            const q = { status, openKeys: { $in: ['u:shape-zz'] } };
            expect(ids(await c.find(q, { sort: { _id: 1 }, limit: 50 })), status).to.deep.equal(expected);
            expect(await c.count(q), status).to.equal(expected.length);
          }
        }
        await c.deleteMany({ _id: { $in: ['k-open', 'k-done'] } });
      });

      it('returns copies: changing a result does not change the store', async () => {
        const c = tasks();
        const d = (await c.findOne({ _id: 't0' }))!;
        d.unit = 'changed';
        d.unitPath.push('x');
        const [e] = await c.find({ _id: 't0' });
        e.info.level = 99;
        expect(await c.findOne({ _id: 't0' })).to.include({ unit: 'u1' });
        expect((await c.findOne({ _id: 't0' }))!.unitPath).to.deep.equal(['u1', 'root']);
        expect((await c.findOne({ _id: 't0' }))!.info).to.deep.equal({ level: 0 });
      });
    });

    describe('updates', () => {
      it('applies $set/$unset/$inc/$push/$addToSet', async () => {
        const c = store.collection('instances');
        await c.insert({ _id: 'x0', n: 1, info: { level: 1, keep: true }, log: ['a'] });
        const r = await c.updateOne(
          { _id: 'x0' },
          { $set: { a: 1, 'info.level': 2 }, $inc: { n: 5, fresh: 2 }, $push: { log: 'b', other: 'z' } },
        );
        expect(r).to.deep.equal({ matched: 1, upserted: false });
        await c.updateOne({ _id: 'x0' }, { $addToSet: { tags: { k: 1 } } });
        await c.updateOne({ _id: 'x0' }, { $addToSet: { tags: { k: 1 } } });
        await c.updateOne({ _id: 'x0' }, { $addToSet: { tags: { k: 2 } } });
        await c.updateOne({ _id: 'x0' }, { $unset: { a: true, nothing: true } });
        expect(await c.findOne({ _id: 'x0' })).to.deep.equal({
          _id: 'x0',
          n: 6,
          fresh: 2,
          info: { level: 2, keep: true },
          log: ['a', 'b'],
          other: ['z'],
          tags: [{ k: 1 }, { k: 2 }],
        });
      });

      it('finds array elements after updates that change one array field, another, or none ($push, $set)', async () => {
        const c = tasks();
        await c.insert({ _id: 'm0', status: 'open', unitPath: ['a', 'root'], watchers: ['ann'] });
        const by = async (q: Query) => (await c.find(q)).map((d) => d._id);
        await c.updateOne({ _id: 'm0' }, { $push: { watchers: 'bob' } }); // one array field changes
        expect(await by({ watchers: 'bob' })).to.deep.equal(['m0']);
        expect(await by({ unitPath: 'a' })).to.deep.equal(['m0']);
        await c.updateOne({ _id: 'm0' }, { $set: { unitPath: ['b', 'root'], status: 'done' } }); // the other
        expect(await by({ unitPath: 'a' })).to.deep.equal([]);
        expect(await by({ unitPath: 'b' })).to.deep.equal(['m0']);
        expect(await by({ watchers: { $in: ['ann', 'bob'] } })).to.deep.equal(['m0']);
        await c.updateOne({ _id: 'm0' }, { $set: { status: 'open' } }); // none
        expect(await by({ unitPath: 'b', watchers: 'ann', status: 'open' })).to.deep.equal(['m0']);
        await c.deleteMany({ _id: 'm0' });
      });

      it('treats $set of undefined as $unset and drops undefined fields of written documents', async () => {
        const c = store.collection('instances');
        await c.insert({ _id: 'x1', a: 1, b: 2, gone: undefined });
        expect(await c.findOne({ _id: 'x1' })).to.deep.equal({ _id: 'x1', a: 1, b: 2 });
        await c.updateOne({ _id: 'x1' }, { $set: { a: undefined, c: 3 } });
        expect(await c.findOne({ _id: 'x1' })).to.deep.equal({ _id: 'x1', b: 2, c: 3 });
        expect(await c.count({ _id: 'x1', a: { $exists: true } })).to.equal(0);
        const doc = { _id: 'x1', b: 5, d: undefined };
        await c.replaceOne({ _id: 'x1' }, doc);
        expect(await c.findOne({ _id: 'x1' })).to.deep.equal({ _id: 'x1', b: 5 });
        expect(doc).to.have.property('d'); // the caller's object is left alone
      });

      it('reports a miss and leaves the collection alone', async () => {
        const c = store.collection('instances');
        expect(await c.updateOne({ _id: 'absent' }, { $set: { a: 1 } })).to.deep.equal({
          matched: 0,
          upserted: false,
        });
        expect(await c.replaceOne({ _id: 'absent' }, { _id: 'absent', a: 1 })).to.deep.equal({
          matched: 0,
          upserted: false,
        });
        expect(await c.findOne({ _id: 'absent' })).to.equal(null);
      });

      it('upserts from the equality fields of the query', async () => {
        const c = store.collection('instances');
        const up = await c.updateOne(
          { _id: 'u1', kind: 'k' },
          { $set: { a: 1 }, $inc: { n: 1 } },
          { upsert: true },
        );
        expect(up).to.deep.equal({ matched: 1, upserted: true });
        expect(await c.findOne({ _id: 'u1' })).to.deep.equal({ _id: 'u1', kind: 'k', a: 1, n: 1 });
        const again = await c.updateOne({ _id: 'u1', kind: 'k' }, { $inc: { n: 1 } }, { upsert: true });
        expect(again).to.deep.equal({ matched: 1, upserted: false });
        expect((await c.findOne({ _id: 'u1' }))!.n).to.equal(2);
        // operator conditions filter but are not copied into the new document
        await c.updateOne({ _id: 'u2', version: { $lt: 5 } }, { $set: { a: 2 } }, { upsert: true });
        expect(await c.findOne({ _id: 'u2' })).to.deep.equal({ _id: 'u2', a: 2 });
      });

      it('replaces whole documents, keeps _id, upserts', async () => {
        const c = store.collection('instances');
        await c.insert({ _id: 'r1', a: 1, b: { c: 2 }, version: 1 });
        const rep = await c.replaceOne({ _id: 'r1', version: 1 }, { _id: 'r1', version: 2, z: 'new' });
        expect(rep).to.deep.equal({ matched: 1, upserted: false });
        expect(await c.findOne({ _id: 'r1' })).to.deep.equal({ _id: 'r1', version: 2, z: 'new' });
        expect((await c.replaceOne({ _id: 'r1', version: 1 }, { _id: 'r1', version: 9 })).matched).to.equal(
          0,
        );
        const ins = await c.replaceOne({ _id: 'r2' }, { _id: 'r2', v: 1 }, { upsert: true });
        expect(ins).to.deep.equal({ matched: 1, upserted: true });
        const upd = await c.replaceOne({ _id: 'r2' }, { _id: 'r2', v: 2 }, { upsert: true });
        expect(upd).to.deep.equal({ matched: 1, upserted: false });
        expect(await c.findOne({ _id: 'r2' })).to.deep.equal({ _id: 'r2', v: 2 });
      });

      it('gives exactly one winner to concurrent version-checked writes', async () => {
        const c = store.collection('instances');
        await c.insert({ _id: 'v1', version: 1 });
        const results = await Promise.all(
          Array.from({ length: 10 }, (_, i) =>
            c.updateOne({ _id: 'v1', version: 1 }, { $set: { by: i }, $inc: { version: 1 } }),
          ),
        );
        expect(results.filter((r) => r.matched === 1)).to.have.length(1);
        const winner = results.findIndex((r) => r.matched === 1);
        expect(await c.findOne({ _id: 'v1' })).to.deep.equal({ _id: 'v1', version: 2, by: winner });
        const rep = await Promise.all(
          ['a', 'b', 'c'].map((w) => c.replaceOne({ _id: 'v1', version: 2 }, { _id: 'v1', version: 3, w })),
        );
        expect(rep.filter((r) => r.matched === 1)).to.have.length(1);
        expect((await c.findOne({ _id: 'v1' }))!.version).to.equal(3);
        // many writers, each retrying on conflict: no increment is lost
        const bump = async () => {
          for (;;) {
            const d = (await c.findOne({ _id: 'v1' }))!;
            const r = await c.updateOne({ _id: 'v1', version: d.version }, { $inc: { version: 1 } });
            if (r.matched === 1) return;
          }
        };
        await Promise.all(Array.from({ length: 20 }, bump));
        expect((await c.findOne({ _id: 'v1' }))!.version).to.equal(23);
      });

      describe('batch compare-and-set (replaceManyIf)', () => {
        const inst = () => store.collection('instances');
        const sorted = (list: Iterable<string>) => [...list].sort();
        // documents of their own, `cas-` ids (the lifecycle tests below count the others')
        const clean = async () => {
          for (const c of [inst(), tasks()]) {
            const own = (await c.find({}, { fields: ['_id'] }))
              .map((d) => d._id)
              .filter((id) => id.startsWith('cas-'));
            if (own.length) await c.deleteMany({ _id: { $in: own } });
          }
        };
        beforeEach(clean);
        afterEach(clean);

        it('writes the documents still at their version, leaves the ones another writer moved, keeps side rows with them', async () => {
          const c = inst();
          for (const id of ['cas-a', 'cas-b', 'cas-c', 'cas-d'])
            await c.insert({
              _id: id,
              version: 1,
              accessKeys: [`old-${id}`, 'cas-shared'],
              unitPath: ['G1', 'C1'],
            });
          // b lost the race to another writer before the batch
          const other = await c.updateOne(
            { _id: 'cas-b', version: 1 },
            { $set: { by: 'other' }, $inc: { version: 1 } },
          );
          expect(other.matched).to.equal(1);
          const next = (id: string) => ({
            doc: {
              _id: id,
              version: 2,
              by: 'batch',
              accessKeys: [`new-${id}`, 'cas-shared'],
              unitPath: ['G1', 'C1'],
            },
            expected: 1,
          });
          const written = await c.replaceManyIf(
            [next('cas-a'), next('cas-b'), next('cas-c'), next('cas-z')],
            {
              field: 'version',
              op: '$eq',
            },
          );
          expect(sorted(written)).to.deep.equal(['cas-a', 'cas-c']);
          expect(await c.findOne({ _id: 'cas-a' })).to.deep.equal(next('cas-a').doc);
          expect(await c.findOne({ _id: 'cas-c' })).to.deep.equal(next('cas-c').doc);
          expect(await c.findOne({ _id: 'cas-b' })).to.deep.equal({
            _id: 'cas-b',
            version: 2,
            by: 'other',
            accessKeys: ['old-cas-b', 'cas-shared'],
            unitPath: ['G1', 'C1'],
          });
          expect(await c.findOne({ _id: 'cas-z' })).to.equal(null); // no upsert
          expect((await c.findOne({ _id: 'cas-d' }))!.version).to.equal(1);
          // the multikey matches follow the documents written, and only those
          const news = ['new-cas-a', 'new-cas-b', 'new-cas-c'];
          const olds = ['old-cas-a', 'old-cas-b', 'old-cas-c', 'old-cas-d'];
          expect(ids(await c.find({ accessKeys: { $in: news } }))).to.deep.equal(['cas-a', 'cas-c']);
          expect(ids(await c.find({ accessKeys: { $in: olds } }))).to.deep.equal(['cas-b', 'cas-d']);
          expect(ids(await c.find({ accessKeys: 'cas-shared' }))).to.deep.equal([
            'cas-a',
            'cas-b',
            'cas-c',
            'cas-d',
          ]);
          expect(await c.count({ accessKeys: 'cas-shared', unitPath: 'C1' })).to.equal(4);
          // a second round against the versions now stored: a and b, not c (its check names an old version)
          const again = await c.replaceManyIf(
            [
              { doc: { _id: 'cas-a', version: 3, accessKeys: [] }, expected: 2 },
              { doc: { _id: 'cas-b', version: 3, accessKeys: ['cas-x'] }, expected: 2 },
              { doc: { _id: 'cas-c', version: 3, accessKeys: [] }, expected: 1 },
            ],
            { field: 'version', op: '$eq' },
          );
          expect(sorted(again)).to.deep.equal(['cas-a', 'cas-b']);
          expect(
            ids(await c.find({ accessKeys: { $in: ['new-cas-a', 'old-cas-b', 'cas-shared'] } })),
          ).to.deep.equal(['cas-c', 'cas-d']);
          expect(ids(await c.find({ accessKeys: 'cas-x' }))).to.deep.equal(['cas-b']);
          expect((await c.replaceManyIf([], { field: 'version', op: '$eq' })).size).to.equal(0);
        });

        it('projects with $lt and upsert: older copies replaced, newer ones kept, missing ones inserted', async () => {
          const t = tasks();
          await t.insert({ _id: 'cas-t1', instanceVersion: 3, openKeys: ['u:cas-ann'], status: 'open' });
          await t.insert({ _id: 'cas-t2', instanceVersion: 5, openKeys: ['u:cas-bob'], status: 'open' });
          const doc = (id: string, v: number, keys: string[]) => ({
            doc: { _id: id, instanceVersion: v, openKeys: keys, status: keys.length ? 'open' : 'done' },
            expected: v,
          });
          const guard = { field: 'instanceVersion', op: '$lt', upsert: true } as const;
          const written = await t.replaceManyIf(
            [doc('cas-t1', 4, ['u:cas-cai']), doc('cas-t2', 4, []), doc('cas-t3', 1, ['u:cas-cai'])],
            guard,
          );
          expect(sorted(written)).to.deep.equal(['cas-t1', 'cas-t3']);
          expect((await t.findOne({ _id: 'cas-t1' }))!.instanceVersion).to.equal(4);
          expect((await t.findOne({ _id: 'cas-t2' }))!.instanceVersion).to.equal(5);
          expect((await t.findOne({ _id: 'cas-t3' }))!.openKeys).to.deep.equal(['u:cas-cai']);
          expect(ids(await t.find({ openKeys: 'u:cas-cai' }))).to.deep.equal(['cas-t1', 'cas-t3']);
          expect(ids(await t.find({ openKeys: { $in: ['u:cas-ann', 'u:cas-bob'] } }))).to.deep.equal([
            'cas-t2',
          ]);
          // the same projections again write nothing (a replayed outbox)
          const replay = await t.replaceManyIf(
            [doc('cas-t1', 4, ['u:cas-cai']), doc('cas-t3', 1, ['u:cas-cai'])],
            guard,
          );
          expect(replay.size).to.equal(0);
        });

        it('refuses one _id twice in a batch', async () => {
          const one = { doc: { _id: 'cas-a', version: 2 }, expected: 1 };
          const err = await inst()
            .replaceManyIf([one, one], { field: 'version', op: '$eq' })
            .catch((e: unknown) => e);
          expect(String(err)).to.match(/twice/);
        });

        it('gives each document to exactly one of concurrent batches over the same versions, also past one statement', async () => {
          const c = inst();
          const n = 300; // more than one statement's worth of rows (and a padded one)
          const all = Array.from({ length: n }, (_, i) => `cas-k${String(i).padStart(3, '0')}`);
          await c.insertManyIgnoreDuplicates(
            all.map((id) => ({ _id: id, version: 1, accessKeys: ['cas-w:none'] })),
          );
          // each writer claims an overlapping part of them (each document three times), in its own order
          const part = (w: number) => {
            const mine = all.filter((_, i) => (i + w) % 4 !== 0);
            return w % 2 ? mine.reverse() : mine;
          };
          const results = await Promise.all(
            [0, 1, 2, 3].map((w) =>
              c.replaceManyIf(
                part(w).map((id) => ({
                  doc: { _id: id, version: 2, by: w, accessKeys: [`cas-w:${w}`] },
                  expected: 1,
                })),
                { field: 'version', op: '$eq' },
              ),
            ),
          );
          const stored = new Map((await c.find({ _id: { $in: all } })).map((d) => [d._id, d]));
          for (const id of all) {
            const claims = results.flatMap((r, w) => (r.has(id) ? [w] : []));
            expect(claims, id).to.have.length(1);
            expect(stored.get(id)!.by, id).to.equal(claims[0]);
            expect(stored.get(id)!.version).to.equal(2);
          }
          for (const w of [0, 1, 2, 3])
            expect(await c.count({ accessKeys: `cas-w:${w}` }), `writer ${w}`).to.equal(results[w].size);
          expect(await c.count({ accessKeys: 'cas-w:none' })).to.equal(0);
        });
      });

      it('draws distinct consecutive counter values under concurrency (case numbers)', async () => {
        const draws = await Promise.all(
          Array.from({ length: 50 }, () => nextSequence(store, 'caseNo:T-{seq}')),
        );
        expect([...draws].sort((a, b) => a - b)).to.deep.equal(Array.from({ length: 50 }, (_, i) => i + 1));
        // another counter starts at 1; the first one goes on where it stopped
        expect(await nextSequence(store, 'caseNo:U-{seq}')).to.equal(1);
        expect(await nextSequence(store, 'caseNo:T-{seq}')).to.equal(51);
        expect(await store.collection('meta').findOne({ _id: 'caseNo:T-{seq}' })).to.deep.equal({
          _id: 'caseNo:T-{seq}',
          seq: 51,
        });
      });

      it('reads case numbers by prefix through a range on the caseNo index', async () => {
        const c = store.collection('instances');
        for (const no of [
          '310117-2026-000001',
          '310117-2026-000002',
          '310117-2026-000010',
          '310118-2026-000001',
        ])
          await c.insert({ _id: `cn${no}`, caseNo: no });
        const found = async (q: string) => (await c.find(caseNumberQuery(q))).map((d) => d.caseNo).sort();
        expect(await found('310117-2026-00000')).to.deep.equal(['310117-2026-000001', '310117-2026-000002']);
        expect(await found('310117-2026-000010')).to.deep.equal(['310117-2026-000010']);
        expect(await found('310118')).to.deep.equal(['310118-2026-000001']);
        expect(await found('310119')).to.deep.equal([]);
        await c.deleteMany({ caseNo: { $exists: true } });
      });
    });

    describe('external tasks (engine/queue/external-tasks.ts)', () => {
      const worker = { username: 'ext1', topics: ['sync'], units: ['D1'] };
      const service = (now: number) =>
        new ExternalTasks({ store, queues: undefined as never, now: () => now });
      before(async () => {
        await store.collection('externalTasks').deleteMany({});
        await store.collection('instances').insert({
          _id: 'ext-i1',
          status: 'active',
          definitionKey: 'p',
          gridUnit: 'G1',
          unitPath: ['G1', 'D1'],
          variables: { venue: 'school', secret: 1 },
          // the tokens waiting on the tasks (a task no token waits on is dropped when fetched)
          tokens: Object.fromEntries(
            Array.from({ length: 12 }, (_, i) => [`t${i}`, { id: `t${i}`, external: `ext-i1.x${i}` }]),
          ),
        });
        const state = (await store.collection('instances').findOne({ _id: 'ext-i1' })) as never;
        for (let i = 0; i < 12; i++)
          await createExternalTask(store, state, {
            id: `ext-i1.x${i}`,
            tokenId: `t${i}`,
            nodeId: 'x',
            topic: i < 10 ? 'sync' : 'other',
            variables: ['venue'],
            retries: 3,
            createdAt: 1000 + i,
          });
        // a case of another district: its task is not this worker's
        await store.collection('instances').insert({
          _id: 'ext-i2',
          status: 'active',
          definitionKey: 'p',
          gridUnit: 'G9',
          unitPath: ['G9', 'D2'],
          variables: {},
          tokens: { t0: { id: 't0', external: 'ext-i2.x0' } },
        });
        const other = (await store.collection('instances').findOne({ _id: 'ext-i2' })) as never;
        await createExternalTask(store, other, {
          id: 'ext-i2.x0',
          tokenId: 't0',
          nodeId: 'x',
          topic: 'sync',
          retries: 3,
          createdAt: 900,
        });
        // a replayed outbox creates nothing twice
        await createExternalTask(store, state, {
          id: 'ext-i1.x0',
          tokenId: 't0',
          nodeId: 'x',
          topic: 'sync',
          retries: 3,
          createdAt: 5000,
        });
      });

      it('locks every open task of a topic once among concurrent fetchers (compare-and-set)', async () => {
        const s = service(2000);
        const got = await Promise.all(
          Array.from({ length: 8 }, (_, i) =>
            s.fetchAndLock(worker, {
              workerId: `w${i}`,
              topics: [{ name: 'sync', lockDuration: 1000 }],
              maxTasks: 3,
            }),
          ),
        );
        const ids = got.flat().map((t) => t.id);
        expect(new Set(ids).size).to.equal(ids.length);
        expect(ids.sort()).to.deep.equal(Array.from({ length: 10 }, (_, i) => `ext-i1.x${i}`).sort());
        expect(got.flat()[0].variables).to.deep.equal({ venue: 'school' });
        // locked until 3000: nothing now, everything again once the locks expire
        const none = await s.fetchAndLock(worker, {
          workerId: 'w',
          topics: [{ name: 'sync', lockDuration: 1000 }],
          maxTasks: 20,
        });
        expect(none).to.deep.equal([]);
        const later = await service(3000).fetchAndLock(worker, {
          workerId: 'w',
          topics: [{ name: 'sync', lockDuration: 1000 }],
          maxTasks: 20,
        });
        expect(later).to.have.length(10);
      });

      it('removes a cancelled task unless it is done', async () => {
        const c = store.collection('externalTasks');
        await c.updateOne({ _id: 'ext-i1.x1' }, { $set: { status: 'done' } });
        await cancelExternalTask(store, 'ext-i1.x1');
        await cancelExternalTask(store, 'ext-i1.x2');
        expect(await c.findOne({ _id: 'ext-i1.x1' })).to.not.equal(null);
        expect(await c.findOne({ _id: 'ext-i1.x2' })).to.equal(null);
      });
    });

    describe('keys', () => {
      it('rejects a duplicate _id and a duplicate in a unique index', async () => {
        const h = store.collection('history');
        await h.insert({ _id: 'h1', instanceId: 'x', at: 1 });
        const err = await h.insert({ _id: 'h1', instanceId: 'x', at: 2 }).catch((e) => e);
        expect(err).to.be.instanceOf(DuplicateKeyError);
        expect((await h.findOne({ _id: 'h1' }))!.at).to.equal(1);

        const users = store.collection('users');
        await users.insert({ _id: 'a', username: 'same' });
        const dup = await users.insert({ _id: 'b', username: 'same' }).catch((e) => e);
        expect(dup).to.be.instanceOf(DuplicateKeyError);
        await users.insert({ _id: 'c', username: 'other' });
        const viaUpdate = await users.updateOne({ _id: 'c' }, { $set: { username: 'same' } }).catch((e) => e);
        expect(viaUpdate).to.be.instanceOf(DuplicateKeyError);
        expect(await users.count({})).to.equal(2);

        // compound unique index
        const defs = store.collection('definitions');
        await defs.insert({ _id: 'd1', key: 'p', version: 1 });
        await defs.insert({ _id: 'd2', key: 'p', version: 2 });
        const sameVersion = await defs.insert({ _id: 'd3', key: 'p', version: 2 }).catch((e) => e);
        expect(sameVersion).to.be.instanceOf(DuplicateKeyError);
      });

      it('reports an upsert that runs into an existing _id as a duplicate', async () => {
        const c = store.collection('instances');
        await c.insert({ _id: 'k1', version: 4 });
        const err = await c
          .replaceOne({ _id: 'k1', version: 3 }, { _id: 'k1', version: 4 }, { upsert: true })
          .catch((e) => e);
        expect(err).to.be.instanceOf(DuplicateKeyError);
        expect(await c.findOne({ _id: 'k1' })).to.deep.equal({ _id: 'k1', version: 4 });
      });

      it('appends idempotently with insertManyIgnoreDuplicates', async () => {
        const h = store.collection('history');
        await h.insertManyIgnoreDuplicates([]);
        await h.insertManyIgnoreDuplicates([
          { _id: 'm1', instanceId: 'y', at: 1 },
          { _id: 'm2', instanceId: 'y', at: 2 },
        ]);
        // replayed, partly overlapping, with a duplicate inside the batch
        await h.insertManyIgnoreDuplicates([
          { _id: 'm1', instanceId: 'y', at: 9 },
          { _id: 'm3', instanceId: 'y', at: 3 },
          { _id: 'm3', instanceId: 'y', at: 9 },
          { _id: 'm4', instanceId: 'y', at: 4 },
        ]);
        await h.insertManyIgnoreDuplicates([{ _id: 'm2', instanceId: 'y', at: 9 }]);
        const all = await h.find({ instanceId: 'y' }, { sort: { at: 1 } });
        expect(all.map((d) => [d._id, d.at])).to.deep.equal([
          ['m1', 1],
          ['m2', 2],
          ['m3', 3],
          ['m4', 4],
        ]);
      });

      it('still reports a clash on another unique index from insertManyIgnoreDuplicates', async () => {
        const users = store.collection('users');
        await users.insert({ _id: 'e1', username: 'eve' });
        const err = await users
          .insertManyIgnoreDuplicates([
            { _id: 'e2', username: 'eve' },
            { _id: 'e3', username: 'evan' },
          ])
          .catch((e) => e);
        expect(err).to.be.instanceOf(DuplicateKeyError);
        expect(ids(await users.find({ _id: { $in: ['e1', 'e2', 'e3'] } }))).to.deep.equal(['e1', 'e3']);
      });
    });

    describe('lifecycle', () => {
      it('deletes and reports how many', async () => {
        const c = store.collection('escalations');
        await c.insertManyIgnoreDuplicates([
          { _id: 'e1', firedAt: 1 },
          { _id: 'e2', firedAt: 2 },
          { _id: 'e3', firedAt: 3 },
        ]);
        expect(await c.deleteMany({ firedAt: { $gte: 2 } })).to.equal(2);
        expect(await c.deleteMany({ firedAt: { $gte: 2 } })).to.equal(0);
        expect(ids(await c.find({}))).to.deep.equal(['e1']);
        expect(await c.deleteMany({})).to.equal(1);
        expect(await c.count({})).to.equal(0);
      });

      it('answers ping and reports its size', async () => {
        expect(await store.ping()).to.equal(true);
        expect(await store.sizeBytes()).to.be.greaterThan(0);
      });

      it('keeps data across close and reopen', async () => {
        await store
          .collection('meta')
          .replaceOne({ _id: 'k' }, { _id: 'k', v: 42, nested: { a: [1], b: { c: 'd' } } }, { upsert: true });
        await store.collection('instances').updateOne({ _id: 'v1' }, { $inc: { version: 1 } });
        await store.collection('history').deleteMany({ _id: 'm4' });
        await store.close();
        expect(await store.ping()).to.equal(false);
        store = await open();
        expect(await store.collection('meta').findOne({ _id: 'k' })).to.deep.equal({
          _id: 'k',
          v: 42,
          nested: { a: [1], b: { c: 'd' } },
        });
        expect((await store.collection('instances').findOne({ _id: 'v1' }))!.version).to.equal(24);
        expect(await store.collection('history').findOne({ _id: 'm4' })).to.equal(null);
        expect(await store.collection('tasks').count({})).to.equal(4);
        // indexes still enforced after reopening
        const dup = await store
          .collection('users')
          .insert({ _id: 'z', username: 'same' })
          .catch((e) => e);
        expect(dup).to.be.instanceOf(DuplicateKeyError);
      });

      it('round-trips Date values, also in queries and sorts', async () => {
        const c = store.collection('meta');
        const t1 = new Date('2026-01-02T03:04:05.678Z');
        const t2 = new Date('2026-03-04T05:06:07.890Z');
        await c.insert({ _id: 'date1', at: t1 });
        await c.insert({ _id: 'date2', at: t2 });
        const d = (await c.findOne({ _id: 'date1' }))!;
        expect(d.at).to.be.instanceOf(Date);
        expect(d.at.getTime()).to.equal(t1.getTime());
        expect(ids(await c.find({ at: { $gt: t1 } }))).to.deep.equal(['date2']);
        const sorted = await c.find({ at: { $exists: true } }, { sort: { at: -1 } });
        expect(sorted.map((x) => x._id)).to.deep.equal(['date2', 'date1']);
        await store.close();
        store = await open();
        expect((await store.collection('meta').findOne({ _id: 'date2' }))!.at).to.deep.equal(t2);
      });
    });
  });
}
