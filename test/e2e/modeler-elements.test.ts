// The bpmn-js modeler with the elements of the registry (engine/elements): an admin turns the user task of a
// new diagram into a send task with the replace menu's command, picks its recipients (level and roles) in
// the properties panel and deploys it; the server compiles it as a send task. On the shared harness.
import { expect } from 'chai';
import { browserHarness } from './harness.js';

type Modeler = { get(name: string): any; saveXML(o: object): Promise<{ xml: string }> };

describe('modeler: elements of the registry in a browser (e2e)', function () {
  this.timeout(120_000);
  const h = browserHarness({ name: 'modeler-elements' });

  it('a send task made in the modeler: its recipients set in the panel, deployed', async () => {
    const page = await h.newPage();
    await h.signIn(page, 'admin');
    await page.goto(`${h.base}/modeler`);
    await page.waitForSelector('[data-testid=modeler-status]');
    await page.click('[data-testid=modeler-new]');
    await page.fill('[data-testid=new-name]', '通知流程');
    await page.fill('[data-testid=new-key]', 'notice_e2e');
    await page.click('[data-testid=new-create]');
    await page.waitForSelector('[data-testid=modeler-status]:has-text("已修改")');

    // the replace menu's command: 网格员核查 becomes a send task (bpmn-js copies what the target type allows)
    const replaced = await page.evaluate(() => {
      const m = (window as unknown as { __gridModeler: Modeler }).__gridModeler;
      const task = m.get('elementRegistry').get('Task_check');
      const send = m.get('bpmnReplace').replaceElement(task, { type: 'bpmn:SendTask' });
      return { id: send.id, type: send.type };
    });
    expect(replaced.type).to.equal('bpmn:SendTask');
    await page.waitForSelector(`.djs-element[data-element-id="${replaced.id}"]`);

    // what bpmn-js carried over is what a send task has (grid:SendConfig): the level and roles, no SLA
    const xml = await page.evaluate(
      async () => (await (window as unknown as { __gridModeler: Modeler }).__gridModeler.saveXML({})).xml,
    );
    const sendXml = /<bpmn:sendTask[^>]*>/.exec(xml)?.[0] ?? '';
    expect(sendXml).to.contain('grid:level="grid"').and.not.contain('grid:sla');

    // the panel's 网格 group: the level and the roles the notice goes to
    await page.locator(`.djs-element[data-element-id="${replaced.id}"]`).click();
    if (!(await page.isVisible('#bio-properties-panel-grid-level')))
      await page.locator(`.djs-element[data-element-id="${replaced.id}"]`).click();
    await page.waitForSelector('[data-group-id="group-grid-roles"]');
    await page.selectOption('#bio-properties-panel-grid-level', 'community');
    await page.locator('[data-group-id="group-grid-roles"] label:has-text("(handler)")').click();
    await page.locator('[data-group-id="group-grid-roles"] label:has-text("(supervisor)")').click();
    await h.shot(page, 'send-task-panel');
    await page.click('[data-testid=deploy]');
    await page.waitForSelector('[data-testid=modeler-status]:has-text("notice_e2e 版本 1")');
    const def = await h.t.engine.definitions.compiled('notice_e2e', 1);
    expect(def.nodes[replaced.id]).to.deep.include({ kind: 'sendTask', name: '网格员核查' });
    expect(def.nodes[replaced.id].grid).to.deep.include({
      level: 'community',
      candidateRoles: ['supervisor'],
    });
    await h.shot(page, 'send-task-deployed');
  });

  it('a call activity made in the modeler: called process picked from the deployed ones, version, mappings', async () => {
    const page = await h.newPage();
    await h.signIn(page, 'admin');
    await page.goto(`${h.base}/modeler`);
    await page.waitForSelector('[data-testid=modeler-status]');
    await page.click('[data-testid=modeler-new]');
    await page.fill('[data-testid=new-name]', '调用流程');
    await page.fill('[data-testid=new-key]', 'call_e2e');
    await page.click('[data-testid=new-create]');
    await page.waitForSelector('[data-testid=modeler-status]:has-text("已修改")');
    const replaced = await page.evaluate(() => {
      const m = (window as unknown as { __gridModeler: Modeler }).__gridModeler;
      const task = m.get('elementRegistry').get('Task_check');
      const call = m.get('bpmnReplace').replaceElement(task, { type: 'bpmn:CallActivity' });
      return { id: call.id, type: call.type };
    });
    expect(replaced.type).to.equal('bpmn:CallActivity');
    const shape = page.locator(`.djs-element[data-element-id="${replaced.id}"]`);
    await shape.click();
    if (!(await page.isVisible('#bio-properties-panel-grid-calledElement'))) await shape.click();
    await page.waitForSelector('[data-group-id="group-grid-call"]');
    // the deployed processes are offered by name and key
    const options = await page.$$eval('#bio-properties-panel-grid-calledElement option', (os) =>
      os.map((o) => (o as HTMLOptionElement).value).filter(Boolean),
    );
    expect(options.length).to.be.greaterThan(0);
    const called = options[0];
    await page.selectOption('#bio-properties-panel-grid-calledElement', called);
    await page.selectOption('#bio-properties-panel-grid-calledBinding', 'version');
    await page.fill('#bio-properties-panel-grid-calledVersion', '1');
    await page.fill('#bio-properties-panel-grid-in', '*\nplace = address');
    await page.fill('#bio-properties-panel-grid-out', 'finding = =result');
    await page.locator('#bio-properties-panel-grid-out').press('Tab'); // leaves the text area
    // the panel's inputs reach the diagram debounced (an input's earlier values may land after a later one):
    // deploy once every value has stood in the XML for five reads in a row
    const settled = async () => {
      const { xml } = await page.evaluate(async () =>
        (window as unknown as { __gridModeler: Modeler }).__gridModeler.saveXML({}),
      );
      return /grid:calledVersion="1"/.test(xml) && /target="finding"/.test(xml) && /target="place"/.test(xml);
    };
    for (let stable = 0, reads = 0; stable < 5; reads++) {
      expect(reads, 'the panel values settle in the diagram').to.be.below(100);
      stable = (await settled()) ? stable + 1 : 0;
      await page.waitForTimeout(100);
    }
    await h.shot(page, 'call-activity-panel');
    await page.click('[data-testid=deploy]');
    await page.waitForSelector('[data-testid=modeler-status]:has-text("call_e2e 版本 1")');
    const def = await h.t.engine.definitions.compiled('call_e2e', 1);
    expect(def.nodes[replaced.id]).to.deep.include({ kind: 'callActivity' });
    expect(def.nodes[replaced.id].call).to.deep.equal({
      key: called,
      binding: 'version',
      version: 1,
      in: [{ all: true }, { source: 'address', target: 'place' }],
      out: [{ expression: 'result', target: 'finding' }],
    });
  });
});
