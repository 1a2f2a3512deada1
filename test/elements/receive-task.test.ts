// bpmn:receiveTask: waits for a message by name and correlation key (pure semantics, no Redis).
import { expect } from 'chai';
import { cancelInstance, deliverMessage, fireTimer } from '../../engine/runtime/semantics.js';
import { flow, userTask } from '../engine/fixtures.js';
import { compile, table } from './pure.js';

const MESSAGE = '<bpmn:message id="m1" name="property-reply"/>';
const receive = (attrs = 'messageRef="m1" grid:correlationKey="=caseNo"', inner = '') =>
  `<bpmn:startEvent id="s"/>${flow('f0', 's', 'r')}
   <bpmn:receiveTask id="r" name="等待物业回复" ${attrs}>${inner}</bpmn:receiveTask>
   ${flow('f1', 'r', 'u')}${userTask('u')}${flow('f2', 'u', 'e')}<bpmn:endEvent id="e"/>`;
const sub = (s: { subscriptions: Record<string, { id: string }> }) => Object.keys(s.subscriptions)[0];

describe('element receiveTask: waits for a correlated message', () => {
  table([
    {
      name: 'entering: the token waits on a subscription (name, key evaluated against the case)',
      body: receive(),
      root: MESSAGE,
      variables: { caseNo: 'C-7' },
      tokens: ['r:waiting:message'],
      actions: ['subscribe'],
      check: ({ state }) =>
        expect(Object.values(state.subscriptions)).to.deep.equal([
          { id: 'sub-t2', name: 'property-reply', correlationKey: 'C-7', nodeId: 'r', tokenId: 't2' },
        ]),
    },
    {
      name: 'the key from <grid:subscription correlationKey> works the same',
      body: receive(
        'messageRef="m1"',
        '<bpmn:extensionElements><grid:subscription correlationKey="=caseNo"/></bpmn:extensionElements>',
      ),
      root: MESSAGE,
      variables: { caseNo: 'C-8' },
      tokens: ['r:waiting:message'],
      check: ({ state }) => expect(Object.values(state.subscriptions)[0].correlationKey).to.equal('C-8'),
    },
    {
      name: 'the message arrives: its variables are set, the subscription goes, the token moves on',
      body: receive(),
      root: MESSAGE,
      variables: { caseNo: 'C-7' },
      command: (ctx, s) => deliverMessage(ctx, s, sub(s), { reply: '同意整改' }),
      tokens: ['u:waiting:task'],
      actions: ['unsubscribe', 'task', 'notify'],
      check: ({ state }) => {
        expect(state.variables.reply).to.equal('同意整改');
        expect(state.subscriptions).to.deep.equal({});
      },
    },
    {
      name: 'a second delivery of the same subscription changes nothing',
      body: receive(),
      root: MESSAGE,
      variables: { caseNo: 'C-7' },
      command: (ctx, s) => {
        const id = sub(s);
        const once = deliverMessage(ctx, s, id, {});
        const twice = deliverMessage(ctx, once.state, id, {});
        expect(twice.changed).to.equal(false);
        return twice;
      },
      tokens: ['u:waiting:task'],
      actions: [],
    },
    {
      name: 'a correlation key that evaluates to nothing parks the token as an incident',
      body: receive(),
      root: MESSAGE,
      tokens: ['r:incident'],
      actions: ['incident'],
    },
    {
      name: 'cancelling the case removes the subscription',
      body: receive(),
      root: MESSAGE,
      variables: { caseNo: 'C-7' },
      command: (ctx, s) => cancelInstance(ctx, s, 'withdrawn'),
      tokens: [],
      status: 'cancelled',
      check: ({ effects }) => expect(effects.map((e) => e.type)).to.include('unsubscribe'),
    },
    {
      name: 'an interrupting timer boundary on it ("reply or 5 working days") wins when due',
      body: `<bpmn:startEvent id="s"/>${flow('f0', 's', 'r')}
        <bpmn:receiveTask id="r" messageRef="m1" grid:correlationKey="=caseNo"/>
        <bpmn:boundaryEvent id="late" attachedToRef="r"><bpmn:timerEventDefinition grid:calendar="workday"><bpmn:timeDuration>P5D</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
        ${flow('f1', 'r', 'e')}${flow('f2', 'late', 'u')}${userTask('u')}${flow('f3', 'u', 'e2')}
        <bpmn:endEvent id="e"/><bpmn:endEvent id="e2"/>`,
      root: MESSAGE,
      variables: { caseNo: 'C-7' },
      command: (ctx, s) => fireTimer({ ...ctx, now: ctx.now + 9 * 86_400_000 }, s, Object.keys(s.timers)[0]),
      tokens: ['u:waiting:task'],
      check: ({ state }) => expect(state.subscriptions).to.deep.equal({}),
    },
  ]);

  describe('deploy validation (coded, naming the element)', () => {
    const problems = async (body: string, root = MESSAGE) =>
      ((await compile(body, root).catch((e) => e)).details ?? []) as Array<{
        elementId: string;
        code?: string;
      }>;
    it('refuses a receive task without a message', async () => {
      expect(await problems(receive('grid:correlationKey="=caseNo"'))).to.deep.include.members([
        {
          elementId: 'r',
          code: 'receive-task.message',
          message: 'receive task needs a messageRef to a message with a name',
          params: { elementId: 'r' },
        },
      ]);
    });
    it('refuses a receive task without a correlation key', async () => {
      const found = await problems(receive('messageRef="m1"'));
      expect(found.map((p) => [p.elementId, p.code])).to.deep.equal([['r', 'receive-task.correlation-key']]);
    });
    it('refuses a bad FEEL key and an instantiating receive task', async () => {
      const found = await problems(
        receive('messageRef="m1" instantiate="true" grid:correlationKey="=caseNo +"'),
      );
      expect(found.map((p) => [p.elementId, p.code]).sort()).to.deep.equal([
        ['r', 'correlation-key.invalid'],
        ['r', 'receive-task.instantiate'],
      ]);
    });
  });
});
