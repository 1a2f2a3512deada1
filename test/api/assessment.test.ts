import { expect } from 'chai';
import {
  assess,
  breached,
  caseHolds,
  daysOf,
  figures,
  type CaseFact,
  type TaskFact,
} from '../../engine/sla/assessment.js';

const H = 3_600_000;
const D = 24 * H;
const T0 = Date.parse('2026-03-02T00:00:00+08:00'); // Monday
const base = { from: T0, to: T0 + 7 * D, now: T0 + 10 * D, workingMs: (a: number, b: number) => b - a };

const task = (over: Partial<TaskFact>): TaskFact => ({
  id: 't',
  instanceId: 'i1',
  gridUnit: 'g1',
  status: 'completed',
  createdAt: T0,
  escalated: false,
  ...over,
});

describe('assessment figures (pure)', () => {
  it('counts received, closed, closed on time and cancelled cases by period', () => {
    const f = figures(
      base,
      [
        { id: 'i1', gridUnit: 'g1', status: 'completed', startedAt: T0 + H, endedAt: T0 + 2 * D },
        { id: 'i2', gridUnit: 'g1', status: 'completed', startedAt: T0 - 3 * D, endedAt: T0 + D }, // started before
        { id: 'i3', gridUnit: 'g1', status: 'cancelled', startedAt: T0 + H, endedAt: T0 + 2 * H },
        { id: 'i4', gridUnit: 'g1', status: 'active', startedAt: T0 + 8 * D }, // after the period
        { id: 'i5', gridUnit: 'g1', status: 'terminated', startedAt: T0, endedAt: T0 + 8 * D }, // closed after
      ],
      [
        task({ id: 'a', instanceId: 'i1', dueAt: T0 + 3 * D, completedAt: T0 + 2 * D }),
        task({ id: 'b', instanceId: 'i2', dueAt: T0, completedAt: T0 + D }), // late
      ],
      [],
    );
    expect(f).to.include({ received: 3, closed: 2, closedOnTime: 1, cancelled: 1 });
  });

  it('task on-time rate: on-time completions over completions due plus overdue open tasks due in the period', () => {
    const tasks = [
      task({ id: 'ontime', dueAt: T0 + 2 * D, completedAt: T0 + D }),
      task({ id: 'late', dueAt: T0 + D, completedAt: T0 + 2 * D }),
      // escalated then completed within the new window: still not on time
      task({
        id: 'escalated',
        dueAt: T0 + 5 * D,
        firstDueAt: T0 + D,
        completedAt: T0 + 3 * D,
        escalated: true,
      }),
      // open, due in the period and passed
      task({ id: 'overdue', status: 'open', dueAt: T0 + 3 * D }),
      // open, escalated: its original due date counts, the new one has not passed yet
      task({ id: 'open-esc', status: 'open', dueAt: T0 + 20 * D, firstDueAt: T0 + 4 * D, escalated: true }),
      // open, due after the period: not due yet
      task({ id: 'future', status: 'open', dueAt: T0 + 8 * D }),
      // no SLA: never due
      task({ id: 'nosla', completedAt: T0 + D }),
      // completed before the period
      task({ id: 'old', dueAt: T0 - D, completedAt: T0 - 2 * D }),
    ];
    const f = figures({ ...base, now: T0 + 9 * D }, [], tasks, []);
    expect(f.taskDue).to.equal(5); // ontime, late, escalated + overdue, open-esc
    expect(f.taskDueOnTime).to.equal(1);
    expect(f.taskOnTimeRate).to.equal(0.2);
    // overdue now: open tasks past due or escalated (future is past due at now = T0 + 9D)
    expect(f.overdueNow).to.equal(3);
    expect(figures(base, [], [], []).taskOnTimeRate).to.equal(null);
  });

  it('按期结案率 counts cases, not tasks: closed cases with an SLA plus open cases that ran out in the period', () => {
    const c = (id: string, over: Partial<CaseFact> = {}): CaseFact => ({
      id,
      gridUnit: 'g1',
      status: 'completed',
      startedAt: T0,
      endedAt: T0 + 3 * D,
      ...over,
    });
    const cases = [
      c('fast'), // three tasks, all on time: one case on time, not three
      c('slow'), // one of its two tasks late: the case is late
      c('nosla'), // no SLA at all: never due
      c('open', { status: 'active', endedAt: undefined }), // two overdue open tasks: one case due
      // overdue and paused (挂起) now: the pause does not stop the assessed clock, so it is due (and late)
      c('held', { status: 'active', endedAt: undefined }),
      c('parked', { status: 'active', endedAt: undefined }), // overdue but parked (挂账) now: deferred, not due
      c('later', { status: 'active', endedAt: undefined }), // runs out after the period
    ];
    const tasks = [
      task({ id: 'f1', instanceId: 'fast', dueAt: T0 + D, completedAt: T0 + H }),
      task({ id: 'f2', instanceId: 'fast', dueAt: T0 + 2 * D, completedAt: T0 + D }),
      task({ id: 'f3', instanceId: 'fast', dueAt: T0 + 3 * D, completedAt: T0 + 2 * D }),
      task({ id: 's1', instanceId: 'slow', dueAt: T0 + D, completedAt: T0 + H }),
      task({ id: 's2', instanceId: 'slow', dueAt: T0 + D, completedAt: T0 + 2 * D }),
      task({ id: 'n1', instanceId: 'nosla', completedAt: T0 + D }),
      task({ id: 'o1', instanceId: 'open', status: 'open', dueAt: T0 + 2 * D }),
      task({ id: 'o2', instanceId: 'open', status: 'open', dueAt: T0 + 3 * D }),
      task({ id: 'h1', instanceId: 'held', status: 'open', dueAt: T0 + 2 * D, pausedSince: T0 + 3 * D }),
      task({ id: 'k1', instanceId: 'parked', status: 'open', dueAt: T0 + 2 * D, parked: true }),
      task({ id: 'l1', instanceId: 'later', status: 'open', dueAt: T0 + 8 * D }),
    ];
    const f = figures(base, cases, tasks, []);
    expect(f).to.include({ closed: 3, closedOnTime: 2, due: 4, dueOnTime: 1 }); // fast, slow, open, held
    expect(f.onTimeRate).to.equal(0.25);
    expect(f).to.include({ backlogNow: 1 }); // parked: reported apart (挂账数), not overdue
    // per task: f1–f3, s1, s2 completed + o1, o2, h1 open overdue; 4 on time
    expect(f).to.include({ taskDue: 8, taskDueOnTime: 4, taskOnTimeRate: 0.5 });
  });

  it('groups escalations by level (挂牌督办 as supervised) within the period', () => {
    const f = figures(
      base,
      [],
      [],
      [
        { gridUnit: 'g1', toLevel: 'community', firedAt: T0 + D },
        { gridUnit: 'g1', toLevel: 'community', firedAt: T0 + 2 * D },
        { gridUnit: 'g1', toLevel: 'street', firedAt: T0 + 3 * D },
        { gridUnit: 'g1', toLevel: 'district', supervised: true, firedAt: T0 + 4 * D },
        { gridUnit: 'g1', toLevel: 'street', firedAt: T0 + 9 * D },
      ],
    );
    expect(f.escalations).to.deep.equal({ total: 4, byLevel: { community: 2, street: 1, supervised: 1 } });
  });

  it('averages handling time in working hours', () => {
    const workingMs = (a: number, b: number) => (b - a) / 3; // pretend a third of wall time is working time
    const f = figures(
      { ...base, workingMs },
      [{ id: 'i1', gridUnit: 'g1', status: 'completed', startedAt: T0, endedAt: T0 + 6 * H }],
      [
        task({ id: 'a', createdAt: T0, completedAt: T0 + 3 * H }),
        task({ id: 'b', createdAt: T0, completedAt: T0 + 9 * H }),
        task({ id: 'c', createdAt: T0, completedAt: T0 + 6 * H }),
      ],
      [],
    );
    expect(f.avgTaskHandlingHours).to.equal(2);
    expect(f.avgCaseHandlingHours).to.equal(2);
    expect(figures(base, [], [], []).avgTaskHandlingHours).to.equal(null);
    // and on the wall clock, labelled apart: 6 h per task and per case
    expect(f.avgTaskCalendarHours).to.equal(6);
    expect(f.avgCaseCalendarHours).to.equal(6);
    expect(figures(base, [], [], []).avgCaseCalendarHours).to.equal(null);
  });

  it('a case reported and closed on a Saturday: 0 working hours, its calendar hours counted', () => {
    const sat = T0 + 5 * D + 10 * H; // Sat 10:00
    const noWorkOnWeekends = (a: number, b: number) => (a >= T0 + 5 * D ? 0 : b - a);
    const f = figures(
      { ...base, workingMs: noWorkOnWeekends },
      [{ id: 'i1', gridUnit: 'g1', status: 'completed', startedAt: sat, endedAt: sat + 3 * H }],
      [task({ id: 'a', createdAt: sat, completedAt: sat + 2 * H })],
      [],
    );
    expect(f).to.include({
      avgTaskHandlingHours: 0,
      avgCaseHandlingHours: 0,
      avgTaskCalendarHours: 2,
      avgCaseCalendarHours: 3,
    });
  });

  it('handling time leaves paused time out, for tasks and for cases on hold', () => {
    const f = figures(
      base,
      [{ id: 'i1', gridUnit: 'g1', status: 'completed', startedAt: T0, endedAt: T0 + 10 * H }],
      [
        // 0–6 h, paused 1–3 h: 4 h
        task({ id: 'a', createdAt: T0, completedAt: T0 + 6 * H, pauses: [{ from: T0 + H, to: T0 + 3 * H }] }),
        // 6–10 h, paused from 8 h until it was completed: 2 h
        task({ id: 'b', createdAt: T0 + 6 * H, completedAt: T0 + 10 * H, pausedSince: T0 + 8 * H }),
      ],
      [],
    );
    expect(f.avgTaskHandlingHours).to.equal(3);
    // the case was on hold 1–3 h and 8–10 h: 6 of its 10 hours count
    expect(f.avgCaseHandlingHours).to.equal(6);
    // parallel tasks: the case is on hold only while every open task is paused
    const holds = caseHolds(
      [
        task({ id: 'p', createdAt: T0, completedAt: T0 + 4 * H, pauses: [{ from: T0, to: T0 + 3 * H }] }),
        task({ id: 'q', createdAt: T0, completedAt: T0 + 2 * H, pauses: [{ from: T0 + H, to: T0 + 2 * H }] }),
      ],
      T0,
      T0 + 5 * H,
    );
    expect(holds).to.deep.equal([{ from: T0 + H, to: T0 + 3 * H }]);
  });

  it('rework: cases sent back in the period, and the share of closed cases ever sent back', () => {
    const cases: CaseFact[] = [
      { id: 'i1', gridUnit: 'g1', status: 'completed', startedAt: T0, endedAt: T0 + 2 * D },
      { id: 'i2', gridUnit: 'g1', status: 'completed', startedAt: T0 - 9 * D, endedAt: T0 + 2 * D },
      { id: 'i3', gridUnit: 'g1', status: 'completed', startedAt: T0, endedAt: T0 + 3 * D },
      { id: 'i4', gridUnit: 'g1', status: 'active', startedAt: T0 },
    ];
    const f = figures(
      base,
      cases,
      [],
      [],
      [
        { instanceId: 'i1', gridUnit: 'g1', at: T0 + D }, // twice in the period: one case
        { instanceId: 'i1', gridUnit: 'g1', at: T0 + D + H },
        { instanceId: 'i2', gridUnit: 'g1', at: T0 - 5 * D }, // before the period: not in `rework`, but in the rate
        { instanceId: 'i4', gridUnit: 'g1', at: T0 + 2 * D }, // open
      ],
    );
    expect(f.rework).to.equal(2); // i1, i4
    expect(f.reworkRate).to.equal(0.6667); // i1 and i2 of the three closed
    expect(figures(base, [], [], []).reworkRate).to.equal(null);
  });

  it('task figures by handling unit and level, next to the per-child figures by the cases grid', () => {
    const a = assess({
      ...base,
      timezone: 'Asia/Shanghai',
      unit: { code: 'c', name: '社区', level: 'community' },
      children: [{ code: 'g1', name: '第1网格', level: 'grid', codes: ['g1'] }],
      units: [
        { code: 'g1', name: '第1网格', level: 'grid' },
        { code: 'c', name: '社区', level: 'community' },
        { code: 's', name: '街道', level: 'street' },
      ],
      cases: [{ id: 'i1', gridUnit: 'g1', status: 'active', startedAt: T0 }],
      tasks: [
        task({ id: 'a', unit: 'g1', dueAt: T0 + D, completedAt: T0 + 2 * H }),
        task({ id: 'b', unit: 'c', dueAt: T0 + D, completedAt: T0 + 2 * D, createdAt: T0 + D - 4 * H }),
        task({ id: 'x', unit: 's', status: 'open', dueAt: T0 + 2 * D, escalated: true }),
        task({ id: 'old', unit: 'g1', completedAt: T0 - D }), // before the period
      ],
      escalations: [],
    });
    expect(
      a.byUnit.map((u) => [u.code, u.level, u.completed, u.due, u.dueOnTime, u.overdueNow]),
    ).to.deep.equal([
      ['c', 'community', 1, 1, 0, 0],
      ['g1', 'grid', 1, 1, 1, 0],
      ['s', 'street', 0, 1, 0, 1],
    ]);
    expect(a.byUnit.find((u) => u.code === 'c')).to.include({ name: '社区', avgHandlingHours: 28 });
    expect(Object.keys(a.byLevel).sort()).to.deep.equal(['community', 'grid', 'street']);
    expect(a.byLevel.grid).to.include({ completed: 1, onTimeRate: 1, avgHandlingHours: 2 });
    // the child figures stay attributed by the case's grid
    expect(a.children[0]).to.include({ code: 'g1', taskDue: 3, overdueNow: 1 });
  });

  it('breached(): escalated, completed late, or open past due', () => {
    expect(breached(task({ escalated: true }), T0)).to.equal(true);
    expect(breached(task({ dueAt: T0, completedAt: T0 }), T0)).to.equal(false);
    expect(breached(task({ dueAt: T0, completedAt: T0 + 1 }), T0)).to.equal(true);
    expect(breached(task({ status: 'open', dueAt: T0 }), T0 + 1)).to.equal(true);
    expect(breached(task({ status: 'open' }), T0 + D)).to.equal(false);
    expect(breached(task({ status: 'cancelled', dueAt: T0 }), T0 + D)).to.equal(false);
  });

  it('breaks figures down per child unit and builds a daily escalation series in the business time zone', () => {
    const a = assess({
      ...base,
      timezone: 'Asia/Shanghai',
      unit: { code: 'c', name: '社区', level: 'community' },
      children: [
        { code: 'z1', name: '东片区', level: 'zone', codes: ['z1', 'g1', 'g2'] },
        { code: 'z2', name: '西片区', level: 'zone', codes: ['z2', 'g3'] },
      ],
      cases: [
        { id: 'i1', gridUnit: 'g1', status: 'active', startedAt: T0 + H },
        { id: 'i2', gridUnit: 'g3', status: 'active', startedAt: T0 + H },
        { id: 'i3', gridUnit: 'g3', status: 'active', startedAt: T0 + 2 * H },
        { id: 'i4', gridUnit: 'c', status: 'active', startedAt: T0 + 2 * H },
      ],
      tasks: [],
      escalations: [
        // 23:30 Beijing time on Monday is still Monday
        { gridUnit: 'g1', toLevel: 'community', firedAt: T0 + 23.5 * H },
        { gridUnit: 'g3', toLevel: 'street', firedAt: T0 + 24.5 * H },
      ],
    });
    expect(a.received).to.equal(4);
    expect(a.children.map((c) => [c.code, c.received, c.escalations.total])).to.deep.equal([
      ['z1', 1, 1],
      ['z2', 2, 1],
    ]);
    expect(a.series).to.have.length(7);
    expect(a.series[0]).to.deep.equal({ date: '2026-03-02', total: 1, byLevel: { community: 1 } });
    expect(a.series[1]).to.deep.equal({ date: '2026-03-03', total: 1, byLevel: { street: 1 } });
    expect(a.series[6]).to.deep.equal({ date: '2026-03-08', total: 0, byLevel: {} });
    expect(daysOf(T0, T0 + 1, 'Asia/Shanghai')).to.deep.equal(['2026-03-02']);
  });
});
