// Probe: GET /api/stats's work for one unit over a period, called in process against a kept store (bench:scale
// --keep), so that one request's cost can be timed and profiled alone (node --cpu-prof) instead of inside the
// whole product's profile. Counts the statements and rows each collection answered.
// Usage: DATA_DIR=<kept dir> [DATABASE_URL=postgres://…] node --import tsx bench/stats-probe.ts
//        [--unit 310117] [--days 365] [--runs 30] [--no-months]
// --no-months: every whole day from the day buckets, as before the month sums (engine/stats/months.ts)
// --all-open: every open task of the subtree read, as before countsFrom (engine/stats/counts-from-backfill.ts:
//   its marker is hidden from the request, which then reads as on a store not yet backfilled)
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../engine/config.js';
import { OrgDirectory } from '../engine/grid/org.js';
import { createCalendar, loadCalendarConfig } from '../engine/sla/calendar.js';
import { assessSubtree } from '../engine/stats/assess.js';
import { openStore } from '../engine/store/index.js';
import type { CollectionName, DocCollection, Store } from '../engine/store/types.js';

const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : dflt;
};
const unitCode = arg('--unit', '310117');
const days = Number(arg('--days', '365'));
const runs = Number(arg('--runs', '30'));
const noMonths = process.argv.includes('--no-months');
const allOpen = process.argv.includes('--all-open');

const config = loadConfig();
const inner = await openStore({ dataDir: config.dataDir, databaseUrl: process.env.DATABASE_URL ?? '' });
const calls = new Map<string, { n: number; rows: number; ms: number }>();
// counts the reads of every collection (find: statements and rows)
const store: Store = Object.create(inner, {
  collection: {
    value: (name: CollectionName) => {
      const col = inner.collection(name);
      return new Proxy(col, {
        get(target, prop, recv) {
          const v = Reflect.get(target, prop, recv);
          if (typeof v !== 'function') return v;
          return async (...a: unknown[]) => {
            // --all-open: the backfill's marker (a meta record read by _id) is not found
            if (allOpen && name === 'meta' && JSON.stringify(a[0]).includes('taskCountsFromBackfilled'))
              return prop === 'find' ? [] : null;
            const t = performance.now();
            const out = await (v as (...x: unknown[]) => Promise<unknown>).apply(target, a);
            const k = `${name}.${String(prop)}`;
            const c = calls.get(k) ?? { n: 0, rows: 0, ms: 0 };
            c.n++;
            c.ms += performance.now() - t;
            if (Array.isArray(out)) c.rows += out.length;
            calls.set(k, c);
            return out;
          };
        },
      }) as DocCollection;
    },
  },
});
const calendar = createCalendar({ ...loadCalendarConfig(), timezone: config.timezone } as never);
const org = new OrgDirectory(inner, 60_000);
const unit = (await org.unit(unitCode))!;
const all = await org.allUnits();
const children = [];
for (const c of all.filter((u) => u.parent === unit.code).sort((a, b) => a.code.localeCompare(b.code)))
  children.push({ code: c.code, name: c.name, level: c.level, codes: await org.subtree(c.code) });
const codes = await org.subtree(unit.code);
const now = Date.now();
const req = {
  unit: { code: unit.code, name: unit.name, level: unit.level },
  children,
  units: all.map((u) => ({ code: u.code, name: u.name, level: u.level })),
  codes,
  from: now - days * 86_400_000,
  to: now,
  now,
  timezone: config.timezone,
  // a clock before every month's end: no month is read from its sum
  ...(noMonths ? { wallClock: () => 0 } : {}),
};
const times: number[] = [];
// CPU time of this process per request (user + system): what the request costs here, less sensitive than
// the wall time to other processes sharing the machine
const cpu: number[] = [];
let received = 0;
for (let i = 0; i < runs; i++) {
  if (i === 1) calls.clear();
  const t = performance.now();
  const c = process.cpuUsage();
  const a = await assessSubtree(store, (x, y) => calendar.elapsed(x, y, 'workday'), req);
  const used = process.cpuUsage(c);
  times.push(performance.now() - t);
  cpu.push((used.user + used.system) / 1000);
  received = a.received;
}
const q = (list: number[], p: number) =>
  [...list].sort((a, b) => a - b)[Math.min(list.length - 1, Math.floor(p * list.length))].toFixed(1);
process.stdout.write(
  `${unit.code} ${days} days, ${children.length} children, ${codes.length} units: received ${received}; ` +
    `wall p50 ${q(times, 0.5)} ms p95 ${q(times, 0.95)} ms, CPU p50 ${q(cpu, 0.5)} ms p95 ${q(cpu, 0.95)} ms ` +
    `(${runs} runs)\nper request after the first:\n`,
);
for (const [k, c] of [...calls].sort((a, b) => b[1].ms - a[1].ms))
  process.stdout.write(
    `  ${k}: ${(c.n / (runs - 1)).toFixed(1)} calls, ${(c.rows / (runs - 1)).toFixed(0)} rows, ${(c.ms / (runs - 1)).toFixed(1)} ms\n`,
  );
await inner.close();
