// The event-based gateway and signals end to end through the HTTP API on Redis: "wait for the property
// company's reply or 5 working days" (the message wins; the timer wins on the engine's manual clock), a signal
// thrown by one case caught by the cases of its street but not by a case of another street, signals thrown
// by supervisors within their subtree (404 outside it), and coded deploy refusals naming the element.
import { expect } from 'chai';
import { GRID1, GRID2 } from '../helpers/engine.js';
import type { InstanceState } from '../../engine/runtime/types.js';
import { fireUntil, harness, waitFor, type Harness } from './helpers.js';
import { flow, processXml, START_FORM } from './fixtures.js';

/** A grid of the other street (江滨街道), where wujing handles cases */
const OTHER_STREET_GRID = '310117002001001';
const DAY = 86_400_000;
const task = (id: string, name: string) =>
  `<bpmn:userTask id="${id}" name="${name}" grid:level="grid" grid:candidateRoles="handler"/>`;

const GATEWAY_FLOW = processXml(
  'apievgw',
  `<bpmn:startEvent id="s" grid:formKey="api-start"/>${flow('f0', 's', 'gw')}
   <bpmn:eventBasedGateway id="gw" name="等物业回复或5个工作日"/>${flow('f1', 'gw', 'reply')}${flow('f2', 'gw', 'late')}
   <bpmn:intermediateCatchEvent id="reply" name="物业回复" grid:correlationKey="=caseNo"><bpmn:messageEventDefinition messageRef="m1"/></bpmn:intermediateCatchEvent>
   <bpmn:intermediateCatchEvent id="late" name="5个工作日"><bpmn:timerEventDefinition grid:calendar="workday"><bpmn:timeDuration>P5D</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
   ${flow('f3', 'reply', 'check')}${task('check', '核查回复')}${flow('f4', 'check', 'e')}
   ${flow('f5', 'late', 'urge')}${task('urge', '催办物业')}${flow('f6', 'urge', 'e')}<bpmn:endEvent id="e"/>`,
  '<bpmn:message id="m1" name="property-reply"/>',
  '物业回复或超时',
);

const SIGNAL_ROOT = '<bpmn:signal id="sg1" name="typhoon-warning"/>';
const WAITER = processXml(
  'apisigwait',
  `<bpmn:startEvent id="s"/>${flow('f0', 's', 'warned')}
   <bpmn:intermediateCatchEvent id="warned" name="台风预警"><bpmn:signalEventDefinition signalRef="sg1"/></bpmn:intermediateCatchEvent>
   ${flow('f1', 'warned', 'secure')}${task('secure', '加固广告牌')}${flow('f2', 'secure', 'e')}<bpmn:endEvent id="e"/>`,
  SIGNAL_ROOT,
  '等待台风预警',
);
const THROWER = processXml(
  'apisigthrow',
  `<bpmn:startEvent id="s"/>${flow('f0', 's', 'assess')}${task('assess', '研判')}${flow('f1', 'assess', 'warn')}
   <bpmn:endEvent id="warn" name="发布台风预警"><bpmn:signalEventDefinition signalRef="sg1"/></bpmn:endEvent>`,
  SIGNAL_ROOT,
  '发布台风预警',
);

describe('API: event-based gateway and signals', () => {
  let h: Harness;
  before(async () => {
    h = await harness();
    h.t.engine.forms.register('api-start', START_FORM);
    for (const xml of [GATEWAY_FLOW, WAITER, THROWER]) {
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
  async function start(user: string, definitionKey: string, gridUnit: string, variables = {}) {
    const res = await h.post(user, '/api/instances', { definitionKey, gridUnit, variables });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    return res.body.id as string;
  }
  const subscriptions = (instanceId: string) =>
    h.t.engine.store.collection('subscriptions').count({ instanceId });
  const waiting = (id: string) =>
    waitFor(async () => (await subscriptions(id)) > 0, `the subscriptions of ${id}`);
  const openTask = (id: string) =>
    waitFor(async () => (await h.t.engine.openTasksOfCase(id))[0], `the open task of ${id}`);
  const actions = async (id: string, elementId: string) =>
    ((await h.get('admin', `/api/instances/${id}/history?limit=500`)).body.items as any[])
      .filter((x) => x.elementId === elementId)
      .map((x) => x.action);

  it('the reply wins: the case goes to the check, the 5-working-day timer is cancelled', async () => {
    const id = await start('wangwei', 'apievgw', GRID1, { caseNo: 'GW-1' });
    await waiting(id);
    const sent = await h.post('chenmin', '/api/messages', { name: 'property-reply', correlationKey: 'GW-1' });
    expect(sent.body).to.deep.equal({ correlated: 1, duplicate: false });
    expect((await openTask(id)).nodeId).to.equal('check');
    const s = await h.t.engine.waitForIdle(id);
    expect(s.timers).to.deep.equal({});
    expect(await subscriptions(id)).to.equal(0);
    // the timer job was removed with it: five working days later nothing happens to the case
    h.t.clock.advance(8 * DAY);
    await h.t.engine.fireDueTimers();
    const later = await h.t.engine.waitForIdle(id);
    expect(Object.values(later.tokens).map((t) => t.nodeId)).to.deep.equal(['check']);
    expect(await actions(id, 'late')).to.deep.equal([]);
    expect(await actions(id, 'gw')).to.include.members(['enter', 'leave']);
    expect(await actions(id, 'reply')).to.include.members(['message-received', 'leave']);
  });

  it('no reply in 5 working days: the timer wins on the engine clock, a late reply correlates nothing', async () => {
    const id = await start('wangwei', 'apievgw', GRID1, { caseNo: 'GW-2' });
    await waiting(id);
    const armed = await h.t.engine.waitForIdle(id);
    const due = Object.values(armed.timers)[0].dueAt;
    // five working days from a Monday morning: the next Monday (the weekend does not count)
    expect(due - h.t.clock.now()).to.be.at.least(7 * DAY);
    h.t.clock.set(due - 1);
    await h.t.engine.fireDueTimers();
    expect(Object.values((await h.t.engine.waitForIdle(id)).tokens).map((t) => t.on)).to.deep.equal([
      'event',
    ]);
    h.t.clock.set(due);
    const fired = await fireUntil(h, id, (s: InstanceState) => Object.values(s.tasks).length > 0);
    expect(Object.values(fired.tasks).map((t) => t.nodeId)).to.deep.equal(['urge']);
    expect(await subscriptions(id)).to.equal(0);
    const late = await h.post('chenmin', '/api/messages', { name: 'property-reply', correlationKey: 'GW-2' });
    expect(late.body).to.deep.equal({ correlated: 0, duplicate: false });
    expect(await actions(id, 'reply')).to.deep.equal([]);
  });

  it('the reply and the timer at the same moment: exactly one path is taken', async () => {
    const ids = [];
    for (let i = 0; i < 4; i++) ids.push(await start('wangwei', 'apievgw', GRID1, { caseNo: `GW-R${i}` }));
    for (const id of ids) await waiting(id);
    const due = Math.max(
      ...(await Promise.all(
        ids.map(async (id) => Object.values((await h.t.engine.waitForIdle(id)).timers)[0].dueAt),
      )),
    );
    h.t.clock.set(due);
    // the timers fire while the replies are posted (twice each: an at-least-once sender)
    await Promise.all([
      h.t.engine.fireDueTimers(),
      ...ids.flatMap((_, i) =>
        [0, 1].map(() =>
          h.post('chenmin', '/api/messages', { name: 'property-reply', correlationKey: `GW-R${i}` }),
        ),
      ),
    ]);
    // every delivery ran (the losers too), so a second path would be there by now
    await waitFor(async () => {
      const d = await h.t.engine.queues.depths();
      return [d.steps, d.timers].every((q) => q.waiting + q.active + (q.delayed ?? 0) === 0);
    }, 'the step and timer queues to drain');
    for (const id of ids) {
      const s = await waitFor(async () => {
        const x = await h.t.engine.waitForIdle(id);
        return Object.values(x.tasks).length ? x : undefined;
      }, `the path taken by ${id}`);
      expect(Object.values(s.tasks).map((t) => t.nodeId)).to.have.length(1);
      expect(s.timers).to.deep.equal({});
      expect(await subscriptions(id)).to.equal(0);
      expect((await actions(id, 'gw')).filter((a) => a === 'leave')).to.have.length(1);
    }
  });

  it('a signal thrown by a case reaches the waiting cases of its street, not a case of another street', async () => {
    const near1 = await start('wangwei', 'apisigwait', GRID1);
    const near2 = await start('lina', 'apisigwait', GRID2);
    const far = await start('wujing', 'apisigwait', OTHER_STREET_GRID);
    for (const id of [near1, near2, far]) await waiting(id);

    const thrower = await start('wangwei', 'apisigthrow', GRID1);
    const assess = await openTask(thrower);
    const done = await h.post('wangwei', `/api/tasks/${assess._id}/complete`, { data: {} });
    expect(done.status, JSON.stringify(done.body)).to.be.oneOf([200, 202]);
    const ended = await waitFor(async () => {
      const s = await h.t.engine.waitForIdle(thrower);
      return s.status === 'completed' ? s : undefined;
    }, 'the end of the throwing case');
    expect(ended.status).to.equal('completed');
    const thrown = (await h.get('admin', `/api/instances/${thrower}/history?limit=500`)).body.items.find(
      (x: any) => x.action === 'signal-thrown',
    );
    // the street of 第1网格: 莘亭街道
    expect(thrown.details).to.include({ name: 'typhoon-warning', unit: '310117001' });

    for (const id of [near1, near2]) expect((await openTask(id)).nodeId).to.equal('secure');
    expect(await actions(near1, 'warned')).to.include.members(['signal-received', 'leave']);
    // the receivers were chosen once, by the indexed query, when the signal was thrown: not the far case
    const recorded = await h.t.engine.store.collection('signals').findOne({ _id: thrown.details.signalId });
    expect(recorded!.targets.map((t: { instanceId: string }) => t.instanceId).sort()).to.deep.equal(
      [near1, near2].sort(),
    );
    const still = await h.t.engine.waitForIdle(far);
    expect(Object.values(still.tokens).map((t) => `${t.nodeId}:${t.on}`)).to.deep.equal(['warned:signal']);
    expect(await subscriptions(far)).to.equal(1);
  });

  it('POST /api/signals: a supervisor throws within the subtree (idempotent by signalId), 404 outside it', async () => {
    const far = await start('wujing', 'apisigwait', OTHER_STREET_GRID);
    const near = await start('wangwei', 'apisigwait', GRID1);
    await waiting(far);
    await waiting(near);
    // 江滨街道's supervisor: not 莘亭街道, and a handler throws nothing
    const outside = await h.post('zhengbo', '/api/signals', { name: 'typhoon-warning', unit: '310117001' });
    expect(outside.status).to.equal(404);
    expect(outside.body.error.code).to.equal('unit.not-found');
    expect(
      (await h.post('wangwei', '/api/signals', { name: 'typhoon-warning', unit: GRID1 })).status,
    ).to.equal(404);
    expect((await h.post('admin', '/api/signals', { name: 'typhoon-warning' })).status).to.equal(400);

    const body = {
      name: 'typhoon-warning',
      unit: '310117002',
      variables: { level: '橙色' },
      signalId: 'sig-A1',
    };
    const res = await h.post('zhengbo', '/api/signals', body);
    expect(res.status, JSON.stringify(res.body)).to.be.oneOf([200, 201]);
    // both cases of the other street waiting since the earlier test and this one
    expect(res.body).to.include({ signalId: 'sig-A1', duplicate: false });
    expect(res.body.received).to.be.at.least(1);
    const task = await openTask(far);
    expect(task.nodeId).to.equal('secure');
    expect((await h.t.engine.waitForIdle(far)).variables.level).to.equal('橙色');
    const again = await h.post('zhengbo', '/api/signals', body);
    expect(again.body).to.deep.include({ signalId: 'sig-A1', duplicate: true, received: res.body.received });
    // the case of 莘亭街道 did not hear it
    const recorded = await h.t.engine.store.collection('signals').findOne({ _id: 'sig-A1' });
    const reached = recorded!.targets.map((t: { instanceId: string }) => t.instanceId);
    expect(reached).to.include(far).and.not.include(near);
    expect(reached).to.have.length(res.body.received);
    expect(await subscriptions(near)).to.equal(1);
    expect(await h.t.engine.tasksOfCase(far)).to.have.length(1);
  });

  it('refuses misconfigured gateways and signals at deploy with a stable code naming the element', async () => {
    const bad = processXml(
      'apievgwbad',
      `<bpmn:startEvent id="s"/>${flow('f0', 's', 'gw')}<bpmn:eventBasedGateway id="gw"/>
       ${flow('f1', 'gw', 'reply', '=true')}${flow('f2', 'gw', 'work')}
       <bpmn:intermediateCatchEvent id="reply" grid:correlationKey="=caseNo"><bpmn:messageEventDefinition messageRef="m1"/></bpmn:intermediateCatchEvent>
       ${task('work', '办理')}${flow('f3', 'reply', 'e')}${flow('f4', 'work', 'e')}
       <bpmn:endEvent id="e"><bpmn:signalEventDefinition/></bpmn:endEvent>`,
      '<bpmn:message id="m1" name="property-reply"/>',
    );
    const res = await deploy(bad);
    expect(res.status).to.equal(400);
    expect(res.body.error.details.map((d: any) => [d.path, d.code])).to.deep.include.members([
      ['f1', 'event-gateway.condition'],
      ['work', 'event-gateway.target'],
      ['e', 'signal.name'],
    ]);
  });
});
