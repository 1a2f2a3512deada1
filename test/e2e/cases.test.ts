// Browser end-to-end test of the case list (issue 14 items 1, 2, 8): a district supervisor clicks 当前超期 on
// the dashboard, lands on the case list filtered to the overdue cases of the district, finds a case by its
// number, exports the list and the test opens the .xlsx (exceljs) and finds the case; browser back restores
// the previous filter; a bulk 督办单 reports per row; at 390 px the list is cards that fit the screen.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'chai';
import ExcelJS from 'exceljs';
import type { InstanceState } from '../../engine/runtime/types.js';
import { DISTRICT, GRID1, GRID2 } from '../helpers/engine.js';
import { CASE_FLOW, flow, processXml, REPORT_FORM, SIMPLE } from '../api/fixtures.js';
import { browserHarness, OUT } from './harness.js';

describe('the case list in a browser (e2e)', function () {
  this.timeout(120_000);
  const h = browserHarness({ name: 'cases' });
  let overdue: InstanceState;
  let onTime: InstanceState;

  before(async () => {
    const { engine, clock } = h.t;
    engine.forms.register('api-report', REPORT_FORM);
    await engine.deploy(CASE_FLOW);
    await engine.deploy(SIMPLE);
    // one case past its time limit (climbed to the community), one without a limit, one more overdue elsewhere
    overdue = await engine.waitForIdle((await engine.start('apicase', { gridUnit: GRID1 }, 'wangwei'))._id);
    onTime = await engine.waitForIdle((await engine.start('apisimple', { gridUnit: GRID2 }, 'lina'))._id);
    const due = Object.values(overdue.tasks)[0].dueAt!;
    clock.set(due + 10 * 60_000);
    await engine.fireDueTimers();
    for (let i = 0; i < 100; i++) {
      overdue = await engine.waitForIdle(overdue._id);
      if (Object.values(overdue.tasks).some((t) => t.level === 'community')) break;
      await new Promise((r) => setTimeout(r, 50));
    }
  });

  it('(a) 当前超期 → the filtered case list → find by number → export .xlsx with the case; back restores the filter', async () => {
    const page = await h.newPage();
    await h.signIn(page, 'yangfan');
    await page.goto(`${h.base}/dashboard`);
    const card = page.locator('[data-testid=kpi-overdue]');
    await card.waitFor();
    expect((await card.locator('.kpi__value').textContent())?.trim()).to.equal('1');
    // handling time as working and as calendar hours, labelled
    expect(await page.locator('[data-testid=kpi-calendar-hours]').textContent()).to.match(/^日历小时：任务 /);
    await h.shot(page, 'dashboard');
    await card.click();
    await page.waitForURL(/\/cases\?/);
    const url = new URL(page.url());
    expect(url.searchParams.get('overdue')).to.equal('1');
    expect(url.searchParams.get('unit')).to.equal(DISTRICT);
    await page.waitForSelector('[data-testid=case-row]');
    const rows = page.locator('[data-testid=case-row]');
    expect(await rows.count()).to.equal(1);
    expect(await rows.first().getAttribute('data-case-id')).to.equal(overdue._id);
    expect(await page.locator('[data-testid=filter-overdue]').isChecked()).to.equal(true);
    expect(await page.locator('[data-testid=cases-total]').textContent()).to.equal('共 1 件');
    // handling time is labelled as working and as calendar hours
    const handling = (await rows.first().locator('td').last().textContent()) ?? '';
    expect(handling)
      .to.match(/\d+\.\d 工作小时/)
      .and.match(/\d+\.\d 日历小时/);
    await h.shot(page, 'overdue');

    // find a case by its number: clear the overdue switch, then search the other case's number
    await page.locator('[data-testid=filter-overdue]').uncheck();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=case-row]').length === 2);
    await page.fill('[data-testid=cases-search]', onTime.caseNo!);
    await page.press('[data-testid=cases-search]', 'Enter');
    await page.waitForURL(/q=/);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=case-row]').length === 1);
    expect(await rows.first().getAttribute('data-case-id')).to.equal(onTime._id);
    expect(await rows.first().locator('.case-no').textContent()).to.equal(onTime.caseNo);

    // export what is listed: the .xlsx holds the case under its number, with the title row and headers
    const [dl] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-xlsx]')]);
    expect(dl.suggestedFilename()).to.match(/^案件列表-\d{12}\.xlsx$/);
    const file = path.join(OUT, 'cases-export.xlsx');
    await dl.saveAs(file);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await readFile(file)) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(String(ws.getRow(1).getCell(1).value))
      .to.include('案件列表')
      .and.include('临江区');
    expect(ws.getRow(2).getCell(1).value).to.equal('案件编号');
    const numbers: unknown[] = [];
    ws.eachRow((row, i) => i > 2 && numbers.push(row.getCell(1).value));
    expect(numbers).to.deep.equal([onTime.caseNo]);

    // back: the search is undone, the list shows both again
    await page.goBack();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=case-row]').length === 2);
    expect(new URL(page.url()).searchParams.get('q')).to.equal(null);
    await page.goBack();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=case-row]').length === 1);
    expect(await page.locator('[data-testid=filter-overdue]').isChecked()).to.equal(true);
  });

  it('(b) a saved filter; a bulk 督办单 on the selected cases reports per row', async () => {
    const page = await h.newPage();
    await h.signIn(page, 'yangfan');
    // a saved filter (常用筛选) opens the list as it was saved
    await page.goto(`${h.base}/cases?unit=${DISTRICT}&overdue=1`);
    await page.waitForSelector('[data-testid=case-row]');
    await page.click('button:has-text("保存当前筛选")');
    await page.fill('input[aria-label="筛选名称"]', '全区超期');
    await page.press('input[aria-label="筛选名称"]', 'Enter');
    await page.waitForSelector('[data-testid=saved-filters] option:has-text("全区超期")', {
      state: 'attached',
    });
    await page.goto(`${h.base}/cases`);
    await page.waitForSelector('[data-testid=case-row]');
    await page.selectOption('[data-testid=saved-filters]', { label: '全区超期' });
    await page.waitForURL(/overdue=1/);
    expect(new URL(page.url()).searchParams.get('unit')).to.equal(DISTRICT);

    await page.goto(`${h.base}/cases?unit=${DISTRICT}`);
    await page.waitForSelector('[data-testid=case-row]');
    await page.check(`tr[data-case-id="${overdue._id}"] input[type=checkbox]`);
    await page.click('[data-testid=bulk-order]');
    await page.fill('dialog textarea', '请于今日内反馈超期原因');
    await page.click('[data-testid=bulk-run]');
    const result = page.locator(`tr[data-case-id="${overdue._id}"] [data-testid=bulk-result]`);
    await result.waitFor();
    expect(await result.textContent()).to.equal('成功');
    const orders = await h.t.engine.supervision.ofCase(overdue._id);
    expect(orders.map((o) => [o.kind, o.to, o.content])).to.deep.equal([
      ['duban', GRID1, '请于今日内反馈超期原因'],
    ]);
    // the case now waits for a reply: the list's filter finds it
    await page.goto(`${h.base}/cases?orderPending=1`);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=case-row]').length === 1);
  });

  it('(e) past the count cap the total says "more than", in Chinese and in English, and paging goes on', async () => {
    const page = await h.newPage();
    await h.signIn(page, 'yangfan');
    // the server's answer when more cases match than it counts (GET /api/instances totalCapped): the real
    // answer, its total and flag set as a search of a common word in a big district gets them
    await page.route(/\/api\/instances\?/, async (route) => {
      const res = await route.fetch();
      const body = (await res.json()) as Record<string, unknown>;
      await route.fulfill({ response: res, json: { ...body, total: 1000, totalCapped: true } });
    });
    await page.goto(`${h.base}/cases?unit=${DISTRICT}`);
    const total = page.locator('[data-testid=cases-total]');
    await page.waitForSelector('[data-testid=case-row]');
    expect(await total.textContent()).to.equal('超过 1,000 件（请缩小范围）');
    // 1,000 cases at the page size: the last counted page and more, the next button still on
    const pager = page.locator('nav.pager');
    expect(await pager.locator('span').textContent()).to.match(/^第 1 \/ \d+\+ 页$/);
    const next = pager.locator('button').last();
    expect(await next.isDisabled()).to.equal(false);
    await page.click('.lang-toggle');
    expect(await total.textContent()).to.equal('More than 1,000 cases (narrow the filters)');
    expect(await pager.locator('span').textContent()).to.match(/^Page 1 of \d+\+$/);
    await h.shot(page, 'capped-total');
    await page.click('.lang-toggle');
  });

  it('(c) at 390 px the list is a card per case that fits the screen', async () => {
    const page = await h.newPage({ width: 390, height: 844 });
    await h.signIn(page, 'yangfan');
    await page.goto(`${h.base}/cases?unit=${DISTRICT}`);
    await page.waitForSelector('[data-testid=case-row]');
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).to.be.at.most(390);
    const box = await page.locator('[data-testid=case-row]').first().boundingBox();
    expect(box!.width).to.be.at.most(390);
    // no table header on a phone: every cell names its column
    expect(await page.locator('.cases-table thead').isVisible()).to.equal(false);
    await page.locator('[data-testid=case-row]').first().scrollIntoViewIfNeeded();
    await h.shot(page, 'phone');
  });

  it('(d) an overdue task without an escalation ladder appears on the board', async () => {
    const { engine, clock } = h.t;
    await engine.deploy(
      processXml(
        'noladder',
        `<bpmn:startEvent id="s"/>${flow('f0', 's', 'work')}
         <bpmn:userTask id="work" name="整改" grid:level="grid" grid:candidateRoles="handler" grid:sla="P1D" grid:calendar="workday"/>
         ${flow('f1', 'work', 'e')}<bpmn:endEvent id="e"/>`,
        '',
        '无阶梯流程',
      ),
    );
    let s = await engine.waitForIdle((await engine.start('noladder', { gridUnit: GRID1 }, 'wangwei'))._id);
    clock.set(Object.values(s.tasks)[0].dueAt! + 60_000);
    await engine.fireDueTimers();
    for (let i = 0; i < 100 && Object.values(s.tasks)[0].slaState !== 'overdue'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      s = await engine.waitForIdle(s._id);
    }
    expect(Object.values(s.tasks)[0].slaState).to.equal('overdue');
    const page = await h.newPage();
    await h.signIn(page, 'chenmin');
    await page.goto(`${h.base}/board`);
    const section = page.locator('[data-testid=board-overdue]');
    await section.waitFor();
    expect(await section.locator('.case-no').allTextContents()).to.deep.equal([s.caseNo]);
    await h.shot(page, 'board-overdue');
    await section.locator('a', { hasText: '查看全部超期案件' }).click();
    await page.waitForURL(/\/cases\?overdue=1/);
    await page.waitForSelector(`tr[data-case-id="${s._id}"]`);
  });
});
