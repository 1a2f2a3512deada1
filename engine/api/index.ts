// The express 5 app of the engine: JSON API under /api, live events, OpenAPI + Swagger UI, queue dashboard,
// health/readiness/metrics, and the built UI with SPA fallback.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import express, { type Express } from 'express';
import helmet from 'helmet';
import { Redis } from 'ioredis';
import swaggerUi from 'swagger-ui-express';
import { systemClock, type Clock } from '../clock.js';
import type { Engine } from '../engine.js';
import { appendEvent, sessionsChannel } from '../queue/eventlog.js';
import { auditRoutes } from './audit.js';
import { Auth, TOKEN_COOKIE, tokenOf } from './auth.js';
import { JSON_LIMIT, type ApiContext } from './context.js';
import { apiNotFound, errorHandler } from './errors.js';
import { eventRoutes } from './events.js';
import { opsRoutes } from './metrics.js';
import { openApiDocument } from './openapi.js';
import { DEFAULT_LOGIN_LIMIT, type LoginLimit } from './login-throttle.js';
import { authRoutes } from './routes-auth.js';
import { attachmentRoutes } from './routes-attachments.js';
import { commentRoutes } from './routes-comments.js';
import { definitionRoutes } from './routes-definitions.js';
import { decisionRoutes } from './routes-decisions.js';
import { externalTaskRoutes } from './routes-external-tasks.js';
import { gridRoutes } from './routes-grid.js';
import { caseListRoutes } from './routes-case-list.js';
import { instanceRoutes } from './routes-instances.js';
import { listingRoutes } from './routes-listing.js';
import { notificationRoutes } from './routes-notifications.js';
import { retentionRoutes } from './routes-retention.js';
import { migrationRoutes } from './routes-migrations.js';
import { reportRoutes } from './routes-reports.js';
import { statsRoutes } from './routes-stats.js';
import { assessmentRoutes } from './routes-assessment.js';
import { patrolRoutes } from './routes-patrols.js';
import { meetingRoutes } from './routes-meetings.js';
import { supervisionRoutes } from './routes-supervision.js';
import { taskRoutes } from './routes-tasks.js';
import { requestRoutes } from './routes-requests.js';
import { intakeRoutes } from './routes-intake.js';
import { visitRoutes } from './routes-visits.js';
import { intakePhotoRoutes } from './routes-intake-photos.js';
import { DEFAULT_PUBLIC_REPORT_LIMIT, type PublicReportLimit } from './public-guard.js';

export interface ApiOptions {
  jwtSecret: string;
  /** token lifetime: `<n>s|m|h|d` (default 8h) */
  tokenTtl?: string;
  /** built UI (index.html + assets) served at / with SPA fallback */
  uiDir?: string;
  /** clock for issuing and checking tokens (default: the wall clock; domain time is the engine's clock) */
  clock?: Clock;
  /** failed sign-ins allowed per client IP and per username (default 30 and 10 per 15 minutes) */
  loginLimit?: LoginLimit;
  /** SSE heartbeat period (default 15 s) */
  heartbeatMs?: number;
  /** bearer token for /metrics (default env METRICS_TOKEN; unset = open) */
  metricsToken?: string;
  /** express `trust proxy` setting, for client IPs behind a reverse proxy */
  trustProxy?: boolean | number | string;
  /** public reports allowed per client IP and per phone (default 10 and 5 per hour) */
  publicReportLimit?: PublicReportLimit;
}

export type ApiApp = Express & {
  /** closes the API's own Redis connection (the engine is closed by its owner) */
  close(): Promise<void>;
};

/** The origin of a tile URL template (`https://t{s}.example.cn/{z}/{x}/{y}.png` → its host pattern). */
function tileOrigin(url: string | undefined): string[] {
  const m = url?.trim() && /^(https?:\/\/)([^/]+)/.exec(url.trim());
  return m ? [m[1] + m[2].replace(/\{s\}/g, '*')] : [];
}

/** The title and version of the OpenAPI document. */
export const API_INFO = { title: '网格流程引擎 API', version: '1' };

/**
 * The routers of /api in mounting order. Building them records every operation in `ctx.ops`; the offline
 * OpenAPI document (document.ts) builds the same list, so it cannot drift from what createApi serves.
 */
export function apiRouters(
  ctx: ApiContext,
  opts: Pick<ApiOptions, 'loginLimit' | 'publicReportLimit' | 'heartbeatMs'>,
): express.Router[] {
  return [
    authRoutes(ctx, opts.loginLimit ?? DEFAULT_LOGIN_LIMIT),
    definitionRoutes(ctx),
    decisionRoutes(ctx),
    externalTaskRoutes(ctx),
    // before the instance routes: /instances/export is not a case id
    caseListRoutes(ctx),
    instanceRoutes(ctx),
    supervisionRoutes(ctx),
    commentRoutes(ctx),
    attachmentRoutes(ctx),
    reportRoutes(ctx),
    listingRoutes(ctx),
    taskRoutes(ctx),
    requestRoutes(ctx),
    intakeRoutes(ctx, opts.publicReportLimit ?? DEFAULT_PUBLIC_REPORT_LIMIT),
    intakePhotoRoutes(ctx),
    visitRoutes(ctx),
    notificationRoutes(ctx),
    gridRoutes(ctx),
    statsRoutes(ctx),
    assessmentRoutes(ctx),
    patrolRoutes(ctx),
    meetingRoutes(ctx),
    auditRoutes(ctx),
    retentionRoutes(ctx),
    migrationRoutes(ctx),
    eventRoutes(ctx, { heartbeatMs: opts.heartbeatMs ?? 15_000 }),
  ];
}

export function createApi(engine: Engine, opts: ApiOptions): ApiApp {
  const app = express() as ApiApp;
  const log = engine.log;
  app.disable('x-powered-by');
  app.set('trust proxy', opts.trustProxy ?? false);
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: true,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          // map tiles come from MAP_TILE_URL's server (天地图, a city's tile server)
          imgSrc: ["'self'", 'data:', 'blob:', ...tileOrigin(process.env.MAP_TILE_URL)],
          fontSrc: ["'self'", 'data:'],
          workerSrc: ["'self'", 'blob:'],
          connectSrc: ["'self'"],
          objectSrc: ["'none'"],
          frameAncestors: ["'self'"],
          upgradeInsecureRequests: null,
        },
      },
    }),
  );

  // one command connection for readiness pings and API-side event publishing
  let redis: Redis | undefined;
  const conn = () => {
    if (!redis) {
      redis = new Redis(engine.config.redisUrl, { maxRetriesPerRequest: 1, connectTimeout: 2000 });
      redis.on('error', (err) => log.warn({ err: err.message }, 'api redis error'));
    }
    return redis;
  };
  const prefix = engine.config.queuePrefix;
  const auth = new Auth(engine, {
    secret: opts.jwtSecret,
    ttl: opts.tokenTtl ?? '8h',
    clock: opts.clock ?? systemClock,
    // every API process closes that user's event streams whose token no longer passes
    onSessionsEnded: (username) => {
      conn()
        .publish(sessionsChannel(prefix), username)
        .catch((err: unknown) => log.warn({ err }, 'session notice failed'));
    },
  });
  const ctx: ApiContext = {
    engine,
    auth,
    log,
    now: () => engine.clock.now(),
    ops: [],
    redis: () => conn(),
    publish: async (event) => {
      try {
        await appendEvent(conn(), prefix, event);
      } catch (err) {
        log.warn({ err }, 'event publish failed');
      }
    },
  };

  app.use(
    opsRoutes(ctx, {
      metricsToken: opts.metricsToken ?? process.env.METRICS_TOKEN ?? undefined,
      ping: async () => (await conn().ping()) === 'PONG',
    }),
  );

  const api = express.Router();
  api.use((_req, res, next) => {
    // the engine's clock (a manual one in demos and tests) so clients can show due times consistently
    res.setHeader('X-Server-Now', String(engine.clock.now()));
    // API answers are per user and often personal (cases, addresses, phone numbers): never cached by a
    // browser or proxy (the event stream sets its own, equivalent header)
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  api.use(express.json({ limit: JSON_LIMIT }));
  for (const routes of apiRouters(ctx, opts)) api.use(routes);

  const doc = openApiDocument(ctx.ops, API_INFO);
  api.get('/openapi.json', (_req, res) => {
    res.json(doc);
  });
  api.use(
    '/docs',
    (req: express.Request, res: express.Response, next: express.NextFunction) => {
      // the UI loads its files relative to the page: make sure the page URL ends with a slash
      if (req.originalUrl === '/api/docs') return res.redirect(301, '/api/docs/');
      next();
    },
    ...(swaggerUi.serveFiles(doc) as unknown as express.RequestHandler[]),
    swaggerUi.setup(doc, { customSiteTitle: '网格流程引擎 API' }) as unknown as express.RequestHandler,
  );
  api.use(apiNotFound);
  app.use('/api', api);

  // queue dashboard, admins only; the dashboard's own requests authenticate with the cookie
  const board = new ExpressAdapter();
  board.setBasePath('/admin/queues');
  createBullBoard({
    queues: [...Object.values(engine.queues.byName), engine.migrations.queue].map(
      (q) => new BullMQAdapter(q),
    ),
    // @bull-board/express bundles its own copy of @bull-board/api: same shape, separate declarations
    serverAdapter: board as unknown as Parameters<typeof createBullBoard>[0]['serverAdapter'],
    options: { uiConfig: { boardTitle: 'Grid queues' } },
  });
  app.use(
    '/admin/queues',
    (_req: express.Request, res: express.Response, next: express.NextFunction) => {
      res.setHeader('Cache-Control', 'no-store');
      next();
    },
    auth.required({ query: true, cookie: true, admin: true }),
    ((req: express.Request, res: express.Response, next: express.NextFunction) => {
      if (
        !req.headers.authorization &&
        tokenOf(req, { query: true }) &&
        !req.headers.cookie?.includes(`${TOKEN_COOKIE}=`)
      ) {
        res.append(
          'Set-Cookie',
          `${TOKEN_COOKIE}=${encodeURIComponent(res.locals.token as string)}; Path=/admin/queues; HttpOnly; SameSite=Strict`,
        );
      }
      next();
    }) as express.RequestHandler,
    board.getRouter() as express.Router,
  );

  if (opts.uiDir && existsSync(path.join(opts.uiDir, 'index.html'))) {
    const uiDir = path.resolve(opts.uiDir);
    app.use(express.static(uiDir, { index: 'index.html', maxAge: '1h' }));
    // /admin/queues is the queue dashboard; the UI's administration pages are /admin/units, /admin/users…
    const reserved = /^\/(api|admin\/queues|metrics|healthz|readyz)(\/|$)/;
    app.use((req, res, next) => {
      if ((req.method !== 'GET' && req.method !== 'HEAD') || reserved.test(req.path)) return next();
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(path.join(uiDir, 'index.html'));
    });
  }

  app.use(errorHandler(log));

  app.close = async () => {
    const r = redis;
    redis = undefined;
    r?.disconnect();
  };
  return app;
}

export type { ApiContext } from './context.js';
export { Auth } from './auth.js';
