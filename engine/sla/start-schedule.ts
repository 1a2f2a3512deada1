// When a timer start event fires: the occurrences of a parsed start timer (engine/model/start-timer.ts) on
// the natural or the working-day calendar. Pure: the deployment instant and the previous occurrence come in,
// nothing reads a clock, and every loop has a budget, so the same schedule is computed alike by every process.
import { CronExpressionParser } from 'cron-parser';
import { DateTime, Duration } from 'luxon';
import type { ParsedStartTimer } from '../model/start-timer.js';
import type { CalendarKind } from '../model/types.js';
import type { WorkCalendar } from './calendar.js';
import { MAX_HORIZON_DAYS, parseIsoDuration } from './duration.js';

export interface ScheduleEnv {
  calendar: WorkCalendar;
  /** IANA zone of the business: cron patterns and working days are read in it */
  timezone: string;
}

/** One occurrence: when, and its index (0 = first) — an R<n>/ cycle ends after n of them. */
export interface Occurrence {
  at: number;
  index: number;
}

/** Occurrences skipped to reach the first one after a deployment (a cycle whose start lies in the past). */
const MAX_CATCH_UP = 100_000;
/** Candidates a cron pattern on the workday calendar may propose before one falls on a working day. */
const MAX_CRON_CANDIDATES = 1_000;
const DAY_MS = 86_400_000;

/** Why no occurrence could be computed within the budgets (the schedule ends, logged). */
export class ScheduleBudgetError extends RangeError {
  readonly code = 'start-timer.budget';
}

/**
 * The first occurrence of a timer deployed at `deployedAt` (occurrences of a cycle before it are skipped,
 * and counted for R<n>); undefined when there is none (an R<n>/ cycle whose n occurrences all lie before).
 * A timeDate in the past fires at once (Camunda fires a missed start date on deployment).
 */
export function firstOccurrence(
  t: ParsedStartTimer,
  calendar: CalendarKind,
  deployedAt: number,
  env: ScheduleEnv,
): Occurrence | undefined {
  switch (t.type) {
    case 'date':
      return { at: Math.max(t.at, deployedAt), index: 0 };
    case 'duration':
      return { at: env.calendar.addDuration(deployedAt, t.duration, calendar), index: 0 };
    case 'cron':
      return { at: nextCron(t.cron, calendar, deployedAt, env), index: 0 };
    case 'interval': {
      if (t.start === undefined) return { at: step(deployedAt, t.duration, calendar, env), index: 0 };
      let o: Occurrence | undefined = { at: toWorkday(t.start, calendar, env), index: 0 };
      for (let n = 0; o && o.at < deployedAt; n++) {
        if (n >= MAX_CATCH_UP)
          throw new ScheduleBudgetError(`more than ${MAX_CATCH_UP} occurrences lie before the deployment`);
        o = nextOccurrence(t, calendar, o, env);
      }
      return o;
    }
  }
}

/** The occurrence after `prev`; undefined when the timer fires no more. */
export function nextOccurrence(
  t: ParsedStartTimer,
  calendar: CalendarKind,
  prev: Occurrence,
  env: ScheduleEnv,
): Occurrence | undefined {
  const index = prev.index + 1;
  switch (t.type) {
    case 'date':
    case 'duration':
      return undefined;
    case 'cron':
      return { at: nextCron(t.cron, calendar, prev.at, env), index };
    case 'interval':
      if (t.repeat !== undefined && index >= t.repeat) return undefined;
      return { at: step(prev.at, t.duration, calendar, env), index };
  }
}

/** The first `count` occurrences (fewer when the timer ends): for tests and the modeler's preview. */
export function occurrences(
  t: ParsedStartTimer,
  calendar: CalendarKind,
  deployedAt: number,
  env: ScheduleEnv,
  count: number,
): number[] {
  const out: number[] = [];
  let o = firstOccurrence(t, calendar, deployedAt, env);
  const wanted = Math.min(count, 1000);
  while (o && out.length < wanted) {
    out.push(o.at);
    if (out.length < wanted) o = nextOccurrence(t, calendar, o, env);
  }
  return out;
}

/**
 * One period of a cycle. Natural: the wall clock in the business zone. Workday: a duration of whole days or
 * weeks counts working days and keeps the time of day (R/…T08:00/P1D is every working day at 08:00, even
 * before working hours begin); hours and minutes count working time (the SLA calendar's arithmetic).
 */
function step(from: number, iso: string, calendar: CalendarKind, env: ScheduleEnv): number {
  if (calendar !== 'workday') return env.calendar.addDuration(from, iso, 'natural');
  const o = parseIsoDuration(iso).toObject();
  const hasTime = !!(o.hours || o.minutes || o.seconds || o.milliseconds);
  if (hasTime) return env.calendar.addDuration(from, iso, 'workday');
  const days = (o.days ?? 0) + (o.weeks ?? 0) * 5;
  let d = DateTime.fromMillis(from, { zone: env.timezone });
  // the horizon of durations (engine/sla/duration.ts) bounds `days`; the walk is bounded beside it
  for (let left = days, walked = 0; left > 0; walked++) {
    if (walked > MAX_HORIZON_DAYS * 2)
      throw new ScheduleBudgetError(`no ${days} working days within the horizon`);
    d = d.plus(Duration.fromObject({ days: 1 }));
    if (env.calendar.isWorkday(d.toMillis())) left--;
  }
  return d.toMillis();
}

/** On the workday calendar, an instant on a day off moves to the next working day at the same time of day. */
function toWorkday(at: number, calendar: CalendarKind, env: ScheduleEnv): number {
  if (calendar !== 'workday') return at;
  let d = DateTime.fromMillis(at, { zone: env.timezone });
  for (let n = 0; !env.calendar.isWorkday(d.toMillis()); n++) {
    if (n > 366) throw new ScheduleBudgetError('no working day within a year');
    d = d.plus(Duration.fromObject({ days: 1 }));
  }
  return d.toMillis();
}

/**
 * The next instant after `after` matching the cron pattern in the business zone; on the workday calendar
 * the next such instant on a working day. Throws when none lies within the horizon (e.g. '0 9 31 2 *').
 */
function nextCron(cron: string, calendar: CalendarKind, after: number, env: ScheduleEnv): number {
  const it = CronExpressionParser.parse(cron, { currentDate: new Date(after), tz: env.timezone });
  const horizon = after + MAX_HORIZON_DAYS * DAY_MS;
  for (let n = 0; n < MAX_CRON_CANDIDATES; n++) {
    let at: number;
    try {
      at = it.next().getTime();
    } catch {
      break; // cron-parser: no further date
    }
    if (at > horizon) break;
    if (calendar !== 'workday' || env.calendar.isWorkday(at)) return at;
  }
  throw new ScheduleBudgetError(`cron pattern "${cron}" has no occurrence within the horizon`);
}
