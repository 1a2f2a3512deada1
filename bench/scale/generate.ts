// Fills a store for the scale benchmark: the deployment's documents and the sample's templates copied in
// bulk (clone.ts) through the store port's insertManyIgnoreDuplicates, in batches. Closed cases start at a
// random time in the past year (ending before now); open cases keep the age they had at the end of the sample
// run, moved to now, so their pending SLA timers are still ahead.
import { DateTime } from 'luxon';
import type { UnitRef } from '../../engine/runtime/types.js';
import type { CollectionName, Doc, Store } from '../../engine/store/types.js';
import { STATS_MARKER } from '../../engine/stats/backfill.js';
import { dayOf, rollupId } from '../../engine/stats/facts.js';
import { bucketRefs, recomputeBuckets, type BucketRef } from '../../engine/stats/rollup.js';
import type { FactDoc } from '../../engine/stats/tally.js';
import { compileTemplate, copyCase, type CompiledTemplate } from './clone.js';
import type { Random } from '../../engine/samples/random.js';
import type { Sample } from './sample.js';

const DAY = 86_400_000;
const YEAR = 365 * DAY;

export interface GenerateOptions {
  closed: number;
  open: number;
  now: number;
  rnd: Random;
  timezone: string;
  /** cases per insert batch */
  batch?: number;
  log: (msg: string) => void;
}

export interface Generated {
  closed: number;
  open: number;
  docs: number;
  docsPerCollection: Partial<Record<CollectionName, number>>;
  ms: number;
  /** case numbers written (a few hundred, for the search measure) */
  caseNos: string[];
}

/** Chains of every grid of the org tree, grouped by the levels above the grid ("grid/zone/community/..."). */
function gridChains(units: Doc[]): Map<string, UnitRef[][]> {
  const byCode = new Map(units.map((u) => [u._id, u]));
  const out = new Map<string, UnitRef[][]>();
  for (const u of units) {
    if (u.level !== 'grid') continue;
    const chain: UnitRef[] = [];
    for (let x: Doc | undefined = u; x; x = x.parent ? byCode.get(x.parent) : undefined)
      chain.push({ code: x._id, level: x.level, name: x.name });
    const shape = chain.map((c) => c.level).join('/');
    out.set(shape, [...(out.get(shape) ?? []), chain]);
  }
  return out;
}

export async function generate(store: Store, sample: Sample, opts: GenerateOptions): Promise<Generated> {
  const t0 = Date.now();
  const { rnd, now } = opts;
  const batch = opts.batch ?? 500;
  for (const [name, docs] of Object.entries(sample.shared)) {
    // the sample's rollups describe the sample's days: the copies' rollups are recomputed below instead
    if (name === 'statRollups') continue;
    if (docs?.length) await store.collection(name as CollectionName).insertManyIgnoreDuplicates(docs);
  }
  const chains = gridChains(sample.shared.units ?? []);
  const usable = (ts: typeof sample.closed) => ts.map(compileTemplate).filter((t) => chains.has(t.shape));
  const closedT = usable(sample.closed);
  const openT = usable(sample.open);
  if (opts.closed && !closedT.length) throw new Error('the sample produced no closed case to copy');
  if (opts.open && !openT.length) throw new Error('the sample produced no open case to copy');

  const run = Math.floor(rnd.next() * 0xffffffff)
    .toString(16)
    .padStart(8, '0');
  const seqs = new Map<string, number>(); // case number counter per "district-year"
  const caseNos: string[] = [];
  const pending = new Map<CollectionName, Doc[]>();
  const perCollection: Partial<Record<CollectionName, number>> = {};
  let docs = 0;
  let n = 0;
  // the rollup buckets the copied assessment facts land in (engine/stats), recomputed once at the end
  const buckets = new Map<string, BucketRef>();

  const flush = async () => {
    for (const [name, list] of pending) {
      if (!list.length) continue;
      await store.collection(name).insertManyIgnoreDuplicates(list);
      perCollection[name] = (perCollection[name] ?? 0) + list.length;
      docs += list.length;
    }
    pending.clear();
  };

  const add = async (t: CompiledTemplate, shiftMs: number) => {
    const chain = rnd.pick(chains.get(t.shape)!);
    const district = (chain.find((u) => u.level === 'district') ?? chain[chain.length - 1]).code;
    const year = DateTime.fromMillis(t.startedAt + shiftMs, { zone: opts.timezone }).year;
    const counter = `${district}-${year}`;
    const seq = (seqs.get(counter) ?? 0) + 1;
    seqs.set(counter, seq);
    const caseNo = `${district}-${year}-${String(seq).padStart(6, '0')}`;
    if (n % 97 === 0 && caseNos.length < 500) caseNos.push(caseNo);
    const id = n.toString(16).padStart(12, '0');
    for (const [name, list] of copyCase(t, {
      instanceId: `i${run}${id}`,
      idSuffix: `-${run}${id}`,
      caseNo,
      chain,
      shiftMs,
    })) {
      if (name === 'statFacts') {
        // a fact's business day (and so its bucket) follows its shifted time, as the outbox would have made it
        for (const f of list as unknown as FactDoc[]) {
          f.day = dayOf(f.at, opts.timezone);
          f.bucket = rollupId(f.unit, f.day, f.key);
        }
        for (const r of bucketRefs(list as unknown as FactDoc[]))
          buckets.set(rollupId(r.unit, r.day, r.key), r);
      }
      const into = pending.get(name);
      if (into) into.push(...list);
      else pending.set(name, list);
    }
    n++;
    if (n % batch === 0) await flush();
    if (n % 20_000 === 0) log(`${n} cases copied (${Math.round((Date.now() - t0) / 1000)} s)`);
  };
  const log = opts.log;

  for (let i = 0; i < opts.closed; i++) {
    const t = closedT[i % closedT.length];
    const span = t.lastAt - t.startedAt;
    // started somewhere in the past year, finished (every timestamp of the case) before now
    const latestStart = Math.max(now - YEAR, now - span - DAY);
    const start = now - YEAR + rnd.next() * (latestStart - (now - YEAR));
    await add(t, Math.round(start - t.startedAt));
  }
  for (let i = 0; i < opts.open; i++) {
    const t = openT[i % openT.length];
    // the case's age at the end of the sample run is kept, give or take up to a week earlier while its first
    // pending timer stays ahead of now (the product would otherwise fire a burst of escalations at start)
    const slack = Math.min(7 * DAY, (t.nextTimerAt - sample.endClock) * 0.9);
    await add(t, Math.round(now - sample.endClock - rnd.next() * slack));
  }
  await flush();
  // the rollups the outbox keeps as facts land, computed by the engine's own code (engine/stats/rollup.ts)
  const tr = Date.now();
  await recomputeBuckets(store, [...buckets.values()]);
  log(
    `assessment rollups: ${buckets.size} leaf buckets and their ancestors recomputed in ${Math.round((Date.now() - tr) / 1000)} s`,
  );

  // built: the product's first open must not rebuild them (engine/stats/backfill.ts ensureStats)
  await store
    .collection('meta')
    .replaceOne({ _id: STATS_MARKER }, { _id: STATS_MARKER, builtAt: now, cases: n }, { upsert: true });

  // the case number counters continue after the copies, so a case started on the product gets a new number
  const meta = store.collection('meta');
  for (const [counter, seq] of seqs) {
    const _id = `caseNo:${counter}-{seq}`; // engine/cases/case-number.ts, default pattern
    const cur = await meta.findOne({ _id });
    if (!cur) await meta.insert({ _id, seq });
    else if ((cur.seq as number) < seq) await meta.updateOne({ _id }, { $set: { seq } });
  }
  return {
    closed: opts.closed,
    open: opts.open,
    docs,
    docsPerCollection: perCollection,
    ms: Date.now() - t0,
    caseNos,
  };
}
