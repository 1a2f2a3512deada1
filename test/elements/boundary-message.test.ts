// Message boundary events, interrupting and not, on the pure semantics: (state, command) → (state, effects).
import { expect } from 'chai';
import { completeTask, deliverMessage } from '../../engine/runtime/semantics.js';
import type { InstanceState } from '../../engine/runtime/types.js';
import { flow, userTask } from '../engine/fixtures.js';
import { compile, table } from './pure.js';

const MESSAGES =
  '<bpmn:message id="withdraw" name="citizen-withdraw"/><bpmn:message id="remind" name="citizen-remind"/>';
/** start → handle (user task) → end, with a message boundary `b` on handle leading to a task `side` */
const on = (attrs: string, message = 'withdraw', host = userTask('handle')) =>
  `<bpmn:startEvent id="s"/>${flow('f0', 's', 'handle')}${host}${flow('f1', 'handle', 'e')}<bpmn:endEvent id="e"/>
   <bpmn:boundaryEvent id="b" attachedToRef="handle" grid:correlationKey="=caseNo" ${attrs}><bpmn:messageEventDefinition messageRef="${message}"/></bpmn:boundaryEvent>
   ${flow('fb', 'b', 'side')}${userTask('side')}${flow('fs', 'side', 'e2')}<bpmn:endEvent id="e2"/>`;
const subOf = (s: InstanceState) => Object.keys(s.subscriptions)[0];
const taskOf = (s: InstanceState, nodeId: string) =>
  Object.values(s.tasks).find((t) => t.nodeId === nodeId && t.status === 'open')!.id;

describe('element boundaryMessage', () => {
  table([
    {
      name: 'armed when the host is entered: a subscription of the host token for the boundary',
      body: on(''),
      root: MESSAGES,
      variables: { caseNo: 'W-1' },
      tokens: ['handle:waiting:task'],
      actions: ['task', 'notify', 'subscribe'],
      check: ({ state }) =>
        expect(Object.values(state.subscriptions)[0]).to.deep.include({
          name: 'citizen-withdraw',
          correlationKey: 'W-1',
          nodeId: 'b',
          tokenId: Object.keys(state.tokens)[0],
        }),
    },
    {
      name: 'interrupting: the message cancels the task and starts the boundary path',
      body: on(''),
      root: MESSAGES,
      variables: { caseNo: 'W-1' },
      command: (ctx, s) => deliverMessage(ctx, s, subOf(s), { reason: '已自行解决' }),
      tokens: ['side:waiting:task'],
      check: ({ state }) => {
        expect(Object.values(state.tasks).find((t) => t.nodeId === 'handle')?.status).to.equal('cancelled');
        expect(state.variables.reason).to.equal('已自行解决');
        expect(state.subscriptions).to.deep.equal({});
      },
    },
    {
      name: 'non-interrupting: the task stays, the side path starts, the boundary listens again under a new id',
      body: on('cancelActivity="false"', 'remind'),
      root: MESSAGES,
      variables: { caseNo: 'W-1' },
      command: (ctx, s) => {
        const first = subOf(s);
        const out = deliverMessage(ctx, s, first, {});
        expect(Object.keys(out.state.subscriptions)).to.have.length(1).and.not.include(first);
        return out;
      },
      tokens: ['handle:waiting:task', 'side:waiting:task'],
      actions: ['unsubscribe', 'subscribe', 'task', 'notify'],
    },
    {
      name: 'the host completes first: the subscription is dropped',
      body: on(''),
      root: MESSAGES,
      variables: { caseNo: 'W-1' },
      command: (ctx, s) => completeTask(ctx, s, taskOf(s, 'handle'), {}),
      tokens: [],
      status: 'completed',
      actions: ['task', 'unsubscribe'],
    },
    {
      name: 'on a service task: interrupting cancels the wait for the worker',
      body: on('', 'withdraw', '<bpmn:serviceTask id="handle" grid:workerType="w"/>'),
      root: MESSAGES,
      variables: { caseNo: 'W-1' },
      command: (ctx, s) => deliverMessage(ctx, s, subOf(s), {}),
      tokens: ['side:waiting:task'],
    },
  ]);

  describe('deploy validation (coded, naming the element)', () => {
    const codes = async (body: string) =>
      ((await compile(body, MESSAGES).catch((e) => e)).details ?? []).map((d: any) => [d.elementId, d.code]);
    it('refuses one without a message or a correlation key', async () => {
      expect(
        await codes(on('').replace('messageRef="withdraw"', '').replace('grid:correlationKey="=caseNo"', '')),
      ).to.deep.equal([
        ['b', 'message-boundary.message'],
        ['b', 'message-boundary.correlation-key'],
      ]);
    });
    it('refuses one on an element that does not wait', async () => {
      const found = await codes(on('', 'withdraw', '<bpmn:task id="handle"/>'));
      expect(found).to.deep.equal([['b', 'message-boundary.host']]);
    });
  });
});
