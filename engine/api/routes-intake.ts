// Intake (受理) and location → grid: GET /locate; the operator's registration, 待受理 queue and decisions
// (立案 / 并案 / 不予受理) under /intake; the reporter of a case, masked for all but the intake staff and the
// case's supervisors; the public report page's challenge, report and receipt lookup under /public (no
// sign-in, abuse-limited); the map's points and boundaries. Intake staff hold the role `intake` at a unit
// and see the reports whose location lies in that unit's subtree (unlocated ones: the root units' staff).
import { Router } from 'express';
import type { UnitRef } from '../runtime/types.js';
import type { IntakeEntry } from '../intake/entries.js';
import { maskName, maskPhone, type NewReport } from '../intake/service.js';
import { jurisdictionRoots, supervisesPath, type Principal } from './access.js';
import { op, pageOf, paging, reply, type ApiContext } from './context.js';
import { codedError, errorBody, notFound } from './errors.js';
import { Challenges, publicReportThrottle, type PublicReportLimit } from './public-guard.js';
import { visibleInstance } from './views.js';

export const INTAKE_ROLE = 'intake';
/** map points drawn at most (the newest) */
const MAP_POINTS = 500;

/** Units where the user is intake staff. */
export const intakeUnits = (p: Principal) => p.roles.filter((r) => r.role === INTAKE_ROLE).map((r) => r.unit);

const mayHandle = (p: Principal, e: Pick<IntakeEntry, 'scope'>) =>
  p.admin || intakeUnits(p).some((u) => e.scope.includes(u));

const pathView = (path: UnitRef[]) => path.map((u) => ({ code: u.code, name: u.name, level: u.level }));

/** The operator's view of an entry: everything (the reporter in full). */
export const entryView = (e: IntakeEntry) => {
  const { _id, version, scope, photoToken, ...rest } = e;
  void _id;
  void version;
  void scope;
  void photoToken;
  return rest;
};

export function intakeRoutes(ctx: ApiContext, limit: PublicReportLimit): Router {
  const r = Router();
  const { engine } = ctx;
  const intake = engine.intake;
  const challenges = new Challenges(ctx.redis, engine.config.queuePrefix);

  /** An entry the caller handles, else 404. */
  const entryOf = async (p: Principal, receipt: string) => {
    const e = await intake.entries.get(receipt);
    if (!e || !mayHandle(p, e)) throw notFound('report.not-found');
    return e;
  };
  const requireStaff = (p: Principal) => {
    if (!p.admin && !intakeUnits(p).length) throw notFound();
  };

  op<unknown, { lat: number; lng: number }>(
    r,
    ctx,
    {
      method: 'get',
      path: '/locate',
      summary:
        'Location → grid: the grid whose boundary contains the point and its chain ({grid, path}); 404 ' +
        '{error: {code: locate.no-grid}, grid: null, path: [], within} when the point lies in no grid. On a border shared by grids the ' +
        'smallest unit code wins.',
      tag: 'intake',
      query: 'LocateQuery',
    },
    async ({ query }) => {
      const where = await intake.locate(query.lat, query.lng);
      if (!where.grid)
        return reply(404, {
          ...errorBody('locate.no-grid', { lat: query.lat, lng: query.lng }),
          grid: null,
          path: [],
          within: where.within,
        });
      return { grid: where.grid, path: pathView(where.path) };
    },
  );

  op(
    r,
    ctx,
    {
      method: 'get',
      path: '/intake/categories',
      summary: 'The report categories (each starts its configured process) and the channels',
      tag: 'intake',
    },
    () => ({
      categories: intake.categories(),
      channels: ['12345', '96119', 'app', 'wechat', 'walk-in', 'patrol', 'web'],
    }),
  );

  op<NewReport>(
    r,
    ctx,
    {
      method: 'post',
      path: '/intake',
      summary:
        'Register a report on behalf of a citizen (intake staff): a point in a grid of the operator’s reach ' +
        'is accepted at once (立案, the case started in that grid); otherwise it waits in the 待受理 queue',
      tag: 'intake',
      body: 'IntakeBody',
      status: 201,
    },
    async ({ body, user }) => {
      requireStaff(user);
      const where = await intake.locate(body.location.lat, body.location.lng);
      // a point located outside the operator's units is not theirs to dispatch: it waits for the staff there
      const inReach =
        !!where.grid && (user.admin || where.path.some((u) => intakeUnits(user).includes(u.code)));
      const { entry, instance } = await intake.register(body, 'operator', user.username, inReach);
      return {
        ...entryView(entry),
        path: pathView(where.path),
        caseNo: instance?.caseNo ?? null,
      };
    },
  );

  op<unknown, { status?: IntakeEntry['status']; page: number; pageSize: number }>(
    r,
    ctx,
    {
      method: 'get',
      path: '/intake',
      summary: 'The intake queue of the caller’s units (default: 待受理, status=received), newest first',
      tag: 'intake',
      query: 'IntakeListQuery',
    },
    async ({ user, query }) => {
      requireStaff(user);
      const pg = paging(query);
      const { items, total } = await intake.entries.list(
        user.admin ? undefined : intakeUnits(user),
        query.status ?? 'received',
        pg.skip,
        pg.limit,
      );
      return pageOf(items.map(entryView), total, pg);
    },
  );

  op(
    r,
    ctx,
    {
      method: 'get',
      path: '/intake/:receipt',
      summary: 'A report with its 并案 suggestions (same category within 200 m and 7 days)',
      tag: 'intake',
    },
    async ({ user, params }) => {
      const e = await entryOf(user, params.receipt);
      const where = await intake.locate(e.location.lat, e.location.lng);
      const suggestions =
        e.status === 'received'
          ? (await intake.mergeSuggestions(e)).map((s) => ({
              receipt: s.entry.receipt,
              instanceId: s.entry.instanceId,
              description: s.entry.description,
              createdAt: s.entry.createdAt,
              distanceM: s.distanceM,
            }))
          : [];
      return { ...entryView(e), path: pathView(where.path), suggestions };
    },
  );

  op<{ gridUnit?: string }>(
    r,
    ctx,
    {
      method: 'post',
      path: '/intake/:receipt/accept',
      summary:
        '立案: start the category’s process in the located grid (or `gridUnit`, a grid in the operator’s ' +
        'reach; required when the point is in no grid: 400 intake.no-grid); exactly once per report',
      tag: 'intake',
      body: 'IntakeAcceptBody',
    },
    async ({ user, params, body }) => {
      const e = await entryOf(user, params.receipt);
      if (body.gridUnit) {
        const chain = await engine.org.chain(body.gridUnit);
        if (!chain.length || !(user.admin || chain.some((u) => intakeUnits(user).includes(u.code))))
          throw notFound('unit.not-found');
      }
      const { entry, instance } = await intake.accept(e, user.username, body.gridUnit);
      return { ...entryView(entry), caseNo: instance.caseNo ?? null };
    },
  );

  op<{ instanceId: string }>(
    r,
    ctx,
    {
      method: 'post',
      path: '/intake/:receipt/merge',
      summary: '并案: the report joins an existing case in the operator’s reach',
      tag: 'intake',
      body: 'IntakeMergeBody',
    },
    async ({ user, params, body }) => {
      const e = await entryOf(user, params.receipt);
      const s = await engine.cases.instance(body.instanceId);
      if (!s || !(user.admin || intakeUnits(user).some((u) => s.unitPath.includes(u))))
        throw notFound('instance.not-found');
      return entryView(await intake.merge(e, s._id, user.username));
    },
  );

  op<{ reason: string }>(
    r,
    ctx,
    {
      method: 'post',
      path: '/intake/:receipt/reject',
      summary: '不予受理: reject the report with a reason',
      tag: 'intake',
      body: 'IntakeRejectBody',
    },
    async ({ user, params, body }) => {
      const e = await entryOf(user, params.receipt);
      return entryView(await intake.reject(e, body.reason.trim(), user.username));
    },
  );

  op(
    r,
    ctx,
    {
      method: 'get',
      path: '/instances/:id/reporter',
      summary:
        'The citizen who reported the case (from intake): in full to intake staff of its area and the case’s ' +
        'supervisors, masked (138****1234) to everyone else who sees the case; null when not from intake',
      tag: 'intake',
    },
    async ({ user, params }) => {
      const raw = await engine.cases.instance(params.id);
      const staff = !!raw && (user.admin || intakeUnits(user).some((u) => raw.unitPath.includes(u)));
      const s = staff ? raw! : await visibleInstance(ctx, user, params.id);
      const e = await intake.ofCase(s._id, s.businessKey);
      if (!e) return { reporter: null };
      const full = staff || supervisesPath(user, s.unitPath);
      return {
        reporter: full ? e.reporter : { name: maskName(e.reporter.name), phone: maskPhone(e.reporter.phone) },
        masked: !full,
        channel: e.channel,
        receipt: e.receipt,
        location: e.location,
        gridUnit: s.gridUnit,
        status: s.status,
      };
    },
  );

  // ---- map ----------------------------------------------------------------------------------------

  op<unknown, { unit?: string; status?: 'open' | 'closed'; definitionKey?: string }>(
    r,
    ctx,
    {
      method: 'get',
      path: '/map/cases',
      summary: `Cases from intake as map points (the newest ${MAP_POINTS} in the caller’s reach), with overdue`,
      tag: 'intake',
      query: 'MapQuery',
    },
    async ({ user, query }) => {
      let scopes = user.admin ? undefined : jurisdictionRoots(user);
      if (query.unit) {
        const chain = await engine.org.chain(query.unit);
        if (!chain.length || !(user.admin || chain.some((u) => jurisdictionRoots(user).includes(u.code))))
          throw notFound('unit.not-found');
        scopes = [query.unit];
      }
      const points = await intake.mapPoints(scopes, user, query, MAP_POINTS);
      return { items: points };
    },
  );

  op(
    r,
    ctx,
    {
      method: 'get',
      path: '/map/boundaries',
      summary: 'Boundaries of the units in the caller’s reach, as a GeoJSON FeatureCollection',
      tag: 'intake',
    },
    async ({ user }) => {
      const roots = user.admin ? undefined : new Set(jurisdictionRoots(user));
      const features = [];
      for (const u of await engine.org.allUnits()) {
        if (!u.boundary) continue;
        if (roots) {
          const chain = await engine.org.chain(u.code);
          if (!chain.some((c) => roots.has(c.code))) continue;
        }
        features.push({
          type: 'Feature' as const,
          geometry: u.boundary,
          properties: { code: u.code, name: u.name, level: u.level },
        });
      }
      return { type: 'FeatureCollection', features };
    },
  );

  op(
    r,
    ctx,
    {
      method: 'get',
      path: '/ui-config',
      summary: 'Settings the UI needs: the map tile source (MAP_TILE_URL; null draws on a blank base)',
      tag: 'intake',
      auth: 'public',
    },
    () => ({
      mapTileUrl: process.env.MAP_TILE_URL?.trim() || null,
      mapAttribution: process.env.MAP_ATTRIBUTION?.trim() || null,
      mapCenter: [27.73, 111.99],
      // the public page's category list (no sign-in there)
      categories: intake.categories(),
    }),
  );

  // ---- the public page (no sign-in) ------------------------------------------------------------------

  op(
    r,
    ctx,
    {
      method: 'get',
      path: '/public/boundaries',
      summary: 'Grid boundaries for the public page’s map (name and outline only)',
      tag: 'public',
      auth: 'public',
    },
    async () => {
      const gridLevel = engine.config.levels[0];
      const features = (await engine.org.allUnits())
        .filter((u) => u.boundary && u.level === gridLevel)
        .map((u) => ({
          type: 'Feature' as const,
          geometry: u.boundary,
          properties: { code: u.code, name: u.name, level: u.level },
        }));
      return { type: 'FeatureCollection', features };
    },
  );

  op(
    r,
    ctx,
    {
      method: 'get',
      path: '/public/challenge',
      summary: 'An arithmetic question for the public report page (answer once, within 10 minutes)',
      tag: 'public',
      auth: 'public',
    },
    () => challenges.issue(),
  );

  op<NewReport & { challengeId: string; challengeAnswer: number }>(
    r,
    ctx,
    {
      method: 'post',
      path: '/public/reports',
      summary:
        'A citizen’s report (no sign-in): rate-limited per IP and per phone (429 too-many-reports), with a ' +
        'challenge (400 challenge.failed); it waits in the 待受理 queue and answers a receipt number',
      tag: 'public',
      auth: 'public',
      body: 'PublicReportBody',
      status: 201,
      pre: publicReportThrottle(ctx.redis, engine.config.queuePrefix, limit),
      refuses: [429],
    },
    async ({ body }) => {
      if (!(await challenges.check(body.challengeId, body.challengeAnswer)))
        throw codedError(400, 'challenge.failed', 'wrong or expired answer to the question', {
          field: 'challengeAnswer',
        });
      const { entry, photoToken } = await intake.register(
        {
          channel: body.channel,
          reporter: body.reporter,
          category: body.category,
          description: body.description,
          location: body.location,
        },
        'public',
      );
      // the token uploads up to 3 photos to this report (POST /public/reports/:receipt/photos)
      return { receipt: entry.receipt, state: 'received', uploadToken: photoToken };
    },
  );

  op(
    r,
    ctx,
    {
      method: 'get',
      path: '/public/reports/:receipt',
      summary: 'The state of a report by its receipt number (received, accepted, merged, rejected, closed)',
      tag: 'public',
      auth: 'public',
    },
    async ({ params }) => {
      if (!/^R\d{8}[2-9A-Z]{8}$/.test(params.receipt)) throw notFound('receipt.not-found');
      const state = await intake.receiptState(params.receipt);
      if (!state) throw notFound('receipt.not-found');
      return state;
    },
  );

  return r;
}
