// bpmn:eventBasedGateway: the first of its events to happen wins, the others are disarmed (pure semantics,
// no Redis). "Wait for the property company's reply or 5 working days".
import { expect } from 'chai';
import {
  advance,
  cancelInstance,
  deliverMessage,
  deliverSignal,
  fireTimer,
  retryIncident,
} from '../../engine/runtime/semantics.js';
import type { InstanceState } from '../../engine/runtime/types.js';
import { flow, userTask } from '../engine/fixtures.js';
import { compile, ctxOf, NOW, started, table, tokens } from './pure.js';

const ROOT = '<bpmn:message id="m1" name="property-reply"/><bpmn:signal id="sg1" name="typhoon"/>';
const FIVE_WORKING_DAYS =
  '<bpmn:timerEventDefinition grid:calendar="workday"><bpmn:timeDuration>P5D</bpmn:timeDuration></bpmn:timerEventDefinition>';
/** s → gw → (reply: message | late: timer | storm: signal) → a user task each → end */
const GATEWAY = `<bpmn:startEvent id="s"/>${flow('f0', 's', 'gw')}
  <bpmn:eventBasedGateway id="gw" name="等物业回复或5个工作日"/>
  ${flow('f1', 'gw', 'reply')}${flow('f2', 'gw', 'late')}${flow('f3', 'gw', 'storm')}
  <bpmn:intermediateCatchEvent id="reply" grid:correlationKey="=caseNo"><bpmn:messageEventDefinition messageRef="m1"/></bpmn:intermediateCatchEvent>
  <bpmn:intermediateCatchEvent id="late">${FIVE_WORKING_DAYS}</bpmn:intermediateCatchEvent>
  <bpmn:intermediateCatchEvent id="storm"><bpmn:signalEventDefinition signalRef="sg1"/></bpmn:intermediateCatchEvent>
  ${flow('f4', 'reply', 'check')}${userTask('check')}${flow('f5', 'check', 'e')}
  ${flow('f6', 'late', 'urge')}${userTask('urge')}${flow('f7', 'urge', 'e')}
  ${flow('f8', 'storm', 'shelter')}${userTask('shelter')}${flow('f9', 'shelter', 'e')}
  <bpmn:endEvent id="e"/>`;
const VARS = { caseNo: 'C-7' };
const subOf = (s: InstanceState, node: string) =>
  Object.values(s.subscriptions).find((x) => x.nodeId === node)!.id;
const timerOf = (s: InstanceState) => Object.keys(s.timers)[0];
const DAY = 86_400_000;

describe('element eventGateway: the first event wins', () => {
  table([
    {
      name: 'entering: the token waits at the gateway with every event armed (subscriptions, a workday timer)',
      body: GATEWAY,
      root: ROOT,
      variables: VARS,
      tokens: ['gw:waiting:event'],
      actions: ['subscribe', 'timer', 'subscribe'],
      check: ({ state }) => {
        expect(
          Object.values(state.subscriptions).map((x) => [x.nodeId, x.name, x.correlationKey, x.signal]),
        ).to.deep.equal([
          ['reply', 'property-reply', 'C-7', undefined],
          ['storm', 'typhoon', undefined, true],
        ]);
        const timer = Object.values(state.timers)[0];
        expect(timer).to.include({ purpose: 'catch', nodeId: 'late', calendar: 'workday' });
        // Monday 09:00 + 5 working days: the next Monday 09:00
        expect(timer.dueAt).to.equal(NOW + 7 * DAY);
      },
    },
    {
      name: 'the message wins: its path is taken, the timer is cancelled and the signal subscription removed',
      body: GATEWAY,
      root: ROOT,
      variables: VARS,
      command: (ctx, s) => deliverMessage(ctx, s, subOf(s, 'reply'), { answer: '已整改' }),
      tokens: ['check:waiting:task'],
      actions: ['unsubscribe', 'cancelTimer', 'unsubscribe', 'task', 'notify'],
      check: ({ state }) => {
        expect(state.timers).to.deep.equal({});
        expect(state.subscriptions).to.deep.equal({});
        expect(state.variables.answer).to.equal('已整改');
      },
    },
    {
      name: 'the timer wins (5 working days): both subscriptions are removed',
      body: GATEWAY,
      root: ROOT,
      variables: VARS,
      command: (ctx, s) => fireTimer({ ...ctx, now: NOW + 7 * DAY }, s, timerOf(s)),
      tokens: ['urge:waiting:task'],
      actions: ['unsubscribe', 'unsubscribe', 'task', 'notify'],
      check: ({ state }) => expect(state.subscriptions).to.deep.equal({}),
    },
    {
      name: 'the signal wins: the timer and the message subscription go',
      body: GATEWAY,
      root: ROOT,
      variables: VARS,
      command: (ctx, s) => deliverSignal(ctx, s, [subOf(s, 'storm')], {}, 'sig-1'),
      tokens: ['shelter:waiting:task'],
      actions: ['unsubscribe', 'cancelTimer', 'unsubscribe', 'task', 'notify'],
    },
    {
      name: 'a message and the timer at the same moment: the one applied first wins, the other is a no-op',
      body: GATEWAY,
      root: ROOT,
      variables: VARS,
      command: (ctx, s) => {
        const timerId = timerOf(s);
        const byMessage = deliverMessage(ctx, s, subOf(s, 'reply'), {});
        const late = fireTimer({ ...ctx, now: NOW + 7 * DAY }, byMessage.state, timerId);
        expect(late.changed).to.equal(false);
        expect(late.effects).to.deep.equal([]);
        return late;
      },
      tokens: ['check:waiting:task'],
    },
    {
      name: 'the timer first, the message after it: the message finds nothing to wake',
      body: GATEWAY,
      root: ROOT,
      variables: VARS,
      command: (ctx, s) => {
        const sub = subOf(s, 'reply');
        const late = fireTimer({ ...ctx, now: NOW + 7 * DAY }, s, timerOf(s));
        const again = deliverMessage(ctx, late.state, sub, { answer: 'too late' });
        expect(again.changed).to.equal(false);
        expect(again.state.variables.answer).to.equal(undefined);
        return again;
      },
      tokens: ['urge:waiting:task'],
    },
    {
      name: 'the same message delivered twice (at-least-once): the second changes nothing',
      body: GATEWAY,
      root: ROOT,
      variables: VARS,
      command: (ctx, s) => {
        const sub = subOf(s, 'reply');
        const once = deliverMessage(ctx, s, sub, {});
        const twice = deliverMessage(ctx, once.state, sub, {});
        expect(twice.changed).to.equal(false);
        return twice;
      },
      tokens: ['check:waiting:task'],
    },
    {
      name: 'cancelling the case disarms every event',
      body: GATEWAY,
      root: ROOT,
      variables: VARS,
      command: (ctx, s) => cancelInstance(ctx, s, 'withdrawn'),
      tokens: [],
      status: 'cancelled',
      check: ({ effects }) =>
        expect(effects.map((e) => e.type).filter((t) => t !== 'history' && t !== 'notify')).to.have.members([
          'unsubscribe',
          'unsubscribe',
          'cancelTimer',
        ]),
    },
    {
      name: 'a receive task after the gateway: the message passes it without a second wait',
      body: `<bpmn:startEvent id="s"/>${flow('f0', 's', 'gw')}<bpmn:eventBasedGateway id="gw"/>
        ${flow('f1', 'gw', 'r')}${flow('f2', 'gw', 'late')}
        <bpmn:receiveTask id="r" messageRef="m1" grid:correlationKey="=caseNo"/>
        <bpmn:intermediateCatchEvent id="late">${FIVE_WORKING_DAYS}</bpmn:intermediateCatchEvent>
        ${flow('f3', 'r', 'check')}${userTask('check')}${flow('f4', 'check', 'e')}${flow('f5', 'late', 'e2')}
        <bpmn:endEvent id="e"/><bpmn:endEvent id="e2"/>`,
      root: ROOT,
      variables: VARS,
      command: (ctx, s) => deliverMessage(ctx, s, subOf(s, 'r'), {}),
      tokens: ['check:waiting:task'],
      check: ({ state }) => expect(state.timers).to.deep.equal({}),
    },
    {
      name: 'a correlation key that evaluates to nothing parks the gateway token as an incident',
      body: GATEWAY,
      root: ROOT,
      tokens: ['gw:incident'],
      actions: ['incident'],
    },
  ]);

  it('a failing flow after the winning event: an incident on that event (the others stay disarmed), retried from it', async () => {
    const def = await compile(
      `<bpmn:startEvent id="s"/>${flow('f0', 's', 'gw')}<bpmn:eventBasedGateway id="gw"/>
       ${flow('f1', 'gw', 'reply')}${flow('f2', 'gw', 'late')}
       <bpmn:intermediateCatchEvent id="reply" grid:correlationKey="=caseNo"><bpmn:messageEventDefinition messageRef="m1"/></bpmn:intermediateCatchEvent>
       <bpmn:intermediateCatchEvent id="late">${FIVE_WORKING_DAYS}</bpmn:intermediateCatchEvent>
       ${flow('f3', 'reply', 'check', '=answer = "ok"')}${userTask('check')}${flow('f4', 'check', 'e')}
       ${flow('f5', 'late', 'e')}<bpmn:endEvent id="e"/>`,
      ROOT,
    );
    const first = started(def, VARS).state;
    const broken = deliverMessage(ctxOf(def), first, subOf(first, 'reply'), {});
    expect(tokens(broken.state)).to.deep.equal(['reply:incident']);
    expect(broken.state.timers).to.deep.equal({});
    expect(broken.state.subscriptions).to.deep.equal({});
    const incident = Object.values(broken.state.incidents)[0];
    const retried = retryIncident(ctxOf(def), broken.state, incident.id, { answer: 'ok' });
    const jobs = retried.effects.flatMap((e) => (e.type === 'job' ? [e.job] : []));
    expect(jobs.map((j) => j.name)).to.deep.equal(['advance']);
    const tokenId = String(jobs[0].data.tokenId);
    expect(tokens(advance(ctxOf(def), retried.state, tokenId).state)).to.deep.equal(['check:waiting:task']);
  });

  it('the gateway in a loop arms afresh each round (new subscription ids: an old delivery is stale)', async () => {
    const def = await compile(
      `<bpmn:startEvent id="s"/>${flow('f0', 's', 'j')}<bpmn:exclusiveGateway id="j"/>${flow('f1', 'j', 'gw')}
       <bpmn:eventBasedGateway id="gw"/>${flow('f2', 'gw', 'reply')}${flow('f3', 'gw', 'late')}
       <bpmn:intermediateCatchEvent id="reply" grid:correlationKey="=caseNo"><bpmn:messageEventDefinition messageRef="m1"/></bpmn:intermediateCatchEvent>
       <bpmn:intermediateCatchEvent id="late">${FIVE_WORKING_DAYS}</bpmn:intermediateCatchEvent>
       ${flow('f4', 'reply', 'e')}<bpmn:endEvent id="e"/>${flow('f5', 'late', 'j')}`,
      ROOT,
    );
    const first = started(def, VARS).state;
    const oldSub = subOf(first, 'reply');
    const round2 = fireTimer({ ...ctxOf(def), now: NOW + 7 * DAY }, first, timerOf(first)).state;
    expect(tokens(round2)).to.deep.equal(['gw:waiting:event']);
    expect(subOf(round2, 'reply')).to.not.equal(oldSub);
    expect(deliverMessage(ctxOf(def), round2, oldSub, {}).changed).to.equal(false);
    const done = deliverMessage(ctxOf(def), round2, subOf(round2, 'reply'), {});
    expect(done.state.status).to.equal('completed');
  });

  describe('deploy validation (coded, naming the element)', () => {
    const problems = async (body: string) =>
      (
        ((await compile(body, ROOT).catch((e) => e)).details ?? []) as Array<{
          elementId: string;
          code?: string;
        }>
      )
        .map((p) => [p.elementId, p.code])
        .sort();
    const msg = (id: string, attrs = '', incoming = '') =>
      `<bpmn:intermediateCatchEvent id="${id}" grid:correlationKey="=caseNo" ${attrs}><bpmn:messageEventDefinition messageRef="m1"/></bpmn:intermediateCatchEvent>${incoming}`;
    const timer = (id: string) =>
      `<bpmn:intermediateCatchEvent id="${id}">${FIVE_WORKING_DAYS}</bpmn:intermediateCatchEvent>`;
    const tail = (...ids: string[]) =>
      ids.map((id, i) => flow(`t${i}`, id, `e${i}`) + `<bpmn:endEvent id="e${i}"/>`).join('');

    it('refuses fewer than two outgoing flows', async () => {
      expect(
        await problems(
          `<bpmn:startEvent id="s"/>${flow('f0', 's', 'gw')}<bpmn:eventBasedGateway id="gw"/>${flow('f1', 'gw', 'a')}${msg('a')}${tail('a')}`,
        ),
      ).to.deep.equal([['gw', 'event-gateway.outgoing']]);
    });
    it('refuses a condition on a flow, and a target that is not a catch event or receive task', async () => {
      expect(
        await problems(
          `<bpmn:startEvent id="s"/>${flow('f0', 's', 'gw')}<bpmn:eventBasedGateway id="gw"/>
           ${flow('f1', 'gw', 'a', '=x > 1')}${flow('f2', 'gw', 'u')}${msg('a')}${userTask('u')}${tail('a', 'u')}`,
        ),
      ).to.deep.equal([
        ['f1', 'event-gateway.condition'],
        ['u', 'event-gateway.target'],
      ]);
    });
    it('refuses a target with another incoming flow, and message events mixed with receive tasks', async () => {
      expect(
        await problems(
          `<bpmn:startEvent id="s"/>${flow('f0', 's', 'fork')}<bpmn:parallelGateway id="fork"/>${flow('fp1', 'fork', 'gw')}${flow('fp2', 'fork', 'a')}
           <bpmn:eventBasedGateway id="gw"/>${flow('f1', 'gw', 'a')}${flow('f2', 'gw', 'r')}${flow('f3', 'gw', 'b')}
           ${msg('a')}<bpmn:receiveTask id="r" messageRef="m1" grid:correlationKey="=caseNo"/>${timer('b')}${tail('a', 'r', 'b')}`,
        ),
      ).to.deep.equal([
        ['a', 'event-gateway.target-incoming'],
        ['gw', 'event-gateway.mixed'],
      ]);
    });
    it('refuses a parallel or instantiating event gateway and a receive task with a boundary event', async () => {
      expect(
        await problems(
          `<bpmn:startEvent id="s"/>${flow('f0', 's', 'gw')}<bpmn:eventBasedGateway id="gw" eventGatewayType="Parallel"/>
           ${flow('f1', 'gw', 'r')}${flow('f2', 'gw', 'b')}<bpmn:receiveTask id="r" messageRef="m1" grid:correlationKey="=caseNo"/>
           <bpmn:boundaryEvent id="bt" attachedToRef="r">${FIVE_WORKING_DAYS}</bpmn:boundaryEvent>${flow('fb', 'bt', 'eb')}<bpmn:endEvent id="eb"/>
           ${timer('b')}${tail('r', 'b')}`,
        ),
      ).to.deep.equal([
        ['gw', 'event-gateway.type'],
        ['r', 'event-gateway.receive-boundary'],
      ]);
    });
  });
});
