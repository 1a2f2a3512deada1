// What a hostile or mistaken value can cost is bounded: cycles without a wait state are refused at deploy
// and parked at run time, FEEL has a length limit and a time budget, computed time limits are checked and
// bounded (3 years), and place-specific limits come from the units' configuration, not from the starter.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { expect } from 'chai';
import { DeploymentError } from '../../engine/model/types.js';
import { CommandError } from '../../engine/runtime/transition.js';
import { GRID1, GRID2, MINGTIAN, testEngine, type TestEngine } from '../helpers/engine.js';
import { flow, processXml, userTask } from './fixtures.js';
import { openIncidents } from './drive.js';

describe('engine: hardening against runaway work', function () {
  this.timeout(30000);
  let t: TestEngine;
  before(async () => {
    t = await testEngine({ config: { loopBudget: 40 } });
  });
  after(() => t.close());

  async function deployError(xml: string): Promise<DeploymentError> {
    try {
      await t.engine.deploy(xml);
    } catch (err) {
      expect(err).to.be.instanceOf(DeploymentError);
      return err as DeploymentError;
    }
    throw new Error('deploy was expected to fail');
  }

  describe('cycles without a wait state', () => {
    it('are refused at deploy, naming the elements of the cycle', async () => {
      const err = await deployError(
        processXml(
          'spin',
          `<bpmn:startEvent id="s"/>${flow('f0', 's', 'a')}
           <bpmn:exclusiveGateway id="a"/>${flow('f1', 'a', 'b')}
           <bpmn:exclusiveGateway id="b" default="back"/>${flow('back', 'b', 'a')}${flow('out', 'b', 'e', '=done = true')}
           <bpmn:endEvent id="e"/>`,
        ),
      );
      const d = err.details.find((x) => x.code === 'cycle.no-wait-state');
      expect(d, JSON.stringify(err.details)).to.exist;
      expect(d!.elementId).to.equal('a');
      expect(d!.params).to.deep.equal({ elements: ['a', 'b'] });
      expect(await t.engine.definitions.latest('spin')).to.equal(null);
    });

    it('through an escalation boundary of a sub-process without a wait state: refused too', async () => {
      const err = await deployError(
        processXml(
          'spin_esc',
          `<bpmn:startEvent id="s"/>${flow('f0', 's', 'sub')}
           <bpmn:subProcess id="sub"><bpmn:startEvent id="ss"/>${flow('sf', 'ss', 'se')}
             <bpmn:endEvent id="se"><bpmn:escalationEventDefinition escalationRef="esc"/></bpmn:endEvent></bpmn:subProcess>
           <bpmn:boundaryEvent id="caught" attachedToRef="sub"><bpmn:escalationEventDefinition escalationRef="esc"/></bpmn:boundaryEvent>
           ${flow('f1', 'caught', 'sub')}${flow('f2', 'sub', 'e')}<bpmn:endEvent id="e"/>`,
          '<bpmn:escalation id="esc" escalationCode="again"/>',
        ),
      );
      expect(err.details.map((d) => d.code)).to.include('cycle.no-wait-state');
    });

    it('a cycle through a user task (rework) deploys', async () => {
      const d = await t.engine.deploy(
        processXml(
          'rework',
          `<bpmn:startEvent id="s"/>${flow('f0', 's', 'a')}
           <bpmn:exclusiveGateway id="a"/>${flow('f1', 'a', 'work')}${userTask('work', 'grid:level="grid"')}
           ${flow('f2', 'work', 'ok')}<bpmn:exclusiveGateway id="ok" default="again"/>
           ${flow('again', 'ok', 'a')}${flow('done', 'ok', 'e', '=accepted = true')}<bpmn:endEvent id="e"/>`,
        ),
      );
      expect(d.created).to.equal(true);
    });

    it('at run time, a token past the loop budget without resting is parked as an incident', async () => {
      // the sub-process has a wait state, so the deploy check lets the cycle through; at run time its
      // task is skipped and the cycle never waits
      await t.engine.deploy(
        processXml(
          'sneaky',
          `<bpmn:startEvent id="s"/>${flow('f0', 's', 'loop')}
           <bpmn:exclusiveGateway id="loop"/>${flow('f1', 'loop', 'sub')}
           <bpmn:subProcess id="sub"><bpmn:startEvent id="ss"/>${flow('sf0', 'ss', 'skip')}
             <bpmn:exclusiveGateway id="skip" default="sf2"/>${flow('sf1', 'skip', 'never', '=false')}${flow('sf2', 'skip', 'se')}
             ${userTask('never', 'grid:level="grid"')}${flow('sf3', 'never', 'se')}<bpmn:endEvent id="se"/></bpmn:subProcess>
           ${flow('f2', 'sub', 'again')}<bpmn:exclusiveGateway id="again" default="f3"/>
           ${flow('f3', 'again', 'loop')}${flow('f4', 'again', 'e', '=stop = true')}<bpmn:endEvent id="e"/>`,
        ),
      );
      const s0 = await t.engine.start('sneaky', { gridUnit: GRID1 }, 'wangwei');
      const s = await t.engine.waitForIdle(s0._id, 20000);
      const [inc] = openIncidents(s);
      expect(inc, 'an open incident').to.exist;
      expect(inc.message).to.match(/more than 40 steps without reaching a wait state/);
      // steps run to the next wait state: the start job ran the cycle up to the budget in one transition
      expect(s.version).to.equal(2);
      expect(s.status).to.equal('active');
      expect(Object.values(s.tokens).filter((x) => x.status === 'incident')).to.have.length(1);
      const history = await t.engine.history(s._id);
      expect(history.length).to.be.below(400); // bounded by the budget, not by how long it ran

      // an admin stops the loop by setting the variable and retrying: the token gets a fresh budget
      await t.engine.retryIncident(s._id, inc.id, 'admin', { stop: true });
      const done = await t.engine.waitForIdle(s._id, 20000);
      expect(done.status).to.equal('completed');
    });
  });

  describe('FEEL', () => {
    it('an expression longer than the limit is refused at deploy', async () => {
      const long = `=${Array.from({ length: 400 }, (_, i) => `x${i} = 1`).join(' or ')}`;
      const err = await deployError(
        processXml(
          'long_expr',
          `<bpmn:startEvent id="s"/>${flow('f0', 's', 'g')}<bpmn:exclusiveGateway id="g" default="f2"/>
           ${flow('f1', 'g', 'e', long)}${flow('f2', 'g', 'e')}<bpmn:endEvent id="e"/>`,
        ),
      );
      expect(err.details.find((d) => d.elementId === 'f1')?.message).to.match(/at most 2000 are allowed/);
    });

    it('an expensive condition breaches its budget: an incident naming the element, the loop stays free', async () => {
      await t.engine.deploy(
        processXml(
          'heavy',
          `<bpmn:startEvent id="s"/>${flow('f0', 's', 'g')}<bpmn:exclusiveGateway id="g" default="f2"/>
           ${flow('f1', 'g', 'e', `=count(for i in 1..n, j in 1..n return 1) > 0`)}${flow('f2', 'g', 'e')}
           <bpmn:endEvent id="e"/>`,
        ),
      );
      const delay = monitorEventLoopDelay({ resolution: 10 });
      delay.enable();
      const s0 = await t.engine.start('heavy', { gridUnit: GRID1, variables: { n: 3000 } }, 'wangwei');
      const s = await t.engine.waitForIdle(s0._id, 20000);
      delay.disable();
      const [inc] = openIncidents(s);
      expect(inc?.nodeId).to.equal('g');
      expect(inc.message).to.match(/exceeded its budget of \d+ ms \(reads n\)/);
      // a safety bound, not a benchmark: unbounded, this expression holds the loop for seconds
      expect(delay.max / 1e6).to.be.below(1000);

      // the same expression with a small n evaluates (in the sandbox) and the case goes on
      await t.engine.retryIncident(s._id, inc.id, 'admin', { n: 3 });
      expect((await t.engine.waitForIdle(s._id)).status).to.equal('completed');
    });
  });

  describe('computed time limits', () => {
    const SLA_FROM_VARIABLE = processXml(
      'sla_var',
      `<bpmn:startEvent id="s"/>${flow('f0', 's', 'check')}
       ${userTask('check', 'grid:level="grid" grid:sla="=if limit = null then &quot;P3D&quot; else limit" grid:calendar="workday"')}
       ${flow('f1', 'check', 'e')}<bpmn:endEvent id="e"/>`,
    );
    before(() => t.engine.deploy(SLA_FROM_VARIABLE));

    for (const [value, why] of [
      ['P2000000D', /exceeds the maximum time limit of 750 working days/],
      ['garbage', /bad ISO-8601 duration/],
      ['-P1D', /negative/],
      [12345, /not an ISO-8601 duration/],
      ['P1M', /months and years are not defined on the workday calendar/],
    ] as const)
      it(`${JSON.stringify(value)} is an incident naming the variable, cleared by an admin setting a value`, async () => {
        const s0 = await t.engine.start(
          'sla_var',
          { gridUnit: GRID1, variables: { limit: value } },
          'wangwei',
        );
        const s = await t.engine.waitForIdle(s0._id);
        const [inc] = openIncidents(s);
        expect(inc?.nodeId).to.equal('check');
        expect(inc.message).to.match(why);
        expect(inc.message).to.include('(reads limit)');
        expect(await t.engine.tasksOfCase(s._id)).to.have.length(0);

        await t.engine.retryIncident(s._id, inc.id, 'admin', { limit: 'P2D' });
        const after = await t.engine.waitForIdle(s._id);
        expect(openIncidents(after)).to.have.length(0);
        const [task] = await t.engine.openTasksOfCase(s._id);
        expect(task.sla).to.deep.equal({ duration: 'P2D', calendar: 'workday' });
      });
  });

  describe("place time limits come from the units' configuration", () => {
    const xml = processXml(
      'place_sla',
      `<bpmn:startEvent id="s"/>${flow('f0', 's', 'check')}
       ${userTask('check', 'grid:level="grid" grid:sla="=if timeLimits.checkSla = null then &quot;P3D&quot; else timeLimits.checkSla"')}
       ${flow('f1', 'check', 'e')}<bpmn:endEvent id="e"/>`,
    );
    const units = () => t.engine.store.collection('units');
    before(async () => {
      await t.engine.deploy(xml);
      await units().updateOne({ _id: MINGTIAN }, { $set: { timeLimits: { checkSla: 'P5D', other: 'P9D' } } });
      await units().updateOne({ _id: GRID1 }, { $set: { timeLimits: { checkSla: 'P2D' } } });
      t.engine.org.invalidate();
    });
    after(async () => {
      await units().updateOne({ _id: MINGTIAN }, { $set: { timeLimits: undefined } });
      await units().updateOne({ _id: GRID1 }, { $set: { timeLimits: undefined } });
      t.engine.org.invalidate();
    });

    const slaOf = async (grid: string) => {
      const s = await t.engine.start('place_sla', { gridUnit: grid }, 'system');
      await t.engine.waitForIdle(s._id);
      const [task] = await t.engine.openTasksOfCase(s._id);
      return { sla: task.sla?.duration, limits: (await t.engine.getInstance(s._id))!.variables.timeLimits };
    };

    it('the nearest unit up the chain wins', async () => {
      expect(await slaOf(GRID1)).to.deep.equal({ sla: 'P2D', limits: { checkSla: 'P2D', other: 'P9D' } });
      expect(await slaOf(GRID2)).to.deep.equal({ sla: 'P5D', limits: { checkSla: 'P5D', other: 'P9D' } });
    });

    it('a starter cannot set them', async () => {
      let err: unknown;
      try {
        await t.engine.start(
          'place_sla',
          { gridUnit: GRID1, variables: { timeLimits: { checkSla: 'P2000000D' } } },
          'wangwei',
        );
      } catch (e) {
        err = e;
      }
      expect(err).to.be.instanceOf(CommandError);
      expect((err as CommandError).details.map((d) => d.path)).to.deep.equal(['/variables/timeLimits']);
    });
  });
});
