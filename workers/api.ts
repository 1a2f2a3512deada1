// API-only process (npm run api): serves HTTP and live events; steps run in worker processes (npm run worker).
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApi } from '../engine/api/index.js';
import { ensureRedis } from '../engine/bootstrap.js';
import { loadConfig } from '../engine/config.js';
import { Engine } from '../engine/engine.js';
import { createLogger } from '../engine/logger.js';
import { onShutdown } from './shutdown.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const log = createLogger();

let jwtSecret = process.env.JWT_SECRET;
if (!jwtSecret) {
  if (process.env.NODE_ENV === 'production') {
    log.fatal('JWT_SECRET must be set in production');
    process.stderr.write('JWT_SECRET must be set in production\n');
    process.exit(1);
  }
  jwtSecret = randomBytes(32).toString('hex');
  log.warn('JWT_SECRET not set: using a random secret, sessions end when the process restarts');
}

const config = loadConfig();
config.redisUrl = await ensureRedis(config, log, false);
const engine = await Engine.open({ config, logger: log });
const uiDir = process.env.UI_DIR ? path.resolve(process.env.UI_DIR) : path.join(root, 'ui/dist');
const app = createApi(engine, {
  jwtSecret,
  tokenTtl: process.env.TOKEN_TTL,
  uiDir: existsSync(path.join(uiDir, 'index.html')) ? uiDir : undefined,
  trustProxy: trustProxy(process.env.TRUST_PROXY),
});
const port = Number(process.env.PORT ?? 3000);
const server = app.listen(port, () => log.info({ port, store: engine.store.kind }, 'grid API listening'));
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

function trustProxy(v: string | undefined): boolean | number | string | undefined {
  if (!v) return undefined;
  if (/^\d+$/.test(v)) return Number(v);
  if (v === 'true' || v === 'false') return v === 'true';
  return v;
}
