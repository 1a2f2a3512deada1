// A step runs to the next wait state: one job applies its command and executes the automatic elements
// after it in the same transition. These tests count the step jobs (from the engine's one log line per
// step job) and the instance versions (one per transition) a process costs.
import { expect } from 'chai';
import { pino } from 'pino';
import { GRID1, MONDAY_9AM, testEngine, type TestEngine } from '../helpers/engine.js';
import { advance, newInstance } from '../../engine/runtime/semantics.js';
import type { StepContext } from '../../engine/runtime/transition.js';
import { flow, processXml, userTask } from './fixtures.js';
import { driver, openIncidents } from './drive.js';

const STEP_QUEUE_JOBS = new Set(['advance', 'complete', 'message']);

describe('engine: a step runs to the next wait state', function () {
  this.timeout(30000);
  let t: TestEngine;
  const lines: Array<Record<string, any>> = [];
  before(async () => {
    const logger = pino({ level: 'info' }, { write: (l: string) => void lines.push(JSON.parse(l)) });
    t = await testEngine({ logger });
  });
  after(() => t.close());

  /**
   * `job:element` of the step jobs that changed the instance (advance, complete, message). A redelivery
   * that finds nothing to do is left out: at-least-once delivery may repeat a job (e.g. an outbox entry
   * re-run because the next job beat the runner marking it executed), and it changes nothing.
   */
  async function stepJobs(id: string, atLeast = 0): Promise<string[]> {
    const read = () =>
      lines
        .filter((l) => l.msg === 'step' && l.instanceId === id && STEP_QUEUE_JOBS.has(l.job) && l.changed)
        .map((l) => `${l.job}:${l.elementId}`);
    // the log line follows the write the test waited for; give it a moment, then let stragglers show
    for (let i = 0; i < 100 && read().length < atLeast; i++) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 100));
    return read();
  }

  const { run, open, complete } = driver(() => t.engine);

  it('a 3-task sequential process costs 4 step jobs: the start and one per completion', async () => {
    const s = await run(
      'three',
      `<bpmn:startEvent id="s"/>${flow('f0', 's', 'a')}${userTask('a')}${flow('f1', 'a', 'b')}
       ${userTask('b')}${flow('f2', 'b', 'c')}${userTask('c')}${flow('f3', 'c', 'e')}<bpmn:endEvent id="e"/>`,
    );
    // created (version 1), then one transition from the start event into the first task
    expect(s.version).to.equal(2);
    await complete(s._id, 'a');
    await complete(s._id, 'b');
    const done = await complete(s._id, 'c');
    expect(done.status).to.equal('completed');
    expect(await stepJobs(s._id, 4)).to.deep.equal(['advance:s', 'complete:a', 'complete:b', 'complete:c']);
    // each completion: the reservation (API) and the completion job, which ran on to the next task/end
    expect(done.version).to.equal(2 + 3 * 2);
  });

  it('a gateway failing after a completion: the completion stands, the token waits at the gateway as an incident', async () => {
    const s = await run(
      'gw_fail',
      `<bpmn:startEvent id="s"/>${flow('f0', 's', 'check')}${userTask('check')}${flow('f1', 'check', 'g')}
       <bpmn:exclusiveGateway id="g"/>${flow('yes', 'g', 'next', '=approved = true')}
       ${userTask('next')}${flow('f2', 'next', 'e')}<bpmn:endEvent id="e"/>`,
    );
    const after = await complete(s._id, 'check', { approved: false });
    const task = Object.values(after.tasks).find((x) => x.nodeId === 'check')!;
    expect(task.status).to.equal('completed');
    expect(after.variables.approved).to.equal(false);
    const [inc] = openIncidents(after);
    expect(inc?.nodeId).to.equal('g');
    expect(inc.phase).to.equal('execute');
    expect(inc.message).to.match(/no outgoing sequence flow of g/);
    expect(Object.values(after.tokens).map((x) => [x.nodeId, x.status])).to.deep.equal([['g', 'incident']]);
    const history = await t.engine.history(s._id);
    expect(history.map((h) => h.action)).to.include.members(['task-completed', 'incident']);

    // an admin sets the variable and retries: the gateway runs again and the case goes on
    await t.engine.retryIncident(s._id, inc.id, 'admin', { approved: true });
    const resumed = await t.engine.waitForIdle(s._id);
    expect((await open(s._id)).map((x) => x.nodeId)).to.deep.equal(['next']);
    expect(openIncidents(resumed)).to.have.length(0);
  });

  it('a node failing halfway keeps nothing of that node: the task is not created, the token is parked', async () => {
    const s = await run(
      'half',
      `<bpmn:startEvent id="s"/>${flow('f0', 's', 'pre')}<bpmn:exclusiveGateway id="pre"/>
       ${flow('f1', 'pre', 'work')}${userTask('work')}${flow('f2', 'work', 'e')}<bpmn:endEvent id="e"/>
       <bpmn:boundaryEvent id="late" attachedToRef="work"><bpmn:timerEventDefinition>
         <bpmn:timeDuration>=limit</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
       ${flow('f3', 'late', 'e2')}<bpmn:endEvent id="e2"/>`,
      { limit: 'garbage' },
    );
    const [inc] = openIncidents(s);
    expect(inc?.nodeId).to.equal('work');
    // the start event and the gateway before stand; the task the failing node had created does not
    const history = (await t.engine.history(s._id)).map((h) => `${h.action}:${h.elementId ?? ''}`);
    expect(history).to.include.members(['leave:s', 'leave:pre', 'incident:work']);
    expect(history).not.to.include('task-created:work');
    expect(Object.keys(s.tasks)).to.have.length(0);
    expect(Object.keys(s.timers)).to.have.length(0);
    expect(await open(s._id)).to.have.length(0);
    await t.engine.retryIncident(s._id, inc.id, 'admin', { limit: 'PT2H' });
    await t.engine.waitForIdle(s._id);
    expect((await open(s._id)).map((x) => x.nodeId)).to.deep.equal(['work']);
  });

  it('grid:asyncBefore stops before the node and continues in an advance job of its own', async () => {
    const body = (attr: string) =>
      `<bpmn:startEvent id="s"/>${flow('f0', 's', 'g')}<bpmn:exclusiveGateway id="g" ${attr}/>
       ${flow('f1', 'g', 'work')}${userTask('work')}${flow('f2', 'work', 'e')}<bpmn:endEvent id="e"/>`;
    const plain = await run('no_async', body(''));
    expect(await stepJobs(plain._id, 1)).to.deep.equal(['advance:s']);

    const split = await run('with_async', body('grid:asyncBefore="true"'));
    // two jobs; their log lines may come in either order (the second job can finish before the first logs)
    expect(await stepJobs(split._id, 2)).to.have.members(['advance:s', 'advance:g']);
    expect(split.version).to.equal(3); // created, start → before g, g → task
    expect((await open(split._id)).map((x) => x.nodeId)).to.deep.equal(['work']);
    const def = await t.engine.definitions.compiled('with_async', 1);
    expect(def.nodes.g.asyncBefore).to.equal(true);
    expect(def.nodes.work.asyncBefore).to.equal(undefined);
  });

  it('parallel branches reach different wait states in one transition', async () => {
    const s = await run(
      'fanout',
      `<bpmn:startEvent id="s"/>${flow('f0', 's', 'fork')}<bpmn:parallelGateway id="fork"/>
       ${flow('fa', 'fork', 'task')}${userTask('task')}${flow('fa2', 'task', 'join')}
       ${flow('fb', 'fork', 'wait')}<bpmn:intermediateCatchEvent id="wait"><bpmn:timerEventDefinition>
         <bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
       ${flow('fb2', 'wait', 'join')}
       ${flow('fc', 'fork', 'msg')}<bpmn:intermediateCatchEvent id="msg" grid:correlationKey="=caseNo">
         <bpmn:messageEventDefinition messageRef="m"/></bpmn:intermediateCatchEvent>${flow('fc2', 'msg', 'join')}
       ${flow('fd', 'fork', 'join')}
       <bpmn:parallelGateway id="join"/>${flow('f9', 'join', 'e')}<bpmn:endEvent id="e"/>`,
      { caseNo: 'C-1' },
      '<bpmn:message id="m" name="reply"/>',
    );
    expect(s.version).to.equal(2);
    expect(await stepJobs(s._id, 1)).to.deep.equal(['advance:s']);
    const at = Object.values(s.tokens)
      .map((x) => `${x.nodeId}:${x.status}:${x.on ?? ''}`)
      .sort();
    expect(at).to.deep.equal([
      'join:waiting:', // the branch without a wait state is already at the join
      'msg:waiting:message',
      'task:waiting:task',
      'wait:waiting:timer',
    ]);
    expect(Object.keys(s.subscriptions)).to.have.length(1);
    expect(Object.values(s.timers).map((x) => x.purpose)).to.deep.equal(['catch']);
  });

  it('inclusive join: fires in the transition that removes the last branch that could still reach it', async () => {
    const s = await run(
      'incl',
      `<bpmn:startEvent id="s"/>${flow('f0', 's', 'fork')}<bpmn:inclusiveGateway id="fork"/>
       ${flow('fa', 'fork', 'review', '=true')}${flow('fb', 'fork', 'join', '=true')}${flow('fc', 'fork', 'join', '=false')}
       ${userTask('review')}${flow('fr', 'review', 'route')}<bpmn:exclusiveGateway id="route" default="toJoin"/>
       ${flow('toJoin', 'route', 'join')}${flow('away', 'route', 'other', '=closeHere = true')}<bpmn:endEvent id="other"/>
       <bpmn:inclusiveGateway id="join"/>${flow('fj', 'join', 'after')}${userTask('after')}
       ${flow('fe', 'after', 'e')}<bpmn:endEvent id="e"/>`,
    );
    // the direct branch waits at the join while the review branch can still reach it
    expect(
      Object.values(s.tokens)
        .map((x) => `${x.nodeId}:${x.status}`)
        .sort(),
    ).to.deep.equal(['join:waiting', 'review:waiting']);
    // the review branch ends elsewhere: the join fires and reaches the next task in that same completion
    const v = s.version;
    const after = await complete(s._id, 'review', { closeHere: true });
    expect(after.version).to.equal(v + 2); // the reservation and the completion job
    expect((await open(s._id)).map((x) => x.nodeId)).to.deep.equal(['after']);
    expect(after.joins).to.deep.equal({});
    expect(await stepJobs(s._id, 2)).to.deep.equal(['advance:s', 'complete:review']);
  });

  it('inclusive join reached by both branches in one transition fires in it', async () => {
    const s = await run(
      'incl_both',
      `<bpmn:startEvent id="s"/>${flow('f0', 's', 'fork')}<bpmn:inclusiveGateway id="fork"/>
       ${flow('fa', 'fork', 'x', '=true')}${flow('fb', 'fork', 'join', '=true')}<bpmn:exclusiveGateway id="x"/>${flow('fx', 'x', 'join')}
       <bpmn:inclusiveGateway id="join"/>${flow('fj', 'join', 'after')}${userTask('after')}
       ${flow('fe', 'after', 'e')}<bpmn:endEvent id="e"/>`,
    );
    expect(s.version).to.equal(2);
    expect((await open(s._id)).map((x) => x.nodeId)).to.deep.equal(['after']);
    expect(s.joins).to.deep.equal({});
  });

  it('escalation boundaries of a sub-process continue in the same transition', async () => {
    const s = await run(
      'esc_rtw',
      `<bpmn:startEvent id="s"/>${flow('f0', 's', 'sub')}
       <bpmn:subProcess id="sub">
         <bpmn:startEvent id="ss"/>${flow('g0', 'ss', 'notify')}
         <bpmn:intermediateThrowEvent id="notify"><bpmn:escalationEventDefinition escalationRef="escInfo"/></bpmn:intermediateThrowEvent>
         ${flow('g1', 'notify', 'inner')}${userTask('inner')}${flow('g2', 'inner', 'se')}<bpmn:endEvent id="se"/>
       </bpmn:subProcess>
       ${flow('f1', 'sub', 'done')}<bpmn:endEvent id="done"/>
       <bpmn:boundaryEvent id="onInfo" attachedToRef="sub" cancelActivity="false"><bpmn:escalationEventDefinition escalationRef="escInfo"/></bpmn:boundaryEvent>
       ${flow('f2', 'onInfo', 'inform')}${userTask('inform')}${flow('f3', 'inform', 'e2')}<bpmn:endEvent id="e2"/>`,
      {},
      '<bpmn:escalation id="escInfo" escalationCode="info"/>',
    );
    expect(s.version).to.equal(2);
    expect((await open(s._id)).map((x) => x.nodeId)).to.deep.equal(['inform', 'inner']);
    await complete(s._id, 'inform');
    expect((await complete(s._id, 'inner')).status).to.equal('completed');
    expect(await stepJobs(s._id, 3)).to.deep.equal(['advance:s', 'complete:inform', 'complete:inner']);
  });

  it('pure and bounded: a wait-free cycle ends as an incident within one transition, identically on a retry', async () => {
    // the sub-process has a wait state, so the deploy check lets the cycle through; at run time it skips it
    await t.engine.deploy(
      processXml(
        'sneaky_rtw',
        `<bpmn:startEvent id="s"/>${flow('f0', 's', 'loop')}
         <bpmn:exclusiveGateway id="loop"/>${flow('f1', 'loop', 'sub')}
         <bpmn:subProcess id="sub"><bpmn:startEvent id="ss"/>${flow('sf0', 'ss', 'skip')}
           <bpmn:exclusiveGateway id="skip" default="sf2"/>${flow('sf1', 'skip', 'never', '=false')}${flow('sf2', 'skip', 'se')}
           ${userTask('never')}${flow('sf3', 'never', 'se')}<bpmn:endEvent id="se"/></bpmn:subProcess>
         ${flow('f2', 'sub', 'again')}<bpmn:exclusiveGateway id="again" default="f3"/>
         ${flow('f3', 'again', 'loop')}${flow('f4', 'again', 'e', '=stop = true')}<bpmn:endEvent id="e"/>`,
      ),
    );
    const def = await t.engine.definitions.compiled('sneaky_rtw', 1);
    const ctx: StepContext = {
      def,
      now: MONDAY_9AM,
      calendar: t.engine.calendar,
      actor: 'system',
      loopBudget: 40,
    };
    const created = newInstance(ctx, {
      id: 'i-pure',
      def,
      definitionVersion: 1,
      gridUnit: GRID1,
      unitChain: [],
      variables: {},
    });
    // the new instance's start token goes on in the start job
    const jobs = created.effects.flatMap((e) => (e.type === 'job' ? [e.job] : []));
    expect(jobs.map((j) => j.jobId)).to.deep.equal(['adv.i-pure.t1']);
    const first = advance(ctx, created.state, 't1');
    const retried = advance(ctx, created.state, 't1'); // as after a version conflict
    expect(JSON.stringify(retried)).to.equal(JSON.stringify(first));
    // no advance job: the whole run up to the budget happened in this transition
    expect(first.effects.filter((e) => e.type === 'job')).to.have.length(0);
    const incidents = Object.values(first.state.incidents);
    expect(incidents).to.have.length(1);
    expect(incidents[0].message).to.match(/more than 40 steps without reaching a wait state/);
    expect(Object.values(first.state.tokens).filter((x) => x.status === 'incident')).to.have.length(1);
    expect(first.state.status).to.equal('active');
  });

  it('a transition that many branches keep busy stops at the step cap and hands the rest to advance jobs', async () => {
    const branches = Array.from({ length: 60 }, (_, i) => i);
    await t.engine.deploy(
      processXml(
        'wide',
        `<bpmn:startEvent id="s"/>${flow('f0', 's', 'fork')}<bpmn:parallelGateway id="fork"/>
         ${branches.map((i) => `${flow(`a${i}`, 'fork', `x${i}`)}<bpmn:exclusiveGateway id="x${i}"/>${flow(`b${i}`, `x${i}`, 'join')}`).join('')}
         <bpmn:parallelGateway id="join"/>${flow('f9', 'join', 'e')}<bpmn:endEvent id="e"/>`,
      ),
    );
    const def = await t.engine.definitions.compiled('wide', 1);
    // budget 10: the cap is 100 node executions; the process needs 1 + 1 + 60 + 60 + 1 of them
    const ctx: StepContext = {
      def,
      now: MONDAY_9AM,
      calendar: t.engine.calendar,
      actor: 'system',
      loopBudget: 10,
    };
    const created = newInstance(ctx, {
      id: 'i-wide',
      def,
      definitionVersion: 1,
      gridUnit: GRID1,
      unitChain: [],
      variables: {},
    });
    const first = advance(ctx, created.state, 't1');
    const handedOff = first.effects.flatMap((e) => (e.type === 'job' ? [e.job] : []));
    expect(handedOff.length).to.be.greaterThan(0);
    expect(
      handedOff.every((j) => j.name === 'advance' && j.jobId === `adv.i-wide.${j.data.tokenId}`),
    ).to.equal(true);
    const ready = Object.values(first.state.tokens).filter((x) => x.status === 'ready');
    expect(ready.map((x) => x.id).sort()).to.deep.equal(handedOff.map((j) => String(j.data.tokenId)).sort());
    // the advance jobs finish the run: the join fires and the instance completes
    let state = first.state;
    for (const job of handedOff) state = advance(ctx, state, String(job.data.tokenId)).state;
    expect(state.status).to.equal('completed');
  });
});
