// 退单 (return and re-dispatch), 延期申请 (extension) and 挂账 (backlog) through the API, on the manual clock:
// windows, who decides, exactly-once approval, jurisdiction (404 outside), and what the figures count.
import { expect } from 'chai';
import type { TaskDoc } from '../../engine/queue/outbox.js';
import { DISTRICT, GRID1, GRID2, STREET_XT } from '../helpers/engine.js';
import { fireUntil, harness, startCase, waitFor, type Harness } from './helpers.js';
import { flow, processXml } from './fixtures.js';
import { assessFromHistory } from '../../engine/stats/from-history.js';
import { STATS_MARKER } from '../../engine/stats/backfill.js';

const H = 3_600_000;
const D = 24 * H;

/** a grid task with a 3-working-day SLA (no ladder: overdue stays at the grid) */
const HANDLE = processXml(
  'xhandle',
  `<bpmn:startEvent id="s"/>${flow('f0', 's', 'work')}
   <bpmn:userTask id="work" name="处置" grid:level="grid" grid:candidateRoles="handler" grid:sla="P3D" grid:calendar="workday" grid:warnAt="0.8"/>
   ${flow('f1', 'work', 'e')}<bpmn:endEvent id="e"/>`,
  '',
  '延期测试',
);

/** a department task at the street (派出所), 5 working days */
const DEPT = processXml(
  'xdept',
  `<bpmn:startEvent id="s"/>${flow('f0', 's', 'dept')}
   <bpmn:userTask id="dept" name="部门处置" grid:level="street" grid:candidateRoles="police" grid:sla="P5D" grid:calendar="workday"/>
   ${flow('f1', 'dept', 'e')}<bpmn:endEvent id="e"/>`,
  '',
  '退单测试',
);

describe('API: 退单, 延期申请 and 挂账', () => {
  let h: Harness;
  before(async () => {
    h = await harness();
    await h.t.engine.deploy(HANDLE);
    await h.t.engine.deploy(DEPT);
  });
  after(() => h.close());

  const task = async (id: string) => (await h.t.engine.getTask(id))!;
  const stats = async (user: string, unit: string) => {
    const res = await h.get(user, `/api/stats?unit=${unit}&from=2026-03-01`);
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    return res.body;
  };
  const iso = (t: number) => new Date(t).toISOString();

  describe('退单', () => {
    it('returns within the window to the dispatcher, who re-dispatches; the same unit again needs its supervisor', async () => {
      const { instance, task: t } = await startCase(h, 'wangwei', {
        definitionKey: 'xdept',
        gridUnit: GRID1,
      });
      expect(t).to.include({ unit: STREET_XT });
      expect(t.candidateRoles).to.deep.equal(['police']);
      h.t.clock.advance(D); // Tue 09:00: inside 2 working days
      // a reason is required
      const bare = await h.post('xuqiang', `/api/tasks/${t._id}/return`, { reason: ' ' });
      expect(bare.status).to.equal(400);
      expect(bare.body.error.details[0].path).to.equal('/reason');
      // another street's people do not see it
      expect(
        (await h.post('zhengbo', `/api/tasks/${t._id}/return`, { reason: '不是我们的' })).status,
      ).to.equal(404);
      const back = await h.post('xuqiang', `/api/tasks/${t._id}/return`, {
        reason: '非人员密集场所，不属派出所职责',
      });
      expect(back.status, JSON.stringify(back.body)).to.equal(200);
      expect(back.body).to.include({ unit: DISTRICT, status: 'open' });
      expect(back.body.candidateRoles).to.deep.equal(['supervisor']);
      expect(back.body.returned).to.include({ unit: STREET_XT, by: 'xuqiang' });
      expect(back.body).to.not.have.property('dueAt');
      // the dispatcher's supervisors are told
      const told = await waitFor(async () => {
        const n = (await h.get('yangfan', '/api/notifications?pageSize=50')).body.items ?? [];
        return n.find((x: { title: string }) => x.title.startsWith('退单待再派遣'));
      }, 'the dispatcher told');
      expect(told).to.be.ok;
      // the police officer no longer holds it; the district dispatcher does
      expect((await h.post('xuqiang', `/api/tasks/${t._id}/return`, { reason: 'x' })).status).to.equal(404);
      // re-dispatch: only a supervisor of the dispatcher's unit, to a unit on the case's chain
      expect(
        (await h.post('xuqiang', `/api/tasks/${t._id}/dispatch`, { unit: STREET_XT, roles: ['urban'] }))
          .status,
      ).to.equal(404);
      // another street's supervisor: 404; roles nobody holds there: 400 naming the field
      expect(
        (await h.post('zhengbo', `/api/tasks/${t._id}/dispatch`, { unit: STREET_XT, roles: ['urban'] }))
          .status,
      ).to.equal(404);
      const nobody = await h.post('yangfan', `/api/tasks/${t._id}/dispatch`, {
        unit: STREET_XT,
        roles: ['education'],
      });
      expect(nobody.status).to.equal(400);
      expect(nobody.body.error.details[0].path).to.equal('/roles');
      const off = await h.post('yangfan', `/api/tasks/${t._id}/dispatch`, {
        unit: '310117002',
        roles: ['handler'],
      });
      expect(off.status).to.equal(400);
      expect(off.body.error.details[0].path).to.equal('/unit');
      const re = await h.post('yangfan', `/api/tasks/${t._id}/dispatch`, {
        unit: STREET_XT,
        roles: ['urban'],
      });
      expect(re.status, JSON.stringify(re.body)).to.equal(200);
      expect(re.body).to.include({ unit: STREET_XT });
      expect(re.body.candidateRoles).to.deep.equal(['urban']);
      expect(re.body.dueAt).to.equal(h.t.engine.calendar.addDuration(h.t.clock.now(), 'P5D', 'workday'));
      // the 城管 officer sees it in the inbox
      const inbox = await h.get('maojun', '/api/tasks?status=open');
      expect(inbox.body.items.map((x: TaskDoc) => x._id ?? (x as unknown as { id: string }).id)).to.include(
        t._id,
      );
      // sent back to the police a second time, their second return needs the street's supervisor
      await h.post('maojun', `/api/tasks/${t._id}/return`, { reason: '非城管职责' });
      await h.post('yangfan', `/api/tasks/${t._id}/dispatch`, { unit: STREET_XT, roles: ['police'] });
      const again = await h.post('xuqiang', `/api/tasks/${t._id}/return`, { reason: '仍不属派出所' });
      expect(again.status).to.equal(409);
      expect(again.body.error.code).to.equal('return.repeat-needs-supervisor');
      const sup = await h.post('liuyang', `/api/tasks/${t._id}/return`, { reason: '街道确认不属派出所' });
      expect(sup.status, JSON.stringify(sup.body)).to.equal(200);
      const s = await h.t.engine.waitForIdle(instance._id);
      expect(s.returns!.map((r) => [r.unit, r.roles.join(), r.by])).to.deep.equal([
        [STREET_XT, 'police', 'xuqiang'],
        [STREET_XT, 'urban', 'maojun'],
        [STREET_XT, 'police', 'liuyang'],
      ]);
      // in people's words in the case file: the returning unit by its name, with the reason
      const file = await h.get('yangfan', `/api/instances/${instance._id}/history?limit=200`);
      expect(file.status).to.equal(200);
      const sent = file.body.items.filter((x: { action: string }) => x.action === 'task-sent-back');
      expect(sent).to.have.length(3);
      expect(sent[0]).to.include({ unitName: '莘亭街道', actorName: '徐强（莘亭派出所）' });
      expect(sent[0].details).to.include({ reason: '非人员密集场所，不属派出所职责' });
      // counted: 3 returns by the street (退单率 per handling unit); periods are half-open [from, now)
      h.t.clock.advance(60_000);
      const f = await stats('yangfan', DISTRICT);
      expect(f.returns).to.equal(3);
      const street = f.byUnit.find((u: { code: string }) => u.code === STREET_XT);
      expect(street).to.include({ returns: 3, returnRate: 1 });
    });

    it('refuses a return after the window (2 working days from dispatch)', async () => {
      const { task: t } = await startCase(h, 'wangwei', { definitionKey: 'xdept', gridUnit: GRID1 });
      h.t.clock.advance(2 * D + 60_000); // two working days and a minute later
      const late = await h.post('xuqiang', `/api/tasks/${t._id}/return`, { reason: '不属本单位' });
      expect(late.status).to.equal(409);
      expect(late.body.error.code).to.equal('return.window-closed');
      expect((await task(t._id)).returned).to.equal(undefined);
    });
  });

  describe('延期申请', () => {
    it('a supervisor one level up approves; a replayed approval moves the due date once; 按期结案率 before/after', async () => {
      const a = await startCase(h, 'lina', {
        definitionKey: 'xhandle',
        gridUnit: GRID2,
        businessKey: 'EXT-A',
      });
      const b = await startCase(h, 'lina', {
        definitionKey: 'xhandle',
        gridUnit: GRID2,
        businessKey: 'EXT-B',
      });
      await h.post('lina', `/api/tasks/${a.task._id}/claim`);
      const due = a.task.dueAt!;
      const wanted = due + 4 * D;
      // bad input names the field
      const bad = await h.post('lina', `/api/tasks/${a.task._id}/extensions`, {
        reason: '等待鉴定',
        dueAt: 'soon',
      });
      expect(bad.status).to.equal(400);
      expect(bad.body.error.details[0].path).to.equal('/dueAt');
      const early = await h.post('lina', `/api/tasks/${a.task._id}/extensions`, {
        reason: '等待鉴定',
        dueAt: iso(due - H),
      });
      expect(early.status).to.equal(400);
      expect(early.body.error.details[0].path).to.equal('/dueAt');
      // another grid's handler: 404
      expect(
        (await h.post('wujing', `/api/tasks/${a.task._id}/extensions`, { reason: 'x', dueAt: iso(wanted) }))
          .status,
      ).to.equal(404);
      const ask = await h.post('lina', `/api/tasks/${a.task._id}/extensions`, {
        reason: '等待鉴定结果',
        dueAt: iso(wanted),
      });
      expect(ask.status, JSON.stringify(ask.body)).to.equal(200);
      const rid = ask.body.request.id as string;
      expect(ask.body.request).to.include({ kind: 'extension', by: 'lina', dueAt: wanted });
      expect(
        (await h.post('lina', `/api/tasks/${a.task._id}/extensions`, { reason: 'again', dueAt: iso(wanted) }))
          .body.error.code,
      ).to.equal('request.pending');
      // the supervisor's list: chenmin (明天社区, above the grid) sees it; another street's supervisor does not
      const list = await h.get('chenmin', '/api/requests?kind=extension');
      expect(list.body.items.map((x: { request: { id: string } }) => x.request.id)).to.include(rid);
      expect((await h.get('zhengbo', '/api/requests')).body.items).to.deep.equal([]);
      // the holder cannot approve her own request, nor can another street's supervisor
      expect((await h.post('lina', `/api/requests/${rid}/approve`, {})).status).to.equal(404);
      expect((await h.post('zhengbo', `/api/requests/${rid}/approve`, {})).status).to.equal(404);
      expect((await h.post('zhengbo', `/api/requests/${rid}/refuse`, {})).status).to.equal(404);
      expect((await h.post('chenmin', `/api/requests/${a.task._id}~rq999/approve`, {})).status).to.equal(404);
      // the grid's zone has no supervisor: the community's (chenmin) are told
      await waitFor(async () => {
        const n = (await h.get('chenmin', '/api/notifications?pageSize=50')).body.items ?? [];
        return n.find((x: { title: string }) => x.title.startsWith('延期申请'));
      }, 'the approver told');

      // Thu 10:00: both past the original due date; A's request still pending: both count as due and late
      h.t.clock.set(due + H);
      const before = await stats('chenmin', GRID2);
      expect(before).to.include({ due: 2, dueOnTime: 0, overdueNow: 2, extensions: 0 });

      const ok = await h.post('chenmin', `/api/requests/${rid}/approve`, { comment: '同意延期' });
      expect(ok.status, JSON.stringify(ok.body)).to.equal(200);
      expect(ok.body.dueAt).to.equal(wanted);
      expect(ok.body).to.not.have.property('request');
      // replayed: nothing moves twice
      const replay = await h.post('chenmin', `/api/requests/${rid}/approve`, { comment: '同意延期' });
      expect(replay.status).to.equal(200);
      expect(replay.body.dueAt).to.equal(wanted);
      expect((await h.post('chenmin', `/api/requests/${rid}/refuse`, {})).body.error.code).to.equal(
        'request.decided',
      );
      const s = await h.t.engine.waitForIdle(a.instance._id);
      expect(s.tasks[a.task._id].extensions).to.have.length(1);
      expect(Object.values(s.timers).map((x) => x.dueAt)).to.include(wanted);
      expect(
        (await h.t.engine.history(a.instance._id)).filter((x) => x.action === 'extension-approved'),
      ).to.have.length(1);

      h.t.clock.advance(60_000); // periods are half-open: [from, now)
      const mid = await stats('chenmin', GRID2);
      expect(mid).to.include({ due: 1, overdueNow: 1, extensions: 1 });

      // Fri: both done — A inside its extension, B late
      h.t.clock.advance(D);
      await h.post('lina', `/api/tasks/${a.task._id}/complete`, { data: {} });
      await h.post('lina', `/api/tasks/${b.task._id}/complete`, { data: {} });
      await h.t.engine.waitForIdle(a.instance._id);
      await h.t.engine.waitForIdle(b.instance._id);
      h.t.clock.advance(60_000);
      const after = await waitFor(async () => {
        const f = await stats('chenmin', GRID2);
        return f.closed >= 2 ? f : undefined;
      }, 'two closed cases');
      expect(after).to.include({ due: 2, dueOnTime: 1, onTimeRate: 0.5, extensionRate: 0.5 });
    });

    it('two approvals racing: both answered, the due date moved once', async () => {
      const { task: t } = await startCase(h, 'wangwei', { definitionKey: 'xhandle', gridUnit: GRID1 });
      const ask = await h.post('wangwei', `/api/tasks/${t._id}/extensions`, {
        reason: '等待检测报告',
        dueAt: iso(t.dueAt! + 2 * D),
      });
      const rid = ask.body.request.id as string;
      const [x, y] = await Promise.all([
        h.post('chenmin', `/api/requests/${rid}/approve`, {}),
        h.post('liuyang', `/api/requests/${rid}/approve`, {}),
      ]);
      expect([x.status, y.status]).to.deep.equal([200, 200]);
      const s = await h.t.engine.waitForIdle(t.instanceId);
      expect(s.tasks[t._id].extensions).to.have.length(1);
      expect(s.tasks[t._id].dueAt).to.equal(t.dueAt! + 2 * D);
      const approved = (await h.t.engine.history(t.instanceId)).filter(
        (r) => r.action === 'extension-approved',
      );
      expect(approved).to.have.length(1);
    });

    it('a refused extension leaves the due date; no extension after the due date', async () => {
      const { task: t } = await startCase(h, 'wangwei', { definitionKey: 'xhandle', gridUnit: GRID1 });
      await h.post('wangwei', `/api/tasks/${t._id}/claim`);
      // delegated to the community's supervisor: the delegating owner is not the holder and does not ask
      expect((await h.post('wangwei', `/api/tasks/${t._id}/delegate`, { to: 'chenmin' })).status).to.equal(
        200,
      );
      const other = await h.post('wangwei', `/api/tasks/${t._id}/extensions`, {
        reason: '代为申请',
        dueAt: iso(t.dueAt! + D),
      });
      expect(other.status).to.equal(409);
      expect(other.body.error.code).to.equal('task.held-by-other');
      expect((await h.post('chenmin', `/api/tasks/${t._id}/resolve`)).status).to.equal(200);
      const ask = await h.post('wangwei', `/api/tasks/${t._id}/extensions`, {
        reason: '资金未到位',
        dueAt: iso(t.dueAt! + 2 * D),
      });
      const no = await h.post('chenmin', `/api/requests/${ask.body.request.id}/refuse`, {
        comment: '不同意',
      });
      expect(no.status).to.equal(200);
      expect(no.body.dueAt).to.equal(t.dueAt);
      h.t.clock.set(t.dueAt! + 60_000);
      const late = await h.post('wangwei', `/api/tasks/${t._id}/extensions`, {
        reason: '再议',
        dueAt: iso(t.dueAt! + 2 * D),
      });
      expect(late.status).to.equal(409);
      expect(late.body.error.code).to.equal('extension.overdue');
    });

    it('the self-service pause no longer takes an overdue case out of 按期结案率', async () => {
      const { task: t } = await startCase(h, 'zhaolei', {
        definitionKey: 'xhandle',
        gridUnit: '310117001001016',
      });
      await h.post('zhaolei', `/api/tasks/${t._id}/claim`);
      expect(
        (await h.post('zhaolei', `/api/tasks/${t._id}/pause`, { reason: '等待当事人' })).status,
      ).to.equal(200);
      h.t.clock.set(t.dueAt! + H);
      const f = await stats('chenmin', '310117001001016');
      expect(f).to.include({ due: 1, dueOnTime: 0, overdueNow: 1 });
    });
  });

  describe('挂账', () => {
    it('approved at street level, leaves the overdue counts, returns to its holder at the review date', async () => {
      h.t.clock.set(Date.parse('2026-04-07T01:00:00Z')); // Tue 09:00
      const { instance, task: t } = await startCase(h, 'lina', {
        definitionKey: 'xhandle',
        gridUnit: GRID2,
        businessKey: 'BL',
      });
      await h.post('lina', `/api/tasks/${t._id}/claim`);
      const reviewAt = Date.parse('2026-05-06T01:00:00Z');
      // another grid's handler: 404; bad date: 400 naming the field
      expect(
        (
          await h.post('wujing', `/api/instances/${instance._id}/backlog`, {
            reason: 'x',
            reviewAt: iso(reviewAt),
          })
        ).status,
      ).to.equal(404);
      const bad = await h.post('lina', `/api/instances/${instance._id}/backlog`, {
        reason: '等待法院判决',
        reviewAt: iso(h.t.clock.now() - H),
      });
      expect(bad.status).to.equal(400);
      expect(bad.body.error.details[0].path).to.equal('/reviewAt');
      const ask = await h.post('lina', `/api/instances/${instance._id}/backlog`, {
        reason: '等待法院判决',
        reviewAt: iso(reviewAt),
      });
      expect(ask.status, JSON.stringify(ask.body)).to.equal(200);
      const rid = ask.body.request.id as string;
      // the community supervisor is below street level: not theirs to decide, nor in their list
      expect((await h.post('chenmin', `/api/requests/${rid}/approve`, {})).status).to.equal(404);
      expect((await h.get('chenmin', '/api/requests?kind=backlog')).body.items).to.deep.equal([]);
      expect(
        (await h.get('liuyang', '/api/requests?kind=backlog')).body.items.map(
          (x: { request: { id: string } }) => x.request.id,
        ),
      ).to.deep.equal([rid]);
      const ok = await h.post('liuyang', `/api/requests/${rid}/approve`, { comment: '同意挂账' });
      expect(ok.status, JSON.stringify(ok.body)).to.equal(200);
      expect(ok.body.parked).to.include({ reviewAt });
      // pausing and resuming (a marker) does not lift it
      expect((await h.post('lina', `/api/tasks/${t._id}/pause`, { reason: '等待判决' })).status).to.equal(
        200,
      );
      expect((await h.post('lina', `/api/tasks/${t._id}/resume`)).body.parked).to.include({ reviewAt });
      // nor does a new request while parked
      const again = await h.post('lina', `/api/tasks/${t._id}/extensions`, {
        reason: 'x',
        dueAt: iso(reviewAt),
      });
      expect(again.body.error.code).to.equal('case.parked');

      // two weeks on: past its due date, but parked — not overdue, reported as 挂账
      h.t.clock.advance(14 * D);
      await h.t.engine.fireDueTimers();
      const s1 = await h.t.engine.waitForIdle(instance._id);
      expect(s1.tasks[t._id].slaState).to.equal('ontime');
      const f = await stats('liuyang', GRID2);
      expect(f).to.include({ overdueNow: 0, backlogNow: 1, backlogs: 1 });

      // at the review date it comes back with the working time it had left (3 working days)
      h.t.clock.set(reviewAt);
      const s2 = await fireUntil(h, instance._id, (s) => !s.backlog);
      const back = s2.tasks[t._id];
      expect(back.parked).to.equal(undefined);
      expect(back.assignee).to.equal('lina');
      expect(back.dueAt).to.equal(h.t.engine.calendar.addDuration(reviewAt, 'P3D', 'workday'));
      expect(back.assessDueAt).to.equal(back.dueAt);
      const words = (await h.t.engine.history(instance._id)).map((x) => x.action);
      expect(words).to.include.members(['backlog-requested', 'backlog-approved', 'backlog-returned']);
      const after = await stats('liuyang', GRID2);
      expect(after).to.include({ backlogNow: 0 });
    });
  });

  it('documents the routes in the OpenAPI document', async () => {
    const doc = (await h.http().get('/api/openapi.json')).body;
    for (const [path, method] of [
      ['/api/tasks/{id}/return', 'post'],
      ['/api/tasks/{id}/dispatch', 'post'],
      ['/api/tasks/{id}/extensions', 'post'],
      ['/api/instances/{id}/backlog', 'post'],
      ['/api/requests', 'get'],
      ['/api/requests/{id}/approve', 'post'],
      ['/api/requests/{id}/refuse', 'post'],
    ])
      expect(doc.paths[path]?.[method], `${method} ${path}`).to.have.property('summary');
    expect(doc.paths['/api/tasks/{id}/extensions'].post.requestBody).to.be.ok;
  });

  describe('figures', () =>
    it('the figures from the rollups equal those recomputed from the records (退单, 延期, 挂账 included)', async () => {
      h.t.clock.advance(60_000);
      const res = await h.get('admin', `/api/stats?unit=${DISTRICT}&from=2026-03-01`);
      expect(res.status).to.equal(200);
      expect(res.body).to.include({ returns: 3, extensions: 2, backlogs: 1 });
      const org = h.t.engine.org;
      const all = await org.allUnits();
      const children = [];
      for (const c of all.filter((u) => u.parent === DISTRICT).sort((a, b) => a.code.localeCompare(b.code)))
        children.push({ code: c.code, name: c.name, level: c.level, codes: await org.subtree(c.code) });
      const unit = (await org.unit(DISTRICT))!;
      const reference = await assessFromHistory(h.t.engine, {
        unit: { code: unit.code, name: unit.name, level: unit.level },
        codes: await org.subtree(DISTRICT),
        children,
        units: all.map((u) => ({ code: u.code, name: u.name, level: u.level })),
        from: res.body.period.from,
        to: res.body.period.to,
        now: res.body.now,
      });
      expect(res.body).to.deep.equal(JSON.parse(JSON.stringify(reference)));
      // and a rebuild from the records (npm run rebuild-stats on a store without rollups) gives the same
      await h.t.engine.store.collection('statFacts').deleteMany({});
      await h.t.engine.store.collection('statRollups').deleteMany({});
      await h.t.engine.store.collection('meta').deleteMany({ _id: STATS_MARKER });
      await h.t.engine.rebuildStats();
      const rebuilt = await h.get('admin', `/api/stats?unit=${DISTRICT}&from=2026-03-01`);
      expect(rebuilt.body).to.deep.equal(res.body);
    }));
});
