// Compiled SQL cached per statement shape. Building a statement with Kysely and compiling it cost about a
// tenth of a step's CPU when it was done on every call, although a step issues the same few dozen shapes
// over and over. Now a statement is built once per shape from a template whose bound values are markers
// (Param: "argument i, transformed so"), compiled once, and each call only fills in its arguments — the
// same builder (query.ts, collection.ts) for both dialects, so the SQL is still written once.
//
// A query's shape is everything that changes the SQL text: its field paths and operators, which values are
// null or missing, the JSON type of each value (a string and a number compare differently), the length of
// each `$in` list, `$exists` flags; the values themselves are arguments.
import { sql, type CompiledQuery } from 'kysely';
import type { Frag, SqlDialect } from './dialect.js';
import type { Query } from '../types.js';

/**
 * A query value replaced by a marker in a query template: argument `i`, of JSON type `type`; `pre` turns
 * the argument into the value compared (a Date's time).
 */
export class Slot {
  constructor(
    readonly i: number,
    readonly type: 'string' | 'number' | 'boolean' | 'date' | 'object',
    readonly pre?: ArgMap,
  ) {}

  /** the same argument read through `pre`, compared as `type` */
  as(type: Slot['type'], pre: ArgMap): Slot {
    return new Slot(this.i, type, this.pre ? (v) => pre(this.pre!(v)) : pre);
  }
}

/** A bound parameter of a template: argument `i` as `map` turns it into the value sent. */
class Param {
  constructor(
    readonly i: number,
    readonly map?: (v: unknown) => unknown,
  ) {}
}

export type ArgMap = (v: unknown) => unknown;

/**
 * A bound parameter for a query value: for a Slot, the template's marker (filled in per call); anything
 * else (a value that is part of the shape) is bound as it is.
 */
export function param(v: unknown, map?: ArgMap): Frag {
  if (v instanceof Slot) {
    const pre = v.pre;
    return sql`${new Param(v.i, pre ? (x) => (map ? map(pre(x)) : pre(x)) : map)}`;
  }
  return sql`${map ? map(v) : v}`;
}

/** The argument `i` of a statement template (collection.ts builds its statements with these). */
export const arg = (i: number, map?: ArgMap): Frag => sql`${new Param(i, map)}`;

/** The JSON type a query value compares as (a Slot's recorded type). */
export function typeOf(v: unknown): string {
  if (v instanceof Slot) return v.type;
  if (v === null) return 'null';
  if (v instanceof Date) return 'date';
  return typeof v;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  v !== null &&
  typeof v === 'object' &&
  !Array.isArray(v) &&
  !(v instanceof Date) &&
  !(v instanceof RegExp) &&
  !(v instanceof Slot);

/** A condition object of operators (`{$in: [...]}`) rather than a value to compare with. */
export function isOperatorObject(v: unknown): v is Record<string, unknown> {
  if (!isPlainObject(v)) return false;
  const first = Object.keys(v)[0];
  return first !== undefined && first[0] === '$';
}

/**
 * Field values that stay in a template as they are, part of its shape: the terms a side-table driver
 * implies (`status: 'open'` beside the open-task keys, schema.ts NARROW_IMPLIES) change the SQL — the term is
 * left out — so a statement built for `status: 'open'` must not serve `status: 'closed'`.
 */
export type ShapeLiterals = Readonly<Record<string, readonly unknown[]>>;

export interface QueryTemplate {
  /** the shape (see the header) */
  key: string;
  /** the query with its values replaced by Slots */
  query: Query;
  /** the values, by Slot index */
  args: unknown[];
}

/**
 * Splits a query into its shape and its values. Mirrors how query.ts reads a query: a value compared with
 * a field becomes a Slot whole (an object or array value included); operator objects, `$and`/`$or` lists
 * and `$in` lists stay structure. Anything query.ts rejects stays in the template as it is, so building the
 * template throws the same error.
 */
export function templateOf(q: Query, literals: ShapeLiterals = {}): QueryTemplate {
  const args: unknown[] = [];
  const parts: string[] = [];
  const leaf = (v: unknown): unknown => {
    let type: Slot['type'];
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')
      type = typeof v as Slot['type'];
    else if (v instanceof Date) type = 'date';
    else if (v !== null && typeof v === 'object' && !(v instanceof RegExp)) type = 'object';
    else {
      // null, undefined, a RegExp and other oddities are part of the shape
      parts.push(v === undefined ? 'u' : v instanceof RegExp ? 'r' : `=${String(v)}`);
      return v;
    }
    parts.push(type[0]);
    args.push(v);
    return new Slot(args.length - 1, type);
  };
  const list = (v: unknown): unknown => {
    if (!Array.isArray(v)) return leaf(v);
    parts.push(`[${v.length}`);
    const out = v.map(leaf);
    parts.push(']');
    return out;
  };
  const cond = (c: unknown): unknown => {
    if (!isOperatorObject(c)) return leaf(c);
    const out: Record<string, unknown> = {};
    parts.push('{');
    for (const [op, a] of Object.entries(c)) {
      parts.push(op);
      if (op === '$in' || op === '$nin') out[op] = list(a);
      else if (op === '$exists') {
        parts.push(a ? '1' : '0');
        out[op] = a;
      } else out[op] = leaf(a);
    }
    parts.push('}');
    return out;
  };
  const query = (x: unknown): unknown => {
    if (!isPlainObject(x)) {
      parts.push('!');
      return x; // query.ts rejects it
    }
    const out: Record<string, unknown> = {};
    parts.push('{');
    for (const [k, c] of Object.entries(x)) {
      parts.push(JSON.stringify(k));
      if (literals[k]?.includes(c)) {
        parts.push(`=${JSON.stringify(c)}`);
        out[k] = c;
      } else if ((k === '$or' || k === '$and') && Array.isArray(c)) {
        parts.push(`[${c.length}`);
        out[k] = c.map(query);
        parts.push(']');
      } else out[k] = cond(c);
    }
    parts.push('}');
    return out;
  };
  const template = query(q) as Query;
  return { key: parts.join(' '), query: template, args };
}

/** shapes per dialect; bounded (a list's `$in` lengths or page offsets could otherwise grow it forever) */
const MAX_SHAPES = 4000;
const caches = new WeakMap<SqlDialect, Map<string, CompiledQuery>>();

/**
 * The statement of shape `key` with `args` filled in; `build` makes its template (with param()/arg()
 * markers) on the first call of a shape.
 */
export function cached(d: SqlDialect, key: string, args: unknown[], build: () => Frag): CompiledQuery {
  let cache = caches.get(d);
  if (!cache) caches.set(d, (cache = new Map()));
  let t = cache.get(key);
  if (!t) {
    t = d.compile(build());
    if (cache.size >= MAX_SHAPES) cache.delete(cache.keys().next().value!);
    cache.set(key, t);
  }
  const parameters = t.parameters.map((p) =>
    p instanceof Param ? (p.map ? p.map(args[p.i]) : args[p.i]) : p,
  );
  return { ...t, parameters };
}
