// Scale benchmark (npm run bench:scale; not part of npm test), issue 12 item 8: how the product behaves on a
// store holding a year of cases.
//   1. data: a sample of cases of every bundled process is driven through the real engine (sample.ts), and
//      what it wrote is copied in bulk (clone.ts, generate.ts) into the chosen store: N closed cases spread
//      over the past year and M open ones, over every grid of the seeded district;
//   2. the product is started as `npm start` starts it on that store (server.ts) and measured from outside:
//      time to /readyz, RSS, inbox / search / stats / complete p95 and the longest event-loop stall
//      (measure.ts);
//   3. bench/results/scale.json is merged and a table against the targets printed (report.ts).
// Usage: npm run bench:scale -- [--store sqlite|postgres] [--closed 30000,100000,300000]
//        [--open 10000] [--sample 50] [--requests 200] [--warmup 20] [--budget-seconds 120] [--seed 12] [--database-url postgres://…]
//        [--keep] [--cpu-prof]
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { loadConfig } from '../engine/config.js';
import { PROCESSES_DIR } from '../engine/engine.js';
import { throwawayPostgresDatabase, type ThrowawayDatabase } from './common/pg-database.js';
import { parseArgs } from './scale/args.js';
import { generate } from './scale/generate.js';
import { measure } from './scale/measure.js';
import { removeRedisKeys } from '../engine/queue/redis-keys.js';
import { seededRandom } from '../engine/samples/random.js';
import { merge, readResults, table, writeResults, type ScaleEntry } from './scale/report.js';
import { runSample, type Sample } from './scale/sample.js';
import { startProduct } from './scale/server.js';
import { openTargetStore, storeEnv, type StoreTarget } from './scale/store.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RESULTS = path.join(root, 'bench/results/scale.json');
const PASSWORD = 'bench-scale-pass';
const log = (msg: string) =>
  process.stderr.write(`[scale ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);

const args = parseArgs(process.argv.slice(2));
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const config = loadConfig();
const rnd = seededRandom(args.seed);
const cpus = os.cpus();
const machine = `${cpus.length}× ${cpus[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}, load ${os
  .loadavg()
  .map((l) => l.toFixed(2))
  .join(' ')} at start`;

/** A fresh PostgreSQL database per size, dropped afterwards (the server is shared). */
function postgresDatabase(): Promise<ThrowawayDatabase> {
  return throwawayPostgresDatabase(args.databaseUrl, 'grid_scale');
}

// Ctrl-C (or a kill) mid-run still stops the product and removes its data, Redis keys and database.
const cleanups = new Set<() => Promise<void>>();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log(`${signal}: stopping the product and removing this run's data`);
    void (async () => {
      // the product first, then its data (the reverse of the order they were set up in)
      for (const f of [...cleanups].reverse()) await f().catch(() => {});
      process.exit(130);
    })();
  });
}

const wall0 = Date.now();
log(
  `store ${args.store}, sizes ${args.closed.join(', ')} closed + ${args.open} open; ` +
    `sample ${args.sample} cases per bundled process through the engine`,
);
let sample: Sample | undefined;
const fresh: ScaleEntry[] = [];
for (const closed of args.closed) {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), `grid-scale-${args.store}-`));
  const db = args.store === 'postgres' ? await postgresDatabase() : undefined;
  const target: StoreTarget = { kind: args.store, dataDir, databaseUrl: db?.url };
  const prefix = `{scale${randomBytes(4).toString('hex')}}`;
  const cleanup = async () => {
    await removeRedisKeys(redisUrl, prefix);
    if (!args.keep) {
      await db?.drop();
      await rm(dataDir, { recursive: true, force: true });
    } else log(`kept ${dataDir}${db ? ` and ${db.url}` : ''}`);
  };
  cleanups.add(cleanup);
  try {
    const store = await openTargetStore(target);
    // the sample runs once the chosen store has opened (a build without it stops before this minute is spent)
    if (!sample) {
      sample = await runSample({
        perProcess: args.sample,
        password: PASSWORD,
        rnd,
        redisUrl,
        log,
      });
      log(
        `THROUGH THE ENGINE: ${sample.stats.cases} cases, ${sample.stats.completions} task completions, ` +
          `${sample.stats.rounds} clock rounds in ${(sample.stats.ms / 1000).toFixed(1)} s → ` +
          `${sample.closed.length} closed and ${sample.open.length} open case templates` +
          (Object.keys(sample.orphans).length
            ? `; not tied to a case: ${JSON.stringify(sample.orphans)}`
            : ''),
      );
    }
    const gen = await generate(store, sample, {
      closed,
      open: args.open,
      now: Date.now(),
      rnd,
      timezone: config.timezone,
      log,
    });
    const storeBytes = await store.sizeBytes();
    await store.close();
    // a store loaded in bulk has no planner statistics until autovacuum gets to it (a minute or more): a
    // production database has them, so the measures start with them (the inbox plan depends on them)
    if (db) {
      const c = new pg.Client({ connectionString: db.url });
      await c.connect();
      await c.query('ANALYZE').finally(() => c.end());
    }
    const cases = closed + args.open;
    const perCaseUs = Math.round((gen.ms * 1000) / Math.max(1, cases));
    log(
      `IN BULK: ${cases} cases (${gen.docs} documents: ${JSON.stringify(gen.docsPerCollection)}) copied in ` +
        `${(gen.ms / 1000).toFixed(1)} s (${perCaseUs} µs per case), store ${(storeBytes / 2 ** 20).toFixed(0)} MB`,
    );

    log('starting the product (workers/main.ts) on the generated store');
    const server = await startProduct({
      root,
      env: { ...storeEnv(target), REDIS_URL: redisUrl, QUEUE_PREFIX: prefix },
      logFile: path.join(dataDir, 'product.log'),
      // summarise with bench/profile-summary.ts (--stalls: what ran in the longest busy stretches)
      cpuProfDir: args.cpuProf ? path.join(dataDir, 'cpu-profiles') : undefined,
    });
    cleanups.add(server.stop);
    try {
      const rssMb = await server.rssMb();
      log(`ready in ${Math.round(server.readyMs)} ms, RSS ${rssMb} MB`);
      const m = await measure({
        base: server.base,
        password: PASSWORD,
        worker: 'wangwei',
        supervisor: 'yangfan',
        admin: 'admin',
        district: '310117',
        caseNos: gen.caseNos,
        requests: args.requests,
        warmup: args.warmup,
        budgetMs: args.budgetSeconds * 1000,
        formsDir: path.join(PROCESSES_DIR, 'forms'),
        rnd,
        log,
      });
      const rssAfterMb = await server.rssMb();
      fresh.push({
        store: args.store,
        closed,
        open: args.open,
        readyMs: Math.round(server.readyMs),
        rssMb,
        inboxP95Ms: m.inboxP95Ms,
        inboxSupervisorP95Ms: m.inboxSupervisorP95Ms,
        searchP95Ms: m.searchP95Ms,
        statsMonthP95Ms: m.statsMonthP95Ms,
        statsYearP95Ms: m.statsYearP95Ms,
        completeP95Ms: m.completeP95Ms,
        maxStallMs: m.maxStallMs,
        machine,
        at: new Date().toISOString(),
        detail: {
          sampleThroughEngine: {
            cases: sample.stats.cases,
            completions: sample.stats.completions,
            seconds: Math.round(sample.stats.ms / 100) / 10,
          },
          bulk: { docs: gen.docs, seconds: Math.round(gen.ms / 100) / 10, perCaseUs },
          storeMb: Math.round(storeBytes / 2 ** 20),
          rssAfterLoadMb: rssAfterMb,
          startupStallMs: m.startupStallMs,
          completed: m.completed,
          timedRequests: m.counts,
          seen: m.seen,
          errors: m.errors,
        },
      });
    } finally {
      cleanups.delete(server.stop);
      await server.stop();
    }
  } finally {
    cleanups.delete(cleanup);
    await cleanup();
  }
}

const all = merge(await readResults(RESULTS), fresh);
await writeResults(RESULTS, all);
process.stdout.write(`\n${table(all.filter((e) => e.store === args.store))}\n`);
log(`done in ${Math.round((Date.now() - wall0) / 1000)} s; results in ${path.relative(root, RESULTS)}`);
