// Event sub-processes end to end through the HTTP API on Redis: a citizen withdrawing the complaint (a
// message) interrupts a whole mediation — its task is cancelled and the case closes by the withdrawal path; a
// non-interrupting timer event sub-process reminds the community every 3 working days while the case runs
// (the engine's manual clock), and stops with the case; a department system's BPMN error inside a sub-process
// starts the process's error event sub-process; coded deploy refusals naming the element.
import { expect } from 'chai';
import { GRID1 } from '../helpers/engine.js';
import type { InstanceState } from '../../engine/runtime/types.js';
import { BpmnError } from '../../engine/queue/workers.js';
import { fireUntil, harness, waitFor, type Harness } from './helpers.js';
import { flow, processXml, START_FORM } from './fixtures.js';

const task = (id: string, name: string) =>
  `<bpmn:userTask id="${id}" name="${name}" grid:level="grid" grid:candidateRoles="handler"/>`;

/** start → 调解 (a sub-process: mediate) → 回访 → end; withdrawn: an interrupting message event sub-process */
const WITHDRAWABLE = processXml(
  'apiespwithdraw',
  `<bpmn:startEvent id="s" grid:formKey="api-start"/>${flow('f0', 's', 'mediation')}
   <bpmn:subProcess id="mediation" name="调解">
     <bpmn:startEvent id="ms"/>${flow('m0', 'ms', 'mediate')}${task('mediate', '组织调解')}${flow('m1', 'mediate', 'me')}<bpmn:endEvent id="me"/>
   </bpmn:subProcess>
   ${flow('f1', 'mediation', 'visit')}${task('visit', '回访')}${flow('f2', 'visit', 'e')}<bpmn:endEvent id="e"/>
   <bpmn:subProcess id="withdrawn" name="群众撤诉" triggeredByEvent="true">
     <bpmn:startEvent id="ws" name="收到撤诉" grid:correlationKey="=caseNo"><bpmn:messageEventDefinition messageRef="mw"/></bpmn:startEvent>
     ${flow('w0', 'ws', 'closeWithdrawn')}${task('closeWithdrawn', '撤诉结案')}${flow('w1', 'closeWithdrawn', 'we')}<bpmn:endEvent id="we"/>
   </bpmn:subProcess>`,
  '<bpmn:message id="mw" name="complaint-withdrawn"/>',
  '可撤诉的调解',
);

/** start → 处置 → end; remind: a non-interrupting timer event sub-process, every 3 working days */
const REMINDED = processXml(
  'apiespremind',
  `<bpmn:startEvent id="s"/>${flow('f0', 's', 'handle')}${task('handle', '处置')}${flow('f1', 'handle', 'e')}<bpmn:endEvent id="e"/>
   <bpmn:subProcess id="remind" name="定期催办" triggeredByEvent="true">
     <bpmn:startEvent id="rs" name="每3个工作日" isInterrupting="false"><bpmn:timerEventDefinition grid:calendar="workday"><bpmn:timeCycle>R/P3D</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:startEvent>
     ${flow('r0', 'rs', 'notice')}<bpmn:sendTask id="notice" name="催办提醒" grid:level="community" grid:candidateRoles="supervisor"/>${flow('r1', 'notice', 're')}<bpmn:endEvent id="re"/>
   </bpmn:subProcess>`,
  '',
  '定期催办的处置',
);

/** start → 部门处置 (a sub-process: the department's system) → end; misrouted: an error event sub-process */
const REROUTED = processXml(
  'apiesperror',
  `<bpmn:startEvent id="s"/>${flow('f0', 's', 'dept')}
   <bpmn:subProcess id="dept" name="部门处置">
     <bpmn:startEvent id="ds"/>${flow('d0', 'ds', 'call')}<bpmn:serviceTask id="call" name="部门系统" grid:workerType="espdept"/>${flow('d1', 'call', 'de')}<bpmn:endEvent id="de"/>
   </bpmn:subProcess>
   ${flow('f1', 'dept', 'e')}<bpmn:endEvent id="e"/>
   <bpmn:subProcess id="misrouted" name="派遣错误" triggeredByEvent="true">
     <bpmn:startEvent id="xs" name="不属本部门"><bpmn:errorEventDefinition errorRef="notOurs"/></bpmn:startEvent>
     ${flow('x0', 'xs', 'redispatch')}${task('redispatch', '重新派遣')}${flow('x1', 'redispatch', 'xe')}<bpmn:endEvent id="xe"/>
   </bpmn:subProcess>`,
  '<bpmn:error id="notOurs" name="不属本部门" errorCode="NOT_OURS"/>',
  '部门处置与派遣错误',
);

describe('API: event sub-processes', () => {
  let h: Harness;
  before(async () => {
    h = await harness(
      {},
      {
        services: {
          // the department's system answers "not ours" with the department it belongs to
          espdept: async () => {
            throw new BpmnError('NOT_OURS', 'not our department', { belongsTo: '住建局' });
          },
        },
      },
    );
    h.t.engine.forms.register('api-start', START_FORM);
    for (const xml of [WITHDRAWABLE, REMINDED, REROUTED]) {
      const res = await deploy(xml);
      expect(res.status, JSON.stringify(res.body)).to.equal(201);
    }
  });
  after(() => h.close());

  async function deploy(xml: string) {
    return h
      .http()
      .post('/api/definitions')
      .set('Authorization', `Bearer ${await h.token('admin')}`)
      .set('Content-Type', 'application/xml')
      .send(xml);
  }
  async function start(definitionKey: string, variables = {}) {
    const res = await h.post('wangwei', '/api/instances', { definitionKey, gridUnit: GRID1, variables });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    return res.body.id as string;
  }
  const openTask = (id: string, nodeId: string) =>
    waitFor(
      async () => (await h.t.engine.openTasksOfCase(id)).find((t) => t.nodeId === nodeId),
      `the open task ${nodeId} of ${id}`,
    );
  const complete = async (taskId: string) => {
    const done = await h.post('wangwei', `/api/tasks/${taskId}/complete`, { data: {} });
    expect(done.status, JSON.stringify(done.body)).to.be.oneOf([200, 202]);
  };
  const ended = (id: string) =>
    waitFor(async () => {
      const s = await h.t.engine.waitForIdle(id);
      return s.status !== 'active' ? s : undefined;
    }, `the end of ${id}`);
  const history = async (id: string) =>
    (await h.get('admin', `/api/instances/${id}/history?limit=500`)).body.items as any[];
  const reminders = async () =>
    ((await h.get('chenmin', '/api/notifications?pageSize=100')).body.items as any[]).filter(
      (n) => n.title === '催办提醒',
    ).length;

  it('the citizen withdraws the complaint: the whole mediation is cancelled, the case closes by the withdrawal', async () => {
    const id = await start('apiespwithdraw', { caseNo: 'ESP-W1' });
    const mediate = await openTask(id, 'mediate');
    const subs = h.t.engine.store.collection('subscriptions');
    expect(await subs.count({ instanceId: id })).to.equal(1);
    // another case's withdrawal does not touch it
    const other = await h.post('admin', '/api/messages', {
      name: 'complaint-withdrawn',
      correlationKey: 'ESP-X',
    });
    expect(other.body).to.deep.equal({ correlated: 0, duplicate: false });

    const sent = await h.post('chenmin', '/api/messages', {
      name: 'complaint-withdrawn',
      correlationKey: 'ESP-W1',
      variables: { withdrawReason: '双方已自行和解' },
    });
    expect(sent.body).to.deep.equal({ correlated: 1, duplicate: false });
    const closing = await openTask(id, 'closeWithdrawn');
    const s = await h.t.engine.waitForIdle(id);
    expect(s.tasks[mediate._id].status).to.equal('cancelled');
    expect(Object.values(s.tokens).map((t) => `${t.nodeId}:${t.on}`)).to.have.members([
      'withdrawn:sub-process',
      'closeWithdrawn:task',
    ]);
    expect(s.variables.withdrawReason).to.equal('双方已自行和解');
    expect(await subs.count({ instanceId: id })).to.equal(0);
    // a second withdrawal finds nothing to wake
    const again = await h.post('chenmin', '/api/messages', {
      name: 'complaint-withdrawn',
      correlationKey: 'ESP-W1',
    });
    expect(again.body.correlated).to.equal(0);

    await complete(closing._id);
    expect((await ended(id)).status).to.equal('completed');
    const records = await history(id);
    expect(records.find((r) => r.action === 'event-subprocess-triggered')).to.include({
      elementId: 'ws',
      to: 'interrupting',
    });
    expect(records.filter((r) => r.elementId === 'visit')).to.deep.equal([]);
  });

  it('a reminder every 3 working days while the case runs, none after it closes', async () => {
    const id = await start('apiespremind');
    const handle = await openTask(id, 'handle');
    const before = await reminders();
    const armed = await h.t.engine.waitForIdle(id);
    const first = Object.values(armed.timers).find((t) => t.nodeId === 'rs')!;
    expect(first.calendar).to.equal('workday');

    h.t.clock.set(first.dueAt - 1);
    await h.t.engine.fireDueTimers();
    expect(await reminders()).to.equal(before);

    h.t.clock.set(first.dueAt);
    const once = await fireUntil(h, id, (s: InstanceState) =>
      Object.values(s.timers).some((t) => t.dueAt > first.dueAt),
    );
    await waitFor(async () => (await reminders()) === before + 1, 'the first reminder');
    const second = Object.values(once.timers).find((t) => t.nodeId === 'rs')!;
    // three working days on from the first: a weekend in between makes it more than 3 calendar days
    expect(second.dueAt - first.dueAt).to.be.at.least(3 * 86_400_000);
    // the task is untouched by the reminder; the reminder's instance ended at once (a send task)
    expect(once.tasks[handle._id].status).to.equal('open');
    expect(Object.values(once.tokens).map((t) => `${t.nodeId}:${t.on}`)).to.have.members([
      'handle:task',
      'remind:event-subprocess',
    ]);

    h.t.clock.set(second.dueAt);
    await fireUntil(h, id, (s: InstanceState) => Object.values(s.timers).some((t) => t.dueAt > second.dueAt));
    await waitFor(async () => (await reminders()) === before + 2, 'the second reminder');

    await complete(handle._id);
    const done = await ended(id);
    expect(done.status).to.equal('completed');
    expect(done.timers).to.deep.equal({});
    h.t.clock.advance(10 * 86_400_000);
    await h.t.engine.fireDueTimers();
    await new Promise((r) => setTimeout(r, 200));
    expect(await reminders()).to.equal(before + 2);
    const triggered = (await history(id)).filter((r) => r.action === 'event-subprocess-triggered');
    expect(triggered.map((r) => r.to)).to.deep.equal(['non-interrupting', 'non-interrupting']);
  });

  it('a department system raising a BPMN error inside a sub-process: the error event sub-process re-dispatches', async () => {
    const id = await start('apiesperror');
    const redispatch = await openTask(id, 'redispatch');
    const s = await h.t.engine.waitForIdle(id);
    expect(s.variables.belongsTo).to.equal('住建局');
    expect(Object.values(s.incidents)).to.deep.equal([]);
    expect(Object.values(s.tokens).map((t) => `${t.nodeId}:${t.on}`)).to.have.members([
      'misrouted:sub-process',
      'redispatch:task',
    ]);
    await complete(redispatch._id);
    expect((await ended(id)).status).to.equal('completed');
    const records = await history(id);
    expect(records.find((r) => r.action === 'error-caught')).to.include({ elementId: 'xs' });
    expect(records.filter((r) => r.elementId === 'e')).to.deep.equal([]);
  });

  it('refuses an event sub-process with a flow into it and a non-interrupting error start, naming each', async () => {
    const bad = processXml(
      'apiespbad',
      `<bpmn:startEvent id="s"/>${flow('f0', 's', 'handle')}${task('handle', '处置')}${flow('f1', 'handle', 'esp')}
       <bpmn:subProcess id="esp" triggeredByEvent="true">
         <bpmn:startEvent id="es" isInterrupting="false"><bpmn:errorEventDefinition errorRef="err"/></bpmn:startEvent>
         ${flow('x0', 'es', 'xe')}<bpmn:endEvent id="xe"/>
       </bpmn:subProcess>`,
      '<bpmn:error id="err" errorCode="E1"/>',
    );
    const res = await deploy(bad);
    expect(res.status).to.equal(400);
    expect(res.body.error.details.map((d: any) => [d.path, d.code])).to.deep.include.members([
      ['esp', 'event-subprocess.flows'],
      ['es', 'event-subprocess.error-non-interrupting'],
    ]);
  });
});
