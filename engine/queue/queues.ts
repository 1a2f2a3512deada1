// The BullMQ queues of the engine. Step jobs, SLA/BPMN timers, service-task calls and notification
// deliveries live on separate queues so a burst of one (e.g. 10,000 escalations due at once) cannot
// starve the others: each has its own worker and concurrency.
import { Queue, type JobsOptions } from 'bullmq';
import type { StepJob } from '../runtime/types.js';

// maintenance: the engine's own scheduled chores (the daily history cleanup, engine/retention/schedule.ts)
// starts: the occurrences of timer start events (engine/starts/timer-starts.ts)
export const QUEUE_NAMES = ['steps', 'timers', 'services', 'notify', 'maintenance', 'starts'] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

export interface RedisTarget {
  url: string;
  prefix: string;
}

export function connectionOptions(url: string) {
  // null retries: BullMQ workers must wait through Redis outages instead of failing commands
  return { url, maxRetriesPerRequest: null, enableOfflineQueue: true };
}

/** Defaults: finished jobs are dropped (state lives in the store), failures kept for inspection. */
export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  removeOnComplete: true,
  removeOnFail: { count: 5000 },
  attempts: 8,
  backoff: { type: 'exponential', delay: 200 },
};

/** How often a failing step or timer job is tried, and the first backoff delay (doubling each time). */
export interface RetryPolicy {
  attempts: number;
  backoffMs: number;
}

export class Queues {
  readonly byName: Record<QueueName, Queue>;

  constructor(
    readonly target: RedisTarget,
    retry?: RetryPolicy,
  ) {
    const connection = connectionOptions(target.url);
    const defaultJobOptions: JobsOptions = retry
      ? {
          ...DEFAULT_JOB_OPTIONS,
          attempts: retry.attempts,
          backoff: { type: 'exponential', delay: retry.backoffMs },
        }
      : DEFAULT_JOB_OPTIONS;
    this.byName = Object.fromEntries(
      QUEUE_NAMES.map((n) => [n, new Queue(n, { connection, prefix: target.prefix, defaultJobOptions })]),
    ) as Record<QueueName, Queue>;
  }

  get steps(): Queue {
    return this.byName.steps;
  }
  get timers(): Queue {
    return this.byName.timers;
  }
  get services(): Queue {
    return this.byName.services;
  }
  get notify(): Queue {
    return this.byName.notify;
  }
  get maintenance(): Queue {
    return this.byName.maintenance;
  }
  get starts(): Queue {
    return this.byName.starts;
  }

  queueFor(job: StepJob): Queue {
    if (job.name === 'service') return this.services;
    return job.name === 'timer' ? this.timers : this.steps;
  }

  /** Adds step jobs; deterministic job ids make a re-add of a pending job a no-op. */
  async addSteps(jobs: StepJob[], now: number): Promise<void> {
    const groups = new Map<Queue, StepJob[]>();
    for (const j of jobs) {
      const q = this.queueFor(j);
      groups.set(q, [...(groups.get(q) ?? []), j]);
    }
    for (const [q, list] of groups) {
      await q.addBulk(
        list.map((j) => ({
          name: j.name,
          data: j.data,
          opts: {
            jobId: j.jobId,
            ...(j.delayUntil && j.delayUntil > now ? { delay: j.delayUntil - now } : {}),
            ...(j.name === 'service'
              ? { attempts: Number(j.data.retries ?? 3), backoff: { type: 'exponential', delay: 500 } }
              : {}),
          },
        })),
      );
    }
  }

  async depths(): Promise<Record<QueueName, Record<string, number>>> {
    const out = {} as Record<QueueName, Record<string, number>>;
    for (const n of QUEUE_NAMES)
      out[n] = await this.byName[n].getJobCounts('waiting', 'active', 'delayed', 'failed');
    return out;
  }

  async close(): Promise<void> {
    await Promise.all(QUEUE_NAMES.map((n) => this.byName[n].close()));
  }

  /** Test helper: removes every key of every queue. */
  async obliterate(): Promise<void> {
    for (const n of QUEUE_NAMES) await this.byName[n].obliterate({ force: true });
  }
}

export const timerJobId = (instanceId: string, timerId: string) => `tmr.${instanceId}.${timerId}`;
