// The timer of a timer start event, read at deploy: what a deployed definition schedules (its occurrences
// are computed by engine/sla/start-schedule.ts on the working-day calendar). Accepted, as Camunda does:
//   timeDate      2026-10-08T09:00:00+08:00              once, at that instant
//   timeDuration  P1D / PT4H                              once, that long after the version was deployed
//   timeCycle     R[n]/<duration>                         every <duration> after the deployment (n times)
//                 R[n]/<start date-time>/<duration>       from <start> on, every <duration> (n times)
//                 <cron>                                  '0 9 * * 1' (5 fields) or '0 0 9 ? * MON-FRI'
//                                                         (6, with seconds; Quartz '?' allowed), in the
//                                                         business time zone (cron-parser)
// On the workday calendar (grid:calendar="workday") a cycle counts working days: R/…/P1D is every working day
// at the start's time of day, and a cron occurrence on a holiday or weekend (without 调休) is skipped.
// FEEL expressions are refused: a start timer has no case yet whose variables it could read.
import { CronExpressionParser } from 'cron-parser';
import { DateTime } from 'luxon';
import { checkIsoDuration } from './validate.js';
import type { CalendarKind, TimerSpec } from './types.js';
import type { DetailCode } from '../error-codes.js';

export type ParsedStartTimer =
  | { type: 'date'; at: number }
  | { type: 'duration'; duration: string }
  | { type: 'interval'; repeat?: number; start?: number; duration: string }
  | { type: 'cron'; cron: string };

/** A refusal of a start timer: a stable code (engine/error-codes.ts) and the words for the log. */
export interface StartTimerProblem {
  code: DetailCode;
  message: string;
}

/** At most this many repetitions of an R<n>/ cycle (a larger count is a mistake or hostile). */
export const MAX_START_REPEAT = 100_000;

/** The parsed timer of a start event, or why it cannot be scheduled. */
export function parseStartTimer(spec: TimerSpec): ParsedStartTimer | StartTimerProblem {
  const expr = spec.expr.trim();
  const bad = (message: string): StartTimerProblem => ({ code: 'start-timer.invalid', message });
  if (!expr) return bad('the start timer is empty');
  if (expr.startsWith('='))
    return {
      code: 'start-timer.expression',
      message: 'a start timer cannot be a FEEL expression: there is no case yet (write a literal)',
    };
  if (spec.kind === 'date') {
    const at = dateTime(expr);
    return at === undefined
      ? bad(`bad ISO-8601 date-time "${expr}" with an offset (e.g. 2026-10-08T09:00:00+08:00)`)
      : { type: 'date', at };
  }
  if (spec.kind === 'duration') {
    const err = checkIsoDuration(expr, spec.calendar);
    return err ? bad(err.message) : { type: 'duration', duration: expr };
  }
  if (expr.startsWith('R')) return parseInterval(expr, spec.calendar);
  return parseCron(expr);
}

function parseInterval(expr: string, calendar: CalendarKind): ParsedStartTimer | StartTimerProblem {
  const bad = (why: string): StartTimerProblem => ({
    code: 'start-timer.invalid',
    message: `bad timer cycle "${expr}": ${why} (expected R[n]/<duration> or R[n]/<start>/<duration>)`,
  });
  const parts = expr.split('/');
  if (parts.length < 2 || parts.length > 3) return bad('wrong number of parts');
  const m = /^R(\d*)$/.exec(parts[0]);
  if (!m) return bad('it must begin with R or R<n>');
  const repeat = m[1] === '' ? undefined : Number(m[1]);
  if (repeat !== undefined && (repeat < 1 || repeat > MAX_START_REPEAT))
    return bad(`the count must be between 1 and ${MAX_START_REPEAT}`);
  const duration = parts[parts.length - 1];
  const err = checkIsoDuration(duration, calendar);
  if (err) return bad(err.message);
  // a zero duration would fire without end at one instant
  if (/^P(T?0+[DHMSW]?)+$/.test(duration) || !/[1-9]/.test(duration)) return bad('the duration is zero');
  let start: number | undefined;
  if (parts.length === 3) {
    start = dateTime(parts[1]);
    if (start === undefined)
      return bad(`"${parts[1]}" is not an ISO-8601 date-time with an offset (e.g. 2026-10-08T09:00+08:00)`);
  }
  return {
    type: 'interval',
    duration,
    ...(repeat !== undefined ? { repeat } : {}),
    ...(start !== undefined ? { start } : {}),
  };
}

function parseCron(expr: string): ParsedStartTimer | StartTimerProblem {
  const fields = expr.split(/\s+/).length;
  if (fields !== 5 && fields !== 6)
    return {
      code: 'start-timer.invalid',
      message: `bad timer cycle "${expr}": expected R[n]/<duration>, R[n]/<start>/<duration> or a cron pattern of 5 or 6 fields`,
    };
  try {
    CronExpressionParser.parse(expr);
  } catch (err) {
    return { code: 'start-timer.invalid', message: `bad cron pattern "${expr}": ${(err as Error).message}` };
  }
  return { type: 'cron', cron: expr };
}

/**
 * An ISO-8601 date-time with a date part and an offset (Z or +08:00): without one the instant would depend on
 * the time zone of whichever server reads it.
 */
function dateTime(text: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T.*(Z|[+-]\d{2}:?\d{2})$/.test(text)) return undefined;
  const d = DateTime.fromISO(text, { setZone: true });
  return d.isValid ? d.toMillis() : undefined;
}
