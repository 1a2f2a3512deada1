// GET /api/stats: assessment figures of a unit subtree (the definitions of the figures are
// engine/sla/assessment.ts; they are read from the rollups kept as facts land, engine/stats/query.ts).
import { Router } from 'express';
import { jurisdictionRoots, type Principal } from './access.js';
import { op, type ApiContext } from './context.js';
import { badRequest, notFound } from './errors.js';
import {
  exportedAt,
  formatDateTime,
  sendSheet,
  XLSX_TYPE,
  type SheetColumn,
  type SheetFormat,
} from './sheet.js';
import { parseWhen } from './time.js';
import type { Figures } from '../sla/assessment.js';

const STATS_LABELS = {
  zh: {
    title: '考核统计',
    unit: '单位',
    period: '统计周期',
    exported: '导出时间',
    total: '合计',
    headers: [
      '单位',
      '层级',
      '受理',
      '办结',
      '撤销',
      '应结案件',
      '按期结案率',
      '任务按期率',
      '当前超期',
      '升级次数',
      '返工',
      '返工率',
      '反馈率',
      '满意率',
      '任务平均办理（工作小时）',
      '案件平均办理（工作小时）',
      '任务平均办理（日历小时）',
      '案件平均办理（日历小时）',
    ],
    levels: { grid: '网格', zone: '片区', community: '社区', street: '街道', district: '区' } as Record<
      string,
      string
    >,
  },
  en: {
    title: 'Assessment',
    unit: 'Unit',
    period: 'Period',
    exported: 'Exported',
    total: 'total',
    headers: [
      'Unit',
      'Level',
      'Received',
      'Closed',
      'Cancelled',
      'Due',
      'On-time rate',
      'Task on-time rate',
      'Overdue now',
      'Escalations',
      'Rework',
      'Rework rate',
      'Reply rate',
      'Satisfaction rate',
      'Avg task handling (working hours)',
      'Avg case handling (working hours)',
      'Avg task handling (calendar hours)',
      'Avg case handling (calendar hours)',
    ],
    levels: {
      grid: 'Grid',
      zone: 'Zone',
      community: 'Community',
      street: 'Street',
      district: 'District',
    } as Record<string, string>,
  },
};

const DAY = 86_400_000;

interface StatsQuery {
  unit?: string;
  from?: string;
  to?: string;
  format?: SheetFormat;
  lang?: 'zh' | 'en';
}
const MAX_DAYS = 366;

export function statsRoutes(ctx: ApiContext): Router {
  const r = Router();
  const { engine } = ctx;
  const org = engine.org;

  const defaultUnit = async (p: Principal): Promise<string | undefined> => {
    if (p.admin) return (await org.allUnits()).find((u) => !u.parent)?.code;
    return p.supervises[0] ?? jurisdictionRoots(p)[0];
  };

  const inJurisdiction = async (p: Principal, code: string): Promise<boolean> => {
    if (p.admin) return true;
    const chain = (await org.chain(code)).map((u) => u.code);
    return jurisdictionRoots(p).some((u) => chain.includes(u));
  };

  /** The assessment the query names (unit, period), within the caller's jurisdiction. */
  const assessment = async (query: StatsQuery, user: Principal) => {
    const code = query.unit ?? (await defaultUnit(user));
    const unit = code ? await org.unit(code) : undefined;
    if (!unit || !(await inJurisdiction(user, unit.code))) throw notFound('unit.not-found');
    const tz = engine.config.timezone;
    const now = ctx.now();
    // the period is half-open, [from, to): by default it runs up to and including the current instant, so a
    // case received in this very millisecond (or on a clock that has not moved since) is already counted
    const to = parseWhen(query.to, tz, true) ?? now + 1;
    const from = parseWhen(query.from, tz) ?? to - 30 * DAY;
    if (from >= to) throw badRequest('period.invalid', [{ path: '/from', message: 'must be before to' }]);
    if (to - from > MAX_DAYS * DAY)
      throw badRequest('period.invalid', [{ path: '/from', message: `period longer than ${MAX_DAYS} days` }]);

    const codes = await org.subtree(unit.code);
    const all = await org.allUnits();
    const children = [];
    for (const c of all.filter((u) => u.parent === unit.code).sort((a, b) => a.code.localeCompare(b.code))) {
      children.push({ code: c.code, name: c.name, level: c.level, codes: await org.subtree(c.code) });
    }

    const units = all.map((u) => ({ code: u.code, name: u.name, level: u.level }));
    // closed work comes from the rollups (engine/stats); only the open tasks are read
    return engine.assess({
      unit: { code: unit.code, name: unit.name, level: unit.level },
      children,
      units,
      codes,
      from,
      to,
      now,
      timezone: tz,
    });
  };

  op<unknown, StatsQuery>(
    r,
    ctx,
    {
      method: 'get',
      path: '/stats',
      summary:
        'Assessment of a unit subtree over [from, to): cases received/closed, 按期结案率 per case (onTimeRate) and per ' +
        'task (taskOnTimeRate), overdue, escalations by level, working-hour handling times without paused time, ' +
        "rework (返工) and its rate, per-child breakdown by the cases' grid, task figures by handling unit and level " +
        '(byUnit, byLevel), daily escalation series (default: last 30 days)',
      tag: 'stats',
      query: 'StatsQuery',
    },
    async ({ query, user }) => {
      return assessment(query, user);
    },
  );
  op<unknown, StatsQuery>(
    r,
    ctx,
    {
      method: 'get',
      path: '/stats/export',
      summary:
        'The per-unit assessment table of GET /stats (each child unit and the unit itself) as .xlsx or CSV',
      description:
        'Same unit and period as GET /stats. The .xlsx title row names the unit, the period and the time of ' +
        'export. Handling times in working hours (workday calendar, paused time left out) and in calendar hours ' +
        '(the same stretches on the wall clock).',
      tag: 'stats',
      query: 'StatsExportQuery',
      produces: XLSX_TYPE,
    },
    async ({ query, user, res }) => {
      const a = await assessment(query, user);
      const zone = engine.config.timezone;
      const L = STATS_LABELS[query.lang ?? 'zh'];
      type Row = Figures & { name: string; level: string; total?: boolean };
      const pct = (v: number | null) => (v === null ? null : v);
      const columns: SheetColumn<Row>[] = [
        { header: L.headers[0], width: 22, value: (r) => (r.total ? `${r.name}（${L.total}）` : r.name) },
        { header: L.headers[1], width: 8, value: (r) => L.levels[r.level] ?? r.level },
        { header: L.headers[2], width: 8, value: (r) => r.received },
        { header: L.headers[3], width: 8, value: (r) => r.closed },
        { header: L.headers[4], width: 8, value: (r) => r.cancelled },
        { header: L.headers[5], width: 10, value: (r) => r.due },
        { header: L.headers[6], width: 12, type: 'number', numFmt: '0.0%', value: (r) => pct(r.onTimeRate) },
        {
          header: L.headers[7],
          width: 12,
          type: 'number',
          numFmt: '0.0%',
          value: (r) => pct(r.taskOnTimeRate),
        },
        { header: L.headers[8], width: 10, value: (r) => r.overdueNow },
        { header: L.headers[9], width: 10, value: (r) => r.escalations.total },
        { header: L.headers[10], width: 8, value: (r) => r.rework },
        { header: L.headers[11], width: 10, type: 'number', numFmt: '0.0%', value: (r) => pct(r.reworkRate) },
        // 反馈率 and 满意率 of the cases from intake (engine/intake/replies.ts, visits.ts)
        { header: L.headers[12], width: 10, type: 'number', numFmt: '0.0%', value: (r) => pct(r.replyRate) },
        {
          header: L.headers[13],
          width: 10,
          type: 'number',
          numFmt: '0.0%',
          value: (r) => pct(r.satisfactionRate),
        },
        {
          header: L.headers[14],
          width: 16,
          type: 'number',
          numFmt: '0.0',
          value: (r) => r.avgTaskHandlingHours,
        },
        {
          header: L.headers[15],
          width: 16,
          type: 'number',
          numFmt: '0.0',
          value: (r) => r.avgCaseHandlingHours,
        },
        {
          header: L.headers[16],
          width: 16,
          type: 'number',
          numFmt: '0.0',
          value: (r) => r.avgTaskCalendarHours,
        },
        {
          header: L.headers[17],
          width: 16,
          type: 'number',
          numFmt: '0.0',
          value: (r) => r.avgCaseCalendarHours,
        },
      ];
      const rows: Row[] = [...a.children, { ...a, name: a.unit.name, level: a.unit.level, total: true }];
      const title = [
        L.title,
        `${L.unit}: ${a.unit.name}`,
        `${L.period}: ${formatDateTime(a.period.from, zone)} — ${formatDateTime(a.period.to, zone)}`,
        `${L.exported}: ${exportedAt(ctx.now(), zone)}`,
      ].join('　');
      async function* pages() {
        yield rows;
      }
      await sendSheet(
        res,
        query.format ?? 'xlsx',
        { fileName: `${L.title}-${a.unit.code}`, sheetName: L.title, title, columns, timezone: zone },
        pages(),
      );
    },
  );
  return r;
}
