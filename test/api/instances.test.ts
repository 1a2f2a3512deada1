import { expect } from 'chai';
import { GRID1, GRID2, MINGTIAN } from '../helpers/engine.js';
import { harness, startCase, waitFor, type Harness } from './helpers.js';
import { CASE_FLOW, FAILING, MESSAGE_FLOW, REPORT_FORM, SIMPLE, START_FORM } from './fixtures.js';

const CHUNHUI_GRID = '310117001002001'; // 春晖社区第1网格 (same street, other community)

describe('API: cases (instances), messages, incidents', () => {
  let h: Harness;
  let failing = true;
  before(async () => {
    h = await harness(
      {},
      {
        services: {
          flaky: async () => {
            if (failing) throw new Error('upstream 503');
            return { ok: true };
          },
        },
      },
    );
    h.t.engine.forms.register('api-report', REPORT_FORM);
    h.t.engine.forms.register('api-start', START_FORM);
    for (const xml of [CASE_FLOW, SIMPLE, MESSAGE_FLOW, FAILING]) await h.t.engine.deploy(xml);
  });
  after(() => h.close());

  describe('starting a case', () => {
    it('opens a case at a unit of the caller (201) and binds its first task', async () => {
      const res = await h.post('wangwei', '/api/instances', {
        definitionKey: 'apicase',
        businessKey: 'MT-001',
        gridUnit: GRID1,
        variables: { address: '明天路1号' },
      });
      expect(res.status).to.equal(201);
      expect(res.body).to.include({
        definitionKey: 'apicase',
        businessKey: 'MT-001',
        gridUnit: GRID1,
        status: 'active',
        startedBy: 'wangwei',
      });
      expect(res.body.id).to.be.a('string');
      expect(res.body.processName).to.equal('API 测试案件');
      expect(res.body.gridUnitName).to.equal('明天社区第1网格');
      const s = await h.t.engine.waitForIdle(res.body.id);
      const hist = await h.t.engine.history(s._id);
      expect(hist[0]).to.include({ action: 'instance-started', actor: 'wangwei' });
    });

    it("answers 404 for a grid unit outside the caller's jurisdiction", async () => {
      const body = { definitionKey: 'apisimple', gridUnit: GRID2 };
      expect((await h.post('wangwei', '/api/instances', body)).status).to.equal(404);
      // supervisor of 明天社区: anywhere below it
      expect((await h.post('chenmin', '/api/instances', body)).status).to.equal(201);
      expect(
        (await h.post('chenmin', '/api/instances', { ...body, gridUnit: CHUNHUI_GRID })).status,
      ).to.equal(404);
      // supervisor of the other street
      expect((await h.post('zhengbo', '/api/instances', body)).status).to.equal(404);
      // admin: anywhere
      expect((await h.post('admin', '/api/instances', { ...body, gridUnit: CHUNHUI_GRID })).status).to.equal(
        201,
      );
    });

    it("refuses variable names the store cannot hold ('$…', 'a.b'), at any depth, creating nothing", async () => {
      const instances = h.t.engine.store.collection('instances');
      const before = await instances.count({});
      const res = await h.post('wangwei', '/api/instances', {
        definitionKey: 'apisimple',
        gridUnit: GRID1,
        variables: { 'a.b': 1, $set: 2, ok: { list: [{ $where: 'x' }] } },
      });
      expect(res.status).to.equal(400);
      expect(res.body.error.details.map((d: { path: string }) => d.path)).to.have.members([
        '/variables/a.b',
        '/variables/$set',
        '/variables/ok/list/0/$where',
      ]);
      // the engine's own API refuses them too (programmatic callers, message variables)
      const err = await h.t.engine
        .start('apisimple', { gridUnit: GRID1, variables: { 'x.y': 1 } }, 'wangwei')
        .catch((e: unknown) => e);
      expect(err).to.have.property('code', 'invalid');
      expect(err).to.have.deep.property('details', [
        {
          path: '/variables/x.y',
          message: "field names must not start with '$' or contain '.'",
          code: 'field.bad-name',
          params: { field: 'variables/x.y' },
        },
      ]);
      expect(err).to.have.property('reason', 'variables.unstorable');
      expect(await instances.count({})).to.equal(before);
    });

    it('validates the body: 400 with JSON-pointer paths, unknown unit, unknown process', async () => {
      const missing = await h.post('wangwei', '/api/instances', {
        definitionKey: 'apisimple',
        variables: [],
      });
      expect(missing.status).to.equal(400);
      const paths = missing.body.error.details.map((d: { path: string }) => d.path);
      expect(paths).to.include.members(['/gridUnit', '/variables']);
      // a unit that does not exist answers like one out of reach (no existence oracle) — except to admins
      const unknownUnit = await h.post('wangwei', '/api/instances', {
        definitionKey: 'apisimple',
        gridUnit: '999',
      });
      const outOfReach = await h.post('wangwei', '/api/instances', {
        definitionKey: 'apisimple',
        gridUnit: CHUNHUI_GRID,
      });
      expect(unknownUnit.status).to.equal(404);
      expect(unknownUnit.body).to.deep.equal(outOfReach.body);
      expect(outOfReach.status).to.equal(404);
      for (const sup of ['chenmin', 'zhengbo'])
        expect(
          (await h.post(sup, '/api/instances', { definitionKey: 'apisimple', gridUnit: '999' })).status,
        ).to.equal(404);
      const adminUnknown = await h.post('admin', '/api/instances', {
        definitionKey: 'apisimple',
        gridUnit: '999',
      });
      expect(adminUnknown.status).to.equal(400);
      expect(adminUnknown.body.error.code).to.equal('unit.unknown');
      expect(adminUnknown.body.error.details).to.deep.equal([
        {
          path: '/gridUnit',
          message: 'unknown unit',
          code: 'field.unknown-unit',
          params: { field: 'gridUnit' },
        },
      ]);
      const unknownDef = await h.post('wangwei', '/api/instances', {
        definitionKey: 'nope',
        gridUnit: GRID1,
      });
      expect(unknownDef.status).to.equal(404);
      const badType = await h.post('wangwei', '/api/instances', {
        definitionKey: 7,
        gridUnit: GRID1,
        businessKey: '',
      });
      expect(badType.status).to.equal(400);
      expect(badType.body.error.details.map((d: { path: string }) => d.path)).to.include.members([
        '/definitionKey',
        '/businessKey',
      ]);
    });
  });

  describe('reading cases', () => {
    let mine: string;
    let lina: string;
    before(async () => {
      mine = (
        await startCase(h, 'wangwei', { definitionKey: 'apicase', gridUnit: GRID1, businessKey: 'READ-1' })
      ).instance._id;
      lina = (
        await startCase(h, 'lina', { definitionKey: 'apisimple', gridUnit: GRID2, businessKey: 'READ-2' })
      ).instance._id;
    });

    it('lists only the cases each role may see, paginated', async () => {
      const ids = async (user: string, q = '') => {
        const res = await h.get(user, `/api/instances?pageSize=200${q}`);
        expect(res.status).to.equal(200);
        expect(res.body).to.have.keys('items', 'total', 'page', 'pageSize');
        return res.body.items.map((i: { id: string }) => i.id) as string[];
      };
      expect(await ids('wangwei'))
        .to.include(mine)
        .and.not.include(lina);
      expect(await ids('lina'))
        .to.include(lina)
        .and.not.include(mine);
      expect(await ids('chenmin')).to.include.members([mine, lina]);
      expect(await ids('liuyang')).to.include.members([mine, lina]);
      expect(await ids('zhengbo')).to.deep.equal([]);
      expect(await ids('admin')).to.include.members([mine, lina]);
      // the community reviewer sees the case once its verification task is at the community... not yet
      expect(await ids('zhoujie')).to.not.include(mine);
      const page = await h.get('chenmin', '/api/instances?page=1&pageSize=1');
      expect(page.body.items).to.have.length(1);
      expect(page.body.total).to.be.greaterThan(1);
      expect(page.body).to.include({ page: 1, pageSize: 1 });
      expect(await ids('chenmin', `&gridUnit=${GRID2}`))
        .to.include(lina)
        .and.not.include(mine);
      expect(await ids('chenmin', '&definitionKey=apisimple')).to.not.include(mine);
      expect(await ids('chenmin', '&status=completed')).to.not.include(mine);
      expect(await ids('chenmin', '&businessKey=READ-1')).to.deep.equal([mine]);
      const bad = await h.get('chenmin', '/api/instances?page=0&status=weird');
      expect(bad.status).to.equal(400);
      expect(bad.body.error.details.map((d: { path: string }) => d.path)).to.include.members([
        '/page',
        '/status',
      ]);
    });

    it('lists cases without reading any task: visibility through tasks is kept on the case (access keys)', async () => {
      // count the task documents the store hands back while the case list is computed
      const tasks = h.t.engine.store.collection('tasks');
      const original = Object.getOwnPropertyDescriptor(tasks, 'find');
      const find = tasks.find.bind(tasks);
      const loaded: string[] = [];
      tasks.find = async (q, o) => {
        const out = await find(q, o);
        loaded.push(...out.map((t) => t._id));
        return out;
      };
      try {
        const all = await h.t.engine.store.collection('tasks').count({});
        expect(all).to.be.greaterThan(1);
        // the district supervisor holds no task himself: every case is his by unit, no task is read
        const district = await h.get('yangfan', '/api/instances?pageSize=5');
        expect(district.status).to.equal(200);
        expect(district.body.items).to.have.length(5);
        expect(district.body.total).to.be.greaterThan(2);
        expect(loaded).to.deep.equal([]);
        // the grid 1 handler sees the case he claimed a task of, still without a task read
        await h.post('wangwei', `/api/tasks/${(await h.t.engine.tasksOfCase(mine))[0]._id}/claim`);
        loaded.length = 0;
        const res = await h.get('wangwei', '/api/instances?pageSize=200');
        expect(res.body.items.map((i: { id: string }) => i.id)).to.include(mine);
        expect(loaded).to.deep.equal([]);
      } finally {
        if (original) Object.defineProperty(tasks, 'find', original);
        else delete (tasks as { find?: unknown }).find;
      }
    });

    it('shows the case detail with open tasks and history inside the jurisdiction only', async () => {
      const res = await h.get('wangwei', `/api/instances/${mine}`);
      expect(res.status).to.equal(200);
      expect(res.body).to.include({ id: mine, businessKey: 'READ-1', status: 'active' });
      expect(res.body.openTasks).to.have.length(1);
      expect(res.body.openTasks[0]).to.include({ nodeId: 'handle', unit: GRID1 });
      expect(res.body.history.map((x: { action: string }) => x.action)).to.include('task-created');
      expect(res.body).to.have.property('escalations').that.deep.equals([]);
      expect(res.body).to.have.property('supervisionOrders').that.deep.equals([]);
      expect(res.body.can).to.deep.equal({ cancel: false, supervise: false });
      expect((await h.get('lina', `/api/instances/${mine}`)).status).to.equal(404);
      expect((await h.get('zhengbo', `/api/instances/${mine}`)).status).to.equal(404);
      expect((await h.get('liuyang', `/api/instances/${mine}`)).status).to.equal(200);
      const sup = await h.get('chenmin', `/api/instances/${mine}`);
      expect(sup.body.can).to.deep.equal({ cancel: true, supervise: true });
      expect((await h.get('admin', '/api/instances/nope')).status).to.equal(404);
    });

    it('returns the diagram with active and completed elements', async () => {
      const res = await h.get('wangwei', `/api/instances/${mine}/diagram`);
      expect(res.status).to.equal(200);
      expect(res.body.xml).to.equal(CASE_FLOW);
      expect(res.body.activeNodeIds).to.deep.equal(['handle']);
      expect(res.body.completedNodeIds).to.include('s');
      expect(res.body.takenFlowIds).to.include('f0');
      expect((await h.get('lina', `/api/instances/${mine}/diagram`)).status).to.equal(404);
    });

    it('lets a supervisor of the case (or admin) cancel it; others get 404; twice is 409', async () => {
      const { instance } = await startCase(h, 'wangwei', { definitionKey: 'apisimple', gridUnit: GRID1 });
      expect(
        (await h.post('wangwei', `/api/instances/${instance._id}/cancel`, { reason: 'x' })).status,
      ).to.equal(404);
      expect((await h.post('zhengbo', `/api/instances/${instance._id}/cancel`, {})).status).to.equal(404);
      const ok = await h.post('chenmin', `/api/instances/${instance._id}/cancel`, { reason: '重复上报' });
      expect(ok.status).to.equal(200);
      expect(ok.body.status).to.equal('cancelled');
      const again = await h.post('chenmin', `/api/instances/${instance._id}/cancel`, {});
      expect(again.status).to.equal(409);
      const hist = await h.t.engine.history(instance._id);
      expect(hist.some((x) => x.actor === 'chenmin')).to.equal(true);
      const tasks = await h.get('wangwei', `/api/tasks?instanceId=${instance._id}`);
      expect(tasks.body.items[0].status).to.equal('cancelled');
    });
  });

  describe('messages', () => {
    it('correlates a message (admin / supervisors) and is idempotent with a messageId', async () => {
      const res = await h.post('wangwei', '/api/instances', {
        definitionKey: 'apimsg',
        gridUnit: GRID1,
        variables: { caseNo: 'C-77' },
      });
      const id = res.body.id;
      await waitFor(
        async () => (await h.t.engine.store.collection('subscriptions').count({ instanceId: id })) > 0,
        'subscription',
      );
      const body = {
        name: 'callback',
        correlationKey: 'C-77',
        variables: { answer: 'yes' },
        messageId: 'msg-1',
      };
      expect((await h.post('wangwei', '/api/messages', body)).status).to.equal(404);
      const first = await h.post('admin', '/api/messages', body);
      expect(first.status).to.equal(200);
      expect(first.body).to.deep.equal({ correlated: 1, duplicate: false });
      const second = await h.post('chenmin', '/api/messages', body);
      expect(second.body).to.deep.equal({ correlated: 1, duplicate: true });
      await waitFor(async () => (await h.t.engine.openTasksOfCase(id)).length === 1, 'task after message');
      const s = await h.t.engine.waitForIdle(id);
      expect(s.variables.answer).to.equal('yes');
      const bad = await h.post('admin', '/api/messages', { name: 'callback' });
      expect(bad.status).to.equal(400);
      expect(bad.body.error.details[0].path).to.equal('/correlationKey');
    });

    const waitingCase = async (user: string, gridUnit: string, caseNo: string) => {
      const res = await h.post(user, '/api/instances', {
        definitionKey: 'apimsg',
        gridUnit,
        variables: { caseNo },
      });
      expect(res.status, JSON.stringify(res.body)).to.equal(201);
      const id = res.body.id as string;
      await waitFor(
        async () => (await h.t.engine.store.collection('subscriptions').count({ instanceId: id })) > 0,
        'subscription',
      );
      return id;
    };
    const received = async (id: string) =>
      (await h.t.engine.history(id)).filter((x) => x.action === 'message-received');

    it("correlates only into cases in the caller's jurisdiction and records the caller as actor", async () => {
      const mine = await waitingCase('wangwei', GRID1, 'J-1'); // 明天社区
      const theirs = await waitingCase('admin', CHUNHUI_GRID, 'J-1'); // 春晖社区, same street
      // the other street's supervisor reaches neither case
      const other = await h.post('zhengbo', '/api/messages', { name: 'callback', correlationKey: 'J-1' });
      expect(other.status).to.equal(200);
      expect(other.body).to.deep.equal({ correlated: 0, duplicate: false });
      // 明天社区's supervisor reaches only the case in 明天社区
      const res = await h.post('chenmin', '/api/messages', {
        name: 'callback',
        correlationKey: 'J-1',
        variables: { answer: '明天' },
      });
      expect(res.body).to.deep.equal({ correlated: 1, duplicate: false });
      const got = await waitFor(async () => (await received(mine))[0], 'delivery into the own case');
      expect(got.actor).to.equal('chenmin');
      await new Promise((r) => setTimeout(r, 200));
      expect(await received(theirs)).to.deep.equal([]);
      expect((await h.t.engine.waitForIdle(theirs)).variables.answer).to.equal(undefined);
      // the street supervisor reaches the one still waiting
      const street = await h.post('liuyang', '/api/messages', { name: 'callback', correlationKey: 'J-1' });
      expect(street.body).to.deep.equal({ correlated: 1, duplicate: false });
      const got2 = await waitFor(async () => (await received(theirs))[0], 'delivery by the street');
      expect(got2.actor).to.equal('liuyang');
    });

    it('does not use up a messageId that reached no case: a retry once the case waits is delivered', async () => {
      const body = {
        name: 'callback',
        correlationKey: 'R-1',
        variables: { answer: 'late' },
        messageId: 'msg-retry',
      };
      const early = await h.post('chenmin', '/api/messages', body);
      expect(early.body).to.deep.equal({ correlated: 0, duplicate: false });
      expect(await h.t.engine.store.collection('messages').findOne({ _id: 'msg-retry' })).to.equal(null);
      const id = await waitingCase('wangwei', GRID1, 'R-1');
      const retry = await h.post('chenmin', '/api/messages', body);
      expect(retry.body).to.deep.equal({ correlated: 1, duplicate: false });
      await waitFor(async () => (await received(id)).length === 1, 'delivery of the retry');
      expect((await h.t.engine.waitForIdle(id)).variables.answer).to.equal('late');
      // now it is taken: a third send is a duplicate and delivers nothing new
      const again = await h.post('chenmin', '/api/messages', body);
      expect(again.body).to.deep.equal({ correlated: 1, duplicate: true });
      await new Promise((r) => setTimeout(r, 200));
      expect(await received(id)).to.have.length(1);
    });
  });

  describe('incidents', () => {
    it('lists open incidents and retries one (admin only)', async () => {
      failing = true;
      const res = await h.post('admin', '/api/instances', { definitionKey: 'apifail', gridUnit: GRID1 });
      const id = res.body.id;
      const incident = await waitFor(
        async () =>
          (await h.t.engine.store.collection('incidents').find({ instanceId: id, status: 'open' }))[0],
        'incident',
        15000,
      );
      const list = await h.get('admin', '/api/incidents?status=open');
      expect(list.status).to.equal(200);
      expect(list.body.items.map((i: { instanceId: string }) => i.instanceId)).to.include(id);
      expect((await h.get('chenmin', '/api/incidents')).status).to.equal(404);
      expect((await h.post('chenmin', `/api/incidents/${id}/${incident.id}/retry`)).status).to.equal(404);
      const detail = await h.get('admin', `/api/instances/${id}`);
      expect(detail.body.openIncidents).to.equal(1);
      failing = false;
      const retry = await h.post('admin', `/api/incidents/${id}/${incident.id}/retry`);
      expect(retry.status).to.equal(200);
      await waitFor(
        async () => (await h.t.engine.waitForIdle(id)).status === 'completed',
        'completion after retry',
        15000,
      );
      expect((await h.post('admin', `/api/incidents/${id}/${incident.id}/retry`)).status).to.equal(409);
      expect((await h.post('admin', `/api/incidents/nope/${incident.id}/retry`)).status).to.equal(404);
    });
  });

  it('scopes the case list of a community reviewer to the community tasks they can see', async () => {
    const { instance, task } = await startCase(h, 'wangwei', { definitionKey: 'apicase', gridUnit: GRID1 });
    await h.post('wangwei', `/api/tasks/${task._id}/complete`, { data: { result: '已处置', photos: 2 } });
    await waitFor(
      async () => (await h.t.engine.openTasksOfCase(instance._id, { unit: MINGTIAN })).length,
      'verify task',
    );
    const res = await h.get('zhoujie', '/api/instances?pageSize=200');
    expect(res.body.items.map((i: { id: string }) => i.id)).to.include(instance._id);
    expect((await h.get('zhoujie', `/api/instances/${instance._id}`)).status).to.equal(200);
  });
});
