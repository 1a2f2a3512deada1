// The migration plans shipped with the bundled processes (processes/migrations/<key>.json): for each
// process and each shipped version a plan starts from (test/fixtures/shipped-processes, with the forms it
// was shipped with; dispute_mediation has two: the first version and d4db679's) that version is deployed, cases are driven to wait at every user task (and timer wait)
// of it, the current bundled file is deployed as the next version, the shipped plan is found for the pair,
// its dry run refuses nothing, the migration runs, and every migrated case is driven to its end on the new
// version.
import { createHash } from 'node:crypto';
import { copyFile, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { deployBundledProcesses } from '../../engine/bundled.js';
import { PROCESSES_DIR } from '../../engine/engine.js';
import { canonicalHash } from '../../engine/model/canonical-hash.js';
import { parseShippedPlans, type ShippedPlanFile } from '../../engine/migration/shipped.js';
import type { TaskDoc } from '../../engine/queue/outbox.js';
import type { InstanceState } from '../../engine/runtime/types.js';
import { fireHazardReport } from '../fixtures/forms.js';
import { testEngine } from '../helpers/engine.js';
import { deployDecisions, Harness } from './harness.js';

const FIXTURES = path.resolve('test/fixtures/shipped-processes');
/** the fixture of the first shipped version of a bundled file, and d4db679's dispute process */
const file0 = (file: string) => `test/fixtures/shipped-processes/${file}`;
const d4db679 = 'test/fixtures/shipped-processes/d4db679/dispute-mediation.bpmn';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The plans of a key's file (one per shipped version they start from). */
async function planFiles(key: string): Promise<ShippedPlanFile[]> {
  const name = `${key}.json`;
  return parseShippedPlans(await readFile(path.join(PROCESSES_DIR, 'migrations', name), 'utf8'), name);
}

/** The forms a shipped version was deployed with (those changed since), and today's forms of the same keys. */
async function formsOf(dir: string, keys: string[]): Promise<Record<string, object>> {
  const out: Record<string, object> = {};
  for (const k of keys) out[k] = JSON.parse(await readFile(path.join(dir, `${k}.json`), 'utf8'));
  return out;
}

/** Task data per element id: an object, one computed from the clock (and the task), or 'wait' (leave it open). */
type Step = Record<string, unknown> | ((now: number, task: TaskDoc) => Record<string, unknown>) | 'wait';
type Table = Record<string, Step>;

/** ISO date-time `days` days after `now`, on a working-day morning (the engine's calendar is Shanghai). */
const isoAfter = (now: number, days: number) => new Date(now + days * 86_400_000).toISOString();

/**
 * Completes open tasks with the table's data (by a candidate of each), and with none left to complete moves
 * the clock to the next event timer; stops when `stop` holds or the case ends. Fails on a task the table
 * does not know, or a case that neither waits for a timer nor has a task to complete.
 */
async function drive(
  h: Harness,
  id: string,
  table: Table,
  stop: (open: TaskDoc[], s: InstanceState) => boolean = () => false,
  budget = 60,
): Promise<InstanceState> {
  for (let i = 0; i < budget; i++) {
    const s = await h.engine.waitForIdle(id);
    if (s.status !== 'active') return s;
    const open = await h.open(id);
    if (stop(open, s)) return s;
    const unknown = open.filter((t) => table[t.nodeId] === undefined).map((t) => t.nodeId);
    expect(unknown, `tasks without data in ${s.definitionKey} v${s.definitionVersion}`).to.deep.equal([]);
    const next = open.find((t) => table[t.nodeId] !== 'wait');
    if (next) {
      const step = table[next.nodeId] as Exclude<Step, 'wait'>;
      const data = typeof step === 'function' ? step(h.clock.now(), next) : step;
      // an escalated task (the clock moved past its limit) is done by whoever holds its roles below
      let [actor] = await h.candidates(next);
      for (const unit of s.unitPath)
        actor ??= (await h.engine.org.usersWithRoles(unit, next.candidateRoles))[0];
      expect(actor, `a candidate for ${next.nodeId} at ${next.unit}`).to.be.a('string');
      try {
        await h.complete(id, next.nodeId, actor, data);
      } catch (err) {
        const details = (err as { details?: unknown }).details;
        throw new Error(
          `${next.nodeId} (v${s.definitionVersion}): ${(err as Error).message} ${JSON.stringify(details)}`,
          { cause: err },
        );
      }
      continue;
    }
    const due = Object.values(s.timers)
      .filter((t) => t.purpose === 'catch' || t.purpose === 'boundary')
      .map((t) => t.dueAt)
      .sort((a, b) => a - b)[0];
    const incidents = Object.values(s.incidents).filter((x) => x.status === 'open');
    expect(
      due,
      `a timer to wait for (open: ${open.map((t) => t.nodeId)}; incidents: ${JSON.stringify(incidents)})`,
    ).to.be.a('number');
    h.clock.set(Math.max(h.clock.now(), due!) + 60_000);
    await h.engine.fireDueTimers();
    await sleep(20);
  }
  throw new Error(`case ${id} did not end within ${budget} steps`);
}

/** Stops when a task on `nodeId` is open or a token waits at `nodeId` (a timer wait). */
const at =
  (nodeId: string) =>
  (open: TaskDoc[], s: InstanceState): boolean =>
    open.some((t) => t.nodeId === nodeId) ||
    Object.values(s.tokens).some((t) => t.nodeId === nodeId && t.status === 'waiting');

interface Shipped {
  key: string;
  file: string;
  /** which plan of the key's file (default the first), and so which shipped version is deployed first */
  plan?: number;
  /** check that event timers of unchanged elements keep their due dates through the migration */
  timersKept?: boolean;
  /** old element id → the table that drives a new case there on the old version */
  targets: Record<string, Table>;
  /** drives a migrated case to its end on the new version */
  after: Table;
}

async function migrateShipped(p: Shipped): Promise<void> {
  const t = await testEngine();
  const h = new Harness(t, p.key);
  try {
    await deployDecisions(t);
    const plan = (await planFiles(p.key))[p.plan ?? 0];
    const fixture = path.resolve(plan.from.fixture!);
    const oldXml = await readFile(fixture, 'utf8');
    const formsDir = path.join(path.dirname(fixture), 'forms');
    const shippedForms = (await readdir(formsDir)).map((f) => f.replace(/\.json$/, ''));
    const v1 = await t.engine.deploy(oldXml, 'system', await formsOf(formsDir, shippedForms));
    expect(v1).to.include({ key: p.key, version: 1 });

    // cases waiting at every user task and timer wait of the shipped version
    const cases: Array<{ id: string; at: string }> = [];
    for (const [target, table] of Object.entries(p.targets)) {
      const s = await h.start(`MIG-${target}`);
      const waiting = await drive(h, s._id, table, at(target));
      expect(waiting.status, `a case reaches ${target}`).to.equal('active');
      expect(at(target)(await h.open(s._id), waiting), `a case waits at ${target}`).to.equal(true);
      cases.push({ id: s._id, at: target });
    }

    // the bundled file of today, with today's forms, as the next version
    const v2 = await t.engine.deploy(
      await readFile(path.join(PROCESSES_DIR, p.file), 'utf8'),
      'system',
      await formsOf(path.join(PROCESSES_DIR, 'forms'), shippedForms),
    );
    expect(v2).to.include({ key: p.key, version: 2, created: true });

    const shipped = await t.engine.migrations.shippedPlan(p.key, 1, 2);
    expect(shipped, 'the shipped plan fits v1 → v2').to.not.equal(null);
    expect(shipped!.mapping).to.deep.equal(plan.mapping);
    expect(shipped!.enter).to.deep.equal(plan.enter ?? []);
    // every explicit entry and every element entered anew says why
    for (const id of [...Object.keys(plan.mapping), ...(plan.enter ?? [])])
      expect(shipped!.notes[id], `a note for ${id}`).to.be.a('string').with.length.above(10);
    expect(await t.engine.migrations.shippedPlan(p.key, 2, 1), 'no plan backwards').to.equal(null);
    expect(await t.engine.migrations.shippedOffers(p.key, 2)).to.deep.equal([
      { fromVersion: 1, cases: cases.length, file: `processes/migrations/${p.key}.json` },
    ]);

    // each case still waits where it was driven to (no later case's clock moved it on)
    for (const c of cases)
      expect(
        at(c.at)(await h.open(c.id), await t.engine.waitForIdle(c.id)),
        `${c.at} still waits before the migration`,
      ).to.equal(true);

    // a flow entry of the plan is exercised: some case waits at a join by that old flow
    const v1Def = await t.engine.definitions.compiled(p.key, 1);
    for (const flow of Object.keys(plan.mapping).filter((id) => v1Def.flows[id])) {
      const states = await Promise.all(cases.map((c) => t.engine.waitForIdle(c.id)));
      expect(
        states.some((s) => Object.values(s.joins).some((arrivals) => flow in arrivals)),
        `a case waits at a join by ${flow}`,
      ).to.equal(true);
    }

    // event timers before the migration: a timer whose definition both versions share keeps its due date
    const timersBefore = new Map<string, InstanceState['timers']>();
    for (const c of cases) timersBefore.set(c.id, (await t.engine.waitForIdle(c.id)).timers);

    const input = {
      definitionKey: p.key,
      fromVersion: 1,
      toVersion: 2,
      mapping: shipped!.mapping,
      enter: shipped!.enter,
    };
    const dry = await t.engine.migrations.dryRun(input, 'admin');
    const refused = dry.items.filter((c) => c.status === 'refused');
    expect(refused, JSON.stringify(refused.map((c) => c.problems))).to.deep.equal([]);
    expect(dry).to.include({ total: cases.length, migrate: cases.length, refused: 0, skipped: 0 });
    for (const c of cases) expect((await t.engine.cases.instance(c.id))!.definitionVersion).to.equal(1);

    const job = await t.engine.migrations.start(input, 'admin');
    let progress = job;
    for (let i = 0; i < 400 && progress.status === 'running'; i++) {
      await sleep(25);
      progress = (await t.engine.migrations.get(job.id))!;
    }
    expect(progress).to.include({ total: cases.length, done: cases.length, failed: 0, status: 'completed' });

    const v2Def = await t.engine.definitions.compiled(p.key, 2);
    const migratedAt = h.clock.now();
    for (const c of cases) {
      const s = await t.engine.waitForIdle(c.id);
      expect(s.definitionVersion, `${c.at} migrated`).to.equal(2);
      if (p.timersKept && !(plan.enter ?? []).includes(c.at))
        for (const timer of Object.values(timersBefore.get(c.id)!)) {
          if (timer.purpose !== 'catch' && timer.purpose !== 'boundary') continue;
          const [was, now] = [v1Def.nodes[timer.nodeId]?.timer, v2Def.nodes[timer.nodeId]?.timer];
          // (the same element: not moved or entered anew by the plan, of the same kind)
          if (timer.nodeId in plan.mapping || (plan.enter ?? []).includes(timer.nodeId)) continue;
          if (v1Def.nodes[timer.nodeId].kind !== v2Def.nodes[timer.nodeId]?.kind) continue;
          if (!was || JSON.stringify(was) !== JSON.stringify(now)) continue;
          expect(s.timers[timer.id]?.dueAt, `${c.at}: ${timer.nodeId} keeps its due date`).to.equal(
            timer.dueAt,
          );
        }
      const entered = (plan.enter ?? []).includes(c.at);
      const open = (await h.open(c.id)).map((x) => x.nodeId);
      if (entered) {
        // a new task of the target step, in that step's hands, its time limit from the migration
        const target = plan.mapping[c.at] ?? c.at;
        const task = (await h.open(c.id)).find((x) => x.nodeId === target);
        expect(task, `${c.at} entered ${target} anew (open: ${open})`).to.not.equal(undefined);
        expect(task!.candidateRoles).to.deep.equal(v2Def.nodes[target].grid!.candidateRoles);
        expect(task!.createdAt).to.be.at.least(migratedAt);
      }
      const end = await drive(h, c.id, p.after);
      expect(end.status, `the case migrated at ${c.at} ends on v2`).to.equal('completed');
      expect(end.definitionVersion).to.equal(2);
    }
  } finally {
    await t.close();
  }
}

// ---- 消防隐患 -------------------------------------------------------------------------------------------

const recheck = (recheckResult: string) => ({ recheckResult, opinion: '复查：隐患已整改到位' });
const fireOld: Table = {
  reportHazard: fireHazardReport(),
  urgeNormal: { onSpotResult: 'refused', measures: '当场责令整改', refusalReason: '经营者拒不整改' },
  urgeUrgent: { onSpotResult: 'fixed', measures: '当场清理疏散通道' },
  recheckOnSpot: recheck('rectified'),
  communityHandle: { handleResult: 'ordered', measures: '社区综治督促限期整改' },
  policeHandle: { handleResult: 'ordered', measures: '派出所督促限期整改' },
  safetyHandle: { handleResult: 'ordered', measures: '安监部门督促限期整改' },
  educationHandle: { handleResult: 'ordered', measures: '教育部门督促限期整改' },
  civilHandle: { handleResult: 'ordered', measures: '民政部门督促限期整改' },
  urbanHandle: { handleResult: 'ordered', measures: '城管部门督促限期整改' },
  recheckDept: recheck('not_rectified'),
  handoverToFire: (now) => ({
    handoverNo: '莘消移〔2026〕1号',
    handoverAt: isoAfter(now, 0),
    materials: ['隐患登记表', '现场照片'],
    summary: '部门处置后复查仍未整改，书面移交',
  }),
  issueOrder: (now) => ({
    orderNo: '沪消限改〔2026〕3号',
    issuedAt: isoAfter(now, 0),
    rectifyDeadline: isoAfter(now, 10),
    requirements: '限期清理违规电线',
  }),
  recheckDeadline: recheck('not_rectified'),
  streetSupervision: {
    supervisionNo: '莘督〔2026〕2号',
    measures: '街道督办责令整改',
    supervisionResult: 'transferred',
  },
  policeTransfer: { handleResult: 'punished', measures: '公安机关依法予以处罚' },
  recheckSupervision: recheck('rectified'),
  districtListing: (now) => ({
    listingNo: '临挂〔2026〕1号',
    leadUnit: '临江区消防救援支队',
    listingDeadline: isoAfter(now, 30),
    reportedToPsb: true,
  }),
};
const fireNew: Table = {
  ...fireOld,
  issueOrder: (now) => ({
    orderNo: '沪消限改〔2026〕3号',
    issuedAt: isoAfter(now, 0),
    rectifyDeadline: isoAfter(now, 10),
    requirements: '限期清理违规电线',
    majorHazard: false,
  }),
  recheckDeadline: recheck('rectified'),
  recheckEarly: recheck('rectified'),
  rectifyWatch: (now) => ({
    periodAction: 'early_recheck',
    appliedAt: isoAfter(now, 0),
    note: '当事人申请提前复查',
  }),
  recheckDept: recheck('rectified'),
  streetSupervision: {
    supervisionNo: '莘督〔2026〕2号',
    measures: '街道督办责令整改',
    supervisionResult: 'rectified',
  },
  delisting: (now) => ({
    eliminated: true,
    checkedAt: isoAfter(now, 0),
    opinion: '隐患已消除',
    delistingNo: '临销〔2026〕1号',
  }),
};
/** the route to each old wait: the report's venue and hazards pick the department, the results the path */
const fireRoute = (over: Table = {}, report: Record<string, unknown> = {}): Table => ({
  ...fireOld,
  reportHazard: fireHazardReport(report),
  ...over,
});
const venue = (venueType: string) => fireRoute({}, { venueType });
const serious = (over: Table = {}) => fireRoute(over, { severity: 'serious' });

// ---- 矛盾纠纷 -------------------------------------------------------------------------------------------

const parties = [
  { name: '张建国', side: 'applicant', phone: '13800001111' },
  { name: '李秀英', side: 'respondent', phone: '13900002222' },
];
const intakeOld = {
  parties,
  disputeType: 'neighbour',
  source: 'patrol',
  description: '楼上住户装修漏水导致楼下天花板受损，双方就赔偿发生争执',
  location: '明天社区3号楼',
};
const settled = { mediationResult: 'settled', sessions: 2, summary: '双方达成一致意见' };
const escalate = { mediationResult: 'failed', nextStep: 'escalate', summary: '双方分歧较大，调解不成' };
const agreementData = (wantsJudicialConfirmation: boolean) => (now: number) => ({
  agreementNo: '明调〔2026〕15号',
  signedAt: isoAfter(now, 0),
  terms: '被申请人于十日内赔偿维修费用三千元，申请人放弃其他请求',
  allPartiesSigned: true,
  wantsJudicialConfirmation,
});
const extension = (days: number) => (now: number) => ({
  applicantConsent: true,
  respondentConsent: true,
  consentRecordedAt: isoAfter(now, 0),
  extendedUntil: isoAfter(now, days),
  reason: '双方同意延长调解期限',
});
const disputeOld: Table = {
  intake: intakeOld,
  riskAssess: { riskLevel: 'low', assessment: '一般民间纠纷，暂无激化迹象' },
  gridMediation: settled,
  communityMediation: settled,
  streetMediation: settled,
  districtMediation: settled,
  extensionConfirm: extension(20),
  stabilityControl: { measures: '区指挥中心组织稳控', responsibleUnits: ['莘亭派出所'], stabilized: true },
  agreement: agreementData(false),
  followUp: (now) => ({
    visitedAt: isoAfter(now, 0),
    agreementPerformed: 'fully',
    satisfaction: 'satisfied',
  }),
  judicialReminder: { applied: false },
  referral: (now) => ({
    referralType: 'litigation',
    referredTo: '临江区人民法院',
    referredAt: isoAfter(now, 0),
  }),
};
const disputeNew: Table = {
  ...disputeOld,
  intake: { ...intakeOld, intakeDecision: 'mediate' },
  stabilityControl: (now) => ({
    measures: '区指挥中心组织稳控',
    reportedTo: '莘亭派出所',
    reportedAt: isoAfter(now, 0),
    responsibleUnits: ['莘亭派出所'],
    stabilized: true,
  }),
};
const dispute = (over: Table = {}): Table => ({ ...disputeOld, ...over });
/**
 * On the corrected version the extension must end after the current limit and at most a month after it
 * (mediationExtensionMax): 20 days after the task was opened, which is when the limit was reached.
 */
const extensionChecked = (_now: number, task: TaskDoc) => ({
  ...extension(0)(task.createdAt),
  extendedUntil: isoAfter(task.createdAt, 20),
});
const disputeNow: Table = { ...disputeNew, extensionConfirm: extensionChecked };
/** d4db679's version (诉调对接): what its steps record, and the routes to its waits */
const agreementRevisionData = (now: number) => ({
  revisionType: 'new',
  agreementNo: '明调〔2026〕21号',
  signedAt: isoAfter(now, 0),
  terms: '被申请人于十日内赔偿维修费用两千五百元，不涉及案外人',
  allPartiesSigned: true,
  wantsJudicialConfirmation: false,
});
const appliedData = (now: number) => ({
  applied: true,
  court: '临江区人民法院',
  appliedAt: isoAfter(now, 0),
});
const courtRuling = (courtDecision: string) => (now: number) => ({
  courtAcceptedAt: isoAfter(now, 0),
  courtDecision,
  rulingNo: '（2026）沪0117民特12号',
  ruledAt: isoAfter(now, 0),
  ...(courtDecision === 'refused'
    ? { refusalReason: '协议约定的赔偿涉及案外人权益', afterRefusal: 'remediate' }
    : {}),
});
const disputeV1: Table = {
  ...disputeNew,
  performanceUrge: (now) => ({
    urgedAt: isoAfter(now, 0),
    performanceResult: 'performed',
    note: '经督促已履行',
  }),
  judicialOutcome: courtRuling('confirmed'),
  agreementRevision: agreementRevisionData,
};
const disputeV2: Table = { ...disputeV1, extensionConfirm: extensionChecked };
const d1 = (over: Table = {}): Table => ({ ...disputeV1, ...over });

// ---- 违法建设 -------------------------------------------------------------------------------------------

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
const verify = (verifyResult: string) => ({ verifyResult, opinion: '现场核查情况如实记录' });
const determineData = (determination: string) => ({
  determination,
  determinationNo: '临规认〔2026〕8号',
  opinion: '经现场勘查，未取得建设工程规划许可证',
});
/** a working-day morning at least a day after `now` (no weekend; the statutory holidays of Oct and Jan avoided) */
const workdayMorning = (now: number) => {
  for (let d = 1; ; d++) {
    const at = new Date(now + d * 86_400_000);
    const local = new Date(at.getTime() + 8 * 3600_000);
    const [dow, month, day] = [local.getUTCDay(), local.getUTCMonth() + 1, local.getUTCDate()];
    if (dow === 0 || dow === 6 || (month === 10 && day <= 8) || (month === 1 && day <= 3)) continue;
    return `${local.toISOString().slice(0, 10)}T10:00:00+08:00`;
  }
};
const illegalOld = (far = 10): Table => ({
  discover: discovery(),
  stopOrder: (now) => ({
    orderNo: '莘城管停字〔2026〕5号',
    servedAt: isoAfter(now, 0),
    servedTo: '王某',
    constructionStopped: true,
  }),
  historicalSurvey: { originDateVerified: '2005-05-20', evidence: ['2005年航拍影像', '房产档案'] },
  determine: determineData('not_correctable'),
  correctOrder: (now) => ({
    decisionNo: '莘城管罚字〔2026〕9号',
    constructionCost: 200000,
    fineRate: 0.08,
    fineAmount: 16000,
    correctionDeadline: isoAfter(now, far),
  }),
  verifyCorrection: verify('not_done'),
  demolishOrder: (now) => ({
    decisionNo: '莘城管拆字〔2026〕21号',
    decisionServedAt: isoAfter(now, 0),
    demolishDeadline: isoAfter(now, far),
  }),
  verifySelfDemolition: verify('not_done'),
  urgeNotice: (now) => ({
    urgeNo: '莘催字〔2026〕3号',
    servedAt: isoAfter(now, 0),
    urgeDeadline: isoAfter(now, far),
  }),
  publicNotice: (now) => ({
    noticeNo: '莘公告〔2026〕2号',
    publishedAt: isoAfter(now, 0),
    noticeDeadline: isoAfter(now, far),
    postedAt: '明天社区5号楼公告栏及现场',
  }),
  preEnforcementCheck: { appealFiled: false, appealOutcome: 'none', selfDemolished: false },
  forcedDemolition: (now) => ({
    demolishedAt: isoAfter(now, 0),
    utilitiesCut: true,
    rubbleCleared: true,
    participatingUnits: ['莘亭街道', '莘亭城管中队'],
    photos: ['https://files.example.cn/wj/forced-1.jpg'],
  }),
  finalVerify: verify('done'),
});
const illegal = (over: Table = {}): Table => ({ ...illegalOld(), ...over });
const illegalNew: Table = {
  ...illegalOld(),
  register: (now) => ({
    caseNo: '莘城管立〔2026〕12号',
    registeredAt: isoAfter(now, 0),
    approvedBy: '执法队负责人',
  }),
  investigate: (now) => ({
    officer1: '毛军',
    officer1CertNo: '31011700123',
    officer2: '陆明',
    officer2CertNo: '31011700456',
    investigatedAt: isoAfter(now, 0),
    record: '现场勘验：楼顶彩钢板房一处，当事人王某在场，笔录经核对签名',
    measuredArea: 45.5,
  }),
  determine: determineData('retain'),
  handlingPeriod: 'wait',
  verifyCorrection: verify('done'),
  finePayment: (now) => ({ paid: true, paidAt: isoAfter(now, 0), receiptNo: '沪财缴〔2026〕00123' }),
  verifySelfDemolition: verify('done'),
  urgeReview: { statementMade: true, reviewResult: 'accepted', opinion: '当事人陈述理由成立，予以采纳' },
  preEnforcementCheck: {
    appealFiled: false,
    appealOutcome: 'none',
    selfDemolished: true,
    note: '已自行拆除',
  },
  districtDecision: (now) => ({
    decisionNo: '临府拆决〔2026〕4号',
    decidedAt: isoAfter(now, 0),
    assignedTo: '莘亭街道办事处',
  }),
  enforcementDecision: (now) => ({
    decisionNo: '莘强执决〔2026〕2号',
    servedAt: isoAfter(now, 0),
    serviceMethod: 'direct',
    scheduledAt: workdayMorning(now),
  }),
};

describe('shipped migration plans: running cases of the shipped versions move to the corrected ones', function () {
  this.timeout(120_000);

  it('each plan names the shipped version by the canonical hash of its fixture (an edited fixture is caught)', async () => {
    for (const [key, file, fixtures] of [
      ['fire_hazard', 'fire-hazard.bpmn', [file0('fire-hazard.bpmn')]],
      ['dispute_mediation', 'dispute-mediation.bpmn', [file0('dispute-mediation.bpmn'), d4db679]],
      ['illegal_structure', 'illegal-structure.bpmn', [file0('illegal-structure.bpmn')]],
    ] as const) {
      const plans = await planFiles(key);
      expect(plans.map((x) => x.from.fixture)).to.deep.equal(fixtures);
      for (const plan of plans) {
        const xml = await readFile(plan.from.fixture!, 'utf8');
        expect(plan.definitionKey).to.equal(key);
        expect(await canonicalHash(xml), `${plan.from.fixture} unchanged`).to.equal(plan.from.hash);
        expect(createHash('sha256').update(xml).digest('hex')).to.equal(plan.from.rawHash);
        expect(plan.to.file).to.equal(file);
        // the current bundled file is another document: the plan is not offered for it as a source
        expect(await canonicalHash(await readFile(path.join(PROCESSES_DIR, file), 'utf8'))).to.not.equal(
          plan.from.hash,
        );
      }
    }
  });

  it('a restart that deploys the corrected bundled file logs the shipped plan for the open cases of the old one (and migrates nothing)', async () => {
    const t = await testEngine();
    const dir = await mkdtemp(path.join(tmpdir(), 'shipped-'));
    const warned: Array<[Record<string, unknown>, string]> = [];
    const warn = t.engine.log.warn.bind(t.engine.log);
    try {
      await deployDecisions(t);
      await copyFile(path.join(FIXTURES, 'fire-hazard.bpmn'), path.join(dir, 'fire-hazard.bpmn'));
      expect((await deployBundledProcesses(t.engine, dir))[0]).to.include({ version: 1, action: 'deployed' });
      const h = new Harness(t, 'fire_hazard');
      const s = await h.start('MIG-restart');
      t.engine.log.warn = ((obj: Record<string, unknown>, msg: string) => {
        warned.push([obj, msg]);
        return warn(obj, msg);
      }) as typeof t.engine.log.warn;
      await copyFile(path.join(PROCESSES_DIR, 'fire-hazard.bpmn'), path.join(dir, 'fire-hazard.bpmn'));
      expect((await deployBundledProcesses(t.engine, dir))[0]).to.include({ version: 2, action: 'deployed' });
      const offer = warned.find(([, msg]) => msg.includes('shipped migration plan'));
      expect(offer?.[0]).to.include({
        key: 'fire_hazard',
        fromVersion: 1,
        toVersion: 2,
        cases: 1,
        plan: 'processes/migrations/fire_hazard.json',
      });
      expect((await t.engine.cases.instance(s._id))!.definitionVersion).to.equal(1);
    } finally {
      t.engine.log.warn = warn;
      await rm(dir, { recursive: true, force: true });
      await t.close();
    }
  });

  it('fire_hazard: cases at every user task and at the rectification wait migrate and end on the corrected version', async () => {
    await migrateShipped({
      key: 'fire_hazard',
      file: 'fire-hazard.bpmn',
      targets: {
        reportHazard: fireRoute(),
        urgeNormal: fireRoute(),
        urgeUrgent: fireRoute({}, { hazardTypes: ['blocked_exit'] }),
        recheckOnSpot: fireRoute({}, { hazardTypes: ['blocked_exit'] }),
        communityHandle: venue('residential'),
        policeHandle: venue('hotel'),
        safetyHandle: venue('enterprise'),
        educationHandle: venue('school'),
        civilHandle: venue('care_home'),
        urbanHandle: venue('construction_site'),
        recheckDept: venue('residential'),
        handoverToFire: serious(),
        issueOrder: serious(),
        recheckDeadline: serious(),
        streetSupervision: serious(),
        policeTransfer: serious(),
        recheckSupervision: serious({
          streetSupervision: {
            supervisionNo: '莘督〔2026〕2号',
            measures: '街道督办责令整改',
            supervisionResult: 'rectified',
          },
        }),
        districtListing: fireRoute({}, { severity: 'major' }),
        // last, with a far deadline: the clock the other cases move must not end its wait before the migration
        waitDeadline: serious({
          issueOrder: (now) => ({
            orderNo: '沪消限改〔2026〕4号',
            issuedAt: isoAfter(now, 0),
            rectifyDeadline: isoAfter(now, 300),
            requirements: '限期更换损坏的消防设施',
          }),
        }),
      },
      after: fireNew,
    });
  });
  it('dispute_mediation: cases at every user task and timer wait migrate (risk assessment re-entered at intake) and end', async () => {
    await migrateShipped({
      key: 'dispute_mediation',
      file: 'dispute-mediation.bpmn',
      timersKept: true,
      targets: {
        intake: dispute(),
        riskAssess: dispute(),
        gridMediation: dispute({ gridMediation: 'wait' }),
        communityMediation: dispute({ gridMediation: escalate }),
        streetMediation: dispute({ gridMediation: escalate, communityMediation: escalate }),
        districtMediation: dispute({
          gridMediation: escalate,
          communityMediation: escalate,
          streetMediation: escalate,
        }),
        stabilityControl: dispute({
          riskAssess: {
            riskLevel: 'high',
            riskFactors: ['violence_threat'],
            assessment: '一方扬言报复，情绪激动',
          },
        }),
        referral: dispute({
          gridMediation: { mediationResult: 'failed', nextStep: 'referral', summary: '属劳动争议，引导仲裁' },
        }),
        agreement: dispute(),
        followUp: dispute(),
        // follow-up done, waiting at the join by f_followedUp while the reminder runs (the flow entry)
        judicialReminder: dispute({ agreement: agreementData(true) }),
        extensionConfirm: dispute({ gridMediation: 'wait' }),
        // last, with far ends: the clock the other cases move must not end these waits before the migration
        extensionDeadline: dispute({ gridMediation: 'wait', extensionConfirm: extension(600) }),
        extensionTimer: dispute({ gridMediation: 'wait' }),
        judicialWait: dispute({ agreement: agreementData(true), followUp: 'wait' }),
      },
      after: disputeNow,
    });
  });

  it('dispute_mediation (d4db679, 诉调对接): cases at every user task and timer wait keep their waits and timers, and end on the version where the committee that mediated signs', async () => {
    await migrateShipped({
      key: 'dispute_mediation',
      file: 'dispute-mediation.bpmn',
      plan: 1,
      timersKept: true,
      targets: {
        intake: d1(),
        riskAssess: d1({ intake: { ...intakeOld, intakeDecision: 'mediate' } }),
        gridMediation: d1({ gridMediation: 'wait' }),
        communityMediation: d1({ gridMediation: escalate }),
        streetMediation: d1({ gridMediation: escalate, communityMediation: escalate }),
        districtMediation: d1({
          gridMediation: escalate,
          communityMediation: escalate,
          streetMediation: escalate,
        }),
        stabilityControl: d1({
          riskAssess: {
            riskLevel: 'high',
            riskFactors: ['violence_threat'],
            assessment: '一方扬言报复，情绪激动',
          },
        }),
        referral: d1({
          gridMediation: { mediationResult: 'failed', nextStep: 'referral', summary: '属劳动争议，引导仲裁' },
        }),
        agreement: d1(),
        followUp: d1(),
        performanceUrge: d1({
          followUp: (now) => ({
            visitedAt: isoAfter(now, 0),
            agreementPerformed: 'partly',
            satisfaction: 'dissatisfied',
          }),
        }),
        judicialReminder: d1({ agreement: agreementData(true) }),
        judicialOutcome: d1({ agreement: agreementData(true), judicialReminder: appliedData }),
        agreementRevision: d1({
          agreement: agreementData(true),
          judicialReminder: appliedData,
          judicialOutcome: courtRuling('refused'),
        }),
        extensionConfirm: d1({ gridMediation: 'wait' }),
        // last, with far ends: the clock the other cases move must not end these waits before the migration
        extensionDeadline: d1({ gridMediation: 'wait', extensionConfirm: extension(600) }),
        extensionTimer: d1({ gridMediation: 'wait' }),
        mediationWarnTimer: d1({ gridMediation: 'wait' }),
        judicialWait: d1({ agreement: agreementData(true), followUp: 'wait' }),
      },
      after: disputeV2,
    });
  });

  it('illegal_structure: cases at every user task and timer wait migrate (decisions not yet made go through 立案; 复核 and the district decision before enforcement) and end', async () => {
    await migrateShipped({
      key: 'illegal_structure',
      file: 'illegal-structure.bpmn',
      targets: {
        discover: illegal(),
        stopOrder: illegal({ discover: discovery({ underConstruction: true }) }),
        historicalSurvey: illegal({
          discover: discovery({ builtBeforeRules: true, originDate: '2005-06-01' }),
        }),
        determine: illegal(),
        correctOrder: illegal({ determine: determineData('correctable') }),
        demolishOrder: illegal(),
        verifyCorrection: illegal({ determine: determineData('correctable') }),
        verifySelfDemolition: illegal(),
        urgeNotice: illegal(),
        publicNotice: illegal(),
        preEnforcementCheck: illegal(),
        forcedDemolition: illegal(),
        finalVerify: illegal(),
        // last, with far ends: the clock the other cases move must not end these waits before the migration
        waitCorrection: illegal({
          determine: determineData('correctable'),
          correctOrder: illegalOld(600).correctOrder,
        }),
        waitDemolition: illegal({ demolishOrder: illegalOld(600).demolishOrder }),
        waitUrge: illegal({ urgeNotice: illegalOld(600).urgeNotice }),
        waitAppeal: illegal({ publicNotice: illegalOld(900).publicNotice }),
        waitAppealOutcome: illegal({
          preEnforcementCheck: { appealFiled: true, appealOutcome: 'pending', selfDemolished: false },
        }),
      },
      after: illegalNew,
    });
  });
});
