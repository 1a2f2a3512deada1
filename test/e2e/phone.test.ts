// Browser end-to-end tests of a grid worker's phone (issue 13 item 9): at 390×844 (and 360 / 414 wide) the
// header keeps one line, nothing scrolls sideways, the inbox opens a task full-width with a way back, deep
// links open a task, a report is started with its parties as a repeatable group and the address from GPS
// (playwright's geolocation), and the case page fits. On the shared harness (./harness.ts).
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import type { InstanceState } from '../../engine/runtime/types.js';
import { GRID1, type TestEngine } from '../helpers/engine.js';
import { fireHazardReport as report } from '../fixtures/forms.js';
import { browserHarness } from './harness.js';

const PHONE = { width: 390, height: 844 };
/** Where playwright says the phone is (明天社区, 娄底 style coordinates) */
const HERE = { latitude: 27.73123, longitude: 111.99432, accuracy: 12 };

describe("a grid worker's phone in a browser (e2e)", function () {
  this.timeout(120_000);

  const h = browserHarness({
    name: 'phone',
    context: { hasTouch: true, geolocation: HERE, permissions: ['geolocation'] },
  });
  const { signIn, shot } = h;
  const newPage = (viewport = PHONE) => h.newPage(viewport);
  let t: TestEngine;
  let base: string;
  before(() => {
    t = h.t;
    base = h.base;
  });

  /** What makes a phone screen scroll sideways: the page wider than the viewport, and the culprits. */
  const sideways = (page: Page) =>
    page.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      // (only when the page does scroll: an animated bar inside a clipped box reaches past the edge unseen)
      culprits: (document.documentElement.scrollWidth <= document.documentElement.clientWidth
        ? []
        : [...document.querySelectorAll('body *')]
      )
        .filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
        .filter((el) => !el.closest('svg, .djs-container'))
        .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}`)
        .slice(0, 8),
    }));

  async function expectFits(page: Page, width: number): Promise<void> {
    const header = await page.locator('.topbar').boundingBox();
    expect(header!.height, 'header height').to.be.at.most(64);
    const s = await sideways(page);
    expect(s.culprits, 'elements wider than the screen').to.deep.equal([]);
    expect(s.scrollWidth, 'page width').to.be.at.most(width);
  }

  /** Tapped controls of the page under 44 px high (visible ones only). */
  const smallTargets = (page: Page, selector: string) =>
    page.evaluate(
      (sel) =>
        [...document.querySelectorAll<HTMLElement>(sel)]
          .filter((el) => el.offsetParent !== null)
          .filter((el) => el.getBoundingClientRect().height < 43.5)
          .map(
            (el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} ${el.textContent?.trim()}`,
          ),
      selector,
    );

  const openTask = (s: InstanceState, nodeId: string) =>
    Object.values(s.tasks).find((x) => x.nodeId === nodeId && x.status === 'open');

  it('(a) inbox → task full-width with a way back → case file; deep links; the header fits at 360/390/414', async () => {
    const started = await t.engine.start(
      'fire_hazard',
      { gridUnit: GRID1, businessKey: 'XF-PHONE-1', variables: report() },
      'wangwei',
    );
    const s = await t.engine.waitForIdle(started._id);
    const rep = openTask(s, 'reportHazard')!;

    for (const width of [390, 360, 414]) {
      const page = await newPage({ width, height: 844 });
      await signIn(page, 'wangwei');
      await page.waitForURL(/\/inbox/);
      const row = page.locator(`[data-task-id="${rep.id}"]`);
      await row.waitFor();
      await expectFits(page, width);
      // the list alone: no empty "pick a task" pane under it
      expect(await page.locator('.pane--detail').isVisible()).to.equal(false);
      expect(
        await smallTargets(page, '.topbar button, .topbar a, .pane__head .btn, .task-row'),
      ).to.deep.equal([]);
      await shot(page, `a-inbox-${width}`);

      // the menu holds the navigation, the user and sign-out
      await page.click('[data-testid=menu-button]');
      await page.locator('.topbar__menu .nav__link:has-text("我的待办")').waitFor();
      await page.locator('.topbar__menu .logout').waitFor();
      expect(await smallTargets(page, '.topbar__menu a, .topbar__menu button')).to.deep.equal([]);
      await shot(page, `a-menu-${width}`);
      await page.click('[data-testid=menu-button]');
      await page.locator('.topbar__menu .logout').waitFor({ state: 'hidden' });

      // a task opens full-width, the list is hidden, and the back button returns to it
      await row.click();
      const panel = page.locator('[data-testid=task-panel]');
      await panel.waitFor();
      expect(await page.locator('text=请从左侧选择一项任务').count()).to.equal(0);
      expect(await page.locator('.pane--list').isVisible()).to.equal(false);
      const box = await panel.boundingBox();
      expect(box!.width).to.be.greaterThan(width - 60);
      await page.locator('[data-testid=task-case-file] [data-part=report] [data-field=location]').waitFor();
      await expectFits(page, width);
      expect(
        await smallTargets(page, '[data-testid=task-panel] .actions .btn, [data-testid=task-back]'),
      ).to.deep.equal([]);
      await shot(page, `a-task-${width}`);
      await page.click('[data-action=claim]');
      await page.waitForSelector('[data-action=unclaim]');
      await page.locator('.task-panel__form').scrollIntoViewIfNeeded();
      await expectFits(page, width);
      expect(
        await smallTargets(
          page,
          '.task-panel__form input:not([type=radio]):not([type=checkbox]), .task-panel__form select, .task-panel__form .btn:not(.btn--small)',
        ),
      ).to.deep.equal([]);
      await shot(page, `a-task-form-${width}`);
      await page.click('[data-action=unclaim]');
      await page.waitForSelector('[data-action=claim]');
      await page.click('[data-testid=task-back]');
      await row.waitFor();
      expect(await panel.count()).to.equal(0);

      // the case page fits the screen
      await page.goto(`${base}/cases/${encodeURIComponent(s._id)}`);
      await page.locator('[data-testid=case-file-card] [data-part=report]').waitFor();
      await expectFits(page, width);
      await shot(page, `a-case-${width}`);
    }

    // deep links straight to the task: /tasks/<id> and the old #/tasks/<id>
    const page = await newPage();
    await signIn(page, 'wangwei');
    await page.goto(`${base}/tasks/${encodeURIComponent(rep.id)}`);
    await page.locator('[data-testid=task-panel] h2:has-text("隐患登记上报")').waitFor();
    await page.goto(`${base}/#/tasks/${encodeURIComponent(rep.id)}`);
    await page.waitForURL(/\/tasks\//);
    await page.locator('[data-testid=task-panel]').waitFor();
    await page.click('[data-testid=task-back]');
    await page.waitForURL(/\/inbox$/);
    await page.locator(`[data-task-id="${rep.id}"]`).waitFor();
  });

  it('(b) a report from the phone: parties as a repeatable group, the address from GPS, then the first step', async () => {
    // the same dialog on a desktop (1280 px): the group rows are readable there too
    const desk = await newPage({ width: 1280, height: 900 });
    await signIn(desk, 'wangwei');
    await desk.click('button:has-text("发起案件")');
    await desk.selectOption('#start-process', 'dispute_mediation');
    await desk.locator('[data-group=parties] .group-list__row').first().waitFor();
    await desk.fill('#start-parties-0-name', '张三');
    await shot(desk, 'b-start-parties-desktop');
    await desk.close();

    const page = await newPage();
    await signIn(page, 'wangwei');
    await page.waitForURL(/\/inbox/);
    await page.click('button:has-text("发起案件")');
    await page.selectOption('#start-process', 'dispute_mediation');
    const group = page.locator('[data-group=parties]');
    await group.waitFor();
    // the schema asks for two parties at least: two rows to fill, no JSON text box
    expect(await group.locator('.group-list__row').count()).to.equal(2);
    expect(await page.locator('textarea#start-parties').count()).to.equal(0);
    await page.fill('#start-parties-0-name', '张三');
    await page.check('[data-row="0"] [data-field=side] label:text-is("申请人") input');
    await page.fill('#start-parties-1-name', '李四');
    await page.check('[data-row="1"] [data-field=side] label:has-text("被申请人") input');
    await page.click('[data-testid=add-parties]');
    expect(await group.locator('.group-list__row').count()).to.equal(3);
    await page.fill('#start-parties-2-name', '王五');
    await page.fill('#start-parties-2-phone', '123');
    await page.selectOption('#start-disputeType', { label: '邻里纠纷' });
    await page.fill('#start-description', '楼上漏水殃及楼下住户，双方就维修费用发生争执');
    // the address: typed, then the phone's position added to it (still editable)
    await page.fill('#start-location', '明天路12号');
    await page.click('[data-testid=use-location]');
    await page.waitForFunction(() =>
      (document.querySelector('#start-location') as HTMLInputElement | null)?.value.includes(
        'GPS 27.73123, 111.99432',
      ),
    );
    expect(await page.inputValue('#start-location')).to.equal(
      '明天路12号（GPS 27.73123, 111.99432 (±12 m)）',
    );
    await shot(page, 'b-start-parties');
    // a bad phone number in the third party is flagged on its own row; the empty group row is not sent
    await page.click('.dialog button:has-text("发起")');
    await page.locator('[data-row="2"] [data-error-for=phone]').waitFor();
    await shot(page, 'b-start-row-error');
    await page.click('[data-row="2"] .group-list__remove');
    expect(await group.locator('.group-list__row').count()).to.equal(2);
    await page.click('.dialog button:has-text("发起")');
    // the first step opens full-width, claimed and pre-filled with the same parties
    await page.waitForURL(/\/inbox\?task=/);
    const panel = page.locator('[data-testid=task-panel]');
    await panel.locator('[data-action=unclaim]').waitFor();
    expect(await page.inputValue('#task-parties-1-name')).to.equal('李四');
    expect(
      await page.isChecked('[data-row="1"] [data-field=side] label:has-text("被申请人") input'),
    ).to.equal(true);
    // the case file shows the parties row by row, labelled (not JSON)
    const parties = panel.locator('[data-testid=task-case-file] [data-part=report] [data-field=parties]');
    expect(await parties.locator('[data-row="1"]').textContent()).to.equal('姓名/名称：李四身份：被申请人');
    await expectFits(page, 390);
    await shot(page, 'b-first-step');
    const taskId = decodeURIComponent(new URL(page.url()).searchParams.get('task')!);
    const task = await t.engine.getTask(taskId);
    const inst = await t.engine.getInstance(task!.instanceId);
    expect(inst!.variables.parties).to.deep.equal([
      { name: '张三', side: 'applicant' },
      { name: '李四', side: 'respondent' },
    ]);
    expect(inst!.variables.location).to.equal('明天路12号（GPS 27.73123, 111.99432 (±12 m)）');
  });

  it("(c) the case history in people's words: step names, display names, changed fields old → new", async () => {
    const started = await t.engine.start(
      'fire_hazard',
      { gridUnit: GRID1, businessKey: 'XF-PHONE-H', variables: report({ severity: 'general' }) },
      'wangwei',
    );
    let s = await t.engine.waitForIdle(started._id);
    const rep = openTask(s, 'reportHazard')!;
    await t.engine.claim(rep.id, 'wangwei');
    await t.engine.completeTask(
      rep.id,
      'wangwei',
      report({ severity: 'serious', location: '莘亭街道明天路88号（东门）' }),
    );
    s = await t.engine.waitForIdle(s._id);
    const me = (await t.engine.org.user('wangwei'))!;
    for (const [name, viewport] of [
      ['390', PHONE],
      ['desktop', { width: 1280, height: 900 }],
    ] as const) {
      const page = await newPage(viewport);
      await signIn(page, 'wangwei');
      await page.goto(`${base}/cases/${encodeURIComponent(s._id)}`);
      const history = page.locator('[data-testid=history]');
      await history.waitFor();
      const done = history.locator('.timeline__item--task-completed').first();
      expect(await done.locator('.timeline__name').textContent()).to.equal('隐患登记上报');
      expect(await done.locator('.timeline__actor').textContent()).to.equal(me.displayName);
      const change = history.locator('[data-testid=history-changes] [data-field=severity]');
      await change.scrollIntoViewIfNeeded();
      expect(await change.locator('dt').textContent()).to.equal('严重程度');
      expect(await change.locator('dd').textContent()).to.equal('一般隐患 → 较大隐患');
      expect(await history.locator('.timeline__el').count(), 'element ids shown').to.equal(0);
      await shot(page, `c-history-${name}`);
      if (name === '390') await expectFits(page, 390);
    }
  });

  it('(d) a comment from the phone: in the case file of the task, a mention notifies, a mention out of reach is refused', async () => {
    const started = await t.engine.start(
      'fire_hazard',
      { gridUnit: GRID1, businessKey: 'XF-PHONE-C', variables: report() },
      'wangwei',
    );
    const s = await t.engine.waitForIdle(started._id);
    const rep = openTask(s, 'reportHazard')!;
    const page = await newPage();
    await signIn(page, 'wangwei');
    await page.goto(`${base}/tasks/${encodeURIComponent(rep.id)}`);
    const file = page.locator('[data-testid=task-case-file] [data-testid=case-file]');
    const box = file.locator('[data-testid=comment-text]');
    await box.waitFor();
    // lina (another grid) may not see the case: refused, naming her, nothing posted
    await box.fill('@lina 请协助');
    await file.locator('[data-testid=comment-send]').click();
    await page.locator('.toast--error:has-text("lina 无权查看本案件")').waitFor();
    expect(await file.locator('.comment').count()).to.equal(0);
    await shot(page, 'd-comment-refused');
    await box.fill('楼道电线已拍照，@chenmin 请社区协调物业');
    await file.locator('[data-testid=comment-send]').click();
    const posted = file.locator('.comment');
    await posted.waitFor();
    expect(await posted.locator('.file-text').textContent()).to.equal(
      '楼道电线已拍照，@chenmin 请社区协调物业',
    );
    expect(await posted.locator('.comment__mentions').textContent()).to.contain('陈敏');
    expect(await box.inputValue()).to.equal('');
    await posted.scrollIntoViewIfNeeded();
    await expectFits(page, 390);
    await shot(page, 'd-comment-posted');
    const notes = await t.engine.store
      .collection<{ _id: string; recipient: string; title: string }>('notifications')
      .find({ recipient: 'chenmin' });
    expect(notes.filter((n) => n.title.includes('提到了你'))).to.have.length(1);
    // and in the case history
    await page.goto(`${base}/cases/${encodeURIComponent(s._id)}`);
    await page.locator('[data-testid=history] .timeline__item--comment:has-text("请社区协调物业")').waitFor();
  });

  it('(e) 我经手的: the reporter follows a case after it moved up, with who holds it now', async () => {
    const started = await t.engine.start(
      'fire_hazard',
      { gridUnit: GRID1, businessKey: 'XF-PHONE-E', variables: report() },
      'wangwei',
    );
    let s = await t.engine.waitForIdle(started._id);
    const rep = openTask(s, 'reportHazard')!;
    await t.engine.claim(rep.id, 'wangwei');
    await t.engine.completeTask(rep.id, 'wangwei', report());
    s = await t.engine.waitForIdle(s._id);
    for (const [name, viewport] of [
      ['390', PHONE],
      ['desktop', { width: 1280, height: 900 }],
    ] as const) {
      const page = await newPage(viewport);
      await signIn(page, 'wangwei');
      await page.waitForURL(/\/inbox/);
      await page.click('[data-testid=tab-involved]');
      const row = page.locator(`[data-testid=involved-list] [data-case-id="${s._id}"]`);
      await row.waitFor();
      expect(await row.locator('.case-no').textContent()).to.equal(s.caseNo);
      expect(await row.locator('.tag').textContent()).to.equal('办理中');
      expect(await row.locator('[data-testid=holder]').first().textContent()).to.contain('当场督促整改');
      if (name === '390') await expectFits(page, 390);
      await shot(page, `e-involved-${name}`);
      await row.click();
      await page.waitForURL(/\/cases\//);
      await page.locator(`h1 .case-no:text-is("${s.caseNo}")`).waitFor();
    }
  });

  it('(f) offline on patrol: the app opens without a network, a report is kept as a draft and sent once when back online', async () => {
    const page = await newPage();
    const ctx = page.context();
    await signIn(page, 'wangwei');
    await page.waitForURL(/\/inbox/);
    // installable: a manifest with icons, and a service worker controlling the page
    const manifest = (await (await fetch(`${base}/manifest.webmanifest`)).json()) as {
      display: string;
      icons: Array<{ sizes: string }>;
    };
    expect(manifest.display).to.equal('standalone');
    expect(manifest.icons.map((i) => i.sizes)).to.include('192x192');
    await page.waitForFunction(() => !!navigator.serviceWorker?.controller, undefined, { timeout: 15_000 });
    // online once: the report form's lists and forms are fetched (and kept by the service worker)
    await page.reload();
    await page.click('button:has-text("发起案件")');
    await page.selectOption('#start-process', 'fire_hazard');
    await page.locator('#start-location').waitFor();
    await page.click('.dialog button:has-text("取消")');

    await ctx.setOffline(true);
    await page.reload();
    await page.locator('.topbar').waitFor();
    await page.click('button:has-text("发起案件")');
    await page.selectOption('#start-process', 'fire_hazard');
    await page.fill('#start-bk', 'XF-OFFLINE-1');
    await page.fill('#start-location', '明天路12号楼道');
    await page.click('[data-testid=use-location]');
    await page.waitForFunction(() =>
      (document.querySelector('#start-location') as HTMLInputElement | null)?.value.includes('GPS'),
    );
    await page.fill('#start-description', '楼道堆放大量纸箱，堵塞疏散通道');
    await page.click('.dialog button:has-text("发起")');
    const drafts = page.locator('[data-testid=drafts]');
    await drafts.locator(':text("1 份报告尚未发送")').waitFor();
    await expectFits(page, 390);
    await shot(page, 'f-offline-draft');
    const cases = () => t.engine.store.collection('instances').count({ businessKey: 'XF-OFFLINE-1' });
    expect(await cases()).to.equal(0);

    // back online: the draft goes out by itself, once
    await ctx.setOffline(false);
    await page.locator('.toast--success:has-text("离线报告已发送")').waitFor();
    await drafts.waitFor({ state: 'detached' });
    expect(await cases()).to.equal(1);
    const [s] = await t.engine.store
      .collection<InstanceState>('instances')
      .find({ businessKey: 'XF-OFFLINE-1' });
    expect(s.startedBy).to.equal('wangwei');
    expect(s.variables.location).to.match(/^明天路12号楼道（GPS 27\.73123, 111\.99432/);
    // the inbox looks again: the report's first step is there, the starter's to review
    await page.locator('.task-row:has-text("隐患登记上报")').first().waitFor();
    await shot(page, 'f-offline-sent');
    // sending again (a tab that was offline too, a lost answer) opens nothing more
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    await page.waitForTimeout(300);
    expect(await cases()).to.equal(1);
  });
});
