// Nothing is lost when a process dies at any line or Redis loses its data:
// - the sweeper replays outboxes left behind by a worker that died after writing state;
// - reconcile() rebuilds every job the stored state implies (ready tokens, running service tasks,
//   reserved completions, pending timers) under their deterministic ids, so existing jobs are untouched
//   and missing ones come back; a timer whose due time passed while everything was down fires at once.
import type { Redis } from 'ioredis';
import type { Clock } from '../clock.js';
import type { EngineConfig } from '../config.js';
import type { Logger } from '../logger.js';
import type { InstanceState, StepJob } from '../runtime/types.js';
import type { Store } from '../store/types.js';
import type { OutboxExecutor } from './outbox.js';
import { timerJobId, type Queues } from './queues.js';
import {
  orderDueTimes,
  orderJobId,
  scheduleOrderTimers,
  type OrderTimer,
  type SupervisionDoc,
} from './orders.js';

export interface RecoveryDeps {
  store: Store;
  queues: Queues;
  outbox: OutboxExecutor;
  clock: Clock;
  log: Logger;
  config: Pick<EngineConfig, 'sweepAfterMs' | 'sweepEveryMs'>;
  /** a plain client on the queues' Redis (for the data-loss marker) */
  redis: Pick<Redis, 'set'>;
  /** whether this process already executed the outbox of that version */
  outboxExecuted?: (instanceId: string, version: number) => boolean;
}

const PAGE = 500;
/** failed step jobs are retried this often (in sweeper periods, at least every 30 s by default) */
const RESCUE_EVERY_MS = 30_000;

/** A key whose disappearance shows that Redis lost its data (restart without persistence, FLUSHALL...). */
export const redisMarkerKey = (prefix: string) => `${prefix}:engine:marker`;

export class Recovery {
  private timer?: NodeJS.Timeout;
  private running = false;
  private lastRescue = Date.now();

  constructor(private readonly d: RecoveryDeps) {}

  private get instances() {
    return this.d.store.collection<InstanceState>('instances');
  }

  /** Periodic maintenance: replay stale outboxes, notice a Redis that lost its data, rescue failed jobs. */
  startSweeper(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = true;
      this.maintain()
        .catch((err) => this.d.log.warn({ err: (err as Error).message }, 'recovery sweep failed'))
        .finally(() => (this.running = false));
    }, this.d.config.sweepEveryMs);
    this.timer.unref();
  }

  private async maintain(): Promise<void> {
    await this.sweepOutboxes();
    await this.checkRedisMarker();
    if (Date.now() - this.lastRescue >= Math.max(RESCUE_EVERY_MS, this.d.config.sweepEveryMs)) {
      this.lastRescue = Date.now();
      await this.rescueFailedJobs();
    }
  }

  /** Sets the marker; called when workers start (their reconcile covers whatever Redis held before). */
  async markRedis(): Promise<void> {
    await this.d.redis.set(redisMarkerKey(this.d.queues.target.prefix), String(Date.now()));
  }

  /**
   * When the marker is gone, Redis lost every job (delayed timers included) while the store kept the state:
   * rebuild them at once instead of waiting for a worker restart. Of several processes noticing, the
   * one that sets the marker again does the rebuild (reconcile is idempotent anyway). Returns whether it did.
   */
  async checkRedisMarker(): Promise<boolean> {
    const set = await this.d.redis.set(redisMarkerKey(this.d.queues.target.prefix), String(Date.now()), 'NX');
    if (set !== 'OK') return false;
    this.d.log.warn('Redis lost its data (engine marker key missing): rebuilding jobs from the store');
    await this.reconcile();
    await this.promoteDueTimers();
    return true;
  }

  /**
   * Step, timer and service jobs that failed for good although the worker tries to park them as incidents
   * failed because the store itself was unreachable: retry them (their next failure is their last attempt
   * again, so it records the incident once the store answers). Webhook deliveries are not retried forever.
   */
  async rescueFailedJobs(): Promise<number> {
    let n = 0;
    for (const q of [this.d.queues.steps, this.d.queues.timers, this.d.queues.services]) {
      for (const job of await q.getFailed(0, PAGE - 1)) {
        if (!job) continue;
        try {
          await job.retry('failed');
          n++;
        } catch {
          // removed or retried by another process meanwhile
        }
      }
    }
    if (n) this.d.log.warn({ jobs: n }, 'retrying failed jobs');
    return n;
  }

  stopSweeper(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Replays outboxes older than sweepAfterMs (their writer presumably died). Returns how many. */
  async sweepOutboxes(olderThanMs = this.d.config.sweepAfterMs): Promise<number> {
    const stale = await this.instances.find({ outboxAt: { $lt: Date.now() - olderThanMs } }, { limit: PAGE });
    for (const s of stale) {
      if (this.d.outboxExecuted?.(s._id, s.version)) {
        await this.d.outbox.clear(s); // this process ran it already: only the clearing write was deferred
        continue;
      }
      this.d.log.info({ instanceId: s._id, effects: s.outbox.length }, 'replaying outbox');
      await this.d.outbox.execute(s);
    }
    return stale.length;
  }

  /** Re-creates the jobs implied by the state of every active instance. Returns how many jobs were (re)added. */
  async reconcile(): Promise<number> {
    await this.sweepOutboxes(0);
    const now = this.d.clock.now();
    let added = 0;
    for (let skip = 0; ; skip += PAGE) {
      const page = await this.instances.find({ status: 'active' }, { sort: { _id: 1 }, skip, limit: PAGE });
      if (!page.length) break;
      const steps: StepJob[] = [];
      const timers: Array<{
        name: string;
        data: Record<string, unknown>;
        opts: { jobId: string; delay: number };
      }> = [];
      for (const s of page) {
        steps.push(...impliedJobs(s));
        for (const t of Object.values(s.timers)) {
          timers.push({
            name: 'timer',
            data: { instanceId: s._id, timerId: t.id, dueAt: t.dueAt },
            opts: { jobId: timerJobId(s._id, t.id), delay: Math.max(0, t.dueAt - now) },
          });
        }
      }
      if (steps.length) await this.d.queues.addSteps(steps, now);
      if (timers.length) await this.d.queues.timers.addBulk(timers);
      added += steps.length + timers.length;
    }
    added += await this.forOpenOrders(async (orders) => {
      for (const d of orders) await scheduleOrderTimers(this.d.queues, d, now);
      return orders.length;
    });
    if (added) this.d.log.info({ jobs: added }, 'reconciled jobs from stored state');
    return added;
  }

  /** Runs a due timer job now: a delayed one is promoted, a missing one added; a waiting/active one is left. */
  private async fireNow(jobId: string, name: string, data: Record<string, unknown>): Promise<void> {
    const job = await this.d.queues.timers.getJob(jobId);
    if (job && (await job.getState()) === 'delayed') await job.promote();
    else if (!job) await this.d.queues.timers.add(name, data, { jobId });
  }

  /** Runs `fn` on every page of open supervision orders whose deadline has not been noticed yet. */
  private async forOpenOrders(fn: (page: SupervisionDoc[]) => Promise<number>): Promise<number> {
    const col = this.d.store.collection<SupervisionDoc>('supervisions');
    let n = 0;
    for (let skip = 0; ; skip += PAGE) {
      const page = await col.find(
        { status: 'open', overdueAt: { $exists: false } },
        { sort: { _id: 1 }, skip, limit: PAGE },
      );
      if (!page.length) return n;
      n += await fn(page);
    }
  }

  /**
   * Fires every stored timer due by the engine clock: delayed jobs are promoted, missing ones re-added.
   * With the system clock BullMQ does this by itself; with a manual clock (tests) and after downtime it is explicit.
   */
  async promoteDueTimers(): Promise<number> {
    const now = this.d.clock.now();
    let fired = 0;
    for (let skip = 0; ; skip += PAGE) {
      const page = await this.instances.find({ status: 'active' }, { sort: { _id: 1 }, skip, limit: PAGE });
      if (!page.length) break;
      for (const s of page) {
        for (const t of Object.values(s.timers)) {
          if (t.dueAt > now) continue;
          await this.fireNow(timerJobId(s._id, t.id), 'timer', {
            instanceId: s._id,
            timerId: t.id,
            dueAt: t.dueAt,
          });
          fired++;
        }
      }
    }
    // the reminders and overdue notices of supervision orders due by now
    fired += await this.forOpenOrders(async (orders) => {
      let n = 0;
      for (const d of orders) {
        const due = orderDueTimes(d);
        for (const timer of Object.keys(due) as OrderTimer[]) {
          if (due[timer] > now || (timer === 'order-warn' ? d.warnedAt : d.overdueAt)) continue;
          await this.fireNow(orderJobId(d._id, timer), timer, {
            orderId: d._id,
            instanceId: d.instanceId,
            dueAt: due[timer],
          });
          n++;
        }
      }
      return n;
    });
    return fired;
  }
}

/** Jobs that must exist for an instance to make progress, derived from its state alone. */
export function impliedJobs(s: InstanceState): StepJob[] {
  const jobs: StepJob[] = [];
  for (const t of Object.values(s.tokens)) {
    if (t.status === 'ready')
      jobs.push({
        name: 'advance',
        jobId: `adv.${s._id}.${t.id}.rc`,
        data: { instanceId: s._id, tokenId: t.id },
      });
    if (t.status === 'waiting' && t.on === 'service') {
      jobs.push({
        name: 'service',
        jobId: `svc.${s._id}.${t.id}`,
        data: { instanceId: s._id, tokenId: t.id },
      });
    }
  }
  for (const task of Object.values(s.tasks)) {
    if (task.status === 'open' && task.completing) {
      jobs.push({
        name: 'complete',
        jobId: `cmp.${s._id}.${task.tokenId}`,
        data: { instanceId: s._id, taskId: task.id, data: task.completing.data, actor: task.completing.by },
      });
    }
  }
  return jobs;
}
