// The patrol figures of a person over a period (巡查日志, engine/patrol/patrols.ts), from their patrol time
// per business day:
//   patrolHours       hours patrolled in the period: ended patrols, each counted within the day it started
//                     (an automatic end-of-day close counts to the worker's last point, photo or note)
//   patrolDays        days of the period with at least MIN_DAILY_PATROL_HOURS of patrol
//   dailyPatrolHours  patrolHours ÷ the working days of the period up to now (null before the first one)
//   missedPatrolDays  working days of the period up to now with less than MIN_DAILY_PATROL_HOURS
// A scheme scores "巡查不少于1小时/天" with e.g. a target on dailyPatrolHours ≥ 1, or −50 per missed day
// with a perEvent item on missedPatrolDays.
//
// And the 例会签到 figures (engine/patrol/meetings.ts):
//   meetingsInvited        meetings of the period the person was invited to
//   meetingsAttended       of those, the ones they signed in at (on the meeting's day)
//   meetingAttendanceRate  meetingsAttended ÷ meetingsInvited (null when invited to none)
//   meetingsHeld           (units) meetings recorded at the unit itself in the period
import { DateTime } from 'luxon';
import type { FigureRow } from './evaluate.js';

export const MIN_DAILY_PATROL_HOURS = 1;
const H = 3_600_000;
const round1 = (x: number) => Math.round(x * 10) / 10;

export interface PatrolPeriod {
  from: number;
  to: number;
  now: number;
  timezone: string;
  isWorkday: (ms: number) => boolean;
}

/** The business days of [from, min(to, now)) as YYYY-MM-DD, with whether each is a working day. */
export function elapsedDays(p: PatrolPeriod): Array<{ day: string; workday: boolean }> {
  const out: Array<{ day: string; workday: boolean }> = [];
  const end = Math.min(p.to, p.now);
  // at most a year of days (parsePeriod caps periods at 366 days)
  for (let d = DateTime.fromMillis(p.from, { zone: p.timezone }).startOf('day'); d.toMillis() < end;) {
    out.push({ day: d.toISODate()!, workday: p.isWorkday(d.plus({ hours: 12 }).toMillis()) });
    d = d.plus({ days: 1 });
    if (out.length > 366) break;
  }
  return out;
}

export function patrolFigures(perDay: Map<string, number> | undefined, p: PatrolPeriod): FigureRow {
  const days = perDay ?? new Map<string, number>();
  let total = 0;
  let full = 0;
  for (const ms of days.values()) {
    total += ms;
    if (ms >= MIN_DAILY_PATROL_HOURS * H) full++;
  }
  const working = elapsedDays(p).filter((d) => d.workday);
  const missed = working.filter((d) => (days.get(d.day) ?? 0) < MIN_DAILY_PATROL_HOURS * H).length;
  return {
    patrolHours: round1(total / H),
    patrolDays: full,
    dailyPatrolHours: working.length ? round1(total / H / working.length) : null,
    missedPatrolDays: missed,
  };
}

export function meetingFigures(a: { invited: number; attended: number } | undefined): FigureRow {
  const invited = a?.invited ?? 0;
  const attended = a?.attended ?? 0;
  return {
    meetingsInvited: invited,
    meetingsAttended: attended,
    meetingAttendanceRate: invited ? Math.round((attended / invited) * 1000) / 1000 : null,
  };
}
