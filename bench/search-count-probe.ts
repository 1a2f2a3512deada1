// Probe: the work of a case search's capped total (CaseSearch.page counts up to LIST_TOTAL_CAP + 1) for a
// district supervisor and a grid worker searching the commonest word of a store, on SQLite — counted, not
// timed: the documents whose JSON the count parses (json_extract calls, counted through an override on a
// read-only connection of this probe) and the CPU per count. Run on a store kept by bench:scale:
//   npm run bench:scale -- --store sqlite --closed 30000 --open 10000 --requests 20 --keep
//   node --import tsx bench/search-count-probe.ts /tmp/grid-scale-sqlite-XXXX [caps=1001] [word] [users=yangfan,wangwei]
import Database from 'better-sqlite3';
import { principalOf } from '../engine/api/access.js';
import { CaseSearch } from '../engine/cases/case-list.js';
import { countSql } from '../engine/store/sql/collection.js';
import { sqliteDialect } from '../engine/store/sql/dialect.js';
import { openSqliteStore, SQLITE_FILE } from '../engine/store/sql/sqlite.js';

const [dir, capsArg = '1001', wordArg, usersArg = 'yangfan,wangwei'] = process.argv.slice(2);
if (!dir) throw new Error('usage: bench/search-count-probe.ts <DATA_DIR> [caps] [word] [users]');
const db = new Database(`${dir}/${SQLITE_FILE}`, { readonly: true });
const top = db
  .prepare('SELECT value, count(*) AS n FROM instances__searchTerms GROUP BY value ORDER BY n DESC LIMIT 1')
  .get() as { value: string; n: number };
const word = wordArg ?? top.value;
console.log(`word ${word} (commonest bigram: ${top.value} in ${top.n} cases)`);
const viewers = usersArg.split(',').map((u) => {
  const row = db.prepare('SELECT doc FROM users WHERE id = ?').get(u) as { doc: string } | undefined;
  if (!row) throw new Error(`no user ${u}`);
  return principalOf(JSON.parse(row.doc) as Parameters<typeof principalOf>[0]);
});
// json_extract counted: every call reads (parses) a case's document
let parsed = 0;
const real = new Database(':memory:').prepare('SELECT json_extract(?, ?) AS v');
db.function('json_extract', { deterministic: true }, (doc: unknown, p: unknown) => {
  parsed++;
  return (real.get(doc, p) as { v: unknown }).v as number | string | null;
});
const store = await openSqliteStore(dir);
const ROUNDS = 3;
for (const cap of capsArg.split(',').map(Number))
  for (const v of viewers) {
    const cond = await new CaseSearch(store, cap).storeCondition(v, { q: word }, Date.now());
    const c = countSql(sqliteDialect, 'instances', cond, { limit: cap });
    const st = db.prepare(c.sql);
    parsed = 0;
    const u0 = process.cpuUsage();
    let n = 0;
    for (let k = 0; k < ROUNDS; k++) n = Number((st.get(...(c.parameters as unknown[])) as { n: number }).n);
    const u = process.cpuUsage(u0);
    console.log(
      `${v.username} (supervises ${v.supervises.join(',') || '-'}) cap ${cap}: counted ${n}, ` +
        `documents parsed ${parsed / ROUNDS} and CPU ${((u.user + u.system) / 1000 / ROUNDS).toFixed(1)} ms per count`,
    );
  }
// and the whole page as the API asks it (20 rows by newest report, the total up to LIST_TOTAL_CAP): timed,
// so only indicative on a shared machine
const search = new CaseSearch(store);
for (const v of viewers) {
  const ms: number[] = [];
  let total = 0;
  for (let k = 0; k < 20; k++) {
    const t0 = performance.now();
    const page = await search.page(
      v,
      { q: word },
      { field: 'startedAt', dir: -1 },
      { skip: 0, limit: 20 },
      Date.now(),
    );
    ms.push(performance.now() - t0);
    total = page.total;
  }
  ms.sort((a, b) => a - b);
  console.log(
    `${v.username} page of 20 (total ${total}): p50 ${ms[9].toFixed(1)} ms, p95 ${ms[18].toFixed(1)} ms`,
  );
}
await store.close();
db.close();
