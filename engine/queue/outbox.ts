// Executes the effects a committed transition left in the instance's outbox. Every effect is idempotent
// (deterministic job ids, upserts guarded by instance version, appends keyed by effect id), so the sweeper
// may replay an outbox after a crash at any line without doubling anything.
import type { Redis } from 'ioredis';
import type { OrgDirectory } from '../grid/org.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { Effect, InstanceState, NotificationIntent, Subscription, TaskState } from '../runtime/types.js';
import type { Doc, Store } from '../store/types.js';
import { forEachLimit } from './bounded.js';
import { HistoryLog, historySeq } from './history.js';
import { keepsHistory, type HistoryLevel } from '../retention/history-level.js';
import { appendEvent } from './eventlog.js';
import { timerJobId, type Queues } from './queues.js';
import {
  saveAnnouncements,
  type Announcement,
  type NotificationDoc,
  type NotificationItem,
} from './notifications.js';
import { openKeysOf } from '../cases/task-keys.js';
import { broadcastSignal } from './signals.js';
import { cancelExternalTask, createExternalTask } from './external-tasks.js';
import { InstanceRepository } from '../cases/instance-repository.js';
import { TaskRepository } from './task-repository.js';
import { EscalationLog } from '../sla/escalation-log.js';
import { SubscriptionRepository } from './subscription-repository.js';
import { CaseRecords } from '../cases/case-records.js';

export interface TaskDoc extends TaskState {
  _id: string;
  instanceId: string;
  instanceVersion: number;
  instanceStatus: string;
  definitionKey: string;
  definitionVersion: number;
  processName?: string;
  businessKey?: string;
  /** the case's number and title, so inbox rows show them without reading the instance */
  caseNo?: string;
  caseTitle?: string;
  gridUnit: string;
  supervised: boolean;
  updatedAt: number;
  /** who may act on it while open (engine/cases/task-keys.ts); empty once closed */
  openKeys?: string[];
  /**
   * from when it counts in the statistics' figures at "now" (engine/sla/assessment.ts countsFrom): 0 when
   * escalated or parked, else its assessed due date; absent when it never does (closed, or without an SLA).
   * Derived by TaskRepository.project from the task itself, indexed with the grid unit.
   */
  countsFrom?: number;
}

export interface EngineEvent {
  type: 'task' | 'escalation' | 'notification' | 'instance';
  /** units whose subtree may see it */
  unitPath?: string[];
  unit?: string;
  /** users it concerns directly (assignee, watchers, recipients) */
  users?: string[];
  payload: Record<string, unknown>;
}

export { eventsChannel } from './eventlog.js';

export interface OutboxDeps {
  store: Store;
  queues: Queues;
  org: OrgDirectory;
  publisher?: Redis;
  prefix: string;
  now: () => number;
  log: Logger;
  metrics?: Metrics;
  processNames: (key: string, version: number) => Promise<string | undefined>;
  /** names of the registered notification channels (each notification is delivered once to each) */
  channels: () => string[];
  /** grid:historyLevel of a definition (engine/retention/history-level.ts); absent = every record kept */
  historyLevel?: (key: string, version: number) => Promise<HistoryLevel | undefined>;
  /** assessment facts and rollups (engine/stats/recorder.ts); runs before the outbox is cleared */
  stats?: { record(states: InstanceState[]): Promise<void> };
  /** a subscription was stored: a buffered message may be waiting for it (engine/starts/message-buffer.ts) */
  subscribed?: (state: InstanceState, subscription: Subscription) => Promise<void>;
  /** a task's read model was written (a completion waiting for it in this process looks at once) */
  taskProjected?: (taskId: string) => void;
}

export class OutboxExecutor {
  constructor(private readonly d: OutboxDeps) {}

  /**
   * Runs the outbox of `state` (the version just written). With `clear`, then empties it in the store unless
   * a newer version was written meanwhile; the runner skips that write on its hot path (see runner.ts).
   */
  async execute(state: InstanceState, clear = true): Promise<void> {
    await this.executeMany([state], clear);
  }

  /**
   * Runs the outboxes of several instances (each the version just written) as one: the follow-up jobs of all
   * of them in one addBulk per queue, their timer jobs in one addBulk, their history records and escalations
   * in one insert each, their live events in one publish; what is per instance (task projections guarded by
   * version, subscriptions, notifications, incidents, clearing) runs at most `concurrency` at once. Each
   * effect stays idempotent, so a replay of any of these outboxes after a crash doubles nothing.
   */
  async executeMany(states: InstanceState[], clear = true, concurrency = 16): Promise<void> {
    const live = states.filter((s) => s.outbox.length);
    if (!live.length) return;
    const now = this.d.now();
    const jobs = live.flatMap((s) => s.outbox.flatMap((e) => (e.type === 'job' ? [e.job] : [])));
    if (jobs.length) await this.d.queues.addSteps(jobs, now);
    const timers = live.flatMap((s) =>
      s.outbox.flatMap((e) =>
        e.type === 'timer'
          ? [
              {
                name: 'timer',
                data: { instanceId: s._id, timerId: e.timer.id, dueAt: e.timer.dueAt },
                opts: { jobId: timerJobId(s._id, e.timer.id), delay: Math.max(0, e.timer.dueAt - now) },
              },
            ]
          : [],
      ),
    );
    if (timers.length) await this.d.queues.timers.addBulk(timers);
    const cancels = live.flatMap((s) =>
      s.outbox.flatMap((e) => (e.type === 'cancelTimer' ? [[s._id, e.timerId] as const] : [])),
    );
    await forEachLimit(cancels, concurrency, ([id, timerId]) => this.removeTimerJob(id, timerId));
    // the definition's history level filters the records here, at the write: the effects themselves stay
    // whole for everything else that reads them
    const levels = this.d.historyLevel
      ? await Promise.all(live.map((s) => this.d.historyLevel!(s.definitionKey, s.definitionVersion)))
      : [];
    const history = live.flatMap((s, i) =>
      s.outbox.flatMap((e) =>
        e.type === 'history' && keepsHistory(levels[i], e.record.action)
          ? [{ _id: `${s._id}.${e.id}`, instanceId: s._id, seq: historySeq(e.id), ...e.record }]
          : [],
      ),
    );
    const escalations = live.flatMap((s) =>
      s.outbox.flatMap((e) => (e.type === 'escalation' ? [this.escalationDoc(s, e.id!, e)] : [])),
    );
    // the task projections of every outbox in one write (a few statements for a whole timer batch); their
    // events go first among each instance's events, as before
    const projections = await Promise.all(live.map((s) => this.taskProjections(s)));
    const events: EngineEvent[][] = live.map(() => []);
    // the notifications of every outbox are saved and queued together once their effects have run (most of a
    // timer batch's escalations notify the same few supervisors in one batched notification)
    const announcements: Announcement[] = [];
    // The store effects do not read one another's writes and each is idempotent, so they run at once: their
    // writes land in the same commit groups (SQLite commits once for what is asked in one turn: one commit
    // of a step's history, facts and task projections instead of one after another) and their round trips
    // overlap (PostgreSQL). Replaying the outbox after a crash at any line still redoes each of them.
    await Promise.all([
      new HistoryLog(this.d.store).append(history),
      new EscalationLog(this.d.store).append(escalations),
      this.d.stats?.record(live),
      this.project(projections.flatMap((p) => p.map((x) => x.doc))),
      forEachLimit(live, concurrency, async (state, i) => {
        events[i] = [
          ...projections[i].map((x) => x.event),
          ...(await this.instanceEffects(state, announcements)),
        ];
      }),
    ]);
    await this.deliverAll(announcements);
    // only once every effect ran (the statistics and notifications too): a crash before this line replays
    // the whole outbox
    if (clear) await forEachLimit(live, concurrency, (state) => this.clear(state));
    await this.publish(events.flat());
  }

  /** The escalation record of an escalation effect (its id keyed by the effect: a replay adds nothing). */
  private escalationDoc(
    state: InstanceState,
    effectId: string,
    e: Extract<Effect, { type: 'escalation' }>,
  ): Doc {
    const task = state.tasks[e.taskId];
    return {
      _id: `${state._id}.${effectId}`,
      instanceId: state._id,
      taskId: e.taskId,
      taskName: task?.name,
      nodeId: task?.nodeId,
      definitionKey: state.definitionKey,
      businessKey: state.businessKey,
      caseNo: state.caseNo,
      caseTitle: state.title,
      gridUnit: state.gridUnit,
      unitPath: state.unitPath,
      // who works the task where it now is: handlers see the escalation only with one of these roles
      candidateRoles: task?.candidateRoles ?? [],
      ...e.escalation,
    };
  }

  /** The task read models an outbox projects (one per task it names), with their live events. */
  /** Writes the task projections, then wakes whoever in this process waits for one (engine.completeTask). */
  private async project(docs: TaskDoc[]): Promise<void> {
    await new TaskRepository(this.d.store).projectMany(docs);
    for (const doc of docs) this.d.taskProjected?.(doc._id);
  }

  private async taskProjections(state: InstanceState): Promise<Array<{ doc: TaskDoc; event: EngineEvent }>> {
    const taskIds = new Set(state.outbox.flatMap((e) => (e.type === 'task' ? [e.taskId] : [])));
    const out: Array<{ doc: TaskDoc; event: EngineEvent }> = [];
    for (const id of taskIds) out.push(await this.taskProjection(state, id));
    return out;
  }

  /**
   * The effects of one outbox that are per instance, besides its task projections (executeMany writes those
   * of all outboxes together); returns its live events in order. Its notifications are left in
   * `announcements` for the caller to save and queue (deliverAll) before anything is cleared.
   */
  private async instanceEffects(state: InstanceState, announcements: Announcement[]): Promise<EngineEvent[]> {
    const effects = state.outbox;
    const events: EngineEvent[] = [];
    for (const e of effects) {
      switch (e.type) {
        case 'subscribe':
          await new SubscriptionRepository(this.d.store).subscribe(state, e.subscription);
          await this.d.subscribed?.(state, e.subscription);
          break;
        case 'unsubscribe':
          await new SubscriptionRepository(this.d.store).unsubscribe(state._id, e.subscriptionId);
          break;
        case 'escalation': {
          // the record itself was inserted with the others of the batch (executeMany)
          const task = state.tasks[e.taskId];
          this.d.metrics?.escalations.inc({
            to: e.escalation.supervised ? 'supervised' : e.escalation.toLevel,
          });
          this.d.metrics?.timerLateness.observe(e.escalation.latenessMs / 1000);
          events.push({
            type: 'escalation',
            unitPath: task?.unitPath ?? state.unitPath,
            users: task ? [...task.watchers] : [],
            payload: {
              instanceId: state._id,
              taskId: e.taskId,
              taskName: task?.name,
              candidateRoles: task?.candidateRoles ?? [],
              ...e.escalation,
            },
          });
          break;
        }
        case 'notify':
          events.push(...(await this.notify(state, e.id!, e.intent, announcements)));
          break;
        case 'signal':
          // after the subscriptions of this outbox: a case catching its own signal is found too
          await broadcastSignal(this.d.store, this.d.queues, e.signal, 'system', this.d.now());
          break;
        case 'externalTask':
          await createExternalTask(this.d.store, state, e.task);
          break;
        case 'cancelExternalTask':
          await cancelExternalTask(this.d.store, e.externalTaskId);
          break;
        case 'incident':
          await new CaseRecords(this.d.store).recordIncident(state, e.incident);
          break;
        default:
          break;
      }
    }
    if (state.status !== 'active' && effects.some((e) => e.type === 'history')) {
      events.push({
        type: 'instance',
        unitPath: state.unitPath,
        payload: { id: state._id, status: state.status },
      });
    }
    return events;
  }

  /** Empties an executed outbox, unless a newer version exists (its writer carries or clears it). */
  async clear(state: Pick<InstanceState, '_id' | 'version'>): Promise<void> {
    await new InstanceRepository(this.d.store).clearOutbox(state._id, state.version);
  }

  private async removeTimerJob(instanceId: string, timerId: string): Promise<void> {
    const job = await this.d.queues.timers.getJob(timerJobId(instanceId, timerId));
    if (!job) return;
    try {
      await job.remove();
    } catch {
      // the timer is running right now: its handler will find the timer gone from the state and do nothing
    }
  }

  /**
   * The task's read model at this version of its case, and its live event: written (TaskRepository
   * projectMany) unless a newer instance version wrote it already.
   */
  private async taskProjection(
    state: InstanceState,
    taskId: string,
  ): Promise<{ doc: TaskDoc; event: EngineEvent }> {
    const task = state.tasks[taskId];
    const doc: TaskDoc = {
      ...task,
      _id: task.id,
      instanceId: state._id,
      instanceVersion: state.version,
      instanceStatus: state.status,
      definitionKey: state.definitionKey,
      definitionVersion: state.definitionVersion,
      processName: await this.d.processNames(state.definitionKey, state.definitionVersion),
      businessKey: state.businessKey,
      caseNo: state.caseNo,
      caseTitle: state.title,
      gridUnit: state.gridUnit,
      supervised: state.supervised,
      updatedAt: state.updatedAt,
      openKeys: openKeysOf(task),
    };
    const users = [task.assignee, task.owner, ...task.watchers].filter((u): u is string => !!u);
    const event: EngineEvent = {
      type: 'task',
      unit: task.unit,
      unitPath: task.unitPath,
      users,
      payload: {
        id: task.id,
        instanceId: state._id,
        caseNo: state.caseNo,
        caseTitle: state.title,
        name: task.name,
        status: task.status,
        slaState: task.slaState,
        dueAt: task.dueAt,
        unit: task.unit,
        level: task.level,
        assignee: task.assignee,
        candidateRoles: task.candidateRoles,
        // 挂牌督办 changes nothing else of the task: without it the event would look like a repeat
        supervised: state.supervised,
      },
    };
    return { doc, event };
  }

  private async notify(
    state: InstanceState,
    effectId: string,
    intent: NotificationIntent,
    announcements: Announcement[],
  ): Promise<EngineEvent[]> {
    const recipients = new Set(intent.users ?? []);
    if (intent.unit && intent.roles?.length) {
      for (const u of await this.d.org.usersWithRoles(intent.unit, intent.roles)) recipients.add(u);
    }
    const at = this.d.now();
    const effect = `${state._id}.${effectId}`;
    // batched intents share one notification per recipient; others get their own
    const idOf = (recipient: string) =>
      intent.batchKey ? `${recipient}|${intent.batchKey}` : `${recipient}|${effect}`;
    const announcement: Announcement = {
      notes: [...recipients].map((recipient) => ({
        _id: idOf(recipient),
        recipient,
        kind: intent.kind,
        title: intent.title,
        body: intent.body,
        ...(intent.message ? { message: intent.message } : {}),
        unit: intent.unit,
        read: false,
        at,
      })),
      item: {
        taskId: intent.taskId,
        instanceId: state._id,
        caseNo: state.caseNo,
        caseTitle: state.title,
        title: intent.title,
        body: intent.body,
        ...(intent.message ? { message: intent.message } : {}),
        effectId: effect,
      },
      reopen: !!intent.batchKey,
    };
    announcements.push(announcement);
    return this.notificationEvents(announcement.notes, announcement.item);
  }

  /**
   * Records notifications (idempotent: ids and item ids are the caller's), queues one delivery per
   * registered channel and notification, and returns their live events (for `publish`).
   */
  async announce(
    notes: NotificationDoc[],
    item: NotificationItem,
    reopen: boolean,
    extra: Record<string, unknown> = {},
  ): Promise<EngineEvent[]> {
    await this.deliverAll([{ notes, item, reopen }]);
    return this.notificationEvents(notes, item, extra);
  }

  /**
   * Saves the notifications of many effects (notifications.ts saveAnnouncements) and queues one delivery per
   * registered channel and notification in one addBulk: later items of a batched notification ride along
   * with its one delivery (its job id is per notification and channel, so a replay adds nothing either).
   */
  private async deliverAll(announcements: Announcement[]): Promise<void> {
    if (!announcements.some((a) => a.notes.length)) return;
    await saveAnnouncements(this.d.store, announcements);
    const ids = new Set(announcements.flatMap((a) => a.notes.map((n) => n._id)));
    const jobs = [...ids].flatMap((id) =>
      this.d.channels().map((channel) => ({
        name: 'deliver',
        data: { notificationId: id, channel },
        opts: { jobId: `ch.${channel}.${id.replace(/:/g, '_')}`, delay: 1000 },
      })),
    );
    if (jobs.length) await this.d.queues.notify.addBulk(jobs);
  }

  /** The live events of an item recorded on `notes`, one per notification. */
  private notificationEvents(
    notes: NotificationDoc[],
    item: NotificationItem,
    extra: Record<string, unknown> = {},
  ): EngineEvent[] {
    return notes.map((n) => ({
      type: 'notification',
      users: [n.recipient],
      payload: {
        id: n._id,
        recipient: n.recipient,
        kind: n.kind,
        title: n.title,
        ...(n.message ? { message: n.message } : {}),
        taskId: item.taskId,
        instanceId: item.instanceId,
        caseNo: item.caseNo,
        caseTitle: item.caseTitle,
        ...extra,
      },
    }));
  }

  /**
   * Pushes events to the live feed and its replay log (best effort: the records themselves are durable);
   * content already sent is dropped there (eventlog.ts).
   */
  async publish(events: EngineEvent[]): Promise<void> {
    if (!this.d.publisher || !events.length) return;
    try {
      // one connection runs its commands in the order sent: the events keep their order
      await Promise.all(events.map((e) => appendEvent(this.d.publisher!, this.d.prefix, e)));
    } catch (err) {
      // live feed is best effort; the records themselves are durable
      this.d.log.warn({ err }, 'event publish failed');
    }
  }
}
