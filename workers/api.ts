// API-only process (npm run api): serves HTTP and live events; steps run in worker processes (npm run worker).
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { apiOptionsFromEnv, builtUi } from '../engine/api/env.js';
import { createApi } from '../engine/api/index.js';
import { openEngineForEntryPoint } from '../engine/bootstrap.js';
import { loadConfig } from '../engine/config.js';
import type { Engine } from '../engine/engine.js';
import { createLogger } from '../engine/logger.js';
import { failStartup } from '../engine/startup/errors.js';
import { reservePort, type ReservedPort } from '../engine/startup/port.js';
import { onShutdown } from './shutdown.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const log = createLogger();
const opts = await apiOptionsFromEnv(root, log);

const config = loadConfig();
// the port first, then DATA_DIR's lock, then Redis: a taken port or folder stops before anything changes
let http: ReservedPort;
let engine: Engine;
try {
  http = await reservePort(Number(process.env.PORT ?? 3000));
  engine = await openEngineForEntryPoint(config, log, false);
} catch (err) {
  failStartup(log, err, config.dataDir);
}
const app = createApi(engine, { ...opts, uiDir: builtUi(opts.uiDir) });
const server = http.server;
http.serve(app);
log.info(
  { port: (server.address() as AddressInfo).port, store: engine.store.kind, trustProxy: opts.trustProxy },
  'grid API listening',
);
onShutdown(log, async () => {
  // stop accepting; open event streams get a short grace period, then are cut
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const grace = setTimeout(() => server.closeAllConnections(), 5000);
  await closed;
  clearTimeout(grace);
  await app.close();
  await engine.close();
});
