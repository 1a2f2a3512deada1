// bpmn:serviceTask with grid:type="external": the token waits on an external task the outbox creates; an
// external worker's report (externalTaskReported) completes it, raises its BPMN error or fails it for good;
// killing the token removes the task (pure semantics, no Redis; the HTTP API: test/api/external-tasks).
import { expect } from 'chai';
import { cancelInstance, externalTaskReported, retryIncident } from '../../engine/runtime/semantics.js';
import type { Outcome, StepContext } from '../../engine/runtime/transition.js';
import type { Effect, InstanceState } from '../../engine/runtime/types.js';
import { impliedJobs } from '../../engine/queue/recovery.js';
import { flow, userTask } from '../engine/fixtures.js';
import { compile, table } from './pure.js';

const ERRORS = '<bpmn:error id="notOurs" errorCode="NOT_OURS"/>';
const ext = (attrs = 'grid:type="external" grid:topic="hotline-sync" grid:retries="2"') =>
  `<bpmn:startEvent id="s"/>${flow('f0', 's', 'x')}<bpmn:serviceTask id="x" ${attrs}/>${flow('f1', 'x', 'next')}
   ${userTask('next')}${flow('f2', 'next', 'e')}<bpmn:endEvent id="e"/>
   <bpmn:boundaryEvent id="b" attachedToRef="x"><bpmn:errorEventDefinition errorRef="notOurs"/></bpmn:boundaryEvent>
   ${flow('fb', 'b', 'back')}${userTask('back')}${flow('fb2', 'back', 'e2')}<bpmn:endEvent id="e2"/>`;

const tokenAt = (s: InstanceState, nodeId: string) =>
  Object.values(s.tokens).find((t) => t.nodeId === nodeId)!;
const report =
  (outcome: Parameters<typeof externalTaskReported>[4]) => (ctx: StepContext, s: InstanceState) => {
    const t = tokenAt(s, 'x');
    return externalTaskReported(ctx, s, t.id, t.external!, outcome);
  };
const cancels = (effects: Effect[]) =>
  effects.flatMap((e) => (e.type === 'cancelExternalTask' ? [e.externalTaskId] : []));

describe('element serviceTask (grid:type="external"): an external task', () => {
  table([
    {
      name: 'entering: the token waits and an external task of the topic is created (no service job)',
      body: ext(),
      root: ERRORS,
      tokens: ['x:waiting:service'],
      actions: ['externalTask'],
      check: ({ state, effects }) => {
        const e = effects.find((x) => x.type === 'externalTask') as Extract<Effect, { type: 'externalTask' }>;
        expect(e.task).to.include({ topic: 'hotline-sync', nodeId: 'x', retries: 2 });
        expect(tokenAt(state, 'x').external).to.equal(e.task.id);
      },
    },
    {
      name: 'a completion sets its variables and the token leaves, the task kept (no cancel)',
      body: ext(),
      root: ERRORS,
      command: report({ kind: 'complete', variables: { ticket: 'RX-1' } }),
      tokens: ['next:waiting:task'],
      check: ({ state, effects }) => {
        expect(state.variables.ticket).to.equal('RX-1');
        expect(cancels(effects)).to.deep.equal([]);
      },
    },
    {
      name: 'a BPMN error goes to the error boundary on the task',
      body: ext(),
      root: ERRORS,
      command: report({ kind: 'bpmn-error', code: 'NOT_OURS', variables: { belongsTo: '住建局' } }),
      tokens: ['back:waiting:task'],
      check: ({ state }) => expect(state.variables.belongsTo).to.equal('住建局'),
    },
    {
      name: 'a failure with no retries left is an incident at the task',
      body: ext(),
      root: ERRORS,
      command: report({ kind: 'failure', message: 'external task failed: 超时' }),
      tokens: ['x:incident:service'],
      check: ({ state }) =>
        expect(Object.values(state.incidents)[0]).to.include({ nodeId: 'x', status: 'open' }),
    },
    {
      name: 'a report for another task of the token (an old one) changes nothing',
      body: ext(),
      root: ERRORS,
      command: (ctx, s) =>
        externalTaskReported(ctx, s, tokenAt(s, 'x').id, 'i1.x999', { kind: 'complete', variables: {} }),
      tokens: ['x:waiting:service'],
      check: ({ changed }) => expect(changed).to.equal(false),
    },
    {
      name: 'cancelling the case removes its external task',
      body: ext(),
      root: ERRORS,
      command: (ctx, s) => cancelInstance(ctx, s, '撤诉'),
      tokens: [],
      status: 'cancelled',
      check: ({ state, effects }) => expect(cancels(effects)).to.have.length(1) && expect(state.status),
    },
  ]);

  it('a repeated report after the first was applied changes nothing (the case goes on once)', async () => {
    const def = await compile(ext(), ERRORS);
    const { started, ctxOf } = await import('./pure.js');
    const first = started(def);
    const t = tokenAt(first.state, 'x');
    const done = externalTaskReported(ctxOf(def), first.state, t.id, t.external!, {
      kind: 'complete',
      variables: { a: 1 },
    });
    expect(done.changed).to.equal(true);
    const again = externalTaskReported(ctxOf(def), done.state, t.id, t.external!, {
      kind: 'complete',
      variables: { a: 2 },
    });
    expect(again.changed).to.equal(false);
  });

  it("an admin's retry of the incident removes the failed task and creates a new one", async () => {
    const def = await compile(ext(), ERRORS);
    const { started, ctxOf } = await import('./pure.js');
    const first = started(def);
    const old = tokenAt(first.state, 'x').external!;
    const failed: Outcome = report({ kind: 'failure', message: 'x' })(ctxOf(def), first.state);
    const retried = retryIncident(ctxOf(def), failed.state, Object.keys(failed.state.incidents)[0]);
    expect(cancels(retried.effects)).to.deep.equal([old]);
    const created = retried.effects.find((e) => e.type === 'externalTask') as Extract<
      Effect,
      { type: 'externalTask' }
    >;
    expect(created.task.id).to.not.equal(old);
    expect(created.task.retries).to.equal(2);
    expect(tokenAt(retried.state, 'x')).to.include({ status: 'waiting', external: created.task.id });
  });

  it('implies no service job for the recovery to rebuild (its work is the external task)', async () => {
    const def = await compile(ext(), ERRORS);
    const { started } = await import('./pure.js');
    expect(impliedJobs(started(def).state)).to.deep.equal([]);
  });

  it('compiles its topic and variables; refuses a missing topic or a bad configuration with codes', async () => {
    const p = await compile(
      ext('grid:type="external" grid:topic="hotline-sync" grid:topicVariables="venue, level"'),
      ERRORS,
    );
    expect(p.nodes.x.external).to.deep.equal({ topic: 'hotline-sync', variables: ['venue', 'level'] });
    const codesOf = async (attrs: string) => {
      const err = await compile(ext(attrs), ERRORS).catch((e) => e);
      return err.details
        .filter((d: { elementId: string }) => d.elementId === 'x')
        .map((d: { code: string }) => d.code);
    };
    expect(await codesOf('grid:type="external"')).to.deep.equal(['external-task.topic']);
    expect(await codesOf('grid:type="external" grid:topic="t" grid:workerType="w"')).to.deep.equal([
      'external-task.worker-type',
    ]);
    expect(await codesOf('grid:type="external" grid:topic="t" grid:topicVariables="1a"')).to.deep.equal([
      'external-task.variables',
    ]);
    expect(await codesOf('grid:type="remote" grid:workerType="w"')).to.deep.equal(['external-task.type']);
    expect(await codesOf('grid:workerType="w" grid:topic="t"')).to.deep.equal(['external-task.not-external']);
  });
});
