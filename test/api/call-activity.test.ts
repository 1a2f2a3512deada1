// Call activities (engine/elements/call-activity.ts) end to end through the HTTP API on Redis: a parent case
// calls a child case of another process; the child's task is completed, the parent goes on with the mapped
// output; cancelling the parent cancels the child (and its own child); a child's incident shows on the
// parent; deploy refuses bad configurations with codes and warns of a process not deployed yet.
import { expect } from 'chai';
import { GRID1, GRID2 } from '../helpers/engine.js';
import { fireUntil, harness, waitFor, type Harness } from './helpers.js';
import { flow, NS, processXml } from './fixtures.js';

const CHILD = processXml(
  'cachild',
  `<bpmn:startEvent id="s"/>${flow('f0', 's', 'inspect')}
   <bpmn:userTask id="inspect" name="现场核查" grid:level="grid" grid:candidateRoles="handler"/>
   ${flow('f1', 'inspect', 'e')}<bpmn:endEvent id="e"/>`,
  '',
  '现场核查子流程',
);

/** calls `called` with the given attributes; the output goes to `finding`, then a review task */
const PARENT = (key: string, called: string, attrs = '', mappings?: string) =>
  processXml(
    key,
    `<bpmn:startEvent id="s" grid:formKey="ca-start"/>${flow('f0', 's', 'call')}
     <bpmn:callActivity id="call" name="转交核查" calledElement="${called}" ${attrs}>
       <bpmn:extensionElements>${
         mappings ?? `<grid:in source="address" target="place"/><grid:out source="result" target="finding"/>`
       }</bpmn:extensionElements>
     </bpmn:callActivity>
     ${flow('f1', 'call', 'review')}
     <bpmn:userTask id="review" name="复核" grid:level="grid" grid:candidateRoles="handler"/>
     ${flow('f2', 'review', 'e')}<bpmn:endEvent id="e"/>`,
    '',
    '调用子流程',
  );

const START_FORM = { type: 'object', properties: { address: { type: 'string' } } };

describe('API: call activity (a case calls a case of another process)', () => {
  let h: Harness;
  before(async () => {
    h = await harness();
  });
  after(() => h.close());

  const deploy = (bpmn: string) =>
    h.post('admin', '/api/deployments', { bpmn, forms: { 'ca-start': START_FORM } });
  const start = async (key: string, address = '幸福路 1 号') => {
    const res = await h.post('wangwei', '/api/instances', {
      definitionKey: key,
      gridUnit: GRID1,
      variables: { address },
    });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    return res.body.id as string;
  };
  const view = async (id: string) => {
    const res = await h.get('admin', `/api/instances/${id}`);
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    return res.body;
  };
  /** the child the parent's call activity started, once it exists */
  const childOf = (parentId: string) =>
    waitFor(async () => {
      const p = await h.t.engine.cases.instance(parentId);
      const id = p?.children?.[p.children.length - 1]?.id;
      return id ? ((await h.t.engine.cases.instance(id)) ?? undefined) : undefined;
    }, `the child of ${parentId}`);

  it('refuses bad call activities with codes naming the element, and warns of a process not deployed yet', async () => {
    const bad = await deploy(
      PARENT('cabad', '=dynamic', 'grid:calledBinding="sometimes"', '<grid:in variables="some"/>'),
    );
    expect(bad.status).to.equal(400);
    const codes = bad.body.error.details
      .filter((d: { path: string }) => d.path === 'call')
      .map((d: { code: string }) => d.code);
    expect(codes).to.have.members([
      'call-activity.called-element',
      'call-activity.binding',
      'call-activity.mapping',
    ]);
    const binding = await deploy(PARENT('cabind', 'cachild', 'grid:calledBinding="deployment"'));
    expect(binding.status).to.equal(400);
    expect(binding.body.error.details.map((d: { code: string }) => d.code)).to.include(
      'call-activity.deployment-binding',
    );
    // the child is not deployed yet: the parent deploys with a warning (as Camunda allows)
    const early = await deploy(PARENT('caparent', 'cachild'));
    expect(early.status, JSON.stringify(early.body)).to.equal(201);
    expect(early.body.warnings).to.deep.include.members([
      {
        path: 'call',
        code: 'call-activity.unknown-process',
        message: early.body.warnings.find((w: { code: string }) => w.code === 'call-activity.unknown-process')
          .message,
        params: { elementId: 'call', key: 'cachild' },
      },
    ]);
  });

  it('a case reaching the call before the child process is deployed gets an incident naming the code', async () => {
    const id = await start('caparent');
    const s = await waitFor(async () => {
      const st = await h.t.engine.waitForIdle(id);
      return Object.values(st.incidents).some((i) => i.status === 'open') ? st : undefined;
    }, 'the incident');
    const incident = Object.values(s.incidents)[0];
    expect(incident).to.include({ nodeId: 'call', code: 'call.unknown-process', status: 'open' });
    // deployed now, the incident retried: the call goes through
    expect((await h.post('admin', '/api/deployments', { bpmn: CHILD })).status).to.equal(201);
    const retry = await h.post('admin', `/api/incidents/${id}/${incident.id}/retry`, {});
    expect(retry.status, JSON.stringify(retry.body)).to.be.oneOf([200, 202, 204]);
    const child = await childOf(id);
    expect(child).to.include({ definitionKey: 'cachild', status: 'active' });
  });

  it('the child runs as a case of its own; its end continues the parent with the mapped output', async () => {
    const parentId = await start('caparent', '幸福路 9 号');
    const child = await childOf(parentId);
    // a case of its own, on the parent's grid unit, linked to the parent's call activity
    expect(child._id).to.not.equal(parentId);
    expect(child.gridUnit).to.equal(GRID1);
    expect(child.caseNo).to.be.a('string');
    expect(child.variables).to.include({ place: '幸福路 9 号' });
    expect(child.variables).not.to.have.property('address');
    expect(child.parent).to.include({ instanceId: parentId, nodeId: 'call' });
    const parentView = await view(parentId);
    expect(parentView.children).to.have.length(1);
    expect(parentView.children[0]).to.include({
      id: child._id,
      key: 'cachild',
      status: 'active',
      nodeId: 'call',
    });
    const childView = await view(child._id);
    expect(childView.parent).to.include({ instanceId: parentId, nodeId: 'call' });
    expect(childView.parentInstanceId).to.equal(parentId);

    const task = await waitFor(
      async () => (await h.t.engine.openTasksOfCase(child._id))[0],
      "the child's task",
    );
    expect(task.nodeId).to.equal('inspect');
    const done = await h.post('wangwei', `/api/tasks/${task._id}/complete`, { data: { result: '已整改' } });
    expect(done.status, JSON.stringify(done.body)).to.be.oneOf([200, 202]);
    const parent = await waitFor(async () => {
      const s = await h.t.engine.waitForIdle(parentId);
      return Object.values(s.tasks).some((t) => t.nodeId === 'review') ? s : undefined;
    }, 'the parent at its review task');
    expect(parent.variables).to.include({ finding: '已整改' });
    expect(parent.children![0].ended).to.include({ status: 'completed' });
    expect((await h.t.engine.cases.instance(child._id))!.status).to.equal('completed');
    // once: the child's end handed over again (a redelivered job) changes nothing
    const again = await h.t.engine.calls.ended(parentId, parent.children![0].tokenId, child._id);
    expect(again.changed).to.equal(false);
    const history = (await h.get('admin', `/api/instances/${parentId}/history?limit=500`)).body
      .items as any[];
    expect(history.filter((r) => r.action === 'called-ended')).to.have.length(1);
  });

  it('cancelling the parent cancels the child and the child’s own child; an incident below shows on top', async () => {
    // top → middle (a process that calls the inspection) → cachild
    const middle = processXml(
      'camiddle',
      `<bpmn:startEvent id="s"/>${flow('f0', 's', 'call2')}
       <bpmn:callActivity id="call2" calledElement="cachild">
         <bpmn:extensionElements><grid:in variables="all"/></bpmn:extensionElements>
       </bpmn:callActivity>${flow('f1', 'call2', 'e')}<bpmn:endEvent id="e"/>`,
    );
    expect((await h.post('admin', '/api/deployments', { bpmn: middle })).status).to.equal(201);
    const top = await deploy(PARENT('catop', 'camiddle', '', '<grid:in variables="all"/>'));
    expect(top.status, JSON.stringify(top.body)).to.equal(201);
    const topId = await start('catop');
    const mid = await childOf(topId);
    const leaf = await childOf(mid._id);
    expect(leaf.callDepth).to.equal(2);
    expect(leaf.variables).to.include({ address: '幸福路 1 号' });
    // the leaf cancelled by hand: its parent (the middle) raises call.child-cancelled, and the top lists it
    // among the incidents of the cases below it
    const cancelLeaf = await h.post('admin', `/api/instances/${leaf._id}/cancel`, { reason: '误派' });
    expect(cancelLeaf.status, JSON.stringify(cancelLeaf.body)).to.equal(200);
    await waitFor(async () => {
      const v = await view(topId);
      return v.childIncidents.length ? v : undefined;
    }, 'the incident below the top case');
    const topView = await view(topId);
    expect(topView.childIncidents[0]).to.include({
      instanceId: mid._id,
      nodeId: 'call2',
      code: 'call.child-cancelled',
      status: 'open',
    });
    // the middle retries: a new leaf; then the top is cancelled — the middle and the new leaf follow
    const inc = topView.childIncidents[0];
    expect((await h.post('admin', `/api/incidents/${mid._id}/${inc.id}/retry`, {})).status).to.be.oneOf([
      200, 202, 204,
    ]);
    const leaf2 = await waitFor(async () => {
      const m = await h.t.engine.cases.instance(mid._id);
      const id = m?.children?.[1]?.id;
      return id ? ((await h.t.engine.cases.instance(id)) ?? undefined) : undefined;
    }, 'the second leaf');
    const cancel = await h.post('admin', `/api/instances/${topId}/cancel`, { reason: '撤案' });
    expect(cancel.status, JSON.stringify(cancel.body)).to.equal(200);
    const gone = await waitFor(async () => {
      const [m, l] = await Promise.all([
        h.t.engine.cases.instance(mid._id),
        h.t.engine.cases.instance(leaf2._id),
      ]);
      return m?.status === 'cancelled' && l?.status === 'cancelled' ? [m, l] : undefined;
    }, 'the middle and the leaf cancelled');
    expect(gone[1].tasks && Object.values(gone[1].tasks).every((t) => t.status !== 'open')).to.equal(true);
    // the leaf's open task left the inboxes (its projection follows the write)
    await h.t.engine.waitForIdle(leaf2._id);
    await waitFor(
      async () => (await h.t.engine.openTasksOfCase(leaf2._id)).length === 0 || undefined,
      "the leaf's task out of the inboxes",
    );
  });

  it('deployment binding calls the version deployed with the caller; a BPMN error of the child reaches the error boundary', async () => {
    // one document, two pools: the caller binds to the department process of the same deployment, whose
    // "not ours" error end is caught by the error boundary on the call activity
    const doc = (reply: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions ${NS} id="ca_defs" targetNamespace="http://grid-engine.cn/test">
  <bpmn:collaboration id="ca_collab">
    <bpmn:participant id="pa" processRef="cadeploy"/>
    <bpmn:participant id="pb" processRef="cadept"/>
  </bpmn:collaboration>
  <bpmn:error id="notOurs" errorCode="NOT_OURS"/>
  <bpmn:process id="cadeploy" isExecutable="true">
    <bpmn:startEvent id="s"/>${flow('f0', 's', 'call')}
    <bpmn:callActivity id="call" calledElement="cadept" grid:calledBinding="deployment"/>
    <bpmn:boundaryEvent id="refused" attachedToRef="call"><bpmn:errorEventDefinition errorRef="notOurs"/></bpmn:boundaryEvent>
    ${flow('f1', 'call', 'done')}<bpmn:endEvent id="done"/>
    ${flow('f2', 'refused', 'reroute')}
    <bpmn:userTask id="reroute" name="重新派遣" grid:level="grid" grid:candidateRoles="handler"/>
    ${flow('f3', 'reroute', 'e2')}<bpmn:endEvent id="e2"/>
  </bpmn:process>
  <bpmn:process id="cadept" name="${reply}" isExecutable="true">
    <bpmn:startEvent id="ds"/>${flow('d0', 'ds', 'dend')}
    <bpmn:endEvent id="dend"><bpmn:errorEventDefinition errorRef="notOurs"/></bpmn:endEvent>
  </bpmn:process>
</bpmn:definitions>`;
    const first = await h.post('admin', '/api/deployments', { bpmn: doc('部门答复') });
    expect(first.status, JSON.stringify(first.body)).to.equal(201);
    // a later deployment of the department process alone: the caller's binding still calls its own
    const later = await h.post('admin', '/api/deployments', {
      bpmn: processXml(
        'cadept',
        `<bpmn:startEvent id="ds"/>${flow('d0', 'ds', 'dend')}<bpmn:endEvent id="dend"/>`,
      ),
    });
    expect(later.status, JSON.stringify(later.body)).to.equal(201);
    const res = await h.post('wangwei', '/api/instances', { definitionKey: 'cadeploy', gridUnit: GRID1 });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    const parentId = res.body.id as string;
    const parent = await waitFor(async () => {
      const st = await h.t.engine.waitForIdle(parentId);
      return Object.values(st.tasks).some((t) => t.nodeId === 'reroute') ? st : undefined;
    }, 'the parent on the error path');
    const child = (await h.t.engine.cases.instance(parent.children![0].id))!;
    const deployedWith = first.body.processes.find((p: { key: string }) => p.key === 'cadept').version;
    expect(child).to.include({
      definitionKey: 'cadept',
      definitionVersion: deployedWith,
      status: 'terminated',
    });
    expect(child.endError).to.deep.equal({ code: 'NOT_OURS' });
    expect(parent.children![0].ended).to.include({ status: 'terminated', error: 'NOT_OURS' });
  });

  it('an interrupting timer boundary on the call activity cancels the child and takes its path', async () => {
    const timed = processXml(
      'catimed',
      `<bpmn:startEvent id="s"/>${flow('f0', 's', 'call')}
       <bpmn:callActivity id="call" calledElement="cachild"/>
       <bpmn:boundaryEvent id="late" attachedToRef="call"><bpmn:timerEventDefinition>
         <bpmn:timeDuration>PT2H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
       ${flow('f1', 'call', 'e')}<bpmn:endEvent id="e"/>
       ${flow('f2', 'late', 'chase')}
       <bpmn:userTask id="chase" name="催办" grid:level="grid" grid:candidateRoles="handler"/>
       ${flow('f3', 'chase', 'e2')}<bpmn:endEvent id="e2"/>`,
    );
    expect((await h.post('admin', '/api/deployments', { bpmn: timed })).status).to.equal(201);
    const res = await h.post('wangwei', '/api/instances', { definitionKey: 'catimed', gridUnit: GRID1 });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    const parentId = res.body.id as string;
    const child = await childOf(parentId);
    const tokenId = child.parent!.tokenId;
    // a redelivered call job finds the child there and creates nothing
    expect(await h.t.engine.calls.call(parentId, tokenId, child._id)).to.deep.equal({ changed: false });
    h.t.clock.advance(3 * 3600_000);
    const parent = await fireUntil(h, parentId, (s) =>
      Object.values(s.tasks).some((t) => t.nodeId === 'chase' && t.status === 'open'),
    );
    expect(parent.children![0].ended).to.include({ status: 'cancelled' });
    const cancelled = await waitFor(async () => {
      const c = await h.t.engine.cases.instance(child._id);
      return c?.status === 'cancelled' ? c : undefined;
    }, 'the child cancelled');
    expect(Object.values(cancelled.tasks).every((t) => t.status === 'cancelled')).to.equal(true);
  });

  it('grid:calledUnit opens the child at another unit; a code of no unit is an incident call.unknown-unit', async () => {
    const atUnit = (key: string, unit: string) =>
      processXml(
        key,
        `<bpmn:startEvent id="s"/>${flow('f0', 's', 'call')}
         <bpmn:callActivity id="call" calledElement="cachild" grid:calledUnit="${unit}"/>
         ${flow('f1', 'call', 'e')}<bpmn:endEvent id="e"/>`,
      );
    expect((await h.post('admin', '/api/deployments', { bpmn: atUnit('caunit', GRID2) })).status).to.equal(
      201,
    );
    expect(
      (await h.post('admin', '/api/deployments', { bpmn: atUnit('canounit', 'nowhere') })).status,
    ).to.equal(201);
    const res = await h.post('wangwei', '/api/instances', { definitionKey: 'caunit', gridUnit: GRID1 });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    const child = await childOf(res.body.id);
    expect(child.gridUnit).to.equal(GRID2);
    expect(child.unitChain[0].code).to.equal(GRID2);
    const bad = await h.post('wangwei', '/api/instances', { definitionKey: 'canounit', gridUnit: GRID1 });
    const s = await waitFor(async () => {
      const st = await h.t.engine.waitForIdle(bad.body.id);
      return Object.values(st.incidents).length ? st : undefined;
    }, 'the incident');
    expect(Object.values(s.incidents)[0]).to.include({ nodeId: 'call', code: 'call.unknown-unit' });
  });
});
