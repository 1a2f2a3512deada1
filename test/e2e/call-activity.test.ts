// The case page of a call activity's cases in a browser (engine/elements/call-activity.ts): the parent
// links to the case it called, the child links back to its parent, and an incident of the child shows on
// the parent's page. On the shared harness.
import { expect } from 'chai';
import { GRID1 } from '../helpers/engine.js';
import { flow, processXml } from '../api/fixtures.js';
import { browserHarness } from './harness.js';

const CHILD = processXml(
  'e2echild',
  `<bpmn:startEvent id="s"/>${flow('f0', 's', 'gw')}
   <bpmn:exclusiveGateway id="gw"/>${flow('fg', 'gw', 'inspect', '=kind = "fire"')}
   <bpmn:userTask id="inspect" name="现场核查" grid:level="grid" grid:candidateRoles="handler"/>
   ${flow('f1', 'inspect', 'e')}<bpmn:endEvent id="e"/>`,
  '',
  '现场核查',
);
const PARENT = processXml(
  'e2eparent',
  `<bpmn:startEvent id="s"/>${flow('f0', 's', 'call')}
   <bpmn:callActivity id="call" name="转交核查" calledElement="e2echild"/>
   ${flow('f1', 'call', 'e')}<bpmn:endEvent id="e"/>`,
  '',
  '调用核查',
);

describe('call activity: parent and child case pages in a browser (e2e)', function () {
  this.timeout(120_000);
  const h = browserHarness({ name: 'call-activity' });

  it('the parent links to its child and the child back; the child’s incident shows on the parent', async () => {
    const { engine } = h.t;
    await engine.deploy(CHILD);
    await engine.deploy(PARENT);
    const parent = await engine.start('e2eparent', { gridUnit: GRID1 }, 'wangwei');
    let childId: string | undefined;
    for (let i = 0; i < 200 && !childId; i++) {
      const s = await engine.waitForIdle(parent._id);
      const id = s.children?.[0]?.id;
      if (id && (await engine.cases.instance(id))) childId = id;
      else await new Promise((r) => setTimeout(r, 25));
    }
    expect(childId, 'the child case').to.be.a('string');
    // no flow of the child's gateway can be taken (no kind given): an incident in the child
    for (let i = 0; i < 200; i++) {
      const c = await engine.waitForIdle(childId!);
      if (Object.values(c.incidents).length) break;
      await new Promise((r) => setTimeout(r, 25));
    }

    const page = await h.newPage();
    await h.signIn(page, 'admin');
    await page.goto(`${h.base}/cases/${encodeURIComponent(parent._id)}`);
    const called = page.locator('[data-testid=called-case]');
    await called.waitFor();
    expect(await called.textContent()).to.contain('办理中');
    // the child's incident, on the parent's page
    const incidents = page.locator('[data-testid=child-incidents] li');
    await incidents.first().waitFor();
    expect(await incidents.count()).to.equal(1);
    expect(await incidents.first().textContent()).to.contain('gw');
    await h.shot(page, 'parent');
    await called.locator('a').click();
    await page.waitForURL(new RegExp(`/cases/${childId}$`));
    const back = page.locator('[data-testid=called-by]');
    await back.waitFor();
    await h.shot(page, 'child');
    await back.locator('a').click();
    await page.waitForURL(new RegExp(`/cases/${parent._id}$`));
    await page.locator('[data-testid=called-case]').waitFor();
  });
});
