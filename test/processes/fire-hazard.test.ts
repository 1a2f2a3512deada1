// 消防安全隐患转办 (processes/fire-hazard.bpmn): scenario tests through the programmatic API.
// Case grid: 明天社区第1网格 (310117001001001) → 东片区 901 → 明天社区 → 莘亭街道 → 临江区.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'chai';
import { PROCESSES_DIR } from '../../engine/engine.js';
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
import { fireHazardReport as report } from '../fixtures/forms.js';

const FILE = 'fire-hazard.bpmn';
const KEY = 'fire_hazard';
/** 朱家村网格: a village grid directly under 明天社区, with no 片区 (zone) above it */
/** Until a task on `nodeId` is open (other tasks, e.g. 整改期间申请与处置, may be open all along). */
const opened = (h: Harness, id: string, nodeId: string) => async () =>
  (await h.open(id)).some((t) => t.nodeId === nodeId);

const VILLAGE_GRID = '310117001001016';

describe('process 消防安全隐患转办 (fire_hazard)', function () {
  this.timeout(20000);

  it('model: executable, laid out, Chinese names, a form per user task; failed re-checks marked as rework', async () => {
    await scenario(FILE, KEY, async (h) => {
      await checkModel(FILE, KEY, h.engine.forms.keys());
      expect(await reworkFlows(FILE)).to.deep.equal([
        'f_deptFail',
        'f_earlyFail',
        'f_onSpotFail',
        'f_onSpotFailSerious',
        'f_rework',
        'f_sealReleaseRefused',
      ]);
    });
  });

  it('fixed on the spot: checked within 3 working days, re-checked by the 片区 reviewer, closed', async () => {
    await scenario(FILE, KEY, async (h) => {
      const s0 = await h.start('XF-2026-0001');
      const rep = await h.task(s0._id, 'reportHazard');
      expect(rep).to.include({
        name: '隐患登记上报',
        unit: GRID1,
        level: 'grid',
      });
      // the bundled form, pinned by the deployment (engine/model/form-versions.ts)
      expect(rep.formKey).to.match(/^fire-hazard-report@[0-9a-f]{16}$/);
      expect(rep.candidateRoles).to.deep.equal(['handler']);
      expect(await h.candidates(rep)).to.deep.equal(['wangwei']);

      // bad report data is refused with field paths, nothing moves
      await h.rejects(
        s0._id,
        'reportHazard',
        { venueType: 'spaceship', hazardTypes: 'blocked_exit', severity: 'mild', photos: [], extra: 1 },
        [
          '/data',
          '/data/location',
          '/data/description',
          '/data/venueType',
          '/data/hazardTypes',
          '/data/severity',
          '/data/photos',
        ],
      );
      await h.rejects(s0._id, 'reportHazard', report({ contactPhone: '12345', photos: [''] }), [
        '/data/contactPhone',
        '/data/photos/0',
      ]);
      // the time limits are deployment configuration: the grid worker cannot stretch them from the form
      await h.rejects(s0._id, 'reportHazard', report({ urgentCheckSla: 'P30D' }), ['/data']);

      h.clock.set(Date.parse('2026-03-02T02:00:00Z')); // Mon 10:00
      const s1 = await h.complete(s0._id, 'reportHazard', 'wangwei', report());
      expect(s1.variables).to.not.have.any.keys('checkSla', 'urgentCheckSla'); // the model's defaults apply
      const urge = await h.task(s0._id, 'urgeNormal');
      expect(urge).to.include({ unit: GRID1, level: 'grid', slaState: 'ontime' });
      expect(urge.sla).to.deep.equal({ duration: 'P3D', calendar: 'workday' });
      expect(local(urge.dueAt)).to.equal('2026-03-05 10:00'); // Mon 10:00 + 3 working days
      expect(local(urge.warnDueAt)).to.equal('2026-03-04 14:18'); // 80 % of 21 working hours

      await h.rejects(s0._id, 'urgeNormal', { onSpotResult: 'refused', measures: '当场劝导' }, [
        '/data',
        '/data/refusalReason',
      ]);
      h.clock.set(Date.parse('2026-03-03T07:00:00Z')); // Tue 15:00
      await h.complete(s0._id, 'urgeNormal', 'wangwei', {
        onSpotResult: 'fixed',
        measures: '督促业主拆除私拉电线，改用集中充电桩',
        photos: ['a00000000000000000a01'],
      });
      const re = await h.task(s0._id, 'recheckOnSpot');
      expect(re).to.include({ name: '整改复查', unit: ZONE_EAST, level: 'zone' });
      expect(re.candidateRoles).to.deep.equal(['reviewer']);
      expect(await h.candidates(re)).to.deep.equal(['sunli']); // a different person and role than the handler
      expect(local(re.dueAt)).to.equal('2026-03-04 15:00');

      const done = await h.complete(s0._id, 'recheckOnSpot', 'sunli', {
        recheckResult: 'rectified',
        opinion: '已整改到位',
      });
      expect(done.status).to.equal('completed');
      expect(await h.open(s0._id)).to.have.length(0);
      const hist = await h.history(s0._id);
      expect(historyActions(hist, 'urgeNormal')).to.include.members(['task-created', 'task-completed']);
      const completed = hist.filter((x) => x.action === 'task-completed').map((x) => [x.elementId, x.actor]);
      expect(completed).to.deep.equal([
        ['reportHazard', 'wangwei'],
        ['urgeNormal', 'wangwei'],
        ['recheckOnSpot', 'sunli'],
      ]);
      expect(historyActions(hist, 'archive')).to.include('service-completed');
      expect(hist.map((x) => x.action)).to.include('instance-completed');
      expect(hist.filter((x) => x.elementId === 'onSpotGw' && x.action === 'leave')[0].to).to.equal(
        'f_fixed',
      );
      expect(await h.escalations(s0._id)).to.have.length(0);
    });
  });

  it('blocked exit: 24-hour check escalates to the community on timeout; refusal goes to 消防救援机构 and 城管 at once; order deadline waited out', async () => {
    await scenario(FILE, KEY, async (h) => {
      const s0 = await h.start('XF-2026-0002');
      await h.complete(
        s0._id,
        'reportHazard',
        'wangwei',
        report({
          venueType: 'market',
          venueName: '莘亭农贸市场',
          hazardTypes: ['blocked_exit', 'hydrant_damaged'],
          description: '市场东侧安全出口被货物堵塞，门口消火栓损坏',
        }),
      );
      expect(await h.openNodes(s0._id)).to.deep.equal(['urgeUrgent']);
      const urge = await h.task(s0._id, 'urgeUrgent');
      expect(urge.sla).to.deep.equal({ duration: 'PT24H', calendar: 'natural' });
      expect(local(urge.dueAt)).to.equal('2026-03-03 09:00'); // 24 natural hours
      expect(local(urge.warnDueAt)).to.equal('2026-03-03 03:00'); // 75 %

      // 催办 at 75 %, then the breach climbs one rung: grid → community with the rung's own 12 h
      await h.advanceTo(
        '2026-03-03 03:00',
        s0._id,
        async () => (await h.task(s0._id, 'urgeUrgent')).slaState === 'warned',
      );
      const warned = await h.engine.store
        .collection('notifications')
        .find({ recipient: 'wangwei', kind: 'warning' });
      expect(warned).to.have.length(1);
      await h.advanceTo(
        '2026-03-03 09:00',
        s0._id,
        async () => (await h.task(s0._id, 'urgeUrgent')).level === 'community',
      );
      const up = await h.task(s0._id, 'urgeUrgent');
      expect(up).to.include({ unit: MINGTIAN, level: 'community', slaState: 'escalated', ladderStep: 1 });
      expect(up.candidateRoles).to.deep.equal(['handler']);
      expect(await h.candidates(up)).to.deep.equal(['zhoujie']);
      expect(local(up.dueAt)).to.equal('2026-03-03 21:00');
      const esc = await h.escalations(s0._id);
      expect(esc.map((e) => [e.nodeId, e.fromLevel, e.toLevel, e.fromUnit, e.toUnit])).to.deep.equal([
        ['urgeUrgent', 'grid', 'community', GRID1, MINGTIAN],
      ]);
      expect(historyActions(await h.history(s0._id), 'urgeUrgent')).to.include('escalated');

      // refused: the decision table gives both departments, the inclusive gateway sends it to each at once;
      // a market is a 人员密集场所, supervised by the 消防救援机构 (消防法 art. 53), not the 派出所 of the seed
      // practice
      h.clock.set(Date.parse('2026-03-03T02:00:00Z')); // Tue 10:00
      const routed = await h.complete(s0._id, 'urgeUrgent', 'zhoujie', {
        onSpotResult: 'refused',
        measures: '现场责令清理通道',
        refusalReason: '经营者拒不清理',
      });
      expect(routed.variables.depts).to.deep.equal(['fire', 'urban']);
      expect(flowsTaken(await h.history(s0._id), 'deptRoute')).to.deep.equal(['f_fire,f_urban']);
      expect(await h.openNodes(s0._id)).to.deep.equal(['fireDeptHandle', 'urbanHandle']);
      const fire = await h.task(s0._id, 'fireDeptHandle');
      expect(fire).to.include({ name: '消防救援机构处置', unit: DISTRICT, level: 'district' });
      expect(fire.candidateRoles).to.deep.equal(['fire']);
      expect(fire.formKey).to.match(/^fire-hazard-dept@/);
      expect(fire.sla).to.deep.equal({ duration: 'P5D', calendar: 'workday' });
      expect(await h.candidates(fire)).to.deep.equal(['gaofeng']);
      expect(local(fire.dueAt)).to.equal('2026-03-10 10:00'); // 5 working days
      const urban = await h.task(s0._id, 'urbanHandle');
      expect(await h.candidates(urban)).to.deep.equal(['maojun']);

      await h.complete(s0._id, 'fireDeptHandle', 'gaofeng', {
        handleResult: 'ordered',
        measures: '下达责令改正通知',
      });
      expect(await h.openNodes(s0._id)).to.deep.equal(['urbanHandle']); // the join waits for 城管
      await h.complete(s0._id, 'urbanHandle', 'maojun', {
        handleResult: 'rectified',
        measures: '消火栓已报修更换',
      });
      await h.complete(s0._id, 'recheckDept', 'sunli', {
        recheckResult: 'not_rectified',
        opinion: '安全出口仍被占用',
      });

      // 书面移交 → 责令限期改正通知书 with a deadline the process then waits for
      const ho = await h.task(s0._id, 'handoverToFire');
      expect(ho).to.include({ unit: MINGTIAN, level: 'community' });
      expect(local(ho.dueAt)).to.equal('2026-03-04 10:00');
      await h.complete(s0._id, 'handoverToFire', 'zhoujie', {
        handoverNo: '莘明移〔2026〕3号',
        handoverAt: shIso('2026-03-03 10:00'),
        materials: ['隐患登记表', '现场照片', '部门处置记录'],
        summary: '市场安全出口堵塞，经消防救援机构、城管处置后仍未整改',
      });
      const order = await h.task(s0._id, 'issueOrder');
      expect(order).to.include({ unit: DISTRICT, level: 'district', name: '下达责令限期改正通知书' });
      expect(await h.candidates(order)).to.deep.equal(['gaofeng']);
      expect(local(order.dueAt)).to.equal('2026-03-06 10:00'); // within 3 working days
      await h.rejects(
        s0._id,
        'issueOrder',
        { orderNo: '', issuedAt: 'today', rectifyDeadline: '下周五', requirements: '整改' },
        [
          '/data/orderNo',
          '/data/issuedAt',
          '/data/rectifyDeadline',
          '/data/requirements',
          '/data/majorHazard',
        ],
      );
      const waiting = await h.complete(s0._id, 'issueOrder', 'gaofeng', {
        orderNo: '临消限字〔2026〕0012号',
        issuedAt: shIso('2026-03-03 10:00'),
        rectifyDeadline: shIso('2026-03-20 17:00'),
        requirements: '清理安全出口，保持疏散通道畅通',
        majorHazard: false,
      });
      expect(await h.openNodes(s0._id)).to.deep.equal(['rectifyWatch']); // the period's applications
      const catchTimer = Object.values(waiting.timers).find((x) => x.nodeId === 'waitDeadline');
      expect(local(catchTimer?.dueAt)).to.equal('2026-03-20 17:00');

      h.clock.set(Date.parse('2026-03-20T08:59:00Z')); // one minute early: nothing is due
      expect(await h.engine.fireDueTimers()).to.equal(0);
      await h.advanceTo('2026-03-20 17:00', s0._id, opened(h, s0._id, 'recheckDeadline'));
      const re = await h.task(s0._id, 'recheckDeadline');
      expect(re).to.include({ unit: DISTRICT, level: 'district' });
      expect(local(re.dueAt)).to.equal('2026-03-25 17:00');
      const done = await h.complete(s0._id, 'recheckDeadline', 'gaofeng', {
        recheckResult: 'rectified',
        opinion: '已整改',
      });
      expect(done.status).to.equal('completed');
      expect(done.supervised).to.equal(false);
      const hist = await h.history(s0._id);
      expect(historyActions(hist, 'waitDeadline')).to.include('timer-fired');
      expect(historyActions(hist, 'rectifyPeriod')).to.include('subprocess-completed');
      expect(historyActions(hist, 'reportMajor')).to.deep.equal([]);
    });
  });

  it('major hazard: 书面移交, 区挂牌督办 by escalation event, overdue → 街道督办 climbing to the district, 挂牌督办; closed only after the fire authority re-checks (rework, 移送公安)', async () => {
    await scenario(FILE, KEY, async (h) => {
      const s0 = await h.start('XF-2026-0003');
      await h.complete(
        s0._id,
        'reportHazard',
        'wangwei',
        report({
          venueType: 'three_in_one',
          hazardTypes: ['flammable_storage', 'illegal_occupancy'],
          severity: 'major',
          description: '三合一场所一层仓储大量泡沫制品，二层住人',
        }),
      );
      await h.complete(s0._id, 'urgeNormal', 'wangwei', {
        onSpotResult: 'not_fixable',
        measures: '要求立即清人',
        refusalReason: '需搬迁仓储，无法当场整改',
      });
      expect(await h.openNodes(s0._id)).to.deep.equal(['handoverToFire']); // serious: straight to 书面移交
      await h.complete(s0._id, 'handoverToFire', 'zhoujie', {
        handoverNo: '莘明移〔2026〕4号',
        handoverAt: shIso('2026-03-02 09:00'),
        materials: ['隐患登记表'],
        summary: '三合一场所重大火灾隐患',
      });
      await h.complete(s0._id, 'issueOrder', 'gaofeng', {
        orderNo: '临消限字〔2026〕0013号',
        issuedAt: shIso('2026-03-02 09:00'),
        rectifyDeadline: shIso('2026-03-13 17:00'),
        requirements: '搬离仓储物品，人员搬出',
        majorHazard: true, // the fire authority's determination (GB 35181-2017), not the grid worker's severity
        determinationBasis: 'GB 35181-2017 第 6.2 条：人员密集场所与仓储合用（三合一）',
      });
      // the escalation throw inside 责令限期整改 is caught non-interrupting: 区挂牌督办 runs beside the wait
      expect(await h.openNodes(s0._id)).to.deep.equal(['districtListing', 'rectifyWatch']);
      const listing = await h.task(s0._id, 'districtListing');
      expect(listing).to.include({ unit: DISTRICT, level: 'district' });
      expect(await h.candidates(listing)).to.deep.equal(['yangfan']);
      const hist1 = await h.history(s0._id);
      expect(hist1.find((x) => x.action === 'escalation-thrown')).to.include({ elementId: 'reportMajor' });
      expect(hist1.find((x) => x.action === 'escalation-thrown')?.details).to.deep.equal({
        code: 'MAJOR_HAZARD',
      });
      expect(historyActions(hist1, 'majorCaught')).to.include('escalation-caught');
      await h.rejects(
        s0._id,
        'districtListing',
        {
          listingNo: 'D-1',
          leadUnit: '区消防救援大队',
          listingDeadline: shIso('2026-03-31 17:00'),
          reportedToPsb: false,
        },
        ['/data/reportedToPsb'],
      );
      const listed = await h.complete(s0._id, 'districtListing', 'yangfan', {
        listingNo: '临督〔2026〕1号',
        leadUnit: '区消防救援大队',
        listingDeadline: shIso('2026-03-31 17:00'),
        reportedToPsb: true,
      });
      // the district's decision lists the case itself (挂牌 flag), by the process step 案件挂牌
      expect(listed.supervised).to.equal(true);
      expect(listed.listing).to.include({ by: 'system', reason: '案件挂牌（流程环节 listCase）' });
      expect(historyActions(await h.history(s0._id), 'listCase')).to.include('case-listed');
      const supervisedNotes = () =>
        h.engine.store.collection('notifications').count({ recipient: 'yangfan', kind: 'supervised' });
      expect(await supervisedNotes()).to.equal(1);

      await h.advanceTo('2026-03-13 17:00', s0._id, opened(h, s0._id, 'recheckDeadline'));
      await h.complete(s0._id, 'recheckDeadline', 'gaofeng', {
        recheckResult: 'not_rectified',
        opinion: '逾期未整改',
      });
      // the escalation end event interrupts 责令限期整改 → 街道督办 with its own ladder
      const sv = await h.task(s0._id, 'streetSupervision');
      expect(sv).to.include({ unit: STREET_XT, level: 'street', slaState: 'ontime' });
      expect(sv.candidateRoles).to.deep.equal(['supervisor', 'handler']);
      expect(await h.candidates(sv)).to.deep.equal(['liuyang']);
      expect(local(sv.dueAt)).to.equal('2026-03-20 17:00');
      const hist2 = await h.history(s0._id);
      expect(historyActions(hist2, 'overdueEnd')).to.include('escalation-thrown');
      expect(historyActions(hist2, 'overdueCaught')).to.include('escalation-caught');

      await h.advanceTo(
        '2026-03-20 17:00',
        s0._id,
        async () => (await h.task(s0._id, 'streetSupervision')).level === 'district',
      );
      const up = await h.task(s0._id, 'streetSupervision');
      expect(up).to.include({ unit: DISTRICT, slaState: 'escalated' });
      expect(await h.candidates(up)).to.deep.equal(['yangfan']);
      expect(local(up.dueAt)).to.equal('2026-03-25 17:00');

      const s3 = await h.advanceTo(
        '2026-03-25 17:00',
        s0._id,
        async () => (await h.task(s0._id, 'streetSupervision')).slaState === 'supervised',
      );
      const top = await h.task(s0._id, 'streetSupervision');
      expect(top.slaState).to.equal('supervised');
      expect(top.supervised).to.equal(true);
      expect(s3.supervised).to.equal(true);
      const esc = await h.escalations(s0._id);
      expect(esc.map((e) => [e.nodeId, e.fromLevel, e.toLevel, e.toUnit, !!e.supervised])).to.deep.equal([
        ['streetSupervision', 'street', 'district', DISTRICT, false],
        ['streetSupervision', 'district', 'district', DISTRICT, true],
      ]);
      expect(await supervisedNotes()).to.equal(2); // the district's listing, then the ladder's top
      expect(historyActions(await h.history(s0._id), 'streetSupervision')).to.include('supervised');

      // the supervision's result is re-checked by the fire authority before the case may close
      const sealed = await h.complete(s0._id, 'streetSupervision', 'yangfan', {
        supervisionNo: '莘督〔2026〕7号',
        measures: '联合执法，提请区消防救援大队临时查封',
        supervisionResult: 'fire_seal_requested',
      });
      expect(sealed.status).to.equal('active');
      const rs = await h.task(s0._id, 'recheckSupervision');
      expect(rs).to.include({ name: '督办后复查', unit: DISTRICT, level: 'district' });
      expect(rs.candidateRoles).to.deep.equal(['fire']);
      expect(await h.candidates(rs)).to.deep.equal(['gaofeng']); // not the supervisors who ran the supervision
      await h.complete(s0._id, 'recheckSupervision', 'gaofeng', {
        recheckResult: 'not_rectified',
        opinion: '查封后仍有人员在二层居住',
      });
      // rework: back to the street with a fresh SLA window
      const again = await h.task(s0._id, 'streetSupervision');
      expect(again).to.include({ unit: STREET_XT, slaState: 'ontime', ladderStep: 0 });
      expect(local(again.dueAt)).to.equal('2026-04-01 17:00');
      await h.complete(s0._id, 'streetSupervision', 'liuyang', {
        supervisionNo: '莘督〔2026〕9号',
        measures: '经营者拒不搬离，移送公安机关',
        supervisionResult: 'transferred',
      });
      const pt = await h.task(s0._id, 'policeTransfer');
      expect(pt).to.include({ name: '公安机关依法处理', unit: STREET_XT, level: 'street' });
      expect(await h.candidates(pt)).to.deep.equal(['xuqiang']);
      await h.complete(s0._id, 'policeTransfer', 'xuqiang', {
        handleResult: 'punished',
        measures: '依法处罚经营者，责令住人人员搬离',
      });
      const done = await h.complete(s0._id, 'recheckSupervision', 'gaofeng', {
        recheckResult: 'rectified',
        opinion: '仓储物品已清理，人员已搬离',
      });
      // the 挂牌 runs on until its deadline (03-31 17:00), then the fire authority decides the 销号
      expect(done.status).to.equal('active');
      expect(await h.open(s0._id)).to.have.length(0);
      expect(local(Object.values(done.timers).find((x) => x.nodeId === 'waitListing')?.dueAt)).to.equal(
        '2026-03-31 17:00',
      );
      await h.advanceTo('2026-03-31 17:00', s0._id, async () => (await h.open(s0._id)).length > 0);
      const dl = await h.task(s0._id, 'delisting');
      expect(dl).to.include({ name: '挂牌销号审核', unit: DISTRICT, level: 'district' });
      expect(await h.candidates(dl)).to.deep.equal(['gaofeng']);
      expect(local(dl.dueAt)).to.equal('2026-04-03 17:00'); // 3 working days
      await h.rejects(
        s0._id,
        'delisting',
        { eliminated: true, checkedAt: shIso('2026-04-01 10:00'), opinion: '已消除' },
        ['/data', '/data/delistingNo'],
      );
      const closed = await h.complete(s0._id, 'delisting', 'gaofeng', {
        eliminated: true,
        checkedAt: shIso('2026-04-01 10:00'),
        delistingNo: '临消销〔2026〕1号',
        opinion: '重大火灾隐患已整改消除，予以销号',
      });
      expect(closed.status).to.equal('completed');
      expect(closed.timers).to.deep.equal({});
      expect(closed.supervised).to.equal(false);
      const hist = await h.history(s0._id);
      // 销号 by the process step 案件销号, before the case closed
      expect(flowsTaken(hist, 'eliminatedGw')).to.deep.equal(['f_eliminated']);
      expect(hist.some((x) => x.action === 'case-unsupervised')).to.equal(true);
      expect(hist.some((x) => x.action === 'case-delisted')).to.equal(false);
      expect(flowsTaken(hist, 'supervisionGw')).to.deep.equal(['f_supToRecheck', 'f_supTransferred']);
      expect(flowsTaken(hist, 'recheckSupervisionGw')).to.deep.equal(['f_rework', 'f_supervisionPass']);
    });
  });

  it('a serious hazard fixed on the spot that fails the re-check goes to the fire authority by written handover', async () => {
    await scenario(FILE, KEY, async (h) => {
      const s0 = await h.start('XF-2026-0004');
      await h.complete(
        s0._id,
        'reportHazard',
        'wangwei',
        report({
          severity: 'serious',
          hazardTypes: ['flammable_storage'],
          description: '楼道堆放大量纸箱杂物',
        }),
      );
      await h.complete(s0._id, 'urgeNormal', 'wangwei', { onSpotResult: 'fixed', measures: '当场清理楼道' });
      await h.complete(s0._id, 'recheckOnSpot', 'sunli', {
        recheckResult: 'not_rectified',
        opinion: '复查时楼道又堆满杂物',
      });
      // not to the departments: a serious hazard is handed over in writing to the fire authority
      expect(await h.openNodes(s0._id)).to.deep.equal(['handoverToFire']);
      await h.complete(s0._id, 'handoverToFire', 'zhoujie', {
        handoverNo: '莘明移〔2026〕5号',
        handoverAt: shIso('2026-03-03 10:00'),
        materials: ['隐患登记表', '复查记录'],
        summary: '较大隐患，当场整改后复查仍不合格',
      });
      expect(await h.openNodes(s0._id)).to.deep.equal(['issueOrder']);
      const hist = await h.history(s0._id);
      expect(hist.find((x) => x.elementId === 'recheckOnSpotGw' && x.action === 'leave')?.to).to.equal(
        'f_onSpotFailSerious',
      );
      expect(historyActions(hist, 'deptRoute')).to.deep.equal([]);
    });
  });

  it('the fire authority, not the grid worker, determines a 重大火灾隐患 (GB 35181-2017): reported as major, determined not major → no 挂牌督办', async () => {
    await scenario(FILE, KEY, async (h) => {
      const s0 = await h.start('XF-2026-0009');
      await h.complete(
        s0._id,
        'reportHazard',
        'wangwei',
        report({ venueType: 'three_in_one', hazardTypes: ['flammable_storage'], severity: 'major' }),
      );
      await h.complete(s0._id, 'urgeNormal', 'wangwei', {
        onSpotResult: 'not_fixable',
        measures: '要求清理仓储',
        refusalReason: '需搬迁仓储，无法当场整改',
      });
      await h.complete(s0._id, 'handoverToFire', 'zhoujie', {
        handoverNo: '莘明移〔2026〕9号',
        handoverAt: shIso('2026-03-02 09:00'),
        materials: ['隐患登记表'],
        summary: '网格员报重大隐患',
      });
      const order = {
        orderNo: '临消限字〔2026〕0019号',
        issuedAt: shIso('2026-03-02 09:00'),
        rectifyDeadline: shIso('2026-03-13 17:00'),
        requirements: '清理一层仓储可燃物',
      };
      await h.rejects(s0._id, 'issueOrder', order, ['/data/majorHazard']); // the determination must be given
      await h.rejects(s0._id, 'issueOrder', { ...order, majorHazard: true }, [
        '/data',
        '/data/determinationBasis',
      ]);
      const s1 = await h.complete(s0._id, 'issueOrder', 'gaofeng', { ...order, majorHazard: false });
      expect(await h.openNodes(s0._id)).to.deep.equal(['rectifyWatch']); // no 区挂牌督办
      expect(Object.values(s1.timers).map((x) => x.nodeId)).to.include('waitDeadline');
      const hist = await h.history(s0._id);
      expect(flowsTaken(hist, 'majorGw')).to.deep.equal(['f_notMajor']);
      expect(historyActions(hist, 'districtListing')).to.deep.equal([]);
    });
  });

  it('a 挂牌 hazard not eliminated at the listing deadline stays listed until the case closes; rectified on time otherwise', async () => {
    await scenario(FILE, KEY, async (h) => {
      const s0 = await h.start('XF-2026-0010');
      await h.complete(
        s0._id,
        'reportHazard',
        'wangwei',
        report({ venueType: 'three_in_one', hazardTypes: ['flammable_storage'], severity: 'major' }),
      );
      await h.complete(s0._id, 'urgeNormal', 'wangwei', {
        onSpotResult: 'not_fixable',
        measures: '要求清理仓储',
        refusalReason: '需搬迁仓储，无法当场整改',
      });
      await h.complete(s0._id, 'handoverToFire', 'zhoujie', {
        handoverNo: '莘明移〔2026〕10号',
        handoverAt: shIso('2026-03-02 09:00'),
        materials: ['隐患登记表'],
        summary: '三合一场所',
      });
      await h.complete(s0._id, 'issueOrder', 'gaofeng', {
        orderNo: '临消限字〔2026〕0020号',
        issuedAt: shIso('2026-03-02 09:00'),
        rectifyDeadline: shIso('2026-03-13 17:00'),
        requirements: '清理一层仓储可燃物',
        majorHazard: true,
        determinationBasis: 'GB 35181-2017 第 6.2 条',
      });
      const listed = await h.complete(s0._id, 'districtListing', 'yangfan', {
        listingNo: '临督〔2026〕2号',
        leadUnit: '区消防救援大队',
        listingDeadline: shIso('2026-03-20 17:00'),
        reportedToPsb: true,
      });
      expect(listed.supervised).to.equal(true);
      // the listed case's open task carries the flag in the task read model
      await h.advanceTo('2026-03-13 17:00', s0._id, opened(h, s0._id, 'recheckDeadline'));
      expect((await h.task(s0._id, 'recheckDeadline')).supervised).to.equal(true);
      const s1 = await h.complete(s0._id, 'recheckDeadline', 'gaofeng', {
        recheckResult: 'rectified',
        opinion: '可燃物已部分清理',
      });
      expect(s1.status).to.equal('active'); // the 挂牌 branch waits for its own deadline
      await h.advanceTo('2026-03-20 17:00', s0._id, async () => (await h.open(s0._id)).length > 0);
      const closed = await h.complete(s0._id, 'delisting', 'gaofeng', {
        eliminated: false,
        checkedAt: shIso('2026-03-23 10:00'),
        opinion: '二层仍有人员居住，报区政府继续督办',
      });
      expect(closed.status).to.equal('completed');
      const hist = await h.history(s0._id);
      expect(flowsTaken(hist, 'eliminatedGw')).to.deep.equal(['f_notEliminated']);
      expect(historyActions(hist, 'delistCase')).to.deep.equal([]);
      // listed until the end: the close itself records the 销号 with who listed it and why
      const delisted = hist.find((x) => x.action === 'case-delisted');
      expect(delisted?.details).to.include({ listedBy: 'system', reason: '案件挂牌（流程环节 listCase）' });
      expect(hist.some((x) => x.action === 'case-unsupervised')).to.equal(false);
    });
  });

  it('during the rectification period: 临时查封 by the fire authority, an extension granted (the deadline re-timed), an early re-check failed then passed', async () => {
    await scenario(FILE, KEY, async (h) => {
      const s0 = await h.start('XF-2026-0011');
      await h.complete(
        s0._id,
        'reportHazard',
        'wangwei',
        report({ venueType: 'hotel', hazardTypes: ['flammable_storage'], severity: 'serious' }),
      );
      await h.complete(s0._id, 'urgeNormal', 'wangwei', {
        onSpotResult: 'not_fixable',
        measures: '要求清理仓储',
        refusalReason: '需搬迁仓储，无法当场整改',
      });
      await h.complete(s0._id, 'handoverToFire', 'zhoujie', {
        handoverNo: '莘明移〔2026〕11号',
        handoverAt: shIso('2026-03-02 09:00'),
        materials: ['隐患登记表'],
        summary: '宾馆一层堆放可燃物',
      });
      const s1 = await h.complete(s0._id, 'issueOrder', 'gaofeng', {
        orderNo: '临消限字〔2026〕0021号',
        issuedAt: shIso('2026-03-02 09:00'),
        rectifyDeadline: shIso('2026-03-13 17:00'),
        requirements: '清理一层可燃物',
        majorHazard: false,
      });
      const deadline = (s: typeof s1) =>
        local(Object.values(s.timers).find((x) => x.nodeId === 'waitDeadline')?.dueAt);
      expect(deadline(s1)).to.equal('2026-03-13 17:00');
      const watch = await h.task(s0._id, 'rectifyWatch');
      expect(watch).to.include({ unit: DISTRICT, level: 'district' });
      expect(watch.dueAt).to.equal(undefined); // no SLA: it lasts the period
      expect(await h.candidates(watch)).to.deep.equal(['gaofeng']);

      // 临时查封 (消防法 art. 54): the fire authority's own act, within 24 hours
      await h.complete(s0._id, 'rectifyWatch', 'gaofeng', {
        periodAction: 'seal',
        appliedAt: shIso('2026-03-02 10:00'),
        note: '一层仓储与客房连通，可能严重威胁公共安全',
      });
      const seal = await h.task(s0._id, 'temporarySeal');
      expect(await h.candidates(seal)).to.deep.equal(['gaofeng']);
      expect(local(seal.dueAt)).to.equal('2026-03-03 09:00');
      await h.rejects(s0._id, 'temporarySeal', { sealNo: '临消封〔2026〕1号' }, [
        '/data/approvedBy',
        '/data/sealedAt',
        '/data/sealedParts',
      ]);
      const s2 = await h.complete(s0._id, 'temporarySeal', 'gaofeng', {
        sealNo: '临消封〔2026〕1号',
        approvedBy: '区消防救援大队大队长',
        sealedAt: shIso('2026-03-02 15:00'),
        sealedParts: '一层仓储区',
      });
      expect(deadline(s2)).to.equal('2026-03-13 17:00'); // the period goes on

      // 延期: decided within 3 working days; granted, the deadline timer runs to the new date
      await h.complete(s0._id, 'rectifyWatch', 'gaofeng', {
        periodAction: 'extension',
        appliedAt: shIso('2026-03-09 10:00'),
        applicationNo: '延期申请〔2026〕3号',
        note: '仓储物品需另租场地，申请延期两周',
      });
      const ext = await h.task(s0._id, 'extensionDecision');
      expect(local(ext.dueAt)).to.equal('2026-03-05 09:00');
      await h.rejects(
        s0._id,
        'extensionDecision',
        { extensionApproved: true, decidedAt: shIso('2026-03-10 10:00'), opinion: '同意延期' },
        ['/data', '/data/rectifyDeadline'],
      );
      const s3 = await h.complete(s0._id, 'extensionDecision', 'gaofeng', {
        extensionApproved: true,
        rectifyDeadline: shIso('2026-03-27 17:00'),
        decidedAt: shIso('2026-03-10 10:00'),
        opinion: '确有困难，同意延期至 3 月 27 日',
      });
      expect(deadline(s3)).to.equal('2026-03-27 17:00');

      // 提前复查 on the unit's application: not yet → the period goes on; then rectified → done
      await h.complete(s0._id, 'rectifyWatch', 'gaofeng', {
        periodAction: 'early_recheck',
        appliedAt: shIso('2026-03-16 10:00'),
        note: '单位报告已整改完毕，申请复查',
      });
      await h.complete(s0._id, 'recheckEarly', 'gaofeng', {
        recheckResult: 'not_rectified',
        opinion: '仓储物品仍未搬离',
      });
      await h.complete(s0._id, 'rectifyWatch', 'gaofeng', {
        periodAction: 'early_recheck',
        appliedAt: shIso('2026-03-20 10:00'),
        note: '再次申请复查',
      });
      h.clock.set(sh('2026-03-20 10:00')); // Fri
      const rectified = await h.complete(s0._id, 'recheckEarly', 'gaofeng', {
        recheckResult: 'rectified',
        opinion: '已整改到位',
      });
      // rectified, but the 临时查封 is still in force: the case may not close before its release
      expect(rectified.status).to.equal('active');
      const rel = await h.task(s0._id, 'sealReleaseBeforeClose');
      expect(rel).to.include({ name: '结案前解除临时查封', unit: DISTRICT, level: 'district' });
      expect(await h.candidates(rel)).to.deep.equal(['gaofeng']);
      expect(rel.sla).to.deep.equal({ duration: 'P6D', calendar: 'workday' });
      // 3 working days to inspect + 3 to decide: Mon 23, Tue 24, Wed 25, Thu 26, Fri 27, Mon 30
      expect(local(rel.dueAt)).to.equal('2026-03-30 10:00');
      const done = await h.complete(s0._id, 'sealReleaseBeforeClose', 'gaofeng', {
        releaseAppliedAt: shIso('2026-03-20 10:00'),
        inspectedAt: shIso('2026-03-23 10:00'),
        released: true,
        releaseApprovedBy: '区消防救援大队大队长',
        releaseNo: '临消解封〔2026〕1号',
        releasedAt: shIso('2026-03-24 10:00'),
        releaseServedAt: shIso('2026-03-24 11:00'),
        releaseOpinion: '查封部位火灾隐患已消除，解除临时查封',
      });
      expect(done.status).to.equal('completed');
      expect(done.timers).to.deep.equal({});
      const hist = await h.history(s0._id);
      expect(flowsTaken(hist, 'periodGw')).to.deep.equal([
        'f_seal',
        'f_extension',
        'f_earlyRecheck',
        'f_earlyRecheck',
      ]);
      expect(flowsTaken(hist, 'earlyGw')).to.deep.equal(['f_earlyFail', 'f_earlyDone']);
      expect(historyActions(hist, 'recheckDeadline')).to.deep.equal([]);
      expect(flowsTaken(hist, 'sealGw')).to.deep.equal(['f_sealOpen', 'f_noSeal']);
      expect(flowsTaken(hist, 'sealReleaseGw')).to.deep.equal(['f_sealReleasedClose']);
    });
  });

  it("临时查封 released as its own step (消防监督检查规定 art. 24): on the party's application within 6 working days; a second 查封 still in force at close is refused release → 街道督办, closed only once released", async () => {
    await scenario(FILE, KEY, async (h) => {
      const s0 = await h.start('XF-2026-0012');
      await h.complete(
        s0._id,
        'reportHazard',
        'wangwei',
        report({ venueType: 'hotel', hazardTypes: ['flammable_storage'], severity: 'serious' }),
      );
      await h.complete(s0._id, 'urgeNormal', 'wangwei', {
        onSpotResult: 'not_fixable',
        measures: '要求清理仓储',
        refusalReason: '需搬迁仓储，无法当场整改',
      });
      await h.complete(s0._id, 'handoverToFire', 'zhoujie', {
        handoverNo: '莘明移〔2026〕12号',
        handoverAt: shIso('2026-03-02 09:00'),
        materials: ['隐患登记表'],
        summary: '宾馆一层堆放可燃物',
      });
      await h.complete(s0._id, 'issueOrder', 'gaofeng', {
        orderNo: '临消限字〔2026〕0022号',
        issuedAt: shIso('2026-03-02 09:00'),
        rectifyDeadline: shIso('2026-03-13 17:00'),
        requirements: '清理一层可燃物',
        majorHazard: false,
      });
      // nothing sealed yet: an application to release is not taken, the period goes on
      await h.complete(s0._id, 'rectifyWatch', 'gaofeng', {
        periodAction: 'seal_release',
        appliedAt: shIso('2026-03-02 10:00'),
        note: '当事人申请解除查封（尚未查封）',
      });
      expect(await h.openNodes(s0._id)).to.deep.equal(['rectifyWatch']);
      const seal = {
        sealNo: '临消封〔2026〕2号',
        approvedBy: '区消防救援大队大队长',
        sealedAt: shIso('2026-03-02 15:00'),
        sealedParts: '一层仓储区',
      };
      await h.complete(s0._id, 'rectifyWatch', 'gaofeng', {
        periodAction: 'seal',
        appliedAt: shIso('2026-03-02 11:00'),
        note: '一层仓储与客房连通',
      });
      await h.complete(s0._id, 'temporarySeal', 'gaofeng', seal);

      // the party applies on Wed 03-04 10:00: inspect within 3 working days, decide within 3 more
      h.clock.set(sh('2026-03-04 10:00'));
      await h.complete(s0._id, 'rectifyWatch', 'gaofeng', {
        periodAction: 'seal_release',
        appliedAt: shIso('2026-03-04 10:00'),
        applicationNo: '解封申请〔2026〕1号',
        note: '一层仓储已清空，申请解除临时查封',
      });
      const rel = await h.task(s0._id, 'sealRelease');
      expect(rel).to.include({ name: '解除临时查封', unit: DISTRICT, level: 'district' });
      expect(await h.candidates(rel)).to.deep.equal(['gaofeng']);
      // Thu 5, Fri 6, Mon 9, Tue 10, Wed 11, Thu 12
      expect(local(rel.dueAt)).to.equal('2026-03-12 10:00');
      const release = {
        releaseAppliedAt: shIso('2026-03-04 10:00'),
        inspectedAt: shIso('2026-03-05 10:00'),
        released: true,
        releaseApprovedBy: '区消防救援大队大队长',
        releaseServedAt: shIso('2026-03-05 16:00'),
        releaseOpinion: '仓储区可燃物已清除',
      };
      // granted: the 解除临时查封决定书 number and the release time are required
      await h.rejects(s0._id, 'sealRelease', release, ['/data', '/data/releaseNo', '/data/releasedAt']);
      await h.complete(s0._id, 'sealRelease', 'gaofeng', {
        ...release,
        releaseNo: '临消解封〔2026〕2号',
        releasedAt: shIso('2026-03-05 15:00'),
      });
      expect(await h.openNodes(s0._id)).to.deep.equal(['rectifyWatch']); // the period goes on

      // sealed again on 03-06; at the deadline rectified, but this 查封 is in force
      await h.complete(s0._id, 'rectifyWatch', 'gaofeng', {
        periodAction: 'seal',
        appliedAt: shIso('2026-03-06 10:00'),
        note: '二层客房私拉电线充电',
      });
      await h.complete(s0._id, 'temporarySeal', 'gaofeng', {
        ...seal,
        sealNo: '临消封〔2026〕3号',
        sealedAt: shIso('2026-03-06 15:00'),
        sealedParts: '二层客房',
      });
      await h.advanceTo('2026-03-13 17:00', s0._id, opened(h, s0._id, 'recheckDeadline'));
      await h.complete(s0._id, 'recheckDeadline', 'gaofeng', {
        recheckResult: 'rectified',
        opinion: '已整改',
      });
      expect(await h.openNodes(s0._id)).to.deep.equal(['sealReleaseBeforeClose']);
      // the sealed part is not safe: release refused (the decision still served) → 街道督办 (rework)
      await h.complete(s0._id, 'sealReleaseBeforeClose', 'gaofeng', {
        ...release,
        releaseAppliedAt: shIso('2026-03-13 17:00'),
        inspectedAt: shIso('2026-03-16 10:00'),
        released: false,
        releaseServedAt: shIso('2026-03-17 10:00'),
        releaseOpinion: '二层客房仍有私拉电线，不同意解除',
      });
      const sv = await h.task(s0._id, 'streetSupervision');
      expect(sv).to.include({ unit: STREET_XT, level: 'street' });
      await h.complete(s0._id, 'streetSupervision', 'liuyang', {
        supervisionNo: '莘督〔2026〕12号',
        measures: '督促拆除私拉电线',
        supervisionResult: 'rectified',
      });
      await h.complete(s0._id, 'recheckSupervision', 'gaofeng', {
        recheckResult: 'rectified',
        opinion: '私拉电线已拆除',
      });
      // still sealed (the last decision refused): the release again, then the case closes
      expect(await h.openNodes(s0._id)).to.deep.equal(['sealReleaseBeforeClose']);
      const done = await h.complete(s0._id, 'sealReleaseBeforeClose', 'gaofeng', {
        ...release,
        releaseAppliedAt: shIso('2026-03-20 10:00'),
        inspectedAt: shIso('2026-03-20 15:00'),
        releaseNo: '临消解封〔2026〕3号',
        releasedAt: shIso('2026-03-23 10:00'),
        releaseServedAt: shIso('2026-03-23 11:00'),
      });
      expect(done.status).to.equal('completed');
      const hist = await h.history(s0._id);
      expect(flowsTaken(hist, 'periodGw')).to.deep.equal([
        'f_noSealInForce',
        'f_seal',
        'f_sealRelease',
        'f_seal',
      ]);
      expect(flowsTaken(hist, 'sealGw')).to.deep.equal(['f_sealOpen', 'f_sealOpen', 'f_noSeal']);
      expect(flowsTaken(hist, 'sealReleaseGw')).to.deep.equal([
        'f_sealReleaseRefused',
        'f_sealReleasedClose',
      ]);
    });
  });

  it('a village grid without a 片区: the zone-level re-check goes to its community, the nearest unit above', async () => {
    await scenario(FILE, KEY, async (h) => {
      const s0 = await h.start('XF-2026-0005', {}, 'zhaolei', VILLAGE_GRID);
      await h.complete(
        s0._id,
        'reportHazard',
        'zhaolei',
        report({ venueType: 'village', location: '朱家村12组', venueName: '村民自建房' }),
      );
      const urge = await h.task(s0._id, 'urgeNormal');
      expect(urge).to.include({ unit: VILLAGE_GRID, level: 'grid' });
      await h.complete(s0._id, 'urgeNormal', 'zhaolei', { onSpotResult: 'fixed', measures: '拆除私拉电线' });
      const re = await h.task(s0._id, 'recheckOnSpot');
      expect(re).to.include({ unit: MINGTIAN, level: 'community' }); // the level of the unit that holds it
      expect(await h.candidates(re)).to.deep.equal(['zhoujie']);
      const done = await h.complete(s0._id, 'recheckOnSpot', 'zhoujie', {
        recheckResult: 'rectified',
        opinion: '已整改到位',
      });
      expect(done.status).to.equal('completed');
    });
  });

  it('routes by venue type through the decision table fire_dept_route: school → 教育, care home → 民政, enterprise → 安监, residential → 社区综治', async () => {
    await scenario(FILE, KEY, async (h) => {
      const cases = [
        { venueType: 'school', node: 'educationHandle', unit: DISTRICT, who: 'tangyu', dept: 'education' },
        { venueType: 'care_home', node: 'civilHandle', unit: DISTRICT, who: 'fangqin', dept: 'civil' },
        { venueType: 'enterprise', node: 'safetyHandle', unit: DISTRICT, who: 'hexin', dept: 'safety' },
        {
          venueType: 'residential',
          node: 'communityHandle',
          unit: MINGTIAN,
          who: 'zhoujie',
          dept: 'community',
        },
      ];
      for (const [i, c] of cases.entries()) {
        const s = await h.start(`XF-2026-01${i}`);
        await h.complete(s._id, 'reportHazard', 'wangwei', report({ venueType: c.venueType }));
        let routed;
        if (c.venueType === 'residential') {
          // fixed on the spot, but the re-check fails: not accepted → departments after all
          await h.complete(s._id, 'urgeNormal', 'wangwei', {
            onSpotResult: 'fixed',
            measures: '拆除私接电线',
          });
          routed = await h.complete(s._id, 'recheckOnSpot', 'sunli', {
            recheckResult: 'not_rectified',
            opinion: '复查发现仍有私接',
          });
        } else {
          routed = await h.complete(s._id, 'urgeNormal', 'wangwei', {
            onSpotResult: 'refused',
            measures: '督促整改',
            refusalReason: '拒绝整改',
          });
        }
        // the business rule task answered the table's departments; the gateway routes on them
        expect(routed.variables.depts).to.deep.equal([c.dept]);
        expect(historyActions(await h.history(s._id), 'deptDecision')).to.include('service-completed');
        expect(await h.openNodes(s._id)).to.deep.equal([c.node]);
        const task = await h.task(s._id, c.node);
        expect(task.unit).to.equal(c.unit);
        expect(await h.candidates(task)).to.deep.equal([c.who]);
        expect(local(task.dueAt)).to.equal('2026-03-09 09:00');
        await h.complete(s._id, c.node, c.who, { handleResult: 'rectified', measures: '已督促整改到位' });
        const done = await h.complete(s._id, 'recheckDept', 'sunli', {
          recheckResult: 'rectified',
          opinion: '整改到位',
        });
        expect(done.status).to.equal('completed');
      }
    });
  });

  it('a place maintains the routing: a new version of fire_dept_route is what the next case reads (hotels back to the 派出所)', async () => {
    await scenario(FILE, KEY, async (h) => {
      const bundled = await readFile(path.join(PROCESSES_DIR, 'decisions/fire_dept_route.dmn'), 'utf8');
      // the bundled table sends every 人员密集场所 to the 消防救援机构
      const before = await h.start('XF-2026-0019');
      await h.complete(before._id, 'reportHazard', 'wangwei', report({ venueType: 'hotel' }));
      const atFire = await h.complete(before._id, 'urgeNormal', 'wangwei', {
        onSpotResult: 'refused',
        measures: '督促整改',
        refusalReason: '拒绝整改',
      });
      expect(atFire.variables.depts).to.deep.equal(['fire']);
      expect(await h.openNodes(before._id)).to.deep.equal(['fireDeptHandle']);

      // an admin's edit: this place leaves hotels to its 公安派出所 for daily fire checks (消防法 art. 53
      // para. 2) — a rule of its own, the other 人员密集场所 stay with the 消防救援机构
      const edited = bundled
        .replace(
          '<text>"hotel","market","three_in_one","crowded_place"</text>',
          '<text>"market","three_in_one","crowded_place"</text>',
        )
        .replace(
          '<rule id="r_safety">',
          `<rule id="r_police_hotel">
        <inputEntry id="r_police_hotel_venue"><text>"hotel"</text></inputEntry>
        <inputEntry id="r_police_hotel_hydrant"><text>-</text></inputEntry>
        <outputEntry id="r_police_hotel_out"><text>"police"</text></outputEntry>
      </rule>
      <rule id="r_safety">`,
        );
      expect(edited).to.not.equal(bundled);
      const [d] = await h.engine.decisions.deploy(edited, 'admin', h.clock.now());
      expect(d).to.include({ key: 'fire_dept_route', version: 2 });
      const s = await h.start('XF-2026-0020');
      await h.complete(s._id, 'reportHazard', 'wangwei', report({ venueType: 'hotel' }));
      const routed = await h.complete(s._id, 'urgeNormal', 'wangwei', {
        onSpotResult: 'refused',
        measures: '督促整改',
        refusalReason: '拒绝整改',
      });
      expect(routed.variables.depts).to.deep.equal(['police']);
      expect(flowsTaken(await h.history(s._id), 'deptRoute')).to.deep.equal(['f_police']);
      expect(await h.openNodes(s._id)).to.deep.equal(['policeHandle']);
      const police = await h.task(s._id, 'policeHandle');
      expect(police).to.include({ unit: STREET_XT, level: 'street' });
      expect(await h.candidates(police)).to.deep.equal(['xuqiang']);
      expect(local(police.dueAt)).to.equal('2026-03-09 09:00'); // 5 working days
      await h.complete(s._id, 'policeHandle', 'xuqiang', {
        handleResult: 'rectified',
        measures: '已督促整改到位',
      });
      const done = await h.complete(s._id, 'recheckDept', 'sunli', {
        recheckResult: 'rectified',
        opinion: '整改到位',
      });
      expect(done.status).to.equal('completed');

      // the table changed for the next case only: a market still goes to the 消防救援机构
      const market = await h.start('XF-2026-0021');
      await h.complete(market._id, 'reportHazard', 'wangwei', report({ venueType: 'market' }));
      const toFire = await h.complete(market._id, 'urgeNormal', 'wangwei', {
        onSpotResult: 'refused',
        measures: '督促整改',
        refusalReason: '拒绝整改',
      });
      expect(toFire.variables.depts).to.deep.equal(['fire']);
    });
  });

  it('coverage: every flow node reached and every sequence flow taken by some scenario above', async () => {
    const missing = await coverageReport(FILE, KEY);
    expect(missing.nodes, 'flow nodes never reached').to.deep.equal([]);
    expect(missing.flows, 'sequence flows never taken').to.deep.equal([]);
  });
});
