// The citizen loop after closure through the API, on real Redis and HTTP: a case from intake ends with the
// citizen-reply service task, the reply goes out once through the recording gateway (phone masked
// everywhere but the send) and is in the case history; through the HTTP gateway a failing first answer is
// retried with the same idempotency key and the reply is still recorded once. 回访: 满意 closes the
// visit, 不满意 with a reason reopens the case as a new round under the same case number; 反馈率, 满意率
// and the reopen (counted as 返工) in GET /api/stats equal the figures recomputed from the history.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import ExcelJS from 'exceljs';
import { GRID1, MINGTIAN } from '../helpers/engine.js';
import { harness, waitFor, type Harness } from './helpers.js';
import { flow, processXml } from './fixtures.js';
import { assessFromHistory } from '../../engine/stats/from-history.js';
import type { HistoryRecord } from '../../engine/runtime/types.js';
import { loadConfig } from '../../engine/config.js';
import { DEFAULT_REPLY_TEMPLATE, replyText } from '../../engine/intake/reply-template.js';

/** a grid handler's task, then the reply step the bundled processes end with */
const REPLY_FLOW = processXml(
  'xreply',
  `<bpmn:startEvent id="s"/>${flow('f0', 's', 'work')}
   <bpmn:userTask id="work" name="处置" grid:level="grid" grid:candidateRoles="handler" grid:sla="P3D" grid:calendar="workday"/>
   ${flow('f1', 'work', 'reply')}
   <bpmn:serviceTask id="reply" name="答复反馈人" grid:workerType="citizen-reply"/>
   ${flow('f2', 'reply', 'e')}<bpmn:endEvent id="e"/>`,
  '',
  '反馈测试',
);

const PHONE = '13812341234';
const IN_GRID1 = { lat: 27.7175 + 0.0025, lng: 111.966 + 0.003 };
const call = (description: string) => ({
  channel: '12345',
  reporter: { name: '张三丰', phone: PHONE },
  category: 'fire',
  description,
  location: { ...IN_GRID1, address: '明天路12号' },
});

/** Registers a call (accepted at once in 第1网格) and has the handler complete its task: the case closes. */
async function closedCase(h: Harness, description: string) {
  const reg = await h.post('sunqing', '/api/intake', call(description));
  expect(reg.status, JSON.stringify(reg.body)).to.equal(201);
  const id = reg.body.instanceId as string;
  await h.t.engine.waitForIdle(id);
  const task = await waitFor(async () => (await h.t.engine.openTasksOfCase(id))[0], 'the handler task');
  const done = await h.post('wangwei', `/api/tasks/${task._id}/complete`, { data: {} });
  expect(done.status, JSON.stringify(done.body)).to.equal(200);
  await waitFor(async () => (await h.t.engine.waitForIdle(id)).status === 'completed', 'the case closed');
  return { id, receipt: reg.body.receipt as string };
}

const historyOf = async (h: Harness, id: string) => (await h.t.engine.history(id)) as HistoryRecord[];

describe('API: reply to the reporter and 回访', function () {
  this.timeout(60_000);

  describe('with the recording gateway (no SMS_GATEWAY_URL)', () => {
    let h: Harness;
    let first: { id: string; receipt: string };
    before(async () => {
      h = await harness({}, { config: { intakeProcesses: { fire: 'xreply' }, visitMaxRounds: 2 } });
      await h.t.engine.deploy(REPLY_FLOW);
      first = await closedCase(h, '楼道堆放杂物堵塞');
    });
    after(() => h.close());

    it('sends one SMS with the receipt and the outcome, masked in the outbox, the replies and the history', async () => {
      const out = await waitFor(async () => {
        const r = await h.get('admin', '/api/sms-outbox');
        return r.body.items.length ? r.body : undefined;
      }, 'the recorded SMS');
      expect(out.gateway).to.equal('outbox');
      expect(out.items).to.have.length(1);
      expect(out.items[0].to).to.equal('138****1234');
      expect(out.items[0].text).to.include(first.receipt).and.include('已按规定处理完毕');
      const view = await waitFor(async () => {
        const r = await h.get('sunqing', `/api/instances/${first.id}/visit`);
        return r.body.replies?.[0]?.status === 'sent' ? r.body : undefined;
      }, 'the reply marked sent');
      expect(view.replies[0]).to.include({ receipt: first.receipt, to: '138****1234', counted: true });
      expect(view.visit).to.include({ status: 'due', receipt: first.receipt, round: 1 });
      expect(view.mayRecord).to.equal(true);
      const history = await historyOf(h, first.id);
      const replied = history.filter((r) => r.action === 'citizen-replied');
      expect(replied).to.have.length(1);
      expect(replied[0]!.details).to.include({ to: '138****1234', receipt: first.receipt, counted: true });
      // the full number is nowhere but in the intake record
      expect(JSON.stringify({ view, history, out })).not.to.include(PHONE);
      // a second delivery of the same reply (a redelivered job) sends nothing more
      const replyId = `${first.id}.${first.receipt}`;
      expect(await h.t.engine.replies.deliver(replyId, (i) => h.t.engine.cases.instance(i))).to.equal('sent');
      expect((await h.get('admin', '/api/sms-outbox')).body.items).to.have.length(1);
      expect((await h.get('wangwei', '/api/sms-outbox')).status).to.equal(404);
    });

    it('lists the case in the 回访 queue of intake staff and supervisors, paged; 404 for a handler', async () => {
      const q = await h.get('sunqing', '/api/visits?pageSize=1');
      expect(q.status, JSON.stringify(q.body)).to.equal(200);
      expect(q.body.total).to.equal(1);
      expect(q.body.items[0]).to.include({ instanceId: first.id, status: 'due' });
      expect(q.body.items[0]).not.to.have.property('scope');
      expect((await h.get('chenmin', '/api/visits')).body.total).to.equal(1);
      // intake staff of another street: not in their area
      expect((await h.get('qianyu', '/api/visits')).body.total).to.equal(0);
      expect((await h.get('wangwei', '/api/visits')).status).to.equal(404);
      const bad = await h.get('sunqing', '/api/visits?status=open');
      expect(bad.status).to.equal(400);
    });

    it('records 满意 once: a repeat returns it, a different answer is 409, the queue empties', async () => {
      // the handler sees the case but does not record 回访
      const handler = await h.post('wangwei', `/api/instances/${first.id}/visit`, {
        satisfaction: 'satisfied',
      });
      expect(handler.status).to.equal(403);
      expect(handler.body.error.code).to.equal('visit.not-allowed');
      expect(
        (await h.post('qianyu', `/api/instances/${first.id}/visit`, { satisfaction: 'satisfied' })).status,
      ).to.equal(404);
      // a supervisor of another street: the case is not theirs to see
      expect(
        (await h.post('zhengbo', `/api/instances/${first.id}/visit`, { satisfaction: 'satisfied' })).status,
      ).to.equal(404);
      expect((await h.get('zhengbo', `/api/instances/${first.id}/visit`)).status).to.equal(404);
      expect((await h.get('zhengbo', '/api/visits')).body.total).to.equal(0);
      const bad = await h.post('sunqing', `/api/instances/${first.id}/visit`, { satisfaction: 'happy' });
      expect(bad.status).to.equal(400);
      const body = { satisfaction: 'satisfied', note: '群众表示满意', via: 'phone' };
      const ok = await h.post('sunqing', `/api/instances/${first.id}/visit`, body);
      expect(ok.status, JSON.stringify(ok.body)).to.equal(200);
      expect(ok.body.visit).to.include({ status: 'done', satisfaction: 'satisfied', by: 'sunqing' });
      expect(ok.body.reopenedAs).to.equal(null);
      expect((await h.post('sunqing', `/api/instances/${first.id}/visit`, body)).status).to.equal(200);
      const other = await h.post('sunqing', `/api/instances/${first.id}/visit`, { satisfaction: 'basic' });
      expect(other.status).to.equal(409);
      expect(other.body.error.code).to.equal('visit.already-recorded');
      expect((await h.get('sunqing', '/api/visits')).body.total).to.equal(0);
      expect((await h.get('sunqing', '/api/visits?status=done')).body.total).to.equal(1);
      const visited = (await historyOf(h, first.id)).filter((r) => r.action === 'citizen-visited');
      expect(visited).to.have.length(1);
    });

    it('不满意 with a reason reopens the case: a new round, same case number and receipt, in the grid inbox', async () => {
      const c = await closedCase(h, '楼下商铺夜间噪音扰民');
      const closedNo = (await h.t.engine.cases.instance(c.id))!.caseNo;
      const noReason = await h.post('sunqing', `/api/instances/${c.id}/visit`, {
        satisfaction: 'dissatisfied',
        reopen: true,
      });
      expect(noReason.status).to.equal(400);
      expect(noReason.body.error.code).to.equal('visit.reason-required');
      const notDissatisfied = await h.post('sunqing', `/api/instances/${c.id}/visit`, {
        satisfaction: 'basic',
        note: 'x',
        reopen: true,
      });
      expect(notDissatisfied.body.error.code).to.equal('visit.reopen-needs-dissatisfied');
      const res = await h.post('sunqing', `/api/instances/${c.id}/visit`, {
        satisfaction: 'dissatisfied',
        note: '杂物仍未清理',
        via: 'sms',
        reopen: true,
      });
      expect(res.status, JSON.stringify(res.body)).to.equal(200);
      const next = res.body.reopenedAs as string;
      expect(next).to.equal(`${c.id}r2`);
      const round2 = await h.t.engine.waitForIdle(next);
      expect(round2).to.include({
        status: 'active',
        caseNo: closedNo,
        gridUnit: GRID1,
        businessKey: c.receipt,
      });
      expect(round2.variables).to.include({ reopenOf: c.id, round: 2, reopenReason: '杂物仍未清理' });
      // the closed round stays as it closed, with the reopen in its history
      const old = (await h.t.engine.cases.instance(c.id))!;
      expect(old.status).to.equal('completed');
      const reopened = (await historyOf(h, c.id)).find((r) => r.action === 'case-reopened');
      expect(reopened?.details).to.include({ next, round: 2 });
      // the task is back in 第1网格's inbox; the receipt reads accepted again
      const inbox = await waitFor(async () => {
        const r = await h.get('wangwei', '/api/tasks');
        return r.body.items.find((t: { instanceId: string }) => t.instanceId === next);
      }, 'the task of the new round');
      expect(inbox).to.include({ unit: GRID1 });
      expect((await h.get(null, `/api/public/reports/${c.receipt}`)).body.state).to.equal('accepted');
      // the reporter of the new round is the same report
      const rep = await h.get('sunqing', `/api/instances/${next}/reporter`);
      expect(rep.body.receipt).to.equal(c.receipt);
      // the second round closes, is answered again and can no longer reopen (VISIT_MAX_ROUNDS=2)
      const task = (await h.t.engine.openTasksOfCase(next))[0]!;
      expect((await h.post('wangwei', `/api/tasks/${task._id}/complete`, { data: {} })).status).to.equal(200);
      await waitFor(
        async () => (await h.t.engine.waitForIdle(next)).status === 'completed',
        'round 2 closed',
      );
      await waitFor(async () => {
        const r = await h.get('sunqing', `/api/instances/${next}/visit`);
        return r.body.visit?.round === 2 && r.body.replies[0]?.status === 'sent';
      }, 'round 2 answered');
      const again = await h.post('sunqing', `/api/instances/${next}/visit`, {
        satisfaction: 'dissatisfied',
        note: '仍不满意',
        reopen: true,
      });
      expect(again.status).to.equal(409);
      expect(again.body.error.code).to.equal('visit.reopen-limit');
      const texts = (await h.get('admin', '/api/sms-outbox')).body.items.map((m: { text: string }) => m.text);
      expect(texts.filter((t: string) => t.includes(c.receipt))).to.have.length(2);
    });

    it('GET /api/stats: 反馈率, 满意率 and the reopen (返工) equal the figures recomputed from history', async () => {
      const iso = (t: number) => new Date(t).toISOString();
      const now = h.t.clock.now();
      const from = now - 86_400_000;
      const to = now + 86_400_000;
      const res = await h.get('chenmin', `/api/stats?unit=${MINGTIAN}&from=${iso(from)}&to=${iso(to)}`);
      expect(res.status).to.equal(200);
      // three rounds closed and answered; one 满意, one 不满意 that reopened
      expect(res.body).to.include({
        repliesDue: 3,
        replies: 3,
        replyRate: 1,
        visits: 2,
        satisfied: 1,
        dissatisfied: 1,
        satisfactionRate: 0.5,
        reopened: 1,
        rework: 1,
      });
      const org = h.t.engine.org;
      const unit = (await org.unit(MINGTIAN))!;
      const all = await org.allUnits();
      const children = [];
      for (const c of all.filter((u) => u.parent === MINGTIAN).sort((a, b) => a.code.localeCompare(b.code)))
        children.push({ code: c.code, name: c.name, level: c.level, codes: await org.subtree(c.code) });
      const reference = await assessFromHistory(h.t.engine, {
        unit: { code: unit.code, name: unit.name, level: unit.level },
        codes: await org.subtree(MINGTIAN),
        children,
        units: all.map((u) => ({ code: u.code, name: u.name, level: u.level })),
        from: res.body.period.from,
        to: res.body.period.to,
        now: res.body.now,
      });
      expect(res.body).to.deep.equal(JSON.parse(JSON.stringify(reference)));
      // the dashboard's table for meetings carries both rates
      const xlsx = await h
        .http()
        .get(`/api/stats/export?unit=${MINGTIAN}&from=${iso(from)}&to=${iso(to)}`)
        .set('Authorization', `Bearer ${await h.token('chenmin')}`)
        .buffer(true)
        .parse((r, cb) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => cb(null, Buffer.concat(chunks)));
        });
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(xlsx.body as ArrayBuffer);
      const ws = wb.worksheets[0]!;
      const headers = ws.getRow(2).values as unknown[];
      const total = ws.getRow(ws.rowCount);
      expect(String(total.getCell(1).value)).to.include('合计');
      expect(total.getCell(headers.indexOf('反馈率')).value).to.equal(1);
      expect(total.getCell(headers.indexOf('满意率')).value).to.equal(0.5);
      // npm run rebuild-stats finds the same facts in the history
      await h.t.engine.store.collection('statFacts').deleteMany({ kind: 'citizen' });
      await h.t.engine.rebuildStats();
      const again = await h.get('chenmin', `/api/stats?unit=${MINGTIAN}&from=${iso(from)}&to=${iso(to)}`);
      expect(again.body).to.deep.equal(res.body);
    });
  });

  describe('with an HTTP SMS gateway (SMS_GATEWAY_URL) that fails once', () => {
    let h: Harness;
    let server: http.Server;
    const seen: Array<{ key: string; auth: string; body: { to: string; text: string; id: string } }> = [];
    before(async () => {
      server = http.createServer((req, res) => {
        let raw = '';
        req.on('data', (c) => (raw += c));
        req.on('end', () => {
          seen.push({
            key: String(req.headers['idempotency-key']),
            auth: String(req.headers.authorization),
            body: JSON.parse(raw),
          });
          res.statusCode = seen.length === 1 ? 503 : 200;
          res.end('{}');
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sms`;
      h = await harness(
        {},
        {
          config: {
            intakeProcesses: { fire: 'xreply' },
            sms: { url, token: 'gw-token', template: '回执{receipt}：{outcome}', attempts: 4, backoffMs: 50 },
          },
        },
      );
      await h.t.engine.deploy(REPLY_FLOW);
    });
    after(async () => {
      await h.close();
      await new Promise((resolve) => server.close(resolve));
    });

    it('retries with backoff under the same idempotency key and records the reply once', async () => {
      const c = await closedCase(h, '消防通道堵塞');
      const view = await waitFor(async () => {
        const r = await h.get('sunqing', `/api/instances/${c.id}/visit`);
        return r.body.replies?.[0]?.status === 'sent' ? r.body : undefined;
      }, 'the reply sent after a retry');
      expect(seen).to.have.length(2);
      expect(seen[0]!.key).to.equal(seen[1]!.key).and.equal(`${c.id}.${c.receipt}`);
      expect(seen[1]!.auth).to.equal('Bearer gw-token');
      // the send itself carries the full number; nothing else does
      expect(seen[1]!.body).to.include({ to: PHONE, text: `回执${c.receipt}：已按规定处理完毕` });
      expect(JSON.stringify(view)).not.to.include(PHONE);
      const replied = (await historyOf(h, c.id)).filter((r) => r.action === 'citizen-replied');
      expect(replied).to.have.length(1);
      expect(replied[0]!.details).to.include({ gateway: 'http' });
      // nothing kept by the recording gateway
      expect((await h.get('admin', '/api/sms-outbox')).body).to.include({ gateway: 'http', total: 0 });
    });
  });

  describe('configuration and template', () => {
    it('reads the SMS settings from the environment and refuses a gateway that is no http(s) URL', () => {
      const c = loadConfig({ SMS_GATEWAY_URL: 'https://sms.example.cn/send', SMS_ATTEMPTS: '3' });
      expect(c.sms).to.include({
        url: 'https://sms.example.cn/send',
        attempts: 3,
        template: DEFAULT_REPLY_TEMPLATE,
      });
      expect(loadConfig({}).sms.url).to.equal(undefined);
      expect(() => loadConfig({ SMS_GATEWAY_URL: 'ftp://sms.example.cn' })).to.throw(/SMS_GATEWAY_URL/);
      expect(() => loadConfig({ SMS_GATEWAY_URL: 'not a url' })).to.throw(/SMS_GATEWAY_URL/);
    });

    it('fills the receipt, case number and outcome into the template', () => {
      expect(
        replyText('{receipt}/{caseNo}/{outcome}/{receipt}', { receipt: 'R1', outcome: '已拆除' }),
      ).to.equal('R1//已拆除/R1');
    });
  });
});
