// ISO-8601 durations (P5D, PT4H, P1W, P1DT2H30M) parsed with luxon, with the checks luxon leaves out:
// it accepts 'P', 'PT', 'P1DT' (nothing after T) and negative components ('-P1D', 'P-1D').
import { Duration } from 'luxon';

/** Parses an ISO-8601 duration; throws an Error naming the input when it is not a usable duration. */
export function parseIsoDuration(iso: string): Duration {
  if (typeof iso !== 'string')
    throw new Error(`invalid ISO-8601 duration ${JSON.stringify(iso)}: not a string`);
  const text = iso.trim();
  const bad = (why: string) => new Error(`invalid ISO-8601 duration "${iso}": ${why}`);
  if (!text) throw bad('empty');
  if (text.includes('-')) throw bad('negative durations are not allowed');
  if (!/^P/.test(text)) throw bad('must start with "P" (e.g. P5D, PT4H)');
  if (!/\d/.test(text)) throw bad('no components (e.g. P5D, PT4H)');
  if (/T$/.test(text)) throw bad('"T" must be followed by hours, minutes or seconds (e.g. PT4H)');
  const d = Duration.fromISO(text);
  if (!d.isValid) throw bad('expected e.g. P5D, PT4H, P1W or P1DT2H30M');
  const values = Object.values(d.toObject()) as number[];
  if (values.some((v) => !Number.isFinite(v) || v < 0))
    throw bad('components must be finite and not negative');
  return d;
}

export function isValidIsoDuration(iso: string): boolean {
  try {
    parseIsoDuration(iso);
    return true;
  } catch {
    return false;
  }
}

/**
 * The longest time limit the engine schedules: 3 years. Deadlines beyond it are configuration mistakes or
 * hostile values ('P2000000D'), and bounding them bounds every piece of calendar arithmetic that follows.
 */
export const MAX_HORIZON_DAYS = 1098; // 3 × 366
/** The same horizon on the workday calendar: about 250 working days a year in China. */
export const MAX_HORIZON_WORKDAYS = 750;
/** Working hours of a working day, for the horizon of workday durations given in hours (PT100H). */
const NOMINAL_WORKDAY_HOURS = 7;

/**
 * Undefined when the duration lies within the horizon, else why not. `calendar` 'workday' counts days and
 * weeks as working days (a week = 5) and hours as working hours; 'natural' (or absent) counts the wall clock.
 */
export function horizonError(iso: string, calendar?: 'natural' | 'workday'): string | undefined {
  const o = parseIsoDuration(iso).toObject();
  const hours =
    (o.hours ?? 0) + (o.minutes ?? 0) / 60 + (o.seconds ?? 0) / 3600 + (o.milliseconds ?? 0) / 3_600_000;
  if (calendar === 'workday') {
    const workdays = (o.days ?? 0) + (o.weeks ?? 0) * 5 + hours / NOMINAL_WORKDAY_HOURS;
    if (workdays > MAX_HORIZON_WORKDAYS)
      return `duration "${iso}" exceeds the maximum time limit of ${MAX_HORIZON_WORKDAYS} working days (3 years)`;
    return undefined;
  }
  const days =
    (o.years ?? 0) * 366 +
    (o.quarters ?? 0) * 91.5 +
    (o.months ?? 0) * 30.5 +
    (o.weeks ?? 0) * 7 +
    (o.days ?? 0) +
    hours / 24;
  return days > MAX_HORIZON_DAYS
    ? `duration "${iso}" exceeds the maximum time limit of ${MAX_HORIZON_DAYS} days (3 years)`
    : undefined;
}
