// Browser end-to-end tests of the web UI on the shared harness (./harness.ts: the real API on a real engine,
// the built UI and Debian's chromium).
import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { canonicalHash } from '../../engine/model/repository.js';
import type { InstanceState } from '../../engine/runtime/types.js';
import { GRID1, MINGTIAN, MONDAY_9AM, TEST_PASSWORD, ZONE_EAST, type TestEngine } from '../helpers/engine.js';
import { fireHazardReport as report } from '../fixtures/forms.js';
import { browserHarness } from './harness.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;
/** Chinese text (CJK ideographs or full-width punctuation) */
const CJK = /[\u4e00-\u9fff\uff08\uff09]/;

describe('web UI in a browser (e2e)', function () {
  this.timeout(120_000);

  const h = browserHarness({ name: 'ui' });
  const { newPage, signIn, shot, apiToken } = h;
  let t: TestEngine;
  let base: string;
  before(() => {
    t = h.t;
    base = h.base;
  });

  async function startCase(businessKey: string): Promise<InstanceState> {
    const s = await t.engine.start('fire_hazard', { gridUnit: GRID1, businessKey }, 'wangwei');
    return t.engine.waitForIdle(s._id);
  }

  /** Elements reaching past the right edge of the viewport (what makes a phone screen scroll sideways). */
  const wideElements = (page: Page) =>
    page.evaluate(() =>
      document.documentElement.scrollWidth <= document.documentElement.clientWidth
        ? []
        : [...document.querySelectorAll('body *')]
            .filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
            .filter((el) => !el.closest('svg'))
            .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}`)
            .slice(0, 8),
    );

  const openTask = (s: InstanceState, nodeId: string) =>
    Object.values(s.tasks).find((x) => x.nodeId === nodeId && x.status === 'open');

  it('(a) admin edits a task SLA in the modeler and deploys version 2', async () => {
    const page = await newPage();
    await signIn(page, 'admin');
    await page.goto(`${base}/modeler`);
    await page.waitForSelector('[data-testid=definition-select] option[value=fire_hazard]', {
      state: 'attached',
    });
    await page.selectOption('[data-testid=definition-select]', 'fire_hazard');
    await page.waitForSelector('[data-testid=modeler-status]:has-text("fire_hazard 版本 1")');
    const task = page.locator('.djs-element[data-element-id="recheckOnSpot"]');
    await task.waitFor();
    await task.click();
    const sla = page.locator('#bio-properties-panel-grid-sla');
    await sla.waitFor();
    expect(await sla.inputValue()).to.equal('P1D');
    // the step's legal basis (grid:legalBasis) is shown in the grid group
    expect(await page.inputValue('#bio-properties-panel-grid-legalBasis')).to.equal(
      '种子实践（复查由不同于经办人的人员进行）',
    );
    await shot(page, 'a-modeler-legal-basis');
    // an invalid duration is flagged and not written to the model
    await sla.fill('3 days');
    await page.waitForSelector('[data-entry-id=grid-sla] .bio-properties-panel-error');
    await sla.fill('P2D');
    await page.waitForSelector('[data-testid=modeler-status]:has-text("已修改")');
    await page.waitForFunction(
      () => !document.querySelector('[data-entry-id=grid-sla] .bio-properties-panel-error'),
    );
    await page.click('[data-testid=deploy]');
    await page.waitForSelector('[data-testid=modeler-status]:has-text("fire_hazard 版本 2")');
    await page.waitForSelector('[data-testid=version-select] option[value="2"]', { state: 'attached' });
    expect(await page.inputValue('[data-testid=version-select]')).to.equal('2');
    // the deployed diagram stays on the canvas (selection and undo history kept), now unchanged
    expect(await page.inputValue('#bio-properties-panel-grid-sla')).to.equal('P2D');
    expect(await page.isDisabled('[data-testid=deploy]')).to.equal(true);
    await shot(page, 'a-modeler-deployed');

    const res = await fetch(`${base}/api/definitions/fire_hazard`, {
      headers: { Authorization: `Bearer ${await apiToken('admin')}` },
    });
    const def = (await res.json()) as {
      version: number;
      xml: string;
      summary: { nodes: Array<{ id: string; sla?: { duration: string } }> };
    };
    expect(def.version).to.equal(2);
    expect(def.summary.nodes.find((n) => n.id === 'recheckOnSpot')?.sla?.duration).to.equal('P2D');
    expect(def.xml).to.match(/id="recheckOnSpot"[^>]*grid:sla="P2D"/);
  });

  it('(b) a handler claims a task, gets inline errors, then completes it', async () => {
    const s = await startCase('XF-2026-0101');
    const rep = openTask(s, 'reportHazard')!;
    const page = await newPage();
    await signIn(page, 'wangwei');
    await page.waitForURL(/\/inbox/);
    const row = page.locator(`[data-task-id="${rep.id}"]`);
    await row.click();
    await page.click('[data-testid=task-panel] [data-action=claim]');
    await page.waitForSelector('[data-testid=task-panel] [data-action=unclaim]');

    // submit with errors: required fields are flagged inline, nothing is sent
    await page.fill('#task-location', '明天路');
    await page.click('button:has-text("提交办结")');
    await page.waitForSelector('[data-error-for=location]');
    expect(await page.textContent('[data-error-for=location]')).to.contain('至少 4 个字');
    expect(await page.textContent('[data-error-for=description]')).to.contain('此项为必填项');
    expect(await page.textContent('[data-error-for=photos]')).to.contain('此项为必填项');
    await shot(page, 'b-inbox-inline-errors');
    expect((await t.engine.getTask(rep.id))?.status).to.equal('open');

    // now valid
    await page.fill('#task-location', '莘亭街道明天路88号');
    await page.fill('#task-venueName', '明天便民超市');
    await page.selectOption('#task-venueType', { label: '居民住宅小区' });
    await page.check('[data-field=hazardTypes] label:has-text("电气线路私拉乱接") input');
    await page.check('[data-field=severity] label:has-text("一般隐患") input');
    await page.fill('#task-description', '楼道内电线私拉乱接为电动车充电');
    // the photo field uploads the chosen picture to the case at once and shows its thumbnail
    const jpeg = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#c33' } })
      .jpeg()
      .toBuffer();
    await page.setInputFiles('#task-photos', { name: 'xianchang.jpg', mimeType: 'image/jpeg', buffer: jpeg });
    await page.locator('[data-field=photos] [data-attachment] img').waitFor();
    await page.fill('#task-contactPhone', '13800138000');
    await page.click('button:has-text("提交办结")');
    await page.waitForSelector('.toast--success:has-text("任务已办结")');
    await row.waitFor({ state: 'detached' });
    // the next step of the case arrives in the same inbox
    const after = await t.engine.waitForIdle(s._id);
    const next = openTask(after, 'urgeNormal')!;
    await page.waitForSelector(`[data-task-id="${next.id}"]`);
    await shot(page, 'b-inbox-completed');
    const done = await t.engine.getTask(rep.id);
    expect(done?.status).to.equal('completed');
    expect(done?.data).to.include({
      location: '莘亭街道明天路88号',
      venueType: 'residential',
      severity: 'general',
    });
    const [photo] = (await t.engine.attachments.ofCase(s._id)).filter((a) => a.taskId === rep.id);
    expect(done?.data?.photos).to.deep.equal([photo._id]);
    expect(photo).to.include({ name: 'xianchang.jpg', field: 'photos', contentType: 'image/jpeg' });
  });

  it('(c) a supervisor sees an escalation appear live on the board', async () => {
    const s0 = await startCase('XF-2026-0102');
    const rep = openTask(s0, 'reportHazard')!;
    await t.engine.completeTask(rep.id, 'wangwei', report());
    const s1 = await t.engine.waitForIdle(s0._id);
    const urge = openTask(s1, 'urgeNormal')!;
    expect(urge.dueAt).to.be.a('number');

    const page = await newPage();
    await signIn(page, 'chenmin');
    await page.waitForURL(/\/board/);
    await page.waitForSelector('.live--open');
    await page.waitForSelector('[data-testid=board], .state--empty');
    expect(await page.locator(`[data-testid=escalation-card][data-task-id="${urge.id}"]`).count()).to.equal(
      0,
    );
    await page.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));

    // past the 3-working-day SLA: the breach timer fires and the task climbs to the community
    t.clock.set(urge.dueAt! + DAY);
    await t.engine.fireDueTimers();
    const card = page.locator(`[data-testid=escalation-card][data-task-id="${urge.id}"]`);
    await card.waitFor();
    expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).to.equal(
      true,
    );
    expect(await card.textContent()).to.contain('已超期');
    expect(await page.locator('.board-col[data-level=community]').count()).to.equal(1);
    await shot(page, 'c-board-live-escalation');

    // the case view: diagram with the current step highlighted, history and escalations
    await card.locator('a.esc-card__task').click();
    await page.waitForSelector(
      '[data-testid=case-diagram] .djs-element.grid-active[data-element-id="urgeNormal"]',
    );
    await page.waitForSelector(
      '[data-testid=case-diagram] .djs-element.grid-done[data-element-id="reportHazard"]',
    );
    await page.waitForSelector('[data-testid=history] :text("超期升级")');
    await shot(page, 'c-case-view');

    // the default period is [now − 30 days, now): escalations fired at this very instant would fall on
    // its excluded end, so the dashboard is looked at a minute later
    t.clock.advance(60_000);
    const fired = await t.engine.store.collection('escalations').count({ unitPath: MINGTIAN });
    expect(fired).to.be.greaterThan(0);
    await page.goto(`${base}/dashboard`);
    await page.waitForSelector('[data-testid=kpis]');
    await page.waitForSelector('[data-testid=chart-escalations] canvas');
    const escKpi = page.locator('.kpi:has(.kpi__label:text-is("升级次数")) .kpi__value');
    expect((await escKpi.textContent())?.trim()).to.equal(String(fired));
    await shot(page, 'c-dashboard');
  });
  it('(d) supervisor actions, notifications drawer, English toggle, session expiry', async () => {
    const page = await newPage();
    await signIn(page, 'chenmin');
    await page.waitForURL(/\/board/);
    const card = page.locator('[data-testid=escalation-card]').first();
    await card.waitFor();

    // 督办单 to the community
    await card.locator('button:has-text("督办单")').click();
    await page.fill('#order-content', '请于明日前完成现场核查并回复整改情况');
    await shot(page, 'd-order-dialog');
    await page.click('dialog button:has-text("下发")');
    await page.waitForSelector('.toast--success:has-text("督办单已下发")');

    // 改派 to the community grid head
    await card.locator('button:has-text("改派")').click();
    await page.waitForSelector('#reassign-to option[value=zhoujie]', { state: 'attached' });
    await page.selectOption('#reassign-to', 'zhoujie');
    await page.click('dialog button.btn--primary');
    await page.waitForSelector('.toast--success:has-text("已改派给 zhoujie")');
    await page.waitForSelector('[data-testid=escalation-card]:has-text("办理人：zhoujie")');

    // notifications: the order reached chenmin too (she holds a role at the community)
    await page.waitForSelector('[data-testid=unread-badge]');
    await page.click('.bell');
    await page.waitForSelector('.notif--unread');
    await shot(page, 'd-notifications');
    await page.click('.drawer button:has-text("全部已读")');
    await page.waitForFunction(() => !document.querySelector('.notif--unread'));
    await page.waitForSelector('[data-testid=unread-badge]', { state: 'detached' });
    await page.click('.drawer .icon-btn');

    // English, kept across a reload
    await page.click('.lang-toggle');
    await page.waitForSelector('.nav__link:has-text("Escalations")');
    await page.reload();
    await page.waitForSelector('h1:has-text("Escalation board")');
    // the period is counted on the server's clock, not the browser's (they are months apart here)
    await page.waitForSelector('[data-testid=escalation-card]:has-text("Overdue")');
    await shot(page, 'd-board-english');
    await page.click('.lang-toggle');
    await page.waitForSelector('h1:has-text("督办看板")');

    // an expired/invalid token sends the user back to the login screen with a message
    await page.evaluate(() => localStorage.setItem('grid.token', 'expired.token.value'));
    await page.reload();
    await page.waitForSelector('.login .banner--warning:has-text("登录已过期")');
    await shot(page, 'd-session-expired');
  });

  it('(e) a handler opens a case from the start dialog', async () => {
    const page = await newPage();
    await signIn(page, 'wangwei');
    await page.click('button:has-text("发起案件")');
    await page.waitForSelector('#start-process option[value=fire_hazard]', { state: 'attached' });
    await page.selectOption('#start-process', 'fire_hazard');
    await page.fill('#start-bk', 'XF-2026-0200');
    await page.fill('#start-location', '莘亭街道明天路200号');
    await shot(page, 'e-start-dialog');
    await page.click('dialog button:has-text("发起")');
    // no double entry: the first step opens claimed by the starter, pre-filled with the report
    await page.waitForURL(/\/inbox\?task=/);
    await page.waitForSelector('[data-testid=task-panel] dd:has-text("wangwei")');
    expect(await page.inputValue('#task-location')).to.equal('莘亭街道明天路200号');
    expect(await page.isEnabled('#task-location')).to.equal(true);
    await shot(page, 'e-first-step');
    await page.click('[data-testid=task-panel] .task-panel__case');
    await page.waitForURL(/\/cases\//);
    await page.waitForSelector('.facts:has-text("XF-2026-0200")');
    expect(await page.textContent('h1 .case-no')).to.match(/^310117-\d{4}-\d{6}$/);
    await page.waitForSelector(
      '[data-testid=case-diagram] .djs-element.grid-active[data-element-id="reportHazard"]',
    );
    await page.waitForSelector('.case-task--open:has-text("隐患登记上报")');
    await shot(page, 'e-case-started');
    const id = decodeURIComponent(page.url().split('/cases/')[1]);
    const s = await t.engine.getInstance(id);
    expect(s).to.include({ businessKey: 'XF-2026-0200', gridUnit: GRID1, startedBy: 'wangwei' });
    expect(openTask(s!, 'reportHazard')).to.include({ assignee: 'wangwei' });
  });
  it('(f) modeler: escalation ladder editing with undo, validation problems marked on the diagram', async () => {
    const page = await newPage();
    await signIn(page, 'admin');
    await page.goto(`${base}/modeler`);
    await page.waitForSelector('[data-testid=modeler-status]:has-text("未部署的新流程")');
    await page.locator('.djs-element[data-element-id="Task_check"]').click();
    await page.waitForSelector('#bio-properties-panel-grid-sla');
    const ladder = page.locator('[data-group-id="group-grid-escalation"]');
    await ladder.locator('.bio-properties-panel-add-entry').click();
    const stepSla = page.locator('#bio-properties-panel-Task_check-grid-step-0-sla');
    await stepSla.waitFor();
    expect(await stepSla.inputValue()).to.equal('P1D');
    expect(await page.inputValue('#bio-properties-panel-Task_check-grid-step-0-level')).to.equal('zone');
    await stepSla.fill('P2D');
    const xmlNow = () =>
      page.evaluate(async () => {
        const m = (window as unknown as { __gridModeler: { saveXML(o: object): Promise<{ xml: string }> } })
          .__gridModeler;
        return (await m.saveXML({ format: false })).xml;
      });
    // the list item's title follows the model (written after the input's debounce)
    await page.waitForSelector(
      '[data-entry-id="Task_check-grid-step-0"] .bio-properties-panel-collapsible-entry-header-title:has-text("P2D")',
    );
    const withStep = await xmlNow();
    expect(withStep, withStep).to.match(
      /<grid:escalation><grid:step level="zone" sla="P2D" \/><\/grid:escalation>/,
    );
    await shot(page, 'f-ladder');
    // undo twice: the SLA edit, then the added step (with its containers)
    await page.evaluate(() => {
      const m = (window as unknown as { __gridModeler: { get(n: string): { undo(): void } } }).__gridModeler;
      m.get('commandStack').undo();
      m.get('commandStack').undo();
    });
    expect(await xmlNow()).not.to.contain('grid:escalation');

    // a broken diagram: the server's problems are listed and marked on their elements
    const broken = (await xmlNow())
      .replace(/<bpmn:outgoing>Flow_2<\/bpmn:outgoing>/, '')
      .replace(/<bpmn:incoming>Flow_2<\/bpmn:incoming>/, '')
      .replace(/<bpmn:sequenceFlow id="Flow_2"[^>]*\/>/, '')
      .replace(/<bpmndi:BPMNEdge id="Flow_2_di".*?<\/bpmndi:BPMNEdge>/s, '')
      .replace('grid:level="grid"', 'grid:level="village"');
    await page.setInputFiles('input[type=file]', {
      name: 'broken.bpmn',
      mimeType: 'application/xml',
      buffer: Buffer.from(broken),
    });
    // "discard the changes?" in the page's own dialog (no browser confirm())
    await page.click('dialog [data-testid=confirm-ok]:has-text("确定")');
    await page.waitForSelector('.djs-element[data-element-id="Task_check"]');
    await page.click('button:has-text("校验")');
    await page.waitForSelector('[data-testid=problems] li:has-text("Task_check")');
    await page.waitForSelector('.djs-overlay .grid-err-badge');
    await page.waitForSelector('.djs-element.grid-invalid[data-element-id="Task_check"]');
    const problems = await page.textContent('[data-testid=problems]');
    // the server's messages in Chinese, with their parameters
    expect(problems).to.contain('未知的网格层级 "village"');
    expect(problems).to.contain('用户任务没有流出的连线');
    expect(problems).to.contain('结束事件没有流入的连线');
    expect(await page.locator('.grid-err-badge').first().getAttribute('title')).to.match(CJK);
    await shot(page, 'f-validation');
    await page.click('.lang-toggle');
    // English from the same code (the UI's words, not the server's prose)
    await page.waitForSelector('[data-testid=problems]:has-text("The user task has no outgoing flow")');
    await page.click('.lang-toggle');
    await page.waitForSelector('[data-testid=problems]:has-text("用户任务没有流出的连线")');

    // a diagram exported by another tool in ISO-8859-1 (OMG MIWG A.1.0): read as its declaration says
    const miwg = readFileSync(new URL('../fixtures/miwg/A.1.0.bpmn', import.meta.url), 'latin1').replace(
      'name="Task 1"',
      'name="Prüfung"',
    );
    await page.setInputFiles('input[type=file]', {
      name: 'A.1.0.bpmn',
      mimeType: 'application/xml',
      buffer: Buffer.from(miwg, 'latin1'),
    });
    // an imported diagram is not deployed: replacing it asks first
    await page.click('dialog [data-testid=confirm-ok]:has-text("确定")');
    await page.waitForSelector(
      '.djs-element[data-element-id="_ec59e164-68b4-4f94-98de-ffb1c58a84af"]:has-text("Prüfung")',
    );
    await shot(page, 'f-miwg');
  });

  it('(g) modeler in Chinese: palette, context pad, replace menu, panel; download; guarded leaving; draft after expiry', async () => {
    const page = await newPage();
    await signIn(page, 'admin');
    await page.goto(`${base}/modeler?key=fire_hazard`);
    await page.waitForSelector('[data-testid=modeler-status]:has-text("fire_hazard 版本")');
    // nothing to deploy while the opened version is unchanged
    expect(await page.isDisabled('[data-testid=deploy]')).to.equal(true);

    const titles = (sel: string, attr = 'title') =>
      page.$$eval(sel, (els, a) => els.map((e) => e.getAttribute(a) ?? '').filter(Boolean), attr);
    const palette = await titles('.djs-palette .entry', 'aria-label');
    expect(palette.length).to.be.greaterThan(8);
    for (const x of palette) expect(x, x).to.match(CJK);

    await page.locator('.djs-element[data-element-id="recheckOnSpot"]').click();
    await page.waitForSelector('#bio-properties-panel-grid-sla');
    const pad = await titles('.djs-context-pad .entry');
    expect(pad).to.include('更改类型');
    for (const x of pad) expect(x, x).to.match(CJK);
    // the panel: element type in the header, group titles
    expect(await page.textContent('.bio-properties-panel-header-type')).to.equal('用户任务');
    const groups = await page.$$eval('.bio-properties-panel-group-header-title', (els) =>
      els.map((e) => e.textContent ?? ''),
    );
    expect(groups).to.include.members(['常规', '网格 / Grid', '升级阶梯', '说明文档']);
    for (const x of groups) expect(x, x).to.match(CJK);

    // 更改类型: every entry and header toggle in Chinese
    await page.click('.djs-context-pad .entry[data-action=replace]');
    await page.waitForSelector('.djs-popup .djs-popup-label');
    expect(await page.textContent('.djs-popup .djs-popup-title')).to.equal('更改类型');
    const labels = await page.$$eval('.djs-popup .djs-popup-label', (els) =>
      els.map((e) => e.textContent ?? ''),
    );
    expect(labels).to.include.members(['任务', '服务任务', '发送任务', '调用活动', '子流程（折叠）']);
    for (const x of labels) expect(x, x).to.match(CJK);
    for (const x of await titles('.djs-popup-header .entry')) expect(x, x).to.match(CJK);
    await shot(page, 'g-replace-menu');
    await page.locator('.djs-popup-search input').pressSequentially('zzz');
    await page.waitForSelector('.djs-popup-no-results:has-text("没有与")');
    await page.keyboard.press('Escape');
    await page.waitForSelector('.djs-popup', { state: 'detached' });
    // English stays English
    await page.click('.lang-toggle');
    await page.waitForSelector('.bio-properties-panel-header-type:text-is("User Task")');
    await page.click('.djs-context-pad .entry[data-action=replace]');
    await page.waitForSelector('.djs-popup .djs-popup-label:text-is("Service task")');
    expect(await page.textContent('.djs-popup .djs-popup-title')).to.equal('Change element');
    await page.keyboard.press('Escape');
    await page.click('.lang-toggle');
    await page.waitForSelector('.bio-properties-panel-header-type:text-is("用户任务")');

    // 下载 XML: the process as deployed (the same document), which deploys as no new version
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('button:has-text("下载 XML")'),
    ]);
    expect(download.suggestedFilename()).to.equal('fire_hazard.bpmn');
    const xml = readFileSync((await download.path())!, 'utf8');
    expect(xml).to.match(/^<\?xml/);
    expect(xml).to.match(/<bpmn:process id="fire_hazard"[^>]*isExecutable="true"/);
    const auth = { Authorization: `Bearer ${await apiToken('admin')}` };
    const def = (await (await fetch(`${base}/api/definitions/fire_hazard`, { headers: auth })).json()) as {
      version: number;
      xml: string;
    };
    expect(await canonicalHash(xml)).to.equal(await canonicalHash(def.xml));
    const again = await fetch(`${base}/api/definitions`, {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'application/xml' },
      body: xml,
    });
    expect(await again.json()).to.include({ key: 'fire_hazard', version: def.version, created: false });

    // an edit: deploy becomes possible, leaving asks first (nav link, sign-out, closing the tab)
    await page.fill('#bio-properties-panel-grid-sla', 'P5D');
    await page.waitForSelector('[data-testid=modeler-status]:has-text("已修改")');
    expect(await page.isDisabled('[data-testid=deploy]')).to.equal(false);
    const asked: string[] = [];
    const dismiss = (d: { message(): string; dismiss(): Promise<void> }) => {
      asked.push(d.message());
      void d.dismiss();
    };
    page.once('dialog', dismiss);
    await page.click('.nav__link:has-text("我的待办")');
    page.once('dialog', dismiss);
    await page.click('.topbar button:has-text("退出")');
    expect(asked).to.deep.equal(['有未部署的修改，确定放弃吗？', '有未部署的修改，确定放弃吗？']);
    expect(page.url()).to.contain('/modeler');
    await page.waitForSelector('.topbar');
    expect(
      await page.evaluate(() => {
        const e = new Event('beforeunload', { cancelable: true });
        window.dispatchEvent(e);
        return e.defaultPrevented;
      }),
    ).to.equal(true);

    // the session expires: the edit is kept and offered back after signing in again
    await page.waitForFunction(() =>
      (JSON.parse(localStorage.getItem('grid.modelerDraft.admin') ?? '{}') as { xml?: string }).xml?.includes(
        'grid:sla="P5D"',
      ),
    );
    await page.route('**/api/definitions/validate', (r) =>
      r.fulfill({
        status: 401,
        contentType: 'application/json',
        body: JSON.stringify({ error: { code: 'auth.token-expired', params: {}, message: 'token expired' } }),
      }),
    );
    await page.click('button:has-text("校验")');
    await page.waitForSelector('.login .banner--warning:has-text("登录已过期")');
    await page.unroute('**/api/definitions/validate');
    await page.fill('input[name=username]', 'admin');
    await page.fill('input[name=password]', TEST_PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForSelector('[data-testid=draft-offer]');
    await page.click('[data-testid=draft-offer] button:has-text("恢复修改")');
    await page.waitForSelector('[data-testid=draft-offer]', { state: 'detached' });
    await page.waitForSelector('[data-testid=modeler-status]:has-text("已修改")');
    await page.locator('.djs-element[data-element-id="recheckOnSpot"]').click();
    expect(await page.inputValue('#bio-properties-panel-grid-sla')).to.equal('P5D');
    await shot(page, 'g-draft-restored');
    // leaving with consent drops the changes and the draft
    page.once('dialog', (d) => void d.accept());
    await page.click('.nav__link:has-text("我的待办")');
    await page.waitForURL(/\/inbox/);
    expect(await page.evaluate(() => localStorage.getItem('grid.modelerDraft.admin'))).to.equal(null);
  });

  it('(h) a handler pauses with a reason, resumes and unclaims; failures are shown, each once', async () => {
    const s = await startCase('XF-2026-0300');
    const rep = openTask(s, 'reportHazard')!;
    const page = await newPage();
    const scripts: string[] = [];
    page.on('request', (r) => {
      if (r.resourceType() === 'script') scripts.push(r.url());
    });
    await signIn(page, 'wangwei');
    await page.waitForURL(/\/inbox/);
    await page.click(`[data-task-id="${rep.id}"]`);
    const panel = page.locator('[data-testid=task-panel]');

    // a network failure: the claim never reaches the server, and the user is told
    await page.route('**/api/tasks/*/claim', (r) => r.abort('internetdisconnected'));
    await panel.locator('[data-action=claim]').click();
    await page.waitForSelector('.toast--error:has-text("网络错误，无法连接服务器")');
    await shot(page, 'h-network-error');
    await page.unroute('**/api/tasks/*/claim');
    expect((await t.engine.getTask(rep.id))?.assignee).to.equal(undefined);
    await page.click('.toast--error .toast__close');
    await panel.locator('[data-action=claim]').click();
    await panel.locator('[data-action=unclaim]').waitFor();

    // 挂起: a reason is required; a refusal is shown in the dialog (in Chinese) and not toasted as well
    await panel.locator('button:has-text("挂起")').click();
    await page.click('dialog button.btn--primary');
    await page.waitForSelector('dialog .field__error:has-text("此项为必填项")');
    await page.fill('#pause-reason', '等待消防部门联合检查');
    await page.route('**/api/tasks/*/pause', (r) =>
      r.fulfill({
        status: 409,
        contentType: 'application/json',
        body: JSON.stringify({
          error: {
            code: 'task.closed',
            params: { taskId: rep.id, status: 'completed' },
            message: `task ${rep.id} is already completed`,
          },
        }),
      }),
    );
    await page.click('dialog button.btn--primary');
    // worded from the code, not from the English text
    await page.waitForSelector('dialog .field__error:text-is("任务已办结")');
    await page.waitForTimeout(300);
    expect(await page.locator('.toast--error').count()).to.equal(0);
    await page.unroute('**/api/tasks/*/pause');
    await page.click('dialog button.btn--primary');
    await page.waitForSelector('.toast--success:has-text("已挂起")');
    await panel.locator('.banner:has-text("等待消防部门联合检查")').waitFor();
    expect((await t.engine.getTask(rep.id))?.paused?.reason).to.equal('等待消防部门联合检查');
    await shot(page, 'h-paused');

    await panel.locator('button:has-text("恢复办理")').click();
    await page.waitForSelector('.toast--success:has-text("已恢复办理")');
    await panel.locator('button:has-text("挂起")').waitFor();
    expect((await t.engine.getTask(rep.id))?.paused ?? undefined).to.equal(undefined);

    // 退回待签
    await panel.locator('[data-action=unclaim]').click();
    await page.waitForSelector('.toast--success:has-text("已退回待签")');
    await panel.locator('[data-action=claim]').waitFor();
    expect((await t.engine.getTask(rep.id))?.assignee).to.equal(undefined);
    await shot(page, 'h-unclaimed');
    // the inbox is code-split from the modeler (bpmn-js) and the dashboard (ECharts)
    expect(scripts.filter((u) => /ModelerPage|moddle|DashboardPage/.test(u))).to.deep.equal([]);
  });

  it('(i) a supervisor takes a task over from the case view', async () => {
    const s = await startCase('XF-2026-0301');
    const rep = openTask(s, 'reportHazard')!;
    const page = await newPage();
    await signIn(page, 'chenmin');
    await page.goto(`${base}/cases/${encodeURIComponent(s._id)}`);
    const item = page.locator('.case-task--open:has-text("隐患登记上报")');
    await item.waitFor();
    let question = '';
    page.once('dialog', (d) => {
      question = d.message();
      void d.accept();
    });
    await item.locator('button:has-text("接管")').click();
    await page.waitForSelector('.toast--success:has-text("已接管")');
    expect(question).to.contain('确定接管任务');
    await page.waitForSelector('.case-task--open:has-text("chenmin")');
    await page.waitForSelector('[data-testid=history] :text("上级接管")');
    expect((await t.engine.getTask(rep.id))?.assignee).to.equal('chenmin');
    await shot(page, 'i-takeover');
  });

  it('(j) dashboard: per-unit average handling time as a chart, drill-down to the grids', async () => {
    // a task handled for two working hours in grid 1 (东片区), on the Monday morning after the others
    t.clock.set(Math.max(t.clock.now(), MONDAY_9AM + 7 * DAY));
    const s = await startCase('XF-2026-0302');
    const rep = openTask(s, 'reportHazard')!;
    t.clock.advance(2 * HOUR);
    await t.engine.completeTask(rep.id, 'wangwei', report());
    await t.engine.waitForIdle(s._id);
    t.clock.advance(60_000);

    const page = await newPage();
    await signIn(page, 'chenmin');
    await page.goto(`${base}/dashboard`);
    await page.waitForSelector('[data-testid=chart-handling] canvas');
    await page.waitForSelector('[data-testid=chart-children] canvas');
    const zoneRow = page.locator('tr:has-text("明天社区东片区")');
    expect(await zoneRow.locator('td').nth(4).textContent()).to.match(/工作小时/);
    await zoneRow.click();
    await page.waitForURL(new RegExp(`unit=${ZONE_EAST}`));
    await page.waitForSelector('.crumbs :text("明天社区东片区")');
    await page.waitForSelector('[data-testid=chart-handling] canvas');
    const gridRow = page.locator('tr:has-text("明天社区第1网格")');
    const avg = (await gridRow.locator('td').nth(4).textContent()) ?? '';
    expect(avg).to.match(/^\d+\.\d 工作小时$/);
    expect(parseFloat(avg)).to.be.greaterThan(0);
    // a unit with nothing due shows "—" (and a gap in the chart, not 0 %)
    expect(await page.locator('tr:has-text("明天社区第2网格") td').nth(1).textContent()).to.equal('—');
    // the unit and its level in the page's language
    expect(await page.textContent('.dash-main > p.muted')).to.contain('明天社区东片区（片区）');
    await page.waitForTimeout(1200); // the charts' entry animation
    await shot(page, 'j-dashboard-drill');
    await page.click('.lang-toggle');
    await page.waitForSelector('h1:has-text("Dashboard")');
    expect(await page.textContent('.dash-main > p.muted')).to.contain('明天社区东片区 (Zone)');
    await page.click('.lang-toggle');
  });

  it('(k) case numbers and titles: inbox rows, task panel, search, case page, board, notifications; 390 px and desktop', async () => {
    const fire = (location: string, hazardTypes: string[]) =>
      t.engine.start('fire_hazard', { gridUnit: GRID1, variables: { location, hazardTypes } }, 'wangwei');
    const a = await t.engine.waitForIdle((await fire('莘亭街道明天路12号', ['blocked_exit']))._id);
    const b = await t.engine.waitForIdle(
      (await fire('莘亭街道幸福里3弄7号楼', ['ebike_charging', 'illegal_wiring']))._id,
    );
    expect(a.caseNo).to.match(/^310117-\d{4}-\d{6}$/);
    expect(a.title).to.equal('疏散通道/安全出口堵塞锁闭 · 莘亭街道明天路12号');
    expect(b.title).to.equal('电动自行车违规停放充电等 · 莘亭街道幸福里3弄7号楼');
    const repB = openTask(b, 'reportHazard')!;

    for (const [name, viewport] of [
      ['desktop', { width: 1400, height: 900 }],
      ['390', { width: 390, height: 844 }],
    ] as const) {
      const page = await newPage(viewport);
      await signIn(page, 'wangwei');
      await page.waitForURL(/\/inbox/);
      // two fire reports are told apart by number and title
      const rowB = page.locator(`[data-task-id="${repB.id}"]`);
      await rowB.waitFor();
      expect(await rowB.locator('.case-no').textContent()).to.equal(b.caseNo);
      expect(await rowB.locator('.case-title').textContent()).to.equal(b.title);
      await shot(page, `k-inbox-${name}`);
      await rowB.click();
      await page.waitForSelector(`.task-panel__case .case-no:text-is("${b.caseNo}")`);
      await page.waitForSelector('.task-panel__case .case-grid:has-text("明天社区第1网格")');
      await shot(page, `k-task-panel-${name}`);

      // find a case by its number
      await page.goto(`${base}/inbox`);
      await page.fill('[data-testid=case-search]', a.caseNo!);
      await page.press('[data-testid=case-search]', 'Enter');
      const hit = page.locator('[data-testid=case-search-results] a');
      await hit.waitFor();
      expect(await hit.count()).to.equal(1);
      await shot(page, `k-search-${name}`);
      await hit.click();
      await page.waitForURL(/\/cases\//);
      await page.waitForSelector(`h1 .case-no:text-is("${a.caseNo}")`);
      expect(await page.textContent('h1 .case-title')).to.equal(a.title);
      await shot(page, `k-case-${name}`);

      // notifications name the case
      await page.click('.bell');
      await page.waitForSelector('.notif__case .case-no');
      await shot(page, `k-notifications-${name}`);
      await page.click('.drawer .icon-btn');

      // English: the same number and title, the labels in English
      await page.click('.lang-toggle');
      await page.goto(`${base}/inbox`);
      await page.waitForSelector('[data-testid=case-search][placeholder="Find a case by number"]');
      await rowB.waitFor();
      await shot(page, `k-inbox-${name}-en`);
      await page.click('.lang-toggle');
    }

    // the board: the escalated case of (c) carries its number
    for (const [name, viewport] of [
      ['desktop', { width: 1400, height: 900 }],
      ['390', { width: 390, height: 844 }],
    ] as const) {
      const page = await newPage(viewport);
      await signIn(page, 'chenmin');
      await page.waitForURL(/\/board/);
      const card = page.locator('[data-testid=escalation-card]').first();
      await card.waitFor();
      expect(await card.locator('.case-no').first().textContent()).to.match(/^310117-\d{4}-\d{6}$/);
      await shot(page, `k-board-${name}`);
    }
  });
  it('(l) case file: the reviewer sees the report and earlier steps; a completed step opens its data; 390 px and desktop', async () => {
    const started = await t.engine.start(
      'fire_hazard',
      { gridUnit: GRID1, businessKey: 'XF-FILE-1', variables: report() },
      'wangwei',
    );
    let s = await t.engine.waitForIdle(started._id);
    const rep = openTask(s, 'reportHazard')!;
    await t.engine.claim(rep.id, 'wangwei');
    await t.engine.completeTask(rep.id, 'wangwei', report({ location: '莘亭街道明天路88号（东门）' }));
    s = await t.engine.waitForIdle(s._id);
    const urge = openTask(s, 'urgeNormal')!;
    await t.engine.claim(urge.id, 'wangwei');
    await t.engine.completeTask(urge.id, 'wangwei', {
      onSpotResult: 'fixed',
      measures: '督促业主拆除私拉电线，改用集中充电桩',
      photos: ['a00000000000000000a01'],
    });
    s = await t.engine.waitForIdle(s._id);
    const recheck = openTask(s, 'recheckOnSpot')!;
    expect(recheck).to.not.equal(undefined);

    for (const [name, viewport] of [
      ['desktop', { width: 1400, height: 900 }],
      ['390', { width: 390, height: 844 }],
    ] as const) {
      const page = await newPage(viewport);
      await signIn(page, 'sunli');
      // the 整改复查 reviewer opens the task: the report and the earlier steps are there, labelled
      await page.goto(`${base}/inbox?task=${encodeURIComponent(recheck.id)}`);
      const file = page.locator('[data-testid=task-case-file] [data-testid=case-file]');
      await file.waitFor();
      const reportPart = file.locator('[data-part=report]');
      await reportPart.locator('dt:text-is("隐患地址")').waitFor();
      expect(await reportPart.locator('[data-field=location] dd').textContent()).to.equal(
        '莘亭街道明天路88号（东门）',
      );
      expect(await reportPart.locator('[data-field=venueType] dd').textContent()).to.equal('居民住宅小区');
      // the photo field holds an attachment id, shown as a thumbnail (test/e2e/attachments.test.ts shows one)
      await reportPart.locator('[data-field=photos] [data-attachment="a0123456789abcdef0123"]').waitFor();
      const steps = file.locator('[data-part=steps] .file-step');
      expect(await steps.count()).to.equal(2);
      await file.locator(`[data-step="${urge.id}"] summary`).click();
      await file
        .locator(`[data-step="${urge.id}"] [data-field=measures] dd:has-text("集中充电桩")`)
        .waitFor();
      await shot(page, `l-task-file-${name}`);
      await file.locator(`[data-step="${urge.id}"]`).scrollIntoViewIfNeeded();
      await shot(page, `l-task-file-step-${name}`);
      // nothing overflows sideways at 390 px
      expect(await wideElements(page), 'elements wider than the screen').to.deep.equal([]);

      // the case page: clicking a completed step shows what it submitted
      await page.goto(`${base}/cases/${encodeURIComponent(s._id)}`);
      await page.locator('[data-testid=case-file-card] [data-part=report]').waitFor();
      await page.click(`[data-step-button="${urge.id}"]`);
      const dialog = page.locator('[data-testid=step-data]');
      await dialog.locator('dt:text-is("督促整改措施")').waitFor();
      expect(await dialog.locator('[data-field=onSpotResult] dd').textContent()).to.not.equal('fixed');
      expect(await dialog.textContent()).to.contain('王伟（明天社区第1网格网格员）');
      await shot(page, `l-case-step-${name}`);
      expect(await wideElements(page), 'elements wider than the screen').to.deep.equal([]);
      // so does clicking the completed step on the diagram
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
      if (name === 'desktop') {
        // (the diagram is zoomed on the current step: the click is dispatched to one out of view)
        await page
          .locator(
            '[data-testid=case-diagram] .djs-element.grid-pickable[data-element-id="urgeNormal"] .djs-hit',
          )
          .dispatchEvent('click');
        await dialog.locator('dt:text-is("督促整改措施")').waitFor();
        await shot(page, `l-case-diagram-step-${name}`);
      }
    }
  });
});
