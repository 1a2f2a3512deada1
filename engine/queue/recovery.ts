// Nothing is lost when a process dies at any line or Redis loses its data:
// - the sweeper replays outboxes left behind by a worker that died after writing state;
// - reconcile() rebuilds every job the stored state implies (ready tokens, running service tasks,
//   reserved completions, pending timers) under their deterministic ids, so existing jobs are untouched
//   and missing ones come back; a timer whose due time passed while everything was down fires at once.
// Recovery never takes a process down: every action tolerates every job state (a job moves between
// delayed, waiting, active, completed and gone while we look at it), and an action that fails anyway
// (Redis or the store briefly unreachable) is logged and retried by the sweeper.
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
import { InstanceRepository } from '../cases/instance-repository.js';
import { OrderRecords } from '../supervision/order-records.js';

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
  /** further upkeep each sweep (the statistics buckets left stale by contention) */
  upkeep?: () => Promise<unknown>;
  /** jobs kept outside the cases: the schedules of timer start events (engine/starts/timer-starts.ts) */
  schedules?: { rearm(): Promise<number>; promoteDue(): Promise<number> };
}

// small pages: each is read and parsed in one go on the event loop (the embedded store is synchronous), and the
// start-up rebuild runs beside live requests
const PAGE = 100;

/**
 * A turn of the event loop between pages. On the embedded store a page's read resolves without any I/O, so a
 * loop of pages that awaits nothing else (due timers when none is due) held the event loop for all of them:
 * 10k open cases, 2.4 s right after start-up.
 */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
/** a recovery action that failed is retried by the sweeper (see Recovery.pending) */
type RecoveryAction = 'mark' | 'reconcile' | 'promote';
/** What fireNow did with one due timer job. */
export type FireOutcome = 'promoted' | 'added' | 'left';
/** reasons a failed job can never succeed with: retrying it would only fail and log again */
const HOPELESS_REASON = /^(instance \S+ not found|unknown step job )/;
/** failed step jobs are retried this often (in sweeper periods, at least every 30 s by default) */
const RESCUE_EVERY_MS = 30_000;

/** A key whose disappearance shows that Redis lost its data (restart without persistence, FLUSHALL...). */
export const redisMarkerKey = (prefix: string) => `${prefix}:engine:marker`;

export class Recovery {
  private timer?: NodeJS.Timeout;
  private running = false;
  private lastRescue = Date.now();
  /** recovery actions that failed and are retried on the next sweep */
  private readonly pending = new Set<RecoveryAction>();
  /**
   * Called when Redis lost its data, before the rebuild: the entry points write their deployment marker again
   * here (engine/startup/deployment.ts), which went with the rest of the keys.
   */
  onRedisDataLost?: () => Promise<void>;

  constructor(private readonly d: RecoveryDeps) {}

  private get instances() {
    return new InstanceRepository(this.d.store);
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

  /**
   * Start-up recovery (workers starting): set the Redis marker, rebuild the jobs the stored state implies,
   * fire the timers that fell due meanwhile. Never throws: a failed action is logged and left to the sweeper,
   * which retries it every sweep until it succeeds, so a transient error cannot crash start-up.
   */
  async recoverAtStart(): Promise<void> {
    await this.attempt('mark', () => this.markRedis());
    await this.attempt('reconcile', () => this.reconcile());
    // timers that fell due while no worker ran fire now (their lateness is recorded)
    await this.attempt('promote', () => this.promoteDueTimers());
  }

  /** Recovery actions still to be retried (a failed one stays here until a run succeeds). */
  pendingActions(): RecoveryAction[] {
    return [...this.pending];
  }

  private async attempt(action: RecoveryAction, run: () => Promise<unknown>): Promise<boolean> {
    try {
      await run();
      this.pending.delete(action);
      return true;
    } catch (err) {
      this.pending.add(action);
      this.d.log.error(
        { action, err: (err as Error).message },
        'recovery action failed; the sweeper retries it',
      );
      return false;
    }
  }

  /** Retries the recovery actions that failed, in their order (marker, rebuild, due timers). */
  private async retryPending(): Promise<void> {
    if (this.pending.has('mark')) await this.attempt('mark', () => this.markRedis());
    if (this.pending.has('reconcile')) await this.attempt('reconcile', () => this.reconcile());
    if (this.pending.has('promote')) await this.attempt('promote', () => this.promoteDueTimers());
  }

  private async maintain(): Promise<void> {
    await this.retryPending();
    await this.sweepOutboxes();
    await this.checkRedisMarker();
    await this.d.upkeep?.();
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
    await this.onRedisDataLost?.().catch((err) =>
      this.d.log.error({ err: (err as Error).message }, 'could not mark Redis as this deployment’s again'),
    );
    // the marker is set already: a rebuild that fails here must be retried by the sweeper, not forgotten
    await this.attempt('reconcile', () => this.reconcile());
    await this.attempt('promote', () => this.promoteDueTimers());
    return true;
  }

  /**
   * Step, timer and service jobs that failed for good although the worker tries to park them as incidents
   * failed because the store itself was unreachable: retry them (their next failure is their last attempt
   * again, so it records the incident once the store answers). Webhook deliveries are not retried forever.
   * A job that can never succeed (its instance does not exist: the worker failed it with UnrecoverableError)
   * is removed with one warning instead of being retried and logged every 30 s forever.
   */
  async rescueFailedJobs(): Promise<number> {
    let n = 0;
    // (the starts queue too: a timer start's occurrence that failed while the store was down would otherwise
    // hold its schedule at that occurrence for good)
    for (const q of [
      this.d.queues.steps,
      this.d.queues.timers,
      this.d.queues.services,
      this.d.queues.starts,
    ]) {
      for (const job of await q.getFailed(0, PAGE - 1)) {
        if (!job) continue;
        const hopeless = await this.hopeless(job);
        if (hopeless) {
          this.d.log.warn(
            { jobId: job.id, job: job.name, reason: hopeless },
            'dropping a failed job that can never succeed',
          );
          await job.remove().catch(() => {}); // removed by another process meanwhile: as good
          continue;
        }
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

  /** Why a failed job can never succeed, or undefined when a retry may help (e.g. the store was down). */
  private async hopeless(job: {
    failedReason?: string;
    data?: { instanceId?: unknown };
  }): Promise<string | undefined> {
    const reason = job.failedReason ?? '';
    if (HOPELESS_REASON.test(reason)) return reason;
    const id = job.data?.instanceId;
    if (typeof id !== 'string') return undefined;
    try {
      // state is written before its jobs are queued, so a job's instance that is not stored never will be
      if (!(await this.instances.get(id))) return `instance ${id} does not exist`;
    } catch {
      // the store does not answer: that is what the retry is for
    }
    return undefined;
  }

  stopSweeper(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Replays outboxes older than sweepAfterMs (their writer presumably died). Returns how many. */
  async sweepOutboxes(olderThanMs = this.d.config.sweepAfterMs): Promise<number> {
    const stale = await this.instances.withOutboxBefore(Date.now() - olderThanMs, PAGE);
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
    // by _id after the last one seen, not by skip: each page is one index range, however many came before
    for (let after = ''; ;) {
      const page = await this.instances.activeAfter(after, PAGE);
      if (!page.length) break;
      after = page[page.length - 1]._id;
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
      await nextTurn();
    }
    added += await this.forOpenOrders(async (orders) => {
      for (const d of orders) await scheduleOrderTimers(this.d.queues, d, now);
      return orders.length;
    });
    added += (await this.d.schedules?.rearm()) ?? 0;
    if (added) this.d.log.info({ jobs: added }, 'reconciled jobs from stored state');
    return added;
  }

  /**
   * Runs a due timer job now, whatever state it is in: a delayed one is promoted, a missing one added, one
   * that is waiting, active, completed or failed is left (it runs, ran, or is the rescue's and incidents'
   * business; a timer firing twice is a no-op anyway, its timer being gone from the state). The job can change
   * state between our calls: a worker takes a due delayed job to active in the same millisecond and BullMQ
   * then refuses `promote` ("is not in the delayed state"), or it completes and is removed. So a refused or
   * stale step reads the state again; only a job that stays delayed and still refuses is an error.
   */
  async fireNow(
    jobId: string,
    name: string,
    data: Record<string, unknown>,
    q = this.d.queues.timers,
  ): Promise<FireOutcome> {
    let lastError: unknown;
    for (let round = 0; round < 3; round++) {
      const job = await q.getJob(jobId);
      if (!job) {
        await q.add(name, data, { jobId }); // a job added meanwhile under this id makes this a no-op
        return 'added';
      }
      const state = await job.getState();
      if (state === 'unknown') continue; // removed between the two reads: look again
      if (state !== 'delayed') return 'left';
      try {
        await job.promote();
        return 'promoted';
      } catch (err) {
        lastError = err; // most likely no longer delayed: the next round sees its new state
      }
    }
    throw lastError ?? new Error(`timer job ${jobId} kept changing state`);
  }

  /** Runs `fn` on every page of open supervision orders whose deadline has not been noticed yet. */
  private async forOpenOrders(fn: (page: SupervisionDoc[]) => Promise<number>): Promise<number> {
    const orders = new OrderRecords(this.d.store);
    let n = 0;
    for (let skip = 0; ; skip += PAGE) {
      const page = await orders.openUnnoticed(skip, PAGE);
      if (!page.length) return n;
      n += await fn(page);
      await nextTurn();
    }
  }

  /**
   * Fires every stored timer due by the engine clock: delayed jobs are promoted, missing ones re-added.
   * With the system clock BullMQ does this by itself; with a manual clock (tests) and after downtime it is explicit.
   * A timer that cannot be fired now is logged and skipped; the others still fire, and the method then throws
   * so that the caller's retry (the sweeper's pending actions) runs it again. Returns how many were fired.
   */
  async promoteDueTimers(): Promise<number> {
    const now = this.d.clock.now();
    let fired = 0;
    let failed = 0;
    const fire = async (jobId: string, name: string, data: Record<string, unknown>) => {
      try {
        await this.fireNow(jobId, name, data);
        fired++;
      } catch (err) {
        failed++;
        this.d.log.warn({ jobId, err: (err as Error).message }, 'could not fire a due timer; retrying later');
      }
    };
    // by _id after the last one seen, not by skip: each page is one index range, however many came before
    for (let after = ''; ;) {
      // the timers alone: a case's whole document (its variables, tasks, form data) is ~25 KB to parse
      const page = await this.instances.activeAfter(after, PAGE, ['timers']);
      if (!page.length) break;
      after = page[page.length - 1]._id;
      for (const s of page) {
        for (const t of Object.values(s.timers ?? {})) {
          if (t.dueAt > now) continue;
          await fire(timerJobId(s._id, t.id), 'timer', { instanceId: s._id, timerId: t.id, dueAt: t.dueAt });
        }
      }
      await nextTurn();
    }
    // the reminders and overdue notices of supervision orders due by now
    await this.forOpenOrders(async (orders) => {
      for (const d of orders) {
        const due = orderDueTimes(d);
        for (const timer of Object.keys(due) as OrderTimer[]) {
          if (due[timer] > now || (timer === 'order-warn' ? d.warnedAt : d.overdueAt)) continue;
          await fire(orderJobId(d._id, timer), timer, {
            orderId: d._id,
            instanceId: d.instanceId,
            dueAt: due[timer],
          });
        }
      }
      return orders.length;
    });
    // the occurrences of timer start events due by now
    if (this.d.schedules) fired += await this.d.schedules.promoteDue();
    if (failed) throw new Error(`${failed} due timer(s) could not be fired`);
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
    // a call activity's child may not exist yet: the call job creates it, or finds it there
    if (t.status === 'waiting' && t.on === 'call' && t.child)
      jobs.push({
        name: 'call',
        jobId: `call.${t.child}`,
        data: { instanceId: s._id, tokenId: t.id, childId: t.child },
      });
    // a token at an external service task waits on its external task record, not on a service job
    if (t.status === 'waiting' && t.on === 'service' && !t.external) {
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
