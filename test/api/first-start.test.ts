// First start on an empty store (engine/bootstrap.ts seedIfEmpty): demo users outside production only; in
// production a first administrator whose generated password must be changed before anything else works.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { Redis } from 'ioredis';
import request from 'supertest';
import { createApi, type ApiApp } from '../../engine/api/index.js';
import { seedIfEmpty } from '../../engine/bootstrap.js';
import { loadConfig } from '../../engine/config.js';
import { Engine } from '../../engine/engine.js';
import { silentLogger } from '../../engine/logger.js';
import { SECRET, sse } from './helpers.js';

describe('first start: demo users, or a first administrator in production', () => {
  let dir: string;
  let engine: Engine;
  let app: ApiApp | undefined;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'grid-first-'));
    engine = await Engine.open({
      config: {
        ...loadConfig({ REDIS_URL: process.env.REDIS_URL }),
        dataDir: dir,
        queuePrefix: `{f${randomBytes(4).toString('hex')}}`,
      },
      logger: silentLogger,
    });
  });
  afterEach(async () => {
    await app?.close();
    app = undefined;
    await engine.queues.obliterate();
    const prefix = engine.config.queuePrefix;
    await engine.close();
    await rm(dir, { recursive: true, force: true });
    // the sign-in counters
    const redis = new Redis(engine.config.redisUrl);
    try {
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length) await redis.del(...keys);
    } finally {
      redis.disconnect();
    }
  });
  const users = async () =>
    (await engine.store.collection('users').find({})).map((u) => u._id as string).sort();

  it('outside production seeds the demo users with the demo password', async () => {
    const r = await seedIfEmpty(engine, silentLogger, { DEMO_PASSWORD: 'demo-pass-1' });
    expect(r.users).to.have.length(21);
    expect(r.password).to.equal('demo-pass-1');
    expect(await users()).to.include.members(['admin', 'wangwei', 'chenmin', 'sunqing']);
  });

  it('on an existing installation adds only the roles a newer seed declares, so the bundled processes deploy', async () => {
    await seedIfEmpty(engine, silentLogger, { DEMO_PASSWORD: 'demo-pass-1' });
    // a store seeded before 法制审核 / 区人民政府 existed, with an admin's own role
    const meta = engine.store.collection('meta');
    const old = (await meta.findOne({ _id: 'roles' }))!;
    const { legal: _l, government: _g, ...before } = old.roles as Record<string, string>;
    await meta.replaceOne({ _id: 'roles' }, { ...old, roles: { ...before, inspector: '巡查员' } });
    engine.org.invalidate();
    const again = await seedIfEmpty(engine, silentLogger, { DEMO_PASSWORD: 'demo-pass-1' });
    expect(again.users).to.deep.equal([]);
    const roles = (await engine.org.roleCatalogue()).roles!;
    expect(roles).to.include({ legal: '法制审核', government: '区人民政府', inspector: '巡查员' });
    expect([...(await engine.org.knownRoles())!]).to.include.members(['legal', 'government', 'planning']);
  });

  it('in production creates no demo user, only an administrator whose one-time password must be changed first', async () => {
    const r = await seedIfEmpty(engine, silentLogger, {
      NODE_ENV: 'production',
      DEMO_PASSWORD: 'demo-pass-1',
    });
    expect(r.users).to.deep.equal([]);
    expect(await users()).to.deep.equal(['admin']);
    expect(await engine.store.collection('units').count({})).to.be.greaterThan(10);
    const once = r.admin!.generatedPassword!;
    expect(once).to.have.length.of.at.least(16);

    app = createApi(engine, { jwtSecret: SECRET });
    const server = http.createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const api = request(server);
      expect(
        (await api.post('/api/auth/login').send({ username: 'wangwei', password: 'demo-pass-1' })).status,
      ).to.equal(401);
      const login = await api.post('/api/auth/login').send({ username: 'admin', password: once });
      expect(login.status).to.equal(200);
      expect(login.body.user).to.include({ username: 'admin', admin: true, mustChangePassword: true });
      const bearer = `Bearer ${login.body.token}`;
      // everything but the own record, the role names, the password change and sign-out is refused
      for (const [method, url] of [
        ['get', '/api/tasks'],
        ['get', '/api/users'],
        ['post', '/api/users'],
        ['get', '/api/audit'],
      ] as const) {
        const res = await api[method](url).set('Authorization', bearer).send({});
        expect(res.status, url).to.equal(403);
        expect(res.body.error, url).to.deep.include({
          code: 'password-change-required',
          params: { user: 'admin' },
        });
      }
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const stream = await sse(base, `/api/events?token=${encodeURIComponent(login.body.token)}`);
      expect(stream.status).to.equal(403);
      stream.close();
      expect((await api.get('/api/me').set('Authorization', bearer)).body.mustChangePassword).to.equal(true);
      expect((await api.get('/api/roles').set('Authorization', bearer)).status).to.equal(200);
      const changed = await api
        .post('/api/me/password')
        .set('Authorization', bearer)
        .send({ currentPassword: once, newPassword: 'a-real-admin-password' });
      expect(changed.status).to.equal(200);
      const fresh = `Bearer ${changed.body.token}`;
      expect((await api.get('/api/tasks').set('Authorization', fresh)).status).to.equal(200);
      expect((await api.get('/api/me').set('Authorization', fresh)).body.mustChangePassword).to.equal(false);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('in production takes ADMIN_PASSWORD (≥ 12 characters) and ADMIN_USERNAME when given', async () => {
    let refused: unknown;
    await seedIfEmpty(engine, silentLogger, { NODE_ENV: 'production', ADMIN_PASSWORD: 'short' }).catch(
      (err: unknown) => (refused = err),
    );
    expect(String(refused)).to.match(/ADMIN_PASSWORD must have at least 12 characters/);
    expect(await users()).to.deep.equal([]);
    const r = await seedIfEmpty(engine, silentLogger, {
      NODE_ENV: 'production',
      ADMIN_USERNAME: 'ops',
      ADMIN_PASSWORD: 'operator-chosen-pw',
    });
    expect(r.admin).to.deep.equal({ username: 'ops', generatedPassword: undefined });
    const ops = await engine.store.collection('users').findOne({ _id: 'ops' });
    expect(ops).to.include({ mustChangePassword: false });
    expect(ops!.roles).to.deep.equal([{ role: 'admin', unit: '310117' }]);
  });
});
