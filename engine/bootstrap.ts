// Start-up chores shared by the entry points: find or launch Redis, seed the org tree and demo users on
// first start, deploy the bundled processes (deploy is idempotent: unchanged XML keeps its version).
import { spawn, spawnSync } from 'node:child_process';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { Redis } from 'ioredis';
import type { EngineConfig } from './config.js';
import { PROCESSES_DIR, type Engine } from './engine.js';
import { applySeed, readSeed } from './grid/seed.js';
import type { Logger } from './logger.js';
import { lockDataDir } from './store/data-lock.js';

/**
 * The entry points on the embedded store take DATA_DIR's lock before anything else touches the folder (or
 * Redis): a second process on the same DATA_DIR stops here, naming the holder's pid. Released at exit.
 */
export function lockDataDirIfEmbedded(config: EngineConfig): void {
  if (!config.mongoUrl && !process.env.STORE_URL) lockDataDir(config.dataDir);
}

/** The URL without its password, for logs and messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url.replace(/\/\/[^@/]*@/, '//***@');
  }
}

async function answers(url: string): Promise<boolean> {
  const r = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: 1500,
  });
  r.on('error', () => {});
  try {
    await r.connect();
    return (await r.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    r.disconnect();
  }
}

export const NO_REDIS_MESSAGE = `Redis is required and none answers at REDIS_URL, and no redis-server binary is on the PATH to start one.
Install Redis (Debian/Ubuntu: "sudo apt-get install -y redis-server"; macOS: "brew install redis") and start it,
or point REDIS_URL at a running server (e.g. REDIS_URL=redis://127.0.0.1:6379), then run "npm start" again.`;

/** For the split processes (`npm run api`, `npm run worker`): they must share one Redis, never launch their own. */
export const noSharedRedisMessage = (url: string) =>
  `Redis is required and none answers at REDIS_URL (${url}). The separate API and worker processes share one
Redis and never start one themselves: start Redis there (Debian/Ubuntu: "sudo apt-get install -y redis-server")
or set REDIS_URL to the server the other processes of this deployment use. ("npm start", the all-in-one
process, starts a local redis-server by itself when one is installed.)`;

/**
 * Returns a Redis URL that answers: REDIS_URL if it does; otherwise, when allowed and redis-server is on
 * the PATH, a server launched on a local port with its data under DATA_DIR/redis.
 */
export async function ensureRedis(config: EngineConfig, log: Logger, allowLaunch: boolean): Promise<string> {
  if (await answers(config.redisUrl)) return config.redisUrl;
  const which = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
  if (!allowLaunch || which.status !== 0) {
    const message = allowLaunch ? NO_REDIS_MESSAGE : noSharedRedisMessage(config.redisUrl);
    log.fatal(message);
    process.stderr.write(message + '\n');
    process.exit(1);
  }
  const port = Number(process.env.EMBEDDED_REDIS_PORT ?? 6390);
  const dir = path.join(config.dataDir, 'redis');
  await mkdir(dir, { recursive: true });
  const child = spawn(
    which.stdout.trim(),
    ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--save', '60 1'],
    { stdio: 'ignore', detached: false },
  );
  process.on('exit', () => child.kill());
  const url = `redis://127.0.0.1:${port}`;
  for (let i = 0; i < 50; i++) {
    if (await answers(url)) {
      log.warn(
        { url, dir },
        `nothing answered at ${config.redisUrl}; started redis-server on port ${port} with its data in ${dir}`,
      );
      return url;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  process.stderr.write(`redis-server did not come up on port ${port}\n`);
  process.exit(1);
}

/** Seeds units and demo users when the store has none; returns the demo users created. */
export async function seedIfEmpty(
  engine: Engine,
  log: Logger,
): Promise<{ users: string[]; password?: string }> {
  if (await engine.store.collection('units').count({})) return { users: [] };
  const password = process.env.DEMO_PASSWORD ?? 'grid2026';
  const users = await applySeed(
    engine.store,
    await readSeed(path.join(PROCESSES_DIR, 'seed/org.json')),
    password,
  );
  engine.org.invalidate();
  log.info({ users: users.length }, 'seeded the grid hierarchy and demo users');
  return { users, password };
}

/** Deploys every processes/*.bpmn; returns their deployments. */
export async function deployBundled(engine: Engine) {
  const files = (await readdir(PROCESSES_DIR)).filter((f) => f.endsWith('.bpmn')).sort();
  const out = [];
  for (const f of files)
    out.push(await engine.deploy(await readFile(path.join(PROCESSES_DIR, f), 'utf8'), 'system'));
  return out;
}
