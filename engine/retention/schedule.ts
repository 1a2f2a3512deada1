// The daily history cleanup as a BullMQ job scheduler on the maintenance queue: every worker process
// upserts the same scheduler (one id, so one job per slot whatever the number of processes) and runs a
// worker for it; BullMQ hands each due job to one of them. The job only says "run now": what is due is
// decided by the engine clock inside the run, and a run that fails is retried, then left failed for the
// queue dashboard — the next day's run picks up whatever it left.
import { Worker, type Queue } from 'bullmq';
import type { Logger } from '../logger.js';
import { connectionOptions, type RedisTarget } from '../queue/queues.js';
import type { CleanupReport } from './cleanup.js';

export const CLEANUP_SCHEDULER_ID = 'history-cleanup';

export interface ScheduleDeps {
  queue: Queue;
  target: RedisTarget;
  /** cron pattern, read in `timezone` */
  cron: string;
  timezone: string;
  run: () => Promise<CleanupReport>;
  log: Logger;
}

export class CleanupSchedule {
  private worker?: Worker;

  constructor(private readonly d: ScheduleDeps) {}

  async start(): Promise<void> {
    if (this.worker) return;
    try {
      await this.d.queue.upsertJobScheduler(
        CLEANUP_SCHEDULER_ID,
        { pattern: this.d.cron, tz: this.d.timezone },
        {
          name: CLEANUP_SCHEDULER_ID,
          opts: { attempts: 3, backoff: { type: 'exponential', delay: 60_000 }, removeOnFail: { count: 30 } },
        },
      );
    } catch (err) {
      throw new Error(
        `HISTORY_CLEANUP_CRON "${this.d.cron}" is not a usable cron pattern: ${(err as Error).message}`,
        { cause: err },
      );
    }
    this.worker = new Worker(
      this.d.queue.name,
      async (job) => {
        if (job.name !== CLEANUP_SCHEDULER_ID) return undefined;
        const r = await this.d.run();
        return { cases: r.cases, batches: r.batches, removed: r.removed, deferred: r.deferred };
      },
      { connection: connectionOptions(this.d.target.url), prefix: this.d.target.prefix, concurrency: 1 },
    );
    this.worker.on('error', (err) => this.d.log.error({ err }, 'maintenance worker error'));
  }

  async close(): Promise<void> {
    await this.worker?.close();
    this.worker = undefined;
  }
}
