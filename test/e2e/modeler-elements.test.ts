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

  it('an event-based gateway drawn in the modeler: message name, correlation key, timer and its calendar in the panel, deployed', async () => {
    const page = await h.newPage();
    await h.signIn(page, 'admin');
    await page.goto(`${h.base}/modeler`);
    await page.waitForSelector('[data-testid=modeler-status]');
    await page.click('[data-testid=modeler-new]');
    await page.fill('[data-testid=new-name]', '等物业回复');
    await page.fill('[data-testid=new-key]', 'evgw_e2e');
    await page.click('[data-testid=new-create]');
    await page.waitForSelector('[data-testid=modeler-status]:has-text("已修改")');

    // the shapes by the modeling API (as the palette and context pad would): task → gateway → two catches → end
    await page.evaluate(() => {
      const m = (window as unknown as { __gridModeler: Modeler }).__gridModeler;
      const registry = m.get('elementRegistry');
      const modeling = m.get('modeling');
      const factory = m.get('elementFactory');
      const root = m.get('canvas').getRootElement();
      const task = registry.get('Task_check');
      const end = registry.get('EndEvent_1');
      modeling.removeConnection(registry.get('Flow_2'));
      modeling.moveElements([end], { x: 400, y: 0 });
      // (no helper functions in here: the test runner's transform would name them with a helper the page lacks)
      const gw = modeling.createShape(
        factory.createShape({ type: 'bpmn:EventBasedGateway' }),
        { x: task.x + 200, y: task.y + 40 },
        root,
      );
      const reply = modeling.createShape(
        factory.createShape({
          type: 'bpmn:IntermediateCatchEvent',
          eventDefinitionType: 'bpmn:MessageEventDefinition',
        }),
        { x: gw.x + 150, y: gw.y - 60 },
        root,
      );
      const late = modeling.createShape(
        factory.createShape({
          type: 'bpmn:IntermediateCatchEvent',
          eventDefinitionType: 'bpmn:TimerEventDefinition',
        }),
        { x: gw.x + 150, y: gw.y + 100 },
        root,
      );
      modeling.updateProperties(gw, { id: 'Gw_wait' });
      modeling.updateProperties(reply, { id: 'Catch_reply' });
      modeling.updateProperties(late, { id: 'Catch_late' });
      modeling.connect(task, gw);
      modeling.connect(gw, reply);
      modeling.connect(gw, late);
      modeling.connect(reply, end);
      modeling.connect(late, end);
    });

    /** selects the shape until the panel shows `probe` (our 网格 group opens by itself) */
    const select = async (id: string, probe: string) => {
      await page.locator(`.djs-element[data-element-id="${id}"]`).click();
      if (!(await page.isVisible(probe))) await page.locator(`.djs-element[data-element-id="${id}"]`).click();
      await page.waitForSelector(probe);
    };
    /** opens a group of the standard panel (closed by default) unless `probe` shows already */
    const open = async (group: string, probe: string) => {
      if (!(await page.isVisible(probe)))
        await page.click(`[data-group-id="group-${group}"] .bio-properties-panel-group-header`);
      await page.waitForSelector(probe);
    };
    // the message: a new global message named in the panel, and our correlation key (网格 group)
    await select('Catch_reply', '#bio-properties-panel-grid-correlationKey');
    await page.fill('#bio-properties-panel-grid-correlationKey', '=caseNo');
    await open('message', '#bio-properties-panel-messageRef');
    await page.selectOption('#bio-properties-panel-messageRef', 'create-new');
    await page.fill('#bio-properties-panel-messageName', 'property-reply');
    await page.locator('#bio-properties-panel-messageName').press('Tab');
    // the timer: a duration of 5 working days
    await select('Catch_late', '#bio-properties-panel-grid-timerCalendar');
    await page.selectOption('#bio-properties-panel-grid-timerCalendar', 'workday');
    await open('timer', '#bio-properties-panel-timerEventDefinitionType');
    await page.selectOption('#bio-properties-panel-timerEventDefinitionType', 'timeDuration');
    await page.fill('#bio-properties-panel-timerEventDefinitionValue', 'P5D');
    await page.locator('#bio-properties-panel-timerEventDefinitionValue').press('Tab');
    await h.shot(page, 'event-gateway-panel');
    await page.click('[data-testid=deploy]');
    await page.waitForSelector('[data-testid=modeler-status]:has-text("evgw_e2e 版本 1")');
    const def = await h.t.engine.definitions.compiled('evgw_e2e', 1);
    expect(def.nodes.Gw_wait.kind).to.equal('eventGateway');
    expect(def.nodes.Catch_reply).to.deep.include({
      kind: 'messageCatch',
      message: { name: 'property-reply', correlationKey: 'caseNo' },
    });
    expect(def.nodes.Catch_late).to.deep.include({
      kind: 'timerCatch',
      timer: { kind: 'duration', expr: 'P5D', calendar: 'workday' },
    });
  });

  it('an external service task made in the modeler: implementation and topic set in the panel, deployed', async () => {
    const page = await h.newPage();
    await h.signIn(page, 'admin');
    await page.goto(`${h.base}/modeler`);
    await page.waitForSelector('[data-testid=modeler-status]');
    await page.click('[data-testid=modeler-new]');
    await page.fill('[data-testid=new-name]', '同步到热线系统');
    await page.fill('[data-testid=new-key]', 'external_e2e');
    await page.click('[data-testid=new-create]');
    await page.waitForSelector('[data-testid=modeler-status]:has-text("已修改")');
    // 网格员核查 becomes a service task; what only a user task has is cleared (deploy refuses it otherwise)
    const id = await page.evaluate(() => {
      const m = (window as unknown as { __gridModeler: Modeler }).__gridModeler;
      const task = m.get('elementRegistry').get('Task_check');
      const svc = m.get('bpmnReplace').replaceElement(task, { type: 'bpmn:ServiceTask' });
      m.get('modeling').updateProperties(svc, {
        'grid:level': undefined,
        'grid:candidateRoles': undefined,
        'grid:sla': undefined,
        'grid:calendar': undefined,
        'grid:formKey': undefined,
      });
      return svc.id as string;
    });
    await page.locator(`.djs-element[data-element-id="${id}"]`).click();
    if (!(await page.isVisible('#bio-properties-panel-grid-serviceImpl')))
      await page.locator(`.djs-element[data-element-id="${id}"]`).click();
    // an engine worker by default; choosing 外部任务 shows the topic instead of the worker type
    expect(await page.isVisible('#bio-properties-panel-grid-workerType')).to.equal(true);
    await page.selectOption('#bio-properties-panel-grid-serviceImpl', 'external');
    await page.waitForSelector('#bio-properties-panel-grid-topic');
    expect(await page.isVisible('#bio-properties-panel-grid-workerType')).to.equal(false);
    await page.fill('#bio-properties-panel-grid-topic', 'hotline-sync');
    await page.fill('#bio-properties-panel-grid-topicVariables', 'venue,level');
    await h.shot(page, 'external-task-panel');
    await page.click('[data-testid=deploy]');
    await page.waitForSelector('[data-testid=modeler-status]:has-text("external_e2e 版本 1")');
    const def = await h.t.engine.definitions.compiled('external_e2e', 1);
    expect(def.nodes[id]).to.deep.include({ kind: 'serviceTask' });
    expect(def.nodes[id].external).to.deep.equal({ topic: 'hotline-sync', variables: ['venue', 'level'] });
  });
});
