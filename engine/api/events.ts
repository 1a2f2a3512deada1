// Live events (Server-Sent Events). One ioredis subscriber per process and Redis URL listens to the engine
// events channel(s) — it exists only while at least one browser is connected — and fans each event out in
// memory to the connected users allowed to see it (access.canSeeEvent). Event ids are those of the
// deployment's event log (queue/eventlog.ts): a reconnecting client gets what it missed. A session notice
// (sessions channel) makes the streams of that user re-check their token at once and end if it failed.
import { Router, type Request, type Response } from 'express';
import { Redis } from 'ioredis';
import type { Logger } from '../logger.js';
import {
  compareIds,
  eventsChannel,
  eventsSince,
  isEventId,
  parseEventMessage,
  sessionsChannel,
} from '../queue/eventlog.js';
import type { EngineEvent } from '../queue/outbox.js';
import { canSeeEvent, lostByEscalation, type Principal } from './access.js';
import { op, type ApiContext } from './context.js';

/** A message of a subscribed channel; an events-channel message is parsed once, on first use. */
export class ChannelMessage {
  private parsed?: ReturnType<typeof parseEventMessage> | null;
  constructor(readonly raw: string) {}
  get event(): { id?: string; event: EngineEvent } | undefined {
    if (this.parsed === undefined) this.parsed = parseEventMessage(this.raw) ?? null;
    return this.parsed ?? undefined;
  }
}

type Listener = (m: ChannelMessage) => void;

/** Shared subscriber: channel → listeners, one Redis connection in subscriber mode. */
export class EventSubscriber {
  private redis?: Redis;
  private readonly channels = new Map<string, Set<Listener>>();
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly url: string,
    private readonly log?: Logger,
  ) {}

  get listenerCount(): number {
    let n = 0;
    for (const s of this.channels.values()) n += s.size;
    return n;
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.chain.then(fn, fn);
    this.chain = next.catch(() => undefined);
    return next;
  }

  private connection(): Redis {
    if (this.redis) return this.redis;
    const r = new Redis(this.url, { maxRetriesPerRequest: null, lazyConnect: false });
    r.on('error', (err) => this.log?.warn({ err: err.message }, 'event subscriber error'));
    r.on('message', (channel: string, message: string) => {
      const set = this.channels.get(channel);
      if (!set?.size) return;
      const m = new ChannelMessage(message);
      for (const fn of [...set]) {
        try {
          fn(m);
        } catch (err) {
          this.log?.warn({ err }, 'event listener failed');
        }
      }
    });
    this.redis = r;
    return r;
  }

  add(channel: string, fn: Listener): Promise<void> {
    return this.serial(async () => {
      let set = this.channels.get(channel);
      if (!set) {
        set = new Set();
        this.channels.set(channel, set);
        set.add(fn);
        await this.connection().subscribe(channel);
      } else {
        set.add(fn);
      }
    });
  }

  remove(channel: string, fn: Listener): Promise<void> {
    return this.serial(async () => {
      const set = this.channels.get(channel);
      if (!set) return;
      set.delete(fn);
      if (set.size) return;
      this.channels.delete(channel);
      const r = this.redis;
      if (!r) return;
      if (this.channels.size) {
        await r.unsubscribe(channel).catch(() => undefined);
      } else {
        this.redis = undefined;
        r.disconnect();
      }
    });
  }
}

const subscribers = new Map<string, EventSubscriber>();

export function sharedSubscriber(url: string, log?: Logger): EventSubscriber {
  let s = subscribers.get(url);
  if (!s) {
    s = new EventSubscriber(url, log);
    subscribers.set(url, s);
  }
  return s;
}

/**
 * The task event a former candidate gets when an escalation moves the task out of their unit: just enough
 * for an inbox to drop it (it is no longer theirs to see), nothing about where it went beyond the unit.
 */
function departedTask(e: EngineEvent): Record<string, unknown> {
  const x = e.payload;
  return {
    id: x.taskId,
    instanceId: x.instanceId,
    name: x.taskName,
    status: 'open',
    slaState: 'escalated',
    unit: x.toUnit,
    level: x.toLevel,
    fromUnit: x.fromUnit,
    left: true,
  };
}

export interface EventsOptions {
  heartbeatMs: number;
  /** most logged events replayed to a reconnecting client (beyond that it is told to reload) */
  replayMax?: number;
}

/** The id a reconnecting client last saw: the Last-Event-ID header (EventSource sets it), or ?lastEventId=. */
function lastEventIdOf(req: Request): string | undefined {
  const h = req.headers['last-event-id'];
  const q = (req.query as Record<string, unknown>).lastEventId;
  const v = typeof h === 'string' && h ? h : q;
  return isEventId(v) ? v : undefined;
}

export function eventRoutes(ctx: ApiContext, opts: EventsOptions): Router {
  const r = Router();
  const { engine } = ctx;
  const prefix = engine.config.queuePrefix;
  const channel = eventsChannel(prefix);
  const sessions = sessionsChannel(prefix);
  const subscriber = sharedSubscriber(engine.config.redisUrl, ctx.log);
  const replayMax = opts.replayMax ?? 1000;

  op(
    r,
    ctx,
    {
      method: 'get',
      path: '/events',
      summary:
        'Server-Sent Events: `task`, `escalation`, `notification` (and `instance`) events the caller may see; ' +
        'token in the Authorization header or ?token= (EventSource cannot set headers); heartbeat comment every 15 s. ' +
        'Event ids are stable: reconnecting with `Last-Event-ID` (or ?lastEventId=) replays what was missed, ' +
        'or sends `reset` when that is no longer known (reload). `end` when the session ends.',
      tag: 'events',
      query: 'EventsQuery',
      tokenInQuery: true,
      produces: 'text/event-stream',
    },
    async ({ req, res, user }) => stream(req, res, user),
  );

  async function stream(req: Request, res: Response, initial: Principal): Promise<void> {
    let p = initial;
    let closed = false;
    const token = res.locals.token as string;
    const since = lastEventIdOf(req);
    res.status(200);
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    res.setHeader('Cache-Control', 'no-store, no-transform');
    res.setHeader('Connection', 'keep-alive');
    res.setHeader('X-Accel-Buffering', 'no');
    res.flushHeaders();
    req.socket.setTimeout(0);
    req.socket.setNoDelay(true);
    const write = (chunk: string) => {
      if (!closed) res.write(chunk);
    };
    write('retry: 5000\n: connected\n\n');
    // the highest id sent (or known to the client): the backlog and the live feed overlap, never twice
    let last = since;
    const deliver = (id: string | undefined, e: EngineEvent) => {
      if (id) {
        if (last && compareIds(id, last) <= 0) return;
        last = id;
      }
      const head = id ? `id: ${id}\n` : '';
      if (canSeeEvent(p, e)) write(`${head}event: ${e.type}\ndata: ${JSON.stringify(e.payload)}\n\n`);
      else if (lostByEscalation(p, e))
        write(`${head}event: task\ndata: ${JSON.stringify(departedTask(e))}\n\n`);
    };
    // live events wait while the backlog is sent and while the session is re-checked
    let holds = 1;
    const pending: Array<{ id?: string; event: EngineEvent }> = [];
    const release = () => {
      holds -= 1;
      if (holds) return;
      for (const m of pending.splice(0)) deliver(m.id, m.event);
    };
    const listener: Listener = (m) => {
      const x = m.event;
      if (!x) return;
      if (holds) pending.push(x);
      else deliver(x.id, x.event);
    };
    const end = () => {
      write('event: end\ndata: {"reason":"session ended","code":"session-ended"}\n\n');
      finish();
    };
    // roles may change and accounts may be disabled while connected: re-check on every beat, and at once
    // when any API process announces that sessions of this user ended
    const recheck = () =>
      ctx.auth.principal(token).then((x) => {
        p = x.principal;
      }, end);
    const onSessionNotice: Listener = (m) => {
      if (m.raw !== p.username || closed) return;
      holds += 1;
      void recheck().finally(release);
    };
    const finish = () => {
      if (closed) return;
      closed = true;
      clearInterval(heartbeat);
      void subscriber.remove(channel, listener);
      void subscriber.remove(sessions, onSessionNotice);
      res.end();
    };
    const heartbeat = setInterval(() => {
      write(': ping\n\n');
      void recheck();
    }, opts.heartbeatMs);
    heartbeat.unref();
    req.on('close', finish);
    res.on('error', finish);
    await subscriber.add(sessions, onSessionNotice);
    await subscriber.add(channel, listener);
    if (closed) {
      await subscriber.remove(channel, listener);
      await subscriber.remove(sessions, onSessionNotice);
      return;
    }
    if (since) {
      try {
        const backlog = await eventsSince(ctx.redis(), prefix, since, replayMax);
        if (backlog.gap) write('event: reset\ndata: {"reason":"missed-events","code":"events-missed"}\n\n');
        for (const x of backlog.events) deliver(x.id, x.event);
      } catch (err) {
        ctx.log.warn({ err }, 'event replay failed');
        write('event: reset\ndata: {"reason":"missed-events","code":"events-missed"}\n\n');
      }
    }
    write(`event: ready\ndata: ${JSON.stringify({ user: p.username })}\n\n`);
    release();
  }

  return r;
}
