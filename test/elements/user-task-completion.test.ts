// grid:check and grid:out on a user task, on the pure semantics (engine/runtime/task-completion.ts): a check
// refuses the reservation with its field code when its field is submitted and its test fails, and changes
// nothing (a test giving null, not true, refuses); outputs are computed from the case, the data and `task` and
// travel with the data into the case. No Redis (the process path:
// test/processes/dispute-mediation.test.ts, 延期确认 and 制作调解协议书).
import { expect } from 'chai';
import { completeTask, reserveCompletion } from '../../engine/runtime/semantics.js';
import { CommandError } from '../../engine/runtime/transition.js';
import type { InstanceState } from '../../engine/runtime/types.js';
import { flow, userTask } from '../engine/fixtures.js';
import { compile, ctxOf, NOW, started } from './pure.js';

const EXT = `<bpmn:extensionElements>
  <grid:check field="until" code="field.formatExclusiveMinimum" test="=date and time(until) &gt; date and time(limit)" limit="=limit"/>
  <grid:out target="doneBy" sourceExpression="=task.unit"/>
  <grid:out target="doneAt" sourceExpression="=task.completedAt"/>
  <grid:out target="limit" sourceExpression="=if until = null then limit else until"/>
</bpmn:extensionElements>`;
const body = (inner = EXT) =>
  `<bpmn:startEvent id="s"/>${flow('f0', 's', 'ask')}${userTask('ask', 'grid:level="community"', inner)}${flow('f1', 'ask', 'next')}${userTask('next')}${flow('f2', 'next', 'e')}<bpmn:endEvent id="e"/>`;

const taskOf = (s: InstanceState, nodeId: string) =>
  Object.values(s.tasks).find((t) => t.nodeId === nodeId && t.status === 'open')!;

async function reserve(data: Record<string, unknown>, inner?: string) {
  const def = await compile(body(inner));
  const { state } = started(def, { limit: '2026-04-01T09:00:00+08:00' });
  const task = taskOf(state, 'ask');
  const before = JSON.stringify(state);
  try {
    return { def, state, task, out: reserveCompletion(ctxOf(def, NOW + 3600_000), state, task.id, data) };
  } catch (err) {
    expect(JSON.stringify(state), 'a refused completion changes nothing').to.equal(before);
    return { def, state, task, err: err as CommandError };
  }
}

describe('user task: grid:check and grid:out at completion', () => {
  it('a submitted field failing its check: 400 form.invalid with the check code at /data/<field>, params field and limit', async () => {
    const { err } = await reserve({ until: '2026-04-01T08:00:00+08:00' });
    expect(err).to.be.instanceOf(CommandError);
    expect(err).to.include({ code: 'invalid', reason: 'form.invalid' });
    expect(err!.details).to.deep.equal([
      {
        path: '/data/until',
        message: "does not meet the step's condition",
        code: 'field.formatExclusiveMinimum',
        params: { field: 'until', limit: '2026-04-01T09:00:00+08:00' },
      },
    ]);
  });

  it('a check whose field is not submitted does not apply; outputs read the case, the data and the task', async () => {
    const { def, out, task } = await reserve({ note: 'no date' });
    const data = out!.state.tasks[task.id].completing!.data;
    expect(data).to.deep.equal({
      note: 'no date',
      doneBy: 'C1',
      doneAt: new Date(NOW + 3600_000).toISOString(),
      limit: '2026-04-01T09:00:00+08:00',
    });
    // the completion job merges them into the case with the form data
    const done = completeTask(ctxOf(def, NOW + 3600_000), out!.state, task.id, data);
    expect(done.state.variables).to.include({ doneBy: 'C1', note: 'no date' });
    expect(Object.values(done.state.tasks).map((t) => [t.nodeId, t.status])).to.deep.include([
      'next',
      'open',
    ]);
  });

  it('a valid date passes and an output records it', async () => {
    const { out, task } = await reserve({ until: '2026-04-20T09:00:00+08:00' });
    expect(out!.state.tasks[task.id].completing!.data).to.include({ limit: '2026-04-20T09:00:00+08:00' });
  });

  it('a test that gives no true (a value that is no date: null) refuses too', async () => {
    const { err } = await reserve({ until: 'next week' });
    expect(err).to.include({ code: 'invalid', reason: 'form.invalid' });
    expect(err!.details.map((d) => d.path)).to.deep.equal(['/data/until']);
  });
});
