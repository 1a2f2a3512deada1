// Browser end-to-end tests of the web UI: the real API (createApi) on a real engine (real Redis, manual
// clock) with the bundled processes, the built UI (ui/dist, rebuilt when stale) and Debian's chromium
// driven by playwright-core. Skipped, with the reason printed, when /usr/bin/chromium is missing.
// Screenshots go to test-output/ (gitignored).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createApi, type ApiApp } from '../../engine/api/index.js';
import { deployBundled } from '../../engine/bootstrap.js';
import type { InstanceState } from '../../engine/runtime/types.js';
import { GRID1, TEST_PASSWORD, testEngine, type TestEngine } from '../helpers/engine.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const UI_DIR = path.join(ROOT, 'ui/dist');
const OUT = path.join(ROOT, 'test-output');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SECRET = 'e2e-secret-0123456789abcdef';
const DAY = 86_400_000;

const report = (over: Record<string, unknown> = {}) => ({
  location: '莘亭街道明天路88号',
  venueName: '明天便民超市',
  venueType: 'residential',
  hazardTypes: ['illegal_wiring'],
  severity: 'general',
  description: '楼道内电线私拉乱接为电动车充电',
  photos: ['https://files.example.cn/fire/001.jpg'],
  ...over,
});

/** Newest modification time under the UI's sources (and the moddle descriptor it bundles). */
function newestSource(): number {
  let newest = 0;
  const walk = (p: string) => {
    const st = statSync(p);
    if (st.isDirectory()) for (const f of readdirSync(p)) walk(path.join(p, f));
    else newest = Math.max(newest, st.mtimeMs);
  };
  for (const p of ['ui/src', 'ui/index.html', 'ui/vite.config.ts', 'engine/model/grid-moddle.json'])
    walk(path.join(ROOT, p));
  return newest;
}

/** `npm test` builds first (pretest); running mocha directly rebuilds here when ui/dist is missing or stale. */
function ensureBuilt(): void {
  const index = path.join(UI_DIR, 'index.html');
  if (existsSync(index) && statSync(index).mtimeMs >= newestSource()) return;
  const vite = path.join(ROOT, 'node_modules/vite/bin/vite.js');
  const r = spawnSync(
    process.execPath,
    [vite, 'build', '--config', 'ui/vite.config.ts', '--logLevel', 'warn'],
    {
      cwd: ROOT,
      encoding: 'utf8',
    },
  );
  if (r.status !== 0) throw new Error(`vite build failed:\n${r.stdout}\n${r.stderr}`);
}

describe('web UI in a browser (e2e)', function () {
  this.timeout(120_000);

  let t: TestEngine;
  let app: ApiApp;
  let server: http.Server;
  let base: string;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  let lastPage: Page | undefined;

  before(async function () {
    if (!existsSync(CHROMIUM)) {
      console.log(
        `      (skipped: no browser at ${CHROMIUM}; install Debian's chromium: apt-get install -y chromium)`,
      );
      this.skip();
    }
    ensureBuilt();
    mkdirSync(OUT, { recursive: true });
    t = await testEngine();
    await deployBundled(t.engine);
    app = createApi(t.engine, { jwtSecret: SECRET, uiDir: UI_DIR, heartbeatMs: 1000 });
    server = http.createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  });

  after(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    if (server) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    await app?.close();
    await t?.close();
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && lastPage)
      await lastPage
        .screenshot({ path: path.join(OUT, `ui-failed-${this.currentTest.title.slice(1, 2)}.png`) })
        .catch(() => undefined);
    // uncaught exceptions in the page fail the test that caused them
    const errs = pageErrors.splice(0);
    if (!errs.length) return;
    if (this.currentTest?.state === 'passed') throw new Error(`page errors:\n${errs.join('\n')}`);
    console.log(`      page errors:\n${errs.join('\n')}`);
  });

  async function newPage(): Promise<Page> {
    const ctx = await browser.newContext({
      viewport: { width: 1400, height: 900 },
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    });
    contexts.push(ctx);
    const page = await ctx.newPage();
    page.on('pageerror', (err) => pageErrors.push(String(err.stack ?? err)));
    page.setDefaultTimeout(15_000);
    lastPage = page;
    return page;
  }

  async function signIn(page: Page, username: string): Promise<void> {
    await page.goto(`${base}/`);
    await page.fill('input[name=username]', username);
    await page.fill('input[name=password]', TEST_PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForSelector('.topbar');
  }

  const shot = (page: Page, name: string) =>
    page.screenshot({ path: path.join(OUT, `ui-${name}.png`), fullPage: false });

  async function apiToken(username: string): Promise<string> {
    const res = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username, password: TEST_PASSWORD }),
    });
    return ((await res.json()) as { token: string }).token;
  }

  async function startCase(businessKey: string): Promise<InstanceState> {
    const s = await t.engine.start('fire_hazard', { gridUnit: GRID1, businessKey }, 'wangwei');
    return t.engine.waitForIdle(s._id);
  }

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
    await page.locator('.djs-element[data-element-id="recheckOnSpot"]').click();
    await page.waitForSelector('#bio-properties-panel-grid-sla');
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
    await page.fill('#task-photos', 'https://files.example.cn/fire/001.jpg');
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

    await page.goto(`${base}/dashboard`);
    await page.waitForSelector('[data-testid=kpis]');
    await page.waitForSelector('[data-testid=chart-escalations] canvas');
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
    await shot(page, 'e-start-dialog');
    await page.click('dialog button:has-text("发起")');
    await page.waitForURL(/\/cases\//);
    await page.waitForSelector('h1:has-text("XF-2026-0200")');
    await page.waitForSelector(
      '[data-testid=case-diagram] .djs-element.grid-active[data-element-id="reportHazard"]',
    );
    await page.waitForSelector('.case-task--open:has-text("隐患登记上报")');
    await shot(page, 'e-case-started');
    const id = decodeURIComponent(page.url().split('/cases/')[1]);
    const s = await t.engine.getInstance(id);
    expect(s).to.include({ businessKey: 'XF-2026-0200', gridUnit: GRID1, startedBy: 'wangwei' });
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
    page.once('dialog', (d) => void d.accept()); // "discard the changes?"
    await page.setInputFiles('input[type=file]', {
      name: 'broken.bpmn',
      mimeType: 'application/xml',
      buffer: Buffer.from(broken),
    });
    await page.waitForSelector('.djs-element[data-element-id="Task_check"]');
    await page.click('button:has-text("校验")');
    await page.waitForSelector('[data-testid=problems] li:has-text("Task_check")');
    await page.waitForSelector('.djs-overlay .grid-err-badge');
    await page.waitForSelector('.djs-element.grid-invalid[data-element-id="Task_check"]');
    const problems = await page.textContent('[data-testid=problems]');
    expect(problems).to.contain('village');
    expect(problems).to.match(/EndEvent_1|no outgoing flow/);
    await shot(page, 'f-validation');
  });
});
