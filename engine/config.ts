// Configuration from the environment (documented in README.md § Configuration).
import path from 'node:path';
import { DEFAULT_LOOP_BUDGET } from './model/limits.js';
import { DEFAULT_FEEL_BUDGET_MS } from './runtime/feel-sandbox.js';
import { cleanupCron } from './retention/schedule-config.js';
import { ttlDaysFromEnv } from './retention/ttl.js';
import { DEFAULT_REPLY_TEMPLATE } from './intake/reply-template.js';
import { attachmentLimitsFromEnv, type AttachmentLimits } from './cases/attachment-types.js';

export interface EngineConfig {
  redisUrl: string;
  mongoUrl?: string;
  dataDir: string;
  /** BullMQ key prefix; the {hash tag} keeps every key of a queue in one Redis Cluster slot */
  queuePrefix: string;
  /** concurrent step jobs per worker process */
  concurrency: number;
  timerConcurrency: number;
  /** due timers fired together by one worker (engine/queue/timer-batch.ts); 1 turns batching off */
  timerBatch: number;
  /** grid levels from the bottom up */
  levels: string[];
  timezone: string;
  webhookUrl?: string;
  /** outbox entries older than this are replayed by the sweeper */
  sweepAfterMs: number;
  sweepEveryMs: number;
  /** attempts of a failing step/timer job before it is parked as an incident, and the first backoff */
  stepAttempts: number;
  stepBackoffMs: number;
  /** automatic steps a token may take without resting at a wait state before it is parked as an incident */
  loopBudget: number;
  /** time budget of one FEEL expression that can iterate, in ms */
  feelBudgetMs: number;
  /**
   * Lock of an active job and the period of BullMQ's stalled-job check: a job whose worker died (kill -9)
   * runs again after at most about jobLockMs + 2 × stalledIntervalMs.
   */
  jobLockMs: number;
  stalledIntervalMs: number;
  /** pattern of case numbers (engine/cases/case-number.ts); default `{district}-{yyyy}-{seq:6}` */
  caseNumberPattern?: string;
  /** days a case is kept after it ends unless its definition says (HISTORY_TTL_DAYS; unset = forever) */
  historyTtlDays?: number;
  /**
   * longest time a message no subscription waits for may be buffered (POST /api/messages `ttl`), in seconds
   * (MESSAGE_BUFFER_MAX_TTL_S; default DEFAULT_MESSAGE_BUFFER_MAX_TTL_S, 7 days)
   */
  messageBufferMaxTtlS?: number;
  /** cron pattern (in `timezone`) of the daily history cleanup; undefined = not scheduled */
  historyCleanupCron?: string;
  /** uploads (engine/cases/attachments.ts): largest file in bytes and the kinds of file accepted */
  attachments: AttachmentLimits;
  /** 退单 window from (re-)dispatch, ISO duration on the workday calendar (RETURN_WINDOW, default P2D) */
  returnWindow: string;
  /** the lowest level whose supervisors approve a 挂账 (BACKLOG_APPROVAL_LEVEL, default street) */
  backlogApprovalLevel: string;
  /** intake (engine/intake): the process started for each report category (INTAKE_PROCESSES) */
  intakeProcesses: Record<string, string>;
  /** the reply to reporters (engine/intake/replies.ts, engine/queue/sms.ts) */
  sms: SmsConfig;
  /** days after a report its reporter's personal data is removed, once its case is over (unset: kept) */
  intakeRetentionDays?: number;
  /** rounds a case from intake may have, the first included: 不满意 回访 reopen it (VISIT_MAX_ROUNDS) */
  visitMaxRounds: number;
}

export interface SmsConfig {
  /** the SMS provider's HTTP endpoint (SMS_GATEWAY_URL); unset: the recording outbox (development) */
  url?: string;
  token?: string;
  /** SMS_REPLY_TEMPLATE: {receipt}, {caseNo}, {outcome} */
  template: string;
  /** tries of a reply before it is kept failed (SMS_ATTEMPTS), and the first backoff (SMS_BACKOFF_MS) */
  attempts: number;
  backoffMs: number;
}

/** RETURN_WINDOW: an ISO-8601 duration of days or hours (P2D, PT16H); anything else stops the start. */
export function returnWindowFromEnv(v: string | undefined): string {
  const s = v?.trim();
  if (!s) return 'P2D';
  if (!/^P(?:\d+D)?(?:T(?:\d+H)?(?:\d+M)?)?$/.test(s) || s === 'P' || s.endsWith('T'))
    throw new Error(
      `RETURN_WINDOW must be an ISO-8601 duration such as P2D or PT16H, not ${JSON.stringify(v)}`,
    );
  return s;
}

/** SMS_GATEWAY_URL: an http(s) URL, or unset; anything else stops the start (not every reply failing). */
export function smsGatewayUrlFromEnv(v: string | undefined): string | undefined {
  const s = v?.trim();
  if (!s) return undefined;
  let url: URL | undefined;
  try {
    url = new URL(s);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:'))
    throw new Error(`SMS_GATEWAY_URL must be an http(s) URL, not ${JSON.stringify(v)}`);
  return s;
}

/** 7 days: a reply arriving before its case waits for it (a department answering fast) fits easily */
export const DEFAULT_MESSAGE_BUFFER_MAX_TTL_S = 7 * 24 * 3600;

const int = (v: string | undefined, d: number) => (v && /^\d+$/.test(v) ? Number(v) : d);

export function loadConfig(env: NodeJS.ProcessEnv = process.env): EngineConfig {
  return {
    redisUrl: env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    mongoUrl: env.MONGO_URL || undefined,
    dataDir: path.resolve(env.DATA_DIR ?? './data'),
    queuePrefix: env.QUEUE_PREFIX ?? '{grid}',
    concurrency: int(env.WORKER_CONCURRENCY, 16),
    timerConcurrency: int(env.TIMER_CONCURRENCY, 16),
    timerBatch: Math.max(1, int(env.TIMER_BATCH, 500)),
    levels: (env.GRID_LEVELS ?? 'grid,zone,community,street,district').split(',').map((s) => s.trim()),
    timezone: env.TZ_BUSINESS ?? 'Asia/Shanghai',
    webhookUrl: env.WEBHOOK_URL || undefined,
    sweepAfterMs: int(env.SWEEP_AFTER_MS, 5000),
    sweepEveryMs: int(env.SWEEP_EVERY_MS, 2000),
    stepAttempts: Math.max(1, int(env.STEP_ATTEMPTS, 8)),
    stepBackoffMs: int(env.STEP_BACKOFF_MS, 200),
    loopBudget: Math.max(1, int(env.LOOP_BUDGET, DEFAULT_LOOP_BUDGET)),
    feelBudgetMs: Math.max(1, int(env.FEEL_BUDGET_MS, DEFAULT_FEEL_BUDGET_MS)),
    jobLockMs: Math.max(1000, int(env.JOB_LOCK_MS, 30_000)),
    stalledIntervalMs: Math.max(500, int(env.STALLED_INTERVAL_MS, 15_000)),
    caseNumberPattern: env.CASE_NUMBER_PATTERN || undefined,
    historyTtlDays: ttlDaysFromEnv(env.HISTORY_TTL_DAYS),
    historyCleanupCron: cleanupCron(env.HISTORY_CLEANUP_CRON),
    messageBufferMaxTtlS: int(env.MESSAGE_BUFFER_MAX_TTL_S, DEFAULT_MESSAGE_BUFFER_MAX_TTL_S),
    attachments: attachmentLimitsFromEnv(env),
    returnWindow: returnWindowFromEnv(env.RETURN_WINDOW),
    backlogApprovalLevel: env.BACKLOG_APPROVAL_LEVEL?.trim() || 'street',
    intakeProcesses: intakeProcessesFromEnv(env.INTAKE_PROCESSES),
    sms: {
      url: smsGatewayUrlFromEnv(env.SMS_GATEWAY_URL),
      token: env.SMS_GATEWAY_TOKEN?.trim() || undefined,
      template: env.SMS_REPLY_TEMPLATE?.trim() || DEFAULT_REPLY_TEMPLATE,
      attempts: Math.max(1, int(env.SMS_ATTEMPTS, 10)),
      backoffMs: Math.max(10, int(env.SMS_BACKOFF_MS, 30_000)),
    },
    visitMaxRounds: Math.max(1, int(env.VISIT_MAX_ROUNDS, 3)),
    intakeRetentionDays: ttlDaysFromEnv(env.INTAKE_RETENTION_DAYS),
  };
}

export const DEFAULT_INTAKE_PROCESSES: Record<string, string> = {
  fire: 'fire_hazard',
  dispute: 'dispute_mediation',
  illegal_building: 'illegal_structure',
};

/** `category=processKey,...` (e.g. `fire=fire_hazard,noise=dispute_mediation`); unset: the defaults. */
export function intakeProcessesFromEnv(v: string | undefined): Record<string, string> {
  if (!v?.trim()) return { ...DEFAULT_INTAKE_PROCESSES };
  const out: Record<string, string> = {};
  for (const part of v.split(',')) {
    const [category, key] = part.split('=').map((x) => x.trim());
    if (!category || !key || !/^[a-z0-9_-]{1,40}$/.test(category))
      throw new Error(`INTAKE_PROCESSES: expected category=processKey, got "${part}"`);
    out[category] = key;
  }
  return out;
}
