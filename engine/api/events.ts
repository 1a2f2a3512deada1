// Live events (Server-Sent Events). One ioredis subscriber per process and Redis URL listens to the engine
// events channel(s) — it exists only while at least one browser is connected — and fans each event out in
// memory to the connected users allowed to see it (access.canSeeEvent).
import { Router, type Request, type Response } from 'express';
import { Redis } from 'ioredis';
import type { Logger } from '../logger.js';
import { eventsChannel, type EngineEvent } from '../queue/outbox.js';
import { canSeeEvent, lostByEscalation, type Principal } from './access.js';
import { op, type ApiContext } from './context.js';

type Listener = (e: EngineEvent) => void;

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
      let e: EngineEvent;
      try {
        e = JSON.parse(message) as EngineEvent;
      } catch {
        return;
      }
      for (const fn of [...set]) {
        try {
          fn(e);
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
}

export function eventRoutes(ctx: ApiContext, opts: EventsOptions): Router {
  const r = Router();
  const { engine } = ctx;
  const channel = eventsChannel(engine.config.queuePrefix);
  const subscriber = sharedSubscriber(engine.config.redisUrl, ctx.log);

  op(
    r,
    ctx,
    {
      method: 'get',
      path: '/events',
      summary:
        'Server-Sent Events: `task`, `escalation`, `notification` (and `instance`) events the caller may see; ' +
        'token in the Authorization header or ?token= (EventSource cannot set headers); heartbeat comment every 15 s',
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
    res.status(200);
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    res.setHeader('Cache-Control', 'no-cache, no-transform');
    res.setHeader('Connection', 'keep-alive');
    res.setHeader('X-Accel-Buffering', 'no');
    res.flushHeaders();
    req.socket.setTimeout(0);
    req.socket.setNoDelay(true);
    const write = (chunk: string) => {
      if (!closed) res.write(chunk);
    };
    write('retry: 5000\n: connected\n\n');
    let seq = 0;
    const send = (type: string, payload: unknown) => {
      seq += 1;
      write(`id: ${seq}\nevent: ${type}\ndata: ${JSON.stringify(payload)}\n\n`);
    };
    const listener: Listener = (e) => {
      if (canSeeEvent(p, e)) send(e.type, e.payload);
      else if (lostByEscalation(p, e)) send('task', departedTask(e));
    };
    const finish = () => {
      if (closed) return;
      closed = true;
      clearInterval(heartbeat);
      void subscriber.remove(channel, listener);
      res.end();
    };
    const heartbeat = setInterval(() => {
      write(': ping\n\n');
      // roles may change and accounts may be disabled while connected: re-check on every beat
      ctx.auth.principal(token).then(
        (x) => {
          p = x.principal;
        },
        () => {
          write('event: end\ndata: {"reason":"session ended"}\n\n');
          finish();
        },
      );
    }, opts.heartbeatMs);
    heartbeat.unref();
    req.on('close', finish);
    res.on('error', finish);
    await subscriber.add(channel, listener);
    if (closed) {
      await subscriber.remove(channel, listener);
      return;
    }
    write(`event: ready\ndata: ${JSON.stringify({ user: p.username })}\n\n`);
  }

  return r;
}
