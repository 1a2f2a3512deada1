// Browser tests of 退单, 延期申请 and 挂账 (issue 15 items 4–6) on the shared harness: the police officer
// returns a case from the task panel on a phone, the district dispatcher re-dispatches it; a grid worker asks
// for an extension, the community supervisor approves it on the board at 390 px; the dashboard shows 退单率,
// 延期率 and 挂账数.
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { DISTRICT, GRID2, STREET_XT } from '../helpers/engine.js';
import { flow, processXml } from '../api/fixtures.js';
import { browserHarness } from './harness.js';

const PHONE = { width: 390, height: 844 };

const DEPT = processXml(
  'e2edept',
  `<bpmn:startEvent id="s"/>${flow('f0', 's', 'dept')}
   <bpmn:userTask id="dept" name="部门处置" grid:level="street" grid:candidateRoles="police" grid:sla="P5D" grid:calendar="workday"/>
   ${flow('f1', 'dept', 'e')}<bpmn:endEvent id="e"/>`,
  '',
  '退单演示',
);
const HANDLE = processXml(
  'e2ehandle',
  `<bpmn:startEvent id="s"/>${flow('f0', 's', 'work')}
   <bpmn:userTask id="work" name="处置" grid:level="grid" grid:candidateRoles="handler" grid:sla="P3D" grid:calendar="workday" grid:warnAt="0.8"/>
   ${flow('f1', 'work', 'e')}<bpmn:endEvent id="e"/>`,
  '',
  '延期演示',
);

describe('退单, 延期申请 and 挂账 in a browser (e2e)', function () {
  this.timeout(120_000);
  const h = browserHarness({ name: 'requests' });

  const sideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);
  const openTask = async (instanceId: string) => (await h.t.engine.openTasksOfCase(instanceId))[0];

  it('(a) the police return a case on a phone; the district dispatcher re-dispatches it to 城管', async () => {
    await h.t.engine.deploy(DEPT);
    const s = await h.t.engine.start('e2edept', { gridUnit: GRID2, businessKey: 'TD-1' }, 'lina');
    await h.t.engine.waitForIdle(s._id);
    const task = await openTask(s._id);
    expect(task.unit).to.equal(STREET_XT);

    const page = await h.newPage(PHONE);
    await h.signIn(page, 'xuqiang');
    await page.goto(`${h.base}/inbox?task=${encodeURIComponent(task._id)}`);
    await page.click('[data-action=return]');
    // the reason is required: the dialog says so and stays open
    await page.click('[data-action=request-submit]');
    await page.waitForSelector('.dialog [role=alert]');
    await page.fill('#request-reason', '非人员密集场所，不属派出所职责');
    await h.shot(page, 'a-return-dialog-390');
    await page.click('[data-action=request-submit]');
    // the step has left the police: the panel closes, back to the inbox
    await page.waitForSelector('[data-testid=task-panel]', { state: 'detached' });
    expect((await h.t.engine.getTask(task._id))!.returned).to.include({ unit: STREET_XT, by: 'xuqiang' });
    expect(await sideways(page)).to.be.at.most(PHONE.width);
    await h.shot(page, 'a-returned-390');

    const desk = await h.newPage();
    await h.signIn(desk, 'yangfan');
    await desk.goto(`${h.base}/inbox?task=${encodeURIComponent(task._id)}`);
    await desk.waitForSelector('[data-testid=task-returned]');
    await desk.click('[data-action=dispatch]');
    await desk.selectOption('#dispatch-unit', STREET_XT);
    await desk.selectOption('#dispatch-role', 'urban');
    await h.shot(desk, 'a-dispatch-dialog');
    await desk.click('[data-action=dispatch-submit]');
    await desk.waitForSelector('[data-testid=task-returned]', { state: 'detached' });
    const after = (await h.t.engine.getTask(task._id))!;
    expect(after).to.include({ unit: STREET_XT });
    expect(after.candidateRoles).to.deep.equal(['urban']);
    // the case's history says it in people's words: who returned it, from which unit, why; re-dispatched
    await desk.goto(`${h.base}/cases/${encodeURIComponent(s._id)}`);
    const sent = desk.locator('.timeline__item--task-sent-back');
    await sent.waitFor();
    expect(await sent.locator('.timeline__action').textContent()).to.equal('退单');
    expect(await sent.locator('.timeline__detail').textContent()).to.equal(
      '莘亭街道 · 非人员密集场所，不属派出所职责',
    );
    expect(await desk.locator('.timeline__item--task-redispatched .timeline__action').textContent()).to.equal(
      '重新派遣',
    );
    await h.shot(desk, 'a-case-history');
  });

  it('(b) a grid worker asks for an extension; the supervisor approves it on the board at 390 px', async () => {
    await h.t.engine.deploy(HANDLE);
    const s = await h.t.engine.start('e2ehandle', { gridUnit: GRID2, businessKey: 'YQ-1' }, 'lina');
    await h.t.engine.waitForIdle(s._id);
    const task = await openTask(s._id);
    await h.t.engine.claim(task._id, 'lina');

    const page = await h.newPage(PHONE);
    await h.signIn(page, 'lina');
    await page.goto(`${h.base}/inbox?task=${encodeURIComponent(task._id)}`);
    await page.click('[data-action=extension]');
    await page.fill('#request-reason', '等待房屋安全鉴定结果');
    await page.fill('#request-date', '2026-03-13');
    await h.shot(page, 'b-extension-dialog-390');
    await page.click('[data-action=request-submit]');
    await page.waitForSelector('[data-testid=task-request]');
    expect(await sideways(page)).to.be.at.most(PHONE.width);

    const sup = await h.newPage(PHONE);
    await h.signIn(sup, 'chenmin');
    await sup.goto(`${h.base}/board`);
    await sup.waitForSelector('[data-testid=pending-requests] [data-request=extension]');
    expect(await sideways(sup)).to.be.at.most(PHONE.width);
    await h.shot(sup, 'b-pending-requests-390');
    await sup.fill('[data-testid=pending-requests] input', '同意延期');
    await sup.click('[data-testid=pending-requests] [data-action=approve]');
    await sup.waitForSelector('[data-testid=pending-requests]', { state: 'detached' });
    const after = (await h.t.engine.getTask(task._id))!;
    expect(after.extensions).to.have.length(1);
    expect(after.dueAt).to.equal(Date.parse('2026-03-13T15:59:59.999Z')); // the end of that business day
  });

  it('(c) the dashboard shows 退单率, 延期率 and 挂账数', async () => {
    h.t.clock.advance(60_000); // the period [now − 30 days, now) excludes its end
    const page = await h.newPage();
    await h.signIn(page, 'yangfan');
    await page.goto(`${h.base}/dashboard?unit=${DISTRICT}`);
    await page.waitForSelector('[data-testid=kpi-return-rate]');
    expect((await page.locator('[data-testid=kpi-return-rate] .kpi__label').textContent())?.trim()).to.equal(
      '退单率',
    );
    // one return, no task completed yet: 100 %
    expect((await page.locator('[data-testid=kpi-return-rate] .kpi__value').textContent())?.trim()).to.match(
      /^100(\.0)?%$/,
    );
    expect(
      (await page.locator('[data-testid=kpi-extension-rate] .kpi__label').textContent())?.trim(),
    ).to.equal('延期率');
    expect(
      (await page.locator('[data-testid=kpi-extension-rate] .kpi__sub').textContent())?.trim(),
    ).to.contain('1');
    expect((await page.locator('[data-testid=kpi-backlog] .kpi__value').textContent())?.trim()).to.equal('0');
    await h.shot(page, 'c-dashboard');
    const phone = await h.newPage(PHONE);
    await h.signIn(phone, 'yangfan');
    await phone.goto(`${h.base}/dashboard?unit=${DISTRICT}`);
    await phone.waitForSelector('[data-testid=kpi-backlog]');
    expect(await sideways(phone)).to.be.at.most(PHONE.width);
    await h.shot(phone, 'c-dashboard-390');
  });
});
