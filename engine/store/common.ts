// Normalisation shared by both adapters, so a document or an update means the same thing whichever
// backend stores it.
import { isDuplicateKeyError, type BatchGuard, type Doc, type DocCollection, type Update } from './types.js';

const UPDATE_OPERATORS = new Set(['$set', '$unset', '$inc', '$push', '$addToSet']);

/**
 * Drops top-level `undefined` values. MongoDB (with `ignoreUndefined`) leaves such fields out, and NeDB
 * loses them on the next load anyway; dropping them up front keeps freshly written and reloaded
 * documents identical. The caller's object is never modified: a shallow copy is made only when needed.
 */
export function withoutUndefined<T extends object>(doc: T): T {
  const src = doc as Record<string, unknown>;
  let hasUndefined = false;
  for (const k in src) {
    if (src[k] === undefined) {
      hasUndefined = true;
      break;
    }
  }
  if (!hasUndefined) return doc;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(src)) if (src[k] !== undefined) out[k] = src[k];
  return out as T;
}

/**
 * Checks an update and gives `$set: {field: undefined}` one meaning on both backends: the field is
 * removed (NeDB would store undefined, which disappears on reload; the MongoDB driver would silently
 * drop the key and leave the old value in place). An update without operators becomes a no-op `$set`
 * instead of NeDB's "replace the whole document".
 */
export function normalizeUpdate(update: Update): Update {
  let empty = true;
  for (const op of Object.keys(update)) {
    if (!UPDATE_OPERATORS.has(op)) throw new Error(`unsupported update operator ${op}`);
    empty = false;
  }
  if (empty) return { $set: {} };
  const set = update.$set;
  if (!set) return update;
  let unset: Record<string, true> | undefined;
  for (const k in set) if (set[k] === undefined) (unset ??= {})[k] = true;
  if (!unset) return update;
  const out: Update = { ...update, $set: withoutUndefined(set), $unset: { ...update.$unset, ...unset } };
  if (!Object.keys(out.$set!).length) delete out.$set;
  return out;
}

/** replaceManyIf takes each _id once: throws when one is listed twice. */
export function checkDistinctIds(items: ReadonlyArray<{ doc: Doc }>): void {
  const seen = new Set<string>();
  for (const { doc } of items) {
    if (seen.has(doc._id)) throw new Error(`replaceManyIf: _id ${doc._id} twice in one batch`);
    seen.add(doc._id);
  }
}

/**
 * replaceManyIf one document at a time through replaceOne (a store without a batch form: the former NeDB
 * store, read only to migrate it). An upsert that runs into a stored _id lost its check.
 */
export async function replaceEachIf<T extends Doc>(
  col: Pick<DocCollection<T>, 'replaceOne'>,
  items: ReadonlyArray<{ doc: T; expected: number }>,
  guard: BatchGuard,
): Promise<Set<string>> {
  checkDistinctIds(items);
  const written = new Set<string>();
  for (const { doc, expected } of items) {
    const query = { _id: doc._id, [guard.field]: guard.op === '$eq' ? expected : { $lt: expected } };
    try {
      if ((await col.replaceOne(query, doc, { upsert: !!guard.upsert })).matched) written.add(doc._id);
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
    }
  }
  return written;
}
