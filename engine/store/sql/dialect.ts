// What differs between SQLite and PostgreSQL in the SQL the stores write: how a value is read out of the
// JSON document, how a bound value is compared with it, how array elements are walked. query.ts and
// schema.ts write every statement once against this object.
//
// SQLite keeps the document as JSON text and reads fields with json_extract, which returns SQL values
// (INTEGER/REAL for numbers, TEXT for strings, 1/0 for booleans, the JSON text of objects and arrays), so
// numbers compare numerically and strings in binary order. PostgreSQL keeps JSONB and reads fields with
// `#>`, comparing jsonb with jsonb: numbers numerically, strings in the database's collation (codepoint
// order under C / C.UTF-8, which is what case-number prefix ranges assume). The same expressions are used in
// the expression indexes (schema.ts), so a query on an indexed field is answered from the index.
import {
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  sql,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type CompiledQuery,
  type RawBuilder,
} from 'kysely';
import { encode } from './codec.js';
import { param } from './shapes.js';

export type Frag = RawBuilder<unknown>;

export class BadQueryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BadQueryError';
  }
}

const SEGMENT = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/** Field path segments, checked: they are written into the SQL text (index expressions need literals). */
export function segments(path: string): string[] {
  const segs = path.split('.');
  for (const s of segs) if (!SEGMENT.test(s)) throw new BadQueryError(`unsupported field path ${path}`);
  return segs;
}

export interface SqlDialect {
  readonly name: 'sqlite' | 'postgres';
  /** the value at a path of a JSON source (the doc column, an array element), comparable with bind() */
  at(src: Frag, segs: string[]): Frag;
  /** a query value (or its Slot, shapes.ts) bound for comparison with at() */
  bind(v: unknown): Frag;
  /** at() is missing or JSON null */
  isNullish(x: Frag): Frag;
  /** the path exists (a JSON null counts) */
  present(src: Frag, segs: string[]): Frag;
  /**
   * Some element of the array at the path satisfies pred (false when it is not an array). pred gets the
   * element as a value (for comparisons) and as a JSON source for at() (NULL unless it is an object).
   */
  someElement(src: Frag, segs: string[], pred: (element: Frag, elementDoc: Frag) => Frag): Frag;
  /**
   * for range operators: at() holds the JSON type of the value compared, `type` (typeOf in shapes.ts;
   * MongoDB compares within a type only)
   */
  sameType(x: Frag, type: string, op: '$gt' | '$gte' | '$lt' | '$lte'): Frag | undefined;
  /** the document as JSON text for decode() */
  docText: Frag;
  /** an object of the listed top-level fields as JSON text for decode() (missing ones as null) */
  project(fields: readonly string[]): Frag;
  /** a side-table (multikey) value for an array element */
  sideValue(v: string | number | boolean): unknown;
  orderBy(x: Frag, dir: 1 | -1): Frag;
  limit(skip: number | undefined, limit: number | undefined): Frag;
  /** COALESCE(x, false) */
  falseIfNull(x: Frag): Frag;
  readonly docType: string;
  readonly sideValueType: string;
  /**
   * How a multikey condition reads its side table. SQLite: `id IN (SELECT id FROM side ...)`, which its
   * planner reads first when selective or probes through a Bloom filter. PostgreSQL: a correlated
   * `EXISTS`, which its planner runs per row through the (value, id) key or hashes, whichever is cheaper
   * (an uncorrelated IN would always be hashed whole).
   */
  readonly sideLookup: 'in' | 'exists';
  /**
   * A condition an OR evaluates only after the alternatives written before it. SQLite evaluates the side of an
   * OR without a subquery first (it rates subqueries dear), so a document read placed after side-table
   * EXISTS probes would still run on every row: as a scalar subquery it keeps its place. PostgreSQL keeps the
   * written order.
   */
  inOrder(x: Frag): Frag;
  /**
   * How a batch compare-and-set (collection.ts replaceManyIf) writes the documents that passed its check.
   * PostgreSQL: one `UPDATE ... FROM (VALUES ...)` for the batch (a round trip per statement). SQLite: one
   * `UPDATE ... WHERE id = ?` per document in the same transaction: in-process statements cost little, and
   * SQLite runs an UPDATE FROM by first copying the joined rows, new documents included, into a temporary
   * table — 1.5–2× the time of the single updates for cases of ~30 KB (measured at 256 per batch).
   */
  readonly batchUpdate: 'values' | 'rows';
  compile(q: Frag): CompiledQuery;
}

const TRUE = sql`1=1`;
export const FALSE = sql`1=0`;
export { TRUE };

function compiler(
  adapter: () => SqliteAdapter | PostgresAdapter,
  introspector: (db: Kysely<unknown>) => SqliteIntrospector | PostgresIntrospector,
  queryCompiler: () => SqliteQueryCompiler | PostgresQueryCompiler,
): Kysely<unknown> {
  // Kysely only builds and compiles the SQL here; the stores run it on their own drivers
  return new Kysely<unknown>({
    dialect: {
      createAdapter: adapter,
      createDriver: () => new DummyDriver(),
      createIntrospector: introspector,
      createQueryCompiler: queryCompiler,
    },
  });
}

const sqliteDb = compiler(
  () => new SqliteAdapter(),
  (db) => new SqliteIntrospector(db),
  () => new SqliteQueryCompiler(),
);
const pgDb = compiler(
  () => new PostgresAdapter(),
  (db) => new PostgresIntrospector(db),
  () => new PostgresQueryCompiler(),
);

const sqlitePath = (segs: string[]) => sql.lit(`$${segs.map((s) => `."${s}"`).join('')}`);

export const sqliteDialect: SqlDialect = {
  name: 'sqlite',
  at: (src, segs) => sql`json_extract(${src}, ${sqlitePath(segs)})`,
  bind: (v) =>
    param(v, (x) => {
      if (typeof x === 'boolean') return x ? 1 : 0; // json_extract gives 1/0 for true/false
      if (x === null || typeof x === 'string' || typeof x === 'number') return x;
      return encode(x); // objects, arrays, Dates: json_extract returns their JSON text
    }),
  isNullish: (x) => sql`${x} IS NULL`,
  present: (src, segs) => sql`json_type(${src}, ${sqlitePath(segs)}) IS NOT NULL`,
  someElement: (src, segs, pred) =>
    sql`(json_type(${src}, ${sqlitePath(segs)}) = 'array' AND EXISTS (SELECT 1 FROM json_each(${src}, ${sqlitePath(segs)}) AS e WHERE ${pred(sql`e.value`, sql`(CASE WHEN e.type = 'object' THEN e.value END)`)}))`,
  // SQLite orders NULL < numbers < text: a range is closed on its open side by the edge of its own type, so
  // the other type stays out and the index sees a range with two ends (a typeof() test cannot be served by
  // the index: an `outboxAt < t` read every instance whose outboxAt is missing to test its type)
  sameType(x, type, op) {
    const upper = op === '$lt' || op === '$lte';
    if (type === 'number') return upper ? sql`${x} >= -9e999` : sql`${x} < ''`;
    if (type === 'string') return upper ? sql`${x} >= ''` : undefined;
    return undefined;
  },
  docText: sql.ref('doc'),
  // `->` keeps objects and arrays as JSON (json_extract would hand them to json_object as strings)
  project: (fields) =>
    sql`json_object(${sql.join(fields.map((f) => sql`${sql.lit(f)}, doc -> ${sqlitePath(segments(f))}`))})`,
  sideValue: (v) => (typeof v === 'boolean' ? (v ? 1 : 0) : v),
  orderBy: (x, dir) => (dir === 1 ? sql`${x} ASC` : sql`${x} DESC`),
  limit(skip, limit) {
    if (limit === undefined && !skip) return sql``;
    return sql` LIMIT ${sql.lit(limit ?? -1)} OFFSET ${sql.lit(skip ?? 0)}`;
  },
  falseIfNull: (x) => sql`coalesce(${x}, 0)`,
  docType: 'TEXT',
  sideValueType: '', // no type: no affinity, values keep their SQL type
  sideLookup: 'in',
  inOrder: (x) => sql`(SELECT ${x})`,
  batchUpdate: 'rows',
  compile: (q) => q.compile(sqliteDb),
};

const pgPath = (segs: string[]) => sql.lit(`{${segs.join(',')}}`);

export const postgresDialect: SqlDialect = {
  name: 'postgres',
  at: (src, segs) => sql`(${src} #> ${pgPath(segs)})`,
  bind: (v) => sql`${param(v, encode)}::jsonb`,
  isNullish: (x) => sql`coalesce(${x}, 'null'::jsonb) = 'null'::jsonb`,
  present: (src, segs) => sql`(${src} #> ${pgPath(segs)}) IS NOT NULL`,
  // an element that is not an object gives NULL for a path below it (#> does not fail), so no type guard
  someElement: (src, segs, pred) =>
    sql`EXISTS (SELECT 1 FROM jsonb_array_elements(CASE WHEN jsonb_typeof(${src} #> ${pgPath(segs)}) = 'array' THEN ${src} #> ${pgPath(segs)} END) AS e(value) WHERE ${pred(sql`e.value`, sql`e.value`)})`,
  sameType(x, type) {
    if (type === 'number') return sql`jsonb_typeof(${x}) = 'number'`;
    if (type === 'string') return sql`jsonb_typeof(${x}) = 'string'`;
    return undefined;
  },
  docText: sql`doc::text`,
  project: (fields) =>
    sql`jsonb_build_object(${sql.join(fields.map((f) => sql`${sql.lit(f)}, doc #> ${pgPath(segments(f))}`))})::text`,
  sideValue: (v) => encode(v),
  // MongoDB sorts missing/null first ascending; PostgreSQL would put SQL NULLs last
  orderBy: (x, dir) => (dir === 1 ? sql`${x} ASC NULLS FIRST` : sql`${x} DESC NULLS LAST`),
  limit(skip, limit) {
    let out = sql``;
    if (limit !== undefined) out = sql` LIMIT ${sql.lit(limit)}`;
    if (skip) out = sql`${out} OFFSET ${sql.lit(skip)}`;
    return out;
  },
  falseIfNull: (x) => sql`coalesce(${x}, false)`,
  docType: 'JSONB',
  sideValueType: 'JSONB',
  sideLookup: 'exists',
  inOrder: (x) => x,
  batchUpdate: 'values',
  compile: (q) => q.compile(pgDb),
};
