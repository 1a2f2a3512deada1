// GET /api/assessment: figures per person and per department on a hand-computed history (manual clock),
// scored with the shipped scheme and assessors' entries (回避 refused), and the .xlsx rows equal to the JSON.
import { expect } from 'chai';
import ExcelJS from 'exceljs';
import type request from 'supertest';
import { GRID1, GRID2, MINGTIAN, STREET_XT } from '../helpers/engine.js';
import { harness, startCase, waitFor, type Harness } from './helpers.js';
import { CASE_FLOW, REPORT_FORM, SIMPLE } from './fixtures.js';

const H = 3_600_000;

/** Collects a binary response body (supertest buffers only text by default). */
function binary(res: request.Response, cb: (err: Error | null, body: Buffer) => void) {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
}

interface Row {
  key: string;
  name: string;
  total?: boolean;
  figures: Record<string, number | null>;
  score: { total: number; grade: string; gradeLabel: string; items: Array<{ id: string; points: number }> };
}

describe('API: 考核 per department and per person (GET /api/assessment)', () => {
  let h: Harness;
  before(async () => {
    h = await harness();
    h.t.engine.forms.register('api-report', REPORT_FORM);
    await h.t.engine.deploy(CASE_FLOW);
    await h.t.engine.deploy(SIMPLE);
    // Mon 2026-03-02 09:00: wangwei reports A and B at his grid, lina C at hers
    const a = await startCase(h, 'wangwei', { definitionKey: 'apicase', gridUnit: GRID1, businessKey: 'A' });
    const b = await startCase(h, 'wangwei', { definitionKey: 'apicase', gridUnit: GRID1, businessKey: 'B' });
    const c = await startCase(h, 'lina', { definitionKey: 'apisimple', gridUnit: GRID2, businessKey: 'C' });
    // 10:00 lina completes C (no time limit); 11:00 wangwei handles A (P3D: on time)
    h.t.clock.advance(H);
    expect((await h.post('lina', `/api/tasks/${c.task._id}/complete`, { data: {} })).status).to.equal(200);
    h.t.clock.advance(H);
    const done = await h.post('wangwei', `/api/tasks/${a.task._id}/complete`, {
      data: { result: '已处置', photos: 1 },
    });
    expect(done.status).to.equal(200);
    const verify = await waitFor(
      async () => (await h.t.engine.openTasksOfCase(a.instance._id))[0],
      'verify task',
    );
    // 12:00 zhoujie (community reviewer) verifies A: A closes
    h.t.clock.advance(H);
    expect((await h.post('zhoujie', `/api/tasks/${verify._id}/complete`, { data: {} })).status).to.equal(200);
    await h.t.engine.waitForIdle(a.instance._id);
    // B stays open past its due date (overdue, not escalated)
    h.t.clock.set(b.task.dueAt! + H);
  });
  after(() => h.close());

  const get = async (user: string, q: string) => h.get(user, `/api/assessment?${q}`);

  it('computes the figures of each person: tasks they completed, cases they reported', async () => {
    const res = await get('chenmin', `unit=${MINGTIAN}&period=2026-03&by=person`);
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    expect(res.body.scheme).to.include({ schemeId: 'default', version: 0 });
    const rows = res.body.rows as Row[];
    expect(rows.map((r) => r.key)).to.deep.equal(['lina', 'wangwei', 'zhoujie']);
    const pick = (r: Row) => {
      const f = r.figures;
      return [
        f.tasksCompleted,
        f.taskOnTimeRate,
        f.avgHandlingHours,
        f.avgCalendarHours,
        f.reports,
        f.validReports,
      ];
    };
    // lina: C in 1 hour without a time limit; reported C, closed
    expect(pick(rows[0])).to.deep.equal([1, null, 1, 1, 1, 1]);
    // wangwei: A handled in 2 hours on time; reported A and B, only A closed
    expect(pick(rows[1])).to.deep.equal([1, 1, 2, 2, 2, 1]);
    // zhoujie: the verification of A in 1 hour, on time; reported nothing
    expect(pick(rows[2])).to.deep.equal([1, 1, 1, 1, 0, 0]);
    // the shipped scheme: 50 + on time 10 + rework 10 + returns 10 (no figure: full points) = 80, 合格
    expect(rows[1].score).to.include({ total: 80, grade: 'pass', gradeLabel: '合格' });
    expect(rows[1].name).to.include('王伟');
  });

  it('computes the figures of each department (a role at a unit), open overdue tasks included', async () => {
    const res = await get('chenmin', `unit=${MINGTIAN}&period=2026-03&by=department`);
    expect(res.status).to.equal(200);
    const rows = res.body.rows as Row[];
    expect(rows.map((r) => r.key)).to.deep.equal([
      `${GRID1}|handler`,
      `${GRID2}|handler`,
      `${MINGTIAN}|reviewer`,
    ]);
    // GRID1 handlers: A on time, B open past its due date: 1 of 2 on time, 1 overdue now
    expect(rows[0].figures).to.include({ tasksCompleted: 1, taskOnTimeRate: 0.5, overdueNow: 1 });
    expect(rows[1].figures).to.include({ tasksCompleted: 1, taskOnTimeRate: null, overdueNow: 0 });
    expect(rows[2].figures).to.include({ tasksCompleted: 1, taskOnTimeRate: 1, avgHandlingHours: 1 });
    // 0.5 is 9 steps of 5 % under 95 %: 10 − 4.5
    expect(rows[0].score.items.find((i) => i.id === 'onTime')?.points).to.equal(5.5);
    expect(rows[0].name).to.include('网格员');
  });

  it('scores manual entries and refuses an assessor scoring their own unit (回避)', async () => {
    const entry = (user: string, body: Record<string, unknown>) =>
      h.post(user, '/api/assessment/entries', { period: '2026-03', reason: '参加例会 3 次', ...body });
    const own = await entry('chenmin', { by: 'unit', subject: MINGTIAN, itemId: 'meetings', points: 6 });
    expect(own.status).to.equal(409);
    expect(own.body.error.code).to.equal('assessment.recusal');
    const self = await entry('liuyang', { by: 'person', subject: 'liuyang', itemId: 'meetings', points: 6 });
    expect(self.body.error.code).to.equal('assessment.recusal');
    // unknown item, wrong value kind, outside the assessor's subtree
    expect(
      (await entry('liuyang', { by: 'person', subject: 'wangwei', itemId: 'onTime', points: 1 })).body.error
        .code,
    ).to.equal('assessment.unknown-item');
    expect(
      (await entry('liuyang', { by: 'person', subject: 'wangwei', itemId: 'unreported', points: 1 })).body
        .error.code,
    ).to.equal('assessment.wrong-value');
    expect(
      (await entry('zhengbo', { by: 'person', subject: 'wangwei', itemId: 'meetings', points: 1 })).status,
    ).to.equal(404);
    expect(
      (await entry('wangwei', { by: 'unit', subject: GRID2, itemId: 'meetings', points: 1 })).status,
    ).to.equal(404);
    // the street's head scores a grid worker of his street: allowed
    const ok = await entry('liuyang', { by: 'person', subject: 'wangwei', itemId: 'meetings', points: 6 });
    expect(ok.status, JSON.stringify(ok.body)).to.equal(201);
    const fine = await entry('chenmin', {
      by: 'person',
      subject: 'wangwei',
      itemId: 'unreported',
      count: 1,
      reason: '未报告',
    });
    expect(fine.status).to.equal(201);
    const res = await get('liuyang', `unit=${STREET_XT}&period=2026-03&by=person`);
    const w = (res.body.rows as Row[]).find((r) => r.key === 'wangwei')!;
    // 80 + 6 − 5
    expect(w.score.total).to.equal(81);
    expect(w.score.items.find((i) => i.id === 'meetings')?.points).to.equal(6);
  });

  it('answers 404 to non-supervisors and outside the subtree, 400 to a bad period', async () => {
    expect((await get('wangwei', `unit=${GRID1}&period=2026-03`)).status).to.equal(404);
    expect((await get('chenmin', `unit=${STREET_XT}&period=2026-03`)).status).to.equal(404);
    expect((await get('chenmin', `unit=${MINGTIAN}&period=2026-13`)).status).to.equal(400);
    expect((await get('chenmin', `unit=${MINGTIAN}&period=2026-03-05..2026-03-01`)).status).to.equal(400);
    expect((await get('admin', `unit=${MINGTIAN}&period=2026-Q1`)).status).to.equal(200);
  });

  it('saves scheme versions (admin), names the fields of an invalid one, scores a period with the version in force', async () => {
    const base = (await h.get('admin', '/api/assessment/schemes')).body.versions[0];
    const { _id: _i, schemeId: _s, version: _v, savedBy: _b, savedAt: _a, ...body } = base;
    expect((await h.post('chenmin', '/api/assessment/schemes', { scheme: body })).status).to.equal(404);
    const bad = await h.post('admin', '/api/assessment/schemes', {
      scheme: { ...body, items: [{ ...body.items[0], figure: 'nope' }] },
    });
    expect(bad.status).to.equal(400);
    expect(bad.body.error.code).to.equal('assessment.invalid-scheme');
    expect(bad.body.error.details.map((d: { path: string }) => d.path)).to.deep.equal([
      '/scheme/items/0/figure',
    ]);
    // a code of its own with the values it names (the UI words it; no prose to parse)
    expect(bad.body.error.details[0].code).to.equal('scheme.unknown-figure');
    expect(bad.body.error.details[0].params).to.include({ figure: 'nope', field: 'items/0/figure' });
    // from April on, a base of 60
    const saved = await h.post('admin', '/api/assessment/schemes', {
      scheme: { ...body, base: 60, validFrom: '2026-04-01' },
      baseVersion: 0,
    });
    expect(saved.status, JSON.stringify(saved.body)).to.equal(201);
    expect(saved.body.version).to.equal(1);
    // an editor who started from version 0 too is told
    const stale = await h.post('admin', '/api/assessment/schemes', { scheme: body, baseVersion: 0 });
    expect(stale.status).to.equal(409);
    const march = await get('chenmin', `unit=${MINGTIAN}&period=2026-03&by=person`);
    const april = await get('chenmin', `unit=${MINGTIAN}&period=2026-04&by=person`);
    expect(march.body.scheme.version).to.equal(0);
    expect(april.body.scheme.version).to.equal(1);
  });

  for (const by of ['unit', 'department', 'person'])
    it(`exports the same rows as the JSON answer as .xlsx (by ${by})`, async () => {
      const q = `unit=${MINGTIAN}&period=2026-03&by=${by}`;
      const json = (await get('chenmin', q)).body;
      const res = await h
        .http()
        .get(`/api/assessment?${q}&format=xlsx`)
        .set('Authorization', `Bearer ${await h.token('chenmin')}`)
        .buffer(true)
        .parse(binary);
      expect(res.status).to.equal(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.body as ArrayBuffer);
      const ws = wb.worksheets[0];
      expect(String(ws.getRow(1).getCell(1).value))
        .to.include('明天社区')
        .and.include('考核表');
      const meta = String(ws.getRow(2).getCell(1).value);
      expect(meta).to.include('2026-03').and.include('第0版').and.include('导出时间');
      const headers = (ws.getRow(3).values as unknown[]).slice(1);
      expect(headers).to.include.members(['考核对象', '任务按期率', '得分', '等级']);
      const col = (name: string) => headers.indexOf(name) + 1;
      const rows = json.rows as Row[];
      expect(rows.length).to.be.greaterThan(0);
      rows.forEach((r, i) => {
        const x = ws.getRow(4 + i);
        expect(x.getCell(col('考核对象')).value).to.equal(r.total ? `${r.name}（合计）` : r.name);
        expect(x.getCell(col('得分')).value).to.equal(r.score.total);
        expect(x.getCell(col('等级')).value).to.equal(r.score.gradeLabel);
        expect(x.getCell(col('任务按期率')).value ?? null).to.equal(r.figures.taskOnTimeRate);
        expect(x.getCell(col('完成任务')).value ?? null).to.equal(r.figures.tasksCompleted);
        expect(x.getCell(col('有效信息')).value ?? null).to.equal(r.figures.validReports);
      });
      // a blank row, then the signatures row, and nothing else
      expect(ws.getRow(4 + rows.length + 1).getCell(1).value).to.equal('填表人：');
      expect(ws.rowCount).to.equal(4 + rows.length + 1);
    });
});
