import { expect } from 'chai';
import { SignJWT } from 'jose';
import request from 'supertest';
import { createApi, type ApiApp } from '../../engine/api/index.js';
import { ManualClock } from '../../engine/clock.js';
import { MINGTIAN, TEST_PASSWORD } from '../helpers/engine.js';
import { harness, SECRET, type Harness } from './helpers.js';

const sign = (claims: Record<string, unknown>, secret = SECRET, exp?: number) => {
  let jwt = new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setIssuer('grid-engine').setIssuedAt();
  if (exp !== undefined) jwt = jwt.setExpirationTime(exp);
  return jwt.sign(new TextEncoder().encode(secret));
};

describe('API: authentication', () => {
  let h: Harness;
  // tokens run on their own clock so sessions can be expired without touching the engine clock
  const tokenClock = new ManualClock(Date.now());
  before(async () => {
    h = await harness({ clock: tokenClock });
  });
  after(() => h.close());

  it('signs in with username and password and returns a token and the user with roles and unit names', async () => {
    const res = await h.http().post('/api/auth/login').send({ username: 'chenmin', password: TEST_PASSWORD });
    expect(res.status).to.equal(200);
    expect(res.body.token).to.be.a('string');
    expect(res.body.expiresAt - tokenClock.now()).to.be.closeTo(8 * 3600_000, 2000);
    expect(res.body.user).to.include({ username: 'chenmin', admin: false });
    expect(res.body.user.roles[0]).to.include({
      role: 'supervisor',
      unit: MINGTIAN,
      unitName: '明天社区',
      roleName: '督办领导',
    });
    const me = await h.http().get('/api/me').set('Authorization', `Bearer ${res.body.token}`);
    expect(me.status).to.equal(200);
    expect(me.body.units).to.deep.equal([
      { code: MINGTIAN, name: '明天社区', level: 'community', roles: ['supervisor'] },
    ]);
    expect(me.body.supervises).to.deep.equal([MINGTIAN]);
    // only admins get the dashboard cookie
    expect(res.headers['set-cookie']).to.equal(undefined);
    const admin = await h.http().post('/api/auth/login').send({ username: 'admin', password: TEST_PASSWORD });
    expect(admin.body.user.admin).to.equal(true);
    expect(String(admin.headers['set-cookie'])).to.match(
      /^grid_token=.*Path=\/admin\/queues; HttpOnly; SameSite=Strict/,
    );
  });

  it('refuses wrong passwords and unknown users alike with 401', async () => {
    const wrong = await h.http().post('/api/auth/login').send({ username: 'lina', password: 'nope' });
    expect(wrong.status).to.equal(401);
    expect(wrong.body).to.deep.equal({
      error: { code: 'auth.invalid-credentials', params: {}, message: 'invalid username or password' },
    });
    const unknown = await h.http().post('/api/auth/login').send({ username: 'nobody', password: 'nope' });
    expect(unknown.status).to.equal(401);
    expect(unknown.body).to.deep.equal(wrong.body);
  });

  it('validates the sign-in body (400 with JSON-pointer paths)', async () => {
    const res = await h.http().post('/api/auth/login').send({ username: 'lina', extra: 1 });
    expect(res.status).to.equal(400);
    expect(res.body.error.message).to.be.a('string');
    // a code naming the field: the UI words it, never the message
    expect(res.body.error.code).to.equal('http.invalid-body');
    expect(res.body.error.details).to.deep.include({
      path: '/password',
      message: "must have required property 'password'",
      code: 'field.required',
      params: { field: 'password' },
    });
    expect(res.body.error.details.map((d: { path: string }) => d.path)).to.include('/extra');
  });

  it('answers 401 without a token, with a forged, malformed, unsigned or expired token', async () => {
    const noToken = await h.http().get('/api/me');
    expect(noToken.status).to.equal(401);
    expect(noToken.body.error).to.include({ code: 'auth.required' });
    const forged = await sign(
      { sub: 'admin' },
      'another-secret-entirely',
      Math.floor(Date.now() / 1000) + 3600,
    );
    for (const bad of [forged, 'garbage', 'a.b.c']) {
      const res = await h.http().get('/api/me').set('Authorization', `Bearer ${bad}`);
      expect(res.status, bad).to.equal(401);
      expect(res.body).to.deep.equal({
        error: { code: 'auth.invalid-token', params: {}, message: 'invalid token' },
      });
    }
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const payload = Buffer.from(JSON.stringify({ sub: 'admin', iss: 'grid-engine' })).toString('base64url');
    const none = await h.http().get('/api/me').set('Authorization', `Bearer ${header}.${payload}.`);
    expect(none.status).to.equal(401);
    const expired = await sign({ sub: 'admin' }, SECRET, Math.floor(tokenClock.now() / 1000) - 60);
    const res = await h.http().get('/api/me').set('Authorization', `Bearer ${expired}`);
    expect(res.status).to.equal(401);
    expect(res.body).to.deep.equal({
      error: { code: 'auth.token-expired', params: {}, message: 'token expired' },
    });
    // a non-Bearer scheme is no token
    expect((await h.http().get('/api/me').set('Authorization', 'Basic YWRtaW46eA==')).status).to.equal(401);
  });

  it('expires issued tokens after the configured lifetime', async () => {
    const login = await h
      .http()
      .post('/api/auth/login')
      .send({ username: 'zhoujie', password: TEST_PASSWORD });
    const tok = login.body.token;
    expect((await h.http().get('/api/me').set('Authorization', `Bearer ${tok}`)).status).to.equal(200);
    tokenClock.advance(8 * 3600_000 + 1000);
    try {
      const res = await h.http().get('/api/me').set('Authorization', `Bearer ${tok}`);
      expect(res.status).to.equal(401);
      expect(res.body.error.message).to.equal('token expired');
    } finally {
      tokenClock.advance(-(8 * 3600_000 + 1000));
    }
  });

  it('accepts ?token= only on the event stream, not on ordinary routes', async () => {
    const tok = await h.token('wangwei');
    expect((await h.http().get(`/api/me?token=${tok}`)).status).to.equal(401);
  });

  it('ends sessions of disabled users and after a password reset', async () => {
    await h.post('admin', '/api/users', {
      username: 'tmpuser',
      displayName: '临时用户',
      password: 'tmp-password-1',
      roles: [{ role: 'handler', unit: MINGTIAN }],
    });
    const login = await h
      .http()
      .post('/api/auth/login')
      .send({ username: 'tmpuser', password: 'tmp-password-1' });
    const tok = login.body.token;
    tokenClock.advance(2000);
    const reset = await h.patch('admin', '/api/users/tmpuser', { password: 'tmp-password-2' });
    expect(reset.status).to.equal(200);
    expect(reset.body).to.not.have.property('passwordHash');
    expect((await h.http().get('/api/me').set('Authorization', `Bearer ${tok}`)).status).to.equal(401);
    const again = await h
      .http()
      .post('/api/auth/login')
      .send({ username: 'tmpuser', password: 'tmp-password-2' });
    expect(again.status).to.equal(200);
    await h.patch('admin', '/api/users/tmpuser', { disabled: true });
    expect(
      (await h.http().get('/api/me').set('Authorization', `Bearer ${again.body.token}`)).status,
    ).to.equal(401);
    const disabled = await h
      .http()
      .post('/api/auth/login')
      .send({ username: 'tmpuser', password: 'tmp-password-2' });
    expect(disabled.status).to.equal(401);
  });

  it('changes the own password with the current one', async () => {
    await h.post('admin', '/api/users', {
      username: 'pwuser',
      displayName: '改密用户',
      password: 'first-password',
      roles: [{ role: 'handler', unit: MINGTIAN }],
    });
    const login = await h
      .http()
      .post('/api/auth/login')
      .send({ username: 'pwuser', password: 'first-password' });
    const auth = `Bearer ${login.body.token}`;
    const wrong = await h
      .http()
      .post('/api/me/password')
      .set('Authorization', auth)
      .send({ currentPassword: 'x', newPassword: 'second-password' });
    expect(wrong.status).to.equal(400);
    expect(wrong.body.error.details[0].path).to.equal('/currentPassword');
    const short = await h
      .http()
      .post('/api/me/password')
      .set('Authorization', auth)
      .send({ currentPassword: 'first-password', newPassword: 'short' });
    expect(short.status).to.equal(400);
    expect(short.body.error.details[0].path).to.equal('/newPassword');
    const ok = await h
      .http()
      .post('/api/me/password')
      .set('Authorization', auth)
      .send({ currentPassword: 'first-password', newPassword: 'second-password' });
    expect(ok.status).to.equal(200);
    expect(ok.body.token).to.be.a('string');
    expect(
      (await h.http().post('/api/auth/login').send({ username: 'pwuser', password: 'second-password' }))
        .status,
    ).to.equal(200);
  });

  it('signs out: POST /api/auth/logout clears the dashboard cookie (204, no token needed)', async () => {
    const login = await h.post(null, '/api/auth/login', { username: 'admin', password: TEST_PASSWORD });
    expect(String(login.headers['set-cookie'])).to.match(/^grid_token=[^;]+; Path=\/admin\/queues; HttpOnly/);
    const out = await h.post(null, '/api/auth/logout');
    expect(out.status).to.equal(204);
    const cookie = String(out.headers['set-cookie']);
    expect(cookie).to.match(/^grid_token=; Path=\/admin\/queues; HttpOnly; SameSite=Strict; Max-Age=0$/);
    // a body other than JSON is refused like everywhere else
    const text = await h.http().post('/api/auth/logout').set('Content-Type', 'text/plain').send('bye');
    expect(text.status).to.equal(415);
    const extra = await h.post(null, '/api/auth/logout', { token: 'x' });
    expect(extra.status).to.equal(400);
    expect(extra.body.error.details[0].path).to.equal('/token');
  });

  describe('revocation (sign-out, disable, password change)', () => {
    const me = (tok: string, app = h.http()) => app.get('/api/me').set('Authorization', `Bearer ${tok}`);
    const login = async (username: string, password: string) => {
      const res = await h.post(null, '/api/auth/login', { username, password });
      expect(res.status, JSON.stringify(res.body)).to.equal(200);
      return res.body.token as string;
    };
    const createUser = (username: string, password: string) =>
      h.post('admin', '/api/users', {
        username,
        displayName: username,
        password,
        roles: [{ role: 'handler', unit: MINGTIAN }],
      });

    it('revokes the bearer token on sign-out, in every API process sharing the store', async () => {
      const tok = await login('lina', TEST_PASSWORD);
      const other = await login('lina', TEST_PASSWORD);
      // a second API on the same store and Redis (another process of the deployment)
      const second = createApi(h.t.engine, { jwtSecret: SECRET, clock: tokenClock });
      try {
        expect((await me(tok, request(second))).status).to.equal(200);
        const out = await h.http().post('/api/auth/logout').set('Authorization', `Bearer ${tok}`);
        expect(out.status).to.equal(204);
        for (const app of [h.http(), request(second)]) {
          const res = await me(tok, app);
          expect(res.status).to.equal(401);
          expect(res.body.error).to.deep.include({ code: 'session-ended', params: {} });
        }
        // only that session ended; signing out again with it is harmless
        expect((await me(other)).status).to.equal(200);
        expect(
          (await h.http().post('/api/auth/logout').set('Authorization', `Bearer ${tok}`)).status,
        ).to.equal(204);
        // still refused after the token clock moved on (nothing expires the revocation early)
        tokenClock.advance(3600_000);
        expect((await me(tok)).status).to.equal(401);
        expect((await me(other)).status).to.equal(200);
      } finally {
        tokenClock.advance(-3600_000);
        await second.close();
      }
    });

    it('keeps tokens of a disabled user dead after the account is enabled again', async () => {
      await createUser('revive', 'revive-password');
      const tok = await login('revive', 'revive-password');
      expect((await h.patch('admin', '/api/users/revive', { disabled: true })).status).to.equal(200);
      expect((await me(tok)).status).to.equal(401);
      expect((await h.patch('admin', '/api/users/revive', { disabled: false })).status).to.equal(200);
      const res = await me(tok);
      expect(res.status).to.equal(401);
      expect(res.body.error.code).to.equal('session-ended');
      // a new sign-in works
      expect((await me(await login('revive', 'revive-password'))).status).to.equal(200);
    });

    it('ends a token issued in the same millisecond as a password reset or change', async () => {
      // the token clock does not move at all during this test
      await createUser('samesec', 'samesec-password-1');
      const tok = await login('samesec', 'samesec-password-1');
      expect(
        (await h.patch('admin', '/api/users/samesec', { password: 'samesec-password-2' })).status,
      ).to.equal(200);
      expect((await me(tok)).status).to.equal(401);
      const a = await login('samesec', 'samesec-password-2');
      const b = await login('samesec', 'samesec-password-2');
      const changed = await h
        .http()
        .post('/api/me/password')
        .set('Authorization', `Bearer ${a}`)
        .send({ currentPassword: 'samesec-password-2', newPassword: 'samesec-password-3' });
      expect(changed.status).to.equal(200);
      // the other session ended, the one that changed the password goes on with its new token
      expect((await me(b)).status).to.equal(401);
      expect((await me(a)).status).to.equal(401);
      expect((await me(changed.body.token)).status).to.equal(200);
    });

    it('refuses well-signed tokens without a token id or session generation', async () => {
      const noJti = await sign({ sub: 'admin', sv: 0 }, SECRET, Math.floor(tokenClock.now() / 1000) + 600);
      expect((await me(noJti)).status).to.equal(401);
    });
  });

  it('lists role names and grid levels', async () => {
    const res = await h.get('lina', '/api/roles');
    expect(res.status).to.equal(200);
    expect(res.body.roles).to.include({ handler: '网格员/经办人', supervisor: '督办领导' });
    expect(res.body.levels).to.deep.equal(['grid', 'zone', 'community', 'street', 'district']);
  });

  it('rate-limits failed sign-ins per username (429 too-many-sign-ins), leaving other usernames alone', async () => {
    for (let i = 0; i < 10; i++) {
      const res = await h
        .http()
        .post('/api/auth/login')
        .send({ username: 'zhaolei', password: `wrong-${i}` });
      expect(res.status).to.equal(401);
    }
    const blocked = await h
      .http()
      .post('/api/auth/login')
      .send({ username: 'ZhaoLei', password: TEST_PASSWORD });
    expect(blocked.status).to.equal(429);
    expect(blocked.body.error.message).to.match(/too many/);
    expect(blocked.body.error.code).to.equal('too-many-sign-ins');
    expect(blocked.body.error.params.limit).to.equal('user');
    expect(blocked.body.error.params.retryAfterS).to.be.within(1, 15 * 60);
    expect(blocked.headers).to.have.property('ratelimit');
    const other = await h.http().post('/api/auth/login').send({ username: 'sunli', password: TEST_PASSWORD });
    expect(other.status).to.equal(200);
  });
});

describe('API: sign-in throttling across usernames, addresses and processes', () => {
  let h: Harness;
  let second: ApiApp;
  // every client address is taken from X-Forwarded-For here
  const limit = { windowMs: 60_000, perIp: 5, perUsername: 3 };
  before(async () => {
    h = await harness({ loginLimit: limit, trustProxy: true });
    second = createApi(h.t.engine, { jwtSecret: SECRET, loginLimit: limit, trustProxy: true });
  });
  after(async () => {
    await second.close();
    await h.close();
  });
  const attempt = (app: ReturnType<typeof request>, ip: string, username: string, password = 'wrong-pass') =>
    app.post('/api/auth/login').set('X-Forwarded-For', ip).send({ username, password });

  it('stops password spraying: failures over many usernames from one address (429, limit ip)', async () => {
    const users = ['wangwei', 'lina', 'zhoujie', 'chenmin', 'liuyang'];
    for (const u of users) expect((await attempt(h.http(), '198.51.100.1', u)).status, u).to.equal(401);
    const blocked = await attempt(h.http(), '198.51.100.1', 'yangfan', TEST_PASSWORD);
    expect(blocked.status).to.equal(429);
    expect(blocked.body.error).to.deep.include({ code: 'too-many-sign-ins' });
    expect(blocked.body.error.params.limit).to.equal('ip');
    // another address signs in (none of those usernames reached its own limit)
    expect((await attempt(h.http(), '198.51.100.2', 'wangwei', TEST_PASSWORD)).status).to.equal(200);
  });

  it('stops guessing one username from many addresses (429, limit user)', async () => {
    for (let i = 0; i < 3; i++)
      expect((await attempt(h.http(), `198.51.100.${10 + i}`, 'gaofeng')).status).to.equal(401);
    const blocked = await attempt(h.http(), '198.51.100.20', 'gaofeng', TEST_PASSWORD);
    expect(blocked.status).to.equal(429);
    expect(blocked.body.error.params.limit).to.equal('user');
  });

  it('shares the counts between API processes (Redis)', async () => {
    const other = request(second);
    for (let i = 0; i < 3; i++)
      expect((await attempt(i % 2 ? other : h.http(), '198.51.100.30', 'xuqiang')).status).to.equal(401);
    expect((await attempt(other, '198.51.100.31', 'xuqiang', TEST_PASSWORD)).status).to.equal(429);
    for (let i = 0; i < 2; i++)
      expect((await attempt(h.http(), '198.51.100.40', `nobody${i}`)).status).to.equal(401);
    // 2 failures from .40 here + 3 there: the sixth attempt from .40 is over the address's limit
    for (let i = 2; i < 5; i++)
      expect((await attempt(other, '198.51.100.40', `nobody${i}`)).status).to.equal(401);
    expect((await attempt(h.http(), '198.51.100.40', 'maojun', TEST_PASSWORD)).status).to.equal(429);
  });

  it('counts neither successful sign-ins nor malformed requests', async () => {
    for (let i = 0; i < 8; i++) {
      expect((await attempt(h.http(), '198.51.100.50', 'guoping', TEST_PASSWORD)).status).to.equal(200);
      const bad = await h
        .http()
        .post('/api/auth/login')
        .set('X-Forwarded-For', '198.51.100.50')
        .send({ x: 1 });
      expect(bad.status).to.equal(400);
    }
  });
});
