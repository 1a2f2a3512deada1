// Browser test of the 考核 page: a street supervisor opens it, sees the units of the street with scores and
// grades, drills down to a community, switches to the person tab and opens a row's score breakdown,
// switches to a quarter, exports the .xlsx; at 390 px nothing scrolls sideways but the table itself.
// An admin sees the scheme editor and its server-side validation messages. On the shared harness.
import { expect } from 'chai';
import ExcelJS from 'exceljs';
import { readFile } from 'node:fs/promises';
import { GRID1, MINGTIAN, type TestEngine } from '../helpers/engine.js';
import { fireHazardReport as report } from '../fixtures/forms.js';
import { browserHarness } from './harness.js';

describe('the 考核 page in a browser (e2e)', function () {
  this.timeout(120_000);
  const h = browserHarness({ name: 'assessment' });
  let t: TestEngine;
  before(async () => {
    t = h.t;
    // wangwei reports a hazard and completes the report step: a task he completed, a case he reported
    const started = await t.engine.start(
      'fire_hazard',
      { gridUnit: GRID1, businessKey: 'XF-ASSESS-1', variables: report() },
      'wangwei',
    );
    const s = await t.engine.waitForIdle(started._id);
    const rep = Object.values(s.tasks).find((x) => x.nodeId === 'reportHazard' && x.status === 'open')!;
    await t.engine.claim(rep.id, 'wangwei');
    await t.engine.completeTask(rep.id, 'wangwei', report());
    await t.engine.waitForIdle(s._id);
  });

  it('a supervisor drills from the street to a person, opens the breakdown, switches period and exports', async () => {
    const page = await h.newPage({ width: 1280, height: 900 });
    await h.signIn(page, 'liuyang');
    await page.click('a[href="/assessment"]');
    await page.waitForSelector('[data-testid=assess-table]');
    const rows = page.locator('[data-testid=assess-table] tbody tr');
    expect(await rows.count()).to.be.greaterThan(1);
    expect(await page.locator('.grade').first().textContent()).to.match(/优秀|良好|合格|不合格/);
    await h.shot(page, 'street-desktop');
    // drill down to 明天社区, then the person tab
    await page.locator('tr', { hasText: '明天社区' }).getByRole('button', { name: '下钻' }).click();
    await page.waitForURL(new RegExp(`unit=${MINGTIAN}`));
    await page.getByRole('tab', { name: '按人员' }).click();
    const wang = page.locator('[data-testid=assess-table] tbody tr', { hasText: '王伟' });
    await wang.waitFor();
    await wang.click();
    await page.waitForSelector('.assess-breakdown');
    expect(await page.locator('.assess-breakdown li').count()).to.be.greaterThan(3);
    expect(await page.locator('.assess-breakdown').textContent()).to.include('限时办结率');
    await h.shot(page, 'person-breakdown');
    // liuyang enters 6 points of meetings for wangwei (a grid of his street: no 回避): the score moves by 6
    const before = Number(await wang.locator('.assess-score').textContent());
    await page.selectOption('select[aria-label=录入项目]', { label: '例会' });
    await page.fill('.assess-entry input[type=number]', '6');
    await page.fill('.assess-entry input[aria-label=事由]', '参加例会 3 次');
    await page.click('.assess-entry button[type=submit]');
    await page.waitForFunction(
      (n) => document.querySelector('.assess-table tbody tr .assess-score')?.textContent === String(n),
      before + 6,
    );
    // a quarter
    await page.selectOption('select[aria-label=周期类型]', 'quarter');
    await page.waitForURL(/period=\d{4}-Q[1-4]/);
    await page.waitForSelector('[data-testid=assess-table] tbody tr');
    // export
    const [dl] = await Promise.all([
      page.waitForEvent('download'),
      page.click('[data-testid=assess-export]'),
    ]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await readFile((await dl.path())!)) as unknown as ArrayBuffer);
    expect(String(wb.worksheets[0].getRow(1).getCell(1).value))
      .to.include('明天社区')
      .and.include('按人员');
  });

  it('an assessor entering points for their own unit is told 回避', async () => {
    const page = await h.newPage({ width: 1280, height: 900 });
    await h.signIn(page, 'chenmin');
    await page.goto(`${h.base}/assessment?unit=${MINGTIAN}&by=unit`);
    const own = page.locator('[data-testid=assess-table] tbody tr', { hasText: '合计' });
    await own.click();
    await page.fill('.assess-entry input[type=number]', '5');
    await page.fill('.assess-entry input[aria-label=事由]', '交办函 1 份');
    await page.click('.assess-entry button[type=submit]');
    await page.waitForSelector('.assess-entry [role=alert]');
    expect(await page.locator('.assess-entry [role=alert]').textContent()).to.include('回避');
    await h.shot(page, 'recusal');
  });

  it('fits a 390 px phone: only the table scrolls sideways', async () => {
    const page = await h.newPage({ width: 390, height: 844 });
    await h.signIn(page, 'liuyang');
    await page.goto(`${h.base}/assessment?by=department`);
    await page.waitForSelector('.page--assess .tabs');
    await page.waitForLoadState('networkidle');
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).to.be.at.most(390);
    await h.shot(page, 'phone');
  });

  it('an admin edits the scheme: server-side messages name the field, a valid save makes a new version', async () => {
    const page = await h.newPage({ width: 1280, height: 900 });
    await h.signIn(page, 'admin');
    await page.goto(`${h.base}/assessment`);
    // the JSON view: a figure the engine does not know is refused, the message names the field
    await page.getByRole('tab', { name: 'JSON' }).click();
    const editor = page.locator('.assess-scheme textarea');
    await page.waitForFunction(
      () => (document.querySelector('.assess-scheme textarea') as HTMLTextAreaElement)?.value.length > 10,
    );
    const text = await editor.inputValue();
    await editor.fill(text.replace('"taskOnTimeRate"', '"nope"'));
    await page.getByRole('button', { name: '保存为新版本' }).click();
    await page.waitForSelector('.assess-scheme [role=alert]');
    expect(await page.locator('.assess-scheme [role=alert]').textContent()).to.include(
      '/scheme/items/0/figure',
    );
    await h.shot(page, 'scheme-error');
    await editor.fill(text);
    // the form view: the base and an item's points, saved as version 1
    await page.getByRole('tab', { name: '表单' }).click();
    await page.getByLabel('基础分').fill('55');
    await page.fill('input[data-field="onTime.points"]', '12');
    await h.shot(page, 'scheme-form');
    await page.getByRole('button', { name: '保存为新版本' }).click();
    await page.waitForSelector('.assess-scheme [role=status]');
    expect(await page.locator('.assess-scheme [role=status]').textContent()).to.include('1');
    const token = await h.apiToken('admin');
    const res = await fetch(`${h.base}/api/assessment/schemes`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    const latest = ((await res.json()) as { versions: Array<Record<string, unknown>> }).versions[0];
    expect(latest).to.include({ version: 1, base: 55 });
    expect((latest.items as Array<{ id: string; points: number }>)[0]).to.include({
      id: 'onTime',
      points: 12,
    });
  });
});
