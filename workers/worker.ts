// Worker process: runs step, timer, service and notification jobs. Start several for scale-out.
// With METRICS_PORT it also serves /metrics (and /healthz) for Prometheus (METRICS_TOKEN as for the API).
import type { AddressInfo } from 'node:net';
import { workerMetricsApp } from '../engine/api/metrics.js';
import { loadConfig } from '../engine/config.js';
import type { Engine } from '../engine/engine.js';
import { openEngineForEntryPoint } from '../engine/bootstrap.js';
import { createLogger } from '../engine/logger.js';
import { failStartup } from '../engine/startup/errors.js';
import { reservePort, type ReservedPort } from '../engine/startup/port.js';
import { onShutdown } from './shutdown.js';

const log = createLogger();
const config = loadConfig();
const metricsPort = process.env.METRICS_PORT?.trim();
if (metricsPort && !/^\d+$/.test(metricsPort)) {
  log.fatal({ METRICS_PORT: metricsPort }, 'METRICS_PORT must be a port number');
  process.exit(1);
}
// the metrics port first, then DATA_DIR's lock, then Redis: nothing changes before they are all ours
let metrics: ReservedPort | undefined;
let engine: Engine;
try {
  if (metricsPort) metrics = await reservePort(Number(metricsPort));
  engine = await openEngineForEntryPoint(config, log, false);
} catch (err) {
  failStartup(log, err, config.dataDir);
}
await engine.startWorkers({ recoverInBackground: true });
log.info(
  { prefix: config.queuePrefix, concurrency: config.concurrency, store: engine.store.kind },
  'worker started',
);
if (metrics) {
  metrics.serve(workerMetricsApp(engine, { metricsToken: process.env.METRICS_TOKEN || undefined }));
  log.info({ port: (metrics.server.address() as AddressInfo).port }, 'worker metrics listening');
}
onShutdown(log, async () => {
  metrics?.server.close();
  metrics?.server.closeAllConnections();
  await engine.close();
});
