import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { expect } from 'chai';
import type { CompiledQuery } from 'kysely';
import { afterRow, caseListQuery, type CaseListFilter } from '../../engine/cases/case-list.js';
import { caseNumberQuery } from '../../engine/cases/case-number.js';
import { openStore } from '../../engine/store/index.js';
import { countSql, findSql } from '../../engine/store/sql/collection.js';
import { sqliteDialect } from '../../engine/store/sql/dialect.js';
import { openSqliteStore, SQLITE_FILE } from '../../engine/store/sql/sqlite.js';
import type { CollectionName, Query, FindOptions } from '../../engine/store/types.js';
import { storeContract } from './contract.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..', '..');
const fixture = (name: string) => path.join(here, 'fixtures', name);

const dir = await mkdtemp(path.join(os.tmpdir(), 'grid-sqlite-'));
storeContract(
  'SQLite',
  () => openSqliteStore(dir),
  () => rm(dir, { recursive: true, force: true }),
);

function child(script: string, args: string[]) {
  return spawn(process.execPath, ['--import', 'tsx', fixture(script), ...args], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function runToEnd(script: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const c = child(script, args);
    let out = '';
    let err = '';
    c.stdout.on('data', (d) => (out += d));
    c.stderr.on('data', (d) => (err += d));
    c.on('exit', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`${script} exited ${code}: ${err}`)),
    );
  });
}

describe('SQLite store', function () {
  this.timeout(60000);
  let tmp: string;
  beforeEach(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'grid-sqlite-x-'));
  });
  afterEach(() => rm(tmp, { recursive: true, force: true }));

  it('is what openStore opens by default: one file in the data folder', async () => {
    const store = await openStore({ dataDir: path.join(tmp, 'nested'), databaseUrl: '' });
    expect(store.kind).to.equal('sqlite');
    await store.collection('meta').insert({ _id: 'a' });
    await store.close();
    const db = new Database(path.join(tmp, 'nested', SQLITE_FILE), { readonly: true });
    expect(db.prepare('SELECT doc FROM meta').all()).to.deep.equal([{ doc: '{"_id":"a"}' }]);
    db.close();
  });

  it('commits the transactions of one turn together; one that fails rolls back alone', async () => {
    const store = await openSqliteStore(tmp);
    const meta = store.collection<{ _id: string; n?: number; v?: number }>('meta');
    const users = store.collection<{ _id: string; username: string; roleKeys: string[]; v?: number }>(
      'users',
    );
    await meta.insert({ _id: 'cas', v: 1 });
    await users.insert({ _id: 'a', username: 'a', roleKeys: ['r1'] });
    await users.insert({ _id: 'b', username: 'b', roleKeys: ['r1'] });
    // in one turn: an update that fails on a unique index after its read (the first to write), 20
    // increments, a duplicate insert that fails, two compare-and-sets of which one wins, and on a collection
    // with side tables (a read, then writes): a compare-and-set that misses, one that wins and again an
    // update that fails
    const clash = () => users.updateOne({ _id: 'b' }, { $set: { username: 'a', roleKeys: ['r3'] } });
    const results = await Promise.allSettled([
      clash(),
      ...Array.from({ length: 20 }, () =>
        meta.updateOne({ _id: 'counter' }, { $inc: { n: 1 } }, { upsert: true }),
      ),
      meta.insert({ _id: 'cas', v: 99 }),
      meta.replaceOne({ _id: 'cas', v: 1 }, { _id: 'cas', v: 2 }),
      meta.replaceOne({ _id: 'cas', v: 1 }, { _id: 'cas', v: 3 }),
      users.replaceOne({ _id: 'a', v: 5 }, { _id: 'a', username: 'a', roleKeys: ['r9'] }),
      users.updateOne({ _id: 'a' }, { $set: { roleKeys: ['r2'], v: 1 } }),
      clash(),
    ]);
    const failed = results.flatMap((r, i) => (r.status === 'rejected' ? [[i, r.reason?.name]] : []));
    expect(failed).to.deep.equal([
      [0, 'DuplicateKeyError'],
      [21, 'DuplicateKeyError'],
      [26, 'DuplicateKeyError'],
    ]);
    const cas = results
      .slice(22, 26)
      .map((r) => (r as PromiseFulfilledResult<{ matched: number }>).value.matched);
    expect(cas).to.deep.equal([1, 0, 0, 1]);
    expect((await meta.findOne({ _id: 'counter' }))?.n).to.equal(20);
    expect((await meta.findOne({ _id: 'cas' }))?.v).to.equal(2);
    expect((await users.find({ roleKeys: 'r2' })).map((u) => u._id)).to.deep.equal(['a']);
    expect((await users.find({ roleKeys: 'r1' })).map((u) => u._id)).to.deep.equal(['b']);
    expect(await users.find({ roleKeys: { $in: ['r3', 'r9'] } })).to.deep.equal([]);
    await store.close();
    // and it is all on disk: another connection reads the same
    const db = new Database(path.join(tmp, SQLITE_FILE), { readonly: true });
    const row = db.prepare(`SELECT doc FROM meta WHERE id = 'counter'`).get() as { doc: string };
    db.close();
    expect(JSON.parse(row.doc).n).to.equal(20);
  });

  it('loses no $inc and gives each compare-and-set version to one writer, across processes', async () => {
    const store = await openSqliteStore(tmp);
    await store.collection('meta').insert({ _id: 'cas', version: 0 });
    await store.close();
    const rounds = 500;
    const [a, b] = await Promise.all([
      runToEnd('sqlite-contender.ts', [tmp, 'a', String(rounds)]),
      runToEnd('sqlite-contender.ts', [tmp, 'b', String(rounds)]),
    ]);
    const wonA: number[] = JSON.parse(a);
    const wonB: number[] = JSON.parse(b);
    const reopened = await openSqliteStore(tmp);
    const counter = (await reopened.collection('meta').findOne({ _id: 'counter' }))!;
    const cas = (await reopened.collection('meta').findOne({ _id: 'cas' }))!;
    await reopened.close();
    expect(counter.n).to.equal(2 * rounds);
    expect(counter.by.filter((w: string) => w === 'a')).to.have.length(rounds);
    expect(cas.version).to.equal(2 * rounds);
    // every version from 1 to 1000 won exactly once, by one of the two
    expect([...wonA, ...wonB].sort((x, y) => x - y)).to.deep.equal(
      Array.from({ length: 2 * rounds }, (_, i) => i + 1),
    );
    // and both really contended: neither ran all its rounds before the other started
    const interleaved = wonA.some((v, i) => i > 0 && v - wonA[i - 1] > 1);
    console.log(`      a won ${wonA.length}, b won ${wonB.length}, interleaved: ${interleaved}`);
  });

  it('reopens after kill -9 of a writer with every acknowledged write present, three times', async () => {
    const seen = new Map<string, number>();
    for (let round = 1; round <= 3; round++) {
      const acked = await new Promise<Map<string, number>>((resolve, reject) => {
        const c = child('sqlite-crash-writer.ts', [tmp]);
        const got = new Map<string, number>();
        const killAt = 150 + Math.floor(Math.random() * 300);
        let acks = 0;
        let buffered = '';
        let stderr = '';
        let killed = false;
        const timeout = setTimeout(() => {
          c.kill('SIGKILL');
          reject(new Error(`writer made too little progress (${acks} acks): ${stderr}`));
        }, 20000);
        c.stderr.on('data', (d) => (stderr += d));
        c.stdout.on('data', (d: Buffer) => {
          buffered += d.toString();
          const lines = buffered.split('\n');
          buffered = lines.pop()!;
          for (const line of lines) {
            if (line === 'ready') continue;
            const [id, v] = line.split(' ');
            got.set(id, Math.max(got.get(id) ?? 0, Number(v)));
            if (++acks >= killAt && !killed) {
              killed = true;
              c.kill('SIGKILL');
            }
          }
        });
        c.on('exit', (code, signal) => {
          clearTimeout(timeout);
          if (signal === 'SIGKILL' && killed) resolve(got);
          else reject(new Error(`writer exited on its own (code ${code}, signal ${signal}): ${stderr}`));
        });
      });
      for (const [id, v] of acked) seen.set(id, Math.max(seen.get(id) ?? 0, v));

      const store = await openSqliteStore(tmp); // must not throw
      const instances = await store.collection('instances').find({});
      for (const d of instances) {
        expect(d.count, d._id).to.equal(d.version);
        expect(d.payload).to.match(/^p+$/);
      }
      const byId = new Map(instances.map((d) => [d._id, d.version as number]));
      for (const [id, v] of seen) expect(byId.get(id), `acknowledged write ${id} v${v}`).to.be.at.least(v);
      // side tables were written with their documents: an element lookup finds exactly the tasks
      const tasks = await store.collection('tasks').find({});
      expect(await store.collection('tasks').count({ unitPath: 'root' })).to.equal(tasks.length);
      for (const t of tasks.slice(-3)) {
        const found = await store.collection('tasks').find({ candidateRoles: { $in: t.candidateRoles } });
        expect(found.map((x) => x._id)).to.include(t._id);
      }
      await store.close();
      console.log(`      round ${round}: ${acked.size} instances acknowledged, ${instances.length} durable`);
    }
  });

  describe('query plans', () => {
    let db: Database.Database;
    let planDir: string;
    before(async function () {
      planDir = await mkdtemp(path.join(os.tmpdir(), 'grid-sqlite-plan-'));
      const store = await openSqliteStore(planDir);
      const units = Array.from({ length: 40 }, (_, i) => `u${i}`);
      const docs = Array.from({ length: 4000 }, (_, i) => ({
        _id: `t${i}`,
        instanceId: `i${i >> 1}`,
        status: i % 10 ? 'completed' : 'open',
        unit: units[i % 40],
        gridUnit: units[i % 40],
        unitPath: [units[i % 40], `s${i % 4}`, 'root'],
        candidateRoles: [`r${i % 5}`],
        dueAt: i * 1000,
        createdAt: i,
      }));
      await store.collection('tasks').insertManyIgnoreDuplicates(docs);
      await store
        .collection('instances')
        .insertManyIgnoreDuplicates(
          docs.map((d) => ({ _id: d.instanceId + d._id, unitPath: d.unitPath, startedAt: d.createdAt })),
        );
      await store.close();
      db = new Database(path.join(planDir, SQLITE_FILE));
      db.exec('ANALYZE');
    });
    after(async () => {
      db.close();
      await rm(planDir, { recursive: true, force: true });
    });

    const explain = (c: CompiledQuery) =>
      (
        db.prepare(`EXPLAIN QUERY PLAN ${c.sql}`).all(...(c.parameters as unknown[])) as Array<{
          detail: string;
        }>
      ).map((r) => r.detail);
    const plan = (name: CollectionName, q: Query, o?: FindOptions, broad?: ReadonlySet<string>) =>
      explain(findSql(sqliteDialect, name, q, o, broad));
    const fullScans = (lines: string[]) =>
      lines.filter((l) => /^SCAN (tasks|instances)\b/.test(l) && !/USING/.test(l));

    it('answers the inbox (status + access filter, by due date) from indexes and side tables', () => {
      const inbox = plan(
        'tasks',
        {
          status: 'open',
          $or: [
            { assignee: 'ann' },
            { watchers: 'ann' },
            { unitPath: { $in: ['s1', 's2'] } },
            { unit: 'u3', candidateRoles: { $in: ['r1', 'r2'] } },
          ],
        },
        { sort: { dueAt: 1 }, limit: 50 },
      );
      expect(fullScans(inbox), inbox.join('\n')).to.deep.equal([]);
      // status narrows to the open tasks; each is checked against the side tables by their primary key,
      // never by reading every task of a subtree ever made
      expect(inbox.join('\n')).to.match(/SEARCH tasks USING INDEX tasks__status/);
      expect(inbox.join('\n')).to.match(/SEARCH s USING PRIMARY KEY \(value=\? AND id=\?\)/);
    });

    it("drives a handler's open inbox from the open-task keys, also for a sorted page", () => {
      const inbox = plan(
        'tasks',
        { openKeys: { $in: ['u:ann', 'c:u3:r1'] } },
        { sort: { dueAt: 1 }, limit: 50 },
      );
      // the few open tasks of the keys are found by the side table's primary key and then sorted, instead of
      // walking the due-date index over every open task and checking each
      expect(fullScans(inbox), inbox.join('\n')).to.deep.equal([]);
      expect(inbox.join('\n')).to.match(/SEARCH tasks__openKeys USING PRIMARY KEY \(value=\?\)/);
      expect(inbox.join('\n')).not.to.match(/CORRELATED/);
    });

    it("walks a broad open inbox (a district supervisor's) in the page's order, and counts any from its keys", () => {
      // engine/api/access.ts openTaskQuery for a district supervisor, the inbox's default order
      const q = { status: 'open', openKeys: { $in: ['u:sue', 'c:s1:head', 's:s1'] } };
      const inboxOrder: FindOptions = { sort: { dueAt: 1, createdAt: 1 }, limit: 50 };
      // thousands of matches: the page comes out of the (status, dueAt, createdAt) index in its order, each
      // row checked against the keys by the side table's key, and the walk stops at the 50th — no sort of
      // every open task of the district
      const broad = plan('tasks', q, inboxOrder, new Set(['openKeys'])).join('\n');
      expect(broad).to.match(/SEARCH tasks USING INDEX tasks__status_dueAt_createdAt \(<expr>=\?\)/);
      expect(broad).to.match(
        /SEARCH s USING (COVERING INDEX tasks__openKeys__id|PRIMARY KEY) \((id|value)=\? AND (value|id)=\?\)/,
      );
      expect(broad).not.to.match(/TEMP B-TREE/);
      // a few matches: found by the keys and sorted; `status` is implied by the keys and not read per row
      const narrow = findSql(sqliteDialect, 'tasks', q, inboxOrder);
      expect(explain(narrow).join('\n')).to.match(/SEARCH tasks__openKeys USING PRIMARY KEY \(value=\?\)/);
      expect(narrow.sql).not.to.include('status');
      // the total, whoever asks: the side table's index alone, no task read
      const total = explain(countSql(sqliteDialect, 'tasks', q));
      expect(total.join('\n')).to.match(/SEARCH tasks__openKeys USING (COVERING INDEX|PRIMARY KEY)/);
      expect(total.join('\n')).not.to.match(/\btasks\b(?!__)/);
      // another filter beside the keys still reads the tasks
      const filtered = countSql(sqliteDialect, 'tasks', { ...q, level: 'grid' });
      expect(filtered.sql).to.include('level');
    });

    it('pages the active cases by _id (the start-up rebuild, the due timers) as one index range', () => {
      // engine/queue/recovery.ts: a keyset page after the last _id seen; sorting every active case (whole
      // documents) to keep 100 made the due-timer pass hold the event loop for seconds at 10k open cases
      for (const q of [{ status: 'active' }, { status: 'active', _id: { $gt: 'i100t200' } }]) {
        const page = plan('instances', q, { sort: { _id: 1 }, limit: 100, fields: ['timers'] }).join('\n');
        expect(page).to.match(/SEARCH instances USING INDEX instances__status__id \(<expr>=\?/);
        expect(page).not.to.match(/TEMP B-TREE/);
      }
    });

    it('answers the fetch of external tasks (topic, open, fetchable now, oldest first) from its index', () => {
      const fetch = plan(
        'externalTasks',
        { topic: 'hotline-sync', status: 'open', fetchableAt: { $lte: 5000 }, unitPath: { $in: ['u1'] } },
        { sort: { fetchableAt: 1 }, limit: 12 },
      );
      expect(fetch.join('\n')).to.match(
        /SEARCH externalTasks USING INDEX externalTasks__topic_status_fetchableAt/,
      );
      expect(fetch.join('\n')).not.to.match(/TEMP B-TREE|^SCAN/m);
    });

    it('answers unitPath $in and instanceId $in from indexes', () => {
      const cases = plan(
        'instances',
        { unitPath: { $in: ['u1', 'u2'] } },
        { sort: { startedAt: -1 }, limit: 50 },
      );
      expect(fullScans(cases), cases.join('\n')).to.deep.equal([]);
      const byCase = plan('tasks', { instanceId: { $in: ['i1', 'i2'] }, status: 'open' });
      expect(byCase.join('\n')).to.match(/SEARCH tasks USING INDEX tasks__instanceId/);
    });

    it("answers a handler's case list (access keys, starter, grid, subtree) and a case-number search from indexes", () => {
      // the shape of engine/api/access.ts instanceQuery for a handler who also supervises a subtree
      const access = {
        $or: [
          { startedBy: 'ann' },
          { accessKeys: { $in: ['u:ann', 'c:C1:head'] } },
          { unitPath: { $in: ['s1'] } },
          { gridUnit: { $in: ['g1'] } },
        ],
      };
      const list = plan(
        'instances',
        { $and: [access, { status: 'active' }] },
        { sort: { startedAt: -1 }, limit: 50 },
      );
      expect(fullScans(list), list.join('\n')).to.deep.equal([]);
      expect(list.join('\n')).to.match(/SEARCH s USING PRIMARY KEY \(value=\? AND id=\?\)/);
      const byNumber = plan(
        'instances',
        { $and: [access, caseNumberQuery('310117-2026-0001')] },
        { limit: 50 },
      );
      expect(fullScans(byNumber), byNumber.join('\n')).to.deep.equal([]);
    });

    it('answers every filter and sort of the case list (engine/cases/case-list.ts) from indexes', () => {
      const access = {
        $or: [
          { startedBy: 'ann' },
          { accessKeys: { $in: ['u:ann', 'c:C1:head'] } },
          { unitPath: { $in: ['s1'] } },
          { gridUnit: { $in: ['g1'] } },
        ],
      };
      const filters: CaseListFilter[] = [
        { overdue: true },
        { overdue: false },
        { escalated: true },
        { listed: true },
        { status: 'incident' },
        { status: 'closed', closed: { from: 1, to: 2 } },
        { level: 'street' },
        { unit: 'u3' },
        { reporter: 'bob' },
        { due: { from: 1, to: 5 } },
        { reported: { from: 1 } },
        { q: '井盖破损' },
        { q: '310117-2026' },
        { orderPending: true },
        { definitionKey: 'k', status: 'open', overdue: true, level: 'grid' },
      ];
      for (const f of filters)
        for (const sort of ['startedAt', 'dueAt', 'endedAt', 'caseNo']) {
          for (const scope of [access, null]) {
            const q = { $and: [scope ?? {}, caseListQuery(f, 1_000, ['i1', 'i2'])] };
            const lines = plan('instances', q, { sort: { [sort]: -1 }, limit: 50 });
            expect(fullScans(lines), `${JSON.stringify(f)} by ${sort}\n${lines.join('\n')}`).to.deep.equal(
              [],
            );
          }
        }
    });

    it('pages an export by keyset (after the last row of the previous page) through indexes', () => {
      const access = { $or: [{ startedBy: 'ann' }, { unitPath: { $in: ['s1'] } }] };
      for (const field of ['startedAt', 'dueAt', 'endedAt', 'caseNo'] as const)
        for (const dir of [1, -1] as const)
          for (const v of [5, undefined]) {
            const q = { $and: [access, { status: 'active' }, afterRow({ field, dir }, v, 'i9')] };
            const lines = plan('instances', q, { sort: { [field]: dir, _id: dir }, limit: 1000 });
            expect(fullScans(lines), `${field} ${dir} after ${v}\n${lines.join('\n')}`).to.deep.equal([]);
          }
    });

    it("answers a one-sided range from its index (the sweeper's outboxAt < t, where most rows have none)", () => {
      const stale = plan('instances', { outboxAt: { $lt: 1_000 } }, { limit: 100 });
      expect(fullScans(stale), stale.join('\n')).to.deep.equal([]);
    });

    it('reads a statistics bucket and its children in one statement through two indexes (engine/stats/rollup.ts)', () => {
      const own = plan('statRollups', { $or: [{ _id: 'b' }, { parentBucket: 'b' }] }, { sort: { _id: 1 } });
      expect(
        own.filter((l) => /^SCAN statRollups\b/.test(l)),
        own.join('\n'),
      ).to.deep.equal([]);
      expect(own.join('\n')).to.match(/MULTI-INDEX OR/);
    });

    it('still scans for a field nothing indexes (the check above can fail)', () => {
      expect(fullScans(plan('tasks', { nowhere: 'x' }))).to.have.length(1);
    });
  });
});
