// All-in-one: API + workers + UI in one process on the embedded defaults (npm start).
import { existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createApi } from '../engine/api/index.js';
import { deployBundled, ensureRedis, seedIfEmpty } from '../engine/bootstrap.js';
import { loadConfig } from '../engine/config.js';
import { Engine } from '../engine/engine.js';
import { createLogger } from '../engine/logger.js';
import { onShutdown } from './shutdown.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const log = createLogger();
const config = loadConfig();
config.redisUrl = await ensureRedis(config, log, true);
const engine = await Engine.open({ config, logger: log });

const seeded = await seedIfEmpty(engine, log);
if (seeded.users.length) {
  // printed once, at first start, for the demo data only
  process.stdout.write(
    `\nDemo users created (password "${seeded.password}"): ${seeded.users.join(', ')}\n` +
      `Sign in at http://localhost:${process.env.PORT ?? 3000}/ — change or disable these accounts before real use.\n\n`,
  );
}
for (const d of await deployBundled(engine)) log.info(d, 'bundled process ready');
await engine.startWorkers();

const uiDir = path.join(root, 'ui/dist');
if (!existsSync(path.join(uiDir, 'index.html'))) {
  log.info('building the UI (first start)');
  const r = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) log.error('UI build failed; the API runs without the UI');
}

let jwtSecret = process.env.JWT_SECRET;
if (!jwtSecret) {
  if (process.env.NODE_ENV === 'production') {
    log.fatal('JWT_SECRET must be set in production');
    process.exit(1);
  }
  jwtSecret = randomBytes(32).toString('hex');
  log.warn('JWT_SECRET not set: using a random secret, sessions end when the process restarts');
}
const app = createApi(engine, { jwtSecret, uiDir, tokenTtl: process.env.TOKEN_TTL });
const port = Number(process.env.PORT ?? 3000);
const server = app.listen(port, () =>
  log.info({ port, store: engine.store.kind, redis: config.redisUrl }, 'grid workflow engine running'),
);
onShutdown(log, async () => {
  server.close();
  await engine.close();
});
