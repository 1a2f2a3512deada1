// SQL statements and Kysely compiles per step job on the SQL stores, independent of how busy the machine
// is: drives N instances of the benchmark's 3-task process (as bench/cpu-probe.ts does) and counts every
// statement the driver runs (transaction control included: on PostgreSQL each is a round trip) and every
// SQL build+compile, grouped by statement shape (the SQL text, with multi-row VALUES and IN lists folded).
// For before/after comparisons of store-layer changes. Usage:
//   node --import tsx bench/sql-count.ts [instances=100] [top=40]
//   BENCH_STORE=postgres node --import tsx bench/sql-count.ts   (a throwaway database on
//     BENCH_DATABASE_URL's server, as npm run bench)
// The counts cover the whole run (starts, completions): the driver's own polling reads are counted apart
// and left out of the statements per step; compiles per step include the driver's (a few per poll).
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import pg from 'pg';
import { systemClock } from '../engine/clock.js';
import { loadConfig } from '../engine/config.js';
import { Engine, PROCESSES_DIR } from '../engine/engine.js';
import { applySeed, readSeed } from '../engine/grid/seed.js';
import { silentLogger } from '../engine/logger.js';
import type { TaskDoc } from '../engine/queue/outbox.js';
import type { InstanceState } from '../engine/runtime/types.js';
import { openStore } from '../engine/store/index.js';
import { postgresDialect, sqliteDialect } from '../engine/store/sql/dialect.js';
import { throwawayPostgresDatabase } from './common/pg-database.js';
import { threeTasks } from './processes.js';

const N = Number(process.argv[2] ?? 100);
const TOP = Number(process.argv[3] ?? 40);
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** the SQL text with its variable-length lists folded, so one shape is one line */
const shape = (text: string) =>
  text
    .replace(/\s+/g, ' ')
    .replace(/\$\d+/g, '?')
    .replace(
      /(\(\?(?:::jsonb)?(?:, \?(?:::jsonb)?)*\))(?:, \(\?(?:::jsonb)?(?:, \?(?:::jsonb)?)*\))+/g,
      '$1, …',
    )
    .replace(/IN \(\?(?:, \?)+\)/g, 'IN (?, …)');

// every statement of the store goes through a better-sqlite3 Statement: count its executions by shape
let counting = false;
const statements = new Map<string, number>();
// SQLite runs each statement synchronously: its time inside the driver is the statement's own cost
const sqliteMs = new Map<string, number>();
const probe = new Database(':memory:');
const Statement = Object.getPrototypeOf(probe.prepare('SELECT 1')) as Record<string, unknown>;
probe.close();
for (const method of ['run', 'all', 'get', 'iterate']) {
  const original = Statement[method] as (...args: unknown[]) => unknown;
  Statement[method] = function (this: { source: string }, ...args: unknown[]) {
    if (!counting) return original.apply(this, args);
    const k = shape(this.source);
    statements.set(k, (statements.get(k) ?? 0) + 1);
    const t0 = performance.now();
    try {
      return original.apply(this, args);
    } finally {
      sqliteMs.set(k, (sqliteMs.get(k) ?? 0) + performance.now() - t0);
    }
  };
}

// and every statement of the PostgreSQL store through pg's query (a pool's query ends up there too)
const count = (text: string) => {
  if (!counting) return;
  const k = shape(text);
  statements.set(k, (statements.get(k) ?? 0) + 1);
};
const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  const q = args[0];
  count(typeof q === 'string' ? q : ((q as { text?: string }).text ?? ''));
  return query.apply(this, args);
} as typeof pg.Client.prototype.query;

// every SQL text Kysely builds and compiles goes through the dialect's compile
let compiles = 0;
for (const dialect of [sqliteDialect, postgresDialect]) {
  const compile = dialect.compile.bind(dialect);
  dialect.compile = (q) => {
    if (counting) compiles++;
    return compile(q);
  };
}

const STORE = process.env.BENCH_STORE === 'postgres' ? 'postgres' : 'sqlite';
const dir = await mkdtemp(path.join(os.tmpdir(), 'grid-sqlcount-'));
const db =
  STORE === 'postgres'
    ? await throwawayPostgresDatabase(process.env.BENCH_DATABASE_URL || undefined)
    : undefined;
const config = {
  ...loadConfig({ REDIS_URL }),
  dataDir: dir,
  queuePrefix: `{sqlcount-${randomBytes(3).toString('hex')}}`,
};
const engine = await Engine.open({
  config,
  clock: systemClock,
  logger: silentLogger,
  store: await openStore({ dataDir: dir, databaseUrl: db?.url ?? '' }),
});
const seed = await readSeed(path.join(PROCESSES_DIR, 'seed/org.json'));
await applySeed(engine.store, seed, 'probe-pass');
const grids = seed.units.filter((u) => u.level === 'grid').map((u) => u.code);
await engine.deploy(threeTasks('grid'));
await engine.startWorkers();
const tasks = engine.store.collection<TaskDoc>('tasks');
const instances = engine.store.collection<InstanceState>('instances');

let steps = 0;
for (const w of (engine as any).workers.workers) w.on('completed', () => steps++);

/** the driver's own reads (polling for open tasks and completed instances), left out of the per-step figures */
const driverStatements = new Map<string, number>();
async function driverRead<T>(read: () => Promise<T>): Promise<T> {
  const before = new Map(statements);
  const out = await read();
  // the reads run synchronously inside the store (better-sqlite3); a step's statements may still interleave
  // at an await, so only the shapes the driver itself issues are moved
  for (const [k, n] of statements) {
    const d = n - (before.get(k) ?? 0);
    if (
      d > 0 &&
      (/^SELECT count\(\*\) AS n FROM "instances"/.test(k) || /FROM "tasks" .*LIMIT 400\b/.test(k))
    ) {
      driverStatements.set(k, (driverStatements.get(k) ?? 0) + d);
      statements.set(k, n - d);
    }
  }
  return out;
}

counting = true;
for (let i = 0; i < N; i++) await engine.start('bench3', { gridUnit: grids[i % grids.length] }, 'probe');
const dispatched = new Set<string>();
while ((await driverRead(() => instances.count({ status: 'completed' }))) < N) {
  const open = (await driverRead(() => tasks.find({ status: 'open' }, { limit: 400 }))).filter(
    (t) => !dispatched.has(t._id),
  );
  for (const t of open) dispatched.add(t._id);
  await Promise.all(open.map((t) => engine.completeTask(t._id, 'probe', {}, 0)));
  if (!open.length) await sleep(20);
}
// let the last outboxes settle
await sleep(500);
counting = false;

const total = [...statements.values()].reduce((a, b) => a + b, 0);
const per = (n: number) => +(n / steps).toFixed(2);
console.log(
  JSON.stringify({
    store: STORE,
    instances: N,
    stepJobs: steps,
    statementsPerStep: per(total),
    compilesPerStep: per(compiles),
    driverStatements: [...driverStatements.values()].reduce((a, b) => a + b, 0),
    ...(STORE === 'sqlite'
      ? { sqliteMsPerStep: +([...sqliteMs.values()].reduce((a, b) => a + b, 0) / steps).toFixed(3) }
      : {}),
  }),
);
const rows = [...statements].sort((a, b) => b[1] - a[1]).slice(0, TOP);
// per step: statements, and on SQLite the milliseconds spent in the driver running them
const ms = (k: string) =>
  STORE === 'sqlite' ? `${((sqliteMs.get(k) ?? 0) / steps).toFixed(3).padStart(7)} ms  ` : '';
for (const [k, n] of rows) console.log(`${per(n).toFixed(2).padStart(7)}  ${ms(k)}${k.slice(0, 220)}`);
if (statements.size > TOP) console.log(`… ${statements.size - TOP} more shapes`);

await engine.stopWorkers();
await engine.queues.obliterate();
await engine.close();
await db?.drop();
await rm(dir, { recursive: true, force: true });
