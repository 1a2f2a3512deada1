// Browser end-to-end test of the migrations page (issue 17 item 4) on a 390 px phone: an admin picks a
// process and its two versions, sees the default mapping, a dry run refuses the renamed task left unmapped
// (the element named), maps it, dry-runs again, runs the migration and watches it complete; the page never
// scrolls sideways and speaks English on demand. On the shared harness (./harness.ts).
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { GRID1 } from '../helpers/engine.js';
import { processXml, flow } from '../engine/fixtures.js';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { PROCESSES_DIR } from '../../engine/engine.js';
import { browserHarness } from './harness.js';

const PHONE = { width: 390, height: 844 };

const task = (id: string, name: string) =>
  `<bpmn:userTask id="${id}" name="${name}" grid:level="grid" grid:candidateRoles="handler"/>`;
const V1 = processXml(
  'e2emig',
  `<bpmn:startEvent id="s"/>${flow('f0', 's', 'accept')}${task('accept', '受理')}
   ${flow('f1', 'accept', 'e')}<bpmn:endEvent id="e"/>`,
  '',
  '迁移演示',
);
const V2 = processXml(
  'e2emig',
  `<bpmn:startEvent id="s"/>${flow('f0', 's', 'intake')}${task('intake', '受理登记')}
   ${flow('f1', 'intake', 'check')}${task('check', '核查')}${flow('f2', 'check', 'e')}<bpmn:endEvent id="e"/>`,
  '',
  '迁移演示',
);

describe('migrations page in a browser (e2e)', function () {
  this.timeout(120_000);

  const h = browserHarness({ name: 'migrations' });
  const { signIn, shot } = h;
  const fits = (page: Page) =>
    page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);

  it('(a) maps the renamed task, dry-runs, runs and shows the progress at 390 px; English on demand', async () => {
    const engine = h.t.engine;
    await engine.deploy(V1, 'admin');
    const ids: string[] = [];
    for (let i = 0; i < 2; i++) ids.push((await engine.start('e2emig', { gridUnit: GRID1 }, 'admin'))._id);
    await engine.deploy(V2, 'admin');

    const page = await h.newPage(PHONE);
    await signIn(page, 'admin');
    await page.goto(`${h.base}/admin/migrations`);
    await page.selectOption('[data-testid=migration-process]', 'e2emig');
    await page.selectOption('[data-testid=migration-from]', '1');
    await page.selectOption('[data-testid=migration-to]', '2');
    await page.click('[data-testid=migration-load]');
    await page.waitForSelector('[data-testid=migration-mapping] [data-element=accept]');
    // identical ids are the default; the renamed task is unmapped
    expect(await page.inputValue('[data-element=s] select')).to.equal('s');
    expect(await page.inputValue('[data-element=accept] select')).to.equal('');
    expect(await fits(page)).to.equal(true);

    await page.click('[data-testid=migration-dry-run]');
    await page.waitForSelector('[data-testid=migration-problems]');
    expect(await page.textContent('[data-testid=migration-problems]')).to.contain('accept');
    expect(await page.textContent('[data-testid=migration-dry]')).to.contain('拒绝 2 件');
    await shot(page, 'a-refused');

    await page.selectOption('[data-element=accept] select', 'intake');
    await page.click('[data-testid=migration-dry-run]');
    await page.waitForSelector('[data-testid=migration-dry]');
    expect(await page.textContent('[data-testid=migration-dry]')).to.contain('可迁移 2 件');
    expect(await page.textContent('[data-testid=migration-dry]')).to.contain('受理登记（intake）');
    expect(await fits(page)).to.equal(true);

    await page.click('[data-testid=migration-run]');
    await page.click('[data-testid=confirm-ok]');
    await page.waitForSelector('[data-testid=migration-progress][data-status=completed]');
    expect(await page.textContent('[data-testid=migration-progress]')).to.contain('2/2');
    expect(await fits(page)).to.equal(true);
    await shot(page, 'a-done');
    for (const id of ids) expect((await engine.cases.instance(id))!.definitionVersion).to.equal(2);

    await page.click('.lang-toggle');
    await page.waitForSelector('h1:has-text("Move open cases to another version")');
    expect(await page.textContent('[data-testid=migration-progress]')).to.contain('completed');
  });

  it('(b) offers the shipped plan of a bundled process pre-filled, with its notes, when the versions fit', async () => {
    const engine = h.t.engine;
    const shipped = await engine.deploy(
      await readFile(path.resolve('test/fixtures/shipped-processes/fire-hazard.bpmn'), 'utf8'),
      'system',
    );
    const id = (await engine.start('fire_hazard', { gridUnit: GRID1 }, 'admin'))._id;
    const current = await engine.deploy(
      await readFile(path.join(PROCESSES_DIR, 'fire-hazard.bpmn'), 'utf8'),
      'system',
    );
    expect(current.version).to.be.above(shipped.version);

    const page = await h.newPage(PHONE);
    await signIn(page, 'admin');
    await page.goto(`${h.base}/admin/migrations`);
    await page.selectOption('[data-testid=migration-process]', 'fire_hazard');
    await page.selectOption('[data-testid=migration-from]', String(shipped.version));
    await page.selectOption('[data-testid=migration-to]', String(current.version));
    await page.click('[data-testid=migration-load]');
    await page.waitForSelector('[data-testid=migration-shipped]');
    expect(await page.textContent('[data-testid=migration-shipped]')).to.contain(
      'processes/migrations/fire_hazard.json',
    );
    // the timer wait enters the rectification step anew, and says why
    expect(await page.inputValue('[data-element=waitDeadline] select')).to.equal('rectifyWatch');
    expect(await page.isChecked('[data-element=waitDeadline] .migrations__enter input')).to.equal(true);
    expect(await page.textContent('[data-note=waitDeadline]')).to.contain('消防法第五十四条');
    expect(await fits(page)).to.equal(true);
    await page.click('[data-testid=migration-dry-run]');
    await page.waitForSelector('[data-testid=migration-dry]');
    expect(await page.textContent('[data-testid=migration-dry]')).to.contain('可迁移 1 件');
    await shot(page, 'b-shipped');
    expect((await engine.cases.instance(id))!.definitionVersion).to.equal(shipped.version);

    // another pair of versions gets the defaults, no shipped plan
    await page.selectOption('[data-testid=migration-from]', String(current.version));
    await page.selectOption('[data-testid=migration-to]', String(shipped.version));
    await page.click('[data-testid=migration-load]');
    await page.waitForSelector('[data-testid=migration-mapping] [data-element=reportHazard]');
    expect(await page.locator('[data-testid=migration-shipped]').count()).to.equal(0);
  });
});
