// Closing a period (POST /api/assessment/close): the rows of every kind are frozen and ranked, the scored
// units are notified, a second close is 409, a closed period reads back without recomputing and does not
// change when a late entry arrives; corrections are adjustments listed beside the frozen row.
import { expect } from 'chai';
import { GRID1, GRID2, MINGTIAN, STREET_XT, ZONE_EAST } from '../helpers/engine.js';
import { harness, startCase, waitFor, type Harness } from './helpers.js';
import { CASE_FLOW, REPORT_FORM, SIMPLE } from './fixtures.js';

const H = 3_600_000;
const APRIL_2 = Date.parse('2026-04-02T01:00:00Z');

interface Row {
  key: string;
  kind: string;
  total?: boolean;
  rank?: number;
  rankOf?: number;
  score: { total: number; grade: string };
  adjustment?: { points: number; total: number; grade: string };
}

describe('API: closing an assessment period (已归档)', () => {
  let h: Harness;
  before(async () => {
    h = await harness();
    h.t.engine.forms.register('api-report', REPORT_FORM);
    await h.t.engine.deploy(CASE_FLOW);
    await h.t.engine.deploy(SIMPLE);
    // March: wangwei handles A on time at GRID1, lina's C at GRID2 has no time limit, B stays open overdue
    const a = await startCase(h, 'wangwei', { definitionKey: 'apicase', gridUnit: GRID1, businessKey: 'A' });
    const b = await startCase(h, 'wangwei', { definitionKey: 'apicase', gridUnit: GRID1, businessKey: 'B' });
    const c = await startCase(h, 'lina', { definitionKey: 'apisimple', gridUnit: GRID2, businessKey: 'C' });
    h.t.clock.advance(H);
    expect((await h.post('lina', `/api/tasks/${c.task._id}/complete`, { data: {} })).status).to.equal(200);
    const done = await h.post('wangwei', `/api/tasks/${a.task._id}/complete`, {
      data: { result: '已处置', photos: 1 },
    });
    expect(done.status).to.equal(200);
    await waitFor(async () => (await h.t.engine.openTasksOfCase(a.instance._id))[0], 'verify task');
    h.t.clock.set(b.task.dueAt! + H);
  });
  after(() => h.close());

  const close = (user: string, body: Record<string, unknown>) => h.post(user, '/api/assessment/close', body);
  const table = async (user: string, q: string) => {
    const res = await h.get(user, `/api/assessment?${q}`);
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    return res.body as { closed: { by: string; at: number } | null; rows: Row[]; adjustments: unknown[] };
  };

  it('refuses a period that has not ended, a range of days and units outside the subtree', async () => {
    const running = await close('liuyang', { unit: MINGTIAN, period: '2026-03' });
    expect(running.status).to.equal(409);
    expect(running.body.error.code).to.equal('assessment.period-running');
    h.t.clock.set(APRIL_2);
    const range = await close('liuyang', { unit: MINGTIAN, period: '2026-03-01..2026-03-10' });
    expect(range.status).to.equal(400);
    expect((await close('zhengbo', { unit: MINGTIAN, period: '2026-03' })).status).to.equal(404);
    expect((await close('wangwei', { unit: GRID1, period: '2026-03' })).status).to.equal(404);
    expect((await table('liuyang', `unit=${MINGTIAN}&period=2026-03`)).closed).to.equal(null);
  });

  let frozen: Record<string, Row[]>;
  it('closes once: freezes and ranks the rows of every kind; a second close is 409 and changes nothing', async () => {
    const live: Record<string, Row[]> = {};
    for (const by of ['unit', 'department', 'person'])
      live[by] = (await table('liuyang', `unit=${MINGTIAN}&period=2026-03&by=${by}`)).rows;
    const res = await close('liuyang', { unit: MINGTIAN, period: '2026-03' });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    expect(res.body.closed).to.deep.equal({ by: 'liuyang', at: APRIL_2 });
    expect(res.body.rowCounts).to.deep.equal({
      unit: live.unit.length,
      department: live.department.length,
      person: live.person.length,
    });
    const again = await close('chenmin', { unit: MINGTIAN, period: '2026-03' });
    expect(again.status).to.equal(409);
    expect(again.body.error.code).to.equal('assessment.period-closed');

    frozen = {};
    for (const by of ['unit', 'department', 'person']) {
      const t = await table('liuyang', `unit=${MINGTIAN}&period=2026-03&by=${by}`);
      expect(t.closed).to.deep.equal({ by: 'liuyang', at: APRIL_2 });
      // the same rows and scores as the live table had when it was closed
      expect(t.rows.map((r) => [r.key, r.score.total])).to.deep.equal(
        live[by].map((r) => [r.key, r.score.total]),
      );
      frozen[by] = t.rows;
    }
    // GRID2 (nothing overdue) ranks above GRID1 (B overdue); the subtree's own row is not ranked
    // ranked per level: MINGTIAN's 5 grids among themselves, its 3 片区 among themselves (the east zone,
    // with B overdue, last); the subtree's own row is not ranked
    const rank = (rows: Row[]) =>
      Object.fromEntries(rows.map((r) => [r.key, [r.rank ?? null, r.rankOf ?? null]]));
    const units = rank(frozen.unit);
    expect(units[ZONE_EAST]).to.deep.equal([3, 3]);
    expect(units['310117001001902']).to.deep.equal([1, 3]);
    expect(units['310117001001016']).to.deep.equal([1, 5]);
    expect(units[MINGTIAN]).to.deep.equal([null, null]);
    expect(frozen.person.every((r) => r.rankOf === frozen.person.length)).to.equal(true);
    // the east zone's own closing ranks its grids: GRID2 (nothing overdue) first, GRID1 (B overdue) last
    expect((await close('chenmin', { unit: ZONE_EAST, period: '2026-03' })).status).to.equal(201);
    const east = rank((await table('chenmin', `unit=${ZONE_EAST}&period=2026-03`)).rows);
    expect(east[GRID2][0]).to.equal(1);
    expect(east[GRID1][0]).to.equal(east[GRID1][1]).and.be.greaterThan(1);
  });

  it('publishes each scored unit its rank to its members as a type with params', async () => {
    const res = await h.get('wangwei', '/api/notifications');
    expect(res.status).to.equal(200);
    const items = res.body.items as Array<{ type?: string; params?: Record<string, unknown> }>;
    const notice = items.find((n) => n.type === 'assessment.ranking-published');
    expect(notice?.params).to.deep.include({ period: '2026-03', unit: GRID1, closedUnit: ZONE_EAST });
    expect(notice?.params?.rank).to.equal(notice?.params?.rankOf);
    const lina = (await h.get('lina', '/api/notifications')).body.items as typeof items;
    expect(lina.find((n) => n.type === 'assessment.ranking-published')?.params).to.include({
      unit: GRID2,
      rank: 1,
    });
  });

  it('reads a closed period back without recomputing, unchanged by a late entry', async () => {
    const assess = h.t.engine.assess.bind(h.t.engine);
    let computed = 0;
    h.t.engine.assess = async (q) => {
      computed++;
      return assess(q);
    };
    try {
      // on the closed table itself: refused
      const onClosed = await h.post('liuyang', '/api/assessment/entries', {
        period: '2026-03',
        by: 'person',
        subject: 'wangwei',
        itemId: 'unreported',
        count: 2,
        reason: '迟报',
        unit: MINGTIAN,
      });
      expect(onClosed.status).to.equal(409);
      expect(onClosed.body.error.code).to.equal('assessment.period-closed');
      // filed on the street's open table: the street's live score moves, the closed table does not
      const late = await h.post('liuyang', '/api/assessment/entries', {
        period: '2026-03',
        by: 'person',
        subject: 'wangwei',
        itemId: 'unreported',
        count: 2,
        reason: '迟报',
        unit: STREET_XT,
      });
      expect(late.status, JSON.stringify(late.body)).to.equal(201);
      computed = 0;
      const t = await table('liuyang', `unit=${MINGTIAN}&period=2026-03&by=person`);
      expect(computed).to.equal(0);
      expect(t.rows).to.deep.equal(frozen.person);
      const street = await table('liuyang', `unit=${STREET_XT}&period=2026-03&by=person`);
      expect(computed).to.equal(1);
      expect(street.closed).to.equal(null);
      const was = frozen.person.find((r) => r.key === 'wangwei')!.score.total;
      expect(street.rows.find((r) => r.key === 'wangwei')!.score.total).to.equal(was - 10);
    } finally {
      h.t.engine.assess = assess;
    }
  });

  it('files a correction as an adjustment beside the frozen row, with its reason and author', async () => {
    const adjust = (user: string, body: Record<string, unknown>) =>
      h.post(user, '/api/assessment/adjustments', {
        unit: MINGTIAN,
        period: '2026-03',
        by: 'person',
        subject: 'wangwei',
        points: 5,
        reason: '复核后补记有效信息',
        ...body,
      });
    const open = await adjust('liuyang', { period: '2026-02' });
    expect([open.status, open.body.error.code]).to.deep.equal([409, 'assessment.period-open']);
    const nobody = await adjust('liuyang', { subject: 'zhengbo' });
    expect(nobody.status).to.equal(404);
    const own = await adjust('chenmin', { by: 'unit', subject: MINGTIAN });
    expect([own.status, own.body.error.code]).to.deep.equal([409, 'assessment.recusal']);
    const ok = await adjust('liuyang', {});
    expect(ok.status, JSON.stringify(ok.body)).to.equal(201);
    expect(ok.body).to.include({
      by: 'liuyang',
      points: 5,
      subject: 'wangwei',
      reason: '复核后补记有效信息',
    });
    const t = await table('liuyang', `unit=${MINGTIAN}&period=2026-03&by=person`);
    const row = t.rows.find((r) => r.key === 'wangwei')!;
    const was = frozen.person.find((r) => r.key === 'wangwei')!;
    expect(row.score).to.deep.equal(was.score);
    expect(row.adjustment).to.include({ points: 5, total: was.score.total + 5 });
    expect(t.adjustments).to.have.length(1);
    // the other kinds' tables list none
    expect((await table('liuyang', `unit=${MINGTIAN}&period=2026-03&by=unit`)).adjustments).to.deep.equal([]);
  });

  it('answers the frozen table as .xlsx marked 已归档', async () => {
    const res = await h
      .http()
      .get(`/api/assessment?unit=${MINGTIAN}&period=2026-03&by=person&format=xlsx`)
      .set('Authorization', `Bearer ${await h.token('liuyang')}`)
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(res.status).to.equal(200);
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as ArrayBuffer);
    expect(String(wb.worksheets[0].getRow(2).getCell(1).value)).to.match(/^已归档/);
  });
});
