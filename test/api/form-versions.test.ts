// Forms travel with their diagrams (engine/model/form-versions.ts): a deployment pins the forms it refers to,
// cases keep the forms of the version they run on, and a later form change reaches only later versions.
import { expect } from 'chai';
import { GRID1 } from '../helpers/engine.js';
import { harness, startCase, waitFor, type Harness } from './helpers.js';
import { flow, processXml } from './fixtures.js';

const XML = processXml(
  'vfcase',
  `<bpmn:startEvent id="s"/>${flow('f0', 's', 'handle')}
   <bpmn:userTask id="handle" name="处置" grid:level="grid" grid:candidateRoles="handler" grid:formKey="vf-report"/>
   ${flow('f1', 'handle', 'e')}<bpmn:endEvent id="e"/>`,
);
const formNeeding = (field: string) => ({
  type: 'object',
  required: [field],
  properties: { [field]: { type: 'string', minLength: 1 } },
});

describe('API: forms deployed with their diagrams (pinned versions)', () => {
  let h: Harness;
  before(async () => {
    h = await harness();
  });
  after(() => h.close());

  const bundle = (forms: Record<string, unknown>, bpmn = XML) =>
    h.post('admin', '/api/deployments', { bpmn, forms });
  const complete = (id: string, data: object) => h.post('wangwei', `/api/tasks/${id}/complete`, { data });

  it('pins the forms brought; a changed form makes a new version; running cases keep theirs', async () => {
    const first = await bundle({ 'vf-report': formNeeding('alpha') });
    expect(first.status, JSON.stringify(first.body)).to.equal(201);
    expect(first.body).to.include({ key: 'vfcase', version: 1 });
    const v1Form = first.body.processes[0].forms['vf-report'] as string;
    expect(v1Form).to.match(/^vf-report@[0-9a-f]{16}$/);
    const old = await startCase(h, 'wangwei', { definitionKey: 'vfcase', gridUnit: GRID1 });

    // the same diagram with another form: a new version (not "unchanged")
    const second = await bundle({ 'vf-report': formNeeding('beta') });
    expect(second.status).to.equal(201);
    expect(second.body).to.include({ version: 2, created: true });
    const v2Form = second.body.processes[0].forms['vf-report'] as string;
    expect(v2Form).not.to.equal(v1Form);
    // the same again: unchanged
    expect((await bundle({ 'vf-report': formNeeding('beta') })).status).to.equal(200);

    // the case of version 1 still fills in version 1's form
    const oldTask = await h.get('wangwei', `/api/tasks/${old.task._id}`);
    expect(oldTask.body.formSchema.required).to.deep.equal(['alpha']);
    const wrong = await complete(old.task._id, { beta: 'x' });
    expect(wrong.status).to.equal(400);
    expect(wrong.body.error.details.map((d: { path: string }) => d.path)).to.include('/data/alpha');
    expect((await complete(old.task._id, { alpha: 'done' })).status).to.equal(200);

    // a new case runs on version 2 and its form
    const fresh = await startCase(h, 'wangwei', { definitionKey: 'vfcase', gridUnit: GRID1 });
    expect(fresh.instance.definitionVersion).to.equal(2);
    expect((await complete(fresh.task._id, { alpha: 'x' })).status).to.equal(400);
    expect((await complete(fresh.task._id, { beta: 'done' })).status).to.equal(200);

    // the current form is the latest brought; each pinned version is served exactly
    expect((await h.get('wangwei', '/api/forms/vf-report')).body.required).to.deep.equal(['beta']);
    expect((await h.get('wangwei', `/api/forms/${v1Form}`)).body.required).to.deep.equal(['alpha']);
    expect((await h.get('wangwei', '/api/forms/vf-report@0000000000000000')).status).to.equal(404);
    const versions = await h.get('admin', '/api/forms/vf-report/versions');
    expect(versions.body.items.map((v: { id: string }) => v.id)).to.have.members([v1Form, v2Form]);
    // the definition's summary names the form as drawn and the version pinned
    const def = await h.get('admin', '/api/definitions/vfcase/versions/1');
    const node = def.body.summary.nodes.find((n: { id: string }) => n.id === 'handle');
    expect(node).to.include({ formKey: 'vf-report', formVersion: v1Form });
  });

  it('a plain BPMN deploy pins the current forms; a new form reaches only later versions', async () => {
    const plain = await h
      .http()
      .post('/api/definitions')
      .set('Authorization', `Bearer ${await h.token('admin')}`)
      .set('Content-Type', 'application/xml')
      .send(XML.replace('name="处置"', 'name="处置一"'));
    expect(plain.status).to.equal(201);
    const doc = await h.t.engine.definitions.get('vfcase', plain.body.version);
    expect(Object.keys(doc!.forms!)).to.deep.equal(['vf-report']);
    expect((await h.get('wangwei', `/api/forms/${doc!.forms!['vf-report']}`)).body.required).to.deep.equal([
      'beta',
    ]);
  });

  it('refuses bad forms and forms nobody brings, with codes naming them, and stores nothing', async () => {
    const before = await h.t.engine.definitions.versions('vfcase');
    const bad = await bundle({ 'vf-report': { type: 'object', properties: { a: { type: 'nonsense' } } } });
    expect(bad.status).to.equal(400);
    expect(bad.body.error.details).to.deep.include({
      path: 'forms/vf-report',
      message: bad.body.error.details[0].message,
      code: 'form.invalid',
      params: { formKey: 'vf-report' },
    });
    const notObject = await bundle({ 'vf-report': { type: 'array' } });
    expect(notObject.status).to.equal(400);
    expect(notObject.body.error.details[0].code).to.equal('form.invalid');
    const badKey = await bundle({ 'VF Report': formNeeding('x') });
    expect(badKey.body.error.details[0]).to.include({ path: 'forms/VF Report', code: 'form.key' });
    const unknown = await bundle({}, XML.replace('grid:formKey="vf-report"', 'grid:formKey="vf-nobody"'));
    expect(unknown.status).to.equal(400);
    expect(unknown.body.error.details[0]).to.include({ path: 'handle', code: 'unknown-form' });
    expect(await h.t.engine.definitions.versions('vfcase')).to.deep.equal(before);
    expect((await h.get('wangwei', '/api/forms/vf-report')).body.required).to.deep.equal(['beta']);
    // JSON Schema's own $-keywords are fine in a form (stored as JSON text); the form is refused for its
    // unresolvable $ref by ajv, not for the key
    const dollar = await bundle({ 'vf-report': { type: 'object', $ref: '#/$defs/nothing' } });
    expect(dollar.status).to.equal(400);
    expect(dollar.body.error.details[0]).to.include({ path: 'forms/vf-report', code: 'form.invalid' });
    const withDefs = await bundle({
      'vf-defs': {
        type: 'object',
        $defs: { text: { type: 'string', minLength: 1 } },
        properties: { a: { $ref: '#/$defs/text' } },
      },
    });
    expect(withDefs.status, JSON.stringify(withDefs.body)).to.be.oneOf([200, 201]);
    const anon = await h.post('wangwei', '/api/deployments', { bpmn: XML, forms: {} });
    expect(anon.status).to.equal(404);
  });

  it('waits for nothing it does not need: the pinned form of another process is loaded on demand', async () => {
    // as if another process of this store deployed it: drop the version from this process's registry
    const id = (await h.t.engine.definitions.get('vfcase', 1))!.forms!['vf-report'];
    const forms = h.t.engine.forms as unknown as { schemas: Map<string, object> };
    forms.schemas.delete(id);
    expect(h.t.engine.forms.hasExact(id)).to.equal(false);
    const served = await waitFor(async () => {
      const r = await h.get('wangwei', `/api/forms/${id}`);
      return r.status === 200 && r.body;
    }, 'the pinned form');
    expect(served.required).to.deep.equal(['alpha']);
  });
});
