// When timer start events fire (engine/model/start-timer.ts parses, engine/sla/start-schedule.ts computes):
// pure, the deployment instant given, on the natural and the working-day calendar with China's holidays —
// 国庆 2026 is 1–7 October, with Saturday 10 October a working day (调休).
import { expect } from 'chai';
import { parseStartTimer, type ParsedStartTimer } from '../../engine/model/start-timer.js';
import type { CalendarKind, TimerSpec } from '../../engine/model/types.js';
import { createCalendar } from '../../engine/sla/calendar.js';
import { firstOccurrence, nextOccurrence, occurrences } from '../../engine/sla/start-schedule.js';

const env = { calendar: createCalendar(), timezone: 'Asia/Shanghai' };
/** local Shanghai time → epoch ms */
const at = (local: string) => Date.parse(`${local}+08:00`);
/** epoch ms → 'YYYY-MM-DD HH:MM' in Shanghai */
const local = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');

function parse(kind: TimerSpec['kind'], expr: string, calendar: CalendarKind = 'natural'): ParsedStartTimer {
  const p = parseStartTimer({ kind, expr, calendar });
  if ('code' in p) throw new Error(p.message);
  return p;
}
const list = (kind: TimerSpec['kind'], expr: string, calendar: CalendarKind, deployed: string, n = 6) =>
  occurrences(parse(kind, expr, calendar), calendar, at(deployed), env, n).map(local);

describe('timer start events: the schedule', () => {
  it('every working day at 09:00 skips the weekend and 国庆, and fires on the 调休 Saturday', () => {
    expect(list('cycle', 'R/2026-09-29T09:00:00+08:00/P1D', 'workday', '2026-09-28T10:00:00')).to.deep.equal([
      '2026-09-29 09:00',
      '2026-09-30 09:00',
      '2026-10-08 09:00',
      '2026-10-09 09:00',
      '2026-10-10 09:00', // Saturday, a working day in lieu (调休)
      '2026-10-12 09:00',
    ]);
  });

  it('on the natural calendar the same cycle is every day', () => {
    expect(
      list('cycle', 'R/2026-09-29T09:00:00+08:00/P1D', 'natural', '2026-09-28T10:00:00', 4),
    ).to.deep.equal(['2026-09-29 09:00', '2026-09-30 09:00', '2026-10-01 09:00', '2026-10-02 09:00']);
  });

  it('a working-day cycle keeps its time of day before working hours (08:00), and a start on a holiday moves to the next working day', () => {
    expect(
      list('cycle', 'R/2026-10-03T08:00:00+08:00/P1D', 'workday', '2026-09-01T00:00:00', 3),
    ).to.deep.equal(['2026-10-08 08:00', '2026-10-09 08:00', '2026-10-10 08:00']);
  });

  it('every Monday (cron) fires on the holiday Monday on the natural calendar, not on the workday one', () => {
    expect(list('cycle', '0 9 * * 1', 'natural', '2026-09-28T10:00:00', 2)).to.deep.equal([
      '2026-10-05 09:00',
      '2026-10-12 09:00',
    ]);
    expect(list('cycle', '0 9 * * 1', 'workday', '2026-09-28T10:00:00', 2)).to.deep.equal([
      '2026-10-12 09:00',
      '2026-10-19 09:00',
    ]);
  });

  it('a cron of weekdays on the workday calendar is every working day; Saturdays only when 调休', () => {
    expect(list('cycle', '0 0 9 ? * MON-FRI', 'workday', '2026-09-30T10:00:00', 2)).to.deep.equal([
      '2026-10-08 09:00',
      '2026-10-09 09:00',
    ]);
    expect(list('cycle', '30 8 * * 6', 'workday', '2026-10-01T00:00:00', 1)).to.deep.equal([
      '2026-10-10 08:30',
    ]);
  });

  it('weekly patrols by risk class: R/<start>/P1W and every 3 working days', () => {
    expect(
      list('cycle', 'R/2026-09-28T14:00:00+08:00/P1W', 'natural', '2026-09-28T10:00:00', 3),
    ).to.deep.equal(['2026-09-28 14:00', '2026-10-05 14:00', '2026-10-12 14:00']);
    expect(
      list('cycle', 'R/2026-09-28T14:00:00+08:00/P3D', 'workday', '2026-09-28T10:00:00', 3),
    ).to.deep.equal([
      '2026-09-28 14:00',
      '2026-10-08 14:00', // 29, 30, 8 October: three working days on
      '2026-10-12 14:00', // 9, 10 (调休), 12
    ]);
  });

  it('R<n>/<duration> counts from the deployment and ends after n', () => {
    expect(list('cycle', 'R3/PT10M', 'natural', '2026-03-02T09:00:00', 10)).to.deep.equal([
      '2026-03-02 09:10',
      '2026-03-02 09:20',
      '2026-03-02 09:30',
    ]);
  });

  it('a cycle whose start lies before the deployment begins at its first occurrence after it, counting the missed ones', () => {
    expect(
      list('cycle', 'R5/2026-03-01T09:00:00+08:00/P1D', 'natural', '2026-03-03T12:00:00', 10),
    ).to.deep.equal(['2026-03-04 09:00', '2026-03-05 09:00']);
    const ended = parse('cycle', 'R2/2026-03-01T09:00:00+08:00/P1D');
    expect(firstOccurrence(ended, 'natural', at('2026-03-10T00:00:00'), env)).to.equal(undefined);
  });

  it('timeDate fires once at its instant, at once when it is past; timeDuration once after the deployment', () => {
    const date = parse('date', '2026-10-08T09:00:00+08:00');
    const first = firstOccurrence(date, 'natural', at('2026-10-01T00:00:00'), env)!;
    expect(local(first.at)).to.equal('2026-10-08 09:00');
    expect(nextOccurrence(date, 'natural', first, env)).to.equal(undefined);
    expect(firstOccurrence(date, 'natural', at('2026-10-09T00:00:00'), env)!.at).to.equal(
      at('2026-10-09T00:00:00'),
    );
    expect(list('duration', 'P2D', 'workday', '2026-09-30T10:00:00')).to.deep.equal(['2026-10-09 10:00']);
    expect(list('duration', 'PT4H', 'natural', '2026-09-30T10:00:00')).to.deep.equal(['2026-09-30 14:00']);
  });

  it('refuses what cannot be scheduled, with a code', () => {
    const code = (kind: TimerSpec['kind'], expr: string, calendar: CalendarKind = 'natural') => {
      const p = parseStartTimer({ kind, expr, calendar });
      return 'code' in p ? p.code : 'ok';
    };
    expect(code('cycle', '=interval')).to.equal('start-timer.expression');
    expect(code('cycle', 'R/PT0M')).to.equal('start-timer.invalid');
    expect(code('cycle', 'R0/P1D')).to.equal('start-timer.invalid');
    expect(code('cycle', 'R/2026-10-01T09:00/P1D')).to.equal('start-timer.invalid'); // no offset
    expect(code('cycle', 'R/P1M', 'workday')).to.equal('start-timer.invalid'); // months on working days
    expect(code('cycle', 'R/P5000D')).to.equal('start-timer.invalid'); // beyond the horizon
    expect(code('cycle', '0 9 31 2 *')).to.equal('start-timer.invalid');
    expect(code('cycle', 'every monday')).to.equal('start-timer.invalid');
    expect(code('date', 'tomorrow')).to.equal('start-timer.invalid');
    expect(code('cycle', '0 9 * * 1')).to.equal('ok');
  });
});
