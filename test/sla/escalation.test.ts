import { expect } from 'chai';
import { GRID1, MINGTIAN, STREET_XT, DISTRICT, testEngine, type TestEngine } from '../helpers/engine.js';
import { flow, processXml } from '../engine/fixtures.js';
import type { InstanceState } from '../../engine/runtime/types.js';
import { at, fireAt as fireAtTime, iso } from './helpers.js';

const LADDER = processXml(
  'ladder',
  `<bpmn:startEvent id="s"/>${flow('f0', 's', 'handle')}
   <bpmn:userTask id="handle" name="处置" grid:level="grid" grid:candidateRoles="handler" grid:sla="P5D" grid:calendar="workday" grid:warnAt="0.8">
     <bpmn:extensionElements>
       <grid:escalation supervisionCycle="P1D">
         <grid:step level="community" sla="P3D"/>
         <grid:step level="street" sla="P2D"/>
         <grid:step level="district" sla="P1D"/>
       </grid:escalation>
     </bpmn:extensionElements>
   </bpmn:userTask>
   ${flow('f1', 'handle', 'e')}<bpmn:endEvent id="e"/>`,
);

describe('SLA clocks and the escalation ladder', () => {
  let t: TestEngine;
  beforeEach(async () => {
    t = await testEngine();
    await t.engine.deploy(LADDER);
  });
  afterEach(() => t.close());

  async function startCase(): Promise<InstanceState> {
    const inst = await t.engine.start('ladder', { gridUnit: GRID1, businessKey: 'XT-2026-001' }, 'wangwei');
    return t.engine.waitForIdle(inst._id);
  }
  const task = (s: InstanceState) => Object.values(s.tasks)[0];
  const fireAt = (id: string, isoTime: string, until: (s: InstanceState) => boolean) =>
    fireAtTime(t, id, isoTime, until);

  it("warns at 80%, then climbs grid → community → street → district with each level's SLA, then 挂牌督办", async () => {
    const s0 = await startCase();
    // Mon 2026-03-02 09:00 + 5 working days = Mon 03-09 09:00; 80% = 4 working days = Fri 03-06 09:00
    expect(iso(task(s0).dueAt)).to.equal('2026-03-09T01:00:00.000Z');
    expect(iso(task(s0).warnDueAt)).to.equal('2026-03-06T01:00:00.000Z');

    const s1 = await fireAt(s0._id, '2026-03-06T01:00:00Z', (s) => task(s).slaState === 'warned');
    expect(task(s1).level).to.equal('grid');
    const warned = await t.engine.store
      .collection('notifications')
      .find({ recipient: 'wangwei', kind: 'warning' });
    expect(warned).to.have.length(1);

    const s2 = await fireAt(s0._id, '2026-03-09T01:00:00Z', (s) => task(s).level === 'community');
    const tk = task(s2);
    expect(tk.unit).to.equal(MINGTIAN);
    expect(tk.slaState).to.equal('escalated');
    expect(iso(tk.dueAt)).to.equal('2026-03-12T01:00:00.000Z'); // + P3D working days
    expect(tk.escalations[0]).to.include({
      fromLevel: 'grid',
      toLevel: 'community',
      fromUnit: GRID1,
      toUnit: MINGTIAN,
      latenessMs: 0,
    });
    const supNotes = await t.engine.store
      .collection('notifications')
      .find({ recipient: 'chenmin', kind: 'escalated' });
    expect(supNotes).to.have.length(1);
    const projected = await t.engine.getTask(tk.id);
    expect(projected!.unit).to.equal(MINGTIAN);

    const s3 = await fireAt(s0._id, '2026-03-12T01:00:00Z', (s) => task(s).level === 'street');
    expect(task(s3).unit).to.equal(STREET_XT);
    expect(iso(task(s3).dueAt)).to.equal('2026-03-16T01:00:00.000Z'); // Thu + P2D = Mon

    const s4 = await fireAt(s0._id, '2026-03-16T01:00:00Z', (s) => task(s).level === 'district');
    expect(task(s4).unit).to.equal(DISTRICT);
    expect(iso(task(s4).dueAt)).to.equal('2026-03-17T01:00:00.000Z');

    const s5 = await fireAt(s0._id, '2026-03-17T01:00:00Z', (s) => s.supervised);
    expect(task(s5).slaState).to.equal('supervised');
    const records = await t.engine.store
      .collection('escalations')
      .find({ instanceId: s0._id }, { sort: { firedAt: 1 } });
    expect(records.map((r) => [r.fromLevel, r.toLevel, !!r.supervised])).to.deep.equal([
      ['grid', 'community', false],
      ['community', 'street', false],
      ['street', 'district', false],
      ['district', 'district', true],
    ]);
    expect(
      await t.engine.store.collection('notifications').count({ recipient: 'yangfan', kind: 'supervised' }),
    ).to.equal(1);
    // 挂牌督办 reminds the top supervisors on a cycle (P1D working day)
    await fireAt(s0._id, '2026-03-18T01:00:00Z', () => true);
    for (let i = 0; i < 100; i++) {
      if (
        await t.engine.store
          .collection('notifications')
          .count({ recipient: 'yangfan', kind: 'supervision-reminder' })
      )
        break;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(
      await t.engine.store
        .collection('notifications')
        .count({ recipient: 'yangfan', kind: 'supervision-reminder' }),
    ).to.equal(1);

    // completing the task cancels every pending timer, in the state and in Redis
    await t.engine.completeTask(tk.id, 'yangfan', {});
    const done = await t.engine.waitForIdle(s0._id);
    expect(done.status).to.equal('completed');
    expect(done.timers).to.deep.equal({});
    const delayed = await t.engine.queues.timers.getJobs(['delayed', 'waiting']);
    expect(delayed.filter((j) => j.data.instanceId === s0._id)).to.have.length(0);
  });

  it('pause is a personal marker: the timers run on and resume moves no due date', async () => {
    const s0 = await startCase();
    const id = task(s0).id;
    const before = Object.values(s0.timers).map((x) => [x.id, x.dueAt]);
    t.clock.set(at('2026-03-03T01:00:00Z')); // Tue 09:00, one working day used
    await t.engine.pause(id, 'wangwei', '等待当事人');
    const paused = await t.engine.waitForIdle(s0._id);
    expect(task(paused).paused?.reason).to.equal('等待当事人');
    expect(Object.values(paused.timers).map((x) => [x.id, x.dueAt])).to.deep.equal(before);
    t.clock.set(at('2026-03-05T01:00:00Z')); // Thu 09:00
    await t.engine.resume(id, 'wangwei');
    const resumed = await t.engine.waitForIdle(s0._id);
    expect(task(resumed).dueAt).to.equal(task(s0).dueAt);
    expect(task(resumed).assessDueAt).to.equal(task(s0).dueAt);
    expect(task(resumed).pauses).to.deep.equal([
      { from: at('2026-03-03T01:00:00Z'), to: at('2026-03-05T01:00:00Z') },
    ]);
    expect(Object.values(resumed.timers).map((x) => [x.id, x.dueAt])).to.deep.equal(before);
  });

  it('a timer firing twice does nothing the second time', async () => {
    const s0 = await startCase();
    const breach = Object.values(s0.timers).find((x) => x.purpose === 'sla-breach')!;
    const s1 = await fireAt(s0._id, '2026-03-09T01:00:00Z', (s) => task(s).level === 'community');
    await t.engine.queues.timers.add(
      'timer',
      { instanceId: s0._id, timerId: breach.id },
      { jobId: `again.${breach.id}` },
    );
    await new Promise((r) => setTimeout(r, 300));
    const s2 = await t.engine.waitForIdle(s0._id);
    expect(s2.version).to.equal(s1.version);
    expect(task(s2).escalations).to.have.length(1);
  });

  it('timers due while the workers were stopped (and lost from Redis) fire on restart, marked late', async () => {
    const s0 = await startCase();
    await t.engine.stopWorkers();
    await t.engine.queues.timers.obliterate({ force: true }); // Redis lost the delayed jobs too
    t.clock.set(at('2026-03-09T03:00:00Z')); // two hours after the breach
    await t.engine.startWorkers();
    let s = s0;
    for (let i = 0; i < 200 && task(s).level !== 'community'; i++) {
      await new Promise((r) => setTimeout(r, 20));
      s = await t.engine.waitForIdle(s0._id);
    }
    expect(task(s).level).to.equal('community');
    expect(task(s).slaState).to.equal('escalated');
    expect(task(s).escalations[0].latenessMs).to.equal(2 * 3600_000);
  });
});

describe('escalation ladder: a rung may name its own candidate roles', () => {
  it('moves the task to the roles of the new level', async () => {
    const t = await testEngine();
    try {
      await t.engine.deploy(
        processXml(
          'rung_roles',
          `<bpmn:startEvent id="s"/>${flow('f0', 's', 'demolish')}
           <bpmn:userTask id="demolish" name="强制拆除" grid:level="street" grid:candidateRoles="demolition" grid:sla="P1D">
             <bpmn:extensionElements><grid:escalation><grid:step level="district" sla="P1D" candidateRoles="supervisor,handler"/></grid:escalation></bpmn:extensionElements>
           </bpmn:userTask>${flow('f1', 'demolish', 'e')}<bpmn:endEvent id="e"/>`,
        ),
      );
      const inst = await t.engine.start('rung_roles', { gridUnit: GRID1 }, 'wangwei');
      const s0 = await t.engine.waitForIdle(inst._id);
      expect(Object.values(s0.tasks)[0].candidateRoles).to.deep.equal(['demolition']);
      t.clock.set(at('2026-03-03T01:00:00Z'));
      await t.engine.fireDueTimers();
      let s = s0;
      for (let i = 0; i < 200 && Object.values(s.tasks)[0].level !== 'district'; i++) {
        await new Promise((r) => setTimeout(r, 20));
        s = await t.engine.waitForIdle(inst._id);
      }
      const task = Object.values(s.tasks)[0];
      expect(task.unit).to.equal(DISTRICT);
      expect(task.candidateRoles).to.deep.equal(['supervisor', 'handler']);
      expect(await t.engine.org.usersWithRoles(task.unit, task.candidateRoles)).to.include('yangfan');
    } finally {
      await t.close();
    }
  });
});
