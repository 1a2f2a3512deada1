// Part 1a of the scale benchmark, through the real engine: a sample of cases of every bundled process
// (processes/*.bpmn) is started, its user tasks completed with form data the forms accept, and the manual clock
// moved on between rounds so SLA timers fall due and escalate, on a private SQLite store in a temp folder
// and its own Redis queue prefix. What the engine wrote is then read back collection by collection and
// grouped by case: these groups are the templates the bulk part (clone.ts) copies.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { deployBundled } from '../../engine/bootstrap.js';
import { ManualClock } from '../../engine/clock.js';
import { loadConfig, type EngineConfig } from '../../engine/config.js';
import { Engine, PROCESSES_DIR } from '../../engine/engine.js';
import { applySeed, readSeed, type SeedFile } from '../../engine/grid/seed.js';
import { silentLogger } from '../../engine/logger.js';
import type { TaskDoc } from '../../engine/queue/outbox.js';
import type { InstanceState } from '../../engine/runtime/types.js';
import { openStore } from '../../engine/store/index.js';
import { COLLECTIONS, type CollectionName, type Doc } from '../../engine/store/types.js';
import { formData } from './form-data.js';
import type { Random } from './random.js';

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

/** Deletes what the sample left in Redis under its prefix (queues, event log). */
async function removeKeys(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/** A demo user holding one of the task's candidate roles at its unit (as the inbox would offer it). */
function actorFor(seed: SeedFile, task: TaskDoc): string {
  const u = seed.users.find((x) =>
    (x.roles ?? []).some((r) => r.unit === task.unit && task.candidateRoles.includes(r.role)),
  );
  return u?.username ?? 'admin';
}

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
    const deployed = await deployBundled(engine);
    await engine.startWorkers();
    const keys = deployed.map((d) => d.key);
    // grids with a demo handler are where cases are reported; every grid of the seed is used by the clones
    const grids = seed.units.filter((u) => u.level === 'grid').map((u) => u.code);

    // cases are reported over the first rounds, so the open ones left at the end have different ages
    const STARTS = 8;
    const openShare = opts.openShare ?? 0.3;
    const plan: Array<{ key: string; startAt: number; stopAt: number }> = [];
    for (const key of keys) {
      for (let i = 0; i < opts.perProcess; i++) {
        const startAt = rnd.int(0, STARTS);
        // an open template is left alone a few rounds after its start; the others are driven to their end
        plan.push({ key, startAt, stopAt: rnd.chance(openShare) ? startAt + rnd.int(0, 4) : Infinity });
      }
    }
    const cases: Array<{ id: string; key: string; stopAt: number }> = [];

    let completions = 0;
    let invalidDrafts = 0;
    const maxRounds = opts.maxRounds ?? 30;
    let round = 0;
    const instances = store.collection<InstanceState>('instances');
    for (; round < maxRounds; round++) {
      for (const p of plan.filter((x) => x.startAt === round)) {
        const s = await engine.start(p.key, { gridUnit: rnd.pick(grids) }, 'admin');
        cases.push({ id: s._id, key: p.key, stopAt: p.stopAt });
        await engine.waitForIdle(s._id);
      }
      const driven: typeof cases = [];
      for (const c of cases) {
        if (round >= c.stopAt) continue;
        const s = await instances.findOne({ _id: c.id });
        if (s?.status === 'active') driven.push(c);
      }
      if (!driven.length && round >= STARTS) break;
      // one task per driven case per round, a few cases at a time (the workers run the steps)
      let next = 0;
      await Promise.all(
        Array.from({ length: 4 }, async () => {
          while (next < driven.length) {
            const c = driven[next++];
            const open = (await engine.listTasks({ instanceId: c.id, status: 'open' })).items;
            if (!open.length) continue;
            const task = rnd.pick(open);
            const data = formData(engine.forms, task.formKey, rnd, clock.now());
            if (!data) {
              invalidDrafts++;
              continue;
            }
            const actor = task.assignee ?? actorFor(seed, task);
            try {
              if (!task.assignee) await engine.claim(task._id, actor);
              await engine.completeTask(task._id, actor, data);
              completions++;
            } catch {
              invalidDrafts++; // refused (a rule across fields): drawn again next round
            }
            await engine.waitForIdle(c.id);
          }
        }),
      );
      // time passes: SLA warnings and escalations fall due, deadlines of orders run out
      clock.advance(rnd.int(2, 30) * HOUR);
      await engine.fireDueTimers();
      await settle(engine, clock.now());
    }
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
    await removeKeys(config.redisUrl, config.queuePrefix);
    await rm(dir, { recursive: true, force: true });
  }
}

/** Waits until no active case has a due timer left and every case is idle (timer jobs run in the workers). */
async function settle(engine: Engine, now: number, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const col = engine.store.collection<InstanceState>('instances');
  for (;;) {
    const active = await col.find({ status: 'active' });
    const busy = active.filter(
      (s) =>
        s.outbox.length ||
        Object.values(s.timers).some((t) => t.dueAt <= now) ||
        Object.values(s.tokens).some((t) => t.status === 'ready'),
    );
    if (!busy.length) return;
    if (Date.now() > deadline)
      throw new Error(`sample: ${busy.length} cases still busy after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
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
