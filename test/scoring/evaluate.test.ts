import { expect } from 'chai';
import { DEFAULT_SCHEME } from '../../engine/scoring/default-scheme.js';
import { evaluate, mustRecuse, type ManualEntry, type Subject } from '../../engine/scoring/evaluate.js';
import { SCORABLE_FIGURES } from '../../engine/scoring/figures.js';
import { DETAIL_CODES } from '../../engine/error-codes.js';
import { schemeProblems, type SchemeBody, type SchemeItem } from '../../engine/scoring/scheme.js';

const GRADES: SchemeBody['grades'] = [
  { grade: 'excellent', label: '优秀', min: 95 },
  { grade: 'good', label: '良好', min: 85 },
  { grade: 'pass', label: '合格', min: 65 },
  { grade: 'fail', label: '不合格', min: 0 },
];
const scheme = (items: SchemeItem[], extra: Partial<SchemeBody> = {}): SchemeBody => ({
  name: 't',
  validFrom: '2026-01-01',
  base: 0,
  items,
  grades: GRADES,
  ...extra,
});
const entry = (itemId: string, e: Partial<ManualEntry>): ManualEntry => ({
  itemId,
  reason: 'r',
  by: 'a',
  ...e,
});

const onTime: SchemeItem = {
  kind: 'target',
  id: 'ot',
  label: 'on time',
  figure: 'taskOnTimeRate',
  target: 0.95,
  points: 10,
  step: 0.05,
  stepPoints: 0.5,
};

describe('scoring: scheme evaluation', () => {
  const cases: Array<{
    name: string;
    item: SchemeItem;
    figures?: Record<string, number | null>;
    entries?: ManualEntry[];
    points: number;
  }> = [
    { name: 'target met', item: onTime, figures: { taskOnTimeRate: 0.97 }, points: 10 },
    { name: 'target met exactly', item: onTime, figures: { taskOnTimeRate: 0.95 }, points: 10 },
    { name: 'one started step below', item: onTime, figures: { taskOnTimeRate: 0.94 }, points: 9.5 },
    { name: 'two whole steps below', item: onTime, figures: { taskOnTimeRate: 0.85 }, points: 9 },
    {
      name: 'steps never go under 0',
      item: { ...onTime, stepPoints: 4 },
      figures: { taskOnTimeRate: 0.5 },
      points: 0,
    },
    {
      name: 'a min lets steps go negative',
      item: { ...onTime, stepPoints: 4, min: -20 },
      figures: { taskOnTimeRate: 0.5 },
      points: -20,
    },
    { name: 'no figure: full points', item: onTime, figures: { taskOnTimeRate: null }, points: 10 },
    { name: 'no figure, ifNone zero', item: { ...onTime, ifNone: 'zero' }, figures: {}, points: 0 },
    {
      name: 'no step: all or nothing',
      item: { ...onTime, step: undefined, stepPoints: undefined },
      figures: { taskOnTimeRate: 0.94 },
      points: 0,
    },
    {
      name: 'atMost above by one step',
      item: {
        kind: 'target',
        id: 'rw',
        label: 'rework',
        figure: 'reworkRate',
        direction: 'atMost',
        target: 0.05,
        points: 10,
        step: 0.05,
        stepPoints: 2,
      },
      figures: { reworkRate: 0.1 },
      points: 8,
    },
    {
      name: 'threshold reached',
      item: {
        kind: 'threshold',
        id: 'vr',
        label: 'reports',
        figure: 'validReports',
        atLeast: 20,
        points: 50,
      },
      figures: { validReports: 20 },
      points: 50,
    },
    {
      name: 'threshold missed',
      item: {
        kind: 'threshold',
        id: 'vr',
        label: 'reports',
        figure: 'validReports',
        atLeast: 20,
        points: 50,
      },
      figures: { validReports: 19 },
      points: 0,
    },
    {
      name: 'per event from a figure, capped',
      item: { kind: 'perEvent', id: 'sv', label: 'supervised', figure: 'supervised', points: -2, min: -10 },
      figures: { supervised: 7 },
      points: -10,
    },
    {
      name: 'per event entered by assessors, uncapped',
      item: { kind: 'perEvent', id: 'um', label: 'unreported', points: -5 },
      entries: [entry('um', { count: 3 }), entry('um', { count: 2 }), entry('other', { count: 9 })],
      points: -25,
    },
    {
      name: 'manual points summed and capped',
      item: { kind: 'manual', id: 'mt', label: 'meetings', min: 0, max: 10 },
      entries: [entry('mt', { points: 6 }), entry('mt', { points: 6 })],
      points: 10,
    },
    {
      name: 'manual points with no entry',
      item: { kind: 'manual', id: 'mt', label: 'meetings', min: 0, max: 10 },
      points: 0,
    },
  ];
  for (const c of cases)
    it(c.name, () => {
      const s = evaluate(scheme([c.item], { base: 0 }), c.figures ?? {}, c.entries ?? []);
      expect(s.items).to.have.length(1);
      expect(s.items[0].points).to.equal(c.points);
      expect(s.total).to.equal(c.points);
    });

  const grades: Array<[number, string]> = [
    [100, 'excellent'],
    [95, 'excellent'],
    [94.5, 'good'],
    [85, 'good'],
    [84.99, 'pass'],
    [65, 'pass'],
    [64, 'fail'],
    [0, 'fail'],
    [-30, 'fail'],
  ];
  for (const [total, grade] of grades)
    it(`grades a total of ${total} as ${grade}`, () => {
      expect(evaluate(scheme([], { base: total }), {}).grade).to.equal(grade);
    });

  it('caps the total at the scheme min and max', () => {
    const bonus: SchemeItem = {
      kind: 'threshold',
      id: 'b',
      label: 'b',
      figure: 'validReports',
      atLeast: 1,
      points: 50,
    };
    expect(evaluate(scheme([bonus], { base: 90, max: 120 }), { validReports: 3 }).total).to.equal(120);
    const fine: SchemeItem = { kind: 'perEvent', id: 'f', label: 'f', points: -5 };
    const low = evaluate(scheme([fine], { base: 10, min: 0 }), {}, [entry('f', { count: 4 })]);
    expect(low.total).to.equal(0);
    expect(low.items[0].points).to.equal(-20);
  });

  it('scores the default scheme to 100 for a clean month with full manual items', () => {
    const s = evaluate(
      DEFAULT_SCHEME,
      { taskOnTimeRate: 1, reworkRate: 0, returnRate: 0, supervised: 0, validReports: 3 },
      [entry('letters', { points: 10 }), entry('meetings', { points: 10 })],
    );
    expect(s.total).to.equal(100);
    expect(s.gradeLabel).to.equal('优秀');
    const poor = evaluate(DEFAULT_SCHEME, { taskOnTimeRate: 0.8, supervised: 2 }, [
      entry('unreported', { count: 1 }),
    ]);
    // 50 + 8.5 + 10 + 10 + 0 + 0 − 5 − 4
    expect(poor.total).to.equal(69.5);
    expect(poor.grade).to.equal('pass');
  });

  it('validates schemes: the default passes, broken ones name the field', () => {
    expect(schemeProblems(DEFAULT_SCHEME, SCORABLE_FIGURES)).to.deep.equal([]);
    const bad = (b: unknown) => schemeProblems(b, SCORABLE_FIGURES).map((p) => p.field);
    expect(bad({ ...DEFAULT_SCHEME, base: 'x' })).to.include('/base');
    expect(bad({ ...DEFAULT_SCHEME, items: [{ ...onTime, figure: 'nope' }] })).to.deep.equal([
      '/items/0/figure',
    ]);
    expect(bad({ ...DEFAULT_SCHEME, items: [onTime, onTime] })).to.deep.equal(['/items/1/id']);
    expect(bad({ ...DEFAULT_SCHEME, items: [{ ...onTime, stepPoints: undefined }] })).to.deep.equal([
      '/items/0/step',
    ]);
    expect(bad({ ...DEFAULT_SCHEME, validFrom: '2026-1-1' })).to.include('/validFrom');
    expect(bad({ ...DEFAULT_SCHEME, items: [{ kind: 'manual', id: 'm', label: 'm', extra: 1 }] })).to.not.be
      .empty;
  });

  it('scheme problems are machine-readable: a listed code and the values its words name, never prose to parse', () => {
    const codes = (b: unknown) => schemeProblems(b, SCORABLE_FIGURES).map((p) => [p.field, p.code, p.params]);
    expect(codes({ ...DEFAULT_SCHEME, items: [{ ...onTime, figure: 'nope' }] })).to.deep.equal([
      [
        '/items/0/figure',
        'scheme.unknown-figure',
        { field: 'items/0/figure', figure: 'nope', allowed: [...SCORABLE_FIGURES] },
      ],
    ]);
    expect(codes({ ...DEFAULT_SCHEME, items: [onTime, onTime] })).to.deep.equal([
      ['/items/1/id', 'scheme.duplicate-item', { field: 'items/1/id', id: onTime.id }],
    ]);
    expect(
      codes({ ...DEFAULT_SCHEME, items: [{ kind: 'manual', id: 'm', label: 'm', min: 5, max: 1 }] }),
    ).to.deep.equal([['/items/0/min', 'scheme.min-above-max', { field: 'items/0/min', min: 5, max: 1 }]]);
    expect(
      codes({ ...DEFAULT_SCHEME, grades: [DEFAULT_SCHEME.grades[0], DEFAULT_SCHEME.grades[0]] }),
    ).to.deep.equal([['/grades', 'scheme.duplicate-grade-min', { field: 'grades' }]]);
    // ajv's findings as field codes with their limits
    expect(codes({ ...DEFAULT_SCHEME, base: 'x' })).to.deep.include([
      '/base',
      'field.type',
      { field: 'base', type: 'number' },
    ]);
    const broken = [
      { ...DEFAULT_SCHEME, base: 'x', validFrom: '2026-1-1', grades: [] },
      {
        ...DEFAULT_SCHEME,
        items: [
          { ...onTime, stepPoints: undefined },
          { kind: 'manual', id: 'm', label: 'm', extra: 1 },
        ],
      },
    ];
    for (const b of broken)
      for (const p of schemeProblems(b, SCORABLE_FIGURES)) {
        expect(p.code in DETAIL_CODES, JSON.stringify(p)).to.equal(true);
        expect(p.code).to.not.equal('field.invalid');
        expect(p.message).to.be.a('string').and.not.empty;
      }
  });

  const recusals: Array<[string, string[], Subject, boolean]> = [
    ['a', ['g1'], { kind: 'unit', unit: 'g1' }, true],
    ['a', ['g1'], { kind: 'unit', unit: 'g2' }, false],
    ['a', ['s1'], { kind: 'department', unit: 's1', role: 'fire' }, true],
    ['a', ['s2'], { kind: 'department', unit: 's1', role: 'fire' }, false],
    ['a', [], { kind: 'person', person: 'a', units: [] }, true],
    ['a', ['g1'], { kind: 'person', person: 'b', units: ['g1'] }, true],
    ['a', ['g1'], { kind: 'person', person: 'b', units: ['g2'] }, false],
  ];
  for (const [who, units, subject, refused] of recusals)
    it(`回避: ${who} of [${units}] on ${JSON.stringify(subject)} → ${refused ? 'refused' : 'allowed'}`, () => {
      expect(mustRecuse(who, units, subject)).to.equal(refused);
    });
});
