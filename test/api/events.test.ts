import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { Redis } from 'ioredis';
import { createApi, type ApiApp } from '../../engine/api/index.js';
import { compareIds, eventLogKey } from '../../engine/queue/eventlog.js';
import type { InstanceState } from '../../engine/runtime/types.js';
import { GRID1, GRID2, MINGTIAN, STREET_XT, TEST_PASSWORD } from '../helpers/engine.js';
import { fireUntil, harness, SECRET, sse, startCase, type Harness, type SseClient } from './helpers.js';
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
    expect(res.body.error).to.include({ code: 'auth.required' });
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

describe('API: live events — ids, replay, de-duplication, session end', () => {
  let h: Harness;
  const clients: SseClient[] = [];
  const servers: Array<{ app: ApiApp; server: http.Server }> = [];
  before(async () => {
    // no periodic re-check within these tests: a stream must end because of the session notice itself
    h = await harness({ heartbeatMs: 60_000 });
    h.t.engine.forms.register('api-report', REPORT_FORM);
    await h.t.engine.deploy(CASE_FLOW);
  });
  after(async () => {
    for (const c of clients) c.close();
    for (const s of servers) {
      s.server.closeAllConnections();
      await new Promise((r) => s.server.close(r));
      await s.app.close();
    }
    await h.close();
  });

  const open = async (base: string, tok: string, lastEventId?: string) => {
    const c = await sse(base, `/api/events?token=${encodeURIComponent(tok)}`, {
      ...(lastEventId ? { 'Last-Event-ID': lastEventId } : {}),
    });
    clients.push(c);
    expect(c.status).to.equal(200);
    await c.ready;
    return c;
  };
  const connect = async (user: string) => open(h.base, await h.token(user));
  /** another API process of the deployment (same store and Redis), e.g. the one after a restart */
  const anotherApi = async () => {
    const app = createApi(h.t.engine, { jwtSecret: SECRET, heartbeatMs: 60_000 });
    const server = http.createServer(app);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    servers.push({ app, server });
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  };

  it('sends a task event once, also when another process replays the outbox', async () => {
    const wangwei = await connect('wangwei');
    const { instance, task } = await startCase(h, 'wangwei', {
      definitionKey: 'apicase',
      gridUnit: GRID1,
      businessKey: 'SSE-ONCE',
    });
    await wangwei.waitFor((e) => e.event === 'task' && e.data.id === task._id);
    expect((await h.post('wangwei', `/api/tasks/${task._id}/claim`)).status).to.equal(200);
    // the claim's outbox ran here and stays in the store until it is cleared; the sweeper of another
    // process (API and workers, several workers) cannot know that and runs it again
    const stored = await h.t.engine.store
      .collection<InstanceState>('instances')
      .findOne({ _id: instance._id });
    expect(stored!.outbox.some((e) => e.type === 'task')).to.equal(true);
    await h.t.engine.outbox.execute(stored!, false);
    await h.t.engine.outbox.execute(stored!, false);
    // a real change afterwards is news again, even back to an earlier state
    expect((await h.post('wangwei', `/api/tasks/${task._id}/unclaim`)).status).to.equal(200);
    await wangwei.waitFor((e) => e.event === 'task' && e.data.id === task._id && !e.data.assignee, 3000);
    await h.t.engine.waitForIdle(instance._id);
    await new Promise((r) => setTimeout(r, 300));
    const seen = wangwei.events.filter((e) => e.event === 'task' && e.data.id === task._id);
    expect(seen.map((e) => e.data.assignee ?? null)).to.deep.equal([null, 'wangwei', null]);
    // every event carries an id of the deployment's event log, increasing
    const ids = seen.map((e) => e.id!);
    expect(ids.every((id) => /^\d+-\d+$/.test(id))).to.equal(true);
    expect([...ids].sort((a, b) => compareIds(a, b))).to.deep.equal(ids);
  });

  it('replays what a client missed on reconnect with Last-Event-ID, also to another API process', async () => {
    const tok = await h.token('yangfan');
    const first = await open(h.base, tok);
    const { instance, task } = await startCase(h, 'wangwei', {
      definitionKey: 'apicase',
      gridUnit: GRID1,
      businessKey: 'SSE-REPLAY',
    });
    const seen = await first.waitFor((e) => e.event === 'task' && e.data.id === task._id);
    first.close();
    // 挂牌督办 while the client is away, 0.7 s before it comes back
    const listed = await h.post('chenmin', `/api/instances/${instance._id}/supervise`, {
      reason: '回放测试',
    });
    expect(listed.status, JSON.stringify(listed.body)).to.equal(200);
    await h.t.engine.waitForIdle(instance._id);
    await new Promise((r) => setTimeout(r, 700));
    for (const base of [h.base, await anotherApi()]) {
      const again = await open(base, tok, seen.id);
      const note = await again.waitFor(
        (e) =>
          e.event === 'notification' && e.data.kind === 'supervised' && e.data.instanceId === instance._id,
        3000,
      );
      expect(note.data.recipient).to.equal('yangfan');
      await again.waitFor((e) => e.event === 'task' && e.data.id === task._id && e.data.supervised, 3000);
      // nothing from before the id it gave, nothing twice
      expect(again.events.filter((e) => e.id === seen.id)).to.deep.equal([]);
      const ids = again.events.flatMap((e) => (e.id ? [e.id] : []));
      expect(new Set(ids).size).to.equal(ids.length);
      expect(again.events.some((e) => e.event === 'reset')).to.equal(false);
      again.close();
    }
  });

  it('tells a client whose missed events are no longer kept to reload (reset)', async () => {
    const tok = await h.token('chenmin');
    const first = await open(h.base, tok);
    const { task } = await startCase(h, 'wangwei', { definitionKey: 'apicase', gridUnit: GRID1 });
    const seen = await first.waitFor((e) => e.event === 'task' && e.data.id === task._id);
    first.close();
    await startCase(h, 'wangwei', { definitionKey: 'apicase', gridUnit: GRID1 });
    const redis = new Redis(h.t.config.redisUrl);
    try {
      await redis.xtrim(eventLogKey(h.t.config.queuePrefix), 'MAXLEN', 0);
    } finally {
      redis.disconnect();
    }
    const again = await open(h.base, tok, seen.id);
    expect(again.events[0]).to.deep.include({
      event: 'reset',
      data: { reason: 'missed-events', code: 'events-missed' },
    });
  });

  it('ends the streams of a disabled user at once', async () => {
    await h.post('admin', '/api/users', {
      username: 'ssedisabled',
      displayName: 'SSE',
      password: TEST_PASSWORD,
      roles: [{ role: 'handler', unit: GRID1 }],
    });
    const c = await connect('ssedisabled');
    const other = await connect('lina');
    await h.patch('admin', '/api/users/ssedisabled', { disabled: true });
    await Promise.race([
      c.ended,
      new Promise((_, no) => setTimeout(() => no(new Error('still open')), 2000)),
    ]);
    expect(c.events.some((e) => e.event === 'end' && e.data.code === 'session-ended')).to.equal(true);
    expect(other.events.some((e) => e.event === 'end')).to.equal(false);
  });

  it('ends the stream of a session that signs out or changes its password, not the user’s others', async () => {
    await h.post('admin', '/api/users', {
      username: 'sseout',
      displayName: 'SSE',
      password: 'sse-password-1',
      roles: [{ role: 'handler', unit: GRID1 }],
    });
    const login = async (password: string) =>
      (await h.post(null, '/api/auth/login', { username: 'sseout', password })).body.token as string;
    const [a, b] = [await login('sse-password-1'), await login('sse-password-1')];
    const [ca, cb] = [await open(h.base, a), await open(h.base, b)];
    expect((await h.http().post('/api/auth/logout').set('Authorization', `Bearer ${a}`)).status).to.equal(
      204,
    );
    await Promise.race([
      ca.ended,
      new Promise((_, no) => setTimeout(() => no(new Error('still open')), 2000)),
    ]);
    await new Promise((r) => setTimeout(r, 200));
    expect(cb.events.some((e) => e.event === 'end')).to.equal(false);
    // a password change from a third session ends b's stream
    const c = await login('sse-password-1');
    const changed = await h
      .http()
      .post('/api/me/password')
      .set('Authorization', `Bearer ${c}`)
      .send({ currentPassword: 'sse-password-1', newPassword: 'sse-password-2' });
    expect(changed.status).to.equal(200);
    await Promise.race([
      cb.ended,
      new Promise((_, no) => setTimeout(() => no(new Error('still open')), 2000)),
    ]);
  });
});
