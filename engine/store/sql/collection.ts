// The DocCollection of both SQL stores, written once against a small executor (sqlite.ts, postgres.ts).
// Reads are single SELECTs. Every write that reads first (updates, replaces, upserts, deletes with side
// tables) runs in one transaction of the backend: SQLite `BEGIN IMMEDIATE` (the database write lock, held
// across processes), PostgreSQL `SELECT ... FOR UPDATE` (the row lock; a concurrent writer re-checks the
// WHERE on the committed row, so `{_id, version}` is a compare-and-set). The update itself is applied in
// JavaScript (update.ts) and the whole document written back, with the side-table rows of its multikey
// fields. A write that is one statement anyway (an insert without side rows, a replace by _id without side
// rows, an append of a few records) runs as that statement alone: it is atomic by itself.
import { randomBytes } from 'node:crypto';
import { sql, type CompiledQuery } from 'kysely';
import { getPath, decode, encodeDoc } from './codec.js';
import { segments, type Frag, type SqlDialect } from './dialect.js';
import {
  conjunctions,
  drivingNarrowFields,
  drivingValues,
  orderAndPage,
  queryContext,
  shapeLiterals,
  sideOnlyMatch,
  where,
  type QueryContext,
} from './query.js';
import { BROAD_MATCH_ROWS, sideTable, sideText, table, TEXT_KEYED } from './schema.js';
import { prepared } from './prepared.js';
import { arg, cached, param, Slot, templateOf, typeOf } from './shapes.js';
import { applyUpdate, upsertSeed } from './update.js';
import { checkDistinctIds } from '../common.js';
import {
  DuplicateKeyError,
  pickFields,
  type BatchGuard,
  type CollectionName,
  type Doc,
  type DocCollection,
  type FindOptions,
  type Query,
  type Update,
  type UpdateResult,
} from '../types.js';

export type Row = Record<string, unknown>;

export interface Exec {
  /** rows of a statement (also of INSERT/DELETE ... RETURNING) */
  all(q: CompiledQuery): Promise<Row[]>;
  /** rows changed by a statement */
  run(q: CompiledQuery): Promise<number>;
}

export interface Backend extends Exec {
  readonly d: SqlDialect;
  /** runs fn in a write transaction; rolled back when it throws */
  tx<T>(fn: (ex: Exec) => Promise<T>): Promise<T>;
  isUniqueViolation(err: unknown): boolean;
  /** throws when the store is closed */
  check(): void;
}

const BATCH = 200;
/** side rows per statement: two parameters each, well under both databases' limits */
const SIDE_BATCH = 1000;
/** documents per statement of a batch compare-and-set (replaceManyIf): three parameters each */
const CAS_BATCH = 256;

/**
 * The number of rows a statement over `n` rows is written for: the next power of two, the rest padded with
 * NULL rows that match nothing. A batch's statements then come in a handful of shapes (each compiled and
 * prepared once) instead of one per batch size.
 */
export function paddedRows(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

/** `rows` padded to paddedRows(rows.length) rows of `width` NULLs, flattened into arguments */
function paddedArgs(rows: unknown[][], width: number): unknown[] {
  const out = rows.flat();
  for (let i = rows.length, n = paddedRows(rows.length); i < n; i++)
    for (let c = 0; c < width; c++) out.push(null);
  return out;
}

export class SqlCollection<T extends Doc> implements DocCollection<T> {
  private readonly ctx: QueryContext;
  private readonly t: Frag;

  constructor(
    private readonly b: Backend,
    readonly name: CollectionName,
  ) {
    this.ctx = queryContext(b.d, name);
    this.t = table(name) as unknown as Frag;
    this.oneStatement = b.d.name === 'postgres';
  }

  /**
   * PostgreSQL: a write with side rows is one statement (data-modifying CTEs) instead of a transaction of
   * several, each a round trip (insertWithSideSql, replaceInOneStatement). SQLite runs in the process, where
   * a statement costs no round trip, and keeps the transactions.
   */
  private readonly oneStatement: boolean;

  /** The statement of shape `key` of this collection with `args` filled in (shapes.ts). */
  private c(key: string, args: unknown[], build: () => Frag): CompiledQuery {
    return cached(this.b.d, `${this.name}|${key}`, args, build);
  }

  /** this.c, a statement whose plan the primary key decides: PostgreSQL prepares it by name (prepared.ts) */
  private p(key: string, args: unknown[], build: () => Frag): CompiledQuery {
    return prepared(this.c(key, args, build));
  }

  /** A statement without arguments. */
  private fixed(text: string): CompiledQuery {
    return this.c(text, [], () => sql.raw(text));
  }

  /** `(arg, arg), (arg, arg), ...`: `rows` rows of `width` arguments, in argument order */
  private static rows(rows: number, width: number): Frag {
    const out: Frag[] = [];
    for (let r = 0; r < rows; r++) {
      const cells: Frag[] = [];
      for (let c = 0; c < width; c++) cells.push(arg(r * width + c));
      out.push(sql`(${sql.join(cells)})`);
    }
    return sql.join(out);
  }

  /**
   * `(VALUES (arg, arg, ...), ...)` of `rows` rows, each cell written by `cell(argument index, column)`
   * (with a cast where needed): its columns are column1, column2, ... in both databases.
   */
  private static values(rows: number, width: number, cell: (i: number, column: number) => Frag): Frag {
    const out: Frag[] = [];
    for (let r = 0; r < rows; r++) {
      const cells: Frag[] = [];
      for (let c = 0; c < width; c++) cells.push(cell(r * width + c, c));
      out.push(sql`(${sql.join(cells)})`);
    }
    return sql`(VALUES ${sql.join(out)})`;
  }

  /** a bound JSON document or side value: PostgreSQL types a VALUES cell only by a cast */
  private json(a: Frag): Frag {
    return this.b.d.name === 'postgres' ? sql`${a}::jsonb` : a;
  }

  private dup(err: unknown, what: string): unknown {
    return this.b.isUniqueViolation(err) ? new DuplicateKeyError(`duplicate key: ${what}`) : err;
  }

  /** The side-table rows of a document: one per distinct scalar element of each multikey field. */
  private sideRows(doc: Doc): Array<{ field: string; values: unknown[] }> {
    const out: Array<{ field: string; values: unknown[] }> = [];
    for (const field of this.ctx.multikey) {
      const v = getPath(doc, field);
      const list = Array.isArray(v) ? v : v === undefined ? [] : [v];
      const values = new Set<unknown>();
      for (const x of list) {
        if (typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean')
          values.add(this.b.d.sideValue(x));
      }
      out.push({ field, values: [...values] });
    }
    return out;
  }

  /**
   * Writes the side rows of `doc`; replacing `previous` (those of its stored version) rewrites only the fields
   * whose elements changed (a case's ~30 search pieces stay put when only its assignee moved).
   */
  private async writeSide(
    ex: Exec,
    doc: Doc,
    replacing: boolean,
    previous?: Array<{ field: string; values: unknown[] }>,
  ): Promise<void> {
    const was = previous ? new Map(previous.map((r) => [r.field, JSON.stringify(r.values)])) : undefined;
    for (const { field, values } of this.sideRows(doc)) {
      if (was && was.get(field) === JSON.stringify(values)) continue;
      const side = sideTable(this.name, field);
      if (replacing)
        await ex.run(
          this.c(`side-delete ${field}`, [doc._id], () => sql`DELETE FROM ${side} WHERE id = ${arg(0)}`),
        );
      if (!values.length) continue;
      await ex.run(
        this.sideInsert(
          field,
          values.flatMap((v) => [v, doc._id]),
        ),
      );
    }
  }

  /** Inserts side rows of a field; `pairs` is value, id, value, id, ... */
  private sideInsert(field: string, pairs: unknown[]): CompiledQuery {
    const n = pairs.length / 2;
    return this.c(
      `side-insert ${field} ${n}`,
      pairs,
      () =>
        sql`INSERT INTO ${sideTable(this.name, field)} (value, id) VALUES ${SqlCollection.rows(n, 2)} ON CONFLICT DO NOTHING`,
    );
  }

  private async deleteSide(ex: Exec, ids: string[]): Promise<void> {
    for (const field of this.ctx.multikey) {
      for (let i = 0; i < ids.length; i += BATCH) {
        const chunk = ids.slice(i, i + BATCH);
        const side = sideTable(this.name, field);
        await ex.run(
          this.c(
            `side-delete-in ${field} ${chunk.length}`,
            chunk,
            () => sql`DELETE FROM ${side} WHERE id IN (${sql.join(chunk.map((_, k) => arg(k)))})`,
          ),
        );
      }
    }
  }

  private insertSql(doc: Doc, ignoreExistingId: boolean): CompiledQuery {
    const ignore = ignoreExistingId ? sql` ON CONFLICT (id) DO NOTHING` : sql``;
    return this.p(
      `insert ${ignoreExistingId}`,
      [doc._id, encodeDoc(doc)],
      () => sql`INSERT INTO ${this.t} (id, doc) VALUES (${arg(0)}, ${arg(1)})${ignore}`,
    );
  }

  /** INSERT of the documents whose _id is new, returning their ids when the collection has side tables. */
  private insertBatchSql(docs: Doc[]): CompiledQuery {
    const args = docs.flatMap((d) => [d._id, encodeDoc(d)]);
    const returning = this.ctx.multikey.size > 0;
    return this.p(
      `insert-batch ${docs.length} ${returning}`,
      args,
      () =>
        sql`INSERT INTO ${this.t} (id, doc) VALUES ${SqlCollection.rows(docs.length, 2)} ON CONFLICT (id) DO NOTHING${returning ? sql` RETURNING id` : sql``}`,
    );
  }

  /** Inserts the documents whose _id is new (the first of equal _ids in the batch), with their side rows. */
  private async insertBatch(ex: Exec, docs: Doc[]): Promise<void> {
    if (!this.ctx.multikey.size) {
      await ex.run(this.insertBatchSql(docs));
      return;
    }
    if (this.oneStatement) {
      await ex.run(this.insertWithSideSql(docs, true));
      return;
    }
    const q = this.insertBatchSql(docs);
    const inserted = new Set((await ex.all(q)).map((r) => r.id as string));
    // the side rows of all new documents in one statement per field (not one per document and field: a
    // round trip each on PostgreSQL)
    const rows = new Map<string, unknown[]>();
    for (const d of docs) {
      if (!inserted.delete(d._id)) continue;
      for (const { field, values } of this.sideRows(d)) {
        const list = rows.get(field) ?? rows.set(field, []).get(field)!;
        for (const v of values) list.push(v, d._id);
      }
    }
    for (const [field, list] of rows)
      for (let i = 0; i < list.length; i += SIDE_BATCH * 2)
        await ex.run(this.sideInsert(field, list.slice(i, i + SIDE_BATCH * 2)));
  }

  private async insertOne(ex: Exec, doc: Doc): Promise<void> {
    if (this.oneStatement && this.ctx.multikey.size) {
      await ex.run(this.insertWithSideSql([doc], false));
      return;
    }
    await ex.run(this.insertSql(doc, false));
    if (this.ctx.multikey.size) await this.writeSide(ex, doc, false);
  }

  /**
   * PostgreSQL: documents and their side rows as one statement (data-modifying CTEs), atomic by itself, so
   * no transaction around it — one round trip where BEGIN, the INSERT, one INSERT per side table and COMMIT
   * were one each. With `ignoreExisting`, documents whose _id is stored already are skipped with their side
   * rows (only the rows the INSERT returned get any); a later duplicate _id in `docs` is skipped likewise.
   */
  private insertWithSideSql(docs: Doc[], ignoreExisting: boolean): CompiledQuery {
    const fields = [...this.ctx.multikey];
    const first = new Map<string, Doc>();
    for (const doc of docs) if (!first.has(doc._id)) first.set(doc._id, doc);
    // per field, its [value, id] pairs as one JSON array argument: the statement's shape does not depend
    // on how many elements the documents hold
    const pairs = fields.map(() => [] as string[]);
    for (const doc of first.values()) {
      const id = JSON.stringify(doc._id);
      this.sideRows(doc).forEach((r, i) => {
        for (const v of r.values) pairs[i].push(`[${v as string},${id}]`);
      });
    }
    const args = [...docs.flatMap((d) => [d._id, encodeDoc(d)]), ...pairs.map((p) => `[${p.join(',')}]`)];
    const n = docs.length * 2;
    return this.p(`insert-with-side ${docs.length} ${ignoreExisting}`, args, () => {
      const ignore = ignoreExisting ? sql` ON CONFLICT (id) DO NOTHING` : sql``;
      const sides = fields.map(
        (f, i) =>
          sql`, ${sql.id(`s${i}`)} AS (INSERT INTO ${sideTable(this.name, f)} (value, id) SELECT e.pair -> 0, w.id FROM jsonb_array_elements(${arg(n + i)}::jsonb) AS e(pair) JOIN w ON w.id = e.pair ->> 1 ON CONFLICT DO NOTHING)`,
      );
      return sql`WITH w AS (INSERT INTO ${this.t} (id, doc) VALUES ${SqlCollection.rows(docs.length, 2)}${ignore} RETURNING id)${sql.join(sides, sql``)} SELECT count(*) AS n FROM w`;
    });
  }

  async insert(doc: T): Promise<void> {
    this.b.check();
    try {
      if (!this.ctx.multikey.size) await this.b.run(this.insertSql(doc, false));
      else if (this.oneStatement) await this.b.run(this.insertWithSideSql([doc], false));
      else await this.b.tx((ex) => this.insertOne(ex, doc));
    } catch (err) {
      throw this.dup(err, doc._id);
    }
  }

  async insertManyIgnoreDuplicates(docs: T[]): Promise<void> {
    this.b.check();
    if (!docs.length) return;
    // one multi-row statement per batch; existing _ids (a replayed append) are skipped by ON CONFLICT. Up to
    // a batch without side tables (a step's history records) that is one statement, atomic on its own;
    // otherwise one transaction. Either way a clash on another unique index leaves nothing behind.
    try {
      if (!this.ctx.multikey.size && docs.length <= BATCH) await this.b.run(this.insertBatchSql(docs));
      else if (this.oneStatement && docs.length <= BATCH)
        await this.b.run(this.insertWithSideSql(docs, true));
      else
        await this.b.tx(async (ex) => {
          for (let i = 0; i < docs.length; i += BATCH) await this.insertBatch(ex, docs.slice(i, i + BATCH));
        });
      return;
    } catch (err) {
      if (!this.b.isUniqueViolation(err)) throw err;
    }
    // A clash on another unique index: one document at a time, with a savepoint each (PostgreSQL aborts
    // the whole transaction on an error otherwise), so the others are still inserted, as with MongoDB's
    // unordered insertMany, and the clash is reported at the end.
    const conflict = await this.b.tx(async (ex) => {
      let clash: string | undefined;
      for (const doc of docs) {
        await ex.run(this.fixed('SAVEPOINT doc'));
        try {
          await this.insertBatch(ex, [doc]);
          await ex.run(this.fixed('RELEASE SAVEPOINT doc'));
        } catch (err) {
          await ex.run(this.fixed('ROLLBACK TO SAVEPOINT doc'));
          await ex.run(this.fixed('RELEASE SAVEPOINT doc'));
          if (!this.b.isUniqueViolation(err)) throw err;
          clash ??= doc._id;
        }
      }
      return clash;
    });
    if (conflict !== undefined) throw new DuplicateKeyError(`duplicate key (unique index): ${conflict}`);
  }

  async findOne(query: Query): Promise<T | null> {
    return (await this.find(query, { limit: 1 }))[0] ?? null;
  }

  async find(query: Query, options: FindOptions = {}): Promise<T[]> {
    this.b.check();
    const broad = isSortedPage(this.ctx, options) ? await this.broadFields(query) : undefined;
    const q = findSql(this.b.d, this.name, query, options, broad);
    // a read by _id alone (a task, a case, a rollup): planned by the primary key
    const byId = typeof query._id === 'string' && Object.keys(query).length === 1 && !options.sort;
    const rows = await this.b.all(byId ? prepared(q) : q);
    if (!options.fields) return rows.map((r) => decode<T>(r.doc as string));
    const fields = options.fields;
    return rows.map((r) => pickFields(decode<T>(r.doc as string), fields));
  }

  async count(query: Query, options: { limit?: number } = {}): Promise<number> {
    this.b.check();
    const rows = await this.b.all(countSql(this.b.d, this.name, query, options));
    return Number(rows[0].n);
  }

  /**
   * The narrow multikey fields driving the query whose side rows for the query's values reach
   * BROAD_MATCH_ROWS: counted up to that many in the side table's primary key, so a district supervisor's 8k
   * open tasks cost 500 index entries to tell apart from a grid worker's few. (Public for the tests.)
   */
  async broadFields(query: Query): Promise<Set<string> | undefined> {
    let out: Set<string> | undefined;
    for (const part of conjunctions(query)) {
      for (const field of drivingNarrowFields(part, this.ctx)) {
        if (out?.has(field)) continue;
        const values = drivingValues(part[field])!.map((v) => this.b.d.sideValue(v as string));
        const side = sideTable(this.name, field);
        const [row] = await this.b.all(
          this.c(`broad ${field} ${values.length}`, values, () => {
            const list = sql.join(values.map((_, i) => arg(i)));
            return sql`SELECT count(*) AS n FROM (SELECT 1 FROM ${side} WHERE value IN (${list}) LIMIT ${BROAD_MATCH_ROWS}) AS capped`;
          }),
        );
        if (Number(row.n) >= BROAD_MATCH_ROWS) (out ??= new Set()).add(field);
      }
    }
    return out;
  }

  /**
   * The first matching document, locked for this transaction (PostgreSQL); only its _id and side-table
   * fields unless `whole` (a replace needs no more: decoding a case's whole state cost more than writing it).
   */
  private async matchForWrite(ex: Exec, query: Query, whole: boolean): Promise<Doc | null> {
    const lock = this.b.d.name === 'postgres' ? sql` FOR UPDATE` : sql``;
    const t = templateOf(query, shapeLiterals(this.name));
    const d = this.b.d;
    const q = this.c(
      `match ${whole} ${t.key}`,
      t.args,
      () =>
        sql`SELECT ${whole ? d.docText : d.project(['_id', ...this.ctx.multikey])} AS doc FROM ${this.t} WHERE ${where(t.query, this.ctx)} LIMIT 1${lock}`,
    );
    const [row] = await ex.all(q);
    return row ? decode<Doc>(row.doc as string) : null;
  }

  /** `change` gets the whole current document when `whole`, else its _id and side-table fields. */
  private async write(
    query: Query,
    upsert: boolean,
    whole: boolean,
    change: (current: Doc | null) => Doc,
  ): Promise<UpdateResult> {
    this.b.check();
    try {
      return await this.b.tx(async (ex) => {
        const current = await this.matchForWrite(ex, query, whole);
        if (!current) {
          if (!upsert) return { matched: 0, upserted: false };
          const doc = change(null);
          await this.insertOne(ex, doc);
          return { matched: 1, upserted: true };
        }
        // read before the change, which may edit `current` in place
        const previous = this.ctx.multikey.size ? this.sideRows(current) : undefined;
        const doc = change(current);
        await ex.run(
          this.c(
            'update',
            [encodeDoc(doc), current._id],
            () => sql`UPDATE ${this.t} SET doc = ${arg(0)} WHERE id = ${arg(1)}`,
          ),
        );
        if (previous) await this.writeSide(ex, doc, true, previous);
        return { matched: 1, upserted: false };
      });
    } catch (err) {
      throw this.dup(err, String(query._id ?? ''));
    }
  }

  updateOne(query: Query, update: Update, options: { upsert?: boolean } = {}): Promise<UpdateResult> {
    return this.write(query, !!options.upsert, true, (current) => {
      if (current) return applyUpdate(current, update);
      const seed = upsertSeed(query) as Doc;
      seed._id ??= newId();
      return applyUpdate(seed, update);
    });
  }

  async replaceOne(query: Query, doc: T, options: { upsert?: boolean } = {}): Promise<UpdateResult> {
    const id = query._id;
    if (!options.upsert && !this.ctx.multikey.size && typeof id === 'string')
      return this.replaceById(query, id, doc);
    if (this.oneStatement && typeof id === 'string' && (doc._id === undefined || doc._id === id)) {
      const done = await this.replaceInOneStatement(query, id, doc, !!options.upsert);
      if (done) return done;
    }
    // the projection names top-level fields (a dotted side-table field would need the whole document)
    const whole = [...this.ctx.multikey].some((f) => f.includes('.'));
    return this.write(query, !!options.upsert, whole, (current) => {
      const _id = current?._id ?? doc._id ?? (query._id as string | undefined) ?? newId();
      return { ...structuredClone(doc), _id };
    });
  }

  /**
   * PostgreSQL: replaceOne of a document named by its _id (upserting or not) with its side rows as one
   * statement — the transaction of write() took BEGIN, SELECT ... FOR UPDATE, UPDATE, a DELETE and an
   * INSERT per changed side table and COMMIT, a round trip each (a step's case and task projections).
   *
   * The query is evaluated on the row of the statement's snapshot (`snap`), and the row written must be that
   * very version (its xmin): PostgreSQL may otherwise write a newer version committed after the snapshot (an
   * UPDATE re-checks its WHERE on the row it waited for; ON CONFLICT DO UPDATE takes the latest one), whose
   * side rows the snapshot does not show, so the side-row DELETE would leave that writer's rows behind. Side
   * rows: those of the stored version not among the new values are deleted, the new ones inserted (existing
   * ones stay).
   *
   * Returns undefined when nothing was written and the answer needs the transaction: a newer version was
   * committed meanwhile, or an upsert's INSERT met a stored _id (write() then decides: an update of the
   * latest version, no match, or a duplicate key). Without upsert, a query the snapshot's row does not meet
   * matched nothing.
   */
  private async replaceInOneStatement(
    query: Query,
    _id: string,
    doc: T,
    upsert: boolean,
  ): Promise<UpdateResult | undefined> {
    this.b.check();
    const fields = [...this.ctx.multikey];
    const t = templateOf(query, shapeLiterals(this.name));
    const full = { ...doc, _id };
    // per field, the new values as one JSON array argument (side values are JSON text on PostgreSQL)
    const sides = this.sideRows(full).map((r) => `[${r.values.join(',')}]`);
    const n = t.args.length;
    const q = this.p(`replace-one ${upsert} ${t.key}`, [...t.args, _id, encodeDoc(full), ...sides], () => {
      const guard = sql`${this.t}.xmin = (SELECT x FROM snap)`;
      const write = upsert
        ? sql`INSERT INTO ${this.t} (id, doc) VALUES (${arg(n)}, ${arg(n + 1)}) ON CONFLICT (id) DO UPDATE SET doc = EXCLUDED.doc WHERE ${guard}`
        : sql`UPDATE ${this.t} SET doc = ${arg(n + 1)} WHERE id = ${arg(n)} AND ${guard}`;
      const side = fields.map((f, i) => {
        const values = sql`jsonb_array_elements(${arg(n + 2 + i)}::jsonb) AS e(value)`;
        const tbl = sideTable(this.name, f);
        return sql`, ${sql.id(`d${i}`)} AS (DELETE FROM ${tbl} AS s USING w WHERE s.id = w.id AND NOT EXISTS (SELECT 1 FROM ${values} WHERE e.value = s.value)), ${sql.id(`i${i}`)} AS (INSERT INTO ${tbl} (value, id) SELECT e.value, w.id FROM w, ${values} ON CONFLICT DO NOTHING)`;
      });
      // xmax is 0 on a row the INSERT made, the locker's id on one ON CONFLICT updated
      const inserted = upsert ? sql`(xmax = 0)` : sql`false`;
      return sql`WITH snap AS (SELECT xmin AS x FROM ${this.t} WHERE ${where(t.query, this.ctx)}), w AS (${write} RETURNING id, ${inserted} AS inserted)${sql.join(side, sql``)} SELECT (SELECT count(*) FROM w) AS n, (SELECT bool_or(inserted) FROM w) AS inserted, (SELECT count(*) FROM snap) AS seen`;
    });
    let row: Row;
    try {
      [row] = await this.b.all(q);
    } catch (err) {
      throw this.dup(err, _id);
    }
    if (Number(row.n) > 0) return { matched: 1, upserted: row.inserted === true };
    if (!upsert && Number(row.seen) === 0) return { matched: 0, upserted: false };
    return undefined;
  }

  /**
   * replaceOne of a document named by its _id in a collection without side tables: one UPDATE, whose WHERE
   * is the compare-and-set (a `{_id, version}` query): SQLite runs it under the write lock, PostgreSQL
   * re-checks it on the row version it waited for. The read-then-write transaction of write() took four
   * statements for this (a statistics rollup's, the hot one).
   */
  private async replaceById(query: Query, _id: string, doc: T): Promise<UpdateResult> {
    this.b.check();
    const t = templateOf(query, shapeLiterals(this.name));
    const q = this.p(
      `replace ${t.key}`,
      [...t.args, encodeDoc({ ...doc, _id })],
      () => sql`UPDATE ${this.t} SET doc = ${arg(t.args.length)} WHERE ${where(t.query, this.ctx)}`,
    );
    try {
      return { matched: await this.b.run(q), upserted: false };
    } catch (err) {
      throw this.dup(err, _id);
    }
  }

  /**
   * Compare-and-set of many documents in one transaction, a few statements per CAS_BATCH documents whatever
   * their number: one read of the stored guard field and side-table fields of all of them (PostgreSQL: rows
   * locked in _id order, so two batches never wait on each other crosswise; SQLite: under the write lock),
   * one `UPDATE ... FROM (VALUES ...)` of those that pass the check (the check repeated in its WHERE,
   * RETURNING the ids written; on SQLite an UPDATE by id each, dialect.ts batchUpdate), one INSERT of the
   * new ones (upsert), and per side-table field one DELETE of the element rows gone and one INSERT of the
   * new ones, over all the documents.
   */
  async replaceManyIf(
    items: ReadonlyArray<{ doc: T; expected: number }>,
    guard: BatchGuard,
  ): Promise<Set<string>> {
    this.b.check();
    checkDistinctIds(items);
    segments(guard.field); // written into the SQL text: checked
    if (!items.length) return new Set();
    try {
      return await this.b.tx(async (ex) => {
        const written = new Set<string>();
        // in _id order across the statements too: concurrent batches lock their rows in the same order
        const ordered = [...items].sort((x, y) =>
          x.doc._id < y.doc._id ? -1 : x.doc._id > y.doc._id ? 1 : 0,
        );
        for (let i = 0; i < ordered.length; i += CAS_BATCH)
          await this.casChunk(ex, ordered.slice(i, i + CAS_BATCH), guard, written);
        return written;
      });
    } catch (err) {
      throw this.dup(err, items[0].doc._id);
    }
  }

  private async casChunk(
    ex: Exec,
    chunk: ReadonlyArray<{ doc: T; expected: number }>,
    guard: BatchGuard,
    written: Set<string>,
  ): Promise<void> {
    const d = this.b.d;
    const field = guard.field;
    const fields = [field, ...this.ctx.multikey];
    // a projection names top-level fields (a dotted one would need the whole document)
    const whole = fields.some((f) => f.includes('.'));
    const lock = d.name === 'postgres' ? sql` FOR UPDATE` : sql``;
    const ids = chunk.map((c) => c.doc._id);
    const n = paddedRows(ids.length);
    const readArgs = paddedArgs(
      ids.map((id) => [id]),
      1,
    );
    const rows = await ex.all(
      this.c(
        `cas-read ${whole} ${field} ${n}`,
        readArgs,
        () =>
          sql`SELECT id, ${whole ? d.docText : d.project(fields)} AS doc FROM ${this.t} WHERE id IN (${sql.join(readArgs.map((_, k) => arg(k)))}) ORDER BY id${lock}`,
      ),
    );
    const stored = new Map(rows.map((r) => [r.id as string, decode<Doc>(r.doc as string)]));
    const replace: Array<{ doc: T; expected: number; current: Doc }> = [];
    const insert: T[] = [];
    for (const it of chunk) {
      const current = stored.get(it.doc._id);
      if (!current) {
        if (guard.upsert) insert.push(it.doc);
        continue;
      }
      const v = whole ? getPath(current, field) : current[field];
      if (typeof v === 'number' && (guard.op === '$eq' ? v === it.expected : v < it.expected))
        replace.push({ ...it, current });
    }
    const previous = new Map<string, Doc | undefined>();
    if (replace.length && d.batchUpdate === 'rows') {
      // SQLite: the check above ran under the write lock, nothing has written since (dialect.ts batchUpdate)
      for (const r of replace) {
        const q = this.c(
          'update',
          [encodeDoc(r.doc), r.doc._id],
          () => sql`UPDATE ${this.t} SET doc = ${arg(0)} WHERE id = ${arg(1)}`,
        );
        if (!(await ex.run(q))) continue;
        written.add(r.doc._id);
        previous.set(r.doc._id, r.current);
      }
    } else if (replace.length) {
      const args = paddedArgs(
        replace.map((r) => [r.doc._id, encodeDoc(r.doc), r.expected]),
        3,
      );
      const rowsN = paddedRows(replace.length);
      const t = this.t;
      const q = this.c(`cas-update ${field} ${guard.op} ${rowsN}`, args, () => {
        // the expected number is compared as query values are (dialect.bind)
        const values = SqlCollection.values(rowsN, 3, (i, col) =>
          col === 1 ? this.json(arg(i)) : col === 2 ? d.bind(new Slot(i, 'number')) : arg(i),
        );
        return sql`UPDATE ${t} SET doc = v.column2 FROM ${values} AS v WHERE ${t}.id = v.column1 AND ${d.at(sql`${t}.doc`, segments(field))} ${sql.raw(guard.op === '$eq' ? '=' : '<')} v.column3 RETURNING ${t}.id AS id`;
      });
      for (const r of await ex.all(q)) written.add(r.id as string);
      for (const r of replace) if (written.has(r.doc._id)) previous.set(r.doc._id, r.current);
    }
    if (insert.length) {
      const args = paddedArgs(
        insert.map((doc) => [doc._id, encodeDoc(doc)]),
        2,
      );
      const rowsN = paddedRows(insert.length);
      const q = this.c(`cas-insert ${rowsN}`, args, () => {
        const values = SqlCollection.values(rowsN, 2, (i, col) => (col === 1 ? this.json(arg(i)) : arg(i)));
        return sql`INSERT INTO ${this.t} (id, doc) SELECT column1, column2 FROM ${values} AS v WHERE column1 IS NOT NULL ON CONFLICT (id) DO NOTHING RETURNING id`;
      });
      for (const r of await ex.all(q)) {
        written.add(r.id as string);
        previous.set(r.id as string, undefined);
      }
    }
    if (!this.ctx.multikey.size || !previous.size) return;
    // the side rows: per field, the elements gone and the new ones over all documents written
    const gone = new Map<string, unknown[][]>();
    const added = new Map<string, unknown[][]>();
    for (const it of chunk) {
      if (!previous.has(it.doc._id)) continue;
      const before = previous.get(it.doc._id);
      const was = new Map((before ? this.sideRows(before) : []).map((r) => [r.field, r.values]));
      for (const { field: f, values } of this.sideRows(it.doc)) {
        const old = was.get(f) ?? [];
        const now = new Set(values);
        const then = new Set(old);
        for (const v of old) if (!now.has(v)) (gone.get(f) ?? gone.set(f, []).get(f)!).push([v, it.doc._id]);
        for (const v of values)
          if (!then.has(v)) (added.get(f) ?? added.set(f, []).get(f)!).push([v, it.doc._id]);
      }
    }
    for (const [f, pairs] of gone)
      for (let i = 0; i < pairs.length; i += SIDE_BATCH)
        await ex.run(this.sideDeletePairs(f, pairs.slice(i, i + SIDE_BATCH)));
    for (const [f, pairs] of added)
      for (let i = 0; i < pairs.length; i += SIDE_BATCH)
        await ex.run(this.sideInsertPairs(f, pairs.slice(i, i + SIDE_BATCH)));
  }

  /** Deletes side rows of a field by their (value, id) pairs. */
  private sideDeletePairs(field: string, pairs: unknown[][]): CompiledQuery {
    const rowsN = paddedRows(pairs.length);
    const side = sideTable(this.name, field);
    return this.c(`side-delete-pairs ${field} ${rowsN}`, paddedArgs(pairs, 2), () => {
      const values = SqlCollection.values(rowsN, 2, (i, col) => (col === 0 ? this.json(arg(i)) : arg(i)));
      return sql`DELETE FROM ${side} WHERE (value, id) IN (SELECT column1, column2 FROM ${values} AS v)`;
    });
  }

  /** Inserts side rows of a field from (value, id) pairs. */
  private sideInsertPairs(field: string, pairs: unknown[][]): CompiledQuery {
    const rowsN = paddedRows(pairs.length);
    const side = sideTable(this.name, field);
    return this.c(`side-insert-pairs ${field} ${rowsN}`, paddedArgs(pairs, 2), () => {
      const values = SqlCollection.values(rowsN, 2, (i, col) => (col === 0 ? this.json(arg(i)) : arg(i)));
      return sql`INSERT INTO ${side} (value, id) SELECT column1, column2 FROM ${values} AS v WHERE column2 IS NOT NULL ON CONFLICT DO NOTHING`;
    });
  }

  async deleteMany(query: Query): Promise<number> {
    this.b.check();
    const t = templateOf(query, shapeLiterals(this.name));
    const returning = this.ctx.multikey.size > 0;
    const q = this.c(
      `delete ${returning} ${t.key}`,
      t.args,
      () =>
        sql`DELETE FROM ${this.t} WHERE ${where(t.query, this.ctx)}${returning ? sql` RETURNING id` : sql``}`,
    );
    if (!returning) return this.b.run(q);
    return this.b.tx(async (ex) => {
      const ids = (await ex.all(q)).map((r) => r.id as string);
      await this.deleteSide(ex, ids);
      return ids.length;
    });
  }
}

/** The SELECT of count() (exported for tests that look at query plans). */
export function countSql(
  d: SqlDialect,
  name: CollectionName,
  query: Query,
  options: { limit?: number } = {},
): CompiledQuery {
  const t = templateOf(query, shapeLiterals(name));
  const capped = options.limit !== undefined;
  return cached(d, `${name}|count ${capped} ${t.key}`, capped ? [...t.args, options.limit] : t.args, () => {
    const ctx = queryContext(d, name);
    const side = capped ? undefined : sideOnlyMatch(t.query, ctx);
    // side rows go with their documents (written and deleted in the same transaction), so the side table's
    // index counts alone; a document matching several of the values is one id
    if (side) {
      const tbl = sideTable(name, side.field);
      // PostgreSQL: string keys through the C-collated text index (schema.ts TEXT_KEYED), not JSONB compares;
      // the ids told apart in byte order too (the database's collation sorted them several times slower)
      if (
        d.name === 'postgres' &&
        TEXT_KEYED[name]?.includes(side.field) &&
        side.raw.every((v) => typeOf(v) === 'string')
      )
        return sql`SELECT count(*) AS n FROM (SELECT DISTINCT id COLLATE "C" AS id FROM ${tbl} WHERE ${sideText} IN (${sql.join(side.raw.map((v) => param(v)))})) AS m`;
      return sql`SELECT count(DISTINCT id) AS n FROM ${tbl} WHERE value IN (${sql.join(side.values)})`;
    }
    const cond = where(t.query, ctx);
    return capped
      ? sql`SELECT count(*) AS n FROM (SELECT 1 FROM ${table(name)} WHERE ${cond} LIMIT ${arg(t.args.length)}) AS capped`
      : sql`SELECT count(*) AS n FROM ${table(name)} WHERE ${cond}`;
  });
}

/** A page in the order of an indexed field. */
function isSortedPage(ctx: QueryContext, options: FindOptions): boolean {
  const first = Object.keys(options.sort ?? {})[0];
  return options.limit !== undefined && first !== undefined && ctx.scalar.has(first);
}

/**
 * The SELECT of find() (exported for tests that look at query plans); `broad`: the narrow multikey fields
 * whose match admits many documents (SqlCollection.broadFields).
 */
export function findSql(
  d: SqlDialect,
  name: CollectionName,
  query: Query,
  options: FindOptions = {},
  broad?: ReadonlySet<string>,
): CompiledQuery {
  const t = templateOf(query, shapeLiterals(name));
  const { fields, sort, skip, limit } = options;
  const broadKey = broad?.size ? [...broad].sort().join(',') : '';
  const shape = `${name}|find ${JSON.stringify([fields, sort && Object.entries(sort)])} ${String(skip)} ${String(limit)} ${broadKey} ${t.key}`;
  return cached(d, shape, t.args, () => {
    let ctx = queryContext(d, name);
    // a page in the order of an indexed field: walk that index and check the rest per row (a district's
    // newest cases are found in the first rows) rather than collect every match and sort them all
    if (isSortedPage(ctx, options)) ctx = { ...ctx, anchored: true, broad };
    return sql`SELECT ${fields ? d.project(['_id', ...fields]) : d.docText} AS doc FROM ${table(name)} WHERE ${where(t.query, ctx)}${orderAndPage(options, ctx)}`;
  });
}

/** An _id for an upsert whose query gives none (MongoDB would make an ObjectId). */
function newId(): string {
  return randomBytes(12).toString('hex');
}
