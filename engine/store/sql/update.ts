// MongoDB's update operators applied in JavaScript: the SQL stores read the document, change it here and
// write it back inside one transaction (sqlite.ts, postgres.ts), so `$inc` / `$push` and `{_id, version}`
// compare-and-set are atomic without translating every operator to each dialect's JSON functions.
import { normalizeUpdate } from '../common.js';
import type { Doc, Query, Update } from '../types.js';
import { encode } from './codec.js';

type Obj = Record<string, unknown>;

export class BadUpdateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BadUpdateError';
  }
}

/** The object holding the last segment of `path`, created along the way when `create`. */
function parentOf(doc: Obj, path: string, create: boolean): [Obj | undefined, string] {
  const segs = path.split('.');
  let cur: Obj = doc;
  for (const seg of segs.slice(0, -1)) {
    let next = cur[seg];
    if (next === undefined || next === null) {
      if (!create) return [undefined, ''];
      next = cur[seg] = {};
    }
    if (typeof next !== 'object' || Array.isArray(next)) {
      if (!create) return [undefined, ''];
      throw new BadUpdateError(`cannot create field ${seg} of ${path}: a non-object is in the way`);
    }
    cur = next as Obj;
  }
  return [cur, segs[segs.length - 1]];
}

const same = (a: unknown, b: unknown) => encode(a) === encode(b);

/** Applies an update to a document, in place. `_id` cannot be changed. */
export function applyUpdate(doc: Doc, raw: Update): Doc {
  const update = normalizeUpdate(raw);
  for (const [path, value] of Object.entries(update.$set ?? {})) {
    if (path === '_id' && value !== doc._id) throw new BadUpdateError('_id cannot be changed');
    const [p, k] = parentOf(doc, path, true);
    p![k] = value;
  }
  for (const path of Object.keys(update.$unset ?? {})) {
    const [p, k] = parentOf(doc, path, false);
    if (p) delete p[k];
  }
  for (const [path, by] of Object.entries(update.$inc ?? {})) {
    if (typeof by !== 'number') throw new BadUpdateError(`$inc of ${path} by a non-number`);
    const [p, k] = parentOf(doc, path, true);
    const cur = p![k];
    if (cur !== undefined && typeof cur !== 'number') throw new BadUpdateError(`$inc of non-number ${path}`);
    p![k] = ((cur as number | undefined) ?? 0) + by;
  }
  for (const op of ['$push', '$addToSet'] as const) {
    for (const [path, value] of Object.entries(update[op] ?? {})) {
      const [p, k] = parentOf(doc, path, true);
      const cur = p![k];
      if (cur === undefined) p![k] = [value];
      else if (!Array.isArray(cur)) throw new BadUpdateError(`${op} to non-array ${path}`);
      else if (op === '$push' || !cur.some((x) => same(x, value))) cur.push(value);
    }
  }
  return doc;
}

function isOperatorObject(v: unknown): boolean {
  if (v === null || typeof v !== 'object' || Array.isArray(v) || v instanceof Date) return false;
  const first = Object.keys(v)[0];
  return first !== undefined && first[0] === '$';
}

/**
 * The document an upsert starts from: the query's equality fields (also inside `$and`), as MongoDB seeds
 * it; operator conditions (`version: {$lt: 5}`) filter but are not copied.
 */
export function upsertSeed(query: Query, into: Obj = {}): Obj {
  for (const [key, value] of Object.entries(query)) {
    if (key === '$and' && Array.isArray(value)) {
      for (const q of value) upsertSeed(q as Query, into);
      continue;
    }
    if (key[0] === '$' || isOperatorObject(value)) continue;
    const [p, k] = parentOf(into, key, true);
    p![k] = structuredClone(value);
  }
  return into;
}
