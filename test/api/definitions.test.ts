import { expect } from 'chai';
import { harness, type Harness } from './helpers.js';
import { CASE_FLOW, flow, NS, processXml, REPORT_FORM, SIMPLE } from './fixtures.js';

describe('API: process definitions', () => {
  let h: Harness;
  let admin: string;
  before(async () => {
    h = await harness();
    admin = `Bearer ${await h.token('admin')}`;
    h.t.engine.forms.register('api-report', REPORT_FORM);
  });
  after(() => h.close());

  const deploy = (xml: string, type = 'application/xml', auth = admin) =>
    h.http().post('/api/definitions').set('Authorization', auth).set('Content-Type', type).send(xml);

  it('deploys BPMN XML (admin): 201 with a new version, 200 for identical XML, next version when changed', async () => {
    const first = await deploy(SIMPLE);
    expect(first.status).to.equal(201);
    const deployed = { key: 'apisimple', version: 1, name: '简单流程', created: true, unchanged: false };
    expect(first.body).to.deep.equal({ ...deployed, processes: [deployed], warnings: [] });
    const same = await deploy(SIMPLE, 'text/xml');
    expect(same.status).to.equal(200);
    expect(same.body).to.include({ version: 1, created: false });
    const changed = await deploy(
      SIMPLE.replace('name="办理"', 'name="办理事项"'),
      'application/xml; charset=utf-8',
    );
    expect(changed.status).to.equal(201);
    expect(changed.body).to.include({ version: 2, created: true });
  });

  it('hides deployment from non-admins (404) and needs a token (401)', async () => {
    const res = await deploy(CASE_FLOW, 'application/xml', `Bearer ${await h.token('chenmin')}`);
    expect(res.status).to.equal(404);
    const anon = await h
      .http()
      .post('/api/definitions')
      .set('Content-Type', 'application/xml')
      .send(CASE_FLOW);
    expect(anon.status).to.equal(401);
  });

  it('answers 415 for other content types', async () => {
    const json = await h
      .http()
      .post('/api/definitions')
      .set('Authorization', admin)
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ xml: SIMPLE }));
    expect(json.status).to.equal(415);
    expect(json.body.error.message).to.match(/application\/xml/);
    expect((await deploy(SIMPLE, 'text/plain')).status).to.equal(415);
  });

  it('reports deploy-time errors per element (400 with details path = elementId)', async () => {
    const bad = processXml(
      'broken',
      `<bpmn:startEvent id="s"/>${flow('f0', 's', 'task')}
       <bpmn:userTask id="task" grid:level="galaxy" grid:sla="P-oops"/>`,
    );
    const res = await deploy(bad);
    expect(res.status).to.equal(400);
    expect(res.body.error.message).to.equal('invalid process definition');
    expect(res.body.error.details).to.be.an('array').that.is.not.empty;
    expect(res.body.error.details.map((d: { path: string }) => d.path)).to.include('task');
    // every problem names its element and has a code of its own (deploy.problem is only a fallback)
    for (const d of res.body.error.details) expect(d).to.have.all.keys('path', 'message', 'code', 'params');
    expect(res.body.error.details.map((d: { code: string }) => d.code)).to.include.members([
      'level.unknown',
      'task.sla',
    ]);
    expect(res.body.error.details.map((d: { code: string }) => d.code)).to.not.include('deploy.problem');
    expect(res.body.error.code).to.equal('definition.invalid');
    const notXml = await deploy('this is not <xml');
    expect(notXml.status).to.equal(400);
    expect(notXml.body.error.details[0].path).to.equal('definitions');
    expect(notXml.body.error.details[0].code).to.equal('document.malformed');
    const empty = await deploy('');
    expect(empty.status).to.equal(400);
    expect(empty.body.error.details[0].code).to.equal('document.empty');
  });

  it('refuses unknown candidate roles, unknown formKeys and role expressions (400, code and element id) and keeps the latest version', async () => {
    const lamp = (attrs: string) =>
      processXml(
        'apilamp',
        `<bpmn:startEvent id="s"/>${flow('f0', 's', 'fix')}
         <bpmn:userTask id="fix" name="修灯" grid:level="grid" ${attrs}/>
         ${flow('f1', 'fix', 'e')}<bpmn:endEvent id="e"/>`,
      );
    expect((await deploy(lamp('grid:candidateRoles="handler"'))).status).to.equal(201);
    const cases: Array<[string, string, Record<string, string>]> = [
      ['grid:candidateRoles="lampfixer_nonexistent"', 'unknown-role', { role: 'lampfixer_nonexistent' }],
      [
        'grid:candidateRoles="handler" grid:formKey="lamp-report"',
        'unknown-form',
        { formKey: 'lamp-report' },
      ],
      ['grid:candidateRoles="=lampRoles"', 'candidate-roles-expression', { expression: '=lampRoles' }],
    ];
    for (const [attrs, code, params] of cases) {
      const res = await deploy(lamp(attrs));
      expect(res.status, attrs).to.equal(400);
      expect(res.body.error.message).to.equal('invalid process definition');
      expect(res.body.error.details, attrs).to.deep.include.members([
        {
          path: 'fix',
          code,
          params: { elementId: 'fix', ...params },
          message: res.body.error.details[0].message,
        },
      ]);
      // the modeler's check says the same without deploying
      const checked = await h
        .http()
        .post('/api/definitions/validate')
        .set('Authorization', admin)
        .set('Content-Type', 'application/xml')
        .send(lamp(attrs));
      expect(checked.body).to.include({ valid: false });
      expect(checked.body.details[0]).to.include({ path: 'fix', code });
    }
    const latest = await h.get('admin', '/api/definitions/apilamp');
    expect(latest.body).to.include({ version: 1 });
    expect(latest.body.versions).to.have.length(1);
  });

  it('compares a deploy with the latest version only: identical to it is 200 unchanged, identical to an older one is a new version (rollback)', async () => {
    const v1 = processXml(
      'apiroll',
      `<bpmn:startEvent id="s"/>${flow('f0', 's', 'work')}
       <bpmn:userTask id="work" name="办理" grid:level="grid" grid:candidateRoles="handler" grid:sla="P3D"/>
       ${flow('f1', 'work', 'e')}<bpmn:endEvent id="e"/>`,
    );
    const v2 = v1.replace('grid:sla="P3D"', 'grid:sla="P5D"');
    expect((await deploy(v1)).body).to.include({
      key: 'apiroll',
      version: 1,
      name: 'apiroll',
      created: true,
      unchanged: false,
    });
    expect((await deploy(v2)).body).to.include({ version: 2, created: true, unchanged: false });
    const same = await deploy(v2);
    expect(same.status).to.equal(200);
    expect(same.body).to.include({ version: 2, created: false, unchanged: true });
    // identical to version 1 while version 2 is the latest: a deliberate rollback, version 3
    const back = await deploy(v1);
    expect(back.status).to.equal(201);
    expect(back.body).to.include({ version: 3, created: true, unchanged: false });
    const detail = await h.get('admin', '/api/definitions/apiroll');
    expect(detail.body.version).to.equal(3);
    expect(detail.body.xml).to.equal(v1);
    expect(detail.body.versions.map((v: { version: number }) => v.version)).to.deep.equal([1, 2, 3]);
  });

  it('rejects XML bodies over 2 MB with 413', async () => {
    const big = SIMPLE.replace(
      '</bpmn:definitions>',
      `<!-- ${'x'.repeat(2 * 1024 * 1024 + 10)} --></bpmn:definitions>`,
    );
    const res = await deploy(big);
    expect(res.status).to.equal(413);
    expect(res.body).to.deep.equal({
      error: { code: 'http.too-large', params: {}, message: 'request body too large' },
    });
  });

  it('deploys each executable pool of a collaboration from ISO-8859-1 bytes, listing the metadata it ignored', async () => {
    const pool = (id: string, name: string) =>
      `<bpmn:process id="${id}" name="${name}" isExecutable="true">
        <bpmn:startEvent id="${id}_s"/>${flow(`${id}_f0`, `${id}_s`, `${id}_t`)}
        <bpmn:userTask id="${id}_t" name="Prüfung" grid:level="grid" grid:candidateRoles="handler">
          <bpmn:extensionElements><signavio:signavioMetaData metaKey="bgcolor" metaValue="#ffffcc"/></bpmn:extensionElements>
        </bpmn:userTask>${flow(`${id}_f1`, `${id}_t`, `${id}_e`)}<bpmn:endEvent id="${id}_e"/>
      </bpmn:process>`;
    const xml = `<?xml version="1.0" encoding="ISO-8859-1"?>
<bpmn:definitions ${NS} xmlns:signavio="http://www.signavio.com" id="collab_defs" targetNamespace="http://grid-engine.cn/test">
  <bpmn:collaboration id="collab">
    <bpmn:participant id="pa" name="Straße A" processRef="collab_a"/>
    <bpmn:participant id="pb" name="Straße B" processRef="collab_b"/>
    <bpmn:participant id="citizen" name="Bürger"/>
  </bpmn:collaboration>
  ${pool('collab_a', 'Übergabe A')}${pool('collab_b', 'Übergabe B')}
</bpmn:definitions>`;
    const res = await h
      .http()
      .post('/api/definitions')
      .set('Authorization', admin)
      .set('Content-Type', 'application/xml')
      .send(Buffer.from(xml, 'latin1'));
    expect(res.status).to.equal(201);
    expect(res.body.processes.map((p: { key: string; name: string }) => [p.key, p.name])).to.deep.equal([
      ['collab_a', 'Übergabe A'],
      ['collab_b', 'Übergabe B'],
    ]);
    expect(res.body.warnings).to.have.length(1);
    expect(res.body.warnings[0]).to.include({ code: 'extension.ignored', path: 'collab_a_t' });
    expect(res.body.warnings[0].params).to.include({ name: 'signavio:signavioMetaData', count: 2 });
    const b = await h.get('admin', '/api/definitions/collab_b');
    expect(b.body.xml).to.match(/^<\?xml version="1.0" encoding="UTF-8"\?>/);
    expect(b.body.xml).to.contain('name="Prüfung"');
    expect(b.body.summary.nodes.map((n: { id: string }) => n.id)).to.include('collab_b_t');
    // each pool starts cases of its own
    const started = await h.post('admin', '/api/instances', {
      definitionKey: 'collab_b',
      gridUnit: '310117001002001',
    });
    expect(started.status, JSON.stringify(started.body)).to.equal(201);
    // the same bytes again: nothing new
    const again = await h
      .http()
      .post('/api/definitions')
      .set('Authorization', admin)
      .set('Content-Type', 'application/xml; charset=ISO-8859-1')
      .send(Buffer.from(xml, 'latin1'));
    expect(again.status).to.equal(200);
    expect(again.body.processes.every((p: { created: boolean }) => !p.created)).to.equal(true);
  });

  it('answers an unknown encoding with 415 and bytes invalid in theirs with 400, each with a code', async () => {
    const send = (body: Buffer, type = 'application/xml') =>
      h.http().post('/api/definitions').set('Authorization', admin).set('Content-Type', type).send(body);
    const unknown = await send(Buffer.from(SIMPLE.replace('encoding="UTF-8"', 'encoding="X-MARTIAN"')));
    expect(unknown.status).to.equal(415);
    expect(unknown.body.error).to.include({ code: 'xml.encoding-unsupported' });
    expect(unknown.body.error.params).to.deep.equal({ encoding: 'X-MARTIAN' });
    const invalid = await send(Buffer.concat([Buffer.from(SIMPLE), Buffer.from([0xff, 0xfe])]));
    expect(invalid.status).to.equal(400);
    expect(invalid.body.error).to.include({ code: 'xml.encoding-invalid' });
  });

  it('validates XML without deploying it', async () => {
    const ok = await h
      .http()
      .post('/api/definitions/validate')
      .set('Authorization', admin)
      .set('Content-Type', 'application/xml')
      .send(CASE_FLOW);
    expect(ok.status).to.equal(200);
    expect(ok.body).to.include({ valid: true, key: 'apicase' });
    expect(ok.body.details).to.deep.equal([]);
    expect((await h.get('admin', '/api/definitions/apicase')).status).to.equal(404);
    const bad = await h
      .http()
      .post('/api/definitions/validate')
      .set('Authorization', admin)
      .set('Content-Type', 'text/xml')
      .send(CASE_FLOW.replace('grid:sla="P3D"', 'grid:sla="soon"'));
    expect(bad.status).to.equal(200);
    expect(bad.body.valid).to.equal(false);
    expect(bad.body.details.map((d: { path: string }) => d.path)).to.include('handle');
  });

  it('lists the latest version of each process and reads a process with XML, summary and versions', async () => {
    await deploy(CASE_FLOW);
    const list = await h.get('wangwei', '/api/definitions');
    expect(list.status).to.equal(200);
    const simple = list.body.items.find((d: { key: string }) => d.key === 'apisimple');
    expect(simple).to.include({ version: 2, versions: 2, deployedBy: 'admin' });
    expect(list.body.items.map((d: { key: string }) => d.key)).to.include('apicase');

    const detail = await h.get('wangwei', '/api/definitions/apicase');
    expect(detail.status).to.equal(200);
    expect(detail.body.xml).to.equal(CASE_FLOW);
    expect(detail.body.versions.map((v: { version: number }) => v.version)).to.deep.equal([1]);
    const handle = detail.body.summary.nodes.find((n: { id: string }) => n.id === 'handle');
    expect(handle).to.include({ kind: 'userTask', level: 'grid', formKey: 'api-report' });
    expect(handle.ladder).to.have.length(2);

    const v1 = await h.get('wangwei', '/api/definitions/apisimple/versions/1');
    expect(v1.status).to.equal(200);
    expect(v1.body.version).to.equal(1);
    expect(v1.body.xml).to.equal(SIMPLE);
    expect((await h.get('wangwei', '/api/definitions/apisimple/versions/9')).status).to.equal(404);
    expect((await h.get('wangwei', '/api/definitions/apisimple/versions/x')).status).to.equal(404);
    expect((await h.get('wangwei', '/api/definitions/nothing')).status).to.equal(404);
  });

  it('lists form keys and serves form schemas', async () => {
    const keys = await h.get('lina', '/api/forms');
    expect(keys.body.items).to.include('api-report');
    const schema = await h.get('lina', '/api/forms/api-report');
    expect(schema.body).to.deep.equal(REPORT_FORM);
    expect((await h.get('lina', '/api/forms/none')).status).to.equal(404);
  });
});
