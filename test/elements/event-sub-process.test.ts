// Event sub-processes (message, timer, error, escalation; interrupting and not) on the pure semantics:
// (state, command) → (state, effects), and their deploy refusals.
import { expect } from 'chai';
import {
  advance,
  completeTask,
  deliverMessage,
  fireTimer,
  retryIncident,
  serviceError,
} from '../../engine/runtime/semantics.js';
import type { CommandError } from '../../engine/runtime/transition.js';
import type { InstanceState } from '../../engine/runtime/types.js';
import { flow, userTask } from '../engine/fixtures.js';
import { compile, ctxOf, NOW, started, table, tokens } from './pure.js';

const ROOT =
  '<bpmn:error id="noCode"/>' +
  '<bpmn:message id="withdraw" name="citizen-withdraw"/>' +
  '<bpmn:error id="notOurs" errorCode="NOT_OURS"/><bpmn:error id="other" errorCode="OTHER"/>' +
  '<bpmn:escalation id="risk" escalationCode="HIGH_RISK"/>';

const MESSAGE = `<bpmn:messageEventDefinition messageRef="withdraw"/>`;
const TIMER = (prop: string, expr: string, calendar = '') =>
  `<bpmn:timerEventDefinition ${calendar}><bpmn:${prop}>${expr}</bpmn:${prop}></bpmn:timerEventDefinition>`;
const ERROR = (ref = 'notOurs') => `<bpmn:errorEventDefinition ${ref ? `errorRef="${ref}"` : ''}/>`;
const ESCALATION = `<bpmn:escalationEventDefinition escalationRef="risk"/>`;

/** an event sub-process `esp` whose start event `es` (with `def`) leads to a user task `handler` */
const esp = (def: string, interrupting = true, startAttrs = 'grid:correlationKey="=caseNo"', id = 'esp') =>
  `<bpmn:subProcess id="${id}" triggeredByEvent="true">
     <bpmn:startEvent id="${id}-s" isInterrupting="${interrupting}" ${startAttrs}>${def}</bpmn:startEvent>
     ${flow(`${id}-f1`, `${id}-s`, `${id}-h`)}${userTask(`${id}-h`)}${flow(`${id}-f2`, `${id}-h`, `${id}-e`)}
     <bpmn:endEvent id="${id}-e"/>
   </bpmn:subProcess>`;

/** start → mediate (user task) → end, beside the event sub-process(es) `extra` */
const main = (extra: string, work = userTask('mediate')) =>
  `<bpmn:startEvent id="s"/>${flow('f0', 's', 'mediate')}${work}${flow('f1', 'mediate', 'e')}<bpmn:endEvent id="e"/>${extra}`;

/** start → mediation (sub-process: start → mediate → end) → end, the event sub-process inside it */
const nested = (extra: string, inner = userTask('mediate')) =>
  `<bpmn:startEvent id="s"/>${flow('f0', 's', 'mediation')}
   <bpmn:subProcess id="mediation">
     <bpmn:startEvent id="ms"/>${flow('m0', 'ms', 'mediate')}${inner}${flow('m1', 'mediate', 'me')}<bpmn:endEvent id="me"/>
     ${extra}
   </bpmn:subProcess>
   ${flow('f1', 'mediation', 'after')}${userTask('after')}${flow('f2', 'after', 'e')}<bpmn:endEvent id="e"/>`;

const subOf = (s: InstanceState) => Object.keys(s.subscriptions)[0];
const timerOf = (s: InstanceState) => Object.values(s.timers).find((t) => t.purpose === 'catch')!;
const taskOf = (s: InstanceState, nodeId: string) =>
  Object.values(s.tasks).find((t) => t.nodeId === nodeId && t.status === 'open')!.id;
const taskStatus = (s: InstanceState, nodeId: string) =>
  Object.values(s.tasks)
    .filter((t) => t.nodeId === nodeId)
    .map((t) => t.status);

describe('element eventSubProcess', () => {
  table([
    {
      name: 'message: armed when the process starts — a listener at the event sub-process owns the subscription',
      body: main(esp(MESSAGE)),
      root: ROOT,
      variables: { caseNo: 'W-1' },
      tokens: ['esp:waiting:event-subprocess', 'mediate:waiting:task'],
      actions: ['subscribe', 'task', 'notify'],
      check: ({ state }) =>
        expect(Object.values(state.subscriptions)[0]).to.deep.include({
          name: 'citizen-withdraw',
          correlationKey: 'W-1',
          nodeId: 'esp-s',
        }),
    },
    {
      name: 'interrupting message: the task is cancelled, the event sub-process runs',
      body: main(esp(MESSAGE)),
      root: ROOT,
      variables: { caseNo: 'W-1' },
      command: (ctx, s) => deliverMessage(ctx, s, subOf(s), { reason: '已和解' }),
      tokens: ['esp-h:waiting:task', 'esp:waiting:sub-process'],
      check: ({ state, effects }) => {
        expect(taskStatus(state, 'mediate')).to.deep.equal(['cancelled']);
        expect(state.variables.reason).to.equal('已和解');
        expect(state.subscriptions).to.deep.equal({});
        const triggered = effects.find(
          (e) => e.type === 'history' && e.record.action === 'event-subprocess-triggered',
        );
        expect(triggered && triggered.type === 'history' && triggered.record.to).to.equal('interrupting');
      },
    },
    {
      name: 'interrupting message, then the event sub-process ends: the process completes',
      body: main(esp(MESSAGE)),
      root: ROOT,
      variables: { caseNo: 'W-1' },
      command: (ctx, s) => {
        const out = deliverMessage(ctx, s, subOf(s), {});
        return completeTask(ctx, out.state, taskOf(out.state, 'esp-h'), {});
      },
      tokens: [],
      status: 'completed',
    },
    {
      name: 'non-interrupting message: the task stays, the event sub-process runs beside it and listens again',
      body: main(esp(MESSAGE, false)),
      root: ROOT,
      variables: { caseNo: 'W-1' },
      command: (ctx, s) => {
        const first = subOf(s);
        const once = deliverMessage(ctx, s, first, {});
        expect(Object.keys(once.state.subscriptions)).to.have.length(1).and.not.include(first);
        return deliverMessage(ctx, once.state, subOf(once.state), {});
      },
      tokens: [
        'esp-h:waiting:task',
        'esp-h:waiting:task',
        'esp:waiting:event-subprocess',
        'esp:waiting:sub-process',
        'esp:waiting:sub-process',
        'mediate:waiting:task',
      ],
    },
    {
      name: 'non-interrupting: the main path ends first — the process waits for the running event sub-process',
      body: main(esp(MESSAGE, false)),
      root: ROOT,
      variables: { caseNo: 'W-1' },
      command: (ctx, s) => {
        const out = deliverMessage(ctx, s, subOf(s), {});
        const done = completeTask(ctx, out.state, taskOf(out.state, 'mediate'), {});
        // the main path ended, the event sub-process still runs: the scope (and its listener) stay
        expect(done.state.status).to.equal('active');
        expect(Object.keys(done.state.subscriptions)).to.have.length(1);
        return completeTask(ctx, done.state, taskOf(done.state, 'esp-h'), {});
      },
      tokens: [],
      status: 'completed',
      check: ({ state }) => expect(state.subscriptions).to.deep.equal({}),
    },
    {
      name: 'the scope ends without a trigger: the listener is disarmed (the subscription dropped)',
      body: main(esp(MESSAGE, false)),
      root: ROOT,
      variables: { caseNo: 'W-1' },
      command: (ctx, s) => completeTask(ctx, s, taskOf(s, 'mediate'), {}),
      tokens: [],
      status: 'completed',
      actions: ['task', 'unsubscribe'],
    },
    {
      name: 'in a sub-process: armed when the sub-process is entered, interrupting ends only that sub-process',
      body: nested(esp(MESSAGE)),
      root: ROOT,
      variables: { caseNo: 'W-1' },
      command: (ctx, s) => {
        const out = deliverMessage(ctx, s, subOf(s), {});
        expect(tokens(out.state)).to.deep.equal([
          'esp-h:waiting:task',
          'esp:waiting:sub-process',
          'mediation:waiting:sub-process',
        ]);
        return completeTask(ctx, out.state, taskOf(out.state, 'esp-h'), {});
      },
      tokens: ['after:waiting:task'],
      check: ({ state }) => expect(taskStatus(state, 'mediate')).to.deep.equal(['cancelled']),
    },
    {
      name: 'in a sub-process: the sub-process completes normally — its listener and subscription go',
      body: nested(esp(MESSAGE)),
      root: ROOT,
      variables: { caseNo: 'W-1' },
      command: (ctx, s) => completeTask(ctx, s, taskOf(s, 'mediate'), {}),
      tokens: ['after:waiting:task'],
      check: ({ state }) => expect(state.subscriptions).to.deep.equal({}),
    },
    {
      name: 'timer: armed on the working-day calendar when the scope starts',
      body: main(esp(TIMER('timeDuration', 'P2D', 'grid:calendar="workday"'), false, '')),
      root: ROOT,
      tokens: ['esp:waiting:event-subprocess', 'mediate:waiting:task'],
      actions: ['timer', 'task', 'notify'],
      check: ({ state }) => {
        const t = timerOf(state);
        // Monday 09:00 + 2 working days: Wednesday 09:00 in Shanghai
        expect(new Date(t.dueAt).toISOString()).to.equal('2026-03-04T01:00:00.000Z');
        expect(t.calendar).to.equal('workday');
      },
    },
    {
      name: 'non-interrupting timer cycle: each occurrence starts an instance and arms the next (R2: twice)',
      body: main(esp(TIMER('timeCycle', 'R2/P1D'), false, '')),
      root: ROOT,
      command: (ctx, s) => {
        const first = timerOf(s);
        const once = fireTimer({ ...ctx, now: first.dueAt }, s, first.id);
        const second = timerOf(once.state);
        expect(second.dueAt).to.equal(first.dueAt + 86_400_000);
        const twice = fireTimer({ ...ctx, now: second.dueAt }, once.state, second.id);
        expect(Object.values(twice.state.timers).filter((t) => t.purpose === 'catch')).to.deep.equal([]);
        return twice;
      },
      tokens: [
        'esp-h:waiting:task',
        'esp-h:waiting:task',
        'esp:waiting:event-subprocess',
        'esp:waiting:sub-process',
        'esp:waiting:sub-process',
        'mediate:waiting:task',
      ],
    },
    {
      name: 'interrupting timer: the task is cancelled, its timer gone with it',
      body: main(esp(TIMER('timeDuration', 'PT1H'), true, '')),
      root: ROOT,
      command: (ctx, s) => fireTimer({ ...ctx, now: timerOf(s).dueAt }, s, timerOf(s).id),
      tokens: ['esp-h:waiting:task', 'esp:waiting:sub-process'],
      check: ({ state }) => expect(taskStatus(state, 'mediate')).to.deep.equal(['cancelled']),
    },
    {
      name: 'error: an error end event in the scope starts the error event sub-process (nothing armed)',
      body: `<bpmn:startEvent id="s"/>${flow('f0', 's', 'fail')}<bpmn:endEvent id="fail">${ERROR()}</bpmn:endEvent>${esp(ERROR(), true, '')}`,
      root: ROOT,
      tokens: ['esp-h:waiting:task', 'esp:waiting:sub-process'],
      check: ({ effects }) => {
        const caught = effects.find((e) => e.type === 'history' && e.record.action === 'error-caught');
        expect(caught && caught.type === 'history' && caught.record.elementId).to.equal('esp-s');
      },
    },
    {
      name: 'error from a service worker: caught by the event sub-process of the enclosing sub-process',
      body: nested(esp(ERROR(), true, ''), '<bpmn:serviceTask id="mediate" grid:workerType="w"/>'),
      root: ROOT,
      command: (ctx, s) => {
        const service = Object.values(s.tokens).find((t) => t.nodeId === 'mediate')!;
        return serviceError(ctx, s, service.id, 'NOT_OURS', '不属本部门');
      },
      tokens: ['esp-h:waiting:task', 'esp:waiting:sub-process', 'mediation:waiting:sub-process'],
    },
    {
      name: 'error: an event sub-process inside the sub-process catches before the sub-process boundary',
      body:
        nested(esp(ERROR(), true, ''))
          .replace(
            `<bpmn:startEvent id="ms"/>${flow('m0', 'ms', 'mediate')}${userTask('mediate')}`,
            `<bpmn:startEvent id="ms"/>${flow('m0', 'ms', 'mediate')}<bpmn:endEvent id="mediate">${ERROR()}</bpmn:endEvent>`,
          )
          .replace(flow('m1', 'mediate', 'me') + '<bpmn:endEvent id="me"/>', '') +
        `<bpmn:boundaryEvent id="b" attachedToRef="mediation">${ERROR()}</bpmn:boundaryEvent>${flow('fb', 'b', 'eb')}<bpmn:endEvent id="eb"/>`,
      root: ROOT,
      tokens: ['esp-h:waiting:task', 'esp:waiting:sub-process', 'mediation:waiting:sub-process'],
    },
    {
      name: 'error with another code: not caught — an incident where it was raised',
      body: `<bpmn:startEvent id="s"/>${flow('f0', 's', 'fail')}<bpmn:endEvent id="fail">${ERROR('other')}</bpmn:endEvent>${esp(ERROR(), true, '')}`,
      root: ROOT,
      tokens: ['esp:waiting:event-subprocess', 'fail:incident'],
    },
    {
      name: 'non-interrupting escalation: the thrower goes on, the event sub-process runs beside',
      body: main(
        esp(ESCALATION, false, ''),
        `<bpmn:intermediateThrowEvent id="mediate">${ESCALATION}</bpmn:intermediateThrowEvent>${flow('fx', 'mediate', 'x')}${userTask('x')}`,
      ).replace(flow('f1', 'mediate', 'e'), flow('f1', 'x', 'e')),
      root: ROOT,
      tokens: [
        'esp-h:waiting:task',
        'esp:waiting:event-subprocess',
        'esp:waiting:sub-process',
        'x:waiting:task',
      ],
    },
    {
      name: 'interrupting escalation from inside a sub-process: caught by the process-level event sub-process',
      body:
        nested(
          '',
          `<bpmn:intermediateThrowEvent id="mediate">${ESCALATION}</bpmn:intermediateThrowEvent>${flow('fx', 'mediate', 'x')}${userTask('x')}`,
        ).replace(flow('m1', 'mediate', 'me'), flow('m1', 'x', 'me')) + esp(ESCALATION, true, ''),
      root: ROOT,
      tokens: ['esp-h:waiting:task', 'esp:waiting:sub-process'],
    },
  ]);

  it('an interrupting event sub-process disarms the other listeners of its scope', async () => {
    const def = await compile(
      main(esp(MESSAGE) + esp(TIMER('timeDuration', 'P1D'), false, '', 'remind')),
      ROOT,
    );
    const first = started(def, { caseNo: 'W-1' });
    expect(Object.keys(first.state.timers)).to.have.length(1);
    const out = deliverMessage(ctxOf(def, NOW + 1000), first.state, subOf(first.state), {});
    expect(out.state.timers).to.deep.equal({});
    expect(out.effects.map((e) => e.type)).to.include('cancelTimer');
  });

  it('listening again fails (the key evaluates to nothing): an incident on the listener, retried after the fix', async () => {
    const def = await compile(main(esp(MESSAGE, false)), ROOT);
    const ctx = ctxOf(def, NOW + 1000);
    const first = started(def, { caseNo: 'W-1' });
    const failed = deliverMessage(ctx, first.state, subOf(first.state), { caseNo: null });
    const incident = Object.values(failed.state.incidents)[0];
    expect(tokens(failed.state)).to.deep.equal(['esp:incident:event-subprocess', 'mediate:waiting:task']);
    expect(incident).to.include({ nodeId: 'esp', status: 'open' });
    // retried as it is: refused with a code naming the start event, the incident stays open
    const refused = (() => {
      try {
        retryIncident(ctx, failed.state, incident.id);
      } catch (err) {
        return err as CommandError;
      }
    })();
    expect(refused).to.include({ reason: 'event-subprocess.rearm' });
    expect(refused?.params).to.include({ elementId: 'esp-s' });
    // retried with the key fixed: it listens under the new key and the event sub-process starts
    const retried = retryIncident(ctx, failed.state, incident.id, { caseNo: 'W-2' });
    expect(Object.values(retried.state.subscriptions).map((x) => x.correlationKey)).to.deep.equal(['W-2']);
    const instance = Object.values(retried.state.tokens).find((t) => t.status === 'ready')!;
    const ran = advance(ctx, retried.state, instance.id);
    expect(tokens(ran.state)).to.deep.equal([
      'esp-h:waiting:task',
      'esp:waiting:event-subprocess',
      'esp:waiting:sub-process',
      'mediate:waiting:task',
    ]);
  });

  describe('deploy refusals', () => {
    const codes = async (body: string) =>
      ((await compile(body, ROOT).catch((e) => e)).details ?? []).map((d: any) => [d.elementId, d.code]);
    const rows: Array<[string, string, Array<[string, string]>]> = [
      [
        'an incoming sequence flow',
        main(esp(MESSAGE)).replace(flow('f1', 'mediate', 'e'), flow('f1', 'mediate', 'esp')),
        [['esp', 'event-subprocess.flows']],
      ],
      [
        'an error start event that does not interrupt',
        main(esp(ERROR(), false, '')),
        [['esp-s', 'event-subprocess.error-non-interrupting']],
      ],
      [
        'a none start event instead of a trigger',
        main(esp('', true, '')),
        [['esp', 'event-subprocess.start']],
      ],
      [
        'two start events',
        main(
          esp(MESSAGE).replace(
            '</bpmn:subProcess>',
            `<bpmn:startEvent id="esp-s2">${ERROR()}</bpmn:startEvent>${flow('x1', 'esp-s2', 'esp-e2')}<bpmn:endEvent id="esp-e2"/></bpmn:subProcess>`,
          ),
        ),
        [['esp', 'event-subprocess.start']],
      ],
      [
        'a message start event without a correlation key',
        main(esp(MESSAGE, true, '')),
        [['esp-s', 'event-subprocess.correlation-key']],
      ],
      [
        'a correlation key on a timer start event',
        main(esp(TIMER('timeDuration', 'P1D'))),
        [['esp-s', 'event-subprocess.correlation-key']],
      ],
      [
        'an error without a code',
        main(esp(ERROR('noCode'), true, '')),
        [['esp-s', 'event-subprocess.error-code']],
      ],
      [
        'a boundary event on the event sub-process',
        main(esp(MESSAGE)) +
          `<bpmn:boundaryEvent id="b" attachedToRef="esp">${ERROR()}</bpmn:boundaryEvent>${flow('fb', 'b', 'eb')}<bpmn:endEvent id="eb"/>`,
        [['esp', 'event-subprocess.boundary']],
      ],
    ];
    for (const [what, body, expected] of rows)
      it(`refuses ${what}`, async () => {
        const found = await codes(body);
        for (const e of expected) expect(found).to.deep.include(e);
      });

    it('accepts a process with interrupting and non-interrupting event sub-processes of every trigger', async () => {
      const def = await compile(
        main(
          esp(MESSAGE) +
            esp(TIMER('timeCycle', 'R/P3D', 'grid:calendar="workday"'), false, '', 'remind') +
            esp(ERROR(''), true, '', 'anyError') +
            esp(ESCALATION, false, '', 'riskEsp'),
        ),
        ROOT,
      );
      expect(def.nodes.esp.kind).to.equal('eventSubProcess');
      expect(def.nodes.esp.startNode).to.equal('esp-s');
      expect(def.nodes['remind-s']).to.deep.include({
        kind: 'eventSubProcessStart',
        trigger: 'timer',
        interrupting: false,
      });
      expect(def.nodes['anyError-s'].errorCode).to.equal(undefined);
      expect(def.nodes['riskEsp-s'].escalationCode).to.equal('HIGH_RISK');
    });
  });
});
