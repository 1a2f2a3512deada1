import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { DateTime, Duration } from 'luxon';
import {
  createCalendar,
  HorizonError,
  isValidIsoDuration,
  loadCalendarConfig,
  parseIsoDuration,
  type WorkCalendar,
} from '../../engine/sla/calendar.js';
import { coveredYears, isStatutoryWorkday, isYearCovered } from '../../engine/sla/holidays.js';

// Instants are written as Shanghai wall-clock times (+08:00) and compared as ISO strings in Shanghai time,
// so failures read like the business calendar. Nothing here depends on the machine's time zone or clock.
const sh = (local: string) => Date.parse(`${local}+08:00`);
const show = (ms: number, zone = 'Asia/Shanghai') =>
  DateTime.fromMillis(ms, { zone }).toFormat("yyyy-MM-dd'T'HH:mm:ss.SSS ccc");
const local = (text: string, zone = 'Asia/Shanghai') =>
  show(DateTime.fromISO(text, { zone }).toMillis(), zone);
const HOUR = 3_600_000;
const WORKDAY_MS = 7 * HOUR; // 09:00–12:00 + 13:30–17:30

/** start (Shanghai wall clock) + iso on the calendar, shown as Shanghai wall clock */
function due(cal: WorkCalendar, start: string, iso: string, kind: 'workday' | 'natural' = 'workday'): string {
  return show(cal.addDuration(sh(start), iso, kind));
}

describe('working-day calendar', () => {
  const cal = createCalendar();

  describe('working days (P…D on the workday calendar)', () => {
    it('P5D skips a weekend at the same working-clock position; P1W = 5 working days', () => {
      // Wed 03-04 → Thu (1), Fri (2), [Sat, Sun], Mon (3), Tue (4), Wed 03-11 (5)
      expect(due(cal, '2026-03-04T10:00:00', 'P5D')).to.equal(local('2026-03-11T10:00'));
      expect(due(cal, '2026-03-04T10:00:00', 'P1W')).to.equal(local('2026-03-11T10:00'));
      // Fri 10:00 + P1D = the next working day (Mon) 10:00
      expect(due(cal, '2026-03-06T10:00:00', 'P1D')).to.equal(local('2026-03-09T10:00'));
      expect(due(cal, '2026-03-06T15:45:00', 'P2D')).to.equal(local('2026-03-10T15:45'));
    });

    it('the package data for 春节 2026: holidays 02-15 (Sun) … 02-23 (Mon), working Saturdays 02-14 and 02-28', () => {
      const workday = (d: string) => cal.isWorkday(sh(`${d}T12:00:00`));
      expect(workday('2026-02-13')).to.equal(true); // Fri
      expect(workday('2026-02-14')).to.equal(true); // Sat, 调休上班
      for (let d = 15; d <= 23; d++) expect(workday(`2026-02-${d}`), `02-${d}`).to.equal(false); // 春节
      expect(workday('2026-02-24')).to.equal(true); // Tue
      expect(workday('2026-02-28')).to.equal(true); // Sat, 调休上班
      expect(workday('2026-03-01')).to.equal(false); // an ordinary Sunday
    });

    it('P5D across 春节 2026 counts the working Saturday 02-14 and skips 02-15 … 02-23', () => {
      // Thu 02-12 → Fri 02-13 (1), Sat 02-14 调休 (2), [02-15 … 02-23 春节], Tue 02-24 (3), Wed (4), Thu 02-26 (5)
      expect(due(cal, '2026-02-12T10:00:00', 'P5D')).to.equal(local('2026-02-26T10:00'));
      // … Fri 02-27 (6), Sat 02-28 调休 (7), Mon 03-02 (8), Tue (9), Wed 03-04 (10)
      expect(due(cal, '2026-02-12T10:00:00', 'P10D')).to.equal(local('2026-03-04T10:00'));
      // Fri 16:00 + P1D = the working Saturday; from there + P1D jumps the whole holiday
      expect(due(cal, '2026-02-13T16:00:00', 'P1D')).to.equal(local('2026-02-14T16:00'));
      expect(due(cal, '2026-02-14T16:00:00', 'P1D')).to.equal(local('2026-02-24T16:00'));
      // working hours too: 1.5 h on Sat 02-14, the rest after the holiday
      expect(due(cal, '2026-02-14T16:00:00', 'PT2H')).to.equal(local('2026-02-24T09:30'));
    });

    it('P5D across 国庆/中秋 2025: holidays 10-01 … 10-08, working Sunday 09-28 and Saturday 10-11', () => {
      const workday = (d: string) => cal.isWorkday(sh(`${d}T12:00:00`));
      expect(workday('2025-09-27')).to.equal(false); // Sat
      expect(workday('2025-09-28')).to.equal(true); // Sun, 调休上班
      for (let d = 1; d <= 8; d++) expect(workday(`2025-10-0${d}`), `10-0${d}`).to.equal(false); // 10-06 中秋
      expect(workday('2025-10-09')).to.equal(true); // Thu
      expect(workday('2025-10-11')).to.equal(true); // Sat, 调休上班
      expect(workday('2025-10-12')).to.equal(false); // Sun
      // Fri 09-26 → [Sat 09-27], Sun 09-28 调休 (1), Mon (2), Tue 09-30 (3), [10-01 … 10-08], Thu 10-09 (4), Fri 10-10 (5)
      expect(due(cal, '2025-09-26T10:00:00', 'P5D')).to.equal(local('2025-10-10T10:00'));
      expect(due(cal, '2025-09-26T10:00:00', 'P6D')).to.equal(local('2025-10-11T10:00')); // Sat 调休
      // a start on Saturday 09-27 counts from Sunday 09-28 09:00, a working day: 3 h, lunch, 1 h
      expect(due(cal, '2025-09-27T10:00:00', 'PT4H')).to.equal(local('2025-09-28T14:30'));
    });

    it('P5D across 国庆 2026 with its working Saturday 10-10', () => {
      // Tue 09-29 → Wed 09-30 (1), [10-01 … 10-07], Thu 10-08 (2), Fri 10-09 (3), Sat 10-10 调休 (4), Mon 10-12 (5)
      expect(due(cal, '2026-09-29T15:00:00', 'P5D')).to.equal(local('2026-10-12T15:00'));
      expect(cal.isWorkday(sh('2026-09-20T10:00:00'))).to.equal(true); // Sun, 调休上班
      expect(cal.isWorkday(sh('2026-09-25T10:00:00'))).to.equal(false); // Fri, 中秋
    });
  });

  describe('working hours (PT… on the workday calendar)', () => {
    it('PT4H spans the lunch break, and the night', () => {
      // Mon 10:00–12:00 (2 h), lunch, 13:30–15:30 (2 h)
      expect(due(cal, '2026-03-02T10:00:00', 'PT4H')).to.equal(local('2026-03-02T15:30'));
      // Mon 16:00–17:30 (1.5 h), night, Tue 09:00–11:30 (2.5 h)
      expect(due(cal, '2026-03-02T16:00:00', 'PT4H')).to.equal(local('2026-03-03T11:30'));
      // Fri 15:00–17:30 (2.5 h), weekend, Mon 09:00–10:30 (1.5 h)
      expect(due(cal, '2026-03-06T15:00:00', 'PT4H')).to.equal(local('2026-03-09T10:30'));
      // Mon 11:45–12:00 (15 min), lunch, 13:30–13:45
      expect(due(cal, '2026-03-02T11:45:00', 'PT30M')).to.equal(local('2026-03-02T13:45'));
    });

    it('a period end is the next period start: PT7H from 09:00 = P1D; days then hours', () => {
      expect(due(cal, '2026-03-02T09:00:00', 'PT7H')).to.equal(local('2026-03-03T09:00'));
      expect(due(cal, '2026-03-02T09:00:00', 'P1D')).to.equal(local('2026-03-03T09:00'));
      expect(due(cal, '2026-03-02T10:00:00', 'PT2H')).to.equal(local('2026-03-02T13:30'));
      // Tue 10:00 (P1D), then 2 working hours end at 12:00 ≡ 13:30
      expect(due(cal, '2026-03-02T10:00:00', 'P1DT2H')).to.equal(local('2026-03-03T13:30'));
      expect(due(cal, '2026-03-02T10:00:00', 'P1DT3H')).to.equal(local('2026-03-03T14:30'));
      // fractional: half a working day is 3.5 working hours
      expect(due(cal, '2026-03-02T09:00:00', 'P0.5D')).to.equal(local('2026-03-02T14:00'));
      expect(due(cal, '2026-03-02T09:00:00', 'PT1.5H')).to.equal(local('2026-03-02T10:30'));
    });

    it('a start outside working hours counts from the next working period start', () => {
      // evening: Fri 20:00 → Mon 09:00
      expect(due(cal, '2026-03-06T20:00:00', 'PT1H')).to.equal(local('2026-03-09T10:00'));
      // weekend: Sat 11:00 → Mon 09:00, + P1D → Tue 09:00
      expect(due(cal, '2026-03-07T11:00:00', 'P1D')).to.equal(local('2026-03-10T09:00'));
      expect(due(cal, '2026-03-08T23:59:00', 'PT4H')).to.equal(local('2026-03-09T14:30'));
      // early morning
      expect(due(cal, '2026-03-02T07:00:00', 'PT1H')).to.equal(local('2026-03-02T10:00'));
      // lunch break: counts from 13:30, also for days
      expect(due(cal, '2026-03-02T12:30:00', 'PT1H')).to.equal(local('2026-03-02T14:30'));
      expect(due(cal, '2026-03-02T12:30:00', 'P1D')).to.equal(local('2026-03-03T13:30'));
      expect(due(cal, '2026-03-02T13:30:00', 'P1D')).to.equal(local('2026-03-03T13:30'));
      // exactly at the end of the day: counts from the next morning
      expect(due(cal, '2026-03-02T17:30:00', 'P1D')).to.equal(local('2026-03-04T09:00'));
      // a statutory holiday (Mon 02-16, 春节): counts from Tue 02-24 09:00
      expect(due(cal, '2026-02-16T10:00:00', 'PT1H')).to.equal(local('2026-02-24T10:00'));
      // a zero duration is the working-clock position of the start
      expect(due(cal, '2026-03-07T11:00:00', 'PT0S')).to.equal(local('2026-03-09T09:00'));
      expect(due(cal, '2026-03-02T10:15:00', 'P0D')).to.equal(local('2026-03-02T10:15'));
    });

    it('months and years are not defined on the workday calendar', () => {
      for (const iso of ['P1M', 'P1Y', 'P1Y2D', 'P1M3DT2H'])
        expect(() => cal.addDuration(sh('2026-03-02T10:00:00'), iso, 'workday'), iso).to.throw(
          new RegExp(`"${iso}".*months and years`),
        );
    });
  });

  describe('natural calendar', () => {
    it('is the wall clock in the time zone; months and years allowed', () => {
      const n = (start: string, iso: string) => due(cal, start, iso, 'natural');
      expect(n('2026-02-14T10:00:00', 'P1D')).to.equal(local('2026-02-15T10:00')); // a holiday is just a day
      expect(n('2026-02-14T10:00:00', 'PT24H')).to.equal(local('2026-02-15T10:00'));
      expect(n('2026-02-14T10:00:00', 'PT36H')).to.equal(local('2026-02-15T22:00'));
      expect(n('2026-02-14T10:00:00', 'P1W')).to.equal(local('2026-02-21T10:00'));
      expect(n('2026-02-14T10:00:00', 'P1M')).to.equal(local('2026-03-14T10:00'));
      expect(n('2026-01-31T10:00:00', 'P1M')).to.equal(local('2026-02-28T10:00'));
      expect(n('2026-02-14T10:00:00', 'P1Y')).to.equal(local('2027-02-14T10:00'));
      expect(n('2026-03-06T20:00:00', 'PT1H')).to.equal(local('2026-03-06T21:00')); // no working hours
      expect(cal.elapsed(sh('2026-03-06T20:00:00'), sh('2026-03-09T08:00:00'), 'natural')).to.equal(
        60 * HOUR,
      );
      expect(cal.addElapsed(sh('2026-03-06T20:00:00'), 60 * HOUR, 'natural')).to.equal(
        sh('2026-03-09T08:00:00'),
      );
    });

    it('P1D keeps the local time across a DST change, PT24H does not (Europe/Berlin)', () => {
      const berlin = createCalendar({ timezone: 'Europe/Berlin' });
      const start = DateTime.fromISO('2026-03-28T12:00', { zone: 'Europe/Berlin' }).toMillis(); // Sat, CET
      const b = (ms: number) => show(ms, 'Europe/Berlin');
      // clocks go forward on Sun 03-29 02:00
      expect(b(berlin.addDuration(start, 'P1D', 'natural'))).to.equal(
        local('2026-03-29T12:00', 'Europe/Berlin'),
      );
      expect(b(berlin.addDuration(start, 'PT24H', 'natural'))).to.equal(
        local('2026-03-29T13:00', 'Europe/Berlin'),
      );
      expect(berlin.addDuration(start, 'P1D', 'natural') - start).to.equal(23 * HOUR);
      // the same as luxon's own arithmetic, hour by hour through March–April, for several durations
      const wrong: string[] = [];
      for (let t = start - 20 * 24 * HOUR; t < start + 20 * 24 * HOUR; t += HOUR)
        for (const iso of ['P1D', 'P2DT3H', 'P1W', 'PT24H', 'P1M']) {
          const luxon = DateTime.fromMillis(t, { zone: 'Europe/Berlin' })
            .plus(Duration.fromISO(iso))
            .toMillis();
          if (berlin.addDuration(t, iso, 'natural') !== luxon) wrong.push(`${b(t)} + ${iso}`);
        }
      expect(wrong).to.deep.equal([]);
    });
  });

  describe('elapsed working time', () => {
    it('elapsed() is the inverse of addElapsed()', () => {
      for (const [start, ms] of [
        ['2026-03-02T10:00:00', 3 * HOUR], // lunch inside
        ['2026-03-06T16:30:00', 9 * HOUR], // weekend inside
        ['2026-02-13T11:00:00', 20 * HOUR], // 春节 inside
        ['2026-03-07T11:00:00', 90 * 60_000], // from a Saturday
        ['2026-03-02T12:15:00', 7 * HOUR], // from the lunch break, exactly a working day
        ['2025-09-26T17:00:00', 40 * HOUR], // 国庆 2025 with both 调休 days
        ['2026-03-02T10:00:00', 0],
      ] as const) {
        const end = cal.addElapsed(sh(start), ms, 'workday');
        expect(cal.elapsed(sh(start), end, 'workday'), `${start} + ${ms}`).to.equal(ms);
      }
    });

    it('counts only working time, and nothing backwards', () => {
      // Fri 02-13 and Sat 02-14 (调休) before 春节: two working days
      expect(cal.elapsed(sh('2026-02-13T09:00:00'), sh('2026-02-24T09:00:00'), 'workday')).to.equal(
        2 * WORKDAY_MS,
      );
      expect(cal.elapsed(sh('2026-03-02T11:00:00'), sh('2026-03-02T14:00:00'), 'workday')).to.equal(
        1.5 * HOUR,
      );
      expect(cal.elapsed(sh('2026-03-07T00:00:00'), sh('2026-03-08T23:59:59'), 'workday')).to.equal(0); // weekend
      expect(cal.elapsed(sh('2026-03-03T10:00:00'), sh('2026-03-02T10:00:00'), 'workday')).to.equal(0);
      expect(cal.elapsed(sh('2026-03-03T10:00:00'), sh('2026-03-02T10:00:00'), 'natural')).to.equal(0);
    });

    it('for every start over two years: elapsed(start, due) is the duration, and addElapsed gives due back', () => {
      const cases: Array<[string, number]> = [
        ['P1D', WORKDAY_MS],
        ['P3D', 3 * WORKDAY_MS],
        ['P5D', 5 * WORKDAY_MS],
        ['PT4H', 4 * HOUR],
        ['PT30M', 30 * 60_000],
        ['P2DT3H', 2 * WORKDAY_MS + 3 * HOUR],
        ['P20D', 20 * WORKDAY_MS],
      ];
      // every 7 h 13 min through 2025 and 2026: all times of day, weekends, holidays, 调休 days
      // (ending before December 2026 so that P20D stays inside the covered years)
      const wrong: string[] = [];
      let count = 0;
      for (let s = sh('2025-01-01T00:00:00'); s < sh('2026-11-30T00:00:00'); s += 433 * 60_000)
        for (const [iso, ms] of cases) {
          const d = cal.addDuration(s, iso, 'workday');
          const worked = cal.elapsed(s, d, 'workday');
          if (worked !== ms || cal.addElapsed(s, worked, 'workday') !== d || !cal.isWorkday(d))
            wrong.push(`${show(s)} + ${iso} = ${show(d)}`);
          count++;
        }
      expect(wrong.slice(0, 5)).to.deep.equal([]);
      expect(count).to.be.greaterThan(15_000);
    });
  });

  describe('fractionPoint', () => {
    it('at 0.8 of P3D on the workday calendar', () => {
      const start = sh('2026-03-02T09:00:00'); // Mon
      const end = cal.addDuration(start, 'P3D', 'workday');
      expect(show(end)).to.equal(local('2026-03-05T09:00'));
      // 80 % of 3 × 7 h = 16 h 48 min: Mon 7 h, Tue 7 h, Wed 09:00 + 2 h 48 min
      expect(show(cal.fractionPoint(start, end, 0.8, 'workday'))).to.equal(local('2026-03-04T11:48'));

      const fri = sh('2026-03-06T14:00:00');
      const friDue = cal.addDuration(fri, 'P3D', 'workday');
      expect(show(friDue)).to.equal(local('2026-03-11T14:00'));
      // Fri 3.5 h, Mon 7 h, Tue 6 h 18 min: 09:00–12:00, 13:30–16:48
      expect(show(cal.fractionPoint(fri, friDue, 0.8, 'workday'))).to.equal(local('2026-03-10T16:48'));
    });

    it('edges: 0 is the first working instant, 1 is the due date, never after due; natural is linear', () => {
      const sat = sh('2026-03-07T11:00:00');
      const d = cal.addDuration(sat, 'P1D', 'workday'); // Tue 09:00
      expect(show(cal.fractionPoint(sat, d, 0, 'workday'))).to.equal(local('2026-03-09T09:00'));
      expect(cal.fractionPoint(sat, d, 1, 'workday')).to.equal(d);
      expect(cal.fractionPoint(sat, d, 1.5, 'workday')).to.equal(d);
      expect(cal.fractionPoint(d, sat, 0.8, 'workday')).to.equal(sat);
      const n = sh('2026-03-07T11:00:00');
      expect(show(cal.fractionPoint(n, n + 10 * HOUR, 0.8, 'natural'))).to.equal(local('2026-03-07T19:00'));
      expect(() => cal.fractionPoint(n, n + HOUR, NaN, 'natural')).to.throw(/fraction/);
    });
  });

  describe('configuration', () => {
    let dir: string;
    before(() => {
      dir = mkdtempSync(path.join(os.tmpdir(), 'calendar-test-'));
    });
    after(() => rmSync(dir, { recursive: true, force: true }));
    const file = (name: string, content: string) => {
      const p = path.join(dir, name);
      writeFileSync(p, content);
      return p;
    };

    it('an override file adds a local holiday and a working day, and wins over the package data', () => {
      const overrides = file(
        'overrides.json',
        JSON.stringify({
          years: [2026],
          holidays: ['2026-03-03', '2026-02-14'], // a local holiday (Tue); the 调休 Saturday 02-14 off
          workdays: ['2026-03-07', '2026-02-23'], // a working Saturday; 春节 Monday 02-23 worked
        }),
      );
      const cfg = loadCalendarConfig({ CALENDAR_OVERRIDES: overrides });
      expect(cfg.overrides).to.deep.equal({
        holidays: ['2026-03-03', '2026-02-14'],
        workdays: ['2026-03-07', '2026-02-23'],
        years: [2026],
      });
      const c = createCalendar(cfg);
      // Mon 03-02 + P2D: Tue 03-03 is a local holiday → Wed (1), Thu (2)
      expect(due(c, '2026-03-02T09:00:00', 'P2D')).to.equal(local('2026-03-05T09:00'));
      // Fri 03-06 + P1D → Sat 03-07, a local working day
      expect(due(c, '2026-03-06T10:00:00', 'P1D')).to.equal(local('2026-03-07T10:00'));
      expect(c.isWorkday(sh('2026-02-14T10:00:00'))).to.equal(false);
      expect(c.isWorkday(sh('2026-02-23T10:00:00'))).to.equal(true);
      // Fri 02-13 → [Sat 02-14 off now, 春节 …], Mon 02-23 (1)
      expect(due(c, '2026-02-13T10:00:00', 'P1D')).to.equal(local('2026-02-23T10:00'));
      expect(c.warnings).to.deep.equal([]);
    });

    it('rejects a bad override file, naming it', () => {
      expect(() => loadCalendarConfig({ CALENDAR_OVERRIDES: path.join(dir, 'missing.json') })).to.throw(
        /CALENDAR_OVERRIDES.*missing\.json/,
      );
      const bad = file('bad.json', '{"holidays": ["2026-3-3"]}');
      expect(() => loadCalendarConfig({ CALENDAR_OVERRIDES: bad })).to.throw(/bad\.json.*2026-3-3/);
      const list = file('list.json', '["2026-03-03"]');
      expect(() => loadCalendarConfig({ CALENDAR_OVERRIDES: list })).to.throw(/list\.json/);
      expect(() =>
        createCalendar({ overrides: { holidays: ['2026-03-03'], workdays: ['2026-03-03'] } }),
      ).to.throw(/2026-03-03.*holiday and a working day/);
      const years = file('years.json', '{"years": ["2027"], "holidays": []}');
      expect(() => loadCalendarConfig({ CALENDAR_OVERRIDES: years })).to.throw(/years\.json years.*"2027"/);
      const notList = file('years2.json', '{"years": 2027}');
      expect(() => loadCalendarConfig({ CALENDAR_OVERRIDES: notList })).to.throw(/years2\.json years/);
    });

    it('custom working hours, from the config or WORK_HOURS', () => {
      const cfg = loadCalendarConfig({ WORK_HOURS: '08:30-12:00, 14:00-18:00' });
      expect(cfg.workingHours).to.deep.equal([
        ['08:30', '12:00'],
        ['14:00', '18:00'],
      ]);
      const c = createCalendar(cfg);
      // Mon 11:00–12:00 (1 h), lunch until 14:00, 14:00–15:00
      expect(due(c, '2026-03-02T11:00:00', 'PT2H')).to.equal(local('2026-03-02T15:00'));
      expect(due(c, '2026-03-02T07:00:00', 'PT1H')).to.equal(local('2026-03-02T09:30'));
      expect(due(c, '2026-03-02T17:00:00', 'P1D')).to.equal(local('2026-03-03T17:00'));
      // a working day is 7.5 h here
      expect(due(c, '2026-03-02T08:30:00', 'PT7H30M')).to.equal(local('2026-03-03T08:30'));
      expect(c.elapsed(sh('2026-03-02T00:00:00'), sh('2026-03-03T00:00:00'), 'workday')).to.equal(7.5 * HOUR);

      // round the clock on working days
      const allDay = createCalendar({ workingHours: [['00:00', '24:00']] });
      expect(due(allDay, '2026-03-06T20:00:00', 'PT8H')).to.equal(local('2026-03-09T04:00'));
      expect(due(allDay, '2026-03-06T20:00:00', 'P1D')).to.equal(local('2026-03-09T20:00'));

      for (const bad of [
        '9-12',
        '09:00-12:00;13:30-17:30',
        '09:00-25:00',
        '12:00-09:00',
        '09:00-12:00,11:00-13:00',
      ])
        expect(() => createCalendar(loadCalendarConfig({ WORK_HOURS: bad })), bad).to.throw(/WORK_HOURS/);
      expect(() => createCalendar({ workingHours: [] })).to.throw(/no working periods/);
    });

    it('the business time zone comes from TZ_BUSINESS; unset fields keep the defaults', () => {
      expect(loadCalendarConfig({})).to.deep.equal({});
      expect(loadCalendarConfig({ TZ_BUSINESS: 'Asia/Urumqi' })).to.deep.equal({ timezone: 'Asia/Urumqi' });
      expect(() => loadCalendarConfig({ TZ_BUSINESS: 'Mars/Olympus' })).to.throw(
        /TZ_BUSINESS.*Mars\/Olympus/,
      );
      expect(() => createCalendar({ timezone: 'Mars/Olympus' })).to.throw(/Mars\/Olympus/);
      // { timezone: undefined } must not fall back to the machine's zone
      const c = createCalendar({ timezone: undefined, workingHours: undefined });
      expect(due(c, '2026-03-02T10:00:00', 'PT4H')).to.equal(local('2026-03-02T15:30'));
      // Urumqi's business day in its own zone (UTC+6): Mon 09:00 Urumqi = Mon 11:00 Shanghai
      const urumqi = createCalendar({ timezone: 'Asia/Urumqi' });
      const start = DateTime.fromISO('2026-03-06T17:00', { zone: 'Asia/Urumqi' }).toMillis(); // Fri
      expect(show(urumqi.addDuration(start, 'PT1H', 'workday'), 'Asia/Urumqi')).to.equal(
        local('2026-03-09T09:30', 'Asia/Urumqi'),
      );
      // the local date decides: Sat 01:00 in Shanghai is still Fri in Urumqi
      expect(urumqi.isWorkday(sh('2026-03-07T01:00:00'))).to.equal(true);
      expect(cal.isWorkday(sh('2026-03-07T01:00:00'))).to.equal(false);
    });

    it('workday arithmetic across a DST change (Europe/Berlin, local working hours)', () => {
      const berlin = createCalendar({ timezone: 'Europe/Berlin' });
      const at = (text: string) => DateTime.fromISO(text, { zone: 'Europe/Berlin' }).toMillis();
      const b = (ms: number) => show(ms, 'Europe/Berlin');
      // Fri 03-27 (CET) + P1D = Mon 03-30 10:00 (CEST)
      expect(b(berlin.addDuration(at('2026-03-27T10:00'), 'P1D', 'workday'))).to.equal(
        local('2026-03-30T10:00', 'Europe/Berlin'),
      );
      expect(b(berlin.addDuration(at('2026-03-27T16:30'), 'PT2H', 'workday'))).to.equal(
        local('2026-03-30T10:00', 'Europe/Berlin'),
      );
      expect(berlin.elapsed(at('2026-03-27T09:00'), at('2026-03-31T09:00'), 'workday')).to.equal(
        2 * WORKDAY_MS,
      );
    });
  });

  describe('holiday data coverage', () => {
    it('covers 2025 and 2026 but not 2027 or 2099', () => {
      expect(coveredYears()).to.include.members([2004, 2025, 2026]);
      expect(isYearCovered(2026)).to.equal(true);
      expect(isYearCovered(2099)).to.equal(false);
      expect(isYearCovered(2003)).to.equal(false);
    });

    it('an uncovered year (2099) falls back to weekends only, with one warning', () => {
      const seen: string[] = [];
      const c = createCalendar({ onWarn: (m) => seen.push(m) });
      expect(c.isWorkday(sh('2099-01-01T10:00:00'))).to.equal(true); // Thu: 元旦 unknown, just a weekday
      expect(c.isWorkday(sh('2099-03-02T10:00:00'))).to.equal(true); // Mon
      expect(c.isWorkday(sh('2099-03-01T10:00:00'))).to.equal(false); // Sun
      // Fri 03-06 → Mon (1) … Fri 03-13 (5)
      expect(due(c, '2099-03-06T10:00:00', 'P5D')).to.equal(local('2099-03-13T10:00'));
      expect(c.warnings).to.have.length(1);
      expect(c.warnings[0])
        .to.match(/2099/)
        .and.match(/weekends only/);
      expect(seen).to.deep.equal(c.warnings);
      expect(cal.warnings).to.deep.equal([]); // the shared calendar only saw covered years
    });

    it('an override file declaring an uncovered year supplies that year without a warning', () => {
      const c = createCalendar({
        overrides: { years: [2099], holidays: ['2099-01-01', '2099-01-02'], workdays: ['2099-01-04'] },
      });
      expect(c.isWorkday(sh('2099-01-01T10:00:00'))).to.equal(false);
      expect(c.isWorkday(sh('2099-01-04T10:00:00'))).to.equal(true); // Sun, worked
      expect(c.isWorkday(sh('2099-01-05T10:00:00'))).to.equal(true);
      expect(c.isWorkday(sh('2099-01-10T10:00:00'))).to.equal(false); // Sat
      // Wed 2098-12-31: a year the overrides do not mention still warns
      expect(c.isWorkday(sh('2098-12-31T10:00:00'))).to.equal(true);
      expect(c.warnings).to.have.length(1);
      expect(c.warnings[0]).to.match(/2098/);
    });

    it('dates listed for an uncovered year without declaring it in `years` still warn (one local date is not a year)', () => {
      // one local holiday: 2099's 春节 and 调休 are still unknown
      const c = createCalendar({ overrides: { holidays: ['2099-05-20'] } });
      expect(c.isWorkday(sh('2099-05-20T10:00:00'))).to.equal(false); // the listed date still applies
      expect(c.isWorkday(sh('2099-05-21T10:00:00'))).to.equal(true);
      expect(c.warnings).to.have.length(1);
      expect(c.warnings[0])
        .to.match(/2099/)
        .and.match(/besides the dates CALENDAR_OVERRIDES lists/)
        .and.match(/"years": \[2099\]/);
      const d = createCalendar({ overrides: { years: [2099], holidays: ['2099-05-20'] } });
      expect(d.isWorkday(sh('2099-05-20T10:00:00'))).to.equal(false);
      expect(d.isWorkday(sh('2099-05-21T10:00:00'))).to.equal(true);
      expect(d.warnings).to.deep.equal([]);
    });

    it('reads the same days as the chinese-days API does in a process at UTC+8 (2004 … last covered year)', () => {
      // The package's isWorkday() is only right when the machine's zone is not west of UTC (see holidays.ts),
      // so the comparison runs in a child process at Asia/Shanghai.
      const years = coveredYears();
      const [from, to] = [years[0], years[years.length - 1]];
      const script = `
        const cd = require('chinese-days');
        let out = '';
        for (let t = Date.UTC(${from}, 0, 1); t < Date.UTC(${to + 1}, 0, 1); t += 864e5)
          out += cd.isWorkday(new Date(t).toISOString().slice(0, 10)) ? '1' : '0';
        process.stdout.write(out);`;
      const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
      const child = spawnSync(process.execPath, ['-e', script], {
        cwd: root,
        env: { ...process.env, TZ: 'Asia/Shanghai', NODE_OPTIONS: '' },
        encoding: 'utf8',
      });
      expect(child.status, child.stderr).to.equal(0);
      let ours = '';
      for (let t = Date.UTC(from, 0, 1); t < Date.UTC(to + 1, 0, 1); t += 86_400_000)
        ours += isStatutoryWorkday(new Date(t).toISOString().slice(0, 10)) ? '1' : '0';
      expect(ours.length).to.be.greaterThan(365 * 20);
      const firstDiff = [...ours].findIndex((c, i) => c !== child.stdout[i]);
      expect(firstDiff, `first difference at day ${firstDiff}`).to.equal(-1);
      expect(child.stdout.length).to.equal(ours.length);
    });

    it('does not depend on the machine time zone (TZ changed at run time)', () => {
      const probe = () => {
        const c = createCalendar();
        return [
          due(c, '2026-02-12T10:00:00', 'P5D'),
          due(c, '2025-09-26T10:00:00', 'P6D'),
          due(c, '2026-09-29T15:00:00', 'P5D'),
          due(c, '2026-03-02T16:00:00', 'PT4H'),
          due(c, '2026-02-14T10:00:00', 'P1D', 'natural'),
          String(c.isWorkday(sh('2026-10-10T00:30:00'))),
          String(c.isWorkday(sh('2026-10-09T23:30:00'))),
        ];
      };
      const saved = process.env.TZ;
      const expected = probe();
      try {
        for (const tz of ['America/Los_Angeles', 'Pacific/Kiritimati', 'UTC', 'Asia/Shanghai']) {
          process.env.TZ = tz;
          expect(probe(), tz).to.deep.equal(expected);
        }
      } finally {
        if (saved === undefined) delete process.env.TZ;
        else process.env.TZ = saved;
      }
    });
  });

  describe('ISO-8601 durations', () => {
    it('rejects bad input with an error naming it', () => {
      for (const bad of [
        '',
        '   ',
        'P',
        'PT',
        '5D',
        'PXD',
        '-P1D',
        'P-1D',
        'P1DT',
        'P3X',
        'p1d',
        'PT1,5H',
        '1 day',
      ]) {
        expect(isValidIsoDuration(bad), JSON.stringify(bad)).to.equal(false);
        expect(() => parseIsoDuration(bad), JSON.stringify(bad)).to.throw(`"${bad}"`);
        expect(() => cal.addDuration(sh('2026-03-02T10:00:00'), bad, 'workday'), bad).to.throw(`"${bad}"`);
        expect(() => cal.addDuration(sh('2026-03-02T10:00:00'), bad, 'natural'), bad).to.throw(`"${bad}"`);
      }
      expect(() => parseIsoDuration('-P1D')).to.throw(/negative/);
      expect(() => parseIsoDuration('')).to.throw(/empty/);
      expect(() => parseIsoDuration(undefined as unknown as string)).to.throw(/not a string/);
    });

    it('accepts the usual forms', () => {
      for (const ok of [
        'P5D',
        'PT4H',
        'PT30M',
        'P1W',
        'P1DT2H30M',
        'PT0.5H',
        'P0D',
        'P1M',
        'P1Y2M3DT4H5M6S',
        ' P1D ',
      ])
        expect(isValidIsoDuration(ok), ok).to.equal(true);
      expect(parseIsoDuration('P1DT2H30M').toObject()).to.deep.equal({ days: 1, hours: 2, minutes: 30 });
    });

    it('rejects instants and working times that are not numbers', () => {
      expect(() => cal.addDuration(NaN, 'P1D', 'workday')).to.throw(RangeError);
      expect(() => cal.addElapsed(sh('2026-03-02T10:00:00'), -1, 'workday')).to.throw(RangeError);
      expect(() => cal.isWorkday(Infinity)).to.throw(RangeError);
    });
  });

  describe('time limits are bounded (3 years) and counted without walking day by day', () => {
    const cal = createCalendar();
    const start = sh('2026-03-02T10:00:00');

    it('refuses durations beyond the horizon on either calendar before any arithmetic', () => {
      for (const [iso, kind] of [
        ['P2000000D', 'workday'],
        ['P751D', 'workday'],
        ['P151W', 'workday'],
        ['PT6000H', 'workday'],
        ['P1099D', 'natural'],
        ['P4Y', 'natural'],
        ['P37M', 'natural'],
      ] as const)
        expect(() => cal.addDuration(start, iso, kind), `${iso} ${kind}`).to.throw(
          HorizonError,
          /maximum time limit/,
        );
      expect(() => cal.addElapsed(start, 1099 * 24 * HOUR, 'natural')).to.throw(HorizonError);
    });

    it('accepts the horizon itself', () => {
      expect(() => cal.addDuration(start, 'P750D', 'workday')).not.to.throw();
      expect(() => cal.addDuration(start, 'P3Y', 'natural')).not.to.throw();
      expect(() => cal.addDuration(start, 'P36M', 'natural')).not.to.throw();
    });

    it('n working days at once equals n single working days one after the other (holidays, 调休, year ends)', () => {
      const from = sh('2024-12-01T00:00:00');
      fc.assert(
        fc.property(
          fc.integer({ min: 0, max: 3 * 365 * 24 * 4 }), // quarter hours from 2024-12-01
          fc.integer({ min: 1, max: 400 }),
          (q, n) => {
            const t = from + q * 15 * 60_000;
            let stepwise = t;
            for (let i = 0; i < n; i++) stepwise = cal.addDuration(stepwise, 'P1D', 'workday');
            expect(show(cal.addDuration(t, `P${n}D`, 'workday')), `${show(t)} + P${n}D`).to.equal(
              show(stepwise),
            );
          },
        ),
        { numRuns: 60 },
      );
    });

    it('knows the working days around the Spring Festival 2026 and across a year end', () => {
      // 2026 Spring Festival: 02-15 … 02-23 off, 02-14 (Sat) and 02-28 (Sat) worked
      expect(due(cal, '2026-02-13T10:00:00', 'P1D')).to.equal(local('2026-02-14T10:00:00'));
      expect(due(cal, '2026-02-14T10:00:00', 'P1D')).to.equal(local('2026-02-24T10:00:00'));
      expect(due(cal, '2025-12-31T10:00:00', 'P1D')).to.equal(local('2026-01-04T10:00:00'));
    });
  });
});
