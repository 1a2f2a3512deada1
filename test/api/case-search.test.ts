// Finding a case by its number through GET /api/instances (q / caseNo, exact or by prefix), inside the
// caller's jurisdiction only; numbers and titles on case summaries and task rows; cases without a number.
import { expect } from 'chai';
import { GRID1 } from '../helpers/engine.js';
import { LIST_TOTAL_CAP } from '../../engine/engine.js';
import { caseOf } from '../cases/case-search-contract.js';
import { harness, startCase, type Harness } from './helpers.js';
import { SIMPLE } from './fixtures.js';

const BINHE_GRID = '310117002001001'; // 滨河社区第1网格, 江滨街道 (the other street)

describe('API: case numbers and titles', () => {
  let h: Harness;
  let mine: string;
  let theirs: string;
  let mineId: string;
  before(async () => {
    h = await harness();
    await h.t.engine.deploy(SIMPLE);
    const a = await startCase(h, 'wangwei', { definitionKey: 'apisimple', gridUnit: GRID1 });
    const b = await startCase(h, 'admin', { definitionKey: 'apisimple', gridUnit: BINHE_GRID });
    mine = a.instance.caseNo!;
    mineId = a.instance._id;
    theirs = b.instance.caseNo!;
  });
  after(() => h.close());

  it('shows the number and title on the case, its summary and its task rows', async () => {
    expect(mine).to.match(/^310117-2026-\d{6}$/);
    const list = await h.get('wangwei', '/api/instances');
    const row = list.body.items.find((i: { id: string }) => i.id === mineId);
    expect(row).to.include({ caseNo: mine, title: '简单流程' });
    const detail = await h.get('wangwei', `/api/instances/${mineId}`);
    expect(detail.body).to.include({ caseNo: mine, title: '简单流程' });
    const tasks = await h.get('wangwei', `/api/tasks?instanceId=${mineId}`);
    expect(tasks.body.items[0]).to.include({ caseNo: mine, caseTitle: '简单流程' });
  });

  it('names the case in notifications: task-created and 督办单 items carry its number and title', async () => {
    const order = await h.post('chenmin', `/api/instances/${mineId}/supervision-orders`, {
      kind: 'duban',
      to: GRID1,
      content: '请于明日前反馈处置进展',
      replySla: 'P1D',
    });
    expect(order.status).to.equal(201);
    type Item = { instanceId: string; caseNo?: string; caseTitle?: string };
    const items = (await h.get('wangwei', '/api/notifications?pageSize=100')).body.items.flatMap(
      (n: { kind: string; items: Item[] }) => n.items.map((i) => ({ kind: n.kind, ...i })),
    ) as Array<Item & { kind: string }>;
    const ofMine = items.filter((i) => i.instanceId === mineId);
    expect(ofMine.map((i) => i.kind)).to.include.members(['task-created', 'info']);
    for (const i of ofMine) expect(i).to.include({ caseNo: mine, caseTitle: '简单流程' });
  });

  it('finds a case by its exact number or by a prefix of it (q or caseNo)', async () => {
    const exact = await h.get('wangwei', `/api/instances?q=${mine}`);
    expect(exact.status).to.equal(200);
    expect(exact.body.items.map((i: { caseNo: string }) => i.caseNo)).to.deep.equal([mine]);
    const byParam = await h.get('wangwei', `/api/instances?caseNo=${mine}`);
    expect(byParam.body.items.map((i: { caseNo: string }) => i.caseNo)).to.deep.equal([mine]);
    const prefix = await h.get('admin', `/api/instances?q=${mine.slice(0, 12)}`);
    expect(prefix.body.items.map((i: { caseNo: string }) => i.caseNo)).to.include.members([mine, theirs]);
    const none = await h.get('admin', '/api/instances?q=999999-');
    expect(none.body).to.include({ total: 0 });
    expect((await h.get('admin', `/api/instances?q=${'x'.repeat(65)}`)).status).to.equal(400);
  });

  it("does not find another street's case by its number", async () => {
    const res = await h.get('wangwei', `/api/instances?q=${theirs}`);
    expect(res.status).to.equal(200);
    expect(res.body).to.include({ total: 0 });
    expect(res.body.items).to.deep.equal([]);
    // its supervisor does; the prefix search of the grid worker lists only the worker's own cases
    const sup = await h.get('zhengbo', `/api/instances?q=${theirs}`);
    expect(sup.body.items.map((i: { caseNo: string }) => i.caseNo)).to.deep.equal([theirs]);
    const prefix = await h.get('wangwei', `/api/instances?q=310117-`);
    expect(prefix.body.items.map((i: { caseNo: string }) => i.caseNo)).to.not.include(theirs);
  });

  it('counts the total up to 1,000 and past it answers 1,000 with totalCapped (more than)', async () => {
    expect(LIST_TOTAL_CAP).to.equal(1000);
    const instances = h.t.engine.store.collection('instances');
    const many = (from: number, n: number) =>
      Array.from({ length: n }, (_, k) => {
        const i = 100_000 + from + k;
        return caseOf(i, { _id: `cap${i}`, title: `窨井盖板${i}号` } as never);
      });
    await instances.insertManyIgnoreDuplicates(many(0, 1000));
    const exact = await h.get('admin', `/api/instances?q=${encodeURIComponent('窨井')}&pageSize=5`);
    expect(exact.status).to.equal(200);
    expect(exact.body.total).to.equal(1000);
    expect(exact.body).not.to.have.property('totalCapped');
    expect(exact.body.items).to.have.length(5);
    await instances.insertManyIgnoreDuplicates(many(1000, 1));
    const capped = await h.get('admin', `/api/instances?q=${encodeURIComponent('窨井')}&pageSize=5`);
    expect(capped.body).to.include({ total: 1000, totalCapped: true });
    expect(capped.body.items).to.have.length(5);
    // a page past the cap still lists cases
    const far = await h.get('admin', `/api/instances?q=${encodeURIComponent('窨井')}&pageSize=5&page=201`);
    expect(far.body.items).to.have.length(1);
    // narrower: exact again
    const narrow = await h.get('admin', `/api/instances?q=${encodeURIComponent('窨井')}&status=cancelled`);
    expect(narrow.body.total).to.equal(200);
    expect(narrow.body).not.to.have.property('totalCapped');
    await instances.deleteMany({ _id: { $in: many(0, 1001).map((c) => c._id) } });
  });

  it('keeps cases opened before numbers existed working (no number: shown by id)', async () => {
    const instances = h.t.engine.store.collection('instances');
    await instances.updateOne({ _id: mineId }, { $unset: { caseNo: true, title: true } });
    const res = await h.get('wangwei', `/api/instances/${mineId}`);
    expect(res.status).to.equal(200);
    expect(res.body.caseNo).to.equal(undefined);
    const list = await h.get('wangwei', '/api/instances');
    expect(list.body.items.map((i: { id: string }) => i.id)).to.include(mineId);
    expect((await h.get('wangwei', `/api/instances?q=${mine}`)).body.total).to.equal(0);
  });
});
