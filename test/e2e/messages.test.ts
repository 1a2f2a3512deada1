// Machine-readable messages in the browser (issue 14 item 6): a notification stored as {type, params} reads
// in the chosen language (Chinese, then English after the toggle), one stored before types existed keeps its
// stored title in both, and an API error is worded from its code (English, never the Chinese sentence).
// On the shared harness (./harness.ts); screenshots at desktop width and 390 px.
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { GRID1 } from '../helpers/engine.js';
import { processXml, flow } from '../api/fixtures.js';
import { browserHarness } from './harness.js';

const TASK = processXml(
  'e2emsgs',
  `<bpmn:startEvent id="s"/>${flow('f0', 's', 'work')}
   <bpmn:userTask id="work" name="清理垃圾" grid:level="grid" grid:candidateRoles="handler"/>
   ${flow('f1', 'work', 'e')}<bpmn:endEvent id="e"/>`,
  '',
  '消息测试',
);

describe('machine-readable messages in the browser (e2e)', function () {
  this.timeout(120_000);
  const h = browserHarness({ name: 'messages' });

  before(async () => {
    await h.t.engine.deploy(TASK);
    const s = await h.t.engine.start('e2emsgs', { gridUnit: GRID1, businessKey: 'MSG-1' }, 'admin');
    await h.t.engine.waitForIdle(s._id);
    // a notification stored before notifications had a type: a Chinese title only
    await h.t.engine.store.collection('notifications').insertManyIgnoreDuplicates([
      {
        _id: 'wangwei|legacy',
        recipient: 'wangwei',
        kind: 'info',
        title: '旧通知：只有中文标题',
        read: false,
        at: 1,
      },
    ]);
  });

  const titles = async (page: Page) =>
    (await page.locator('.drawer .notif__title').allTextContents()).map((s) => s.trim());

  async function openDrawer(page: Page): Promise<void> {
    await page.click('.bell');
    await page.waitForSelector('.drawer .notif__title');
  }

  for (const viewport of [
    { width: 1400, height: 900 },
    { width: 390, height: 844 },
  ]) {
    it(`notification titles follow the language toggle (${viewport.width} px)`, async () => {
      const page = await h.newPage(viewport);
      await h.signIn(page, 'wangwei');
      await openDrawer(page);
      await page.waitForSelector('.drawer .notif__title:text-is("新任务：清理垃圾")');
      expect(await titles(page)).to.include('旧通知：只有中文标题');
      await h.shot(page, `zh-${viewport.width}`);
      await page.click('.drawer .icon-btn');

      await page.click('.lang-toggle');
      await openDrawer(page);
      await page.waitForSelector('.drawer .notif__title:text-is("New task: 清理垃圾")');
      const english = await titles(page);
      expect(english).to.not.include('新任务：清理垃圾');
      // the stored title is all an old notification has
      expect(english).to.include('旧通知：只有中文标题');
      await h.shot(page, `en-${viewport.width}`);
    });
  }

  it('an API error is worded from its code in the chosen language', async () => {
    const page = await h.newPage();
    await h.signIn(page, 'wangwei');
    await page.click('.lang-toggle');
    await page.goto(`${h.base}/cases/no-such-case`);
    // the case page's panels each say why they are empty: all of them in the chosen language
    const hint = page.locator('.state--error .state__hint').first();
    await hint.waitFor();
    expect((await hint.textContent())?.trim()).to.equal('Case not found or out of your reach');
    await page.click('.lang-toggle');
    await page.reload();
    await page.locator('.state--error .state__hint:text-is("案件不存在或无权访问")').first().waitFor();
    const hints = await page.locator('.state--error .state__hint').allTextContents();
    expect(
      hints.every((text) => text.trim() === '案件不存在或无权访问'),
      hints.join(' | '),
    ).to.equal(true);
    await h.shot(page, 'error-zh');
  });
});
