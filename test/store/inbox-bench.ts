// Sanity benchmark (not a test): inserts N task-shaped documents into a fresh SQLite file and a fresh
// PostgreSQL database, then times inbox-shaped queries (status + access filter with $or over multikey
// fields, sorted by due date, 50 per page) and a few others. Run: npx tsx test/store/inbox-bench.ts [N]
import { mkdtemp, rm } from 'node:fs/promises';
import Database from 'better-sqlite3';
import pg from 'pg';
import os from 'node:os';
import path from 'node:path';
import { openPostgresStore } from '../../engine/store/sql/postgres.js';
import { openSqliteStore, SQLITE_FILE } from '../../engine/store/sql/sqlite.js';
import type { Doc, Query, Store } from '../../engine/store/types.js';
import { createTestDatabase } from '../helpers/postgres.js';

const N = Number(process.argv[2] ?? 100_000);
const streets = Array.from({ length: 10 }, (_, i) => `s${i}`);
const communities = Array.from({ length: 100 }, (_, i) => `c${i}`);
const grids = Array.from({ length: 1000 }, (_, i) => `g${i}`);
const roles = ['gridman', 'reviewer', 'dispatcher', 'handler', 'supervisor'];

/** a well-mixed number per (i, salt), so the fields are not correlated with each other */
const h = (i: number, salt: number) => {
  let x = Math.imul(i ^ salt, 0x9e3779b1);
  x ^= x >>> 15;
  x = Math.imul(x, 0x85ebca6b);
  return (x ^ (x >>> 13)) >>> 0;
};

function task(i: number): Doc {
  const g = h(i, 1) % grids.length;
  const c = g % communities.length;
  const s = c % streets.length;
  const unit = h(i, 2) % 3 === 0 ? communities[c] : grids[g];
  return {
    _id: `t${i}`,
    instanceId: `i${Math.floor(i / 2)}`,
    status: h(i, 3) % 5 === 0 ? 'open' : 'completed',
    unit,
    gridUnit: grids[g],
    unitPath:
      unit === grids[g] ? [grids[g], communities[c], streets[s], 'd'] : [communities[c], streets[s], 'd'],
    candidateRoles: [roles[h(i, 4) % roles.length]],
    assignee: h(i, 5) % 7 === 0 ? `user${h(i, 6) % 500}` : undefined,
    dueAt: 1_700_000_000_000 + (h(i, 7) % 1_000_000) * 1000,
    createdAt: 1_700_000_000_000 + i * 1000,
    version: 1,
    name: 'Review the report',
    variables: { description: 'x'.repeat(200), n: i },
  };
}

const queries: Array<[string, Query]> = [
  [
    'inbox: community handler (unit c7 + roles)',
    {
      status: 'open',
      $or: [
        { assignee: 'user7' },
        { unitPath: { $in: [] } },
        { unit: 'c7', candidateRoles: { $in: ['reviewer', 'handler'] } },
      ],
    },
  ],
  [
    'inbox: street supervisor (unitPath $in [s3])',
    {
      status: 'open',
      $or: [
        { assignee: 'user7' },
        { unitPath: { $in: ['s3'] } },
        { unit: 's3', candidateRoles: 'supervisor' },
      ],
    },
  ],
  [
    'inbox: district supervisor (unitPath $in [d])',
    { status: 'open', $or: [{ assignee: 'user7' }, { unitPath: { $in: ['d'] } }] },
  ],
  [
    "inbox: the brief's shape",
    {
      status: 'open',
      $or: [
        { unitPath: { $in: ['c1', 'c2'] } },
        { unit: 'g5', candidateRoles: { $in: ['gridman', 'reviewer'] } },
      ],
    },
  ],
  ['tasks of one case', { instanceId: { $in: ['i10', 'i11', 'i12'] }, status: 'open' }],
];

async function time<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const r = await fn();
  return [r, performance.now() - t0];
}

async function run(name: string, store: Store, analyze: () => Promise<void>) {
  const tasks = store.collection('tasks');
  const [, load] = await time(async () => {
    for (let i = 0; i < N; i += 1000)
      await tasks.insertManyIgnoreDuplicates(
        Array.from({ length: Math.min(1000, N - i) }, (_, k) => task(i + k)),
      );
  });
  // as autovacuum (PostgreSQL) and PRAGMA optimize (SQLite) would have by the time such a table is queried
  await analyze();
  console.log(
    `${name}: inserted ${N} tasks in ${(load / 1000).toFixed(1)} s, ${((await store.sizeBytes()) / 1e6).toFixed(0)} MB`,
  );
  for (const [label, q] of queries) {
    await tasks.find(q, { sort: { dueAt: 1 }, limit: 50 }); // warm
    const runs: number[] = [];
    let n = 0;
    for (let k = 0; k < 5; k++) {
      const [r, ms] = await time(() => tasks.find(q, { sort: { dueAt: 1 }, limit: 50 }));
      n = r.length;
      runs.push(ms);
    }
    const [total, cms] = await time(() => tasks.count(q));
    runs.sort((a, b) => a - b);
    console.log(
      `  ${label}: page of ${n} in median ${runs[2].toFixed(1)} ms (min ${runs[0].toFixed(1)}); count ${total} in ${cms.toFixed(1)} ms`,
    );
  }
  const [, upd] = await time(async () => {
    for (let i = 0; i < 1000; i++) {
      const id = `t${(i * 97) % N}`;
      const cur = (await tasks.findOne({ _id: id }))!;
      await tasks.updateOne(
        { _id: id, version: cur.version },
        { $set: { status: 'open', unitPath: ['x', ...cur.unitPath] } },
      );
    }
  });
  console.log(
    `  1000 read + compare-and-set updates (multikey field changed): ${(upd / 1000).toFixed(2)} ms each`,
  );
}

const dir = await mkdtemp(path.join(os.tmpdir(), 'grid-bench-sqlite-'));
try {
  const s = await openSqliteStore(dir);
  await run('SQLite', s, async () => {
    const db = new Database(path.join(dir, SQLITE_FILE));
    db.exec('ANALYZE');
    db.close();
  });
  await s.close();
} finally {
  await rm(dir, { recursive: true, force: true });
}
const db = await createTestDatabase();
if ('skip' in db) console.log(`PostgreSQL skipped: ${db.skip}`);
else {
  try {
    const p = await openPostgresStore(db.url);
    await run('PostgreSQL', p, async () => {
      const c = new pg.Client({ connectionString: db.url });
      await c.connect();
      await c.query('ANALYZE');
      await c.end();
    });
    await p.close();
  } finally {
    await db.drop();
  }
}
