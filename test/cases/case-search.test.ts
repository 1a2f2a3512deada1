// The case search and inbox contract (./case-search-contract.ts) on every store: SQLite (with its query
// plans), PostgreSQL when a server answers, MongoDB when MONGO_URL is set — each skipped saying why otherwise.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { CaseSearch, sortOf } from '../../engine/cases/case-list.js';
import { countSql, findSql, type SqlCollection } from '../../engine/store/sql/collection.js';
import { sqliteDialect } from '../../engine/store/sql/dialect.js';
import { openSqliteStore, SQLITE_FILE } from '../../engine/store/sql/sqlite.js';
import type { InstanceState } from '../../engine/runtime/types.js';
import { onServerStores } from '../helpers/server-stores.js';
import { caseSearchContract, type PlanProbe } from './case-search-contract.js';

let dir = '';
/** SQLite explains the statement the collection runs for a page (with its broad-match choice), analysed. */
const sqlitePlans: PlanProbe = {
  async plan(store, viewer, criteria, sort, now) {
    const query = await new CaseSearch(store).storeCondition(viewer, criteria, now);
    // the collection's own choice of statement for a sorted page (engine/store/sql/collection.ts find)
    const col = store.collection<InstanceState>('instances') as unknown as SqlCollection<InstanceState>;
    const options = { sort: sortOf(sort), limit: 20 };
    const broad = await col.broadFields(query);
    const db = new Database(path.join(dir, SQLITE_FILE));
    try {
      db.exec('ANALYZE');
      const c = findSql(sqliteDialect, 'instances', query, options, broad);
      return (
        db.prepare(`EXPLAIN QUERY PLAN ${c.sql}`).all(...(c.parameters as unknown[])) as Array<{
          detail: string;
        }>
      ).map((r) => r.detail);
    } finally {
      db.close();
    }
  },
  fullScans: (lines) => lines.filter((l) => /^SCAN (instances|tasks)\b/.test(l) && !/USING/.test(l)),
  async countPlan(store, viewer, criteria, now) {
    const query = await new CaseSearch(store).storeCondition(viewer, criteria, now);
    const db = new Database(path.join(dir, SQLITE_FILE));
    try {
      db.exec('ANALYZE');
      const c = countSql(sqliteDialect, 'instances', query, { limit: 1001 });
      return (
        db.prepare(`EXPLAIN QUERY PLAN ${c.sql}`).all(...(c.parameters as unknown[])) as Array<{
          detail: string;
        }>
      ).map((r) => r.detail);
    } finally {
      db.close();
    }
  },
};

caseSearchContract(
  'SQLite',
  async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'case-search-'));
    return openSqliteStore(dir);
  },
  async () => rm(dir, { recursive: true, force: true }),
  sqlitePlans,
);

await onServerStores('case search and inbox repositories', caseSearchContract);
