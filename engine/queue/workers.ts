// BullMQ workers: one processor per queue, each turning a job into one transition of one instance.
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import {
  advance,
  completeTask,
  deliverMessage,
  deliverSignal,
  externalTaskReported,
  fireTimer,
  jobFailed,
  serviceCompleted,
  serviceError,
  serviceFailed,
} from '../runtime/semantics.js';
import type { DefinitionRepository } from '../model/repository.js';
import type { ExternalOutcome, JobName } from '../runtime/types.js';
import type { Store } from '../store/types.js';
import { connectionOptions, type QueueName, type RedisTarget } from './queues.js';
import { InstanceNotFound, type InstanceRunner } from './runner.js';
import { forEachLimit } from './bounded.js';
import type { FlowNode } from '../model/types.js';
import { BpmnError } from '../runtime/bpmn-error.js';
import type { NotificationChannel } from './channels.js';
import { orderTimerFired, type OrderDeps } from './orders.js';
import { NotificationRecords, withItems } from './notifications.js';
import { variablesAt } from '../runtime/multi-instance.js';
import { BatchCollector, type Batched } from './timer-batch.js';
import { InstanceRepository } from '../cases/instance-repository.js';

export interface ServiceCall {
  instanceId: string;
  tokenId: string;
  nodeId: string;
  workerType: string;
  variables: Record<string, unknown>;
  /** stable across retries: give it to external systems to deduplicate */
  idempotencyKey: string;
  /** the compiled element (its grid: configuration, e.g. a business rule task's decision) */
  node?: FlowNode;
}

/**
 * A service worker: resolves with the variables it sets, throws to fail (retried, then an incident), or
 * throws a BpmnError(code) to raise a BPMN error that error boundary events route.
 */
export type ServiceHandler = (call: ServiceCall) => Promise<Record<string, unknown> | void>;
export { BpmnError } from '../runtime/bpmn-error.js';

export interface WorkerDeps {
  target: RedisTarget;
  runner: InstanceRunner;
  definitions: DefinitionRepository;
  store: Store;
  log: Logger;
  metrics?: Metrics;
  services: Map<string, ServiceHandler>;
  concurrency: number;
  /** parallel instance writes of one timer batch (and timer jobs held at once when batching is off) */
  timerConcurrency: number;
  /** timer jobs a worker holds and fires together (1: one at a time, as steps are) */
  timerBatch?: number;
  /** how long a batch waits for more due timers after its first one */
  timerBatchLingerMs?: number;
  /** lock of an active job and stalled-check period (EngineConfig.jobLockMs / stalledIntervalMs) */
  jobLockMs?: number;
  stalledIntervalMs?: number;
  channels: Map<string, NotificationChannel>;
  /** for the reply deadlines of supervision orders (督办单/交办单) */
  orders: OrderDeps;
  /** the jobs of call activities: create a called case, hand its end over, cancel it (engine/cases) */
  calls?: {
    call(parentId: string, tokenId: string, childId: string): Promise<{ changed: boolean }>;
    ended(parentId: string, tokenId: string, childId: string): Promise<{ changed: boolean }>;
    cancel(childId: string, parentId: string): Promise<{ changed: boolean }>;
  };
  /** delivers a reply to a reporter (engine/intake/replies.ts; `sms-reply` jobs on the notify queue) */
  smsReply?: (replyId: string) => Promise<unknown>;
}

export class EngineWorkers {
  private workers: Worker[] = [];
  private readonly timerBatches?: BatchCollector<Job, unknown>;

  constructor(private readonly d: WorkerDeps) {
    const size = d.timerBatch ?? 1;
    if (size > 1)
      this.timerBatches = new BatchCollector((b) => this.timerBatch(b), size, d.timerBatchLingerMs ?? 10);
  }

  start(): void {
    const connection = connectionOptions(this.d.target.url);
    const make = (name: QueueName, fn: (job: Job) => Promise<unknown>, concurrency: number) => {
      const w = new Worker(name, (job) => this.timed(job, fn), {
        connection,
        prefix: this.d.target.prefix,
        concurrency,
        // a crashed worker's active jobs return to the queue after the lock expires
        lockDuration: this.d.jobLockMs ?? 30000,
        stalledInterval: this.d.stalledIntervalMs ?? 15000,
        maxStalledCount: 10,
      });
      w.on('error', (err) => this.d.log.error({ err, queue: name }, 'worker error'));
      this.workers.push(w);
    };
    make('steps', (job) => this.step(job), this.d.concurrency);
    // batching: the worker holds up to a batch of due timer jobs at once and fires them together
    make(
      'timers',
      (job) => (this.timerBatches ? this.timerBatches.submit(job) : this.timer(job)),
      this.timerBatches ? Math.max(this.d.timerBatch ?? 1, this.d.timerConcurrency) : this.d.timerConcurrency,
    );
    make('services', (job) => this.service(job), Math.max(2, Math.floor(this.d.concurrency / 2)));
    make(
      'notify',
      (job) =>
        job.name === 'sms-reply' && this.d.smsReply
          ? this.d.smsReply(String(job.data.replyId))
          : this.deliver(job),
      4,
    );
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.close()));
    this.workers = [];
  }

  private async timed(job: Job, fn: (job: Job) => Promise<unknown>): Promise<unknown> {
    const started = process.hrtime.bigint();
    let result: unknown;
    try {
      result = await fn(job);
      return result;
    } catch (err) {
      if (err instanceof InstanceNotFound) throw new UnrecoverableError(err.message);
      // notification deliveries are retried and then kept failed; steps must not stall silently
      if (job.queueName === 'notify' || job.name.startsWith('order-')) throw err;
      if (job.attemptsMade + 1 < (job.opts.attempts ?? 1)) throw err;
      result = await this.parkAsIncident(job, err as Error);
      return result;
    } finally {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      this.d.metrics?.stepDuration.observe({ job: job.name }, ms / 1000);
      // one line per step: instance, element (token/timer/task), job id, duration
      this.d.log.info(
        {
          instanceId: job.data.instanceId,
          elementId: (result as { elementId?: string } | undefined)?.elementId,
          token: job.data.tokenId ?? job.data.timerId ?? job.data.taskId,
          jobId: job.id,
          job: job.name,
          ms: Math.round(ms * 100) / 100,
          changed: (result as { changed?: boolean } | undefined)?.changed,
        },
        'step',
      );
    }
  }

  /**
   * The last attempt of a step job failed: record an incident on the instance so the step is visible and
   * retryable instead of silently stuck. When even that write fails (the store is down), the job is left
   * failed in the queue and the recovery's rescue retries it later (Recovery.rescueFailedJobs).
   */
  private async parkAsIncident(job: Job, err: Error): Promise<unknown> {
    const message = `${job.name} job failed ${job.attemptsMade + 1} time(s): ${err.message}`;
    try {
      const out = await this.d.runner.apply(job.data.instanceId, 'system', (ctx, s) =>
        jobFailed(ctx, s, { name: job.name as JobName, data: job.data }, message),
      );
      this.d.log.warn(
        { instanceId: job.data.instanceId, jobId: job.id, err: err.message },
        'step job parked as incident',
      );
      if (out.changed) this.d.metrics?.incidents.inc();
      return { incident: out.changed };
    } catch (second) {
      this.d.log.error(
        {
          instanceId: job.data.instanceId,
          jobId: job.id,
          err: err.message,
          incidentErr: (second as Error).message,
        },
        'step job failed and its incident could not be recorded; the recovery will retry it',
      );
      throw err;
    }
  }

  private async step(job: Job): Promise<unknown> {
    const { instanceId } = job.data as { instanceId: string };
    // the BPMN element the step acts on, as the state the command ran on saw it (for the step log line)
    let elementId: string | undefined;
    switch (job.name) {
      case 'advance': {
        const out = await this.d.runner.apply(instanceId, 'system', (ctx, s) => {
          elementId = s.tokens[job.data.tokenId]?.nodeId;
          return advance(ctx, s, job.data.tokenId);
        });
        return { changed: out.changed, elementId };
      }
      case 'complete': {
        const out = await this.d.runner.apply(instanceId, job.data.actor, (ctx, s) => {
          elementId = s.tasks[job.data.taskId]?.nodeId;
          return completeTask(ctx, s, job.data.taskId, job.data.data ?? {});
        });
        return { changed: out.changed, elementId };
      }
      case 'message': {
        const out = await this.d.runner.apply(instanceId, job.data.actor ?? 'system', (ctx, s) => {
          elementId = s.subscriptions[job.data.subscriptionId]?.nodeId;
          return deliverMessage(ctx, s, job.data.subscriptionId, job.data.variables ?? {});
        });
        return { changed: out.changed, elementId };
      }
      case 'signal': {
        const ids = (job.data.subscriptionIds ?? []) as string[];
        const out = await this.d.runner.apply(instanceId, job.data.actor ?? 'system', (ctx, s) => {
          elementId = ids.map((id) => s.subscriptions[id]?.nodeId).find(Boolean);
          return deliverSignal(ctx, s, ids, job.data.variables ?? {}, String(job.data.signalId));
        });
        return { changed: out.changed, elementId };
      }
      case 'call':
      case 'called':
      case 'cancel-called': {
        const calls = this.d.calls;
        if (!calls) throw new UnrecoverableError(`no call activity handler for ${job.name}`);
        const d = job.data as { instanceId: string; tokenId: string; childId: string; parentId: string };
        if (job.name === 'call') return calls.call(d.instanceId, d.tokenId, d.childId);
        if (job.name === 'called') return calls.ended(d.instanceId, d.tokenId, d.childId);
        return calls.cancel(d.instanceId, d.parentId);
      }
      case 'external': {
        // an external worker's report (engine/queue/external-tasks.ts)
        const d = job.data as { tokenId: string; externalTaskId: string; outcome: ExternalOutcome };
        const out = await this.d.runner.apply(instanceId, job.data.actor ?? 'system', (ctx, s) => {
          elementId = s.tokens[d.tokenId]?.nodeId;
          return externalTaskReported(ctx, s, d.tokenId, d.externalTaskId, d.outcome);
        });
        return { changed: out.changed, elementId };
      }
      default:
        throw new UnrecoverableError(`unknown step job ${job.name}`);
    }
  }

  private async timer(job: Job): Promise<unknown> {
    if (job.name === 'order-warn' || job.name === 'order-due')
      return orderTimerFired(this.d.orders, job.data.orderId, job.name);
    let elementId: string | undefined;
    const out = await this.d.runner.apply(job.data.instanceId, 'timer', (ctx, s) => {
      elementId = s.timers[job.data.timerId]?.nodeId;
      return fireTimer(ctx, s, job.data.timerId);
    });
    return { ...((out.result as object | undefined) ?? { changed: out.changed }), elementId };
  }

  /**
   * Fires a batch of timer jobs: the instance timers through InstanceRunner.applyMany (one read, bounded
   * parallel writes, one grouped outbox), supervision-order deadlines alongside, at most timerConcurrency
   * at once. Each job gets its own result or error (retried and parked by `timed` like a single timer).
   */
  private async timerBatch(batch: Array<Batched<Job, unknown>>): Promise<void> {
    const orders = batch.filter((b) => b.job.name === 'order-warn' || b.job.name === 'order-due');
    const timers = batch.filter((b) => !orders.includes(b));
    const elementIds: Array<string | undefined> = [];
    const run = async () => {
      const outs = await this.d.runner.applyMany(
        timers.map((b, i) => ({
          instanceId: b.job.data.instanceId,
          actor: 'timer',
          command: (ctx, s) => {
            elementIds[i] = s.timers[b.job.data.timerId]?.nodeId;
            return fireTimer(ctx, s, b.job.data.timerId);
          },
        })),
        this.d.timerConcurrency,
      );
      outs.forEach((o, i) => {
        if (!o.ok) return timers[i].reject(o.error);
        const out = o.outcome;
        timers[i].resolve({
          ...((out.result as object | undefined) ?? { changed: out.changed }),
          elementId: elementIds[i],
        });
      });
    };
    await Promise.all([
      timers.length ? run() : Promise.resolve(),
      forEachLimit(orders, this.d.timerConcurrency, async (b) => {
        try {
          b.resolve(await this.timer(b.job));
        } catch (err) {
          b.reject(err);
        }
      }),
    ]);
  }

  private async service(job: Job): Promise<unknown> {
    const { instanceId, tokenId } = job.data as { instanceId: string; tokenId: string };
    const instance = await new InstanceRepository(this.d.store).get(instanceId);
    const token = instance?.tokens?.[tokenId];
    if (!instance || !token || token.status !== 'waiting' || token.on !== 'service')
      return { changed: false }; // stale
    const def = await this.d.definitions.compiled(instance.definitionKey, instance.definitionVersion);
    // an external service task is worked by an external task worker over HTTP (external-tasks.ts), never here
    if (token.external || def.nodes[token.nodeId]?.external) return { changed: false };
    const workerType = def.nodes[token.nodeId]?.workerType ?? 'noop';
    const handler = this.d.services.get(workerType);
    const attempts = job.opts.attempts ?? 1;
    let output: Record<string, unknown> | void;
    try {
      if (!handler) throw new Error(`no service handler registered for worker type "${workerType}"`);
      output = await handler({
        instanceId,
        tokenId,
        nodeId: token.nodeId,
        workerType,
        // an instance of a multi-instance service task sees its element variable, loopCounter …
        variables: variablesAt(instance, token.scopeId),
        idempotencyKey: `${instanceId}.${tokenId}`,
        node: def.nodes[token.nodeId],
      });
    } catch (err) {
      const message = (err as Error).message;
      if (err instanceof BpmnError) {
        // a business outcome ("not our department"): routed by error boundary events, never retried
        const { code, variables } = err;
        await this.d.runner.apply(instanceId, 'system', (ctx, s) =>
          serviceError(ctx, s, tokenId, code, message, variables),
        );
        return { error: code, elementId: token.nodeId };
      }
      if (job.attemptsMade + 1 < attempts) throw err; // BullMQ retries with backoff
      this.d.metrics?.incidents.inc();
      this.d.log.warn(
        { instanceId, tokenId, workerType, err: message },
        'service task failed, raising incident',
      );
      await this.d.runner.apply(instanceId, 'system', (ctx, s) => serviceFailed(ctx, s, tokenId, message));
      return { incident: true, elementId: token.nodeId };
    }
    const out = await this.d.runner.apply(instanceId, 'system', (ctx, s) =>
      serviceCompleted(ctx, s, tokenId, output ?? {}),
    );
    return { changed: out.changed, elementId: token.nodeId };
  }

  /** Delivers a (possibly batched) notification to one channel; BullMQ retries with backoff on failure. */
  private async deliver(job: Job): Promise<unknown> {
    // jobs enqueued before channels existed were webhook deliveries
    const channel = this.d.channels.get(job.data.channel ?? 'webhook');
    if (!channel) return { skipped: true };
    const n = await new NotificationRecords(this.d.store).get(job.data.notificationId);
    if (!n) return { skipped: true };
    await channel.deliver(await withItems(this.d.store, n, 1000), n._id);
    return { delivered: channel.name };
  }
}
