import { expect } from 'chai';
import { DISTRICT, GRID1, GRID2, MINGTIAN, STREET_XT } from '../helpers/engine.js';
import { harness, startCase, type Harness } from './helpers.js';
import { SIMPLE } from './fixtures.js';

describe('API: supervision orders (督办单 / 交办单)', () => {
  let h: Harness;
  let instanceId: string;
  before(async () => {
    h = await harness();
    await h.t.engine.deploy(SIMPLE);
    instanceId = (
      await startCase(h, 'wangwei', { definitionKey: 'apisimple', gridUnit: GRID1, businessKey: 'DB-1' })
    ).instance._id;
  });
  after(() => h.close());

  it('lets a supervisor of the case issue a 督办单 to a unit with a working-day reply SLA', async () => {
    const res = await h.post('chenmin', `/api/instances/${instanceId}/supervision-orders`, {
      kind: 'duban',
      to: GRID1,
      content: '请于明日前反馈处置进展',
      replySla: 'P1D',
    });
    expect(res.status).to.equal(201);
    expect(res.body).to.include({ kind: 'duban', status: 'open', createdBy: 'chenmin', instanceId });
    expect(res.body.target).to.deep.equal({ unit: GRID1, unitName: '明天社区第1网格' });
    // Mon 09:00 + 1 working day = Tue 09:00 (Asia/Shanghai)
    expect(new Date(res.body.replyDueAt).toISOString()).to.equal('2026-03-03T01:00:00.000Z');
    const note = await h.get('wangwei', '/api/notifications?unread=1');
    expect(note.body.items.some((n: { title: string }) => n.title === '督办单：DB-1')).to.equal(true);
    const detail = await h.get('chenmin', `/api/instances/${instanceId}`);
    expect(detail.body.supervisionOrders).to.have.length(1);
    expect(detail.body.history.some((x: { action: string }) => x.action === 'supervision-duban')).to.equal(
      true,
    );
  });

  it('refuses orders from handlers and from supervisors elsewhere (404), and invalid bodies (400)', async () => {
    const body = { kind: 'duban', to: GRID1, content: 'x', replySla: 'P1D' };
    expect(
      (await h.post('wangwei', `/api/instances/${instanceId}/supervision-orders`, body)).status,
    ).to.equal(404);
    expect(
      (await h.post('zhengbo', `/api/instances/${instanceId}/supervision-orders`, body)).status,
    ).to.equal(404);
    const neither = await h.post('chenmin', `/api/instances/${instanceId}/supervision-orders`, {
      kind: 'duban',
      to: GRID1,
      content: 'x',
    });
    expect(neither.status).to.equal(400);
    expect(neither.body.error.details.map((d: { path: string }) => d.path)).to.include.members([
      '/replyDueAt',
      '/replySla',
    ]);
    const badKind = await h.post('chenmin', `/api/instances/${instanceId}/supervision-orders`, {
      ...body,
      kind: 'memo',
      replySla: 'soon',
    });
    expect(badKind.status).to.equal(400);
    expect(badKind.body.error.details.map((d: { path: string }) => d.path)).to.include.members([
      '/kind',
      '/replySla',
    ]);
    const past = await h.post('chenmin', `/api/instances/${instanceId}/supervision-orders`, {
      kind: 'duban',
      to: GRID1,
      content: 'x',
      replyDueAt: '2020-01-01T00:00:00Z',
    });
    expect(past.status).to.equal(400);
    expect(past.body.error.details[0].path).to.equal('/replyDueAt');
    const unknown = await h.post('chenmin', `/api/instances/${instanceId}/supervision-orders`, {
      ...body,
      to: 'astronaut',
    });
    expect(unknown.status).to.equal(400);
    expect(unknown.body.error.details[0].path).to.equal('/to');
  });

  it("addresses orders only to units on the case's chain within the issuer's subtree (400 naming /to)", async () => {
    const order = (user: string, to: string) =>
      h.post(user, `/api/instances/${instanceId}/supervision-orders`, {
        kind: 'jiaoban',
        to,
        content: '请协助',
        replySla: 'P1D',
      });
    const before = await h.t.engine.store.collection('supervisions').count({});
    const outside = "must be a unit on the case's unit chain within your jurisdiction";
    // 明天社区's supervisor: not the street above, not a grid beside the case's, not another street
    for (const to of [
      STREET_XT,
      `police@${STREET_XT}`,
      GRID2,
      `handler@${GRID2}`,
      '310117002001001',
      '999999',
    ]) {
      const res = await order('chenmin', to);
      expect(res.status, to).to.equal(400);
      expect(res.body.error.code, to).to.equal('order.invalid-target');
      expect(res.body.error.details, to).to.deep.equal([
        { path: '/to', message: outside, code: 'field.out-of-reach', params: { field: 'to' } },
      ]);
    }
    // a department role exists only at the street: out of 明天社区's reach
    const police = await order('chenmin', 'police');
    expect(police.status).to.equal(400);
    expect(police.body.error.details[0].path).to.equal('/to');
    expect(await h.t.engine.store.collection('supervisions').count({})).to.equal(before);
    // within reach: the community itself; the street supervisor and admins may go up to the street
    expect((await order('chenmin', MINGTIAN)).status).to.equal(201);
    expect((await order('liuyang', `police@${STREET_XT}`)).status).to.equal(201);
    expect((await order('admin', DISTRICT)).status).to.equal(201);
    expect((await order('liuyang', DISTRICT)).status).to.equal(400);
  });

  it('resolves a department role on the case path; only the target may reply, once', async () => {
    const res = await h.post('liuyang', `/api/instances/${instanceId}/supervision-orders`, {
      kind: 'jiaoban',
      to: 'police',
      content: '请派出所协助核查',
      replyDueAt: new Date(h.t.clock.now() + 2 * 86400_000).toISOString(),
    });
    expect(res.status).to.equal(201);
    expect(res.body.target).to.include({ unit: STREET_XT, role: 'police' });
    const id = res.body.id;
    const mine = await h.get('xuqiang', '/api/supervision-orders');
    expect(mine.body.items.map((o: { id: string }) => o.id)).to.include(id);
    expect(mine.body.items.find((o: { id: string }) => o.id === id).canReply).to.equal(true);
    expect((await h.post('lina', `/api/supervision-orders/${id}/reply`, { content: 'x' })).status).to.equal(
      404,
    );
    expect(
      (await h.post('wangwei', `/api/supervision-orders/${id}/reply`, { content: 'x' })).status,
    ).to.equal(404);
    // maojun works at the street too, but not as police
    expect((await h.post('maojun', `/api/supervision-orders/${id}/reply`, { content: 'x' })).status).to.equal(
      404,
    );
    expect((await h.post('xuqiang', `/api/supervision-orders/${id}/reply`, {})).status).to.equal(400);
    const ok = await h.post('xuqiang', `/api/supervision-orders/${id}/reply`, {
      content: '已派员核查，情况属实',
    });
    expect(ok.status).to.equal(200);
    expect(ok.body.status).to.equal('replied');
    expect(ok.body.reply).to.include({ by: 'xuqiang', late: false });
    expect(
      (await h.post('xuqiang', `/api/supervision-orders/${id}/reply`, { content: 'again' })).status,
    ).to.equal(409);
    const notes = await h.get('liuyang', '/api/notifications');
    expect(notes.body.items.some((n: { title: string }) => n.title.startsWith('交办单已回复'))).to.equal(
      true,
    );
    expect((await h.get('liuyang', `/api/supervision-orders/${id}`)).body.status).to.equal('replied');
    expect((await h.get('zhengbo', `/api/supervision-orders/${id}`)).status).to.equal(404);
  });

  it('computes overdue on read and filters by status', async () => {
    const res = await h.post('chenmin', `/api/instances/${instanceId}/supervision-orders`, {
      kind: 'duban',
      to: `handler@${GRID1}`,
      content: '限期回复',
      replySla: 'PT2H',
    });
    expect(res.status).to.equal(201);
    expect(res.body.target).to.include({ unit: GRID1, role: 'handler' });
    const id = res.body.id;
    const ids = async (q: string) =>
      ((await h.get('chenmin', `/api/supervision-orders?${q}`)).body.items as Array<{ id: string }>).map(
        (o) => o.id,
      );
    expect(await ids('status=open')).to.include(id);
    expect(await ids('status=overdue')).to.not.include(id);
    h.t.clock.advance(3 * 3600_000);
    expect(await ids('status=open')).to.not.include(id);
    expect(await ids('status=overdue')).to.include(id);
    const one = await h.get('wangwei', `/api/supervision-orders/${id}`);
    expect(one.body.status).to.equal('overdue');
    const late = await h.post('wangwei', `/api/supervision-orders/${id}/reply`, { content: '迟复' });
    expect(late.body.reply.late).to.equal(true);
    expect(await ids(`status=replied&instanceId=${instanceId}`)).to.include(id);
    expect((await h.get('zhengbo', '/api/supervision-orders')).body.items).to.deep.equal([]);
  });

  it('runs the reply deadline as an SLA: a reminder at 80%, then an overdue notice to the issuer, each once', async () => {
    const { instance } = await startCase(h, 'wangwei', {
      definitionKey: 'apisimple',
      gridUnit: GRID1,
      businessKey: 'DB-T',
    });
    const now = h.t.clock.now();
    const issue = (content: string) =>
      h.post('chenmin', `/api/instances/${instance._id}/supervision-orders`, {
        kind: 'duban',
        to: `handler@${GRID1}`,
        content,
        replyDueAt: new Date(now + 10 * 3600_000).toISOString(),
      });
    // a channel besides the inbox (as the webhook): order notices reach it too
    const delivered: string[] = [];
    h.t.engine.channels.set('memo', { name: 'memo', deliver: async (n) => void delivered.push(n.title) });
    const order = (await issue('十小时内回复')).body;
    const answered = (await issue('已回复的一单')).body;
    expect(
      (await h.post('wangwei', `/api/supervision-orders/${answered.id}/reply`, { content: '已办' })).status,
    ).to.equal(200);
    const titles = async (user: string) =>
      ((await h.get(user, '/api/notifications?pageSize=200')).body.items as Array<{ title: string }>)
        .map((n) => n.title)
        .filter((t) => t.endsWith('DB-T'));
    const settle = async (user: string, title: string) => {
      for (let i = 0; i < 200 && !(await titles(user)).includes(title); i++)
        await new Promise((r) => setTimeout(r, 25));
    };

    // 7 h in (70%): nothing yet
    h.t.clock.advance(7 * 3600_000);
    await h.t.engine.fireDueTimers();
    await new Promise((r) => setTimeout(r, 200));
    expect(await titles('wangwei')).to.not.include('督办单即将到期：DB-T');

    // 8 h 1 min in: the reminder reaches the addressees, once (the replied order stays silent)
    h.t.clock.advance(3600_000 + 60_000);
    await h.t.engine.fireDueTimers();
    await settle('wangwei', '督办单即将到期：DB-T');
    await h.t.engine.fireDueTimers(); // a second firing adds nothing
    await new Promise((r) => setTimeout(r, 200));
    expect((await titles('wangwei')).filter((t) => t === '督办单即将到期：DB-T')).to.have.length(1);
    expect(await titles('chenmin')).to.not.include('督办单即将到期：DB-T');

    // past the deadline: the issuer and the addressees are told it is overdue, and the case history says so
    h.t.clock.advance(2 * 3600_000);
    await h.t.engine.fireDueTimers();
    await settle('chenmin', '督办单逾期未回复：DB-T');
    await h.t.engine.fireDueTimers();
    await new Promise((r) => setTimeout(r, 200));
    expect((await titles('chenmin')).filter((t) => t === '督办单逾期未回复：DB-T')).to.have.length(1);
    expect((await titles('wangwei')).filter((t) => t === '督办单逾期未回复：DB-T')).to.have.length(1);
    const detail = await h.get('chenmin', `/api/instances/${instance._id}`);
    const overdue = detail.body.history.filter(
      (x: { action: string }) => x.action === 'supervision-duban-overdue',
    );
    expect(overdue).to.have.length(1);
    expect(overdue[0].details.orderId).to.equal(order.id);
    const after = (await h.get('chenmin', `/api/supervision-orders/${order.id}`)).body;
    expect(after.status).to.equal('overdue');
    expect(after.overdueAt).to.be.a('number');
    expect((await h.get('chenmin', `/api/supervision-orders/${answered.id}`)).body).to.not.have.property(
      'overdueAt',
    );
    for (let i = 0; i < 200 && !delivered.includes('督办单逾期未回复：DB-T'); i++)
      await new Promise((r) => setTimeout(r, 25));
    expect(delivered).to.include.members(['督办单：DB-T', '督办单即将到期：DB-T', '督办单逾期未回复：DB-T']);
    h.t.engine.channels.delete('memo');
  });
});
