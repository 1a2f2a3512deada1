// 例会签到 over real HTTP (manual clock): a head records a meeting with the people invited, each signs in
// on the day from their own account, heads and attendees list what they may see, and attendance becomes
// the figures a scheme scores (per person) and the meetings held (per unit).
import { expect } from 'chai';
import { GRID1, GRID2, MINGTIAN, STREET_XT } from '../helpers/engine.js';
import { harness, startCase, type Harness } from './helpers.js';
import { SIMPLE } from './fixtures.js';

describe('API: 例会签到 (meetings)', () => {
  let h: Harness;
  let monday: string;
  let tuesday: string;
  before(async () => {
    h = await harness();
    await h.t.engine.deploy(SIMPLE);
    // activity of wangwei and lina in March: their person rows
    await startCase(h, 'wangwei', { definitionKey: 'apisimple', gridUnit: GRID1 });
    await startCase(h, 'lina', { definitionKey: 'apisimple', gridUnit: GRID2 });
  });
  after(() => h.close());

  const record = (user: string, body: Record<string, unknown>) =>
    h.post(user, '/api/meetings', {
      unit: MINGTIAN,
      date: '2026-03-02',
      topic: '周例会',
      attendees: ['wangwei', 'lina', 'zhoujie'],
      ...body,
    });

  it('records a meeting of a unit the caller heads, inviting people of its subtree only', async () => {
    const res = await record('chenmin', {});
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    expect(res.body).to.include({ unit: MINGTIAN, date: '2026-03-02', createdBy: 'chenmin' });
    expect(res.body.signed).to.deep.equal([]);
    monday = res.body.id;
    tuesday = (await record('liuyang', { date: '2026-03-03', attendees: ['wangwei', 'lina'] })).body.id;
    const outsider = await record('chenmin', { attendees: ['wangwei', 'zhengbo'] });
    expect([outsider.status, outsider.body.error.code]).to.deep.equal([400, 'meeting.unknown-attendee']);
    expect(outsider.body.error.params.usernames).to.deep.equal(['zhengbo']);
    expect((await record('zhengbo', {})).status).to.equal(404);
    expect((await record('wangwei', {})).status).to.equal(404);
    expect((await record('chenmin', { date: '2026-02-30' })).status).to.equal(400);
    const candidates = await h.get('chenmin', `/api/meetings/candidates?unit=${MINGTIAN}`);
    expect(candidates.body.items.map((c: { username: string }) => c.username)).to.include.members([
      'wangwei',
      'lina',
      'zhoujie',
      'chenmin',
    ]);
    expect((await h.get('zhengbo', `/api/meetings/candidates?unit=${MINGTIAN}`)).status).to.equal(404);
  });

  it('each invited person signs in on the day, once; others cannot', async () => {
    const res = await h.post('wangwei', `/api/meetings/${monday}/sign-in`);
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    expect(res.body.signed).to.deep.equal(['wangwei']);
    const at = res.body.signedAt.wangwei;
    expect(at).to.equal(h.t.clock.now());
    h.t.clock.advance(60_000);
    const again = await h.post('wangwei', `/api/meetings/${monday}/sign-in`);
    expect(again.body.signedAt.wangwei).to.equal(at);
    expect(again.body.signed).to.deep.equal(['wangwei']);
    const outsider = await h.post('zhengbo', `/api/meetings/${monday}/sign-in`);
    expect([outsider.status, outsider.body.error.code]).to.deep.equal([404, 'meeting.not-invited']);
    const early = await h.post('lina', `/api/meetings/${tuesday}/sign-in`);
    expect([early.status, early.body.error.code]).to.deep.equal([409, 'meeting.not-today']);
    expect((await h.post('lina', '/api/meetings/mnope/sign-in')).status).to.equal(404);
  });

  it('lists a head’s subtree meetings and an attendee’s invitations', async () => {
    const ids = (res: { body: { items: Array<{ id: string }> } }) => res.body.items.map((m) => m.id).sort();
    expect(ids(await h.get('chenmin', '/api/meetings'))).to.deep.equal([monday, tuesday].sort());
    expect(ids(await h.get('wangwei', '/api/meetings'))).to.deep.equal([monday, tuesday].sort());
    expect(ids(await h.get('zhoujie', '/api/meetings'))).to.deep.equal([monday]);
    expect((await h.get('zhengbo', '/api/meetings')).body.items).to.deep.equal([]);
    expect((await h.get('zhengbo', `/api/meetings?unit=${MINGTIAN}`)).status).to.equal(404);
  });

  it('scores attendance per person and meetings held per unit', async () => {
    const people = await h.get('liuyang', `/api/assessment?unit=${MINGTIAN}&period=2026-03&by=person`);
    expect(people.status, JSON.stringify(people.body)).to.equal(200);
    const f = Object.fromEntries(
      (people.body.rows as Array<{ key: string; figures: Record<string, unknown> }>).map((r) => [
        r.key,
        r.figures,
      ]),
    );
    expect(f.wangwei).to.include({ meetingsInvited: 2, meetingsAttended: 1, meetingAttendanceRate: 0.5 });
    expect(f.lina).to.include({ meetingsInvited: 2, meetingsAttended: 0, meetingAttendanceRate: 0 });
    // zhoujie has no case activity in March: a row all the same, scored on the meeting
    expect(f.zhoujie).to.include({ meetingsInvited: 1, meetingsAttended: 0, tasksCompleted: null });
    const units = await h.get('liuyang', `/api/assessment?unit=${STREET_XT}&period=2026-03&by=unit`);
    const held = Object.fromEntries(
      (units.body.rows as Array<{ key: string; figures: Record<string, unknown> }>).map((r) => [
        r.key,
        r.figures.meetingsHeld,
      ]),
    );
    expect(held[MINGTIAN]).to.equal(2);
    expect(held[STREET_XT]).to.equal(0);
    expect(
      (await h.get('liuyang', `/api/assessment?unit=${STREET_XT}&period=2026-02&by=unit`)).body.rows[0]
        .figures.meetingsHeld,
    ).to.equal(0);
  });
});
