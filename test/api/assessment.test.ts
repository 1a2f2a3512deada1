import { expect } from 'chai';
import { assess, breached, daysOf, figures, isRework, type TaskFact } from '../../engine/sla/assessment.js';

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

  it('按期结案率: on-time completions over completions due plus overdue open tasks due in the period', () => {
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
    expect(f.due).to.equal(5); // ontime, late, escalated + overdue, open-esc
    expect(f.dueOnTime).to.equal(1);
    expect(f.onTimeRate).to.equal(0.2);
    // overdue now: open tasks past due or escalated (future is past due at now = T0 + 9D)
    expect(f.overdueNow).to.equal(3);
    expect(figures(base, [], [], []).onTimeRate).to.equal(null);
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

  it('averages handling time in working hours and counts rework', () => {
    const workingMs = (a: number, b: number) => (b - a) / 3; // pretend a third of wall time is working time
    const f = figures(
      { ...base, workingMs },
      [{ id: 'i1', gridUnit: 'g1', status: 'completed', startedAt: T0, endedAt: T0 + 6 * H }],
      [
        task({ id: 'a', createdAt: T0, completedAt: T0 + 3 * H, data: { passed: false } }),
        task({ id: 'b', createdAt: T0, completedAt: T0 + 9 * H, data: { recheckPassed: false } }),
        task({ id: 'c', createdAt: T0, completedAt: T0 + 6 * H, data: { passed: true } }),
      ],
      [],
    );
    expect(f.avgTaskHandlingHours).to.equal(2);
    expect(f.avgCaseHandlingHours).to.equal(2);
    expect(f.rework).to.equal(2);
    expect(isRework({ data: { passed: 'no' } })).to.equal(false);
    expect(figures(base, [], [], []).avgTaskHandlingHours).to.equal(null);
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
