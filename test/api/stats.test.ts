import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'chai';
import { PROCESSES_DIR } from '../../engine/engine.js';
import type { TaskDoc } from '../../engine/queue/outbox.js';
import { DISTRICT, GRID1, GRID2, MINGTIAN, STREET_XT, ZONE_EAST } from '../helpers/engine.js';
import { fireUntil, harness, startCase, waitFor, type Harness } from './helpers.js';
import { CASE_FLOW, REPORT_FORM, SIMPLE } from './fixtures.js';
import { fireHazardReport } from '../fixtures/forms.js';
import { deployDecisions } from '../processes/harness.js';
import { assessFromHistory } from '../../engine/stats/from-history.js';
import { STATS_MARKER } from '../../engine/stats/backfill.js';

/**
 * GET /api/stats (from the rollups) against the assessment recomputed from the raw records, as the route did
 * before the rollups, for a unit and period given as query strings.
 */
async function expectSameAsHistory(h: Harness, user: string, unitCode: string, from: number, to: number) {
  const iso = (t: number) => new Date(t).toISOString();
  const res = await h.get(user, `/api/stats?unit=${unitCode}&from=${iso(from)}&to=${iso(to)}`);
  expect(res.status).to.equal(200);
  const org = h.t.engine.org;
  const unit = (await org.unit(unitCode))!;
  const all = await org.allUnits();
  const children = [];
  for (const c of all.filter((u) => u.parent === unitCode).sort((a, b) => a.code.localeCompare(b.code)))
    children.push({ code: c.code, name: c.name, level: c.level, codes: await org.subtree(c.code) });
  const reference = await assessFromHistory(h.t.engine, {
    unit: { code: unit.code, name: unit.name, level: unit.level },
    codes: await org.subtree(unitCode),
    children,
    units: all.map((u) => ({ code: u.code, name: u.name, level: u.level })),
    from: res.body.period.from,
    to: res.body.period.to,
    now: res.body.now,
  });
  expect(res.body, `${unitCode} [${from}, ${to})`).to.deep.equal(JSON.parse(JSON.stringify(reference)));
  return res.body;
}

/** Drops the rollups and rebuilds them from the records (the backfill of a store that had none). */
async function rebuildFromScratch(h: Harness): Promise<void> {
  await h.t.engine.store.collection('statFacts').deleteMany({});
  await h.t.engine.store.collection('statRollups').deleteMany({});
  await h.t.engine.store.collection('meta').deleteMany({ _id: STATS_MARKER });
  await h.t.engine.rebuildStats();
}

const CHUNHUI_GRID = '310117001002001';
const H = 3_600_000;

describe('API: assessment statistics', () => {
  let h: Harness;
  before(async () => {
    h = await harness();
    h.t.engine.forms.register('api-report', REPORT_FORM);
    await h.t.engine.deploy(CASE_FLOW);
    await h.t.engine.deploy(SIMPLE);
    // Mon 09:00: four cases
    const a = await startCase(h, 'wangwei', { definitionKey: 'apicase', gridUnit: GRID1, businessKey: 'A' });
    const b = await startCase(h, 'wangwei', { definitionKey: 'apicase', gridUnit: GRID1, businessKey: 'B' });
    const c = await startCase(h, 'lina', { definitionKey: 'apisimple', gridUnit: GRID2, businessKey: 'C' });
    await startCase(h, 'liuyang', { definitionKey: 'apisimple', gridUnit: CHUNHUI_GRID, businessKey: 'D' });
    // 10:00–11:00: C is paused (挂起) for an hour
    h.t.clock.advance(H);
    expect(
      (await h.post('lina', `/api/tasks/${c.task._id}/pause`, { reason: '等待当事人' })).status,
    ).to.equal(200);
    h.t.clock.advance(H);
    expect((await h.post('lina', `/api/tasks/${c.task._id}/resume`, {})).status).to.equal(200);
    // 11:00: A handled on time; 12:00: verification (its form says passed: false, but no flow of this process
    // is marked grid:rework: not a rework) closes A; C done
    expect(
      (
        await h.post('wangwei', `/api/tasks/${a.task._id}/complete`, {
          data: { result: '已处置', photos: 1 },
        })
      ).status,
    ).to.equal(200);
    const verify = await waitFor(
      async () => (await h.t.engine.openTasksOfCase(a.instance._id))[0],
      'verify task',
    );
    h.t.clock.advance(H);
    expect(
      (await h.post('zhoujie', `/api/tasks/${verify._id}/complete`, { data: { passed: false } })).status,
    ).to.equal(200);
    expect((await h.post('lina', `/api/tasks/${c.task._id}/complete`, { data: {} })).status).to.equal(200);
    // Thu 09:00: B breaches and climbs to the community
    h.t.clock.set(b.task.dueAt!);
    await fireUntil(h, b.instance._id, (s) => Object.values(s.tasks)[0].level === 'community');
  });
  after(() => h.close());

  it('computes the figures of a community for a period, with children and a daily series', async () => {
    const res = await h.get('chenmin', `/api/stats?unit=${MINGTIAN}&from=2026-03-02&to=2026-03-06`);
    expect(res.status).to.equal(200);
    const s = res.body;
    expect(s.unit).to.deep.equal({ code: MINGTIAN, name: '明天社区', level: 'community' });
    expect(s.period).to.deep.equal({
      from: Date.parse('2026-03-01T16:00:00Z'),
      to: Date.parse('2026-03-06T16:00:00Z'),
    });
    expect(s).to.include({
      received: 3,
      closed: 2,
      closedOnTime: 2,
      cancelled: 0,
      // 按期结案率 per case: A (closed on time) and B (its SLA ran out on Thu); C has no time limit
      due: 2,
      dueOnTime: 1,
      onTimeRate: 0.5,
      // per task: A.handle and A.verify on time, B.handle overdue
      taskDue: 3,
      taskDueOnTime: 2,
      taskOnTimeRate: 0.6667,
      overdueNow: 1,
      rework: 0,
      reworkRate: 0,
    });
    expect(s.escalations).to.deep.equal({ total: 1, byLevel: { community: 1 } });
    // A.handle: 09:00 → 11:00 = 2 working hours; A.verify: 11:00 → 12:00 = 1; C: 09:00 → 12:00 less the
    // hour paused = 2. Cases: A 3, C 2
    expect(s.avgTaskHandlingHours).to.equal(1.67);
    expect(s.avgCaseHandlingHours).to.equal(2.5);
    // within one working morning the wall clock says the same
    expect(s.avgTaskCalendarHours).to.equal(1.67);
    expect(s.avgCaseCalendarHours).to.equal(2.5);
    // by the unit that handled the task (B's task is at the community since it escalated)
    const unit = (code: string) => s.byUnit.find((u: { code: string }) => u.code === code);
    expect(s.byUnit.map((u: { code: string }) => u.code)).to.deep.equal([MINGTIAN, GRID1, GRID2]);
    expect(unit(GRID1)).to.include({
      name: '明天社区第1网格',
      level: 'grid',
      completed: 1,
      due: 1,
      dueOnTime: 1,
    });
    expect(unit(GRID2)).to.include({ completed: 1, due: 0, onTimeRate: null, avgHandlingHours: 2 });
    expect(unit(MINGTIAN)).to.include({
      level: 'community',
      completed: 1,
      due: 2,
      dueOnTime: 1,
      overdueNow: 1,
    });
    expect(s.byLevel.grid).to.include({
      completed: 2,
      due: 1,
      dueOnTime: 1,
      onTimeRate: 1,
      avgHandlingHours: 2,
    });
    expect(s.byLevel.community).to.include({
      completed: 1,
      onTimeRate: 0.5,
      overdueNow: 1,
      avgHandlingHours: 1,
    });
    expect(s.children).to.have.length(8);
    const east = s.children.find((c: { code: string }) => c.code === ZONE_EAST);
    expect(east).to.include({ name: '明天社区东片区', received: 3, closed: 2 });
    expect(east.escalations.total).to.equal(1);
    expect(s.series.map((d: { date: string }) => d.date)).to.deep.equal([
      '2026-03-02',
      '2026-03-03',
      '2026-03-04',
      '2026-03-05',
      '2026-03-06',
    ]);
    expect(s.series[3]).to.deep.equal({ date: '2026-03-05', total: 1, byLevel: { community: 1 } });
  });

  it("defaults to the caller's unit and the last 30 days; street and district see more", async () => {
    const mine = await h.get('chenmin', '/api/stats');
    expect(mine.status).to.equal(200);
    expect(mine.body.unit.code).to.equal(MINGTIAN);
    expect(mine.body.period.to).to.equal(h.t.clock.now() + 1); // up to and including now
    expect(mine.body.received).to.equal(3);
    const street = await h.get('liuyang', `/api/stats?unit=${STREET_XT}`);
    expect(street.body.received).to.equal(4);
    expect(street.body.children.map((c: { code: string }) => c.code)).to.include.members([
      MINGTIAN,
      '310117001002',
    ]);
    const admin = await h.get('admin', '/api/stats');
    expect(admin.body.unit.code).to.equal(DISTRICT);
    const grid = await h.get('wangwei', `/api/stats?unit=${GRID1}`);
    expect(grid.status).to.equal(200);
    expect(grid.body.received).to.equal(2);
  });

  it('answers 404 outside the jurisdiction and 400 for a bad period', async () => {
    expect((await h.get('wangwei', `/api/stats?unit=${MINGTIAN}`)).status).to.equal(404);
    expect((await h.get('zhengbo', `/api/stats?unit=${MINGTIAN}`)).status).to.equal(404);
    expect((await h.get('chenmin', `/api/stats?unit=${STREET_XT}`)).status).to.equal(404);
    expect((await h.get('chenmin', '/api/stats?unit=000')).status).to.equal(404);
    const backwards = await h.get('chenmin', '/api/stats?from=2026-03-05&to=2026-03-01');
    expect(backwards.status).to.equal(400);
    expect(backwards.body.error.details[0].path).to.equal('/from');
    const long = await h.get('chenmin', '/api/stats?from=2024-01-01&to=2026-03-01');
    expect(long.status).to.equal(400);
    const garbage = await h.get('chenmin', '/api/stats?from=last-week');
    expect(garbage.status).to.equal(400);
    expect(garbage.body.error.details[0].path).to.equal('/from');
  });

  const periods = [
    [Date.parse('2026-03-01T16:00:00Z'), Date.parse('2026-03-06T16:00:00Z')], // whole days
    [Date.parse('2026-03-02T02:30:00Z'), Date.parse('2026-03-05T03:00:00Z')], // partial first and last day
    [Date.parse('2026-03-02T02:00:00Z'), Date.parse('2026-03-02T04:00:00Z')], // inside one day
  ];

  it('answers from the rollups what the raw records give, for grids to the district and any period', async () => {
    for (const [from, to] of periods)
      for (const unit of [GRID1, MINGTIAN, STREET_XT, DISTRICT])
        await expectSameAsHistory(h, 'admin', unit, from, to);
  });

  it('rebuilds the same rollups from the records (backfill of a store without them)', async () => {
    const before = await expectSameAsHistory(h, 'admin', DISTRICT, periods[0][0], periods[0][1]);
    await rebuildFromScratch(h);
    expect(await h.t.engine.store.collection('meta').findOne({ _id: STATS_MARKER })).to.exist;
    const after = await expectSameAsHistory(h, 'admin', DISTRICT, periods[0][0], periods[0][1]);
    expect(after).to.deep.equal(before);
    expect(after.received).to.equal(4);
    await expectSameAsHistory(h, 'admin', MINGTIAN, periods[1][0], periods[1][1]);
  });
});

/** A shipped process with grid:rework="true" on the given flows (added where the file does not carry it yet). */
async function shippedWithRework(file: string, flows: string[]): Promise<string> {
  let xml = await readFile(path.join(PROCESSES_DIR, file), 'utf8');
  for (const id of flows) {
    const re = new RegExp(`(<bpmn:sequenceFlow id="${id}"[^>]*?)(\\s*/?>)`);
    const m = re.exec(xml);
    if (!m) throw new Error(`${file} has no sequence flow ${id}`);
    if (!m[1].includes('grid:rework')) xml = xml.replace(re, `$1 grid:rework="true"$2`);
  }
  return xml;
}

describe('API: rework (返工) of the shipped 消防安全隐患转办 process', () => {
  let h: Harness;
  before(async () => {
    h = await harness();
    // the process routes departments with its decision table (deptDecision reads fire_dept_route)
    await deployDecisions(h.t);
    await h.t.engine.deploy(await shippedWithRework('fire-hazard.bpmn', ['f_onSpotFail', 'f_deptFail']));
  });
  after(() => h.close());

  /** Works the case to its end: every open task completed by one of its candidates with the data below. */
  async function workThrough(instanceId: string, failFirstRecheck: boolean): Promise<void> {
    let rechecks = 0;
    const dataFor = (t: TaskDoc): Record<string, unknown> => {
      switch (t.formKey?.split('@')[0]) {
        case 'fire-hazard-report':
          return fireHazardReport();
        case 'fire-hazard-onsite':
          return { onSpotResult: 'fixed', measures: '督促业主拆除私拉电线' };
        case 'fire-hazard-recheck':
          rechecks += 1;
          return failFirstRecheck && rechecks === 1
            ? { recheckResult: 'not_rectified', opinion: '电线仍未拆除' }
            : { recheckResult: 'rectified', opinion: '已整改到位' };
        case 'fire-hazard-dept':
          return { handleResult: 'rectified', measures: '社区综治督促整改完毕' };
        default:
          throw new Error(`no test data for form ${t.formKey} (${t.nodeId})`);
      }
    };
    for (let step = 0; step < 12; step++) {
      const s = await h.t.engine.waitForIdle(instanceId);
      if (s.status !== 'active') return;
      const open = await h.t.engine.openTasksOfCase(instanceId);
      expect(open, `open tasks of ${instanceId}`).to.have.length.above(0);
      for (const t of open) {
        const [who] = await h.t.engine.org.usersWithRoles(t.unit, t.candidateRoles);
        h.t.clock.advance(H);
        await h.t.engine.claim(t._id, who);
        await h.t.engine.completeTask(t._id, who, dataFor(t));
      }
    }
    throw new Error(`case ${instanceId} did not close`);
  }

  it('counts the cases a failed re-check sent back (a grid:rework flow taken), not form fields', async () => {
    const start = (businessKey: string) =>
      h.t.engine.start('fire_hazard', { gridUnit: GRID1, businessKey }, 'wangwei');
    const failed = await start('XF-R-1');
    await workThrough(failed._id, true);
    const passed = await start('XF-R-2');
    await workThrough(passed._id, false);
    const sentBack = (await h.t.engine.history(failed._id)).filter(
      (r) => r.action === 'leave' && r.to === 'f_onSpotFail',
    );
    expect(sentBack, 'the failed re-check took f_onSpotFail').to.have.length(1);

    const res = await h.get('chenmin', `/api/stats?unit=${MINGTIAN}&from=2026-03-02&to=2026-03-06`);
    expect(res.status).to.equal(200);
    expect(res.body).to.include({ closed: 2, rework: 1, reworkRate: 0.5 });
    const east = res.body.children.find((c: { code: string }) => c.code === ZONE_EAST);
    expect(east).to.include({ rework: 1, reworkRate: 0.5 });
    // the period is what counts: the week before saw none
    const before = await h.get('chenmin', `/api/stats?unit=${MINGTIAN}&from=2026-02-23&to=2026-03-01`);
    expect(before.body).to.include({ rework: 0, reworkRate: null });

    // the same from the raw records, and after rebuilding the rollups from them (rework read from history)
    const week = [Date.parse('2026-03-01T16:00:00Z'), Date.parse('2026-03-06T16:00:00Z')];
    await expectSameAsHistory(h, 'admin', DISTRICT, week[0], week[1]);
    await rebuildFromScratch(h);
    expect(await expectSameAsHistory(h, 'admin', MINGTIAN, week[0], week[1])).to.include({ rework: 1 });
  });
});
