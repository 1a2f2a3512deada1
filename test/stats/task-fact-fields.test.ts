// The statistics read open tasks with only TASK_FACT_FIELDS (engine/stats/assess.ts): a task's fact from
// that partial read must equal its fact from the whole document, or a figure would silently change.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import type { TaskDoc } from '../../engine/queue/outbox.js';
import { TASK_FACT_FIELDS, taskFactOf } from '../../engine/stats/facts.js';
import type { Store } from '../../engine/store/types.js';
import { openTestStore } from '../helpers/store.js';

const H = 3_600_000;
const task = (over: Partial<TaskDoc>): TaskDoc =>
  ({
    _id: 'x',
    id: 'x',
    instanceId: 'i1',
    instanceVersion: 3,
    instanceStatus: 'active',
    nodeId: 'review',
    tokenId: 'k',
    status: 'open',
    unit: 'C1',
    unitPath: ['C1', 'S1'],
    gridUnit: 'G1',
    candidateRoles: ['head'],
    watchers: ['ann'],
    createdAt: 10 * H,
    slaState: 'overdue',
    ladderStep: 1,
    data: { note: '现场已整改', photos: ['a1', 'a2'] },
    ...over,
  }) as unknown as TaskDoc;

describe('statistics: the task fields a fact reads', () => {
  let dir: string;
  let store: Store;
  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'grid-factfields-'));
    store = await openTestStore(dir);
  });
  after(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('gives the same fact from the listed fields as from the whole document', async () => {
    const docs = [
      // escalated once, paused twice before, paused now
      task({
        _id: 't1',
        id: 't1',
        dueAt: 40 * H,
        escalations: [{ dueAt: 20 * H, at: 21 * H, toLevel: 'street' }] as never,
        pauses: [{ from: 11 * H, to: 12 * H }] as never,
        paused: { since: 30 * H, reason: '等待' },
        assessDueAt: 44 * H,
        extensions: [{ id: 'e1', dueAt: 44 * H }] as never,
      }),
      // parked (挂账)
      task({ _id: 't0', id: 't0', dueAt: 30 * H, parked: { since: 12 * H } as never }),
      // plain, never escalated, no due date
      task({ _id: 't2', id: 't2', unit: 'G1', slaState: 'none' as never }),
      // completed with a due date
      task({ _id: 't3', id: 't3', status: 'completed', completedAt: 15 * H, dueAt: 16 * H }),
    ];
    await store.collection<TaskDoc>('tasks').insertManyIgnoreDuplicates(docs);
    const read = await store
      .collection<TaskDoc>('tasks')
      .find({}, { sort: { _id: 1 }, fields: [...TASK_FACT_FIELDS, 'instanceId', 'gridUnit'] });
    expect(read).to.have.length(4);
    for (const partial of read) {
      const whole = docs.find((d) => d._id === partial._id)!;
      // (through JSON: an absent field and one that is undefined are the same fact)
      const fact = (t: TaskDoc) => JSON.parse(JSON.stringify(taskFactOf(t, t.instanceId, t.gridUnit)));
      expect(fact(partial), whole._id).to.deep.equal(fact(whole));
    }
    // what it leaves out is what makes the whole documents heavy
    expect(read.find((d) => d._id === 't1')).not.to.have.property('data');
  });
});
