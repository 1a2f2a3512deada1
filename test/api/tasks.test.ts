import { expect } from 'chai';
import { GRID1, GRID2, MINGTIAN, TEST_PASSWORD } from '../helpers/engine.js';
import { harness, startCase, waitFor, type Harness } from './helpers.js';
import { CASE_FLOW, REPORT_FORM, SIMPLE } from './fixtures.js';

const GOOD = { result: '已清理楼道杂物', photos: 2 };

describe('API: tasks', () => {
  let h: Harness;
  before(async () => {
    h = await harness();
    h.t.engine.forms.register('api-report', REPORT_FORM);
    await h.t.engine.deploy(CASE_FLOW);
    await h.t.engine.deploy(SIMPLE);
    // a second handler of grid 1, added through the users API (for the claim race)
    const res = await h.post('admin', '/api/users', {
      username: 'wangfang',
      displayName: '王芳（明天社区第1网格网格员）',
      password: TEST_PASSWORD,
      roles: [{ role: 'handler', unit: GRID1 }],
    });
    expect(res.status).to.equal(201);
  });
  after(() => h.close());

  const open = (user = 'wangwei', gridUnit = GRID1, key = 'apicase') =>
    startCase(h, user, { definitionKey: key, gridUnit });

  describe('visibility', () => {
    it('handler of grid 1 sees its task; handler of grid 2 gets 404; supervisors see their subtree', async () => {
      const { task } = await open();
      const mine = await h.get('wangwei', `/api/tasks/${task._id}`);
      expect(mine.status).to.equal(200);
      expect(mine.body).to.include({
        id: task._id,
        nodeId: 'handle',
        unit: GRID1,
        status: 'open',
        overdue: false,
      });
      expect(mine.body.can).to.deep.equal({ act: true, claim: true, supervise: false });
      expect((await h.get('lina', `/api/tasks/${task._id}`)).status).to.equal(404);
      expect((await h.get('zhengbo', `/api/tasks/${task._id}`)).status).to.equal(404);
      expect((await h.get('wujing', `/api/tasks/${task._id}`)).status).to.equal(404);
      // the grid head (handler at community level) is not a candidate at grid level
      expect((await h.get('zhoujie', `/api/tasks/${task._id}`)).status).to.equal(404);
      for (const sup of ['chenmin', 'liuyang', 'yangfan', 'admin']) {
        const res = await h.get(sup, `/api/tasks/${task._id}`);
        expect(res.status, sup).to.equal(200);
      }
      expect((await h.get('chenmin', `/api/tasks/${task._id}`)).body.can.supervise).to.equal(true);
      const list = async (user: string) =>
        ((await h.get(user, '/api/tasks?status=open&pageSize=200')).body.items as Array<{ id: string }>).map(
          (t) => t.id,
        );
      expect(await list('wangwei')).to.include(task._id);
      expect(await list('wangfang')).to.include(task._id);
      expect(await list('lina')).to.not.include(task._id);
      expect(await list('chenmin')).to.include(task._id);
      expect(await list('zhengbo')).to.not.include(task._id);
      expect((await h.get('wangwei', '/api/tasks/nope')).status).to.equal(404);
    });

    it('returns the form schema of a task and the case variables', async () => {
      const { task } = await open();
      const res = await h.get('wangwei', `/api/tasks/${task._id}`);
      expect(res.body.formKey).to.equal('api-report');
      expect(res.body.formSchema).to.deep.equal(REPORT_FORM);
      expect(res.body.instance).to.include({
        id: task.instanceId,
        gridUnit: GRID1,
        processName: 'API 测试案件',
      });
      const list = await h.get('wangwei', `/api/tasks?instanceId=${task.instanceId}&withForm=1`);
      expect(list.body.items[0].formSchema).to.deep.equal(REPORT_FORM);
      const plain = await h.get('wangwei', `/api/tasks?instanceId=${task.instanceId}`);
      expect(plain.body.items[0]).to.not.have.property('formSchema');
    });

    it('sorts by due date ascending by default, filters and paginates', async () => {
      const a = await open();
      h.t.clock.advance(3600_000);
      const b = await open();
      const res = await h.get('wangwei', '/api/tasks?status=open&level=grid&pageSize=200');
      const dues = res.body.items.map((t: { dueAt: number }) => t.dueAt);
      expect(dues).to.deep.equal([...dues].sort((x: number, y: number) => x - y));
      const ids = res.body.items.map((t: { id: string }) => t.id);
      expect(ids.indexOf(a.task._id)).to.be.lessThan(ids.indexOf(b.task._id));
      const desc = await h.get('wangwei', '/api/tasks?status=open&sort=-dueAt&pageSize=200');
      expect(desc.body.items[0].dueAt).to.be.at.least(desc.body.items[desc.body.items.length - 1].dueAt);
      const page = await h.get('wangwei', '/api/tasks?status=open&page=2&pageSize=1');
      expect(page.body).to.include({ page: 2, pageSize: 1 });
      expect(page.body.items).to.have.length(1);
      expect(page.body.total).to.be.at.least(2);
      const byGrid = await h.get('chenmin', `/api/tasks?status=open&gridUnit=${GRID2}&pageSize=200`);
      expect(byGrid.body.items.map((t: { id: string }) => t.id)).to.not.include(a.task._id);
      const bad = await h.get('wangwei', '/api/tasks?sort=name&pageSize=1000&mine=maybe');
      expect(bad.status).to.equal(400);
      expect(bad.body.error.details.map((d: { path: string }) => d.path)).to.include.members([
        '/sort',
        '/pageSize',
        '/mine',
      ]);
    });
  });

  describe('claiming', () => {
    it('lets exactly one of two racing handlers claim (one 200, one 409)', async () => {
      const { task } = await open();
      const [a, b] = await Promise.all([
        h.post('wangwei', `/api/tasks/${task._id}/claim`),
        h.post('wangfang', `/api/tasks/${task._id}/claim`),
      ]);
      expect([a.status, b.status].sort()).to.deep.equal([200, 409]);
      const winner = a.status === 200 ? 'wangwei' : 'wangfang';
      const loser = a.status === 200 ? b : a;
      expect(loser.body.error.message).to.match(/claimed/);
      const t = await h.get(winner, `/api/tasks/${task._id}`);
      expect(t.body.assignee).to.equal(winner);
    });

    it('refuses a claim from outside with 404 and a claim of a claimed task with 409; mine=1 lists it', async () => {
      const { task } = await open();
      expect((await h.post('lina', `/api/tasks/${task._id}/claim`)).status).to.equal(404);
      const ok = await h.post('wangwei', `/api/tasks/${task._id}/claim`);
      expect(ok.status).to.equal(200);
      expect(ok.body.assignee).to.equal('wangwei');
      expect((await h.post('wangwei', `/api/tasks/${task._id}/claim`)).status).to.equal(200);
      expect((await h.post('wangfang', `/api/tasks/${task._id}/claim`)).status).to.equal(409);
      const mine = await h.get('wangwei', '/api/tasks?mine=1&status=open&pageSize=200');
      expect(mine.body.items.every((t: { assignee: string }) => t.assignee === 'wangwei')).to.equal(true);
      expect(mine.body.items.map((t: { id: string }) => t.id)).to.include(task._id);
      // unclaim by someone else is a conflict; by the assignee it frees the task
      expect((await h.post('wangfang', `/api/tasks/${task._id}/unclaim`)).status).to.equal(409);
      const freed = await h.post('wangwei', `/api/tasks/${task._id}/unclaim`);
      expect(freed.status).to.equal(200);
      expect(freed.body).to.not.have.property('assignee');
      const body = await h.post('wangwei', `/api/tasks/${task._id}/claim`, { extra: true });
      expect(body.status).to.equal(400);
    });
  });

  describe('completing', () => {
    it('rejects an invalid form with 400 and field paths', async () => {
      const { task } = await open();
      const res = await h.post('wangwei', `/api/tasks/${task._id}/complete`, {
        data: { result: 'x', photos: 'two' },
      });
      expect(res.status).to.equal(400);
      const paths = res.body.error.details.map((d: { path: string }) => d.path);
      expect(paths).to.include.members(['/data/result', '/data/photos']);
      const missing = await h.post('wangwei', `/api/tasks/${task._id}/complete`, { data: {} });
      expect(missing.body.error.details.map((d: { path: string }) => d.path)).to.include.members([
        '/data/result',
        '/data/photos',
      ]);
      const notObject = await h.post('wangwei', `/api/tasks/${task._id}/complete`, { data: 'done' });
      expect(notObject.status).to.equal(400);
      expect(notObject.body.error.details[0].path).to.equal('/data');
    });

    it('completes once (200), the second completion is 409, and records the actor', async () => {
      const { task } = await open();
      const res = await h.post('wangwei', `/api/tasks/${task._id}/complete`, { data: GOOD });
      expect(res.status).to.equal(200);
      expect(res.body).to.include({ status: 'completed', completedBy: 'wangwei' });
      const again = await h.post('wangwei', `/api/tasks/${task._id}/complete`, { data: GOOD });
      expect(again.status).to.equal(409);
      const hist = await h.t.engine.history(task.instanceId);
      expect(hist.find((x) => x.action === 'task-completed')?.actor).to.equal('wangwei');
      // the next step (community verification) went to the community reviewer, not to grid handlers
      const next = await waitFor(
        async () => (await h.t.engine.openTasksOfCase(task.instanceId))[0],
        'verify task',
      );
      expect(next.unit).to.equal(MINGTIAN);
      expect((await h.get('wangwei', `/api/tasks/${next._id}`)).status).to.equal(404);
      expect((await h.get('sunli', `/api/tasks/${next._id}`)).status).to.equal(404);
      expect((await h.get('zhoujie', `/api/tasks/${next._id}`)).status).to.equal(200);
      const done = await h.post('zhoujie', `/api/tasks/${next._id}/complete`, { data: { passed: true } });
      expect(done.status).to.equal(200);
      const inst = await h.t.engine.waitForIdle(task.instanceId);
      expect(inst.status).to.equal('completed');
      // the previous handler still sees the completed task
      expect((await h.get('wangwei', `/api/tasks/${task._id}`)).body.status).to.equal('completed');
    });

    it('completing a task claimed by someone else is a conflict (409)', async () => {
      const { task } = await open();
      await h.post('wangfang', `/api/tasks/${task._id}/claim`);
      const res = await h.post('wangwei', `/api/tasks/${task._id}/complete`, { data: GOOD });
      expect(res.status).to.equal(409);
      expect((await h.post('lina', `/api/tasks/${task._id}/complete`, { data: GOOD })).status).to.equal(404);
    });
  });

  describe('delegation, suspension, reassignment', () => {
    it('delegates to another user and returns the task to its owner', async () => {
      const { task } = await open();
      await h.post('wangwei', `/api/tasks/${task._id}/claim`);
      const refused = [
        {
          path: '/to',
          message: 'must be an active user who is a candidate for the task at its unit, or supervises it',
          code: 'field.not-a-candidate',
          params: { field: 'to' },
        },
      ];
      // unknown, not a candidate at grid 1 (zhoujie: handler one level up; lina: grid 2), supervisor elsewhere
      for (const to of ['ghost', 'zhoujie', 'lina', 'zhengbo']) {
        const res = await h.post('wangwei', `/api/tasks/${task._id}/delegate`, { to });
        expect(res.status, to).to.equal(400);
        expect(res.body.error.details, to).to.deep.equal(refused);
      }
      expect((await h.post('wangwei', `/api/tasks/${task._id}/delegate`, {})).status).to.equal(400);
      expect((await h.get('wangwei', `/api/tasks/${task._id}`)).body.assignee).to.equal('wangwei');
      const d = await h.post('wangwei', `/api/tasks/${task._id}/delegate`, { to: 'wangfang' });
      expect(d.status).to.equal(200);
      expect(d.body).to.include({ assignee: 'wangfang', owner: 'wangwei' });
      expect((await h.get('wangfang', `/api/tasks/${task._id}`)).status).to.equal(200);
      const back = await h.post('wangfang', `/api/tasks/${task._id}/resolve`);
      expect(back.status).to.equal(200);
      expect(back.body.assignee).to.equal('wangwei');
      expect(back.body).to.not.have.property('owner');
      expect((await h.post('wangwei', `/api/tasks/${task._id}/resolve`)).status).to.equal(409);
      // a supervisor of the task's unit may receive it too; a disabled candidate may not
      expect((await h.post('wangwei', `/api/tasks/${task._id}/delegate`, { to: 'chenmin' })).status).to.equal(
        200,
      );
      await h.post('chenmin', `/api/tasks/${task._id}/resolve`);
      await h.post('admin', '/api/users', {
        username: 'leftjob',
        displayName: '离职网格员',
        password: TEST_PASSWORD,
        roles: [{ role: 'handler', unit: GRID1 }],
        disabled: true,
      });
      const disabled = await h.post('wangwei', `/api/tasks/${task._id}/delegate`, { to: 'leftjob' });
      expect(disabled.status).to.equal(400);
      expect(disabled.body.error.details).to.deep.equal(refused);
    });

    it('pauses and resumes (a personal marker)', async () => {
      const { task } = await open();
      const p = await h.post('wangwei', `/api/tasks/${task._id}/pause`, { reason: '等待当事人' });
      expect(p.status).to.equal(200);
      expect(p.body.paused).to.include({ reason: '等待当事人', by: 'wangwei' });
      expect((await h.post('lina', `/api/tasks/${task._id}/pause`, {})).status).to.equal(404);
      h.t.clock.advance(24 * 3600_000);
      const r = await h.post('wangwei', `/api/tasks/${task._id}/resume`);
      expect(r.status).to.equal(200);
      expect(r.body).to.not.have.property('paused');
      // a marker: the due date stays (only an approved extension or a 挂账 moves it)
      expect(r.body.dueAt).to.equal(task.dueAt!);
      const bad = await h.post('wangwei', `/api/tasks/${task._id}/pause`, { reason: 5 });
      expect(bad.status).to.equal(400);
      expect(bad.body.error.details[0].path).to.equal('/reason');
    });

    it('lets only the holder (or a supervisor) pause and resume a claimed task', async () => {
      const { task } = await open();
      await h.post('wangfang', `/api/tasks/${task._id}/claim`);
      // wangwei is a candidate, but wangfang holds the task
      const other = await h.post('wangwei', `/api/tasks/${task._id}/pause`, { reason: '不是我的' });
      expect(other.status).to.equal(409);
      expect((await h.get('wangwei', `/api/tasks/${task._id}`)).body).to.not.have.property('paused');
      expect((await h.post('lina', `/api/tasks/${task._id}/pause`, {})).status).to.equal(404);
      const mine = await h.post('wangfang', `/api/tasks/${task._id}/pause`, { reason: '等待材料' });
      expect(mine.status).to.equal(200);
      expect(mine.body.paused).to.include({ by: 'wangfang' });
      expect((await h.post('wangwei', `/api/tasks/${task._id}/resume`)).status).to.equal(409);
      const sup = await h.post('chenmin', `/api/tasks/${task._id}/resume`);
      expect(sup.status).to.equal(200);
      expect(sup.body).to.not.have.property('paused');
      // the owner of a delegated task is no longer its holder
      await h.post('chenmin', `/api/tasks/${task._id}/reassign`, { to: 'wangwei' });
      await h.post('wangwei', `/api/tasks/${task._id}/delegate`, { to: 'wangfang' });
      expect((await h.post('wangwei', `/api/tasks/${task._id}/pause`, {})).status).to.equal(409);
      const hist = await h.t.engine.history(task.instanceId);
      expect(hist.filter((x) => x.action === 'task-paused').map((x) => x.actor)).to.deep.equal(['wangfang']);
      expect(hist.filter((x) => x.action === 'task-resumed').map((x) => x.actor)).to.deep.equal(['chenmin']);
    });

    it('lets supervisors of the task unit reassign and take over; handlers and other streets get 404', async () => {
      const { task } = await open();
      await h.post('wangwei', `/api/tasks/${task._id}/claim`);
      expect(
        (await h.post('wangwei', `/api/tasks/${task._id}/reassign`, { to: 'wangfang' })).status,
      ).to.equal(404);
      expect(
        (await h.post('zhengbo', `/api/tasks/${task._id}/reassign`, { to: 'wangfang' })).status,
      ).to.equal(404);
      // lina works grid 2: not someone the grid 1 task can go to
      const elsewhere = await h.post('chenmin', `/api/tasks/${task._id}/reassign`, { to: 'lina' });
      expect(elsewhere.status).to.equal(400);
      expect(elsewhere.body.error.details[0].path).to.equal('/to');
      const re = await h.post('chenmin', `/api/tasks/${task._id}/reassign`, { to: 'wangfang' });
      expect(re.status).to.equal(200);
      expect(re.body.assignee).to.equal('wangfang');
      expect(re.body.watchers).to.include('wangwei');
      expect((await h.get('wangfang', `/api/tasks/${task._id}`)).status).to.equal(200);
      const watcher = await h.get('wangwei', `/api/tasks/${task._id}`);
      expect(watcher.status).to.equal(200);
      expect(watcher.body.can.act).to.equal(true); // still a candidate at grid 1
      const take = await h.post('liuyang', `/api/tasks/${task._id}/takeover`);
      expect(take.status).to.equal(200);
      expect(take.body.assignee).to.equal('liuyang');
      const hist = await h.t.engine.history(task.instanceId);
      expect(hist.filter((x) => x.action === 'task-taken-over').map((x) => x.actor)).to.deep.equal([
        'liuyang',
      ]);
      // a supervisor may force an unclaim
      const freed = await h.post('chenmin', `/api/tasks/${task._id}/unclaim`);
      expect(freed.status).to.equal(200);
      expect(freed.body).to.not.have.property('assignee');
    });

    it('a watcher who is no candidate can read but not act (404)', async () => {
      // a grid 2 handler who held the task and then moved to grid 1
      await h.post('admin', '/api/users', {
        username: 'transferee',
        displayName: '调岗网格员',
        password: TEST_PASSWORD,
        roles: [{ role: 'handler', unit: GRID2 }],
      });
      const { task } = await open('lina', GRID2, 'apisimple');
      await h.post('lina', `/api/tasks/${task._id}/claim`);
      expect(
        (await h.post('chenmin', `/api/tasks/${task._id}/reassign`, { to: 'transferee' })).status,
      ).to.equal(200);
      expect((await h.post('chenmin', `/api/tasks/${task._id}/reassign`, { to: 'lina' })).status).to.equal(
        200,
      );
      await h.patch('admin', '/api/users/transferee', { roles: [{ role: 'handler', unit: GRID1 }] });
      const view = await h.get('transferee', `/api/tasks/${task._id}`);
      expect(view.status).to.equal(200);
      expect(view.body.can.act).to.equal(false);
      expect((await h.post('transferee', `/api/tasks/${task._id}/complete`, { data: {} })).status).to.equal(
        404,
      );
      expect((await h.post('transferee', `/api/tasks/${task._id}/pause`, {})).status).to.equal(404);
    });
  });
});
