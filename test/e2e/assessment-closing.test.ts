// Browser test of closing an assessment period and of the paper documents: a street supervisor closes
// March (after it ended) through the in-app confirmation, the table shows 已归档 with ranks, an adjustment
// is listed; the 考核表 and a case's 督办单 print on A4 (print media: the app hidden, the sheet with its
// signature lines; a PDF of each is written and its page size checked). On the shared harness.
import { expect } from 'chai';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { GRID1, MINGTIAN } from '../helpers/engine.js';
import { fireHazardReport as report } from '../fixtures/forms.js';
import { browserHarness, OUT } from './harness.js';

const APRIL_2 = Date.parse('2026-04-02T01:00:00Z');
/** A4 in PDF points */
const A4 = { w: 595.28, h: 841.89 };

/** The first page's MediaBox of a PDF, [width, height] in points. */
function mediaBox(pdf: Buffer): [number, number] {
  const m = /\/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]/.exec(pdf.toString('latin1'));
  if (!m) throw new Error('no MediaBox in the PDF');
  return [Number(m[1]), Number(m[2])];
}

/** Opens the print sheet (window.print stubbed: headless has no dialog) and renders the page as print. */
async function printed(page: Page, button: string, sheet: string, name: string) {
  await page.evaluate(() => {
    window.print = () => undefined;
  });
  await page.click(button);
  await page.waitForSelector(`.print-root [data-testid=${sheet}]`, { state: 'attached' });
  await page.emulateMedia({ media: 'print' });
  // the app is hidden in print, the sheet shown
  expect(await page.locator('.shell').isVisible()).to.equal(false);
  expect(await page.locator(`[data-testid=${sheet}]`).isVisible()).to.equal(true);
  await page.screenshot({ path: path.join(OUT, `assessment-closing-${name}.png`), fullPage: true });
  // read before the PDF: printing it fires afterprint, which takes the sheet down
  const text = (await page.locator(`[data-testid=${sheet}]`).textContent()) ?? '';
  const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
  await writeFile(path.join(OUT, `assessment-closing-${name}.pdf`), pdf);
  await page.emulateMedia({ media: 'screen' });
  return { pdf, text };
}

describe('closing a 考核 period and printing on A4 (e2e)', function () {
  this.timeout(120_000);
  const h = browserHarness({ name: 'assessment-closing' });
  let instanceId: string;
  before(async () => {
    const t = h.t;
    const started = await t.engine.start(
      'fire_hazard',
      { gridUnit: GRID1, businessKey: 'XF-CLOSE-1', variables: report() },
      'wangwei',
    );
    instanceId = started._id;
    const s = await t.engine.waitForIdle(started._id);
    const rep = Object.values(s.tasks).find((x) => x.nodeId === 'reportHazard' && x.status === 'open')!;
    await t.engine.claim(rep.id, 'wangwei');
    await t.engine.completeTask(rep.id, 'wangwei', report());
    await t.engine.waitForIdle(s._id);
    // a 督办单 on the case, in March
    const token = await h.apiToken('chenmin');
    const res = await fetch(`${h.base}/api/instances/${instanceId}/supervision-orders`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ kind: 'duban', to: GRID1, content: '请于明日前反馈处置进展', replySla: 'P1D' }),
    });
    expect(res.status).to.equal(201);
    t.clock.set(APRIL_2);
  });

  it('a supervisor closes March: confirm dialog, 已归档 badge, ranks, an adjustment listed', async () => {
    const page = await h.newPage({ width: 1280, height: 900 });
    await h.signIn(page, 'liuyang');
    await page.goto(`${h.base}/assessment?unit=${MINGTIAN}&period=2026-03&by=person`);
    await page.waitForSelector('[data-testid=assess-table] tbody tr');
    expect(await page.locator('[data-testid=assess-archived]').count()).to.equal(0);
    // the in-app dialog: cancel first, nothing is closed
    await page.click('[data-testid=assess-close]');
    await page.getByRole('button', { name: '取消' }).click();
    expect(await page.locator('[data-testid=assess-archived]').count()).to.equal(0);
    await page.click('[data-testid=assess-close]');
    expect(await page.locator('.dialog, [role=dialog]').first().textContent()).to.include('2026-03');
    await h.shot(page, 'confirm');
    await page.click('[data-testid=confirm-ok]');
    await page.waitForSelector('[data-testid=assess-archived]');
    expect(await page.locator('[data-testid=assess-close]').count()).to.equal(0);
    const wang = page.locator('[data-testid=assess-table] tbody tr', { hasText: '王伟' });
    expect(await wang.textContent()).to.match(/\d+\/\d+/);
    // a correction: the frozen score stays, the adjusted total is shown beside it and listed
    const before = await wang.locator('.assess-score').textContent();
    await wang.click();
    await page.fill('[data-testid=assess-adjust] input[type=number]', '3');
    await page.fill('[data-testid=assess-adjust] input[aria-label=事由]', '复核补记');
    await page.click('[data-testid=assess-adjust] button[type=submit]');
    await page.waitForSelector('[data-testid=assess-adjustments] li');
    expect(await page.locator('[data-testid=assess-adjustments]').textContent())
      .to.include('复核补记')
      .and.include('liuyang');
    expect(await wang.locator('.assess-score').textContent()).to.include(`${before} → `);
    await h.shot(page, 'closed-desktop');
    // the east zone's member hears the published ranking, worded by the UI from its type and params
    const member = await h.newPage({ width: 1280, height: 900 });
    await h.signIn(member, 'sunli');
    await member.click('.bell');
    const notice = member.locator('.notif__title', { hasText: '2026-03 考核结果已发布' });
    await notice.waitFor();
    expect(await notice.textContent()).to.match(/第 \d+\/\d+ 名，[\d.]+ 分/);
    // the closed table at 390 px: nothing but the table scrolls sideways
    const phone = await h.newPage({ width: 390, height: 844 });
    await h.signIn(phone, 'liuyang');
    await phone.goto(`${h.base}/assessment?unit=${MINGTIAN}&period=2026-03&by=unit`);
    await phone.waitForSelector('[data-testid=assess-archived]');
    await phone.waitForLoadState('networkidle');
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).to.be.at.most(390);
    await h.shot(phone, 'closed-phone');
  });

  it('prints the 考核表 on A4 landscape with unit, period and signature lines', async () => {
    const page = await h.newPage({ width: 1280, height: 900 });
    await h.signIn(page, 'liuyang');
    await page.goto(`${h.base}/assessment?unit=${MINGTIAN}&period=2026-03&by=person`);
    await page.waitForSelector('[data-testid=assess-archived]');
    const { pdf, text } = await printed(page, '[data-testid=assess-print]', 'assess-sheet', 'assess-print');
    expect(text).to.include('明天社区考核表').and.include('2026-03').and.include('已归档');
    expect(text).to.include('填表人（签字）').and.include('负责人（签字）').and.include('王伟');
    const [w, hgt] = mediaBox(pdf);
    expect([Math.round(w), Math.round(hgt)]).to.deep.equal([Math.round(A4.h), Math.round(A4.w)]);
  });

  it('prints a case’s 督办单 on A4 portrait with the case number and signature lines', async () => {
    const page = await h.newPage({ width: 1280, height: 900 });
    await h.signIn(page, 'chenmin');
    await page.goto(`${h.base}/cases/${instanceId}`);
    await page.waitForSelector('[data-testid=order-print]');
    const { pdf, text } = await printed(page, '[data-testid=order-print]', 'order-sheet', 'order-print');
    expect(text).to.include('督办单').and.include('请于明日前反馈处置进展').and.include('明天社区第1网格');
    expect(text).to.include('签发人（签字）').and.include('承办单位负责人');
    const caseNo = await h.t.engine.store.collection('instances').findOne({ _id: instanceId });
    expect(text).to.include(String(caseNo?.caseNo ?? 'XF-CLOSE-1'));
    const [w, hgt] = mediaBox(pdf);
    expect([Math.round(w), Math.round(hgt)]).to.deep.equal([Math.round(A4.w), Math.round(A4.h)]);
  });
});
