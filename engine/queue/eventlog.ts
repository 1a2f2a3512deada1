// The live-event log: every engine event is appended to one Redis stream per deployment (its id is the SSE
// event id, so a client that reconnects with Last-Event-ID — even to another API process, or after a
// restart — gets what it missed) and published on the events channel as `<id> <json>`, in one atomic
// script. The log is bounded by length and age. The same script drops an event whose content was already
// sent: a task projected again without a visible change (a replayed outbox, a step that only moves
// timers) would otherwise reach every client two or three times.
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { EngineEvent } from './outbox.js';

export const eventLogKey = (prefix: string) => `${prefix}:events:log`;
export const eventsChannel = (prefix: string) => `${prefix}:events`;
/** session notices (a user's sessions ended) for the event streams; plain usernames, not logged */
export const sessionsChannel = (prefix: string) => `${prefix}:sessions`;
const lastSentKey = (prefix: string, what: string) => `${prefix}:events:last:${what}`;

export interface EventLogLimits {
  /** entries kept at most (approximately: trimmed with ~) */
  maxLength: number;
  /** entries older than this (ms, by their id) are trimmed */
  maxAgeMs: number;
}

export const DEFAULT_EVENT_LOG: EventLogLimits = { maxLength: 10_000, maxAgeMs: 60 * 60_000 };

/** How long the last content per task (or an event's hash) is remembered for de-duplication. */
const TASK_MEMORY_MS = 24 * 3600_000;
const EVENT_MEMORY_MS = 10 * 60_000;

// KEYS: log, last-sent; ARGV: json, hash, memory ms, max length, max age ms, channel
const APPEND = `
if redis.call('GET', KEYS[2]) == ARGV[2] then return false end
redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[3])
local id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[4], '*', 'e', ARGV[1])
local ms = tonumber(string.match(id, '^(%d+)'))
redis.call('XTRIM', KEYS[1], 'MINID', '~', string.format('%.0f', ms - tonumber(ARGV[5])))
redis.call('PUBLISH', ARGV[6], id .. ' ' .. ARGV[1])
return id
`;

const APPEND_SHA = createHash('sha1').update(APPEND).digest('hex');

/**
 * Appends and publishes one event; returns its id, or null when the same content was sent already (for
 * a task: its last event; for anything else: an identical event in the last 10 minutes).
 */
export async function appendEvent(
  redis: Redis,
  prefix: string,
  event: EngineEvent | Record<string, unknown>,
  limits: EventLogLimits = DEFAULT_EVENT_LOG,
): Promise<string | null> {
  const json = JSON.stringify(event);
  const hash = createHash('sha1').update(json).digest('base64url');
  const e = event as Partial<EngineEvent>;
  const taskId = e.type === 'task' ? (e.payload?.id as string | undefined) : undefined;
  // a task compares with its own last event only: going back to an earlier state is news
  const [key, memory] = taskId
    ? [lastSentKey(prefix, `task:${taskId}`), TASK_MEMORY_MS]
    : [lastSentKey(prefix, `h:${hash}`), EVENT_MEMORY_MS];
  const args = [
    eventLogKey(prefix),
    key,
    json,
    hash,
    memory,
    limits.maxLength,
    limits.maxAgeMs,
    eventsChannel(prefix),
  ];
  let id: unknown;
  try {
    // by its hash: the script text travels once per Redis (re)start, not with every event
    id = await redis.evalsha(APPEND_SHA, 2, ...args);
  } catch (err) {
    if (!String((err as Error)?.message).includes('NOSCRIPT')) throw err;
    id = await redis.eval(APPEND, 2, ...args);
  }
  return typeof id === 'string' ? id : null;
}

/** A message of the events channel: `<id> <json>`. */
export function parseEventMessage(message: string): { id?: string; event: EngineEvent } | undefined {
  const m = /^(\d+-\d+) /.exec(message);
  try {
    if (m) return { id: m[1], event: JSON.parse(message.slice(m[0].length)) as EngineEvent };
    return { event: JSON.parse(message) as EngineEvent };
  } catch {
    return undefined;
  }
}

/** Stream ids are `<ms>-<seq>`: compares two of them. */
export function compareIds(a: string, b: string): number {
  const [am, as] = a.split('-').map(BigInt);
  const [bm, bs] = b.split('-').map(BigInt);
  if (am !== bm) return am < bm ? -1 : 1;
  return as === bs ? 0 : as < bs ? -1 : 1;
}

export const isEventId = (s: unknown): s is string => typeof s === 'string' && /^\d{1,20}-\d{1,20}$/.test(s);

export interface Backlog {
  events: Array<{ id: string; event: EngineEvent }>;
  /** some events after `since` are no longer in the log (trimmed, or Redis lost its data) */
  gap: boolean;
}

/**
 * The logged events after `since` (at most `max`). Trimming removes the oldest entries first, so when the
 * entry `since` itself is still in the log nothing after it was lost; when it is gone (trimmed by age or
 * length, or Redis lost its data) events may have been missed, and the caller should reload.
 */
export async function eventsSince(
  redis: Redis,
  prefix: string,
  since: string,
  max: number,
): Promise<Backlog> {
  const entries = await redis.xrange(eventLogKey(prefix), since, '+', 'COUNT', max + 2);
  const known = entries[0]?.[0] === since;
  const after = known ? entries.slice(1) : entries;
  const events: Backlog['events'] = [];
  for (const [id, fields] of after.slice(0, max)) {
    const i = fields.indexOf('e');
    if (i < 0) continue;
    try {
      events.push({ id, event: JSON.parse(fields[i + 1]) as EngineEvent });
    } catch {
      // not ours
    }
  }
  return { events, gap: !known || after.length > max };
}
