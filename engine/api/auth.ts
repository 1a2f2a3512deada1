// Authentication: HS256 JWTs (jose) issued by POST /api/auth/login, checked on every request against the
// current user record and the store, so every API process sees a revocation at once:
// - each token carries a random id (`jti`); signing out records it (engine/grid/sessions.ts) until it expires;
// - each token carries the user's session generation (`sv`); disabling a user, resetting or changing a
//   password increments `sessionGen` in the user record, which ends every token issued before — for good
//   (re-enabling does not bring them back), and without comparing clocks (no same-second loophole).
import { randomUUID } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import type { Clock } from '../clock.js';
import type { Engine } from '../engine.js';
import type { User } from '../grid/org.js';
import { principalOf, type Principal } from './access.js';
import { codedError, HttpError, notFound, unauthorized } from './errors.js';

export const TOKEN_COOKIE = 'grid_token';
const ISSUER = 'grid-engine';

export interface AuthOptions {
  secret: string;
  /** jose duration, e.g. '8h' */
  ttl: string;
  /** time source for issuing/checking tokens (wall clock unless a test injects one) */
  clock: Clock;
  /** told when sessions of a user end (disable, password change, sign-out), e.g. to close event streams */
  onSessionsEnded?: (username: string) => void;
}

interface Verified {
  principal: Principal;
  user: User & UserAuthFields;
  /** token id and expiry (epoch ms) */
  jti: string;
  expiresAt: number;
}

export interface UserAuthFields {
  /** session generation: tokens signed with another one are void (see the header) */
  sessionGen?: number;
  /** legacy (before sessionGen): sessions issued before this (epoch seconds) are void */
  sessionsValidAfter?: number;
  /** the password was generated for the user (first admin): only /me, /me/password and sign-out work */
  mustChangePassword?: boolean;
}

export type { RevokedToken } from '../grid/sessions.js';

/** Operations a user who must change their password may still call. */
const WHILE_PASSWORD_CHANGE_REQUIRED = new Set(['GET /api/me', 'POST /api/me/password', 'GET /api/roles']);

export class Auth {
  private readonly key: Uint8Array;

  constructor(
    private readonly engine: Engine,
    readonly opts: AuthOptions,
  ) {
    if (!opts.secret) throw new Error('a JWT secret is required');
    if (!validTtl(opts.ttl)) throw new Error(`bad token lifetime "${opts.ttl}" (use e.g. 8h, 30m, 3600)`);
    this.key = new TextEncoder().encode(opts.secret);
  }

  async sign(
    user: Pick<User, '_id' | 'displayName'> & UserAuthFields,
  ): Promise<{ token: string; expiresAt: number }> {
    const nowS = Math.floor(this.opts.clock.now() / 1000);
    const token = await new SignJWT({ name: user.displayName, sv: user.sessionGen ?? 0 })
      .setJti(randomUUID())
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(user._id)
      .setIssuer(ISSUER)
      .setIssuedAt(nowS)
      .setExpirationTime(expiry(nowS, this.opts.ttl))
      .sign(this.key);
    return { token, expiresAt: expiry(nowS, this.opts.ttl) * 1000 };
  }

  /** Verifies a token and loads its (enabled) user; throws 401 otherwise. */
  async principal(token: string): Promise<{ principal: Principal; user: User & UserAuthFields }> {
    const v = await this.verify(token);
    return { principal: v.principal, user: v.user };
  }

  private async verify(token: string): Promise<Verified> {
    let sub: string | undefined;
    let iat: number;
    let jti: unknown;
    let sv: unknown;
    let exp: number;
    try {
      const { payload } = await jwtVerify(token, this.key, {
        algorithms: ['HS256'],
        issuer: ISSUER,
        currentDate: new Date(this.opts.clock.now()),
      });
      sub = payload.sub;
      iat = payload.iat ?? 0;
      jti = payload.jti;
      sv = payload.sv ?? 0;
      exp = payload.exp ?? 0;
    } catch (err) {
      if (err instanceof joseErrors.JWTExpired) throw unauthorized('auth.token-expired');
      throw unauthorized('auth.invalid-token');
    }
    // every token this server issues has an id (signing out needs it) and a session generation
    if (!sub || typeof jti !== 'string' || !jti || typeof sv !== 'number')
      throw unauthorized('auth.invalid-token');
    const user = (await this.engine.org.user(sub)) as (User & UserAuthFields) | null;
    if (!user || user.disabled) throw unauthorized('auth.account-disabled');
    if (sv !== (user.sessionGen ?? 0) || (user.sessionsValidAfter && iat < user.sessionsValidAfter))
      throw sessionEnded();
    if (await this.engine.sessions.isRevoked(jti)) throw sessionEnded();
    return { principal: principalOf(user), user, jti, expiresAt: exp * 1000 };
  }

  /**
   * Signs a token out for good (POST /api/auth/logout): records its id until it expires. A token that is
   * invalid already needs nothing. Also drops records of tokens that have expired meanwhile.
   */
  async revoke(token: string): Promise<boolean> {
    let v: Verified;
    try {
      v = await this.verify(token);
    } catch {
      return false;
    }
    await this.engine.sessions.revoke(v.jti, v.user._id, v.expiresAt, this.opts.clock.now());
    this.sessionsEnded(v.user._id);
    return true;
  }

  /** Announces that sessions of `username` ended (after engine.accounts ended them, or a sign-out). */
  sessionsEnded(username: string): void {
    this.opts.onSessionsEnded?.(username);
  }

  /**
   * Middleware: requires a valid token in `Authorization: Bearer`, or (when allowed) in `?token=` (for
   * EventSource, which cannot set headers) or the `grid_token` cookie (for the queue dashboard).
   */
  required(opts: { query?: boolean; cookie?: boolean; admin?: boolean } = {}): RequestHandler {
    return async (req, res, next) => {
      const token = tokenOf(req, opts);
      if (!token) throw unauthorized();
      const { principal, user } = await this.principal(token);
      if (user.mustChangePassword && !WHILE_PASSWORD_CHANGE_REQUIRED.has(`${req.method} ${opKey(req)}`))
        throw codedError(403, 'password-change-required', 'change your password first', {
          user: user._id,
        });
      if (opts.admin && !principal.admin) throw notFound();
      res.locals.user = principal;
      res.locals.userDoc = user;
      res.locals.token = token;
      next();
    };
  }
}

const sessionEnded = () => codedError(401, 'session-ended', 'session ended, sign in again', {});

/** `/api/me` for the route a request matched (mount path + route path, no parameters filled in). */
function opKey(req: Request): string {
  const route = (req.route as { path?: unknown } | undefined)?.path;
  return req.baseUrl + (typeof route === 'string' ? route : req.path);
}

function expiry(nowS: number, ttl: string): number {
  const m = /^(\d+)\s*(s|m|h|d)$/.exec(ttl.trim());
  if (!m) {
    if (/^\d+$/.test(ttl.trim())) return nowS + Number(ttl);
    throw new HttpError(500, `bad token lifetime ${ttl}`);
  }
  const mult = { s: 1, m: 60, h: 3600, d: 86400 }[m[2] as 's' | 'm' | 'h' | 'd'];
  return nowS + Number(m[1]) * mult;
}

export function validTtl(ttl: string): boolean {
  return /^(\d+)\s*(s|m|h|d)?$/.test(ttl.trim());
}

export function tokenOf(req: Request, opts: { query?: boolean; cookie?: boolean }): string | undefined {
  const h = req.headers.authorization;
  if (h) {
    const m = /^Bearer\s+(\S+)$/i.exec(h);
    return m ? m[1] : undefined;
  }
  if (opts.query) {
    const q = (req.query as Record<string, unknown>).token;
    if (typeof q === 'string' && q) return q;
  }
  if (opts.cookie) return cookie(req, TOKEN_COOKIE);
  return undefined;
}

export function cookie(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i < 0) continue;
    if (part.slice(0, i).trim() === name) {
      try {
        return decodeURIComponent(part.slice(i + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/** The authenticated principal of a request (set by Auth.required). */
export function userOf(res: { locals: Record<string, unknown> }): Principal {
  const p = res.locals.user as Principal | undefined;
  if (!p) throw unauthorized();
  return p;
}
