// Browser test of the 巡查日志 on a 390 px phone with geolocation granted: a grid worker starts a patrol
// with consent, the first position goes up at once, a photo is taken, the patrol is ended through the
// in-app confirmation and shows in the list with its point and photo; the community head sees it in
// theirs. A head records a 例会 and an invited worker signs in from the phone. On the shared harness.
import { expect } from 'chai';
import { DateTime } from 'luxon';
import sharp from 'sharp';
import { browserHarness } from './harness.js';

const PHONE = { width: 390, height: 844 };

describe('巡查日志 on a phone (e2e)', function () {
  this.timeout(120_000);
  const h = browserHarness({ name: 'patrol' });
  before(() => {
    // positions carry the phone's real time: the server's clock is set to it
    h.t.clock.set(Date.now());
  });

  it('a grid worker starts and ends a patrol at 390 px, sending positions and a photo', async () => {
    const page = await h.newPage(PHONE, {
      geolocation: { latitude: 31.1127, longitude: 121.3812, accuracy: 12 },
      permissions: ['geolocation'],
      hasTouch: true,
      isMobile: true,
    });
    await h.signIn(page, 'wangwei');
    await page.goto(`${h.base}/patrol`);
    await page.waitForSelector('[data-testid=patrol-start]');
    expect(await page.isChecked('[data-testid=patrol-consent]')).to.equal(true);
    await h.shot(page, 'start');
    await page.click('[data-testid=patrol-start]');
    await page.waitForSelector('[data-testid=patrol-running]');
    // the first position is sent at once
    await page.waitForFunction(() =>
      /已上传 [1-9]\d* 个位置点/.test(
        document.querySelector('[data-testid=patrol-track]')?.textContent ?? '',
      ),
    );
    const photo = await sharp({ create: { width: 80, height: 60, channels: 3, background: '#48c' } })
      .jpeg()
      .toBuffer();
    await page.setInputFiles('.patrol-actions input[type=file]', {
      name: 'scene.jpg',
      mimeType: 'image/jpeg',
      buffer: photo,
    });
    await page.waitForSelector('text=照片已保存');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).to.be.at.most(390);
    await h.shot(page, 'running');

    const token = await h.apiToken('wangwei');
    const current = (await (
      await fetch(`${h.base}/api/patrols/current`, { headers: { Authorization: `Bearer ${token}` } })
    ).json()) as { patrol: { id: string; pointCount: number; photos: string[]; consent: boolean } };
    expect(current.patrol).to.include({ consent: true });
    expect(current.patrol.pointCount).to.be.at.least(1);
    expect(current.patrol.photos).to.have.length(1);

    // a patrol's time counts within its day (engine/patrol/patrols.ts end): a run that starts within 65 minutes
    // of midnight in Shanghai (the server's clock follows the real time) counts only up to midnight
    const startedAt = h.t.clock.now();
    const midnight = DateTime.fromMillis(startedAt, { zone: 'Asia/Shanghai' })
      .plus({ days: 1 })
      .startOf('day');
    const countedMs = Math.min(65 * 60_000, midnight.toMillis() - startedAt);
    h.t.clock.advance(65 * 60_000);
    await page.fill('.patrol-running textarea', '沿河巡查，无异常');
    await page.click('[data-testid=patrol-end]');
    await page.click('[data-testid=confirm-ok]');
    await page.waitForSelector('[data-testid=patrol-start]');
    const item = page.locator('[data-testid=patrol-list] li').first();
    await item.waitFor();
    const text = (await item.textContent()) ?? '';
    expect(text).to.include('wangwei').and.include('沿河巡查，无异常').and.include('1 张照片');
    if (countedMs >= 60 * 60_000) expect(text).to.match(/1小时5分/);
    else
      expect(text)
        .to.match(/ · \d+(分钟|秒) · /)
        .and.not.match(/小时/);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).to.be.at.most(390);
    await h.shot(page, 'ended');

    // the community head sees it among the patrols of the community
    const head = await h.newPage(PHONE);
    await h.signIn(head, 'chenmin');
    await head.goto(`${h.base}/patrol`);
    await head.locator('[data-testid=patrol-list] li', { hasText: 'wangwei' }).waitFor();
    await h.shot(head, 'head-list');
  });

  it('a head records a meeting; an invited worker signs in from the phone', async () => {
    const head = await h.newPage({ width: 1280, height: 900 });
    await h.signIn(head, 'chenmin');
    await head.goto(`${h.base}/meetings`);
    await head.fill('.meeting-form input:not([type])', '周例会：防汛部署');
    await head.locator('.meeting-attendees label', { hasText: '王伟' }).locator('input').check();
    await head.click('.meeting-form button[type=submit]');
    await head.locator('[data-testid=meeting-list] li', { hasText: '防汛部署' }).waitFor();
    expect(await head.locator('[data-testid=meeting-list] li').first().textContent()).to.include('签到 0/1');
    await h.shot(head, 'meeting-head');

    const phone = await h.newPage(PHONE);
    await h.signIn(phone, 'wangwei');
    await phone.goto(`${h.base}/meetings`);
    await phone.click('[data-testid=meeting-sign-in]');
    await phone.locator('[data-testid=meeting-invitations] .tag', { hasText: '已签到' }).waitFor();
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).to.be.at.most(390);
    await h.shot(phone, 'meeting-signed');
    await head.reload();
    await head.locator('[data-testid=meeting-list] li', { hasText: '签到 1/1' }).waitFor();
  });
});
