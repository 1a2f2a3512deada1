// 退单 / 延期 / 挂账 as pure transitions: (state, command) → (state, effects), on a state taken from a real
// engine but run here without the store, the queues or the clock.
import { expect } from 'chai';
import { fireTimer } from '../../engine/runtime/semantics.js';
import * as requests from '../../engine/runtime/task-requests.js';
import * as returns from '../../engine/runtime/task-return.js';
import * as tasksOps from '../../engine/runtime/tasks.js';
import { CommandError, Tx, type StepContext } from '../../engine/runtime/transition.js';
import type { InstanceState } from '../../engine/runtime/types.js';
import { loadConfig, returnWindowFromEnv } from '../../engine/config.js';
import { GRID1, STREET_XT, ZONE_EAST, testEngine, type TestEngine } from '../helpers/engine.js';
import { flow, processXml } from './fixtures.js';

const DEPT = processXml(
  'pdept',
  `<bpmn:startEvent id="s"/>${flow('f0', 's', 'work')}
   <bpmn:userTask id="work" name="办理" grid:level="grid" grid:candidateRoles="handler" grid:sla="P3D" grid:calendar="workday" grid:warnAt="0.5"/>
   ${flow('f1', 'work', 'e')}<bpmn:endEvent id="e"/>`,
);

const at = (iso: string) => Date.parse(iso);
/** Fri 2026-03-06 09:00 Asia/Shanghai */
const FRIDAY_9 = at('2026-03-06T01:00:00Z');

describe('退单 / 延期 / 挂账 transitions (pure)', () => {
  let t: TestEngine;
  let s0: InstanceState;
  let taskId: string;
  let ctx: (now: number, actor?: string) => StepContext;

  before(async () => {
    t = await testEngine({ now: FRIDAY_9 });
    await t.engine.deploy(DEPT);
    const inst = await t.engine.start('pdept', { gridUnit: GRID1 }, 'wangwei');
    s0 = await t.engine.waitForIdle(inst._id);
    taskId = Object.keys(s0.tasks)[0];
    const def = await t.engine.definitions.compiled(s0.definitionKey, s0.definitionVersion);
    ctx = (now, actor = 'wangwei') => ({ def, now, calendar: t.engine.calendar, actor });
  });
  after(() => t.close());

  const run = (s: InstanceState, now: number, op: (tx: Tx) => void, actor?: string) => {
    const tx = new Tx(ctx(now, actor), s);
    op(tx);
    return { ...tx.done(), changed: tx.changed };
  };
  const codeOf = (fn: () => unknown) => {
    try {
      fn();
      return 'ok';
    } catch (err) {
      return err instanceof CommandError ? (err.reason ?? err.code) : String(err);
    }
  };

  describe('the 退单 window: 2 working days from dispatch (Fri 09:00 → Tue 09:00 over the weekend)', () => {
    const table: Array<[string, string]> = [
      ['2026-03-06T01:00:00Z', 'ok'], // at once
      ['2026-03-07T06:00:00Z', 'ok'], // Saturday
      ['2026-03-09T09:00:00Z', 'ok'], // Mon 17:00
      ['2026-03-10T00:59:00Z', 'ok'], // Tue 08:59
      ['2026-03-10T01:01:00Z', 'return.window-closed'], // Tue 09:01
      ['2026-03-12T01:00:00Z', 'return.window-closed'],
    ];
    for (const [when, expected] of table)
      it(`${when}: ${expected}`, () => {
        const window = returns.DEFAULT_RETURN_WINDOW;
        expect(
          codeOf(() =>
            run(s0, at(when), (tx) =>
              returns.returnTask(tx, taskId, { reason: '不属本单位', window, supervisor: false }),
            ),
          ),
        ).to.equal(expected);
      });
  });

  it('RETURN_WINDOW: an ISO duration of days/hours (default P2D); a shorter window closes sooner', () => {
    expect(loadConfig({}).returnWindow).to.equal('P2D');
    expect(loadConfig({}).backlogApprovalLevel).to.equal('street');
    expect(returnWindowFromEnv(' PT4H ')).to.equal('PT4H');
    expect(returnWindowFromEnv('P1DT4H')).to.equal('P1DT4H');
    for (const bad of ['2', 'P', 'PT', 'P2W', 'two days', '-P1D'])
      expect(() => returnWindowFromEnv(bad), bad).to.throw(/RETURN_WINDOW/);
    // 4 working hours from Fri 09:00 (work hours 09:00-12:00, 13:30-17:30): Fri 14:30
    const cmd = { reason: '不属本单位', window: 'PT4H', supervisor: false };
    const ok = at('2026-03-06T06:29:00Z');
    const late = at('2026-03-06T06:31:00Z');
    expect(codeOf(() => run(s0, ok, (tx) => returns.returnTask(tx, taskId, cmd)))).to.equal('ok');
    expect(codeOf(() => run(s0, late, (tx) => returns.returnTask(tx, taskId, cmd)))).to.equal(
      'return.window-closed',
    );
  });

  it('a return stops the SLA, goes to the unit above; a second return by the same unit needs a supervisor', () => {
    const now = FRIDAY_9 + 3_600_000;
    const cmd = { reason: '不属本单位', window: 'P2D', supervisor: false };
    const r1 = run(s0, now, (tx) => returns.returnTask(tx, taskId, cmd));
    const task = r1.state.tasks[taskId];
    expect(task).to.include({ unit: ZONE_EAST, dueAt: undefined, assessDueAt: undefined });
    expect(task.candidateRoles).to.deep.equal(['supervisor']);
    expect(Object.values(r1.state.timers).filter((x) => x.taskId === taskId)).to.deep.equal([]);
    expect(r1.effects.map((e) => e.type)).to.include.members(['cancelTimer', 'history', 'notify', 'task']);
    expect(codeOf(() => run(r1.state, now, (tx) => returns.returnTask(tx, taskId, cmd)))).to.equal(
      'return.already-returned',
    );
    // re-dispatched to the same grid and handlers: a fresh window from now
    const r2 = run(r1.state, now, (tx) => returns.redispatch(tx, taskId, GRID1, ['handler']), 'chenmin');
    expect(r2.state.tasks[taskId]).to.include({ unit: GRID1, dispatchedAt: now });
    expect(r2.state.tasks[taskId].dueAt).to.equal(t.engine.calendar.addDuration(now, 'P3D', 'workday'));
    expect(codeOf(() => run(r2.state, now, (tx) => returns.returnTask(tx, taskId, cmd)))).to.equal(
      'return.repeat-needs-supervisor',
    );
    expect(
      codeOf(() => run(r2.state, now, (tx) => returns.returnTask(tx, taskId, { ...cmd, supervisor: true }))),
    ).to.equal('ok');
    // off the chain: invalid (400), with its own code
    expect(
      codeOf(() => run(r1.state, now, (tx) => returns.redispatch(tx, taskId, STREET_XT + '9', ['x']))),
    ).to.equal('return.unit-off-chain');
  });

  it('a paused task returned leaves its pause behind (the pause is the returning unit’s marker)', () => {
    const now = FRIDAY_9 + 3_600_000;
    const paused = run(s0, FRIDAY_9, (tx) => tasksOps.pause(tx, taskId, '等待当事人'));
    const back = run(paused.state, now, (tx) =>
      returns.returnTask(tx, taskId, { reason: '不属本单位', window: 'P2D', supervisor: false }),
    );
    expect(back.state.tasks[taskId].paused).to.equal(undefined);
    expect(back.state.tasks[taskId].pauses).to.deep.equal([{ from: FRIDAY_9, to: now }]);
  });

  it('an approved extension moves due date and timers once; a replay changes nothing; the other answer conflicts', () => {
    const now = FRIDAY_9 + 3_600_000;
    const due = s0.tasks[taskId].dueAt!;
    const asked = run(s0, now, (tx) =>
      requests.requestExtension(tx, taskId, '等待鉴定', due + 86_400_000 * 3),
    );
    const rid = asked.state.tasks[taskId].request!.id;
    const ok = run(asked.state, now, (tx) => requests.decideRequest(tx, taskId, rid, true), 'chenmin');
    const task = ok.state.tasks[taskId];
    expect(task).to.include({ dueAt: due + 86_400_000 * 3, assessDueAt: due + 86_400_000 * 3 });
    expect(task.slaEpoch).to.be.greaterThan(s0.tasks[taskId].slaEpoch);
    const breach = Object.values(ok.state.timers).find((x) => x.purpose === 'sla-breach')!;
    expect(breach).to.include({ dueAt: due + 86_400_000 * 3, epoch: task.slaEpoch });
    const again = run(ok.state, now, (tx) => requests.decideRequest(tx, taskId, rid, true), 'chenmin');
    expect(again.changed).to.equal(false);
    expect(again.state.tasks[taskId].extensions).to.have.length(1);
    expect(codeOf(() => run(ok.state, now, (tx) => requests.decideRequest(tx, taskId, rid, false)))).to.equal(
      'request.decided',
    );
    expect(
      codeOf(() => run(ok.state, now, (tx) => requests.decideRequest(tx, taskId, 'rq999', true))),
    ).to.equal('request.not-found');
  });

  it('the pause is a marker: timers and due dates stay, its interval is kept', () => {
    const { pause, resume } = tasksOps;
    const p = run(s0, FRIDAY_9, (tx) => pause(tx, taskId, '等待当事人'));
    expect(p.effects.map((e) => e.type)).to.not.include('cancelTimer');
    expect(p.state.timers).to.deep.equal(s0.timers);
    const r = run(p.state, FRIDAY_9 + 86_400_000 * 3, (tx) => resume(tx, taskId));
    expect(r.state.tasks[taskId]).to.include({
      dueAt: s0.tasks[taskId].dueAt,
      assessDueAt: s0.tasks[taskId].assessDueAt,
    });
    expect(r.state.tasks[taskId].pauses).to.deep.equal([{ from: FRIDAY_9, to: FRIDAY_9 + 86_400_000 * 3 }]);
    expect(r.state.timers).to.deep.equal(s0.timers);
  });

  it('挂账 parks every open task until its review timer, then gives back the working time left', () => {
    const now = FRIDAY_9;
    const reviewAt = at('2026-04-01T01:00:00Z');
    const asked = run(s0, now, (tx) =>
      requests.requestBacklog(tx, taskId, '等待法院判决', reviewAt, STREET_XT),
    );
    const rid = asked.state.tasks[taskId].request!.id;
    const parked = run(asked.state, now, (tx) => requests.decideRequest(tx, taskId, rid, true), 'liuyang');
    expect(parked.state.backlog).to.include({ reviewAt, approvedBy: 'liuyang', by: 'wangwei' });
    expect(parked.state.tasks[taskId].parked).to.deep.equal({ since: now, reviewAt });
    const timers = Object.values(parked.state.timers);
    expect(timers.map((x) => x.purpose)).to.deep.equal(['backlog-review']);
    // a stale review timer (another id) does nothing; the right one brings the case back
    const timerId = timers[0].id;
    const back = fireTimer(ctx(reviewAt, 'timer'), parked.state, timerId);
    const task = back.state.tasks[taskId];
    expect(back.state.backlog).to.equal(undefined);
    expect(task.parked).to.equal(undefined);
    const left = t.engine.calendar.elapsed(now, s0.tasks[taskId].dueAt!, 'workday');
    expect(task.dueAt).to.equal(t.engine.calendar.addElapsed(reviewAt, left, 'workday'));
    expect(task.assessDueAt).to.equal(task.dueAt);
    expect(Object.values(back.state.timers).map((x) => x.purpose)).to.include('sla-breach');
    expect(fireTimer(ctx(reviewAt, 'timer'), back.state, timerId).effects).to.deep.equal([]);
  });
});
