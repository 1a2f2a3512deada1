// bpmn:callActivity on the pure semantics: the token waits on a 'call' job keyed by the child's id; the
// child's end (a 'called' job) applies the output mappings once and moves on; cancelling the parent or an
// interrupting boundary sends a 'cancel-called' job down; a BPMN error of the child is thrown at the call
// activity; the call depth is a budget. No Redis (the HTTP path: test/api/call-activity.test.ts).
import { expect } from 'chai';
import { mapVariables } from '../../engine/elements/call-activity.js';
import { MAX_CALL_DEPTH } from '../../engine/model/limits.js';
import { impliedJobs } from '../../engine/queue/recovery.js';
import {
  advance,
  callFailed,
  calledEnded,
  cancelByParent,
  cancelInstance,
  fireTimer,
  newInstance,
  retryIncident,
} from '../../engine/runtime/semantics.js';
import { throwError } from '../../engine/runtime/activity.js';
import { Tx } from '../../engine/runtime/transition.js';
import type { Effect, InstanceState } from '../../engine/runtime/types.js';
import { flow, userTask } from '../engine/fixtures.js';
import { CHAIN, compile, ctxOf, started, table, tokens } from './pure.js';

const tokenAt = (s: InstanceState, nodeId: string) =>
  Object.values(s.tokens).find((t) => t.nodeId === nodeId)!;
const jobs = (effects: Effect[], name: string) =>
  effects.flatMap((e) => (e.type === 'job' && e.job.name === name ? [e.job] : []));

const MAPPINGS = `<bpmn:extensionElements>
    <grid:in source="address" target="place"/>
    <grid:in sourceExpression="=priority * 2" target="weight"/>
    <grid:out source="result" target="outcome"/>
  </bpmn:extensionElements>`;
const caller = (attrs = 'calledElement="inspect"', inner = MAPPINGS, boundaries = '') =>
  `<bpmn:startEvent id="s"/>${flow('f0', 's', 'call')}
   <bpmn:callActivity id="call" ${attrs}>${inner}</bpmn:callActivity>${boundaries}
   ${flow('f1', 'call', 'after')}${userTask('after')}${flow('f2', 'after', 'e')}<bpmn:endEvent id="e"/>`;
const TIMER = `<bpmn:boundaryEvent id="late" attachedToRef="call"><bpmn:timerEventDefinition>
     <bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
   ${flow('fl', 'late', 'chase')}${userTask('chase')}${flow('fc', 'chase', 'e2')}<bpmn:endEvent id="e2"/>`;
const ERROR = `<bpmn:boundaryEvent id="refused" attachedToRef="call"><bpmn:errorEventDefinition errorRef="notOurs"/></bpmn:boundaryEvent>
   ${flow('fr', 'refused', 'route')}${userTask('route')}${flow('fx', 'route', 'e3')}<bpmn:endEvent id="e3"/>`;
const ERROR_ROOT = '<bpmn:error id="notOurs" errorCode="NOT_OURS"/>';

const end = (s: InstanceState, status: InstanceState['status'], variables = {}, error?: { code: string }) => {
  const t = tokenAt(s, 'call');
  return { tokenId: t.id, childId: t.child!, status, variables, ...(error ? { error } : {}) };
};

describe('element callActivity: a case calls a case of another process', () => {
  table([
    {
      name: 'entering: the token waits on a call job keyed by the child id, and the parent lists the child',
      body: caller(),
      tokens: ['call:waiting:call'],
      actions: ['job:call'],
      check: ({ state, effects }) => {
        const t = tokenAt(state, 'call');
        expect(t.child).to.match(/^i1-c\d+$/);
        expect(jobs(effects, 'call')[0]).to.deep.include({ jobId: `call.${t.child}` });
        expect(state.children).to.deep.equal([
          { id: t.child, tokenId: t.id, nodeId: 'call', key: 'inspect', at: state.startedAt },
        ]);
      },
    },
    {
      name: 'the child completed: the output mapping copies its result and the token moves on',
      body: caller(),
      command: (ctx, s) => calledEnded(ctx, s, end(s, 'completed', { result: 'fixed', other: 1 })),
      tokens: ['after:waiting:task'],
      check: ({ state }) => {
        expect(state.variables).to.include({ outcome: 'fixed' });
        expect(state.variables).not.to.have.property('other');
        expect(state.children![0].ended).to.include({ status: 'completed' });
      },
    },
    {
      name: 'cancelling the parent sends a cancel-called job to the child, keyed by its id',
      body: caller(),
      command: (ctx, s) => cancelInstance(ctx, s, 'withdrawn'),
      tokens: [],
      status: 'cancelled',
      check: ({ state, effects }) => {
        const child = state.children![0].id;
        expect(jobs(effects, 'cancel-called')).to.deep.equal([
          { name: 'cancel-called', jobId: `cancel.${child}`, data: { instanceId: child, parentId: 'i1' } },
        ]);
        expect(state.children![0].ended).to.include({ status: 'cancelled' });
      },
    },
    {
      name: 'an interrupting timer boundary cancels the child and takes its path',
      body: caller('calledElement="inspect"', '', TIMER),
      command: (ctx, s) => fireTimer(ctx, s, Object.keys(s.timers)[0]),
      tokens: ['chase:waiting:task'],
      check: ({ effects }) => expect(jobs(effects, 'cancel-called')).to.have.length(1),
    },
    {
      name: "a child ended by a BPMN error: the call activity's error boundary catches it",
      body: caller('calledElement="inspect"', '', ERROR),
      root: ERROR_ROOT,
      command: (ctx, s) => calledEnded(ctx, s, end(s, 'terminated', {}, { code: 'NOT_OURS' })),
      tokens: ['route:waiting:task'],
      // the child has ended: nothing to cancel
      check: ({ effects }) => expect(jobs(effects, 'cancel-called')).to.deep.equal([]),
    },
    {
      name: 'a child cancelled by hand: an incident with a code at the call activity',
      body: caller(),
      command: (ctx, s) => calledEnded(ctx, s, end(s, 'cancelled')),
      tokens: ['call:incident:call'],
      check: ({ state }) =>
        expect(Object.values(state.incidents)[0]).to.include({
          code: 'call.child-cancelled',
          nodeId: 'call',
        }),
    },
    {
      name: 'no process to call: the incident names the code, the token keeps no child',
      body: caller(),
      command: (ctx, s) => {
        const t = tokenAt(s, 'call');
        return callFailed(ctx, s, t.id, t.child!, 'call.unknown-process', 'no process inspect');
      },
      tokens: ['call:incident:call'],
      check: ({ state }) => {
        expect(Object.values(state.incidents)[0]).to.include({ code: 'call.unknown-process' });
        expect(state.children).to.deep.equal([]);
      },
    },
  ]);

  it('hands a child end over once: a redelivered called job changes nothing', async () => {
    const def = await compile(caller());
    const first = started(def);
    const e = end(first.state, 'completed', { result: 'fixed' });
    const once = calledEnded(ctxOf(def), first.state, e);
    expect(once.changed).to.equal(true);
    const twice = calledEnded(ctxOf(def), once.state, e);
    expect(twice.changed).to.equal(false);
    // and the end of another child (a stale one) is ignored
    expect(calledEnded(ctxOf(def), first.state, { ...e, childId: 'i1-c99' }).changed).to.equal(false);
  });

  it('recovery rebuilds the call job of a token waiting for its child, under the same id', async () => {
    const def = await compile(caller());
    const { state, effects } = started(def);
    const t = tokenAt(state, 'call');
    const rebuilt = impliedJobs(state).filter((j) => j.name === 'call');
    expect(rebuilt.map((j) => j.jobId)).to.deep.equal(jobs(effects, 'call').map((j) => j.jobId));
    expect(rebuilt[0].data).to.deep.equal({ instanceId: 'i1', tokenId: t.id, childId: t.child });
  });

  it('a retried incident calls a new child under a new id', async () => {
    const def = await compile(caller());
    const s0 = started(def).state;
    const t0 = tokenAt(s0, 'call');
    const failed = callFailed(ctxOf(def), s0, t0.id, t0.child!, 'call.unknown-process', 'x');
    const inc = Object.keys(failed.state.incidents)[0];
    const retried = retryIncident(ctxOf(def), failed.state, inc);
    const again = advance(ctxOf(def), retried.state, tokenAt(retried.state, 'call').id);
    const child = tokenAt(again.state, 'call').child!;
    expect(child).to.not.equal(t0.child);
    expect(jobs(again.effects, 'call').map((j) => j.jobId)).to.deep.equal([`call.${child}`]);
  });

  it(`a call beyond ${MAX_CALL_DEPTH} levels is an incident with code call.depth`, async () => {
    const def = await compile(caller());
    const created = newInstance(ctxOf(def), {
      id: 'deep',
      def,
      definitionVersion: 1,
      gridUnit: 'G1',
      unitChain: CHAIN,
      variables: {},
    });
    created.state.callDepth = MAX_CALL_DEPTH;
    const out = advance(ctxOf(def), created.state, Object.keys(created.state.tokens)[0]);
    expect(tokens(out.state)).to.deep.equal(['call:incident']);
    expect(Object.values(out.state.incidents)[0]).to.include({ code: 'call.depth', nodeId: 'call' });
    expect(jobs(out.effects, 'call')).to.deep.equal([]);
  });

  it('a called case tells its parent when it ends (a job keyed by its id), and an error its parent catches ends it', async () => {
    const def = await compile(`<bpmn:startEvent id="s"/>${flow('f0', 's', 'work')}${userTask('work')}
      ${flow('f1', 'work', 'e')}<bpmn:endEvent id="e"/>`);
    const child = started(def).state;
    child.parent = {
      instanceId: 'p1',
      tokenId: 't3',
      nodeId: 'call',
      definitionKey: 'p',
      catches: ['NOT_OURS'],
    };
    const cancelled = cancelByParent(ctxOf(def), child, 'p1');
    expect(cancelled.state.status).to.equal('cancelled');
    expect(jobs(cancelled.effects, 'called')).to.deep.equal([
      { name: 'called', jobId: 'called.i1', data: { instanceId: 'p1', tokenId: 't3', childId: 'i1' } },
    ]);
    // a cancel from some other case is no cancel of this one
    expect(cancelByParent(ctxOf(def), child, 'p2').changed).to.equal(false);
    // a BPMN error nothing in the child catches, but the parent does: the child ends with it
    const tx = new Tx(ctxOf(def), child);
    throwError(tx, tokenAt(tx.s, 'work'), 'NOT_OURS');
    const out = tx.done();
    expect(out.state).to.include({ status: 'terminated' });
    expect(out.state.endError).to.deep.equal({ code: 'NOT_OURS' });
    // one the parent does not catch stays an incident where it was raised
    const tx2 = new Tx(ctxOf(def), child);
    expect(() => throwError(tx2, tokenAt(tx2.s, 'work'), 'OTHER')).to.throw(/OTHER/);
  });

  it('maps variables: all but the unit’s own, a source, a FEEL expression; an unset source passes nothing', () => {
    const from = { a: 1, b: { c: 2 }, timeLimits: { x: 1 } };
    expect(mapVariables([{ all: true }], from)).to.deep.equal({ a: 1, b: { c: 2 } });
    expect(
      mapVariables(
        [
          { source: 'a', target: 'x' },
          { source: 'none', target: 'y' },
        ],
        from,
      ),
    ).to.deep.equal({
      x: 1,
    });
    expect(mapVariables([{ expression: 'b.c + 1', target: 'z' }], from)).to.deep.equal({ z: 3 });
  });

  it('compiles its called element, binding and mappings', async () => {
    const p = await compile(caller('calledElement="inspect" grid:calledVersion="3"'));
    expect(p.nodes.call.call).to.deep.equal({
      key: 'inspect',
      binding: 'version',
      version: 3,
      in: [
        { source: 'address', target: 'place' },
        { expression: 'priority * 2', target: 'weight' },
      ],
      out: [{ source: 'result', target: 'outcome' }],
    });
  });

  it('is refused with a coded problem per wrong property, naming the element', async () => {
    const bad = `<bpmn:extensionElements><grid:in variables="some"/><grid:out source="a" sourceExpression="=b" target="c"/>
      <grid:in source="x" target="timeLimits"/></bpmn:extensionElements>`;
    const err = await compile(caller('grid:calledBinding="version"', bad)).catch((e) => e);
    const codes = err.details
      .filter((d: { elementId: string }) => d.elementId === 'call')
      .map((d: { code: string }) => d.code);
    expect(codes).to.have.members([
      'call-activity.called-element',
      'call-activity.version',
      'call-activity.mapping',
      'call-activity.mapping',
      'call-activity.mapping',
    ]);
    const binding = await compile(
      caller('calledElement="x" grid:calledBinding="newest" grid:calledUnit="no unit"', ''),
    ).catch((e) => e);
    expect(binding.details.map((d: { code: string }) => d.code)).to.include.members([
      'call-activity.binding',
      'call-activity.unit',
    ]);
    const unit = await compile(caller('calledElement="x" grid:calledUnit="=dept.unit"', ''));
    expect(unit.nodes.call.call!.unit).to.equal('=dept.unit');
  });
});
