// Sign-in throttling: failed sign-ins (401) are counted per client IP and per username, in Redis
// (rate-limit-redis), so every API process of a deployment shares the counts. Per IP stops password
// spraying (one password tried on many usernames); per username stops guessing one account from many
// addresses. Only wrong credentials count: a user who signs in often, or a malformed request, is not
// held against anyone. Windows run on Redis key expiry (the server's clock, not an injected one).
import type { RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import type { Redis } from 'ioredis';
import { redisCounter, refuseWith } from './rate-limits.js';

export interface LoginLimit {
  /** counting window (ms) */
  windowMs: number;
  /** failed sign-ins from one client address within the window */
  perIp: number;
  /** failed sign-ins for one username (from any address) within the window */
  perUsername: number;
}

export const DEFAULT_LOGIN_LIMIT: LoginLimit = { windowMs: 15 * 60_000, perIp: 30, perUsername: 10 };

/** The two limiters of POST /api/auth/login, IP first (it needs no body). */
export function loginThrottle(redis: () => Redis, prefix: string, limit: LoginLimit): RequestHandler[] {
  const limiter = (kind: 'ip' | 'user', max: number, key: (req: Parameters<RequestHandler>[0]) => string) =>
    rateLimit({
      windowMs: limit.windowMs,
      limit: max,
      store: redisCounter(redis, prefix, `login:${kind}`),
      skipSuccessfulRequests: true,
      // only a refused password (or unknown user) counts
      requestWasSuccessful: (_req, res) => res.statusCode !== 401,
      standardHeaders: 'draft-7',
      legacyHeaders: false,
      keyGenerator: key,
      handler: refuseWith('too-many-sign-ins', 'too many sign-in attempts, try again later', kind),
    });
  return [
    limiter('ip', limit.perIp, (req) => ipKeyGenerator(req.ip ?? 'unknown')),
    limiter('user', limit.perUsername, (req) => {
      const body = req.body as { username?: unknown } | undefined;
      return typeof body?.username === 'string' ? body.username.trim().toLowerCase() : '';
    }),
  ];
}
