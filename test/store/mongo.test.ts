// Runs the store contract against MongoDB when MONGO_URL is set, in a throw-away database. What can be
// checked without a server (failing fast, error and result mapping) always runs.
import { expect } from 'chai';
import mongoose from 'mongoose';
import { createIndexes, MongoCollection, openMongoStore } from '../../engine/store/mongo.js';
import { COLLECTIONS, DuplicateKeyError, INDEXES, type CollectionName } from '../../engine/store/types.js';
import { storeContract } from './contract.js';

const url = process.env.MONGO_URL;

if (url) {
  const dbName = `grid_store_contract_${process.pid}_${Date.now()}`;
  storeContract(
    'mongo (mongoose)',
    () => openMongoStore(url, { dbName }),
    async () => {
      const conn = await mongoose.createConnection(url, { dbName }).asPromise();
      try {
        await conn.dropDatabase();
      } finally {
        await conn.close();
      }
    },
  );
} else {
  describe('store contract: mongo (mongoose)', () => {
    before(function () {
      console.log('    mongo store contract skipped: MONGO_URL is not set');
      this.skip();
    });
    it('passes the shared store contract against MongoDB', () => {});
  });
}

describe('mongo store without a server', () => {
  it('fails fast when no server answers', async () => {
    const started = Date.now();
    const err = await openMongoStore('mongodb://127.0.0.1:9/grid', { serverSelectionTimeoutMS: 300 }).catch(
      (e) => e,
    );
    expect(err).to.be.instanceOf(Error);
    expect(Date.now() - started).to.be.lessThan(3000);
  });

  const dupError = (index: string) =>
    Object.assign(new Error(`E11000 duplicate key error collection: t.c index: ${index} dup key: { }`), {
      code: 11000,
      errmsg: `E11000 duplicate key error collection: t.c index: ${index} dup key: { }`,
    });
  const bulkError = (...writeErrors: object[]) =>
    Object.assign(new Error('bulk'), { code: 11000, writeErrors });
  /** a native collection whose every method answers or throws `outcome`, recording its calls */
  const fake = (outcome: unknown) => {
    const calls: unknown[][] = [];
    const answer = async (...args: unknown[]) => {
      calls.push(args);
      if (outcome instanceof Error) throw outcome;
      return outcome;
    };
    const raw = { insertOne: answer, insertMany: answer, updateOne: answer, replaceOne: answer };
    return { calls, col: new MongoCollection(raw as never) };
  };

  it('maps E11000 to DuplicateKeyError', async () => {
    expect(
      await fake(dupError('_id_'))
        .col.insert({ _id: 'a' })
        .catch((e) => e),
    ).to.be.instanceOf(DuplicateKeyError);
    const upd = fake(dupError('username_1')).col.updateOne({ _id: 'a' }, { $set: { username: 'x' } });
    expect(await upd.catch((e) => e)).to.be.instanceOf(DuplicateKeyError);
    const other = Object.assign(new Error('boom'), { code: 2 });
    expect(
      await fake(other)
        .col.insert({ _id: 'a' })
        .catch((e) => e),
    ).to.equal(other);
  });

  it('skips existing _ids in insertManyIgnoreDuplicates, reports other clashes', async () => {
    const idDups = bulkError(dupError('_id_'), dupError('_id_'));
    await fake(idDups).col.insertManyIgnoreDuplicates([{ _id: 'a' }, { _id: 'b' }]);
    const mixed = bulkError(dupError('_id_'), dupError('username_1'));
    expect(
      await fake(mixed)
        .col.insertManyIgnoreDuplicates([{ _id: 'a' }])
        .catch((e) => e),
    ).to.be.instanceOf(DuplicateKeyError);
    const notDup = bulkError(dupError('_id_'), { code: 121, errmsg: 'validation' });
    expect(
      await fake(notDup)
        .col.insertManyIgnoreDuplicates([{ _id: 'a' }])
        .catch((e) => e),
    ).to.equal(notDup);
    const { calls, col } = fake({});
    await col.insertManyIgnoreDuplicates([{ _id: 'a' }]);
    expect(calls[0][1]).to.deep.equal({ ordered: false });
  });

  it('reports matched/upserted like the embedded store and sends normalized updates', async () => {
    const hit = fake({ matchedCount: 1, upsertedCount: 0 });
    expect(await hit.col.updateOne({ _id: 'a' }, { $set: { a: undefined, b: 1 } })).to.deep.equal({
      matched: 1,
      upserted: false,
    });
    expect(hit.calls[0][1]).to.deep.equal({ $set: { b: 1 }, $unset: { a: true } });
    const ins = fake({ matchedCount: 0, upsertedCount: 1 });
    expect(await ins.col.replaceOne({ _id: 'a' }, { _id: 'a' }, { upsert: true })).to.deep.equal({
      matched: 1,
      upserted: true,
    });
    expect(ins.calls[0][2]).to.deep.equal({ upsert: true });
  });

  describe('batch compare-and-set (replaceManyIf) as one bulkWrite', () => {
    /** a native collection answering bulkWrite with `bulk` (or throwing it) and find with `stored` */
    const bulkFake = (bulk: unknown, stored: object[] = []) => {
      const calls: { bulk: unknown[][]; find: unknown[][] } = { bulk: [], find: [] };
      const raw = {
        bulkWrite: async (...args: unknown[]) => {
          calls.bulk.push(args);
          if (bulk instanceof Error) throw bulk;
          return bulk;
        },
        find: (...args: unknown[]) => {
          calls.find.push(args);
          return { toArray: async () => stored };
        },
      };
      return { calls, col: new MongoCollection(raw as never) };
    };
    const items = ['a', 'b', 'c'].map((id) => ({
      doc: { version: 2, _id: id, by: 'me', gone: undefined },
      expected: 1,
    }));
    const guard = { field: 'version', op: '$eq' } as const;

    it('sends version-filtered replaceOnes unordered; all matched: all written, nothing read back', async () => {
      const { calls, col } = bulkFake({ matchedCount: 3, upsertedIds: {} });
      expect([...(await col.replaceManyIf(items, guard))].sort()).to.deep.equal(['a', 'b', 'c']);
      expect(calls.bulk[0][0]).to.deep.equal(
        items.map((it) => ({
          replaceOne: { filter: { _id: it.doc._id, version: 1 }, replacement: it.doc, upsert: false },
        })),
      );
      expect(calls.bulk[0][1]).to.deep.equal({ ordered: false });
      expect(calls.find).to.have.length(0);
      const lt = bulkFake({ matchedCount: 1, upsertedIds: {} });
      await lt.col.replaceManyIf([items[0]], { field: 'instanceVersion', op: '$lt', upsert: true });
      expect((lt.calls.bulk[0][0] as Array<{ replaceOne: object }>)[0].replaceOne).to.deep.include({
        filter: { _id: 'a', instanceVersion: { $lt: 1 } },
        upsert: true,
      });
    });

    it('some not matched: only documents stored as sent count as written', async () => {
      // b was written by another writer (other content), c is ours
      const stored = [
        { _id: 'b', version: 2, by: 'other' },
        { _id: 'c', version: 2, by: 'me' }, // _id first and the undefined field left out, as MongoDB stores it
      ];
      const { calls, col } = bulkFake({ matchedCount: 1, upsertedIds: {} }, stored);
      expect([...(await col.replaceManyIf(items.slice(1), guard))]).to.deep.equal(['c']);
      expect(calls.find[0][0]).to.deep.equal({ _id: { $in: ['b', 'c'] } });
      const none = bulkFake({ matchedCount: 0, upsertedIds: {} });
      expect((await none.col.replaceManyIf(items, guard)).size).to.equal(0);
      expect(none.calls.find).to.have.length(0);
    });

    it('upserts running into a newer stored _id lost their check; other write errors are thrown', async () => {
      const dup = Object.assign(bulkError({ ...dupError('_id_'), index: 1 }), {
        result: { matchedCount: 1, upsertedIds: { 2: 'c' } },
      });
      const { col } = bulkFake(dup);
      const upsert = { field: 'instanceVersion', op: '$lt', upsert: true } as const;
      expect([...(await col.replaceManyIf(items, upsert))].sort()).to.deep.equal(['a', 'c']);
      const other = Object.assign(bulkError({ code: 121, errmsg: 'validation', index: 0 }), {
        result: { matchedCount: 0, upsertedIds: {} },
      });
      expect(
        await bulkFake(other)
          .col.replaceManyIf(items, upsert)
          .catch((e) => e),
      ).to.equal(other);
      const down = new Error('connection closed');
      expect(
        await bulkFake(down)
          .col.replaceManyIf(items, guard)
          .catch((e) => e),
      ).to.equal(down);
    });
  });

  /** every collection's index specs as openMongoStore sends them to the driver */
  async function createdSpecs(): Promise<Map<CollectionName, Array<{ key: object; unique?: boolean }>>> {
    const out = new Map<CollectionName, Array<{ key: object; unique?: boolean }>>();
    for (const name of COLLECTIONS) {
      const sent: Array<{ key: object; unique?: boolean }> = [];
      await createIndexes(
        {
          createIndexes: (async (specs: Array<{ key: object; unique?: boolean }>) => {
            sent.push(...specs);
            return [];
          }) as never,
        },
        name,
      );
      out.set(name, sent);
    }
    return out;
  }

  it('creates every index of INDEXES, in its field order and with its uniqueness', async () => {
    const created = await createdSpecs();
    for (const name of COLLECTIONS) {
      const specs = created.get(name)!;
      expect(
        specs.map((x) => [Object.entries(x.key), !!x.unique]),
        name,
      ).to.deep.equal(INDEXES[name].map((i) => [Object.entries(i.fields), !!i.unique]));
      // MongoDB refuses a second index on the same key pattern with other options; the same one is waste
      const patterns = specs.map((x) => JSON.stringify(Object.entries(x.key)));
      expect(new Set(patterns).size, `${name}: a key pattern twice`).to.equal(patterns.length);
    }
  });

  it('no compound index spans two array fields (MongoDB would refuse every such document)', async () => {
    // the fields that hold arrays (multikey in MongoDB): a compound index may include at most one of them
    const arrays: Partial<Record<CollectionName, string[]>> = {
      instances: ['unitPath', 'unitChain', 'accessKeys'],
      tasks: ['unitPath', 'candidateRoles', 'watchers'],
      escalations: ['unitPath', 'candidateRoles'],
      supervisions: ['unitPath'],
      users: ['roles', 'roleKeys'],
    };
    for (const [name, specs] of await createdSpecs()) {
      for (const s of specs) {
        const multikey = Object.keys(s.key).filter((f) => (arrays[name] ?? []).includes(f.split('.')[0]));
        expect(multikey.length, `${name} ${JSON.stringify(s.key)}`).to.be.at.most(1);
      }
    }
  });

  it('has the indexes the listing, jurisdiction and statistics queries need', async () => {
    const created = await createdSpecs();
    /** an index whose leading fields are these, in this order */
    const has = (name: CollectionName, ...fields: string[]) =>
      expect(
        created.get(name)!.some((x) => fields.every((f, i) => Object.keys(x.key)[i] === f)),
        `${name} (${fields.join(', ')})`,
      ).to.equal(true);
    has('instances', 'unitPath', 'startedAt');
    has('instances', 'unitPath', 'endedAt');
    has('instances', 'gridUnit');
    has('instances', 'startedBy');
    has('instances', 'status', 'endedAt');
    has('tasks', 'owner');
    has('tasks', 'watchers');
    has('tasks', 'assignee');
    has('tasks', 'unit', 'candidateRoles');
    has('tasks', 'status', 'unitPath', 'dueAt');
    has('tasks', 'gridUnit', 'completedAt');
    has('history', 'instanceId', 'at');
    has('escalations', 'unitPath', 'firedAt');
    has('escalations', 'toUnit', 'firedAt');
    has('supervisions', 'target.unit');
    has('users', 'roleKeys');
  });
});
