// The entry points and Redis (engine/bootstrap.ts): the all-in-one process starts a local redis-server when
// nothing answers at REDIS_URL and one is installed, and says how to get Redis when none is; the split
// processes never start their own. A launch that fails (the port taken, even by a Redis; redis-server
// exiting) stops with the port named instead of passing another server off as its own.
import { spawn, spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { Redis } from 'ioredis';

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });

interface Run {
  code: number | null;
  output: string;
}

/** Runs an entry point until it exits or `until` matches its output (then stops it with SIGTERM). */
function run(entry: string, env: Record<string, string>, until?: RegExp, ms = 30000): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', entry], {
      env: { ...process.env, LOG_LEVEL: 'info', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), ms);
    const onData = (b: Buffer) => {
      output += b.toString();
      if (until?.test(output)) child.kill('SIGTERM');
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

const redisServer = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).stdout.trim();
/** a folder with node alone, as the PATH of a machine without redis-server */
async function pathWithoutRedis(dir: string): Promise<string> {
  const bin = path.join(dir, 'bin');
  await mkdir(bin);
  await symlink(process.execPath, path.join(bin, 'node'));
  return bin;
}

describe('bootstrap: finding or starting Redis', function () {
  this.timeout(60000);
  let dataDir: string;
  let deadUrl: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'grid-boot-'));
    deadUrl = `redis://127.0.0.1:${await freePort()}`; // nothing listens there
  });
  afterEach(() => rm(dataDir, { recursive: true, force: true }));

  it('npm start without Redis and without redis-server exits 1 with a paragraph on how to get Redis', async () => {
    const r = await run('workers/main.ts', {
      REDIS_URL: deadUrl,
      DATA_DIR: dataDir,
      PATH: await pathWithoutRedis(dataDir),
    });
    expect(r.code).to.equal(1);
    expect(r.output).to.match(/no redis-server binary is on the PATH/);
    expect(r.output).to.match(/apt-get install -y redis-server/);
  });

  it('a worker process never starts its own Redis: it says to point REDIS_URL at the shared one', async () => {
    const r = await run('workers/worker.ts', { REDIS_URL: deadUrl, DATA_DIR: dataDir });
    expect(r.code).to.equal(1);
    expect(r.output).to.match(/never start one themselves/);
    expect(r.output).not.to.match(/no redis-server binary is on the PATH/);
  });

  it('npm start launches redis-server on EMBEDDED_REDIS_PORT with its data under DATA_DIR and says so', async function () {
    if (!redisServer) this.skip();
    const port = await freePort();
    const r = await run(
      'workers/main.ts',
      {
        REDIS_URL: deadUrl,
        DATA_DIR: dataDir,
        EMBEDDED_REDIS_PORT: String(port),
        PORT: String(await freePort()),
        UI_DIR: dataDir, // no UI build in this test
        QUEUE_PREFIX: `{boot${port}}`,
      },
      /grid workflow engine running/,
    );
    expect(r.output).to.match(new RegExp(`started redis-server on port ${port}`));
    expect(r.output).to.match(/"autoStarted":true/);
    expect(r.output).to.include(path.join(dataDir, 'redis'));
    expect(r.output).to.match(/grid workflow engine running/);
    // it stopped the redis-server it started when it exited (redis takes a moment to shut down)
    const answers = async () => {
      const probe = new Redis(`redis://127.0.0.1:${port}`, {
        lazyConnect: true,
        maxRetriesPerRequest: 0,
        retryStrategy: () => null,
      });
      probe.on('error', () => {});
      try {
        await probe.connect();
        return (await probe.ping()) === 'PONG';
      } catch {
        return false;
      } finally {
        probe.disconnect();
      }
    };
    for (let i = 0; i < 50 && (await answers()); i++) await new Promise((res) => setTimeout(res, 100));
    const left = await answers();
    if (left) spawnSync('redis-cli', ['-p', String(port), 'shutdown', 'nosave']); // leave no server behind
    expect(left, 'redis-server stopped with the process').to.equal(false);
  });

  it('npm start never passes off a Redis already on EMBEDDED_REDIS_PORT as its own: exit 1 naming the port', async function () {
    if (!redisServer) this.skip();
    const port = await freePort();
    // another deployment's Redis (or an orphan of an earlier run) on the port the launch would use
    const foreign = spawn(redisServer, ['--port', String(port), '--bind', '127.0.0.1', '--save', ''], {
      stdio: 'ignore',
    });
    const probe = new Redis(`redis://127.0.0.1:${port}`, { lazyConnect: true, maxRetriesPerRequest: 0 });
    probe.on('error', () => {});
    try {
      for (let i = 0; i < 50; i++) {
        if (await probe.ping().catch(() => '')) break;
        await new Promise((res) => setTimeout(res, 100));
      }
      const r = await run('workers/main.ts', {
        REDIS_URL: deadUrl,
        DATA_DIR: dataDir,
        EMBEDDED_REDIS_PORT: String(port),
        PORT: String(await freePort()),
        UI_DIR: dataDir,
        QUEUE_PREFIX: `{boot${port}}`,
      });
      expect(r.code).to.equal(1);
      expect(r.output).to.include(
        `cannot start redis-server: port ${port} (EMBEDDED_REDIS_PORT) is in use by another process`,
      );
      expect(r.output).not.to.match(/started redis-server/);
      expect(r.output).not.to.match(/^\s+at /m);
      expect(await probe.dbsize(), 'nothing written to the foreign Redis').to.equal(0);
    } finally {
      probe.disconnect();
      foreign.kill('SIGKILL');
    }
  });

  it('a redis-server that exits at launch is reported with its port and its last words, exit 1', async () => {
    const port = await freePort();
    const bin = path.join(dataDir, 'fake-bin');
    await mkdir(bin);
    // stands in for a redis-server that cannot bind (the message is what Redis prints then)
    await writeFile(
      path.join(bin, 'redis-server'),
      '#!/bin/sh\necho "# Warning: Could not create server TCP listening socket 127.0.0.1:$2: bind: Address already in use"\nexit 1\n',
      { mode: 0o755 },
    );
    const r = await run('workers/main.ts', {
      REDIS_URL: deadUrl,
      DATA_DIR: dataDir,
      EMBEDDED_REDIS_PORT: String(port),
      PORT: String(await freePort()),
      UI_DIR: dataDir,
      PATH: `${bin}:${process.env.PATH}`,
    });
    expect(r.code).to.equal(1);
    expect(r.output).to.include(
      `redis-server failed to start on port ${port} (exit code 1): # Warning: Could not create server TCP ` +
        `listening socket 127.0.0.1:${port}: bind: Address already in use`,
    );
    expect(r.output).not.to.match(/started redis-server/);
  });
});
