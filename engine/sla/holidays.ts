// Statutory holidays and adjusted working days (调休上班) of mainland China, as published by the State
// Council, from the `chinese-days` package (v1.5.x has data for 2004–2026).
//
// We read the package's data file (dist/chinese-days.json, built by the package from its own arrangement
// tables) instead of calling isWorkday()/getDayDetail(): the package builds its lookup tables at load time
// by parsing 'YYYY-M-D' strings as UTC midnight and formatting them with the machine's local getters, so
// in a process west of UTC (TZ=America/New_York) every holiday and 调休 entry is shifted one day earlier
// and isWorkday('2026-10-10') (a working Saturday) answers false. The data file has no such dependency;
// the day rule below is the package's own (see isWorkday in chinese-days/src/holidays/index.ts), and a
// test checks that it matches the package's API in a process running at +08:00.
import { createRequire } from 'node:module';
import { DateTime } from 'luxon';

interface ChineseDaysData {
  /** date → 'English name,中文名,n' */
  holidays: Record<string, string>;
  /** adjusted working days (weekends that are working days) */
  workdays: Record<string, string>;
  /** holidays taken in lieu of the adjusted working days */
  inLieuDays: Record<string, string>;
}

const data = createRequire(import.meta.url)('chinese-days/dist/chinese-days.json') as ChineseDaysData;
if (!data || typeof data.holidays !== 'object' || typeof data.workdays !== 'object')
  throw new Error('chinese-days: unexpected data file layout (dist/chinese-days.json)');

const COVERED = new Set(Object.keys(data.holidays).map((d) => Number(d.slice(0, 4))));

/** Whether the package has holiday data for a year (it lists at least one statutory holiday in it). */
export function isYearCovered(year: number): boolean {
  return COVERED.has(year);
}

/** The years the package has holiday data for, ascending. */
export function coveredYears(): number[] {
  return [...COVERED].sort((a, b) => a - b);
}

/**
 * Whether a calendar date ('YYYY-MM-DD') is a working day according to the package: Monday–Friday unless a
 * statutory holiday, Saturday/Sunday only when listed as an adjusted working day (调休上班).
 * Only meaningful for a covered year (see isYearCovered); elsewhere it is weekends-only.
 */
export function isStatutoryWorkday(date: string): boolean {
  if (data.workdays[date]) return true;
  if (data.holidays[date]) return false;
  return DateTime.fromISO(date, { zone: 'utc' }).weekday <= 5;
}
