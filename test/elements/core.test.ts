// The element modules the engine ran before the registry, each as a table of (state, command) →
// (state, effects) on the pure semantics: no Redis, no store, no queue.
import { expect } from 'chai';
import {
  completeTask,
  deliverMessage,
  fireTimer,
  retryIncident,
  serviceCompleted,
  serviceFailed,
} from '../../engine/runtime/semantics.js';
import type { InstanceState } from '../../engine/runtime/types.js';
import { flow, userTask } from '../engine/fixtures.js';
import { table } from './pure.js';

const S = (to: string) => `<bpmn:startEvent id="s"/>${flow('f0', 's', to)}`;
const E = (from: string, id = 'e') => `${flow(`f_${from}_${id}`, from, id)}<bpmn:endEvent id="${id}"/>`;
const taskOf = (s: InstanceState, nodeId: string) =>
  Object.values(s.tasks).find((t) => t.nodeId === nodeId)!.id;
const tokenAt = (s: InstanceState, nodeId: string) =>
  Object.values(s.tokens).find((t) => t.nodeId === nodeId)!.id;
const service = (id: string, retries = 2) =>
  `<bpmn:serviceTask id="${id}" grid:workerType="w" grid:retries="${retries}"/>`;
const timer = (body: string, calendar = '') =>
  `<bpmn:timerEventDefinition ${calendar}><bpmn:timeDuration>${body}</bpmn:timeDuration></bpmn:timerEventDefinition>`;

describe('element startEvent / endEvent', () => {
  table([
    {
      name: 'start → end: the case completes in its first run',
      body: S('e') + '<bpmn:endEvent id="e"/>',
      tokens: [],
      status: 'completed',
    },
    {
      name: 'a terminate end event ends the case although another branch waits',
      body: `${S('fork')}<bpmn:parallelGateway id="fork"/>${flow('fa', 'fork', 'a')}${flow('fb', 'fork', 't')}
        ${userTask('a')}${E('a')}<bpmn:endEvent id="t"><bpmn:terminateEventDefinition/></bpmn:endEvent>`,
      tokens: [],
      status: 'completed',
      // the task opened, its notice, then the same task cancelled by the terminate end event
      actions: ['task', 'notify', 'task'],
    },
  ]);
});

describe('element userTask', () => {
  table([
    {
      name: 'entering: a task at the unit of its level, a notice to its roles',
      body: `${S('u')}${userTask('u', 'grid:level="community" grid:candidateRoles="supervisor"')}${E('u')}`,
      tokens: ['u:waiting:task'],
      actions: ['task', 'notify'],
      check: ({ state }) => expect(Object.values(state.tasks)[0]).to.include({ unit: 'C1', status: 'open' }),
    },
    {
      name: 'completing: the data is set and the token leaves',
      body: `${S('u')}${userTask('u')}${E('u')}`,
      command: (ctx, s) => completeTask(ctx, s, taskOf(s, 'u'), { result: 'ok' }),
      tokens: [],
      status: 'completed',
      check: ({ state }) => expect(state.variables.result).to.equal('ok'),
    },
  ]);
});

describe('element serviceTask', () => {
  table([
    {
      name: 'entering: the token waits on a service job with its retries',
      body: `${S('w')}${service('w')}${E('w')}`,
      tokens: ['w:waiting:service'],
      actions: ['job:service'],
    },
    {
      name: 'the worker answers: its output is set and the token leaves',
      body: `${S('w')}${service('w')}${E('w')}`,
      command: (ctx, s) => serviceCompleted(ctx, s, tokenAt(s, 'w'), { archived: true }),
      tokens: [],
      status: 'completed',
    },
    {
      name: 'the worker failed for good: an incident; its retry runs the worker again under a new job id',
      body: `${S('w')}${service('w')}${E('w')}`,
      command: (ctx, s) => {
        const failed = serviceFailed(ctx, s, tokenAt(s, 'w'), 'down');
        expect(tokensOf(failed.state)).to.deep.equal(['w:incident:service']);
        return retryIncident(ctx, failed.state, Object.keys(failed.state.incidents)[0]);
      },
      tokens: ['w:waiting:service'],
      actions: ['incident', 'job:service'],
      check: ({ effects }) => {
        const job = effects.find((e) => e.type === 'job');
        expect(job?.type === 'job' && job.job.jobId).to.match(/^svc\.i1\.t\d+\.r\d+$/);
      },
    },
  ]);
});

const tokensOf = (s: InstanceState) =>
  Object.values(s.tokens)
    .map((t) => [t.nodeId, t.status, t.on].filter(Boolean).join(':'))
    .sort();

describe('element exclusiveGateway / parallelGateway / inclusiveGateway', () => {
  const xor = `${S('g')}<bpmn:exclusiveGateway id="g" default="fb"/>${flow('fa', 'g', 'a', '=x > 1')}${flow('fb', 'g', 'b')}
    ${userTask('a')}${userTask('b')}${E('a')}${E('b', 'e2')}`;
  table([
    {
      name: 'exclusive: the first flow whose condition holds',
      body: xor,
      variables: { x: 2 },
      tokens: ['a:waiting:task'],
    },
    { name: 'exclusive: else the default flow', body: xor, variables: { x: 0 }, tokens: ['b:waiting:task'] },
    {
      name: 'exclusive without a way out: an incident at the gateway',
      body: `${S('g')}<bpmn:exclusiveGateway id="g"/>${flow('fa', 'g', 'a', '=x > 1')}${userTask('a')}${E('a')}`,
      variables: { x: 0 },
      tokens: ['g:incident'],
      actions: ['incident'],
    },
    {
      name: 'parallel: forks into every flow; the join waits for both',
      body: `${S('f')}<bpmn:parallelGateway id="f"/>${flow('fa', 'f', 'a')}${flow('fb', 'f', 'b')}${userTask('a')}${userTask('b')}
        ${flow('fa2', 'a', 'j')}${flow('fb2', 'b', 'j')}<bpmn:parallelGateway id="j"/>${E('j')}`,
      command: (ctx, s) => completeTask(ctx, s, taskOf(s, 'a'), {}),
      tokens: ['b:waiting:task', 'j:waiting'],
    },
    {
      name: 'inclusive: the flows whose conditions hold; the join fires when the last active branch arrives',
      body: `${S('f')}<bpmn:inclusiveGateway id="f" default="fc"/>${flow('fa', 'f', 'a', '=a')}${flow('fb', 'f', 'b', '=b')}${flow('fc', 'f', 'c')}
        ${userTask('a')}${userTask('b')}${userTask('c')}
        ${flow('fa2', 'a', 'j')}${flow('fb2', 'b', 'j')}${flow('fc2', 'c', 'j')}<bpmn:inclusiveGateway id="j"/>${E('j')}`,
      variables: { a: true, b: false },
      command: (ctx, s) => completeTask(ctx, s, taskOf(s, 'a'), {}),
      tokens: [],
      status: 'completed',
    },
  ]);
});

describe('element timerCatch', () => {
  const body = `${S('t')}<bpmn:intermediateCatchEvent id="t">${timer('PT4H', 'grid:calendar="workday"')}</bpmn:intermediateCatchEvent>${flow('f1', 't', 'u')}${userTask('u')}${E('u')}`;
  table([
    {
      name: 'entering: a timer on the workday calendar (Mon 09:00 + 4 working hours = 14:30)',
      body,
      tokens: ['t:waiting:timer'],
      actions: ['timer'],
      check: ({ state }) =>
        expect(new Date(Object.values(state.timers)[0].dueAt).toISOString()).to.equal(
          '2026-03-02T06:30:00.000Z',
        ),
    },
    {
      name: 'the timer fires: the token moves on',
      body,
      command: (ctx, s) => fireTimer({ ...ctx, now: ctx.now + 6 * 3600_000 }, s, Object.keys(s.timers)[0]),
      tokens: ['u:waiting:task'],
    },
  ]);
});

describe('element messageCatch', () => {
  const body = `${S('m')}<bpmn:intermediateCatchEvent id="m" grid:correlationKey="=no"><bpmn:messageEventDefinition messageRef="m1"/></bpmn:intermediateCatchEvent>${E('m')}`;
  const root = '<bpmn:message id="m1" name="callback"/>';
  table([
    {
      name: 'entering: a subscription by name and key',
      body,
      root,
      variables: { no: 'A1' },
      tokens: ['m:waiting:message'],
      actions: ['subscribe'],
    },
    {
      name: 'the message: variables set, the token leaves',
      body,
      root,
      variables: { no: 'A1' },
      command: (ctx, s) => deliverMessage(ctx, s, Object.keys(s.subscriptions)[0], { answer: 'yes' }),
      tokens: [],
      status: 'completed',
      check: ({ state }) => expect(state.variables.answer).to.equal('yes'),
    },
  ]);
});

describe('element subProcess / escalationThrow / boundaryEscalation', () => {
  const sub = (
    inner: string,
    boundary = '',
  ) => `${S('sp')}<bpmn:subProcess id="sp"><bpmn:startEvent id="ss"/>${inner}</bpmn:subProcess>
    ${boundary}${E('sp')}`;
  table([
    {
      name: 'sub-process: a scope of its own; the host waits while its inner task is open',
      body: sub(
        `${flow('fi', 'ss', 'in')}${userTask('in')}${flow('fo', 'in', 'se')}<bpmn:endEvent id="se"/>`,
      ),
      tokens: ['in:waiting:task', 'sp:waiting:sub-process'],
    },
    {
      name: 'sub-process: completes when nothing is left inside, and the host leaves',
      body: sub(
        `${flow('fi', 'ss', 'in')}${userTask('in')}${flow('fo', 'in', 'se')}<bpmn:endEvent id="se"/>`,
      ),
      command: (ctx, s) => completeTask(ctx, s, taskOf(s, 'in'), {}),
      tokens: [],
      status: 'completed',
    },
    {
      name: 'an escalation thrown inside is caught by the interrupting boundary of its sub-process',
      body: sub(
        `${flow('fi', 'ss', 'x')}<bpmn:intermediateThrowEvent id="x"><bpmn:escalationEventDefinition escalationRef="esc"/></bpmn:intermediateThrowEvent>${flow('fo', 'x', 'se')}<bpmn:endEvent id="se"/>`,
        `<bpmn:boundaryEvent id="b" attachedToRef="sp"><bpmn:escalationEventDefinition escalationRef="esc"/></bpmn:boundaryEvent>${flow('fb', 'b', 'h')}${userTask('h')}${E('h', 'e2')}`,
      ),
      root: '<bpmn:escalation id="esc" escalationCode="up"/>',
      tokens: ['h:waiting:task'],
    },
    {
      name: 'non-interrupting: the boundary path starts and the thrower goes on',
      body: sub(
        `${flow('fi', 'ss', 'x')}<bpmn:intermediateThrowEvent id="x"><bpmn:escalationEventDefinition escalationRef="esc"/></bpmn:intermediateThrowEvent>${flow('fo', 'x', 'in')}${userTask('in')}${flow('fo2', 'in', 'se')}<bpmn:endEvent id="se"/>`,
        `<bpmn:boundaryEvent id="b" attachedToRef="sp" cancelActivity="false"><bpmn:escalationEventDefinition escalationRef="esc"/></bpmn:boundaryEvent>${flow('fb', 'b', 'h')}${userTask('h')}${E('h', 'e2')}`,
      ),
      root: '<bpmn:escalation id="esc" escalationCode="up"/>',
      tokens: ['h:waiting:task', 'in:waiting:task', 'sp:waiting:sub-process'],
    },
  ]);
});

describe('element boundaryTimer', () => {
  const on = (attrs: string, def: string) =>
    `${S('u')}${userTask('u')}${E('u')}<bpmn:boundaryEvent id="b" attachedToRef="u" ${attrs}>${def}</bpmn:boundaryEvent>${flow('fb', 'b', 'h')}${userTask('h')}${E('h', 'e2')}`;
  const fire = (ctx: Parameters<typeof fireTimer>[0], s: InstanceState) =>
    fireTimer(
      { ...ctx, now: ctx.now + 3 * 86_400_000 },
      s,
      Object.keys(s.timers).find((id) => s.timers[id].purpose === 'boundary')!,
    );
  table([
    {
      name: 'armed when the host is entered',
      body: on('', timer('P1D')),
      tokens: ['u:waiting:task'],
      actions: ['task', 'notify', 'timer'],
    },
    {
      name: 'interrupting: the host task is cancelled, the boundary path starts',
      body: on('', timer('P1D')),
      command: fire,
      tokens: ['h:waiting:task'],
      check: ({ state }) =>
        expect(Object.values(state.tasks).find((t) => t.nodeId === 'u')?.status).to.equal('cancelled'),
    },
    {
      name: 'non-interrupting cycle: the host stays, the path starts, the next repetition is armed',
      body: on(
        'cancelActivity="false"',
        '<bpmn:timerEventDefinition><bpmn:timeCycle>R3/P1D</bpmn:timeCycle></bpmn:timerEventDefinition>',
      ),
      command: fire,
      tokens: ['h:waiting:task', 'u:waiting:task'],
      check: ({ state }) =>
        expect(Object.values(state.timers).filter((t) => t.purpose === 'boundary')[0].cycle).to.deep.equal({
          remaining: 1,
          every: 'P1D',
        }),
    },
    {
      name: 'completing the host disarms it',
      body: on('', timer('P1D')),
      command: (ctx, s) => completeTask(ctx, s, taskOf(s, 'u'), {}),
      tokens: [],
      actions: ['task', 'cancelTimer'],
    },
  ]);
});
