import { expect } from 'chai';
import { GRID1, GRID2, MINGTIAN, STREET_XT, TEST_PASSWORD } from '../helpers/engine.js';
import { fireUntil, harness, sse, startCase, type Harness, type SseClient } from './helpers.js';
import { CASE_FLOW, REPORT_FORM } from './fixtures.js';

describe('API: live events (SSE)', () => {
  let h: Harness;
  const clients: SseClient[] = [];
  before(async () => {
    h = await harness({ heartbeatMs: 200 });
    h.t.engine.forms.register('api-report', REPORT_FORM);
    await h.t.engine.deploy(CASE_FLOW);
  });
  after(async () => {
    for (const c of clients) c.close();
    await h.close();
  });

  const connect = async (user: string, via: 'query' | 'header' = 'query') => {
    const tok = await h.token(user);
    const c =
      via === 'query'
        ? await sse(h.base, `/api/events?token=${encodeURIComponent(tok)}`)
        : await sse(h.base, '/api/events', { Authorization: `Bearer ${tok}` });
    clients.push(c);
    expect(c.status).to.equal(200);
    await c.ready;
    return c;
  };

  /** Lets the open task's SLA run out (engine clock) until it has climbed to `level`. */
  const climb = async (instanceId: string, level: string) => {
    const s = await h.t.engine.waitForIdle(instanceId);
    h.t.clock.set(Object.values(s.tasks)[0].dueAt!);
    return fireUntil(h, instanceId, (x) => Object.values(x.tasks)[0].level === level);
  };

  it('refuses streams without a valid token (401)', async () => {
    const none = await sse(h.base, '/api/events');
    expect(none.status).to.equal(401);
    const bad = await sse(h.base, '/api/events?token=forged.token.value');
    expect(bad.status).to.equal(401);
    const res = await h.http().get('/api/events');
    expect(res.status).to.equal(401);
    expect(res.body).to.have.property('error');
  });

  it('delivers an escalation to the supervisor of the subtree and not to a supervisor of another street', async () => {
    const chenmin = await connect('chenmin');
    const zhengbo = await connect('zhengbo');
    const wangwei = await connect('wangwei', 'header');
    const lina = await connect('lina');

    const { instance, task } = await startCase(h, 'wangwei', {
      definitionKey: 'apicase',
      gridUnit: GRID1,
      businessKey: 'SSE-1',
    });
    // the grid handler hears about the new task and gets its notification
    await wangwei.waitFor((e) => e.event === 'task' && e.data.id === task._id);
    await wangwei.waitFor(
      (e) => e.event === 'notification' && e.data.taskId === task._id && e.data.recipient === 'wangwei',
    );
    await chenmin.waitFor((e) => e.event === 'task' && e.data.id === task._id);

    h.t.clock.set(task.dueAt!);
    await fireUntil(h, instance._id, (s) => Object.values(s.tasks)[0].level === 'community');
    const esc = await chenmin.waitFor((e) => e.event === 'escalation' && e.data.taskId === task._id);
    expect(esc.data).to.include({
      instanceId: instance._id,
      fromLevel: 'grid',
      toLevel: 'community',
      toUnit: MINGTIAN,
    });
    await chenmin.waitFor(
      (e) => e.event === 'notification' && e.data.kind === 'escalated' && e.data.recipient === 'chenmin',
    );
    // give the other streams time to receive anything they would wrongly get
    await new Promise((r) => setTimeout(r, 300));
    expect(zhengbo.events.filter((e) => e.event !== 'ready')).to.deep.equal([]);
    expect(lina.events.filter((e) => e.event === 'escalation' || e.event === 'task')).to.deep.equal([]);
    // notifications only ever reach their recipient
    for (const c of [chenmin, zhengbo, wangwei, lina]) {
      const me = c === chenmin ? 'chenmin' : c === zhengbo ? 'zhengbo' : c === wangwei ? 'wangwei' : 'lina';
      for (const n of c.events.filter((e) => e.event === 'notification'))
        expect(n.data.recipient).to.equal(me);
    }
    // heartbeats keep the connection open
    expect(chenmin.comments.filter((c) => c === 'ping').length).to.be.at.least(1);
  });

  it('keeps escalations from department staff at the street (SSE and GET /api/escalations)', async () => {
    const dept = ['xuqiang', 'maojun', 'huangtao']; // police, 城管, 司法所 at 莘亭街道
    const staff = await Promise.all(dept.map((u) => connect(u)));
    const liuyang = await connect('liuyang');
    const { instance, task } = await startCase(h, 'wangwei', {
      definitionKey: 'apicase',
      gridUnit: GRID1,
      businessKey: 'SSE-DEPT',
    });
    // two breaches: 网格 → 社区 → 街道
    await climb(instance._id, 'community');
    await climb(instance._id, 'street');
    const esc = await liuyang.waitFor(
      (e) => e.event === 'escalation' && e.data.taskId === task._id && e.data.toUnit === STREET_XT,
    );
    expect(esc.data.candidateRoles).to.deep.equal(['handler']);
    await liuyang.waitFor((e) => e.event === 'task' && e.data.id === task._id && e.data.unit === STREET_XT);
    await new Promise((r) => setTimeout(r, 300));
    for (const [i, c] of staff.entries())
      expect(
        c.events.filter((e) => e.event !== 'ready' && e.event !== 'notification'),
        dept[i],
      ).to.deep.equal([]);
    const listed = async (user: string) =>
      ((await h.get(user, '/api/escalations?pageSize=200')).body.items as Array<{ taskId: string }>).filter(
        (x) => x.taskId === task._id,
      );
    for (const u of dept) expect(await listed(u), u).to.deep.equal([]);
    expect(await listed('liuyang')).to.have.length(2);
    expect(await listed('chenmin')).to.have.length(1); // into 明天社区 only
    expect((await listed('zhoujie')).map((x: any) => x.toUnit)).to.deep.equal([MINGTIAN]);
    const stored = await h.t.engine.store.collection('escalations').find({ taskId: task._id });
    expect(stored.map((x) => x.candidateRoles)).to.deep.equal([['handler'], ['handler']]);
  });

  it('tells the candidates of the unit a task escalates away from that it left (their inbox reloads)', async () => {
    const wangwei = await connect('wangwei');
    const zhoujie = await connect('zhoujie');
    const lina = await connect('lina');
    const { instance, task } = await startCase(h, 'chenmin', {
      definitionKey: 'apicase',
      gridUnit: GRID1,
      businessKey: 'SSE-LEFT',
    });
    await wangwei.waitFor((e) => e.event === 'task' && e.data.id === task._id);
    const seen = wangwei.events.length;
    await climb(instance._id, 'community');
    // wangwei (grid 1 handler, never the assignee) sees nothing of the task at the community, but learns it left
    const left = await wangwei.waitFor((e) => e.event === 'task' && e.data.id === task._id && e.data.left);
    expect(left.data).to.include({
      instanceId: instance._id,
      unit: MINGTIAN,
      fromUnit: GRID1,
      status: 'open',
    });
    expect(wangwei.events.slice(seen).filter((e) => e.event === 'escalation')).to.deep.equal([]);
    expect((await h.get('wangwei', `/api/tasks/${task._id}`)).status).to.equal(404);
    // the community handler gets the real task event; the next climb takes it away from him in turn
    await zhoujie.waitFor((e) => e.event === 'task' && e.data.id === task._id && e.data.unit === MINGTIAN);
    await climb(instance._id, 'street');
    await zhoujie.waitFor((e) => e.event === 'task' && e.data.id === task._id && e.data.left);
    await new Promise((r) => setTimeout(r, 200));
    // lina works grid 2: never a candidate of the task, she hears nothing of its moves
    expect(lina.events.filter((e) => e.event === 'task' && e.data.id === task._id)).to.deep.equal([]);
  });

  it('sends a handler only task events of their own grid', async () => {
    const lina = await connect('lina');
    const { task: t1 } = await startCase(h, 'wangwei', { definitionKey: 'apicase', gridUnit: GRID1 });
    const { task: t2 } = await startCase(h, 'lina', { definitionKey: 'apicase', gridUnit: GRID2 });
    await lina.waitFor((e) => e.event === 'task' && e.data.id === t2._id);
    await new Promise((r) => setTimeout(r, 200));
    expect(lina.events.some((e) => e.event === 'task' && e.data.id === t1._id)).to.equal(false);
  });

  it('ends the stream when the account is disabled', async () => {
    await h.post('admin', '/api/users', {
      username: 'sseuser',
      displayName: 'SSE',
      password: TEST_PASSWORD,
      roles: [{ role: 'handler', unit: GRID1 }],
    });
    const c = await connect('sseuser');
    await h.patch('admin', '/api/users/sseuser', { disabled: true });
    await c.ended;
    expect(c.events.some((e) => e.event === 'end')).to.equal(true);
  });
});
