// Browser end-to-end test of attachments (issue 13 item 4), at a phone viewport (390×844) and on a desktop:
// a grid worker starts a fire report with a photo from the file chooser in the report dialog; the photo is
// uploaded once the case exists and the first step (隐患登记上报, reportHazard) opens with it in its photo
// field; the worker completes it, then the on-site step with an "after" photo; the 整改复查 reviewer sees the
// photo's thumbnail in the case file, the before/after pair side by side, and opens the photo full size.
// On the shared harness (./harness.ts); screenshots in test-output/attachments-*.png.
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import type { InstanceState } from '../../engine/runtime/types.js';
import { browserHarness } from './harness.js';

/** A 640×480 photo taken on its side (EXIF orientation 6), with a time and a place. */
const photo = (colour: string) =>
  sharp({ create: { width: 640, height: 480, channels: 3, background: colour } })
    .withExif({
      IFD2: { DateTimeOriginal: '2026:03:02 08:40:00' },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '27/1 43/1 5243/100',
        GPSLongitudeRef: 'E',
        GPSLongitude: '111/1 59/1 3955/100',
      },
    })
    .withMetadata({ orientation: 6 })
    .jpeg()
    .toBuffer();

describe('attachments in a browser (e2e)', function () {
  this.timeout(180_000);
  const h = browserHarness({ name: 'attachments' });

  const openTask = (s: InstanceState, nodeId: string) =>
    Object.values(s.tasks).find((x) => x.nodeId === nodeId && x.status === 'open');

  /** Elements reaching past the right edge of the viewport. */
  const wideElements = (page: Page) =>
    page.evaluate(() =>
      document.documentElement.scrollWidth <= document.documentElement.clientWidth
        ? []
        : [...document.querySelectorAll('body *')]
            .filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
            .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}`)
            .slice(0, 8),
    );

  for (const [name, viewport] of [
    ['390', { width: 390, height: 844 }],
    ['desktop', { width: 1400, height: 900 }],
  ] as const) {
    it(`a fire report with a photo, seen by the reviewer in the case file and opened full size (${name})`, async () => {
      const { t } = h;
      const before = await photo('#b33');
      const after = await photo('#3a3');

      // 1. the grid worker reports, picking the photo in the report dialog
      const page = await h.newPage(viewport);
      await h.signIn(page, 'wangwei');
      await page.waitForURL(/\/inbox/);
      await page.click('button:has-text("发起案件")');
      await page.selectOption('#start-process', 'fire_hazard');
      await page.locator('#start-location').waitFor();
      await page.fill('#start-location', '莘亭街道明天路88号');
      await page.fill('#start-venueName', `明天便民超市（${name}）`);
      await page.selectOption('#start-venueType', { label: '居民住宅小区' });
      await page.check('[data-field=hazardTypes] label:has-text("电气线路私拉乱接") input');
      await page.check('[data-field=severity] label:has-text("一般隐患") input');
      await page.fill('#start-description', '楼道内电线私拉乱接为电动车充电');
      await page.fill('#start-contactPhone', '13800138000');
      await page.setInputFiles('#start-photos', { name: '现场.jpg', mimeType: 'image/jpeg', buffer: before });
      // shown at once from the device, uploaded once the case exists
      await page.locator('[data-photo-field=photos] [data-pending="现场.jpg"] img').waitFor();
      await h.shot(page, `1-report-dialog-${name}`);
      await page.click('.dialog button:has-text("发起")');

      // 2. the first step opens claimed, its photo field holding the uploaded photo
      await page.waitForURL(/\/inbox\?task=/);
      const panel = page.locator('[data-testid=task-panel]');
      await panel.locator('[data-action=unclaim]').waitFor();
      const reportTaskId = decodeURIComponent(new URL(page.url()).searchParams.get('task')!);
      const reportTask = (await t.engine.getTask(reportTaskId))!;
      const caseId = reportTask.instanceId;
      const thumb = panel.locator('.task-panel__form [data-field=photos] [data-attachment] img');
      await thumb.waitFor();
      const [uploaded] = await t.engine.attachments.ofCase(caseId);
      expect(uploaded).to.include({
        name: '现场.jpg',
        taskId: reportTaskId,
        field: 'photos',
        size: before.length,
      });
      expect(uploaded.takenAt).to.equal(Date.parse('2026-03-02T00:40:00Z'));
      expect(uploaded.location!.lat).to.be.closeTo(27.731231, 1e-5);
      await page.locator('.task-panel__form').scrollIntoViewIfNeeded();
      await h.shot(page, `2-first-step-photo-${name}`);
      await page.click('button:has-text("提交办结")');
      await page.waitForSelector('.toast--success:has-text("任务已办结")');
      let s = await t.engine.waitForIdle(caseId);
      expect((await t.engine.getTask(reportTaskId))!.data!.photos).to.deep.equal([uploaded._id]);

      // 3. the on-site step: the photo after the rectification, from the task form's file chooser
      const urge = openTask(s, 'urgeNormal')!;
      await page.goto(`${h.base}/inbox?task=${encodeURIComponent(urge.id)}`);
      await panel.locator('[data-action=claim]').click();
      await panel.locator('[data-action=unclaim]').waitFor();
      await page.check('[data-field=onSpotResult] label:has-text("已当场整改") input');
      await page.fill('#task-measures', '督促业主拆除私拉电线，改用集中充电桩');
      // the step's photo field starts empty: the report's photo is not the one after the rectification
      expect(await panel.locator('.task-panel__form [data-field=photos] [data-attachment]').count()).to.equal(
        0,
      );
      await page.setInputFiles('#task-photos', { name: '整改后.jpg', mimeType: 'image/jpeg', buffer: after });
      await panel.locator('.task-panel__form [data-field=photos] [data-attachment] img').waitFor();
      await page.click('button:has-text("提交办结")');
      await page.waitForSelector('.toast--success:has-text("任务已办结")');
      s = await t.engine.waitForIdle(caseId);
      const afterPhoto = (await t.engine.attachments.ofCase(caseId)).find((x) => x.taskId === urge.id)!;
      expect((await t.engine.getTask(urge.id))!.data!.photos).to.deep.equal([afterPhoto._id]);
      const recheck = openTask(s, 'recheckOnSpot')!;
      expect(recheck, 'the case waits for the recheck').to.not.equal(undefined);
      await page.close();

      // 4. the 整改复查 reviewer: the photo in the case file, before and after side by side, full size
      const rev = await h.newPage(viewport);
      await h.signIn(rev, 'sunli');
      await rev.goto(`${h.base}/inbox?task=${encodeURIComponent(recheck.id)}`);
      const file = rev.locator('[data-testid=task-case-file] [data-testid=case-file]');
      const reportThumb = file.locator(
        `[data-part=report] [data-field=photos] [data-attachment="${uploaded._id}"] img`,
      );
      await reportThumb.waitFor();
      // a real thumbnail: upright (the photo was taken on its side), 320 px at most
      const natural = await reportThumb.evaluate((img: HTMLImageElement) => [
        img.naturalWidth,
        img.naturalHeight,
      ]);
      expect(natural).to.deep.equal([240, 320]);
      // one pair: the report's photo beside the one after the rectification
      expect(await file.locator('[data-part=before-after] [data-pair]').count()).to.equal(1);
      const pair = file.locator('[data-part=before-after] [data-pair="0"]');
      await pair.locator(`[data-stage=before] [data-attachment="${uploaded._id}"] img`).waitFor();
      await pair.locator(`[data-stage=after] [data-attachment="${afterPhoto._id}"] img`).waitFor();
      const [b, a] = [
        await pair.locator('[data-stage=before]').boundingBox(),
        await pair.locator('[data-stage=after]').boundingBox(),
      ];
      expect(Math.abs(b!.y - a!.y), 'before and after on one row').to.be.lessThan(2);
      expect(a!.x, 'after to the right of before').to.be.greaterThan(b!.x + b!.width - 1);
      expect(await wideElements(rev), 'elements wider than the screen').to.deep.equal([]);
      await reportThumb.scrollIntoViewIfNeeded();
      await h.shot(rev, `3-reviewer-case-file-${name}`);
      await pair.scrollIntoViewIfNeeded();
      await h.shot(rev, `4-before-after-${name}`);

      await reportThumb.click();
      const viewer = rev.locator('[data-testid=attachment-viewer]');
      const full = viewer.locator('img.att-viewer__img');
      await full.waitFor();
      await rev.waitForFunction(() => {
        const img = document.querySelector<HTMLImageElement>('img.att-viewer__img');
        return !!img && img.complete && img.naturalWidth > 0;
      });
      // the original (640×480, taken on its side), which the browser turns upright by its EXIF
      const size = await full.evaluate((img: HTMLImageElement) => [img.naturalWidth, img.naturalHeight]);
      expect(size).to.deep.equal([480, 640]);
      expect(await viewer.textContent()).to.contain('拍摄于');
      await h.shot(rev, `5-full-size-${name}`);
      await rev.locator('.dialog button[aria-label="关闭"]').click();

      // on the case page the reviewer adds a scanned notice (a PDF) to the case itself
      await rev.goto(`${h.base}/cases/${encodeURIComponent(caseId)}`);
      const list = rev.locator('[data-testid=case-file-card] [data-part=attachments]');
      await list.locator('li').nth(1).waitFor();
      const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
      await rev.setInputFiles('[data-testid=case-file-card] [data-testid=case-attachment-input]', {
        name: '整改通知书.pdf',
        mimeType: 'application/pdf',
        buffer: pdf,
      });
      await list.locator('li:has-text("整改通知书.pdf")').waitFor();
      const added = (await t.engine.attachments.ofCase(caseId)).find((x) => x.name === '整改通知书.pdf')!;
      expect(added).to.include({ uploader: 'sunli', contentType: 'application/pdf', kind: 'pdf' });
      expect(added.taskId).to.equal(undefined);
      await list.scrollIntoViewIfNeeded();
      expect(await wideElements(rev), 'elements wider than the screen').to.deep.equal([]);
      await h.shot(rev, `6-case-page-attachments-${name}`);
      await rev.close();

      // a worker of another grid gets nothing of it
      const other = await h.apiToken('lina');
      for (const path of [`/api/attachments/${uploaded._id}`, `/api/attachments/${uploaded._id}/thumbnail`]) {
        const res = await fetch(`${h.base}${path}`, { headers: { Authorization: `Bearer ${other}` } });
        expect(res.status, path).to.equal(404);
      }
    });
  }

  it('an offline report keeps its photo on the device and uploads it with the report when back online (390)', async () => {
    const { t } = h;
    const page = await h.newPage({ width: 390, height: 844 });
    const ctx = page.context();
    await h.signIn(page, 'wangwei');
    await page.waitForURL(/\/inbox/);
    // online once, with the service worker in control: the report form is kept for offline use
    await page.waitForFunction(() => !!navigator.serviceWorker?.controller, undefined, { timeout: 15_000 });
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
    await page.fill('#start-bk', 'XF-OFFLINE-PHOTO');
    await page.fill('#start-location', '明天路12号楼道');
    await page.fill('#start-description', '楼道堆放大量纸箱，堵塞疏散通道');
    const jpeg = await photo('#a5a');
    await page.setInputFiles('#start-photos', { name: '离线.jpg', mimeType: 'image/jpeg', buffer: jpeg });
    await page.locator('[data-photo-field=photos] [data-pending="离线.jpg"]').waitFor();
    await page.click('.dialog button:has-text("发起")');
    await page.locator('[data-testid=drafts]').waitFor();
    const stored = await page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          const req = indexedDB.open('grid-report-drafts');
          req.onsuccess = () => {
            const all = req.result.transaction('photos').objectStore('photos').getAll();
            all.onsuccess = () => resolve((all.result as unknown[][]).flat().length);
          };
        }),
    );
    expect(stored, 'photos kept in IndexedDB').to.equal(1);
    await h.shot(page, 'offline-draft-390');

    // back online: the report opens its case, the photo goes up for its first step, the draft is gone
    await ctx.setOffline(false);
    await page.locator('.toast--success:has-text("离线报告已发送")').waitFor();
    const [s] = await t.engine.store
      .collection<InstanceState>('instances')
      .find({ businessKey: 'XF-OFFLINE-PHOTO' });
    const first = Object.values(s.tasks).find((x) => x.nodeId === 'reportHazard')!;
    const atts = await t.engine.attachments.ofCase(s._id);
    expect(atts.map((a) => [a.name, a.size, a.taskId, a.field])).to.deep.equal([
      ['离线.jpg', jpeg.length, first.id, 'photos'],
    ]);
    // the first step's form opens with it
    await page.goto(`${h.base}/inbox?task=${encodeURIComponent(first.id)}`);
    await page
      .locator(`.task-panel__form [data-field=photos] [data-attachment="${atts[0]._id}"] img`)
      .waitFor();
    await h.shot(page, 'offline-sent-first-step-390');
    // sending again changes nothing
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    await page.waitForTimeout(300);
    expect(await t.engine.attachments.ofCase(s._id)).to.have.length(1);
  });
});
