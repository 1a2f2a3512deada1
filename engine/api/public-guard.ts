// Abuse limits of the public report page (no sign-in): every report counts against its client IP and
// against the reporter's phone, in Redis (rate-limit-redis, shared by all API processes, as the sign-in
// throttle in login-throttle.ts), and each report must answer an arithmetic challenge issued by
// GET /api/public/challenge, checked server-side and usable once (read and deleted in one MULTI).
import { randomBytes, randomInt } from 'node:crypto';
import type { RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import type { Redis } from 'ioredis';
import { redisCounter, refuseWith } from './rate-limits.js';

export interface PublicReportLimit {
  /** counting window (ms) */
  windowMs: number;
  /** reports (and attempts) from one client address within the window */
  perIp: number;
  /** reports naming one phone number within the window */
  perPhone: number;
}

export const DEFAULT_PUBLIC_REPORT_LIMIT: PublicReportLimit = { windowMs: 3_600_000, perIp: 10, perPhone: 5 };

/** A challenge lives this long (seconds). */
export const CHALLENGE_TTL_S = 600;

/** The two limiters of POST /api/public/reports, IP first (it needs no body). */
export function publicReportThrottle(
  redis: () => Redis,
  prefix: string,
  limit: PublicReportLimit,
): RequestHandler[] {
  const limiter = (kind: 'ip' | 'phone', max: number, key: (req: Parameters<RequestHandler>[0]) => string) =>
    rateLimit({
      windowMs: limit.windowMs,
      limit: max,
      store: redisCounter(redis, prefix, `report:${kind}`),
      standardHeaders: 'draft-7',
      legacyHeaders: false,
      keyGenerator: key,
      // a body without a phone is refused by validation (400), not counted in a shared "no phone" bucket
      skip: (req) => key(req) === '',
      handler: refuseWith('too-many-reports', 'too many reports, try again later', kind),
    });
  return [
    limiter('ip', limit.perIp, (req) => ipKeyGenerator(req.ip ?? 'unknown')),
    limiter('phone', limit.perPhone, (req) => {
      const phone = (req.body as { reporter?: { phone?: unknown } } | undefined)?.reporter?.phone;
      return typeof phone === 'string' ? phone.replace(/\D/g, '') : '';
    }),
  ];
}

export class Challenges {
  constructor(
    private readonly redis: () => Redis,
    private readonly prefix: string,
  ) {}

  private key(id: string) {
    return `${this.prefix}:challenge:${id}`;
  }

  /** A new question: the sum or difference of two small numbers. */
  async issue(): Promise<{ id: string; question: string; expiresInS: number }> {
    const a = randomInt(2, 20);
    const b = randomInt(1, 10);
    const plus = randomInt(2) === 0;
    const id = randomBytes(16).toString('base64url');
    await this.redis().set(this.key(id), String(plus ? a + b : a - b), 'EX', CHALLENGE_TTL_S);
    return { id, question: `${a} ${plus ? '+' : '−'} ${b} = ?`, expiresInS: CHALLENGE_TTL_S };
  }

  /** Whether the answer is right; the challenge is gone afterwards either way (single use). */
  async check(id: string, answer: number): Promise<boolean> {
    const res = await this.redis().multi().get(this.key(id)).del(this.key(id)).exec();
    const expected = res?.[0]?.[1];
    return typeof expected === 'string' && Number(expected) === answer;
  }
}
