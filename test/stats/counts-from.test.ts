// The statistics read only the open tasks that count at `now` (breached their SLA by then, or parked: the
// countsFrom field, engine/sla/assessment.ts) instead of every open task of the subtree. On random tasks —
// parked, escalated, extended, paused, without an SLA, due before and after now, several grids, handling
// units and roles, closed ones and ones of closed cases — and at several `now`s (one of them exactly a due
// date), the assessment from that read must equal the one from reading every open task, before and after the
// backfill of tasks projected without the field; on SQLite, PostgreSQL when a server answers and MongoDB when
// MONGO_URL is set (each skipped saying why otherwise).
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import type { TaskDoc } from '../../engine/queue/outbox.js';
import { TaskRepository } from '../../engine/queue/task-repository.js';
import { breached, countsFrom, type Assessment } from '../../engine/sla/assessment.js';
import { assessSubtree, type AssessRequest } from '../../engine/stats/assess.js';
import { backfillCountsFrom, countsFromReady } from '../../engine/stats/counts-from-backfill.js';
import { TASK_FACT_FIELDS, taskFactOf } from '../../engine/stats/facts.js';
import { assessFromRollups } from '../../engine/stats/query.js';
import Database from 'better-sqlite3';
import { findSql, type SqlCollection } from '../../engine/store/sql/collection.js';
import { sqliteDialect } from '../../engine/store/sql/dialect.js';
import { openSqliteStore, SQLITE_FILE } from '../../engine/store/sql/sqlite.js';
import type { Store } from '../../engine/store/types.js';
import { seededRandom } from '../../engine/samples/random.js';
import { onServerStores } from '../helpers/server-stores.js';

const H = 3_600_000;
const D = 24 * H;
const TZ = 'Asia/Shanghai';
const NOW = Date.UTC(2026, 5, 15, 4, 0, 0);
const workingMs = (a: number, b: number) => b - a;

// district D1 → communities C1 (grids G1, G2) and C2 (grid G3); tasks also handled at S1 (a street) and U9
// (a unit the org does not know)
const UNITS = [
  { code: 'D1', name: '区', level: 'district', parent: undefined },
  { code: 'C1', name: '社区一', level: 'community', parent: 'D1' },
  { code: 'C2', name: '社区二', level: 'community', parent: 'D1' },
  { code: 'G1', name: '网格一', level: 'grid', parent: 'C1' },
  { code: 'G2', name: '网格二', level: 'grid', parent: 'C1' },
  { code: 'G3', name: '网格三', level: 'grid', parent: 'C2' },
  { code: 'S1', name: '街道', level: 'street', parent: undefined },
];
const GRIDS = ['G1', 'G2', 'G3', 'G4'];
const subtree = (code: string): string[] => [
  code,
  ...UNITS.filter((u) => u.parent === code).flatMap((u) => subtree(u.code)),
];

function randomTasks(seed: number, n: number): TaskDoc[] {
  // deterministic: a failing seed reproduces
  const r = seededRandom(seed).next;
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  const around = () => NOW + Math.round((r() - 0.5) * 20 * D);
  const out: TaskDoc[] = [];
  for (let i = 0; i < n; i++) {
    const id = `s${seed}t${i}`;
    // a few tasks per case: the due cases and backlogNow count cases
    const instance = `s${seed}i${Math.floor(i / 3)}`;
    const gridUnit = pick(GRIDS);
    const status = pick(['open', 'open', 'open', 'open', 'completed', 'cancelled'] as const);
    const createdAt = NOW - Math.round(r() * 60 * D);
    const sla = r() < 0.8;
    const dueAt = sla ? around() : undefined;
    const extended = sla && r() < 0.2;
    const assessDueAt = extended ? dueAt! + Math.round(r() * 5 * D) : undefined;
    const escalated = sla && r() < 0.25;
    const doc: Record<string, unknown> = {
      _id: id,
      id,
      nodeId: 'handle',
      tokenId: 'k',
      instanceId: instance,
      instanceVersion: 1 + Math.floor(r() * 5),
      instanceStatus: r() < 0.9 ? 'active' : 'completed',
      definitionKey: 'p',
      definitionVersion: 1,
      gridUnit,
      unitPath: [gridUnit],
      supervised: false,
      updatedAt: createdAt,
      status,
      createdAt,
      watchers: [],
      ...(r() < 0.7 ? { unit: pick(['G1', 'G2', 'G3', 'S1', 'U9', gridUnit]) } : {}),
      ...(r() < 0.8 ? { candidateRoles: [pick(['head', 'inspector', 'clerk'])] } : {}),
      ...(dueAt !== undefined ? { dueAt } : {}),
      ...(assessDueAt !== undefined
        ? { assessDueAt, extensions: [{ id: `${id}e`, dueAt: assessDueAt }] }
        : {}),
      ...(escalated ? { escalations: [{ dueAt: dueAt! - D, at: dueAt! - D + H, toLevel: 'street' }] } : {}),
      ...(status === 'open' && r() < 0.15 ? { parked: { since: NOW - 2 * D, reviewAt: NOW + 20 * D } } : {}),
      ...(r() < 0.2 ? { pauses: [{ from: createdAt + H, to: createdAt + 2 * H }] } : {}),
      ...(status === 'open' && r() < 0.1 ? { paused: { since: NOW - 3 * H, reason: '等待' } } : {}),
      ...(status === 'completed'
        ? { completedAt: createdAt + Math.round(r() * 10 * D), completedBy: pick(['ann', 'bob']) }
        : {}),
    };
    out.push(doc as unknown as TaskDoc);
  }
  return out;
}

function request(code: string, from: number, to: number, now: number): AssessRequest {
  const info = (c: string) => {
    const u = UNITS.find((x) => x.code === c)!;
    return { code: u.code, name: u.name, level: u.level };
  };
  return {
    unit: info(code),
    children: UNITS.filter((u) => u.parent === code).map((u) => ({
      ...info(u.code),
      codes: subtree(u.code),
    })),
    units: UNITS.map((u) => info(u.code)),
    // G4 is a grid of the subtree the org lists nowhere else (its tasks count in the total only)
    codes: code === 'D1' ? [...subtree(code), 'G4'] : subtree(code),
    from,
    to,
    now,
    timezone: TZ,
  };
}

/** The assessment from every open task of the subtree's active cases: the definition's read. */
async function readingEveryOpenTask(store: Store, q: AssessRequest): Promise<Assessment> {
  const { codes, ...rest } = q;
  const tasks = new TaskRepository(store);
  const open = [];
  for (const code of codes)
    for (const t of await tasks.matching(
      { gridUnit: code, status: 'open', instanceStatus: 'active' },
      { fields: [...TASK_FACT_FIELDS, 'instanceId', 'gridUnit'] },
    ))
      open.push(taskFactOf(t, t.instanceId, t.gridUnit));
  return assessFromRollups(store, { ...rest, openTasks: open, workingMs });
}

/** Counts the task rows each statement of a store returns. */
function counting(store: Store): { store: Store; rows: () => number } {
  let rows = 0;
  const counted = Object.create(store, {
    collection: {
      value: (name: Parameters<Store['collection']>[0]) => {
        const col = store.collection(name);
        if (name !== 'tasks') return col;
        return new Proxy(col, {
          get(target, prop, recv) {
            const v = Reflect.get(target, prop, recv);
            if (prop !== 'find') return typeof v === 'function' ? v.bind(target) : v;
            return async (...a: unknown[]) => {
              const out = (await (v as (...x: unknown[]) => Promise<unknown[]>).apply(
                target,
                a,
              )) as unknown[];
              rows += out.length;
              return out;
            };
          },
        });
      },
    },
  }) as Store;
  return { store: counted, rows: () => rows };
}

function contract(name: string, open: () => Promise<Store>, cleanup: () => Promise<void>) {
  describe(`statistics: the open tasks counting at now (countsFrom), ${name}`, function () {
    this.timeout(120_000);
    let store: Store;
    before(async () => {
      store = await open();
    });
    after(async () => {
      await store?.close();
      await cleanup();
    });

    it('gives countsFrom(t) < now exactly for the open tasks breached by now or parked', () => {
      for (const seed of [1, 2, 3])
        for (const doc of randomTasks(seed, 300))
          for (const now of [NOW - 7 * D, NOW, NOW + 7 * D, doc.dueAt ?? NOW, (doc.assessDueAt ?? NOW) + 1]) {
            const t = taskFactOf(doc, doc.instanceId, doc.gridUnit);
            const at = countsFrom(t);
            const counts = t.status === 'open' && (breached(t, now) || !!t.parked);
            expect(at !== undefined && at < now, `${doc._id} at ${now}`).to.equal(counts);
          }
    });

    it('answers as reading every open task, before and after the backfill of tasks without the field', async () => {
      const tasks = new TaskRepository(store);
      // projected by today's code (with countsFrom) and as stored before it existed (without)
      const projected = randomTasks(11, 240);
      const legacy = randomTasks(12, 240);
      for (const t of projected) await tasks.project(t);
      await store.collection<TaskDoc>('tasks').insertManyIgnoreDuplicates(legacy);
      const stored = await tasks.matching({}, { fields: ['countsFrom'] });
      expect(stored.filter((t) => t.countsFrom !== undefined).length).to.be.within(60, 240);
      expect(stored.filter((t) => t._id.startsWith('s12') && t.countsFrom !== undefined)).to.deep.equal([]);

      const nows = [NOW - 9 * D, NOW - 2 * D, NOW, projected.find((t) => t.dueAt)!.dueAt!, NOW + 8 * D];
      const requests = nows.flatMap((now) => [
        request('D1', now - 365 * D, now, now),
        request('D1', now - 30 * D, now, now),
        request('C1', now - 30 * D, now + D, now),
      ]);
      const expected = [];
      for (const q of requests) expected.push(await readingEveryOpenTask(store, q));

      // before the backfill: every open task is read, and the answer is the same
      expect(await countsFromReady(store)).to.equal(false);
      const before = counting(store);
      for (const [i, q] of requests.entries())
        expect(await assessSubtree(before.store, workingMs, q), `request ${i}`).to.deep.equal(expected[i]);

      const openLegacy = legacy.filter((t) => t.status === 'open');
      const given = await backfillCountsFrom(store);
      expect(given).to.equal(
        openLegacy.filter((t) => countsFrom(taskFactOf(t, t.instanceId, t.gridUnit)) !== undefined).length,
      );
      expect(given).to.be.greaterThan(0);
      expect(await backfillCountsFrom(store)).to.equal(0);
      expect(await countsFromReady(store)).to.equal(true);

      const after = counting(store);
      for (const [i, q] of requests.entries())
        expect(await assessSubtree(after.store, workingMs, q), `request ${i}`).to.deep.equal(expected[i]);
      // and fewer rows: the open tasks that do not count at now are not read
      expect(after.rows()).to.be.lessThan(before.rows());
      // the figures are not all zero: the comparison compares something
      expect(expected.some((a) => a.overdueNow > 0 && a.backlogNow > 0 && a.due > 0)).to.equal(true);
      expect(expected.some((a) => a.byDepartment.length > 0 && a.byUnit.length > 0)).to.equal(true);
    });

    it('keeps countsFrom with the projection: a task parked, escalated, extended, then completed', async () => {
      const tasks = new TaskRepository(store);
      const base = randomTasks(21, 1)[0];
      const doc = {
        ...base,
        _id: 'life',
        id: 'life',
        status: 'open',
        instanceStatus: 'active',
        dueAt: NOW + D,
        instanceVersion: 1,
      } as TaskDoc;
      delete (doc as Partial<TaskDoc>).escalations;
      delete (doc as Partial<TaskDoc>).assessDueAt;
      delete (doc as Partial<TaskDoc>).parked;
      delete (doc as Partial<TaskDoc>).completedAt;
      const stages: Array<[Partial<TaskDoc>, number | undefined]> = [
        [{}, NOW + D],
        [{ assessDueAt: NOW + 3 * D }, NOW + 3 * D],
        [{ parked: { since: NOW, reviewAt: NOW + 30 * D } }, 0],
        [{ parked: undefined }, NOW + 3 * D],
        [{ escalations: [{ dueAt: NOW + 3 * D, at: NOW + 3 * D, toLevel: 'street' }] as never }, 0],
        [{ status: 'completed', completedAt: NOW + 4 * D }, undefined],
      ];
      // one task at a time (a step), and in batches (a timer batch's projections, one batch write)
      for (const way of ['project', 'projectMany'] as const) {
        let cur = { ...doc, _id: `life-${way}`, id: `life-${way}` };
        const other = { ...doc, _id: `other-${way}`, id: `other-${way}` };
        for (const [i, [change, want]] of stages.entries()) {
          cur = { ...cur, ...change, instanceVersion: i + 1 };
          // a stale value on the document handed in is never kept: it is derived again
          const stale = { ...cur, countsFrom: 12345 };
          if (way === 'project') await tasks.project(stale);
          else await tasks.projectMany([stale, { ...other, instanceVersion: i + 1, countsFrom: 12345 }]);
          expect((await tasks.get(cur._id))?.countsFrom, `${way}, stage ${i}`).to.equal(want);
        }
        if (way === 'projectMany') expect((await tasks.get(other._id))?.countsFrom).to.equal(NOW + D);
      }
    });
  });
}

let dir = '';
contract(
  'SQLite',
  async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'counts-from-'));
    return openSqliteStore(dir);
  },
  async () => rm(dir, { recursive: true, force: true }),
);

describe('statistics: the countsFrom backfill, stopped and resumed (SQLite)', () => {
  let bfDir = '';
  after(async () => rm(bfDir, { recursive: true, force: true }));

  it('leaves no marker when stopped between pages; the next pass gives the rest their field', async () => {
    bfDir = await mkdtemp(path.join(os.tmpdir(), 'counts-from-bf-'));
    const store = await openSqliteStore(bfDir);
    try {
      // as stored before the field: open, active, past due
      const legacy = randomTasks(31, 250).map(
        ({ assessDueAt: _a, ...t }) =>
          ({ ...t, status: 'open', instanceStatus: 'active', dueAt: NOW - D }) as TaskDoc,
      );
      await store.collection<TaskDoc>('tasks').insertManyIgnoreDuplicates(legacy);
      const first = await backfillCountsFrom(store, () => true);
      expect(first).to.be.within(1, 100);
      expect(await countsFromReady(store)).to.equal(false);
      const rest = await backfillCountsFrom(store);
      expect(first + rest).to.equal(250);
      expect(await countsFromReady(store)).to.equal(true);
      const tasks = new TaskRepository(store);
      let counted = 0;
      for (const g of GRIDS) counted += (await tasks.countingAt(g, NOW, ['unit'])).length;
      expect(counted).to.equal(250);
    } finally {
      await store.close();
    }
  });
});

describe('statistics: the open tasks counting at now, SQLite query plan', () => {
  let planDir = '';
  after(async () => rm(planDir, { recursive: true, force: true }));

  it('reads one range of the (gridUnit, countsFrom) index per grid, not every open task of the grid', async () => {
    planDir = await mkdtemp(path.join(os.tmpdir(), 'counts-from-plan-'));
    // the statement the repository runs, captured (a fresh store: the planner has only the schema's guesses)
    const store = await openSqliteStore(planDir);
    let captured: { query: unknown; options: unknown } | undefined;
    const spy = Object.create(store, {
      collection: {
        value: (name: 'tasks') => {
          const col = store.collection(name) as unknown as SqlCollection<TaskDoc>;
          return Object.create(col, {
            find: {
              value: async (query: unknown, options: unknown) => {
                captured = { query, options };
                return col.find(query as never, options as never);
              },
            },
          });
        },
      },
    }) as Store;
    await new TaskRepository(spy).countingAt('G1', NOW, ['unit']);
    await store.close();
    const db = new Database(path.join(planDir, SQLITE_FILE), { readonly: true });
    try {
      const c = findSql(
        sqliteDialect,
        'tasks',
        captured!.query as never,
        captured!.options as never,
        new Set(),
      );
      const plan = (
        db.prepare(`EXPLAIN QUERY PLAN ${c.sql}`).all(...(c.parameters as unknown[])) as Array<{
          detail: string;
        }>
      ).map((r) => r.detail);
      expect(plan[0], plan.join('\n')).to.match(
        /^SEARCH tasks USING INDEX tasks__gridUnit_countsFrom \(<expr>=\? AND <expr>>\? AND <expr><\?\)/,
      );
    } finally {
      db.close();
    }
  });
});

await onServerStores('statistics: the open tasks counting at now (countsFrom)', contract);
