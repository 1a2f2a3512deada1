// The case list (案件): filters, jurisdiction, paging and sort of GET /api/instances; its export as .xlsx
// (parsed back with exceljs) and CSV; the dashboard's per-unit table export; saved filters; the backfill of
// the case-list fields for cases written before them.
import { expect } from 'chai';
import ExcelJS from 'exceljs';
import type request from 'supertest';
import { backfillCaseIndex } from '../../engine/cases/case-index-backfill.js';
import { CASE_SORTS } from '../../engine/cases/case-list.js';
import type { InstanceState } from '../../engine/runtime/types.js';
import { DISTRICT, GRID1, GRID2, MINGTIAN } from '../helpers/engine.js';
import { fireUntil, harness, startCase, waitFor, type Harness } from './helpers.js';
import { CASE_FLOW, REPORT_FORM, SIMPLE } from './fixtures.js';

const BINHE_GRID = '310117002001001'; // 滨河社区第1网格, 江滨街道 (the other street)
const ADMIN_VIEWER = { username: 'admin', admin: true, supervises: [], handles: {} };

type Item = {
  id: string;
  caseNo: string;
  status: string;
  overdueNow: boolean;
  escalated: boolean;
  openLevels: string[];
  handling: { workingHours: number; calendarHours: number };
};

/** Collects a binary response body (supertest buffers only text by default). */
function binary(res: request.Response, cb: (err: Error | null, body: Buffer) => void) {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
}

describe('API: case list, search and export', () => {
  let h: Harness;
  // A and C breach their time limit and climb to the community (due next Monday 09:05 / 09:06)
  let a: { id: string; caseNo: string }; // apicase at GRID1 (wangwei)
  let b: { id: string; caseNo: string }; // apisimple at GRID2 (lina): closed
  let c: { id: string; caseNo: string }; // apicase at the other street (admin)
  let d: { id: string; caseNo: string }; // apisimple at GRID1 (wangwei): open, no time limit

  const list = async (user: string, q = '') => {
    const res = await h.get(user, `/api/instances${q}`);
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    return res.body as { items: Item[]; total: number; page: number; pageSize: number };
  };
  const ids = async (user: string, q = '') => (await list(user, q)).items.map((i) => i.id).sort();
  const sorted = (...xs: Array<{ id: string }>) => xs.map((x) => x.id).sort();

  before(async function () {
    this.timeout(30_000);
    h = await harness();
    h.t.engine.forms.register('api-report', REPORT_FORM);
    await h.t.engine.deploy(CASE_FLOW);
    await h.t.engine.deploy(SIMPLE);
    const ref = (x: Awaited<ReturnType<typeof startCase>>) => ({
      id: x.instance._id,
      caseNo: x.instance.caseNo!,
    });
    const ca = await startCase(h, 'wangwei', { definitionKey: 'apicase', gridUnit: GRID1 });
    a = ref(ca);
    b = ref(await startCase(h, 'lina', { definitionKey: 'apisimple', gridUnit: GRID2 }));
    h.t.clock.advance(60_000);
    c = ref(await startCase(h, 'admin', { definitionKey: 'apicase', gridUnit: BINHE_GRID }));
    h.t.clock.advance(60_000);
    d = ref(await startCase(h, 'wangwei', { definitionKey: 'apisimple', gridUnit: GRID1 }));
    // B is handled and closed
    const bt = (await h.t.engine.openTasksOfCase(b.id))[0];
    expect((await h.post('lina', `/api/tasks/${bt._id}/claim`)).status).to.equal(200);
    const done = await h.post('lina', `/api/tasks/${bt._id}/complete`, { data: {} });
    expect(done.status, JSON.stringify(done.body)).to.be.oneOf([200, 202]);
    await waitFor(async () => (await h.t.engine.waitForIdle(b.id)).status === 'completed', 'B closed');
    // A's time limit runs out: it climbs to the community; C (same limit, started later) is past due too
    h.t.clock.set(ca.task.dueAt! + 5 * 60_000);
    await fireUntil(h, a.id, (s) => Object.values(s.tasks).some((t) => t.level === 'community'));
    await h.t.engine.waitForIdle(c.id);
  });
  after(() => h.close());

  it('shows a grid worker only the cases of their grid, a supervisor their subtree, the district all', async () => {
    expect(await ids('wangwei')).to.deep.equal(sorted(a, d));
    expect(await ids('lina')).to.deep.equal(sorted(b));
    expect(await ids('chenmin')).to.deep.equal(sorted(a, b, d));
    expect(await ids('zhengbo')).to.deep.equal(sorted(c));
    expect(await ids('yangfan')).to.deep.equal(sorted(a, b, c, d));
    // a unit filter narrows within the jurisdiction, never widens it
    expect(await ids('chenmin', `?unit=${GRID1}`)).to.deep.equal(sorted(a, d));
    expect(await ids('wangwei', `?unit=${DISTRICT}`)).to.deep.equal(sorted(a, d));
    expect(await ids('wangwei', `?unit=${BINHE_GRID}`)).to.deep.equal([]);
  });

  it('filters overdue now like the 当前超期 card of the dashboard', async () => {
    const overdue = await list('yangfan', '?overdue=1');
    expect(overdue.items.map((i) => i.id).sort()).to.deep.equal(sorted(a, c));
    expect(overdue.items.every((i) => i.overdueNow)).to.equal(true);
    // the same count as the card (one open task per case here)
    const stats = await h.get('yangfan', `/api/stats?unit=${DISTRICT}`);
    expect(stats.body.overdueNow).to.equal(overdue.total);
    expect(await ids('chenmin', '?overdue=1')).to.deep.equal(sorted(a));
    expect(await ids('yangfan', '?overdue=0')).to.deep.equal(sorted(d));
  });

  it('filters by status group, escalation, level, process, reporter and dates', async () => {
    expect(await ids('yangfan', '?status=closed')).to.deep.equal(sorted(b));
    expect(await ids('yangfan', '?status=open')).to.deep.equal(sorted(a, c, d));
    expect(await ids('yangfan', '?status=cancelled')).to.deep.equal([]);
    expect(await ids('yangfan', '?status=incident')).to.deep.equal([]);
    expect(await ids('yangfan', '?escalated=1')).to.deep.equal(sorted(a, c));
    expect(await ids('yangfan', '?escalated=0')).to.deep.equal(sorted(b, d));
    const esc = (await list('chenmin', '?escalated=1')).items[0];
    expect(esc).to.include({ id: a.id, escalated: true });
    expect(esc.openLevels).to.deep.equal(['community']);
    expect(await ids('yangfan', '?level=community')).to.deep.equal(sorted(a, c));
    expect(await ids('yangfan', '?level=grid')).to.deep.equal(sorted(d));
    expect(await ids('yangfan', '?definitionKey=apisimple')).to.deep.equal(sorted(b, d));
    expect(await ids('yangfan', '?reporter=lina')).to.deep.equal(sorted(b));
    expect(await ids('yangfan', '?reportedFrom=2026-03-02&reportedTo=2026-03-02')).to.have.length(4);
    expect(await ids('yangfan', '?reportedFrom=2026-03-03')).to.deep.equal([]);
    expect(await ids('yangfan', '?closedFrom=2026-03-02&closedTo=2026-03-02')).to.deep.equal(sorted(b));
    expect(await ids('yangfan', '?dueFrom=2026-03-09&dueTo=2026-03-09')).to.deep.equal(sorted(a, c));
    expect(await ids('yangfan', '?dueTo=2026-03-08')).to.deep.equal([]);
    expect(await ids('yangfan', '?listed=1')).to.deep.equal([]);
  });

  it('refuses bad filters with 400 naming the parameter', async () => {
    for (const [q, path] of [
      ['status=bogus', '/status'],
      ['sort=title', '/sort'],
      ['overdue=maybe', '/overdue'],
      ['reportedFrom=yesterday', '/reportedFrom'],
      ['reporter=a%20b', '/reporter'],
    ]) {
      const res = await h.get('yangfan', `/api/instances?${q}`);
      expect(res.status, q).to.equal(400);
      expect(res.body.error.details[0].path, q).to.equal(path);
    }
  });

  it('finds a case by words of its title (Chinese), by number prefix, only inside the jurisdiction', async () => {
    expect(await ids('yangfan', `?q=${encodeURIComponent('测试案件')}`)).to.deep.equal(sorted(a, c));
    expect(await ids('wangwei', `?q=${encodeURIComponent('测试')}`)).to.deep.equal(sorted(a));
    expect(await ids('yangfan', `?q=${encodeURIComponent('简单流程')}`)).to.deep.equal(sorted(b, d));
    expect(await ids('yangfan', `?q=${encodeURIComponent('测案')}`)).to.deep.equal([]);
    expect(await ids('yangfan', `?q=${a.caseNo}`)).to.deep.equal([a.id]);
    expect(await ids('wangwei', `?q=${c.caseNo}`)).to.deep.equal([]);
  });

  it('sorts and pages', async () => {
    const asc = await list('yangfan', '?sort=caseNo&pageSize=2');
    expect(asc.total).to.equal(4);
    const page2 = await list('yangfan', '?sort=caseNo&pageSize=2&page=2');
    const all = [...asc.items, ...page2.items].map((i) => i.caseNo);
    expect(all).to.deep.equal([a, b, c, d].map((x) => x.caseNo).sort());
    const newest = await list('yangfan', '?sort=-startedAt&pageSize=1');
    expect(newest.items[0].id).to.equal(d.id);
    const order = async (q: string) => (await list('yangfan', q)).items.map((i) => i.id);
    expect(await order('?status=open&sort=startedAt')).to.deep.equal([a.id, c.id, d.id]);
    expect(await order('?status=open&sort=-startedAt')).to.deep.equal([d.id, c.id, a.id]);
    type Due = { dueAt: number | null };
    const due = (await list('yangfan', '?sort=dueAt&overdue=1')).items as unknown as Due[];
    expect(due.map((i) => i.dueAt)).to.deep.equal(due.map((i) => i.dueAt).sort());
  });

  it('pages an export by keyset: every case once, in order, across ties and missing values', async () => {
    const all = (await h.t.engine.store.collection('instances').find({})).map((x) => x._id).sort();
    for (const field of CASE_SORTS)
      for (const dir of [1, -1] as const) {
        const rows: InstanceState[] = [];
        for await (const page of h.t.engine.caseSearch.pages(ADMIN_VIEWER, {}, { field, dir }, 100, 0, 1))
          rows.push(...page);
        const what = `${field} ${dir}`;
        expect(rows.map((r) => r._id).sort(), what).to.deep.equal(all);
        // a missing value sorts below every value
        const key = (r: InstanceState) =>
          (r as unknown as Record<string, number | string | undefined>)[field];
        for (let i = 1; i < rows.length; i++) {
          const [a, b] = [key(rows[i - 1]), key(rows[i])];
          const cmp = a === b ? 0 : a === undefined ? -1 : b === undefined ? 1 : a < b ? -1 : 1;
          expect(cmp * dir, `${what} at ${i}`).to.be.at.most(0);
        }
      }
    // and the capped export stops at the cap
    let n = 0;
    for await (const page of h.t.engine.caseSearch.pages(
      ADMIN_VIEWER,
      {},
      { field: 'startedAt', dir: -1 },
      3,
      0,
      2,
    ))
      n += page.length;
    expect(n).to.equal(3);
  });

  it('shows handling time in working hours and in calendar hours', async () => {
    const closed = (await list('yangfan', '?status=closed')).items[0];
    expect(closed.handling.calendarHours).to.be.a('number');
    expect(closed.handling.workingHours).to.be.at.most(closed.handling.calendarHours);
    const open = (await list('yangfan', `?q=${a.caseNo}`)).items[0];
    // Mon 09:00 to Thu 09:05: 72 h on the wall clock, three working days of 7 h (09:00-12:00, 13:00-17:00)
    expect(open.handling.calendarHours).to.be.closeTo(72.1, 0.05);
    expect(open.handling.workingHours).to.be.closeTo(21.1, 0.05);
  });

  it('lists cases with a pending 督办单', async () => {
    const order = await h.post('chenmin', `/api/instances/${a.id}/supervision-orders`, {
      kind: 'duban',
      to: GRID1,
      content: '请尽快处置',
      replySla: 'P1D',
    });
    expect(order.status, JSON.stringify(order.body)).to.equal(201);
    expect(await ids('chenmin', '?orderPending=1')).to.deep.equal(sorted(a));
    expect(await ids('zhengbo', '?orderPending=1')).to.deep.equal([]);
  });

  it('exports the filtered list as .xlsx with a title row, Chinese headers and the cases', async () => {
    const res = await h
      .http()
      .get(`/api/instances/export?format=xlsx&overdue=1&unit=${MINGTIAN}`)
      .set('Authorization', `Bearer ${await h.token('chenmin')}`)
      .buffer(true)
      .parse(binary);
    expect(res.status).to.equal(200);
    expect(res.headers['content-type']).to.equal(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(res.headers['content-disposition']).to.match(/attachment; filename=".*\.xlsx"/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as ArrayBuffer);
    const ws = wb.worksheets[0];
    const title = String(ws.getRow(1).getCell(1).value);
    expect(title)
      .to.include('案件列表')
      .and.include('明天社区')
      .and.include('导出时间')
      .and.include('共 1 条');
    const headers = (ws.getRow(2).values as unknown[]).slice(1);
    expect(headers.slice(0, 4)).to.deep.equal(['案件编号', '标题', '流程', '状态']);
    expect(headers).to.include.members(['办理时长（工作小时）', '办理时长（日历小时）']);
    expect(ws.rowCount).to.equal(3);
    const row = ws.getRow(3);
    expect(row.getCell(1).value).to.equal(a.caseNo);
    expect(row.getCell(4).value).to.equal('办理中');
    // reported Mon 2026-03-02 09:00 Shanghai, a date cell shown in the business time zone
    const reported = row.getCell(headers.indexOf('上报时间') + 1);
    expect(reported.value).to.be.instanceOf(Date);
    expect((reported.value as Date).toISOString()).to.equal('2026-03-02T09:00:00.000Z');
    expect(reported.numFmt).to.equal('yyyy-mm-dd hh:mm');
    expect(row.getCell(headers.indexOf('当前超期') + 1).value).to.equal('是');
  });

  it('exports CSV with a byte-order mark, only within the jurisdiction', async () => {
    const res = await h
      .http()
      .get('/api/instances/export?format=csv')
      .set('Authorization', `Bearer ${await h.token('wangwei')}`)
      .buffer(true)
      .parse(binary);
    expect(res.status).to.equal(200);
    expect(res.headers['content-type']).to.match(/^text\/csv; charset=utf-8/);
    const buf = res.body as Buffer;
    expect([...buf.subarray(0, 3)]).to.deep.equal([0xef, 0xbb, 0xbf]);
    const lines = buf.toString('utf8').slice(1).trim().split('\r\n');
    expect(lines[0].split(',').slice(0, 2)).to.deep.equal(['案件编号', '标题']);
    expect(lines).to.have.length(3);
    const nos = lines.slice(1).map((l) => l.split(',')[0]);
    expect(nos.sort()).to.deep.equal([a.caseNo, d.caseNo].sort());
    expect(buf.toString('utf8')).to.not.include(c.caseNo);
    const en = await h.get('wangwei', '/api/instances/export?format=csv&lang=en');
    expect(en.text.slice(1).split('\r\n')[0]).to.match(/^Case no\.,Title,/);
    expect((await h.get('wangwei', '/api/instances/export?format=pdf')).status).to.equal(400);
    expect((await h.get(null, '/api/instances/export')).status).to.equal(401);
  });

  it("exports the dashboard's per-unit table", async () => {
    const res = await h
      .http()
      .get(`/api/stats/export?unit=${DISTRICT}`)
      .set('Authorization', `Bearer ${await h.token('yangfan')}`)
      .buffer(true)
      .parse(binary);
    expect(res.status).to.equal(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(String(ws.getRow(1).getCell(1).value))
      .to.include('考核统计')
      .and.include('临江区');
    expect(ws.getRow(2).getCell(1).value).to.equal('单位');
    expect((ws.getRow(2).values as unknown[]).slice(-2)).to.deep.equal([
      '任务平均办理（日历小时）',
      '案件平均办理（日历小时）',
    ]);
    const names = [3, 4, 5].map((r) => String(ws.getRow(r).getCell(1).value));
    expect(names).to.deep.equal(['莘亭街道', '江滨街道', '临江区（合计）']);
    const overdueCol = (ws.getRow(2).values as unknown[]).indexOf('当前超期');
    expect(ws.getRow(5).getCell(overdueCol).value).to.equal(2);
    expect((await h.get('wangwei', `/api/stats/export?unit=${BINHE_GRID}`)).status).to.equal(404);
  });

  it('keeps saved filters per user', async () => {
    const put = await h.put('chenmin', '/api/saved-filters', { name: '超期案件', query: 'overdue=1' });
    expect(put.status, JSON.stringify(put.body)).to.equal(200);
    const again = await h.put('chenmin', '/api/saved-filters', {
      name: '超期案件',
      query: 'overdue=1&level=grid',
    });
    expect(again.body.id).to.equal(put.body.id);
    await h.put('chenmin', '/api/saved-filters', { name: '已结案', query: 'status=closed' });
    const mine = await h.get('chenmin', '/api/saved-filters');
    expect(mine.body.items.map((f: { name: string; query: string }) => [f.name, f.query])).to.deep.equal([
      ['已结案', 'status=closed'],
      ['超期案件', 'overdue=1&level=grid'],
    ]);
    expect((await h.get('wangwei', '/api/saved-filters')).body.items).to.deep.equal([]);
    expect((await h.del('wangwei', `/api/saved-filters/${put.body.id}`)).status).to.equal(404);
    expect((await h.del('chenmin', `/api/saved-filters/${put.body.id}`)).status).to.equal(204);
    expect((await h.get('chenmin', '/api/saved-filters')).body.items).to.have.length(1);
    expect((await h.put('chenmin', '/api/saved-filters', { name: '', query: 'x' })).status).to.equal(400);
    // the same name saved twice at once: one filter, no error
    const both = await Promise.all(
      ['a=1', 'a=2'].map((query) => h.put('lina', '/api/saved-filters', { name: '同时', query })),
    );
    expect(both.map((r) => r.status)).to.deep.equal([200, 200]);
    expect((await h.get('lina', '/api/saved-filters')).body.items).to.have.length(1);
    // at most 50 per user: the 51st is refused with a code, replacing one by name still works
    for (let i = (await h.get('chenmin', '/api/saved-filters')).body.items.length; i < 50; i++)
      expect(
        (await h.put('chenmin', '/api/saved-filters', { name: `f${i}`, query: `q=${i}` })).status,
      ).to.equal(200);
    const over = await h.put('chenmin', '/api/saved-filters', { name: 'one more', query: 'x=1' });
    expect(over.status).to.equal(409);
    expect(over.body.error).to.include({ code: 'saved-filters.limit' });
    expect((await h.put('chenmin', '/api/saved-filters', { name: 'f10', query: 'q=x' })).status).to.equal(
      200,
    );
  });

  it('gives cases written before the case-list fields their fields (backfill)', async () => {
    const store = h.t.engine.store;
    const instances = store.collection('instances');
    await instances.updateOne(
      { _id: a.id },
      { $unset: { breachAt: true, dueAt: true, escalated: true, openLevels: true, searchTerms: true } },
    );
    await store.collection('meta').deleteMany({ _id: 'caseIndexBackfilled' });
    expect(await ids('yangfan', '?escalated=1')).to.deep.equal(sorted(c));
    expect(await backfillCaseIndex(store)).to.equal(1);
    expect(await ids('yangfan', '?escalated=1')).to.deep.equal(sorted(a, c));
    expect(await ids('yangfan', '?overdue=1')).to.deep.equal(sorted(a, c));
    expect(await backfillCaseIndex(store)).to.equal(0);
  });
});
