// Start-up safety of `npm start` (workers/main.ts) as an operator meets it, with real child processes: a
// taken HTTP port, a DATA_DIR another live process holds (and one whose holder was killed with kill -9), a
// DATA_DIR that cannot be written. Each stops with exit code 1 and one plain line saying what and where,
// without a stack trace and before it changes anything in DATA_DIR or Redis. And the Redis: which one is
// used, and a Redis (queue prefix) another deployment marked as its own is refused unless taken over.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { Redis } from 'ioredis';
import { claimDeploymentRedis, redactUrl } from '../engine/bootstrap.js';
import { silentLogger } from '../engine/logger.js';
import { redisMarkerKey } from '../engine/queue/recovery.js';
import { deploymentKey } from '../engine/startup/deployment.js';
import { LOCK_FILE } from '../engine/store/data-lock.js';
import { testEngine } from './helpers/engine.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

interface Run {
  code: number | null;
  output: string;
}

/** Runs workers/main.ts until it exits or `until` matches its output (then SIGTERM); `as` runs it as another user. */
function runMain(env: Record<string, string>, until?: RegExp, as?: string[]): Promise<Run> {
  const node = [process.execPath, '--import', 'tsx', path.join(ROOT, 'workers/main.ts')];
  const [cmd, ...args] = as ? [...as, ...node] : node;
  return new Promise((resolve) => {
    const child = spawn(cmd, args, {
      cwd: ROOT,
      env: { ...process.env, LOG_LEVEL: 'info', JWT_SECRET: 'startup-safety-secret-0123456789', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let stopping = false;
    const timer = setTimeout(() => child.kill('SIGKILL'), 30000);
    const onData = (b: Buffer) => {
      output += b.toString();
      if (stopping || !until?.test(output)) return;
      stopping = true; // one SIGTERM: a second one means "stop now" (exit 1)
      child.kill('SIGTERM');
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/** the plain lines the process printed that are not JSON log records */
const plainLines = (output: string) =>
  output.split('\n').filter((l) => l.trim() && !l.startsWith('{') && !l.startsWith('>'));
const noStack = (r: Run) => expect(r.output, 'no stack trace').not.to.match(/^\s+at /m);

async function keysUnder(prefix: string): Promise<number> {
  const redis = new Redis(REDIS_URL);
  try {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    return keys.length;
  } finally {
    redis.disconnect();
  }
}

describe('start-up safety: port, DATA_DIR lock, unwritable DATA_DIR', function () {
  this.timeout(60000);
  let base: string;
  let prefix: string;
  let env: Record<string, string>;
  beforeEach(async () => {
    base = await mkdtemp(path.join(os.tmpdir(), 'grid-safety-'));
    prefix = `{safe${randomBytes(3).toString('hex')}}`;
    env = { REDIS_URL, QUEUE_PREFIX: prefix, UI_DIR: base, PORT: '0', DATA_DIR: path.join(base, 'data') };
  });
  afterEach(async () => {
    await keysUnder(prefix);
    await rm(base, { recursive: true, force: true });
  });

  it('a taken port: "port N is in use", exit 1, before DATA_DIR or Redis is touched', async () => {
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, () => r()));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const r = await runMain({ ...env, PORT: String(port) }, /grid workflow engine running/);
      expect(r.code).to.equal(1);
      expect(plainLines(r.output)).to.deep.equal([
        `port ${port} is in use: another process listens on it (another instance of this engine?); ` +
          'stop it or set PORT to a free port',
      ]);
      noStack(r);
      expect(existsSync(env.DATA_DIR), 'DATA_DIR untouched').to.equal(false);
      expect(await keysUnder(prefix), 'no Redis key written').to.equal(0);
    } finally {
      blocker.close();
    }
  });

  it("a DATA_DIR a live process holds: names the holder's pid, exit 1; after kill -9 of the holder the lock is taken over", async () => {
    // another process takes the lock and keeps running
    const script =
      `import { lockDataDir } from ${JSON.stringify(path.join(ROOT, 'engine/store/data-lock.ts'))};` +
      `lockDataDir(${JSON.stringify(env.DATA_DIR)}); console.log('locked'); setInterval(() => {}, 1000);`;
    const holder = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise((r) => holder.once('exit', r));
    try {
      await new Promise<void>((resolve) =>
        holder.stdout.on('data', (b: Buffer) => /locked/.test(String(b)) && resolve()),
      );
      const r = await runMain(env, /grid workflow engine running/);
      expect(r.code).to.equal(1);
      const lines = plainLines(r.output);
      expect(lines).to.have.length(1);
      expect(lines[0]).to.match(
        new RegExp(`^DATA_DIR ${env.DATA_DIR} is in use by another process \\(pid ${holder.pid}, since `),
      );
      noStack(r);
      expect(await readdir(env.DATA_DIR), 'nothing but the lock in DATA_DIR').to.deep.equal([LOCK_FILE]);
      expect(await keysUnder(prefix), 'no Redis key written').to.equal(0);
    } finally {
      holder.kill('SIGKILL');
      await exited;
    }
    // the holder died without removing its lock: the next start takes it over, and removes it at exit
    expect(existsSync(path.join(env.DATA_DIR, LOCK_FILE))).to.equal(true);
    const r = await runMain(env, /grid workflow engine running/);
    expect(r.output).to.match(/grid workflow engine running/);
    expect(r.code).to.equal(0);
    expect(existsSync(path.join(env.DATA_DIR, LOCK_FILE)), 'lock removed at exit').to.equal(false);
  });

  it('a DATA_DIR under a regular file: one line naming the path, exit 1', async () => {
    await writeFile(path.join(base, 'file'), 'not a folder');
    const dataDir = path.join(base, 'file', 'data');
    const r = await runMain({ ...env, DATA_DIR: dataDir }, /grid workflow engine running/);
    expect(r.code).to.equal(1);
    expect(plainLines(r.output)).to.deep.equal([
      `DATA_DIR is not a folder: ${dataDir} (or a parent of it) is a file; set DATA_DIR to a folder path`,
    ]);
    noStack(r);
    expect(await keysUnder(prefix)).to.equal(0);
  });

  it('a DATA_DIR this user cannot write (run as nobody): one line naming the path and the fix, exit 1', async function () {
    const setpriv = spawnSync('sh', ['-c', 'command -v setpriv'], { encoding: 'utf8' }).stdout.trim();
    if (process.getuid?.() !== 0 || !setpriv) this.skip(); // needs root to switch to nobody
    const as = [setpriv, '--reuid=nobody', '--regid=nogroup', '--clear-groups', 'env', 'HOME=/tmp'];
    await chmod(base, 0o755); // nobody may look inside, not write
    const readOnly = path.join(base, 'ro');
    await mkdir(readOnly, { mode: 0o755 });
    const r = await runMain({ ...env, DATA_DIR: readOnly }, /grid workflow engine running/, as);
    expect(r.code).to.equal(1);
    const uid = spawnSync('id', ['-u', 'nobody'], { encoding: 'utf8' }).stdout.trim();
    expect(plainLines(r.output)).to.deep.equal([
      `DATA_DIR is not writable: permission denied on ${readOnly} for this user (uid ${uid}); fix its owner ` +
        `or permissions (chown -R ${uid} ${readOnly}) or set DATA_DIR to a writable folder`,
    ]);
    noStack(r);
    // a folder that does not exist yet and cannot be created there
    const missing = path.join(base, 'missing');
    const r2 = await runMain({ ...env, DATA_DIR: missing }, /grid workflow engine running/, as);
    expect(r2.code).to.equal(1);
    expect(plainLines(r2.output).join('\n')).to.match(
      new RegExp(`^DATA_DIR cannot be created: permission denied creating ${missing} for this user`),
    );
    noStack(r2);
    expect(await keysUnder(prefix)).to.equal(0);
  });
});

describe('start-up safety: which Redis, and whose', function () {
  this.timeout(60000);
  let base: string;
  let prefix: string;
  const markerOf = async () => {
    const redis = new Redis(REDIS_URL);
    try {
      return await redis.get(deploymentKey(prefix));
    } finally {
      redis.disconnect();
    }
  };
  beforeEach(async () => {
    base = await mkdtemp(path.join(os.tmpdir(), 'grid-whose-'));
    prefix = `{whose${randomBytes(3).toString('hex')}}`;
  });
  afterEach(async () => {
    await keysUnder(prefix);
    await rm(base, { recursive: true, force: true });
  });

  it('logs the Redis it uses without its password', () => {
    expect(redactUrl('redis://ops:s3cret@10.0.0.5:6380/2')).to.equal('redis://ops:***@10.0.0.5:6380/2');
    expect(redactUrl('redis://127.0.0.1:6379')).to.equal('redis://127.0.0.1:6379');
  });

  it('marks the Redis at first start; another deployment (other DATA_DIR, same prefix) is refused unless it takes over', async () => {
    const envOf = (dir: string, extra: Record<string, string> = {}) => ({
      REDIS_URL,
      QUEUE_PREFIX: prefix,
      UI_DIR: base,
      PORT: '0',
      DATA_DIR: path.join(base, dir),
      ...extra,
    });
    const first = await runMain(envOf('a'), /grid workflow engine running/);
    expect(first.code).to.equal(0);
    expect(first.output).to.include(
      `using the Redis at REDIS_URL ${REDIS_URL} (not started here), queues under ${prefix}`,
    );
    expect(first.output).to.match(/"autoStarted":false/);
    const ours = await markerOf();
    expect(ours).to.match(/^[0-9a-f-]{36}$/);
    // the same deployment again: its own marker
    expect((await runMain(envOf('a'), /grid workflow engine running/)).code).to.equal(0);

    const other = await runMain(envOf('b'), /grid workflow engine running/);
    expect(other.code).to.equal(1);
    const lines = plainLines(other.output);
    expect(lines).to.have.length(1);
    expect(lines[0]).to.include(
      `Redis at ${REDIS_URL} holds the queues of another deployment under the prefix ${prefix}`,
    );
    expect(lines[0]).to.include(`marker ${deploymentKey(prefix)} = ${ours}`);
    expect(lines[0]).to.match(/own QUEUE_PREFIX .* own REDIS_URL; .* GRID_REDIS_TAKEOVER=1$/);
    noStack(other);
    expect(await markerOf()).to.equal(ours);

    const takeover = await runMain(envOf('b', { GRID_REDIS_TAKEOVER: '1' }), /grid workflow engine running/);
    expect(takeover.code).to.equal(0);
    expect(takeover.output).to.match(/GRID_REDIS_TAKEOVER=1: this deployment takes over the queues/);
    expect(await markerOf())
      .to.be.a('string')
      .and.not.equal(ours);
  });

  it('writes its marker again when Redis lost its data (a restart without persistence)', async () => {
    const t = await testEngine({ workers: false });
    const redis = new Redis(REDIS_URL);
    const key = deploymentKey(t.config.queuePrefix);
    try {
      await claimDeploymentRedis(t.engine, silentLogger);
      const id = await redis.get(key);
      expect(id).to.match(/^[0-9a-f-]{36}$/);
      await redis.del(key, redisMarkerKey(t.config.queuePrefix)); // what the lost data takes with it
      expect(await t.engine.recovery.checkRedisMarker()).to.equal(true);
      expect(await redis.get(key)).to.equal(id);
    } finally {
      await redis.del(key, redisMarkerKey(t.config.queuePrefix));
      redis.disconnect();
      await t.close();
    }
  });
});
