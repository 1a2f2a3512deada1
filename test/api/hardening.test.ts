// Through HTTP: a starter sets only the inputs of the start form, place time limits are admin-owned unit
// configuration (checked when set), an incident is retried with corrected variables, and deploy refuses a
// cycle that never waits with a code the UI renders.
import { expect } from 'chai';
import { processXml, flow, userTask } from '../engine/fixtures.js';
import { GRID1, MINGTIAN } from '../helpers/engine.js';
import { CASE_FLOW, REPORT_FORM } from './fixtures.js';
import { harness, type Harness } from './helpers.js';

describe('API: hardening of inputs', function () {
  this.timeout(20000);
  let h: Harness;
  before(async () => {
    h = await harness();
    h.t.engine.forms.register('api-report', REPORT_FORM);
    await h.t.engine.deploy(CASE_FLOW);
  });
  after(() => h.close());

  it('start variables outside the start form are refused with 400 naming each, and nothing is created', async () => {
    const before = (await h.get('admin', '/api/instances?pageSize=200')).body.total;
    const res = await h.post('wangwei', '/api/instances', {
      definitionKey: 'apicase',
      gridUnit: GRID1,
      variables: { result: '楼道堆物', checkSla: 'P2000000D', timeLimits: { checkSla: 'P1D' } },
    });
    expect(res.status).to.equal(400);
    expect(res.body.error.details.map((d: { path: string; code: string }) => [d.path, d.code])).to.deep.equal(
      [
        ['/variables/checkSla', 'variables.undeclared'],
        ['/variables/timeLimits', 'variables.undeclared'],
      ],
    );
    expect((await h.get('admin', '/api/instances?pageSize=200')).body.total).to.equal(before);

    const ok = await h.post('wangwei', '/api/instances', {
      definitionKey: 'apicase',
      gridUnit: GRID1,
      variables: { result: '楼道堆物', address: '明天路1号' },
    });
    expect(ok.status).to.equal(201);
  });

  it('the definition summary names the start form', async () => {
    const res = await h.get('wangwei', '/api/definitions/apicase');
    expect(res.status).to.equal(200);
    expect(res.body.summary.startFormKey).to.equal('api-report');
  });

  it('an admin sets time limits on a unit; bad or unbounded values are refused and change nothing', async () => {
    for (const value of ['P2000000D', 'garbage', 'P1Y-1D']) {
      const bad = await h.patch('admin', `/api/grid/units/${MINGTIAN}`, { timeLimits: { checkSla: value } });
      expect(bad.status, value).to.equal(400);
      expect(bad.body.error.details[0].path).to.equal('/timeLimits/checkSla');
    }
    expect((await h.t.engine.org.unit(MINGTIAN))?.timeLimits).to.equal(undefined);
    const notAdmin = await h.patch('chenmin', `/api/grid/units/${MINGTIAN}`, {
      timeLimits: { checkSla: 'P5D' },
    });
    expect(notAdmin.status).to.be.oneOf([403, 404]);
    const ok = await h.patch('admin', `/api/grid/units/${MINGTIAN}`, { timeLimits: { checkSla: 'P5D' } });
    expect(ok.status).to.equal(200);
    expect((await h.t.engine.org.timeLimits(GRID1)).checkSla).to.equal('P5D');
    await h.patch('admin', `/api/grid/units/${MINGTIAN}`, { timeLimits: {} });
  });

  it('an admin retries an incident with a corrected variable', async () => {
    const xml = processXml(
      'api_sla_var',
      `<bpmn:startEvent id="s" grid:formKey="api-limit"/>${flow('f0', 's', 'check')}
       ${userTask('check', 'grid:level="grid" grid:sla="=limit"')}${flow('f1', 'check', 'e')}<bpmn:endEvent id="e"/>`,
    );
    h.t.engine.forms.register('api-limit', { type: 'object', properties: { limit: { type: 'string' } } });
    await h.t.engine.deploy(xml);
    const res = await h.post('wangwei', '/api/instances', {
      definitionKey: 'api_sla_var',
      gridUnit: GRID1,
      variables: { limit: 'P9999D' },
    });
    expect(res.status).to.equal(201);
    const s = await h.t.engine.waitForIdle(res.body.id ?? res.body._id);
    const inc = Object.values(s.incidents)[0];
    expect(inc.message).to.match(/maximum time limit.*\(reads limit\)|\(reads limit\).*maximum time limit/);
    const bad = await h.post('admin', `/api/incidents/${s._id}/${inc.id}/retry`, { variables: { $x: 1 } });
    expect(bad.status).to.equal(400);
    const retried = await h.post('admin', `/api/incidents/${s._id}/${inc.id}/retry`, {
      variables: { limit: 'P2D' },
    });
    expect(retried.status).to.equal(200);
    const after = await h.t.engine.waitForIdle(s._id);
    expect(Object.values(after.incidents).filter((i) => i.status === 'open')).to.have.length(0);
  });

  it('deploy refuses a cycle without a wait state with a stable code', async () => {
    const res = await h
      .http()
      .post('/api/definitions')
      .set('Authorization', `Bearer ${await h.token('admin')}`)
      .set('Content-Type', 'application/xml')
      .send(
        processXml(
          'api_spin',
          `<bpmn:startEvent id="s"/>${flow('f0', 's', 'a')}<bpmn:exclusiveGateway id="a"/>${flow('f1', 'a', 'b')}
           <bpmn:exclusiveGateway id="b" default="f2"/>${flow('f2', 'b', 'a')}${flow('f3', 'b', 'e', '=x')}<bpmn:endEvent id="e"/>`,
        ),
      );
    expect(res.status).to.equal(400);
    expect(res.body.error.details).to.deep.include({
      path: 'a',
      message: res.body.error.details.find((d: { path: string }) => d.path === 'a')?.message,
      code: 'cycle.no-wait-state',
      params: { elements: ['a', 'b'] },
    });
  });
});
