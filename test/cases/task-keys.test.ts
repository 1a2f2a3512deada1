// Open-task keys (engine/cases/task-keys.ts): a handler's open inbox as one key lookup must admit exactly
// the tasks the access rules admit (engine/api/access.ts taskQuery and status open), on the store itself —
// for tasks projected with their keys and for tasks of an older store given them by the backfill.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { backfillOpenTaskKeys } from '../../engine/cases/access-keys-backfill.js';
import { openKeysOf } from '../../engine/cases/task-keys.js';
import { openTaskQuery, principalOf, taskQuery, type Principal } from '../../engine/api/access.js';
import type { TaskDoc } from '../../engine/queue/outbox.js';
import type { Store } from '../../engine/store/types.js';
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
      const expected = await ids({ $and: [taskQuery(p)!, { status: 'open' }] });
      const actual = await ids(openTaskQuery(p));
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
    expect(await ids(openTaskQuery(PRINCIPALS[0]))).not.to.include('t001');
    await expectSameAsRules();
  });

  it('gives the open tasks of an older store their keys once (backfill), the closed ones none', async () => {
    await store.collection<TaskDoc>('tasks').insertManyIgnoreDuplicates(tasks());
    expect(await ids(openTaskQuery(PRINCIPALS[0]))).to.deep.equal([]);
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
    expect(openTaskQuery(sup)).to.deep.equal({ status: 'open', openKeys: { $in: ['u:sue', 's:S1'] } });
    expect(openTaskQuery(principal('root', [['S1', 'admin']]))).to.deep.equal({ status: 'open' });
  });

  it('gives open tasks stored with the older keys (no s:) the new ones at the next start', async () => {
    const col = store.collection<TaskDoc>('tasks');
    // as version 1 wrote them: without the supervisor keys, and its marker without a version
    await col.insertManyIgnoreDuplicates(
      tasks().map((t) => ({ ...t, openKeys: openKeysOf(t).filter((k) => !k.startsWith('s:')) })),
    );
    await store.collection('meta').insert({ _id: 'openTaskKeysBackfilled', at: 1 });
    expect(await ids(openTaskQuery(PRINCIPALS[5]))).to.deep.equal([]);
    expect(await backfillOpenTaskKeys(store)).to.equal(72);
    expect(await expectSameAsRules()).to.be.greaterThan(100);
    expect(await backfillOpenTaskKeys(store)).to.equal(0);
  });
});
