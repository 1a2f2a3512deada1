// A transition works on a private copy of the instance state and collects the effects it implies.
// Everything here is deterministic given (state, context): ids come from the instance's own counter,
// so a transition retried after a version conflict produces identical job ids.
// New ready tokens are queued on the transition (run to wait, engine/runtime/run-to-wait.ts) rather than
// each getting an advance job; only a grid:asyncBefore node, or a token no one ran, gets its own job.

import type { ErrorCode } from '../error-codes.js';
import type { CompiledProcess, FlowNode } from '../model/types.js';
import type { WorkCalendar } from '../sla/calendar.js';
import type { Effect, HistoryRecord, InstanceState, JobName, Token } from './types.js';
import { compactValue } from './history-values.js';

export interface StepContext {
  def: CompiledProcess;
  now: number;
  calendar: WorkCalendar;
  /** who causes the transition: a user name, 'system' or 'timer' */
  actor: string;
  timezone?: string;
  /** automatic steps a token may take without resting at a wait state (default DEFAULT_LOOP_BUDGET) */
  loopBudget?: number;
  /** days a case is kept after it ends when its definition sets no grid:historyTimeToLive (none: forever) */
  historyTtlDays?: number;
}

export interface Outcome<R = unknown> {
  state: InstanceState;
  effects: Effect[];
  /** false when the command found nothing to do (a duplicate or stale delivery) */
  changed: boolean;
  result?: R;
}

/** A domain rule refused the command; maps to 4xx at the API. */
export class CommandError extends Error {
  constructor(
    public readonly code: 'conflict' | 'not-found' | 'forbidden' | 'invalid',
    message: string,
    public readonly details: Array<{ path: string; message: string }>,
    /** stable machine-readable code the API answers with (e.g. return.window-closed) */
    public readonly reason: ErrorCode,
    /** the values the code's text names (task id, status …) */
    public readonly params: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'CommandError';
  }
}

/** A point a transition can return to: the state, the effects and the run queue as they were. */
export interface Mark {
  state: InstanceState;
  effects: number;
  runnable: string[];
}

export class Tx {
  readonly s: InstanceState;
  readonly effects: Effect[] = [];
  changed = true;
  /** ready tokens created in this transition, in creation order, still to be executed by it */
  private readonly runnable: string[] = [];

  constructor(
    readonly ctx: StepContext,
    state: InstanceState,
  ) {
    this.s = structuredClone(state);
    this.s.outbox = [];
  }

  get def(): CompiledProcess {
    return this.ctx.def;
  }

  get now(): number {
    return this.ctx.now;
  }

  node(id: string): FlowNode {
    const n = this.def.nodes[id];
    if (!n) throw new Error(`node ${id} not in definition ${this.def.key}`);
    return n;
  }

  nextId(prefix: string): string {
    this.s.seq += 1;
    return `${prefix}${this.s.seq}`;
  }

  emit(effect: Effect): void {
    this.effects.push(effect);
  }

  record(action: string, fields: Partial<Omit<HistoryRecord, '_id' | 'instanceId' | 'action'>> = {}): void {
    this.emit({
      type: 'history',
      record: { at: this.now, actor: this.ctx.actor, action, ...fields },
    });
  }

  /**
   * Merges values into the process variables and records the ones that changed, with their previous
   * values (variable history, as Camunda's historic variable updates).
   */
  setVariables(values: Record<string, unknown>, elementId?: string): void {
    const changed: Record<string, unknown> = {};
    const previous: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(values)) {
      if (JSON.stringify(this.s.variables[k]) === JSON.stringify(v)) continue;
      // only the changed keys, their values cut short (history-values.ts): the variables hold them in full
      changed[k] = compactValue(v);
      if (k in this.s.variables) previous[k] = compactValue(this.s.variables[k]);
    }
    Object.assign(this.s.variables, values);
    if (Object.keys(changed).length)
      this.record('variables-updated', { elementId, details: { variables: changed, previous } });
  }

  job(name: JobName, jobId: string, data: Record<string, unknown> = {}, delayUntil?: number): void {
    this.emit({ type: 'job', job: { name, jobId, data: { ...data, instanceId: this.s._id }, delayUntil } });
  }

  /** Creates a token ready to execute `nodeId` and schedules it (see `schedule`). */
  /** `hops`: automatic steps of the token's lineage since it last rested at a wait state (loop budget). */
  spawnToken(nodeId: string, scopeId: string, via?: string, hops = 0): Token {
    const token: Token = { id: this.nextId('t'), nodeId, scopeId, status: 'ready', via, since: this.now };
    if (hops > 0) token.hops = hops;
    this.s.tokens[token.id] = token;
    this.schedule(token);
    return token;
  }

  /**
   * A ready token goes on within this transition, or — when its node asks for a transaction boundary
   * (grid:asyncBefore) — in an advance job of its own.
   */
  schedule(token: Token, asyncBefore = this.def.nodes[token.nodeId]?.asyncBefore === true): void {
    if (asyncBefore) this.advanceJob(token.id);
    else this.runnable.push(token.id);
  }

  /** The next queued ready token, oldest first. */
  nextRunnable(): string | undefined {
    return this.runnable.shift();
  }

  /** Puts a token back at the head of the queue (a step cap stopped the run before it). */
  putBack(tokenId: string): void {
    this.runnable.unshift(tokenId);
  }

  /** A copy of where the transition stands, for `restore` when executing a node fails halfway. */
  mark(): Mark {
    return { state: structuredClone(this.s), effects: this.effects.length, runnable: this.runnable.slice() };
  }

  /**
   * Returns to a mark in place: the state object keeps its identity, so re-read tokens from it. A mark is
   * restored at most once (its copy becomes the live state).
   */
  restore(mark: Mark): void {
    const target = this.s as unknown as Record<string, unknown>;
    for (const key of Object.keys(target)) delete target[key];
    Object.assign(target, mark.state);
    this.effects.length = mark.effects;
    this.runnable.splice(0, this.runnable.length, ...mark.runnable);
  }

  done<R>(result?: R): Outcome<R> {
    // a token this command did not run (it does not run to wait, or a step cap stopped it) is not lost:
    // it continues in an advance job whose id is as deterministic as the token's
    for (const id of this.runnable.splice(0)) if (this.s.tokens[id]?.status === 'ready') this.advanceJob(id);
    return { state: this.s, effects: this.effects, changed: this.changed, result };
  }

  private advanceJob(tokenId: string): void {
    this.job('advance', `adv.${this.s._id}.${tokenId}`, { tokenId });
  }
}

export function noop<R>(state: InstanceState, result?: R): Outcome<R> {
  return { state, effects: [], changed: false, result };
}
