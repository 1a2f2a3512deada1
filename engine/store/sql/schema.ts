// Tables and indexes of the SQL stores. Every collection is a table `(id TEXT PRIMARY KEY, doc)` holding
// the whole document as JSON; the fields the queries filter and sort by get expression indexes on the
// same expression query.ts compares (dialect.at), so those queries read the index.
//
// Array fields the queries match by element (MongoDB "multikey": `{unitPath: {$in: [...]}}` matches when
// some element is listed) cannot be served by an expression index, which would index the whole array. Each
// such field gets a side table `<collection>__<field> (value, id)`, one row per element, primary key
// (value, id), rewritten with the document in the same transaction (collection.ts). query.ts answers
// equality / $in / $ne / $nin on them with `id IN (SELECT id FROM side WHERE value IN (...))`, which is
// an index lookup, also inside `$or` (the access filters of the API).
import { sql } from 'kysely';
import { INDEXES, type CollectionName } from '../types.js';
import { segments, type Frag, type SqlDialect } from './dialect.js';

export interface IndexSpec {
  fields: Record<string, 1 | -1>;
  unique?: boolean;
}

/** Array fields queried by element (engine/api/access.ts, views.ts, grid/org.ts, routes-*.ts). */
export const MULTIKEY: Partial<Record<CollectionName, readonly string[]>> = {
  // openKeys: who may act on an open task (engine/cases/task-keys.ts), empty once it is closed
  tasks: ['unitPath', 'candidateRoles', 'watchers', 'openKeys'],
  // accessKeys: who sees a case through its tasks (engine/cases/access-keys.ts), the case lists' filter
  instances: ['unitPath', 'accessKeys', 'openLevels', 'searchTerms'],
  users: ['roleKeys'],
  // edge days of a statistics period: the facts of a subtree by time (engine/stats/query.ts)
  statFacts: ['unitPath'],
  escalations: ['unitPath', 'candidateRoles'],
  supervisions: ['unitPath'],
  intake: ['scope'],
  // a head's list of the patrols of a subtree (engine/patrol)
  patrols: ['unitPath'],
  // a head's meetings (the subtree) and a person's (invited to)
  meetings: ['unitPath', 'invited'],
  citizenVisits: ['scope'],
  // signal subscriptions of a subtree's cases (engine/queue/signals.ts)
  subscriptions: ['unitPath'],
  // the external tasks of the cases under a worker's units (engine/queue/external-tasks.ts)
  externalTasks: ['unitPath'],
};

/**
 * Dotted paths through an array of subdocuments (a user's `roles[].unit`): matched element by element, never
 * read as one scalar expression, so an INDEXES entry naming one (for MongoDB, whose multikey index serves it)
 * gets no SQL expression index. Small collections only.
 */
export const ELEMENT_PATHS: Partial<Record<CollectionName, readonly string[]>> = {
  users: ['roles.unit'],
};

/**
 * What the hot queries filter and sort by besides INDEXES (which the MongoDB adapter also creates): the
 * inbox and case lists, the case file, the escalation and supervision lists.
 */
export const SQL_INDEXES: Partial<Record<CollectionName, IndexSpec[]>> = {
  tasks: [
    { fields: { unit: 1, status: 1 } },
    { fields: { owner: 1 } },
    { fields: { gridUnit: 1, status: 1 } },
    { fields: { status: 1, createdAt: 1 } },
    { fields: { instanceId: 1, createdAt: 1 } },
    // pending 延期 / 挂账 requests (engine/api/routes-requests.ts)
    { fields: { requestKind: 1, updatedAt: 1 } },
    // the inbox's page in its whole order (due date, then creation): a broad inbox (a district supervisor's)
    // walks it and checks each row's keys, stopping at the page's end; with (status, dueAt) alone, the tasks
    // sharing a due date — every open task without one — were read and sorted before the first row came out
    { fields: { status: 1, dueAt: 1, createdAt: 1 } },
    // the backfills' walks over the open tasks by _id after the last one seen (TaskRepository.openAfter):
    // without it each page read and sorted every open task (10k open: a 5k-task backfill took 13 s)
    { fields: { status: 1, _id: 1 } },
  ],
  instances: [
    // the start-up rebuild's and the due timers' pages of the active cases, by _id after the last one seen
    // (engine/queue/recovery.ts): without it each page sorted every active case, whole documents, to keep 100
    // — 10k cases read a hundred times over, seconds on the event loop
    { fields: { status: 1, _id: 1 } },
    { fields: { status: 1, startedAt: 1 } },
    { fields: { startedAt: 1 } },
    { fields: { endedAt: 1 } },
    { fields: { startedBy: 1 } },
    { fields: { gridUnit: 1, startedAt: 1 } },
  ],
  escalations: [{ fields: { instanceId: 1, firedAt: 1 } }, { fields: { toUnit: 1, firedAt: 1 } }],
  supervisions: [{ fields: { createdAt: 1 } }],
};

/**
 * Multikey fields whose side table stays small whatever the history (only live documents have elements):
 * a match on them drives the query from the side table even below a scalar anchor or a sorted page, since
 * the few rows found and sorted cost less than walking an index and checking every row (a grid worker's open
 * tasks among all open tasks of the city).
 */
export const NARROW_MULTIKEY: Partial<Record<CollectionName, readonly string[]>> = {
  tasks: ['openKeys'],
  // the case search's free-text bigrams (engine/cases/case-index.ts): a rare word is a few side rows, found
  // by the side table's key; checked per row below the sort's index instead, a word matching nothing
  // walked every case ever stored (0.4–0.5 s at 30k cases)
  instances: ['searchTerms'],
};

/**
 * What every document with elements in a narrow multikey field satisfies: only open tasks hold keys
 * (engine/cases/task-keys.ts openKeysOf is empty unless the status is open, and the side rows are written
 * with the document). A query driven from that side table need not test it again on every row found; on
 * SQLite that test read each task's JSON (a district supervisor's inbox total: 8k documents parsed to count
 * what the side table's index counts alone).
 */
export const NARROW_IMPLIES: Partial<Record<CollectionName, Record<string, Record<string, string>>>> = {
  tasks: { openKeys: { status: 'open' } },
};

/**
 * Side tables PostgreSQL also indexes by their string values as C-collated text (`(value #>> '{}') COLLATE
 * "C"`), which a count of a broad side-only match reads (collection.ts countSql): comparing JSONB values
 * costs about 1.5 µs each (an iterator over both containers and a collation-aware string compare), so a
 * district supervisor's inbox total — 7.7k of 29.5k open-task keys at 30k + 10k cases — read 4,582 buffers
 * in 50–73 ms (the open tasks by status, the keys by a scan); by the text index 311 buffers in 8–14 ms (the
 * same loaded machine, bench/inbox-probe.ts). Small tables only (built at open), and
 * fields holding strings only (a number's text would equal the string of its digits).
 */
export const TEXT_KEYED: Partial<Record<CollectionName, readonly string[]>> = {
  tasks: ['openKeys'],
};

/** The C-collated text of a side value (a JSON string's contents), as TEXT_KEYED indexes it. */
export const sideText = sql`((value #>> '{}') COLLATE "C")`;

/**
 * A narrow multikey match with at least this many side rows is broad (a district supervisor's `s:<unit>`
 * key among the open tasks): a sorted page walks the sort's index and checks each row's keys, where reading
 * every match to sort them would cost more. Below it, the matches are found from the side table and sorted
 * (a grid worker's few tasks). At 500 matches the sort reads 500 documents; a walk finds a page of 50 in
 * about 50 × open / 500 rows, a tenth of the open tasks.
 */
export const BROAD_MATCH_ROWS = 500;

export function multikeyFields(name: CollectionName): readonly string[] {
  return MULTIKEY[name] ?? [];
}

/**
 * The expression indexes of a collection: INDEXES and SQL_INDEXES, without the multikey fields (served by
 * their side tables) and without an index of `_id` alone (the primary key); `_id` after other fields is the
 * id column (a keyset page within a status).
 */
export function indexesOf(name: CollectionName): IndexSpec[] {
  const multi = new Set([...multikeyFields(name), ...(ELEMENT_PATHS[name] ?? [])]);
  const seen = new Set<string>();
  const out: IndexSpec[] = [];
  for (const idx of [...INDEXES[name], ...(SQL_INDEXES[name] ?? [])]) {
    const fields = Object.fromEntries(Object.entries(idx.fields).filter(([f]) => !multi.has(f))) as Record<
      string,
      1 | -1
    >;
    if (!Object.keys(fields).filter((f) => f !== '_id').length) continue;
    if (idx.unique && Object.keys(fields).length !== Object.keys(idx.fields).length) {
      throw new Error(`unique index on a multikey field of ${name} is not supported`);
    }
    const key = JSON.stringify([fields, !!idx.unique]);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ fields, unique: idx.unique });
  }
  return out;
}

/**
 * Fields assumed to hold one scalar value (never an array): the indexed ones. Queries compare them directly
 * (one indexable expression) instead of also looking into array elements.
 */
export function scalarFields(name: CollectionName): Set<string> {
  // the optimistic-concurrency version of every versioned document (the hot `{_id, version}` writes)
  const out = new Set<string>(['version']);
  for (const idx of indexesOf(name)) for (const f of Object.keys(idx.fields)) if (f !== '_id') out.add(f);
  return out;
}

export const table = (name: string) => sql.table(name);
export const sideTable = (name: CollectionName, field: string) => sql.table(`${name}__${field}`);

function indexName(name: CollectionName, idx: IndexSpec): string {
  return `${name}__${Object.keys(idx.fields).join('_').replace(/\./g, '_')}${idx.unique ? '__u' : ''}`;
}

/** Fields with a handful of values (a status): an equality on one selects a large part of a collection. */
const FEW_VALUES = new Set(['status', 'read', 'level', 'definitionKey', 'kind', 'action', 'disabled']);

/**
 * Planner statistics (SQLite's sqlite_stat1 rows: "<rows> <rows per value of the 1st column> <... of the
 * first two> ...") to start from before ANALYZE has seen real data: without any, SQLite rates every index
 * equality alike and may read all open tasks through `status` instead of a case's few through
 * `instanceId`. Written once into a database that has no statistics; ANALYZE (PRAGMA optimize) replaces
 * them with measured ones once the tables hold data.
 */
export function statisticsGuesses(name: CollectionName): Array<{ tbl: string; idx: string; stat: string }> {
  const rows = 100_000;
  const out: Array<{ tbl: string; idx: string; stat: string }> = [];
  for (const idx of indexesOf(name)) {
    const stat = [rows];
    let per = rows;
    for (const f of Object.keys(idx.fields)) {
      if (f === '_id') per = 1;
      else if (FEW_VALUES.has(f)) per = Math.max(1, Math.floor(per / 5));
      else per = per === rows ? 10 : Math.max(1, Math.floor(per / 2));
      stat.push(per);
    }
    if (idx.unique) stat[stat.length - 1] = 1;
    out.push({ tbl: name, idx: indexName(name, idx), stat: stat.join(' ') });
  }
  for (const field of multikeyFields(name)) {
    // (value, id): a unit or role has many documents; an id has a few values
    out.push({ tbl: `${name}__${field}`, idx: `${name}__${field}`, stat: `${rows * 3} 1000 1` });
    out.push({ tbl: `${name}__${field}`, idx: `${name}__${field}__id`, stat: `${rows * 3} 3` });
  }
  return out;
}

/** CREATE ... IF NOT EXISTS statements for one collection: safe to run on every open. */
export function ddl(d: SqlDialect, name: CollectionName): Frag[] {
  const out: Frag[] = [
    sql`CREATE TABLE IF NOT EXISTS ${table(name)} (id TEXT PRIMARY KEY, doc ${sql.raw(d.docType)} NOT NULL)`,
  ];
  for (const field of multikeyFields(name)) {
    const side = sideTable(name, field);
    const rowid = d.name === 'sqlite' ? sql` WITHOUT ROWID` : sql``;
    out.push(
      sql`CREATE TABLE IF NOT EXISTS ${side} (value ${sql.raw(d.sideValueType)} NOT NULL, id TEXT NOT NULL, PRIMARY KEY (value, id))${rowid}`,
      sql`CREATE INDEX IF NOT EXISTS ${sql.id(`${name}__${field}__id`)} ON ${side} (id)`,
    );
    if (d.name === 'postgres' && TEXT_KEYED[name]?.includes(field))
      out.push(sql`CREATE INDEX IF NOT EXISTS ${sql.id(`${name}__${field}__text`)} ON ${side} (${sideText})`);
  }
  for (const idx of indexesOf(name)) {
    const fields = Object.keys(idx.fields);
    const ixName = indexName(name, idx);
    const cols = fields.map((f) =>
      d.orderBy(f === '_id' ? sql.ref('id') : d.at(sql.ref('doc'), segments(f)), idx.fields[f]),
    );
    const unique = idx.unique ? sql`UNIQUE ` : sql``;
    out.push(
      sql`CREATE ${unique}INDEX IF NOT EXISTS ${sql.id(ixName)} ON ${table(name)} (${sql.join(cols)})`,
    );
  }
  return out;
}
