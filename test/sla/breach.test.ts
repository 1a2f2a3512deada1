// What a breach does besides climbing a plain ladder: 片区 tasks of grids without a 片区, tasks without a
// ladder (overdue and 催办), the warning of escalated windows, a 挂账 after 挂牌督办, delegated tasks.
import { expect } from 'chai';
import { DEFAULT_LEVELS } from '../../engine/model/validate.js';
import type { InstanceState, TaskState, UnitRef } from '../../engine/runtime/types.js';
import { unitAtLevel } from '../../engine/sla/plan.js';
import { flow, processXml } from '../engine/fixtures.js';
import { at, fireAt as fireAtTime, iso } from './helpers.js';
import { DISTRICT, GRID1, MINGTIAN, STREET_XT, testEngine, type TestEngine } from '../helpers/engine.js';

/** 朱家村网格: a village grid directly under 明天社区, no 片区 above it */
const ZHUJIACUN = '310117001001016';

const oneTask = (id: string, attrs: string, inner = '') =>
  processXml(
    id,
    `<bpmn:startEvent id="s"/>${flow('f0', 's', 'work')}
     <bpmn:userTask id="work" name="办理" ${attrs}>${inner}</bpmn:userTask>
     ${flow('f1', 'work', 'e')}<bpmn:endEvent id="e"/>`,
  );
const ladder = (steps: string, cycle = '') =>
  `<bpmn:extensionElements><grid:escalation${cycle ? ` supervisionCycle="${cycle}"` : ''}>${steps}</grid:escalation></bpmn:extensionElements>`;

describe('unitAtLevel: the nearest unit at or above a level, in the configured order', () => {
  const chain: UnitRef[] = [
    { code: 'g', level: 'grid', name: '朱家村网格' },
    { code: 'c', level: 'community', name: '明天社区' },
    { code: 's', level: 'street', name: '莘亭街道' },
    { code: 'd', level: 'district', name: '临江区' },
  ];
  it('a level missing from the chain gives the next unit above it, not the top', () => {
    expect(unitAtLevel(chain, 'zone').code).to.equal('c');
    expect(unitAtLevel(chain, 'zone', DEFAULT_LEVELS).code).to.equal('c');
    expect(unitAtLevel(chain, 'community').code).to.equal('c');
    expect(unitAtLevel(chain, undefined).code).to.equal('g');
  });
  it('follows the configured order (GRID_LEVELS), not a built-in one', () => {
    // a place whose 片区 group communities: zone sits between community and street
    const levels = ['grid', 'community', 'zone', 'street', 'district'];
    expect(unitAtLevel(chain, 'zone', levels).code).to.equal('s');
    // a level the configuration does not know: exact match only, else the top
    expect(unitAtLevel(chain, 'building', levels).code).to.equal('d');
    expect(
      unitAtLevel([...chain, { code: 'b', level: 'building', name: 'x' }], 'building', levels).code,
    ).to.equal('b');
  });
});

describe('breach handling', () => {
  let t: TestEngine;
  beforeEach(async () => {
    t = await testEngine();
  });
  afterEach(() => t.close());

  const task = (s: InstanceState): TaskState => Object.values(s.tasks)[0];
  const notes = (query: Record<string, unknown>) => t.engine.store.collection('notifications').find(query);
  const history = async (id: string, action: string) =>
    (await t.engine.history(id)).filter((h) => h.action === action);

  /** Deploys a one-task process and starts a case of it at `gridUnit`. */
  async function run(key: string, attrs: string, inner = '', gridUnit = GRID1): Promise<InstanceState> {
    await t.engine.deploy(oneTask(key, attrs, inner));
    const inst = await t.engine.start(key, { gridUnit, businessKey: `${key}-1` }, 'wangwei');
    return t.engine.waitForIdle(inst._id);
  }
  const fireAt = (id: string, isoTime: string, until: (s: InstanceState) => boolean) =>
    fireAtTime(t, id, isoTime, until);

  it('a 片区 task of a grid without a 片区 goes to its community, and its ladder skips the rung that would not move it up', async () => {
    const s0 = await run(
      'zone_task',
      'grid:level="zone" grid:candidateRoles="reviewer" grid:sla="P1D" grid:calendar="workday"',
      ladder('<grid:step level="community" sla="P1D"/><grid:step level="street" sla="P2D"/>'),
      ZHUJIACUN,
    );
    expect(task(s0).unit).to.equal(MINGTIAN); // not 临江区
    expect(await t.engine.org.usersWithRoles(task(s0).unit, task(s0).candidateRoles)).to.deep.equal([
      'zhoujie',
    ]);
    // Tue 09:00: breach. The community rung would leave it at 明天社区: skipped, straight to the street
    const s1 = await fireAt(s0._id, '2026-03-03T01:00:00Z', (s) => task(s).escalations.length === 1);
    expect(task(s1)).to.include({ unit: STREET_XT, level: 'street', ladderStep: 2, slaState: 'escalated' });
    expect(iso(task(s1).dueAt)).to.equal('2026-03-05T01:00:00.000Z'); // the street rung's P2D
    expect(task(s1).escalations[0]).to.include({
      fromUnit: MINGTIAN,
      fromLevel: 'community',
      toUnit: STREET_XT,
      toLevel: 'street',
    });
    // the ladder is used up: the next breach lists the case (挂牌督办)
    const s2 = await fireAt(s0._id, '2026-03-05T01:00:00Z', (s) => s.supervised);
    expect(task(s2)).to.include({ slaState: 'supervised', unit: STREET_XT });
  });

  it('without a ladder a breach marks the task overdue, records it and urges its own unit (催办), not 挂牌督办', async () => {
    const s0 = await run(
      'no_ladder',
      'grid:level="street" grid:candidateRoles="urban" grid:sla="P1D" grid:calendar="workday"',
    );
    expect(task(s0).unit).to.equal(STREET_XT);
    const s1 = await fireAt(s0._id, '2026-03-03T01:00:00Z', (s) => task(s).slaState !== 'ontime');
    expect(task(s1)).to.include({ slaState: 'overdue', unit: STREET_XT, level: 'street' });
    expect(s1.supervised).to.equal(false);
    expect(task(s1).escalations).to.deep.equal([]);
    expect(await t.engine.store.collection('escalations').count({ instanceId: s0._id })).to.equal(0);
    const [rec] = await history(s0._id, 'sla-overdue');
    expect(rec.details).to.include({ taskId: task(s1).id, unit: STREET_XT, latenessMs: 0 });
    // the street's supervisor and the urban officers there are urged; the district is not bothered
    for (const who of ['liuyang', 'maojun'])
      expect(await notes({ recipient: who, kind: 'warning' }), who).to.have.length(1);
    expect(await notes({ recipient: 'yangfan' })).to.have.length(0);
    expect((await notes({ recipient: 'liuyang', kind: 'warning' }))[0].title).to.match(
      /^超期催办：办理（莘亭街道）/,
    );
    // no cycle declared: nothing more is pending
    expect(Object.values(s1.timers)).to.deep.equal([]);
  });

  it('an overdue task repeats the 催办 on its declared cycle until done', async () => {
    const s0 = await run(
      'no_ladder_cycle',
      'grid:level="street" grid:candidateRoles="urban" grid:sla="P1D" grid:calendar="workday"',
      ladder('', 'P1D'),
    );
    const s1 = await fireAt(s0._id, '2026-03-03T01:00:00Z', (s) => task(s).slaState === 'overdue');
    expect(Object.values(s1.timers).map((x) => [x.purpose, iso(x.dueAt)])).to.deep.equal([
      ['supervision-cycle', '2026-03-04T01:00:00.000Z'],
    ]);
    const s2 = await fireAt(
      s0._id,
      '2026-03-04T01:00:00Z',
      (s) => task(s).cycleDueAt === at('2026-03-05T01:00:00Z'),
    );
    expect(task(s2).slaState).to.equal('overdue');
    expect(s2.supervised).to.equal(false);
    expect(await history(s0._id, 'overdue-reminder')).to.have.length(1);
    expect(await notes({ recipient: 'liuyang', kind: 'warning' })).to.have.length(2);
    expect(await notes({ recipient: 'yangfan' })).to.have.length(0);
  });

  it('every escalated window warns at its own 80 %, once', async () => {
    const s0 = await run(
      'warn_again',
      'grid:level="grid" grid:candidateRoles="handler" grid:sla="P1D" grid:calendar="workday" grid:warnAt="0.8"',
      ladder('<grid:step level="community" sla="P1D"/>'),
    );
    await fireAt(s0._id, iso(task(s0).warnDueAt)!, (s) => task(s).slaState === 'warned');
    const s1 = await fireAt(s0._id, '2026-03-03T01:00:00Z', (s) => task(s).unit === MINGTIAN);
    const esc = task(s1);
    const warn = Object.values(s1.timers).find((x) => x.purpose === 'sla-warn');
    expect(warn, 'a warning armed for the escalated window').to.not.equal(undefined);
    expect(esc).to.include({ slaState: 'escalated', warned: false });
    // 80 % of the community's working day: Tue 09:00 + 5.6 working hours (3 + lunch + 2.6) = 16:06
    expect(iso(esc.warnDueAt)).to.equal('2026-03-03T08:06:00.000Z');
    expect(warn?.dueAt).to.equal(esc.warnDueAt);
    const s2 = await fireAt(s0._id, iso(esc.warnDueAt)!, (s) => task(s).warned === true);
    expect(task(s2).slaState).to.equal('escalated'); // stays the more severe state
    // the community's handler is told; the first window's warning went to the grid
    expect(await notes({ recipient: 'zhoujie', kind: 'warning' })).to.have.length(1);
    expect(await notes({ recipient: 'wangwei', kind: 'warning' })).to.have.length(1);
    // the same warning job delivered again does nothing
    await t.engine.queues.timers.add(
      'timer',
      { instanceId: s0._id, timerId: warn!.id },
      { jobId: `again.${warn!.id}` },
    );
    await new Promise((r) => setTimeout(r, 300));
    expect((await t.engine.waitForIdle(s0._id)).version).to.equal(s2.version);
  });

  it('a 挂账 after 挂牌督办 re-arms only the reminder cycle at its review, later by the parked time', async () => {
    const s0 = await run(
      'listed',
      'grid:level="street" grid:candidateRoles="urban" grid:sla="P1D" grid:calendar="workday"',
      ladder('<grid:step level="district" sla="P1D"/>', 'P2D'),
    );
    await fireAt(s0._id, '2026-03-03T01:00:00Z', (s) => task(s).unit === DISTRICT);
    const s1 = await fireAt(s0._id, '2026-03-04T01:00:00Z', (s) => s.supervised);
    const id = task(s1).id;
    const cycle = () => Object.values(s1.timers).find((x) => x.purpose === 'supervision-cycle');
    expect(iso(cycle()?.dueAt)).to.equal('2026-03-06T01:00:00.000Z'); // Wed + P2D
    // Thu 09:00 parked (挂账) until Fri 09:00: one working day later
    t.clock.set(at('2026-03-05T01:00:00Z'));
    const asked = await t.engine.requestBacklog(
      id,
      'yangfan',
      '等待鉴定',
      at('2026-03-06T01:00:00Z'),
      DISTRICT,
    );
    await t.engine.decideRequest(id, asked.request!.id, 'yangfan', true);
    const parked = await t.engine.waitForIdle(s0._id);
    expect(Object.values(parked.timers).map((x) => x.purpose)).to.deep.equal(['backlog-review']);
    const s2 = await fireAt(s0._id, '2026-03-06T01:00:00Z', (s) => !s.backlog);
    expect(Object.values(s2.timers).map((x) => [x.purpose, iso(x.dueAt)])).to.deep.equal([
      ['supervision-cycle', '2026-03-09T01:00:00.000Z'], // Fri 09:00 → Mon 09:00 (one working day left)
    ]);
    expect(task(s2).slaState).to.equal('supervised');
    await t.engine.fireDueTimers();
    await new Promise((r) => setTimeout(r, 200));
    const s3 = await t.engine.waitForIdle(s0._id);
    expect(s3.version).to.equal(s2.version); // nothing was due
    const records = await t.engine.store.collection('escalations').find({ instanceId: s0._id });
    expect(records.filter((r) => r.supervised)).to.have.length(1);
    expect(task(s2).pauses).to.deep.equal([
      { from: at('2026-03-05T01:00:00Z'), to: at('2026-03-06T01:00:00Z') },
    ]);
    await fireAt(s0._id, '2026-03-09T01:00:00Z', (s) => task(s).cycleDueAt !== task(s2).cycleDueAt);
    expect(await notes({ recipient: 'yangfan', kind: 'supervision-reminder' })).to.have.length(1);
  });

  it('a delegated task escalating keeps both its assignee and its owner (首接负责人) informed', async () => {
    const s0 = await run(
      'delegated',
      'grid:level="grid" grid:candidateRoles="handler" grid:sla="P1D" grid:calendar="workday"',
      ladder('<grid:step level="community" sla="P1D"/>'),
    );
    const id = task(s0).id;
    await t.engine.claim(id, 'wangwei');
    await t.engine.delegate(id, 'wangwei', 'lina');
    const s1 = await fireAt(s0._id, '2026-03-03T01:00:00Z', (s) => task(s).unit === MINGTIAN);
    expect(task(s1).assignee).to.equal(undefined);
    expect(task(s1).owner).to.equal(undefined);
    expect(task(s1).watchers).to.have.members(['lina', 'wangwei']);
    for (const who of ['lina', 'wangwei'])
      expect(
        await notes({ recipient: who, kind: 'reassigned', title: '任务已超期并上报上级' }),
        who,
      ).to.have.length(1);
  });
});
