import { expect } from 'chai';
import { parsePeriod } from '../../engine/scoring/period.js';

const TZ = 'Asia/Shanghai';
const at = (s: string) => Date.parse(s);

describe('scoring: assessment periods', () => {
  const ok: Array<[string, string, string, string]> = [
    ['2026-11', '2026-11-01T00:00:00+08:00', '2026-12-01T00:00:00+08:00', '2026-11-01'],
    ['2026-12', '2026-12-01T00:00:00+08:00', '2027-01-01T00:00:00+08:00', '2026-12-01'],
    ['2026-Q4', '2026-10-01T00:00:00+08:00', '2027-01-01T00:00:00+08:00', '2026-10-01'],
    ['2026-Q1', '2026-01-01T00:00:00+08:00', '2026-04-01T00:00:00+08:00', '2026-01-01'],
    ['2026-11-01..2026-11-15', '2026-11-01T00:00:00+08:00', '2026-11-16T00:00:00+08:00', '2026-11-01'],
  ];
  for (const [s, from, to, day] of ok)
    it(`${s} is [${from}, ${to})`, () => {
      expect(parsePeriod(s, TZ)).to.deep.equal({ key: s, from: at(from), to: at(to), firstDay: day });
    });
  for (const s of ['2026-13', '2026-Q5', '2026-11-15..2026-11-01', '2025-01-01..2026-06-01', '2026', 'x'])
    it(`refuses ${s}`, () => expect(parsePeriod(s, TZ)).to.equal(null));
});
