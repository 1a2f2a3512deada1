// Open-task keys (engine/cases/task-keys.ts): a handler's open inbox as one key lookup must admit exactly
// the tasks the access rules admit (engine/queue/inbox-conditions.ts taskScopeCondition and status open), on the store itself —
// for tasks projected with their keys and for tasks of an older store given them by the backfill.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { backfillOpenTaskKeys } from '../../engine/cases/access-keys-backfill.js';
import { openKeysOf } from '../../engine/cases/task-keys.js';
import { principalOf, type Principal } from '../../engine/api/access.js';
import { openTaskScopeCondition, taskScopeCondition } from '../../engine/queue/inbox-conditions.js';
import type { TaskDoc } from '../../engine/queue/outbox.js';
import type { Store } from '../../engine/store/types.js';
import type { SqlCollection } from '../../engine/store/sql/collection.js';
import { BROAD_MATCH_ROWS } from '../../engine/store/sql/schema.js';
import { openTestStore } from '../helpers/store.js';

const principal = (username: string, roles: Array<[string, string]>): Principal =>
  principalOf({ _id: username, displayName: username, roles: roles.map(([unit, role]) => ({ unit, role })) });

/** A varied set of tasks: units, roles, assignees, delegations, watchers, open and closed. */
function tasks(): TaskDoc[] {
  const out: TaskDoc[] = [];
  const units = ['G1', 'G2', 'C1'];
  const users = [undefined, 'ann', 'bob', 'cat'];
  for (let i = 0; i < 96; i++) {
    const unit = units[i % 3];
    out.push({
      _id: `t${String(i).padStart(3, '0')}`,
      instanceId: `i${i}`,
      instanceVersion: 1,
      status: i % 4 === 3 ? 'completed' : 'open',
      unit,
      unitPath: unit === 'C1' ? ['C1', 'S1'] : [unit, 'C1', 'S1'],
      candidateRoles: i % 5 === 0 ? ['supervisor'] : i % 2 ? ['gridWorker'] : ['mediator', 'gridWorker'],
      assignee: users[i % 4],
      owner: i % 7 === 0 ? 'dan' : undefined,
      watchers: i % 6 === 0 ? ['eve'] : [],
      dueAt: 1_000_000 - i * 1000,
      createdAt: i,
      gridUnit: unit,
    } as unknown as TaskDoc);
  }
  return out;
}

const PRINCIPALS = [
  principal('ann', [['G1', 'gridWorker']]),
  principal('bob', [
    ['G2', 'gridWorker'],
    ['C1', 'mediator'],
  ]),
  principal('dan', []),
  principal('eve', [['G1', 'mediator']]),
  principal('zed', [['G9', 'gridWorker']]),
  // supervisors: a subtree (S1 is every task's street), a community, and a supervisor also handling elsewhere
  principal('sue', [['S1', 'supervisor']]),
  principal('cid', [
    ['C1', 'supervisor'],
    ['G2', 'gridWorker'],
  ]),
  principal('gus', [['G1', 'supervisor']]),
];

describe('open-task keys', () => {
  let dir: string;
  let store: Store;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'grid-taskkeys-'));
    store = await openTestStore(dir);
  });
  afterEach(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  const ids = async (q: object) =>
    (await store.collection<TaskDoc>('tasks').find(q, { sort: { dueAt: 1 }, limit: 500 })).map((t) => t._id);

  async function expectSameAsRules(): Promise<number> {
    let seen = 0;
    for (const p of PRINCIPALS) {
      const expected = await ids({ $and: [taskScopeCondition(p)!, { status: 'open' }] });
      const actual = await ids(openTaskScopeCondition(p));
      expect(actual, p.username).to.deep.equal(expected);
      seen += actual.length;
    }
    return seen;
  }

  it('holds keys only while open: the assignee, owner, watchers, each candidate role at the unit, each unit of the path', () => {
    const t = {
      status: 'open',
      unit: 'G1',
      candidateRoles: ['a', 'b'],
      assignee: 'x',
      owner: 'y',
      watchers: ['z'],
      unitPath: ['G1', 'C1'],
    };
    expect(openKeysOf(t as TaskDoc)).to.deep.equal(['c:G1:a', 'c:G1:b', 's:C1', 's:G1', 'u:x', 'u:y', 'u:z']);
    expect(openKeysOf({ ...t, status: 'completed' } as TaskDoc)).to.deep.equal([]);
  });

  it("admits a handler to the same open tasks as the access rules, in the inbox's order", async () => {
    await store
      .collection<TaskDoc>('tasks')
      .insertManyIgnoreDuplicates(tasks().map((t) => ({ ...t, openKeys: openKeysOf(t) })));
    expect(await expectSameAsRules()).to.be.greaterThan(40);
    // a task closed later loses its keys with its next projection
    await store
      .collection<TaskDoc>('tasks')
      .updateOne({ _id: 't001' }, { $set: { status: 'completed', openKeys: [] } });
    expect(await ids(openTaskScopeCondition(PRINCIPALS[0]))).not.to.include('t001');
    await expectSameAsRules();
  });

  it('gives the open tasks of an older store their keys once (backfill), the closed ones none', async () => {
    await store.collection<TaskDoc>('tasks').insertManyIgnoreDuplicates(tasks());
    expect(await ids(openTaskScopeCondition(PRINCIPALS[0]))).to.deep.equal([]);
    expect(await backfillOpenTaskKeys(store)).to.equal(72);
    await expectSameAsRules();
    const closed = await store.collection<TaskDoc>('tasks').findOne({ _id: 't003' });
    expect(closed?.openKeys).to.equal(undefined);
    // the marker makes the next open skip it
    await store.collection<TaskDoc>('tasks').updateOne({ _id: 't000' }, { $unset: { openKeys: true } });
    expect(await backfillOpenTaskKeys(store)).to.equal(0);
  });

  it('admits a supervisor to the open tasks of the subtree by one key per supervised unit (s:<unit>)', async () => {
    const t = tasks()[1];
    expect(openKeysOf(t)).to.include.members(['s:G2', 's:C1', 's:S1']);
    const sup = principal('sue', [['S1', 'supervisor']]);
    expect(openTaskScopeCondition(sup)).to.deep.equal({
      status: 'open',
      openKeys: { $in: ['u:sue', 's:S1'] },
    });
    expect(openTaskScopeCondition(principal('root', [['S1', 'admin']]))).to.deep.equal({ status: 'open' });
  });

  it("pages a broad inbox (a district supervisor's, more matches than BROAD_MATCH_ROWS) as the access rules do", async () => {
    // on SQLite a key set with this many matches walks the inbox's index instead of sorting every match
    // (engine/store/sql/collection.ts broadFields); the pages and the total must not change with the path
    const many = Array.from({ length: BROAD_MATCH_ROWS + 100 }, (_, i) => {
      const unit = i % 2 ? 'G1' : 'G2';
      return {
        _id: `b${String(i).padStart(4, '0')}`,
        instanceId: `bi${i}`,
        instanceVersion: 1,
        status: i % 9 === 4 ? 'completed' : 'open',
        unit,
        unitPath: [unit, 'C1', 'S1'],
        candidateRoles: ['gridWorker'],
        assignee: i % 11 === 0 ? 'ann' : undefined,
        watchers: [],
        // shared due dates and tasks without one: the order within them is the creation time
        dueAt: i % 7 === 0 ? undefined : 2_000_000 + (i % 40) * 1000,
        createdAt: 1000 - i,
        gridUnit: unit,
      } as unknown as TaskDoc;
    });
    const col = store.collection<TaskDoc>('tasks');
    await col.insertManyIgnoreDuplicates(
      [...tasks(), ...many].map((t) => ({ ...t, openKeys: openKeysOf(t) })),
    );
    const sue = PRINCIPALS[5];
    const inboxSort = { dueAt: 1, createdAt: 1 } as const;
    const page = async (q: object, skip: number) =>
      (await col.find(q, { sort: inboxSort, skip, limit: 50 })).map((t) => t._id);
    for (const p of [sue, PRINCIPALS[0], PRINCIPALS[6]]) {
      const rules = { $and: [taskScopeCondition(p)!, { status: 'open' }] };
      for (const skip of [0, 50, 500]) {
        expect(await page(openTaskScopeCondition(p), skip), `${p.username} from ${skip}`).to.deep.equal(
          await page(rules, skip),
        );
      }
      expect(await col.count(openTaskScopeCondition(p)), p.username).to.equal(await col.count(rules));
    }
    expect(await col.count(openTaskScopeCondition(sue))).to.be.greaterThan(BROAD_MATCH_ROWS);
    // the route's shape: the keys beside another filter
    const withLevel = { $and: [openTaskScopeCondition(sue), { gridUnit: 'G1' }] };
    expect(await page(withLevel, 0)).to.deep.equal(
      await page({ $and: [taskScopeCondition(sue)!, { status: 'open' }, { gridUnit: 'G1' }] }, 0),
    );
    if (store.kind === 'sqlite') {
      const sql = col as unknown as SqlCollection<TaskDoc>;
      expect(await sql.broadFields(openTaskScopeCondition(sue))).to.deep.equal(new Set(['openKeys']));
      expect(await sql.broadFields(withLevel)).to.deep.equal(new Set(['openKeys']));
      expect(await sql.broadFields(openTaskScopeCondition(PRINCIPALS[0]))).to.equal(undefined);
    }
  });

  it('gives open tasks stored with the older keys (no s:) the new ones at the next start', async () => {
    const col = store.collection<TaskDoc>('tasks');
    // as version 1 wrote them: without the supervisor keys, and its marker without a version
    await col.insertManyIgnoreDuplicates(
      tasks().map((t) => ({ ...t, openKeys: openKeysOf(t).filter((k) => !k.startsWith('s:')) })),
    );
    await store.collection('meta').insert({ _id: 'openTaskKeysBackfilled', at: 1 });
    expect(await ids(openTaskScopeCondition(PRINCIPALS[5]))).to.deep.equal([]);
    expect(await backfillOpenTaskKeys(store)).to.equal(72);
    expect(await expectSameAsRules()).to.be.greaterThan(100);
    expect(await backfillOpenTaskKeys(store)).to.equal(0);
  });
});
