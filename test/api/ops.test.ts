import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { expect } from 'chai';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import request from 'supertest';
import { createApi } from '../../engine/api/index.js';
import { workerMetricsApp } from '../../engine/api/metrics.js';
import { GRID1 } from '../helpers/engine.js';
import { harness, SECRET, startCase, type Harness } from './helpers.js';
import { SIMPLE } from './fixtures.js';

describe('API: HTTP plumbing, ops endpoints, docs, dashboard, UI', () => {
  let h: Harness;
  before(async () => {
    h = await harness();
    await h.t.engine.deploy(SIMPLE);
  });
  after(() => h.close());

  describe('bad input', () => {
    it('answers malformed JSON with 400 and details', async () => {
      const res = await h
        .http()
        .post('/api/instances')
        .set('Authorization', `Bearer ${await h.token('wangwei')}`)
        .set('Content-Type', 'application/json')
        .send('{"definitionKey": "apisimple", ');
      expect(res.status).to.equal(400);
      expect(res.body.error.message).to.equal('malformed JSON body');
      expect(res.body.error.details).to.be.an('array').with.length(1);
      expect(JSON.stringify(res.body)).to.not.match(/at \w+ \(|node_modules/);
    });

    it('answers bodies over 1 MB with 413', async () => {
      const res = await h
        .http()
        .post('/api/instances')
        .set('Authorization', `Bearer ${await h.token('wangwei')}`)
        .send({
          definitionKey: 'apisimple',
          gridUnit: GRID1,
          variables: { blob: 'x'.repeat(1024 * 1024 + 1) },
        });
      expect(res.status).to.equal(413);
      expect(res.body).to.deep.equal({
        error: { code: 'http.too-large', params: {}, message: 'request body too large' },
      });
    });

    it('answers JSON routes with another content type with 415', async () => {
      const res = await h
        .http()
        .post('/api/instances')
        .set('Authorization', `Bearer ${await h.token('wangwei')}`)
        .set('Content-Type', 'text/plain')
        .send('definitionKey=apisimple');
      expect(res.status).to.equal(415);
      expect(res.body.error.message).to.match(/application\/json/);
      const form = await h
        .http()
        .post('/api/auth/login')
        .type('form')
        .send({ username: 'wangwei', password: 'x' });
      expect(form.status).to.equal(415);
    });

    it('answers malformed percent-encoding in a path with 400 and details, not 500', async () => {
      for (const path of ['/api/tasks/%ZZ', '/api/instances/%E0%A4%A', '/api/grid/units/%']) {
        const res = await h.get('wangwei', path);
        expect(res.status, path).to.equal(400);
        expect(res.body.error.message, path).to.equal('malformed percent-encoding in the URL');
        expect(res.body.error.details, path).to.be.an('array').with.length(1);
        expect(res.body.error.code, path).to.equal('http.malformed-url');
        expect(res.body.error.details[0]).to.have.keys('path', 'message', 'code', 'params');
      }
      const post = await h.post('wangwei', '/api/tasks/%ZZ/claim');
      expect(post.status).to.equal(400);
    });

    it('answers a corrupt or truncated gzip body with 400 and details', async () => {
      const tok = await h.token('wangwei');
      // raw bytes over plain HTTP (supertest would re-encode a Buffer sent as JSON)
      const post = (body: Buffer) =>
        fetch(`${h.base}/api/instances`, {
          method: 'POST',
          headers: {
            Authorization: `Bearer ${tok}`,
            'Content-Type': 'application/json',
            'Content-Encoding': 'gzip',
          },
          body: new Uint8Array(body),
        });
      const whole = gzipSync(JSON.stringify({ definitionKey: 'apisimple', gridUnit: GRID1 }));
      for (const body of [Buffer.from('definitely not gzip'), whole.subarray(0, whole.length - 12)]) {
        const res = await post(body);
        expect(res.status).to.equal(400);
        const { error } = (await res.json()) as {
          error: { message: string; details: Array<{ path: string }> };
        };
        expect(error.message).to.equal('invalid compressed request body');
        expect(error.details).to.be.an('array').with.length(1);
        expect(error.details[0].path).to.equal('/');
      }
      // the same body compressed properly is accepted
      expect((await post(whole)).status).to.equal(201);
    });

    it('answers unknown API paths with a JSON 404', async () => {
      const res = await h.get('wangwei', '/api/nothing/here');
      expect(res.status).to.equal(404);
      expect(res.body).to.deep.equal({ error: { code: 'not-found', params: {}, message: 'not found' } });
      expect((await h.http().get('/api/nothing')).status).to.equal(404);
    });

    it('hides internal errors behind a bare 500', async () => {
      const list = h.t.engine.caseSearch;
      const original = list.page.bind(list);
      list.page = async () => {
        throw new Error('database exploded at /secret/path.ts:12');
      };
      try {
        const res = await h.get('chenmin', '/api/instances');
        expect(res.status).to.equal(500);
        expect(res.body).to.deep.equal({
          error: { code: 'internal', params: {}, message: 'internal error' },
        });
        expect(res.text).to.not.match(/exploded|secret|stack/);
      } finally {
        list.page = original;
      }
    });

    it('sets security headers (helmet) with a CSP that admits the docs and the SPA', async () => {
      const res = await h.http().get('/healthz');
      const csp = res.headers['content-security-policy'];
      expect(csp).to.include("default-src 'self'");
      expect(csp).to.include("style-src 'self' 'unsafe-inline'");
      expect(csp).to.include("img-src 'self' data: blob:");
      expect(csp).to.include("worker-src 'self' blob:");
      expect(csp).to.not.include('upgrade-insecure-requests');
      expect(res.headers['x-content-type-options']).to.equal('nosniff');
      expect(res.headers).to.not.have.property('x-powered-by');
    });

    it('tells the engine clock in X-Server-Now', async () => {
      const res = await h.get('wangwei', '/api/me');
      expect(Number(res.headers['x-server-now'])).to.equal(h.t.clock.now());
    });
  });

  describe('ops', () => {
    it('/healthz and /readyz', async () => {
      const health = await h.http().get('/healthz');
      expect(health.status).to.equal(200);
      expect(health.body).to.deep.equal({ status: 'ok' });
      const ready = await h.http().get('/readyz');
      expect(ready.status).to.equal(200);
      expect(ready.body).to.deep.equal({ status: 'ready', store: true, redis: true });
      const ping = h.t.engine.store.ping.bind(h.t.engine.store);
      h.t.engine.store.ping = async () => false;
      try {
        const down = await h.http().get('/readyz');
        expect(down.status).to.equal(503);
        expect(down.body).to.include({ status: 'unavailable', store: false });
      } finally {
        h.t.engine.store.ping = ping;
      }
    });

    it('/metrics exposes Prometheus text with queue depths, open and overdue tasks', async () => {
      await startCase(h, 'wangwei', { definitionKey: 'apisimple', gridUnit: GRID1 });
      const res = await h.http().get('/metrics');
      expect(res.status).to.equal(200);
      expect(res.headers['content-type']).to.match(/^text\/plain/);
      expect(res.text).to.match(/grid_queue_jobs\{queue="steps",state="waiting"\} \d+/);
      expect(res.text).to.match(/grid_open_tasks [1-9]/);
      expect(res.text).to.match(/grid_overdue_tasks 0/);
      expect(res.text).to.include('grid_step_duration_seconds');
    });

    it('/metrics requires the bearer token when METRICS_TOKEN is configured', async () => {
      const app = createApi(h.t.engine, { jwtSecret: SECRET, metricsToken: 'scrape-me' });
      try {
        expect((await request(app).get('/metrics')).status).to.equal(401);
        expect((await request(app).get('/metrics').set('Authorization', 'Bearer wrong')).status).to.equal(
          401,
        );
        const ok = await request(app).get('/metrics').set('Authorization', 'Bearer scrape-me');
        expect(ok.status).to.equal(200);
        expect(ok.text).to.include('grid_open_tasks');
      } finally {
        await app.close();
      }
    });
  });

  describe('worker metrics (npm run worker with METRICS_PORT)', () => {
    it("exposes the worker's own step latency, escalation and timer series under the METRICS_TOKEN rule", async () => {
      await startCase(h, 'wangwei', { definitionKey: 'apisimple', gridUnit: GRID1 });
      const open = workerMetricsApp(h.t.engine, {});
      const text = (await request(open).get('/metrics')).text;
      const steps = /grid_step_duration_seconds_count\{job="[^"]+"\} (\d+)/.exec(text);
      expect(steps, 'a step latency sample').to.not.equal(null);
      expect(Number(steps![1])).to.be.greaterThan(0);
      expect(text).to.include('# TYPE grid_escalations_total counter');
      expect(text).to.include('# TYPE grid_timer_lateness_seconds histogram');
      expect((await request(open).get('/healthz')).body).to.deep.equal({ status: 'ok' });
      const guarded = workerMetricsApp(h.t.engine, { metricsToken: 'w-token' });
      const refused = await request(guarded).get('/metrics');
      expect(refused.status).to.equal(401);
      expect(refused.body).to.deep.equal({
        error: { code: 'metrics.token-required', params: {}, message: 'metrics token required' },
      });
      expect((await request(guarded).get('/metrics').set('Authorization', 'Bearer w-token')).status).to.equal(
        200,
      );
      expect((await request(guarded).get('/api/tasks')).status).to.equal(404);
    });
  });

  describe('docs', () => {
    it('serves an OpenAPI 3 document built from the validation schemas', async () => {
      const res = await h.http().get('/api/openapi.json');
      expect(res.status).to.equal(200);
      const doc = res.body;
      expect(doc.openapi).to.match(/^3\./);
      const expected: Array<[string, string]> = [
        ['/api/auth/login', 'post'],
        ['/api/me', 'get'],
        ['/api/definitions', 'get'],
        ['/api/definitions', 'post'],
        ['/api/definitions/validate', 'post'],
        ['/api/definitions/{key}', 'get'],
        ['/api/definitions/{key}/versions/{version}', 'get'],
        ['/api/instances', 'post'],
        ['/api/instances', 'get'],
        ['/api/instances/{id}', 'get'],
        ['/api/instances/{id}/cancel', 'post'],
        ['/api/instances/{id}/diagram', 'get'],
        ['/api/instances/{id}/supervision-orders', 'post'],
        ['/api/messages', 'post'],
        ['/api/incidents', 'get'],
        ['/api/incidents/{instanceId}/{incidentId}/retry', 'post'],
        ['/api/tasks', 'get'],
        ['/api/tasks/{id}', 'get'],
        ['/api/tasks/{id}/claim', 'post'],
        ['/api/tasks/{id}/unclaim', 'post'],
        ['/api/tasks/{id}/delegate', 'post'],
        ['/api/tasks/{id}/resolve', 'post'],
        ['/api/tasks/{id}/complete', 'post'],
        ['/api/tasks/{id}/pause', 'post'],
        ['/api/tasks/{id}/resume', 'post'],
        ['/api/tasks/{id}/reassign', 'post'],
        ['/api/tasks/{id}/takeover', 'post'],
        ['/api/escalations', 'get'],
        ['/api/notifications', 'get'],
        ['/api/notifications/{id}/read', 'post'],
        ['/api/notifications/read-all', 'post'],
        ['/api/events', 'get'],
        ['/api/grid/units', 'get'],
        ['/api/grid/units', 'post'],
        ['/api/grid/units/{code}', 'get'],
        ['/api/grid/units/{code}', 'patch'],
        ['/api/users', 'get'],
        ['/api/users', 'post'],
        ['/api/users/{username}', 'patch'],
        ['/api/stats', 'get'],
        ['/api/supervision-orders', 'get'],
        ['/api/supervision-orders/{id}/reply', 'post'],
        ['/healthz', 'get'],
        ['/readyz', 'get'],
        ['/metrics', 'get'],
        ['/api/audit', 'get'],
      ];
      for (const [p, m] of expected) expect(doc.paths[p]?.[m], `${m} ${p}`).to.be.an('object');
      // the same schema objects the API validates with
      const { bodySchemas } = await import('../../engine/api/validation.js');
      expect(doc.components.schemas.StartInstanceBody).to.deep.equal(bodySchemas.StartInstanceBody);
      expect(doc.paths['/api/instances'].post.requestBody.content['application/json'].schema).to.deep.equal({
        $ref: '#/components/schemas/StartInstanceBody',
      });
      const taskParams = doc.paths['/api/tasks'].get.parameters.map((p: { name: string }) => p.name);
      expect(taskParams).to.include.members([
        'mine',
        'status',
        'level',
        'gridUnit',
        'page',
        'pageSize',
        'sort',
      ]);
      expect(doc.paths['/api/definitions'].post.requestBody.content).to.have.property('application/xml');
      const ids = Object.values(doc.paths).flatMap((ops) =>
        Object.values(ops as Record<string, { operationId: string }>).map((o) => o.operationId),
      );
      expect(new Set(ids).size).to.equal(ids.length);
    });

    it('the OpenAPI document validates: OpenAPI 3.1 structure, every schema compiles, every route documents its 2xx body', async () => {
      const doc = (await h.http().get('/api/openapi.json')).body;
      const structure = new Ajv2020({ allErrors: true, strict: false });
      expect(
        structure.validate(OPENAPI_31_STRUCTURE, doc),
        JSON.stringify(structure.errors?.slice(0, 5)),
      ).to.equal(true);
      // every schema (requests, responses, errors) is a valid JSON Schema whose $refs resolve in the document
      const ajv = new Ajv2020({ strict: false, allErrors: true });
      addFormats(ajv);
      ajv.addSchema({ $id: 'doc', components: doc.components });
      const compile = (schema: unknown, where: string) => {
        try {
          return ajv.compile(rebase(schema));
        } catch (err) {
          throw new Error(`${where}: ${(err as Error).message}`, { cause: err });
        }
      };
      const missing: string[] = [];
      for (const [p, ops] of Object.entries(doc.paths as Record<string, Record<string, any>>))
        for (const [method, op] of Object.entries(ops)) {
          for (const [status, r] of Object.entries(op.responses as Record<string, any>)) {
            const contents = Object.entries((r.content ?? {}) as Record<string, { schema?: unknown }>);
            if (status.startsWith('2') && (!contents.length || contents.some(([, c]) => !c.schema)))
              missing.push(`${method} ${p}`);
            for (const [type, c] of contents)
              if (c.schema) compile(c.schema, `${method} ${p} ${status} ${type}`);
          }
          const body = op.requestBody?.content?.['application/json']?.schema;
          if (body) compile(body, `${method} ${p} request`);
        }
      expect(missing, 'operations without a response schema (engine/api/responses.ts)').to.deep.equal([]);
      // and no schema for an operation that is not mounted (a renamed or removed route)
      const { OPERATION_RESPONSES } = await import('../../engine/api/responses.js');
      const mounted = Object.entries(doc.paths as Record<string, object>).flatMap(([p, ops]) =>
        Object.keys(ops).map((m) => `${m} ${p}`),
      );
      const stale = Object.keys(OPERATION_RESPONSES).filter((k) => {
        const [m, p] = k.split(' ');
        const path = p.replace(/:([A-Za-z_]+)/g, '{$1}');
        // mounted below /api, or at the root (health and metrics)
        return !mounted.includes(`${m} /api${path}`) && !mounted.includes(`${m} ${path}`);
      });
      expect(stale, 'response schemas of operations that are not mounted').to.deep.equal([]);
      // the error schema lists every code the server answers with
      const { ERROR_CODES, DETAIL_CODES } = await import('../../engine/error-codes.js');
      const { Error: error, ErrorDetail: detail } = doc.components.schemas;
      expect(error.required).to.deep.equal(['error']);
      expect(error.properties.error.required).to.deep.equal(['code', 'params', 'message']);
      expect(error.properties.error.properties.code.enum).to.deep.equal(Object.keys(ERROR_CODES));
      expect(error.properties.error.properties.details.items).to.deep.equal({
        $ref: '#/components/schemas/ErrorDetail',
      });
      expect(detail.properties.code.enum).to.include.members(Object.keys(DETAIL_CODES));
      // every error status of every operation is the one shared Error response
      expect(doc.components.responses.Error.content['application/json'].schema).to.deep.equal({
        $ref: '#/components/schemas/Error',
      });
      const notShared: string[] = [];
      for (const [p, ops] of Object.entries(doc.paths as Record<string, Record<string, any>>))
        for (const [method, op] of Object.entries(ops)) {
          const statuses = Object.keys(op.responses as object);
          for (const s of ['400', '404', '500'])
            if (!statuses.includes(s)) notShared.push(`${method} ${p} ${s}`);
          for (const [status, r] of Object.entries(op.responses as Record<string, any>))
            if (Number(status) >= 400 && r.$ref !== '#/components/responses/Error')
              notShared.push(`${method} ${p} ${status}`);
        }
      expect(notShared, 'error responses other than the shared one').to.deep.equal([]);
      // no response documented as a bare {type: object} for the main resources
      for (const [p, m] of [
        ['/api/tasks', 'get'],
        ['/api/instances', 'get'],
        ['/api/instances/{id}', 'get'],
        ['/api/definitions', 'get'],
        ['/api/definitions', 'post'],
        ['/api/decisions', 'get'],
        ['/api/notifications', 'get'],
        ['/api/users', 'get'],
        ['/api/grid/units', 'get'],
      ]) {
        const r = doc.paths[p][m].responses;
        const schema = (r['200'] ?? r['201']).content['application/json'].schema;
        expect(schema, `${m} ${p}`).to.not.deep.equal({ type: 'object' });
      }
    });

    it('the main resources answer as their OpenAPI response schemas say', async () => {
      const doc = (await h.http().get('/api/openapi.json')).body;
      const ajv = new Ajv2020({ strict: false, allErrors: true });
      addFormats(ajv);
      ajv.addSchema({ $id: 'doc', components: doc.components });
      const { instance } = await startCase(h, 'wangwei', { definitionKey: 'apisimple', gridUnit: GRID1 });
      const checks: Array<[user: string, path: string, docPath: string, method?: string]> = [
        ['wangwei', '/api/tasks', '/api/tasks'],
        ['wangwei', '/api/instances', '/api/instances'],
        ['wangwei', `/api/instances/${instance._id}`, '/api/instances/{id}'],
        ['wangwei', '/api/notifications', '/api/notifications'],
        ['wangwei', '/api/me', '/api/me'],
        ['admin', '/api/definitions', '/api/definitions'],
        ['admin', '/api/definitions/apisimple', '/api/definitions/{key}'],
        ['admin', '/api/decisions', '/api/decisions'],
        ['admin', '/api/users', '/api/users'],
        ['admin', '/api/grid/units', '/api/grid/units'],
        ['admin', `/api/grid/units/${GRID1}`, '/api/grid/units/{code}'],
        ['admin', '/api/supervision-orders', '/api/supervision-orders'],
        ['admin', '/api/incidents', '/api/incidents'],
      ];
      for (const [user, url, docPath] of checks) {
        const res = await h.get(user, url);
        expect(res.status, `${url}: ${JSON.stringify(res.body)}`).to.equal(200);
        const schema = doc.paths[docPath].get.responses['200'].content['application/json'].schema;
        const validate = ajv.compile(rebase(schema));
        expect(validate(res.body), `${url}: ${ajv.errorsText(validate.errors)}`).to.equal(true);
      }
      // a deploy (unchanged: answered 200 with the same body as a new version's 201) and a failed check
      const admin = await h.token('admin');
      const xmlPost = (url: string, xml: string) =>
        h
          .http()
          .post(url)
          .set('Authorization', `Bearer ${admin}`)
          .set('Content-Type', 'application/xml')
          .send(xml);
      for (const [url, xml, docPath] of [
        ['/api/definitions', SIMPLE, '/api/definitions'],
        ['/api/definitions/validate', SIMPLE, '/api/definitions/validate'],
        [
          '/api/definitions/validate',
          SIMPLE.replace('isExecutable="true"', 'isExecutable="false"'),
          '/api/definitions/validate',
        ],
      ] as const) {
        const res = await xmlPost(url, xml);
        expect(res.status, JSON.stringify(res.body)).to.be.oneOf([200, 201]);
        const r = doc.paths[docPath].post.responses;
        const validate = ajv.compile(rebase((r['201'] ?? r['200']).content['application/json'].schema));
        expect(validate(res.body), `${url}: ${ajv.errorsText(validate.errors)}`).to.equal(true);
      }
      const comment = await h.post('wangwei', `/api/instances/${instance._id}/comments`, {
        text: '请尽快处理',
      });
      expect(comment.status, JSON.stringify(comment.body)).to.equal(201);
      const commentSchema = ajv.compile(
        rebase(
          doc.paths['/api/instances/{id}/comments'].post.responses['201'].content['application/json'].schema,
        ),
      );
      expect(commentSchema(comment.body), ajv.errorsText(commentSchema.errors)).to.equal(true);
      const comments = await h.get('wangwei', `/api/instances/${instance._id}/comments`);
      const commentsSchema = ajv.compile(
        rebase(
          doc.paths['/api/instances/{id}/comments'].get.responses['200'].content['application/json'].schema,
        ),
      );
      expect(commentsSchema(comments.body), ajv.errorsText(commentsSchema.errors)).to.equal(true);
      const task = (await h.get('wangwei', '/api/tasks')).body.items[0];
      const claimed = await h.post('wangwei', `/api/tasks/${task.id}/claim`, {});
      const claimSchema =
        doc.paths['/api/tasks/{id}/claim'].post.responses['200'].content['application/json'].schema;
      const validate = ajv.compile(rebase(claimSchema));
      expect(validate(claimed.body), ajv.errorsText(validate.errors)).to.equal(true);
    });

    it('error answers are the documented Error body, for each kind of refusal', async () => {
      const doc = (await h.http().get('/api/openapi.json')).body;
      const ajv = new Ajv2020({ strict: false, allErrors: true });
      addFormats(ajv);
      ajv.addSchema({ $id: 'doc', components: doc.components });
      const schemaOf = (p: string, method: string, status: number) => {
        const r = doc.paths[p][method].responses[String(status)];
        expect(r, `${method} ${p} documents ${status}`).to.be.an('object');
        const shared = doc.components.responses[r.$ref.replace('#/components/responses/', '')];
        return ajv.compile(rebase(shared.content['application/json'].schema));
      };
      const wang = await h.token('wangwei');
      const answers: Array<[res: request.Response, p: string, method: string]> = [
        [await h.post('wangwei', '/api/instances', { definitionKey: 'apisimple' }), '/api/instances', 'post'],
        [await h.http().get('/api/tasks'), '/api/tasks', 'get'],
        [await h.get('wangwei', '/api/tasks/no-such-task'), '/api/tasks/{id}', 'get'],
        [
          await h
            .http()
            .post('/api/instances')
            .set('Authorization', `Bearer ${wang}`)
            .set('Content-Type', 'text/plain')
            .send('x'),
          '/api/instances',
          'post',
        ],
        [
          await h
            .http()
            .post('/api/instances')
            .set('Authorization', `Bearer ${wang}`)
            .send({
              definitionKey: 'apisimple',
              gridUnit: GRID1,
              variables: { blob: 'x'.repeat(1024 * 1024) },
            }),
          '/api/instances',
          'post',
        ],
      ];
      const { instance } = await startCase(h, 'wangwei', { definitionKey: 'apisimple', gridUnit: GRID1 });
      expect(
        (await h.post('admin', `/api/instances/${instance._id}/cancel`, { reason: '重复上报' })).status,
      ).to.equal(200);
      answers.push([
        await h.post('admin', `/api/instances/${instance._id}/cancel`, { reason: '重复上报' }),
        '/api/instances/{id}/cancel',
        'post',
      ]);
      expect(answers.map(([res]) => res.status)).to.deep.equal([400, 401, 404, 415, 413, 409]);
      for (const [res, p, method] of answers) {
        const validate = schemaOf(p, method, res.status);
        expect(
          validate(res.body),
          `${res.status} ${JSON.stringify(res.body)}: ${ajv.errorsText(validate.errors)}`,
        ).to.equal(true);
      }
      // the old flat shape is not the documented one
      const validate = schemaOf('/api/tasks/{id}', 'get', 404);
      expect(validate({ error: 'task not found', code: 'task.not-found', params: {} })).to.equal(false);
      expect(validate({ error: { code: 'no.such-code', params: {}, message: 'x' } })).to.equal(false);
    });

    it('the case file, history, diagram, starts, requests, escalations, saved filters, audit, roles and stats answer as their schemas say', async () => {
      // the UI's types are generated from these schemas (npm run gen:api-types): a field typed wrongly there
      // is a wrong type in the UI
      const doc = (await h.http().get('/api/openapi.json')).body;
      const ajv = new Ajv2020({ strict: false, allErrors: true });
      addFormats(ajv);
      ajv.addSchema({ $id: 'doc', components: doc.components });
      const check = (res: request.Response, docPath: string, method = 'get') => {
        expect(res.status, `${method} ${docPath}: ${JSON.stringify(res.body)}`).to.be.oneOf([200, 201]);
        const r = doc.paths[docPath][method].responses;
        const validate = ajv.compile(rebase((r['200'] ?? r['201']).content['application/json'].schema));
        expect(validate(res.body), `${method} ${docPath}: ${ajv.errorsText(validate.errors)}`).to.equal(true);
      };
      const started = await h.post('wangwei', '/api/instances', {
        definitionKey: 'apisimple',
        gridUnit: GRID1,
        variables: {},
        claimFirstTask: true,
      });
      check(started, '/api/instances', 'post');
      const id = started.body.id as string;
      await h.t.engine.waitForIdle(id);
      const { task } = await startCase(h, 'wangwei', { definitionKey: 'apisimple', gridUnit: GRID1 });
      check(await h.get('wangwei', `/api/tasks/${task._id}`), '/api/tasks/{id}');
      await h.post('wangwei', `/api/tasks/${task._id}/claim`, {});
      check(
        await h.post('wangwei', `/api/tasks/${task._id}/complete`, { data: {} }),
        '/api/tasks/{id}/complete',
        'post',
      );
      await h.t.engine.waitForIdle(task.instanceId);
      const file = await h.get('wangwei', `/api/instances/${task.instanceId}/file`);
      check(file, '/api/instances/{id}/file');
      expect(file.body.steps).to.have.length(1);
      check(await h.get('wangwei', `/api/instances/${task.instanceId}`), '/api/instances/{id}');
      const history = await h.get('wangwei', `/api/instances/${task.instanceId}/history?limit=2`);
      check(history, '/api/instances/{id}/history');
      expect(history.body.items).to.have.length(2);
      check(
        await h.get('wangwei', `/api/instances/${task.instanceId}/diagram`),
        '/api/instances/{id}/diagram',
      );
      check(await h.get('chenmin', '/api/requests'), '/api/requests');
      check(await h.get('chenmin', '/api/escalations'), '/api/escalations');
      const saved = await h
        .http()
        .put('/api/saved-filters')
        .set('Authorization', `Bearer ${await h.token('wangwei')}`)
        .send({ name: '超期', query: 'overdue=1' });
      check(saved, '/api/saved-filters', 'put');
      check(await h.get('wangwei', '/api/saved-filters'), '/api/saved-filters');
      check(await h.get('admin', '/api/audit'), '/api/audit');
      check(await h.get('wangwei', '/api/roles'), '/api/roles');
      check(await h.get('admin', '/api/stats'), '/api/stats');
    });

    it('serves Swagger UI at /api/docs', async () => {
      const redirect = await h.http().get('/api/docs');
      expect(redirect.status).to.equal(301);
      expect(redirect.headers.location).to.equal('/api/docs/');
      const page = await h.http().get('/api/docs/');
      expect(page.status).to.equal(200);
      expect(page.text).to.include('swagger-ui');
      const init = await h.http().get('/api/docs/swagger-ui-init.js');
      expect(init.status).to.equal(200);
      expect(init.text).to.include('/api/tasks/{id}/claim');
    });
  });

  describe('queue dashboard', () => {
    it('requires an admin token (header, cookie or ?token=): 401 without, 404 for others', async () => {
      expect((await h.http().get('/admin/queues')).status).to.equal(401);
      const wang = await h.token('wangwei');
      expect((await h.http().get('/admin/queues').set('Authorization', `Bearer ${wang}`)).status).to.equal(
        404,
      );
      expect((await h.http().get(`/admin/queues?token=${wang}`)).status).to.equal(404);
      const admin = await h.token('admin');
      const page = await h.http().get(`/admin/queues?token=${admin}`);
      expect(page.status).to.equal(200);
      expect(page.text).to.include('<div id="root">');
      expect(String(page.headers['set-cookie'])).to.match(/^grid_token=.*HttpOnly; SameSite=Strict/);
      const api = await h.http().get('/admin/queues/api/queues').set('Cookie', `grid_token=${admin}`);
      expect(api.status).to.equal(200);
      expect(api.body.queues.map((q: { name: string }) => q.name).sort()).to.deep.equal([
        'maintenance',
        // batches of case migrations (engine/migration/service.ts)
        'migrations',
        'notify',
        'services',
        'starts',
        'steps',
        'timers',
      ]);
      const header = await h.http().get('/admin/queues/api/queues').set('Authorization', `Bearer ${admin}`);
      expect(header.status).to.equal(200);
    });
  });

  describe('static UI', () => {
    let dir: string;
    before(async () => {
      dir = await mkdtemp(path.join(os.tmpdir(), 'grid-ui-'));
      await writeFile(path.join(dir, 'index.html'), '<!doctype html><title>网格</title><div id="app"></div>');
      await writeFile(path.join(dir, 'app.js'), 'console.log(1)');
    });
    after(() => rm(dir, { recursive: true, force: true }));

    it('serves the UI with SPA fallback for non-API paths', async () => {
      const app = createApi(h.t.engine, { jwtSecret: SECRET, uiDir: dir });
      try {
        const root = await request(app).get('/');
        expect(root.status).to.equal(200);
        expect(root.text).to.include('<div id="app">');
        const deep = await request(app).get('/tasks/abc').set('Accept', 'text/html');
        expect(deep.status).to.equal(200);
        expect(deep.text).to.include('<div id="app">');
        const asset = await request(app).get('/app.js');
        expect(asset.text).to.equal('console.log(1)');
        const api = await request(app).get('/api/unknown');
        expect(api.status).to.equal(404);
        expect(api.body).to.deep.equal({ error: { code: 'not-found', params: {}, message: 'not found' } });
        expect((await request(app).post('/somewhere')).status).to.equal(404);
      } finally {
        await app.close();
      }
    });

    it('serves no UI when uiDir is missing', async () => {
      const app = createApi(h.t.engine, { jwtSecret: SECRET, uiDir: path.join(dir, 'missing') });
      try {
        expect((await request(app).get('/')).status).to.equal(404);
      } finally {
        await app.close();
      }
    });
  });
});

/** A schema of the document with its `#/components/...` refs pointing into the document added as `doc`. */
function rebase(schema: unknown): object {
  return JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"doc#/components/'));
}

/** The structure of an OpenAPI 3.1 document this API serves (the parts clients and generators read). */
const OPENAPI_31_STRUCTURE = {
  type: 'object',
  required: ['openapi', 'info', 'paths', 'components'],
  properties: {
    openapi: { type: 'string', pattern: '^3\\.1\\.\\d+$' },
    info: { type: 'object', required: ['title', 'version'] },
    paths: {
      type: 'object',
      propertyNames: { pattern: '^/' },
      additionalProperties: {
        type: 'object',
        propertyNames: { enum: ['get', 'post', 'put', 'patch', 'delete'] },
        additionalProperties: {
          type: 'object',
          required: ['operationId', 'summary', 'responses'],
          properties: {
            operationId: { type: 'string', pattern: '^[A-Za-z0-9]+$' },
            parameters: {
              type: 'array',
              items: {
                type: 'object',
                required: ['name', 'in', 'schema'],
                properties: { in: { enum: ['path', 'query', 'header', 'cookie'] } },
              },
            },
            responses: {
              type: 'object',
              minProperties: 1,
              propertyNames: { pattern: '^[1-5]\\d\\d$' },
              additionalProperties: {
                type: 'object',
                required: ['description'],
                properties: {
                  description: { type: 'string' },
                  content: {
                    type: 'object',
                    additionalProperties: { type: 'object', required: ['schema'] },
                  },
                },
              },
            },
          },
        },
      },
    },
    components: {
      type: 'object',
      required: ['schemas', 'securitySchemes'],
      properties: { schemas: { type: 'object', additionalProperties: { type: 'object' } } },
    },
  },
} as const;
