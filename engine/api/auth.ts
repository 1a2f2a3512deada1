// Authentication: HS256 JWTs (jose) issued by POST /api/auth/login, checked on every request against the
// current user record (a disabled user or a reset password ends existing sessions at once).
import type { Request, RequestHandler } from 'express';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import type { Clock } from '../clock.js';
import type { Engine } from '../engine.js';
import type { User } from '../grid/org.js';
import { principalOf, type Principal } from './access.js';
import { HttpError, notFound, unauthorized } from './errors.js';

export const TOKEN_COOKIE = 'grid_token';
const ISSUER = 'grid-engine';

export interface AuthOptions {
  secret: string;
  /** jose duration, e.g. '8h' */
  ttl: string;
  /** time source for issuing/checking tokens (wall clock unless a test injects one) */
  clock: Clock;
}

/** Sessions issued before this (epoch seconds) are void: set when a password is reset. */
export interface UserAuthFields {
  sessionsValidAfter?: number;
}

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

  async sign(user: Pick<User, '_id' | 'displayName'>): Promise<{ token: string; expiresAt: number }> {
    const nowS = Math.floor(this.opts.clock.now() / 1000);
    const token = await new SignJWT({ name: user.displayName })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(user._id)
      .setIssuer(ISSUER)
      .setIssuedAt(nowS)
      .setExpirationTime(expiry(nowS, this.opts.ttl))
      .sign(this.key);
    return { token, expiresAt: expiry(nowS, this.opts.ttl) * 1000 };
  }

  /** Verifies a token and loads its (enabled) user; throws 401 otherwise. */
  async principal(token: string): Promise<{ principal: Principal; user: User }> {
    let sub: string | undefined;
    let iat: number;
    try {
      const { payload } = await jwtVerify(token, this.key, {
        algorithms: ['HS256'],
        issuer: ISSUER,
        currentDate: new Date(this.opts.clock.now()),
      });
      sub = payload.sub;
      iat = payload.iat ?? 0;
    } catch (err) {
      if (err instanceof joseErrors.JWTExpired) throw unauthorized('token expired');
      throw unauthorized('invalid token');
    }
    if (!sub) throw unauthorized('invalid token');
    const user = (await this.engine.org.user(sub)) as (User & UserAuthFields) | null;
    if (!user || user.disabled) throw unauthorized('account not found or disabled');
    if (user.sessionsValidAfter && iat < user.sessionsValidAfter)
      throw unauthorized('session ended, sign in again');
    return { principal: principalOf(user), user };
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
      if (opts.admin && !principal.admin) throw notFound();
      res.locals.user = principal;
      res.locals.userDoc = user;
      res.locals.token = token;
      next();
    };
  }
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
