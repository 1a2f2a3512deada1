// Sign-in, the current user, password change, role catalogue.
import { Router, type Response } from 'express';
import type { Engine } from '../engine.js';
import type { User } from '../grid/org.js';
import { hashPassword, verifyPassword } from '../grid/passwords.js';
import { principalOf, type Principal } from './access.js';
import { audit } from './audit.js';
import { TOKEN_COOKIE, tokenOf, type UserAuthFields } from './auth.js';
import { badRequest, fieldDetail, notFound, unauthorized } from './errors.js';
import { op, type ApiContext } from './context.js';
import { loginThrottle, type LoginLimit } from './login-throttle.js';

export async function roleCatalogue(
  engine: Engine,
): Promise<{ roles: Record<string, string>; levels: string[] }> {
  const catalogue = await engine.org.roleCatalogue();
  return {
    roles: catalogue.roles ?? {},
    levels: catalogue.levels ?? engine.config.levels,
  };
}

/** The user as the UI needs it: roles with unit names, the units, what they supervise. */
export async function describeUser(engine: Engine, user: User, p: Principal) {
  const { roles: roleNames } = await roleCatalogue(engine);
  const units = new Map<string, { code: string; name: string; level: string; roles: string[] }>();
  const roles = [];
  for (const r of user.roles ?? []) {
    const u = await engine.org.unit(r.unit);
    roles.push({
      role: r.role,
      roleName: roleNames[r.role] ?? r.role,
      unit: r.unit,
      unitName: u?.name,
      unitLevel: u?.level,
    });
    const entry = units.get(r.unit) ?? {
      code: r.unit,
      name: u?.name ?? r.unit,
      level: u?.level ?? '',
      roles: [],
    };
    entry.roles.push(r.role);
    units.set(r.unit, entry);
  }
  return {
    username: user._id,
    displayName: user.displayName,
    phone: user.phone,
    admin: p.admin,
    // a generated first password: the UI asks for a new one, the API refuses other calls until then
    mustChangePassword: !!(user as User & UserAuthFields).mustChangePassword,
    roles,
    units: [...units.values()],
    supervises: p.supervises,
  };
}

export function authRoutes(ctx: ApiContext, limit: LoginLimit): Router {
  const r = Router();
  const { engine, auth } = ctx;

  const limiters = loginThrottle(ctx.redis, engine.config.queuePrefix, limit);

  const setCookie = (res: Response, token: string, maxAgeS: number, secure: boolean) => {
    // the queue dashboard's own requests carry no Authorization header: it reads this cookie
    res.append(
      'Set-Cookie',
      `${TOKEN_COOKIE}=${encodeURIComponent(token)}; Path=/admin/queues; HttpOnly; SameSite=Strict; Max-Age=${maxAgeS}${secure ? '; Secure' : ''}`,
    );
  };

  op<{ username: string; password: string }>(
    r,
    ctx,
    {
      method: 'post',
      path: '/auth/login',
      summary:
        'Sign in; returns a bearer token (JWT HS256). Failed attempts are limited per client IP and per ' +
        'username (default 30 and 10 per 15 min, shared by all API processes) → 429 too-many-sign-ins',
      tag: 'auth',
      auth: 'public',
      body: 'LoginBody',
      pre: limiters,
      refuses: [401, 429],
    },
    async ({ body, req, res }) => {
      const user = await engine.org.user(body.username);
      const ok = await verifyPassword(body.password, user?.passwordHash);
      if (!user || !ok || user.disabled) throw unauthorized('auth.invalid-credentials');
      const { token, expiresAt } = await auth.sign(user);
      const p = principalOf(user);
      if (p.admin)
        setCookie(
          res,
          token,
          Math.max(1, Math.floor((expiresAt - auth.opts.clock.now()) / 1000)),
          req.secure,
        );
      return { token, expiresAt, user: await describeUser(engine, user, p) };
    },
  );

  op(
    r,
    ctx,
    {
      method: 'post',
      path: '/auth/logout',
      summary:
        'Sign out: the bearer token (if any) is revoked for good, its event streams close; forgets the dashboard cookie',
      tag: 'auth',
      auth: 'public',
    },
    async ({ req, res }) => {
      // public: signing out with a token that is already invalid is not an error
      const token = tokenOf(req, {});
      if (token) await auth.revoke(token);
      res.append('Set-Cookie', `${TOKEN_COOKIE}=; Path=/admin/queues; HttpOnly; SameSite=Strict; Max-Age=0`);
      return undefined;
    },
  );

  op(
    r,
    ctx,
    { method: 'get', path: '/me', summary: 'The signed-in user with roles and units', tag: 'auth' },
    ({ res, user }) => describeUser(engine, res.locals.userDoc as User, user),
  );

  op<{ currentPassword: string; newPassword: string }>(
    r,
    ctx,
    {
      method: 'post',
      path: '/me/password',
      summary: 'Change the own password (ends other sessions)',
      tag: 'auth',
      body: 'ChangePasswordBody',
    },
    async ({ body, res }) => {
      const doc = res.locals.userDoc as User;
      if (!(await verifyPassword(body.currentPassword, doc.passwordHash)))
        throw badRequest('password.wrong-current', [fieldDetail('/currentPassword', 'field.invalid')]);
      if (body.newPassword === body.currentPassword)
        throw badRequest('password.unchanged', [fieldDetail('/newPassword', 'field.invalid')]);
      const changed = await engine.accounts.changePassword(doc._id, await hashPassword(body.newPassword));
      if (!changed) throw notFound('user.not-found');
      auth.sessionsEnded(doc._id);
      await audit(ctx, doc._id, 'password-changed', { type: 'user', id: doc._id });
      // the new token carries the new session generation: this session goes on, every other one ended
      const fresh = (await engine.org.user(doc._id)) as (User & UserAuthFields) | null;
      if (!fresh) throw notFound('user.not-found');
      const { token, expiresAt } = await auth.sign(fresh);
      return { token, expiresAt };
    },
  );

  op(r, ctx, { method: 'get', path: '/roles', summary: 'Role names and grid levels', tag: 'auth' }, () =>
    roleCatalogue(engine),
  );

  return r;
}
