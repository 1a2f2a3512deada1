// Multi-instance user tasks through the HTTP API on Redis (联合执法: one case sent to several departments at
// once): deployed with POST /api/deployments, started, each department's task completed by its own handler
// in a random (seeded) order; then the same one after another. Deploy refusals carry their codes.
import { expect } from 'chai';
import { seededRandom } from '../../engine/samples/random.js';
import { DISTRICT, GRID1, MINGTIAN, STREET_XT } from '../helpers/engine.js';
import { harness, waitFor, type Harness } from './helpers.js';
import { flow, processXml } from './fixtures.js';

/** the handler of each unit in the seeded organisation */
const HANDLERS: Record<string, string> = {
  [MINGTIAN]: 'zhoujie',
  [STREET_XT]: 'liuyang',
  [DISTRICT]: 'yangfan',
};
const DEPTS = [MINGTIAN, STREET_XT, DISTRICT];

const PROCESS = (key: string, loopAttrs: string, inner = '') =>
  processXml(
    key,
    `<bpmn:startEvent id="s" grid:formKey="mi-start"/>${flow('f0', 's', 'joint')}
     <bpmn:userTask id="joint" name="联合执法会办" grid:candidateRoles="handler" grid:unit="=dept" grid:sla="P5D">
       <bpmn:multiInstanceLoopCharacteristics ${loopAttrs}>${inner}</bpmn:multiInstanceLoopCharacteristics>
     </bpmn:userTask>
     ${flow('f1', 'joint', 'summary')}
     <bpmn:userTask id="summary" name="汇总" grid:level="grid" grid:candidateRoles="handler"/>
     ${flow('f2', 'summary', 'e')}<bpmn:endEvent id="e"/>`,
  );
const START_FORM = {
  type: 'object',
  properties: { depts: { type: 'array', items: { type: 'string' } } },
};

describe('API: multi-instance user tasks (联合执法)', () => {
  let h: Harness;
  before(async () => {
    h = await harness();
  });
  after(() => h.close());

  const deploy = (bpmn: string) =>
    h.post('admin', '/api/deployments', { bpmn, forms: { 'mi-start': START_FORM } });
  const start = async (key: string) => {
    const res = await h.post('admin', '/api/instances', {
      definitionKey: key,
      gridUnit: GRID1,
      variables: { depts: DEPTS },
    });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    return res.body.id as string;
  };
  /** the open task of `nodeId` at `unit` in case `id` that `user` sees in their list */
  const taskOf = async (user: string, id: string, nodeId: string, unit: string) => {
    const res = await h.get(user, '/api/tasks');
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    const items = (res.body.items ?? res.body) as Array<{
      id: string;
      instanceId: string;
      nodeId: string;
      status: string;
      unit: string;
    }>;
    return items.find(
      (t) => t.instanceId === id && t.nodeId === nodeId && t.status === 'open' && t.unit === unit,
    );
  };
  const openTasks = async (id: string, nodeId: string) => {
    const s = await h.t.engine.waitForIdle(id);
    return Object.values(s.tasks).filter((t) => t.nodeId === nodeId && t.status === 'open');
  };

  it('refuses a literal cardinality above the budget and a loop without input, with codes naming the element', async () => {
    const big = await deploy(
      PROCESS(
        'mi_big',
        '',
        '<bpmn:loopCardinality xsi:type="bpmn:tFormalExpression">5000</bpmn:loopCardinality>',
      ),
    );
    expect(big.status).to.equal(400);
    expect(big.body.error.details).to.deep.include.members([
      {
        path: 'joint',
        message: big.body.error.details[0].message,
        code: 'multi-instance.too-many',
        params: { elementId: 'joint', count: 5000, limit: 1000 },
      },
    ]);
    const none = await deploy(PROCESS('mi_none', ''));
    expect(none.status).to.equal(400);
    expect(
      none.body.error.details.map((d: { path: string; code: string }) => [d.path, d.code]),
    ).to.deep.include(['joint', 'multi-instance.input']);
  });

  it('parallel: a task for each department at once, completed in random order; replies collected in order', async () => {
    const res = await deploy(
      PROCESS(
        'mi_parallel',
        'grid:collection="=depts" grid:elementVariable="dept" grid:outputCollection="replies"',
      ),
    );
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    const random = seededRandom(17);
    for (let round = 0; round < 2; round++) {
      const id = await start('mi_parallel');
      const open = await openTasks(id, 'joint');
      expect(open.map((t) => t.unit).sort()).to.deep.equal([...DEPTS].sort());
      // each department's handler finds its own task, with its element variable among the task's variables
      const order = [...DEPTS].sort(() => random.next() - 0.5);
      for (const [i, dept] of order.entries()) {
        const user = HANDLERS[dept];
        const task = await taskOf(user, id, 'joint', dept);
        expect(task, `${user} sees the task of ${dept}`).to.not.equal(undefined);
        const view = await h.get(user, `/api/tasks/${task!.id}`);
        expect(view.body.instance.variables).to.include({
          dept,
          loopCounter: DEPTS.indexOf(dept) + 1,
          nrOfInstances: 3,
        });
        const done = await h.post(user, `/api/tasks/${task!.id}/complete`, {
          data: { opinion: `${dept}-意见` },
        });
        expect(done.status, JSON.stringify(done.body)).to.be.oneOf([200, 202]);
        await h.t.engine.waitForIdle(id);
        if (i < 2) expect(await openTasks(id, 'summary')).to.have.length(0);
      }
      const s = await waitFor(async () => {
        const st = await h.t.engine.waitForIdle(id);
        return Object.values(st.tasks).some((t) => t.nodeId === 'summary' && t.status === 'open') && st;
      }, 'the summary task');
      expect(s.variables.replies).to.deep.equal(DEPTS.map((dept) => ({ dept, opinion: `${dept}-意见` })));
      expect(s.variables).to.not.have.property('opinion');
      expect(Object.keys(s.scopes)).to.deep.equal(['root']);
      expect(Object.values(s.tokens).map((t) => t.nodeId)).to.deep.equal(['summary']);
    }
  });

  it('sequential with a completion condition: one department at a time, a refusal ends the round', async () => {
    const res = await deploy(
      PROCESS(
        'mi_sequential',
        'isSequential="true" grid:collection="=depts" grid:elementVariable="dept"',
        '<bpmn:completionCondition xsi:type="bpmn:tFormalExpression">=agree = false</bpmn:completionCondition>',
      ),
    );
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    const id = await start('mi_sequential');
    for (const [i, dept] of DEPTS.slice(0, 2).entries()) {
      const open = await openTasks(id, 'joint');
      expect(
        open.map((t) => t.unit),
        `instance ${i + 1}`,
      ).to.deep.equal([dept]);
      const task = await taskOf(HANDLERS[dept], id, 'joint', dept);
      const done = await h.post(HANDLERS[dept], `/api/tasks/${task!.id}/complete`, {
        data: { agree: i === 0 },
      });
      expect(done.status, JSON.stringify(done.body)).to.be.oneOf([200, 202]);
    }
    const s = await waitFor(async () => {
      const st = await h.t.engine.waitForIdle(id);
      return Object.values(st.tasks).some((t) => t.nodeId === 'summary' && t.status === 'open') && st;
    }, 'the summary task');
    // the third department never got the case: the second one's refusal ended the round
    expect(
      Object.values(s.tasks)
        .filter((t) => t.nodeId === 'joint')
        .map((t) => [t.unit, t.status]),
    ).to.deep.equal([
      [MINGTIAN, 'completed'],
      [STREET_XT, 'completed'],
    ]);
  });
});
