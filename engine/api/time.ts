// Query-string dates: `YYYY-MM-DD` is a calendar day in the business time zone, anything else an instant.
import { DateTime } from 'luxon';
import type { Period } from '../store-conditions.js';

/** Start of the day (for `from`) or of the next day (`end`: exclusive upper bound) for plain dates. */
export function parseWhen(value: string | undefined, zone: string, end = false): number | undefined {
  if (!value) return undefined;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const d = DateTime.fromISO(value, { zone }).startOf('day');
    return (end ? d.plus({ days: 1 }) : d).toMillis();
  }
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/** The period a `since`/`until` query pair names (`until` a plain date: to the end of that day); undefined when neither is given. */
export function periodOf(
  since: string | undefined,
  until: string | undefined,
  zone: string,
): Period | undefined {
  const from = parseWhen(since, zone);
  const to = parseWhen(until, zone, true);
  if (from === undefined && to === undefined) return undefined;
  return { ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) };
}
