import { expect } from 'chai';
import { DISTRICT, GRID1, GRID2, MINGTIAN, STREET_XT, ZONE_EAST } from '../helpers/engine.js';
import { fireUntil, harness, startCase, waitFor, type Harness } from './helpers.js';
import { CASE_FLOW, REPORT_FORM, SIMPLE } from './fixtures.js';

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
    // 11:00: A handled on time; 12:00: verification fails (rework) and closes A; C done
    h.t.clock.advance(2 * H);
    expect(
      (
        await h.post('wangwei', `/api/tasks/${a.task._id}/complete`, {
          data: { result: '已处置', photos: 1 },
        })
      ).status,
    ).to.equal(200);
    const verify = await waitFor(
      async () => (await h.t.engine.listTasks({ instanceId: a.instance._id, status: 'open' })).items[0],
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
      due: 3,
      dueOnTime: 2,
      overdueNow: 1,
      rework: 1,
    });
    expect(s.onTimeRate).to.equal(0.6667);
    expect(s.escalations).to.deep.equal({ total: 1, byLevel: { community: 1 } });
    // A.handle: 09:00 → 11:00 = 2 working hours; A.verify: 11:00 → 12:00 = 1; C: 09:00 → 12:00 = 3
    expect(s.avgTaskHandlingHours).to.equal(2);
    expect(s.avgCaseHandlingHours).to.equal(3);
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
    expect(mine.body.period.to).to.equal(h.t.clock.now());
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
    expect(backwards.body.details[0].path).to.equal('/from');
    const long = await h.get('chenmin', '/api/stats?from=2024-01-01&to=2026-03-01');
    expect(long.status).to.equal(400);
    const garbage = await h.get('chenmin', '/api/stats?from=last-week');
    expect(garbage.status).to.equal(400);
    expect(garbage.body.details[0].path).to.equal('/from');
  });
});
