// Multi-instance activities on the pure semantics, (state, command) → (state, effects): parallel and
// sequential, over a collection or a cardinality, completion conditions, per-instance variables, output
// collections, boundaries on the body, run-time budgets; then deploy refusals by code.
import { expect } from 'chai';
import {
  advance,
  completeTask,
  deliverMessage,
  fireTimer,
  retryIncident,
  serviceCompleted,
  serviceError,
  serviceFailed,
} from '../../engine/runtime/semantics.js';
import type { CompiledProcess } from '../../engine/model/types.js';
import type { Outcome } from '../../engine/runtime/transition.js';
import type { InstanceState, TaskState } from '../../engine/runtime/types.js';
import { flow, userTask } from '../engine/fixtures.js';
import { compile, ctxOf, NOW, started, table } from './pure.js';

/** start → u (multi-instance user task) → after (user task) → end */
export const miTask = (loop: string, attrs = 'grid:candidateRoles="handler"', boundaries = '') =>
  `<bpmn:startEvent id="s"/>${flow('f0', 's', 'u')}
   <bpmn:userTask id="u" name="会办" ${attrs}>${loop}</bpmn:userTask>${flow('f1', 'u', 'after')}
   ${userTask('after')}${flow('f2', 'after', 'e')}<bpmn:endEvent id="e"/>${boundaries}`;
export const loop = (attrs: string, inner = '') =>
  `<bpmn:multiInstanceLoopCharacteristics ${attrs}>${inner}</bpmn:multiInstanceLoopCharacteristics>`;
export const cond = (expr: string) =>
  `<bpmn:completionCondition xsi:type="bpmn:tFormalExpression">${expr}</bpmn:completionCondition>`;
const cardinality = (expr: string) =>
  `<bpmn:loopCardinality xsi:type="bpmn:tFormalExpression">${expr}</bpmn:loopCardinality>`;

const open = (s: InstanceState, nodeId = 'u'): TaskState[] =>
  Object.values(s.tasks)
    .filter((t) => t.nodeId === nodeId && t.status === 'open')
    .sort((a, b) => loopOf(s, a) - loopOf(s, b));
const loopOf = (s: InstanceState, t: TaskState) => s.scopes[s.tokens[t.tokenId]?.scopeId]?.loop ?? 0;
const body = (s: InstanceState) => Object.values(s.tokens).find((t) => t.on === 'multi-instance')?.body;
const complete = (
  def: CompiledProcess,
  out: Outcome,
  task: TaskState,
  data: Record<string, unknown> = {},
  at = 60_000,
) => completeTask(ctxOf(def, NOW + at), out.state, task.id, data);
const history = (out: Outcome, action: string) =>
  out.effects.flatMap((e) => (e.type === 'history' && e.record.action === action ? [e.record] : []));
const DEPTS = ['G1', 'C1', 'S1'];

describe('multi-instance activities (pure semantics)', () => {
  table([
    {
      name: 'parallel over a collection: one task per item at once, the body waits on multi-instance',
      body: miTask(loop('grid:collection="=depts" grid:elementVariable="dept"')),
      variables: { depts: DEPTS },
      tokens: ['u:waiting:multi-instance', 'u:waiting:task', 'u:waiting:task', 'u:waiting:task'],
      actions: ['task', 'notify', 'task', 'notify', 'task', 'notify'],
      check: ({ state }) =>
        expect(body(state)).to.deep.equal({ total: 3, completed: 0, active: 3, started: 3 }),
    },
    {
      name: 'each instance sees its element variable: grid:unit="=dept" sends each task to its unit',
      body: miTask(
        loop('grid:collection="=depts" grid:elementVariable="dept"'),
        'grid:candidateRoles="handler" grid:unit="=dept"',
      ),
      variables: { depts: ['S1', 'G1', 'C1'] },
      tokens: ['u:waiting:multi-instance', 'u:waiting:task', 'u:waiting:task', 'u:waiting:task'],
      check: ({ state }) => {
        expect(open(state).map((t) => [loopOf(state, t), t.unit])).to.deep.equal([
          [1, 'S1'],
          [2, 'G1'],
          [3, 'C1'],
        ]);
        expect(open(state)[0].unitPath).to.deep.equal(['S1']);
        expect(open(state)[1].unitPath).to.deep.equal(['G1', 'C1', 'S1']);
      },
    },
    {
      name: 'grid:unit may give a grid level: the nearest unit at or above it',
      body: miTask(
        loop('grid:collection="=[&quot;street&quot;]" grid:elementVariable="lv"'),
        'grid:candidateRoles="handler" grid:unit="=lv"',
      ),
      tokens: ['u:waiting:multi-instance', 'u:waiting:task'],
      check: ({ state }) => expect(open(state)[0].unit).to.equal('S1'),
    },
    {
      name: 'grid:unit giving no unit of the chain: the body is parked as an incident (user-task.unit), no task is left open',
      body: miTask(
        loop('grid:collection="=[&quot;G1&quot;, &quot;X9&quot;]" grid:elementVariable="d"'),
        'grid:candidateRoles="handler" grid:unit="=d"',
      ),
      tokens: ['u:incident'],
      check: ({ state }) => {
        expect(Object.values(state.incidents)[0].code).to.equal('user-task.unit');
        expect(state.tasks).to.deep.equal({});
        expect(Object.keys(state.scopes)).to.deep.equal(['root']);
      },
    },
    {
      name: 'sequential: one instance at a time, the first item first',
      body: miTask(
        loop('isSequential="true" grid:collection="=depts" grid:elementVariable="dept"'),
        'grid:candidateRoles="handler" grid:unit="=dept"',
      ),
      variables: { depts: DEPTS },
      tokens: ['u:waiting:multi-instance', 'u:waiting:task'],
      check: ({ state }) => {
        expect(open(state).map((t) => t.unit)).to.deep.equal(['G1']);
        expect(body(state)).to.include({ total: 3, active: 1, started: 1 });
        expect(body(state)!.items).to.deep.equal(DEPTS);
      },
    },
    {
      name: 'a literal loopCardinality: that many instances, each with its loopCounter',
      body: miTask(loop('', cardinality('2'))),
      tokens: ['u:waiting:multi-instance', 'u:waiting:task', 'u:waiting:task'],
      check: ({ state }) => expect(open(state).map((t) => loopOf(state, t))).to.deep.equal([1, 2]),
    },
    {
      name: 'a computed loopCardinality (FEEL over the case variables)',
      body: miTask(loop('', cardinality('=count(depts) + 1'))),
      variables: { depts: DEPTS },
      tokens: ['u:waiting:multi-instance', ...Array(4).fill('u:waiting:task')],
    },
    {
      name: 'an empty collection: the activity completes at once (Camunda), the output collection is []',
      body: miTask(
        loop('grid:collection="=depts" grid:elementVariable="dept" grid:outputCollection="replies"'),
      ),
      variables: { depts: [] },
      tokens: ['after:waiting:task'],
      check: ({ state }) => expect(state.variables.replies).to.deep.equal([]),
    },
    {
      name: 'a cardinality of 0 completes at once too',
      body: miTask(loop('', cardinality('=0'))),
      tokens: ['after:waiting:task'],
    },
    {
      name: 'a collection that is not a list: an incident with code multi-instance.collection',
      body: miTask(loop('grid:collection="=depts" grid:elementVariable="dept"')),
      variables: { depts: 'G1' },
      tokens: ['u:incident'],
      check: ({ state }) =>
        expect(Object.values(state.incidents)[0]).to.include({
          code: 'multi-instance.collection',
          nodeId: 'u',
        }),
    },
    {
      name: 'a computed cardinality above the budget: an incident with code multi-instance.too-many',
      body: miTask(loop('', cardinality('=n'))),
      variables: { n: 1001 },
      tokens: ['u:incident'],
      check: ({ state }) => {
        expect(Object.values(state.incidents)[0].code).to.equal('multi-instance.too-many');
        expect(state.tasks).to.deep.equal({});
      },
    },
    {
      name: 'a negative or fractional cardinality: an incident with code multi-instance.cardinality',
      body: miTask(loop('', cardinality('=1.5'))),
      tokens: ['u:incident'],
      check: ({ state }) =>
        expect(Object.values(state.incidents)[0].code).to.equal('multi-instance.cardinality'),
    },
    {
      name: 'a collection of exactly the budget (1000) runs',
      body: miTask(loop('', cardinality('=1000'))),
      tokens: ['u:waiting:multi-instance', ...Array(1000).fill('u:waiting:task')],
    },
  ]);

  it('completing every parallel instance, in any order: the body leaves once, outputs by loopCounter', async () => {
    const def = await compile(
      miTask(loop('grid:collection="=depts" grid:elementVariable="dept" grid:outputCollection="replies"')),
    );
    let out = started(def, { depts: DEPTS });
    const [t1, t2, t3] = open(out.state);
    out = complete(def, out, t3, { opinion: '同意' });
    expect(body(out.state)).to.include({ completed: 1, active: 2 });
    // the instance's data stays in the instance: not a case variable, not seen by the others
    expect(out.state.variables).to.not.have.property('opinion');
    out = complete(def, out, t1, { opinion: '补充材料' });
    out = complete(def, out, t2, { opinion: '不同意' });
    expect(open(out.state, 'after')).to.have.length(1);
    expect(Object.keys(out.state.scopes)).to.deep.equal(['root']);
    expect(out.state.variables.replies).to.deep.equal([
      { dept: 'G1', opinion: '补充材料' },
      { dept: 'C1', opinion: '不同意' },
      { dept: 'S1', opinion: '同意' },
    ]);
    expect(history(out, 'leave').filter((r) => r.elementId === 'u')).to.have.length(1);
  });

  it('sequential: each completion starts the next item; the output element is FEEL over the instance', async () => {
    const def = await compile(
      miTask(
        loop(
          'isSequential="true" grid:collection="=depts" grid:elementVariable="dept" grid:outputCollection="opinions" grid:outputElement="=dept + &quot;:&quot; + opinion"',
        ),
        'grid:candidateRoles="handler" grid:unit="=dept"',
      ),
    );
    let out = started(def, { depts: DEPTS });
    const seen: string[] = [];
    for (let i = 0; i < 3; i++) {
      const [t] = open(out.state);
      seen.push(t.unit);
      expect(body(out.state)).to.include({ completed: i, active: 1, started: i + 1 });
      out = complete(def, out, t, { opinion: `o${i}` });
    }
    expect(seen).to.deep.equal(DEPTS);
    expect(out.state.variables.opinions).to.deep.equal(['G1:o0', 'C1:o1', 'S1:o2']);
    expect(open(out.state, 'after')).to.have.length(1);
  });

  it('completionCondition true: the remaining instances are cancelled, their SLA timers disarmed', async () => {
    const def = await compile(
      miTask(
        loop('grid:collection="=depts" grid:elementVariable="dept"', cond('=nrOfCompletedInstances >= 2')),
        'grid:candidateRoles="handler" grid:sla="P2D" grid:calendar="natural"',
      ),
    );
    let out = started(def, { depts: DEPTS });
    expect(Object.values(out.state.timers).filter((t) => t.taskId)).to.have.length(3);
    const [t1, t2, t3] = open(out.state);
    out = complete(def, out, t2);
    expect(open(out.state)).to.have.length(2);
    out = complete(def, out, t1);
    expect(out.state.tasks[t3.id].status).to.equal('cancelled');
    expect(
      Object.values(out.state.timers).filter((t) => t.nodeId === 'u' || t.taskId === t3.id),
    ).to.deep.equal([]);
    const cancelled = out.effects.flatMap((e) => (e.type === 'cancelTimer' ? [e.timerId] : []));
    expect(cancelled.length).to.be.at.least(1);
    expect(history(out, 'multi-instance-cancelled').map((r) => r.details?.loopCounter)).to.deep.equal([3]);
    expect(open(out.state, 'after')).to.have.length(1);
  });

  it('completionCondition reads the completing instance’s own variables (one refusal ends the round)', async () => {
    const def = await compile(
      miTask(loop('grid:collection="=depts" grid:elementVariable="dept"', cond('=agree = false'))),
    );
    let out = started(def, { depts: DEPTS });
    const [t1, t2] = open(out.state);
    out = complete(def, out, t1, { agree: true });
    expect(open(out.state)).to.have.length(2);
    out = complete(def, out, t2, { agree: false });
    expect(open(out.state)).to.deep.equal([]);
    expect(open(out.state, 'after')).to.have.length(1);
  });

  it('a completionCondition that is not boolean parks the completing instance as an incident', async () => {
    const def = await compile(miTask(loop('', cardinality('2') + cond('=&quot;yes&quot;'))));
    let out = started(def);
    out = complete(def, out, open(out.state)[0]);
    expect(Object.values(out.state.incidents)).to.have.length(1);
    expect(Object.values(out.state.incidents)[0]).to.include({ nodeId: 'u', phase: 'leave' });
    expect(body(out.state)).to.include({ completed: 0, active: 2 });
  });

  it('the built-ins are visible to the instance: an SLA per instance from loopCounter', async () => {
    const def = await compile(
      miTask(
        loop('', cardinality('2')),
        'grid:candidateRoles="handler" grid:sla="=&quot;P&quot; + string(loopCounter * nrOfInstances) + &quot;D&quot;" grid:calendar="natural"',
      ),
    );
    const out = started(def);
    expect(open(out.state).map((t) => t.sla?.duration)).to.deep.equal(['P2D', 'P4D']);
  });

  it('an interrupting timer boundary on the body cancels every instance and takes its path', async () => {
    const def = await compile(
      miTask(
        loop('grid:collection="=depts" grid:elementVariable="dept"'),
        'grid:candidateRoles="handler"',
        `<bpmn:boundaryEvent id="late" attachedToRef="u"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
         ${flow('fl', 'late', 'chase')}${userTask('chase')}${flow('fc', 'chase', 'e2')}<bpmn:endEvent id="e2"/>`,
      ),
    );
    let out = started(def, { depts: DEPTS });
    const boundary = Object.values(out.state.timers).filter((t) => t.purpose === 'boundary');
    expect(boundary, 'armed once, on the body').to.have.length(1);
    out = fireTimer(ctxOf(def, NOW + 3_600_000), out.state, boundary[0].id);
    expect(
      Object.values(out.state.tasks)
        .filter((t) => t.nodeId === 'u')
        .map((t) => t.status),
    ).to.deep.equal(['cancelled', 'cancelled', 'cancelled']);
    expect(Object.keys(out.state.scopes)).to.deep.equal(['root']);
    expect(open(out.state, 'chase')).to.have.length(1);
    expect(Object.values(out.state.tokens).map((t) => t.nodeId)).to.deep.equal(['chase']);
  });

  it('a non-interrupting timer boundary on the body fires once for the whole body; the instances go on', async () => {
    const def = await compile(
      miTask(
        loop('', cardinality('2')),
        'grid:candidateRoles="handler"',
        `<bpmn:boundaryEvent id="remind" attachedToRef="u" cancelActivity="false"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
         ${flow('fr', 'remind', 'note')}${userTask('note')}${flow('fn', 'note', 'e2')}<bpmn:endEvent id="e2"/>`,
      ),
    );
    let out = started(def);
    const [timer] = Object.values(out.state.timers).filter((t) => t.purpose === 'boundary');
    out = fireTimer(ctxOf(def, NOW + 3_600_000), out.state, timer.id);
    expect(open(out.state)).to.have.length(2);
    expect(open(out.state, 'note')).to.have.length(1);
    for (const t of open(out.state)) out = complete(def, out, t);
    expect(open(out.state, 'after')).to.have.length(1);
  });

  it('service tasks: one job per instance, each output kept in its instance and collected', async () => {
    const def = await compile(
      `<bpmn:startEvent id="s"/>${flow('f0', 's', 'svc')}
       <bpmn:serviceTask id="svc" grid:workerType="lookup">${loop('grid:collection="=ids" grid:elementVariable="id" grid:outputCollection="found" grid:outputElement="=name"')}</bpmn:serviceTask>
       ${flow('f1', 'svc', 'after')}${userTask('after')}${flow('f2', 'after', 'e')}<bpmn:endEvent id="e"/>`,
    );
    let out = started(def, { ids: [7, 8] });
    const jobs = out.effects.flatMap((e) => (e.type === 'job' && e.job.name === 'service' ? [e.job] : []));
    expect(jobs).to.have.length(2);
    const [a, b] = jobs.map((j) => String(j.data.tokenId));
    out = serviceCompleted(ctxOf(def), out.state, b, { name: 'eight' });
    expect(out.state.variables).to.not.have.property('name');
    out = serviceCompleted(ctxOf(def), out.state, a, { name: 'seven' });
    expect(out.state.variables.found).to.deep.equal(['seven', 'eight']);
    expect(open(out.state, 'after')).to.have.length(1);
  });

  it('a BPMN error of one service instance is caught by the body’s error boundary: all instances end', async () => {
    const def = await compile(
      `<bpmn:startEvent id="s"/>${flow('f0', 's', 'svc')}
       <bpmn:serviceTask id="svc" grid:workerType="w">${loop('', cardinality('3'))}</bpmn:serviceTask>
       ${flow('f1', 'svc', 'e')}<bpmn:endEvent id="e"/>
       <bpmn:boundaryEvent id="err" attachedToRef="svc"><bpmn:errorEventDefinition errorRef="notOurs"/></bpmn:boundaryEvent>
       ${flow('fe', 'err', 'back')}${userTask('back')}${flow('fb', 'back', 'e3')}<bpmn:endEvent id="e3"/>`,
      '<bpmn:error id="notOurs" errorCode="NOT_OURS"/>',
    );
    let out = started(def);
    const ids = Object.values(out.state.tokens)
      .filter((t) => t.on === 'service')
      .map((t) => t.id);
    expect(ids).to.have.length(3);
    out = serviceError(ctxOf(def), out.state, ids[1], 'NOT_OURS', '非本部门职责');
    expect(Object.values(out.state.tokens).map((t) => t.nodeId)).to.deep.equal(['back']);
    expect(Object.keys(out.state.scopes)).to.deep.equal(['root']);
    // a late answer of another instance changes nothing
    expect(serviceCompleted(ctxOf(def), out.state, ids[0], {}).changed).to.equal(false);
  });

  it('sub-processes: each instance runs the inner flow with its own variables; conditions read them', async () => {
    const def = await compile(
      `<bpmn:startEvent id="s"/>${flow('f0', 's', 'sp')}
       <bpmn:subProcess id="sp">${loop('grid:collection="=depts" grid:elementVariable="dept" grid:outputCollection="results"')}
         <bpmn:startEvent id="ss"/>${flow('g0', 'ss', 'check')}
         ${userTask('check', 'grid:candidateRoles="handler" grid:unit="=dept"')}${flow('g1', 'check', 'x')}
         <bpmn:exclusiveGateway id="x" default="g3"/>${flow('g2', 'x', 'redo', '=ok = false')}${flow('g3', 'x', 'se')}
         ${userTask('redo', 'grid:candidateRoles="handler" grid:unit="=dept"')}${flow('g4', 'redo', 'se')}
         <bpmn:endEvent id="se"/>
       </bpmn:subProcess>
       ${flow('f1', 'sp', 'after')}${userTask('after')}${flow('f2', 'after', 'e')}<bpmn:endEvent id="e"/>`,
    );
    let out = started(def, { depts: ['G1', 'C1'] });
    expect(
      open(out.state, 'check')
        .map((t) => t.unit)
        .sort(),
    ).to.deep.equal(['C1', 'G1']);
    const [g1, c1] = open(out.state, 'check')
      .sort((a, b) => a.unit.localeCompare(b.unit))
      .reverse();
    out = complete(def, out, g1, { ok: false }); // G1 must redo; C1's ok is its own
    out = complete(def, out, c1, { ok: true });
    expect(open(out.state, 'redo').map((t) => t.unit)).to.deep.equal(['G1']);
    expect(open(out.state, 'after')).to.deep.equal([]);
    out = complete(def, out, open(out.state, 'redo')[0], { fixed: true });
    expect(open(out.state, 'after')).to.have.length(1);
    expect(out.state.variables.results).to.deep.equal([
      { dept: 'G1', ok: false, fixed: true },
      { dept: 'C1', ok: true },
    ]);
    expect(Object.keys(out.state.scopes)).to.deep.equal(['root']);
  });

  it('an interrupting error end inside one sub-process instance is caught on the body', async () => {
    const def = await compile(
      `<bpmn:startEvent id="s"/>${flow('f0', 's', 'sp')}
       <bpmn:subProcess id="sp">${loop('', cardinality('2'))}
         <bpmn:startEvent id="ss"/>${flow('g0', 'ss', 'check')}${userTask('check')}${flow('g1', 'check', 'x')}
         <bpmn:exclusiveGateway id="x" default="g3"/>${flow('g2', 'x', 'boom', '=bad')}${flow('g3', 'x', 'se')}
         <bpmn:endEvent id="boom"><bpmn:errorEventDefinition errorRef="E"/></bpmn:endEvent><bpmn:endEvent id="se"/>
       </bpmn:subProcess>
       ${flow('f1', 'sp', 'e')}<bpmn:endEvent id="e"/>
       <bpmn:boundaryEvent id="caught" attachedToRef="sp"><bpmn:errorEventDefinition errorRef="E"/></bpmn:boundaryEvent>
       ${flow('fe', 'caught', 'after')}${userTask('after')}${flow('fa', 'after', 'e2')}<bpmn:endEvent id="e2"/>`,
      '<bpmn:error id="E" errorCode="BAD"/>',
    );
    let out = started(def);
    out = complete(def, out, open(out.state, 'check')[0], { bad: true });
    expect(Object.values(out.state.tokens).map((t) => t.nodeId)).to.deep.equal(['after']);
    expect(
      Object.values(out.state.tasks)
        .filter((t) => t.nodeId === 'check')
        .map((t) => t.status)
        .sort(),
    ).to.deep.equal(['cancelled', 'completed']);
  });

  it('a multi-instance activity in a loop with an empty collection is still bounded by the loop budget', async () => {
    const def = await compile(
      `<bpmn:startEvent id="s"/>${flow('f0', 's', 'j')}<bpmn:exclusiveGateway id="j"/>${flow('f1', 'j', 'u')}
       <bpmn:userTask id="u" grid:candidateRoles="handler">${loop('grid:collection="=[]" grid:elementVariable="d"')}</bpmn:userTask>
       ${flow('f2', 'u', 'j')}`,
    );
    // the deploy check sees a cycle through a user task (a wait state); at run time the budget parks it
    const out = started(def);
    expect(Object.values(out.state.incidents).map((i) => i.code)).to.deep.equal(['loop.budget']);
  });
});

describe('multi-instance activities: deploy refusals', () => {
  const refused = async (xml: string) => {
    const err = await compile(xml).catch((e) => e);
    expect(err, 'refused').to.be.instanceOf(Error);
    return (err as { details: Array<{ elementId: string; code?: string; message: string }> }).details;
  };
  const rows: Array<[string, string, string]> = [
    ['neither a collection nor a cardinality', loop(''), 'multi-instance.input'],
    [
      'both a collection and a cardinality',
      loop('grid:collection="=a"', cardinality('3')),
      'multi-instance.both',
    ],
    ['a literal cardinality above 1000', loop('', cardinality('1001')), 'multi-instance.too-many'],
    ['a collection that is not FEEL', loop('grid:collection="=a +"'), 'multi-instance.expression'],
    [
      'a JUEL completion condition',
      loop('', cardinality('2') + cond('${done}')),
      'multi-instance.expression',
    ],
    ['a cardinality that is not FEEL', loop('', cardinality('=(')), 'multi-instance.expression'],
    [
      'an element variable that is no name',
      loop('grid:collection="=a" grid:elementVariable="a.b"'),
      'multi-instance.variable',
    ],
    [
      'an element variable named like a built-in',
      loop('grid:collection="=a" grid:elementVariable="loopCounter"'),
      'multi-instance.variable',
    ],
    [
      'an element variable without a collection',
      loop('grid:elementVariable="x"', cardinality('2')),
      'multi-instance.element-variable',
    ],
    [
      'an output element without an output collection',
      loop('grid:outputElement="=x"', cardinality('2')),
      'multi-instance.output-element',
    ],
    [
      'a bad output collection name',
      loop('grid:outputCollection="$x"', cardinality('2')),
      'multi-instance.variable',
    ],
  ];
  for (const [what, lc, code] of rows)
    it(`refuses ${what} (${code}), naming the element`, async () => {
      const details = await refused(miTask(lc));
      expect(details.map((d) => [d.elementId, d.code])).to.deep.include(['u', code]);
    });

  it('refuses grid:unit that is not FEEL (user-task.unit)', async () => {
    const details = await refused(miTask('', 'grid:candidateRoles="handler" grid:unit="=("'));
    expect(details.map((d) => [d.elementId, d.code])).to.deep.include(['u', 'user-task.unit']);
  });

  it('refuses multi-instance on elements that do not wait (a gateway cannot loop; a script-less task)', async () => {
    const details = await refused(
      `<bpmn:startEvent id="s"/>${flow('f0', 's', 't')}<bpmn:task id="t">${loop('', cardinality('2'))}</bpmn:task>${flow('f1', 't', 'e')}<bpmn:endEvent id="e"/>`,
    );
    expect(details[0].elementId).to.equal('t');
    expect(details[0].message).to.match(/MultiInstanceLoopCharacteristics on bpmn:Task/);
  });

  it('reads the standard loopDataInputRef / inputDataItem by name', async () => {
    const def = await compile(
      `<bpmn:startEvent id="s"/>${flow('f0', 's', 'u')}
       <bpmn:userTask id="u" grid:candidateRoles="handler"><bpmn:ioSpecification><bpmn:dataInput id="depts" name="depts"/><bpmn:inputSet><bpmn:dataInputRefs>depts</bpmn:dataInputRefs></bpmn:inputSet><bpmn:outputSet/></bpmn:ioSpecification>
       <bpmn:multiInstanceLoopCharacteristics><bpmn:loopDataInputRef>depts</bpmn:loopDataInputRef><bpmn:inputDataItem id="dept" name="dept"/></bpmn:multiInstanceLoopCharacteristics></bpmn:userTask>
       ${flow('f1', 'u', 'e')}<bpmn:endEvent id="e"/>`,
    );
    expect(def.nodes.u.multiInstance).to.deep.equal({
      sequential: false,
      collection: 'depts',
      elementVariable: 'dept',
    });
    const out = started(def, { depts: DEPTS });
    expect(open(out.state)).to.have.length(3);
  });

  it('keeps refusing standard loops (bpmn:standardLoopCharacteristics)', async () => {
    const details = await refused(miTask('<bpmn:standardLoopCharacteristics/>'));
    expect(details[0].message).to.match(/StandardLoopCharacteristics/);
  });
});

describe('multi-instance activities: incidents and retries', () => {
  it('a service body parked on its collection re-enters on retry (not a worker job for the body)', async () => {
    const def = await compile(
      `<bpmn:startEvent id="s"/>${flow('f0', 's', 'svc')}
       <bpmn:serviceTask id="svc" grid:workerType="lookup">${loop('grid:collection="=ids" grid:elementVariable="id"')}</bpmn:serviceTask>
       ${flow('f1', 'svc', 'e')}<bpmn:endEvent id="e"/>`,
    );
    const out = started(def, { ids: 'not a list' });
    const [incident] = Object.values(out.state.incidents);
    expect(incident.code).to.equal('multi-instance.collection');
    const retried = retryIncident(ctxOf(def), out.state, incident.id, { ids: [1, 2] });
    const jobs = retried.effects.flatMap((e) => (e.type === 'job' ? [e.job.name] : []));
    expect(jobs).to.deep.equal(['advance']);
    const body = Object.values(retried.state.tokens)[0];
    const entered = advance(ctxOf(def), retried.state, body.id);
    expect(entered.effects.flatMap((e) => (e.type === 'job' ? [e.job.name] : []))).to.deep.equal([
      'service',
      'service',
    ]);
  });

  it('a failing instance of a service task is retried alone: its worker runs again, the others stand', async () => {
    const def = await compile(
      `<bpmn:startEvent id="s"/>${flow('f0', 's', 'svc')}
       <bpmn:serviceTask id="svc" grid:workerType="lookup">${loop('', '<bpmn:loopCardinality>2</bpmn:loopCardinality>')}</bpmn:serviceTask>
       ${flow('f1', 'svc', 'e')}<bpmn:endEvent id="e"/>`,
    );
    let out = started(def);
    const [a, b] = Object.values(out.state.tokens).filter((t) => t.on === 'service');
    out = serviceFailed(ctxOf(def), out.state, a.id, 'down');
    const [incident] = Object.values(out.state.incidents);
    out = retryIncident(ctxOf(def), out.state, incident.id);
    const jobs = out.effects.flatMap((e) => (e.type === 'job' ? [[e.job.name, e.job.data.tokenId]] : []));
    expect(jobs).to.deep.equal([['service', a.id]]);
    out = serviceCompleted(ctxOf(def), out.state, b.id, {});
    out = serviceCompleted(ctxOf(def), out.state, a.id, {});
    expect(out.state.status).to.equal('completed');
  });

  it('a receive task per instance: each waits for its own correlation key; the message sets its variables', async () => {
    const def = await compile(
      `<bpmn:startEvent id="s"/>${flow('f0', 's', 'r')}
       <bpmn:receiveTask id="r" messageRef="m" grid:correlationKey="=id">${loop('grid:collection="=ids" grid:elementVariable="id" grid:outputCollection="answers" grid:outputElement="=answer"')}</bpmn:receiveTask>
       ${flow('f1', 'r', 'after')}${userTask('after')}${flow('f2', 'after', 'e')}<bpmn:endEvent id="e"/>`,
      '<bpmn:message id="m" name="reply"/>',
    );
    let out = started(def, { ids: ['A', 'B'] });
    const subs = Object.values(out.state.subscriptions);
    expect(subs.map((s) => s.correlationKey).sort()).to.deep.equal(['A', 'B']);
    for (const key of ['B', 'A']) {
      const sub = Object.values(out.state.subscriptions).find((s) => s.correlationKey === key)!;
      out = deliverMessage(ctxOf(def), out.state, sub.id, { answer: `re-${key}` });
    }
    expect(out.state.variables.answers).to.deep.equal(['re-A', 're-B']);
    expect(out.state.variables).to.not.have.property('answer');
  });
});

describe('multi-instance activities: large fan-outs', () => {
  const subProcessOf = (collection: string) =>
    `<bpmn:startEvent id="s"/>${flow('f0', 's', 'sp')}
     <bpmn:subProcess id="sp">${loop(`grid:collection="${collection}" grid:elementVariable="d"`)}
       <bpmn:startEvent id="ss"/>${flow('g0', 'ss', 'u')}${userTask('u', 'grid:candidateRoles="handler" grid:unit="=d"')}${flow('g1', 'u', 'se')}<bpmn:endEvent id="se"/>
     </bpmn:subProcess>${flow('f1', 'sp', 'e')}<bpmn:endEvent id="e"/>`;

  it('four hundred sub-process instances start in one step; one failing node deep in the run parks only itself', async () => {
    // item 150 is no unit: its task cannot be created; it fails well past the first batch of nodes
    const def = await compile(subProcessOf('=items'));
    const items = Array.from({ length: 400 }, (_, i) => (i === 149 ? 'X9' : 'G1'));
    const out = started(def, { items });
    const tasks = Object.values(out.state.tasks);
    expect(tasks).to.have.length(399);
    const incidents = Object.values(out.state.incidents);
    expect(incidents.map((i) => [i.nodeId, i.code])).to.deep.equal([['u', 'user-task.unit']]);
    const parked = out.state.tokens[incidents[0].tokenId];
    expect(out.state.scopes[out.state.scopes[parked.scopeId].parent!].loop).to.equal(150);
    expect(body(out.state)).to.include({ total: 400, active: 400, completed: 0 });
  });
});

describe('multi-instance activities: nested', () => {
  it('a multi-instance task inside a multi-instance sub-process: both element variables, outputs to the outer instance', async () => {
    const def = await compile(
      `<bpmn:startEvent id="s"/>${flow('f0', 's', 'sp')}
       <bpmn:subProcess id="sp">${loop('grid:collection="=groups" grid:elementVariable="g" grid:outputCollection="results" grid:outputElement="=votes"')}
         <bpmn:startEvent id="ss"/>${flow('g0', 'ss', 'vote')}
         <bpmn:userTask id="vote" grid:candidateRoles="handler">${loop('grid:collection="=g.members" grid:elementVariable="m" grid:outputCollection="votes" grid:outputElement="=g.name + &quot;/&quot; + m + &quot;:&quot; + string(yes)"')}</bpmn:userTask>
         ${flow('g1', 'vote', 'se')}<bpmn:endEvent id="se"/>
       </bpmn:subProcess>${flow('f1', 'sp', 'after')}${userTask('after')}${flow('f2', 'after', 'e')}<bpmn:endEvent id="e"/>`,
    );
    let out = started(def, {
      groups: [
        { name: 'A', members: ['a1', 'a2'] },
        { name: 'B', members: ['b1'] },
      ],
    });
    expect(open(out.state, 'vote')).to.have.length(3);
    for (const t of open(out.state, 'vote').reverse()) out = complete(def, out, t, { yes: true });
    expect(out.state.variables.results).to.deep.equal([['A/a1:true', 'A/a2:true'], ['B/b1:true']]);
    expect(out.state.variables).to.not.have.property('votes');
    expect(Object.keys(out.state.scopes)).to.deep.equal(['root']);
    expect(open(out.state, 'after')).to.have.length(1);
  });
});

describe('multi-instance activities: message boundary on the body', () => {
  it('subscribed once for the body; the message (withdrawal) cancels every instance', async () => {
    const def = await compile(
      miTask(
        loop('grid:collection="=depts" grid:elementVariable="dept"'),
        'grid:candidateRoles="handler"',
        `<bpmn:boundaryEvent id="withdrawn" attachedToRef="u" grid:correlationKey="=caseNo"><bpmn:messageEventDefinition messageRef="w"/></bpmn:boundaryEvent>
         ${flow('fw', 'withdrawn', 'close')}${userTask('close')}${flow('fc', 'close', 'e2')}<bpmn:endEvent id="e2"/>`,
      ),
      '<bpmn:message id="w" name="citizen-withdraw"/>',
    );
    let out = started(def, { depts: DEPTS, caseNo: 'W-9' });
    const subs = Object.values(out.state.subscriptions);
    expect(subs.map((s) => [s.nodeId, s.correlationKey])).to.deep.equal([['withdrawn', 'W-9']]);
    out = deliverMessage(ctxOf(def), out.state, subs[0].id, { reason: '已撤回' });
    expect(
      Object.values(out.state.tasks)
        .filter((t) => t.nodeId === 'u')
        .map((t) => t.status),
    ).to.deep.equal(['cancelled', 'cancelled', 'cancelled']);
    expect(out.state.variables.reason).to.equal('已撤回');
    expect(Object.values(out.state.tokens).map((t) => t.nodeId)).to.deep.equal(['close']);
    expect(Object.keys(out.state.scopes)).to.deep.equal(['root']);
  });
});
