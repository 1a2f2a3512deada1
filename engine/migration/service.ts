// Migration of running cases, the application service: checks a plan against every active case of the
// source version (refused as a whole, with the element ids, when one case cannot move), shows per case what
// would happen (dry run), and runs the migration as a job record and one BullMQ job per batch of cases.
//
// Exactly once under at-least-once delivery: each case moves in one version-checked step of the runner
// (engine/queue/runner.ts); a batch delivered twice finds its cases at the target version already and counts
// them as done (`skipped: already-migrated` by engine/runtime/migration.ts), and the batch's outcome is stored
// under its index in the job record (`batches.<n>`), so a re-run replaces its own counts instead of adding to
// them. The job record's totals are summed from those entries when read.
import { randomUUID } from 'node:crypto';
import { Queue, Worker, type Job } from 'bullmq';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { DefinitionRepository } from '../model/repository.js';
import type { CompiledProcess } from '../model/types.js';
import { connectionOptions, type RedisTarget } from '../queue/queues.js';
import type { InstanceRunner } from '../queue/runner.js';
import {
  checkInstance,
  checkPlan,
  effectiveMapping,
  migrateInstance,
  type MigrationMapping,
  type MigrationProblem,
  type MigrationReport,
  type MigrationResult,
} from '../runtime/migration.js';
import type { StepContext } from '../runtime/transition.js';
import type { InstanceState } from '../runtime/types.js';
import { MetaRecords } from '../store/meta.js';
import { DuplicateKeyError, type Store } from '../store/types.js';
import type { ShippedPlan, ShippedPlans } from './shipped.js';
import { InstanceRepository } from '../cases/instance-repository.js';

export const MIGRATION_QUEUE = 'migrations';
/** cases one batch job migrates */
export const DEFAULT_BATCH_SIZE = 50;
/** cases one migration may move; more: migrate in several runs (each takes the cases still on the source) */
export const MAX_CASES = 20_000;
/** per-case lines a dry run answers (the counts cover every case) */
export const DRY_RUN_LIMIT = 200;
/** cases read from the store at once while checking */
const PAGE_SIZE = 500;
/** cases a refusal names per problem */
const CASES_PER_PROBLEM = 20;
/** failures a batch keeps with their reason */
const FAILURES_KEPT = 20;

export interface MigrationInput {
  definitionKey: string;
  fromVersion: number;
  toVersion: number;
  /** old element id → new element id, null to drop a boundary event; identical ids map by default */
  mapping: MigrationMapping;
  /** old element ids whose waiting tokens enter their new element anew (engine/runtime/migration.ts) */
  enter?: string[];
}

/** Why a migration cannot run: a coded 4xx at the API. */
export class MigrationRefused extends Error {
  constructor(
    readonly code:
      | 'migration.same-version'
      | 'migration.version-not-found'
      | 'migration.invalid'
      | 'migration.too-many-cases',
    readonly params: Record<string, unknown>,
    /** the element problems, each with the cases it concerns */
    readonly problems: Array<MigrationProblem & { cases: string[] }> = [],
  ) {
    super(`migration refused: ${code}`);
    this.name = 'MigrationRefused';
  }
}

export interface BatchOutcome {
  done: number;
  failed: number;
  failures: Array<{ instanceId: string; reason: string }>;
}

export interface MigrationRecord {
  _id: string;
  type: 'migration';
  definitionKey: string;
  fromVersion: number;
  toVersion: number;
  /** the plan's entries as pairs: element ids may contain '.', which stores refuse in keys */
  pairs: Array<{ from: string; to: string | null }>;
  /** the plan's elements entered anew (absent: none) */
  enter?: string[];
  total: number;
  batchCount: number;
  /** batch index → its outcome (written by the batch job; a re-run overwrites its own entry) */
  batches: Record<string, BatchOutcome>;
  createdBy: string;
  createdAt: number;
}

/** The progress view of a job record: totals summed over the batches. */
export interface MigrationProgress {
  id: string;
  definitionKey: string;
  fromVersion: number;
  toVersion: number;
  mapping: MigrationMapping;
  enter: string[];
  total: number;
  done: number;
  failed: number;
  status: 'running' | 'completed' | 'completed-with-failures';
  failures: Array<{ instanceId: string; reason: string }>;
  createdBy: string;
  createdAt: number;
}

export interface DryRunCase {
  instanceId: string;
  caseNo?: string;
  status: MigrationResult['status'];
  problems?: MigrationProblem[];
  report?: MigrationReport;
}

export interface MigrationDeps {
  store: Store;
  definitions: DefinitionRepository;
  runner: InstanceRunner;
  /** a step context (calendar, clock, time zone) for a dry run, as the runner builds one */
  context: (state: InstanceState, actor: string) => Promise<StepContext>;
  clock: Clock;
  log: Logger;
  target: RedisTarget;
  batchSize?: number;
  /** the plans shipped with the bundled processes (processes/migrations) */
  shipped?: ShippedPlans;
}

const recordId = (id: string) => `migration:${id}`;

export class MigrationService {
  readonly queue: Queue;
  private worker?: Worker;

  constructor(private readonly d: MigrationDeps) {
    this.queue = new Queue(MIGRATION_QUEUE, {
      connection: connectionOptions(d.target.url),
      prefix: d.target.prefix,
      defaultJobOptions: {
        removeOnComplete: true,
        removeOnFail: { count: 1000 },
        attempts: 5,
        backoff: { type: 'exponential', delay: 1000 },
      },
    });
  }

  private get meta() {
    return new MetaRecords(this.d.store);
  }

  /** The two compiled versions; refused when they are the same or one does not exist. */
  private async versions(input: MigrationInput): Promise<[CompiledProcess, CompiledProcess]> {
    const { definitionKey: key, fromVersion, toVersion } = input;
    if (fromVersion === toVersion)
      throw new MigrationRefused('migration.same-version', { key, version: fromVersion });
    for (const version of [fromVersion, toVersion])
      if (!(await this.d.definitions.get(key, version)))
        throw new MigrationRefused('migration.version-not-found', { key, version });
    return [
      await this.d.definitions.compiled(key, fromVersion),
      await this.d.definitions.compiled(key, toVersion),
    ];
  }

  /** How many active cases are on the source version (counted up to MAX_CASES + 1: one more is "too many"). */
  private countSource(input: MigrationInput): Promise<number> {
    return new InstanceRepository(this.d.store).countActiveOnVersion(
      input.definitionKey,
      input.fromVersion,
      MAX_CASES + 1,
    );
  }

  /**
   * The active cases on the source version, a page at a time in id order (never all of them in memory at
   * once), at most MAX_CASES in all.
   */
  private async *sourcePages(input: MigrationInput): AsyncGenerator<InstanceState[]> {
    const instances = new InstanceRepository(this.d.store);
    let after: string | undefined;
    for (let read = 0; read < MAX_CASES;) {
      const page = await instances.activeOnVersionAfter(
        input.definitionKey,
        input.fromVersion,
        after ?? '',
        Math.min(PAGE_SIZE, MAX_CASES - read),
      );
      if (!page.length) return;
      yield page;
      read += page.length;
      after = page[page.length - 1]._id;
      if (page.length < PAGE_SIZE) return;
    }
  }

  /** The plan with identity filled in, and the problems of its own entries (the plan editor). */
  async describePlan(input: MigrationInput): Promise<{
    mapping: MigrationMapping;
    problems: MigrationProblem[];
    cases: number;
    source: Array<{ id: string; kind: string; name?: string; parent?: string; attachedTo?: string }>;
    target: Array<{ id: string; kind: string; name?: string; parent?: string; attachedTo?: string }>;
  }> {
    const [source, target] = await this.versions(input);
    const nodes = (p: CompiledProcess) =>
      Object.values(p.nodes).map((n) => ({
        id: n.id,
        kind: n.kind,
        name: n.name,
        parent: n.parent,
        attachedTo: n.attachedTo,
      }));
    const cases = await this.countSource(input);
    return {
      mapping: effectiveMapping(source, target, input.mapping),
      problems: checkPlan(source, target, input.mapping, input.enter),
      cases,
      source: nodes(source),
      target: nodes(target),
    };
  }

  /** The problems of the plan's own entries, keyed for `addCaseProblems`. */
  private planProblems(source: CompiledProcess, target: CompiledProcess, input: MigrationInput) {
    const byKey = new Map<string, MigrationProblem & { cases: string[] }>();
    for (const p of checkPlan(source, target, input.mapping, input.enter))
      byKey.set(`${p.elementId}|${p.code}`, { ...p, cases: [] });
    return byKey;
  }

  /** Adds the problems of one case, grouped by element and code with (some of) the cases concerned. */
  private addCaseProblems(
    byKey: Map<string, MigrationProblem & { cases: string[] }>,
    problems: MigrationProblem[],
    instanceId: string,
  ): void {
    for (const p of problems) {
      const k = `${p.elementId}|${p.code}`;
      const entry = byKey.get(k) ?? { ...p, cases: [] };
      if (!entry.cases.includes(instanceId) && entry.cases.length < CASES_PER_PROBLEM)
        entry.cases.push(instanceId);
      byKey.set(k, entry);
    }
  }

  /** What the migration would do to each case, without writing anything. */
  async dryRun(input: MigrationInput, actor: string) {
    const [source, target] = await this.versions(input);
    const total = await this.countSource(input);
    const counts = { total: Math.min(total, MAX_CASES), migrate: 0, refused: 0, skipped: 0 };
    const items: DryRunCase[] = [];
    const problems = this.planProblems(source, target, input);
    for await (const page of this.sourcePages(input))
      for (const s of page) {
        this.addCaseProblems(problems, checkInstance(s, source, target, input.mapping, input.enter), s._id);
        const ctx = await this.d.context(s, actor);
        let result: MigrationResult;
        try {
          result = migrateInstance(
            ctx,
            s,
            source,
            target,
            input.mapping,
            { planId: 'dry-run', fromVersion: input.fromVersion, toVersion: input.toVersion },
            input.enter,
          ).result!;
        } catch (err) {
          // a timer or SLA expression of the new version that cannot be computed for this case
          result = {
            status: 'refused',
            problems: [
              {
                elementId: '',
                code: 'migration.incompatible',
                message: (err as Error).message,
                params: { elementId: '', message: (err as Error).message },
              },
            ],
          };
        }
        if (result.status === 'migrated') counts.migrate++;
        else if (result.status === 'refused') counts.refused++;
        else counts.skipped++;
        if (items.length < DRY_RUN_LIMIT)
          items.push({
            instanceId: s._id,
            caseNo: s.caseNo,
            status: result.status,
            ...(result.status === 'refused' ? { problems: result.problems } : {}),
            ...(result.status === 'migrated' ? { report: result.report } : {}),
          });
      }
    return { ...counts, tooMany: total > MAX_CASES, problems: [...problems.values()], items };
  }

  /**
   * Checks the plan against every active case of the source version and, when all can move, writes the job
   * record and queues its batches. Refused as a whole otherwise (MigrationRefused `migration.invalid`).
   */
  async start(input: MigrationInput, actor: string): Promise<MigrationProgress> {
    const [source, target] = await this.versions(input);
    if ((await this.countSource(input)) > MAX_CASES)
      throw new MigrationRefused('migration.too-many-cases', { max: MAX_CASES });
    // only the ids are kept: the cases are read a page at a time
    const cases: string[] = [];
    const byKey = this.planProblems(source, target, input);
    for await (const page of this.sourcePages(input))
      for (const s of page) {
        cases.push(s._id);
        this.addCaseProblems(byKey, checkInstance(s, source, target, input.mapping, input.enter), s._id);
      }
    const problems = [...byKey.values()];
    if (problems.length)
      throw new MigrationRefused(
        'migration.invalid',
        { elementIds: [...new Set(problems.map((p) => p.elementId))] },
        problems,
      );
    const now = this.d.clock.now();
    const id = `${input.definitionKey}-${input.fromVersion}-${input.toVersion}-${randomUUID().slice(0, 8)}`;
    const size = this.d.batchSize ?? DEFAULT_BATCH_SIZE;
    const batches: string[][] = [];
    for (let i = 0; i < cases.length; i += size) batches.push(cases.slice(i, i + size));
    const record: MigrationRecord = {
      _id: recordId(id),
      type: 'migration',
      definitionKey: input.definitionKey,
      fromVersion: input.fromVersion,
      toVersion: input.toVersion,
      pairs: Object.entries(input.mapping).map(([from, to]) => ({ from, to })),
      ...(input.enter?.length ? { enter: [...new Set(input.enter)] } : {}),
      total: cases.length,
      batchCount: batches.length,
      batches: {},
      createdBy: actor,
      createdAt: now,
    };
    if (!(await this.meta.create(record))) throw new DuplicateKeyError(`migration ${record._id}`);
    try {
      // deterministic job ids: queuing the same batch twice adds it once
      await this.queue.addBulk(
        batches.map((instanceIds, index) => ({
          name: 'migrate-batch',
          data: { migrationId: id, index, instanceIds, actor },
          opts: { jobId: `mig.${id}.${index}` },
        })),
      );
    } catch (err) {
      // no job record without its batches (a batch already queued finds no record and does nothing)
      await this.meta.remove(record._id).catch(() => undefined);
      throw err;
    }
    this.d.log.info({ migrationId: id, cases: cases.length, batches: batches.length }, 'migration queued');
    return progressOf(record);
  }

  /** The shipped plan for these two versions (null: none fits them); refused when a version is missing. */
  async shippedPlan(key: string, fromVersion: number, toVersion: number): Promise<ShippedPlan | null> {
    const [source, target] = await Promise.all([
      this.d.definitions.get(key, fromVersion),
      this.d.definitions.get(key, toVersion),
    ]);
    for (const [doc, version] of [
      [source, fromVersion],
      [target, toVersion],
    ] as const)
      if (!doc) throw new MigrationRefused('migration.version-not-found', { key, version });
    return this.d.shipped && fromVersion !== toVersion ? this.d.shipped.forVersions(source!, target!) : null;
  }

  /**
   * The versions of `key` before `toVersion` whose open cases a shipped plan moves to `toVersion`, with how
   * many open cases each has (the bundled deploy logs these as offers; nothing is migrated here).
   */
  async shippedOffers(
    key: string,
    toVersion: number,
  ): Promise<Array<{ fromVersion: number; cases: number; file: string }>> {
    const target = await this.d.definitions.get(key, toVersion);
    if (!target || !this.d.shipped) return [];
    const out: Array<{ fromVersion: number; cases: number; file: string }> = [];
    for (let v = 1; v < toVersion; v++) {
      const source = await this.d.definitions.get(key, v);
      const plan = source && (await this.d.shipped.forVersions(source, target));
      if (!plan) continue;
      const cases = await this.countSource({ definitionKey: key, fromVersion: v, toVersion, mapping: {} });
      if (cases) out.push({ fromVersion: v, cases, file: plan.file });
    }
    return out;
  }

  async get(id: string): Promise<MigrationProgress | null> {
    const r = await this.meta.get<MigrationRecord>(recordId(id));
    return r ? progressOf(r) : null;
  }

  async list(limit = 50): Promise<MigrationProgress[]> {
    const docs = await this.meta.ofType<MigrationRecord>('migration', limit);
    return docs.map(progressOf);
  }

  /** Runs one batch: each case in its own version-checked step; the outcome stored under the batch index. */
  async runBatch(data: { migrationId: string; index: number; instanceIds: string[]; actor: string }) {
    const record = await this.meta.get<MigrationRecord>(recordId(data.migrationId));
    if (!record) return { missing: true };
    const [source, target] = [
      await this.d.definitions.compiled(record.definitionKey, record.fromVersion),
      await this.d.definitions.compiled(record.definitionKey, record.toVersion),
    ];
    const meta = { planId: data.migrationId, fromVersion: record.fromVersion, toVersion: record.toVersion };
    const outcome: BatchOutcome = { done: 0, failed: 0, failures: [] };
    for (const instanceId of data.instanceIds) {
      let reason: string | undefined;
      try {
        const out = await this.d.runner.apply(instanceId, `migration:${data.actor}`, (ctx, s) =>
          migrateInstance(ctx, s, source, target, mappingOf(record), meta, record.enter),
        );
        const r = out.result!;
        if (r.status === 'refused') reason = r.problems.map((p) => `${p.elementId}: ${p.code}`).join('; ');
        // a case that ended or moved elsewhere since the check: not migrated, and not an error of the plan
        else if (r.status === 'skipped' && r.reason !== 'already-migrated') reason = r.reason;
      } catch (err) {
        reason = (err as Error).message;
      }
      if (reason === undefined) outcome.done++;
      else {
        outcome.failed++;
        if (outcome.failures.length < FAILURES_KEPT) outcome.failures.push({ instanceId, reason });
      }
    }
    await this.meta.update(record._id, { $set: { [`batches.${data.index}`]: outcome } });
    return outcome;
  }

  startWorker(): void {
    if (this.worker) return;
    this.worker = new Worker(MIGRATION_QUEUE, (job: Job) => this.runBatch(job.data), {
      connection: connectionOptions(this.d.target.url),
      prefix: this.d.target.prefix,
      concurrency: 1,
    });
    this.worker.on('error', (err) => this.d.log.error({ err }, 'migration worker error'));
  }

  async stopWorker(): Promise<void> {
    await this.worker?.close();
    this.worker = undefined;
  }

  async close(): Promise<void> {
    await this.stopWorker();
    await this.queue.close();
  }
}

const mappingOf = (r: MigrationRecord): MigrationMapping =>
  Object.fromEntries(r.pairs.map((p) => [p.from, p.to]));

function progressOf(r: MigrationRecord): MigrationProgress {
  const outcomes = Object.values(r.batches ?? {});
  const done = outcomes.reduce((n, b) => n + b.done, 0);
  const failed = outcomes.reduce((n, b) => n + b.failed, 0);
  const finished = outcomes.length >= r.batchCount;
  return {
    id: r._id.slice('migration:'.length),
    definitionKey: r.definitionKey,
    fromVersion: r.fromVersion,
    toVersion: r.toVersion,
    mapping: mappingOf(r),
    enter: r.enter ?? [],
    total: r.total,
    done,
    failed,
    status: !finished ? 'running' : failed ? 'completed-with-failures' : 'completed',
    failures: outcomes.flatMap((b) => b.failures).slice(0, 100),
    createdBy: r.createdBy,
    createdAt: r.createdAt,
  };
}
