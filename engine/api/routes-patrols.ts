// 巡查日志: a grid worker starts and ends a patrol from the phone, sends GPS track points (with consent, in
// bounded batches, rate-limited), photos (attachments owned by the patrol) and reports problems found as
// cases (POST /reports with `patrolId`). Heads list the patrols of their subtrees; a worker sees their own.
import { Router } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { Principal } from './access.js';
import { op, pageOf, paging, Reply, type ApiContext } from './context.js';
import { codedError, notFound } from './errors.js';
import { redisCounter, refuseWith } from './rate-limits.js';
import { uploadParser } from './routes-attachments.js';
import { AttachmentRejected, attachmentView } from '../cases/attachments.js';
import {
  canSeePatrol,
  MAX_BATCH,
  PATROL_OWNER,
  MAX_POINTS,
  MIN_POINT_GAP_MS,
  PatrolRefused,
  type PatrolDoc,
  type PatrolRefusal,
  type TrackPoint,
} from '../patrol/patrols.js';

/** Point batches a worker may send a minute (the phone sends one every 30 s or so). */
const POINT_BATCHES_PER_MINUTE = 12;

const STATUS: Record<PatrolRefusal, number> = {
  'patrol.already-open': 409,
  'patrol.not-open': 409,
  'patrol.no-consent': 409,
  'patrol.not-your-unit': 400,
  'patrol.too-many-points': 400,
  'patrol.not-found': 404,
};

const refused = (err: unknown): never => {
  if (err instanceof PatrolRefused) throw codedError(STATUS[err.code], err.code, err.message, err.params);
  throw err;
};

interface ListQuery {
  unit?: string;
  worker?: string;
  status?: 'open' | 'ended';
  page?: number;
  pageSize?: number;
}

export function patrolRoutes(ctx: ApiContext): Router {
  const r = Router();
  const { engine } = ctx;
  const patrols = engine.patrols;

  const visible = async (user: Principal, id: string): Promise<PatrolDoc> => {
    const p = await patrols.get(id);
    if (!p || !canSeePatrol(user, p)) throw codedError(404, 'patrol.not-found', 'patrol not found');
    return p;
  };
  const view = (p: PatrolDoc) => ({ ...p, id: p._id });

  op<{ unit?: string; consent: boolean; notes?: string }>(
    r,
    ctx,
    {
      method: 'post',
      path: '/patrols',
      summary: 'Start a patrol (巡查) at a unit where the caller holds a role; one open patrol at a time',
      description:
        "`consent`: the worker agrees to send the phone's position (no consent: POST …/points is 409 " +
        'patrol.no-consent). 409 patrol.already-open names the open patrol (`patrolId`); 400 ' +
        'patrol.not-your-unit. A patrol left open is closed at the end of its business day, counted to the ' +
        "worker's last point, photo or note.",
      tag: 'patrols',
      body: 'PatrolStartBody',
      status: 201,
    },
    async ({ body, user }) => {
      const unit = body.unit ?? user.roles[0]?.unit;
      if (!unit) throw codedError(400, 'patrol.not-your-unit', 'the caller has no unit', { field: 'unit' });
      try {
        return new Reply(201, view(await patrols.start(user.username, unit, body)));
      } catch (err) {
        return refused(err);
      }
    },
  );

  op(
    r,
    ctx,
    {
      method: 'get',
      path: '/patrols/current',
      summary: "The caller's open patrol, or null (patrols left from an earlier day are closed first)",
      tag: 'patrols',
    },
    async ({ user }) => {
      const p = await patrols.openOf(user.username);
      return { patrol: p ? view(p) : null };
    },
  );

  op<unknown, ListQuery>(
    r,
    ctx,
    {
      method: 'get',
      path: '/patrols',
      summary:
        "Patrols newest first, paged: a head's subtrees (or `unit`'s subtree within them), a worker's own, " +
        'everything for admins',
      description:
        'Each patrol: worker, unit, day, startedAt / endedAt, endedBy (worker | auto), countedMs (the patrol ' +
        'time it counts for: within its day), consent, pointCount, photos (attachment ids), cases (ids of ' +
        'cases started from it), notes.',
      tag: 'patrols',
      query: 'PatrolListQuery',
    },
    async ({ query, user }) => {
      const pg = paging(query);
      let scope: string[] | undefined;
      let worker = query.worker;
      if (query.unit) {
        const chain = (await engine.org.chain(query.unit)).map((u) => u.code);
        if (!chain.length || !(user.admin || user.supervises.some((u) => chain.includes(u))))
          throw notFound('unit.not-found');
        scope = [query.unit];
      } else if (!user.admin) {
        if (user.supervises.length) scope = user.supervises;
        else {
          // a worker: their own patrols only
          if (worker !== undefined && worker !== user.username) throw notFound();
          worker = user.username;
        }
      }
      const { items, total } = await patrols.page({
        scope,
        worker,
        status: query.status,
        skip: pg.skip,
        limit: pg.limit,
      });
      return pageOf(items.map(view), total, pg);
    },
  );

  op(
    r,
    ctx,
    {
      method: 'get',
      path: '/patrols/:id',
      summary: 'A patrol with its track (time order) and its photos',
      tag: 'patrols',
    },
    async ({ params, user }) => {
      const p = await visible(user, params.id);
      const [track, photos] = await Promise.all([patrols.track(p._id), engine.attachments.some(p.photos)]);
      return { ...view(p), track, photos: photos.map(attachmentView) };
    },
  );

  op<{ points: TrackPoint[] }>(
    r,
    ctx,
    {
      method: 'post',
      path: '/patrols/:id/points',
      summary: `GPS track points of the caller's open patrol, at most ${MAX_BATCH} a batch`,
      description:
        `Kept only with consent (409 patrol.no-consent), within the patrol's time, at least ` +
        `${MIN_POINT_GAP_MS / 1000} s after the previous kept point, at most ${MAX_POINTS} a patrol; the ` +
        'answer counts the points kept and dropped. A repeated batch adds nothing. At most ' +
        `${POINT_BATCHES_PER_MINUTE} batches a minute (429 patrol.too-many-requests).`,
      tag: 'patrols',
      body: 'PatrolPointsBody',
      pre: [
        rateLimit({
          windowMs: 60_000,
          limit: POINT_BATCHES_PER_MINUTE,
          store: redisCounter(ctx.redis, engine.config.queuePrefix, 'patrol-points'),
          standardHeaders: 'draft-7',
          legacyHeaders: false,
          keyGenerator: (_req, res) => (res.locals.user as Principal).username,
          handler: refuseWith('patrol.too-many-requests', 'too many point batches, slow down', 'user'),
        }),
      ],
      refuses: [429],
    },
    async ({ params, body, user }) => {
      try {
        return await patrols.addPoints(params.id, user.username, body.points);
      } catch (err) {
        return refused(err);
      }
    },
  );

  op(
    r,
    ctx,
    {
      method: 'post',
      path: '/patrols/:id/photos',
      summary: "A photo of the caller's open patrol (multipart field `file`, as case attachments)",
      description:
        'Stored as an attachment owned by the patrol (GET /attachments/{id} and its thumbnail serve it to ' +
        'whoever sees the patrol); `requestId` makes a repeat answer the first upload.',
      tag: 'patrols',
      body: 'multipart',
      status: 201,
      pre: [uploadParser(engine.attachments.limits.maxBytes)],
    },
    async ({ req, params, user }) => {
      const p = await visible(user, params.id);
      if (p.worker !== user.username) throw codedError(404, 'patrol.not-found', 'patrol not found');
      if (p.status !== 'open') throw codedError(409, 'patrol.not-open', 'the patrol has ended');
      const file = req.file;
      if (!file)
        throw codedError(400, 'attachment.file-missing', 'no file in the multipart field "file"', {}, [
          { path: '/file', message: 'required' },
        ]);
      const fields = (req.body ?? {}) as Record<string, unknown>;
      const requestId =
        typeof fields.requestId === 'string' && /^[A-Za-z0-9._:-]{1,100}$/.test(fields.requestId)
          ? fields.requestId
          : undefined;
      try {
        const a = await engine.attachments.upload(`${PATROL_OWNER}${p._id}`, user.username, {
          data: file.buffer,
          name: file.originalname,
          requestId,
        });
        await patrols.addPhoto(p._id, user.username, a._id);
        return new Reply(201, attachmentView(a));
      } catch (err) {
        if (err instanceof AttachmentRejected)
          throw codedError(
            err.code === 'attachment.too-large' ? 413 : 400,
            err.code,
            err.message,
            err.params,
          );
        return refused(err);
      }
    },
  );

  op<{ notes?: string }>(
    r,
    ctx,
    {
      method: 'post',
      path: '/patrols/:id/end',
      summary: "End the caller's open patrol (its time counts to now, within its day); 409 patrol.not-open",
      tag: 'patrols',
      body: 'PatrolEndBody',
    },
    async ({ params, body, user }) => {
      try {
        return view(await patrols.end(params.id, user.username, body.notes));
      } catch (err) {
        return refused(err);
      }
    },
  );

  return r;
}
