// The repositories of closed periods, patrols and meetings on both SQL stores (SQLite, and PostgreSQL when
// a server is there): freezing once, frozen rows in order, adjustments beside them; patrols paged through a
// subtree (the unitPath side table), the end-of-day close, patrol time per worker and day; meetings of an
// invited person, attendance and meetings held. On SQLite, the hot queries read indexes, not whole tables.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect } from 'chai';
import type { OrgDirectory } from '../../engine/grid/org.js';
import { MeetingLog, type MeetingDoc } from '../../engine/patrol/meetings.js';
import { PatrolLog, type PatrolDoc } from '../../engine/patrol/patrols.js';
import { ClosingRepository, PeriodAlreadyClosed, type ClosingDoc } from '../../engine/scoring/closing.js';
import { findSql } from '../../engine/store/sql/collection.js';
import { sqliteDialect } from '../../engine/store/sql/dialect.js';
import { openPostgresStore } from '../../engine/store/sql/postgres.js';
import { openSqliteStore, SQLITE_FILE } from '../../engine/store/sql/sqlite.js';
import type { CollectionName, FindOptions, Query, Store } from '../../engine/store/types.js';
import { createTestDatabase } from '../helpers/postgres.js';

const ZONE = 'Asia/Shanghai';
const DAY0 = Date.parse('2026-03-02T00:00:00+08:00');
const H = 3_600_000;
const noOrg = {} as OrgDirectory;

const closing = (over: Partial<ClosingDoc> = {}): Omit<ClosingDoc, 'snapshot'> => ({
  _id: 'C|2026-03',
  unit: { code: 'C', name: '社区', level: 'community' },
  period: { key: '2026-03', from: 0, to: 1 },
  scheme: { schemeId: 'default', version: 0, name: 's', validFrom: '2026-01-01' },
  grades: [
    { grade: 'a', label: '优秀', min: 95 },
    { grade: 'c', label: '合格', min: 0 },
  ],
  manualItems: [],
  rowCounts: { unit: 2, department: 0, person: 1 },
  closedBy: 'head',
  closedAt: 5,
  now: 5,
  ...over,
});
const row = (kind: 'unit' | 'person', key: string, order: number, total: number) => ({
  kind,
  key,
  name: key,
  order,
  figures: { received: order },
  score: { total, grade: 'c', gradeLabel: '合格', items: [] },
});

function repositories(name: string, open: () => Promise<Store>, cleanup: () => Promise<void>) {
  describe(`closed periods, patrols and meetings on ${name}`, () => {
    let store: Store;
    let now = DAY0 + 9 * H;
    before(async () => {
      store = await open();
    });
    after(async () => {
      await store?.close();
      await cleanup();
    });

    it('freezes a period once, its rows in order, adjustments beside them', async () => {
      const repo = new ClosingRepository(store);
      // rows of an attempt that died before its closing document: never read
      await store
        .collection('assessmentSnapshots')
        .insert({ _id: 'C|2026-03#dead|unit|stale', closing: 'C|2026-03#dead', kind: 'unit', order: 0 });
      const c = await repo.freeze(closing(), [
        row('unit', 'G2', 1, 80),
        row('unit', 'G1', 0, 90),
        row('person', 'ann', 0, 70),
      ]);
      expect((await repo.frozenRows(c, 'unit')).map((r) => r.key)).to.deep.equal(['G1', 'G2']);
      expect((await repo.frozenRows(c, 'person')).map((r) => r.score.total)).to.deep.equal([70]);
      let again: unknown;
      try {
        await repo.freeze(closing({ closedBy: 'other' }), [row('unit', 'G1', 0, 1)]);
      } catch (err) {
        again = err;
      }
      expect(again).to.be.instanceOf(PeriodAlreadyClosed);
      // the losing attempt's rows are not left behind; the stored closing names its own snapshot
      expect(await store.collection('assessmentSnapshots').count({ closing: c.snapshot })).to.equal(3);
      // two closings at once: one wins, the other is told and leaves no rows behind
      const before = await store.collection('assessmentSnapshots').count({});
      const race = await Promise.allSettled(
        ['a', 'b'].map((by) =>
          repo.freeze(closing({ _id: 'D|2026-03', closedBy: by }), [
            row('unit', 'G1', 0, 1),
            row('unit', 'G2', 1, 2),
          ]),
        ),
      );
      expect(race.map((r) => r.status).sort()).to.deep.equal(['fulfilled', 'rejected']);
      expect((race.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason).to.be.instanceOf(
        PeriodAlreadyClosed,
      );
      expect(await store.collection('assessmentSnapshots').count({})).to.equal(before + 2);
      expect((await repo.closing('C', '2026-03'))?.closedBy).to.equal('head');
      expect((await repo.frozenRow(c, 'unit', 'G1'))?.score.total).to.equal(90);
      await repo.addAdjustment({
        closing: 'C|2026-03',
        kind: 'unit',
        subject: 'G1',
        points: 5,
        reason: 'r',
        by: 'x',
        at: 2,
      });
      await repo.addAdjustment({
        closing: 'C|2026-03',
        kind: 'unit',
        subject: 'G1',
        points: -1,
        reason: 'r',
        by: 'y',
        at: 1,
      });
      expect((await repo.adjustmentsOf('C|2026-03', 'unit')).map((a) => a.by)).to.deep.equal(['y', 'x']);
      expect(await repo.adjustmentsOf('C|2026-03', 'person')).to.deep.equal([]);
    });

    const patrol = (id: string, over: Partial<PatrolDoc>): PatrolDoc => ({
      _id: id,
      worker: 'w1',
      unit: 'G1',
      unitPath: ['G1', 'C', 'S'],
      status: 'ended',
      day: '2026-03-02',
      startedAt: DAY0 + 9 * H,
      consent: true,
      pointCount: 0,
      lastSeenAt: DAY0 + 9 * H,
      photos: [],
      cases: [],
      version: 1,
      ...over,
    });

    it('pages patrols through a subtree, closes the ones left open, sums patrol time per day', async () => {
      await store.collection<PatrolDoc>('patrols').insertManyIgnoreDuplicates([
        patrol('p1', { countedMs: H }),
        patrol('p2', { startedAt: DAY0 + 14 * H, countedMs: H / 2 }),
        patrol('p3', {
          worker: 'w2',
          unit: 'G9',
          unitPath: ['G9', 'C2', 'S'],
          day: '2026-03-03',
          startedAt: DAY0 + 33 * H,
          countedMs: 2 * H,
        }),
        // left open on Monday, last seen at 10:00
        patrol('p4', { worker: 'w3', status: 'open', startedAt: DAY0 + 8 * H, lastSeenAt: DAY0 + 10 * H }),
      ]);
      const log = new PatrolLog({ store, org: noOrg, now: () => now, timezone: ZONE });
      const page = await log.page({ scope: ['C'], skip: 0, limit: 2 });
      expect([page.items.map((p) => p._id), page.total]).to.deep.equal([['p2', 'p1'], 3]);
      expect((await log.page({ scope: ['C2'], skip: 0, limit: 10 })).items.map((p) => p._id)).to.deep.equal([
        'p3',
      ]);
      expect((await log.page({ worker: 'w1', skip: 1, limit: 10 })).items.map((p) => p._id)).to.deep.equal([
        'p1',
      ]);
      expect(await log.closeStale()).to.equal(0);
      now = DAY0 + 30 * H; // Tuesday 06:00
      expect(await log.closeStale()).to.equal(1);
      expect(await log.get('p4')).to.include({
        status: 'ended',
        endedBy: 'auto',
        countedMs: 2 * H,
        endedAt: DAY0 + 24 * H,
      });
      const time = await log.dailyTime(['w1', 'w2', 'w3'], '2026-03-01', '2026-03-03');
      expect(Object.fromEntries([...time].map(([w, days]) => [w, Object.fromEntries(days)]))).to.deep.equal({
        w1: { '2026-03-02': 1.5 * H },
        w3: { '2026-03-02': 2 * H },
      });
    });

    it('finds a person’s meetings, their attendance and the meetings a unit held', async () => {
      const meeting = (id: string, over: Partial<MeetingDoc>): MeetingDoc => ({
        _id: id,
        unit: 'C',
        unitPath: ['C', 'S'],
        date: '2026-03-02',
        topic: 't',
        createdBy: 'head',
        createdAt: 1,
        invited: ['w1', 'w2'],
        signed: ['w1'],
        signedAt: { w1: 1 },
        ...over,
      });
      await store
        .collection<MeetingDoc>('meetings')
        .insertManyIgnoreDuplicates([
          meeting('m1', {}),
          meeting('m2', { date: '2026-03-09', signed: [], signedAt: {} }),
          meeting('m3', { unit: 'C2', unitPath: ['C2', 'S'], invited: ['w3'], date: '2026-04-01' }),
        ]);
      const log = new MeetingLog({ store, org: noOrg, now: () => now, timezone: ZONE });
      expect((await log.page({ invited: 'w2', skip: 0, limit: 10 })).items.map((m) => m._id)).to.deep.equal([
        'm2',
        'm1',
      ]);
      expect((await log.page({ scope: ['C2'], skip: 0, limit: 10 })).total).to.equal(1);
      const a = await log.attendance(['w1', 'w2', 'w3'], '2026-03-01', '2026-04-01');
      expect(Object.fromEntries(a)).to.deep.equal({
        w1: { invited: 2, attended: 1 },
        w2: { invited: 2, attended: 0 },
      });
      expect(Object.fromEntries(await log.held(['C', 'C2'], '2026-03-01', '2026-04-02'))).to.deep.equal({
        C: 2,
        C2: 1,
      });
    });
  });
}

const sqliteDir = await mkdtemp(path.join(os.tmpdir(), 'grid-repos-'));
repositories(
  'SQLite',
  () => openSqliteStore(sqliteDir),
  () => rm(sqliteDir, { recursive: true, force: true }),
);

const pgDb = await createTestDatabase();
if (!('skip' in pgDb)) repositories('PostgreSQL', () => openPostgresStore(pgDb.url), pgDb.drop);

describe('closed periods, patrols and meetings: SQLite query plans', () => {
  let dir: string;
  let db: Database.Database;
  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'grid-repos-plan-'));
    const store = await openSqliteStore(dir);
    const patrols = Array.from({ length: 3000 }, (_, i) => ({
      _id: `p${i}`,
      worker: `w${i % 300}`,
      unitPath: [`g${i % 100}`, `c${i % 10}`, 's'],
      status: i % 50 ? 'ended' : 'open',
      day: `2026-03-${String((i % 28) + 1).padStart(2, '0')}`,
      startedAt: i,
    }));
    await store.collection('patrols').insertManyIgnoreDuplicates(patrols);
    await store.collection('meetings').insertManyIgnoreDuplicates(
      Array.from({ length: 1000 }, (_, i) => ({
        _id: `m${i}`,
        unit: `c${i % 10}`,
        unitPath: [`c${i % 10}`, 's'],
        invited: [`w${i % 300}`, `w${(i + 1) % 300}`],
        // two years of meetings: a month is a small part of them
        date: new Date(Date.UTC(2025, 0, 1) + (i % 730) * 86_400_000).toISOString().slice(0, 10),
      })),
    );
    await store.collection('assessmentSnapshots').insertManyIgnoreDuplicates(
      Array.from({ length: 3000 }, (_, i) => ({
        _id: `s${i}`,
        closing: `c${i % 30}`,
        kind: 'person',
        order: i,
      })),
    );
    await store.close();
    db = new Database(path.join(dir, SQLITE_FILE));
    db.exec('ANALYZE');
  });
  after(async () => {
    db.close();
    await rm(dir, { recursive: true, force: true });
  });
  const plan = (name: CollectionName, q: Query, o?: FindOptions) => {
    const c = findSql(sqliteDialect, name, q, o);
    return (
      db.prepare(`EXPLAIN QUERY PLAN ${c.sql}`).all(...(c.parameters as unknown[])) as Array<{
        detail: string;
      }>
    ).map((r) => r.detail);
  };
  const fullScans = (lines: string[]) => lines.filter((l) => /^SCAN \w+\b/.test(l) && !/USING/.test(l));

  it('reads a subtree’s patrols, a worker’s patrol days, open patrols of past days from indexes', () => {
    for (const [q, o] of [
      [{ unitPath: { $in: ['c1'] } }, { sort: { startedAt: -1 }, limit: 20 }],
      [
        { worker: { $in: ['w1', 'w2'] }, day: { $gte: '2026-03-01', $lt: '2026-04-01' }, status: 'ended' },
        {},
      ],
      [
        { status: 'open', day: { $lt: '2026-03-05' } },
        { sort: { startedAt: 1 }, limit: 200 },
      ],
      [{ unitPath: 'c1', day: { $gte: '2026-03-01', $lt: '2026-03-08' } }, { fields: ['worker'] }],
    ] as Array<[Query, FindOptions]>) {
      const lines = plan('patrols', q, o);
      expect(fullScans(lines), `${JSON.stringify(q)}\n${lines.join('\n')}`).to.deep.equal([]);
    }
  });

  it('reads a person’s meetings, a unit’s meetings held and a closing’s frozen rows from indexes', () => {
    for (const [name, q, o] of [
      ['meetings', { invited: { $in: ['w1'] }, date: { $gte: '2026-03-01', $lt: '2026-04-01' } }, {}],
      ['meetings', { unit: { $in: ['c1', 'c2'] }, date: { $gte: '2026-03-01', $lt: '2026-04-01' } }, {}],
      [
        'meetings',
        { unitPath: 'c1', date: { $gte: '2026-03-01', $lt: '2026-04-01' } },
        { fields: ['invited'] },
      ],
      ['assessmentSnapshots', { closing: 'c1', kind: 'person' }, { sort: { order: 1 }, limit: 20000 }],
    ] as Array<[CollectionName, Query, FindOptions]>) {
      const lines = plan(name, q, o);
      expect(fullScans(lines), `${name} ${JSON.stringify(q)}\n${lines.join('\n')}`).to.deep.equal([]);
    }
  });
});
