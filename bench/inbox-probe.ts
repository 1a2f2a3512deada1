// Probe: the store work of GET /api/tasks?status=open for one user (the inbox page and its total), called in
// process against a kept store (bench:scale --keep), so its statements can be seen and their plans read
// without changing the server's logging: every statement the pg driver runs is captured (as bench/sql-count.ts
// does), then each is run again under EXPLAIN (ANALYZE, BUFFERS), and the inbox is timed over `--runs` calls.
// Usage: DATABASE_URL=postgres://… node --import tsx bench/inbox-probe.ts [--user yangfan] [--runs 50]
//        [--no-explain]
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { principalOf } from '../engine/api/access.js';
import type { User } from '../engine/grid/org.js';
import { TaskRepository } from '../engine/queue/task-repository.js';
import { openStore } from '../engine/store/index.js';

const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : dflt;
};
const username = arg('--user', 'yangfan');
const runs = Number(arg('--runs', '50'));
const url = process.env.DATABASE_URL;
if (!url?.startsWith('postgres')) throw new Error('DATABASE_URL=postgres://… (a kept bench:scale store)');

let capture: Array<{ text: string; values: unknown[] }> | undefined;
const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  const q = args[0];
  if (capture) {
    const text = typeof q === 'string' ? q : ((q as { text?: string }).text ?? '');
    const values = (typeof q === 'string' ? args[1] : (q as { values?: unknown[] }).values) ?? args[1];
    capture.push({ text, values: (values as unknown[]) ?? [] });
  }
  return query.apply(this, args);
} as typeof pg.Client.prototype.query;

const store = await openStore({ dataDir: '/nonexistent', databaseUrl: url });
const user = await store.collection<User & { _id: string }>('users').findOne({ _id: username });
if (!user) throw new Error(`no user ${username}`);
const viewer = principalOf(user);
const tasks = new TaskRepository(store);
const inbox = () => tasks.inbox(viewer, { status: 'open' }, { sort: 'dueAt', skip: 0, limit: 50 });

capture = [];
const first = await inbox();
const statements = capture;
capture = undefined;
console.log(
  JSON.stringify({
    user: username,
    supervises: viewer.supervises,
    items: first.items.length,
    total: first.total,
  }),
);
console.log(`${statements.length} statements`);

if (!process.argv.includes('--no-explain')) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  for (const s of statements) {
    console.log(`\n--- ${s.text.replace(/\s+/g, ' ')}\n    values ${JSON.stringify(s.values).slice(0, 300)}`);
    const r = await c.query(`EXPLAIN (ANALYZE, BUFFERS) ${s.text}`, s.values);
    for (const row of r.rows) console.log(`    ${row['QUERY PLAN']}`);
  }
  await c.end();
}

const ms: number[] = [];
for (let i = 0; i < runs; i++) {
  const t0 = performance.now();
  await inbox();
  ms.push(performance.now() - t0);
}
ms.sort((a, b) => a - b);
const at = (p: number) => ms[Math.min(ms.length - 1, Math.ceil(p * ms.length) - 1)].toFixed(2);
console.log(`\ninbox of ${username}, ${runs} calls in process: p50 ${at(0.5)} ms, p95 ${at(0.95)} ms`);
await store.close();
