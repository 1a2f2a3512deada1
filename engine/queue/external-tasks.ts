// External tasks (Camunda's external task pattern): a service task with grid:type="external" waits on a
// record of this collection, created by the case's outbox. Systems outside the engine — signed in as
// service accounts with the role `external-worker` and the topics they may fetch (`externalTopics` on the
// user) — fetch and lock tasks of their topics, then complete them, report a failure (retries, then an
// incident on the case) or raise a BPMN error. Every report is a compare-and-set on the record (only the
// lock holder, only once) followed by an 'external' step job with a deterministic id, so the case goes on
// exactly once through the normal step path (externalTaskReported); a repeated report by the same worker
// re-adds the same job (a no-op) and answers as the first did.
//
// Locks expire on the engine's clock: `fetchableAt` is when an open task may be locked next (its creation,
// its lock's expiry, the end of a failure's retry timeout), so fetching is one indexed range read of
// (topic, status, fetchableAt) and locking a compare-and-set on the fetchableAt read.
import { CommandError } from '../runtime/transition.js';
import type { ExternalOutcome, ExternalTaskSpec, InstanceState } from '../runtime/types.js';
import { unstorableKeys } from '../runtime/variables.js';
import type { Store } from '../store/types.js';
import type { Queues } from './queues.js';
import { InstanceRepository } from '../cases/instance-repository.js';

export const EXTERNAL_WORKER_ROLE = 'external-worker';
/** the longest a fetch may wait for tasks (long polling) */
export const MAX_ASYNC_RESPONSE_MS = 30_000;
/** how often a long poll looks again */
const POLL_EVERY_MS = 250;
/** reads of a topic one fetch makes when other workers took what it read */
const LOCK_ROUNDS = 5;

export interface ExternalTaskDoc extends ExternalTaskSpec {
  _id: string;
  instanceId: string;
  definitionKey: string;
  gridUnit: string;
  /** the case's unit and its ancestors: a worker gets the tasks of cases under the units of its role */
  unitPath: string[];
  /** open: fetchable or locked; done: completed or a BPMN error reported; failed: no retries left */
  status: 'open' | 'done' | 'failed';
  /** when an open task may be locked next (see the header) */
  fetchableAt: number;
  workerId?: string;
  /** the service account holding the lock */
  lockedBy?: string;
  lockExpiresAt?: number;
  errorMessage?: string;
  /** the report that closed it: answered again to the same worker */
  outcome?: { kind: ExternalOutcome['kind']; workerId: string; by: string; at: number };
}

/** The record of a new external task (outbox effect; a replay inserts nothing). */
export async function createExternalTask(
  store: Store,
  state: InstanceState,
  task: ExternalTaskSpec,
): Promise<void> {
  const doc: ExternalTaskDoc = {
    _id: task.id,
    ...task,
    instanceId: state._id,
    definitionKey: state.definitionKey,
    gridUnit: state.gridUnit,
    unitPath: state.unitPath,
    status: 'open',
    fetchableAt: task.createdAt,
  };
  await store.collection<ExternalTaskDoc>('externalTasks').insertManyIgnoreDuplicates([doc]);
}

/** Removes a task nobody may report on any more; a done one stays to answer repeated reports. */
export async function cancelExternalTask(store: Store, id: string): Promise<void> {
  await store.collection('externalTasks').deleteMany({ _id: id, status: { $ne: 'done' } });
}

export interface FetchRequest {
  workerId: string;
  topics: Array<{ name: string; lockDuration: number }>;
  maxTasks: number;
  asyncResponseTimeout?: number;
}

export interface LockedTask {
  id: string;
  topic: string;
  workerId: string;
  lockExpiresAt: number;
  instanceId: string;
  definitionKey: string;
  businessKey?: string;
  nodeId: string;
  retries: number;
  errorMessage?: string;
  variables: Record<string, unknown>;
}

/** A signed-in external worker: who, and which topics it may fetch. */
export interface Worker {
  username: string;
  topics: string[];
  /** the units where the account holds the role: it works the cases of these units and those below them */
  units: string[];
}

export interface ExternalTaskDeps {
  store: Store;
  queues: Queues;
  now(): number;
  /** sleeps between the looks of a long poll (real time: a timer, never a busy wait) */
  sleep?: (ms: number) => Promise<void>;
}

const conflict = (
  code:
    | 'external-task.not-lock-holder'
    | 'external-task.lock-expired'
    | 'external-task.done'
    | 'external-task.failed',
  id: string,
) => new CommandError('conflict', code, [], code, { id });
const notFound = (id: string) =>
  new CommandError('not-found', 'external task not found', [], 'external-task.not-found', { id });

export class ExternalTasks {
  constructor(private readonly d: ExternalTaskDeps) {}

  private get col() {
    return this.d.store.collection<ExternalTaskDoc>('externalTasks');
  }

  /** The worker a principal is (the role external-worker, its topics from the user record), else 404. */
  worker(user: { username: string; roles: Array<{ role: string; unit: string }> }, topics: unknown): Worker {
    const units = user.roles.filter((r) => r.role === EXTERNAL_WORKER_ROLE).map((r) => r.unit);
    if (!units.length)
      throw new CommandError('forbidden', 'not an external worker', [], 'external-task.not-a-worker');
    const list = Array.isArray(topics) ? topics.filter((t): t is string => typeof t === 'string') : [];
    return { username: user.username, topics: list, units };
  }

  /**
   * Locks up to maxTasks open tasks of the requested topics for the worker, each by a compare-and-set (two
   * workers never lock the same task). With asyncResponseTimeout and nothing to lock, looks again every
   * POLL_EVERY_MS until a task comes or the time is up (awaiting a timer: the event loop stays free).
   */
  async fetchAndLock(worker: Worker, req: FetchRequest, aborted?: () => boolean): Promise<LockedTask[]> {
    for (const t of req.topics)
      if (!worker.topics.includes(t.name))
        throw new CommandError('forbidden', 'topic not allowed', [], 'external-task.topic-not-allowed', {
          topic: t.name,
        });
    const wait = Math.min(req.asyncResponseTimeout ?? 0, MAX_ASYNC_RESPONSE_MS);
    const sleep = this.d.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
    let locked = await this.lockSome(worker, req);
    for (let waited = 0; !locked.length && waited < wait && !aborted?.(); waited += POLL_EVERY_MS) {
      await sleep(Math.min(POLL_EVERY_MS, wait - waited));
      locked = await this.lockSome(worker, req);
    }
    return this.withVariables(locked);
  }

  private async lockSome(worker: Worker, req: FetchRequest): Promise<ExternalTaskDoc[]> {
    const out: ExternalTaskDoc[] = [];
    for (const topic of req.topics) {
      // a read lost to other workers is read again, a bounded number of times
      for (let round = 0; round < LOCK_ROUNDS && out.length < req.maxTasks; round++) {
        const now = this.d.now();
        // a few more than wanted: some may be taken by another worker between the read and the lock
        const candidates = await this.col.find(
          { topic: topic.name, status: 'open', fetchableAt: { $lte: now }, unitPath: { $in: worker.units } },
          { sort: { fetchableAt: 1 }, limit: (req.maxTasks - out.length) * 2 + 2 },
        );
        let lost = 0;
        for (const c of candidates) {
          if (out.length >= req.maxTasks) break;
          const lockExpiresAt = now + topic.lockDuration;
          const set = {
            workerId: req.workerId,
            lockedBy: worker.username,
            lockExpiresAt,
            fetchableAt: lockExpiresAt,
          };
          const res = await this.col.updateOne(
            { _id: c._id, status: 'open', fetchableAt: c.fetchableAt },
            { $set: set },
          );
          if (res.matched === 1) out.push({ ...c, ...set });
          else lost++;
        }
        if (!lost) break; // the read had no more to give
      }
    }
    return out;
  }

  /** The tasks as a worker gets them: the case's variables (only those listed for the topic, if any). */
  private async withVariables(tasks: ExternalTaskDoc[]): Promise<LockedTask[]> {
    const out: LockedTask[] = [];
    for (const t of tasks) {
      const instance = await new InstanceRepository(this.d.store).get(t.instanceId);
      const waiting =
        instance?.status === 'active' &&
        Object.values(instance.tokens ?? {}).some((k) => k.external === t._id);
      if (!waiting) {
        // no token waits on it (its case or activity went; a replayed outbox recreated it): it goes
        await cancelExternalTask(this.d.store, t._id);
        continue;
      }
      const all = instance.variables ?? {};
      const variables = t.variables
        ? Object.fromEntries(t.variables.filter((k) => k in all).map((k) => [k, all[k]]))
        : all;
      out.push({
        id: t._id,
        topic: t.topic,
        workerId: t.workerId!,
        lockExpiresAt: t.lockExpiresAt!,
        instanceId: t.instanceId,
        definitionKey: t.definitionKey,
        ...(instance.businessKey ? { businessKey: instance.businessKey } : {}),
        nodeId: t.nodeId,
        retries: t.retries,
        ...(t.errorMessage ? { errorMessage: t.errorMessage } : {}),
        variables,
      });
    }
    return out;
  }

  /** The task if the worker may see it (its topics), else 404. */
  private async visible(worker: Worker, id: string): Promise<ExternalTaskDoc> {
    const t = await this.col.findOne({ _id: id });
    const inReach = t?.unitPath?.some((u) => worker.units.includes(u));
    if (!t || !worker.topics.includes(t.topic) || !inReach) throw notFound(id);
    return t;
  }

  /** The open task locked by this worker (its lock not expired), else the conflict that explains why not. */
  private async held(worker: Worker, id: string, workerId: string): Promise<ExternalTaskDoc> {
    const t = await this.visible(worker, id);
    if (t.status === 'failed') throw conflict('external-task.failed', id);
    if (t.status === 'done') throw conflict('external-task.done', id);
    if (t.workerId !== workerId || t.lockedBy !== worker.username)
      throw conflict('external-task.not-lock-holder', id);
    if ((t.lockExpiresAt ?? 0) <= this.d.now()) throw conflict('external-task.lock-expired', id);
    return t;
  }

  /** A compare-and-set on the lock read by `held`: a lost race is the other worker's. */
  private async closeHeld(t: ExternalTaskDoc, set: Partial<ExternalTaskDoc>, unset = false): Promise<void> {
    const res = await this.col.updateOne(
      { _id: t._id, status: 'open', workerId: t.workerId, lockExpiresAt: t.lockExpiresAt },
      unset ? { $set: set, $unset: { workerId: 1, lockedBy: 1, lockExpiresAt: 1 } } : { $set: set },
    );
    if (res.matched !== 1) throw conflict('external-task.not-lock-holder', t._id);
  }

  complete(worker: Worker, id: string, workerId: string, variables: Record<string, unknown> = {}) {
    return this.report(worker, id, workerId, { kind: 'complete', variables });
  }

  bpmnError(
    worker: Worker,
    id: string,
    workerId: string,
    code: string,
    message: string | undefined,
    variables: Record<string, unknown> = {},
  ) {
    return this.report(worker, id, workerId, {
      kind: 'bpmn-error',
      code,
      ...(message ? { message } : {}),
      variables,
    });
  }

  /**
   * Completes the task or raises its BPMN error: the lock holder only, once; the case goes on in an
   * 'external' step job. The same report again by the same worker re-adds that job (no second effect).
   */
  private async report(
    worker: Worker,
    id: string,
    workerId: string,
    outcome: ExternalOutcome,
  ): Promise<void> {
    if (outcome.kind !== 'failure') {
      const bad = unstorableKeys(outcome.variables, '/variables');
      if (bad.length)
        throw new CommandError('invalid', 'variables cannot be stored', bad, 'external-task.unstorable');
    }
    const t = await this.visible(worker, id);
    if (
      t.status === 'done' &&
      t.outcome?.kind === outcome.kind &&
      t.outcome.workerId === workerId &&
      t.outcome.by === worker.username
    ) {
      return this.enqueue(t, outcome, worker.username); // a repeat: the same job id, a no-op if it ran
    }
    const held = await this.held(worker, id, workerId);
    try {
      await this.closeHeld(held, {
        status: 'done',
        outcome: { kind: outcome.kind, workerId, by: worker.username, at: this.d.now() },
      });
    } catch (err) {
      // the same report sent twice at once: the other copy closed it; answer as it did
      const now = await this.col.findOne({ _id: id });
      const o = now?.outcome;
      if (!(
        now?.status === 'done' &&
        o?.kind === outcome.kind &&
        o.workerId === workerId &&
        o.by === worker.username
      ))
        throw err;
    }
    await this.enqueue(held, outcome, worker.username);
  }

  /**
   * A failure: retries left (the given count, else one less), the task is fetchable again after
   * retryTimeout; none left, it fails and the case gets an incident (an admin's retry makes a new task).
   */
  async failure(
    worker: Worker,
    id: string,
    body: { workerId: string; errorMessage: string; retries?: number; retryTimeout?: number },
  ): Promise<{ retries: number; incident: boolean }> {
    const t = await this.held(worker, id, body.workerId);
    const retries = Math.max(0, body.retries ?? t.retries - 1);
    if (retries > 0) {
      await this.closeHeld(
        t,
        { retries, errorMessage: body.errorMessage, fetchableAt: this.d.now() + (body.retryTimeout ?? 0) },
        true,
      );
      return { retries, incident: false };
    }
    await this.closeHeld(t, {
      status: 'failed',
      retries: 0,
      errorMessage: body.errorMessage,
      outcome: { kind: 'failure', workerId: body.workerId, by: worker.username, at: this.d.now() },
    });
    await this.enqueue(
      t,
      { kind: 'failure', message: `external task failed: ${body.errorMessage}` },
      worker.username,
    );
    return { retries: 0, incident: true };
  }

  /** The lock holder keeps its lock for newDuration from now. */
  async extendLock(
    worker: Worker,
    id: string,
    workerId: string,
    newDuration: number,
  ): Promise<{ lockExpiresAt: number }> {
    const t = await this.held(worker, id, workerId);
    const lockExpiresAt = this.d.now() + newDuration;
    await this.closeHeld(t, { lockExpiresAt, fetchableAt: lockExpiresAt });
    return { lockExpiresAt };
  }

  /** The admin listing: tasks of a topic (or all), newest first. */
  async list(q: {
    topic?: string;
    skip: number;
    limit: number;
  }): Promise<{ items: ExternalTaskDoc[]; total: number }> {
    const query = q.topic ? { topic: q.topic } : {};
    const [items, total] = await Promise.all([
      this.col.find(query, { sort: { createdAt: -1 }, skip: q.skip, limit: q.limit }),
      this.col.count(query, { limit: 10_000 }),
    ]);
    return { items, total };
  }

  private async enqueue(t: ExternalTaskDoc, outcome: ExternalOutcome, by: string): Promise<void> {
    await this.d.queues.addSteps(
      [
        {
          name: 'external',
          jobId: `ext.${t._id}`,
          data: {
            instanceId: t.instanceId,
            tokenId: t.tokenId,
            externalTaskId: t._id,
            outcome,
            actor: by,
          },
        },
      ],
      this.d.now(),
    );
  }
}
