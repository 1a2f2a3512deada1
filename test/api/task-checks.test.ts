// A user task's grid:check over HTTP (engine/runtime/task-completion.ts): a submitted date the check refuses
// is a 400 form.invalid whose detail names the field with the check's code and params (the UI words it
// from codes.ts), the task stays open and the case unchanged; a date that passes completes the task and the
// task's grid:out records what it names.
import { expect } from 'chai';
import { GRID1 } from '../helpers/engine.js';
import { harness, startCase, type Harness } from './helpers.js';
import { flow, processXml } from './fixtures.js';

const XML = processXml(
  'checkcase',
  `<bpmn:startEvent id="s"/>${flow('f0', 's', 'extend')}
   <bpmn:userTask id="extend" name="延期确认" grid:level="grid" grid:candidateRoles="handler">
     <bpmn:extensionElements>
       <grid:check field="until" code="field.formatExclusiveMinimum" test="=date and time(until) &gt; date and time(task.createdAt)" limit="=task.createdAt"/>
       <grid:out target="extendedBy" sourceExpression="=task.unit"/>
     </bpmn:extensionElements>
   </bpmn:userTask>
   ${flow('f1', 'extend', 'e')}<bpmn:endEvent id="e"/>`,
);

describe('API: a user task’s grid:check refuses a submitted field with a coded 400', () => {
  let h: Harness;
  before(async () => {
    h = await harness();
  });
  after(() => h.close());

  it('refuses a date before the bound naming the field, changes nothing, then completes a valid one', async () => {
    expect((await h.post('admin', '/api/deployments', { bpmn: XML, forms: {} })).status).to.equal(201);
    const { instance, task } = await startCase(h, 'wangwei', { definitionKey: 'checkcase', gridUnit: GRID1 });
    const complete = (data: object) => h.post('wangwei', `/api/tasks/${task._id}/complete`, { data });
    const created = new Date(task.createdAt).toISOString();

    const bad = await complete({ until: '2000-01-01T00:00:00+08:00' });
    expect(bad.status).to.equal(400);
    expect(bad.body.error).to.include({ code: 'form.invalid' });
    expect(bad.body.error.details).to.deep.equal([
      {
        path: '/data/until',
        message: "does not meet the step's condition",
        code: 'field.formatExclusiveMinimum',
        params: { field: 'until', limit: created },
      },
    ]);
    expect((await h.t.engine.getTask(task._id))?.status).to.equal('open');
    expect((await h.t.engine.waitForIdle(instance._id)).variables).to.deep.equal(instance.variables);

    const ok = await complete({ until: '2099-01-01T00:00:00+08:00' });
    expect(ok.status, JSON.stringify(ok.body)).to.equal(200);
    const done = await h.t.engine.waitForIdle(instance._id);
    expect(done.status).to.equal('completed');
    expect(done.variables).to.include({ until: '2099-01-01T00:00:00+08:00', extendedBy: GRID1 });
  });
});
