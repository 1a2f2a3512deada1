// 违法建设查处 (processes/illegal-structure.bpmn): scenario tests through the programmatic API.
import { expect } from 'chai';
import { DISTRICT, GRID1, MINGTIAN, STREET_XT, ZONE_EAST } from '../helpers/engine.js';
import {
  checkModel,
  coverageReport,
  flowsTaken,
  historyActions,
  local,
  reworkFlows,
  scenario,
  shIso,
  type Harness,
} from './harness.js';

const FILE = 'illegal-structure.bpmn';
const KEY = 'illegal_structure';

const discovery = (over: Record<string, unknown> = {}) => ({
  source: 'patrol',
  location: '明天社区5号楼顶',
  structureType: 'rooftop',
  area: 45.5,
  ownerName: '王某',
  description: '楼顶搭建彩钢板房',
  underConstruction: false,
  builtBeforeRules: false,
  photos: ['https://files.example.cn/wj/001.jpg'],
  ...over,
});
const verify = (verifyResult: 'done' | 'not_done') => ({
  verifyResult,
  opinion: verifyResult === 'done' ? '已核查，拆除/改正到位' : '现场核查未拆除',
});

async function toDetermination(
  h: Harness,
  bk: string,
  over: Record<string, unknown> = {},
  timeLimits?: Record<string, string>, // the grid's time limits when the case opens (e.g. appealPeriod)
) {
  if (timeLimits) await h.setTimeLimits(GRID1, timeLimits);
  const s = await h.start(bk);
  if (timeLimits) await h.setTimeLimits(GRID1, undefined); // the case keeps what was in force at its start
  await h.complete(s._id, 'discover', 'wangwei', discovery(over));
  return s._id;
}
const determine = (determination: string) => ({
  determination,
  determinationNo: '临规认〔2026〕8号',
  opinion: '经现场勘查，未取得建设工程规划许可证',
});
const demolishOrder = (deadline: string) => ({
  decisionNo: '莘城管拆字〔2026〕21号',
  decisionServedAt: shIso('2026-03-02 09:00'), // the appeal periods run from here
  demolishDeadline: shIso(deadline),
});
const urge = (deadline: string) => ({
  urgeNo: '莘催字〔2026〕3号',
  servedAt: shIso('2026-03-13 17:00'),
  urgeDeadline: shIso(deadline),
});
const notice = (over: Record<string, unknown> = {}) => ({
  noticeNo: '莘公告〔2026〕2号',
  publishedAt: shIso('2026-03-24 10:00'),
  noticeDeadline: shIso('2026-04-03 17:00'),
  postedAt: '明天社区5号楼公告栏及现场',
  ...over,
});
const forced = {
  demolishedAt: shIso('2026-10-22 16:00'),
  utilitiesCut: true,
  rubbleCleared: true,
  participatingUnits: ['莘亭街道', '莘亭城管中队', '供电所'],
  photos: ['https://files.example.cn/wj/forced-1.jpg'],
};

describe('process 违法建设查处 (illegal_structure)', function () {
  this.timeout(20000);

  it('model: executable, laid out, Chinese names, a form per user task; a failed acceptance marked as rework', async () => {
    await scenario(FILE, KEY, async (h) => {
      await checkModel(FILE, KEY, h.engine.forms.keys());
      expect(await reworkFlows(FILE)).to.deep.equal(['f_rework']);
    });
  });

  it('work in progress: stop order on the spot, determined not correctable, owner demolishes by the deadline', async () => {
    await scenario(FILE, KEY, async (h) => {
      const s0 = await h.start('WJ-2026-0001');
      await h.rejects(s0._id, 'discover', discovery({ builtBeforeRules: true, photos: [] }), [
        '/data',
        '/data/originDate',
        '/data/photos',
      ]);
      await h.complete(s0._id, 'discover', 'wangwei', discovery({ underConstruction: true }));
      const stop = await h.task(s0._id, 'stopOrder');
      expect(stop).to.include({ name: '送达责令停止违法建设通知书', unit: STREET_XT, level: 'street' });
      expect(await h.candidates(stop)).to.deep.equal(['maojun']);
      expect(local(stop.dueAt)).to.equal('2026-03-03 09:00');
      expect(local(stop.warnDueAt)).to.equal('2026-03-02 21:00');
      await h.complete(s0._id, 'stopOrder', 'maojun', {
        orderNo: '莘城管停字〔2026〕5号',
        servedAt: shIso('2026-03-02 10:30'),
        servedTo: '王某',
        constructionStopped: true,
      });
      const det = await h.task(s0._id, 'determine');
      expect(det).to.include({ name: '规划认定', unit: DISTRICT, level: 'district' });
      expect(await h.candidates(det)).to.deep.equal(['guoping']);
      expect(local(det.dueAt)).to.equal('2026-03-23 09:00'); // 15 working days
      h.clock.set(Date.parse('2026-03-05T01:00:00Z')); // Thu 09:00
      await h.rejects(s0._id, 'determine', { determination: 'maybe', opinion: '待定' }, [
        '/data/determination',
        '/data/opinion',
      ]);
      await h.complete(s0._id, 'determine', 'guoping', determine('not_correctable'));
      const dem = await h.task(s0._id, 'demolishOrder');
      expect(dem).to.include({ unit: STREET_XT });
      expect(local(dem.dueAt)).to.equal('2026-03-12 09:00');
      const waiting = await h.complete(s0._id, 'demolishOrder', 'maojun', demolishOrder('2026-03-20 17:00'));
      expect(await h.open(s0._id)).to.have.length(0);
      expect(local(Object.values(waiting.timers).find((x) => x.nodeId === 'waitDemolition')?.dueAt)).to.equal(
        '2026-03-20 17:00',
      );
      await h.advanceTo('2026-03-20 17:00', s0._id, async () => (await h.open(s0._id)).length > 0);
      const v = await h.task(s0._id, 'verifySelfDemolition');
      expect(v).to.include({ unit: ZONE_EAST, level: 'zone' });
      expect(await h.candidates(v)).to.deep.equal(['sunli']);
      expect(local(v.dueAt)).to.equal('2026-03-24 17:00');
      const done = await h.complete(s0._id, 'verifySelfDemolition', 'sunli', verify('done'));
      expect(done.status).to.equal('completed');
      const hist = await h.history(s0._id);
      expect(historyActions(hist, 'waitDemolition')).to.include('timer-fired');
      expect(hist.find((x) => x.elementId === 'kindGw' && x.action === 'leave')?.to).to.equal('f_inProgress');
    });
  });

  it('built before the rules: date of origin verified, correctable with a 5–10 % fine, corrected in time', async () => {
    await scenario(FILE, KEY, async (h) => {
      const id = await toDetermination(h, 'WJ-2026-0002', {
        builtBeforeRules: true,
        originDate: '2005-06-01',
        structureType: 'yard_extension',
      });
      const sv = await h.task(id, 'historicalSurvey');
      expect(sv).to.include({ name: '建成时间核查', unit: MINGTIAN, level: 'community' });
      expect(local(sv.dueAt)).to.equal('2026-03-09 09:00');
      await h.complete(id, 'historicalSurvey', 'zhoujie', {
        originDateVerified: '2005-05-20',
        evidence: ['2005年航拍影像', '房产档案'],
      });
      expect((await h.engine.waitForIdle(id)).variables).to.include({
        originDate: '2005-06-01',
        originDateVerified: '2005-05-20',
      });
      await h.complete(id, 'determine', 'guoping', determine('correctable'));
      const co = await h.task(id, 'correctOrder');
      expect(co).to.include({ unit: STREET_XT, name: '责令限期改正并处罚款' });
      const order = {
        decisionNo: '莘城管罚字〔2026〕9号',
        constructionCost: 200000,
        fineRate: 0.08,
        fineAmount: 16000,
        correctionDeadline: shIso('2026-03-31 17:00'),
      };
      await h.rejects(id, 'correctOrder', { ...order, fineRate: 0.12, constructionCost: 0 }, [
        '/data/fineRate',
        '/data/constructionCost',
      ]);
      await h.rejects(id, 'correctOrder', { ...order, fineRate: 0.03 }, ['/data/fineRate']);
      await h.complete(id, 'correctOrder', 'maojun', order);
      expect(await h.open(id)).to.have.length(0);
      await h.advanceTo('2026-03-31 17:00', id, async () => (await h.open(id)).length > 0);
      const vc = await h.task(id, 'verifyCorrection');
      expect(vc.unit).to.equal(ZONE_EAST);
      const done = await h.complete(id, 'verifyCorrection', 'sunli', verify('done'));
      expect(done.status).to.equal('completed');
      const hist = await h.history(id);
      expect(historyActions(hist, 'waitCorrection')).to.include('timer-fired');
      expect(historyActions(hist, 'demolishOrder')).to.deep.equal([]);
    });
  });

  it('determination overdue: 催办 at 80 %, overdue at the district (no rung above) with daily 催办; finally retained', async () => {
    await scenario(FILE, KEY, async (h) => {
      const id = await toDetermination(h, 'WJ-2026-0003');
      const det = await h.task(id, 'determine');
      expect(local(det.warnDueAt)).to.equal('2026-03-18 09:00');
      await h.advanceTo(
        '2026-03-18 09:00',
        id,
        async () => (await h.task(id, 'determine')).slaState === 'warned',
      );
      const warnings = (recipient: string) =>
        h.engine.store.collection('notifications').count({ recipient, kind: 'warning' });
      expect(await warnings('guoping')).to.equal(1);
      // the planning authority works at the district and declares no ladder: a breach marks the task overdue
      // where it is and urges the district's supervisors and the planners (no 挂牌督办 without a ladder)
      const s = await h.advanceTo(
        '2026-03-23 09:00',
        id,
        async () => (await h.task(id, 'determine')).slaState === 'overdue',
      );
      const t = await h.task(id, 'determine');
      expect(t).to.include({ slaState: 'overdue', unit: DISTRICT, level: 'district' });
      expect(s.supervised).to.equal(false);
      expect(await h.escalations(id)).to.deep.equal([]);
      expect(await warnings('guoping')).to.equal(2);
      expect(await warnings('yangfan')).to.equal(1);
      // its declared cycle urges again every day until it is done
      await h.advanceTo('2026-03-24 09:00', id, async () =>
        (await h.history(id)).some((x) => x.action === 'overdue-reminder'),
      );
      const done = await h.complete(id, 'determine', 'guoping', determine('retain'));
      expect(done.status).to.equal('completed');
      expect(done.timers).to.deep.equal({});
      const hist = await h.history(id);
      expect(hist.find((x) => x.elementId === 'determinationGw' && x.action === 'leave')?.to).to.equal(
        'f_retain',
      );
      expect(historyActions(hist, 'determine')).to.include.members([
        'sla-warning',
        'sla-overdue',
        'overdue-reminder',
      ]);
      expect(historyActions(hist, 'determine')).to.not.include('supervised');
    });
  });

  it('refusal: 催告, 公告, the later of the notice deadline and six months from service waited out; a pending lawsuit holds the demolition; it escalates to the district, rework, accepted', async () => {
    await scenario(FILE, KEY, async (h) => {
      const id = await toDetermination(h, 'WJ-2026-0004');
      await h.complete(id, 'determine', 'guoping', determine('not_correctable'));
      await h.complete(id, 'demolishOrder', 'maojun', demolishOrder('2026-03-13 17:00'));
      await h.advanceTo('2026-03-13 17:00', id, async () => (await h.open(id)).length > 0);
      await h.complete(id, 'verifySelfDemolition', 'sunli', verify('not_done'));
      const u = await h.task(id, 'urgeNotice');
      expect(u).to.include({ name: '催告', unit: STREET_XT });
      expect(local(u.dueAt)).to.equal('2026-03-18 17:00');
      await h.complete(id, 'urgeNotice', 'maojun', urge('2026-03-23 17:00'));
      await h.advanceTo('2026-03-23 17:00', id, async () => (await h.open(id)).length > 0);
      const pn = await h.task(id, 'publicNotice');
      expect(pn).to.include({ unit: STREET_XT });
      expect(await h.candidates(pn)).to.deep.equal(['liuyang']);
      h.clock.set(Date.parse('2026-03-24T02:00:00Z')); // Tue 10:00
      // the appeal period is deployment configuration, not something the handler fills in
      await h.rejects(id, 'publicNotice', notice({ appealPeriod: 'P15D' }), ['/data']);
      const s1 = await h.complete(id, 'publicNotice', 'liuyang', notice());
      expect(s1.variables.appealPeriod).to.equal(undefined);
      // 行政诉讼 6 months from service of the decision (03-02 09:00) ends later than the notice (04-03 17:00)
      expect(local(Object.values(s1.timers).find((x) => x.nodeId === 'waitAppeal')?.dueAt)).to.equal(
        '2026-09-02 09:00',
      );
      h.clock.set(Date.parse('2026-09-02T00:59:00Z'));
      expect(await h.engine.fireDueTimers()).to.equal(0);
      await h.advanceTo('2026-09-02 09:00', id, async () => (await h.open(id)).length > 0);

      // the owner sued: the check must say so consistently, and a pending lawsuit holds the demolition
      await h.rejects(
        id,
        'preEnforcementCheck',
        { appealFiled: true, appealOutcome: 'none', selfDemolished: false },
        ['/data', '/data/appealOutcome'],
      );
      await h.rejects(
        id,
        'preEnforcementCheck',
        { appealFiled: false, appealOutcome: 'pending', selfDemolished: false },
        ['/data', '/data/appealOutcome'],
      );
      const held = await h.complete(id, 'preEnforcementCheck', 'liuyang', {
        appealFiled: true,
        appealOutcome: 'pending',
        selfDemolished: false,
        note: '当事人已向临江区人民法院提起行政诉讼，尚未判决',
      });
      expect(await h.open(id)).to.have.length(0);
      expect(local(Object.values(held.timers).find((x) => x.nodeId === 'waitAppealOutcome')?.dueAt)).to.equal(
        '2026-10-02 09:00',
      );
      await h.advanceTo('2026-10-02 09:00', id, async () => (await h.open(id)).length > 0);
      h.clock.set(Date.parse('2026-10-08T01:00:00Z')); // Thu 10-08 09:00, the first working day after 国庆
      await h.complete(id, 'preEnforcementCheck', 'liuyang', {
        appealFiled: true,
        appealOutcome: 'upheld',
        selfDemolished: false,
        note: '一审判决驳回诉讼请求，维持拆除决定',
      });
      const fd = await h.task(id, 'forcedDemolition');
      expect(fd).to.include({ name: '组织强制拆除', unit: STREET_XT, level: 'street' });
      expect(fd.candidateRoles).to.deep.equal(['demolition', 'supervisor']);
      expect(await h.candidates(fd)).to.deep.equal(['liuyang', 'maojun']);
      expect(local(fd.dueAt)).to.equal('2026-10-21 09:00'); // 10 working days, the 调休 Saturday 10-10 included

      await h.advanceTo(
        '2026-10-21 09:00',
        id,
        async () => (await h.task(id, 'forcedDemolition')).level === 'district',
      );
      const up = await h.task(id, 'forcedDemolition');
      expect(up).to.include({ unit: DISTRICT, slaState: 'escalated' });
      expect(await h.candidates(up)).to.deep.equal(['yangfan']);
      expect(local(up.dueAt)).to.equal('2026-10-28 09:00');
      await h.rejects(id, 'forcedDemolition', { ...forced, utilitiesCut: false, photos: [] }, [
        '/data/utilitiesCut',
        '/data/photos',
      ]);
      await h.complete(id, 'forcedDemolition', 'yangfan', forced);
      await h.complete(id, 'finalVerify', 'sunli', { ...verify('not_done'), opinion: '建筑垃圾未清运完毕' });
      // rework: a fresh 强制拆除 task back at the street with a new SLA window
      const again = await h.task(id, 'forcedDemolition');
      expect(again._id).to.not.equal(fd._id);
      expect(again).to.include({ unit: STREET_XT, slaState: 'ontime', ladderStep: 0 });
      await h.complete(id, 'forcedDemolition', 'maojun', forced);
      const done = await h.complete(id, 'finalVerify', 'sunli', verify('done'));
      expect(done.status).to.equal('completed');
      const hist = await h.history(id);
      expect(historyActions(hist, 'waitUrge')).to.include('timer-fired');
      expect(historyActions(hist, 'waitAppeal')).to.include('timer-fired');
      expect(historyActions(hist, 'waitAppealOutcome')).to.include('timer-fired');
      expect(flowsTaken(hist, 'appealGw')).to.deep.equal(['f_appealPending', 'f_appealDecided']);
      expect(flowsTaken(hist, 'enforceGw')).to.deep.equal(['f_enforce']);
      expect(
        hist.filter((x) => x.elementId === 'finalVerifyGw' && x.action === 'leave').map((x) => x.to),
      ).to.deep.equal(['f_rework', 'f_accepted']);
      expect((await h.escalations(id)).map((e) => [e.nodeId, e.fromLevel, e.toLevel])).to.deep.equal([
        ['forcedDemolition', 'street', 'district'],
      ]);
    });
  });

  it('not corrected → demolition order; one decision is revoked on review, the other owner demolishes before a later notice deadline', async () => {
    await scenario(FILE, KEY, async (h) => {
      const a = await toDetermination(h, 'WJ-2026-0005');
      // a place configured with a shorter period: the notice's own deadline is then the later one
      const b = await toDetermination(
        h,
        'WJ-2026-0006',
        { location: '明天社区7号楼' },
        { appealPeriod: 'P3M' },
      );
      const both = (node: string) => async () =>
        (await h.openNodes(a)).includes(node) && (await h.openNodes(b)).includes(node);
      for (const id of [a, b]) {
        await h.complete(id, 'determine', 'guoping', determine('correctable'));
        await h.complete(id, 'correctOrder', 'maojun', {
          decisionNo: `莘城管罚字〔2026〕${id.slice(-3)}号`,
          constructionCost: 50000,
          fineRate: 0.05,
          fineAmount: 2500,
          correctionDeadline: shIso('2026-03-13 17:00'),
        });
      }
      await h.advanceTo('2026-03-13 17:00', a, both('verifyCorrection'));
      for (const id of [a, b]) {
        await h.complete(id, 'verifyCorrection', 'sunli', verify('not_done'));
        await h.complete(id, 'demolishOrder', 'maojun', demolishOrder('2026-03-20 17:00'));
      }
      await h.advanceTo('2026-03-20 17:00', a, both('verifySelfDemolition'));
      for (const id of [a, b]) {
        await h.complete(id, 'verifySelfDemolition', 'sunli', verify('not_done'));
        await h.complete(id, 'urgeNotice', 'maojun', urge('2026-03-27 17:00'));
      }
      await h.advanceTo('2026-03-27 17:00', a, both('publicNotice'));
      await h.complete(a, 'publicNotice', 'liuyang', notice());
      const sb = await h.complete(
        b,
        'publicNotice',
        'liuyang',
        notice({ noticeDeadline: shIso('2026-06-30 17:00') }),
      );
      expect(local(Object.values(sb.timers).find((x) => x.nodeId === 'waitAppeal')?.dueAt)).to.equal(
        '2026-06-30 17:00', // later than 03-02 + 3 months
      );

      await h.advanceTo('2026-06-30 17:00', b, async () => (await h.open(b)).length > 0);
      expect(await h.open(a)).to.have.length(0); // still within its six months
      await h.complete(b, 'preEnforcementCheck', 'liuyang', {
        appealFiled: false,
        appealOutcome: 'none',
        selfDemolished: true,
      });
      expect(await h.openNodes(b)).to.deep.equal(['finalVerify']);
      expect((await h.complete(b, 'finalVerify', 'sunli', verify('done'))).status).to.equal('completed');

      await h.advanceTo('2026-09-02 09:00', a, async () => (await h.open(a)).length > 0);
      const done = await h.complete(a, 'preEnforcementCheck', 'liuyang', {
        appealFiled: true,
        appealOutcome: 'revoked',
        selfDemolished: false,
        note: '区政府行政复议决定撤销原拆除决定',
      });
      expect(done.status).to.equal('completed');
      const hist = await h.history(a);
      expect(hist.find((x) => x.elementId === 'enforceGw' && x.action === 'leave')?.to).to.equal('f_revoked');
      expect(historyActions(hist, 'forcedDemolition')).to.deep.equal([]);
      expect(hist.find((x) => x.elementId === 'correctedGw' && x.action === 'leave')?.to).to.equal(
        'f_notCorrected',
      );
    });
  });

  it('coverage: every flow node reached and every sequence flow taken by some scenario above', async () => {
    const missing = await coverageReport(FILE, KEY);
    expect(missing.nodes, 'flow nodes never reached').to.deep.equal([]);
    expect(missing.flows, 'sequence flows never taken').to.deep.equal([]);
  });
});
