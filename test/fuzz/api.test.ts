// Fuzzing the HTTP API with random JSON bodies on POST /api/instances and POST /api/tasks/:id/complete:
// whatever the body (wrong types, missing or extra fields, odd variables, not JSON at all), the answer is
// a 2xx for the rare valid one and otherwise a 4xx with an error body — never a 5xx.
import { expect } from 'chai';
import fc from 'fast-check';
import { flow, processXml } from '../engine/fixtures.js';
import { harness, type Harness } from '../api/helpers.js';

const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
const GRID1 = '310117001001001';
const FUZZ = processXml(
  'fuzzapi',
  `<bpmn:startEvent id="s"/>${flow('f0', 's', 'sign')}
   <bpmn:userTask id="sign" name="签订" grid:level="grid" grid:candidateRoles="handler" grid:formKey="dispute-agreement"/>
   ${flow('f1', 'sign', 'work')}
   <bpmn:userTask id="work" name="办理" grid:level="grid" grid:candidateRoles="handler"/>
   ${flow('f2', 'work', 'e')}<bpmn:endEvent id="e"/>`,
);

const odd = fc.constantFrom(
  null,
  '',
  ' ',
  0,
  -1,
  1.5,
  1e308,
  Number.MAX_SAFE_INTEGER + 2,
  true,
  [],
  {},
  'fuzzapi',
  GRID1,
  '310117',
  '../../etc/passwd',
  '$where',
  '__proto__',
  'x'.repeat(5000),
  '网格',
  '\u0000',
  { $gt: '' },
  { $ne: null },
  ['fuzzapi'],
);
const anyValue = fc.oneof(odd, fc.jsonValue({ maxDepth: 3 }));
const variables = fc.oneof(
  fc.dictionary(fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 4 }), { maxKeys: 6 }),
  fc.constantFrom(
    { constructor: { prototype: { x: 1 } } },
    { 'a.b': 1, $set: 2 },
    { toString: 1, valueOf: null },
  ),
  anyValue,
);
const startBody = fc.oneof(
  anyValue,
  fc.record(
    {
      definitionKey: fc.oneof(fc.constant('fuzzapi'), anyValue),
      gridUnit: fc.oneof(fc.constant(GRID1), anyValue),
      businessKey: anyValue,
      variables,
      version: fc.oneof(fc.constantFrom(1, 2, 0, -1, 1.5, '1', 1e20), anyValue),
      extra: anyValue,
    },
    { requiredKeys: [] },
  ),
);
const validAgreement = {
  agreementNo: 'XT-2026-001',
  signedAt: '2026-03-02T09:00:00+08:00',
  terms: '双方同意按协议履行，甲方于三日内修复漏水管道。',
  allPartiesSigned: true,
  wantsJudicialConfirmation: false,
};
const completeBody = fc.oneof(
  anyValue,
  fc.record({ data: variables, extra: anyValue }, { requiredKeys: [] }),
  // the form of the task, each field kept valid or replaced by something odd
  fc
    .record(
      Object.fromEntries(
        Object.entries(validAgreement).map(([k, v]) => [
          k,
          fc.oneof({ weight: 4, arbitrary: fc.constant(v) }, anyValue),
        ]),
      ),
      { requiredKeys: [] },
    )
    .map((data) => ({ data })),
);
const rawText = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.constantFrom(
    '{',
    '{"definitionKey":',
    '[1,2',
    'null',
    '"str"',
    '{"data":{"a":1}}}',
    '\u0000',
    '{"__proto__":{"polluted":true},"definitionKey":"fuzzapi","gridUnit":"310117001001001"}',
    '{"data":{"__proto__":{"polluted":true}}}',
    '{"definitionKey":"fuzzapi","gridUnit":"310117001001001","variables":{"__proto__":{"x":1}}}',
    `{"data":${'['.repeat(5000)}${']'.repeat(5000)}}`,
  ),
);

describe('fuzz: random JSON bodies to the HTTP API never cause a 5xx', function () {
  this.timeout(60000);
  let h: Harness;
  let taskIds: string[] = [];
  const statuses = new Map<number, number>();

  before(async () => {
    h = await harness();
    await h.t.engine.deploy(FUZZ);
    for (let i = 0; i < 3; i++) {
      const s = await h.t.engine.start('fuzzapi', { gridUnit: GRID1 }, 'wangwei');
      await h.t.engine.waitForIdle(s._id);
    }
    taskIds = (await h.t.engine.openTasks()).items.map((t) => t._id);
  });
  after(async () => {
    console.log(`      (seed ${SEED}; statuses ${JSON.stringify(Object.fromEntries(statuses))})`);
    await h.close();
  });

  /** sends `body` serialised as it is (superagent refuses primitives) */
  async function postJson(p: string, body: unknown) {
    const text = JSON.stringify(body);
    return h
      .http()
      .post(p)
      .set('Authorization', `Bearer ${await h.token('wangwei')}`)
      .set('Content-Type', 'application/json')
      .send(text === undefined ? '' : text);
  }

  function check(res: { status: number; body: unknown; text?: string }, what: string) {
    statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    expect(res.status, `${what} → ${res.status} ${res.text?.slice(0, 300)}`).to.be.below(500);
    if (res.status >= 300) {
      expect(res.status, what).to.be.at.least(400);
      expect(res.body, `${what}: error body`).to.be.an('object').that.is.not.empty;
      expect(({} as Record<string, unknown>).polluted, 'prototype pollution').to.equal(undefined);
    }
  }

  it('POST /api/instances', async () => {
    await fc.assert(
      fc.asyncProperty(startBody, async (body) => {
        const res = await postJson('/api/instances', body);
        check(res, `POST /api/instances ${JSON.stringify(body)?.slice(0, 300)}`);
      }),
      { numRuns: 200, seed: SEED },
    );
  });

  it('POST /api/tasks/:id/complete', async () => {
    const id = fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...taskIds) },
      { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 40 }).map(encodeURIComponent) },
      { weight: 1, arbitrary: fc.constantFrom('%00', '..%2F..', 'x'.repeat(500), '%E7%BD%91', '__proto__') },
    );
    await fc.assert(
      fc.asyncProperty(id, completeBody, async (taskId, body) => {
        const res = await postJson(`/api/tasks/${taskId}/complete`, body);
        check(res, `POST /api/tasks/${taskId}/complete ${JSON.stringify(body)?.slice(0, 300)}`);
      }),
      { numRuns: 200, seed: SEED },
    );
  });

  it('bodies that are not JSON at all', async () => {
    const token = await h.token('wangwei');
    await fc.assert(
      fc.asyncProperty(
        rawText,
        fc.constantFrom('/api/instances', `/api/tasks/${taskIds[0]}/complete`),
        async (text, p) => {
          const res = await h
            .http()
            .post(p)
            .set('Authorization', `Bearer ${token}`)
            .set('Content-Type', 'application/json')
            .send(text);
          check(res, `POST ${p} raw ${JSON.stringify(text).slice(0, 200)}`);
        },
      ),
      { numRuns: 100, seed: SEED },
    );
  });
});
