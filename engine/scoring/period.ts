// Assessment periods as people name them: a month (2026-11), a quarter (2026-Q4) or a range of days
// (2026-11-01..2026-11-15, both days included), as [from, to) in the business time zone.
import { DateTime } from 'luxon';

export interface Period {
  /** the period as given, normalised (the key manual entries are filed under) */
  key: string;
  from: number;
  to: number;
  /** first business day (YYYY-MM-DD): picks the scheme version in force */
  firstDay: string;
}

const MAX_DAYS = 366;

/** The period a string names, or null when it names none (or more than a year). */
export function parsePeriod(s: string, zone: string): Period | null {
  let start: DateTime;
  let end: DateTime;
  let m: RegExpExecArray | null;
  if ((m = /^(\d{4})-(\d{2})$/.exec(s))) {
    start = DateTime.fromObject({ year: +m[1], month: +m[2], day: 1 }, { zone });
    end = start.plus({ months: 1 });
  } else if ((m = /^(\d{4})-Q([1-4])$/.exec(s))) {
    start = DateTime.fromObject({ year: +m[1], month: (+m[2] - 1) * 3 + 1, day: 1 }, { zone });
    end = start.plus({ months: 3 });
  } else if ((m = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/.exec(s))) {
    start = DateTime.fromISO(m[1], { zone });
    end = DateTime.fromISO(m[2], { zone }).plus({ days: 1 });
  } else return null;
  if (!start.isValid || !end.isValid || end <= start || end.diff(start, 'days').days > MAX_DAYS) return null;
  return { key: s, from: start.toMillis(), to: end.toMillis(), firstDay: start.toISODate()! };
}
