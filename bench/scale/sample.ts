// Part 1a of the scale benchmark, through the real engine: a sample of cases of every bundled process
// (processes/*.bpmn) is started, its user tasks completed with form data the forms accept, and the manual clock
// moved on between rounds so SLA timers fall due and escalate, on a private SQLite store in a temp folder
// and its own Redis queue prefix. What the engine wrote is then read back collection by collection and
// grouped by case: these groups are the templates the bulk part (clone.ts) copies.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { deployBundled } from '../../engine/bootstrap.js';
import { ManualClock } from '../../engine/clock.js';
import { loadConfig, type EngineConfig } from '../../engine/config.js';
import { Engine, PROCESSES_DIR } from '../../engine/engine.js';
import { applySeed, readSeed, type SeedFile } from '../../engine/grid/seed.js';
import { silentLogger } from '../../engine/logger.js';
import type { InstanceState } from '../../engine/runtime/types.js';
import { openStore } from '../../engine/store/index.js';
import { COLLECTIONS, type CollectionName, type Doc } from '../../engine/store/types.js';
import { removeRedisKeys } from '../../engine/queue/redis-keys.js';
import { driveCases, type PlannedCase } from '../../engine/samples/drive.js';
import type { Random } from '../../engine/samples/random.js';

/** Collections that are the deployment's, not a case's: copied once, not per case. */
export const SHARED: ReadonlySet<CollectionName> = new Set([
  'definitions',
  'units',
  'users',
  'meta',
  'revokedTokens',
]);

export interface CaseTemplate {
  definitionKey: string;
  status: InstanceState['status'];
  /** every document of the case, per collection (the instance itself under `instances`) */
  docs: Partial<Record<CollectionName, Doc[]>>;
}

export interface Sample {
  closed: CaseTemplate[];
  open: CaseTemplate[];
  /** the deployment's documents (definitions, units, users, meta) */
  shared: Partial<Record<CollectionName, Doc[]>>;
  /** engine clock at the end of the run: pending timers of open templates are due after it */
  endClock: number;
  /** documents found in case collections that name no sample case (left out of the clones) */
  orphans: Partial<Record<CollectionName, number>>;
  seed: SeedFile;
  stats: { cases: number; completions: number; invalidDrafts: number; rounds: number; ms: number };
}

export interface SampleOptions {
  perProcess: number;
  password: string;
  rnd: Random;
  redisUrl: string;
  /** share of cases left undriven after a few rounds (templates of open cases) */
  openShare?: number;
  maxRounds?: number;
  log: (msg: string) => void;
}

/** 2026-03-02 09:00 Asia/Shanghai, a Monday: the sample's calendar starts on a working day. */
const START = Date.parse('2026-03-02T01:00:00Z');
const HOUR = 3_600_000;

export async function runSample(opts: SampleOptions): Promise<Sample> {
  const t0 = Date.now();
  const { rnd, log } = opts;
  const dir = await mkdtemp(path.join(os.tmpdir(), 'grid-scale-sample-'));
  const config: EngineConfig = {
    ...loadConfig({ REDIS_URL: opts.redisUrl }),
    dataDir: dir,
    queuePrefix: `{scs${randomBytes(4).toString('hex')}}`,
    sweepAfterMs: 500,
    sweepEveryMs: 200,
  };
  const clock = new ManualClock(START);
  const store = await openStore({ dataDir: dir, databaseUrl: '' });
  const engine = await Engine.open({ config, clock, logger: silentLogger, store });
  try {
    const seed = await readSeed(path.join(PROCESSES_DIR, 'seed/org.json'));
    await applySeed(store, seed, opts.password);
    engine.org.invalidate();
    await deployBundled(engine);
    await engine.startWorkers();
    // the bundled processes (deployBundled also deploys the bundled decision tables, which start no case)
    const keys = (await engine.definitions.list()).map((d) => d.key);
    // grids with a demo handler are where cases are reported; every grid of the seed is used by the clones
    const grids = seed.units.filter((u) => u.level === 'grid').map((u) => u.code);

    // cases are reported over the first rounds, so the open ones left at the end have different ages
    const STARTS = 8;
    const openShare = opts.openShare ?? 0.3;
    const plan: PlannedCase[] = [];
    for (const key of keys) {
      for (let i = 0; i < opts.perProcess; i++) {
        const startAt = rnd.int(0, STARTS);
        // an open template is left alone a few rounds after its start; the others are driven to their end
        plan.push({ key, startAt, stopAt: rnd.chance(openShare) ? startAt + rnd.int(0, 4) : Infinity });
      }
    }
    const {
      cases,
      completions,
      invalidDrafts,
      rounds: round,
    } = await driveCases(engine, clock, {
      plan,
      grids,
      seed,
      rnd,
      maxRounds: opts.maxRounds ?? 30,
      step: (r) => r.int(2, 30) * HOUR,
    });
    log(
      `sample: ${cases.length} cases (${keys.join(', ')}), ${round} rounds, ${completions} tasks completed through the engine`,
    );

    const captured = await capture(engine);
    return {
      ...captured,
      endClock: clock.now(),
      seed,
      stats: { cases: cases.length, completions, invalidDrafts, rounds: round, ms: Date.now() - t0 },
    };
  } finally {
    await engine.stopWorkers();
    await engine.queues.obliterate();
    await engine.close();
    await removeRedisKeys(config.redisUrl, config.queuePrefix);
    await rm(dir, { recursive: true, force: true });
  }
}

/** Reads every document back and groups the case documents by the instance they name. */
async function capture(engine: Engine): Promise<Omit<Sample, 'endClock' | 'seed' | 'stats'>> {
  const all = await engine.store.collection<InstanceState>('instances').find({});
  const byId = new Map<string, CaseTemplate>();
  for (const s of all) {
    byId.set(s._id, {
      definitionKey: s.definitionKey,
      status: s.status,
      docs: { instances: [s as unknown as Doc] },
    });
  }
  const idPattern = new RegExp([...byId.keys()].join('|'));
  const shared: Sample['shared'] = {};
  const orphans: Sample['orphans'] = {};
  for (const name of COLLECTIONS) {
    if (name === 'instances') continue;
    const docs = await engine.store.collection(name).find({});
    if (SHARED.has(name)) {
      shared[name] = docs;
      continue;
    }
    for (const d of docs) {
      const ref = typeof d.instanceId === 'string' && byId.has(d.instanceId) ? d.instanceId : undefined;
      const id = ref ?? idPattern.exec(JSON.stringify(d))?.[0];
      const t = id ? byId.get(id) : undefined;
      if (!t) {
        orphans[name] = (orphans[name] ?? 0) + 1;
        continue;
      }
      (t.docs[name] ??= []).push(d);
    }
  }
  const templates = [...byId.values()];
  return {
    closed: templates.filter((t) => t.status !== 'active'),
    open: templates.filter((t) => t.status === 'active'),
    shared,
    orphans,
  };
}
