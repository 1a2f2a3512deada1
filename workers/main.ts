// All-in-one: API + workers + UI in one process on the embedded defaults (npm start).
// Start-up order matters: the HTTP port first, then DATA_DIR's lock, then Redis — so a second start on a
// taken port or folder stops with one plain line before it changes anything (engine/startup/).
import { spawnSync } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { apiOptionsFromEnv, builtUi } from '../engine/api/env.js';
import { createApi } from '../engine/api/index.js';
import { deployBundled, openEngineForEntryPoint, redactUrl, seedIfEmpty } from '../engine/bootstrap.js';
import { seedSampleCases } from '../engine/samples/first-start.js';
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
let http: ReservedPort;
let engine: Engine;
// how long each start-up phase took, logged with the "running" line (a slow start says where it went)
const phases: Record<string, number> = {};
let mark = performance.now();
const phase = (name: string) => {
  const now = performance.now();
  phases[name] = Math.round(now - mark);
  mark = now;
};
try {
  http = await reservePort(Number(process.env.PORT ?? 3000));
  engine = await openEngineForEntryPoint(config, log, true);
} catch (err) {
  failStartup(log, err, config.dataDir);
}
phase('openMs');

let seeded: Awaited<ReturnType<typeof seedIfEmpty>>;
try {
  seeded = await seedIfEmpty(engine, log);
} catch (err) {
  log.fatal({ err }, 'first start failed');
  process.stderr.write(`${(err as Error).message}\n`);
  await engine.close();
  process.exit(1);
}
if (seeded.admin?.generatedPassword) {
  // printed once, never logged: it must be changed at the first sign-in
  process.stdout.write(
    `\nFirst administrator "${seeded.admin.username}" created with the one-time password ` +
      `${seeded.admin.generatedPassword}\nSign in and set a new password: nothing else works until then.\n\n`,
  );
}
if (seeded.users.length) {
  // printed once, at first start, for the demo data only
  process.stdout.write(
    `\nDemo users created (password "${seeded.password}"): ${seeded.users.join(', ')}\n` +
      `Sign in at http://localhost:${process.env.PORT ?? 3000}/ — change or disable these accounts before real use.\n\n`,
  );
}
phase('seedMs');
for (const d of await deployBundled(engine)) log.info(d, 'bundled process or decision ready');
phase('deployMs');
// a first start with the demo data: a week of sample cases, before the workers take them over
if (seeded.users.length) {
  try {
    await seedSampleCases(engine, log);
  } catch (err) {
    log.error({ err }, 'could not seed the sample cases; the product runs without them');
  }
  phase('samplesMs');
}
await engine.startWorkers({ recoverInBackground: true });
phase('workersMs');

// the bundled UI is built on first start; a UI_DIR is taken as it is
if (!process.env.UI_DIR && !builtUi(opts.uiDir)) {
  log.info('building the UI (first start)');
  const r = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) log.error('UI build failed; the API runs without the UI');
}
const uiDir = builtUi(opts.uiDir);
if (!uiDir) log.warn({ uiDir: opts.uiDir }, 'no built UI found: serving the API only');

const app = createApi(engine, { ...opts, uiDir });
const server = http.server;
http.serve(app);
log.info(
  {
    port: (server.address() as AddressInfo).port,
    store: engine.store.kind,
    redis: redactUrl(config.redisUrl),
    trustProxy: opts.trustProxy,
    startup: phases,
  },
  'grid workflow engine running',
);
onShutdown(log, async () => {
  server.close();
  server.closeAllConnections();
  await app.close();
  await engine.close();
});
