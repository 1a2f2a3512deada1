// Working-day calendar: China's statutory holidays and adjusted working weekends (调休) from the
// `chinese-days` package, local overrides from a file, working hours in the business time zone (luxon).
// `natural` is the wall clock; `workday` counts days as working days and hours as working hours.
//
// Working-clock positions: every instant the workday arithmetic returns lies inside a working period
// [start, end). Reaching a period's end exactly means the start of the next period, so 7 working hours
// from Mon 09:00 is Tue 09:00 (not Mon 17:30), the same instant as P1D: due dates computed as
// days or as hours agree, and addElapsed(a, elapsed(a, due)) === due for every due date computed here.
import { readFileSync } from 'node:fs';
import { DateTime, type Duration } from 'luxon';
import type { CalendarKind } from '../model/types.js';
import { horizonError, MAX_HORIZON_DAYS, parseIsoDuration } from './duration.js';
import { isStatutoryWorkday, isYearCovered } from './holidays.js';
import { ZoneDays, type ZoneDay } from './zone-days.js';

export { horizonError, isValidIsoDuration, parseIsoDuration } from './duration.js';

/** A duration beyond the horizon (engine/sla/duration.ts): refused before any arithmetic. */
export class HorizonError extends RangeError {
  readonly code = 'duration.horizon';
  constructor(message: string) {
    super(message);
    this.name = 'HorizonError';
  }
}

export interface CalendarConfig {
  /** IANA time zone of the business (default 'Asia/Shanghai') */
  timezone: string;
  /** working periods of a working day, local 'HH:MM' (default 09:00–12:00 and 13:30–17:30) */
  workingHours: Array<[string, string]>;
  /**
   * local holidays / extra working days ('YYYY-MM-DD'); they win over the package data. `years`: the years
   * whose statutory holidays and 调休 days the lists give in full (no missing-data warning for them).
   */
  overrides?: { holidays?: string[]; workdays?: string[]; years?: number[] };
  /** called once per warning (e.g. a year without holiday data), besides WorkCalendar.warnings */
  onWarn?: (message: string) => void;
}

export interface WorkCalendar {
  /**
   * start + ISO-8601 duration. natural: wall clock in the time zone (P1D = same local time next day).
   * workday: days count working days (Fri 10:00 + P1D = next working day 10:00), weeks are 5 working
   * days, hours/minutes/seconds count working time; months and years throw. A start outside working
   * hours counts from the next working period's start.
   */
  addDuration(startMs: number, iso: string, kind: CalendarKind): number;
  /** working milliseconds between a and b (natural: b - a); 0 if b <= a */
  elapsed(aMs: number, bMs: number, kind: CalendarKind): number;
  /** start + ms of working time (natural: plain addition) */
  addElapsed(startMs: number, ms: number, kind: CalendarKind): number;
  /** the instant at `fraction` (0..1) of the way from start to due in working time (never after due) */
  fractionPoint(startMs: number, dueMs: number, fraction: number, kind: CalendarKind): number;
  /** whether the local date (in the time zone) of an instant is a working day */
  isWorkday(dateMs: number): boolean;
  /** warnings produced (e.g. year not covered by the holiday data), for the log */
  readonly warnings: string[];
}

export const DEFAULT_CALENDAR: CalendarConfig = {
  timezone: 'Asia/Shanghai',
  workingHours: [
    ['09:00', '12:00'],
    ['13:30', '17:30'],
  ],
};

// ---- configuration ---------------------------------------------------------------------------

const DAY_MINUTES = 24 * 60;
/** A run of this many days without working time means the configuration has none: stop, don't spin. */
const MAX_IDLE_DAYS = 3660;

function isValidZone(zone: string): boolean {
  return typeof zone === 'string' && zone.trim() !== '' && DateTime.fromMillis(0, { zone }).isValid;
}

function clockMinutes(hhmm: string, what: string): number {
  const m = /^(\d{1,2}):(\d{2})$/.exec(String(hhmm).trim());
  const minutes = m ? Number(m[1]) * 60 + Number(m[2]) : NaN;
  if (!m || Number(m[2]) > 59 || minutes > DAY_MINUTES)
    throw new Error(`${what}: bad time of day "${hhmm}" (expected HH:MM, 00:00–24:00)`);
  return minutes;
}

/** Working periods as [from, to) minutes after local midnight, sorted, non-empty, not overlapping. */
function workingMinutes(periods: Array<[string, string]>, what: string): Array<[number, number]> {
  if (!Array.isArray(periods) || !periods.length) throw new Error(`${what}: no working periods`);
  const out = periods
    .map((p) => {
      if (!Array.isArray(p) || p.length !== 2) throw new Error(`${what}: bad period ${JSON.stringify(p)}`);
      const [a, b] = [clockMinutes(p[0], what), clockMinutes(p[1], what)];
      if (a >= b) throw new Error(`${what}: period ${p[0]}-${p[1]} ends before it starts`);
      return [a, b] as [number, number];
    })
    .sort((x, y) => x[0] - y[0]);
  for (let i = 1; i < out.length; i++)
    if (out[i][0] < out[i - 1][1]) throw new Error(`${what}: working periods overlap`);
  return out;
}

function checkYears(list: unknown, what: string): number[] {
  if (list === undefined) return [];
  if (!Array.isArray(list)) throw new Error(`${what}: expected an array of years (e.g. [2027])`);
  for (const y of list)
    if (!Number.isInteger(y) || y < 1900 || y > 9999)
      throw new Error(`${what}: bad year ${JSON.stringify(y)} (expected e.g. 2027)`);
  return list as number[];
}

function checkDates(list: unknown, what: string): string[] {
  if (list === undefined) return [];
  if (!Array.isArray(list)) throw new Error(`${what}: expected an array of 'YYYY-MM-DD' dates`);
  for (const d of list)
    if (
      typeof d !== 'string' ||
      !/^\d{4}-\d{2}-\d{2}$/.test(d) ||
      !DateTime.fromISO(d, { zone: 'utc' }).isValid
    )
      throw new Error(`${what}: bad date ${JSON.stringify(d)} (expected 'YYYY-MM-DD')`);
  return list as string[];
}

/**
 * Calendar settings from the environment: TZ_BUSINESS (IANA zone), WORK_HOURS ('09:00-12:00,13:30-17:30'),
 * CALENDAR_OVERRIDES (path of a JSON file {"years": [2027], "holidays": [...], "workdays": [...]}, where
 * `years` are the years the lists cover in full). Throws on bad values.
 */
export function loadCalendarConfig(env: NodeJS.ProcessEnv = process.env): Partial<CalendarConfig> {
  const out: Partial<CalendarConfig> = {};
  const tz = env.TZ_BUSINESS?.trim();
  if (tz) {
    if (!isValidZone(tz)) throw new Error(`TZ_BUSINESS: unknown time zone "${tz}"`);
    out.timezone = tz;
  }
  const hours = env.WORK_HOURS?.trim();
  if (hours) {
    out.workingHours = hours.split(',').map((p) => {
      const m = /^\s*(\d{1,2}:\d{2})\s*-\s*(\d{1,2}:\d{2})\s*$/.exec(p);
      if (!m) throw new Error(`WORK_HOURS: bad period "${p.trim()}" (expected e.g. 09:00-12:00,13:30-17:30)`);
      return [m[1], m[2]];
    });
    workingMinutes(out.workingHours, 'WORK_HOURS');
  }
  const file = env.CALENDAR_OVERRIDES?.trim();
  if (file) {
    let data: unknown;
    try {
      data = JSON.parse(readFileSync(file, 'utf8'));
    } catch (err) {
      throw new Error(`CALENDAR_OVERRIDES: cannot read ${file}: ${(err as Error).message}`, { cause: err });
    }
    if (!data || typeof data !== 'object' || Array.isArray(data))
      throw new Error(
        `CALENDAR_OVERRIDES: ${file} must hold an object {"years": [...], "holidays": [...], "workdays": [...]}`,
      );
    const { holidays, workdays, years } = data as { holidays?: unknown; workdays?: unknown; years?: unknown };
    out.overrides = {
      holidays: checkDates(holidays, `CALENDAR_OVERRIDES ${file} holidays`),
      workdays: checkDates(workdays, `CALENDAR_OVERRIDES ${file} workdays`),
      years: checkYears(years, `CALENDAR_OVERRIDES ${file} years`),
    };
  }
  return out;
}

// ---- the calendar ----------------------------------------------------------------------------

interface WorkDay extends ZoneDay {
  /** working day (after overrides and package data) */
  readonly workday: boolean;
  /** working periods of the day as [from, to) instants; empty on a day off */
  readonly periods: ReadonlyArray<readonly [number, number]>;
}

/** A parsed duration, split the way the calendars use it. */
interface DurationPlan {
  /** the parsed duration, for luxon's arithmetic on the natural calendar */
  duration: Duration;
  months: number; // years × 12 + quarters × 3 + months
  days: number; // days + weeks × 7 (natural) — see workdays for the workday calendar
  workdays: number; // days + weeks × 5
  timeMs: number; // hours, minutes, seconds, milliseconds
  /** why the duration is beyond the horizon on each calendar (undefined: within it) */
  beyond: Record<CalendarKind, string | undefined>;
}

const plans = new Map<string, DurationPlan>();

function planOf(iso: string): DurationPlan {
  let plan = plans.get(iso);
  if (plan) return plan;
  const duration = parseIsoDuration(iso);
  const o = duration.toObject();
  plan = {
    duration,
    months: (o.years ?? 0) * 12 + (o.quarters ?? 0) * 3 + (o.months ?? 0),
    days: (o.days ?? 0) + (o.weeks ?? 0) * 7,
    workdays: (o.days ?? 0) + (o.weeks ?? 0) * 5,
    timeMs:
      (o.hours ?? 0) * 3_600_000 +
      (o.minutes ?? 0) * 60_000 +
      (o.seconds ?? 0) * 1000 +
      (o.milliseconds ?? 0),
    beyond: { natural: horizonError(iso, 'natural'), workday: horizonError(iso, 'workday') },
  };
  if (plans.size >= 10_000) plans.clear(); // durations are few; '=expr' results could be many
  plans.set(iso, plan);
  return plan;
}

export function createCalendar(config: Partial<CalendarConfig> = {}): WorkCalendar {
  // undefined fields (e.g. { timezone: undefined }) keep the defaults
  const zone = config.timezone ?? DEFAULT_CALENDAR.timezone;
  if (!isValidZone(zone)) throw new Error(`calendar: unknown time zone "${zone}"`);
  const zoneDays = new ZoneDays(zone);
  const hours = workingMinutes(
    config.workingHours ?? DEFAULT_CALENDAR.workingHours,
    'calendar working hours',
  );
  /** nominal working ms of a working day, for fractional days (P0.5D) */
  const dayMs = hours.reduce((s, [a, b]) => s + (b - a) * 60_000, 0);
  const holidays = new Set(checkDates(config.overrides?.holidays, 'calendar overrides.holidays'));
  const extraWorkdays = new Set(checkDates(config.overrides?.workdays, 'calendar overrides.workdays'));
  for (const d of holidays)
    if (extraWorkdays.has(d))
      throw new Error(`calendar overrides: ${d} is listed as a holiday and a working day`);
  /**
   * years the overrides declare they cover in full: no missing-data warning for them. Listing a date is not
   * enough: one local holiday in 2027 says nothing about 2027's Spring Festival or 调休 Saturdays.
   */
  const overrideYears = new Set(checkYears(config.overrides?.years, 'calendar overrides.years'));
  const listedYears = new Set([...holidays, ...extraWorkdays].map((d) => Number(d.slice(0, 4))));
  const warnings: string[] = [];
  const warnedYears = new Set<number>();
  /** local date → working day, built once per date */
  const workDays = new Map<string, WorkDay>();

  function warn(message: string): void {
    warnings.push(message);
    config.onWarn?.(message);
  }

  function checkInstant(ms: number, what: string): void {
    if (!Number.isFinite(ms)) throw new RangeError(`calendar: ${what} is not a finite instant (${ms})`);
  }

  function isWorkdayDate(date: string): boolean {
    if (holidays.has(date)) return false;
    if (extraWorkdays.has(date)) return true;
    const year = Number(date.slice(0, 4));
    if (!isYearCovered(year) && !overrideYears.has(year) && !warnedYears.has(year)) {
      warnedYears.add(year);
      warn(
        `calendar: no statutory holiday data for ${year} (chinese-days): counting weekends only` +
          (listedYears.has(year) ? ' besides the dates CALENDAR_OVERRIDES lists' : '') +
          `; list that year's holidays and working weekends in CALENDAR_OVERRIDES and declare ` +
          `"years": [${year}] there`,
      );
    }
    // an uncovered year has no entries in the package data: Monday–Friday
    return isStatutoryWorkday(date);
  }

  function toWorkDay(zd: ZoneDay): WorkDay {
    let wd = workDays.get(zd.date);
    if (wd) return wd;
    const workday = isWorkdayDate(zd.date);
    const periods = workday
      ? hours.map(([a, b]) => [zoneDays.at(zd, a), zoneDays.at(zd, b)] as const).filter(([a, b]) => b > a) // (a period can vanish in a DST gap)
      : [];
    wd = { ...zd, workday, periods };
    workDays.set(zd.date, wd);
    return wd;
  }

  const day = (date: string) => toWorkDay(zoneDays.day(date));

  /**
   * Working dates of a local year, ascending, built once per year from the holiday table: counting n
   * working days is then a binary search and an index, not a walk over n days (nor O(days) for a far
   * deadline).
   */
  const workingDates = new Map<number, string[]>();
  function workingDatesOf(year: number): string[] {
    let list = workingDates.get(year);
    if (list) return list;
    list = [];
    for (
      let d = `${String(year).padStart(4, '0')}-01-01`;
      d.startsWith(String(year));
      d = ZoneDays.addDays(d, 1)
    )
      if (isWorkdayDate(d)) list.push(d);
    workingDates.set(year, list);
    return list;
  }

  /** The n-th working date (n ≥ 1) after a local date. */
  function nthWorkingDateAfter(date: string, n: number): string {
    let year = Number(date.slice(0, 4));
    let list = workingDatesOf(year);
    // first index whose date is after `date`
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid] <= date) lo = mid + 1;
      else hi = mid;
    }
    let left = n;
    for (let idleYears = 0; ;) {
      if (lo + left - 1 < list.length) return list[lo + left - 1];
      left -= list.length - lo;
      idleYears = list.length - lo > 0 ? 0 : idleYears + 1;
      if (idleYears > MAX_IDLE_DAYS / 365) throw new Error(`calendar: no working days after ${date}`);
      list = workingDatesOf(++year);
      lo = 0;
    }
  }
  const dayAt = (ms: number) => toWorkDay(zoneDays.dayAt(ms));

  /** Working ms of a day before instant t. */
  function workedBefore(wd: WorkDay, t: number): number {
    let total = 0;
    for (const [a, b] of wd.periods) total += Math.max(0, Math.min(b, t) - a);
    return total;
  }

  /** t + ms of working time, t on day `wd`; the result lies inside a working period. */
  function addWorking(wd: WorkDay, t: number, ms: number): number {
    if (!(ms >= 0) || !Number.isFinite(ms)) throw new RangeError(`calendar: bad working time ${ms} ms`);
    let left = ms;
    for (let idle = 0; idle < MAX_IDLE_DAYS; idle++) {
      for (const [a, b] of wd.periods) {
        if (t >= b) continue;
        const from = Math.max(a, t);
        if (left < b - from) return from + left; // a period's end is the next period's start
        left -= b - from;
        idle = 0;
      }
      wd = day(wd.next);
      t = wd.start;
    }
    throw new Error(`calendar: no working time in the ${MAX_IDLE_DAYS} days before ${wd.date}`);
  }

  function elapsedWorking(aMs: number, bMs: number): number {
    let total = 0;
    for (let wd = dayAt(aMs); wd.start < bMs; wd = day(wd.next))
      for (const [a, b] of wd.periods) total += Math.max(0, Math.min(b, bMs) - Math.max(a, aMs));
    return total;
  }

  /** Wall-clock arithmetic in the zone; luxon for months/years and days across an offset change. */
  function addNatural(startMs: number, plan: DurationPlan): number {
    if (plan.months === 0 && plan.days === 0) return startMs + plan.timeMs;
    if (plan.months === 0) {
      // same local time `days` later: plain arithmetic when neither day has an offset change
      const from = zoneDays.dayAt(startMs);
      const to = zoneDays.day(ZoneDays.addDays(from.date, plan.days));
      if (
        Number.isInteger(plan.days) &&
        ZoneDays.isRegular(from) &&
        ZoneDays.isRegular(to) &&
        from.offset === to.offset
      )
        return to.start + (startMs - from.start) + plan.timeMs;
    }
    return DateTime.fromMillis(startMs, { zone }).plus(plan.duration).toMillis();
  }

  function addWorkdays(startMs: number, plan: DurationPlan, iso: string): number {
    if (plan.months)
      throw new Error(`duration "${iso}": months and years are not defined on the workday calendar`);
    const wholeDays = Math.floor(plan.workdays);
    const workingMs = plan.timeMs + (plan.workdays - wholeDays) * dayMs; // P0.5D = half a working day
    // the working-clock position of the start (outside hours: the next working period's start)
    let pos = addWorking(dayAt(startMs), startMs, 0);
    if (wholeDays > 0) {
      let wd = dayAt(pos);
      const offset = workedBefore(wd, pos); // working time already done that day
      wd = day(nthWorkingDateAfter(wd.date, wholeDays));
      // a working date whose hours all fall into a DST gap has no periods: the next one with some
      for (let idle = 0; !wd.periods.length; idle++) {
        if (idle > MAX_IDLE_DAYS) throw new Error(`calendar: no working days after ${wd.date}`);
        wd = day(wd.next);
      }
      // the same position on the target day (spills over if that day is shorter, e.g. on a DST change)
      pos = addWorking(wd, wd.start, offset);
    }
    return workingMs > 0 ? addWorking(dayAt(pos), pos, Math.round(workingMs)) : pos;
  }

  return {
    addDuration(startMs, iso, kind) {
      checkInstant(startMs, 'start');
      const plan = planOf(iso);
      const beyond = plan.beyond[kind];
      if (beyond) throw new HorizonError(beyond);
      return kind === 'natural' ? addNatural(startMs, plan) : addWorkdays(startMs, plan, iso);
    },
    elapsed(aMs, bMs, kind) {
      checkInstant(aMs, 'a');
      checkInstant(bMs, 'b');
      if (bMs <= aMs) return 0;
      return kind === 'natural' ? bMs - aMs : elapsedWorking(aMs, bMs);
    },
    addElapsed(startMs, ms, kind) {
      checkInstant(startMs, 'start');
      if (ms > MAX_HORIZON_DAYS * 86_400_000)
        throw new HorizonError(
          `calendar: ${ms} ms exceeds the maximum time limit of ${MAX_HORIZON_DAYS} days`,
        );
      return kind === 'natural' ? startMs + ms : addWorking(dayAt(startMs), startMs, ms);
    },
    fractionPoint(startMs, dueMs, fraction, kind) {
      checkInstant(startMs, 'start');
      checkInstant(dueMs, 'due');
      if (!Number.isFinite(fraction)) throw new RangeError(`calendar: bad fraction ${fraction}`);
      const f = Math.min(1, Math.max(0, fraction));
      if (dueMs <= startMs || f === 1) return dueMs;
      if (kind === 'natural') return startMs + Math.round((dueMs - startMs) * f);
      const at = addWorking(dayAt(startMs), startMs, Math.round(elapsedWorking(startMs, dueMs) * f));
      return Math.min(dueMs, at);
    },
    isWorkday(dateMs) {
      checkInstant(dateMs, 'date');
      return dayAt(dateMs).workday;
    },
    warnings,
  };
}
