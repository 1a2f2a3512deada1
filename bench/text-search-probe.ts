// Probe: time of free-text case searches (a word no case holds, a common word, a case-number prefix) by a
// district supervisor and an admin over N generated cases on SQLite: `node --import tsx bench/text-search-probe.ts 30000`.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CaseSearch } from '../engine/cases/case-list.js';
import { openSqliteStore } from '../engine/store/sql/sqlite.js';
import { caseOf, VIEWERS } from '../test/cases/case-search-contract.js';

const n = Number(process.argv[2] ?? 30000);
const dir = await mkdtemp(path.join(os.tmpdir(), 'tsp-'));
const store = await openSqliteStore(dir);
const col = store.collection('instances');
const batch = [];
for (let i = 0; i < n; i++) {
  const s = i % 5000 === 7 ? caseOf(i, { title: '罕见字眼' }) : caseOf(i);
  batch.push(s);
  if (batch.length === 1000) await col.insertManyIgnoreDuplicates(batch.splice(0));
}
await col.insertManyIgnoreDuplicates(batch.splice(0));
await store.close();
const s2 = await openSqliteStore(dir);
const search = new CaseSearch(s2);
const sue = VIEWERS[3];
const root = VIEWERS[6];
for (const [who, v] of [
  ['sue', sue],
  ['root', root],
] as const)
  for (const q of ['罕见字眼', '井盖', 'D-2026-0001']) {
    const times: number[] = [];
    let total = 0;
    for (let k = 0; k < 7; k++) {
      const t0 = performance.now();
      const p = await search.page(
        v,
        { q },
        { field: 'startedAt', dir: -1 },
        { skip: 0, limit: 20 },
        Date.now(),
      );
      times.push(performance.now() - t0);
      total = p.total;
    }
    times.sort((a, b) => a - b);
    console.log(
      `${who} q=${q} total=${total} median=${times[3].toFixed(1)} ms max=${times[6].toFixed(1)} ms`,
    );
  }
await s2.close();
await rm(dir, { recursive: true, force: true });
