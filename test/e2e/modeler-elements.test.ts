// The bpmn-js modeler with the elements of the registry (engine/elements): an admin turns the user task of a
// new diagram into a send task with the replace menu's command, picks its recipients (level and roles) in
// the properties panel and deploys it; the server compiles it as a send task. On the shared harness.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'chai';
import { browserHarness, ROOT } from './harness.js';

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

  it('a timer start event made in the modeler: its cycle, unit and working-day calendar, deployed and scheduled', async () => {
    const page = await h.newPage();
    await h.signIn(page, 'admin');
    await page.goto(`${h.base}/modeler`);
    await page.waitForSelector('[data-testid=modeler-status]');
    await page.click('[data-testid=modeler-new]');
    await page.fill('[data-testid=new-name]', '每日巡查');
    await page.fill('[data-testid=new-key]', 'patrol_e2e');
    await page.click('[data-testid=new-create]');
    await page.waitForSelector('[data-testid=modeler-status]:has-text("已修改")');

    // the replace menu's command turns the start event into a timer start; its cycle as the Timer group sets it
    const id = await page.evaluate(() => {
      const m = (window as unknown as { __gridModeler: Modeler }).__gridModeler;
      const start = m.get('elementRegistry').filter((e: any) => e.type === 'bpmn:StartEvent')[0];
      const timer = m.get('bpmnReplace').replaceElement(start, {
        type: 'bpmn:StartEvent',
        eventDefinitionType: 'bpmn:TimerEventDefinition',
      });
      const def = timer.businessObject.eventDefinitions[0];
      const cycle = m
        .get('bpmnFactory')
        .create('bpmn:FormalExpression', { body: 'R/2026-03-03T09:00:00+08:00/P1D' });
      m.get('modeling').updateModdleProperties(timer, def, { timeCycle: cycle });
      return timer.id as string;
    });
    await page.locator(`.djs-element[data-element-id="${id}"]`).click();
    if (!(await page.isVisible('#bio-properties-panel-grid-startUnit')))
      await page.locator(`.djs-element[data-element-id="${id}"]`).click();
    await page.fill('#bio-properties-panel-grid-startUnit', '310117001001001');
    await page.selectOption('#bio-properties-panel-grid-timerCalendar', 'workday');
    await page.waitForTimeout(400); // the text entry's debounce
    await h.shot(page, 'timer-start-panel');
    await page.click('[data-testid=deploy]');
    await page.waitForSelector('[data-testid=modeler-status]:has-text("patrol_e2e 版本 1")');
    const def = await h.t.engine.definitions.compiled('patrol_e2e', 1);
    expect(def.nodes[id]).to.deep.include({
      kind: 'timerStart',
      startUnit: '310117001001001',
      timer: { kind: 'cycle', expr: 'R/2026-03-03T09:00:00+08:00/P1D', calendar: 'workday' },
    });
    expect((await h.t.engine.timerStarts.ofProcess('patrol_e2e')).map((s) => s.nodeId)).to.deep.equal([id]);
  });

  it('a multi-instance user task: toggled parallel, its collection and element variable set in the panel, deployed', async () => {
    const page = await h.newPage();
    await h.signIn(page, 'admin');
    await page.goto(`${h.base}/modeler`);
    await page.waitForSelector('[data-testid=modeler-status]');
    await page.click('[data-testid=modeler-new]');
    await page.fill('[data-testid=new-name]', '联合执法');
    await page.fill('[data-testid=new-key]', 'joint_e2e');
    await page.click('[data-testid=new-create]');
    await page.waitForSelector('[data-testid=modeler-status]:has-text("已修改")');

    // what the replace menu's "parallel multi-instance" toggle does: a bpmn:multiInstanceLoopCharacteristics
    await page.evaluate(() => {
      const m = (window as unknown as { __gridModeler: Modeler }).__gridModeler;
      const task = m.get('elementRegistry').get('Task_check');
      const loop = m.get('bpmnFactory').create('bpmn:MultiInstanceLoopCharacteristics');
      m.get('modeling').updateProperties(task, { loopCharacteristics: loop });
    });
    await page.locator('.djs-element[data-element-id="Task_check"]').click();
    if (!(await page.isVisible('[data-group-id="group-multiInstance"]')))
      await page.locator('.djs-element[data-element-id="Task_check"]').click();
    await page.locator('[data-group-id="group-multiInstance"] .bio-properties-panel-group-header').click();
    await page.waitForSelector('#bio-properties-panel-grid-mi-collection');
    expect(await page.textContent('[data-group-id="group-multiInstance"]')).to.contain('元素变量');
    await page.fill('#bio-properties-panel-grid-mi-collection', '=depts');
    await page.fill('#bio-properties-panel-grid-mi-elementVariable', 'dept');
    await page.fill('#bio-properties-panel-grid-mi-outputCollection', 'replies');
    await page.fill('#bio-properties-panel-completionCondition', '=nrOfCompletedInstances >= 2');
    await page.fill('#bio-properties-panel-grid-unit', '=dept');
    await page.keyboard.press('Tab');
    await h.shot(page, 'multi-instance-panel');
    await page.waitForFunction(async () => {
      const m = (window as unknown as { __gridModeler: Modeler }).__gridModeler;
      return (await m.saveXML({})).xml.includes('grid:unit="=dept"');
    });
    await page.click('[data-testid=deploy]');
    await page.waitForSelector('[data-testid=modeler-status]:has-text("joint_e2e 版本 1")');
    const def = await h.t.engine.definitions.compiled('joint_e2e', 1);
    expect(def.nodes.Task_check.multiInstance).to.deep.equal({
      sequential: false,
      collection: 'depts',
      elementVariable: 'dept',
      outputCollection: 'replies',
      completionCondition: 'nrOfCompletedInstances >= 2',
    });
    expect(def.nodes.Task_check.grid?.unit).to.equal('=dept');
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

  it('an event sub-process drawn in the modeler: its message start event named and correlated in the panel, deployed', async () => {
    const page = await h.newPage();
    await h.signIn(page, 'admin');
    await page.goto(`${h.base}/modeler`);
    await page.waitForSelector('[data-testid=modeler-status]');
    await page.click('[data-testid=modeler-new]');
    await page.fill('[data-testid=new-name]', '可撤诉的调解');
    await page.fill('[data-testid=new-key]', 'esp_e2e');
    await page.click('[data-testid=new-create]');
    await page.waitForSelector('[data-testid=modeler-status]:has-text("已修改")');

    // an expanded sub-process turned into an event sub-process by the replace menu's command, with a message
    // start event (interrupting) → end inside it
    const kinds = await page.evaluate(() => {
      const m = (window as unknown as { __gridModeler: Modeler }).__gridModeler;
      const registry = m.get('elementRegistry');
      const modeling = m.get('modeling');
      const factory = m.get('elementFactory');
      const root = m.get('canvas').getRootElement();
      const task = registry.get('Task_check');
      const sub = modeling.createShape(
        factory.createShape({ type: 'bpmn:SubProcess', isExpanded: true }),
        { x: task.x + 200, y: task.y + 260 },
        root,
      );
      // the replace menu offers it on an expanded sub-process (in Chinese)
      const menu = m.get('popupMenu');
      menu.open(sub, 'bpmn-replace', { x: sub.x, y: sub.y });
      const offered = document.querySelector('[data-id="replace-with-event-subprocess"]')?.textContent;
      menu.close();
      const esp = m.get('bpmnReplace').replaceElement(sub, {
        type: 'bpmn:SubProcess',
        triggeredByEvent: true,
        isExpanded: true,
      });
      modeling.updateProperties(esp, { id: 'Esp_withdrawn', name: '群众撤诉' });
      const start = modeling.createShape(
        factory.createShape({ type: 'bpmn:StartEvent', eventDefinitionType: 'bpmn:MessageEventDefinition' }),
        { x: esp.x + 60, y: esp.y + esp.height / 2 },
        esp,
      );
      const end = modeling.createShape(
        factory.createShape({ type: 'bpmn:EndEvent' }),
        { x: esp.x + esp.width - 60, y: esp.y + esp.height / 2 },
        esp,
      );
      modeling.updateProperties(start, { id: 'Start_withdrawn' });
      modeling.connect(start, end);
      return { esp: esp.businessObject.triggeredByEvent, offered };
    });
    expect(kinds.esp).to.equal(true);
    expect(kinds.offered?.trim()).to.equal('事件子流程');

    await page.locator('.djs-element[data-element-id="Start_withdrawn"]').click();
    if (!(await page.isVisible('#bio-properties-panel-grid-correlationKey')))
      await page.locator('.djs-element[data-element-id="Start_withdrawn"]').click();
    await page.waitForSelector('#bio-properties-panel-grid-correlationKey');
    await page.fill('#bio-properties-panel-grid-correlationKey', '=caseNo');
    if (!(await page.isVisible('#bio-properties-panel-messageRef')))
      await page.click('[data-group-id="group-message"] .bio-properties-panel-group-header');
    await page.selectOption('#bio-properties-panel-messageRef', 'create-new');
    await page.fill('#bio-properties-panel-messageName', 'complaint-withdrawn');
    await page.locator('#bio-properties-panel-messageName').press('Tab');
    await h.shot(page, 'event-sub-process-panel');
    await page.click('[data-testid=deploy]');
    await page.waitForSelector('[data-testid=modeler-status]:has-text("esp_e2e 版本 1")');
    const def = await h.t.engine.definitions.compiled('esp_e2e', 1);
    expect(def.nodes.Esp_withdrawn).to.deep.include({
      kind: 'eventSubProcess',
      startNode: 'Start_withdrawn',
    });
    expect(def.nodes.Start_withdrawn).to.deep.include({
      kind: 'eventSubProcessStart',
      trigger: 'message',
      interrupting: true,
      message: { name: 'complaint-withdrawn', correlationKey: 'caseNo' },
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
    await page.keyboard.press('Tab');
    // the text entries write the diagram after their debounce: deploy only once both are in the XML
    await page.waitForFunction(async () => {
      const m = (window as unknown as { __gridModeler: Modeler }).__gridModeler;
      const { xml } = await m.saveXML({});
      return xml.includes('grid:topic="hotline-sync"') && xml.includes('grid:topicVariables="venue,level"');
    });
    await h.shot(page, 'external-task-panel');
    await page.click('[data-testid=deploy]');
    await page.waitForSelector('[data-testid=modeler-status]:has-text("external_e2e 版本 1")');
    const def = await h.t.engine.definitions.compiled('external_e2e', 1);
    expect(def.nodes[id]).to.deep.include({ kind: 'serviceTask' });
    expect(def.nodes[id].external).to.deep.equal({ topic: 'hotline-sync', variables: ['venue', 'level'] });
  });

  it('a business rule task made in the modeler: decision picked from the deployed ones, result variable and mapping, deployed', async () => {
    // the decision table is deployed through the engine first (unchanged when the harness's bundle has it)
    const dmn = await readFile(path.join(ROOT, 'processes/decisions/fire_dept_route.dmn'), 'utf8');
    const [deployed] = await h.t.engine.decisions.deploy(dmn, 'admin', h.t.clock.now());
    expect(deployed).to.include({ key: 'fire_dept_route' });
    const page = await h.newPage();
    await h.signIn(page, 'admin');
    await page.goto(`${h.base}/modeler`);
    await page.waitForSelector('[data-testid=modeler-status]');
    await page.click('[data-testid=modeler-new]');
    await page.fill('[data-testid=new-name]', '消防隐患分派');
    await page.fill('[data-testid=new-key]', 'rule_e2e');
    await page.click('[data-testid=new-create]');
    await page.waitForSelector('[data-testid=modeler-status]:has-text("已修改")');
    // 网格员核查 becomes a business rule task; what only a user task has is cleared
    const id = await page.evaluate(() => {
      const m = (window as unknown as { __gridModeler: Modeler }).__gridModeler;
      const task = m.get('elementRegistry').get('Task_check');
      const rule = m.get('bpmnReplace').replaceElement(task, { type: 'bpmn:BusinessRuleTask' });
      m.get('modeling').updateProperties(rule, {
        'grid:level': undefined,
        'grid:candidateRoles': undefined,
        'grid:sla': undefined,
        'grid:calendar': undefined,
        'grid:formKey': undefined,
      });
      return rule.id as string;
    });
    const shape = page.locator(`.djs-element[data-element-id="${id}"]`);
    await shape.click();
    if (!(await page.isVisible('#bio-properties-panel-grid-decisionRef'))) await shape.click();
    // the deployed decisions are offered by name and key
    await page.waitForSelector('#bio-properties-panel-grid-decisionRef option[value=fire_dept_route]', {
      state: 'attached',
    });
    expect(
      await page.textContent('#bio-properties-panel-grid-decisionRef option[value=fire_dept_route]'),
    ).to.equal('按场所类型确定责任部门 (fire_dept_route)');
    await page.selectOption('#bio-properties-panel-grid-decisionRef', 'fire_dept_route');
    // the version number is asked for with the version binding only
    expect(await page.isVisible('#bio-properties-panel-grid-decisionVersion')).to.equal(false);
    await page.selectOption('#bio-properties-panel-grid-decisionBinding', 'version');
    await page.fill('#bio-properties-panel-grid-decisionVersion', String(deployed.version));
    // a result variable that is not a variable name is shown as wrong and never written
    await page.fill('#bio-properties-panel-grid-resultVariable', '责任 部门');
    await page.waitForSelector('[data-entry-id=grid-resultVariable] .bio-properties-panel-error');
    await page.fill('#bio-properties-panel-grid-resultVariable', 'depts');
    await page.selectOption('#bio-properties-panel-grid-mapDecisionResult', 'collectEntries');
    await page.fill('#bio-properties-panel-grid-retries', '2');
    await page.locator('#bio-properties-panel-grid-retries').press('Tab');
    const settled = async () => {
      const { xml } = await page.evaluate(async () =>
        (window as unknown as { __gridModeler: Modeler }).__gridModeler.saveXML({}),
      );
      const tag = /<bpmn:businessRuleTask[^>]*>/.exec(xml)?.[0] ?? '';
      return (
        tag.includes('grid:resultVariable="depts"') &&
        tag.includes(`grid:decisionRefVersion="${deployed.version}"`) &&
        tag.includes('grid:retries="2"') &&
        !tag.includes('责任')
      );
    };
    for (let stable = 0, reads = 0; stable < 5; reads++) {
      expect(reads, 'the panel values settle in the diagram').to.be.below(100);
      stable = (await settled()) ? stable + 1 : 0;
      await page.waitForTimeout(100);
    }
    await h.shot(page, 'business-rule-task-panel');
    await page.click('[data-testid=deploy]');
    await page.waitForSelector('[data-testid=modeler-status]:has-text("rule_e2e 版本 1")');
    const def = await h.t.engine.definitions.compiled('rule_e2e', 1);
    expect(def.nodes[id]).to.deep.include({
      kind: 'businessRuleTask',
      workerType: 'grid.decision',
      retries: 2,
    });
    expect(def.nodes[id].decision).to.deep.equal({
      ref: 'fire_dept_route',
      resultVariable: 'depts',
      mapping: 'collectEntries',
      version: deployed.version,
    });
  });
  it("a user task's completion checks and recorded variables (grid:check, grid:out) set in the 网格 group, deployed; 1440 and 390 px", async () => {
    const sizes = [
      { width: 1440, height: 900, key: 'checks_e2e', name: 'desktop' },
      { width: 390, height: 844, key: 'checks_phone_e2e', name: 'phone' },
    ];
    const CHECK =
      'extendedUntil | field.formatMaximum | =date(extendedUntil) <= date("2026-12-31") | ="2026-12-31"';
    for (const size of sizes) {
      const page = await h.newPage({ width: size.width, height: size.height });
      await h.signIn(page, 'admin');
      await page.goto(`${h.base}/modeler`);
      await page.waitForSelector('[data-testid=modeler-status]');
      await page.click('[data-testid=modeler-new]');
      await page.fill('[data-testid=new-name]', '延期核查');
      await page.fill('[data-testid=new-key]', size.key);
      await page.click('[data-testid=new-create]');
      await page.waitForSelector('[data-testid=modeler-status]:has-text("已修改")');
      // the task selected through the selection service (the same at both widths)
      await page.evaluate(() => {
        const m = (window as unknown as { __gridModeler: Modeler }).__gridModeler;
        m.get('selection').select(m.get('elementRegistry').get('Task_check'));
      });
      await page.waitForSelector('#bio-properties-panel-grid-checks');
      const group = page.locator('[data-group-id="group-grid"]');
      expect(await group.textContent())
        .to.contain('办结校验')
        .and.contain('办结时记录的变量');

      // a line that is not a check is refused in the panel and changes nothing
      await page.fill('#bio-properties-panel-grid-checks', 'extendedUntil | =true');
      await page.waitForSelector(
        '[data-group-id="group-grid"] .bio-properties-panel-error:has-text("field.代码")',
      );
      await page.fill('#bio-properties-panel-grid-checks', CHECK);
      await page.fill(
        '#bio-properties-panel-grid-completionOut',
        'handledBy = =task.unit\nhandledLevel = =task.level',
      );
      await page.keyboard.press('Tab');
      await page.waitForFunction(async () => {
        const m = (window as unknown as { __gridModeler: Modeler }).__gridModeler;
        const xml = (await m.saveXML({})).xml;
        return xml.includes('<grid:check') && xml.includes('target="handledLevel"');
      });
      await page.locator('#bio-properties-panel-grid-checks').scrollIntoViewIfNeeded();
      await h.shot(page, `checks-panel-${size.name}`);
      // the panel reads back what it wrote (another element selected and this one again)
      await page.evaluate(() => {
        const m = (window as unknown as { __gridModeler: Modeler }).__gridModeler;
        m.get('selection').select(m.get('elementRegistry').get('EndEvent_1'));
        m.get('selection').select(m.get('elementRegistry').get('Task_check'));
      });
      expect(await page.inputValue('#bio-properties-panel-grid-checks')).to.equal(CHECK);
      expect(await page.inputValue('#bio-properties-panel-grid-completionOut')).to.equal(
        'handledBy = =task.unit\nhandledLevel = =task.level',
      );

      await page.click('[data-testid=deploy]');
      await page.waitForSelector(`[data-testid=modeler-status]:has-text("${size.key} 版本 1")`);
      const def = await h.t.engine.definitions.compiled(size.key, 1);
      expect(def.nodes.Task_check.grid?.checks).to.deep.equal([
        {
          field: 'extendedUntil',
          test: 'date(extendedUntil) <= date("2026-12-31")',
          code: 'field.formatMaximum',
          limit: '"2026-12-31"',
        },
      ]);
      expect(def.nodes.Task_check.grid?.out).to.deep.equal([
        { expression: 'task.unit', target: 'handledBy' },
        { expression: 'task.level', target: 'handledLevel' },
      ]);
      // nothing but the canvas and the panel scroll: the page itself never scrolls sideways
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).to.be.at.most(size.width);
      await page.close();
    }
  });
  it('at 390 px the diagram sits above the properties, which fold away; the canvas follows its new size', async () => {
    const page = await h.newPage({ width: 390, height: 844 });
    await h.signIn(page, 'admin');
    await page.goto(`${h.base}/modeler`);
    await page.waitForSelector('[data-testid=modeler-status]');
    await page.click('[data-testid=modeler-new]');
    await page.fill('[data-testid=new-name]', '窄屏编辑');
    await page.fill('[data-testid=new-key]', 'narrow_e2e');
    await page.click('[data-testid=new-create]');
    await page.waitForSelector('[data-testid=modeler-status]:has-text("已修改")');
    const box = async (sel: string) => (await page.locator(sel).boundingBox())!;
    const canvas = await box('[data-testid=modeler-canvas]');
    const panel = await box('[data-testid=properties-panel]');
    // the diagram has the screen's width (it was a sliver beside a 340 px panel) and the panel is under it
    expect(canvas.width).to.be.at.least(380);
    expect(canvas.height).to.be.at.least(200);
    expect(panel.width).to.be.at.least(380);
    expect(panel.y).to.be.at.least(canvas.y + canvas.height);
    expect(await page.textContent('[data-testid=panel-toggle]')).to.equal('收起属性');
    await h.shot(page, 'narrow-open');

    await page.click('[data-testid=panel-toggle]');
    expect(await page.isVisible('[data-testid=properties-panel]')).to.equal(false);
    expect(await page.textContent('[data-testid=panel-toggle]')).to.equal('属性');
    const taller = await box('[data-testid=modeler-canvas]');
    expect(taller.height).to.be.greaterThan(canvas.height + 150);
    // diagram-js was told: its viewbox covers the taller container
    const viewbox = await page.evaluate(
      () => (window as unknown as { __gridModeler: Modeler }).__gridModeler.get('canvas').viewbox().outer,
    );
    expect(viewbox.height).to.be.closeTo(taller.height, 2);
    await h.shot(page, 'narrow-folded');

    await page.click('[data-testid=panel-toggle]');
    await page.waitForSelector('[data-testid=properties-panel]');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).to.be.at.most(390);
    await page.close();
  });
});
