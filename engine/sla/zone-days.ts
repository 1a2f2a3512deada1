// Local days of an IANA time zone, computed with luxon once per date and cached, with an index from
// instants to days: SLA arithmetic asks "which local day is this instant on" many times per task and
// luxon answers that through Intl (tens of microseconds), the index in well under one.
import { DateTime } from 'luxon';

export const UTC_DAY = 86_400_000;
const MINUTES_PER_DAY = 24 * 60;

export interface ZoneDay {
  /** local date 'YYYY-MM-DD' */
  readonly date: string;
  /** instant of local midnight (the first instant of the day when midnight does not exist) */
  readonly start: number;
  /** instant of the next local midnight */
  readonly end: number;
  /** the next local date */
  readonly next: string;
  /** UTC offset at the day's start in ms (local wall clock − UTC) */
  readonly offset: number;
}

export class ZoneDays {
  private readonly days = new Map<string, ZoneDay>();
  /** UTC day number (ms / 86,400,000) → the local days overlapping that UTC day (one or two) */
  private readonly byUtcDay = new Map<number, ZoneDay[]>();

  constructor(readonly zone: string) {
    if (typeof zone !== 'string' || !zone.trim() || !DateTime.fromMillis(0, { zone }).isValid)
      throw new Error(`unknown time zone "${zone}"`);
  }

  /** The day of a local date ('YYYY-MM-DD'). */
  day(date: string): ZoneDay {
    let d = this.days.get(date);
    if (d) return d;
    const midnight = DateTime.fromISO(date, { zone: this.zone });
    if (!midnight.isValid) throw new Error(`bad date "${date}"`);
    const next = midnight.plus({ days: 1 }).toISODate()!;
    d = {
      date,
      start: midnight.toMillis(),
      end: DateTime.fromISO(next, { zone: this.zone }).toMillis(),
      next,
      offset: midnight.offset * 60_000,
    };
    this.days.set(date, d);
    for (let k = Math.floor(d.start / UTC_DAY); k <= Math.floor((d.end - 1) / UTC_DAY); k++) {
      const list = this.byUtcDay.get(k);
      if (list) list.push(d);
      else this.byUtcDay.set(k, [d]);
    }
    return d;
  }

  /** The local day an instant falls on. */
  dayAt(ms: number): ZoneDay {
    const list = this.byUtcDay.get(Math.floor(ms / UTC_DAY));
    if (list) for (const d of list) if (ms >= d.start && ms < d.end) return d;
    return this.day(DateTime.fromMillis(ms, { zone: this.zone }).toISODate()!);
  }

  /** The instant of a local wall-clock time ('minutes' after midnight, 0..1440) on a day. */
  at(d: ZoneDay, minutes: number): number {
    if (minutes === 0) return d.start;
    if (minutes === MINUTES_PER_DAY) return d.end;
    if (ZoneDays.isRegular(d)) return d.start + minutes * 60_000; // constant offset all day
    return DateTime.fromISO(d.date, { zone: this.zone })
      .set({ hour: Math.floor(minutes / 60), minute: minutes % 60 })
      .toMillis();
  }

  /** Whether a day has exactly 24 hours, i.e. no change of UTC offset (DST) on it. */
  static isRegular(d: ZoneDay): boolean {
    return d.end - d.start === UTC_DAY;
  }

  /** The date n calendar days after a date (plain date arithmetic on UTC, no time zone involved). */
  static addDays(date: string, n: number): string {
    return new Date(Date.parse(`${date}T00:00:00Z`) + n * UTC_DAY).toISOString().slice(0, 10);
  }
}
