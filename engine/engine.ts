// The programmatic API of the engine, used by tests, the HTTP layer and the worker entry points.
// It wires the store, queues, definitions, org tree, calendar and runner together; execution semantics
// live in runtime/ (pure), I/O in queue/ and store/.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { systemClock, type Clock } from './clock.js';
import type { EngineConfig } from './config.js';
import { AuditLog } from './audit/audit-log.js';
import { UserAccounts } from './grid/accounts.js';
import { ExternalTasks } from './queue/external-tasks.js';
import { OrgDirectory } from './grid/org.js';
import { RevokedTokens } from './grid/sessions.js';
import { NotificationInbox } from './notifications/inbox.js';
import { EscalationLog } from './sla/escalation-log.js';
import { SupervisionOrders } from './supervision/orders.js';
import { createLogger, type Logger } from './logger.js';
import { Metrics } from './metrics.js';
import { compileDocument, startFormKey, type CompiledDocument } from './model/compile.js';
import { FormRegistry } from './model/forms.js';
import { bareFormKey, checkFormSchemas, formKeysOf, FormVersions } from './model/form-versions.js';
import type { ReferenceCatalogue } from './model/validate-references.js';
import { DefinitionRepository, type DocumentDeployment } from './model/repository.js';
import { DeploymentError, type CompiledProcess, type DeployError } from './model/types.js';
import { TimerStarts, TIMER_ACTOR } from './starts/timer-starts.js';
import { MessageBuffer } from './starts/message-buffer.js';
import { MessageStarts, messageStartsOf } from './starts/message-starts.js';
import type { Subscription } from './runtime/types.js';
import { DEFAULT_MESSAGE_BUFFER_MAX_TTL_S } from './config.js';
import { DecisionRepository } from './dmn/repository.js';
import { decisionTaskWorker } from './dmn/task-worker.js';
import { DECISION_WORKER } from './elements/business-rule-task.js';
import { HistoryLog, readHistoryPage, type HistoryPage } from './queue/history.js';
import { describeHistory, type DescribedRecord } from './cases/history-words.js';
import { webhookChannel, type NotificationChannel } from './queue/channels.js';
import { orderRecipients, type OrderDeps } from './queue/orders.js';
import { OutboxExecutor, type TaskDoc } from './queue/outbox.js';
import { broadcastSignal, type SignalDelivery } from './queue/signals.js';
import { Queues, timerJobId } from './queue/queues.js';
import { InstanceRunner, InstanceNotFound, type Command } from './queue/runner.js';
import { EngineWorkers, type ServiceHandler } from './queue/workers.js';
import { Recovery } from './queue/recovery.js';
import { cancelInstance, newInstance, reserveCompletion, retryIncident } from './runtime/semantics.js';
import * as taskOps from './runtime/tasks.js';
import { unstorableKeys } from './runtime/variables.js';
import { setFeelBudget } from './runtime/feel.js';
import { warmFeelSandbox } from './runtime/feel-sandbox.js';
import { CommandError, Tx, type Outcome, type StepContext } from './runtime/transition.js';
import * as returnOps from './runtime/task-return.js';
import * as requestOps from './runtime/task-requests.js';
import type { HistoryRecord, InstanceState } from './runtime/types.js';
import type { HistoryLevel } from './retention/history-level.js';
import { CleanupSchedule } from './retention/schedule.js';
import { RetentionService } from './retention/service.js';
import { createCalendar, loadCalendarConfig, type WorkCalendar } from './sla/calendar.js';
import { delistByProcess, listByProcess, warnByProcess } from './sla/listing.js';
import { openStore } from './store/index.js';
import { backfillAccessKeys, backfillOpenTaskKeys } from './cases/access-keys-backfill.js';
import { backfillCaseIndex } from './cases/case-index-backfill.js';
import { backfillCountsFrom } from './stats/counts-from-backfill.js';
import { CaseSearch, supervisedCasesCondition } from './cases/case-list.js';
import type { Viewer } from './cases/viewer.js';
import type { InboxCriteria, InboxSort } from './queue/inbox-conditions.js';
import { IntakeService } from './intake/service.js';
import { createCitizenLoop } from './intake/citizen-loop.js';
import type { CitizenReplies } from './intake/replies.js';
import type { CitizenVisits } from './intake/visits.js';
import type { SmsGateway } from './queue/sms.js';
import { SavedFilters } from './cases/saved-filters.js';
import type { CommentDeps } from './cases/comments.js';
import {
  allocateCaseNumber,
  checkCaseNumberPattern,
  DEFAULT_CASE_NUMBER_PATTERN,
} from './cases/case-number.js';
import { caseTitle } from './cases/case-title.js';
import { CaseRecords } from './cases/case-records.js';
import { CaseAttachments } from './cases/attachments.js';
import { readCaseFile, type CaseFile } from './cases/case-file.js';
import { claimFirstTask } from './cases/first-task.js';
import { CalledCases, type CalledStart } from './cases/called-cases.js';
import { ensureStats, rebuildStats, type BackfillDeps } from './stats/backfill.js';
import { StatsRecorder } from './stats/recorder.js';
import { recomputeDirty } from './stats/rollup.js';
import { assessSubtree, type AssessRequest } from './stats/assess.js';
import { AssessmentScoring } from './scoring/service.js';
import { publishRanking } from './scoring/ranking-notices.js';
import { PatrolLog } from './patrol/patrols.js';
import { MeetingLog } from './patrol/meetings.js';
import { MigrationService } from './migration/service.js';
import { ShippedPlans } from './migration/shipped.js';
import { withEarlierElements } from './migration/history-names.js';
import type { Assessment } from './sla/assessment.js';
import { isDuplicateKeyError, type Store } from './store/types.js';
import { InstanceRepository } from './cases/instance-repository.js';
import { TaskRepository } from './queue/task-repository.js';
import { SubscriptionRepository } from './queue/subscription-repository.js';
import { MessageLog } from './queue/message-log.js';

/** How often the patrols left open from an earlier day are closed. */
const PATROL_SWEEP_MS = 5 * 60_000;

/** The variable through which a case reads the time limits configured on its units. */
export const TIME_LIMITS_VARIABLE = 'timeLimits';

export interface EngineOptions {
  config: EngineConfig;
  clock?: Clock;
  logger?: Logger;
  store?: Store;
  calendar?: WorkCalendar;
  services?: Record<string, ServiceHandler>;
  /** notification channels to register besides the webhook (e.g. SMS, a chat bot) */
  channels?: NotificationChannel[];
  /** the SMS gateway of replies to reporters instead of the configured one (engine/queue/sms.ts) */
  smsGateway?: SmsGateway;
  formsDir?: string;
}

export interface StartArgs {
  businessKey?: string;
  gridUnit: string;
  variables?: Record<string, unknown>;
  /** defaults to the latest version */
  version?: number;
  /**
   * the case's id, when the caller derives it from a request key so that a repeated request cannot open a
   * second case (the insert of an existing id fails with DuplicateKeyError); default: a random id
   */
  instanceId?: string;
  /** a reopened case's next round keeps the case number of the first (engine/intake/visits.ts) */
  caseNo?: string;
  /** the timer or message start event the case begins at (default: the none start event) */
  startNode?: string;
}

export interface CorrelateOptions {
  /** recorded as the actor of the delivery in the instances' history (default `system`) */
  actor?: string;
  /** deliver only into the cases this viewer supervises (default: all; an admin: all) */
  supervisedBy?: Viewer;
  /**
   * seconds to keep the message when no case waits for it and no start event takes it: the first matching
   * subscription created meanwhile receives it (bounded by config.messageBufferMaxTtlS)
   */
  ttlSeconds?: number;
  /** the grid unit of a case a message start event opens (else variables.gridUnit, else grid:startUnit) */
  gridUnit?: string;
  /** the units whose subtrees a buffered message may reach (a supervisor's); default: every case */
  bufferScope?: string[];
  /** whether the sender may open a case at a unit (its chain of codes, the unit first); default: yes */
  mayStartAt?: (unitChain: string[]) => boolean;
}

/** What a message did: delivered to waiting cases, started cases, or was buffered (or nothing). */
export interface CorrelateResult {
  correlated: number;
  duplicate: boolean;
  /** ids of the cases a message start event opened */
  started?: string[];
  /** the message is kept for a later subscription until expiresAt */
  buffered?: { id: string; expiresAt: number };
}

interface MessageTarget {
  instanceId: string;
  subscriptionId: string;
}

/**
 * A case list counts its matches up to this many: a district's year holds hundreds of thousands of cases and
 * an exact total would cost a check of every one of them against the viewer's scope on each page; past it
 * the API answers "more than" (`totalCapped`, the UI "超过 1,000 件"), as web searches do.
 */
export const LIST_TOTAL_CAP = 1_000;

export interface Page<T> {
  items: T[];
  /** the number of matches, or LIST_TOTAL_CAP when there are more (`totalCapped`) */
  total: number;
  totalCapped?: boolean;
  skip: number;
  limit: number;
}

const here = path.dirname(fileURLToPath(import.meta.url));
export const PROCESSES_DIR = path.resolve(here, '../processes');

export class Engine {
  readonly metrics = new Metrics();
  readonly queues: Queues;
  readonly definitions: DefinitionRepository;
  /** DMN decision definitions, versioned by decision id (engine/dmn) */
  readonly decisions: DecisionRepository;
  readonly org: OrgDirectory;
  // what the API reads and writes besides running cases: domain services over the store, so that routes
  // never speak the store's query language nor name its collections
  /** cases by id, their tasks, incidents, task counts */
  readonly cases: CaseRecords;
  /** intake of reports (受理): 待受理 queue, 立案 / 并案 / 不予受理, location → grid */
  readonly intake: IntakeService;
  /** the reply to reporters (反馈) and 回访 of cases from intake */
  replies!: CitizenReplies;
  visits!: CitizenVisits;
  smsGateway!: SmsGateway;
  /** files and photos uploaded to cases (engine/cases/attachments.ts) */
  readonly attachments: CaseAttachments;
  /** the case search: a viewer's cases by criteria, pages and exports (engine/cases/case-list.ts) */
  readonly caseSearch: CaseSearch;
  /** case-list filters saved per user */
  readonly savedFilters: SavedFilters;
  /** escalations of a case, and those into a viewer's area */
  readonly escalations: EscalationLog;
  /** 督办单 / 交办单: issue, list, reply, notify */
  readonly supervision: SupervisionOrders;
  /** a user's in-app notifications */
  readonly inbox: NotificationInbox;
  /** the audit trail of administrative and supervisory acts */
  readonly audit: AuditLog;
  /** user accounts: create, edit, change password, end sessions */
  readonly accounts: UserAccounts;
  /** external tasks: fetch-and-lock, complete, fail, BPMN error (engine/queue/external-tasks.ts) */
  readonly externalTasks: ExternalTasks;
  /** signed-out API tokens */
  readonly sessions: RevokedTokens;
  readonly forms = new FormRegistry();
  /** the form versions pinned by deployments (engine/model/form-versions.ts) */
  readonly formVersions: FormVersions;
  readonly runner: InstanceRunner;
  /** the jobs of call activities: called cases created, ended, cancelled (engine/cases/called-cases.ts) */
  readonly calls: CalledCases;
  readonly outbox: OutboxExecutor;
  /** waitForTask calls of this process per task, woken when its read model is written here */
  private readonly taskWaiters = new Map<string, Set<() => void>>();
  /** how often waitForTask looks again without being woken (a worker in another process wrote it) */
  taskPollMs = 10;
  readonly recovery: Recovery;
  readonly services = new Map<string, ServiceHandler>();
  /**
   * The countsFrom backfill of open tasks stored before the field (engine/stats/counts-from-backfill.ts),
   * running in the background from open (the statistics read every open task until it is done); close stops
   * it between pages and waits for it.
   */
  private countsFromPass: { done: Promise<void>; stop: boolean } | undefined;
  /** notification channels besides the in-app inbox (WEBHOOK_URL registers the webhook channel) */
  readonly channels = new Map<string, NotificationChannel>();
  /** history cleanup and archive import (engine/retention) */
  readonly retention: RetentionService;
  /** 考核: scoring schemes, assessors' entries and scored rows per unit / department / person */
  readonly scoring: AssessmentScoring;
  /** 巡查日志: grid workers' patrols, their tracks, photos and cases (engine/patrol) */
  readonly patrols: PatrolLog;
  /** 例会签到: meetings recorded by heads, attendees signing in (engine/patrol/meetings.ts) */
  readonly meetings: MeetingLog;
  /** migration of running cases between versions of a definition (engine/migration/service.ts) */
  readonly migrations: MigrationService;
  /** the schedules of timer start events (engine/starts/timer-starts.ts) */
  readonly timerStarts: TimerStarts;
  /** message start events by message name (engine/starts/message-starts.ts) */
  readonly messageStarts: MessageStarts;
  /** messages kept for subscriptions that do not wait yet (engine/starts/message-buffer.ts) */
  readonly messageBuffer: MessageBuffer;
  private workers?: EngineWorkers;
  private cleanupSchedule?: CleanupSchedule;
  /** closes patrols left open past the end of their day (engine/patrol/patrols.ts closeStale) */
  private patrolSweep?: NodeJS.Timeout;
  private publisher?: Redis;

  private constructor(
    readonly config: EngineConfig,
    readonly store: Store,
    readonly clock: Clock,
    readonly calendar: WorkCalendar,
    readonly log: Logger,
  ) {
    this.queues = new Queues(
      { url: config.redisUrl, prefix: config.queuePrefix },
      { attempts: config.stepAttempts, backoffMs: config.stepBackoffMs },
    );
    this.formVersions = new FormVersions(store, this.forms);
    this.definitions = new DefinitionRepository(store, config.levels, (c) =>
      this.formVersions.ensure(formKeysOf(c)),
    );
    this.decisions = new DecisionRepository(store);
    this.org = new OrgDirectory(store);
    this.publisher = new Redis(config.redisUrl, { maxRetriesPerRequest: 2, lazyConnect: false });
    this.publisher.on('error', (err) => log.warn({ err: err.message }, 'redis publisher error'));
    this.outbox = new OutboxExecutor({
      store,
      queues: this.queues,
      org: this.org,
      publisher: this.publisher,
      prefix: config.queuePrefix,
      now: () => clock.now(),
      log,
      metrics: this.metrics,
      processNames: async (key, version) => (await this.definitions.compiled(key, version)).name,
      channels: () => [...this.channels.keys()],
      historyLevel: async (key, version) => (await this.definitions.compiled(key, version)).historyLevel,
      stats: new StatsRecorder({
        store,
        timezone: config.timezone,
        workingMs: (a, b) => calendar.elapsed(a, b, 'workday'),
        reworkFlows: (key, version) => this.reworkFlows(key, version),
      }),
      subscribed: (state, sub) => this.deliverBuffered(state, sub),
      taskProjected: (taskId) => {
        for (const wake of this.taskWaiters.get(taskId) ?? []) wake();
      },
    });
    this.runner = new InstanceRunner({
      store,
      definitions: this.definitions,
      calendar,
      clock,
      outbox: this.outbox,
      log,
      metrics: this.metrics,
      timezone: config.timezone,
      loopBudget: config.loopBudget,
      historyTtlDays: config.historyTtlDays,
      retitle: (s) => this.retitle(s),
    });
    this.recovery = new Recovery({
      store,
      queues: this.queues,
      outbox: this.outbox,
      clock,
      log,
      config,
      redis: this.publisher,
      outboxExecuted: (id, version) => this.runner.outboxExecuted(id, version),
      upkeep: async () => {
        await recomputeDirty(store);
        await this.messageBuffer.purge(clock.now());
      },
      schedules: {
        rearm: () => this.timerStarts.rearm(),
        promoteDue: () => this.timerStarts.promoteDue(),
      },
    });
    this.messageBuffer = new MessageBuffer(store);
    this.messageStarts = new MessageStarts({
      definitions: this.definitions,
      chain: async (unit) => (await this.org.chain(unit)).map((u) => u.code),
      locate: async (lat, lng) => (await this.intake.locate(lat, lng)).grid ?? undefined,
      start: (key, args, actor) => this.start(key, args, actor),
    });
    this.timerStarts = new TimerStarts({
      store,
      queue: this.queues.starts,
      target: this.queues.target,
      definitions: this.definitions,
      clock,
      calendar,
      timezone: config.timezone,
      log,
      startCase: (a) =>
        this.start(
          a.key,
          { version: a.version, gridUnit: a.gridUnit, instanceId: a.instanceId, startNode: a.nodeId },
          TIMER_ACTOR,
        ),
      fireNow: (jobId, name, data, queue) => this.recovery.fireNow(jobId, name, data, queue),
    });
    this.cases = new CaseRecords(store);
    this.calls = new CalledCases({
      store,
      runner: this.runner,
      definitions: this.definitions,
      open: (start) => this.openCalled(start),
      unitChain: (code) => this.org.chain(code),
    });
    this.intake = new IntakeService({
      store,
      org: this.org,
      gridLevel: config.levels[0],
      processes: () => config.intakeProcesses,
      now: () => clock.now(),
      start: (key, args, actor) => this.start(key, args, actor),
      instance: (id) => this.cases.instance(id),
      movePhotos: (from, to) => this.attachments.moveTo(from, to),
    });
    this.caseSearch = new CaseSearch(store, LIST_TOTAL_CAP);
    this.savedFilters = new SavedFilters(store, () => this.clock.now());
    this.escalations = new EscalationLog(store);
    this.attachments = new CaseAttachments({
      store,
      now: () => clock.now(),
      limits: config.attachments,
      timezone: config.timezone,
    });
    this.supervision = new SupervisionOrders(this.orderDeps());
    this.inbox = new NotificationInbox(store);
    this.audit = new AuditLog(store);
    this.accounts = new UserAccounts(store, this.org);
    this.externalTasks = new ExternalTasks({ store, queues: this.queues, now: () => clock.now() });
    this.sessions = new RevokedTokens(store);
    this.patrols = new PatrolLog({
      store,
      org: this.org,
      now: () => clock.now(),
      timezone: config.timezone,
    });
    this.meetings = new MeetingLog({
      store,
      org: this.org,
      now: () => clock.now(),
      timezone: config.timezone,
    });
    this.scoring = new AssessmentScoring({
      store,
      org: this.org,
      timezone: config.timezone,
      now: () => clock.now(),
      assess: (q) => this.assess(q),
      membersOf: (unit) => orderRecipients(store, { unit }),
      patrolTime: (workers, fromDay, toDay) => this.patrols.dailyTime(workers, fromDay, toDay),
      isWorkday: (ms) => calendar.isWorkday(ms),
      meetingAttendance: (people, fromDay, toDay) => this.meetings.attendance(people, fromDay, toDay),
      meetingsHeld: (units, fromDay, toDay) => this.meetings.held(units, fromDay, toDay),
      activePeople: async (unit, fromDay, toDay) => [
        ...(await this.patrols.workersIn(unit, fromDay, toDay)),
        ...(await this.meetings.inviteesIn(unit, fromDay, toDay)),
      ],
      publish: (notices, at) => publishRanking(store, (e) => this.outbox.publish(e), notices, at),
    });
    this.migrations = new MigrationService({
      store,
      definitions: this.definitions,
      runner: this.runner,
      context: (s, actor) => this.runner.context(s, actor),
      clock,
      log,
      target: this.queues.target,
      shipped: new ShippedPlans(PROCESSES_DIR),
    });
    this.retention = new RetentionService({
      store,
      clock,
      dataDir: config.dataDir,
      timezone: config.timezone,
      log,
      intakeRetentionDays: config.intakeRetentionDays,
      removeIntakePhotos: (owner) => this.attachments.removeOwner(owner),
    });
    this.services.set('noop', async () => ({}));
    // business rule tasks (engine/elements/business-rule-task.ts) evaluate their DMN decision here
    this.services.set(DECISION_WORKER, decisionTaskWorker(this.decisions));
    this.useSmsGateway();
    // the last step of the bundled processes: answer the reporter of a case from intake, open its 回访
    this.services.set('citizen-reply', async (call) => {
      const s = await this.cases.instance(call.instanceId);
      if (s) await this.replies.onCaseClosing(s);
      return {};
    });
    // 挂牌督办 / 销号 / 期限预警 as steps of a process (e.g. fire_hazard districtListing, the 90-day limit of
    // illegal_structure): commands on the case itself, idempotent under retries (engine/sla/listing.ts)
    this.services.set('case-listing', async (call) => {
      await this.apply(call.instanceId, 'system', (c, s) => listByProcess(c, s, call.nodeId));
      return {};
    });
    this.services.set('case-delisting', async (call) => {
      await this.apply(call.instanceId, 'system', (c, s) => delistByProcess(c, s, call.nodeId));
      return {};
    });
    this.services.set('case-warning', async (call) => {
      await this.apply(call.instanceId, 'system', (c, s) => warnByProcess(c, s, call.nodeId, call.tokenId));
      return {};
    });
    this.forms.useCalendar({
      isWorkday: (ms) => calendar.isWorkday(ms),
      timezone: config.timezone,
    });
  }

  static async open(opts: EngineOptions): Promise<Engine> {
    checkCaseNumberPattern(opts.config.caseNumberPattern ?? DEFAULT_CASE_NUMBER_PATTERN);
    const log = opts.logger ?? createLogger();
    const store =
      opts.store ?? (await openStore({ mongoUrl: opts.config.mongoUrl, dataDir: opts.config.dataDir }));
    const calendar =
      opts.calendar ??
      createCalendar({
        ...loadCalendarConfig(),
        timezone: opts.config.timezone,
        onWarn: (m: string) => log.warn(m),
      } as any);
    const engine = new Engine(opts.config, store, opts.clock ?? systemClock, calendar, log);
    for (const [k, h] of Object.entries(opts.services ?? {})) engine.services.set(k, h);
    if (opts.config.webhookUrl) engine.channels.set('webhook', webhookChannel(opts.config.webhookUrl));
    for (const c of opts.channels ?? []) engine.channels.set(c.name, c);
    if (opts.smsGateway) engine.useSmsGateway(opts.smsGateway);
    await engine.forms.loadDir(opts.formsDir ?? path.join(PROCESSES_DIR, 'forms'));
    await engine.formVersions.load(engine.forms.keys(), engine.clock.now());
    if (opts.config.feelBudgetMs) setFeelBudget(opts.config.feelBudgetMs);
    await warmFeelSandbox();
    await backfillAccessKeys(store);
    await backfillOpenTaskKeys(store);
    await backfillCaseIndex(store);
    // in the background, paged: until it has run, the statistics read every open task as before
    engine.startCountsFromBackfill();
    // rollups of the assessment (engine/stats): built once from existing data, then kept by the outbox
    await ensureStats(engine.statsDeps());
    return engine;
  }

  /** What rebuilding the assessment rollups needs (engine/stats/backfill.ts). */
  statsDeps(): BackfillDeps {
    return {
      store: this.store,
      timezone: this.config.timezone,
      workingMs: (a, b) => this.calendar.elapsed(a, b, 'workday'),
      reworkFlows: (key, version) => this.reworkFlows(key, version),
      now: () => this.clock.now(),
      log: (msg, fields) => this.log.info(fields ?? {}, msg),
    };
  }

  /** Rebuilds the assessment facts and rollups from the records in the store (npm run rebuild-stats). */
  rebuildStats(): Promise<{ cases: number; facts: number }> {
    return rebuildStats(this.statsDeps());
  }

  /** Ids of the flows marked grid:rework="true" in a definition version (counted as 返工). */
  async reworkFlows(key: string, version: number): Promise<Set<string>> {
    const compiled = await this.definitions.compiled(key, version);
    return new Set(Object.values(compiled.flows).flatMap((f) => (f.rework ? [f.id] : [])));
  }

  // ---- workers -------------------------------------------------------------------------------

  /** Starts step/timer/service workers and the outbox sweeper in this process. */
  async startWorkers(opts: { recoverInBackground?: boolean } = {}): Promise<void> {
    if (this.workers) return;
    this.workers = new EngineWorkers({
      target: this.queues.target,
      runner: this.runner,
      definitions: this.definitions,
      store: this.store,
      log: this.log,
      metrics: this.metrics,
      services: this.services,
      concurrency: this.config.concurrency,
      timerConcurrency: this.config.timerConcurrency,
      timerBatch: this.config.timerBatch,
      jobLockMs: this.config.jobLockMs,
      stalledIntervalMs: this.config.stalledIntervalMs,
      channels: this.channels,
      orders: this.orderDeps(),
      smsReply: (replyId) => this.replies.deliver(replyId, (id) => this.cases.instance(id)),
      calls: this.calls,
    });
    this.workers.start();
    this.migrations.startWorker();
    this.timerStarts.startWorker();
    if (this.config.historyCleanupCron) {
      this.cleanupSchedule = new CleanupSchedule({
        queue: this.queues.maintenance,
        target: this.queues.target,
        cron: this.config.historyCleanupCron,
        timezone: this.config.timezone,
        run: () => this.retention.runCleanup('schedule'),
        log: this.log,
      });
      await this.cleanupSchedule.start();
    }
    // every few minutes: the first round after midnight closes the day's forgotten patrols (reads of a
    // worker's patrols also close theirs, so nothing waits on this timer for correctness)
    this.patrolSweep = setInterval(() => {
      this.patrols.closeStale().catch((err: Error) => this.log.warn({ err: err.message }, 'patrol sweep'));
    }, PATROL_SWEEP_MS);
    this.patrolSweep.unref();
    // never throws: what fails is logged and retried by the sweeper started next
    const recover = this.recovery.recoverAtStart().finally(() => this.recovery.startSweeper());
    // The entry points do not wait for it: the rebuild reads every open case (about 1 s per thousand), and
    // everything it does is idempotent beside live work — a job it re-adds exists already under its id, a
    // timer that fell due during the downtime fires a few seconds later instead of before the API answers.
    if (opts.recoverInBackground) this.recovering = recover;
    else await recover;
  }

  /** Builds the reply and 回访 services around an SMS gateway (default: the configured one). */
  useSmsGateway(gateway?: SmsGateway): void {
    const loop = createCitizenLoop({
      store: this.store,
      now: () => this.clock.now(),
      sms: this.config.sms,
      maxRounds: this.config.visitMaxRounds,
      timezone: this.config.timezone,
      notifyQueue: this.queues.notify,
      log: this.log,
      gateway,
      instance: (id) => this.cases.instance(id),
      start: (key, args, actor) => this.start(key, args, actor),
    });
    this.replies = loop.replies;
    this.visits = loop.visits;
    this.smsGateway = loop.gateway;
  }

  /** The start-up rebuild of jobs still running in the background (startWorkers({recoverInBackground})). */
  private recovering?: Promise<void>;

  /** What the reply deadlines of supervision orders need (engine/queue/orders.ts). */
  orderDeps(): OrderDeps {
    return {
      store: this.store,
      queues: this.queues,
      now: () => this.clock.now(),
      publish: (events) => this.outbox.publish(events),
      announce: (...args) => this.outbox.announce(...args),
      timezone: this.config.timezone,
      historyLevel: (instanceId) => this.historyLevelOf(instanceId),
    };
  }

  /** What the comment service needs (engine/cases/comments.ts); the API supplies its jurisdiction rule. */
  commentDeps(maySee: CommentDeps['maySee'], now: () => number): CommentDeps {
    return {
      store: this.store,
      now,
      maySee,
      displayNames: (names) => this.org.displayNames(names),
      announce: this.outbox.announce.bind(this.outbox),
      publish: (events) => this.outbox.publish(events),
    };
  }

  /** Assessment figures of a unit subtree over a period (GET /api/stats), working time on the workday calendar. */
  async assess(q: AssessRequest): Promise<Assessment> {
    return assessSubtree(this.store, (a, b) => this.calendar.elapsed(a, b, 'workday'), q);
  }

  /** Whether the store answers (readiness). */
  async pingStore(): Promise<boolean> {
    return this.store.ping();
  }

  /** grid:historyLevel of the case's definition (undefined = full; also for a case that no longer exists). */
  async historyLevelOf(
    instance: string | Pick<InstanceState, 'definitionKey' | 'definitionVersion'>,
  ): Promise<HistoryLevel | undefined> {
    const s =
      typeof instance === 'string' ? await new InstanceRepository(this.store).get(instance) : instance;
    if (!s) return undefined;
    return (await this.definitions.compiled(s.definitionKey, s.definitionVersion)).historyLevel;
  }

  async stopWorkers(): Promise<void> {
    await this.recovering; // never rejects (recoverAtStart logs what failed)
    this.recovering = undefined;
    this.recovery.stopSweeper();
    await this.workers?.close();
    this.workers = undefined;
    await this.migrations.stopWorker();
    await this.timerStarts.close();
    await this.cleanupSchedule?.close();
    this.cleanupSchedule = undefined;
    clearInterval(this.patrolSweep);
    this.patrolSweep = undefined;
  }

  /** Stops and disconnects; `keepStore` leaves the store open for its other user (a first start's sampler). */
  private startCountsFromBackfill(): void {
    const pass = { stop: false, done: Promise.resolve() };
    pass.done = backfillCountsFrom(this.store, () => pass.stop).then(
      (n) => {
        if (n) this.log.info({ tasks: n }, 'open tasks given countsFrom (statistics at now)');
      },
      (err: unknown) =>
        this.log.warn({ err }, 'countsFrom backfill stopped; the statistics read every open task'),
    );
    this.countsFromPass = pass;
  }

  async close(opts: { keepStore?: boolean } = {}): Promise<void> {
    if (this.countsFromPass) {
      this.countsFromPass.stop = true;
      await this.countsFromPass.done;
    }
    await this.stopWorkers();
    await this.migrations.close();
    await this.queues.close();
    this.publisher?.disconnect();
    if (!opts.keepStore) await this.store.close();
  }

  // ---- definitions ---------------------------------------------------------------------------

  /**
   * Deploys BPMN XML with the form schemas it brings (`forms`: formKey → JSON Schema). Each form key the
   * processes refer to is pinned to the schema brought, or else to the current form of that key; a key with
   * neither is refused (`unknown-form`). Forms brought become the current ones of their keys.
   */
  async deploy(
    xml: string,
    actor = 'system',
    forms: Record<string, object> = {},
  ): Promise<DocumentDeployment> {
    const brought = checkFormSchemas(this.forms, forms);
    const known = await this.referenceCatalogue();
    const catalogue = { ...known, forms: new Set([...(known.forms ?? []), ...Object.keys(brought)]) };
    const now = this.clock.now();
    const d = await this.definitions.deploy(xml, actor, now, catalogue, async (c) => {
      await this.checkStartEvents(c);
      return this.formVersions.pin(formKeysOf(c), brought, actor, now);
    });
    for (const p of d.processes) {
      this.log.info({ key: p.key, version: p.version, created: p.created, actor }, 'definition deployed');
      // a new version's timer start events replace the old one's schedules; should that fail (Redis down),
      // the deploy stands and the recovery's rebuild brings the schedules up to date
      await this.timerStarts
        .sync(p.key)
        .catch((err: Error) =>
          this.log.error({ key: p.key, err: err.message }, 'timer start schedules not yet armed'),
        );
    }
    return d;
  }

  /**
   * Deploy rules of start events that need the store: a timer or message start's grid:startUnit is a unit,
   * and a message name starts one process only.
   */
  private async checkStartEvents(c: CompiledProcess): Promise<void> {
    const errors: DeployError[] = [];
    for (const n of Object.values(c.nodes)) {
      if (n.startUnit === undefined || (await this.org.chain(n.startUnit)).length) continue;
      errors.push({
        elementId: n.id,
        message: `grid:startUnit "${n.startUnit}" is not a unit of the grid`,
        code: 'start-timer.unit-unknown',
        params: { elementId: n.id, unit: n.startUnit },
      });
    }
    if (messageStartsOf(c).length) errors.push(...(await this.messageStarts.conflicts(c)));
    if (errors.length) throw new DeploymentError(errors);
  }

  /**
   * Retires (or reactivates) a process, or one version of it; the schedules of its timer start events stop
   * (or resume on the version now startable). False when the key or version does not exist.
   */
  async setRetired(
    key: string,
    version: number | undefined,
    retired: boolean,
    actor: string,
  ): Promise<boolean> {
    const ok = await this.definitions.setRetired(key, version, retired, actor, this.clock.now());
    // a failed sync leaves nothing wrong behind: a retired schedule's job finds it retired and stops it, and
    // the recovery's rebuild brings reactivated ones back
    if (ok)
      await this.timerStarts
        .sync(key)
        .catch((err: Error) => this.log.error({ key, err: err.message }, 'timer start schedules not synced'));
    return ok;
  }

  /** Compiles every executable process without deploying, with the same checks as deploy (the modeler's validate). */
  async validateDefinition(xml: string): Promise<CompiledDocument> {
    return compileDocument(xml, { levels: this.config.levels, catalogue: await this.referenceCatalogue() });
  }

  /** The roles of the org's catalogue and the forms of the registry a definition may refer to. */
  async referenceCatalogue(): Promise<ReferenceCatalogue> {
    return {
      roles: await this.org.knownRoles(),
      forms: new Set(this.forms.keys()),
      // a call activity naming none of these deploys with a warning (the process may come later)
      processes: new Set((await this.definitions.list()).map((d) => d.key)),
    };
  }

  // ---- instances -----------------------------------------------------------------------------

  async start(key: string, args: StartArgs, actor = 'system'): Promise<InstanceState> {
    const doc = await this.definitions.get(key, args.version);
    if (!doc)
      throw new CommandError(
        'not-found',
        `process definition ${key} not found`,
        [{ path: '/definitionKey', message: 'unknown process' }],
        'definition.not-found',
        { key },
      );
    const badKeys = unstorableKeys(args.variables ?? {}, '/variables');
    if (badKeys.length)
      throw new CommandError('invalid', 'variables cannot be stored', badKeys, 'variables.unstorable');
    if (args.variables && Object.hasOwn(args.variables, TIME_LIMITS_VARIABLE))
      throw new CommandError(
        'invalid',
        `${TIME_LIMITS_VARIABLE} comes from the units' configuration`,
        [
          {
            path: `/variables/${TIME_LIMITS_VARIABLE}`,
            message: 'reserved: set by the time limits of the units',
          },
        ],
        'variables.reserved',
        { name: TIME_LIMITS_VARIABLE },
      );
    const unitChain = await this.org.chain(args.gridUnit);
    if (!unitChain.length)
      throw new CommandError(
        'invalid',
        `unknown grid unit ${args.gridUnit}`,
        [{ path: '/gridUnit', message: 'unknown unit' }],
        'unit.unknown',
        { unit: args.gridUnit },
      );
    const def = await this.definitions.compiled(doc.key, doc.version);
    // by hand (the API): the none start event; a timer or message start names its own
    const startAt = def.nodes[args.startNode ?? def.startNode];
    const startable = args.startNode === undefined ? ['startEvent'] : ['timerStart', 'messageStart'];
    if (!startAt || !startable.includes(startAt.kind) || startAt.parent !== undefined)
      throw new CommandError(
        'invalid',
        `process ${key} has no none start event`,
        [{ path: '/definitionKey', message: 'started by a timer or a message only' }],
        'definition.no-none-start',
        { key },
      );
    const ctx: StepContext = {
      def,
      now: this.clock.now(),
      calendar: this.calendar,
      actor,
      timezone: this.config.timezone,
      loopBudget: this.config.loopBudget,
      historyTtlDays: this.config.historyTtlDays,
    };
    const out = newInstance(ctx, {
      id: args.instanceId ?? `i${randomUUID().replace(/-/g, '').slice(0, 20)}`,
      def,
      definitionVersion: doc.version,
      businessKey: args.businessKey,
      gridUnit: args.gridUnit,
      unitChain,
      // place configuration, fixed for the case at its start (as its unit chain is)
      variables: { ...args.variables, [TIME_LIMITS_VARIABLE]: await this.org.timeLimits(args.gridUnit) },
      ...(args.startNode !== undefined ? { startNode: args.startNode } : {}),
    });
    // number and title are the case's from its first write on (the first task projection carries them)
    out.state.caseNo =
      args.caseNo ??
      (await allocateCaseNumber(
        this.store,
        this.config.caseNumberPattern ?? DEFAULT_CASE_NUMBER_PATTERN,
        unitChain,
        ctx.now,
        this.config.timezone,
      ));
    out.state.title = caseTitle({
      expression: def.title,
      variables: args.variables ?? {},
      schema: this.forms.schema(startFormKey(def)),
      processName: def.name,
    });
    return this.runner.create(out);
  }

  /**
   * Opens a case a call activity called (engine/cases/called-cases.ts): on the parent's grid unit, with its
   * input variables and the time limits of that unit, numbered and titled as every case. The id is the one
   * the parent's transition fixed: a second attempt finds it taken and changes nothing.
   */
  private async openCalled(c: CalledStart): Promise<void> {
    const def = await this.definitions.compiled(c.key, c.version);
    const ctx: StepContext = {
      def,
      now: this.clock.now(),
      calendar: this.calendar,
      actor: 'system',
      timezone: this.config.timezone,
      loopBudget: this.config.loopBudget,
      historyTtlDays: this.config.historyTtlDays,
    };
    const out = newInstance(ctx, {
      id: c.id,
      def,
      definitionVersion: c.version,
      businessKey: c.businessKey,
      gridUnit: c.gridUnit,
      unitChain: c.unitChain,
      variables: { ...c.variables, [TIME_LIMITS_VARIABLE]: await this.org.timeLimits(c.gridUnit) },
    });
    out.state.parent = c.parent;
    out.state.callDepth = c.callDepth;
    out.state.caseNo = await allocateCaseNumber(
      this.store,
      this.config.caseNumberPattern ?? DEFAULT_CASE_NUMBER_PATTERN,
      c.unitChain,
      ctx.now,
      this.config.timezone,
    );
    out.state.title = caseTitle({
      expression: def.title,
      variables: c.variables,
      schema: this.forms.schema(startFormKey(def)),
      processName: def.name,
    });
    try {
      await this.runner.create(out);
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err; // opened by an earlier attempt of the same call job
    }
  }

  /**
   * The title of a case after a step: the title rule over its variables now, so a report filled in at the
   * first task names the case; the current title stays when the rule only yields the process name.
   */
  private async retitle(s: InstanceState): Promise<string | undefined> {
    try {
      const def = await this.definitions.compiled(s.definitionKey, s.definitionVersion);
      const fresh = caseTitle({
        expression: def.title,
        variables: s.variables,
        schema: this.forms.schema(startFormKey(def)),
      });
      return fresh || s.title;
    } catch {
      return s.title; // a title never fails a step
    }
  }

  /**
   * Variables that may be set when a case is opened: the inputs of its start form (engine/model/compile.ts
   * startFormKey). The API refuses any other start variable.
   */
  async startInputs(key: string, version?: number): Promise<{ formKey?: string; inputs: string[] }> {
    const doc = await this.definitions.get(key, version);
    if (!doc) return { inputs: [] };
    const formKey = startFormKey(await this.definitions.compiled(doc.key, doc.version));
    return { formKey, inputs: formKey ? this.forms.inputs(formKey) : [] };
  }

  /** The case file of `s` (engine/cases/case-file.ts): report, completed steps, supervision orders. */
  async caseFile(s: InstanceState, opts: { limit?: number } = {}): Promise<CaseFile> {
    return readCaseFile(
      {
        store: this.store,
        schema: (k) => this.forms.schema(k),
        startFormKey: async (x) =>
          startFormKey(await this.definitions.compiled(x.definitionKey, x.definitionVersion)),
        now: () => this.clock.now(),
        displayNames: (u) => this.org.displayNames(u),
        attachments: (id) => this.attachments.ofCase(id),
      },
      s,
      opts,
    );
  }

  /**
   * Hands the first step of a case just opened by `starter` to them (engine/cases/first-task.ts), when
   * `mayAct` allows them to work it; answers that step.
   */
  async claimFirstTask(s: InstanceState, starter: string, mayAct: (t: TaskDoc) => boolean) {
    const def = await this.definitions.compiled(s.definitionKey, s.definitionVersion);
    return claimFirstTask(
      {
        waitForIdle: (id, ms) => this.waitForIdle(id, ms),
        openTasks: (id) => this.openTasksOfCase(id),
        claim: (taskId, actor) => this.claim(taskId, actor),
      },
      s._id,
      startFormKey(def),
      starter,
      mayAct,
    );
  }

  async getInstance(id: string): Promise<(InstanceState & { history: HistoryRecord[] }) | null> {
    const s = await new InstanceRepository(this.store).get(id);
    if (!s) return null;
    const history = await this.history(id);
    return { ...s, history };
  }

  async history(instanceId: string): Promise<HistoryRecord[]> {
    const h = await new HistoryLog(this.store).ofCase(instanceId);
    // ids are `${instance}.${version}.${index}`: order by version then index within equal timestamps
    return h.sort((a, b) => a.at - b.at || seqOf(a._id) - seqOf(b._id));
  }

  /** A page of a case's history, oldest first: the newest `limit` records, or those before `before`. */
  async historyPage(
    instanceId: string,
    opts: { before?: number; limit: number },
  ): Promise<HistoryPage & { items: DescribedRecord[] }> {
    const [page, s] = await Promise.all([
      readHistoryPage(this.store, instanceId, opts),
      new InstanceRepository(this.store).get(instanceId),
    ]);
    // in people's words (engine/cases/history-words.ts): element, people and unit names, changed fields
    const current = s
      ? await this.definitions.compiled(s.definitionKey, s.definitionVersion).catch(() => undefined)
      : undefined;
    // a migrated case's earlier records name elements of the versions it ran on before
    const definition =
      current &&
      (await withEarlierElements(
        this.definitions,
        current,
        s!.definitionVersion,
        page.items.map((r) => r.elementId),
      ));
    const items = await describeHistory(
      {
        definition,
        schema: (k) => this.forms.schema(k),
        displayNames: (u) => this.org.displayNames(u),
        unitName: async (c) => (await this.org.unit(c))?.name,
      },
      page.items,
    );
    return { ...page, items };
  }

  async cancelInstance(id: string, actor: string, reason?: string): Promise<InstanceState> {
    const out = await this.apply(id, actor, (ctx, s) => cancelInstance(ctx, s, reason));
    return out.state;
  }

  /** Retries an incident's step; `variables` are set first (e.g. a corrected time limit the step reads). */
  async retryIncident(
    instanceId: string,
    incidentId: string,
    actor: string,
    variables?: Record<string, unknown>,
  ): Promise<void> {
    if (variables) {
      const bad = unstorableKeys(variables, '/variables');
      if (bad.length)
        throw new CommandError('invalid', 'variables cannot be stored', bad, 'variables.unstorable');
    }
    await this.apply(instanceId, actor, (ctx, s) => retryIncident(ctx, s, incidentId, variables));
  }

  // ---- tasks ---------------------------------------------------------------------------------

  async getTask(taskId: string): Promise<TaskDoc | null> {
    return new TaskRepository(this.store).get(taskId);
  }

  /** A page of the tasks `viewer` may see that meet `criteria` (their inbox; open tasks by default). */
  async taskInbox(
    viewer: Viewer,
    criteria: InboxCriteria,
    opts: { sort?: InboxSort; skip?: number; limit?: number } = {},
  ): Promise<Page<TaskDoc>> {
    const limit = opts.limit ?? 50;
    const skip = opts.skip ?? 0;
    const { items, total } = await new TaskRepository(this.store).inbox(viewer, criteria, {
      sort: opts.sort,
      skip,
      limit,
    });
    return { items, total, skip, limit };
  }

  /**
   * A page of the open tasks of every case (at one node or unit when `at` says), due first then oldest, with
   * the total: the engine's own walks, samples and tests (the API asks `taskInbox`).
   */
  async openTasks(
    at: { nodeId?: string; unit?: string } = {},
    opts: { skip?: number; limit?: number } = {},
  ): Promise<Page<TaskDoc>> {
    const limit = opts.limit ?? 50;
    const skip = opts.skip ?? 0;
    const { items, total } = await new TaskRepository(this.store).openPage(at, { skip, limit });
    return { items, total, skip, limit };
  }

  /** The open tasks of a case (at one node or unit when `at` says), due first then oldest. */
  async openTasksOfCase(instanceId: string, at: { nodeId?: string; unit?: string } = {}): Promise<TaskDoc[]> {
    return new TaskRepository(this.store).openOfCase(instanceId, at);
  }

  /** Every task of a case, open and done, in the order they were created. */
  async tasksOfCase(instanceId: string): Promise<TaskDoc[]> {
    return new TaskRepository(this.store).ofCase(instanceId);
  }

  /**
   * Completes a user task: validates the form, reserves the completion (a second caller gets a conflict),
   * then the completion runs as a step job. Resolves once the job has applied it (or after `waitMs`).
   */
  async completeTask(
    taskId: string,
    actor: string,
    data: Record<string, unknown> = {},
    waitMs = 15000,
  ): Promise<TaskDoc | null> {
    const task = await this.requireTask(taskId);
    await this.formVersions.ensure([task.formKey]);
    const badKeys = unstorableKeys(data, '/data');
    if (badKeys.length)
      throw new CommandError('invalid', 'form data cannot be stored', badKeys, 'form.unstorable');
    const filled = structuredClone(data);
    const errors = this.forms.validate(task.formKey, filled); // fills in schema defaults
    if (errors.length)
      throw new CommandError(
        'invalid',
        `form ${bareFormKey(task.formKey ?? '')} is invalid`,
        errors,
        'form.invalid',
        { formKey: bareFormKey(task.formKey ?? '') },
      );
    const defaulted = Object.keys(filled).filter((k) => !(k in data));
    await this.apply(task.instanceId, actor, (ctx, s) =>
      reserveCompletion(ctx, s, taskId, filled, defaulted),
    );
    return this.waitForTask(taskId, (t) => t.status !== 'open', waitMs);
  }

  async claim(taskId: string, actor: string): Promise<TaskDoc> {
    return this.taskCommand(taskId, actor, (tx) => taskOps.claim(tx, taskId, actor));
  }
  async unclaim(taskId: string, actor: string, force = false): Promise<TaskDoc> {
    return this.taskCommand(taskId, actor, (tx) => taskOps.unclaim(tx, taskId, actor, force));
  }
  async delegate(taskId: string, actor: string, to: string): Promise<TaskDoc> {
    return this.taskCommand(taskId, actor, (tx) => taskOps.delegate(tx, taskId, actor, to));
  }
  async resolveDelegation(taskId: string, actor: string): Promise<TaskDoc> {
    return this.taskCommand(taskId, actor, (tx) => taskOps.resolveDelegation(tx, taskId, actor));
  }
  async reassign(taskId: string, actor: string, to: string, takeOver = false): Promise<TaskDoc> {
    return this.taskCommand(taskId, actor, (tx) =>
      taskOps.reassign(tx, taskId, to, takeOver ? 'taken-over' : 'reassigned'),
    );
  }
  async pause(taskId: string, actor: string, reason?: string): Promise<TaskDoc> {
    return this.taskCommand(taskId, actor, (tx) => taskOps.pause(tx, taskId, reason));
  }
  async resume(taskId: string, actor: string): Promise<TaskDoc> {
    return this.taskCommand(taskId, actor, (tx) => taskOps.resume(tx, taskId));
  }

  /** 退单 (engine/runtime/task-return.ts), within the configured RETURN_WINDOW. */
  async returnTask(taskId: string, actor: string, reason: string, supervisor = false): Promise<TaskDoc> {
    const window = this.config.returnWindow;
    return this.taskCommand(taskId, actor, (tx) =>
      returnOps.returnTask(tx, taskId, { reason, window, supervisor }),
    );
  }
  async redispatch(taskId: string, actor: string, unit: string, roles: string[]): Promise<TaskDoc> {
    return this.taskCommand(taskId, actor, (tx) => returnOps.redispatch(tx, taskId, unit, roles));
  }
  async requestExtension(taskId: string, actor: string, reason: string, dueAt: number): Promise<TaskDoc> {
    return this.taskCommand(taskId, actor, (tx) => requestOps.requestExtension(tx, taskId, reason, dueAt));
  }
  /** 挂账申请 on a task; `approverUnit`: whose supervisors are told. */
  async requestBacklog(
    taskId: string,
    actor: string,
    reason: string,
    reviewAt: number,
    approverUnit: string,
  ): Promise<TaskDoc> {
    return this.taskCommand(taskId, actor, (tx) =>
      requestOps.requestBacklog(tx, taskId, reason, reviewAt, approverUnit),
    );
  }
  /** Approves or refuses a pending request (idempotent for a replayed decision). */
  async decideRequest(
    taskId: string,
    requestId: string,
    actor: string,
    approve: boolean,
    comment?: string,
  ): Promise<TaskDoc> {
    return this.taskCommand(taskId, actor, (tx) =>
      requestOps.decideRequest(tx, taskId, requestId, approve, comment),
    );
  }

  private async taskCommand(taskId: string, actor: string, op: (tx: Tx) => void): Promise<TaskDoc> {
    const task = await this.requireTask(taskId);
    await this.apply(task.instanceId, actor, (ctx, s) => {
      const tx = new Tx(ctx, s);
      op(tx);
      return tx.done();
    });
    return (await this.getTask(taskId))!;
  }

  private async requireTask(taskId: string): Promise<TaskDoc> {
    const task = await this.getTask(taskId);
    if (!task)
      throw new CommandError('not-found', `task ${taskId} not found`, [], 'task.not-found', { taskId });
    return task;
  }

  // ---- messages ------------------------------------------------------------------------------

  /**
   * Delivers a message to every instance waiting for (name, correlationKey) — with `scope`, only to the
   * instances matching that store query (the caller's jurisdiction); `actor` is recorded in their history.
   * With a messageId, a repeated delivery of the same message is recognised and changes nothing. A message
   * that matches no waiting instance answers `correlated: 0` and does not claim its messageId, so it may be
   * sent again (with the same id) once the case waits for it. Such a message starts a case instead when a
   * message start event of its name is deployed (`started`), or else, with `ttlSeconds`, is buffered for the
   * first subscription of its name and key created in that time (`buffered`).
   */
  async correlateMessage(
    name: string,
    correlationKey: string,
    variables: Record<string, unknown> = {},
    messageId?: string,
    opts: CorrelateOptions = {},
  ): Promise<CorrelateResult> {
    const badKeys = unstorableKeys(variables, '/variables');
    if (badKeys.length)
      throw new CommandError('invalid', 'message variables cannot be stored', badKeys, 'message.unstorable');
    const maxTtl = this.config.messageBufferMaxTtlS ?? DEFAULT_MESSAGE_BUFFER_MAX_TTL_S;
    if (opts.ttlSeconds !== undefined && opts.ttlSeconds > maxTtl)
      throw new CommandError(
        'invalid',
        `a message may be buffered for at most ${maxTtl} seconds`,
        [{ path: '/ttl', message: `at most ${maxTtl}` }],
        'message.ttl',
        { max: maxTtl },
      );
    const found = await new SubscriptionRepository(this.store).forMessage(name, String(correlationKey));
    let targets: MessageTarget[] = await this.inScope(
      found.map((s) => ({ instanceId: s.instanceId as string, subscriptionId: s.id as string })),
      opts.supervisedBy,
    );
    let actor = opts.actor ?? 'system';
    let duplicate = false;
    if (messageId) {
      // the message id is claimed before anything is enqueued: of two racing deliveries one records its
      // targets, the other (and any later retry) re-enqueues exactly those under the same job ids, so a
      // crash between the record and the enqueue loses nothing and a catch further on is never consumed
      const messages = new MessageLog(this.store);
      let seen = targets.length ? null : await messages.get(messageId);
      if (targets.length) {
        const recorded = await messages.record({
          _id: messageId,
          name,
          correlationKey,
          targets,
          variables,
          actor,
          at: this.clock.now(),
        });
        if (!recorded) seen = await messages.get(messageId);
      }
      if (seen) {
        targets = await this.inScope((seen.targets as MessageTarget[] | undefined) ?? [], opts.supervisedBy);
        variables = (seen.variables as Record<string, unknown>) ?? variables;
        actor = (seen.actor as string | undefined) ?? actor;
        duplicate = true;
      }
    }
    await this.queues.steps.addBulk(
      targets.map((t) => ({
        name: 'message',
        data: { instanceId: t.instanceId, subscriptionId: t.subscriptionId, variables, actor },
        opts: { jobId: `msg.${t.instanceId}.${t.subscriptionId}` },
      })),
    );
    if (targets.length || duplicate) return { correlated: targets.length, duplicate };
    // Camunda's order: a waiting case first; else a message start event; else (asked) the buffer
    const starts = await this.messageStarts.targets(name);
    if (starts.length)
      return {
        correlated: 0,
        ...(await this.messageStarts.start(starts, {
          name,
          correlationKey,
          variables,
          messageId,
          actor,
          gridUnit: opts.gridUnit,
          mayStartAt: opts.mayStartAt,
        })),
      };
    if (opts.ttlSeconds) {
      const kept = await this.messageBuffer.put({
        name,
        correlationKey: String(correlationKey),
        variables,
        actor,
        at: this.clock.now(),
        ttlMs: opts.ttlSeconds * 1000,
        ...(messageId !== undefined ? { messageId } : {}),
        ...(opts.bufferScope ? { scope: opts.bufferScope } : {}),
      });
      return {
        correlated: 0,
        duplicate: kept.duplicate,
        buffered: { id: kept.id, expiresAt: kept.expiresAt },
      };
    }
    return { correlated: 0, duplicate: false };
  }

  /**
   * A subscription was stored (the outbox of its case): the oldest buffered message of its name and key, if
   * any, is claimed by it and delivered as a correlated message would be (same job id: once).
   */
  private async deliverBuffered(state: InstanceState, sub: Subscription): Promise<void> {
    // signals are broadcast, never buffered: only a message subscription (with its key) claims a message
    if (sub.signal || sub.correlationKey === undefined) return;
    const instanceId = state._id;
    const claimant = `${sub.id}@${instanceId}`;
    const m = await this.messageBuffer.claim(
      sub.name,
      sub.correlationKey,
      claimant,
      this.clock.now(),
      state.unitPath,
    );
    if (!m) return;
    await this.queues.steps.add(
      'message',
      { instanceId, subscriptionId: sub.id, variables: m.variables, actor: m.actor },
      { jobId: `msg.${instanceId}.${sub.id}` },
    );
    await this.messageBuffer.delivered(m._id, this.clock.now());
  }

  /**
   * Throws a signal for an admin or supervisor (POST /api/signals): it reaches every case waiting for `name`
   * whose grid unit is `unit` or below it (engine/queue/signals.ts). The caller checked `unit` is in its
   * jurisdiction. With a signalId a repeated call reaches the same cases again under the same job ids
   * (no case catches it twice); without one every call is a new signal.
   */
  async throwSignal(
    name: string,
    unit: string,
    variables: Record<string, unknown> = {},
    opts: { actor?: string; signalId?: string } = {},
  ): Promise<{ signalId: string } & SignalDelivery> {
    const badKeys = unstorableKeys(variables, '/variables');
    if (badKeys.length)
      throw new CommandError('invalid', 'signal variables cannot be stored', badKeys, 'signal.unstorable');
    const signalId = opts.signalId ?? `api.${randomUUID()}`;
    const delivery = await broadcastSignal(
      this.store,
      this.queues,
      { id: signalId, name, unit, variables },
      opts.actor ?? 'system',
      this.clock.now(),
    );
    return { signalId, ...delivery };
  }

  /** The targets whose case `viewer` supervises (all of them without a viewer, or for an admin). */
  private async inScope(targets: MessageTarget[], viewer?: Viewer): Promise<MessageTarget[]> {
    const scope = viewer && supervisedCasesCondition(viewer);
    if (!scope || !targets.length) return targets;
    const ids = [...new Set(targets.map((t) => t.instanceId))];
    const allowed = await new InstanceRepository(this.store).getMany(ids, scope);
    const ok = new Set(allowed.map((s) => s._id));
    return targets.filter((t) => ok.has(t.instanceId));
  }

  // ---- timers & test support -----------------------------------------------------------------

  /** Fires every timer due by the engine clock now (used with a manual clock, and after downtime). */
  async fireDueTimers(): Promise<number> {
    return this.recovery.promoteDueTimers();
  }

  /** Resolves when the instance has nothing in flight: no ready token, pending completion, outbox or running service. */
  async waitForIdle(instanceId: string, timeoutMs = 10000): Promise<InstanceState> {
    const instances = new InstanceRepository(this.store);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const s = await instances.get(instanceId);
      if (!s) throw new InstanceNotFound(instanceId);
      if (isIdle(s, this.runner.outboxExecuted(s._id, s.version))) return s;
      if (Date.now() > deadline) throw new Error(`instance ${instanceId} not idle after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 15));
    }
  }

  private async waitForTask(
    taskId: string,
    done: (t: TaskDoc) => boolean,
    waitMs: number,
  ): Promise<TaskDoc | null> {
    const deadline = Date.now() + waitMs;
    // woken as soon as this process writes the task's read model (the step ran here: the usual case, API
    // and workers in one process), else at the next poll (a worker process wrote it); the waiter is in place
    // before each read, so a write landing between the read and the wait still wakes it
    let wake = () => {};
    const waiter = () => wake();
    const waiters = this.taskWaiters.get(taskId) ?? new Set();
    this.taskWaiters.set(taskId, waiters.add(waiter));
    try {
      for (;;) {
        let woken = false;
        wake = () => void (woken = true);
        const t = await this.getTask(taskId);
        if (!t || done(t) || Date.now() > deadline) return t;
        if (woken) continue;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, this.taskPollMs);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    } finally {
      waiters.delete(waiter);
      if (!waiters.size) this.taskWaiters.delete(taskId);
    }
  }

  async apply<R>(instanceId: string, actor: string, command: Command<R>): Promise<Outcome<R>> {
    return this.runner.apply(instanceId, actor, command);
  }

  timerJobId = timerJobId;
}

function seqOf(id: string): number {
  const parts = id.split('.');
  return Number(parts[parts.length - 2]) * 10000 + Number(parts[parts.length - 1]);
}

/** `outboxDone`: the outbox was executed (its clearing write may still be pending). */
export function isIdle(s: InstanceState, outboxDone = false): boolean {
  if (s.outbox.length && !outboxDone) return false;
  if (s.status !== 'active') return true;
  for (const t of Object.values(s.tokens)) {
    if (t.status === 'ready' || (t.status === 'waiting' && t.on === 'service')) return false;
  }
  for (const t of Object.values(s.tasks)) if (t.status === 'open' && t.completing) return false;
  return true;
}
