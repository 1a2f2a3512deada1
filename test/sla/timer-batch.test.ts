// Timers in batches (InstanceRunner.applyMany, engine/queue/timer-batch.ts): many instances' breaches fired
// by one call escalate each case exactly once — also with the same timer twice in the batch, a copy made
// stale by another writer (the version check sends it through `apply`), and the whole batch fired again.
import { expect } from 'chai';
import { GRID1, MINGTIAN, testEngine, type TestEngine } from '../helpers/engine.js';
import { flow, processXml } from '../engine/fixtures.js';
import { fireTimer } from '../../engine/runtime/semantics.js';
import type { InstanceState } from '../../engine/runtime/types.js';

const ONE_RUNG = processXml(
  'batchladder',
  `<bpmn:startEvent id="s"/>${flow('f0', 's', 'handle')}
   <bpmn:userTask id="handle" name="处置" grid:level="grid" grid:candidateRoles="handler" grid:sla="PT1H" grid:calendar="natural">
     <bpmn:extensionElements><grid:escalation><grid:step level="community" sla="P3D"/></grid:escalation></bpmn:extensionElements>
   </bpmn:userTask>
   ${flow('f1', 'handle', 'e')}<bpmn:endEvent id="e"/>`,
);

const N = 40;

describe('timers in batches', () => {
  let t: TestEngine;
  beforeEach(async () => {
    t = await testEngine();
    await t.engine.deploy(ONE_RUNG);
  });
  afterEach(() => t.close());

  async function openCases(): Promise<InstanceState[]> {
    const out: InstanceState[] = [];
    for (let i = 0; i < N; i++) {
      const s = await t.engine.start('batchladder', { gridUnit: GRID1, businessKey: `B-${i}` }, 'wangwei');
      out.push(await t.engine.waitForIdle(s._id));
    }
    return out;
  }

  const breachOf = (s: InstanceState) => Object.values(s.timers).find((x) => x.purpose === 'sla-breach')!;

  it('fires many instances’ breaches in one batch, each escalation exactly once', async () => {
    const cases = await openCases();
    // another writer moves one instance on: this process's copy of it is stale
    await t.engine.store
      .collection('instances')
      .updateOne({ _id: cases[0]._id }, { $set: { note: 'touched' }, $inc: { version: 1 } });
    t.clock.set(t.clock.now() + 2 * 3600_000);
    const items = [...cases, cases[1]].map((s) => ({
      instanceId: s._id,
      actor: 'timer',
      command: (ctx: Parameters<typeof fireTimer>[0], st: InstanceState) =>
        fireTimer(ctx, st, breachOf(s).id),
    }));
    const first = await t.engine.runner.applyMany(items, 8);
    expect(first.every((o) => o.ok)).to.equal(true);
    const changed = first.filter((o) => o.ok && o.outcome.changed).length;
    expect(changed).to.equal(N); // the repeat of cases[1] found its timer gone
    const again = await t.engine.runner.applyMany(items, 8);
    expect(again.every((o) => o.ok && !o.outcome.changed)).to.equal(true);

    for (const s of cases) {
      const now = await t.engine.waitForIdle(s._id);
      const task = Object.values(now.tasks)[0];
      expect(task.unit).to.equal(MINGTIAN);
      expect(task.escalations).to.have.length(1);
      const h = await t.engine.store.collection('history').count({ instanceId: s._id, action: 'escalated' });
      expect(h, s._id).to.equal(1);
    }
    expect(await t.engine.store.collection('escalations').count({})).to.equal(N);
    // the task projections follow: every task is at the community now
    expect(await t.engine.store.collection('tasks').count({ unit: MINGTIAN })).to.equal(N);
  });

  it('the timer worker fires a burst due at once through batches, once each', async () => {
    await openCases();
    t.clock.set(t.clock.now() + 2 * 3600_000);
    await t.engine.fireDueTimers();
    const escalations = t.engine.store.collection('escalations');
    for (let i = 0; i < 250 && (await escalations.count({})) < N; i++)
      await new Promise((r) => setTimeout(r, 20));
    await t.engine.fireDueTimers(); // firing the due set again adds nothing
    await new Promise((r) => setTimeout(r, 300));
    expect(await escalations.count({})).to.equal(N);
    expect(await t.engine.store.collection('history').count({ action: 'escalated' })).to.equal(N);
  });
});
