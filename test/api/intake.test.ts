// Intake (受理) and location → grid through the API: locating points (inside, on a shared border, outside,
// in a community but in no grid), an operator's registration landing in the right grid's inbox, the public
// page with its challenge and rate limits, 立案 / 并案 (with the suggestion) / 不予受理, the receipt lookup
// revealing nothing personal, the reporter masked for a handler, and jurisdiction (404 outside).
import { expect } from 'chai';
import { GRID1, GRID2, MINGTIAN, STREET_XT } from '../helpers/engine.js';
import { harness, waitFor, type Harness } from './helpers.js';
import { flow, processXml } from './fixtures.js';

/** a grid handler's task: where a dispatched report lands */
const INTAKE_FLOW = processXml(
  'xintake',
  `<bpmn:startEvent id="s"/>${flow('f0', 's', 'work')}
   <bpmn:userTask id="work" name="处置" grid:level="grid" grid:candidateRoles="handler" grid:sla="P3D" grid:calendar="workday"/>
   ${flow('f1', 'work', 'e')}<bpmn:endEvent id="e"/>`,
  '',
  '受理测试',
);

// demo lattice (processes/seed/make-boundaries.mjs): cells of 0.006° lng × 0.005° lat from 111.966, 27.7175
const cell = (c: number, r: number) => ({
  lat: 27.7175 + (r + 0.5) * 0.005,
  lng: 111.966 + (c + 0.5) * 0.006,
});
const IN_GRID1 = cell(0, 0);
/** the border of 明天社区第1网格 (south) and 第2网格 (north) */
const BORDER_1_2 = { lat: 27.7225, lng: 111.969 };
const OUTSIDE = { lat: 27.6, lng: 111.99 };
/** 春晖社区's north-east cell: in the community, in none of its grids */
const CHUNHUI_NO_GRID = cell(5, 1);
const CHUNHUI = '310117001002';
const CHUNHUI_GRID1 = '310117001002001';
/** 滨河社区第1网格 in 江滨街道 */
const BINHE_GRID1 = '310117002001001';

const call = (loc: { lat: number; lng: number }, extra: Record<string, unknown> = {}) => ({
  channel: '12345',
  reporter: { name: '张三丰', phone: '13812341234' },
  category: 'fire',
  description: '楼道堆放杂物堵塞消防通道',
  location: { ...loc, address: '明天路12号' },
  ...extra,
});

/** answers the arithmetic question */
const solve = (q: string) => {
  const m = /^(\d+) ([+−]) (\d+) = \?$/.exec(q);
  if (!m) throw new Error(`unexpected question ${q}`);
  return m[2] === '+' ? Number(m[1]) + Number(m[3]) : Number(m[1]) - Number(m[3]);
};

describe('API: intake and location → grid', () => {
  let h: Harness;
  before(async () => {
    h = await harness(
      { publicReportLimit: { windowMs: 3_600_000, perIp: 7, perPhone: 2 } },
      { config: { intakeProcesses: { fire: 'xintake', dispute: 'xintake' } } },
    );
    await h.t.engine.deploy(INTAKE_FLOW);
  });
  after(() => h.close());

  describe('GET /api/locate', () => {
    it('finds the grid containing a point, with its chain', async () => {
      const res = await h.get('wangwei', `/api/locate?lat=${IN_GRID1.lat}&lng=${IN_GRID1.lng}`);
      expect(res.status, JSON.stringify(res.body)).to.equal(200);
      expect(res.body.grid).to.equal(GRID1);
      expect(res.body.path.map((u: { code: string }) => u.code)).to.include.members([
        GRID1,
        MINGTIAN,
        STREET_XT,
      ]);
      const north = cell(0, 1);
      expect((await h.get('wangwei', `/api/locate?lat=${north.lat}&lng=${north.lng}`)).body.grid).to.equal(
        GRID2,
      );
    });

    it('resolves a point on a shared border to the smallest grid code', async () => {
      const res = await h.get('wangwei', `/api/locate?lat=${BORDER_1_2.lat}&lng=${BORDER_1_2.lng}`);
      expect(res.status).to.equal(200);
      expect(res.body.grid).to.equal(GRID1);
      // the corner shared by four grids (1, 2, 6, 7): still the smallest
      const corner = await h.get('wangwei', `/api/locate?lat=27.7225&lng=111.972`);
      expect(corner.body.grid).to.equal(GRID1);
    });

    it('answers 404 {grid: null} outside every grid, naming the enclosing unit if any', async () => {
      const out = await h.get('wangwei', `/api/locate?lat=${OUTSIDE.lat}&lng=${OUTSIDE.lng}`);
      expect(out.status).to.equal(404);
      expect(out.body).to.include({ grid: null, within: null });
      expect(out.body.error).to.include({ code: 'locate.no-grid', message: 'no grid at this point' });
      const gap = await h.get('wangwei', `/api/locate?lat=${CHUNHUI_NO_GRID.lat}&lng=${CHUNHUI_NO_GRID.lng}`);
      expect(gap.status).to.equal(404);
      expect(gap.body).to.include({ grid: null, within: CHUNHUI });
    });

    it('validates the coordinates and needs a sign-in', async () => {
      const bad = await h.get('wangwei', '/api/locate?lat=95&lng=111.9');
      expect(bad.status).to.equal(400);
      expect(bad.body.error.details[0]).to.include({ code: 'invalid-parameter' });
      expect(bad.body.error.details[0].params).to.deep.equal({
        field: 'lat',
        limit: 90,
        problem: 'field.maximum',
      });
      expect((await h.get(null, `/api/locate?lat=27.72&lng=111.969`)).status).to.equal(401);
    });
  });

  describe('operator registration', () => {
    let instanceId: string;
    it('a 12345 call in a grid starts the case there: it lands in that grid’s inbox', async () => {
      const res = await h.post('sunqing', '/api/intake', call(IN_GRID1));
      expect(res.status, JSON.stringify(res.body)).to.equal(201);
      expect(res.body).to.include({ status: 'accepted', grid: GRID1, channel: '12345', source: 'operator' });
      expect(res.body.receipt).to.match(/^R\d{8}[2-9A-Z]{8}$/);
      instanceId = res.body.instanceId;
      await h.t.engine.waitForIdle(instanceId);
      const inbox = await waitFor(async () => {
        const r = await h.get('wangwei', '/api/tasks');
        return r.body.items.find((t: { instanceId: string }) => t.instanceId === instanceId);
      }, 'the task in 第1网格');
      expect(inbox).to.include({ unit: GRID1, name: '处置' });
      // the handler of the neighbouring grid does not get it
      const other = await h.get('lina', '/api/tasks');
      expect(other.body.items.map((t: { instanceId: string }) => t.instanceId)).not.to.include(instanceId);
      const s = (await h.t.engine.cases.instance(instanceId))!;
      expect(s.variables).to.include({ description: '楼道堆放杂物堵塞消防通道', location: '明天路12号' });
      expect(JSON.stringify(s.variables)).not.to.include('13812341234');
    });

    it('shows the reporter masked to the handler, in full to the operator and the supervisor', async () => {
      const handler = await h.get('wangwei', `/api/instances/${instanceId}/reporter`);
      expect(handler.status).to.equal(200);
      expect(handler.body.reporter).to.deep.equal({ name: '张**', phone: '138****1234' });
      expect(handler.body.masked).to.equal(true);
      const operator = await h.get('sunqing', `/api/instances/${instanceId}/reporter`);
      expect(operator.body.reporter).to.deep.equal({ name: '张三丰', phone: '13812341234' });
      const supervisor = await h.get('chenmin', `/api/instances/${instanceId}/reporter`);
      expect(supervisor.body.reporter.phone).to.equal('13812341234');
      // outside the case: 404, as if it did not exist
      expect((await h.get('lina', `/api/instances/${instanceId}/reporter`)).status).to.equal(404);
      expect((await h.get('qianyu', `/api/instances/${instanceId}/reporter`)).status).to.equal(404);
    });

    it('keeps a call outside the operator’s units, or in no grid, in the queue', async () => {
      // 江滨街道's operator takes a call about 莘亭街道: it waits for the staff there
      const res = await h.post('qianyu', '/api/intake', call(IN_GRID1, { channel: '96119' }));
      expect(res.status).to.equal(201);
      expect(res.body).to.include({ status: 'received', grid: GRID1 });
      expect((await h.get('qianyu', `/api/intake/${res.body.receipt}`)).status).to.equal(404);
      const queue = await h.get('sunqing', '/api/intake');
      expect(queue.body.items.map((e: { receipt: string }) => e.receipt)).to.include(res.body.receipt);
      const gap = await h.post('sunqing', '/api/intake', call(CHUNHUI_NO_GRID, { channel: 'walk-in' }));
      expect(gap.body).to.include({ status: 'received', grid: null });
    });

    it('refuses non-staff (404), unknown categories and bad fields (400 naming the field)', async () => {
      expect((await h.post('wangwei', '/api/intake', call(IN_GRID1))).status).to.equal(404);
      expect((await h.get('wangwei', '/api/intake')).status).to.equal(404);
      const cat = await h.post('sunqing', '/api/intake', call(IN_GRID1, { category: 'noise' }));
      expect(cat.status).to.equal(400);
      expect(cat.body.error.code).to.equal('intake.unknown-category');
      const phone = await h.post(
        'sunqing',
        '/api/intake',
        call(IN_GRID1, { reporter: { name: '李', phone: 'x' } }),
      );
      expect(phone.status).to.equal(400);
      expect(phone.body.error.details[0].path).to.equal('/reporter/phone');
    });
  });

  describe('the public page and the queue', () => {
    const report = async (
      phone: string,
      loc: { lat: number; lng: number },
      answer?: (q: string) => number,
    ) => {
      const ch = await h.get(null, '/api/public/challenge');
      expect(ch.status).to.equal(200);
      const body = {
        ...call(loc, { channel: 'web' }),
        reporter: { name: '王小二', phone },
        challengeId: ch.body.id,
        challengeAnswer: (answer ?? solve)(ch.body.question),
      };
      return { res: await h.post(null, '/api/public/reports', body), body };
    };
    const near = { lat: IN_GRID1.lat + 0.0005, lng: IN_GRID1.lng + 0.0005 }; // ≈ 72 m away
    let first: string;
    let mergeable: string;
    let gapReceipt: string;

    it('checks the challenge server-side, once', async () => {
      const wrong = await report('13900000001', near, (q) => solve(q) + 1);
      expect(wrong.res.status).to.equal(400);
      expect(wrong.res.body.error).to.include({ code: 'challenge.failed' });
      const ok = await report('13900000001', near);
      expect(ok.res.status, JSON.stringify(ok.res.body)).to.equal(201);
      // the upload token opens the report's photo uploads (intake-photos.test.ts)
      expect(ok.res.body).to.have.keys('receipt', 'state', 'uploadToken');
      expect(ok.res.body.state).to.equal('received');
      first = ok.res.body.receipt;
      // the same challenge answered again
      const again = await h.post(null, '/api/public/reports', {
        ...ok.body,
        reporter: { name: '王', phone: '13900000002' },
      });
      expect(again.status).to.equal(400);
      expect(again.body.error.code).to.equal('challenge.failed');
    });

    it('limits reports per phone and per address (429 too-many-reports)', async () => {
      const phone = await report('13900000001', near);
      expect(phone.res.status).to.equal(429);
      expect(phone.res.body.error).to.include({ code: 'too-many-reports' });
      expect(phone.res.body.error.params.limit).to.equal('phone');
      const b = await report('13900000003', near);
      expect(b.res.status).to.equal(201);
      mergeable = b.res.body.receipt;
      const c = await report('13900000004', CHUNHUI_NO_GRID);
      expect(c.res.status).to.equal(201);
      gapReceipt = c.res.body.receipt;
      const d = await report('13900000005', near);
      expect(d.res.status).to.equal(201);
      const ip = await report('13900000006', near);
      expect(ip.res.status).to.equal(429);
      expect(ip.res.body.error.params.limit).to.equal('ip');
    });

    it('suggests the case within 200 m of the same category, and merges (并案)', async () => {
      const res = await h.get('sunqing', `/api/intake/${mergeable}`);
      expect(res.status).to.equal(200);
      expect(res.body.reporter.phone).to.equal('13900000003');
      const [s] = res.body.suggestions;
      expect(s, 'a suggestion').to.exist;
      expect(s.distanceM).to.be.within(50, 100);
      const merged = await h.post('sunqing', `/api/intake/${mergeable}/merge`, { instanceId: s.instanceId });
      expect(merged.status, JSON.stringify(merged.body)).to.equal(200);
      expect(merged.body).to.include({ status: 'merged', instanceId: s.instanceId });
      expect((await h.get(null, `/api/public/reports/${mergeable}`)).body.state).to.equal('merged');
    });

    it('accepts (立案) once, in the located grid or the one chosen for a point in no grid', async () => {
      const a = await h.post('sunqing', `/api/intake/${first}/accept`, {});
      expect(a.status, JSON.stringify(a.body)).to.equal(200);
      expect(a.body).to.include({ status: 'accepted', grid: GRID1 });
      const again = await h.post('sunqing', `/api/intake/${first}/accept`, {});
      expect(again.body.instanceId).to.equal(a.body.instanceId);
      const noGrid = await h.post('sunqing', `/api/intake/${gapReceipt}/accept`, {});
      expect(noGrid.status).to.equal(400);
      expect(noGrid.body.error.code).to.equal('intake.no-grid');
      expect(
        (await h.post('qianyu', `/api/intake/${gapReceipt}/accept`, { gridUnit: BINHE_GRID1 })).status,
      ).to.equal(404);
      const chosen = await h.post('sunqing', `/api/intake/${gapReceipt}/accept`, { gridUnit: CHUNHUI_GRID1 });
      expect(chosen.status, JSON.stringify(chosen.body)).to.equal(200);
      expect(chosen.body.grid).to.equal(CHUNHUI_GRID1);
      const s = await h.t.engine.waitForIdle(chosen.body.instanceId);
      expect(s.gridUnit).to.equal(CHUNHUI_GRID1);
      expect((await h.get(null, `/api/public/reports/${first}`)).body.state).to.equal('accepted');
    });

    it('rejects with a reason; a decided report cannot be decided otherwise', async () => {
      const fresh = await h.post('sunqing', '/api/intake', call(CHUNHUI_NO_GRID));
      const r = fresh.body.receipt;
      expect((await h.post('sunqing', `/api/intake/${r}/reject`, { reason: ' ' })).status).to.equal(400);
      const rej = await h.post('sunqing', `/api/intake/${r}/reject`, { reason: '不属于受理范围' });
      expect(rej.body).to.include({ status: 'rejected', rejectReason: '不属于受理范围' });
      const late = await h.post('sunqing', `/api/intake/${r}/accept`, { gridUnit: CHUNHUI_GRID1 });
      expect(late.status).to.equal(409);
      expect(late.body.error.code).to.equal('intake.already-decided');
      expect((await h.get(null, `/api/public/reports/${r}`)).body).to.deep.equal({
        receipt: r,
        state: 'rejected',
      });
    });

    it('a receipt of a case that ended reads closed', async () => {
      const res = await h.post('sunqing', '/api/intake', call(cell(0, 2), { category: 'dispute' }));
      expect(res.body.status).to.equal('accepted');
      expect((await h.get(null, `/api/public/reports/${res.body.receipt}`)).body.state).to.equal('accepted');
      await h.t.engine.waitForIdle(res.body.instanceId);
      await h.t.engine.cancelInstance(res.body.instanceId, 'sunqing', '重复');
      expect((await h.get(null, `/api/public/reports/${res.body.receipt}`)).body.state).to.equal('closed');
    });

    it('a receipt lookup reveals the state only; unknown receipts are 404', async () => {
      const res = await h.get(null, `/api/public/reports/${first}`);
      expect(res.body).to.have.keys('receipt', 'state');
      expect(JSON.stringify(res.body)).not.to.match(/139|王|明天|lat/);
      expect((await h.get(null, '/api/public/reports/R20260101ZZZZZZZZ')).status).to.equal(404);
      expect((await h.get(null, '/api/public/reports/nope')).status).to.equal(404);
    });
  });
  describe('the map', () => {
    it('draws the cases in reach as points, overdue once past their time limit', async () => {
      const own = await h.get('wangwei', '/api/map/cases');
      expect(own.status).to.equal(200);
      const mine = own.body.items.filter((p: { gridUnit: string }) => p.gridUnit === GRID1);
      expect(mine.length, 'cases of 第1网格').to.be.greaterThan(0);
      expect(mine[0]).to.include({ status: 'active', overdue: false, category: 'fire' });
      expect(own.body.items.every((p: { gridUnit: string }) => p.gridUnit === GRID1)).to.equal(true);
      // the neighbouring grid's handler sees none of them
      const other = await h.get('lina', '/api/map/cases');
      expect(other.body.items).to.deep.equal([]);
      h.t.clock.advance(10 * 24 * 3_600_000);
      const later = await h.get('wangwei', '/api/map/cases?status=open');
      expect(later.body.items.some((p: { overdue: boolean }) => p.overdue)).to.equal(true);
      expect((await h.get('wangwei', `/api/map/cases?unit=${STREET_XT}`)).status).to.equal(404);
    });

    it('gives the boundaries of the caller’s units; the public page gets the grids only', async () => {
      const own = await h.get('wangwei', '/api/map/boundaries');
      expect(own.body.features.map((f: { properties: { code: string } }) => f.properties.code)).to.deep.equal(
        [GRID1],
      );
      const all = await h.get('sunqing', '/api/map/boundaries');
      expect(all.body.features.length).to.be.greaterThan(40);
      const pub = await h.get(null, '/api/public/boundaries');
      expect(pub.status).to.equal(200);
      expect(
        pub.body.features.every((f: { properties: { level: string } }) => f.properties.level === 'grid'),
      ).to.equal(true);
      expect((await h.get(null, '/api/map/boundaries')).status).to.equal(401);
      const cfg = await h.get(null, '/api/ui-config');
      expect(cfg.body).to.include({ mapTileUrl: null });
      expect(cfg.body.categories).to.deep.equal(['fire', 'dispute']);
    });
  });
});
