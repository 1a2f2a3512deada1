// Browser tests of intake (issue 15): an operator registers a 12345 call with a click on the map and the
// case lands in the inbox of the grid clicked; a citizen files a report on the public page at phone width
// (390 px), answering its question, and looks the receipt up. On the shared harness (./harness.ts).
import { expect } from 'chai';
import sharp from 'sharp';
import { GRID1 } from '../helpers/engine.js';
import { browserHarness } from './harness.js';

const solve = (q: string) => {
  const m = /(\d+) ([+−]) (\d+) = \?/.exec(q);
  if (!m) throw new Error(`unexpected question ${q}`);
  return m[2] === '+' ? Number(m[1]) + Number(m[3]) : Number(m[1]) - Number(m[3]);
};

describe('intake in a browser (e2e)', function () {
  this.timeout(120_000);
  const h = browserHarness({ name: 'intake' });

  it('an operator registers a 12345 call with a map click; the case lands in that grid’s inbox', async () => {
    const page = await h.newPage();
    await h.signIn(page, 'sunqing');
    await page.waitForURL(/\/intake$/);
    await page.fill('[data-testid=f-name]', '张三丰');
    await page.fill('[data-testid=f-phone]', '13812341234');
    await page.fill('[data-testid=f-description]', '楼道堆放杂物堵塞消防通道');
    await page.fill('[data-testid=f-address]', '明天路12号');
    await page.locator(`path.map-area--${GRID1}`).click();
    await page.waitForFunction(() =>
      document.querySelector('[data-testid=located]')?.textContent?.includes('第1网格'),
    );
    await h.shot(page, 'operator-form');
    await page.click('[data-testid=intake-submit]');
    const result = page.locator('[data-testid=intake-result]');
    await result.waitFor();
    expect(await result.textContent()).to.include('已派遣');
    const href = await result.locator('a').getAttribute('href');
    const instanceId = href!.split('/').pop()!;
    const s = await h.t.engine.waitForIdle(instanceId);
    expect(s.gridUnit).to.equal(GRID1);
    // in 王伟's inbox (the handler of 第1网格)
    const token = await h.apiToken('wangwei');
    const inbox = (await (
      await fetch(`${h.base}/api/tasks`, { headers: { Authorization: `Bearer ${token}` } })
    ).json()) as { items: Array<{ instanceId: string; unit: string }> };
    const task = inbox.items.find((x) => x.instanceId === instanceId);
    expect(task, 'the task in 王伟’s inbox').to.exist;
    expect(task!.unit).to.equal(GRID1);
    // the handler sees the case with the reporter masked, and its small map
    const handler = await h.newPage();
    await h.signIn(handler, 'wangwei');
    await handler.goto(`${h.base}/cases/${instanceId}`);
    await handler.locator('[data-testid=case-reporter]').waitFor();
    expect(await handler.locator('[data-testid=case-reporter]').textContent()).to.include('138****1234');
    expect(await handler.locator('[data-testid=case-map] path.map-point').count()).to.equal(1);
    await h.shot(handler, 'case-location');
  });

  it('a citizen files on the public page at 390 px and looks the receipt up', async () => {
    const page = await h.newPage({ width: 390, height: 844 });
    await page.goto(`${h.base}/report`);
    await page.locator('[data-testid=public-report-form]').waitFor();
    await page.fill('[data-testid=f-description]', '小区门口违章搭建彩钢棚');
    await page.fill('[data-testid=f-address]', '明天路8号');
    await page.selectOption('[data-testid=f-category]', 'illegal_building');
    await page.locator(`path.map-area--${GRID1}`).click();
    await page.fill('[data-testid=f-name]', '李四');
    await page.fill('[data-testid=f-phone]', '13900001111');
    // a photo of the scene, uploaded with the report's token once it has its receipt
    const png = await sharp({ create: { width: 16, height: 16, channels: 3, background: '#c00' } })
      .png()
      .toBuffer();
    await page.setInputFiles('[data-testid=f-photos]', {
      name: 'scene.png',
      mimeType: 'image/png',
      buffer: png,
    });
    await page.waitForFunction(
      () => !!document.querySelector('[data-testid=challenge-question]')?.textContent,
    );
    const q = (await page.locator('[data-testid=challenge-question]').textContent())!;
    await page.fill('[data-testid=f-answer]', String(solve(q)));
    await h.shot(page, 'public-form-390');
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width, 'no sideways scroll').to.be.at.most(390);
    await page.click('[data-testid=report-submit]');
    const receipt = (await page.locator('[data-testid=receipt-number]').textContent())!;
    expect(receipt).to.match(/^R\d{8}[2-9A-Z]{8}$/);
    expect(await page.locator('[data-testid=photos-stored]').textContent()).to.include('1');
    await page.click('[data-testid=lookup-submit]');
    await page.locator('[data-testid=lookup-state]').waitFor();
    expect(await page.locator('[data-testid=lookup-state]').textContent()).to.equal('已接收，待受理');
    await h.shot(page, 'public-receipt-390');
    // the report waits in the operator's queue, the reporter's data in full there only
    const entry = await h.t.engine.intake.entries.get(receipt);
    expect(entry).to.include({ status: 'received', grid: GRID1, category: 'illegal_building' });
    // the operator accepts it from the queue (立案): the citizen's lookup then reads 已立案
    const desk = await h.newPage();
    await h.signIn(desk, 'sunqing');
    await desk.goto(`${h.base}/intake`);
    await desk.locator(`[data-testid=intake-queue] button:has-text("${receipt}")`).click();
    await desk.locator('[data-testid=intake-decision]').waitFor();
    expect(await desk.locator('[data-testid=intake-decision]').textContent()).to.include('13900001111');
    await h.shot(desk, 'operator-queue');
    await desk.click('[data-testid=intake-accept]');
    await desk.locator('[data-testid=intake-decision]').waitFor({ state: 'detached' });
    await page.click('[data-testid=lookup-submit]');
    await page.waitForFunction(
      () => document.querySelector('[data-testid=lookup-state]')?.textContent === '已立案，办理中',
    );
    const accepted = await h.t.engine.intake.entries.get(receipt);
    expect(accepted).to.include({ status: 'accepted' });
    expect((await h.t.engine.waitForIdle(accepted!.instanceId!)).gridUnit).to.equal(GRID1);
  });
  it('the map shows the case as a point coloured by state; a click opens it (desktop and 390 px)', async () => {
    for (const viewport of [
      { width: 1400, height: 900 },
      { width: 390, height: 844 },
    ]) {
      const page = await h.newPage(viewport);
      await h.signIn(page, 'sunqing');
      await page.goto(`${h.base}/map`);
      const point = page.locator('[data-testid=map-page] path.map-point--active').last();
      await point.waitFor();
      await h.shot(page, `map-${viewport.width}`);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).to.be.at.most(viewport.width);
      await point.click();
      await page.waitForURL(/\/cases\/i[0-9a-f]+$/);
      // the operator's desk fits too
      await page.goto(`${h.base}/intake`);
      await page.locator('[data-testid=intake-form] path.map-area--310117001001001').waitFor();
      await h.shot(page, `intake-desk-${viewport.width}`);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).to.be.at.most(viewport.width);
    }
  });
});
