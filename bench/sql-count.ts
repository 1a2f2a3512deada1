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
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import pg from 'pg';
import { postgresDialect, sqliteDialect } from '../engine/store/sql/dialect.js';
import { sqlShape as shape } from './common/sql-shape.js';
import { driveThreeTasks, openThreeTaskProbe, sleep } from './common/three-task-probe.js';

const N = Number(process.argv[2] ?? 100);
const TOP = Number(process.argv[3] ?? 40);

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

const run = await openThreeTaskProbe('sqlcount');
const { engine, store: STORE } = run;

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
await driveThreeTasks(run, N, driverRead);
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

await run.close();
