// The schedules of timer start events. Each timer start event of the startable version of a process has one
// stored schedule (collection startTimers, id `<key>@<version>#<node>`) holding its next occurrence, and one
// delayed BullMQ job for it on the `starts` queue (a chain: each run adds the next). Exactly once per
// occurrence, whatever the number of processes and restarts:
//   - the job id is the schedule id + the occurrence instant, so two processes arming it add one job;
//   - the case id is derived from the same pair, so a job that runs twice (a retry after a crash between the
//     start and the schedule's update) finds the case there (DuplicateKeyError) and starts none;
//   - the schedule moves on by a conditional update on the occurrence it fired (`nextAt`), so one run wins.
// A deploy of a new version replaces the schedules of the older one; retiring the process stops them (kept,
// stopped, so a one-shot timer that fired does not fire again when the process is reactivated); start-up and a
// Redis that lost its data re-arm every schedule from the store (rearm, called by the recovery).
import { createHash } from 'node:crypto';
import { Worker, type Queue } from 'bullmq';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import { DefinitionRetired, type DefinitionRepository } from '../model/repository.js';
import { parseStartTimer, type ParsedStartTimer } from '../model/start-timer.js';
import type { FlowNode } from '../model/types.js';
import { connectionOptions, type RedisTarget } from '../queue/queues.js';
import { CommandError } from '../runtime/transition.js';
import type { WorkCalendar } from '../sla/calendar.js';
import { firstOccurrence, nextOccurrence, type Occurrence, type ScheduleEnv } from '../sla/start-schedule.js';
import { isDuplicateKeyError, type Doc, type Store } from '../store/types.js';

export const TIMER_START_JOB = 'timer-start';
/** The actor recorded as the starter of a case a timer started. */
export const TIMER_ACTOR = 'timer';

export interface StartTimerDoc extends Doc {
  key: string;
  version: number;
  nodeId: string;
  /** the next occurrence; absent once the timer fires no more (kept: a one-shot timer must not fire again) */
  nextAt?: number;
  /** index of that occurrence (an R<n>/ cycle ends after n) */
  index: number;
  /** the process is retired (or not startable): no job, nothing fires until it is startable again */
  stopped?: boolean;
  /** when the last occurrence fired */
  lastAt?: number;
}

export interface TimerStartDeps {
  store: Store;
  queue: Queue;
  target: RedisTarget;
  definitions: DefinitionRepository;
  clock: Clock;
  calendar: WorkCalendar;
  timezone: string;
  log: Logger;
  /** opens a case at a start event; rejects with DuplicateKeyError when `instanceId` exists */
  startCase(args: {
    key: string;
    version: number;
    nodeId: string;
    gridUnit: string;
    instanceId: string;
  }): Promise<unknown>;
  /** runs a delayed job now (engine/queue/recovery.ts fireNow) */
  fireNow(jobId: string, name: string, data: Record<string, unknown>, queue: Queue): Promise<unknown>;
}

interface FireData {
  scheduleId: string;
  at: number;
}

export type FireOutcome = 'started' | 'duplicate' | 'stale' | 'refused';

export const scheduleId = (key: string, version: number, nodeId: string) => `${key}@${version}#${nodeId}`;
export const startJobId = (id: string, at: number) => `start.${id}.${at}`;
/** The id of the case an occurrence starts: the same for every process and every retry of it. */
export const timerCaseId = (id: string, at: number) =>
  `t${createHash('sha256').update(`${id}\u0000${at}`).digest('hex').slice(0, 20)}`;

/** At most this many occurrences are skipped when a stopped schedule resumes after a long pause. */
const MAX_RESUME_SKIP = 100_000;

export class TimerStarts {
  private worker?: Worker;

  constructor(private readonly d: TimerStartDeps) {}

  private get col() {
    return this.d.store.collection<StartTimerDoc>('startTimers');
  }

  private get env(): ScheduleEnv {
    return { calendar: this.d.calendar, timezone: this.d.timezone };
  }

  /**
   * Brings the schedules of a process in line with its startable version: after a deploy, a retirement or a
   * reactivation. Idempotent; concurrent calls insert each schedule once (the first insert wins).
   */
  async sync(key: string): Promise<void> {
    let version: number | undefined;
    try {
      version = (await this.d.definitions.startable(key))?.version;
    } catch (err) {
      if (!(err instanceof DefinitionRetired)) throw err;
    }
    const docs = await this.col.find({ key });
    for (const doc of docs) {
      if (doc.version === version) continue;
      await this.unarm(doc);
      // another version is startable now: its schedules replace these; none is: these stop until one is
      if (version !== undefined) await this.col.deleteMany({ _id: doc._id });
      else if (!doc.stopped) await this.col.updateOne({ _id: doc._id }, { $set: { stopped: true } });
    }
    if (version === undefined) return;
    const compiled = await this.d.definitions.compiled(key, version);
    const now = this.d.clock.now();
    for (const node of Object.values(compiled.nodes)) {
      if (node.kind !== 'timerStart') continue;
      const id = scheduleId(key, version, node.id);
      const parsed = this.parsed(node);
      let doc = docs.find((x) => x._id === id);
      if (!doc) {
        const first = this.safely(id, () => firstOccurrence(parsed, node.timer!.calendar, now, this.env));
        doc = { _id: id, key, version, nodeId: node.id, index: first?.index ?? 0 };
        if (first) doc.nextAt = first.at;
        try {
          await this.col.insert(doc);
        } catch (err) {
          if (!isDuplicateKeyError(err)) throw err;
          doc = (await this.col.findOne({ _id: id })) ?? doc;
        }
      } else if (doc.stopped) doc = await this.resume(doc, parsed, node, now);
      await this.arm(doc);
    }
  }

  /** A stopped schedule runs again from now: occurrences missed while it was stopped are skipped. */
  private async resume(
    doc: StartTimerDoc,
    parsed: ParsedStartTimer,
    node: FlowNode,
    now: number,
  ): Promise<StartTimerDoc> {
    let o: Occurrence | undefined =
      doc.nextAt === undefined ? undefined : { at: doc.nextAt, index: doc.index };
    for (let n = 0; o && o.at < now && parsed.type !== 'date' && parsed.type !== 'duration'; n++) {
      if (n >= MAX_RESUME_SKIP) {
        o = undefined;
        break;
      }
      const prev: Occurrence = o;
      o = this.safely(doc._id, () => nextOccurrence(parsed, node.timer!.calendar, prev, this.env));
    }
    const next: StartTimerDoc = { ...doc, index: o?.index ?? doc.index };
    delete next.stopped;
    delete next.nextAt;
    if (o) next.nextAt = o.at;
    await this.col.replaceOne({ _id: doc._id, stopped: true }, next);
    return next;
  }

  /**
   * Brings every process's schedules in line with its startable version (a deploy or retirement whose own
   * sync failed is caught up here), then re-adds the job of every running schedule (start-up, Redis lost its
   * data); returns how many jobs.
   */
  async rearm(): Promise<number> {
    for (const key of await this.d.definitions.keys())
      await this.sync(key).catch((err: Error) =>
        this.d.log.error({ key, err: err.message }, 'timer start schedules could not be brought up to date'),
      );
    const docs = await this.col.find({ nextAt: { $exists: true } });
    let n = 0;
    for (const doc of docs) if (await this.arm(doc)) n++;
    return n;
  }

  /** Runs the occurrences due by the engine clock now (the test clock, and after downtime). */
  async promoteDue(): Promise<number> {
    const now = this.d.clock.now();
    const due = await this.col.find({ nextAt: { $lte: now } }, { sort: { nextAt: 1 } });
    let n = 0;
    for (const doc of due) {
      if (doc.stopped || doc.nextAt === undefined) continue;
      const data: FireData = { scheduleId: doc._id, at: doc.nextAt };
      await this.d.fireNow(startJobId(doc._id, doc.nextAt), TIMER_START_JOB, { ...data }, this.d.queue);
      n++;
    }
    return n;
  }

  /** The schedules of a process (the definitions API shows the next occurrence). */
  async ofProcess(key: string): Promise<StartTimerDoc[]> {
    return this.col.find({ key }, { sort: { _id: 1 } });
  }

  /**
   * One occurrence: starts its case unless this occurrence is no longer the schedule's (a replaced version,
   * a stopped schedule, a job run before), moves the schedule on and arms the next job.
   */
  async fire(data: FireData): Promise<FireOutcome> {
    const doc = await this.col.findOne({ _id: data.scheduleId });
    if (!doc || doc.stopped || doc.nextAt !== data.at) return 'stale';
    try {
      await this.d.definitions.startable(doc.key, doc.version);
    } catch (err) {
      if (!(err instanceof DefinitionRetired)) throw err;
      await this.sync(doc.key); // retired by another process: stop (or move to the startable version)
      return 'stale';
    }
    const compiled = await this.d.definitions.compiled(doc.key, doc.version);
    const node = compiled.nodes[doc.nodeId];
    let outcome: FireOutcome = 'started';
    try {
      await this.d.startCase({
        key: doc.key,
        version: doc.version,
        nodeId: doc.nodeId,
        gridUnit: node.startUnit!,
        instanceId: timerCaseId(doc._id, data.at),
      });
    } catch (err) {
      if (isDuplicateKeyError(err)) outcome = 'duplicate';
      else if (err instanceof CommandError) {
        // a unit removed since the deploy: this occurrence cannot start a case; the schedule goes on
        outcome = 'refused';
        this.d.log.error(
          { schedule: doc._id, at: data.at, code: err.reason, err: err.message },
          'timer start event could not start a case',
        );
      } else throw err;
    }
    const next = this.safely(doc._id, () =>
      nextOccurrence(this.parsed(node), node.timer!.calendar, { at: data.at, index: doc.index }, this.env),
    );
    const moved = await this.col.updateOne(
      { _id: doc._id, nextAt: data.at },
      next
        ? { $set: { nextAt: next.at, index: next.index, lastAt: data.at } }
        : { $unset: { nextAt: true }, $set: { lastAt: data.at } },
    );
    if (moved.matched && next) await this.arm({ ...doc, nextAt: next.at, index: next.index });
    return outcome;
  }

  startWorker(): void {
    if (this.worker) return;
    this.worker = new Worker(
      this.d.queue.name,
      async (job) => (job.name === TIMER_START_JOB ? this.fire(job.data as FireData) : undefined),
      { connection: connectionOptions(this.d.target.url), prefix: this.d.target.prefix, concurrency: 1 },
    );
    this.worker.on('error', (err) => this.d.log.error({ err }, 'timer start worker error'));
  }

  async close(): Promise<void> {
    await this.worker?.close();
    this.worker = undefined;
  }

  /** Adds the delayed job of the schedule's next occurrence (a no-op when it exists). */
  private async arm(doc: StartTimerDoc): Promise<boolean> {
    if (doc.nextAt === undefined || doc.stopped) return false;
    const data: FireData = { scheduleId: doc._id, at: doc.nextAt };
    await this.d.queue.add(TIMER_START_JOB, data, {
      jobId: startJobId(doc._id, doc.nextAt),
      delay: Math.max(0, doc.nextAt - this.d.clock.now()),
      removeOnComplete: true,
    });
    return true;
  }

  private async unarm(doc: StartTimerDoc): Promise<void> {
    if (doc.nextAt === undefined) return;
    // a job that runs meanwhile finds its schedule gone or stopped and starts nothing
    await this.d.queue.remove(startJobId(doc._id, doc.nextAt)).catch(() => 0);
  }

  private parsed(node: FlowNode): ParsedStartTimer {
    const parsed = parseStartTimer(node.timer!);
    // deploy refused every timer that does not parse
    if ('code' in parsed) throw new Error(`timer start ${node.id}: ${parsed.message}`);
    return parsed;
  }

  /** An occurrence beyond the budgets ends the schedule (logged) rather than failing every run. */
  private safely(id: string, next: () => Occurrence | undefined): Occurrence | undefined {
    try {
      return next();
    } catch (err) {
      this.d.log.error({ schedule: id, err: (err as Error).message }, 'timer start schedule ends');
      return undefined;
    }
  }
}
