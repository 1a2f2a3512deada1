import { expect } from 'chai';
import { harness, type Harness } from './helpers.js';
import { tableXml, type TableSpec } from '../dmn/fixtures.js';

const spec: TableSpec = {
  id: 'api_route',
  inputs: ['venueType'],
  outputs: ['dept'],
  rules: [
    ['"school"', '"education"'],
    ['"hotel","market"', '"police"'],
    ['not("school")', '"community"'],
  ],
};
const XML = tableXml(spec);

describe('API: decisions', () => {
  let h: Harness;
  let admin: string;
  before(async () => {
    h = await harness();
    admin = `Bearer ${await h.token('admin')}`;
  });
  after(() => h.close());

  const deploy = (xml: string, auth = admin) =>
    h
      .http()
      .post('/api/decisions')
      .set('Authorization', auth)
      .set('Content-Type', 'application/xml')
      .send(xml);

  it('deploys DMN XML (admin): 201 with a version per decision, 200 unchanged for the same document', async () => {
    const first = await deploy(XML);
    expect(first.status).to.equal(201);
    expect(first.body).to.deep.equal({
      items: [{ key: 'api_route', version: 1, name: 'api_route', created: true, unchanged: false }],
      created: true,
      unchanged: false,
    });
    const same = await deploy(XML);
    expect(same.status).to.equal(200);
    expect(same.body).to.include({ unchanged: true });
    const changed = await deploy(XML.replace('"education"', '"school_safety"'));
    expect(changed.status).to.equal(201);
    expect(changed.body.items[0]).to.include({ version: 2 });
  });

  it('lists, describes and returns the XML of the latest version and of each version', async () => {
    const list = await h.get('admin', '/api/decisions');
    expect(list.status).to.equal(200);
    expect(list.body.items.find((d: { key: string }) => d.key === 'api_route')).to.include({
      version: 2,
      versions: 2,
      hitPolicy: 'UNIQUE',
    });
    const detail = await h.get('admin', '/api/decisions/api_route');
    expect(detail.body).to.deep.include({ key: 'api_route', version: 2, rules: 3, requires: [] });
    expect(detail.body.inputs).to.deep.equal([{ id: 'api_route_i0', expression: 'venueType' }]);
    expect(detail.body.versions.map((v: { version: number }) => v.version)).to.deep.equal([1, 2]);
    const xml = await h.http().get('/api/decisions/api_route/xml').set('Authorization', admin);
    expect(xml.status).to.equal(200);
    expect(xml.type).to.equal('application/xml');
    expect(xml.text).to.contain('"school_safety"');
    const v1 = await h.http().get('/api/decisions/api_route/versions/1/xml').set('Authorization', admin);
    expect(v1.text).to.equal(XML);
    for (const path of [
      '/api/decisions/nope/xml',
      '/api/decisions/api_route/versions/9/xml',
      '/api/decisions/api_route/versions/x',
    ]) {
      const res = await h.get('admin', path);
      expect(res.status, path).to.equal(404);
    }
  });

  it('evaluates with test variables: the value, the matched rules, the entries; coded errors', async () => {
    const ok = await h.post('admin', '/api/decisions/api_route/evaluate', {
      variables: { venueType: 'school' },
    });
    expect(ok.status).to.equal(200);
    expect(ok.body).to.deep.equal({
      key: 'api_route',
      version: 2,
      decisionId: 'api_route',
      value: 'school_safety',
      matchedRules: ['api_route_r1'],
      entries: [{ dept: 'school_safety' }],
    });
    const v1 = await h.post('admin', '/api/decisions/api_route/evaluate', {
      variables: { venueType: 'school' },
      version: 1,
    });
    expect(v1.body.value).to.equal('education');
    const unique = await h.post('admin', '/api/decisions/api_route/evaluate', {
      variables: { venueType: 'hotel' },
    });
    expect(unique.status).to.equal(400);
    expect(unique.body.error).to.deep.include({
      code: 'dmn.unique-violated',
      params: { decisionId: 'api_route', rules: ['api_route_r2', 'api_route_r3'] },
    });
    const missing = await h.post('admin', '/api/decisions/nope/evaluate', { variables: {} });
    expect(missing.status).to.equal(404);
    expect(missing.body.error.code).to.equal('decision.not-found');
    const badBody = await h.post('admin', '/api/decisions/api_route/evaluate', { variables: 3 });
    expect(badBody.status).to.equal(400);
    expect(badBody.body.error.details[0].path).to.equal('/variables');
  });

  it('refuses a bad document with 400 decision.invalid naming the rule; validate reports the same', async () => {
    const bad = tableXml({ ...spec, id: 'api_bad', rules: [['"a" "b"', '"x"']] });
    const res = await deploy(bad);
    expect(res.status).to.equal(400);
    expect(res.body.error.code).to.equal('decision.invalid');
    expect(res.body.error.details).to.have.length(1);
    expect(res.body.error.details[0]).to.deep.include({ path: 'api_bad_r1', code: 'dmn.input-entry' });
    expect(res.body.error.details[0].params).to.include({ decisionId: 'api_bad', ruleId: 'api_bad_r1' });
    const validate = await h
      .http()
      .post('/api/decisions/validate')
      .set('Authorization', admin)
      .set('Content-Type', 'application/xml')
      .send(bad);
    expect(validate.body).to.deep.include({ valid: false });
    expect(validate.body.details[0].code).to.equal('dmn.input-entry');
    expect((await deploy('')).body.error.details[0].code).to.equal('dmn.empty');
    expect((await h.get('admin', '/api/decisions/api_bad')).status).to.equal(404);
  });

  it('is for admins: others get 404, no token 401; deploys are in the audit trail', async () => {
    const worker = `Bearer ${await h.token('chenmin')}`;
    expect((await deploy(XML, worker)).status).to.equal(404);
    expect((await h.get('chenmin', '/api/decisions')).status).to.equal(404);
    expect((await h.post('chenmin', '/api/decisions/api_route/evaluate', { variables: {} })).status).to.equal(
      404,
    );
    expect((await h.http().get('/api/decisions')).status).to.equal(401);
    const trail = await h.get('admin', '/api/audit?targetType=decision');
    expect(trail.body.items.map((a: { target: { id: string } }) => a.target.id)).to.include.members([
      'api_route@1',
      'api_route@2',
    ]);
  });

  it('is in the OpenAPI document', async () => {
    const doc = (await h.get(null, '/api/openapi.json')).body;
    expect(Object.keys(doc.paths)).to.include.members([
      '/api/decisions',
      '/api/decisions/{key}/xml',
      '/api/decisions/{key}/versions/{version}/xml',
      '/api/decisions/{key}/evaluate',
    ]);
    expect(doc.paths['/api/decisions/{key}/evaluate'].post['x-admin-only']).to.equal(true);
  });
});
