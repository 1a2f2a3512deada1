// Query-string dates: `YYYY-MM-DD` is a calendar day in the business time zone, anything else an instant.
import { DateTime } from 'luxon';

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

/** A store condition `{$gte, $lt}` for a `since`/`until` query pair; `null` when neither is given. */
export function timeRange(
  since: string | undefined,
  until: string | undefined,
  zone: string,
): Record<string, number> | null {
  const range: Record<string, number> = {};
  const from = parseWhen(since, zone);
  const to = parseWhen(until, zone, true);
  if (from !== undefined) range.$gte = from;
  if (to !== undefined) range.$lt = to;
  return Object.keys(range).length ? range : null;
}
