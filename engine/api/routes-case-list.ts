// The case list (案件): GET /instances with its filters, sort and pages; the same list as an Excel or CSV
// file (GET /instances/export); and the filters a user saved (GET/PUT/DELETE /saved-filters). Filters and
// their indexes: engine/cases/case-list.ts. Mounted before the instance routes so that /instances/export is
// not read as a case id.
import { Router } from 'express';
import type { CaseListFilter, CaseSort, CaseSortField } from '../cases/case-list.js';
import { SavedFilterLimitError } from '../cases/saved-filters.js';
import type { InstanceState } from '../runtime/types.js';
import { op, pageOf, paging, type ApiContext } from './context.js';
import { codedError, notFound } from './errors.js';
import { exportedAt, formatDateTime, sendSheet, type SheetColumn } from './sheet.js';
import { parseWhen } from './time.js';
import { isTrue } from './validation.js';
import { instanceSummary, processName } from './views.js';

/** Most rows one export writes; the title row says so when the list had more. */
export const EXPORT_ROW_CAP = 50_000;
const HOUR = 3_600_000;

export interface CaseListQuery {
  status?: string;
  unit?: string;
  gridUnit?: string;
  definitionKey?: string;
  businessKey?: string;
  level?: string;
  overdue?: string;
  escalated?: string;
  listed?: string;
  supervised?: string;
  orderPending?: string;
  reporter?: string;
  reportedFrom?: string;
  reportedTo?: string;
  dueFrom?: string;
  dueTo?: string;
  closedFrom?: string;
  closedTo?: string;
  q?: string;
  caseNo?: string;
  involved?: string;
  sort?: string;
  page: number;
  pageSize: number;
  format?: 'xlsx' | 'csv';
  lang?: 'zh' | 'en';
}

const flagOf = (v?: string) => (v === undefined ? undefined : isTrue(v));

/** The filters and sort of a validated query string. */
export function caseFilterOf(q: CaseListQuery, zone: string): { filter: CaseListFilter; sort: CaseSort } {
  const period = (from?: string, to?: string) => ({
    from: parseWhen(from, zone),
    to: parseWhen(to, zone, true),
  });
  const sort = q.sort ?? '-startedAt';
  return {
    filter: {
      q: q.q ?? q.caseNo,
      definitionKey: q.definitionKey,
      status: q.status,
      unit: q.unit ?? q.gridUnit,
      level: q.level,
      overdue: flagOf(q.overdue),
      escalated: flagOf(q.escalated),
      listed: flagOf(q.listed ?? q.supervised),
      orderPending: flagOf(q.orderPending) || undefined,
      reporter: q.reporter,
      businessKey: q.businessKey,
      reported: period(q.reportedFrom, q.reportedTo),
      due: period(q.dueFrom, q.dueTo),
      closed: period(q.closedFrom, q.closedTo),
      involved: flagOf(q.involved) || undefined,
    },
    sort: { field: sort.replace(/^-/, '') as CaseSortField, dir: sort.startsWith('-') ? -1 : 1 },
  };
}

const LABELS = {
  zh: {
    title: '案件列表',
    unit: '单位',
    all: '全部',
    period: '上报时间',
    exported: '导出时间',
    capped: '仅导出前 {n} 条（共 {total} 条以上），请缩小筛选范围',
    rows: '共 {n} 条',
    headers: [
      '案件编号',
      '标题',
      '流程',
      '状态',
      '所属网格',
      '当前环节',
      '当前层级',
      '办理人',
      '上报人',
      '上报时间',
      '办理期限',
      '结案时间',
      '当前超期',
      '已升级',
      '挂牌督办',
      '办理时长（工作小时）',
      '办理时长（日历小时）',
    ],
    status: { active: '办理中', completed: '已办结', terminated: '已终止', cancelled: '已撤销' } as Record<
      string,
      string
    >,
    levels: { grid: '网格', zone: '片区', community: '社区', street: '街道', district: '区' } as Record<
      string,
      string
    >,
    yes: '是',
    no: '',
    pool: '待签收',
  },
  en: {
    title: 'Cases',
    unit: 'Unit',
    all: 'all',
    period: 'Reported',
    exported: 'Exported',
    capped: 'first {n} rows only (more than {total} match): narrow the filter',
    rows: '{n} rows',
    headers: [
      'Case no.',
      'Title',
      'Process',
      'Status',
      'Grid',
      'Current step',
      'Current level',
      'Assignee',
      'Reporter',
      'Reported at',
      'Due',
      'Closed at',
      'Overdue now',
      'Escalated',
      'Listed',
      'Handling time (working hours)',
      'Handling time (calendar hours)',
    ],
    status: {
      active: 'Open',
      completed: 'Completed',
      terminated: 'Terminated',
      cancelled: 'Cancelled',
    } as Record<string, string>,
    levels: {
      grid: 'Grid',
      zone: 'Zone',
      community: 'Community',
      street: 'Street',
      district: 'District',
    } as Record<string, string>,
    yes: 'yes',
    no: '',
    pool: 'unclaimed',
  },
};

const fill = (s: string, p: Record<string, string | number>) =>
  s.replace(/\{(\w+)\}/g, (_m, k: string) => String(p[k] ?? ''));

const round1 = (ms: number) => Math.round((ms / HOUR) * 10) / 10;

export function caseListRoutes(ctx: ApiContext): Router {
  const r = Router();
  const { engine } = ctx;
  const zone = engine.config.timezone;

  /** Handling time so far (to the end, or now while open): in working hours and in calendar hours. */
  const handling = (s: InstanceState, now: number) => {
    const end = s.endedAt ?? now;
    return {
      workingHours: round1(engine.calendar.elapsed(s.startedAt, end, 'workday')),
      calendarHours: round1(end - s.startedAt),
    };
  };

  const listCriteria = (query: CaseListQuery) => {
    const { filter, sort } = caseFilterOf(query, zone);
    return { criteria: filter, sort, now: ctx.now() };
  };

  const names = () => {
    const cache = new Map<string, Promise<string | undefined>>();
    return (s: InstanceState) => {
      const k = `${s.definitionKey}@${s.definitionVersion}`;
      if (!cache.has(k)) cache.set(k, processName(ctx, s.definitionKey, s.definitionVersion));
      return cache.get(k)!;
    };
  };

  op<unknown, CaseListQuery>(
    r,
    ctx,
    {
      method: 'get',
      path: '/instances',
      summary: 'Cases the caller may see, filtered, sorted and paginated (案件列表)',
      description:
        "Filters combine with AND. `overdue=1` is the dashboard's 当前超期 per case: an open task past its due " +
        'date or already escalated, now. `q` matches the beginning of a case number, or cases whose number, ' +
        'title or address contain every two-character piece of the text. `total` is counted up to 1,000: ' +
        'with more matches it is 1,000 and `totalCapped: true` says "more than" (as web searches answer; counting ' +
        "every match cost a check of each against the caller's scope). Each item carries `handling: {workingHours, calendarHours}` (to its end, or " +
        'now while open) and `dueAt`, `breachAt`, `escalated`, `openLevels`.',
      tag: 'instances',
      query: 'InstanceListQuery',
    },
    async ({ query, user }) => {
      const pg = paging(query);
      const { criteria, sort, now } = listCriteria(query);
      const page = await engine.caseSearch.page(user, criteria, sort, pg, now);
      const nameOf = names();
      const items = [];
      for (const s of page.items)
        items.push({
          ...instanceSummary(s, await nameOf(s)),
          dueAt: s.dueAt ?? null,
          breachAt: s.breachAt ?? null,
          overdueNow: s.breachAt !== undefined && s.breachAt < now,
          escalated: !!s.escalated,
          openLevels: s.openLevels ?? [],
          handling: handling(s, now),
        });
      return { ...pageOf(items, page.total, pg), ...(page.totalCapped ? { totalCapped: true } : {}) };
    },
  );

  op<unknown, CaseListQuery>(
    r,
    ctx,
    {
      method: 'get',
      path: '/instances/export',
      summary:
        'The case list as an Excel (.xlsx) or CSV file, with the same filters and sort as GET /instances',
      description:
        `At most ${EXPORT_ROW_CAP} rows; the .xlsx title row names the unit, the period and the time of ` +
        'export, and says when the rows were capped. CSV is UTF-8 with a byte-order mark, header row first. ' +
        'Headers and values in `lang` (zh by default).',
      tag: 'instances',
      query: 'InstanceExportQuery',
      produces: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    },
    async ({ query, user, res }) => {
      const L = LABELS[query.lang ?? 'zh'];
      const { criteria, sort, now } = listCriteria(query);
      const total = await engine.caseSearch.count(user, criteria, EXPORT_ROW_CAP + 1, now);
      const unitCode = query.unit ?? query.gridUnit;
      const unit = unitCode ? await engine.org.unit(unitCode) : undefined;
      const periodText = [query.reportedFrom ?? '', query.reportedTo ?? ''].some(Boolean)
        ? `${query.reportedFrom ?? '…'} — ${query.reportedTo ?? '…'}`
        : L.all;
      const title = [
        L.title,
        `${L.unit}: ${unit?.name ?? (unitCode || L.all)}`,
        `${L.period}: ${periodText}`,
        `${L.exported}: ${exportedAt(now, zone)}`,
        total > EXPORT_ROW_CAP
          ? fill(L.capped, { n: EXPORT_ROW_CAP, total: EXPORT_ROW_CAP })
          : fill(L.rows, { n: total }),
      ].join('　');
      const nameOf = names();
      type Row = {
        s: InstanceState;
        process?: string;
        hours: { workingHours: number; calendarHours: number };
      };
      const open = (s: InstanceState) => Object.values(s.tasks).filter((t) => t.status === 'open');
      const yes = (b: boolean) => (b ? L.yes : L.no);
      const columns: SheetColumn<Row>[] = [
        { header: L.headers[0], width: 20, value: (r) => r.s.caseNo },
        { header: L.headers[1], width: 36, value: (r) => r.s.title },
        { header: L.headers[2], width: 16, value: (r) => r.process ?? r.s.definitionKey },
        { header: L.headers[3], width: 10, value: (r) => L.status[r.s.status] ?? r.s.status },
        { header: L.headers[4], width: 16, value: (r) => r.s.unitChain[0]?.name ?? r.s.gridUnit },
        {
          header: L.headers[5],
          width: 18,
          value: (r) =>
            open(r.s)
              .map((t) => t.name ?? t.nodeId)
              .join('、'),
        },
        {
          header: L.headers[6],
          width: 10,
          value: (r) => (r.s.openLevels ?? []).map((l) => L.levels[l] ?? l).join('、'),
        },
        {
          header: L.headers[7],
          width: 12,
          value: (r) =>
            open(r.s)
              .map((t) => t.assignee ?? L.pool)
              .join('、'),
        },
        { header: L.headers[8], width: 12, value: (r) => r.s.startedBy },
        { header: L.headers[9], width: 17, type: 'datetime', value: (r) => r.s.startedAt },
        { header: L.headers[10], width: 17, type: 'datetime', value: (r) => r.s.dueAt },
        { header: L.headers[11], width: 17, type: 'datetime', value: (r) => r.s.endedAt },
        {
          header: L.headers[12],
          width: 9,
          value: (r) => yes(r.s.breachAt !== undefined && r.s.breachAt < now),
        },
        { header: L.headers[13], width: 8, value: (r) => yes(!!r.s.escalated) },
        { header: L.headers[14], width: 9, value: (r) => yes(r.s.supervised) },
        {
          header: L.headers[15],
          width: 12,
          type: 'number',
          numFmt: '0.0',
          value: (r) => r.hours.workingHours,
        },
        {
          header: L.headers[16],
          width: 12,
          type: 'number',
          numFmt: '0.0',
          value: (r) => r.hours.calendarHours,
        },
      ];
      async function* rows() {
        for await (const page of engine.caseSearch.pages(user, criteria, sort, EXPORT_ROW_CAP, now)) {
          const out: Row[] = [];
          for (const s of page) out.push({ s, process: await nameOf(s), hours: handling(s, now) });
          yield out;
        }
      }
      const stamp = formatDateTime(now, zone).replace(/[- :]/g, '').slice(0, 12);
      await sendSheet(
        res,
        query.format ?? 'xlsx',
        { fileName: `${L.title}-${stamp}`, sheetName: L.title, title, columns, timezone: zone },
        rows(),
      );
    },
  );

  op(
    r,
    ctx,
    {
      method: 'get',
      path: '/saved-filters',
      summary: "The caller's saved case-list filters",
      tag: 'instances',
    },
    async ({ user }) => {
      const items = await engine.savedFilters.list(user.username);
      return { items: items.map(({ _id, owner: _o, ...f }) => ({ id: _id, ...f })) };
    },
  );

  op<{ name: string; query: string }>(
    r,
    ctx,
    {
      method: 'put',
      path: '/saved-filters',
      summary: "Save a case-list filter under a name (replaces the caller's filter of that name)",
      description: 'At most 50 per user: a 51st answers 409 `{code: "saved-filters.limit"}`.',
      tag: 'instances',
      body: 'SavedFilterBody',
    },
    async ({ body, user }) => {
      try {
        const d = await engine.savedFilters.save(
          user.username,
          body.name.trim(),
          body.query.replace(/^\?/, ''),
        );
        return { id: d._id, name: d.name, query: d.query, createdAt: d.createdAt, updatedAt: d.updatedAt };
      } catch (err) {
        if (err instanceof SavedFilterLimitError)
          throw codedError(409, 'saved-filters.limit', err.message, { max: 50 });
        throw err;
      }
    },
  );

  op(
    r,
    ctx,
    {
      method: 'delete',
      path: '/saved-filters/:id',
      summary: "Delete one of the caller's saved filters",
      tag: 'instances',
    },
    async ({ params, user }) => {
      if (!(await engine.savedFilters.remove(user.username, params.id)))
        throw notFound('saved-filter.not-found');
      return undefined;
    },
  );

  return r;
}
