// Rollups of the assessment facts per (unit × business day × process key), kept as facts land.
//
// Exactly once without transactions: a bucket is never incremented, it is RECOMPUTED from its inputs — the
// facts recorded at its unit that day plus the buckets of its direct children that day — and written with
// a version check. A writer reads the bucket's version first, then the inputs, then replaces the bucket only
// if the version is still the one it read (else it starts over). So the last successful write of a bucket
// read its inputs after every write that preceded it, and a fact that landed before a recompute started is
// in that recompute's inputs: a fact recorded twice (a redelivered outbox) changes nothing (deterministic
// _id, insert ignoring duplicates), two concurrent recomputes cannot lose one another's fact, and a crash
// between a leaf and its ancestors leaves them stale only until the outbox is replayed (the hook runs before
// the outbox is cleared), which recomputes the whole chain again. Chains are short: a unit path is 4–5
// levels, a bucket's inputs a few dozen small documents.
import { randomUUID } from 'node:crypto';
import type { Store } from '../store/types.js';
import { rollupId } from './facts.js';
import { invalidateMonths } from './months.js';
import { addFact, addTally, emptyTally, type FactDoc, type Tally } from './tally.js';

export { rollupId };

export interface RollupDoc {
  _id: string;
  unit: string;
  /** the unit's parent (whose bucket sums this one) and that bucket's id; absent at the root */
  parent?: string;
  parentBucket?: string;
  day: string;
  key: string;
  version: number;
  tally: Tally;
  /**
   * the part of `tally` from the facts recorded at this unit itself (absent in buckets written before it
   * existed): a recompute whose bucket got no new fact of its own adds this to its children's sums instead
   * of reading the unit's facts again (see recomputeBucket)
   */
  own?: Tally;
}

/** One bucket to recompute: its unit, that unit's ancestors innermost first, day and process key. */
export interface BucketRef {
  unit: string;
  ancestors: string[];
  day: string;
  key: string;
}

// A bucket that still loses after this many tries (today's district bucket, with every process closing
// cases at once) is left to the sweeper through a dirty marker instead of failing the outbox (see
// recomputeBuckets): a case opened or a task completed must not fail because a statistic was busy.
const MAX_ATTEMPTS = 12;

/** A bucket whose version kept changing under us (see MAX_ATTEMPTS). */
export class RollupContention extends Error {
  constructor(readonly bucket: string) {
    super(`stats rollup ${bucket}: too many concurrent writers`);
    this.name = 'RollupContention';
  }
}

/** A bucket left stale by contention, to be recomputed by the sweeper (recomputeDirty). */
export interface DirtyBucket extends BucketRef {
  _id: string;
  /** changes at every marking: the sweeper removes a marker only if nobody marked it again meanwhile */
  token: string;
}
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Recomputes one bucket from its inputs (see the header); returns its tally. The month sums it is part of
 * are left to the caller (recomputeBuckets clears them, ./months.ts). Without `readFacts` the part
 * from the unit's own facts is taken from the bucket as read (its `own`), for a caller that knows no fact
 * landed at this unit since it asked: the upper buckets of a chain, recomputed because a child changed,
 * mostly have no facts of their own, and reading them was a third of the chain's statements. That part
 * comes with the version the write is checked against, so it is as current as the bucket: a writer that
 * recorded a fact here recomputes with `readFacts` (the fact's unit is where its chain starts), and either
 * its write comes after ours (it read our version) or ours fails and we read its `own` on the next try.
 */
export async function recomputeBucket(
  store: Store,
  unit: string,
  parent: string | undefined,
  day: string,
  key: string,
  readFacts = true,
): Promise<Tally> {
  const rollups = store.collection<RollupDoc>('statRollups');
  const facts = store.collection<FactDoc>('statFacts');
  const _id = rollupId(unit, day, key);
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    // busy upper buckets (today's district) see many writers at once: spread the retries out
    if (attempt > 1) await sleep(Math.random() * Math.min(100, 2 ** attempt));
    // the version BEFORE the inputs (or with them, read in one statement: one snapshot): a write that lands
    // after this read makes ours fail and start over
    const own = await rollups.find({ $or: [{ _id }, { parentBucket: _id }] }, { sort: { _id: 1 } });
    const current = own.find((r) => r._id === _id);
    let mine = readFacts ? undefined : current?.own;
    if (!mine) {
      mine = emptyTally();
      for (const f of await facts.find({ bucket: _id }, { sort: { _id: 1 } })) addFact(mine, f);
    }
    const tally = addTally(emptyTally(), mine);
    for (const child of own) if (child._id !== _id) addTally(tally, child.tally);
    const doc: RollupDoc = { _id, unit, day, key, version: (current?.version ?? 0) + 1, tally, own: mine };
    if (parent !== undefined) {
      doc.parent = parent;
      doc.parentBucket = rollupId(parent, day, key);
    }
    if (current) {
      const r = await rollups.replaceOne({ _id, version: current.version }, doc);
      if (r.matched) return tally;
    } else {
      try {
        await rollups.insert(doc);
        return tally;
      } catch {
        // another writer created it meanwhile: read its version and recompute
      }
    }
  }
  throw new RollupContention(_id);
}

// Concurrent steps of one process recompute the same upper buckets (today's street and district) at once,
// each reading the same inputs and then losing the version check to one another. Per bucket, at most one
// recompute runs in this process and at most one waits behind it: a caller joins the waiting one, which
// starts after the running one has finished and so reads every fact recorded before the caller asked —
// what the caller needs. Other processes still race through the version check (see the header).
interface Flight {
  running: Promise<unknown>;
  next?: Promise<unknown>;
  /** the waiting recompute reads the unit's facts (one of its callers needs them: recomputeBucket) */
  nextReadsFacts?: boolean;
}
interface Bucket {
  unit: string;
  parent?: string;
  day: string;
  key: string;
  /** a fact landed at this unit since the caller asked (recomputeBucket's readFacts) */
  readFacts: boolean;
}
const flights = new WeakMap<Store, Map<string, Flight>>();

function recomputeCoalesced(store: Store, b: Bucket): Promise<unknown> {
  let byId = flights.get(store);
  if (!byId) flights.set(store, (byId = new Map()));
  const id = rollupId(b.unit, b.day, b.key);
  const start = (readFacts: boolean): Promise<unknown> => {
    const running = recomputeBucket(store, b.unit, b.parent, b.day, b.key, readFacts);
    const flight: Flight = { running };
    byId.set(id, flight);
    void running.then(
      () => byId.get(id) === flight && !flight.next && byId.delete(id),
      () => byId.get(id) === flight && !flight.next && byId.delete(id),
    );
    return running;
  };
  const flight = byId.get(id);
  if (!flight) return start(b.readFacts);
  if (!flight.next) {
    flight.nextReadsFacts = b.readFacts;
    const after = () => start(!!flight.nextReadsFacts);
    flight.next = flight.running.then(after, after);
  } else if (b.readFacts) flight.nextReadsFacts = true;
  return flight.next;
}

/** The machine's clock, which orders day-bucket writes and month sums between processes (./months.ts). */
export type WallClock = () => number;

/**
 * Recomputes the buckets touched by some facts and then their ancestors, each once, innermost first: a
 * parent is recomputed only after all its touched children. With `factsAtRefUnits`, the caller knows that
 * facts landed only at the units the refs start at (recordFacts): the ancestors reuse their own part
 * (recomputeBucket's readFacts); otherwise (a dirty marker, a rebuild) every bucket reads its facts. Then
 * removes the month sums (./months.ts) of the buckets written in a month that may have ended: none for the
 * current month's facts.
 */
export async function recomputeBuckets(
  store: Store,
  refs: BucketRef[],
  wallClock: WallClock = Date.now,
  factsAtRefUnits = false,
): Promise<void> {
  // by depth from the root, deepest first; one entry per bucket
  const todo = new Map<string, Bucket & { depth: number }>();
  for (const r of refs) {
    const chain = [r.unit, ...r.ancestors];
    chain.forEach((unit, i) => {
      const id = rollupId(unit, r.day, r.key);
      const readFacts = !factsAtRefUnits || i === 0;
      const known = todo.get(id);
      if (known) known.readFacts ||= readFacts;
      else
        todo.set(id, {
          unit,
          parent: chain[i + 1],
          day: r.day,
          key: r.key,
          depth: chain.length - 1 - i,
          readFacts,
        });
    });
  }
  const byDepth = new Map<number, Bucket[]>();
  for (const b of todo.values()) byDepth.set(b.depth, [...(byDepth.get(b.depth) ?? []), b]);
  const lost: BucketRef[] = [];
  for (const depth of [...byDepth.keys()].sort((a, b) => b - a)) {
    const level = byDepth.get(depth)!;
    // the buckets of one depth are independent of one another
    for (let i = 0; i < level.length; i += 8) {
      await Promise.all(
        level.slice(i, i + 8).map(async (b) => {
          try {
            await recomputeCoalesced(store, b);
          } catch (err) {
            if (!(err instanceof RollupContention)) throw err;
            lost.push({ unit: b.unit, ancestors: ancestorsOf(todo, b), day: b.day, key: b.key });
          }
        }),
      );
    }
  }
  if (lost.length) await markDirty(store, lost);
  // after every write (see months.ts): the clock is read once they are all done
  await invalidateMonths(store, todo.values(), wallClock());
}

function ancestorsOf(
  todo: Map<string, { unit: string; parent?: string; day: string; key: string }>,
  b: { parent?: string; day: string; key: string },
): string[] {
  const out: string[] = [];
  for (let p = b.parent; p !== undefined; p = todo.get(rollupId(p, b.day, b.key))?.parent) out.push(p);
  return out;
}

/**
 * Marks buckets that lost to contention, and every bucket above them (they were summed from a stale child),
 * for the sweeper. Facts are already recorded, so a later recompute has everything.
 */
async function markDirty(store: Store, refs: BucketRef[]): Promise<void> {
  const col = store.collection<DirtyBucket>('statDirty');
  for (const r of refs) {
    const chain = [r.unit, ...r.ancestors];
    for (let i = 0; i < chain.length; i++) {
      const _id = rollupId(chain[i], r.day, r.key);
      const doc = { _id, unit: chain[i], ancestors: chain.slice(i + 1), day: r.day, key: r.key };
      await col.replaceOne({ _id }, { ...doc, token: randomUUID() }, { upsert: true });
    }
  }
}

/**
 * Recomputes buckets marked dirty (a page of them) and removes each marker nobody renewed meanwhile; run by
 * the recovery sweeper. Returns how many markers were cleared.
 */
export async function recomputeDirty(
  store: Store,
  limit = 200,
  wallClock: WallClock = Date.now,
): Promise<number> {
  const col = store.collection<DirtyBucket>('statDirty');
  const marked = await col.find({}, { limit });
  if (!marked.length) return 0;
  await recomputeBuckets(
    store,
    marked.map((m) => ({ unit: m.unit, ancestors: m.ancestors, day: m.day, key: m.key })),
    wallClock,
  );
  let cleared = 0;
  for (const m of marked) cleared += await col.deleteMany({ _id: m._id, token: m.token });
  return cleared;
}

/** The buckets facts land in (with their unit paths, innermost first, starting at the fact's unit). */
export const bucketRefs = (facts: FactDoc[]): BucketRef[] =>
  facts.map((f) => ({
    unit: f.unit,
    ancestors: f.unitPath.slice(f.unitPath.indexOf(f.unit) + 1),
    day: f.day,
    key: f.key,
  }));

// Every step that records a fact recomputed its own chain of buckets (unit → root, 4–5 buckets of 3
// statements each: a third of a step's SQL), though concurrent steps share most of the chain (today's
// district, street and community) and the per-bucket coalescing above rarely met them there: each chain walks
// its levels one await apart. So the outbox hook hands its buckets to a pass instead: at most one pass runs
// per store, process and lane (below), and the buckets asked for while it runs wait for the next one, which
// recomputes all of them together, each bucket once, deepest first (recomputeBuckets). A caller's facts are
// inserted before it asks, and the pass that serves it starts after it asked, so that pass reads them — the
// same guarantee as recomputing the chain itself. The caller still waits for its pass: the outbox is cleared
// (and the step job acknowledged) only after the buckets are up to date, so statistics read right after a
// step see it and a crash at any line replays the outbox, which recomputes again (see the header).
//
// Steps and timer batches have passes of their own (a lane each): a batch of 500 escalations asks for every
// bucket of its process key in every unit, and a step that joined its pass, or waited behind it, waited for
// all of them (bench/timer-burst-probe.ts BENCH_BACKGROUND: during a burst up to 93 buckets, 17.5 a step on
// average against 6.4 without it, 664 of 1,718 asked for by the batches only; one lane each: at most 15, 10.7
// on average, none of the batches'). The two lanes run at once; a bucket both ask for (same unit, day and
// process key) is still recomputed once at a time by the per-bucket flights above, so a step waits at most
// for one recompute of such a bucket, never for the batch's pass, and the order that makes a recompute read
// every fact recorded before it was asked for is the flights' (the same argument as for two processes, see
// the header).

/** Who asks for a recompute, and so the lane of its pass: one step's outbox, or a timer batch's outboxes. */
export type PassCaller = 'step' | 'batch';

/** What the callers of one kind waited for (bench/run.ts reads it over a timer burst). */
export interface PassWaits {
  callers: number;
  /** buckets of the passes they waited for: their own and the one running when they asked */
  bucketsWaited: number;
  maxBucketsWaited: number;
  /** callers whose pass, or the one running when they asked, held buckets of the other kind */
  sharedWithOtherKind: number;
  /** of bucketsWaited, those asked for by the other kind only */
  otherKindBuckets: number;
}
const noWaits = (): PassWaits => ({
  callers: 0,
  bucketsWaited: 0,
  maxBucketsWaited: 0,
  sharedWithOtherKind: 0,
  otherKindBuckets: 0,
});
const waits: Record<PassCaller, PassWaits> = { step: noWaits(), batch: noWaits() };

/** The waits counted since the last reset (all stores of this process). */
export function passWaits(reset = false): Record<PassCaller, PassWaits> {
  const out = { step: { ...waits.step }, batch: { ...waits.batch } };
  if (reset) {
    waits.step = noWaits();
    waits.batch = noWaits();
  }
  return out;
}

interface Pass {
  refs: BucketRef[];
  /** the callers' clocks: the pass clears month sums by the latest of them (clearing more is only slower) */
  clocks: Set<WallClock>;
  /** the bucket ids asked for by each kind of caller */
  asked: Record<PassCaller, Set<string>>;
  done: Promise<void>;
}
interface Passes {
  /** settles (never rejects) when the pass now running has finished */
  running?: Promise<void>;
  runningPass?: Pass;
  /** the pass that starts after the running one: callers join it until it starts */
  next?: Pass;
}
const passes = new WeakMap<Store, Record<PassCaller, Passes>>();

const bucketIds = (refs: BucketRef[]): string[] =>
  refs.flatMap((r) => [r.unit, ...r.ancestors].map((unit) => rollupId(unit, r.day, r.key)));

/** Counts what a caller of kind `kind` waited for: its pass and the one running when it asked. */
function countWait(kind: PassCaller, waited: Pass[]): void {
  const other: PassCaller = kind === 'step' ? 'batch' : 'step';
  let buckets = 0;
  let others = 0;
  for (const pass of waited) {
    const all = new Set([...pass.asked.step, ...pass.asked.batch]);
    buckets += all.size;
    for (const id of pass.asked[other]) if (!pass.asked[kind].has(id)) others++;
  }
  const w = waits[kind];
  w.callers++;
  w.bucketsWaited += buckets;
  w.maxBucketsWaited = Math.max(w.maxBucketsWaited, buckets);
  w.otherKindBuckets += others;
  if (waited.some((pass) => pass.asked[other].size)) w.sharedWithOtherKind++;
}

/**
 * Recomputes the buckets `refs` and their ancestors in the next pass of this process in the lane of `kind`
 * (see above); resolves when that pass has written them, rejects when it failed (buckets lost to contention
 * are marked dirty, not failed, as in recomputeBuckets).
 */
export function recomputeInNextPass(
  store: Store,
  refs: BucketRef[],
  wallClock: WallClock = Date.now,
  kind: PassCaller = 'step',
): Promise<void> {
  let lanes = passes.get(store);
  if (!lanes) passes.set(store, (lanes = { step: {}, batch: {} }));
  const state = lanes[kind];
  const behind = state.runningPass;
  const counted = (pass: Pass) => {
    const count = () => countWait(kind, behind ? [behind, pass] : [pass]);
    void pass.done.then(count, count);
    return pass.done;
  };
  if (state.next) {
    state.next.refs.push(...refs);
    state.next.clocks.add(wallClock);
    for (const id of bucketIds(refs)) state.next.asked[kind].add(id);
    return counted(state.next);
  }
  const pass: Pass = {
    refs: [...refs],
    clocks: new Set([wallClock]),
    asked: { step: new Set(), batch: new Set() },
    done: Promise.resolve(),
  };
  for (const id of bucketIds(refs)) pass.asked[kind].add(id);
  state.next = pass;
  // with no pass running, the steps of this event-loop turn join before it starts
  const after = state.running ?? new Promise<void>((resolve) => setImmediate(resolve));
  pass.done = after.then(() => {
    if (state.next === pass) state.next = undefined;
    const clocks = [...pass.clocks];
    const latest = () => Math.max(...clocks.map((clock) => clock()));
    const run = recomputeBuckets(store, pass.refs, latest, true);
    const settled = run.then(
      () => undefined,
      () => undefined,
    );
    state.running = settled;
    state.runningPass = pass;
    void settled.then(() => {
      if (state.running === settled) {
        state.running = undefined;
        state.runningPass = undefined;
      }
    });
    return run;
  });
  return counted(pass);
}

/**
 * Records facts (idempotent) and recomputes the buckets they land in, up to the root (in the next pass);
 * `kind` says who asks (recomputeInNextPass).
 */
export async function recordFacts(
  store: Store,
  facts: FactDoc[],
  wallClock: WallClock = Date.now,
  kind: PassCaller = 'step',
): Promise<void> {
  if (!facts.length) return;
  await store.collection<FactDoc>('statFacts').insertManyIgnoreDuplicates(facts);
  await recomputeInNextPass(store, bucketRefs(facts), wallClock, kind);
}

// ---- the facts and rollups as their readers need them (this module owns statFacts, statRollups, statDirty)

/** Stores facts (idempotent: their ids are deterministic) without recomputing buckets (the caller does). */
export async function insertFacts(store: Store, facts: FactDoc[]): Promise<void> {
  if (facts.length) await store.collection<FactDoc>('statFacts').insertManyIgnoreDuplicates(facts);
}

export async function getFact(store: Store, id: string): Promise<FactDoc | null> {
  return store.collection<FactDoc>('statFacts').findOne({ _id: id });
}

/** The latest fact of `kind` of a case, or undefined. */
export async function latestFactOfCase(
  store: Store,
  instanceId: string,
  kind: FactDoc['kind'],
): Promise<FactDoc | undefined> {
  const [last] = await store
    .collection<FactDoc>('statFacts')
    .find({ instanceId, kind }, { sort: { at: -1 }, limit: 1 });
  return last;
}

/** The facts of `unit`'s subtree recorded in [from, to) on the business days `days` (the period's edges). */
export async function subtreeFactsBetween(
  store: Store,
  unit: string,
  days: string[],
  from: number,
  to: number,
): Promise<FactDoc[]> {
  return store
    .collection<FactDoc>('statFacts')
    .find({ day: { $in: days }, unitPath: unit, at: { $gte: from, $lt: to } });
}

/**
 * The business days in `days` [$gte, $lt) on which a bucket of `unit` is marked dirty: a recompute lost to
 * contention and the sweeper has not caught up yet, so its sum may miss facts already recorded. A marker is
 * set on every bucket above the stale one, so a unit's own markers cover its whole subtree.
 */
export async function dirtyDays(
  store: Store,
  unit: string,
  days: { $gte: string; $lt: string },
): Promise<string[]> {
  const marked = await store
    .collection<DirtyBucket>('statDirty')
    .find({ unit, day: days }, { fields: ['day'] });
  return [...new Set(marked.map((m) => m.day))];
}

/** The day buckets of `unit` (as a child of `parent` when given) for the business days in `days` [$gte, $lt). */
export async function unitRollups(
  store: Store,
  unit: string,
  days: { $gte: string; $lt: string },
  parent?: string,
): Promise<RollupDoc[]> {
  return store
    .collection<RollupDoc>('statRollups')
    .find(parent === undefined ? { unit, day: days } : { unit, parent, day: days });
}
