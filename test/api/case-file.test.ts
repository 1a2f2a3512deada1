// The case file (GET /api/instances/:id/file) and the hand-over of the first step to the starter
// (POST /api/instances with claimFirstTask): content, labels, jurisdiction, pre-fill.
import { expect } from 'chai';
import { GRID1 } from '../helpers/engine.js';
import { harness, waitFor, type Harness } from './helpers.js';
import { flow, processXml } from './fixtures.js';

const REPORT = {
  title: '隐患登记',
  type: 'object',
  required: ['location', 'severity'],
  properties: {
    location: { type: 'string', title: '隐患地址', minLength: 2 },
    severity: {
      type: 'string',
      title: '严重程度',
      enum: ['general', 'major'],
      'x-enumNames': ['一般隐患', '重大火灾隐患'],
    },
    hazardTypes: {
      type: 'array',
      title: '隐患类型',
      items: { type: 'string', enum: ['blocked_exit', 'other'], 'x-enumNames': ['通道堵塞', '其他'] },
    },
    photos: { type: 'array', title: '现场照片', items: { type: 'string' } },
  },
};
const REVIEW = {
  title: '整改复查',
  type: 'object',
  required: ['passed'],
  properties: {
    passed: { type: 'boolean', title: '复查通过' },
    opinion: { type: 'string', title: '复查意见' },
  },
};

/** start → 隐患登记上报 (grid handler, form cf-report) → 整改复查 (community reviewer, cf-review) → 归档 → end */
const FLOW = processXml(
  'cfcase',
  `<bpmn:startEvent id="s"/>${flow('f0', 's', 'report')}
   <bpmn:userTask id="report" name="隐患登记上报" grid:level="grid" grid:candidateRoles="handler" grid:formKey="cf-report"/>
   ${flow('f1', 'report', 'review')}
   <bpmn:userTask id="review" name="整改复查" grid:level="community" grid:candidateRoles="reviewer" grid:formKey="cf-review"/>
   ${flow('f2', 'review', 'archive')}
   <bpmn:userTask id="archive" name="归档" grid:level="community" grid:candidateRoles="reviewer"/>
   ${flow('f3', 'archive', 'e')}
   <bpmn:endEvent id="e"/>`,
  '',
  '案卷测试',
);

const START_DATA = {
  location: '明天路1号',
  severity: 'major',
  hazardTypes: ['blocked_exit', 'other'],
  photos: ['https://img.example/1.jpg'],
};

type Field = { name: string; title: string; value: unknown; labels?: string[] };
const byName = (fields: Field[]) => Object.fromEntries(fields.map((f) => [f.name, f]));

describe('API: case file and first step hand-over', () => {
  let h: Harness;
  before(async () => {
    h = await harness();
    h.t.engine.forms.register('cf-report', REPORT);
    h.t.engine.forms.register('cf-review', REVIEW);
    await h.t.engine.deploy(FLOW);
  });
  after(() => h.close());

  const open = async (user = 'wangwei', claimFirstTask = true) => {
    const res = await h.post(user, '/api/instances', {
      definitionKey: 'cfcase',
      gridUnit: GRID1,
      variables: START_DATA,
      claimFirstTask,
    });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    return res.body as { id: string; firstTask?: { id: string; assignee: string | null } | null };
  };

  const openTask = (id: string, nodeId: string) =>
    waitFor(async () => (await h.t.engine.openTasksOfCase(id, { nodeId }))[0], `${nodeId} of ${id}`);

  it('hands the first step to the starter, claimed, its case variables carrying the report', async () => {
    const c = await open();
    expect(c.firstTask).to.include({ assignee: 'wangwei', status: 'open' });
    const task = await h.get('wangwei', `/api/tasks/${c.firstTask!.id}`);
    expect(task.status).to.equal(200);
    expect(task.body).to.include({ nodeId: 'report', assignee: 'wangwei', formKey: 'cf-report' });
    expect(task.body.can.act).to.equal(true);
    // what the form opens with: the case variables for its fields
    expect(task.body.instance.variables).to.include({ location: '明天路1号', severity: 'major' });
    const hist = await h.t.engine.history(c.id);
    expect(hist.some((r) => r.action === 'task-claimed' && r.actor === 'wangwei')).to.equal(true);
  });

  it('leaves the first step in the pool without claimFirstTask, or when the starter may not work it', async () => {
    const plain = await open('wangwei', false);
    expect(plain).to.not.have.property('firstTask');
    expect((await openTask(plain.id, 'report')).assignee).to.equal(undefined);
    // 周杰 (community handler) may open a case at the grid but is no candidate of its grid step
    const other = await open('zhoujie');
    expect(other.firstTask).to.include({ assignee: null });
  });

  it('serves the report, each completed step with who/when and labelled data, and supervision orders', async () => {
    const c = await open();
    // before the first step is done, the report is what the starter filled in
    const early = await h.get('wangwei', `/api/instances/${c.id}/file`);
    expect(early.status).to.equal(200);
    expect(early.body.report).to.include({ by: 'wangwei', formKey: 'cf-report', formTitle: '隐患登记' });
    expect(early.body.steps).to.deep.equal([]);

    const done = await h.post('wangwei', `/api/tasks/${c.firstTask!.id}/complete`, {
      data: { ...START_DATA, location: '明天路1号东门' },
    });
    expect(done.status, JSON.stringify(done.body)).to.equal(200);
    const review = await openTask(c.id, 'review');
    await h.post('zhoujie', `/api/tasks/${review._id}/claim`);
    const reviewed = await h.post('zhoujie', `/api/tasks/${review._id}/complete`, {
      data: { passed: true, opinion: '已整改到位' },
    });
    expect(reviewed.status, JSON.stringify(reviewed.body)).to.equal(200);
    const order = await h.post('chenmin', `/api/instances/${c.id}/supervision-orders`, {
      kind: 'duban',
      to: GRID1,
      content: '请尽快归档',
      replySla: 'P1D',
    });
    expect(order.status, JSON.stringify(order.body)).to.equal(201);

    // the reviewer of the next step (归档) sees everything earlier
    const file = await h.get('zhoujie', `/api/instances/${c.id}/file`);
    expect(file.status).to.equal(200);
    const { report, steps, stepsTotal, orders } = file.body;
    expect(report).to.include({ by: 'wangwei', taskId: c.firstTask!.id });
    const r = byName(report.fields);
    expect(r.location).to.include({ title: '隐患地址', value: '明天路1号东门' });
    expect(r.severity).to.deep.include({ title: '严重程度', value: 'major', labels: ['重大火灾隐患'] });
    expect(r.hazardTypes.labels).to.deep.equal(['通道堵塞', '其他']);
    expect(r.photos).to.deep.include({ title: '现场照片', value: ['https://img.example/1.jpg'] });
    expect(report.fields.map((f: Field) => f.name)).to.deep.equal([
      'location',
      'severity',
      'hazardTypes',
      'photos',
    ]);

    expect(stepsTotal).to.equal(2);
    expect(steps.map((s: { nodeId: string }) => s.nodeId)).to.deep.equal(['report', 'review']);
    expect(steps[1]).to.include({
      name: '整改复查',
      completedBy: 'zhoujie',
      formKey: 'cf-review',
      formTitle: '整改复查',
    });
    expect(steps[1].completedAt).to.be.a('number');
    expect(byName(steps[1].fields).opinion).to.include({ title: '复查意见', value: '已整改到位' });
    expect(byName(steps[1].fields).passed).to.include({ title: '复查通过', value: true });

    expect(orders).to.have.length(1);
    expect(orders[0]).to.include({
      kind: 'duban',
      content: '请尽快归档',
      createdBy: 'chenmin',
      status: 'open',
    });

    // bounded: the newest `limit` steps, with the total
    const one = await h.get('zhoujie', `/api/instances/${c.id}/file?limit=1`);
    expect(one.body.steps.map((s: { nodeId: string }) => s.nodeId)).to.deep.equal(['review']);
    expect(one.body.stepsTotal).to.equal(2);
    expect((await h.get('zhoujie', `/api/instances/${c.id}/file?limit=0`)).status).to.equal(400);
  });

  it('answers 404 to whoever may not see the case (a grid worker of another community), and for no case', async () => {
    const c = await open();
    expect((await h.get('wujing', `/api/instances/${c.id}/file`)).status).to.equal(404);
    expect((await h.get('lina', `/api/instances/${c.id}/file`)).status).to.equal(404);
    expect((await h.get('wangwei', '/api/instances/nope/file')).status).to.equal(404);
    expect((await h.get(null, `/api/instances/${c.id}/file`)).status).to.equal(401);
    // the district's supervisor sees it
    expect((await h.get('yangfan', `/api/instances/${c.id}/file`)).status).to.equal(200);
  });
});
