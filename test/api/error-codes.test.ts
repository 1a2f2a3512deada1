// Machine-readable answers: representative errors carry a stable code naming the field or element, with
// the params a client words it from (the UI renders codes, never the English `error` text), and
// notifications are stored as a type with params beside their Chinese title. (The harness also checks every
// error answer of every API test for a code: helpers.ts.)
import { expect } from 'chai';
import { ERROR_CODES } from '../../engine/error-codes.js';
import { GRID1 } from '../helpers/engine.js';
import { harness, startCase, type Harness } from './helpers.js';
import { flow, processXml } from './fixtures.js';

const TASK = processXml(
  'apicodes',
  `<bpmn:startEvent id="s"/>${flow('f0', 's', 'work')}
   <bpmn:userTask id="work" name="清理垃圾" grid:level="grid" grid:candidateRoles="handler"/>
   ${flow('f1', 'work', 'e')}<bpmn:endEvent id="e"/>`,
  '',
  '代码测试',
);

describe('API: error codes and notification types', () => {
  let h: Harness;
  before(async () => {
    h = await harness();
    await h.t.engine.deploy(TASK);
  });
  after(() => h.close());

  it('400: a validation error names the field by code and params', async () => {
    const res = await h.post('wangwei', '/api/instances', {
      definitionKey: 'apicodes',
      gridUnit: 'no/such unit',
      extra: 1,
    });
    expect(res.status).to.equal(400);
    expect(res.body.error).to.include({
      code: 'http.invalid-body',
      message: ERROR_CODES['http.invalid-body'],
    });
    const byPath = Object.fromEntries(
      (res.body.error.details as Array<{ path: string; code: string; params: object }>).map((d) => [
        d.path,
        d,
      ]),
    );
    expect(byPath['/gridUnit']).to.deep.include({ code: 'field.pattern', params: { field: 'gridUnit' } });
    expect(byPath['/extra']).to.deep.include({
      code: 'field.additionalProperties',
      params: { field: 'extra' },
    });
  });

  it('404: what was not found, by code', async () => {
    const task = await h.get('wangwei', '/api/tasks/no-such-task');
    expect(task.status).to.equal(404);
    expect(task.body).to.deep.equal({
      error: { code: 'task.not-found', params: {}, message: 'task not found' },
    });
    const path = await h.get('wangwei', '/api/no/such/route');
    expect(path.status).to.equal(404);
    expect(path.body.error.code).to.equal('not-found');
  });

  it('409: a conflict with the current state, with the values it names', async () => {
    const { task } = await startCase(h, 'wangwei', { definitionKey: 'apicodes', gridUnit: GRID1 });
    expect((await h.post('wangwei', `/api/tasks/${task._id}/claim`)).status).to.equal(200);
    const second = await h.post('admin', `/api/tasks/${task._id}/claim`);
    expect(second.status).to.equal(409);
    expect(second.body.error.code).to.equal('task.claimed-by-other');
    expect(second.body.error.params).to.deep.equal({ taskId: task._id, assignee: 'wangwei' });
  });

  it('deploy: each problem names its element, with a code of its own and the values it names', async () => {
    const bad = processXml(
      'apicodesbad',
      `<bpmn:startEvent id="s"/>${flow('f0', 's', 'fix')}
       <bpmn:userTask id="fix" grid:level="grid" grid:candidateRoles="nosuchrole" grid:warnAt="0.5"/>
       ${flow('f1', 'fix', 'e')}<bpmn:endEvent id="e"/>`,
    );
    const res = await h
      .http()
      .post('/api/definitions')
      .set('Authorization', `Bearer ${await h.token('admin')}`)
      .set('Content-Type', 'application/xml')
      .send(bad);
    expect(res.status).to.equal(400);
    expect(res.body.error.code).to.equal('definition.invalid');
    const onFix = (
      res.body.error.details as Array<{ path: string; code: string; params: Record<string, unknown> }>
    ).filter((d) => d.path === 'fix');
    expect(onFix.map((d) => d.code)).to.include.members(['unknown-role', 'grid.warn-at-needs-sla']);
    // no rule answers with the prose fallback any more: the UI words each code itself
    expect(res.body.error.details.map((d: { code: string }) => d.code)).to.not.include('deploy.problem');
    expect(onFix.find((d) => d.code === 'unknown-role')!.params).to.include({
      elementId: 'fix',
      role: 'nosuchrole',
    });
    expect(onFix.find((d) => d.code === 'grid.warn-at-needs-sla')!.params).to.deep.equal({
      elementId: 'fix',
    });
  });

  it('notifications are stored as {type, params} beside their Chinese title, and served so', async () => {
    const { instance } = await startCase(h, 'wangwei', {
      definitionKey: 'apicodes',
      gridUnit: GRID1,
      businessKey: 'CODE-1',
    });
    expect(
      (await h.post('chenmin', `/api/instances/${instance._id}/supervise`, { reason: '反映强烈' })).status,
    ).to.equal(200);
    const res = await h.get('wangwei', '/api/notifications');
    expect(res.status).to.equal(200);
    const listed = (res.body.items as Array<{ kind: string; title: string; message?: unknown }>).find(
      (n) => n.kind === 'supervised',
    );
    expect(listed, JSON.stringify(res.body.items)).to.not.equal(undefined);
    expect(listed!.message).to.deep.equal({
      type: 'case.listed',
      params: { caseNo: 'CODE-1', actor: 'chenmin' },
    });
    expect(listed!.title).to.equal('挂牌督办：CODE-1（chenmin 挂牌）');
    const created = (
      res.body.items as Array<{ kind: string; message?: { type: string; params: object } }>
    ).find((n) => n.kind === 'task-created');
    expect(created?.message).to.deep.equal({ type: 'task.created', params: { taskName: '清理垃圾' } });
  });
});
