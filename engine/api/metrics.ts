// Health, readiness and Prometheus metrics. Gauges that need a query (queue depths, open and overdue
// tasks) are registered once per engine and computed at scrape time.
import express, { Router, type Request, type Response } from 'express';
import type { Engine } from '../engine.js';
import { op, reply, type ApiContext } from './context.js';
import { errorBody, errorHandler, unauthorized } from './errors.js';

const registered = new WeakSet<Engine>();

export function registerGauges(engine: Engine): void {
  if (registered.has(engine)) return;
  registered.add(engine);
  engine.metrics.gauge('grid_queue_jobs', 'Jobs per queue and state', ['queue', 'state'], async (g) => {
    const depths = await engine.queues.depths();
    for (const [queue, counts] of Object.entries(depths)) {
      for (const [state, n] of Object.entries(counts)) g.set({ queue, state }, n);
    }
  });
  engine.metrics.gauge('grid_open_tasks', 'Open user tasks', [], async (g) => {
    g.set(await engine.cases.openTaskCount());
  });
  engine.metrics.gauge('grid_overdue_tasks', 'Open user tasks past their due time', [], async (g) => {
    g.set(await engine.cases.openTaskCount(engine.clock.now()));
  });
}

const withTimeout = <T>(p: Promise<T>, ms: number): Promise<T> =>
  Promise.race([
    p,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref()),
  ]);

export interface OpsOptions {
  /** when set, /metrics requires `Authorization: Bearer <token>` */
  metricsToken?: string;
  ping(): Promise<boolean>;
}

/** /healthz, /readyz and /metrics live at the root, outside /api. */
export function opsRoutes(ctx: ApiContext, opts: OpsOptions): Router {
  const r = Router();
  const { engine } = ctx;
  registerGauges(engine);

  op(
    r,
    ctx,
    {
      method: 'get',
      path: '/healthz',
      summary: 'Liveness: 200 while the process serves requests',
      tag: 'ops',
      auth: 'public',
      mount: '',
    },
    () => ({
      status: 'ok',
    }),
  );

  op(
    r,
    ctx,
    {
      method: 'get',
      path: '/readyz',
      summary: 'Readiness: the store and Redis answer (503 otherwise)',
      tag: 'ops',
      auth: 'public',
      mount: '',
    },
    async () => {
      const [store, redis] = await Promise.all([
        withTimeout(engine.pingStore(), 2000).catch(() => false),
        withTimeout(opts.ping(), 2000).catch(() => false),
      ]);
      const ok = store && redis;
      return reply(ok ? 200 : 503, { status: ok ? 'ready' : 'unavailable', store, redis });
    },
  );

  op(
    r,
    ctx,
    {
      method: 'get',
      path: '/metrics',
      summary: 'Prometheus metrics (open unless METRICS_TOKEN is set; then a bearer token is required)',
      tag: 'ops',
      auth: 'public',
      mount: '',
      produces: 'text/plain',
      refuses: [401],
    },
    ({ req, res }) => sendMetrics(engine, opts.metricsToken, req, res),
  );

  return r;
}

/** Writes the Prometheus text of the engine's registry; 401 without the bearer token when one is set. */
async function sendMetrics(
  engine: Engine,
  token: string | undefined,
  req: Request,
  res: Response,
): Promise<void> {
  if (token && req.headers.authorization !== `Bearer ${token}`) throw unauthorized('metrics.token-required');
  const text = await engine.metrics.registry.metrics();
  res.setHeader('Content-Type', engine.metrics.registry.contentType);
  res.status(200).send(text);
}

/**
 * The metrics endpoint of a worker process (npm run worker with METRICS_PORT): /metrics with the step
 * latency, escalations, timer lateness and incidents this process records, under the same METRICS_TOKEN
 * rule as the API; /healthz while the process runs. The scrape-time gauges (queue depths, open and
 * overdue tasks) are the same for every process and stay with the API.
 */
export function workerMetricsApp(engine: Engine, opts: { metricsToken?: string }): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/metrics', (req, res) => sendMetrics(engine, opts.metricsToken, req, res));
  app.use((_req: Request, res: Response) => {
    res.status(404).json(errorBody('not-found'));
  });
  app.use(errorHandler(engine.log));
  return app;
}
