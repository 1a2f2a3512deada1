// 违法建设查处 (processes/illegal-structure.bpmn): scenario tests through the programmatic API.
import { expect } from 'chai';
import { superviseCase } from '../../engine/sla/listing.js';
import { DISTRICT, GRID1, MINGTIAN, STREET_XT, ZONE_EAST } from '../helpers/engine.js';
import {
  checkModel,
  coverageReport,
  flowsTaken,
  historyActions,
  local,
  reworkFlows,
  scenario,
  sh,
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

/** 立案 and 调查取证 (two officers) at the street, up to the planning authority's determination. */
async function registerAndInvestigate(h: Harness, id: string) {
  await h.complete(id, 'register', 'maojun', {
    caseNo: '莘城管立〔2026〕12号',
    registeredAt: shIso('2026-03-02 09:00'),
    approvedBy: '莘亭街道综合行政执法队负责人',
  });
  await h.complete(id, 'investigate', 'maojun', investigation);
}
const investigation = {
  officer1: '毛军',
  officer1CertNo: '31011700123',
  officer2: '陆明',
  officer2CertNo: '31011700456',
  investigatedAt: shIso('2026-03-02 10:00'),
  record: '现场勘验：楼顶彩钢板房一处，当事人王某在场，笔录经核对签名',
  measuredArea: 45.5,
};
const advance = (proposedPenalty = 'demolish') => ({
  noticeNo: '莘城管告字〔2026〕7号',
  servedAt: shIso('2026-03-05 10:00'),
  proposedPenalty,
  facts: '未取得建设工程规划许可证擅自搭建，违反城乡规划法第四十条',
  hearingRightNotified: true,
});
const noStatement = { statementMade: false, hearingRequested: false };
/** 告知 → the party waives statement and hearing → 法制审核 (ordinary case): the decision task opens. */
async function decide(h: Harness, id: string, proposedPenalty = 'demolish') {
  await h.complete(id, 'advanceNotice', 'maojun', advance(proposedPenalty));
  await h.complete(id, 'statementPeriod', 'maojun', noStatement);
  await h.complete(id, 'legalReview', 'huangtao', legalReview(false));
}
const legalReview = (serious: boolean) => ({
  reviewer: '黄涛',
  opinion: '事实清楚，证据确凿，程序合法，适用法律正确',
  serious,
});
const urgeReview = { statementMade: false, reviewResult: 'no_statement', opinion: '当事人未陈述申辩' };

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
  if (!over.builtBeforeRules && !over.underConstruction) await registerAndInvestigate(h, s._id);
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
  rightsNotified: true,
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
      await registerAndInvestigate(h, s0._id);
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
      await decide(h, s0._id);
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
      await registerAndInvestigate(h, id);
      await h.complete(id, 'determine', 'guoping', determine('correctable'));
      await decide(h, id, 'correct_fine');
      const co = await h.task(id, 'correctOrder');
      expect(co).to.include({ unit: STREET_XT, name: '责令限期改正并处罚款' });
      const order = {
        decisionNo: '莘城管罚字〔2026〕9号',
        constructionCost: 200000,
        fineRate: 0.08,
        fineAmount: 16000,
        correctionDeadline: shIso('2026-03-31 17:00'),
        decisionServedAt: shIso('2026-03-05 15:00'),
        rightsNotified: true,
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
      await h.complete(id, 'verifyCorrection', 'sunli', verify('done'));
      // the fine: paid within 15 natural days of service (行政处罚法 art. 67)
      const fp = await h.task(id, 'finePayment');
      expect(fp).to.include({ unit: STREET_XT, name: '罚款缴纳与加处罚款' });
      expect(local(fp.dueAt)).to.equal('2026-04-15 17:00'); // 03-31 17:00 + 15 natural days
      await h.rejects(id, 'finePayment', { paid: true }, ['/data', '/data/paidAt']);
      const done = await h.complete(id, 'finePayment', 'maojun', {
        paid: true,
        paidAt: shIso('2026-03-20 10:00'),
        receiptNo: '沪财缴〔2026〕00123',
      });
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
      expect(hist.find((x) => x.elementId === 'determinedGw' && x.action === 'leave')?.to).to.equal(
        'f_retain',
      );
      expect(historyActions(hist, 'advanceNotice')).to.deep.equal([]); // no penalty, no notice
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
      await decide(h, id);
      await h.complete(id, 'demolishOrder', 'maojun', demolishOrder('2026-03-13 17:00'));
      await h.advanceTo('2026-03-13 17:00', id, async () => (await h.open(id)).length > 0);
      await h.complete(id, 'verifySelfDemolition', 'sunli', verify('not_done'));
      const u = await h.task(id, 'urgeNotice');
      expect(u).to.include({ name: '催告', unit: STREET_XT });
      expect(local(u.dueAt)).to.equal('2026-03-18 17:00');
      await h.complete(id, 'urgeNotice', 'maojun', urge('2026-03-23 17:00'));
      await h.advanceTo('2026-03-23 17:00', id, async () => (await h.open(id)).length > 0);
      // the party's statement during the 催告 is recorded and reviewed (行政强制法 art. 36)
      await h.rejects(id, 'urgeReview', { ...urgeReview, statementMade: true }, [
        '/data',
        '/data/reviewResult',
      ]);
      await h.complete(id, 'urgeReview', 'maojun', {
        statementMade: true,
        reviewResult: 'rejected',
        opinion: '当事人称系自住需要，不构成不予执行的理由',
      });
      const pn = await h.task(id, 'publicNotice');
      expect(pn).to.include({ unit: STREET_XT });
      expect(await h.candidates(pn)).to.deep.equal(['maojun']); // the enforcement authority, not any handler
      h.clock.set(Date.parse('2026-03-24T02:00:00Z')); // Tue 10:00
      // the appeal period is deployment configuration, not something the handler fills in
      await h.rejects(id, 'publicNotice', notice({ appealPeriod: 'P15D' }), ['/data']);
      const s1 = await h.complete(id, 'publicNotice', 'maojun', notice());
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
      const held = await h.complete(id, 'preEnforcementCheck', 'maojun', {
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
      await h.complete(id, 'preEnforcementCheck', 'maojun', {
        appealFiled: true,
        appealOutcome: 'final_upheld',
        selfDemolished: false,
        note: '二审判决驳回上诉，维持拆除决定，判决已生效',
      });
      // 城乡规划法 art. 68: the district government decides the forced demolition
      const dd = await h.task(id, 'districtDecision');
      expect(dd).to.include({ unit: DISTRICT, level: 'district' });
      expect(await h.candidates(dd)).to.deep.equal(['yangfan']);
      await h.complete(id, 'districtDecision', 'yangfan', {
        decisionNo: '临府拆决〔2026〕4号',
        decidedAt: shIso('2026-10-08 09:00'),
        assignedTo: '莘亭街道办事处',
      });
      // 行政强制法 arts. 37–38, 43: a written decision, served; never at night nor on a statutory holiday
      const ed = {
        decisionNo: '莘强执决〔2026〕2号',
        servedAt: shIso('2026-10-08 09:00'),
        serviceMethod: 'direct',
      };
      await h.rejects(id, 'enforcementDecision', { ...ed, scheduledAt: shIso('2026-10-08 22:00') }, [
        '/data/scheduledAt',
      ]);
      await h.rejects(id, 'enforcementDecision', { ...ed, scheduledAt: shIso('2026-10-09 06:30') }, [
        '/data/scheduledAt',
      ]);
      await h.rejects(id, 'enforcementDecision', { ...ed, scheduledAt: shIso('2026-10-11 10:00') }, [
        '/data/scheduledAt', // a Sunday
      ]);
      await h.rejects(id, 'enforcementDecision', { ...ed, scheduledAt: shIso('2026-10-07 10:00') }, [
        '/data/scheduledAt', // Wednesday, but 国庆 (a statutory holiday)
      ]);
      const sched = await h.complete(id, 'enforcementDecision', 'maojun', {
        ...ed,
        scheduledAt: shIso('2026-10-09 09:00'),
      });
      expect(await h.open(id)).to.have.length(0);
      expect(local(Object.values(sched.timers).find((x) => x.nodeId === 'waitSchedule')?.dueAt)).to.equal(
        '2026-10-09 09:00',
      );
      await h.advanceTo('2026-10-09 09:00', id, async () => (await h.open(id)).length > 0);
      const fd = await h.task(id, 'forcedDemolition');
      expect(fd).to.include({ name: '组织强制拆除', unit: STREET_XT, level: 'street' });
      expect(fd.candidateRoles).to.deep.equal(['demolition', 'supervisor']);
      expect(await h.candidates(fd)).to.deep.equal(['liuyang', 'maojun']);
      expect(local(fd.dueAt)).to.equal('2026-10-22 09:00'); // 10 working days, the 调休 Saturday 10-10 included

      await h.advanceTo(
        '2026-10-22 09:00',
        id,
        async () => (await h.task(id, 'forcedDemolition')).level === 'district',
      );
      const up = await h.task(id, 'forcedDemolition');
      expect(up).to.include({ unit: DISTRICT, slaState: 'escalated' });
      expect(await h.candidates(up)).to.deep.equal(['yangfan']);
      expect(local(up.dueAt)).to.equal('2026-10-29 09:00');
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
        await decide(h, id, 'correct_fine');
        await h.complete(id, 'correctOrder', 'maojun', {
          decisionNo: `莘城管罚字〔2026〕${id.slice(-3)}号`,
          constructionCost: 50000,
          fineRate: 0.05,
          fineAmount: 2500,
          correctionDeadline: shIso('2026-03-13 17:00'),
          rightsNotified: true,
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
      await h.advanceTo('2026-03-27 17:00', a, both('urgeReview'));
      for (const id of [a, b]) await h.complete(id, 'urgeReview', 'maojun', urgeReview);
      await h.complete(a, 'publicNotice', 'maojun', notice());
      const sb = await h.complete(
        b,
        'publicNotice',
        'maojun',
        notice({ noticeDeadline: shIso('2026-06-30 17:00') }),
      );
      expect(local(Object.values(sb.timers).find((x) => x.nodeId === 'waitAppeal')?.dueAt)).to.equal(
        '2026-06-30 17:00', // later than 03-02 + 3 months
      );

      await h.advanceTo('2026-06-30 17:00', b, async () => (await h.open(b)).length > 0);
      expect(await h.open(a)).to.have.length(0); // still within its six months
      await h.complete(b, 'preEnforcementCheck', 'maojun', {
        appealFiled: false,
        appealOutcome: 'none',
        selfDemolished: true,
      });
      expect(await h.openNodes(b)).to.deep.equal(['finalVerify']);
      expect((await h.complete(b, 'finalVerify', 'sunli', verify('done'))).status).to.equal('completed');

      await h.advanceTo('2026-09-02 09:00', a, async () => (await h.open(a)).length > 0);
      const done = await h.complete(a, 'preEnforcementCheck', 'maojun', {
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

  it('construction goes on → site sealed; a hearing requested within five working days (劳动节 and its 调休 Saturday counted) is held; a serious case goes to collective decision; a structure that cannot be demolished is confiscated; an unpaid fine goes to court', async () => {
    await scenario(FILE, KEY, async (h) => {
      h.clock.set(sh('2026-04-29 09:00')); // Wed, two days before 劳动节 (05-01..05-05 off, Sat 05-09 worked)
      const s0 = await h.start('WJ-2026-0101');
      await h.complete(s0._id, 'discover', 'wangwei', discovery({ underConstruction: true }));
      await h.complete(s0._id, 'stopOrder', 'maojun', {
        orderNo: '莘城管停字〔2026〕31号',
        servedAt: shIso('2026-04-29 09:00'),
        servedTo: '王某',
        constructionStopped: false,
      });
      // still building: 查封施工现场 (城乡规划法 art. 68), by two officers with a record
      const seal = await h.task(s0._id, 'sealSite');
      expect(seal).to.include({ unit: STREET_XT, name: '查封施工现场' });
      expect(local(seal.dueAt)).to.equal('2026-04-30 09:00');
      const sealing = {
        sealNo: '莘城管封字〔2026〕3号',
        sealedAt: shIso('2026-04-29 09:00'),
        officers: ['毛军', '陆明'],
        record: '查封施工现场，封条张贴于楼顶出入口',
      };
      await h.rejects(s0._id, 'sealSite', { ...sealing, officers: ['毛军'] }, ['/data/officers']);
      await h.complete(s0._id, 'sealSite', 'maojun', sealing);
      const reg = await h.task(s0._id, 'register');
      expect(reg).to.include({ unit: STREET_XT, name: '立案' });
      await registerAndInvestigate(h, s0._id);
      await h.complete(s0._id, 'determine', 'guoping', determine('confiscate'));

      h.clock.set(sh('2026-04-29 10:00'));
      await h.rejects(
        s0._id,
        'advanceNotice',
        { ...advance('confiscate'), hearingRightNotified: false },
        ['/data', '/data/hearingRightNotified'], // a serious penalty: the hearing right must be notified (art. 63),
      );
      const served = await h.complete(s0._id, 'advanceNotice', 'maojun', advance('confiscate'));
      // five working days (行政处罚法 arts. 64, 85): 04-30, 05-06, 05-07, 05-08 and the 调休 Saturday 05-09
      const period = Object.values(served.timers).find((x) => x.nodeId === 'statementPeriodEnd');
      expect(local(period?.dueAt)).to.equal('2026-05-09 10:00');
      // beside the work, 办案期限内申请延长 stays open until the decision (行政处罚法 art. 60)
      expect(await h.openNodes(s0._id)).to.deep.equal(['handlingPeriod', 'statementPeriod']);
      h.clock.set(sh('2026-05-08 15:00'));
      await h.rejects(s0._id, 'statementPeriod', { statementMade: false, hearingRequested: true }, [
        '/data',
        '/data/hearingRequestedAt',
      ]);
      await h.complete(s0._id, 'statementPeriod', 'maojun', {
        statementMade: true,
        statement: '当事人称房屋系存放杂物，要求听证；复核待听证后一并作出',
        hearingRequested: true,
        hearingRequestedAt: shIso('2026-05-08 14:00'),
      });
      const hr = await h.task(s0._id, 'hearing');
      expect(hr).to.include({ unit: STREET_XT, name: '组织听证' });
      expect(await h.candidates(hr)).to.deep.equal(['liuyang']);
      await h.complete(s0._id, 'hearing', 'liuyang', {
        noticeServedAt: shIso('2026-05-08 16:00'),
        heldAt: shIso('2026-05-18 09:30'),
        host: '刘洋',
        record: '当事人陈述意见，调查人员出示证据，双方质证',
      });
      const lr = await h.task(s0._id, 'legalReview');
      expect(await h.candidates(lr)).to.deep.equal(['huangtao']);
      await h.complete(s0._id, 'legalReview', 'huangtao', legalReview(true));
      const cd = await h.task(s0._id, 'collectiveDecision');
      expect(cd).to.include({ name: '负责人集体讨论决定', unit: STREET_XT });
      await h.rejects(
        s0._id,
        'collectiveDecision',
        { meetingAt: shIso('2026-05-19 14:00'), participants: ['刘洋'], conclusion: '同意' },
        ['/data/participants'],
      );
      await h.complete(s0._id, 'collectiveDecision', 'liuyang', {
        meetingAt: shIso('2026-05-19 14:00'),
        participants: ['刘洋', '街道分管副主任', '执法队长'],
        conclusion: '拆除将危及相邻房屋结构安全，没收实物并处罚款',
      });
      const co = await h.task(s0._id, 'confiscateOrder');
      expect(co).to.include({ unit: STREET_XT, name: '没收实物或违法收入并处罚款' });
      h.clock.set(sh('2026-05-19 16:00')); // the decision is served
      await h.complete(s0._id, 'confiscateOrder', 'maojun', {
        decisionNo: '莘城管罚字〔2026〕40号',
        decisionServedAt: shIso('2026-05-19 16:00'),
        confiscated: 'structure',
        constructionCost: 120000,
        fineAmount: 12000,
        rightsNotified: true,
      });
      const fp = await h.task(s0._id, 'finePayment');
      expect(local(fp.dueAt)).to.equal('2026-06-03 16:00'); // 15 natural days (行政处罚法 art. 67)
      await h.complete(s0._id, 'finePayment', 'maojun', { paid: false, surcharge: 12000 });
      const ce = await h.task(s0._id, 'courtEnforcement');
      expect(local(ce.dueAt)).to.equal('2026-08-19 16:00'); // three months, natural (行政强制法 art. 53)
      const done = await h.complete(s0._id, 'courtEnforcement', 'maojun', {
        urgedAt: shIso('2026-05-20 10:00'),
        appliedAt: shIso('2026-05-21 10:00'),
        court: '临江区人民法院',
        result: 'applied',
      });
      expect(done.status).to.equal('completed');
      const hist = await h.history(s0._id);
      expect(flowsTaken(hist, 'stopGw')).to.deep.equal(['f_notStopped']);
      expect(flowsTaken(hist, 'hearingGw')).to.deep.equal(['f_hearing']);
      expect(flowsTaken(hist, 'seriousGw')).to.deep.equal(['f_serious']);
      expect(flowsTaken(hist, 'determinationGw')).to.deep.equal(['f_confiscate']);
      expect(flowsTaken(hist, 'paidGw')).to.deep.equal(['f_unpaid']);
      expect(historyActions(hist, 'statementPeriodEnd')).to.not.include('timer-fired');
    });
  });

  it('no hearing asked within the five working days: the period closes and a later request is not heard; rights not notified → one year; a 复议 decision upheld still waits its 15 days to sue before the demolition', async () => {
    await scenario(FILE, KEY, async (h) => {
      const id = await toDetermination(h, 'WJ-2026-0102');
      await h.complete(id, 'determine', 'guoping', determine('not_correctable'));
      const served = await h.complete(id, 'advanceNotice', 'maojun', advance()); // Mon 03-02 09:00
      const period = Object.values(served.timers).find((x) => x.nodeId === 'statementPeriodEnd');
      expect(local(period?.dueAt)).to.equal('2026-03-09 09:00'); // 03-03..03-06 and Mon 03-09
      h.clock.set(sh('2026-03-09 08:59'));
      expect(await h.engine.fireDueTimers()).to.equal(0);
      await h.advanceTo('2026-03-09 09:00', id, async () => (await h.openNodes(id)).includes('legalReview'));
      // no statement task left to ask a hearing in
      expect(await h.openNodes(id)).to.deep.equal(['handlingPeriod', 'legalReview']);
      await h.complete(id, 'legalReview', 'huangtao', legalReview(false));
      await h.complete(id, 'demolishOrder', 'maojun', {
        ...demolishOrder('2026-03-20 17:00'),
        decisionServedAt: shIso('2026-03-10 10:00'),
        rightsNotified: false, // the decision did not tell the party of its rights
      });
      await h.advanceTo('2026-03-20 17:00', id, async () => (await h.open(id)).length > 0);
      await h.complete(id, 'verifySelfDemolition', 'sunli', verify('not_done'));
      await h.complete(id, 'urgeNotice', 'maojun', urge('2026-03-27 17:00'));
      await h.advanceTo('2026-03-27 17:00', id, async () => (await h.open(id)).length > 0);
      await h.complete(id, 'urgeReview', 'maojun', urgeReview);
      const pub = await h.complete(id, 'publicNotice', 'maojun', notice());
      // 行诉解释 art. 64: not told of its rights, the party may sue up to one year after service
      expect(local(Object.values(pub.timers).find((x) => x.nodeId === 'waitAppeal')?.dueAt)).to.equal(
        '2027-03-10 10:00',
      );
      h.clock.set(sh('2026-09-10 10:00')); // six months have passed: nothing happens yet
      expect(await h.engine.fireDueTimers()).to.equal(0);
      await h.advanceTo('2027-03-10 10:00', id, async () => (await h.open(id)).length > 0);
      await h.rejects(
        id,
        'preEnforcementCheck',
        { appealFiled: true, appealOutcome: 'reconsideration_upheld', selfDemolished: false },
        ['/data', '/data/outcomeServedAt'],
      );
      const held = await h.complete(id, 'preEnforcementCheck', 'maojun', {
        appealFiled: true,
        appealOutcome: 'reconsideration_upheld',
        outcomeServedAt: shIso('2027-03-08 10:00'),
        selfDemolished: false,
      });
      // the party may still sue within 15 days of the 复议 decision (行政诉讼法 art. 45): no demolition yet
      expect(await h.open(id)).to.have.length(0);
      expect(local(Object.values(held.timers).find((x) => x.nodeId === 'waitFinality')?.dueAt)).to.equal(
        '2027-03-24 10:00',
      );
      await h.advanceTo('2027-03-24 10:00', id, async () => (await h.open(id)).length > 0);
      await h.complete(id, 'preEnforcementCheck', 'maojun', {
        appealFiled: true,
        appealOutcome: 'final_upheld',
        selfDemolished: true,
        note: '期满未起诉；当事人已自行拆除',
      });
      const done = await h.complete(id, 'finalVerify', 'sunli', verify('done'));
      expect(done.status).to.equal('completed');
      const hist = await h.history(id);
      expect(historyActions(hist, 'statementPeriodEnd')).to.include('timer-fired');
      expect(historyActions(hist, 'hearing')).to.deep.equal([]);
      expect(flowsTaken(hist, 'appealGw')).to.deep.equal(['f_notFinal', 'f_appealDecided']);
      expect(historyActions(hist, 'districtDecision')).to.deep.equal([]);
    });
  });

  it('90-day handling limit from 立案 (行政处罚法 art. 60): warned ten days before, listed at day 90 without stopping the work', async () => {
    await scenario(FILE, KEY, async (h) => {
      const id = await toDetermination(h, 'WJ-2026-0201');
      // registered 2026-03-02 09:00 (natural days): warning 05-21 09:00, limit 05-31 09:00
      const s0 = await h.engine.getInstance(id);
      const due = (s: typeof s0, node: string) =>
        local(Object.values(s!.timers).find((x) => x.nodeId === node)?.dueAt);
      expect(due(s0, 'handlingLimitWarning')).to.equal('2026-05-21 09:00');
      expect(due(s0, 'handlingLimitReached')).to.equal('2026-05-31 09:00');
      await h.complete(id, 'determine', 'guoping', determine('not_correctable'));
      await h.complete(id, 'advanceNotice', 'maojun', advance());
      await h.complete(id, 'statementPeriod', 'maojun', {
        statementMade: true,
        statement: '要求听证',
        hearingRequested: true,
        hearingRequestedAt: shIso('2026-03-06 10:00'),
      });
      await h.advanceTo('2026-05-21 09:00', id, async () =>
        (await h.history(id)).some((x) => x.action === 'case-warning'),
      );
      const notes = await h.engine.store
        .collection<{ _id: string; recipient: string; kind: string; message?: { type: string } }>(
          'notifications',
        )
        .find({ recipient: 'yangfan', kind: 'warning' });
      expect(notes.map((n) => n.message?.type)).to.include('case.deadline-warning');
      expect((await h.engine.getInstance(id))?.supervised).to.equal(false);
      const s1 = await h.advanceTo('2026-05-31 09:00', id, (s) => s.supervised);
      expect(s1.listing).to.include({ by: 'system', reason: '超期挂牌督办（流程环节 handlingListing）' });
      const hr = await h.task(id, 'hearing'); // still open: the limit flags the case, it does not cancel work
      expect(hr.supervised).to.equal(true);
      await h.complete(id, 'hearing', 'liuyang', {
        noticeServedAt: shIso('2026-05-31 16:00'),
        heldAt: shIso('2026-06-08 09:30'),
        host: '刘洋',
        record: '当事人陈述意见，调查人员出示证据，双方质证',
      });
      const s2 = await h.complete(id, 'legalReview', 'huangtao', legalReview(false));
      expect(await h.openNodes(id)).to.deep.equal(['demolishOrder']);
      expect(Object.values(s2.timers).map((x) => x.nodeId)).to.not.include.members([
        'handlingLimitWarning',
        'handlingLimitReached',
      ]);
      const hist = await h.history(id);
      expect(historyActions(hist, 'handlingWarning')).to.include('service-completed');
      expect(historyActions(hist, 'handlingListing')).to.include('case-listed');
    });
  });

  it('the handling limit is place configuration: a unit’s own limit and warning lead, read at the case’s start', async () => {
    await scenario(FILE, KEY, async (h) => {
      // a unit's own limit (e.g. a local rule), read at the case's start: P60D, warned 5 days before
      // (registered 2026-03-02 09:00: warning 04-26 09:00, limit 05-01 09:00)
      const other = await toDetermination(
        h,
        'WJ-2026-0202',
        {},
        { handlingLimit: 'P60D', handlingWarnBefore: 'P5D' },
      );
      const s3 = await h.engine.getInstance(other);
      const due = (node: string) => local(Object.values(s3!.timers).find((x) => x.nodeId === node)?.dueAt);
      expect(due('handlingLimitWarning')).to.equal('2026-04-26 09:00');
      expect(due('handlingLimitReached')).to.equal('2026-05-01 09:00');
      // listed by hand before the limit: the step leaves that listing as it is (idempotent, no second 挂牌)
      await h.engine.apply(other, 'yangfan', (c, st) => superviseCase(c, st, '群众多次投诉'));
      const listed = await h.advanceTo('2026-05-01 09:00', other, async () =>
        (await h.history(other)).some(
          (x) => x.elementId === 'handlingListing' && x.action === 'service-completed',
        ),
      );
      expect(listed.listing).to.include({ by: 'yangfan', reason: '群众多次投诉' });
      const hist = await h.history(other);
      expect(hist.filter((x) => x.action === 'case-warning')).to.have.length(1);
      expect(hist.filter((x) => x.action === 'case-listed')).to.deep.equal([]);
      // a retried warning (same token) warns once
      const warnToken = hist.find((x) => x.action === 'case-warning');
      const call = {
        instanceId: other,
        tokenId: String((listed.variables.processWarnings as string[])[0]),
        nodeId: 'handlingWarning',
        workerType: 'case-warning',
        variables: {},
        idempotencyKey: 'retry',
      };
      await h.engine.services.get('case-warning')!(call);
      expect((await h.history(other)).filter((x) => x.action === 'case-warning')).to.have.length(1);
      expect(warnToken?.elementId).to.equal('handlingWarning');
      // decided: both timers went with the procedure; the case closes (and its listing with it)
      const s4 = await h.complete(other, 'determine', 'guoping', determine('not_illegal'));
      expect(s4.status).to.equal('completed');
      expect(flowsTaken(await h.history(other), 'determinationGw')).to.deep.equal(['f_noPenalty']);
    });
  });

  it('the handling limit extended with the 负责人’s approval (行政处罚法 art. 60): asked before the limit, approved with reason and approver, warning and limit re-timed; a second request refused keeps it; listed at the extended limit', async () => {
    await scenario(FILE, KEY, async (h) => {
      const id = await toDetermination(h, 'WJ-2026-0204');
      const limits = async () =>
        Object.fromEntries(
          Object.values((await h.engine.getInstance(id))!.timers)
            .filter((t) => t.nodeId.startsWith('handlingLimit'))
            .map((t) => [t.nodeId, local(t.dueAt)]),
        );
      // registered 2026-03-02 09:00: limit + 90 natural days, warned 10 days before
      const original = { handlingLimitWarning: '2026-05-21 09:00', handlingLimitReached: '2026-05-31 09:00' };
      expect(await limits()).to.deep.equal(original);
      const req = await h.task(id, 'handlingPeriod');
      expect(req).to.include({ name: '办案期限内申请延长', unit: STREET_XT, level: 'street' });
      expect(req.dueAt).to.equal(undefined); // no SLA: it lasts as long as the limit
      expect(await h.candidates(req)).to.deep.equal(['maojun']);
      await h.complete(id, 'determine', 'guoping', determine('not_correctable'));
      await h.complete(id, 'advanceNotice', 'maojun', advance());
      await h.complete(id, 'statementPeriod', 'maojun', {
        statementMade: true,
        statement: '要求听证',
        hearingRequested: true,
        hearingRequestedAt: shIso('2026-03-06 10:00'),
      });

      // the officer asks on Fri 05-15 (before the limit); the 负责人 decides within 3 working days
      h.clock.set(sh('2026-05-15 10:00'));
      const request = {
        extensionRequestedAt: shIso('2026-05-15 10:00'),
        extensionReasonType: 'appraisal',
        extensionReason: '加建部分面积有争议，需委托测绘机构测绘',
        extensionRequestedUntil: shIso('2026-06-30 17:00'),
      };
      await h.rejects(id, 'handlingPeriod', { ...request, extensionReason: '' }, ['/data/extensionReason']);
      await h.complete(id, 'handlingPeriod', 'maojun', request);
      const appr = await h.task(id, 'handlingExtension');
      expect(appr).to.include({ name: '延长办案期限审批', unit: STREET_XT, level: 'street' });
      expect(appr.candidateRoles).to.deep.equal(['supervisor']);
      expect(await h.candidates(appr)).to.deep.equal(['liuyang']);
      expect(local(appr.dueAt)).to.equal('2026-05-20 10:00'); // Mon 18, Tue 19, Wed 20
      expect(await limits()).to.deep.equal(original); // the limit runs on while the 负责人 decides
      const approval = {
        handlingExtensionApproved: true,
        handlingExtensionApprovedBy: '莘亭街道办事处主任',
        handlingExtensionDecidedAt: shIso('2026-05-18 10:00'),
        handlingExtensionOpinion: '需测绘，案情复杂，同意延长至 6 月 30 日',
      };
      await h.rejects(id, 'handlingExtension', approval, ['/data', '/data/handlingExtendedUntil']);
      await h.complete(id, 'handlingExtension', 'liuyang', {
        ...approval,
        handlingExtendedUntil: shIso('2026-06-30 17:00'),
      });
      const extended = { handlingLimitWarning: '2026-06-20 17:00', handlingLimitReached: '2026-06-30 17:00' };
      expect(await limits()).to.deep.equal(extended);
      expect(await h.openNodes(id)).to.deep.equal(['handlingPeriod', 'hearing']);

      // the original limit passes: neither warned nor listed
      await h.advanceTo('2026-05-31 09:00', id, async () => true);
      const quiet = await h.history(id);
      expect(quiet.filter((x) => ['case-warning', 'case-listed'].includes(x.action))).to.deep.equal([]);

      // a second request, refused: a refusal cannot carry a new limit, and the extended one stands
      h.clock.set(sh('2026-06-01 10:00'));
      await h.complete(id, 'handlingPeriod', 'maojun', {
        ...request,
        extensionRequestedAt: shIso('2026-06-01 10:00'),
        extensionRequestedUntil: shIso('2026-07-31 17:00'),
      });
      const refusal = {
        handlingExtensionApproved: false,
        handlingExtensionApprovedBy: '莘亭街道办事处主任',
        handlingExtensionDecidedAt: shIso('2026-06-02 10:00'),
        handlingExtensionOpinion: '测绘已完成，不同意再次延长',
      };
      await h.rejects(
        id,
        'handlingExtension',
        { ...refusal, handlingExtendedUntil: shIso('2026-07-31 17:00') },
        ['/data'],
      );
      await h.complete(id, 'handlingExtension', 'liuyang', refusal);
      expect(await limits()).to.deep.equal(extended);

      // warned ten days before the extended limit, listed at it; the limit ends the request, not the work
      await h.advanceTo('2026-06-20 17:00', id, async () =>
        (await h.history(id)).some((x) => x.action === 'case-warning'),
      );
      const listed = await h.advanceTo('2026-06-30 17:00', id, (s) => s.supervised);
      expect(listed.listing).to.include({ by: 'system', reason: '超期挂牌督办（流程环节 handlingListing）' });
      expect(await h.openNodes(id)).to.deep.equal(['hearing']);
      await h.complete(id, 'hearing', 'liuyang', {
        noticeServedAt: shIso('2026-06-30 17:30'),
        heldAt: shIso('2026-07-08 09:30'),
        host: '刘洋',
        record: '当事人陈述意见，调查人员出示证据，双方质证',
      });
      const decided = await h.complete(id, 'legalReview', 'huangtao', legalReview(false));
      expect(await h.openNodes(id)).to.deep.equal(['demolishOrder']);
      expect(Object.keys(await limits())).to.deep.equal([]);
      expect(decided.variables).to.include({ handlingExtensionApproved: false });
      const hist = await h.history(id);
      expect(flowsTaken(hist, 'handlingClock')).to.deep.equal(['f_extensionDecided', 'f_extensionDecided']);
      expect(hist.filter((x) => x.action === 'case-warning')).to.have.length(1);
      expect(historyActions(hist, 'handlingLimitReached')).to.include('timer-fired');
      const decisions = hist
        .filter((x) => x.elementId === 'handlingExtension' && x.action === 'task-completed')
        .map((x) => x.actor);
      expect(decisions).to.deep.equal(['liuyang', 'liuyang']);
    });
  });

  it('two enforcement officers must be two different people (行政处罚法 art. 42)', async () => {
    await scenario(FILE, KEY, async (h) => {
      const s = await h.start('WJ-2026-0203');
      await h.complete(s._id, 'discover', 'wangwei', discovery());
      await h.complete(s._id, 'register', 'maojun', {
        caseNo: '莘城管立〔2026〕31号',
        registeredAt: shIso('2026-03-02 09:00'),
        approvedBy: '莘亭街道综合行政执法队负责人',
      });
      await h.rejects(s._id, 'investigate', { ...investigation, officer2: ' 毛军 ' }, ['/data/officer2']);
      await h.rejects(s._id, 'investigate', { ...investigation, officer2CertNo: '31011700123' }, [
        '/data/officer2CertNo',
      ]);
      await h.complete(s._id, 'investigate', 'maojun', investigation);
      expect(await h.openNodes(s._id)).to.deep.equal(['determine', 'handlingPeriod']);
    });
  });

  it('not a violation: closed after the determination; a statement found right at the 催告 review stops the enforcement', async () => {
    await scenario(FILE, KEY, async (h) => {
      const a = await toDetermination(h, 'WJ-2026-0103');
      const closed = await h.complete(a, 'determine', 'guoping', determine('not_illegal'));
      expect(closed.status).to.equal('completed');
      expect(flowsTaken(await h.history(a), 'determinedGw')).to.deep.equal(['f_notIllegal']);

      const b = await toDetermination(h, 'WJ-2026-0104');
      await h.complete(b, 'determine', 'guoping', determine('not_correctable'));
      await decide(h, b);
      await h.complete(b, 'demolishOrder', 'maojun', demolishOrder('2026-03-20 17:00'));
      await h.advanceTo('2026-03-20 17:00', b, async () => (await h.open(b)).length > 0);
      await h.complete(b, 'verifySelfDemolition', 'sunli', verify('not_done'));
      await h.complete(b, 'urgeNotice', 'maojun', urge('2026-03-27 17:00'));
      await h.advanceTo('2026-03-27 17:00', b, async () => (await h.open(b)).length > 0);
      const done = await h.complete(b, 'urgeReview', 'maojun', {
        statementMade: true,
        reviewResult: 'accepted',
        opinion: '当事人提交的规划许可证明属实，拆除决定依据不足',
      });
      expect(done.status).to.equal('completed');
      const hist = await h.history(b);
      expect(flowsTaken(hist, 'urgeReviewGw')).to.deep.equal(['f_statementAccepted']);
      expect(historyActions(hist, 'publicNotice')).to.deep.equal([]);
    });
  });

  it('coverage: every flow node reached and every sequence flow taken by some scenario above', async () => {
    const missing = await coverageReport(FILE, KEY);
    expect(missing.nodes, 'flow nodes never reached').to.deep.equal([]);
    expect(missing.flows, 'sequence flows never taken').to.deep.equal([]);
  });
});
