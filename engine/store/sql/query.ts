// One translator from the MongoDB query subset (engine/store/types.ts) to SQL, for both dialects.
//
// MongoDB semantics kept (test/store/contract.ts):
// - a field that holds an array matches when the array equals the value or some element does; `$ne` /
//   `$nin` match when no element does (so also when the field is missing);
// - a dotted path goes into subdocuments and through an array of subdocuments (`items.kind`), one array
//   level deep;
// - null matches null or missing (also as an `$in` member; `$ne: null` means present and not null);
// - ranges compare within one type (numbers with numbers, strings with strings), Dates by their time.
// Fields are read three ways: `_id` is the primary key column; multikey fields (schema.ts) go through
// their side table for equality / $in / $ne / $nin; indexed fields are compared as one scalar expression
// (the indexed one); any other field is compared directly and element-wise.
import { sql } from 'kysely';
import type { CollectionName, FindOptions, Query } from '../types.js';
import { BadQueryError, FALSE, segments, TRUE, type Frag, type SqlDialect } from './dialect.js';
import { multikeyFields, NARROW_IMPLIES, NARROW_MULTIKEY, scalarFields, sideTable, table } from './schema.js';
import { isOperatorObject, param, Slot, typeOf, type ShapeLiterals } from './shapes.js';

export interface QueryContext {
  d: SqlDialect;
  name: CollectionName;
  multikey: Set<string>;
  /**
   * multikey fields with small side tables (schema.ts NARROW_MULTIKEY): driven from the side table, unless
   * `broad` names them
   */
  narrow: Set<string>;
  /** per narrow field, what its documents satisfy (schema.ts NARROW_IMPLIES) */
  implies: Record<string, Record<string, string>>;
  /**
   * Narrow fields whose match in this query admits many documents (a district supervisor's keys): checked
   * per row below an anchor like any multikey field, so a sorted page walks the sort's index (set by
   * collection.ts find from a capped count of the side rows).
   */
  broad?: ReadonlySet<string>;
  scalar: Set<string>;
  /**
   * Set below a conjunction that also filters an indexed scalar field (status, unit, instanceId, caseNo…):
   * multikey matches there are checked per row (a correlated EXISTS on the side table's primary key) instead
   * of driving the query from the side table — else `{status: 'open', unitPath: district}` would read every
   * task of the district ever made to keep the open ones, a cost that grows with closed history.
   */
  anchored?: boolean;
  /**
   * Set below a conjunction driven from a narrow side table (SQLite): an $or checked per row reads an indexed
   * scalar alternative (`gridUnit` of a grid worker's scope, `startedBy`) once from its index as a list of
   * rows, instead of parsing each found row's document for it.
   */
  scalarLists?: boolean;
}

// one per dialect and collection: what they hold follows from the schema alone, and building them (the index
// list of the collection) on every query was 1–2 % of a step's CPU
const contexts = new Map<string, QueryContext>();

export function queryContext(d: SqlDialect, name: CollectionName): QueryContext {
  const key = `${d.name}:${name}`;
  let ctx = contexts.get(key);
  if (!ctx) contexts.set(key, (ctx = buildContext(d, name)));
  return ctx;
}

function buildContext(d: SqlDialect, name: CollectionName): QueryContext {
  return {
    d,
    name,
    multikey: new Set(multikeyFields(name)),
    narrow: new Set(NARROW_MULTIKEY[name] ?? []),
    implies: NARROW_IMPLIES[name] ?? {},
    scalar: scalarFields(name),
  };
}

const DOC = sql.ref('doc');
const ID = sql.ref('id');

const isSideScalar = (v: unknown): boolean => {
  const t = typeOf(v);
  return t === 'string' || t === 'number' || t === 'boolean';
};
const sideArg = (ctx: QueryContext, v: unknown): Frag =>
  param(v, (x) => ctx.d.sideValue(x as string | number | boolean));

const and = (parts: Frag[]): Frag =>
  parts.length === 0 ? TRUE : parts.length === 1 ? parts[0] : sql`(${sql.join(parts, sql` AND `)})`;
const or = (parts: Frag[]): Frag =>
  parts.length === 0 ? FALSE : parts.length === 1 ? parts[0] : sql`(${sql.join(parts, sql` OR `)})`;

/**
 * The WHERE condition of a query. Its values may be Slots (shapes.ts): the condition then binds their
 * markers, and a statement compiled from it serves every query of the same shape.
 */
export function where(q: Query, ctx: QueryContext): Frag {
  if (q === null || typeof q !== 'object' || Array.isArray(q))
    throw new BadQueryError('query must be an object');
  if (!ctx.scalarLists && hasNarrowDriver(q, ctx)) ctx = { ...ctx, anchored: true, scalarLists: true };
  if (!ctx.anchored && hasScalarAnchor(q, ctx)) ctx = { ...ctx, anchored: true };
  const implied = impliedByDriver(q, ctx);
  const parts: Frag[] = [];
  for (const [key, cond] of Object.entries(q)) {
    if (implied.has(key)) continue;
    if (key === '$or' || key === '$and') {
      if (!Array.isArray(cond)) throw new BadQueryError(`${key} needs an array`);
      if (key === '$or') parts.push(alternatives(cond as Query[], ctx));
      else parts.push(and(cond.map((c) => where(c as Query, ctx))));
    } else if (key[0] === '$') {
      throw new BadQueryError(`unsupported query operator ${key}`);
    } else if (cond !== undefined) {
      parts.push(field(key, cond, ctx));
    }
  }
  return and(parts);
}

/** The side-table values a condition on a multikey field is driven by (equality or $in of scalars). */
export function drivingValues(cond: unknown): unknown[] | undefined {
  if (isSideScalar(cond)) return [cond];
  if (!isOperatorObject(cond)) return undefined;
  const ops = Object.keys(cond);
  if (ops.length !== 1) return undefined;
  if (ops[0] === '$eq' && isSideScalar(cond.$eq)) return [cond.$eq];
  const list = cond.$in;
  if (ops[0] === '$in' && Array.isArray(list) && list.length && list.every(isSideScalar)) return list;
  return undefined;
}

/** The query and the members of its (nested) `$and`: the conjunctions every match satisfies. */
export function conjunctions(q: Query): Query[] {
  const out = [q];
  const and = q.$and;
  if (Array.isArray(and))
    for (const c of and) if (c && typeof c === 'object') out.push(...conjunctions(c as Query));
  return out;
}

/** Narrow multikey fields the conjunction is driven by from their side table (SQLite). */
export function drivingNarrowFields(q: Query, ctx: QueryContext): string[] {
  if (ctx.d.sideLookup !== 'in') return [];
  return [...ctx.narrow].filter((f) => !ctx.broad?.has(f) && drivingValues(q[f]) !== undefined);
}

/**
 * Terms of the conjunction that its side-table driver implies (`status: 'open'` beside the open-task keys):
 * left out, since every document the driver finds satisfies them and testing each reads its JSON.
 */
function impliedByDriver(q: Query, ctx: QueryContext): Set<string> {
  const out = new Set<string>();
  for (const f of drivingNarrowFields(q, ctx))
    for (const [key, value] of Object.entries(ctx.implies[f] ?? {})) if (q[key] === value) out.add(key);
  return out;
}

/**
 * The side-table match a query comes down to, when it is one narrow multikey match and the terms it implies
 * (the open inbox's `{status: 'open', openKeys: {$in: keys}}`): its matches can be counted from the side
 * table's index alone.
 */
export function sideOnlyMatch(
  q: Query,
  ctx: QueryContext,
): { field: string; values: Frag[]; raw: unknown[] } | undefined {
  // on either dialect, whether or not the side table drives the query's other statements
  const [field, ...more] = [...ctx.narrow].filter((f) => drivingValues(q[f]) !== undefined);
  if (field === undefined || more.length) return undefined;
  const terms = ctx.implies[field] ?? {};
  const rest = Object.entries(q).filter(
    ([k, c]) => k !== field && c !== undefined && !(k in terms && terms[k] === c),
  );
  if (rest.length) return undefined;
  const raw = drivingValues(q[field])!;
  return { field, values: raw.map((v) => sideArg(ctx, v)), raw };
}

/** The values of a collection's queries that are part of a statement's shape (see ShapeLiterals). */
export function shapeLiterals(name: CollectionName): ShapeLiterals {
  const out: Record<string, unknown[]> = {};
  for (const terms of Object.values(NARROW_IMPLIES[name] ?? {}))
    for (const [key, value] of Object.entries(terms)) (out[key] ??= []).push(value);
  return out;
}

/**
 * The conjunction (directly or through nested $and) is driven from a narrow side table (the search bigrams of
 * a word, a grid worker's open-task keys): the few rows it finds are the anchor, and the other multikey
 * matches beside it are checked per row on their side table's key — not read whole into a list first (a
 * district supervisor's scope `unitPath: district` listed every case of the district ever stored, on each
 * count of a word search).
 */
function hasNarrowDriver(q: Query, ctx: QueryContext): boolean {
  return conjunctions(q).some((part) => drivingNarrowFields(part, ctx).length > 0);
}

/**
 * Whether the condition is answered from the side tables and the primary key alone, without reading the
 * document (a multikey equality or $in of scalars, an _id match, and/or of those).
 */
function sideOnly(q: Query, ctx: QueryContext): boolean {
  if (q === null || typeof q !== 'object' || Array.isArray(q)) return false;
  return Object.entries(q).every(([key, cond]) => {
    if (cond === undefined || key === '_id') return true;
    if (key === '$or' || key === '$and')
      return Array.isArray(cond) && cond.every((c) => sideOnly(c as Query, ctx));
    return ctx.multikey.has(key) && drivingValues(cond) !== undefined;
  });
}

/**
 * An $or. Checked per row (below an anchor), the alternatives answered from side tables come first and those
 * reading the document after them, kept there (dialect inOrder): an OR stops at the first that holds, so a
 * case admitted by the viewer's unit or keys is never parsed to test who started it (a district supervisor's
 * scope on each row of a word search's count: every matching case's JSON read, 12k at 30k cases).
 */
function alternatives(alts: Query[], ctx: QueryContext): Frag {
  const side = alts.filter((a) => sideOnly(a, ctx));
  if (!ctx.anchored || side.length === 0 || side.length === alts.length)
    return or(alts.map((a) => where(a, ctx)));
  const rest = alts.filter((a) => !sideOnly(a, ctx));
  return or([...side.map((a) => where(a, ctx)), ...rest.map((a) => lateAlternative(a, ctx))]);
}

/**
 * An alternative of a per-row $or that reads the document, evaluated after the side-table ones. Below a
 * narrow driver on SQLite, an equality or $in on one indexed scalar field is read from its index once, as
 * the list of its rows (a grid worker's grid, the cases a user started: index entries, no JSON), instead of
 * parsing the document of every row the driver finds: a grid worker's count of a common word parsed 25k
 * cases of 25 KB (1.5 s of CPU at 40k cases) for the 1,001 it counted.
 */
function lateAlternative(a: Query, ctx: QueryContext): Frag {
  const keys = Object.keys(a).filter((k) => a[k] !== undefined);
  const [key] = keys;
  if (
    ctx.scalarLists &&
    ctx.d.sideLookup === 'in' &&
    keys.length === 1 &&
    ctx.scalar.has(key) &&
    drivingValues(a[key]) !== undefined
  ) {
    const t = table(ctx.name);
    const inner = where(a, { ...ctx, anchored: false, scalarLists: false });
    return sql`${t}.rowid IN (SELECT rowid FROM ${t} WHERE ${inner})`;
  }
  return ctx.d.inOrder(where(a, ctx));
}

/** The conjunction filters an indexed scalar field (directly or through nested $and), not only in an $or. */
function hasScalarAnchor(q: Query, ctx: QueryContext): boolean {
  for (const [key, cond] of Object.entries(q)) {
    if (key === '$and' && Array.isArray(cond)) {
      if (cond.some((c) => c && typeof c === 'object' && hasScalarAnchor(c as Query, ctx))) return true;
    } else if (key[0] !== '$' && cond !== undefined && (key === '_id' || ctx.scalar.has(key))) {
      // an equality, $in or range narrows; $ne / $nin / $exists do not
      if (!isOperatorObject(cond)) return true;
      if (Object.keys(cond).some((op) => ['$eq', '$in', '$gt', '$gte', '$lt', '$lte'].includes(op)))
        return true;
    }
  }
  return false;
}

function field(path: string, cond: unknown, ctx: QueryContext): Frag {
  if (!isOperatorObject(cond)) return eq(path, cond, ctx);
  const parts: Frag[] = [];
  for (const [op, arg] of Object.entries(cond)) {
    switch (op) {
      case '$eq':
        parts.push(eq(path, arg, ctx));
        break;
      case '$ne':
        parts.push(not(eq(path, arg, ctx), ctx));
        break;
      case '$in':
      case '$nin': {
        if (!Array.isArray(arg)) throw new BadQueryError(`${op} needs an array`);
        const m = inList(path, arg, ctx);
        parts.push(op === '$in' ? m : not(m, ctx));
        break;
      }
      case '$gt':
      case '$gte':
      case '$lt':
      case '$lte':
        parts.push(range(path, op, arg, ctx));
        break;
      case '$exists': {
        const p = path === '_id' ? TRUE : ctx.d.present(DOC, segments(path));
        parts.push(arg ? p : sql`NOT ${p}`);
        break;
      }
      default:
        throw new BadQueryError(`unsupported query operator ${op}`);
    }
  }
  return and(parts);
}

/** NOT of a condition that may be NULL (a comparison with a missing field): NULL counts as no match. */
const not = (m: Frag, ctx: QueryContext) => sql`NOT ${ctx.d.falseIfNull(m)}`;

/** The condition holds for the value at the path, or (unless scalar) for some array element on the way. */
function any(path: string, segs: string[], pred: (x: Frag) => Frag, ctx: QueryContext): Frag {
  const direct = pred(ctx.d.at(DOC, segs));
  if (ctx.scalar.has(path)) return direct;
  const alts = [direct];
  // the array may be the field itself (elements compared) or any prefix of the path (rest read below it)
  for (let k = segs.length; k >= 1; k--) {
    const rest = segs.slice(k);
    alts.push(
      ctx.d.someElement(DOC, segs.slice(0, k), (el, elDoc) => pred(rest.length ? ctx.d.at(elDoc, rest) : el)),
    );
  }
  return or(alts);
}

function eq(path: string, v: unknown, ctx: QueryContext): Frag {
  if (v instanceof RegExp) throw new BadQueryError('regular expressions are not supported');
  if (path === '_id') return v === null ? FALSE : sql`${ID} = ${param(v)}`;
  const segs = segments(path);
  if (v === null || v === undefined) return ctx.d.isNullish(ctx.d.at(DOC, segs));
  if (ctx.multikey.has(path) && isSideScalar(v)) {
    return sideMatch([sideArg(ctx, v)], path, ctx);
  }
  return any(path, segs, (x) => sql`${x} = ${ctx.d.bind(v)}`, ctx);
}

/** Some element of the multikey field is one of the values (bound side values), read from its side table. */
function sideMatch(values: Frag[], path: string, ctx: QueryContext): Frag {
  const side = sideTable(ctx.name, path);
  const list = values.length === 1 ? sql`= ${values[0]}` : sql`IN (${sql.join(values)})`;
  const drives = !ctx.anchored || (ctx.narrow.has(path) && !ctx.broad?.has(path));
  if (ctx.d.sideLookup === 'in' && drives) return sql`${ID} IN (SELECT id FROM ${side} WHERE value ${list})`;
  return sql`EXISTS (SELECT 1 FROM ${side} AS s WHERE s.id = ${table(ctx.name)}.id AND s.value ${list})`;
}

function inList(path: string, list: unknown[], ctx: QueryContext): Frag {
  const values = list.filter((v) => v !== null && v !== undefined);
  const withNull = values.length !== list.length;
  if (path === '_id') return values.length ? sql`${ID} IN (${sql.join(values.map((v) => param(v)))})` : FALSE;
  const segs = segments(path);
  const parts: Frag[] = [];
  if (values.length) {
    if (ctx.multikey.has(path) && values.every(isSideScalar)) {
      parts.push(
        sideMatch(
          values.map((v) => sideArg(ctx, v)),
          path,
          ctx,
        ),
      );
    } else {
      parts.push(any(path, segs, (x) => sql`${x} IN (${sql.join(values.map((v) => ctx.d.bind(v)))})`, ctx));
    }
  }
  if (withNull) parts.push(ctx.d.isNullish(ctx.d.at(DOC, segs)));
  return or(parts);
}

const RANGE_OPS = { $gt: sql`>`, $gte: sql`>=`, $lt: sql`<`, $lte: sql`<=` } as const;

function range(path: string, op: keyof typeof RANGE_OPS, v: unknown, ctx: QueryContext): Frag {
  if (path === '_id') return sql`${ID} ${RANGE_OPS[op]} ${param(v, String)}`;
  let segs = segments(path);
  let type = typeOf(v);
  let value = v;
  if (type === 'date') {
    // Dates are stored as {$date: ms}: compare the time
    segs = [...segs, '$date'];
    type = 'number';
    value = v instanceof Slot ? v.as('number', (d) => (d as Date).getTime()) : (v as Date).getTime();
  }
  if (type !== 'number' && type !== 'string' && type !== 'boolean') {
    throw new BadQueryError(`${op} needs a number, string or Date`);
  }
  return any(
    path,
    segs,
    (x) => {
      const cmp = sql`${x} ${RANGE_OPS[op]} ${ctx.d.bind(value)}`;
      const guard = ctx.d.sameType(x, type, op);
      return guard ? sql`(${guard} AND ${cmp})` : cmp;
    },
    ctx,
  );
}

/** ORDER BY ... LIMIT ... OFFSET ... */
export function orderAndPage(options: FindOptions, ctx: QueryContext): Frag {
  const { sort, skip, limit } = options;
  for (const [n, v] of [
    ['skip', skip],
    ['limit', limit],
  ] as const) {
    if (v !== undefined && (!Number.isSafeInteger(v) || v < 0)) throw new BadQueryError(`bad ${n} ${v}`);
  }
  const keys = Object.entries(sort ?? {});
  let order = sql``;
  if (keys.length) {
    const cols = keys.map(([f, dir]) => ctx.d.orderBy(f === '_id' ? ID : ctx.d.at(DOC, segments(f)), dir));
    order = sql` ORDER BY ${sql.join(cols)}`;
  }
  // limit 0 means no limit, as in MongoDB
  return sql`${order}${ctx.d.limit(skip || undefined, limit || undefined)}`;
}
