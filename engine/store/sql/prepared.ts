// Statements PostgreSQL prepares by name (pg's `{ name, text, values }`): parsed and planned once per
// connection instead of on every call. Only statements whose plan cannot depend on their values are marked
// (writes and reads by _id: the primary key decides), so a generic plan is as good as a custom one; a
// one-statement replace with its side rows took as long to plan as to run (0.3 ms each).
import type { CompiledQuery } from 'kysely';

/** at most this many names (each is kept by every connection of the pool) */
const MAX_NAMES = 500;
const names = new Map<string, string>();

/** Marks the statement's text for preparing by name (the SQLite store prepares every statement anyway). */
export function prepared(q: CompiledQuery): CompiledQuery {
  if (!names.has(q.sql) && names.size < MAX_NAMES) names.set(q.sql, `grid_${names.size}`);
  return q;
}

/** The name a statement text is prepared under, if it is marked. */
export const preparedName = (text: string): string | undefined => names.get(text);
