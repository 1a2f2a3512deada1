// 矛盾纠纷调解 (processes/dispute-mediation.bpmn): scenario tests through the programmatic API.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'chai';
import { PROCESSES_DIR } from '../../engine/engine.js';
import { DISTRICT, GRID1, MINGTIAN, STREET_XT, testEngine } from '../helpers/engine.js';
import {
  checkModel,
  coverageReport,
  deployDecisions,
  deployFile,
  Harness,
  flowsTaken,
  historyActions,
  local,
  scenario,
  sh,
  shIso,
} from './harness.js';

const FILE = 'dispute-mediation.bpmn';
const KEY = 'dispute_mediation';

const intake = (over: Record<string, unknown> = {}) => ({
  parties: [
    { name: '张建国', side: 'applicant', phone: '13800001111' },
    { name: '李秀英', side: 'respondent', phone: '13900002222' },
  ],
  disputeType: 'neighbour',
  source: 'patrol',
  description: '楼上住户装修漏水导致楼下天花板受损，双方就赔偿发生争执',
  location: '明天社区3号楼',
  ...over,
});
const settled = { mediationResult: 'settled', sessions: 2, summary: '双方达成一致意见' };
const failed = (nextStep: string) => ({
  mediationResult: 'failed',
  nextStep,
  summary: '双方分歧较大，调解不成',
});
const agreement = (wantsJudicialConfirmation: boolean) => ({
  agreementNo: '明调〔2026〕15号',
  signedAt: shIso('2026-03-04 10:00'),
  terms: '被申请人于十日内赔偿维修费用三千元，申请人放弃其他请求',
  allPartiesSigned: true,
  wantsJudicialConfirmation,
});
const followUp = {
  visitedAt: shIso('2026-03-10 10:00'),
  agreementPerformed: 'fully',
  satisfaction: 'satisfied',
};
/** A mediator's record that raises the dispute to high risk. */
const turnsHighRisk = (result: Record<string, unknown>) => ({
  ...result,
  riskLevel: 'high',
  riskFactors: ['violence_threat'],
  summary: '调解中一方扬言报复，情绪激动',
});
const referral = (referralType: string, referredTo: string) => ({
  referralType,
  referredTo,
  referredAt: shIso('2026-03-10 10:00'),
});

/** Starts a dispute and completes intake and the risk assessment. */
async function assessed(h: Harness, bk: string, riskLevel = 'low', over: Record<string, unknown> = {}) {
  const s = await h.start(bk);
  await h.complete(s._id, 'intake', 'wangwei', intake(over));
  await h.complete(s._id, 'riskAssess', 'wangwei', { riskLevel, assessment: '一般民间纠纷，暂无激化迹象' });
  return s._id;
}

describe('process 矛盾纠纷调解 (dispute_mediation)', function () {
  this.timeout(20000);

  it('model: executable, laid out, Chinese names, a form per user task', async () => {
    await scenario(FILE, KEY, async (h) => {
      await checkModel(FILE, KEY, h.engine.forms.keys());
    });
  });

  it('settled at the grid: agreement, follow-up visit, closed; no judicial confirmation wanted', async () => {
    await scenario(FILE, KEY, async (h) => {
      const s0 = await h.start('TJ-2026-0001');
      await h.rejects(
        s0._id,
        'intake',
        { parties: [{ name: '张建国' }], disputeType: 'noise', description: '太吵' },
        ['/data/parties', '/data/parties/0/side', '/data/disputeType', '/data/description'],
      );
      // time limits are deployment configuration (start variables or the model's defaults), not form input
      await h.rejects(s0._id, 'intake', intake({ gridMediationSla: 'P30D' }), ['/data']);
      const s1 = await h.complete(s0._id, 'intake', 'wangwei', intake());
      expect(s1.variables).to.not.have.any.keys('gridMediationSla', 'mediationPeriod');
      const risk = await h.task(s0._id, 'riskAssess');
      expect(risk).to.include({ unit: GRID1, level: 'grid' });
      expect(local(risk.dueAt)).to.equal('2026-03-03 09:00');
      expect(local(risk.warnDueAt)).to.equal('2026-03-02 14:00');
      await h.complete(s0._id, 'riskAssess', 'wangwei', {
        riskLevel: 'low',
        assessment: '一般邻里纠纷，无激化迹象',
      });

      const med = await h.task(s0._id, 'gridMediation');
      expect(med).to.include({ name: '网格调解', unit: GRID1, level: 'grid' });
      expect(med.sla).to.deep.equal({ duration: 'P5D', calendar: 'workday' });
      expect(local(med.dueAt)).to.equal('2026-03-09 09:00');
      const inSub = await h.engine.waitForIdle(s0._id);
      const ext = Object.values(inSub.timers).find((x) => x.nodeId === 'extensionTimer');
      expect(local(ext?.dueAt)).to.equal('2026-04-01 09:00'); // one month (30 natural days) of mediation

      h.clock.set(Date.parse('2026-03-04T02:00:00Z')); // Wed 10:00
      await h.complete(s0._id, 'gridMediation', 'wangwei', settled);
      const ag = await h.task(s0._id, 'agreement');
      expect(ag).to.include({ unit: MINGTIAN, level: 'community' });
      expect(await h.candidates(ag)).to.deep.equal(['zhoujie']);
      expect(local(ag.dueAt)).to.equal('2026-03-09 10:00');
      await h.rejects(s0._id, 'agreement', { ...agreement(false), allPartiesSigned: false, terms: '赔钱' }, [
        '/data/allPartiesSigned',
        '/data/terms',
      ]);
      const s2 = await h.complete(s0._id, 'agreement', 'zhoujie', agreement(false));
      expect(Object.values(s2.timers).some((x) => x.nodeId === 'extensionTimer')).to.equal(false);
      expect(await h.openNodes(s0._id)).to.deep.equal(['followUp']);
      const fu = await h.task(s0._id, 'followUp');
      expect(fu.unit).to.equal(GRID1);
      expect(local(fu.dueAt)).to.equal('2026-03-18 10:00');
      const done = await h.complete(s0._id, 'followUp', 'wangwei', followUp);
      expect(done.status).to.equal('completed');
      const hist = await h.history(s0._id);
      expect(historyActions(hist, 'judicialWait')).to.deep.equal([]);
      expect(historyActions(hist, 'agreementJoin')).to.include('join-fired');
      expect(hist.filter((x) => x.action === 'task-completed').map((x) => x.elementId)).to.deep.equal([
        'intake',
        'riskAssess',
        'gridMediation',
        'agreement',
        'followUp',
      ]);
    });
  });

  it('escalated by timeout to the community, refused there, settled by the street; judicial-confirmation reminder', async () => {
    await scenario(FILE, KEY, async (h) => {
      const s0 = await h.start('TJ-2026-0002');
      await h.complete(s0._id, 'intake', 'wangwei', intake({ disputeType: 'family' }));
      await h.complete(s0._id, 'riskAssess', 'wangwei', {
        riskLevel: 'medium',
        assessment: '家庭矛盾，情绪较激动',
      });

      // grid mediation overdue: the task climbs to the community with the rung's 3 working days
      await h.advanceTo(
        '2026-03-09 09:00',
        s0._id,
        async () => (await h.task(s0._id, 'gridMediation')).level === 'community',
      );
      const up = await h.task(s0._id, 'gridMediation');
      expect(up).to.include({ unit: MINGTIAN, level: 'community', slaState: 'escalated' });
      expect(up.candidateRoles).to.deep.equal(['handler']);
      expect(await h.candidates(up)).to.deep.equal(['zhoujie']);
      expect(local(up.dueAt)).to.equal('2026-03-12 09:00');
      const esc = await h.escalations(s0._id);
      expect(esc.map((e) => [e.nodeId, e.fromLevel, e.toLevel, e.toUnit])).to.deep.equal([
        ['gridMediation', 'grid', 'community', MINGTIAN],
      ]);

      h.clock.set(Date.parse('2026-03-09T02:00:00Z')); // Mon 10:00
      await h.rejects(
        s0._id,
        'gridMediation',
        { mediationResult: 'failed', summary: '双方分歧较大，调解不成' },
        ['/data', '/data/nextStep'],
      );
      await h.complete(s0._id, 'gridMediation', 'zhoujie', failed('escalate'));
      const cm = await h.task(s0._id, 'communityMediation');
      expect(cm).to.include({ name: '社区人民调解委员会调解', unit: MINGTIAN, level: 'community' });
      expect(cm.candidateRoles).to.deep.equal(['mediator']);
      expect(local(cm.dueAt)).to.equal('2026-03-23 10:00'); // 10 working days

      h.clock.set(Date.parse('2026-03-10T02:00:00Z')); // Tue 10:00: the parties refuse the committee's proposal
      await h.complete(s0._id, 'communityMediation', 'zhoujie', failed('escalate'));
      const st = await h.task(s0._id, 'streetMediation');
      expect(st).to.include({ unit: STREET_XT, level: 'street' });
      expect(st.candidateRoles).to.deep.equal(['judicial', 'mediator']);
      expect(await h.candidates(st)).to.deep.equal(['huangtao']);
      expect(local(st.dueAt)).to.equal('2026-03-31 10:00'); // 15 working days

      h.clock.set(Date.parse('2026-03-20T02:00:00Z')); // Fri 03-20 10:00
      const settledAt = await h.complete(s0._id, 'streetMediation', 'huangtao', {
        ...settled,
        departments: ['莘亭派出所'],
      });
      expect(settledAt.variables).to.include({ mediatedUnit: STREET_XT, mediatedLevel: 'street' });
      // the committee that mediated draws up and stamps the agreement (人民调解法 arts. 28–29): the street's
      // committee (司法所), not the community's; only the street's mediators see it
      const ag = await h.task(s0._id, 'agreement');
      expect(ag).to.include({ unit: STREET_XT, level: 'street' });
      expect(await h.candidates(ag)).to.deep.equal(['huangtao']);
      expect(await h.engine.org.usersWithRoles(MINGTIAN, ag.candidateRoles)).to.not.include('huangtao');
      // the agreement was signed on Wed 03-18 but the task is completed two days later: the 30-day period of
      // 民诉法 art. 205 runs from signing, so the reminder comes 25 natural days after signedAt, not after the task
      h.clock.set(Date.parse('2026-03-20T06:00:00Z')); // Fri 14:00
      const s1 = await h.complete(s0._id, 'agreement', 'huangtao', {
        ...agreement(true),
        signedAt: shIso('2026-03-18 10:00'),
      });
      expect(await h.openNodes(s0._id)).to.deep.equal(['followUp']);
      const remind = Object.values(s1.timers).find((x) => x.nodeId === 'judicialWait');
      expect(local(remind?.dueAt)).to.equal('2026-04-12 10:00'); // 03-18 10:00 + 25 days, before 04-17
      await h.complete(s0._id, 'followUp', 'wangwei', followUp);
      expect((await h.engine.waitForIdle(s0._id)).status).to.equal('active'); // join waits for the reminder branch

      h.clock.set(Date.parse('2026-04-12T01:59:00Z'));
      expect(await h.engine.fireDueTimers()).to.equal(0);
      await h.advanceTo('2026-04-12 10:00', s0._id, async () => (await h.open(s0._id)).length > 0);
      // the reminder and the court's ruling stay with the committee that made the agreement (its court, art. 205)
      const jr = await h.task(s0._id, 'judicialReminder');
      expect(jr).to.include({ unit: STREET_XT });
      expect(await h.candidates(jr)).to.deep.equal(['huangtao']);
      expect(local(jr.dueAt)).to.equal('2026-04-14 10:00');
      await h.rejects(s0._id, 'judicialReminder', { applied: true }, [
        '/data',
        '/data/court',
        '/data/appliedAt',
      ]);
      await h.complete(s0._id, 'judicialReminder', 'huangtao', {
        applied: true,
        court: '临江区人民法院',
        appliedAt: shIso('2026-04-14 15:00'),
      });
      // 诉调对接: the committee records the court's ruling; 15 days from acceptance, 10 more by the president
      const jo = await h.task(s0._id, 'judicialOutcome');
      expect(jo).to.include({ name: '司法确认结果登记（诉调对接）', unit: STREET_XT, level: 'street' });
      expect(jo.sla).to.deep.equal({ duration: 'P25D', calendar: 'natural' });
      expect(local(jo.dueAt)).to.equal('2026-05-07 10:00'); // 04-12 10:00 + 25 natural days
      const done = await h.complete(s0._id, 'judicialOutcome', 'huangtao', {
        courtAcceptedAt: shIso('2026-04-15 10:00'),
        courtDecision: 'confirmed',
        rulingNo: '（2026）沪0117民特12号',
        ruledAt: shIso('2026-04-24 10:00'),
      });
      expect(done.status).to.equal('completed');
      expect(flowsTaken(await h.history(s0._id), 'confirmGw')).to.deep.equal(['f_confirmed']);
      const hist = await h.history(s0._id);
      expect(historyActions(hist, 'judicialWait')).to.include('timer-fired');
      expect(historyActions(hist, 'extensionTimer')).to.not.include('timer-fired'); // concluded within the month
      expect(historyActions(hist, 'gridMediation')).to.include('escalated');
    });
  });

  it('high risk skips levels to the street with district stability control; a month passes → both consent to extend; the extended deadline asks again; the district settles', async () => {
    await scenario(FILE, KEY, async (h) => {
      const s0 = await h.start('TJ-2026-0003');
      await h.complete(
        s0._id,
        'intake',
        'wangwei',
        intake({
          disputeType: 'land',
          involvedCount: 40,
          parties: [
            { name: '朱家村第三村民小组', side: 'applicant' },
            { name: '临江某置业公司', side: 'respondent' },
          ],
          description: '村民小组与企业就土地征收补偿发生争执，部分村民扬言阻工',
        }),
      );
      await h.rejects(s0._id, 'riskAssess', { riskLevel: 'high', assessment: '有群体性事件苗头' }, [
        '/data',
        '/data/riskFactors',
      ]);
      await h.complete(s0._id, 'riskAssess', 'wangwei', {
        riskLevel: 'high',
        riskFactors: ['group_incident', 'violence_threat'],
        assessment: '有群体性事件苗头',
      });
      // reported up at once: the escalation is caught on 分级调解 (district stability control beside it)
      // and the mediation skips grid and community
      expect(await h.openNodes(s0._id)).to.deep.equal(['stabilityControl', 'streetMediation']);
      const hist1 = await h.history(s0._id);
      expect(hist1.find((x) => x.action === 'escalation-thrown')).to.include({ elementId: 'reportHighRisk' });
      expect(hist1.find((x) => x.action === 'escalation-caught')).to.include({ elementId: 'highRiskCaught' });
      const stab = await h.task(s0._id, 'stabilityControl');
      expect(stab).to.include({ unit: DISTRICT, level: 'district' });
      expect(await h.candidates(stab)).to.deep.equal(['yangfan']);
      expect(local(stab.dueAt)).to.equal('2026-03-03 09:00'); // 24 natural hours
      const st = await h.task(s0._id, 'streetMediation');
      expect(st).to.include({ unit: STREET_XT, level: 'street' });
      expect(local(st.dueAt)).to.equal('2026-03-23 09:00');
      // art. 25: the report to the 公安机关 (or another authority) is part of the record
      await h.rejects(
        s0._id,
        'stabilityControl',
        { measures: '联合驻点稳控', responsibleUnits: ['莘亭街道'], stabilized: true },
        ['/data/reportedTo', '/data/reportedAt'],
      );
      await h.complete(s0._id, 'stabilityControl', 'yangfan', {
        measures: '派出所、街道联合驻点稳控，暂停施工',
        reportedTo: '莘亭派出所',
        reportedAt: shIso('2026-03-02 09:30'),
        responsibleUnits: ['莘亭派出所', '莘亭街道'],
        stabilized: true,
      });
      expect(await h.openNodes(s0._id)).to.deep.equal(['streetMediation']);

      // street mediation overdue → district (the task keeps its roles; 区 mediator)
      await h.advanceTo(
        '2026-03-23 09:00',
        s0._id,
        async () => (await h.task(s0._id, 'streetMediation')).level === 'district',
      );
      const up = await h.task(s0._id, 'streetMediation');
      expect(up).to.include({ unit: DISTRICT, slaState: 'escalated' });
      expect(await h.candidates(up)).to.deep.equal(['yangfan']);
      expect(local(up.dueAt)).to.equal('2026-04-07 09:00'); // 10 working days, 清明 04-04..06 skipped

      // a month of mediation: consent of both parties recorded, with the date the extension runs to
      await h.advanceTo('2026-04-01 09:00', s0._id, async () => (await h.open(s0._id)).length === 2);
      expect(await h.openNodes(s0._id)).to.deep.equal(['extensionConfirm', 'streetMediation']);
      // the street's committee mediates (the high-risk dispute skipped grid and community): it asks the parties
      const ex = await h.task(s0._id, 'extensionConfirm');
      expect(ex).to.include({ unit: STREET_XT, level: 'street' });
      expect(await h.candidates(ex)).to.deep.equal(['huangtao']);
      // P2D on the working-day calendar: Wed 04-01 09:00 → Fri 04-03 09:00
      expect(local(ex.dueAt)).to.equal('2026-04-03 09:00');
      await h.rejects(s0._id, 'extensionConfirm', { applicantConsent: 'yes', reason: '需进一步协商' }, [
        '/data/applicantConsent',
        '/data/respondentConsent',
        '/data/consentRecordedAt',
      ]);
      const consent = (at: string, until?: string) => ({
        applicantConsent: true,
        respondentConsent: true,
        consentRecordedAt: shIso(at),
        ...(until ? { extendedUntil: shIso(until) } : {}),
        reason: '补偿标准需待评估报告',
      });
      await h.rejects(s0._id, 'extensionConfirm', consent('2026-04-01 10:00'), [
        '/data',
        '/data/extendedUntil',
      ]);
      // the limit is 受理 (03-02 09:00) + 30 days = 04-01 09:00; an extension must end after it, and at most
      // mediationExtensionMax (default P30D) after it: 05-01 09:00
      const before = await h.engine.waitForIdle(s0._id);
      expect(before.variables.mediationLimit).to.equal('2026-04-01T01:00:00Z');
      const early = await h.rejects(
        s0._id,
        'extensionConfirm',
        consent('2026-04-01 10:00', '2026-04-01 09:00'),
        ['/data/extendedUntil'],
      );
      expect(early.reason).to.equal('form.invalid');
      expect(early.details).to.deep.equal([
        {
          path: '/data/extendedUntil',
          message: "does not meet the step's condition",
          code: 'field.formatExclusiveMinimum',
          params: { field: 'extendedUntil', limit: '2026-04-01T01:00:00Z' },
        },
      ]);
      const far = await h.rejects(
        s0._id,
        'extensionConfirm',
        consent('2026-04-01 10:00', '2026-05-01 09:01'),
        ['/data/extendedUntil'],
      );
      expect(
        far.details.map((d) => [(d as { code?: string }).code, (d as { params?: object }).params]),
      ).to.deep.equal([['field.formatMaximum', { field: 'extendedUntil', limit: '2026-05-01T01:00:00Z' }]]);
      // refused: nothing changed on the case
      const after = await h.engine.waitForIdle(s0._id);
      expect(after.variables).to.deep.equal(before.variables);
      expect(Object.values(after.timers).some((x) => x.nodeId === 'extensionDeadline')).to.equal(false);
      expect(await h.openNodes(s0._id)).to.deep.equal(['extensionConfirm', 'streetMediation']);
      const ext1 = await h.complete(
        s0._id,
        'extensionConfirm',
        'huangtao',
        consent('2026-04-01 10:00', '2026-04-30 17:00'),
      );
      expect(ext1.variables.mediationLimit).to.equal(shIso('2026-04-30 17:00'));
      expect(await h.openNodes(s0._id)).to.deep.equal(['streetMediation']);
      expect(local(Object.values(ext1.timers).find((x) => x.nodeId === 'extensionDeadline')?.dueAt)).to.equal(
        '2026-04-30 17:00',
      );

      await h.complete(s0._id, 'streetMediation', 'yangfan', failed('escalate'));
      const dm = await h.task(s0._id, 'districtMediation');
      expect(dm).to.include({ unit: DISTRICT, level: 'district' });
      expect(await h.candidates(dm)).to.deep.equal(['yangfan']);

      // the extended mediation still has a deadline: when it passes, consent is asked again
      await h.advanceTo('2026-04-30 17:00', s0._id, async () =>
        (await h.openNodes(s0._id)).includes('extensionConfirm'),
      );
      expect(await h.openNodes(s0._id)).to.deep.equal(['districtMediation', 'extensionConfirm']);
      // now the district centre mediates and asks; the limit is the extended one (04-30 17:00), so the cap is
      // 05-30 17:00. P2D of working days from Thu 04-30 17:00: 劳动节 05-01..05 is skipped → Thu 05-07 17:00
      const ex2 = await h.task(s0._id, 'extensionConfirm');
      expect(ex2).to.include({ unit: DISTRICT, level: 'district' });
      expect(await h.candidates(ex2)).to.deep.equal(['yangfan']);
      expect(local(ex2.dueAt)).to.equal('2026-05-07 17:00');
      await h.rejects(s0._id, 'extensionConfirm', consent('2026-04-30 17:00', '2026-04-30 12:00'), [
        '/data/extendedUntil',
      ]);
      await h.rejects(s0._id, 'extensionConfirm', consent('2026-04-30 17:00', '2026-05-31 17:00'), [
        '/data/extendedUntil',
      ]);
      await h.complete(
        s0._id,
        'extensionConfirm',
        'yangfan',
        consent('2026-04-30 17:00', '2026-05-29 17:00'),
      );
      h.clock.set(Date.parse('2026-05-08T02:00:00Z')); // Fri 05-08 10:00
      const s1 = await h.complete(s0._id, 'districtMediation', 'yangfan', {
        ...settled,
        departments: ['区规划资源局', '区人社局'],
      });
      // settled: 分级调解 ends and takes its deadline watch with it
      expect(Object.values(s1.timers).some((x) => x.nodeId === 'extensionDeadline')).to.equal(false);
      expect(await h.openNodes(s0._id)).to.deep.equal(['agreement']);
      // the district centre settled it: it makes the agreement, only its mediators see the task
      const ag = await h.task(s0._id, 'agreement');
      expect(ag).to.include({ unit: DISTRICT, level: 'district' });
      expect(await h.candidates(ag)).to.deep.equal(['yangfan']);
      await h.complete(s0._id, 'agreement', 'yangfan', agreement(false));
      const done = await h.complete(s0._id, 'followUp', 'wangwei', followUp);
      expect(done.status).to.equal('completed');
      const hist = await h.history(s0._id);
      for (const skipped of ['gridMediation', 'communityMediation', 'referral'])
        expect(historyActions(hist, skipped), skipped).to.deep.equal([]);
      expect(historyActions(hist, 'extensionTimer')).to.include('timer-fired');
      expect(historyActions(hist, 'extensionDeadline')).to.include('timer-fired');
      expect(flowsTaken(hist, 'extensionGw')).to.deep.equal(['f_extended', 'f_extended']);
      expect(flowsTaken(hist, 'districtResultGw')).to.deep.equal(['f_districtSettled']);
      expect((await h.escalations(s0._id)).map((e) => [e.nodeId, e.fromLevel, e.toLevel])).to.deep.equal([
        ['streetMediation', 'street', 'district'],
      ]);
    });
  });

  it('the one-month clock runs from 受理 (人民调解工作若干规定): warned five days before, marked overdue at the month, then the parties are asked to extend', async () => {
    await scenario(FILE, KEY, async (h) => {
      const s0 = await h.start('TJ-2026-0011');
      // 受理 on Mon 03-02 09:00: both timers run from here, before the risk assessment
      const s1 = await h.complete(s0._id, 'intake', 'wangwei', intake());
      const due = (s: typeof s1, node: string) =>
        local(Object.values(s.timers).find((x) => x.nodeId === node)?.dueAt);
      expect(due(s1, 'mediationWarnTimer')).to.equal('2026-03-27 09:00'); // + 30 − 5 natural days
      expect(due(s1, 'extensionTimer')).to.equal('2026-04-01 09:00'); // + 30 natural days
      expect(await h.openNodes(s0._id)).to.deep.equal(['riskAssess']);
      h.clock.set(sh('2026-03-03 15:00')); // the assessment a day later does not move the clock
      const s2 = await h.complete(s0._id, 'riskAssess', 'wangwei', {
        riskLevel: 'low',
        assessment: '一般邻里纠纷',
      });
      expect(due(s2, 'extensionTimer')).to.equal('2026-04-01 09:00');

      const warnings = async () =>
        (await h.history(s0._id))
          .filter((x) => x.action === 'case-warning')
          .map((x) => [x.elementId, (x.details as { reason?: string } | undefined)?.reason, local(x.at)]);
      await h.advanceTo('2026-03-27 09:00', s0._id, async () => (await warnings()).length === 1);
      expect(await warnings()).to.deep.equal([
        ['mediationWarning', '调解期限预警（流程环节 mediationWarning）', '2026-03-27 09:00'],
      ]);
      await h.advanceTo('2026-04-01 09:00', s0._id, async () =>
        (await h.openNodes(s0._id)).includes('extensionConfirm'),
      );
      expect((await warnings())[1]).to.deep.equal([
        'mediationOverdue',
        '调解满一个月未调结（超期）（流程环节 mediationOverdue）',
        '2026-04-01 09:00',
      ]);
      const notes = await h.engine.store
        .collection<{ _id: string; kind: string; message?: { type: string; params?: { reason?: string } } }>(
          'notifications',
        )
        .find({ kind: 'warning' });
      expect(notes.map((n) => n.message?.params?.reason)).to.include(
        '调解满一个月未调结（超期）（流程环节 mediationOverdue）',
      );
      const hist = await h.history(s0._id);
      expect(historyActions(hist, 'extensionTimer')).to.include('timer-fired');
      expect(historyActions(hist, 'mediationWarnTimer')).to.include('timer-fired');
    });
  });

  it('诉调对接 (民诉法 arts. 205–206, 人民调解法 art. 33): refused confirmation → a new agreement by the committee, applied again and refused → the parties sue; not applied → closed', async () => {
    await scenario(FILE, KEY, async (h) => {
      const id = await assessed(h, 'TJ-2026-0012');
      h.clock.set(sh('2026-03-04 10:00'));
      await h.complete(id, 'gridMediation', 'wangwei', settled);
      const s1 = await h.complete(id, 'agreement', 'zhoujie', agreement(true));
      expect(local(Object.values(s1.timers).find((x) => x.nodeId === 'judicialWait')?.dueAt)).to.equal(
        '2026-03-29 10:00',
      );
      await h.complete(id, 'followUp', 'wangwei', followUp);
      await h.advanceTo('2026-03-29 10:00', id, async () =>
        (await h.openNodes(id)).includes('judicialReminder'),
      );
      await h.complete(id, 'judicialReminder', 'zhoujie', {
        applied: true,
        court: '临江区人民法院',
        appliedAt: shIso('2026-03-30 10:00'),
      });
      const jo = await h.task(id, 'judicialOutcome');
      expect(await h.candidates(jo)).to.deep.equal(['zhoujie']);
      expect(local(jo.dueAt)).to.equal('2026-04-23 10:00'); // 03-29 10:00 + 25 natural days
      const refused = {
        courtAcceptedAt: shIso('2026-03-31 10:00'),
        courtDecision: 'refused',
        rulingNo: '（2026）沪0117民特20号',
        ruledAt: shIso('2026-04-09 10:00'),
      };
      await h.rejects(id, 'judicialOutcome', refused, ['/data', '/data/refusalReason', '/data/afterRefusal']);
      h.clock.set(sh('2026-04-10 10:00')); // Fri
      await h.complete(id, 'judicialOutcome', 'zhoujie', {
        ...refused,
        refusalReason: '协议约定的赔偿涉及案外人权益',
        afterRefusal: 'remediate',
      });
      const rv = await h.task(id, 'agreementRevision');
      expect(rv).to.include({ name: '变更原协议或达成新协议', unit: MINGTIAN, level: 'community' });
      expect(await h.candidates(rv)).to.deep.equal(['zhoujie']);
      // 10 working days: Mon 13 … Fri 17, Mon 20 … Fri 24
      expect(local(rv.dueAt)).to.equal('2026-04-24 10:00');
      const s2 = await h.complete(id, 'agreementRevision', 'zhoujie', {
        revisionType: 'new',
        agreementNo: '明调〔2026〕21号',
        signedAt: shIso('2026-04-14 10:00'),
        terms: '被申请人于十日内赔偿维修费用两千五百元，不涉及案外人',
        allPartiesSigned: true,
        wantsJudicialConfirmation: true,
      });
      // the 30 days run again from the new agreement: the reminder 25 days after it
      expect(local(Object.values(s2.timers).find((x) => x.nodeId === 'judicialWait')?.dueAt)).to.equal(
        '2026-05-09 10:00',
      );
      await h.advanceTo('2026-05-09 10:00', id, async () =>
        (await h.openNodes(id)).includes('judicialReminder'),
      );
      await h.complete(id, 'judicialReminder', 'zhoujie', {
        applied: true,
        court: '临江区人民法院',
        appliedAt: shIso('2026-05-11 10:00'),
      });
      const done = await h.complete(id, 'judicialOutcome', 'zhoujie', {
        ...refused,
        rulingNo: '（2026）沪0117民特31号',
        ruledAt: shIso('2026-05-20 10:00'),
        refusalReason: '申请人撤回确认申请后另行起诉',
        afterRefusal: 'litigate',
      });
      expect(done.status).to.equal('completed');
      const hist = await h.history(id);
      expect(flowsTaken(hist, 'judicialGw')).to.deep.equal(['f_judicialYes', 'f_judicialYes']);
      expect(flowsTaken(hist, 'confirmGw')).to.deep.equal(['f_reMediate', 'f_toLitigation']);

      // parties who meant to apply but did not: nothing to record from the court
      const other = await assessed(h, 'TJ-2026-0013');
      await h.complete(other, 'gridMediation', 'wangwei', settled);
      await h.complete(other, 'agreement', 'zhoujie', {
        ...agreement(true),
        signedAt: shIso('2026-05-20 10:00'),
      });
      await h.complete(other, 'followUp', 'wangwei', followUp);
      await h.advanceTo('2026-06-14 10:00', other, async () =>
        (await h.openNodes(other)).includes('judicialReminder'),
      );
      const closed = await h.complete(other, 'judicialReminder', 'zhoujie', {
        applied: false,
        note: '双方表示自愿履行，不申请司法确认',
      });
      expect(closed.status).to.equal('completed');
      expect(flowsTaken(await h.history(other), 'appliedGw')).to.deep.equal(['f_notApplied']);
    });
  });

  it('extension declined: mediation ends at once (the open grid mediation is withdrawn) and the parties are referred to arbitration', async () => {
    await scenario(FILE, KEY, async (h) => {
      const id = await assessed(h, 'TJ-2026-0004', 'low', { disputeType: 'labour_wage' });
      const med = await h.task(id, 'gridMediation');
      await h.advanceTo('2026-04-01 09:00', id, async () =>
        (await h.openNodes(id)).includes('extensionConfirm'),
      );
      const s1 = await h.complete(id, 'extensionConfirm', 'zhoujie', {
        applicantConsent: true,
        respondentConsent: false,
        consentRecordedAt: shIso('2026-04-01 10:00'),
        reason: '被申请人不同意延期',
      });
      // 终止调解: the escalation end interrupts 分级调解; nobody has to close the grid mediation by hand
      expect(await h.openNodes(id)).to.deep.equal(['referral']);
      expect((await h.engine.getTask(med._id))?.status).to.equal('cancelled');
      expect(Object.values(s1.timers).filter((x) => x.purpose === 'catch')).to.deep.equal([]);
      await h.complete(
        id,
        'referral',
        'huangtao',
        referral('labour_arbitration', '临江区劳动人事争议仲裁委员会'),
      );
      const done = await h.engine.waitForIdle(id);
      expect(done.status).to.equal('completed');
      const hist = await h.history(id);
      expect(historyActions(hist, 'extensionDeclinedEnd')).to.include.members(['end', 'escalation-thrown']);
      expect(historyActions(hist, 'mediationTerminated')).to.include('escalation-caught');
      expect(historyActions(hist, 'communityMediation')).to.deep.equal([]);
      expect(historyActions(hist, 'outcomeGw')).to.deep.equal([]);
    });
  });

  it('the community committee settles one dispute; parties choosing litigation at the community or at the grid are referred', async () => {
    await scenario(FILE, KEY, async (h) => {
      const a = await assessed(h, 'TJ-2026-0005');
      const b = await assessed(h, 'TJ-2026-0006', 'medium', { disputeType: 'property' });
      const c = await assessed(h, 'TJ-2026-0009', 'low', { disputeType: 'family' });
      await h.complete(c, 'gridMediation', 'wangwei', failed('referral'));
      expect(await h.openNodes(c)).to.deep.equal(['referral']);
      await h.complete(c, 'referral', 'huangtao', referral('litigation', '临江区人民法院'));
      expect(flowsTaken(await h.history(c), 'gridResultGw')).to.deep.equal(['f_gridReferral']);

      for (const id of [a, b]) await h.complete(id, 'gridMediation', 'wangwei', failed('escalate'));
      await h.complete(a, 'communityMediation', 'zhoujie', settled);
      expect(await h.openNodes(a)).to.deep.equal(['agreement']);
      await h.complete(a, 'agreement', 'zhoujie', agreement(false));
      expect((await h.complete(a, 'followUp', 'wangwei', followUp)).status).to.equal('completed');

      await h.complete(b, 'communityMediation', 'zhoujie', failed('referral'));
      expect(await h.openNodes(b)).to.deep.equal(['referral']);
      const done = await h.complete(b, 'referral', 'huangtao', referral('litigation', '临江区人民法院'));
      expect(done.status).to.equal('completed');
      expect(flowsTaken(await h.history(a), 'communityResultGw')).to.deep.equal(['f_communitySettled']);
      expect(flowsTaken(await h.history(b), 'communityResultGw')).to.deep.equal(['f_communityReferral']);
    });
  });

  it('turns high-risk during grid mediation: reported at once, district stability control, skips to the street; the street lowers the risk and refers it', async () => {
    await scenario(FILE, KEY, async (h) => {
      const id = await assessed(h, 'TJ-2026-0007');
      await h.rejects(id, 'gridMediation', { ...failed('referral'), riskLevel: 'high' }, [
        '/data',
        '/data/riskFactors',
      ]);
      // a party threatens violence: even though they asked for litigation, the dispute goes up now
      await h.complete(id, 'gridMediation', 'wangwei', turnsHighRisk(failed('referral')));
      expect(await h.openNodes(id)).to.deep.equal(['stabilityControl', 'streetMediation']);
      const hist1 = await h.history(id);
      expect(flowsTaken(hist1, 'communityEntryGw')).to.deep.equal(['f_gridHighRisk']);
      expect(historyActions(hist1, 'highRiskCaught')).to.include('escalation-caught');
      expect(historyActions(hist1, 'communityMediation')).to.deep.equal([]);
      await h.complete(id, 'stabilityControl', 'yangfan', {
        measures: '民警上门训诫，双方签订不再激化承诺',
        reportedTo: '莘亭派出所',
        reportedAt: shIso('2026-03-02 10:00'),
        responsibleUnits: ['莘亭派出所'],
        stabilized: true,
      });
      await h.complete(id, 'streetMediation', 'huangtao', {
        ...failed('referral'),
        riskLevel: 'medium',
        summary: '经稳控双方情绪平稳，仍无法达成一致，选择诉讼',
      });
      expect(await h.openNodes(id)).to.deep.equal(['referral']);
      const done = await h.complete(id, 'referral', 'huangtao', referral('litigation', '临江区人民法院'));
      expect(done.status).to.equal('completed');
      expect(flowsTaken(await h.history(id), 'streetResultGw')).to.deep.equal(['f_streetFailed']);
    });
  });

  it('turns high-risk at the community: reported, skips to the street; a high-risk dispute the street cannot settle goes to the district, which refers it', async () => {
    await scenario(FILE, KEY, async (h) => {
      const id = await assessed(h, 'TJ-2026-0008', 'medium');
      await h.complete(id, 'gridMediation', 'wangwei', failed('escalate'));
      await h.complete(id, 'communityMediation', 'zhoujie', turnsHighRisk(failed('escalate')));
      expect(await h.openNodes(id)).to.deep.equal(['stabilityControl', 'streetMediation']);
      expect(flowsTaken(await h.history(id), 'streetEntryGw')).to.deep.equal(['f_communityHighRisk']);
      await h.complete(id, 'stabilityControl', 'yangfan', {
        measures: '街道综治中心牵头稳控',
        reportedTo: '莘亭派出所',
        reportedAt: shIso('2026-03-02 10:00'),
        responsibleUnits: ['莘亭街道'],
        stabilized: true,
      });
      // still high risk: not straight to litigation from the street, the district takes it over
      await h.complete(id, 'streetMediation', 'huangtao', failed('referral'));
      expect(await h.openNodes(id)).to.deep.equal(['districtMediation']);
      await h.complete(id, 'districtMediation', 'yangfan', failed('referral'));
      const done = await h.complete(id, 'referral', 'huangtao', referral('litigation', '临江区人民法院'));
      expect(done.status).to.equal('completed');
      const hist = await h.history(id);
      expect(flowsTaken(hist, 'streetResultGw')).to.deep.equal(['f_toDistrict']);
      expect(flowsTaken(hist, 'districtResultGw')).to.deep.equal(['f_districtFailed']);
      expect(hist.filter((x) => x.action === 'escalation-thrown')).to.have.length(1);
    });
  });

  it('no mediation without consent (人民调解法 art. 17): a party refusing, or a matter for another authority, is told the route and closed at intake', async () => {
    await scenario(FILE, KEY, async (h) => {
      const a = await h.start('TJ-2026-0101');
      // refusing or declining must say which route the parties were told (art. 26)
      await h.rejects(a._id, 'intake', intake({ intakeDecision: 'refused' }), [
        '/data',
        '/data/routeAdvised',
      ]);
      const refused = await h.complete(
        a._id,
        'intake',
        'wangwei',
        intake({
          intakeDecision: 'refused',
          routeAdvised: '被申请人明确拒绝调解，告知申请人可向人民法院起诉',
        }),
      );
      expect(refused.status).to.equal('completed');
      const ha = await h.history(a._id);
      expect(flowsTaken(ha, 'intakeGw')).to.deep.equal(['f_notAccepted']);
      expect(historyActions(ha, 'riskAssess')).to.deep.equal([]);

      const b = await h.start('TJ-2026-0102');
      const declined = await h.complete(
        b._id,
        'intake',
        'wangwei',
        intake({
          disputeType: 'labour_wage',
          intakeDecision: 'declined',
          routeAdvised: '工伤认定属人力资源社会保障部门专属处理，告知向区人社局申请',
        }),
      );
      expect(declined.status).to.equal('completed');
      expect(declined.variables.intakeDecision).to.equal('declined');

      // consent is the default: the dispute goes on to the risk assessment
      const c = await h.start('TJ-2026-0103');
      const accepted = await h.complete(c._id, 'intake', 'wangwei', intake());
      expect(accepted.variables.intakeDecision).to.equal('mediate');
      expect(await h.openNodes(c._id)).to.deep.equal(['riskAssess']);
      expect(flowsTaken(await h.history(c._id), 'intakeGw')).to.deep.equal(['f_accepted']);
    });
  });

  it('an agreement not performed: the committee urges performance (人民调解法 art. 31), then tells the party it may sue (art. 32)', async () => {
    await scenario(FILE, KEY, async (h) => {
      const id = await assessed(h, 'TJ-2026-0104');
      await h.complete(id, 'gridMediation', 'wangwei', settled);
      await h.complete(id, 'agreement', 'zhoujie', agreement(false));
      await h.complete(id, 'followUp', 'wangwei', { ...followUp, agreementPerformed: 'partly' });
      const urge = await h.task(id, 'performanceUrge');
      expect(urge).to.include({ unit: MINGTIAN, level: 'community', name: '督促履行' });
      expect(await h.candidates(urge)).to.deep.equal(['zhoujie']);
      await h.rejects(id, 'performanceUrge', { urgedAt: shIso('2026-03-12 10:00'), note: '电话督促' }, [
        '/data/performanceResult',
      ]);
      const done = await h.complete(id, 'performanceUrge', 'zhoujie', {
        urgedAt: shIso('2026-03-12 10:00'),
        performanceResult: 'litigation_advised',
        note: '被申请人仍拒绝赔偿，已告知申请人可向人民法院起诉',
      });
      expect(done.status).to.equal('completed');
      expect(flowsTaken(await h.history(id), 'performedGw')).to.deep.equal(['f_notPerformed']);
    });
  });

  it('a mediation migrated from the first shipped version (no warning branch): the shipped plan runs its month timer through the warning, then on to the month', async () => {
    const t = await testEngine();
    const h = new Harness(t, KEY);
    const fixtures = path.resolve('test/fixtures/shipped-processes');
    const changed = (await readdir(path.join(fixtures, 'forms'))).map((f) => f.replace(/\.json$/, ''));
    const forms = async (dir: string) =>
      Object.fromEntries(
        await Promise.all(
          changed.map(async (k) => [k, JSON.parse(await readFile(path.join(dir, `${k}.json`), 'utf8'))]),
        ),
      );
    try {
      await deployDecisions(t);
      await t.engine.deploy(
        await readFile(path.join(fixtures, FILE), 'utf8'),
        'system',
        await forms(path.join(fixtures, 'forms')),
      );
      // on the first version: 受理 Mon 03-02 09:00, the risk assessment Tue 03-03 10:00 starts its month
      const s = await h.start('TJ-2026-0201');
      await h.complete(s._id, 'intake', 'wangwei', intake());
      h.clock.set(sh('2026-03-03 10:00'));
      const old = await h.complete(s._id, 'riskAssess', 'wangwei', {
        riskLevel: 'low',
        assessment: '一般邻里纠纷',
      });
      const due = (st: typeof old, node: string) =>
        local(Object.values(st.timers).find((x) => x.nodeId === node)?.dueAt);
      expect(due(old, 'extensionTimer')).to.equal('2026-04-02 10:00');
      expect(due(old, 'mediationWarnTimer')).to.equal(undefined);

      h.clock.set(sh('2026-03-10 10:00'));
      await t.engine.deploy(await deployFile(FILE), 'system', await forms(path.join(PROCESSES_DIR, 'forms')));
      const plan = await t.engine.migrations.shippedPlan(KEY, 1, 2);
      expect(plan?.mapping).to.include({ extensionTimer: 'mediationWarnTimer' });
      const input = {
        definitionKey: KEY,
        fromVersion: 1,
        toVersion: 2,
        mapping: plan!.mapping,
        enter: plan!.enter,
      };
      let job = await t.engine.migrations.start(input, 'admin');
      for (let i = 0; i < 400 && job.status === 'running'; i++) {
        await new Promise((r) => setTimeout(r, 25));
        job = (await t.engine.migrations.get(job.id))!;
      }
      expect(job).to.include({ done: 1, failed: 0, status: 'completed' });
      // the month timer now warns first: 03-03 10:00 + (30 − 5) natural days
      const moved = await t.engine.waitForIdle(s._id);
      expect(moved.definitionVersion).to.equal(2);
      expect(due(moved, 'mediationWarnTimer')).to.equal('2026-03-28 10:00');
      expect(due(moved, 'extensionTimer')).to.equal(undefined);

      const warnings = async () =>
        (await h.history(s._id))
          .filter((x) => x.action === 'case-warning')
          .map((x) => [x.elementId, local(x.at)]);
      const warned = await h.advanceTo(
        '2026-03-28 10:00',
        s._id,
        async () => (await warnings()).length === 1,
      );
      expect(await warnings()).to.deep.equal([['mediationWarning', '2026-03-28 10:00']]);
      // no 受理 decision: a case from the first version, its month still to come (+5 days: the original month)
      expect(flowsTaken(await h.history(s._id), 'warnedGw')).to.deep.equal(['f_monthAfterWarning']);
      expect(due(warned, 'monthAfterWarning')).to.equal('2026-04-02 10:00');
      await h.advanceTo('2026-04-02 10:00', s._id, async () =>
        (await h.openNodes(s._id)).includes('extensionConfirm'),
      );
      expect((await warnings())[1]).to.deep.equal(['mediationOverdue', '2026-04-02 10:00']);
      expect(await h.openNodes(s._id)).to.deep.equal(['extensionConfirm', 'gridMediation']);
      // no recorded limit: the extension counts from the task's creation (the month), at most 30 days on
      await h.rejects(
        s._id,
        'extensionConfirm',
        {
          applicantConsent: true,
          respondentConsent: true,
          consentRecordedAt: shIso('2026-04-02 11:00'),
          extendedUntil: shIso('2026-05-02 10:01'),
          reason: '双方同意延期',
        },
        ['/data/extendedUntil'],
      );
      await h.complete(s._id, 'gridMediation', 'wangwei', settled);
      await h.complete(s._id, 'agreement', 'zhoujie', agreement(false));
      const done = await h.complete(s._id, 'followUp', 'wangwei', followUp);
      expect(done.status).to.equal('completed');
    } finally {
      await h.close();
    }
  });

  it('coverage: every flow node reached and every sequence flow taken by some scenario above', async () => {
    const missing = await coverageReport(FILE, KEY);
    expect(missing.nodes, 'flow nodes never reached').to.deep.equal([]);
    expect(missing.flows, 'sequence flows never taken').to.deep.equal([]);
  });
});
