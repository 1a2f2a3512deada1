import { expect } from 'chai';
import { GRID1, testEngine, type TestEngine } from '../helpers/engine.js';
import { flow, processXml, userTask } from './fixtures.js';
import type { HistoryRecord, InstanceState } from '../../engine/runtime/types.js';
import { driver } from './drive.js';

const HOUR = 3600_000;

describe('engine: supported BPMN elements', () => {
  let t: TestEngine;
  let failNext = true;
  before(async () => {
    t = await testEngine({
      services: {
        flaky: async () => {
          if (failNext) throw new Error('downstream system unavailable');
          return { archived: true };
        },
      },
    });
  });
  after(() => t.close());

  const { run, open, complete } = driver(() => t.engine);

  it('parallel gateway: forks into both branches and joins once both are done', async () => {
    const s = await run(
      'par',
      `<bpmn:startEvent id="s"/>${flow('f0', 's', 'fork')}
       <bpmn:parallelGateway id="fork"/>${flow('fa', 'fork', 'a')}${flow('fb', 'fork', 'b')}
       ${userTask('a')}${userTask('b')}${flow('fa2', 'a', 'join')}${flow('fb2', 'b', 'join')}
       <bpmn:parallelGateway id="join"/>${flow('fj', 'join', 'after')}${userTask('after')}${flow('fe', 'after', 'e')}
       <bpmn:endEvent id="e"/>`,
    );
    expect((await open(s._id)).map((x) => x.nodeId)).to.deep.equal(['a', 'b']);
    await complete(s._id, 'a');
    expect((await open(s._id)).map((x) => x.nodeId)).to.deep.equal(['b']);
    await complete(s._id, 'b');
    expect((await open(s._id)).map((x) => x.nodeId)).to.deep.equal(['after']);
    expect((await complete(s._id, 'after')).status).to.equal('completed');
  });

  it('inclusive gateway: activates the branches whose conditions hold and joins just those', async () => {
    const s = await run(
      'incl',
      `<bpmn:startEvent id="s"/>${flow('f0', 's', 'fork')}
       <bpmn:inclusiveGateway id="fork" default="fz"/>
       ${flow('fx', 'fork', 'x', '=police')}${flow('fy', 'fork', 'y', '=fire')}${flow('fz', 'fork', 'z')}
       ${userTask('x')}${userTask('y')}${userTask('z')}
       ${flow('fx2', 'x', 'join')}${flow('fy2', 'y', 'join')}${flow('fz2', 'z', 'join')}
       <bpmn:inclusiveGateway id="join"/>${flow('fj', 'join', 'after')}${userTask('after')}${flow('fe', 'after', 'e')}
       <bpmn:endEvent id="e"/>`,
      { police: true, fire: true },
    );
    expect((await open(s._id)).map((x) => x.nodeId)).to.deep.equal(['x', 'y']);
    await complete(s._id, 'y');
    expect((await open(s._id)).map((x) => x.nodeId)).to.deep.equal(['x']);
    await complete(s._id, 'x');
    expect((await open(s._id)).map((x) => x.nodeId)).to.deep.equal(['after']);
  });

  it('intermediate timer catch: duration on the workday calendar and an ISO date', async () => {
    const s = await run(
      'timers',
      `<bpmn:startEvent id="s"/>${flow('f0', 's', 'wait')}
       <bpmn:intermediateCatchEvent id="wait"><bpmn:timerEventDefinition grid:calendar="workday"><bpmn:timeDuration>PT4H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
       ${flow('f1', 'wait', 'until')}
       <bpmn:intermediateCatchEvent id="until"><bpmn:timerEventDefinition><bpmn:timeDate>=deadline</bpmn:timeDate></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
       ${flow('f2', 'until', 'e')}<bpmn:endEvent id="e"/>`,
      { deadline: '2026-03-04T10:00:00+08:00' },
    );
    const timer = Object.values(s.timers)[0];
    // Monday 09:00 + 4 working hours, lunch 12:00–13:30 excluded → 14:30 Shanghai
    expect(new Date(timer.dueAt).toISOString()).to.equal('2026-03-02T06:30:00.000Z');
    t.clock.advance(5.5 * HOUR);
    expect(await t.engine.fireDueTimers()).to.equal(1);
    const s2 = await waitTimers(s._id, (st) => Object.values(st.timers)[0]?.nodeId === 'until');
    expect(new Date(Object.values(s2.timers)[0].dueAt).toISOString()).to.equal('2026-03-04T02:00:00.000Z');
    t.clock.set(Date.parse('2026-03-04T02:00:01Z'));
    await t.engine.fireDueTimers();
    expect((await waitTimers(s._id, (st) => st.status === 'completed')).status).to.equal('completed');
  });

  async function waitTimers(id: string, done: (s: InstanceState) => boolean): Promise<InstanceState> {
    for (let i = 0; i < 200; i++) {
      const s = await t.engine.waitForIdle(id);
      if (done(s)) return s;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error('condition not reached');
  }

  it('interrupting timer boundary: cancels the task and takes the timeout path', async () => {
    const s = await run(
      'bint',
      `<bpmn:startEvent id="s"/>${flow('f0', 's', 'work')}${userTask('work')}${flow('f1', 'work', 'e')}
       <bpmn:boundaryEvent id="late" attachedToRef="work"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
       ${flow('f2', 'late', 'handleLate')}${userTask('handleLate')}${flow('f3', 'handleLate', 'e')}<bpmn:endEvent id="e"/>`,
    );
    t.clock.advance(HOUR);
    await t.engine.fireDueTimers();
    const s2 = await waitTimers(s._id, (st) =>
      Object.values(st.tasks).some((x) => x.nodeId === 'handleLate'),
    );
    expect(Object.values(s2.tasks).find((x) => x.nodeId === 'work')!.status).to.equal('cancelled');
    expect((await open(s._id)).map((x) => x.nodeId)).to.deep.equal(['handleLate']);
  });

  it('non-interrupting timer boundary: the task stays open and a reminder path runs', async () => {
    const s = await run(
      'bnon',
      `<bpmn:startEvent id="s"/>${flow('f0', 's', 'work')}${userTask('work')}${flow('f1', 'work', 'e')}
       <bpmn:boundaryEvent id="remind" attachedToRef="work" cancelActivity="false"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
       ${flow('f2', 'remind', 'note')}${userTask('note')}${flow('f3', 'note', 'e2')}<bpmn:endEvent id="e"/><bpmn:endEvent id="e2"/>`,
    );
    t.clock.advance(HOUR);
    await t.engine.fireDueTimers();
    await waitTimers(s._id, (st) => Object.values(st.tasks).some((x) => x.nodeId === 'note'));
    expect((await open(s._id)).map((x) => x.nodeId)).to.deep.equal(['note', 'work']);
    await complete(s._id, 'note');
    expect((await complete(s._id, 'work')).status).to.equal('completed');
  });

  it('message catch: waits for the message with its correlation key; a duplicate delivery changes nothing', async () => {
    await t.engine.deploy(
      processXml(
        'msg',
        `<bpmn:startEvent id="s"/>${flow('f0', 's', 'reply')}
         <bpmn:intermediateCatchEvent id="reply" grid:correlationKey="=caseNo"><bpmn:messageEventDefinition messageRef="m1"/></bpmn:intermediateCatchEvent>
         ${flow('f1', 'reply', 'check')}${userTask('check')}${flow('f2', 'check', 'e')}<bpmn:endEvent id="e"/>`,
        '<bpmn:message id="m1" name="partyReply"/>',
      ),
    );
    const a = await t.engine.start('msg', { gridUnit: GRID1, variables: { caseNo: 'C-42' } }, 'wangwei');
    const b = await t.engine.start('msg', { gridUnit: GRID1, variables: { caseNo: 'C-43' } }, 'wangwei');
    await t.engine.waitForIdle(a._id);
    await t.engine.waitForIdle(b._id);
    const first = await t.engine.correlateMessage('partyReply', 'C-42', { reply: 'agree' }, 'msg-1');
    expect(first).to.deep.equal({ correlated: 1, duplicate: false });
    const again = await t.engine.correlateMessage('partyReply', 'C-42', { reply: 'changed' }, 'msg-1');
    expect(again).to.deep.equal({ correlated: 1, duplicate: true });
    const sa = await waitTimers(a._id, (st) => Object.keys(st.subscriptions).length === 0);
    expect(sa.variables.reply).to.equal('agree');
    expect((await open(a._id)).map((x) => x.nodeId)).to.deep.equal(['check']);
    const sb = await t.engine.waitForIdle(b._id);
    expect(Object.keys(sb.subscriptions)).to.have.length(1);
    const h = (await t.engine.history(a._id)).filter((r) => r.action === 'message-received');
    expect(h).to.have.length(1);
  });

  it('embedded sub-process with escalation: non-interrupting catch spawns a path, escalation end interrupts', async () => {
    const s = await run(
      'esc',
      `<bpmn:startEvent id="s"/>${flow('f0', 's', 'sub')}
       <bpmn:subProcess id="sub">
         <bpmn:startEvent id="ss"/>${flow('g0', 'ss', 'notify')}
         <bpmn:intermediateThrowEvent id="notify"><bpmn:escalationEventDefinition escalationRef="escInfo"/></bpmn:intermediateThrowEvent>
         ${flow('g1', 'notify', 'inner')}${userTask('inner')}${flow('g2', 'inner', 'giveUp')}
         <bpmn:endEvent id="giveUp"><bpmn:escalationEventDefinition escalationRef="escUp"/></bpmn:endEvent>
       </bpmn:subProcess>
       ${flow('f1', 'sub', 'done')}<bpmn:endEvent id="done"/>
       <bpmn:boundaryEvent id="onInfo" attachedToRef="sub" cancelActivity="false"><bpmn:escalationEventDefinition escalationRef="escInfo"/></bpmn:boundaryEvent>
       ${flow('f2', 'onInfo', 'inform')}${userTask('inform')}${flow('f3', 'inform', 'e2')}<bpmn:endEvent id="e2"/>
       <bpmn:boundaryEvent id="onUp" attachedToRef="sub"><bpmn:escalationEventDefinition escalationRef="escUp"/></bpmn:boundaryEvent>
       ${flow('f4', 'onUp', 'street')}${userTask('street', 'grid:level="street" grid:candidateRoles="supervisor"')}${flow('f5', 'street', 'e3')}<bpmn:endEvent id="e3"/>`,
      {},
      '<bpmn:escalation id="escInfo" escalationCode="info"/><bpmn:escalation id="escUp" escalationCode="up"/>',
    );
    expect((await open(s._id)).map((x) => x.nodeId)).to.deep.equal(['inform', 'inner']);
    const s2 = await complete(s._id, 'inner');
    expect((await open(s2._id)).map((x) => x.nodeId)).to.deep.equal(['inform', 'street']);
    expect(Object.values(s2.scopes).map((x) => x.nodeId)).to.deep.equal(['process']);
    await complete(s._id, 'inform');
    expect((await complete(s._id, 'street')).status).to.equal('completed');
  });

  it('terminate end event ends the whole instance, cancelling the other branch', async () => {
    const s = await run(
      'term',
      `<bpmn:startEvent id="s"/>${flow('f0', 's', 'fork')}<bpmn:parallelGateway id="fork"/>
       ${flow('fa', 'fork', 'a')}${flow('fb', 'fork', 'b')}${userTask('a')}${userTask('b')}
       ${flow('fa2', 'a', 'kill')}${flow('fb2', 'b', 'e')}
       <bpmn:endEvent id="kill"><bpmn:terminateEventDefinition/></bpmn:endEvent><bpmn:endEvent id="e"/>`,
    );
    const done = await complete(s._id, 'a');
    expect(done.status).to.equal('completed');
    expect(Object.values(done.tasks).find((x) => x.nodeId === 'b')!.status).to.equal('cancelled');
    expect(await open(s._id)).to.have.length(0);
  });

  it('service task: a failing call retries with backoff, then raises an incident an admin can retry after the fix', async () => {
    failNext = true;
    // waitForIdle returns once the token is parked as an incident (retries exhausted)
    const s = await run(
      'svc',
      `<bpmn:startEvent id="s"/>${flow('f0', 's', 'archive')}
       <bpmn:serviceTask id="archive" grid:workerType="flaky" grid:retries="2"/>${flow('f1', 'archive', 'e')}<bpmn:endEvent id="e"/>`,
    );
    const inst = s;
    const [incident] = Object.values(s.incidents);
    expect(incident.message).to.contain('downstream system unavailable');
    expect(s.tokens[incident.tokenId].status).to.equal('incident');
    failNext = false;
    await t.engine.retryIncident(inst._id, incident.id, 'admin');
    const done = await t.engine.waitForIdle(inst._id);
    expect(done.status).to.equal('completed');
    expect(done.variables.archived).to.equal(true);
  });

  it('exclusive gateway with no true condition and no default raises an incident instead of failing', async () => {
    const s = await run(
      'nopath',
      `<bpmn:startEvent id="s"/>${flow('f0', 's', 'gw')}<bpmn:exclusiveGateway id="gw"/>
       ${flow('fa', 'gw', 'a', '=x = 1')}${flow('fb', 'gw', 'b', '=x = 2')}${userTask('a')}${userTask('b')}
       ${flow('fa2', 'a', 'e')}${flow('fb2', 'b', 'e')}<bpmn:endEvent id="e"/>`,
      { x: 3 },
    );
    const [incident] = Object.values(s.incidents);
    expect(incident.nodeId).to.equal('gw');
    expect(s.status).to.equal('active');
  });

  it('every history record of the runs above says who, what, when, from which state to which', async () => {
    const records = await t.engine.store.collection<HistoryRecord>('history').find({});
    const actions = new Set(records.map((r) => r.action));
    // the runs above went through every kind of element, so these all occurred
    for (const a of ['enter', 'leave', 'end', 'join-arrive', 'join-fired', 'timer-fired', 'message-received']
      .concat(['service-completed', 'escalation-thrown', 'escalation-caught'])
      .concat(['incident', 'incident-resolved', 'task-created', 'task-completed', 'variables-updated']))
      expect(actions, a).to.include(a);
    const problems: string[] = [];
    for (const r of records) {
      if (!r.actor || typeof r.at !== 'number') problems.push(`${r.action}: no actor/time`);
      // a variable update names the values before and after instead of a state
      if (r.action === 'variables-updated') {
        if (!r.details?.variables || !r.details.previous) problems.push(`${r._id}: variables without values`);
      } else if (r.from === undefined || r.to === undefined)
        problems.push(`${r.action} on ${r.elementId}: from ${r.from} to ${r.to}`);
    }
    expect([...new Set(problems)]).to.deep.equal([]);
    // service output and message payloads are part of the variable history
    const updates = records.filter((r) => r.action === 'variables-updated');
    expect(updates.some((r) => (r.details!.variables as Record<string, unknown>).archived === true)).to.equal(
      true,
    );
  });
});
