// Signal events: throw (intermediate and end), catch and boundary (interrupting and not), scoped to a unit
// subtree (pure semantics, no Redis; the delivery across cases is test/api/event-gateway-signals.test.ts).
import { expect } from 'chai';
import { deliverSignal } from '../../engine/runtime/semantics.js';
import { signalScopeUnit } from '../../engine/runtime/signals.js';
import type { Effect, InstanceState } from '../../engine/runtime/types.js';
import { flow, userTask } from '../engine/fixtures.js';
import { CHAIN, compile, table } from './pure.js';

const ROOT = '<bpmn:signal id="sg1" name="typhoon"/>';
const DEF = '<bpmn:signalEventDefinition signalRef="sg1"/>';
const subs = (s: InstanceState) => Object.keys(s.subscriptions).sort();
const signals = (effects: Effect[]) =>
  effects.flatMap((e) => (e.type === 'signal' ? [{ name: e.signal.name, unit: e.signal.unit }] : []));
const throwing = (attrs = '') =>
  `<bpmn:startEvent id="s"/>${flow('f0', 's', 'th')}
   <bpmn:intermediateThrowEvent id="th" ${attrs}>${DEF}</bpmn:intermediateThrowEvent>
   ${flow('f1', 'th', 'u')}${userTask('u')}${flow('f2', 'u', 'e')}<bpmn:endEvent id="e"/>`;
const onTask = (cancel: boolean) =>
  `<bpmn:startEvent id="s"/>${flow('f0', 's', 'u')}${userTask('u')}${flow('f1', 'u', 'e')}<bpmn:endEvent id="e"/>
   <bpmn:boundaryEvent id="b" attachedToRef="u" cancelActivity="${cancel}">${DEF}</bpmn:boundaryEvent>
   ${flow('f2', 'b', 'side')}${userTask('side')}${flow('f3', 'side', 'e2')}<bpmn:endEvent id="e2"/>`;

describe('signal events', () => {
  table([
    {
      name: 'catch: the token waits on a signal subscription (a name, no correlation key)',
      body: `<bpmn:startEvent id="s"/>${flow('f0', 's', 'c')}<bpmn:intermediateCatchEvent id="c">${DEF}</bpmn:intermediateCatchEvent>${flow('f1', 'c', 'e')}<bpmn:endEvent id="e"/>`,
      root: ROOT,
      tokens: ['c:waiting:signal'],
      actions: ['subscribe'],
      check: ({ state }) =>
        expect(Object.values(state.subscriptions)).to.deep.equal([
          { id: 'sub-t2', name: 'typhoon', nodeId: 'c', tokenId: 't2', signal: true },
        ]),
    },
    {
      name: 'catch: the signal arrives with variables, the case moves on; a second delivery is a no-op',
      body: `<bpmn:startEvent id="s"/>${flow('f0', 's', 'c')}<bpmn:intermediateCatchEvent id="c">${DEF}</bpmn:intermediateCatchEvent>${flow('f1', 'c', 'u')}${userTask('u')}${flow('f2', 'u', 'e')}<bpmn:endEvent id="e"/>`,
      root: ROOT,
      command: (ctx, s) => {
        const once = deliverSignal(ctx, s, subs(s), { level: 'red' }, 'sig-1');
        expect(deliverSignal(ctx, once.state, subs(s), {}, 'sig-1').changed).to.equal(false);
        return once;
      },
      tokens: ['u:waiting:task'],
      actions: ['unsubscribe', 'task', 'notify'],
      check: ({ state }) => expect(state.variables.level).to.equal('red'),
    },
    {
      name: 'catch: a delivery naming subscriptions this case does not hold changes nothing',
      body: `<bpmn:startEvent id="s"/>${flow('f0', 's', 'c')}<bpmn:intermediateCatchEvent id="c">${DEF}</bpmn:intermediateCatchEvent>${flow('f1', 'c', 'e')}<bpmn:endEvent id="e"/>`,
      root: ROOT,
      command: (ctx, s) => {
        const out = deliverSignal(ctx, s, ['sub-t99'], { level: 'red' }, 'sig-1');
        expect(out.changed).to.equal(false);
        return out;
      },
      tokens: ['c:waiting:signal'],
      actions: [],
    },
    {
      name: 'throw: the signal goes to the street of the case by default, and the token goes on',
      body: throwing(),
      root: ROOT,
      tokens: ['u:waiting:task'],
      actions: ['signal', 'task', 'notify'],
      check: ({ effects }) => expect(signals(effects)).to.deep.equal([{ name: 'typhoon', unit: 'S1' }]),
    },
    {
      name: 'throw: grid:signalScope="community" narrows it to the community of the case',
      body: throwing('grid:signalScope="community"'),
      root: ROOT,
      tokens: ['u:waiting:task'],
      check: ({ effects }) => expect(signals(effects)).to.deep.equal([{ name: 'typhoon', unit: 'C1' }]),
    },
    {
      name: 'end event: throws, then ends the case',
      body: `<bpmn:startEvent id="s"/>${flow('f0', 's', 'end')}<bpmn:endEvent id="end">${DEF}</bpmn:endEvent>`,
      root: ROOT,
      tokens: [],
      status: 'completed',
      check: ({ effects }) => expect(signals(effects)).to.deep.equal([{ name: 'typhoon', unit: 'S1' }]),
    },
    {
      name: 'boundary, interrupting: the task is cancelled and the boundary path starts',
      body: onTask(true),
      root: ROOT,
      command: (ctx, s) => deliverSignal(ctx, s, subs(s), {}, 'sig-1'),
      tokens: ['side:waiting:task'],
      check: ({ state }) => {
        expect(state.tasks[Object.keys(state.tasks)[0]].status).to.equal('cancelled');
        expect(state.subscriptions).to.deep.equal({});
      },
    },
    {
      name: 'boundary, non-interrupting: a side path starts, the task stays and listens again',
      body: onTask(false),
      root: ROOT,
      command: (ctx, s) => {
        const out = deliverSignal(ctx, s, subs(s), {}, 'sig-1');
        expect(subs(out.state)).to.have.length(1).and.not.deep.equal(subs(s));
        return out;
      },
      tokens: ['side:waiting:task', 'u:waiting:task'],
    },
    {
      name: 'one signal reaches every waiting event of the case (a catch and a boundary on parallel paths)',
      body: `<bpmn:startEvent id="s"/>${flow('f0', 's', 'fork')}<bpmn:parallelGateway id="fork"/>
        ${flow('f1', 'fork', 'c')}${flow('f2', 'fork', 'u')}
        <bpmn:intermediateCatchEvent id="c">${DEF}</bpmn:intermediateCatchEvent>${flow('f3', 'c', 'e')}<bpmn:endEvent id="e"/>
        ${userTask('u')}${flow('f4', 'u', 'e3')}<bpmn:endEvent id="e3"/>
        <bpmn:boundaryEvent id="b" attachedToRef="u">${DEF}</bpmn:boundaryEvent>${flow('f5', 'b', 'e2')}<bpmn:endEvent id="e2"/>`,
      root: ROOT,
      command: (ctx, s) => deliverSignal(ctx, s, subs(s), {}, 'sig-1'),
      tokens: [],
      status: 'completed',
    },
  ]);

  it('the scope unit: the unit of that level in the chain, else the case’s own unit', () => {
    const s = { unitChain: CHAIN, gridUnit: 'G1' };
    expect(signalScopeUnit(s, 'street')).to.equal('S1');
    expect(signalScopeUnit(s, 'grid')).to.equal('G1');
    expect(signalScopeUnit(s, 'district')).to.equal('G1');
  });

  describe('deploy validation (coded, naming the element)', () => {
    const problems = async (body: string, root = ROOT) =>
      (
        ((await compile(body, root).catch((e) => e)).details ?? []) as Array<{
          elementId: string;
          code?: string;
        }>
      )
        .map((p) => [p.elementId, p.code])
        .sort();
    it('refuses a signal event without a signal, or with a signal without a name', async () => {
      expect(
        await problems(
          `<bpmn:startEvent id="s"/>${flow('f0', 's', 'c')}<bpmn:intermediateCatchEvent id="c"><bpmn:signalEventDefinition/></bpmn:intermediateCatchEvent>
           ${flow('f1', 'c', 'end')}<bpmn:endEvent id="end"><bpmn:signalEventDefinition signalRef="nameless"/></bpmn:endEvent>`,
          '<bpmn:signal id="nameless"/>',
        ),
      ).to.deep.equal([
        ['c', 'signal.name'],
        ['end', 'signal.name'],
      ]);
    });
    it('refuses a grid:signalScope that is not a grid level', async () => {
      expect(await problems(throwing('grid:signalScope="planet"'))).to.deep.equal([['th', 'signal.scope']]);
    });
  });
});
