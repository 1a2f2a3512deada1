// Browser end-to-end tests of the administration pages and the modeler's new-diagram / retire actions
// (issue 14 items 3 and 4): an admin creates a unit and a user, the user signs in and changes the password;
// an admin creates a named diagram, deploys it, retires it, and a grid worker's start dialog leaves it out;
// the incidents page retries a fixed incident. Desktop and 390 px. On the shared harness (./harness.ts).
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { MINGTIAN } from '../helpers/engine.js';
import { waitFor } from '../api/helpers.js';
import { processXml } from '../api/fixtures.js';
import { fireHazardReport } from '../fixtures/forms.js';
import { browserHarness } from './harness.js';

const PHONE = { width: 390, height: 844 };

describe('administration pages in a browser (e2e)', function () {
  this.timeout(120_000);

  const h = browserHarness({ name: 'admin' });
  const { signIn, shot } = h;

  /** The page is no wider than the screen (nothing scrolls sideways). */
  const fits = (page: Page) =>
    page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);

  const login = (username: string, password: string) =>
    fetch(`${h.base}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });

  it('(a) an admin creates a unit and a user; the user signs in and changes the password', async () => {
    const page = await h.newPage();
    await signIn(page, 'admin');
    await page.click('.nav__link:has-text("系统管理")');
    await page.waitForURL(/\/admin/);
    await page.waitForSelector('[data-testid=unit-tree] [data-code="310117001001"]');

    // a new grid under 明天社区
    await page.click(`[data-testid=unit-tree] [data-code="${MINGTIAN}"]`);
    await page.click('[data-testid=unit-detail] button:has-text("新建下级")');
    await page.fill('[data-testid=unit-code]', 'E2E-GRID-1');
    await page.fill('[data-testid=unit-name]', '测试新网格');
    await page.selectOption('[data-testid=unit-level]', 'grid');
    expect(await page.inputValue('[data-testid=unit-parent]')).to.equal(MINGTIAN);
    await shot(page, 'a-unit-dialog');
    await page.click('[data-testid=unit-save]');
    await page.waitForSelector('[data-testid=unit-tree] [data-code="E2E-GRID-1"]:has-text("测试新网格")');
    expect((await h.t.engine.org.chain('E2E-GRID-1')).map((u) => u.code)[1]).to.equal(MINGTIAN);
    await shot(page, 'a-units');

    // a user with the grid-worker role there
    await page.click('.tabs__tab:has-text("用户")');
    await page.waitForSelector('[data-testid=user-table]');
    await page.click('[data-testid=user-new]');
    await page.fill('[data-testid=user-username]', 'e2e-worker');
    await page.fill('[data-testid=user-displayName]', '测试网格员');
    await page.fill('[data-testid=user-password]', 'first-pass-1');
    await page.click('[data-testid=user-add-role]');
    await page.selectOption('[data-testid=user-role-0]', 'handler');
    await page.selectOption('[data-testid=user-unit-0]', 'E2E-GRID-1');
    // the role select shows the served names in Chinese
    expect(await page.locator('[data-testid=user-role-0] option:checked').textContent()).to.match(
      /[\u4e00-\u9fff]/,
    );
    await page.click('[data-testid=user-save]');
    await page.waitForSelector('.toast--success:has-text("已新建用户")');
    const user = await h.t.engine.accounts.get('e2e-worker');
    expect(user?.roles).to.deep.equal([{ role: 'handler', unit: 'E2E-GRID-1' }]);

    // the new user signs in and changes the password from the header
    const mine = await h.newPage();
    await mine.goto(`${h.base}/`);
    await mine.fill('input[name=username]', 'e2e-worker');
    await mine.fill('input[name=password]', 'first-pass-1');
    await mine.click('button[type=submit]');
    await mine.waitForSelector('.topbar');
    await mine.click('[data-testid=nav-password]');
    await mine.fill('[data-testid=pw-current]', 'first-pass-1');
    await mine.fill('[data-testid=pw-new]', 'second-pass-2');
    await mine.fill('[data-testid=pw-again]', 'second-pass-3');
    await mine.click('[data-testid=pw-submit]');
    await mine.waitForSelector('.banner--error:has-text("不一致")');
    await mine.fill('[data-testid=pw-again]', 'second-pass-2');
    await mine.click('[data-testid=pw-submit]');
    await mine.waitForSelector('.toast--success:has-text("密码已修改")');
    // still signed in (the answer carried a new token): the inbox loads
    await mine.click('.nav__link:has-text("我的待办")');
    await mine.waitForURL(/\/inbox/);
    expect((await login('e2e-worker', 'first-pass-1')).status).to.equal(401);
    expect((await login('e2e-worker', 'second-pass-2')).status).to.equal(200);

    // the audit trail shows who did it
    await page.click('.tabs__tab:has-text("审计日志")');
    await page.fill('[data-testid=audit-target]', 'e2e-worker');
    await page.click('[data-testid=audit-search]');
    await page.waitForSelector('[data-testid=audit-table] td:has-text("新建用户")');
    await page.waitForSelector('[data-testid=audit-table] td:has-text("修改本人密码")');
    // filtered by the act: only the password change is left
    await page.selectOption('[data-testid=audit-action]', 'password-changed');
    await page.click('[data-testid=audit-search]');
    await page.waitForSelector('[data-testid=audit-table] td:has-text("新建用户")', { state: 'detached' });
    expect(await page.locator('[data-testid=audit-table] tbody tr').count()).to.equal(1);

    // the pages fit a phone
    const phone = await h.newPage(PHONE);
    await signIn(phone, 'admin');
    for (const p of ['units', 'users', 'audit', 'incidents']) {
      await phone.goto(`${h.base}/admin/${p}`);
      await phone.waitForSelector('.admin-tabs');
      await phone.waitForSelector('.admin .card');
      expect(await fits(phone), p).to.equal(true);
      await shot(phone, `a-phone-${p}`);
    }
  });

  it("(b) a new named diagram is deployed, retired, and left out of a grid worker's start dialog", async () => {
    const page = await h.newPage();
    await signIn(page, 'admin');
    await page.goto(`${h.base}/modeler`);
    await page.waitForSelector('[data-testid=modeler-status]');
    await page.click('[data-testid=modeler-new]');
    await page.fill('[data-testid=new-name]', '测试停用流程');
    // derived from a Chinese name: process_<time>, editable; a bad key is refused in the dialog
    expect(await page.inputValue('[data-testid=new-key]')).to.match(/^process_\d{8}_\d{4}$/);
    await page.fill('[data-testid=new-key]', '1-bad key');
    await page.click('[data-testid=new-create]');
    await page.waitForSelector('dialog .field__error');
    await page.fill('[data-testid=new-key]', 'retire_me');
    await shot(page, 'b-new-dialog');
    await page.click('[data-testid=new-create]');
    await page.waitForSelector('[data-testid=modeler-status]:has-text("已修改")');

    // the task's candidate roles are ticked from the served roles, shown in Chinese
    await page.locator('.djs-element[data-element-id="Task_check"]').click();
    await page.waitForSelector('[data-group-id="group-grid-roles"]');
    const roleLabels = await page.locator('[data-group-id="group-grid-roles"] label').allTextContents();
    expect(
      roleLabels.some((l) => /[\u4e00-\u9fff].*\(handler\)/.test(l)),
      roleLabels.join('|'),
    ).to.equal(true);
    // the diagram is fitted into the canvas: every shape inside the visible area
    const inside = await page.evaluate(() => {
      const c = document.querySelector('[data-testid=modeler-canvas]')!.getBoundingClientRect();
      return [...document.querySelectorAll('.djs-element.djs-shape')].every((el) => {
        const r = el.getBoundingClientRect();
        return (
          r.left >= c.left - 1 && r.right <= c.right + 1 && r.top >= c.top - 1 && r.bottom <= c.bottom + 1
        );
      });
    });
    expect(inside).to.equal(true);

    await page.click('[data-testid=deploy]');
    await page.waitForSelector('[data-testid=modeler-status]:has-text("retire_me 版本 1")');
    expect((await h.t.engine.definitions.latest('retire_me'))?.name).to.equal('测试停用流程');

    // before retiring, a grid worker is offered it
    const token = await h.apiToken('wangwei');
    const offered = async () =>
      (
        (await (
          await fetch(`${h.base}/api/definitions`, { headers: { Authorization: `Bearer ${token}` } })
        ).json()) as { items: Array<{ key: string }> }
      ).items.map((d) => d.key);
    expect(await offered()).to.include('retire_me');

    await page.click('[data-testid=retire-process]');
    await page.click('dialog [data-testid=confirm-ok]');
    await page.waitForSelector('[data-testid=retired-tag]');
    await shot(page, 'b-retired');
    expect(await offered()).to.not.include('retire_me');

    // the grid worker's start dialog lists the other processes, not the retired one
    const worker = await h.newPage();
    await signIn(worker, 'wangwei');
    await worker.click('button:has-text("发起案件")');
    await worker.waitForSelector('#start-process option[value="fire_hazard"]', { state: 'attached' });
    const options = await worker
      .locator('#start-process option')
      .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(options).to.include('fire_hazard');
    expect(options).to.not.include('retire_me');

    // reactivated, it is offered again
    await page.click('[data-testid=retire-process]:has-text("启用流程")');
    await page.waitForSelector('[data-testid=retired-tag]', { state: 'detached' });
    expect(await offered()).to.include('retire_me');
  });

  it('(c) the incidents page retries an incident once its cause is fixed', async () => {
    let failing = true;
    h.t.engine.services.set('e2e-flaky', async () => {
      if (failing) throw new Error('upstream 503');
      return { ok: true };
    });
    await h.t.engine.deploy(
      processXml(
        'e2e_flaky',
        `<bpmn:startEvent id="s"/><bpmn:sequenceFlow id="f0" sourceRef="s" targetRef="svc"/>
         <bpmn:serviceTask id="svc" name="外部接口" grid:workerType="e2e-flaky" grid:retries="1"/>
         <bpmn:sequenceFlow id="f1" sourceRef="svc" targetRef="e"/><bpmn:endEvent id="e"/>`,
      ),
    );
    const s = await h.t.engine.start('e2e_flaky', { gridUnit: '310117001001001', variables: {} }, 'admin');
    await waitFor(
      async () =>
        (await h.t.engine.store.collection('incidents').find({ instanceId: s._id, status: 'open' }))[0],
      'incident',
      15000,
    );
    const page = await h.newPage();
    await signIn(page, 'admin');
    await page.goto(`${h.base}/admin/incidents`);
    const row = page.locator(`[data-testid=incident-table] tr[data-instance="${s._id}"]`);
    await row.waitFor();
    expect(await row.textContent()).to.contain('upstream 503');
    await shot(page, 'c-incidents');
    failing = false; // the upstream is back
    await row.locator('[data-testid=incident-retry]').click();
    await page.click('[data-testid=incident-retry-ok]');
    await page.waitForSelector('.toast--success:has-text("已重试")');
    await waitFor(
      async () => (await h.t.engine.waitForIdle(s._id)).status === 'completed',
      'completion after retry',
      15000,
    );
    await page.waitForSelector(`[data-testid=incident-table] tr[data-instance="${s._id}"]`, {
      state: 'detached',
    });
  });

  it('(d) a supervisor lists (挂牌) and delists (摘牌) a case, then cancels it, each with a reason', async () => {
    const started = await h.t.engine.start(
      'fire_hazard',
      { gridUnit: '310117001001001', businessKey: 'XF-ADMIN-1', variables: fireHazardReport() },
      'wangwei',
    );
    const id = started._id;
    await h.t.engine.waitForIdle(id);
    // a grid worker sees no such actions
    const worker = await h.newPage();
    await signIn(worker, 'wangwei');
    await worker.goto(`${h.base}/cases/${encodeURIComponent(id)}`);
    await worker.waitForSelector('.page__head h1');
    expect(await worker.locator('[data-testid=case-cancel], [data-testid=case-list]').count()).to.equal(0);

    const page = await h.newPage(PHONE);
    await signIn(page, 'chenmin');
    await page.goto(`${h.base}/cases/${encodeURIComponent(id)}`);
    await page.click('[data-testid=case-list]');
    await page.click('[data-testid=reason-ok]'); // no reason: refused in the dialog
    await page.waitForSelector('dialog .banner--error:has-text("请填写原因")');
    await page.fill('[data-testid=reason-text]', '群众反映强烈，区级挂牌');
    await page.click('[data-testid=reason-ok]');
    await page.waitForSelector('[data-testid=case-delist]');
    expect((await h.t.engine.getInstance(id))?.listing?.reason).to.equal('群众反映强烈，区级挂牌');
    expect(await fits(page)).to.equal(true);
    await shot(page, 'd-listed-phone');
    await page.click('[data-testid=case-delist]');
    await page.fill('[data-testid=reason-text]', '已整改到位');
    await page.click('[data-testid=reason-ok]');
    await page.waitForSelector('[data-testid=case-list]');
    expect((await h.t.engine.getInstance(id))?.listing).to.equal(undefined);

    await page.click('[data-testid=case-cancel]');
    await page.fill('[data-testid=reason-text]', '重复上报');
    await page.click('[data-testid=reason-ok]');
    await waitFor(async () => (await h.t.engine.getInstance(id))?.status === 'cancelled', 'cancelled');
    await page.waitForSelector('.page__head .tag--cancelled');
    await page.waitForSelector('[data-testid=case-cancel]', { state: 'detached' });
  });

  it('(e) the assignee delegates (委派) a task to a colleague at the unit, who hands it back', async () => {
    const admin = await h.apiToken('admin');
    const created = await fetch(`${h.base}/api/users`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${admin}` },
      body: JSON.stringify({
        username: 'e2e-helper',
        displayName: '测试协办人',
        password: 'helper-pass-1',
        roles: [{ role: 'handler', unit: '310117001001001' }],
      }),
    });
    expect(created.status).to.equal(201);
    const started = await h.t.engine.start(
      'fire_hazard',
      { gridUnit: '310117001001001', businessKey: 'XF-ADMIN-2', variables: fireHazardReport() },
      'wangwei',
    );
    const s = await h.t.engine.waitForIdle(started._id);
    const task = Object.values(s.tasks).find((x) => x.status === 'open')!;
    await h.t.engine.claim(task.id, 'wangwei');

    const page = await h.newPage(PHONE);
    await signIn(page, 'wangwei');
    await page.goto(`${h.base}/tasks/${encodeURIComponent(task.id)}`);
    await page.click('[data-action=delegate]');
    await page.selectOption('[data-testid=delegate-to]', 'e2e-helper');
    await shot(page, 'e-delegate-phone');
    await page.click('[data-testid=delegate-ok]');
    await page.waitForSelector('.toast--success:has-text("已委派")');
    expect(await h.t.engine.getTask(task.id)).to.include({ assignee: 'e2e-helper', owner: 'wangwei' });

    const helper = await h.newPage();
    await helper.goto(`${h.base}/`);
    await helper.fill('input[name=username]', 'e2e-helper');
    await helper.fill('input[name=password]', 'helper-pass-1');
    await helper.click('button[type=submit]');
    await helper.waitForSelector('.topbar');
    await helper.goto(`${h.base}/tasks/${encodeURIComponent(task.id)}`);
    await helper.click('[data-action=resolve]');
    await helper.waitForSelector('.toast--success:has-text("已交回")');
    expect((await h.t.engine.getTask(task.id))?.assignee).to.equal('wangwei');
  });
});
