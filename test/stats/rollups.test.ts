import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import {
  assess,
  type CaseFact,
  type DisciplineFact,
  type EscalationFact,
  type ReworkFact,
  type TaskFact,
  type UnitInfo,
} from '../../engine/sla/assessment.js';
import {
  closedFact,
  dayOf,
  disciplineFact,
  escalationFact,
  receivedFact,
  reworkFact,
  taskFact,
  type CaseRef,
} from '../../engine/stats/facts.js';
import {
  CLOCK_MARGIN_MS,
  cachedMonths,
  daysOfMonth,
  mayHaveEnded,
  monthSums,
  nextMonth,
  surelyEnded,
  type DayBucketReader,
} from '../../engine/stats/months.js';
import { pacer } from '../../engine/stats/pace.js';
import { assessFromRollups, dayWindows } from '../../engine/stats/query.js';
import {
  bucketRefs,
  insertFacts,
  passWaits,
  recomputeBucket,
  recomputeInNextPass,
  recordFacts,
  rollupId,
  unitRollups,
  type RollupDoc,
} from '../../engine/stats/rollup.js';
import type { FactDoc } from '../../engine/stats/tally.js';
import { openTestStore } from '../helpers/store.js';
import type { CollectionName, Store } from '../../engine/store/types.js';

const TZ = 'Asia/Shanghai';
const H = 3_600_000;
const D = 24 * H;
/** Monday 2026-03-02 00:00 in the business zone */
const T0 = Date.parse('2026-03-02T00:00:00+08:00');
const SPAN = 12 * D;

/** working time: 01:00–10:00 UTC of every day (a calendar with gaps, integer ms) */
const cumulative = (t: number) => Math.floor(t / D) * 9 * H + Math.min(9 * H, Math.max(0, (t % D) - H));
const workingMs = (a: number, b: number) => cumulative(b) - cumulative(a);

/**
 * A small org tree per run (codes prefixed so the runs share one store): district → 2 streets →
 * communities → grids; community c3 also takes cases itself (facts at a non-leaf unit).
 */
function orgOf(p: string) {
  const u = (code: string, level: string, parent?: string) => ({ code: p + code, name: code, level, parent });
  const units = [
    u('d', 'district'),
    u('s1', 'street', p + 'd'),
    u('s2', 'street', p + 'd'),
    u('c1', 'community', p + 's1'),
    u('c2', 'community', p + 's1'),
    u('c3', 'community', p + 's2'),
    u('g1', 'grid', p + 'c1'),
    u('g2', 'grid', p + 'c1'),
    u('g3', 'grid', p + 'c2'),
    u('g4', 'grid', p + 'c3'),
  ];
  const byCode = new Map(units.map((x) => [x.code, x]));
  const chain = (code: string) => {
    const out: string[] = [];
    for (let c: string | undefined = code; c; c = byCode.get(c)?.parent) out.push(c);
    return out;
  };
  const subtree = (code: string) => units.filter((x) => chain(x.code).includes(code)).map((x) => x.code);
  const homes = ['g1', 'g2', 'g3', 'g4', 'c3'].map((c) => p + c);
  return { units, chain, subtree, homes };
}

interface World {
  cases: Array<CaseFact & { key: string }>;
  tasks: TaskFact[];
  escalations: Array<EscalationFact & { id: string; instanceId: string }>;
  reworks: ReworkFact[];
  /** 退单 / 延期 / 挂账 events */
  discipline: Array<DisciplineFact & { id: string; instanceId: string }>;
  now: number;
}

/** a uniform fraction in [min, max] (fast-check's doubles crowd the bounds: edge days would stay empty) */
const frac = (min: number, max: number) =>
  fc
    .noBias(fc.integer({ min: Math.round(min * 10_000), max: Math.round(max * 10_000) }))
    .map((x) => x / 10_000);

/** Random cases with their tasks, escalations and reworks, consistent with the engine's rules. */
const caseArb = fc.record({
  home: fc.nat(4),
  key: fc.constantFrom('p1', 'p2'),
  reporter: fc.option(fc.constantFrom('u1', 'w1', 'w2'), { nil: undefined }),
  start: frac(0, 0.9),
  life: frac(0.001, 0.5),
  status: fc.constantFrom('active', 'completed', 'completed', 'terminated', 'cancelled'),
  tasks: fc.array(
    fc.record({
      startAt: frac(0, 0.9),
      lenAt: frac(0.05, 1),
      handler: fc.nat(3),
      // who completed it and its department (absent: a fact recorded before they were kept)
      by: fc.option(fc.constantFrom('u1', 'u2', 'u3'), { nil: undefined }),
      role: fc.option(fc.constantFrom('fire', 'police', 'cg'), { nil: undefined }),
      status: fc.constantFrom('open', 'completed', 'completed', 'cancelled'),
      sla: fc.option(frac(0.01, 0.3), { nil: undefined }),
      escalations: fc.array(
        fc.record({
          at: frac(0, 1),
          level: fc.constantFrom('community', 'street', 'district'),
          supervised: fc.boolean(),
        }),
        { maxLength: 2 },
      ),
      // 挂账 (open tasks only) and an approved extension
      parked: fc.boolean(),
      extended: fc.boolean(),
      pause: fc.option(
        fc.record({
          from: frac(0, 1),
          len: frac(0, 1),
          still: fc.boolean(),
        }),
        { nil: undefined },
      ),
    }),
    { minLength: 1, maxLength: 3 },
  ),
  reworks: fc.array(frac(0, 1), { maxLength: 3 }),
  discipline: fc.array(
    fc.record({
      kind: fc.constantFrom('return', 'extension', 'backlog'),
      at: frac(0, 1),
      handler: fc.nat(3),
      role: fc.option(fc.constantFrom('fire', 'police'), { nil: undefined }),
    }),
    { maxLength: 3 },
  ),
});

type RawCase = typeof caseArb extends fc.Arbitrary<infer T> ? T : never;

/** `span`: how long the history is (from T0) — a few months for the month sums' tests */
function buildWorld(p: string, raw: RawCase[], nowFrac: number, span = SPAN): World {
  const at = (f: number) => T0 + Math.floor(f * span);
  const org = orgOf(p);
  const now = at(nowFrac);
  const w: World = { cases: [], tasks: [], escalations: [], reworks: [], discipline: [], now };
  raw.forEach((r, i) => {
    const id = `${p}i${i}`;
    const gridUnit = org.homes[r.home];
    const startedAt = Math.min(at(r.start), now - 1);
    const closed = r.status !== 'active';
    const endedAt = closed ? Math.min(now, startedAt + Math.max(1, Math.floor(r.life * span))) : undefined;
    if (closed && endedAt! <= startedAt) return;
    const end = endedAt ?? now;
    w.cases.push({
      id,
      gridUnit,
      status: r.status,
      startedAt,
      endedAt,
      key: r.key,
      ...(r.reporter ? { reporter: r.reporter } : {}),
    });
    const chain = org.chain(gridUnit);
    r.tasks.forEach((t, j) => {
      const createdAt = startedAt + Math.floor(t.startAt * (end - startedAt));
      // closed cases have no open task; an open case's tasks may be anything
      const status: TaskFact['status'] = closed && t.status === 'open' ? 'cancelled' : t.status;
      const completedAt = status === 'open' ? undefined : createdAt + Math.floor(t.lenAt * (end - createdAt));
      const stop = completedAt ?? now;
      const firstDueAt = t.sla === undefined ? undefined : createdAt + Math.floor(t.sla * span);
      const escs = (firstDueAt === undefined ? [] : t.escalations)
        .map((e) => ({ ...e, firedAt: firstDueAt! + Math.floor(e.at * Math.max(0, stop - firstDueAt!)) }))
        .filter((e) => e.firedAt < stop);
      const dueAt = firstDueAt === undefined ? undefined : escs.length ? firstDueAt + 2 * D : firstDueAt;
      let pauses: TaskFact['pauses'];
      let pausedSince: number | undefined;
      if (t.pause) {
        const from = createdAt + Math.floor(t.pause.from * (stop - createdAt));
        if (t.pause.still) pausedSince = from;
        else pauses = [{ from, to: from + Math.floor(t.pause.len * (stop - from)) }];
      }
      const taskId = `${id}t${j}`;
      w.tasks.push({
        id: taskId,
        instanceId: id,
        gridUnit,
        unit: chain[Math.min(t.handler, chain.length - 1)],
        status,
        createdAt,
        completedAt,
        dueAt,
        firstDueAt,
        escalated: escs.length > 0,
        pauses,
        pausedSince,
        ...(status === 'open' && t.parked ? { parked: true } : {}),
        ...(t.extended && firstDueAt !== undefined ? { extended: true } : {}),
        ...(status === 'completed' && t.by ? { by: t.by } : {}),
        ...(t.role ? { role: t.role } : {}),
      });
      escs.forEach((e, k) =>
        w.escalations.push({
          id: `${taskId}e${k}`,
          instanceId: id,
          gridUnit,
          toLevel: e.level,
          supervised: e.supervised,
          firedAt: e.firedAt,
        }),
      );
    });
    for (const f of r.reworks)
      w.reworks.push({ instanceId: id, gridUnit, at: startedAt + Math.floor(f * (end - startedAt)) });
    r.discipline.forEach((d, k) =>
      w.discipline.push({
        id: `${id}d${k}`,
        instanceId: id,
        kind: d.kind,
        gridUnit,
        unit: chain[Math.min(d.handler, chain.length - 1)],
        at: startedAt + Math.floor(d.at * (end - startedAt)),
        ...(d.kind === 'return' && d.role ? { role: d.role } : {}),
      }),
    );
  });
  return w;
}

/** The facts of a world, as the outbox hook would record them. */
function factsOf(p: string, w: World): FactDoc[] {
  const org = orgOf(p);
  const ref = (c: World['cases'][number]): CaseRef => ({
    _id: c.id,
    gridUnit: c.gridUnit,
    unitPath: org.chain(c.gridUnit),
    definitionKey: c.key,
  });
  const byId = new Map(w.cases.map((c) => [c.id, c]));
  const facts: FactDoc[] = [];
  for (const c of w.cases) {
    facts.push(receivedFact({ ...ref(c), startedAt: c.startedAt, startedBy: c.reporter }, TZ));
    const tasks = w.tasks.filter((t) => t.instanceId === c.id);
    for (const t of tasks) if (t.status === 'completed') facts.push(taskFact(ref(c), t, TZ, workingMs));
    const reworks = w.reworks.filter((r) => r.instanceId === c.id).sort((a, b) => a.at - b.at);
    reworks.forEach((r, k) => facts.push(reworkFact(ref(c), `${c.id}w${k}`, r.at, reworks[k - 1]?.at, TZ)));
    if (c.status !== 'active')
      facts.push(
        closedFact(
          { ...ref(c), ...c, _id: c.id, startedBy: c.reporter },
          tasks,
          reworks.length > 0,
          TZ,
          workingMs,
        ),
      );
  }
  for (const e of w.escalations) facts.push(escalationFact(ref(byId.get(e.instanceId)!), e.id, e, TZ));
  for (const d of w.discipline)
    facts.push(disciplineFact(ref(byId.get(d.instanceId)!), d.id, d.kind, d.at, d.unit, TZ, d.role));
  return facts;
}

/** The assessment recomputed from the raw data of the subtree (the definition). */
function reference(p: string, w: World, code: string, from: number, to: number) {
  const org = orgOf(p);
  const info = (c: string): UnitInfo => {
    const u = org.units.find((x) => x.code === c)!;
    return { code: u.code, name: u.name, level: u.level };
  };
  const codes = new Set(org.subtree(code));
  const active = new Set(w.cases.filter((c) => c.status === 'active').map((c) => c.id));
  return assess({
    unit: info(code),
    children: org.units
      .filter((u) => u.parent === code)
      .map((u) => ({ ...info(u.code), codes: org.subtree(u.code) })),
    from,
    to,
    now: w.now,
    timezone: TZ,
    cases: w.cases.filter((c) => codes.has(c.gridUnit)).map(({ key: _k, ...c }) => c),
    tasks: w.tasks.filter((t) => codes.has(t.gridUnit) && (t.status !== 'open' || active.has(t.instanceId))),
    escalations: w.escalations.filter((e) => codes.has(e.gridUnit)),
    reworks: w.reworks.filter((r) => codes.has(r.gridUnit)),
    discipline: w.discipline.filter((d) => codes.has(d.gridUnit)),
    units: org.units.map((u) => info(u.code)),
    workingMs,
  });
}

function fromRollups(
  store: Store,
  p: string,
  w: World,
  code: string,
  from: number,
  to: number,
  wallClock?: () => number,
) {
  const org = orgOf(p);
  const ref = reference(p, w, code, from, to);
  const codes = new Set(org.subtree(code));
  const active = new Set(w.cases.filter((c) => c.status === 'active').map((c) => c.id));
  return assessFromRollups(store, {
    unit: ref.unit,
    children: org.units
      .filter((u) => u.parent === code)
      .map((u) => ({ code: u.code, name: u.name, level: u.level, codes: org.subtree(u.code) })),
    units: org.units.map((u) => ({ code: u.code, name: u.name, level: u.level })),
    from,
    to,
    now: w.now,
    timezone: TZ,
    openTasks: w.tasks.filter(
      (t) => codes.has(t.gridUnit) && t.status === 'open' && active.has(t.instanceId),
    ),
    workingMs,
    wallClock,
  });
}

/** The part of a world made of its first `n` raw cases (ids `${p}i${index}`). */
function firstCases(p: string, w: World, n: number): World {
  const keep = (id: string) => Number(id.slice(p.length + 1)) < n;
  return {
    now: w.now,
    cases: w.cases.filter((c) => keep(c.id)),
    tasks: w.tasks.filter((t) => keep(t.instanceId)),
    escalations: w.escalations.filter((e) => keep(e.instanceId)),
    reworks: w.reworks.filter((r) => keep(r.instanceId)),
    discipline: w.discipline.filter((d) => keep(d.instanceId)),
  };
}

/** Records facts in shuffled batches, several batches at once (concurrent recomputes of shared buckets). */
async function recordShuffled(
  store: Store,
  facts: FactDoc[],
  seed: number,
  wallClock?: () => number,
): Promise<void> {
  const order = facts
    .map((f, i) => ({ f, k: (i * 2654435761 + seed * 97) % 1000003 }))
    .sort((a, b) => a.k - b.k)
    .map((x) => x.f);
  const batches: FactDoc[][] = [];
  for (let i = 0; i < order.length; i += 5) batches.push(order.slice(i, i + 5));
  for (let i = 0; i < batches.length; i += 4)
    await Promise.all(batches.slice(i, i + 4).map((b) => recordFacts(store, b, wallClock)));
}

describe('stats rollups', () => {
  let store: Store;
  let dir: string;
  let run = 0;
  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'grid-stats-'));
    store = await openTestStore(dir);
  });
  after(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('figures from the rollups equal the assessment recomputed from raw data (periods, units, mixes)', async function () {
    this.timeout(120_000);
    await fc.assert(
      fc.asyncProperty(
        fc.array(caseArb, { minLength: 1, maxLength: 14 }),
        frac(0.3, 1),
        fc.array(
          fc.record({
            unit: fc.constantFrom('d', 's1', 's2', 'c1', 'c3', 'g1'),
            from: frac(-0.1, 0.9),
            len: frac(0.01, 1),
            aligned: fc.boolean(),
          }),
          { minLength: 1, maxLength: 4 },
        ),
        async (raw, nowFrac, queries) => {
          const p = `r${run++}`;
          const w = buildWorld(p, raw, nowFrac);
          await recordShuffled(store, factsOf(p, w), run);
          for (const q of queries) {
            let from = T0 + Math.floor(q.from * SPAN);
            let to = from + Math.max(1, Math.floor(q.len * SPAN));
            if (q.aligned) {
              // whole business days (midnight in the zone: T0 is one)
              from = T0 + Math.floor((from - T0) / D) * D;
              to = Math.max(from + D, T0 + Math.floor((to - T0) / D) * D);
            }
            const code = p + q.unit;
            const got = await fromRollups(store, p, w, code, from, to);
            expect(got, `${code} [${from}, ${to})`).to.deep.equal(reference(p, w, code, from, to));
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it('reads a long period a month of buckets at a time with the same figures (windows split the data)', async function () {
    this.timeout(60_000);
    // the windows of a 105-day period starting 25 days before the data end inside its 12 days
    const from = T0 - 25 * D;
    const to = T0 + 80 * D;
    const windows = dayWindows({ start: from, end: to }, TZ);
    expect(windows.length).to.be.greaterThan(2);
    await fc.assert(
      fc.asyncProperty(
        fc.array(caseArb, { minLength: 1, maxLength: 10 }),
        frac(0.3, 1),
        async (raw, nowFrac) => {
          const p = `w${run++}`;
          const w = buildWorld(p, raw, nowFrac);
          await recordShuffled(store, factsOf(p, w), run);
          for (const unit of ['d', 's1', 'g1']) {
            const code = p + unit;
            expect(await fromRollups(store, p, w, code, from, to), code).to.deep.equal(
              reference(p, w, code, from, to),
            );
          }
        },
      ),
      { numRuns: 8 },
    );
  });

  it('cuts whole days into windows of at most 31 days that together are exactly the period', () => {
    fc.assert(
      fc.property(fc.integer({ min: -400, max: 400 }), fc.integer({ min: 1, max: 800 }), (start, days) => {
        const whole = { start: T0 + start * D, end: T0 + (start + days) * D };
        const windows = dayWindows(whole, TZ);
        expect(windows[0].$gte).to.equal(dayOf(whole.start, TZ));
        expect(windows[windows.length - 1].$lt).to.equal(dayOf(whole.end, TZ));
        windows.forEach((w, i) => {
          if (i) expect(w.$gte).to.equal(windows[i - 1].$lt);
          const span = (Date.parse(`${w.$lt}T00:00:00+08:00`) - Date.parse(`${w.$gte}T00:00:00+08:00`)) / D;
          expect(span).to.be.within(1, 31);
        });
      }),
    );
  });

  it('recording the same facts again and recomputing a bucket again changes nothing', async () => {
    const p = 'redo';
    const w = buildWorld(p, fc.sample(caseArb, { numRuns: 12, seed: 7 }), 0.8);
    const facts = factsOf(p, w);
    await recordShuffled(store, facts, 1);
    const rollups = store.collection<RollupDoc>('statRollups');
    const snapshot = async () =>
      (await rollups.find({ _id: { $gte: p, $lt: p + '~' } }, { sort: { _id: 1 } })).map(
        ({ version: _v, ...r }) => r,
      );
    const before = await snapshot();
    const from = T0 + D;
    const to = T0 + 8 * D + 5 * H;
    const figures = await fromRollups(store, p, w, p + 'd', from, to);
    expect(figures).to.deep.equal(reference(p, w, p + 'd', from, to));
    // a redelivered outbox: the same facts once more, in another order
    await recordShuffled(store, facts, 2);
    const first = facts[0];
    const chain = orgOf(p).chain(first.unit);
    await recomputeBucket(store, first.unit, chain[1], first.day, first.key);
    await recomputeBucket(store, first.unit, chain[1], first.day, first.key);
    expect(await snapshot()).to.deep.equal(before);
    expect(await fromRollups(store, p, w, p + 'd', from, to)).to.deep.equal(figures);
    expect(await store.collection('statFacts').count({ unitPath: p + 'd' })).to.equal(facts.length);
  });

  it('concurrent recomputes of one bucket end with the sum of all its facts', async () => {
    const p = 'conc';
    const org = orgOf(p);
    const g = p + 'g1';
    const day = '2026-03-03';
    const ref: CaseRef = { _id: '', gridUnit: g, unitPath: org.chain(g), definitionKey: 'p1' };
    const facts = Array.from({ length: 24 }, (_, i) =>
      receivedFact({ ...ref, _id: `${p}i${i}`, startedAt: Date.parse(`${day}T10:00:00+08:00`) + i }, TZ),
    );
    // each fact lands and its writer recomputes the chain at the same time as the others
    await Promise.all(facts.map((f) => recordFacts(store, [f])));
    const rollups = store.collection<RollupDoc>('statRollups');
    for (const unit of org.chain(g)) {
      const b = await rollups.findOne({ _id: rollupId(unit, day, 'p1') });
      expect(b?.tally.received, unit).to.equal(24);
    }
    // two writers racing on one bucket whose input changed after the first one read it
    const extra = receivedFact({ ...ref, _id: `${p}x`, startedAt: Date.parse(`${day}T11:00:00+08:00`) }, TZ);
    const racing = recomputeBucket(store, g, org.chain(g)[1], day, 'p1');
    await store.collection<FactDoc>('statFacts').insertManyIgnoreDuplicates([extra]);
    await Promise.all([racing, recomputeBucket(store, g, org.chain(g)[1], day, 'p1')]);
    expect((await rollups.findOne({ _id: rollupId(g, day, 'p1') }))?.tally.received).to.equal(25);
  });
  it('month sums give the same figures over months, also after late facts land in summed months', async function () {
    this.timeout(300_000);
    // 2026-03-02 … 2026-06-10: March, April and May are whole months of the history
    const span = 100 * D;
    const periods: Array<[number, number]> = [
      // a long period starting and ending inside months
      [T0 - 40 * D, T0 + 140 * D + 5 * H],
      // whole months (March and April) and a few hours
      [Date.parse('2026-03-01T00:00:00+08:00'), Date.parse('2026-05-01T05:00:00+08:00')],
      [T0 + 20 * D + 3 * H, T0 + 75 * D],
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.array(caseArb, { minLength: 2, maxLength: 14 }),
        fc.nat(),
        frac(0.5, 1.2),
        // the machine's clock (days after T0) when the first cases are recorded and queried, and how much
        // later the rest land: nothing ended yet / March / March and April / every month ended
        fc.constantFrom(20, 45, 62, 200),
        fc.constantFrom(0, 30, 200),
        async (raw, cut, nowFrac, wall1, later) => {
          const p = `m${run++}`;
          const w = buildWorld(p, raw, nowFrac, span);
          const early = firstCases(p, w, 1 + (cut % (raw.length - 1)));
          const earlyFacts = factsOf(p, early);
          let wall = T0 + wall1 * D;
          const clock = () => wall;
          await recordShuffled(store, earlyFacts, run, clock);
          for (const unit of ['d', 's1', 'g1'])
            for (const [from, to] of periods)
              expect(await fromRollups(store, p, early, p + unit, from, to, clock), unit).to.deep.equal(
                reference(p, early, p + unit, from, to),
              );
          const summed = await store
            .collection('statMonths')
            .count({ slot: `${p}d|2026-03`, tally: { $exists: true } });
          if (wall1 >= 45) expect(summed, 'March summed').to.equal(1);
          else expect(summed).to.equal(0);
          // the other cases: their facts land late, most of them in months already summed
          wall += later * D;
          const seen = new Set(earlyFacts.map((f) => f._id));
          await recordShuffled(
            store,
            factsOf(p, w).filter((f) => !seen.has(f._id)),
            run + 1,
            clock,
          );
          for (const unit of ['d', 's1', 's2', 'g1'])
            for (const [from, to] of periods)
              expect(await fromRollups(store, p, w, p + unit, from, to, clock), unit).to.deep.equal(
                reference(p, w, p + unit, from, to),
              );
        },
      ),
      { numRuns: 16 },
    );
  });

  it('a month sum built while a late fact lands in its month is not kept; the next build is', async () => {
    const p = 'race';
    const g = p + 'g1';
    const ref: CaseRef = { _id: '', gridUnit: g, unitPath: orgOf(p).chain(g), definitionKey: 'p1' };
    const fact = (i: number) =>
      receivedFact({ ...ref, _id: `${p}i${i}`, startedAt: Date.parse('2026-03-10T10:00:00+08:00') + i }, TZ);
    const wall = () => Date.parse('2026-12-01T00:00:00Z');
    const months = store.collection('statMonths');
    await recordFacts(store, [fact(0)], wall);
    const plain: DayBucketReader = (unit, days, parent) => unitRollups(store, unit, days, parent);
    // the late fact is recorded (its bucket written, then its month cleared) after the builder read the days
    const racing: DayBucketReader = async (unit, days, parent) => {
      const read = await plain(unit, days, parent);
      await recordFacts(store, [fact(1)], wall);
      return read;
    };
    const [first] = (await monthSums(store, [{ unit: g }], ['2026-03'], racing, pacer())).get(g)!;
    expect(first.tally.received).to.equal(1);
    expect(await months.count({ slot: `${g}|2026-03` }), 'a stale sum is not kept').to.equal(0);
    const [second] = (await monthSums(store, [{ unit: g }], ['2026-03'], plain, pacer())).get(g)!;
    expect(second.tally.received).to.equal(2);
    expect(await months.count({ slot: `${g}|2026-03`, tally: { $exists: true } })).to.equal(1);
    // read back from the sum, not rebuilt
    const refuse: DayBucketReader = () => Promise.reject(new Error('must not read day buckets'));
    const [third] = (await monthSums(store, [{ unit: g }], ['2026-03'], refuse, pacer())).get(g)!;
    expect(third.tally.received).to.equal(2);
    // a later fact of that month clears it again, and the sums of the units above
    await recordFacts(store, [fact(2)], wall);
    expect(await months.count({ slot: `${g}|2026-03` })).to.equal(0);
  });

  it("the current month's facts write nothing about month sums (the live path's statements)", async () => {
    const p = 'live';
    const g = p + 'g1';
    const asked: string[] = [];
    const counting = Object.create(store, {
      collection: { value: (name: CollectionName) => (asked.push(name), store.collection(name)) },
    }) as Store;
    const ref: CaseRef = { _id: `${p}i0`, gridUnit: g, unitPath: orgOf(p).chain(g), definitionKey: 'p1' };
    const at = Date.parse('2026-03-10T10:00:00+08:00');
    await recordFacts(counting, [receivedFact({ ...ref, startedAt: at }, TZ)], () => at + H);
    expect(asked).to.not.include('statMonths');
    // on the month's last evening it may have ended somewhere: the month's sums are cleared
    const last = Date.parse('2026-03-31T20:00:00+08:00');
    await recordFacts(counting, [receivedFact({ ...ref, _id: `${p}i1`, startedAt: last }, TZ)], () => last);
    expect(asked).to.include('statMonths');
  });

  it('a month is summed only once it ended in every time zone, and cleared once it may have ended in one', () => {
    const zones = ['Pacific/Kiritimati', 'Asia/Shanghai', 'Europe/London', 'Etc/GMT+12'];
    fc.assert(
      fc.property(
        fc.integer({ min: 2020, max: 2040 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: -3 * D, max: 3 * D }),
        (y, m, offset) => {
          const month = `${y}-${String(m).padStart(2, '0')}`;
          expect(daysOfMonth(month).$lt).to.equal(`${nextMonth(month)}-01`);
          for (const zone of zones) {
            const end = DateTime.fromISO(`${nextMonth(month)}-01`, { zone }).toMillis();
            const t = end + offset;
            // summed ⇒ ended a clock margin ago here; not cleared ⇒ not ended here
            if (surelyEnded(month, t)) expect(t - CLOCK_MARGIN_MS).to.be.at.least(end);
            if (!mayHaveEnded(month, t)) expect(t).to.be.below(end);
          }
        },
      ),
    );
    // the months of a period that may be read from sums: whole, ended, contiguous
    const now = Date.parse('2026-06-15T00:00:00Z');
    expect(cachedMonths('2026-01-15', '2026-06-20', now)).to.deep.equal({
      months: ['2026-02', '2026-03', '2026-04', '2026-05'],
      $gte: '2026-02-01',
      $lt: '2026-06-01',
    });
    expect(cachedMonths('2026-02-01', '2026-05-31', now).months).to.deep.equal([
      '2026-02',
      '2026-03',
      '2026-04',
    ]);
    expect(cachedMonths('2026-05-01', '2026-06-01', Date.parse('2026-06-01T06:00:00Z')).months).to.deep.equal(
      [],
    );
  });

  it('recordFacts resolves only once its facts are in every bucket up to the root, sharing passes', async () => {
    const p = 'pass';
    const org = orgOf(p);
    const day = '2026-03-04';
    const homes = org.homes;
    const facts = Array.from({ length: 40 }, (_, i) => {
      const g = homes[i % homes.length];
      const ref: CaseRef = { _id: `${p}i${i}`, gridUnit: g, unitPath: org.chain(g), definitionKey: 'p1' };
      return receivedFact({ ...ref, startedAt: Date.parse(`${day}T10:00:00+08:00`) + i }, TZ);
    });
    // counts the bucket writes of this test's buckets
    let writes = 0;
    const counting = {
      ...store,
      collection(name: Parameters<Store['collection']>[0]) {
        const col = store.collection(name);
        if (name !== 'statRollups') return col;
        return new Proxy(col, {
          get(target, prop, receiver) {
            if (prop === 'replaceOne' || prop === 'insert')
              return (...args: unknown[]) => {
                writes++;
                return (target[prop] as (...a: unknown[]) => unknown).apply(target, args);
              };
            return Reflect.get(target, prop, receiver);
          },
        });
      },
    } as Store;
    const rollups = store.collection<RollupDoc>('statRollups');
    const received = async (unit: string) =>
      (await rollups.findOne({ _id: rollupId(unit, day, 'p1') }))?.tally.received ?? 0;
    /** facts whose recordFacts has resolved */
    const done: FactDoc[] = [];
    // in waves, as steps arrive while a pass runs: each waits for a pass that started after it asked
    await Promise.all(
      facts.map(async (f, i) => {
        await new Promise((r) => setTimeout(r, (i % 4) * 2));
        const chain = org.chain(f.unit);
        const before = chain.map((unit) => done.filter((d) => d.unitPath.includes(unit)).length);
        await recordFacts(counting, [f]);
        // its own fact and every one recorded before it asked are counted all the way up
        for (const [k, unit] of chain.entries())
          expect(await received(unit), `${f._id} at ${unit}`).to.be.at.least(before[k] + 1);
        done.push(f);
      }),
    );
    for (const unit of org.units.map((u) => u.code)) {
      const b = await rollups.findOne({ _id: rollupId(unit, day, 'p1') });
      const inSubtree = facts.filter((f) => f.unitPath.includes(unit)).length;
      expect(b?.tally.received ?? 0, unit).to.equal(inSubtree);
    }
    // the buckets asked for in one event-loop turn, and those asked for while that pass runs, are written
    // once per pass: two passes here, where a chain per fact wrote 40 × 4 buckets
    const more = facts.map((f) => ({ ...f, _id: `${f._id}b` }));
    await insertFacts(store, more);
    writes = 0;
    const first = more.slice(0, 20).map((f) => recomputeInNextPass(counting, bucketRefs([f])));
    await new Promise((r) => setImmediate(r)); // the first pass has started
    const second = more.slice(20).map((f) => recomputeInNextPass(counting, bucketRefs([f])));
    await Promise.all([...first, ...second]);
    expect(writes).to.be.at.most(2 * org.units.length);
    for (const unit of org.units.map((u) => u.code)) {
      const inSubtree = facts.filter((f) => f.unitPath.includes(unit)).length;
      expect(await received(unit), unit).to.equal(2 * inSubtree);
    }
  });

  it("a step's recompute neither waits for nor holds a timer batch's buckets", async () => {
    const p = 'lane';
    const org = orgOf(p);
    const day = '2026-03-05';
    const at = Date.parse(`${day}T10:00:00+08:00`);
    const fact = (i: number, key: string, g: string) =>
      receivedFact(
        { _id: `${p}${key}${i}`, gridUnit: g, unitPath: org.chain(g), definitionKey: key, startedAt: at + i },
        TZ,
      );
    // a timer batch's escalations land in every home (process key 'sla'); a step's fact in one ('bg')
    const batchFacts = org.homes.map((g, i) => fact(i, 'sla', g));
    const stepFacts = [fact(0, 'bg', p + 'g1'), fact(1, 'bg', p + 'g1')];
    await insertFacts(store, [...batchFacts, ...stepFacts]);
    const batchBuckets = new Set(bucketRefs(batchFacts).flatMap((r) => [r.unit, ...r.ancestors]));
    // the batch's buckets are held (their reads wait) until the step's recompute has resolved; if the step
    // waits for them, they are let go after 3 s so that the test ends and the counts below tell
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const fallback = setTimeout(release, 3000);
    let batchWrites = 0;
    const held = {
      ...store,
      collection(name: Parameters<Store['collection']>[0]) {
        const col = store.collection(name);
        if (name !== 'statRollups') return col;
        return new Proxy(col, {
          get(target, prop, receiver) {
            const fn = Reflect.get(target, prop, receiver) as (...a: unknown[]) => Promise<unknown>;
            if (typeof fn !== 'function') return fn;
            return async (...args: unknown[]) => {
              const batch = JSON.stringify(args[0] ?? null).includes('|sla');
              if (batch) await gate;
              if (batch && (prop === 'replaceOne' || prop === 'insert')) batchWrites++;
              return fn.apply(target, args);
            };
          },
        });
      },
    } as Store;
    const rollups = store.collection<RollupDoc>('statRollups');
    const received = async (unit: string, key: string) =>
      (await rollups.findOne({ _id: rollupId(unit, day, key) }))?.tally.received ?? 0;
    passWaits(true);
    // asked in the same turn as the batch (one pass before), and while the batch's pass runs
    const batch = recomputeInNextPass(held, bucketRefs(batchFacts), undefined, 'batch');
    const first = recomputeInNextPass(held, bucketRefs(stepFacts.slice(0, 1)), undefined, 'step');
    await first;
    const writesBeforeFirst = batchWrites;
    const second = recomputeInNextPass(held, bucketRefs(stepFacts.slice(1)), undefined, 'step');
    await second;
    const writesBeforeSecond = batchWrites;
    const waits = passWaits(true).step;
    clearTimeout(fallback);
    release();
    await batch;
    expect(writesBeforeFirst, 'batch buckets written before the first step resolved').to.equal(0);
    expect(writesBeforeSecond, 'batch buckets written before the second step resolved').to.equal(0);
    expect(waits.callers).to.equal(2);
    expect(waits.otherKindBuckets, "the batch's buckets in the steps' passes").to.equal(0);
    expect(waits.sharedWithOtherKind).to.equal(0);
    // each step waited for its own chain (4 buckets), perhaps twice (the previous step's pass), nothing else
    expect(waits.maxBucketsWaited).to.be.at.most(2 * org.chain(p + 'g1').length);
    for (const unit of org.chain(p + 'g1')) expect(await received(unit, 'bg'), unit).to.equal(2);
    expect(batchWrites).to.equal(batchBuckets.size);
    for (const unit of batchBuckets)
      expect(await received(unit, 'sla'), unit).to.equal(
        batchFacts.filter((f) => f.unitPath.includes(unit)).length,
      );
  });
});
