// The I/O edge of a transition: load the instance, run a pure command, write the new state with an
// optimistic version check (retrying on conflict), then execute the persisted outbox.
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { DefinitionRepository } from '../model/repository.js';
import type { WorkCalendar } from '../sla/calendar.js';
import type { Outcome, StepContext } from '../runtime/transition.js';
import type { InstanceState } from '../runtime/types.js';
import type { Store } from '../store/types.js';
import type { OutboxExecutor } from './outbox.js';

export type Command<R = unknown> = (ctx: StepContext, state: InstanceState) => Outcome<R>;

export class InstanceNotFound extends Error {
  constructor(id: string) {
    super(`instance ${id} not found`);
    this.name = 'InstanceNotFound';
  }
}

export interface RunnerDeps {
  store: Store;
  definitions: DefinitionRepository;
  calendar: WorkCalendar;
  clock: Clock;
  outbox: OutboxExecutor;
  log: Logger;
  metrics?: Metrics;
  timezone: string;
  loopBudget?: number;
  /** the case title after a step (engine/cases/case-title.ts): refreshed when steps set the fields it reads */
  retitle?: (state: InstanceState) => Promise<string | undefined>;
}

const MAX_CONFLICT_RETRIES = 50;
const CACHE_SIZE = 5000;

export class InstanceRunner {
  /** last state written by this process, per instance (LRU) */
  private readonly cache = new Map<string, InstanceState>();
  /** instance → version whose outbox this process has executed */
  private readonly executed = new Map<string, number>();

  constructor(private readonly d: RunnerDeps) {}

  private get instances() {
    return this.d.store.collection<InstanceState>('instances');
  }

  async context(state: InstanceState, actor: string): Promise<StepContext> {
    return {
      def: await this.d.definitions.compiled(state.definitionKey, state.definitionVersion),
      now: this.d.clock.now(),
      calendar: this.d.calendar,
      actor,
      timezone: this.d.timezone,
      loopBudget: this.d.loopBudget,
    };
  }

  /** Inserts a freshly created instance (version 1) and runs its outbox. */
  async create(outcome: Outcome<InstanceState>): Promise<InstanceState> {
    const s = this.stamp(outcome.state, outcome, {
      _id: outcome.state._id,
      version: 0,
      outbox: [],
      outboxAt: undefined,
    });
    await this.instances.insert(s);
    this.remember(s);
    await this.d.outbox.execute(s, false);
    this.executed.set(s._id, s.version);
    return s;
  }

  /** Applies `command` to the instance exactly once with respect to concurrent writers. */
  async apply<R>(instanceId: string, actor: string, command: Command<R>): Promise<Outcome<R>> {
    for (let attempt = 0; attempt < MAX_CONFLICT_RETRIES; attempt++) {
      // the last state this process wrote saves a read; the version check below catches anyone else's write
      let state = this.cache.get(instanceId);
      let cached = !!state;
      if (!state) state = (await this.instances.findOne({ _id: instanceId })) ?? undefined;
      if (!state) throw new InstanceNotFound(instanceId);
      let out: Outcome<R> | undefined;
      try {
        out = command(await this.context(state, actor), state);
      } catch (err) {
        // a refusal ("task not found") may only mean the copy is stale: another process moved the instance
        if (!cached) throw err;
      }
      if (!out || (!out.changed && cached)) {
        // "nothing to do" and refusals must be decided on the stored state, never on a possibly stale copy
        this.cache.delete(instanceId);
        state = (await this.instances.findOne({ _id: instanceId })) ?? undefined;
        if (!state) throw new InstanceNotFound(instanceId);
        cached = false;
        out = command(await this.context(state, actor), state);
      }
      if (!out.changed) return out;
      const next = this.stamp(out.state, out, state);
      // cases opened before titles existed keep having none
      if (this.d.retitle && next.title !== undefined) next.title = await this.d.retitle(next);
      const r = await this.instances.replaceOne({ _id: instanceId, version: state.version }, next);
      if (r.matched === 1) {
        this.remember(next);
        // fault injection for the crash tests: die after the write, before any effect runs
        if (process.env.GRID_FAULT === 'exit-after-write') process.exit(137);
        await this.d.outbox.execute(next, false);
        // executed but not cleared: the next transition drops these entries, the sweeper clears idle ones
        this.executed.set(instanceId, next.version);
        return { ...out, state: next };
      }
      this.cache.delete(instanceId);
      if (cached) continue; // a stale copy, not a real conflict
      this.d.metrics?.versionConflicts.inc();
      // back off a little so parallel branches of one instance interleave instead of colliding again
      await new Promise((res) => setTimeout(res, Math.min(50, attempt * 2) + Math.random() * 3));
    }
    throw new Error(`instance ${instanceId}: too many concurrent modifications`);
  }

  /** True when this process has run every effect of that version's outbox. */
  outboxExecuted(instanceId: string, version: number): boolean {
    return this.executed.get(instanceId) === version;
  }

  private remember(state: InstanceState): void {
    this.cache.delete(state._id);
    this.cache.set(state._id, state);
    if (this.cache.size > CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
    if (this.executed.size > CACHE_SIZE * 4) this.executed.delete(this.executed.keys().next().value!);
  }

  /** Bumps the version and appends the new effects, stamped with ids, to whatever is still pending. */
  private stamp(
    next: InstanceState,
    out: Outcome<unknown>,
    prev: Pick<InstanceState, '_id' | 'version' | 'outbox' | 'outboxAt'>,
  ): InstanceState {
    const version = prev.version + 1;
    const now = this.d.clock.now();
    const fresh = out.effects.map((e, i) => ({ ...e, id: `${version}.${i}` }));
    // entries of the previous outbox stay until someone has executed them
    const pending = this.outboxExecuted(prev._id, prev.version) ? [] : prev.outbox;
    return {
      ...next,
      version,
      updatedAt: now,
      outbox: [...pending, ...fresh],
      outboxAt: pending.length ? prev.outboxAt : fresh.length ? Date.now() : undefined,
    };
  }
}
