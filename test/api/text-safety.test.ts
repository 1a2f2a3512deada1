// Request hygiene of the whole API: no caching of answers, and text that displays as something else
// (control characters, bidi overrides/isolates, lone surrogates) refused with 400 unsafe-text naming the field.
import { expect } from 'chai';
import { findUnsafeText } from '../../engine/api/text-safety.js';
import { GRID1 } from '../helpers/engine.js';
import { harness, startCase, type Harness } from './helpers.js';
import { CASE_FLOW, REPORT_FORM } from './fixtures.js';

describe('API: Cache-Control and unsafe text', () => {
  let h: Harness;
  before(async () => {
    h = await harness();
    h.t.engine.forms.register('api-report', REPORT_FORM);
    await h.t.engine.deploy(CASE_FLOW);
  });
  after(() => h.close());

  it('answers every API request with Cache-Control: no-store (data, errors, sign-in)', async () => {
    const answers = {
      me: await h.get('wangwei', '/api/me'),
      tasks: await h.get('wangwei', '/api/tasks'),
      unauthenticated: await h.get(null, '/api/me'),
      unknown: await h.get('wangwei', '/api/nothing-here'),
      login: await h.post(null, '/api/auth/login', { username: 'lina', password: 'test-pass-1' }),
    };
    for (const [what, res] of Object.entries(answers))
      expect(res.headers['cache-control'], what).to.equal('no-store');
  });

  const refused = (res: { status: number; body: any }, field: string, reason: string, codePoint: string) => {
    expect(res.status, JSON.stringify(res.body)).to.equal(400);
    expect(res.body.error.code).to.equal('unsafe-text');
    expect(res.body.error.params).to.deep.include({ field, reason, codePoint });
    expect(res.body.error.details[0].path).to.equal(field);
  };

  it('refuses NUL, a bidi override and a lone surrogate in businessKey, naming the field', async () => {
    const start = (businessKey: string) =>
      h.post('wangwei', '/api/instances', {
        definitionKey: 'apicase',
        gridUnit: GRID1,
        businessKey,
        variables: {},
      });
    refused(await start('JB-1\u0000'), '/businessKey', 'control', 'U+0000');
    refused(await start('invoice\u202Efdp.exe'), '/businessKey', 'bidi', 'U+202E');
    refused(await start('a\u2066b'), '/businessKey', 'bidi', 'U+2066');
    refused(await start('x\ud800y'), '/businessKey', 'surrogate', 'U+D800');
    refused(await start('x\udc00'), '/businessKey', 'surrogate', 'U+DC00');
    refused(await start('line\nbreak'), '/businessKey', 'control', 'U+000A');
    refused(await start('c1\u0085'), '/businessKey', 'control', 'U+0085');
    expect(await h.t.engine.store.collection('instances').count({})).to.equal(0);
    // real text passes: CJK, emoji (a proper surrogate pair), Arabic (right-to-left without overrides)
    const ok = await start('消防-2026-001 🚒 مرحبا');
    expect(ok.status, JSON.stringify(ok.body)).to.equal(201);
  });

  it('allows line breaks and tabs in multi-line text and form data only, never other controls', async () => {
    const { instance } = await startCase(h, 'wangwei', {
      definitionKey: 'apicase',
      gridUnit: GRID1,
      businessKey: 'SAFE-1',
      variables: { result: '第一行\n第二行\r\n\t缩进' },
    });
    const supervise = await h.post('chenmin', `/api/instances/${instance._id}/supervise`, {
      reason: '群众反映\n多次',
    });
    expect(supervise.status, JSON.stringify(supervise.body)).to.equal(200);
    const bad = await h.post('chenmin', `/api/instances/${instance._id}/unsupervise`, {
      reason: '撤销\u001b[31m',
    });
    refused(bad, '/reason', 'control', 'U+001B');
    const rtl = await h.post('chenmin', `/api/instances/${instance._id}/unsupervise`, {
      reason: 'ok\u202Dko',
    });
    refused(rtl, '/reason', 'bidi', 'U+202D');
    // nested values and keys are checked too
    const nested = await h.post('wangwei', '/api/instances', {
      definitionKey: 'apicase',
      gridUnit: GRID1,
      variables: { items: [{ name: 'a\u0007' }] },
    });
    refused(nested, '/variables/items/0/name', 'control', 'U+0007');
    const key = await h.post('wangwei', '/api/instances', {
      definitionKey: 'apicase',
      gridUnit: GRID1,
      variables: { 'we\u202Eird': 1 },
    });
    refused(key, '/variables/we\u202Eird', 'bidi', 'U+202E');
    const name = await h.patch('admin', '/api/users/lina', { displayName: '李娜\u200F\u202E' });
    refused(name, '/displayName', 'bidi', 'U+202E');
  });

  it('checks query strings too', async () => {
    const res = await h.get('wangwei', `/api/instances?businessKey=${encodeURIComponent('x\u202Ey')}`);
    expect(res.status).to.equal(400);
    expect(res.body.error).to.deep.include({
      code: 'unsafe-text',
      params: { field: '/businessKey', reason: 'bidi', codePoint: 'U+202E', in: 'query' },
    });
    expect((await h.get('wangwei', '/api/instances?businessKey=%E6%B6%88%E9%98%B2')).status).to.equal(200);
  });

  it('finds the first unsafe string as a JSON pointer (escaping / and ~ in keys)', () => {
    expect(findUnsafeText({ a: ['ok', { 'b/c~d': 'x\u0000' }] })).to.deep.equal({
      field: '/a/1/b~1c~0d',
      reason: 'control',
      codePoint: 'U+0000',
    });
    expect(findUnsafeText({ content: 'a\nb\tc', data: { x: 'y\r\n' } })).to.equal(undefined);
    expect(findUnsafeText({ title: 'a\tb' })).to.deep.include({ field: '/title', reason: 'control' });
  });

  it('a body nested deeper than the limit is refused with 400 before anything walks it', async () => {
    const deep = `{"data":${'['.repeat(20000)}${']'.repeat(20000)}}`; // (JSON.stringify itself would overflow)
    const res = await h
      .http()
      .post('/api/instances')
      .set('Authorization', `Bearer ${await h.token('wangwei')}`)
      .set('Content-Type', 'application/json')
      .send(deep);
    expect(res.status).to.equal(400);
    expect(res.body.error.code).to.equal('too-deep');
  });
});
