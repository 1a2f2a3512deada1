// Browser test of 回访 (issue 15 item 7) at phone width: a case from a 12345 call closes, the reporter is
// answered by SMS (the recording gateway), the case waits in the operator's 回访 queue; the operator opens
// it at 390 px, records 不满意 with the reason and reopens it — a new round under the same case number —
// and the dashboard shows 反馈率 and 满意率. On the shared harness (./harness.ts).
import { expect } from 'chai';
import { GRID1 } from '../helpers/engine.js';
import { browserHarness } from './harness.js';
import { flow, processXml } from '../api/fixtures.js';

/** a handler's task, then the reply step the bundled processes end with (a short stand-in for them) */
const REPLY_FLOW = processXml(
  'xreply_e2e',
  `<bpmn:startEvent id="s"/>${flow('f0', 's', 'work')}
   <bpmn:userTask id="work" name="处置" grid:level="grid" grid:candidateRoles="handler" grid:sla="P3D" grid:calendar="workday"/>
   ${flow('f1', 'work', 'reply')}
   <bpmn:serviceTask id="reply" name="答复反馈人" grid:workerType="citizen-reply"/>
   ${flow('f2', 'reply', 'e')}<bpmn:endEvent id="e"/>`,
  '',
  '回访测试',
);

describe('回访 in a browser (e2e)', function () {
  this.timeout(120_000);
  const h = browserHarness({ name: 'visits' });

  it('the operator records 不满意 at 390 px and reopens the case; the dashboard shows 反馈率 and 满意率', async () => {
    const { engine } = h.t;
    await engine.deploy(REPLY_FLOW);
    // the fire category starts the stand-in process here
    engine.config.intakeProcesses.fire = 'xreply_e2e';
    const api = async (user: string, path: string, body?: unknown) => {
      const res = await fetch(`${h.base}${path}`, {
        method: body ? 'POST' : 'GET',
        headers: {
          Authorization: `Bearer ${await h.apiToken(user)}`,
          ...(body ? { 'Content-Type': 'application/json' } : {}),
        },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      return { status: res.status, body: (await res.json()) as any };
    };
    const reg = await api('sunqing', '/api/intake', {
      channel: '12345',
      reporter: { name: '张三丰', phone: '13812341234' },
      category: 'fire',
      description: '楼道堆放杂物堵塞消防通道',
      location: { lat: 27.72, lng: 111.969, address: '明天路12号' },
    });
    expect(reg.status, JSON.stringify(reg.body)).to.equal(201);
    const id = reg.body.instanceId as string;
    await engine.waitForIdle(id);
    const task = (await engine.openTasksOfCase(id))[0]!;
    expect((await api('wangwei', `/api/tasks/${task._id}/complete`, { data: {} })).status).to.equal(200);
    for (let i = 0; i < 200 && (await engine.waitForIdle(id)).status !== 'completed'; i++)
      await new Promise((r) => setTimeout(r, 25));
    const caseNo = (await engine.cases.instance(id))!.caseNo!;

    const page = await h.newPage({ width: 390, height: 844 });
    await h.signIn(page, 'sunqing');
    await page.goto(`${h.base}/visits`);
    const item = page.locator('.visits-list__item', { hasText: caseNo });
    await item.waitFor();
    await h.shot(page, 'queue-390');
    await item.click();
    await page.waitForURL(new RegExp(`/cases/${id}$`));
    const panel = page.locator('[data-testid=case-visit]');
    await panel.locator('[data-testid=visit-form]').waitFor();
    // the reply went out, masked
    await page.waitForFunction(() =>
      document.querySelector('[data-testid=case-replies]')?.textContent?.includes('已反馈'),
    );
    expect(await panel.textContent())
      .to.include('138****1234')
      .and.not.include('13812341234');
    await page.click('[data-testid=visit-dissatisfied]');
    await page.check('[data-testid=visit-reopen]');
    expect(await page.isDisabled('[data-testid=visit-submit]'), 'a reopen needs the reason').to.equal(true);
    await page.fill('[data-testid=visit-note]', '杂物仍未清理');
    await panel.scrollIntoViewIfNeeded();
    await h.shot(page, 'form-390');
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width, 'no sideways scroll').to.be.at.most(390);
    await page.click('[data-testid=visit-submit]');
    await page.locator('[data-testid=visit-done]').waitFor();
    expect(await page.locator('[data-testid=visit-done]').textContent()).to.include('不满意');
    await h.shot(page, 'done-390');
    // the new round: same case number, back in 第1网格
    const next = `${id}r2`;
    const round2 = await engine.waitForIdle(next);
    expect(round2).to.include({ caseNo, gridUnit: GRID1, status: 'active' });
    await page.click('[data-testid=visit-done] a');
    await page.waitForURL(new RegExp(`/cases/${next}$`));
    await page.locator('[data-testid=case-visit]').waitFor();
    expect(await page.locator('[data-testid=case-visit]').textContent()).to.include('第 2 轮办理');

    // the supervisor's dashboard: 反馈率 100 %, 满意率 0 % (one 回访, 不满意); its period ends now, and
    // everything above happened at the engine clock's instant
    h.t.clock.advance(60_000);
    const desk = await h.newPage();
    await h.signIn(desk, 'chenmin');
    await desk.goto(`${h.base}/dashboard`);
    const reply = desk.locator('[data-testid=kpi-reply-rate] .kpi__value');
    await reply.waitFor();
    await desk.waitForFunction(
      () => document.querySelector('[data-testid=kpi-reply-rate] .kpi__value')?.textContent !== '—',
    );
    expect(await reply.textContent()).to.match(/100/);
    expect(await desk.locator('[data-testid=kpi-satisfaction-rate] .kpi__value').textContent()).to.match(
      /^0/,
    );
    await h.shot(desk, 'dashboard');
  });
});
