// 考核: GET /api/assessment (figures, scores and grades per unit, department or person of a subtree over a
// month, a quarter or a range of days, as JSON or as the .xlsx handed in at meetings), the scoring scheme
// versions (admins save them) and assessors' manual entries (回避 enforced). The figures are defined in
// engine/sla/assessment.ts, the scoring in engine/scoring/evaluate.ts.
import { Router } from 'express';
import ExcelJS from 'exceljs';
import type { Principal } from './access.js';
import { op, Reply, type ApiContext } from './context.js';
import { badRequest, codedError, conflict, fieldDetail, notFound } from './errors.js';
import { exportedAt, formatDateTime, XLSX_TYPE } from './sheet.js';
import { parsePeriod, type Period } from '../scoring/period.js';
import {
  EntryRefused,
  InvalidScheme,
  type RowKind,
  type ScoredAssessment,
  type ScoreRow,
} from '../scoring/service.js';
import { SchemeVersionConflict } from '../scoring/schemes.js';
import { splitDepartment } from '../sla/assessment.js';
import type { Subject } from '../scoring/evaluate.js';

interface AssessmentQuery {
  unit?: string;
  period: string;
  by: RowKind;
  format: 'json' | 'xlsx';
}

interface EntryBody {
  period: string;
  by: RowKind;
  subject: string;
  itemId: string;
  points?: number;
  count?: number;
  reason: string;
  unit?: string;
}

interface CloseBody {
  unit: string;
  period: string;
}

interface AdjustmentBody {
  unit: string;
  period: string;
  by: RowKind;
  subject: string;
  points: number;
  reason: string;
}

/** Status and field of each refusal of the scoring service. */
const REFUSAL: Record<EntryRefused['code'], { status: number; field: string }> = {
  'assessment.recusal': { status: 409, field: 'subject' },
  'assessment.unknown-item': { status: 400, field: 'itemId' },
  'assessment.wrong-value': { status: 400, field: 'points' },
  'assessment.period-closed': { status: 409, field: 'period' },
  'assessment.period-open': { status: 409, field: 'period' },
  'assessment.period-running': { status: 409, field: 'period' },
  'assessment.period-not-closable': { status: 400, field: 'period' },
  'assessment.unknown-subject': { status: 404, field: 'subject' },
};

const refused = (err: unknown): never => {
  if (err instanceof EntryRefused) {
    const r = REFUSAL[err.code];
    throw codedError(r.status, err.code, err.message, { field: r.field });
  }
  throw err;
};

/** The .xlsx columns: Chinese headers, one value per row (rates as shares, hours with one decimal). */
const COLUMNS: Array<{ header: string; width: number; fmt?: string; value: (r: ScoreRow) => unknown }> = [
  { header: '序号', width: 6, value: () => null },
  { header: '考核对象', width: 26, value: (r) => (r.total ? `${r.name}（合计）` : r.name) },
  { header: '受理', width: 8, value: (r) => r.figures.received },
  { header: '办结', width: 8, value: (r) => r.figures.closed },
  { header: '完成任务', width: 10, value: (r) => r.figures.tasksCompleted },
  { header: '按期结案率', width: 12, fmt: '0.0%', value: (r) => r.figures.onTimeRate },
  { header: '任务按期率', width: 12, fmt: '0.0%', value: (r) => r.figures.taskOnTimeRate },
  { header: '返工率', width: 10, fmt: '0.0%', value: (r) => r.figures.reworkRate },
  { header: '延期率', width: 10, fmt: '0.0%', value: (r) => r.figures.extensionRate },
  { header: '退单率', width: 10, fmt: '0.0%', value: (r) => r.figures.returnRate },
  { header: '有效信息', width: 10, value: (r) => r.figures.validReports },
  { header: '平均办理（工作小时）', width: 14, fmt: '0.0', value: (r) => r.figures.avgHandlingHours },
  { header: '平均办理（日历小时）', width: 14, fmt: '0.0', value: (r) => r.figures.avgCalendarHours },
  { header: '得分', width: 8, fmt: '0.00', value: (r) => r.score.total },
  { header: '等级', width: 8, value: (r) => r.score.gradeLabel },
  {
    header: '得分明细',
    width: 60,
    value: (r) => r.score.items.map((i) => `${i.label} ${i.points}`).join('；'),
  },
];

const BY_LABEL: Record<RowKind, string> = { unit: '按单位', department: '按部门', person: '按人员' };

/** The workbook of a scored assessment, laid out to be handed in: title, table, signatures row. */
async function workbookOf(a: ScoredAssessment, zone: string, now: number): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('考核表', {
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  ws.columns = COLUMNS.map((c) => ({ width: c.width, style: c.fmt ? { numFmt: c.fmt } : {} }));
  const title = ws.addRow([`${a.unit.name}考核表（${BY_LABEL[a.by]}）`]);
  title.font = { bold: true, size: 14 };
  title.alignment = { horizontal: 'center' };
  ws.mergeCells(1, 1, 1, COLUMNS.length);
  const meta = ws.addRow([
    [
      ...(a.closed ? ['已归档'] : []),
      `单位：${a.unit.name}`,
      `考核周期：${a.period.key}（${formatDateTime(a.period.from, zone)} — ${formatDateTime(a.period.to, zone)}）`,
      `考核方案：${a.scheme.name} 第${a.scheme.version}版`,
      `导出时间：${exportedAt(now, zone)}`,
    ].join('　'),
  ]);
  ws.mergeCells(2, 1, 2, COLUMNS.length);
  meta.font = { size: 10 };
  const head = ws.addRow(COLUMNS.map((c) => c.header));
  head.font = { bold: true };
  head.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF7' } };
    cell.border = { top: { style: 'thin' }, bottom: { style: 'thin' } };
  });
  a.rows.forEach((r, i) =>
    ws.addRow(
      COLUMNS.map((c, k) => {
        if (k === 0) return i + 1;
        const v = c.value(r);
        return v === undefined || v === '' ? null : v;
      }),
    ),
  );
  ws.addRow([]);
  const sign = ws.addRow([
    '填表人：',
    '',
    '',
    '审核人：',
    '',
    '',
    '',
    '负责人（签字）：',
    '',
    '',
    '',
    '日期：',
  ]);
  sign.font = { bold: true };
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export function assessmentRoutes(ctx: ApiContext): Router {
  const r = Router();
  const { engine } = ctx;
  const org = engine.org;
  const zone = engine.config.timezone;

  /** Supervisors see their subtrees, admins everything; anything else is absent (404). */
  const reachable = async (p: Principal, code: string): Promise<boolean> => {
    if (p.admin) return true;
    const chain = (await org.chain(code)).map((u) => u.code);
    return p.supervises.some((u) => chain.includes(u));
  };

  /** The unit when the caller reaches it (supervised subtree, or admin). */
  const reachableUnit = async (p: Principal, code: string) => {
    const unit = await org.unit(code);
    return unit && (await reachable(p, unit.code)) ? unit : undefined;
  };

  /** The row a manual entry or adjustment is about, when the caller reaches it (else 404). */
  const subjectOf = async (user: Principal, by: RowKind, key: string): Promise<Subject> => {
    let subject: Subject;
    let unitCode: string | undefined;
    if (by === 'person') subject = { kind: 'person', person: key, units: [] };
    else if (by === 'department') {
      const [unit, role] = splitDepartment(key);
      if (!unit || !role)
        throw badRequest('assessment.invalid-subject', [fieldDetail('/subject', 'field.pattern')]);
      subject = { kind: 'department', unit, role };
      unitCode = unit;
    } else {
      subject = { kind: 'unit', unit: key };
      unitCode = key;
    }
    if (unitCode !== undefined && !(await reachableUnit(user, unitCode))) throw notFound('unit.not-found');
    if (subject.kind === 'person' && !user.admin) {
      // a person is reachable when one of their units is in the assessor's subtree
      const person = await org.user(subject.person);
      const units = (person?.roles ?? []).map((x) => x.unit);
      const ok = await Promise.all(units.map((u) => reachable(user, u)));
      if (!ok.some(Boolean)) throw notFound('person.not-found');
    }
    return subject;
  };

  const periodOf = (s: string, path = '/period'): Period => {
    const p = parsePeriod(s, zone);
    if (!p)
      throw codedError(400, 'assessment.invalid-period', 'invalid period', { field: path.slice(1) }, [
        { path, message: 'a month (2026-11), a quarter (2026-Q4) or days a..b within a year' },
      ]);
    return p;
  };

  op<unknown, AssessmentQuery>(
    r,
    ctx,
    {
      method: 'get',
      path: '/assessment',
      summary:
        '考核: figures, score and grade per unit (the children and the unit itself), per department (a role at a ' +
        'unit) or per person of a subtree over a month, a quarter or a range of days; format=xlsx answers the same ' +
        'rows as the workbook handed in (title, unit, period, scheme version, time of export, signatures row)',
      description:
        'Figures (defined in engine/sla/assessment.ts and the README): received, closed, tasksCompleted, onTimeRate ' +
        '(按期结案率 per case, units only), taskOnTimeRate (per task), reworkRate (返工率), extensionRate (延期率), ' +
        'returns / returnRate (退单率), supervised (挂牌督办), escalations, avgHandlingHours / avgCalendarHours, ' +
        'reports / validReports (persons: cases reported; those closed, not cancelled); persons: patrolHours (hours ' +
        'of ended patrols started in the period, each within its day), patrolDays (days with ≥ 1 h), ' +
        'dailyPatrolHours (patrolHours ÷ working days of the period up to now), missedPatrolDays (working days ' +
        'up to now with < 1 h), meetingsInvited / meetingsAttended / meetingAttendanceRate (例会签到); units: ' +
        'meetingsHeld (meetings recorded at the unit). A figure a row does not ' +
        'have is null. Scored with the scheme version in force on the first day of the period (score.items: the ' +
        'points of each item with a note). A period closed for that unit (POST /assessment/close) answers its ' +
        "frozen rows, not recomputed: `closed` {by, at}, each row's rank / rankOf within its kind and level, " +
        'its `adjustment` (summed points, adjusted total and grade) and the `adjustments` listed; open periods ' +
        'have closed null. Supervisors: their subtree; admins: all; others 404.',
      tag: 'assessment',
      query: 'AssessmentQuery',
      produces: XLSX_TYPE,
    },
    async ({ query, user, res }) => {
      if (!user.admin && !user.supervises.length) throw notFound('unit.not-found');
      const code =
        query.unit ?? (user.admin ? (await org.allUnits()).find((u) => !u.parent)?.code : user.supervises[0]);
      const unit = code ? await org.unit(code) : undefined;
      if (!unit || !(await reachable(user, unit.code))) throw notFound('unit.not-found');
      const period = periodOf(query.period);
      const scored = await engine.scoring.score(
        { code: unit.code, name: unit.name, level: unit.level },
        period,
        query.by,
      );
      if (query.format !== 'xlsx') return scored;
      const buf = await workbookOf(scored, zone, ctx.now());
      const name = `考核表-${unit.code}-${period.key}-${query.by}`;
      res.setHeader('Content-Type', XLSX_TYPE);
      res.setHeader(
        'Content-Disposition',
        `attachment; filename="assessment-${unit.code}-${period.key}.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}.xlsx`,
      );
      res.setHeader('Cache-Control', 'no-store');
      res.end(buf);
      return;
    },
  );

  op(
    r,
    ctx,
    {
      method: 'get',
      path: '/assessment/schemes',
      summary: 'Versions of the scoring scheme, newest first (version 0: the shipped default)',
      tag: 'assessment',
    },
    async ({ user }) => {
      if (!user.admin && !user.supervises.length) throw notFound();
      return { versions: await engine.scoring.schemes.versions() };
    },
  );

  op<{ scheme: unknown; baseVersion?: number }>(
    r,
    ctx,
    {
      method: 'post',
      path: '/assessment/schemes',
      summary: 'Save a new version of the scoring scheme (admin); 400 names the fields of an invalid scheme',
      tag: 'assessment',
      auth: 'admin',
      body: 'AssessmentSchemeBody',
      status: 201,
    },
    async ({ body, user }) => {
      try {
        return await engine.scoring.saveScheme(body.scheme, user.username, body.baseVersion);
      } catch (err) {
        if (err instanceof InvalidScheme)
          throw codedError(
            400,
            'assessment.invalid-scheme',
            'invalid scheme',
            { field: err.problems[0]?.field ?? '/' },
            err.problems.map((p) => ({
              path: `/scheme${p.field === '/' ? '' : p.field}`,
              message: p.message,
              code: p.code,
              params: p.params,
            })),
          );
        if (err instanceof SchemeVersionConflict)
          throw conflict('assessment.scheme-conflict', {}, err.message);
        throw err;
      }
    },
  );

  op<EntryBody>(
    r,
    ctx,
    {
      method: 'post',
      path: '/assessment/entries',
      summary:
        "An assessor's manual entry for an item of a row (points for manual items, a count for per-event items " +
        'without a figure) with a reason; refused with 409 assessment.recusal for their own unit or person (回避)',
      tag: 'assessment',
      body: 'AssessmentEntryBody',
      status: 201,
    },
    async ({ body, user }) => {
      if (!user.admin && !user.supervises.length) throw notFound();
      const period = periodOf(body.period, '/period');
      const subject = await subjectOf(user, body.by, body.subject);
      if (body.unit !== undefined && !(await reachableUnit(user, body.unit)))
        throw notFound('unit.not-found');
      try {
        const e = await engine.scoring.addEntry(user.username, period, subject, body, body.unit);
        return new Reply(201, e);
      } catch (err) {
        return refused(err);
      }
    },
  );

  op<CloseBody>(
    r,
    ctx,
    {
      method: 'post',
      path: '/assessment/close',
      summary:
        'Close (归档) a month or a quarter that has ended for a unit subtree (its supervisors, admins): every row ' +
        'of every kind is scored with the scheme in force then and frozen, ranked per level, and each scored ' +
        'unit is notified of its rank (notification type assessment.ranking-published with params)',
      description:
        'Later reads of that unit and period (GET /assessment) answer the frozen rows with `closed` set, ' +
        'without recomputing; corrections go in as adjustments (POST /assessment/adjustments). Refusals: 409 ' +
        'assessment.period-closed (closed already: closing twice changes nothing), 409 ' +
        'assessment.period-running (the period has not ended), 400 assessment.period-not-closable (a range ' +
        "of days), 404 outside the caller's subtrees.",
      tag: 'assessment',
      body: 'AssessmentCloseBody',
      status: 201,
    },
    async ({ body, user }) => {
      const unit = await reachableUnit(user, body.unit);
      if (!unit) throw notFound('unit.not-found');
      const period = periodOf(body.period);
      try {
        const c = await engine.scoring.closePeriod(
          { code: unit.code, name: unit.name, level: unit.level },
          period,
          user.username,
        );
        return new Reply(201, {
          unit: c.unit,
          period: c.period,
          scheme: c.scheme,
          rowCounts: c.rowCounts,
          closed: { by: c.closedBy, at: c.closedAt },
        });
      } catch (err) {
        return refused(err);
      }
    },
  );

  op<AdjustmentBody>(
    r,
    ctx,
    {
      method: 'post',
      path: '/assessment/adjustments',
      summary:
        'A correction of a row of a closed period (points with a reason; the author is the caller): listed ' +
        'beside the frozen row, which keeps its score; the row shows its adjusted total and grade',
      description:
        'Refusals: 409 assessment.period-open (not closed: make a manual entry), 404 assessment.unknown-subject ' +
        '(no such row in the closed table), 409 assessment.recusal (回避: own unit or person).',
      tag: 'assessment',
      body: 'AssessmentAdjustmentBody',
      status: 201,
    },
    async ({ body, user }) => {
      if (!user.admin && !user.supervises.length) throw notFound();
      const unit = await reachableUnit(user, body.unit);
      if (!unit) throw notFound('unit.not-found');
      const period = periodOf(body.period);
      const subject = await subjectOf(user, body.by, body.subject);
      try {
        return new Reply(201, await engine.scoring.adjust(user.username, unit.code, period, subject, body));
      } catch (err) {
        return refused(err);
      }
    },
  );
  return r;
}
