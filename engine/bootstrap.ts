// Start-up chores shared by the entry points: lock DATA_DIR, find or launch Redis (and say which), seed the
// org tree and demo users on first start (in production: no demo users, a first administrator instead),
// deploy the bundled processes (only when absent or when the bundled file changed since it was last
// bundled: engine/bundled.ts).
import { spawn, spawnSync } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { connect } from 'node:net';
import path from 'node:path';
import { Redis } from 'ioredis';
import { deployBundledProcesses } from './bundled.js';
import { deployBundledDecisions } from './dmn/bundled.js';
import type { EngineConfig } from './config.js';
import { Engine, PROCESSES_DIR } from './engine.js';
import { UnitRepository } from './grid/unit-repository.js';
import { addMissingSeedRoles, applySeed, createFirstAdmin, readSeed, type FirstAdmin } from './grid/seed.js';
import type { Logger } from './logger.js';
import { claimRedis, TAKEOVER_ENV } from './startup/deployment.js';
import { StartupError } from './startup/errors.js';
import { lockDataDir } from './store/data-lock.js';

/**
 * `npm start` (the whole product in one process, which may launch its own Redis with its data in DATA_DIR)
 * takes DATA_DIR's lock before anything else touches the folder (or Redis): a second one on the same
 * DATA_DIR stops here, naming the holder's pid. Released at exit. The split processes (`npm run api`,
 * `npm run worker`) share DATA_DIR's SQLite file with each other and take no lock.
 */
export function lockDataDirForWholeProduct(config: EngineConfig): void {
  if (!config.mongoUrl && !process.env.DATABASE_URL) lockDataDir(config.dataDir);
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
 * the PATH, a server launched on a local port with its data under DATA_DIR/redis. Logs which one is used
 * (without its password) and whether it was started here; a launch that fails throws a StartupError
 * naming the port.
 */
export async function ensureRedis(config: EngineConfig, log: Logger, allowLaunch: boolean): Promise<string> {
  const shown = redactUrl(config.redisUrl);
  if (await answers(config.redisUrl)) {
    log.info(
      { redis: shown, autoStarted: false, prefix: config.queuePrefix },
      `using the Redis at REDIS_URL ${shown} (not started here), queues under ${config.queuePrefix}`,
    );
    return config.redisUrl;
  }
  const which = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
  if (!allowLaunch || which.status !== 0)
    throw new StartupError(allowLaunch ? NO_REDIS_MESSAGE : noSharedRedisMessage(shown));
  const url = await launchRedis(which.stdout.trim(), config.dataDir);
  const port = new URL(url).port;
  const dir = path.join(config.dataDir, 'redis');
  log.warn(
    { redis: url, autoStarted: true, dir, prefix: config.queuePrefix },
    `nothing answered at ${shown}; started redis-server on port ${port} with its data in ${dir}`,
  );
  return url;
}

/** The `process_id` a Redis reports (INFO server), or undefined when nothing (or no Redis) answers. */
async function redisPid(url: string): Promise<number | undefined> {
  const r = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  r.on('error', () => {});
  try {
    await r.connect();
    const m = /process_id:(\d+)/.exec(await r.info('server'));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  } finally {
    r.disconnect();
  }
}

/** Whether anything accepts TCP connections on 127.0.0.1:port. */
function portTaken(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.setTimeout(1500);
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('timeout', () => (socket.destroy(), resolve(true))); // something there, not answering
    socket.once('error', () => resolve(false));
  });
}

/**
 * Starts redis-server on EMBEDDED_REDIS_PORT (default 6390) with its data in DATA_DIR/redis and returns
 * its URL once it answers. Only our own child counts as started: a port already taken (another
 * deployment's Redis, an orphan of an earlier run) or a child that exits is a StartupError naming the port,
 * never a Redis shared by mistake.
 */
async function launchRedis(binary: string, dataDir: string): Promise<string> {
  const raw = process.env.EMBEDDED_REDIS_PORT ?? '6390';
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port < 1 || port > 65535)
    throw new StartupError(`EMBEDDED_REDIS_PORT must be a port number (1–65535), not "${raw}"`);
  const url = `redis://127.0.0.1:${port}`;
  if (await portTaken(port))
    throw new StartupError(
      `cannot start redis-server: port ${port} (EMBEDDED_REDIS_PORT) is in use by another process ` +
        `(another Redis, or one left running by an earlier start?). Stop it, set EMBEDDED_REDIS_PORT to a ` +
        `free port, or set REDIS_URL=${url} to use the server there deliberately`,
    );
  const dir = path.join(dataDir, 'redis');
  await mkdir(dir, { recursive: true });
  const child = spawn(
    binary,
    ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--save', '60 1'],
    { stdio: ['ignore', 'pipe', 'pipe'], detached: false },
  );
  // the last lines it printed, for the message when it fails (its log goes to stdout)
  let tail = '';
  const keep = (b: Buffer) => (tail = (tail + b.toString()).slice(-2000));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let ended: string | undefined;
  child.once('exit', (code, signal) => (ended = signal ? `killed by ${signal}` : `exit code ${code}`));
  child.once('error', (err) => (ended = err.message));
  process.on('exit', () => child.kill());
  const lastLine = () =>
    tail
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)
      .pop() ?? 'no output';
  for (let i = 0; i < 50; i++) {
    if (ended) break;
    if (child.pid && (await redisPid(url)) === child.pid) return url;
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new StartupError(
    ended
      ? `redis-server failed to start on port ${port} (${ended}): ${lastLine()}`
      : `redis-server did not answer on port ${port} within 5 s: ${lastLine()}`,
  );
}

/**
 * Marks the Redis (under this deployment's QUEUE_PREFIX) as this deployment's, or stops with a StartupError
 * when another deployment marked it (engine/startup/deployment.ts). Before any job is rebuilt or run.
 */
export async function claimDeploymentRedis(engine: Engine, log: Logger): Promise<void> {
  const claim = () =>
    claimRedis({
      store: engine.store,
      redisUrl: engine.config.redisUrl,
      shownUrl: redactUrl(engine.config.redisUrl),
      prefix: engine.config.queuePrefix,
      log,
      takeover: process.env[TAKEOVER_ENV] === '1',
    });
  await claim();
  // a Redis that loses its data (restart without persistence) loses the marker too: write it again
  engine.recovery.onRedisDataLost = claim;
}

export const MIN_ADMIN_PASSWORD = 12;

/**
 * Seeds units when the store has none, and then, outside production, the demo users (returned with their
 * password). In production (NODE_ENV=production) no demo user is created: only the first administrator
 * (ADMIN_USERNAME, default `admin`) with ADMIN_PASSWORD (at least 12 characters), or with a generated
 * password to be shown once and changed at first sign-in.
 */
export async function seedIfEmpty(
  engine: Engine,
  log: Logger,
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ users: string[]; password?: string; admin?: FirstAdmin }> {
  const seed = await readSeed(path.join(PROCESSES_DIR, 'seed/org.json'));
  if (await new UnitRepository(engine.store).anyExists()) {
    // an existing installation: only the roles a newer seed adds (the bundled processes may need them)
    const added = await addMissingSeedRoles(engine.store, seed);
    if (added.length) {
      engine.org.invalidate();
      log.info({ roles: added }, 'added the roles of the seed catalogue the store lacked');
    }
    return { users: [] };
  }
  if (env.NODE_ENV === 'production') {
    const password = env.ADMIN_PASSWORD || undefined;
    if (password && [...password].length < MIN_ADMIN_PASSWORD)
      throw new Error(`ADMIN_PASSWORD must have at least ${MIN_ADMIN_PASSWORD} characters`);
    await applySeed(engine.store, seed, null);
    const admin = await createFirstAdmin(engine.store, seed, {
      username: env.ADMIN_USERNAME || 'admin',
      password,
    });
    engine.org.invalidate();
    log.info({ admin: admin?.username }, 'seeded the grid hierarchy and the first administrator');
    return { users: [], admin };
  }
  const password = env.DEMO_PASSWORD ?? 'grid2026';
  const users = await applySeed(engine.store, seed, password);
  engine.org.invalidate();
  log.info({ users: users.length }, 'seeded the grid hierarchy and demo users');
  return { users, password };
}

/**
 * Deploys the bundled processes (processes/*.bpmn) that are absent or whose file changed since it was last
 * bundled; a version an admin deployed stays the latest otherwise (engine/bundled.ts). Then the bundled
 * decision tables (processes/decisions/*.dmn) by the same rule (engine/dmn/bundled.ts).
 */
export async function deployBundled(engine: Engine, dir = PROCESSES_DIR) {
  const processes = await deployBundledProcesses(engine, dir);
  const decisions = await deployBundledDecisions(
    engine.store,
    engine.decisions,
    path.join(dir, 'decisions'),
    engine.clock.now(),
  );
  return [...processes, ...decisions];
}

/**
 * What every entry point does once its port is reserved, in this order: DATA_DIR's lock, Redis (which one,
 * launched here only when `launchRedis`), the engine, and the deployment marker (not another deployment's
 * Redis). Throws a StartupError naming what is wrong.
 */
export async function openEngineForEntryPoint(
  config: EngineConfig,
  log: Logger,
  launchRedis: boolean,
): Promise<Engine> {
  if (launchRedis) lockDataDirForWholeProduct(config);
  config.redisUrl = await ensureRedis(config, log, launchRedis);
  const engine = await Engine.open({ config, logger: log });
  await claimDeploymentRedis(engine, log);
  return engine;
}
