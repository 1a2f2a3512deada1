// The pass-through and messaging tasks end to end through the HTTP API on Redis: deployed by an admin,
// opened by a handler, a notice from a send task read by the community supervisor, a receive task woken by
// a correlated message, refused misconfigurations with the element named (engine/elements).
import { expect } from 'chai';
import { GRID1 } from '../helpers/engine.js';
import { BpmnError } from '../../engine/queue/workers.js';
import { harness, waitFor, type Harness } from './helpers.js';
import { flow, processXml, START_FORM } from './fixtures.js';

const ELEMENTS_FLOW = processXml(
  'apielements',
  `<bpmn:startEvent id="s" grid:formKey="api-start"/>${flow('f0', 's', 'register')}
   <bpmn:task id="register" name="登记"/>${flow('f1', 'register', 'visit')}
   <bpmn:manualTask id="visit" name="现场查看"/>${flow('f2', 'visit', 'accepted')}
   <bpmn:intermediateThrowEvent id="accepted" name="已受理"/>${flow('f2b', 'accepted', 'notice')}
   <bpmn:sendTask id="notice" name="通知社区" grid:level="community" grid:candidateRoles="supervisor"/>
   ${flow('f3', 'notice', 'reply')}
   <bpmn:receiveTask id="reply" name="等待物业回复" messageRef="m1" grid:correlationKey="=caseNo"/>
   ${flow('f4', 'reply', 'work')}
   <bpmn:userTask id="work" name="办理" grid:level="grid" grid:candidateRoles="handler"/>
   ${flow('f5', 'work', 'e')}<bpmn:endEvent id="e"/>`,
  '<bpmn:message id="m1" name="property-reply"/>',
  '新元素流程',
);

describe('API: task, manual task, send task and receive task', () => {
  let h: Harness;
  before(async () => {
    h = await harness(
      {},
      {
        services: {
          // the department's system answers "not ours" with the department it belongs to
          dept: async () => {
            throw new BpmnError('NOT_OURS', 'not our department', { belongsTo: '住建局' });
          },
        },
      },
    );
    h.t.engine.forms.register('api-start', START_FORM);
  });
  after(() => h.close());

  const deploy = async (xml: string) =>
    h
      .http()
      .post('/api/definitions')
      .set('Authorization', `Bearer ${await h.token('admin')}`)
      .set('Content-Type', 'application/xml')
      .send(xml);

  it('runs a case through them: the notice reaches the community, the reply wakes the case', async () => {
    const deployed = await deploy(ELEMENTS_FLOW);
    expect(deployed.status, JSON.stringify(deployed.body)).to.equal(201);
    const res = await h.post('wangwei', '/api/instances', {
      definitionKey: 'apielements',
      gridUnit: GRID1,
      variables: { caseNo: 'EL-1' },
    });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    const id = res.body.id as string;

    // the send task's notice, for the supervisor of the case's community
    const notice = await waitFor(async () => {
      const items = (await h.get('chenmin', '/api/notifications?pageSize=100')).body.items as any[];
      return items.find((n) => n.title === '通知社区');
    }, 'the notice of the send task');
    expect(notice).to.include({ recipient: 'chenmin', kind: 'info' });
    expect(
      (await h.get('wangwei', '/api/notifications?pageSize=100')).body.items.map((n: any) => n.title),
    ).to.not.include('通知社区');

    // the receive task waits; a message with another key does not wake it, the right one does
    await waitFor(
      async () => (await h.t.engine.store.collection('subscriptions').count({ instanceId: id })) > 0,
      'the subscription of the receive task',
    );
    const other = await h.post('admin', '/api/messages', { name: 'property-reply', correlationKey: 'EL-2' });
    expect(other.body).to.deep.equal({ correlated: 0, duplicate: false });
    const reply = await h.post('chenmin', '/api/messages', {
      name: 'property-reply',
      correlationKey: 'EL-1',
      variables: { answer: '已整改' },
    });
    expect(reply.body).to.deep.equal({ correlated: 1, duplicate: false });
    const task = await waitFor(
      async () => (await h.t.engine.openTasksOfCase(id))[0],
      'the user task after the reply',
    );
    expect(task.nodeId).to.equal('work');
    const done = await h.post('wangwei', `/api/tasks/${task._id}/complete`, { data: {} });
    expect(done.status, JSON.stringify(done.body)).to.be.oneOf([200, 202]);
    const end = await waitFor(async () => {
      const s = await h.t.engine.waitForIdle(id);
      return s.status === 'completed' ? s : undefined;
    }, 'the end of the case');
    expect(end.variables.answer).to.equal('已整改');

    const history = (await h.get('wangwei', `/api/instances/${id}/history?limit=500`)).body.items as any[];
    const at = (el: string) => history.filter((x) => x.elementId === el).map((x) => x.action);
    expect(at('register')).to.include('leave');
    expect(at('visit')).to.include('leave');
    expect(at('accepted')).to.include('leave');
    expect(at('notice')).to.include.members(['message-sent', 'leave']);
    expect(at('reply')).to.include.members(['enter', 'message-received', 'leave']);
  });

  it('refuses misconfigured ones at deploy with a stable code naming the element', async () => {
    const bad = processXml(
      'apielementsbad',
      `<bpmn:startEvent id="s"/>${flow('f0', 's', 'notice')}
       <bpmn:sendTask id="notice" name="通知"/>${flow('f1', 'notice', 'reply')}
       <bpmn:receiveTask id="reply" messageRef="m1"/>${flow('f2', 'reply', 'e')}<bpmn:endEvent id="e"/>`,
      '<bpmn:message id="m1" name="property-reply"/>',
    );
    const res = await deploy(bad);
    expect(res.status).to.equal(400);
    const details = res.body.error.details.map((d: any) => [d.path, d.code]);
    expect(details).to.deep.include.members([
      ['notice', 'send-task.recipients'],
      ['reply', 'receive-task.correlation-key'],
    ]);
  });

  const ERRORS = '<bpmn:error id="notOurs" name="不属本部门" errorCode="NOT_OURS"/>';
  const back = `${flow('fb', 'b', 'back')}<bpmn:userTask id="back" name="重新派遣" grid:level="grid" grid:candidateRoles="handler"/>
    ${flow('fb2', 'back', 'e2')}<bpmn:endEvent id="e2"/>`;
  const openTask = (id: string) =>
    waitFor(async () => (await h.t.engine.openTasksOfCase(id))[0], `open task of ${id}`);
  const start = async (definitionKey: string) => {
    const res = await h.post('wangwei', '/api/instances', { definitionKey, gridUnit: GRID1, variables: {} });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    return res.body.id as string;
  };

  it('a service worker raising a BPMN error: the error boundary on the task routes the case back', async () => {
    const xml = processXml(
      'apierrsvc',
      `<bpmn:startEvent id="s"/>${flow('f0', 's', 'w')}
       <bpmn:serviceTask id="w" name="部门系统" grid:workerType="dept"/>${flow('f1', 'w', 'e')}<bpmn:endEvent id="e"/>
       <bpmn:boundaryEvent id="b" attachedToRef="w"><bpmn:errorEventDefinition errorRef="notOurs"/></bpmn:boundaryEvent>${back}`,
      ERRORS,
    );
    expect((await deploy(xml)).status).to.equal(201);
    const id = await start('apierrsvc');
    const task = await openTask(id);
    expect(task.nodeId).to.equal('back');
    const s = await h.t.engine.waitForIdle(id);
    expect(s.variables.belongsTo).to.equal('住建局');
    expect(Object.values(s.incidents)).to.deep.equal([]);
    const history = (await h.get('wangwei', `/api/instances/${id}/history?limit=500`)).body.items as any[];
    expect(history.map((x: any) => x.action)).to.include.members(['error-thrown', 'error-caught']);
  });

  it('an error end event in a sub-process: the boundary cancels it; uncaught errors become incidents', async () => {
    const xml = processXml(
      'apierrend',
      `<bpmn:startEvent id="s"/>${flow('f0', 's', 'sp')}
       <bpmn:subProcess id="sp"><bpmn:startEvent id="ss"/>${flow('fi', 'ss', 'check')}
         <bpmn:userTask id="check" name="核实" grid:level="grid" grid:candidateRoles="handler"/>${flow('fc', 'check', 'g')}
         <bpmn:exclusiveGateway id="g" default="fno"/>${flow('fyes', 'g', 'se', '=ours = true')}${flow('fno', 'g', 'ee')}
         <bpmn:endEvent id="se"/><bpmn:endEvent id="ee"><bpmn:errorEventDefinition errorRef="notOurs"/></bpmn:endEvent>
       </bpmn:subProcess>${flow('f1', 'sp', 'e')}<bpmn:endEvent id="e"/>
       <bpmn:boundaryEvent id="b" attachedToRef="sp"><bpmn:errorEventDefinition errorRef="notOurs"/></bpmn:boundaryEvent>${back}`,
      ERRORS,
    );
    expect((await deploy(xml)).status).to.equal(201);
    const id = await start('apierrend');
    const check = await openTask(id);
    const done = await h.post('wangwei', `/api/tasks/${check._id}/complete`, { data: { ours: false } });
    expect(done.status, JSON.stringify(done.body)).to.be.oneOf([200, 202]);
    const next = await waitFor(async () => {
      const t = await openTask(id);
      return t.nodeId === 'back' ? t : undefined;
    }, 'the task after the error');
    expect(next.name).to.equal('重新派遣');

    // the same error with no boundary: an incident at the error end event, visible through the API
    const bare = processXml(
      'apierrbare',
      `<bpmn:startEvent id="s"/>${flow('f0', 's', 'ee')}<bpmn:endEvent id="ee"><bpmn:errorEventDefinition errorRef="notOurs"/></bpmn:endEvent>`,
      ERRORS,
    );
    expect((await deploy(bare)).status).to.equal(201);
    const stuck = await start('apierrbare');
    const s = await waitFor(async () => {
      const st = await h.t.engine.waitForIdle(stuck);
      return Object.values(st.incidents).length ? st : undefined;
    }, 'the incident');
    expect(Object.values(s.incidents)[0]).to.include({ nodeId: 'ee', status: 'open' });
    expect(s.status).to.equal('active');
  });

  it('message boundary events: a reminder opens a side task (non-interrupting), a withdrawal cancels the case work', async () => {
    const xml = processXml(
      'apimsgboundary',
      `<bpmn:startEvent id="s" grid:formKey="api-start"/>${flow('f0', 's', 'handle')}
       <bpmn:userTask id="handle" name="办理" grid:level="grid" grid:candidateRoles="handler"/>${flow('f1', 'handle', 'e')}<bpmn:endEvent id="e"/>
       <bpmn:boundaryEvent id="remind" attachedToRef="handle" cancelActivity="false" grid:correlationKey="=caseNo"><bpmn:messageEventDefinition messageRef="mr"/></bpmn:boundaryEvent>
       ${flow('fr', 'remind', 'answer')}<bpmn:userTask id="answer" name="答复催问" grid:level="grid" grid:candidateRoles="handler"/>${flow('fa', 'answer', 'e2')}<bpmn:endEvent id="e2"/>
       <bpmn:boundaryEvent id="withdraw" attachedToRef="handle" grid:correlationKey="=caseNo"><bpmn:messageEventDefinition messageRef="mw"/></bpmn:boundaryEvent>
       ${flow('fw', 'withdraw', 'close')}<bpmn:userTask id="close" name="撤件归档" grid:level="grid" grid:candidateRoles="handler"/>${flow('fc', 'close', 'e3')}<bpmn:endEvent id="e3"/>`,
      '<bpmn:message id="mr" name="citizen-remind"/><bpmn:message id="mw" name="citizen-withdraw"/>',
    );
    expect((await deploy(xml)).status).to.equal(201);
    const res = await h.post('wangwei', '/api/instances', {
      definitionKey: 'apimsgboundary',
      gridUnit: GRID1,
      variables: { caseNo: 'MB-1' },
    });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    const id = res.body.id as string;
    const open = async () => (await h.t.engine.openTasksOfCase(id)).map((t) => t.nodeId).sort();
    await waitFor(async () => (await open()).includes('handle'), 'the task');
    await waitFor(
      async () => (await h.t.engine.store.collection('subscriptions').count({ instanceId: id })) === 2,
      'both boundary subscriptions',
    );

    const remind = await h.post('chenmin', '/api/messages', {
      name: 'citizen-remind',
      correlationKey: 'MB-1',
    });
    expect(remind.body).to.deep.equal({ correlated: 1, duplicate: false });
    await waitFor(async () => (await open()).join() === 'answer,handle', 'the side task beside the task');
    // it listens again: a second reminder opens a second side task
    await waitFor(
      async () => (await h.t.engine.store.collection('subscriptions').count({ instanceId: id })) === 2,
      'the reminder subscription again',
    );
    const again = await h.post('chenmin', '/api/messages', {
      name: 'citizen-remind',
      correlationKey: 'MB-1',
    });
    expect(again.body).to.deep.equal({ correlated: 1, duplicate: false });
    await waitFor(async () => (await open()).join() === 'answer,answer,handle', 'a second side task');

    const withdraw = await h.post('chenmin', '/api/messages', {
      name: 'citizen-withdraw',
      correlationKey: 'MB-1',
      variables: { withdrawn: true },
    });
    expect(withdraw.body).to.deep.equal({ correlated: 1, duplicate: false });
    await waitFor(
      async () => (await open()).join() === 'answer,answer,close',
      'the task cancelled, the close task',
    );
    const s = await h.t.engine.waitForIdle(id);
    expect(s.variables.withdrawn).to.equal(true);
    expect(Object.values(s.subscriptions)).to.deep.equal([]);
  });
});
