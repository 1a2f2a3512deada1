// What the domain services use to turn their filters into store queries: a period of time as a condition,
// and the conjunction of optional conditions.
import type { Query } from './store/types.js';

/** A half-open interval of instants [from, to) in epoch ms, either end open ("since … until" filters). */
export interface Period {
  /** inclusive */
  from?: number;
  /** exclusive */
  to?: number;
}

/** The store condition on a time field for `p` (`{$gte, $lt}`, only the ends that are set). */
export function periodCondition(p: Period): Record<string, number> {
  const range: Record<string, number> = {};
  if (p.from !== undefined) range.$gte = p.from;
  if (p.to !== undefined) range.$lt = p.to;
  return range;
}

/** All of the given conditions (absent and empty ones left out): `{}`, the one condition, or `$and`. */
export function allOf(...parts: Array<Query | null | undefined>): Query {
  const list = parts.filter((p): p is Query => !!p && Object.keys(p).length > 0);
  if (!list.length) return {};
  if (list.length === 1) return list[0];
  return { $and: list };
}
