// What the API's rate limiters share (express-rate-limit + rate-limit-redis): counts in Redis, so every API
// process of a deployment shares them, and a refusal as a coded 429 with the limit that was hit and when to
// try again. Used by the sign-in throttle (login-throttle.ts) and the public report page (public-guard.ts).
import type { NextFunction, Request, Response } from 'express';
import type { Options } from 'express-rate-limit';
import type { Redis } from 'ioredis';
import { RedisStore, type RedisReply } from 'rate-limit-redis';
import type { ErrorCode } from '../error-codes.js';
import { codedError } from './errors.js';

/** A Redis-backed counter store under `<prefix>:rl:<name>:`. */
export function redisCounter(redis: () => Redis, prefix: string, name: string): RedisStore {
  return new RedisStore({
    prefix: `${prefix}:rl:${name}:`,
    sendCommand: (command: string, ...args: string[]) =>
      redis().call(command, ...args) as Promise<RedisReply>,
  });
}

/** The handler of a limiter: a 429 with `code`, the limit hit (`limit: kind`) and `retryAfterS`. */
export function refuseWith(code: ErrorCode, message: string, kind: string): Options['handler'] {
  return (req: Request, _res: Response, next: NextFunction, options: Options) => {
    const reset = (req as { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
    const retryAfterS = reset
      ? Math.max(1, Math.ceil((reset.getTime() - Date.now()) / 1000))
      : Math.ceil(options.windowMs / 1000);
    next(codedError(429, code, message, { limit: kind, retryAfterS }));
  };
}
