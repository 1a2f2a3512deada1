// 挂牌督办 / 摘牌 by a supervisor's hand, through HTTP.
import { expect } from 'chai';
import type { InstanceState } from '../../engine/runtime/types.js';
import { DISTRICT, GRID1 } from '../helpers/engine.js';
import { fireUntil, harness, startCase, type Harness } from './helpers.js';
import { flow, processXml } from './fixtures.js';

/** a street task (urban officers) with one rung to the district and no cycle of its own */
const STREET_TASK = processXml(
  'apilisting',
  `<bpmn:startEvent id="s"/>${flow('f0', 's', 'work')}
   <bpmn:userTask id="work" name="拆除" grid:level="street" grid:candidateRoles="urban" grid:sla="P1D" grid:calendar="workday">
     <bpmn:extensionElements><grid:escalation><grid:step level="district" sla="P1D"/></grid:escalation></bpmn:extensionElements>
   </bpmn:userTask>
   ${flow('f1', 'work', 'e')}<bpmn:endEvent id="e"/>`,
  '',
  '挂牌测试',
);

describe('API: 挂牌督办 and 摘牌 by hand', () => {
  let h: Harness;
  before(async () => {
    h = await harness();
    await h.t.engine.deploy(STREET_TASK);
  });
  after(() => h.close());

  const notes = (recipient: string, kind: string) =>
    h.t.engine.store.collection('notifications').find({ recipient, kind });
  const actions = async (id: string) => (await h.t.engine.history(id)).map((r) => r.action);

  it('a supervisor on the case path lists it with a reason; the case, its tasks and the history say so', async () => {
    const { instance, task } = await startCase(h, 'wangwei', {
      definitionKey: 'apilisting',
      gridUnit: GRID1,
      businessKey: 'GP-1',
    });
    const res = await h.post('chenmin', `/api/instances/${instance._id}/supervise`, {
      reason: '群众反映强烈',
    });
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    expect(res.body).to.include({ id: instance._id, supervised: true });
    expect(res.body.listing).to.include({ by: 'chenmin', reason: '群众反映强烈', at: h.t.clock.now() });
    expect((await h.t.engine.getTask(task._id))!.supervised).to.equal(true);
    const rec = (await h.t.engine.history(instance._id)).find((r) => r.action === 'case-supervised')!;
    expect(rec).to.include({ actor: 'chenmin', to: '挂牌督办' });
    expect(rec.details).to.deep.equal({ reason: '群众反映强烈', manual: true });
    // the district's supervisor, and the street's supervisor and urban officers who hold the task, are told
    for (const who of ['yangfan', 'liuyang', 'maojun']) {
      const n = await notes(who, 'supervised');
      expect(n, who).to.have.length(1);
      expect(n[0].title).to.equal('挂牌督办：GP-1（chenmin 挂牌）');
    }
    // listed already: 409
    expect(
      (await h.post('liuyang', `/api/instances/${instance._id}/supervise`, { reason: '再挂' })).status,
    ).to.equal(409);

    const off = await h.post('liuyang', `/api/instances/${instance._id}/unsupervise`, {
      reason: '已整改到位',
    });
    expect(off.status, JSON.stringify(off.body)).to.equal(200);
    expect(off.body).to.include({ supervised: false, listing: null });
    expect((await h.t.engine.getTask(task._id))!.supervised).to.equal(false);
    expect(await actions(instance._id)).to.include('case-unsupervised');
    expect((await notes('yangfan', 'info')).map((n) => n.title)).to.include(
      '摘牌：GP-1 撤销挂牌督办（liuyang）',
    );
    expect(
      (await h.post('liuyang', `/api/instances/${instance._id}/unsupervise`, { reason: 'x' })).status,
    ).to.equal(409);
  });

  it('answers 404 to handlers and to supervisors elsewhere, 400 without a reason', async () => {
    const { instance } = await startCase(h, 'wangwei', { definitionKey: 'apilisting', gridUnit: GRID1 });
    const path = `/api/instances/${instance._id}/supervise`;
    expect((await h.post('wangwei', path, { reason: '越权' })).status).to.equal(404); // a handler who sees it
    expect((await h.post('zhengbo', path, { reason: '越权' })).status).to.equal(404); // 江滨街道
    const none = await h.post('chenmin', path, {});
    expect(none.status).to.equal(400);
    expect(none.body.error.details[0].path).to.equal('/reason');
    expect((await h.post('chenmin', path, { reason: '  ' })).status).to.equal(400);
    const extra = await h.post('chenmin', path, { reason: '理由', level: 'district' });
    expect(extra.status).to.equal(400);
    expect(extra.body.error.details[0].path).to.equal('/level');
    expect((await h.post(null, path, { reason: '理由' })).status).to.equal(401);
    expect((await h.t.engine.getInstance(instance._id))!.supervised).to.equal(false);
    const doc = (await h.http().get('/api/openapi.json')).body;
    expect(doc.paths['/api/instances/{id}/supervise'].post.tags).to.deep.equal(['supervision']);
    expect(doc.paths['/api/instances/{id}/unsupervise'].post.requestBody).to.not.equal(undefined);
  });

  it('摘牌 of a case listed at the top of a ladder leaves its task overdue and stops the 挂牌 reminders', async () => {
    const { instance } = await startCase(h, 'wangwei', { definitionKey: 'apilisting', gridUnit: GRID1 });
    const id = instance._id;
    const task = (s: InstanceState) => Object.values(s.tasks)[0];
    h.t.clock.set(task(instance).dueAt!);
    await fireUntil(h, id, (s) => task(s).escalations.length === 1);
    h.t.clock.set(Date.parse('2026-03-04T01:00:00Z'));
    const listed = await fireUntil(h, id, (s) => s.supervised);
    expect(Object.values(listed.timers).map((t) => t.purpose)).to.deep.equal(['supervision-cycle']);
    const res = await h.post('yangfan', `/api/instances/${id}/unsupervise`, { reason: '转常规督办' });
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    const s = await h.t.engine.waitForIdle(id);
    expect(s.supervised).to.equal(false);
    expect(task(s).slaState).to.equal('overdue');
    expect(s.timers).to.deep.equal({}); // no cycle of its own
    // and it can be listed again by hand
    expect(
      (await h.post('liuyang', `/api/instances/${id}/supervise`, { reason: '逾期仍未拆除' })).status,
    ).to.equal(200);
    expect(task(await h.t.engine.waitForIdle(id)).unit).to.equal(DISTRICT); // still where it was
  });
  it('销号: a case that ends while listed is de-listed with a history record and its 挂牌 reminders stop', async () => {
    const { instance } = await startCase(h, 'wangwei', { definitionKey: 'apilisting', gridUnit: GRID1 });
    const id = instance._id;
    const task = (s: InstanceState) => Object.values(s.tasks)[0];
    h.t.clock.set(task(instance).dueAt!);
    const escalated = await fireUntil(h, id, (s) => task(s).escalations.length === 1);
    h.t.clock.set(task(escalated).dueAt!); // the district's SLA runs out: listed at the top of the ladder
    const listed = await fireUntil(h, id, (s) => s.supervised);
    const [cycle] = Object.values(listed.timers);
    expect(cycle.purpose).to.equal('supervision-cycle');
    const cycleJob = h.t.engine.timerJobId(id, cycle.id);
    expect(await h.t.engine.queues.timers.getJob(cycleJob)).to.not.equal(undefined);

    await h.t.engine.completeTask(task(listed).id, 'maojun');
    const s = await h.t.engine.waitForIdle(id);
    expect(s.status).to.equal('completed');
    expect(s.supervised).to.equal(false);
    expect(s.listing).to.equal(undefined);
    expect(s.timers).to.deep.equal({});
    expect(await h.t.engine.queues.timers.getJob(cycleJob)).to.equal(undefined); // the reminder cycle stopped
    expect((await h.t.engine.getTask(task(listed).id))!.supervised).to.equal(false); // the task read model too
    const history = await h.t.engine.history(id);
    const delisted = history.find((r) => r.action === 'case-delisted')!;
    expect(delisted).to.include({ from: '挂牌督办', to: '销号' });
    expect(delisted.details).to.deep.equal({ status: 'completed' }); // listed by the ladder, not by hand
    expect(history.map((r) => r.action).slice(-2)).to.deep.equal(['instance-completed', 'case-delisted']);
    // no longer among the supervised cases
    const list = await h.get('yangfan', '/api/instances?supervised=true&pageSize=200');
    expect(list.body.items.map((i: { id: string }) => i.id)).to.not.include(id);
    expect((await h.get('yangfan', `/api/instances/${id}`)).body).to.include({ supervised: false });
  });

  it('销号: a case listed by hand and then cancelled is de-listed; a case never listed gets no record', async () => {
    const { instance } = await startCase(h, 'wangwei', { definitionKey: 'apilisting', gridUnit: GRID1 });
    const id = instance._id;
    expect(
      (await h.post('chenmin', `/api/instances/${id}/supervise`, { reason: '群众反映强烈' })).status,
    ).to.equal(200);
    const res = await h.post('chenmin', `/api/instances/${id}/cancel`, { reason: '重复立案' });
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    const s = await h.t.engine.waitForIdle(id);
    expect(s).to.include({ status: 'cancelled', supervised: false });
    const delisted = (await h.t.engine.history(id)).find((r) => r.action === 'case-delisted')!;
    expect(delisted).to.include({ actor: 'chenmin', to: '销号' });
    expect(delisted.details).to.deep.include({
      status: 'cancelled',
      listedBy: 'chenmin',
      reason: '群众反映强烈',
    });

    const plain = await startCase(h, 'wangwei', { definitionKey: 'apilisting', gridUnit: GRID1 });
    await h.t.engine.cancelInstance(plain.instance._id, 'chenmin');
    expect(await actions(plain.instance._id)).to.not.include('case-delisted');
  });
});
