import { expect } from 'chai';
import pino from 'pino';
import { GRID1, testEngine, type TestEngine } from '../helpers/engine.js';
import { REVIEW_XOR } from './fixtures.js';

async function openTasks(t: TestEngine, instanceId: string) {
  return await t.engine.openTasksOfCase(instanceId);
}

describe('engine: start → user task → exclusive gateway → two paths → end, through BullMQ', () => {
  let t: TestEngine;
  before(async () => {
    t = await testEngine();
    await t.engine.deploy(REVIEW_XOR);
  });
  after(() => t.close());

  it('takes the conditional path when the form says approved', async () => {
    const inst = await t.engine.start('review', { gridUnit: GRID1, businessKey: 'BK-1' }, 'wangwei');
    await t.engine.waitForIdle(inst._id);
    const [task] = await openTasks(t, inst._id);
    expect(task.nodeId).to.equal('check');
    expect(task.unit).to.equal(GRID1);
    expect(task.candidateRoles).to.deep.equal(['handler']);
    await t.engine.completeTask(task._id, 'wangwei', { approved: true });
    const done = await t.engine.waitForIdle(inst._id);
    expect(done.status).to.equal('completed');
    expect(done.variables).to.include({ approved: true });
    const full = await t.engine.getInstance(inst._id);
    const elements = full!.history.filter((h) => h.action === 'leave').map((h) => h.elementId);
    expect(elements).to.deep.equal(['start', 'check', 'decide', 'approved']);
    expect(full!.history.map((h) => h.action)).to.include.members([
      'instance-started',
      'task-created',
      'task-completed',
      'service-completed',
      'end',
      'instance-completed',
    ]);
    const completed = full!.history.find((h) => h.action === 'task-completed')!;
    expect(completed.actor).to.equal('wangwei');
    expect(completed.from).to.equal('open');
    expect(completed.to).to.equal('completed');
  });

  it('takes the default path otherwise, with the next task at community level', async () => {
    const inst = await t.engine.start('review', { gridUnit: GRID1 }, 'wangwei');
    await t.engine.waitForIdle(inst._id);
    const [task] = await openTasks(t, inst._id);
    await t.engine.completeTask(task._id, 'wangwei', { approved: false });
    await t.engine.waitForIdle(inst._id);
    const [next] = await openTasks(t, inst._id);
    expect(next.nodeId).to.equal('rejected');
    expect(next.level).to.equal('community');
    expect(next.unit).to.equal('310117001001');
    expect(next.unitPath).to.deep.equal(['310117001001', '310117001', '310117']);
    await t.engine.completeTask(next._id, 'chenmin', {});
    expect((await t.engine.waitForIdle(inst._id)).status).to.equal('completed');
  });

  it('refuses a second completion of the same task with a conflict', async () => {
    const inst = await t.engine.start('review', { gridUnit: GRID1 }, 'wangwei');
    await t.engine.waitForIdle(inst._id);
    const [task] = await openTasks(t, inst._id);
    const results = await Promise.allSettled([
      t.engine.completeTask(task._id, 'wangwei', { approved: true }),
      t.engine.completeTask(task._id, 'wangwei', { approved: false }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).to.have.length(1);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason.code).to.equal('conflict');
    const s = await t.engine.waitForIdle(inst._id);
    expect(Object.values(s.tasks).filter((x) => x.status === 'completed')).to.have.length(1);
  });
});

describe('engine: step log lines', () => {
  it('logs one line per step job with the instance, the BPMN element, the job id and the duration', async () => {
    const lines: Array<Record<string, any>> = [];
    const logger = pino({ level: 'info' }, { write: (l: string) => void lines.push(JSON.parse(l)) });
    const t = await testEngine({ logger });
    try {
      await t.engine.deploy(REVIEW_XOR);
      const inst = await t.engine.start('review', { gridUnit: GRID1 }, 'wangwei');
      await t.engine.waitForIdle(inst._id);
      const [task] = await openTasks(t, inst._id);
      await t.engine.completeTask(task._id, 'wangwei', { approved: true });
      await t.engine.waitForIdle(inst._id);
      const steps = lines.filter((l) => l.msg === 'step' && l.instanceId === inst._id);
      const elements = steps.filter((l) => l.changed).map((l) => `${l.job}:${l.elementId}`);
      // a step runs to the next wait state: the start job enters the task, the completion passes the
      // gateway and reaches the service task, whose call is a job of its own
      expect(elements).to.include.members(['advance:start', 'complete:check', 'service:approved']);
      expect(elements).not.to.include.members(['advance:check']);
      expect(elements).not.to.include.members(['advance:decide']);
      for (const l of steps) {
        expect(l.jobId, JSON.stringify(l)).to.be.a('string').and.not.empty;
        expect(l.ms, JSON.stringify(l)).to.be.a('number').at.least(0);
      }
    } finally {
      await t.close();
    }
  });
});
