// Collects the timer jobs a worker holds into batches. The timers queue's worker takes up to `maxBatch`
// jobs at once (its BullMQ concurrency); each job's processor hands its job to the collector and waits for
// that job's own result. A batch is flushed when it is full or `lingerMs` after its first job, and run by
// one call (InstanceRunner.applyMany: one read of the due instances, the transitions, bounded parallel
// writes with the version check, one grouped outbox). Every job is still completed or failed on its own,
// so BullMQ's lock, retries and stalled-job recovery are per timer exactly as before.

export interface Batched<J, R> {
  job: J;
  resolve: (result: R) => void;
  reject: (err: unknown) => void;
}

/** Runs a batch; must settle every entry (resolve or reject each one). */
export type BatchHandler<J, R> = (batch: Array<Batched<J, R>>) => Promise<void>;

export class BatchCollector<J, R> {
  private pending: Array<Batched<J, R>> = [];
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly handler: BatchHandler<J, R>,
    private readonly maxBatch: number,
    private readonly lingerMs: number,
  ) {}

  /** Resolves with this job's result once its batch ran. */
  submit(job: J): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.pending.push({ job, resolve, reject });
      if (this.pending.length >= this.maxBatch) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.lingerMs);
    });
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.pending;
    this.pending = [];
    if (!batch.length) return;
    this.handler(batch).catch((err) => {
      for (const b of batch) b.reject(err); // a handler that threw: whatever it left open fails
    });
  }
}
