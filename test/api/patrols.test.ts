// 巡查日志 over real HTTP (manual clock): a grid worker starts a patrol, sends track points (consent, batch
// size, spacing), a photo, reports a problem as a case from the patrol and ends it; heads see their
// subtree's patrols, others nothing; a patrol left open is closed at the end of its day, counted to the last
// sign of life; the patrol time becomes the person figures a scheme scores.
import { expect } from 'chai';
import sharp from 'sharp';
import { GRID1, GRID2, MINGTIAN, MONDAY_9AM } from '../helpers/engine.js';
import { harness, type Harness } from './helpers.js';
import { SIMPLE } from './fixtures.js';

const MIN = 60_000;

describe('API: 巡查日志 (patrols)', () => {
  let h: Harness;
  before(async () => {
    h = await harness();
    await h.t.engine.deploy(SIMPLE);
  });
  after(() => h.close());

  const photo = () =>
    sharp({ create: { width: 64, height: 48, channels: 3, background: '#3a6' } })
      .jpeg()
      .toBuffer();
  const upload = async (user: string, id: string, requestId = 'r1') =>
    h
      .http()
      .post(`/api/patrols/${id}/photos`)
      .set('Authorization', `Bearer ${await h.token(user)}`)
      .field('requestId', requestId)
      .attach('file', await photo(), { filename: 'p.jpg', contentType: 'image/jpeg' });

  let wangPatrol: string;
  let linaPatrol: string;

  it('starts one patrol at a time, at a unit of the worker', async () => {
    expect(h.t.clock.now()).to.equal(MONDAY_9AM);
    const res = await h.post('wangwei', '/api/patrols', { unit: GRID1, consent: true, notes: '早巡' });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    expect(res.body).to.include({
      worker: 'wangwei',
      unit: GRID1,
      status: 'open',
      day: '2026-03-02',
      consent: true,
    });
    expect(res.body.unitPath).to.include(MINGTIAN);
    wangPatrol = res.body.id;
    const again = await h.post('wangwei', '/api/patrols', { unit: GRID1, consent: true });
    expect([again.status, again.body.error.code, again.body.error.params?.patrolId]).to.deep.equal([
      409,
      'patrol.already-open',
      wangPatrol,
    ]);
    const notHis = await h.post('wangwei', '/api/patrols', { unit: GRID2, consent: true });
    expect([notHis.status, notHis.body.error.code]).to.deep.equal([400, 'patrol.not-your-unit']);
    expect((await h.post('wangwei', '/api/patrols', { unit: GRID1 })).status).to.equal(400);
    expect((await h.get('wangwei', '/api/patrols/current')).body.patrol.id).to.equal(wangPatrol);
    const lina = await h.post('lina', '/api/patrols', { consent: false });
    expect(lina.status).to.equal(201);
    expect(lina.body.unit).to.equal(GRID2);
    linaPatrol = lina.body.id;
  });

  it('keeps track points only with consent, within the patrol, spaced, in bounded batches', async () => {
    const t0 = h.t.clock.now();
    h.t.clock.advance(5 * MIN);
    const pt = (dt: number) => ({ at: t0 + dt, lat: 31.1 + dt / 1e9, lng: 121.4 });
    const res = await h.post('wangwei', `/api/patrols/${wangPatrol}/points`, {
      // before the start, two kept (1 min apart), one 3 s after the last (dropped)
      points: [pt(-MIN), pt(MIN), pt(2 * MIN), pt(2 * MIN + 3000)],
    });
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    expect(res.body).to.deep.equal({ kept: 2, dropped: 2 });
    // the same batch again adds nothing
    expect(
      (await h.post('wangwei', `/api/patrols/${wangPatrol}/points`, { points: [pt(MIN)] })).body,
    ).to.deep.equal({ kept: 0, dropped: 1 });
    const big = await h.post('wangwei', `/api/patrols/${wangPatrol}/points`, {
      points: Array.from({ length: 51 }, (_, i) => pt(3 * MIN + i * 20_000)),
    });
    expect(big.status).to.equal(400);
    const bad = await h.post('wangwei', `/api/patrols/${wangPatrol}/points`, {
      points: [{ at: t0, lat: 91, lng: 0 }],
    });
    expect(bad.status).to.equal(400);
    const noConsent = await h.post('lina', `/api/patrols/${linaPatrol}/points`, { points: [pt(MIN)] });
    expect([noConsent.status, noConsent.body.error.code]).to.deep.equal([409, 'patrol.no-consent']);
    const notHers = await h.post('lina', `/api/patrols/${wangPatrol}/points`, { points: [pt(MIN)] });
    expect([notHers.status, notHers.body.error.code]).to.deep.equal([404, 'patrol.not-found']);
    const detail = await h.get('chenmin', `/api/patrols/${wangPatrol}`);
    expect(detail.body.track.map((p: { at: number }) => p.at - t0)).to.deep.equal([MIN, 2 * MIN]);
    expect(detail.body.pointCount).to.equal(2);
  });

  it('takes photos, seen by whoever sees the patrol', async () => {
    const res = await upload('wangwei', wangPatrol);
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    const again = await upload('wangwei', wangPatrol);
    expect(again.body.id).to.equal(res.body.id);
    const p = await h.get('wangwei', `/api/patrols/${wangPatrol}`);
    expect(p.body.photos.map((x: { id: string }) => x.id)).to.deep.equal([res.body.id]);
    expect((await h.get('chenmin', `/api/attachments/${res.body.id}/thumbnail`)).status).to.equal(200);
    expect((await h.get('lina', `/api/attachments/${res.body.id}`)).status).to.equal(404);
    expect((await h.get('zhengbo', `/api/attachments/${res.body.id}`)).status).to.equal(404);
    expect((await upload('lina', wangPatrol)).status).to.equal(404);
    // lina's photo half an hour in: her last sign of life on the patrol
    h.t.clock.set(MONDAY_9AM + 30 * MIN);
    expect((await upload('lina', linaPatrol, 'l1')).status).to.equal(201);
  });

  it('records cases reported from the patrol on it', async () => {
    const report = (user: string, draftId: string, gridUnit: string, patrolId: string) =>
      h.post(user, '/api/reports', {
        draftId,
        definitionKey: 'apisimple',
        gridUnit,
        variables: {},
        patrolId,
      });
    const res = await report('wangwei', 'd-1', GRID1, wangPatrol);
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    const lina = await report('lina', 'd-2', GRID2, linaPatrol);
    expect(lina.status).to.equal(201);
    const notHers = await report('lina', 'd-3', GRID2, wangPatrol);
    expect([notHers.status, notHers.body.error.code]).to.deep.equal([404, 'patrol.not-found']);
    expect((await h.get('wangwei', `/api/patrols/${wangPatrol}`)).body.cases).to.deep.equal([res.body.id]);
  });

  it('ends a patrol once; its time counts to the end', async () => {
    h.t.clock.set(MONDAY_9AM + 90 * MIN);
    const res = await h.post('wangwei', `/api/patrols/${wangPatrol}/end`, { notes: '无异常' });
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    expect(res.body).to.include({ status: 'ended', endedBy: 'worker', countedMs: 90 * MIN, notes: '无异常' });
    const again = await h.post('wangwei', `/api/patrols/${wangPatrol}/end`, {});
    expect([again.status, again.body.error.code]).to.deep.equal([409, 'patrol.not-open']);
    expect(
      (
        await h.post('wangwei', `/api/patrols/${wangPatrol}/points`, {
          points: [{ at: h.t.clock.now(), lat: 31, lng: 121 }],
        })
      ).body.error.code,
    ).to.equal('patrol.not-open');
  });

  it('lists the patrols of a head’s subtree, a worker’s own, nothing outside', async () => {
    const keys = (res: { body: { items: Array<{ id: string }> } }) => res.body.items.map((p) => p.id).sort();
    expect(keys(await h.get('chenmin', '/api/patrols'))).to.deep.equal([wangPatrol, linaPatrol].sort());
    expect(keys(await h.get('liuyang', `/api/patrols?unit=${GRID1}`))).to.deep.equal([wangPatrol]);
    expect(keys(await h.get('chenmin', '/api/patrols?status=open'))).to.deep.equal([linaPatrol]);
    expect((await h.get('zhengbo', '/api/patrols')).body.items).to.deep.equal([]);
    expect((await h.get('zhengbo', `/api/patrols?unit=${GRID1}`)).status).to.equal(404);
    expect(keys(await h.get('lina', '/api/patrols'))).to.deep.equal([linaPatrol]);
    expect((await h.get('lina', '/api/patrols?worker=wangwei')).status).to.equal(404);
    expect((await h.get('lina', `/api/patrols/${wangPatrol}`)).status).to.equal(404);
    const page = await h.get('chenmin', '/api/patrols?pageSize=1');
    expect([page.body.items.length, page.body.total]).to.deep.equal([1, 2]);
  });

  it('closes a patrol left open at the end of its day, counted to the last sign of life', async () => {
    // still Monday: nothing to close
    expect(await h.t.engine.patrols.closeStale()).to.equal(0);
    h.t.clock.set(MONDAY_9AM + 24 * 60 * MIN); // Tuesday 09:00
    expect(await h.t.engine.patrols.closeStale()).to.equal(1);
    const p = (await h.get('lina', `/api/patrols/${linaPatrol}`)).body;
    expect(p).to.include({ status: 'ended', endedBy: 'auto', countedMs: 30 * MIN });
    expect(p.endedAt).to.equal(Date.parse('2026-03-03T00:00:00+08:00'));
    expect(await h.t.engine.patrols.closeStale()).to.equal(0);
    expect((await h.get('lina', '/api/patrols/current')).body.patrol).to.equal(null);
  });

  it('scores the patrol time per person: hours, days of at least 1 h, hours per working day, missed days', async () => {
    const res = await h.get('chenmin', `/api/assessment?unit=${MINGTIAN}&period=2026-03&by=person`);
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    const rows = Object.fromEntries(
      (res.body.rows as Array<{ key: string; figures: Record<string, number | null> }>).map((r) => [
        r.key,
        r.figures,
      ]),
    );
    // two working days have begun (Mon, Tue): wangwei 1.5 h on Monday, lina 0.5 h
    expect(rows.wangwei).to.include({
      patrolHours: 1.5,
      patrolDays: 1,
      dailyPatrolHours: 0.8,
      missedPatrolDays: 1,
    });
    expect(rows.lina).to.include({
      patrolHours: 0.5,
      patrolDays: 0,
      dailyPatrolHours: 0.3,
      missedPatrolDays: 2,
    });
  });
});
