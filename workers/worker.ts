// Worker process: runs step, timer, service and notification jobs. Start several for scale-out.
// With METRICS_PORT it also serves /metrics (and /healthz) for Prometheus (METRICS_TOKEN as for the API).
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { workerMetricsApp } from '../engine/api/metrics.js';
import { loadConfig } from '../engine/config.js';
import { Engine } from '../engine/engine.js';
import { ensureRedis } from '../engine/bootstrap.js';
import { createLogger } from '../engine/logger.js';
import { onShutdown } from './shutdown.js';

const log = createLogger();
const config = loadConfig();
const metricsPort = process.env.METRICS_PORT?.trim();
if (metricsPort && !/^\d+$/.test(metricsPort)) {
  log.fatal({ METRICS_PORT: metricsPort }, 'METRICS_PORT must be a port number');
  process.exit(1);
}
config.redisUrl = await ensureRedis(config, log, false);
const engine = await Engine.open({ config, logger: log });
await engine.startWorkers();
log.info(
  { prefix: config.queuePrefix, concurrency: config.concurrency, store: engine.store.kind },
  'worker started',
);
let metrics: Server | undefined;
if (metricsPort) {
  const app = workerMetricsApp(engine, { metricsToken: process.env.METRICS_TOKEN || undefined });
  metrics = app.listen(Number(metricsPort), () =>
    log.info({ port: (metrics!.address() as AddressInfo).port }, 'worker metrics listening'),
  );
}
onShutdown(log, async () => {
  metrics?.close();
  metrics?.closeAllConnections();
  await engine.close();
});
