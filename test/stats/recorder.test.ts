import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import type { Effect, InstanceState, TaskState } from '../../engine/runtime/types.js';
import { StatsRecorder } from '../../engine/stats/recorder.js';
import type { RollupDoc } from '../../engine/stats/rollup.js';
import type { FactDoc } from '../../engine/stats/tally.js';
import { openTestStore } from '../helpers/store.js';
import type { Store } from '../../engine/store/types.js';

const H = 3_600_000;
const T0 = Date.parse('2026-03-02T09:00:00+08:00');
const PATH = ['g', 'c', 's', 'd'];

const task = (over: Partial<TaskState>): TaskState =>
  ({
    id: 't1',
    nodeId: 'handle',
    tokenId: 'k',
    status: 'open',
    unit: 'g',
    unitPath: PATH,
    candidateRoles: [],
    createdAt: T0,
    slaState: 'ontime',
    ladderStep: 0,
    watchers: [],
    escalations: [],
    slaEpoch: 0,
    ...over,
  }) as TaskState;

/** An instance version with the given outbox (what the outbox executor hands the hook). */
const state = (version: number, outbox: Effect[], over: Partial<InstanceState> = {}): InstanceState =>
  ({
    _id: 'i1',
    version,
    definitionKey: 'p',
    definitionVersion: 1,
    gridUnit: 'g',
    unitChain: [],
    unitPath: PATH,
    status: 'active',
    tasks: {},
    startedAt: T0,
    outbox,
    ...over,
  }) as unknown as InstanceState;

const history = (id: string, action: string, at: number, to?: string): Effect => ({
  type: 'history',
  id,
  record: { at, actor: 'x', action, to },
});

describe('stats recorder (outbox hook)', () => {
  let store: Store;
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'grid-stats-rec-'));
    store = await openTestStore(dir);
  });
  after(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('records each fact once, counts a case sent back twice as one, and a replayed outbox changes nothing', async () => {
    const rec = new StatsRecorder({
      store,
      timezone: 'Asia/Shanghai',
      workingMs: (a, b) => b - a,
      reworkFlows: async () => new Set(['back']),
    });
    const done = task({ status: 'completed', completedAt: T0 + 2 * H, dueAt: T0 + H });
    const outboxes = [
      state(1, [history('1.0', 'instance-started', T0), { type: 'task', taskId: 't1', id: '1.1' }], {
        tasks: { t1: task({}) },
      }),
      state(
        2,
        [
          { type: 'task', taskId: 't1', id: '2.0' },
          history('2.1', 'leave', T0 + 2 * H, 'back'),
          history('2.2', 'leave', T0 + 2 * H, 'onward'),
        ],
        { tasks: { t1: done } },
      ),
      state(3, [history('3.0', 'leave', T0 + 3 * H, 'back')], { tasks: { t1: done } }),
      state(4, [history('4.0', 'instance-completed', T0 + 4 * H)], {
        tasks: { t1: done },
        status: 'completed',
        endedAt: T0 + 4 * H,
      }),
    ];
    for (const s of outboxes) await rec.record([s]);
    const facts = async () =>
      (await store.collection<FactDoc>('statFacts').find({}, { sort: { _id: 1 } })).map((f) => [
        f._id,
        f.kind,
        f.prevAt ?? null,
        f.reworked ?? null,
        f.onTime ?? null,
      ]);
    const rollups = async () =>
      (await store.collection<RollupDoc>('statRollups').find({}, { sort: { _id: 1 } })).map(
        ({ version: _v, ...r }) => r,
      );
    expect(await facts()).to.deep.equal([
      ['c.i1', 'closed', null, true, false], // its task finished after its due date
      ['r.i1', 'received', null, null, null],
      ['t.t1', 'task', null, null, false],
      ['w.i1.2.1', 'rework', null, null, null],
      ['w.i1.3.0', 'rework', T0 + 2 * H, null, null],
    ]);
    const top = (await store.collection<RollupDoc>('statRollups').findOne({ _id: 'd|2026-03-02|p' }))!;
    expect(top.tally).to.include({ received: 1, closed: 1, closedReworked: 1, rework: 2, taskCompleted: 1 });
    expect(top.tally.reworkRepeats).to.deep.equal([T0 + 2 * H]);
    expect(top.parent).to.equal(undefined);

    // the sweeper replays every outbox (a crash before they were cleared), in another order
    const before = [await facts(), await rollups()];
    for (const s of [...outboxes].reverse()) await rec.record([s]);
    await rec.record(outboxes);
    expect([await facts(), await rollups()]).to.deep.equal(before);
  });
});
