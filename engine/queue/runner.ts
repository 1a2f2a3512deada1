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
import { forEachLimit } from './bounded.js';
import { accessKeysOf } from '../cases/access-keys.js';
import { caseIndexOf, withCaseIndex } from '../cases/case-index.js';
import { InstanceRepository } from '../cases/instance-repository.js';

export type Command<R = unknown> = (ctx: StepContext, state: InstanceState) => Outcome<R>;

/** One command of a batch (applyMany). */
export interface BatchCommand<R = unknown> {
  instanceId: string;
  actor: string;
  command: Command<R>;
}

/** What became of one command of a batch: its outcome, or the error `apply` would have thrown. */
export type BatchOutcome<R = unknown> = { ok: true; outcome: Outcome<R> } | { ok: false; error: unknown };

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
  /** StepContext.historyTtlDays */
  historyTtlDays?: number;
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
    return new InstanceRepository(this.d.store);
  }

  async context(state: InstanceState, actor: string): Promise<StepContext> {
    return {
      def: await this.d.definitions.compiled(state.definitionKey, state.definitionVersion),
      now: this.d.clock.now(),
      calendar: this.d.calendar,
      actor,
      timezone: this.d.timezone,
      loopBudget: this.d.loopBudget,
      historyTtlDays: this.d.historyTtlDays,
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
      if (!state) state = (await this.instances.get(instanceId)) ?? undefined;
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
        state = (await this.instances.get(instanceId)) ?? undefined;
        if (!state) throw new InstanceNotFound(instanceId);
        cached = false;
        out = command(await this.context(state, actor), state);
      }
      if (!out.changed) return out;
      const next = this.stamp(out.state, out, state);
      // cases opened before titles existed keep having none
      if (this.d.retitle && next.title !== undefined) await this.retitle(next);
      if (await this.instances.replaceIfVersion(instanceId, state.version, next)) {
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

  /**
   * Applies many commands, each exactly once like `apply`, with fewer round trips: one read of the instances
   * this process holds no copy of, the pure commands, one batch compare-and-set of the new states (each with
   * its own version check: a few statements for the lot), then one grouped outbox for every instance written. A command whose write lost
   * the version race, whose copy was stale or that failed, and a second command for an instance already in
   * the batch, go through `apply` afterwards (one instance at a time, its retries and refusals as usual).
   */
  async applyMany<R>(items: BatchCommand<R>[], concurrency: number): Promise<BatchOutcome<R>[]> {
    const results: BatchOutcome<R>[] = new Array(items.length);
    const first = new Map<string, number>();
    const slow: number[] = [];
    items.forEach((it, i) => (first.has(it.instanceId) ? slow.push(i) : first.set(it.instanceId, i)));
    const loaded = new Map<string, InstanceState>();
    const missing = [...first.keys()].filter((id) => !this.cache.has(id));
    try {
      if (missing.length) for (const s of await this.instances.getMany(missing)) loaded.set(s._id, s);
    } catch {
      slow.push(...first.values()); // the store does not answer: each command finds out on its own
      first.clear();
    }
    // the transitions (and titles) at most `concurrency` at once, then one compare-and-set of them all
    const planned: Array<{ index: number; prev: InstanceState; next: InstanceState; out: Outcome<R> }> = [];
    await forEachLimit([...first.values()], concurrency, async (i) => {
      const it = items[i];
      const fresh = loaded.get(it.instanceId);
      const state = fresh ?? this.cache.get(it.instanceId);
      let out: Outcome<R> | undefined;
      try {
        if (state) out = it.command(await this.context(state, it.actor), state);
      } catch {
        out = undefined;
      }
      // refusals, "nothing to do" on a copy and missing instances are decided by apply on the stored state
      if (!state || !out || (!out.changed && !fresh)) return void slow.push(i);
      if (!out.changed) return void (results[i] = { ok: true, outcome: out });
      try {
        const next = this.stamp(out.state, out, state);
        if (this.d.retitle && next.title !== undefined) await this.retitle(next);
        planned.push({ index: i, prev: state, next, out });
      } catch (error) {
        results[i] = { ok: false, error };
      }
    });
    const written: Array<{ index: number; state: InstanceState }> = [];
    if (planned.length) {
      let won: Set<string> | undefined;
      try {
        won = await this.instances.replaceManyIfVersion(
          planned.map((p) => ({ next: p.next, version: p.prev.version })),
        );
      } catch (error) {
        for (const p of planned) results[p.index] = { ok: false, error };
      }
      for (const p of won ? planned : []) {
        const id = items[p.index].instanceId;
        if (!won!.has(id)) {
          // lost the version race (or the copy was stale): apply retries it on the stored state
          this.cache.delete(id);
          slow.push(p.index);
          continue;
        }
        this.remember(p.next);
        written.push({ index: p.index, state: p.next });
        results[p.index] = { ok: true, outcome: { ...p.out, state: p.next } };
      }
    }
    if (written.length) {
      // fault injection for the crash tests: die after the writes, before any effect runs
      if (process.env.GRID_FAULT === 'exit-after-write') process.exit(137);
      try {
        await this.d.outbox.executeMany(
          written.map((w) => w.state),
          false,
          concurrency,
        );
        for (const w of written) this.executed.set(w.state._id, w.state.version);
      } catch (error) {
        // the states stand; the jobs are retried (finding nothing to do) and the sweeper replays the outboxes
        for (const w of written) results[w.index] = { ok: false, error };
      }
    }
    // the rest one instance at a time, in their order within the batch
    const byInstance = new Map<string, number[]>();
    for (const i of slow.sort((a, b) => a - b))
      byInstance.set(items[i].instanceId, [...(byInstance.get(items[i].instanceId) ?? []), i]);
    await forEachLimit([...byInstance.values()], concurrency, async (list) => {
      for (const i of list) {
        try {
          results[i] = {
            ok: true,
            outcome: await this.apply(items[i].instanceId, items[i].actor, items[i].command),
          };
        } catch (error) {
          results[i] = { ok: false, error };
        }
      }
    });
    return results;
  }

  /** Refreshes the title and the search terms that contain it. */
  private async retitle(next: InstanceState): Promise<void> {
    const title = await this.d.retitle!(next);
    if (title === next.title) return;
    next.title = title;
    next.searchTerms = caseIndexOf(next).searchTerms;
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
      ...withCaseIndex(next),
      accessKeys: accessKeysOf(next),
      version,
      updatedAt: now,
      outbox: [...pending, ...fresh],
      outboxAt: pending.length ? prev.outboxAt : fresh.length ? Date.now() : undefined,
    };
  }
}
