// The process entry points as operators run them: `npm start` (workers/main.ts), `npm run api`
// (workers/api.ts) and `npm run worker` (workers/worker.ts), each a real child process on real Redis with
// its own queue prefix and data folder. Checks the settings they take from the environment: TRUST_PROXY
// and UI_DIR for the HTTP processes, METRICS_PORT/METRICS_TOKEN for a worker.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { Redis } from 'ioredis';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

interface Proc {
  child: ChildProcess;
  port: number;
  base: string;
  prefix: string;
  dir: string;
  logs: string[];
}

/** Starts `node --import tsx <script>` and resolves once it logs `message` with a port. */
async function launch(script: string, message: string, env: Record<string, string>): Promise<Proc> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'grid-entry-'));
  const prefix = `{e${randomBytes(4).toString('hex')}}`;
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, script)], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      REDIS_URL,
      DATA_DIR: dir,
      QUEUE_PREFIX: prefix,
      LOG_LEVEL: 'info',
      JWT_SECRET: 'entrypoint-test-secret-0123456789',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: string[] = [];
  const started = new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${script} did not log "${message}":\n${logs.join('')}`)),
      30000,
    );
    const onData = (chunk: Buffer) => {
      logs.push(chunk.toString());
      for (const line of chunk.toString().split('\n')) {
        if (!line.startsWith('{')) continue;
        try {
          const rec = JSON.parse(line) as { msg?: string; port?: number };
          if (rec.msg === message && typeof rec.port === 'number') {
            clearTimeout(timer);
            resolve(rec.port);
          }
        } catch {
          // not a log line
        }
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (c: Buffer) => logs.push(c.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited with ${code}:\n${logs.join('')}`));
    });
  });
  let port: number;
  try {
    port = await started;
  } catch (err) {
    // never leave a process (or its queues and files) behind
    await stop({ child, port: 0, base: '', prefix, dir, logs });
    throw err;
  }
  return { child, port, base: `http://127.0.0.1:${port}`, prefix, dir, logs };
}

async function stop(p: Proc | undefined): Promise<void> {
  if (!p) return;
  if (p.child.exitCode === null) {
    const exited = new Promise((r) => p.child.once('exit', r));
    p.child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10000))]);
    if (p.child.exitCode === null) p.child.kill('SIGKILL');
  }
  // the process's queues live under its own prefix: remove them
  const redis = new Redis(REDIS_URL);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${p.prefix}*`, 'COUNT', 500);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  await rm(p.dir, { recursive: true, force: true });
}

/**
 * Failed sign-ins from one forwarded client address, each for another (unknown) username, until the
 * per-address limiter answers (at most 32: the limit is 30 per 15 minutes).
 */
async function failUntilLimited(base: string, forwardedFor: string): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < 32; i++) {
    const res = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': forwardedFor },
      body: JSON.stringify({ username: `sprayed${i}`, password: 'wrong-password' }),
    });
    statuses.push(res.status);
    if (res.status === 429) break;
  }
  return statuses;
}

/** Runs `node --import tsx <script>` until it exits (it must, within 30 s); its exit code and output. */
async function runToExit(
  script: string,
  env: Record<string, string>,
): Promise<{ code: number | null; out: string }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'grid-entry-'));
  try {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, script)], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, REDIS_URL, DATA_DIR: dir, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
    const code = await new Promise<number | null>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`${script} did not exit:\n${out}`));
      }, 30000);
      child.on('exit', (c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
    return { code, out };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('entry points: environment settings of npm start, npm run api, npm run worker', function () {
  this.timeout(90000);

  describe('npm start in production (NODE_ENV=production)', () => {
    let p: Proc | undefined;
    let ui: string;
    after(async () => {
      await stop(p);
      if (ui) await rm(ui, { recursive: true, force: true });
    });

    it('refuses to start with a JWT_SECRET shorter than 32 bytes, or none', async () => {
      for (const secret of ['short', '']) {
        const r = await runToExit('workers/main.ts', {
          NODE_ENV: 'production',
          JWT_SECRET: secret,
          QUEUE_PREFIX: `{e${randomBytes(4).toString('hex')}}`,
        });
        expect(r.code, r.out).to.equal(1);
        expect(r.out).to.match(secret ? /at least 32 bytes/ : /JWT_SECRET must be set in production/);
      }
    });

    it('seeds no demo user: a first administrator with a one-time password that must be changed', async () => {
      ui = await mkdtemp(path.join(os.tmpdir(), 'grid-entry-ui-'));
      await writeFile(path.join(ui, 'index.html'), '<!doctype html><title>ui</title>');
      p = await launch('workers/main.ts', 'grid workflow engine running', {
        PORT: '0',
        NODE_ENV: 'production',
        JWT_SECRET: randomBytes(32).toString('hex'),
        DEMO_PASSWORD: 'entry-demo-pass',
        UI_DIR: ui,
      });
      const once = /one-time password (\S+)/.exec(p.logs.join(''))?.[1];
      expect(once, p.logs.join('')).to.be.a('string');
      const login = (username: string, password: string) =>
        fetch(`${p!.base}/api/auth/login`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ username, password }),
        });
      expect((await login('wangwei', 'entry-demo-pass')).status).to.equal(401);
      expect((await login('admin', 'entry-demo-pass')).status).to.equal(401);
      const ok = await login('admin', once!);
      expect(ok.status).to.equal(200);
      const body = (await ok.json()) as { token: string; user: { mustChangePassword: boolean } };
      expect(body.user.mustChangePassword).to.equal(true);
      const tasks = await fetch(`${p!.base}/api/tasks`, {
        headers: { Authorization: `Bearer ${body.token}` },
      });
      expect(tasks.status).to.equal(403);
      expect(((await tasks.json()) as { error: { code: string } }).error.code).to.equal(
        'password-change-required',
      );
    });
  });

  describe('npm start (workers/main.ts) with TRUST_PROXY and UI_DIR', () => {
    let p: Proc | undefined;
    let ui: string;
    before(async () => {
      ui = await mkdtemp(path.join(os.tmpdir(), 'grid-entry-ui-'));
      await writeFile(
        path.join(ui, 'index.html'),
        '<!doctype html><title>自定义界面</title><div id="mine"></div>',
      );
      p = await launch('workers/main.ts', 'grid workflow engine running', {
        PORT: '0',
        TRUST_PROXY: '1',
        UI_DIR: ui,
        DEMO_PASSWORD: 'entry-demo-pass',
      });
    });
    after(async () => {
      await stop(p);
      await rm(ui, { recursive: true, force: true });
    });

    it('serves the UI from UI_DIR', async () => {
      const res = await fetch(`${p!.base}/inbox`, { headers: { Accept: 'text/html' } });
      expect(res.status).to.equal(200);
      expect(await res.text()).to.include('<div id="mine">');
    });

    it('takes the client address from X-Forwarded-For: sign-in limits apply per forwarded client', async () => {
      const first = await failUntilLimited(p!.base, '203.0.113.7');
      expect(first).to.have.length(31);
      expect(first.slice(0, -1).every((s) => s === 401)).to.equal(true);
      expect(first[first.length - 1]).to.equal(429);
      // another client behind the same proxy is not locked out, and the right password still works
      expect((await failUntilLimited(p!.base, '203.0.113.8'))[0]).to.equal(401);
      const ok = await fetch(`${p!.base}/api/auth/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': '203.0.113.9' },
        body: JSON.stringify({ username: 'wangwei', password: 'entry-demo-pass' }),
      });
      expect(ok.status).to.equal(200);
    });
  });

  describe('npm run api (workers/api.ts) without TRUST_PROXY and without JWT_SECRET', () => {
    let p: Proc | undefined;
    before(async () => {
      p = await launch('workers/api.ts', 'grid API listening', {
        PORT: '0',
        UI_DIR: path.join(os.tmpdir(), `grid-no-ui-${randomBytes(4).toString('hex')}`),
        JWT_SECRET: '',
      });
    });
    after(() => stop(p));

    it('saves the generated token secret in DATA_DIR/jwt-secret (mode 0600) for the next start', async () => {
      const file = path.join(p!.dir, 'jwt-secret');
      expect((await stat(file)).mode & 0o777).to.equal(0o600);
      expect((await readFile(file, 'utf8')).trim()).to.match(/^[0-9a-f]{64}$/);
    });

    it('ignores X-Forwarded-For: every client of the proxy shares one sign-in limit', async () => {
      const first = await failUntilLimited(p!.base, '203.0.113.7');
      expect(first[first.length - 1]).to.equal(429);
      expect((await failUntilLimited(p!.base, '203.0.113.8'))[0]).to.equal(429);
      // no index.html in UI_DIR: no UI, the API still answers
      expect((await fetch(`${p!.base}/`)).status).to.equal(404);
      expect((await fetch(`${p!.base}/healthz`)).status).to.equal(200);
    });
  });

  describe('npm run worker (workers/worker.ts) with METRICS_PORT', () => {
    let p: Proc | undefined;
    before(async () => {
      p = await launch('workers/worker.ts', 'worker metrics listening', {
        METRICS_PORT: '0',
        METRICS_TOKEN: 'worker-scrape',
      });
    });
    after(() => stop(p));

    it('serves /metrics (bearer METRICS_TOKEN) with the step, escalation and timer series, and /healthz', async () => {
      expect((await fetch(`${p!.base}/metrics`)).status).to.equal(401);
      const wrong = await fetch(`${p!.base}/metrics`, { headers: { Authorization: 'Bearer nope' } });
      expect(wrong.status).to.equal(401);
      const res = await fetch(`${p!.base}/metrics`, { headers: { Authorization: 'Bearer worker-scrape' } });
      expect(res.status).to.equal(200);
      expect(res.headers.get('content-type')).to.match(/^text\/plain/);
      const text = await res.text();
      for (const name of [
        'grid_step_duration_seconds',
        'grid_escalations_total',
        'grid_timer_lateness_seconds',
        'grid_incidents_total',
      ])
        expect(text, name).to.include(`# TYPE ${name}`);
      const health = await fetch(`${p!.base}/healthz`);
      expect(health.status).to.equal(200);
      expect(await health.json()).to.deep.equal({ status: 'ok' });
      expect((await fetch(`${p!.base}/api/tasks`)).status).to.equal(404);
    });
  });
});
