// Browser end-to-end test of the decision tables page (issue 17 item 3): an admin opens the bundled
// fire_dept_route in dmn-js and evaluates it in the test panel; creates a table, adds a rule in the editor,
// deploys it and evaluates it; a refused deploy lists the problem with the rule; an older version opens and is
// tested; at 390 px the table scrolls sideways inside its card, not the page, and the page speaks English on
// demand. On the shared harness (./harness.ts).
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { browserHarness } from './harness.js';

const PHONE = { width: 390, height: 844 };

describe('decision tables in a browser (e2e)', function () {
  this.timeout(120_000);

  const h = browserHarness({ name: 'decisions' });
  const { signIn, shot } = h;

  const fits = (page: Page) =>
    page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);

  const openPage = async (page: Page) => {
    await signIn(page, 'admin');
    await page.goto(`${h.base}/admin/decisions`);
    await page.waitForSelector('[data-testid=decision-table] [data-key=fire_dept_route]');
  };

  const evaluate = async (page: Page, variables: unknown) => {
    await page.fill('[data-testid=decision-vars]', JSON.stringify(variables));
    await page.click('[data-testid=decision-evaluate]');
  };

  it('(a) opens the bundled fire_dept_route in the editor and evaluates it with JSON variables', async () => {
    const page = await h.newPage();
    await openPage(page);
    await page.click('[data-key=fire_dept_route] [data-testid=decision-open]');
    // the decision table view of dmn-js, with its seven rules
    await page.waitForSelector('[data-testid=dmn-editor] .tjs-table');
    expect(await page.locator('[data-testid=dmn-editor] tbody tr').count()).to.equal(7);
    expect(await page.textContent('[data-testid=dmn-editor] .hit-policy')).to.contain('Collect');
    // dmn-js's own labels in the UI language
    expect(await page.textContent('[data-testid=dmn-editor] thead')).to.contain('当');
    // the test panel starts from the variables the inputs read
    expect(JSON.parse(await page.inputValue('[data-testid=decision-vars]'))).to.deep.equal({
      venueType: null,
    });
    await evaluate(page, { venueType: 'crowded_place', hazardTypes: ['hydrant_damaged'] });
    await page.waitForSelector('[data-testid=decision-result]');
    // 人员密集场所 → 消防救援机构 (消防法 art. 53), a broken hydrant also → 城管
    expect(await page.textContent('[data-testid=decision-result]')).to.contain('["fire","urban"]');
    await shot(page, 'a-fire-dept-route');
  });

  it('(b) creates a table, adds a rule in dmn-js, deploys it and tests it; a refused deploy names the rule', async () => {
    const page = await h.newPage();
    await openPage(page);
    await page.click('[data-testid=decision-new]');
    await page.fill('[data-testid=decision-name]', '测试决策');
    await page.fill('[data-testid=decision-key]', 'e2e_route');
    await page.click('[data-testid=decision-create]');
    await page.waitForSelector('[data-testid=dmn-editor] .tjs-table');
    // a rule: input1 = "school" → "education"
    await page.click('[data-testid=dmn-editor] tfoot .add-rule-add button');
    await page.waitForSelector('[data-testid=dmn-editor] tbody tr');
    const cell = (kind: 'input' | 'output') =>
      page.locator(`[data-testid=dmn-editor] tbody tr >> nth=0 >> td.${kind}-cell`);
    await cell('input').click();
    await page.keyboard.type('"school"');
    await cell('output').click();
    await page.keyboard.type('"education"');
    await page.click('[data-testid=decision-bar-title]');
    await page.click('[data-testid=decision-deploy]');
    await page.waitForSelector('.toast--success:has-text("e2e_route v1")');
    const stored = await h.t.engine.decisions.get('e2e_route');
    expect(stored).to.include({ version: 1, deployedBy: 'admin', name: '测试决策' });
    await page.waitForSelector('[data-testid=decision-test]');
    await evaluate(page, { input1: 'school' });
    await page.waitForSelector('[data-testid=decision-result]');
    expect(await page.textContent('[data-testid=decision-result]')).to.contain('"education"');
    // a second rule whose input entry is not FEEL: refused, the problem names rule 2, nothing stored
    await page.click('[data-testid=dmn-editor] tfoot .add-rule-add button');
    const second = (kind: 'input' | 'output') =>
      page.locator(`[data-testid=dmn-editor] tbody tr >> nth=1 >> td.${kind}-cell`);
    await second('input').click();
    await page.keyboard.type('"school" "x"');
    await second('output').click();
    await page.keyboard.type('"police"');
    await page.click('[data-testid=decision-bar-title]');
    await page.click('[data-testid=decision-deploy]');
    await page.waitForSelector('[data-testid=decision-problems]');
    const problems = await page.textContent('[data-testid=decision-problems]');
    expect(problems).to.contain('第 2 条规则的输入条件“"school" "x"”不是有效的 FEEL 一元测试');
    expect((await h.t.engine.decisions.versionHistory('e2e_route')).length).to.equal(1);
    await shot(page, 'b-refused');
  });

  it('(c) an older version opens from the version list, and the test panel evaluates that version', async () => {
    // v2 of e2e_route (from (b)) deployed beside the browser: "school" → "school_safety"
    const v1 = await h.t.engine.decisions.get('e2e_route', 1);
    await h.t.engine.decisions.deploy(
      v1!.xml.replace('"education"', '"school_safety"'),
      'admin',
      h.t.clock.now(),
    );
    const page = await h.newPage();
    await openPage(page);
    await page.click('[data-key=e2e_route] [data-testid=decision-open]');
    await page.waitForSelector('[data-testid=decision-version]');
    expect(await page.inputValue('[data-testid=decision-version]')).to.equal('2');
    await evaluate(page, { input1: 'school' });
    await page.waitForSelector('[data-testid=decision-result]:has-text("school_safety")');
    await page.selectOption('[data-testid=decision-version]', '1');
    await page.waitForSelector('[data-testid=dmn-editor] tbody :text("\\"education\\"")');
    await evaluate(page, { input1: 'school' });
    await page.waitForSelector('[data-testid=decision-result]:has-text("education")');
    expect(await page.textContent('[data-testid=decision-result]')).to.contain('v1');
  });

  it('(d) at 390 px the page fits and the table scrolls inside its card', async () => {
    const page = await h.newPage(PHONE);
    await openPage(page);
    await page.click('[data-key=fire_dept_route] [data-testid=decision-open]');
    await page.waitForSelector('[data-testid=dmn-editor] .tjs-table');
    expect(await fits(page)).to.equal(true);
    const canvas = page.locator('[data-testid=dmn-editor]');
    expect(await canvas.evaluate((el) => el.scrollWidth > el.clientWidth)).to.equal(true);
    await shot(page, 'd-phone');
    await page.locator('[data-testid=decision-test]').scrollIntoViewIfNeeded();
    await evaluate(page, { venueType: 'school' });
    await page.waitForSelector('[data-testid=decision-result]');
    expect(await page.textContent('[data-testid=decision-result]')).to.contain('["education"]');
    expect(await fits(page)).to.equal(true);
    await shot(page, 'd-phone-test');
    // English on demand
    await page.click('.lang-toggle');
    await page.waitForSelector('h1:has-text("Decision tables (DMN)")');
    expect(await page.textContent('[data-testid=decision-result]')).to.contain('Matched rules');
    await page.waitForSelector('[data-testid=dmn-editor] thead :text("When")');
  });
});
