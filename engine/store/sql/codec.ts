// Documents as JSON text in both SQL stores. JSON has no dates, so a Date is written as `{"$date": <epoch
// ms>}` and read back as a Date (the contract round-trips Dates, also in queries: query.ts compares a Date
// through the `$date` member). Everything else is plain JSON.stringify / JSON.parse, so every read returns
// a fresh copy that callers may change freely.
import { withoutUndefined } from '../common.js';
import type { Doc } from '../types.js';

function encodeDates(this: unknown, key: string, value: unknown): unknown {
  // the replacer sees Date#toJSON's string; the original value is on the holder
  const original = (this as Record<string, unknown>)[key];
  return original instanceof Date ? { $date: original.getTime() } : value;
}

function decodeDates(_key: string, value: unknown): unknown {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const o = value as Record<string, unknown>;
    if (typeof o.$date === 'number' && Object.keys(o).length === 1) return new Date(o.$date);
  }
  return value;
}

/** Whether a Date is anywhere in `value` (plain objects and arrays, as JSON would walk them). */
function holdsDate(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (value instanceof Date) return true;
  if (Array.isArray(value)) {
    for (const v of value) if (holdsDate(v)) return true;
    return false;
  }
  for (const k in value) if (holdsDate((value as Record<string, unknown>)[k])) return true;
  return false;
}

export function encode(value: unknown): string {
  // a replacer is called for every value and keeps V8 off its fast serializer (most of a step's encoding
  // time); the engine writes timestamps as numbers, so most documents hold no Date and take the plain one
  return holdsDate(value) ? JSON.stringify(value, encodeDates) : JSON.stringify(value);
}

/** A document without its top-level undefined fields, as JSON (the `_id` stays in the document). */
export function encodeDoc(doc: Doc): string {
  return encode(withoutUndefined(doc));
}

export function decode<T = Doc>(text: string): T {
  // a reviver is called for every value of the document (several times slower on a case's state); the
  // engine writes timestamps as numbers, so most documents hold no Date and take the plain parse
  return (text.includes('"$date"') ? JSON.parse(text, decodeDates) : JSON.parse(text)) as T;
}

/** The value at a dotted path of a plain object (no traversal of arrays), or undefined. */
export function getPath(doc: unknown, path: string): unknown {
  let cur: unknown = doc;
  for (const seg of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[seg];
  }
  return cur;
}
