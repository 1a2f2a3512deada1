import { expect } from 'chai';
import { GRID1, MINGTIAN } from '../helpers/engine.js';
import { fireUntil, harness, startCase, type Harness } from './helpers.js';
import { CASE_FLOW, REPORT_FORM } from './fixtures.js';

describe('API: escalations and notifications', () => {
  let h: Harness;
  let taskId: string;
  before(async () => {
    h = await harness();
    h.t.engine.forms.register('api-report', REPORT_FORM);
    await h.t.engine.deploy(CASE_FLOW);
    const { instance, task } = await startCase(h, 'wangwei', {
      definitionKey: 'apicase',
      gridUnit: GRID1,
      businessKey: 'ESC-1',
    });
    taskId = task._id;
    // P3D working days from Mon 09:00 → Thu 09:00: breach, climb to the community
    h.t.clock.set(task.dueAt!);
    await fireUntil(h, instance._id, (s) => Object.values(s.tasks)[0].level === 'community');
  });
  after(() => h.close());

  it("lists escalations into the caller's units: community and street supervisors yes, other street and grid no", async () => {
    const list = async (user: string, q = '') => {
      const res = await h.get(user, `/api/escalations${q}`);
      expect(res.status).to.equal(200);
      return res.body.items as Array<{ taskId: string; toUnit: string; toLevel: string; fromLevel: string }>;
    };
    const chenmin = await list('chenmin');
    expect(chenmin).to.have.length(1);
    expect(chenmin[0]).to.include({ taskId, toUnit: MINGTIAN, toLevel: 'community', fromLevel: 'grid' });
    expect(await list('liuyang')).to.have.length(1);
    expect(await list('zhoujie')).to.have.length(1); // handler at the community
    expect(await list('zhengbo')).to.have.length(0);
    expect(await list('wangwei')).to.have.length(0);
    expect(await list('admin')).to.have.length(1);
    const due = h.t.clock.now();
    expect(await list('chenmin', `?since=${new Date(due + 1000).toISOString()}`)).to.have.length(0);
    expect(await list('chenmin', `?since=${new Date(due - 1000).toISOString()}`)).to.have.length(1);
    expect(await list('chenmin', '?since=2026-03-05&until=2026-03-05')).to.have.length(1);
    expect(await list('chenmin', '?level=street')).to.have.length(0);
    expect(await list('chenmin', '?level=community')).to.have.length(1);
    const bad = await h.get('chenmin', '/api/escalations?since=yesterday');
    expect(bad.status).to.equal(400);
    expect(bad.body.error.details[0].path).to.equal('/since');
  });

  it("lists the caller's own notifications, marks one and all read", async () => {
    const res = await h.get('chenmin', '/api/notifications?unread=1');
    expect(res.status).to.equal(200);
    expect(res.body.items.length).to.be.at.least(1);
    expect(res.body.unread).to.equal(res.body.total);
    const esc = res.body.items.find((n: { kind: string }) => n.kind === 'escalated');
    expect(esc).to.include({ recipient: 'chenmin', read: false });
    expect(esc.items[0].taskId).to.equal(taskId);
    // someone else's notification does not exist for me
    expect(
      (await h.post('zhengbo', `/api/notifications/${encodeURIComponent(esc.id)}/read`)).status,
    ).to.equal(404);
    const one = await h.post('chenmin', `/api/notifications/${encodeURIComponent(esc.id)}/read`);
    expect(one.status).to.equal(200);
    expect(one.body.read).to.equal(true);
    const wang = await h.get('wangwei', '/api/notifications');
    const kinds = wang.body.items.map((n: { kind: string }) => n.kind);
    expect(kinds).to.include('task-created');
    expect(wang.body.items.every((n: { recipient: string }) => n.recipient === 'wangwei')).to.equal(true);
    const all = await h.post('wangwei', '/api/notifications/read-all');
    expect(all.status).to.equal(200);
    expect(all.body.updated).to.equal(wang.body.unread);
    expect((await h.get('wangwei', '/api/notifications?unread=1')).body.total).to.equal(0);
    expect((await h.get('wangwei', '/api/notifications')).body.total).to.equal(wang.body.total);
  });

  it("moves the escalated task into the community supervisor's and grid head's view; an unassigned grid handler loses it", async () => {
    const t = await h.get('zhoujie', `/api/tasks/${taskId}`);
    expect(t.status).to.equal(200);
    expect(t.body).to.include({ unit: MINGTIAN, slaState: 'escalated' });
    expect(t.body.can.act).to.equal(true);
    // wangwei was not the assignee: with the task at the community he no longer sees it
    expect((await h.get('wangwei', `/api/tasks/${taskId}`)).status).to.equal(404);
    const overdue = await h.get('chenmin', '/api/tasks?overdue=1');
    expect(overdue.body.items.map((x: { id: string }) => x.id)).to.not.include(taskId); // new window not yet due
    const sla = await h.get('chenmin', '/api/tasks?slaState=escalated');
    expect(sla.body.items.map((x: { id: string }) => x.id)).to.include(taskId);
  });
});
