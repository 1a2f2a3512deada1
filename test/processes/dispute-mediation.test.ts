// 矛盾纠纷调解 (processes/dispute-mediation.bpmn): scenario tests through the programmatic API.
import { expect } from 'chai';
import { DISTRICT, GRID1, MINGTIAN, STREET_XT } from '../helpers/engine.js';
import { checkModel, coverageReport, historyActions, local, scenario, shIso } from './harness.js';

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
      await h.complete(s0._id, 'streetMediation', 'huangtao', { ...settled, departments: ['莘亭派出所'] });
      const s1 = await h.complete(s0._id, 'agreement', 'zhoujie', agreement(true));
      expect(await h.openNodes(s0._id)).to.deep.equal(['followUp']);
      const remind = Object.values(s1.timers).find((x) => x.nodeId === 'judicialWait');
      expect(local(remind?.dueAt)).to.equal('2026-04-14 10:00'); // 25 natural days: before the 30-day limit
      await h.complete(s0._id, 'followUp', 'wangwei', followUp);
      expect((await h.engine.waitForIdle(s0._id)).status).to.equal('active'); // join waits for the reminder branch

      await h.advanceTo('2026-04-14 10:00', s0._id, async () => (await h.open(s0._id)).length > 0);
      const jr = await h.task(s0._id, 'judicialReminder');
      expect(jr).to.include({ unit: MINGTIAN });
      expect(local(jr.dueAt)).to.equal('2026-04-16 10:00');
      await h.rejects(s0._id, 'judicialReminder', { applied: true }, [
        '/data',
        '/data/court',
        '/data/appliedAt',
      ]);
      const done = await h.complete(s0._id, 'judicialReminder', 'zhoujie', {
        applied: true,
        court: '临江区人民法院',
        appliedAt: shIso('2026-04-14 15:00'),
      });
      expect(done.status).to.equal('completed');
      const hist = await h.history(s0._id);
      expect(historyActions(hist, 'judicialWait')).to.include('timer-fired');
      expect(historyActions(hist, 'extensionTimer')).to.deep.equal([]); // concluded within the month
      expect(historyActions(hist, 'gridMediation')).to.include('escalated');
    });
  });

  it('high risk skips levels to the street with district stability control; month passes → consent to extend; district fails → referral', async () => {
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
      // reported up at once: street mediation directly (grid and community skipped) + district stability control
      expect(await h.openNodes(s0._id)).to.deep.equal(['stabilityControl', 'streetMediation']);
      const hist1 = await h.history(s0._id);
      expect(hist1.find((x) => x.action === 'escalation-thrown')).to.include({ elementId: 'reportHighRisk' });
      const stab = await h.task(s0._id, 'stabilityControl');
      expect(stab).to.include({ unit: DISTRICT, level: 'district' });
      expect(await h.candidates(stab)).to.deep.equal(['yangfan']);
      expect(local(stab.dueAt)).to.equal('2026-03-03 09:00'); // 24 natural hours
      const st = await h.task(s0._id, 'streetMediation');
      expect(st).to.include({ unit: STREET_XT, level: 'street' });
      expect(local(st.dueAt)).to.equal('2026-03-23 09:00');
      await h.complete(s0._id, 'stabilityControl', 'yangfan', {
        measures: '派出所、街道联合驻点稳控，暂停施工',
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

      // a month of mediation: non-interrupting extension, consent of both parties recorded
      await h.advanceTo('2026-04-01 09:00', s0._id, async () => (await h.open(s0._id)).length === 2);
      expect(await h.openNodes(s0._id)).to.deep.equal(['extensionConfirm', 'streetMediation']);
      const ex = await h.task(s0._id, 'extensionConfirm');
      expect(ex).to.include({ unit: MINGTIAN, level: 'community' });
      expect(await h.candidates(ex)).to.deep.equal(['zhoujie']);
      await h.rejects(s0._id, 'extensionConfirm', { applicantConsent: 'yes', reason: '需进一步协商' }, [
        '/data/applicantConsent',
        '/data/respondentConsent',
        '/data/consentRecordedAt',
      ]);
      await h.complete(s0._id, 'extensionConfirm', 'zhoujie', {
        applicantConsent: true,
        respondentConsent: true,
        consentRecordedAt: shIso('2026-04-01 10:00'),
        extendedUntil: shIso('2026-04-30 17:00'),
        reason: '补偿标准需待评估报告',
      });
      expect(await h.openNodes(s0._id)).to.deep.equal(['streetMediation']);

      await h.complete(s0._id, 'streetMediation', 'yangfan', failed('escalate'));
      const dm = await h.task(s0._id, 'districtMediation');
      expect(dm).to.include({ unit: DISTRICT, level: 'district' });
      expect(await h.candidates(dm)).to.deep.equal(['yangfan']);
      await h.complete(s0._id, 'districtMediation', 'yangfan', failed('referral'));
      const ref = await h.task(s0._id, 'referral');
      expect(ref).to.include({ unit: STREET_XT });
      expect(await h.candidates(ref)).to.deep.equal(['huangtao']);
      const done = await h.complete(s0._id, 'referral', 'huangtao', {
        referralType: 'litigation',
        referredTo: '临江区人民法院',
        referredAt: shIso('2026-04-02 10:00'),
      });
      expect(done.status).to.equal('completed');
      const hist = await h.history(s0._id);
      for (const skipped of ['gridMediation', 'communityMediation', 'agreement'])
        expect(historyActions(hist, skipped), skipped).to.deep.equal([]);
      expect(historyActions(hist, 'extensionTimer')).to.include('timer-fired');
      expect(historyActions(hist, 'extendedEnd')).to.include('end');
      expect((await h.escalations(s0._id)).map((e) => [e.nodeId, e.fromLevel, e.toLevel])).to.deep.equal([
        ['streetMediation', 'street', 'district'],
      ]);
    });
  });

  it('extension declined: the grid mediation is concluded as failed and the parties are referred to arbitration', async () => {
    await scenario(FILE, KEY, async (h) => {
      const s0 = await h.start('TJ-2026-0004');
      await h.complete(s0._id, 'intake', 'wangwei', intake({ disputeType: 'labour_wage' }));
      await h.complete(s0._id, 'riskAssess', 'wangwei', { riskLevel: 'low', assessment: '欠薪金额较小' });
      await h.advanceTo('2026-04-01 09:00', s0._id, async () =>
        (await h.openNodes(s0._id)).includes('extensionConfirm'),
      );
      await h.complete(s0._id, 'extensionConfirm', 'zhoujie', {
        applicantConsent: true,
        respondentConsent: false,
        consentRecordedAt: shIso('2026-04-01 10:00'),
        reason: '被申请人不同意延期',
      });
      const med = await h.task(s0._id, 'gridMediation');
      await h.complete(s0._id, 'gridMediation', (await h.candidates(med))[0], failed('referral'));
      await h.complete(s0._id, 'referral', 'huangtao', {
        referralType: 'labour_arbitration',
        referredTo: '临江区劳动人事争议仲裁委员会',
        referredAt: shIso('2026-04-01 15:00'),
      });
      const done = await h.engine.waitForIdle(s0._id);
      expect(done.status).to.equal('completed');
      const hist = await h.history(s0._id);
      expect(historyActions(hist, 'extensionDeclinedEnd')).to.include('end');
      expect(historyActions(hist, 'communityMediation')).to.deep.equal([]);
    });
  });

  it('element coverage: every flow node reached by some scenario above', async () => {
    const missing = await coverageReport(FILE, KEY);
    expect(missing.nodes, 'flow nodes never reached').to.deep.equal([]);
  });
});
