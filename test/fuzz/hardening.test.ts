// Property-based: hostile time limits, FEEL conditions and deep or large BPMN, sent through the real HTTP API
// while /healthz is polled. Each input ends as a 4xx or as a case that either waits at its task (with a due
// date within the horizon) or holds an incident naming the element — and /healthz keeps answering in under
// a second throughout (a safety bound: the failures this guards against froze it for minutes).
import http from 'node:http';
import { expect } from 'chai';
import fc from 'fast-check';
import { MAX_HORIZON_DAYS } from '../../engine/sla/duration.js';
import { openIncidents } from '../engine/drive.js';
import { flow, processXml } from '../engine/fixtures.js';
import { harness, type Harness } from '../api/helpers.js';

const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
const GRID1 = '310117001001001';
const DAY = 86_400_000;

/** Polls /healthz every 25 ms; `stop()` returns the slowest answer in ms. */
function pollHealth(base: string) {
  let slowest = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const started = Date.now();
      await new Promise<void>((resolve) => {
        http.get(`${base}/healthz`, (res) => res.resume().on('end', resolve)).on('error', () => resolve());
      });
      slowest = Math.max(slowest, Date.now() - started);
      await new Promise((r) => setTimeout(r, 25));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return slowest;
    },
  };
}

describe(`fuzz: hostile values are bounded (FUZZ_SEED=${SEED})`, function () {
  this.timeout(180000);
  let h: Harness;
  let admin: string;
  before(async () => {
    h = await harness();
    admin = `Bearer ${await h.token('admin')}`;
    h.t.engine.forms.register('fuzz-limit', {
      type: 'object',
      properties: { limit: {}, n: {}, items: {} },
    });
    await h.t.engine.deploy(
      processXml(
        'fuzz_sla',
        `<bpmn:startEvent id="s" grid:formKey="fuzz-limit"/>${flow('f0', 's', 'check')}
         <bpmn:userTask id="check" name="核查" grid:level="grid" grid:sla="=limit" grid:calendar="workday"/>
         ${flow('f1', 'check', 'e')}<bpmn:endEvent id="e"/>`,
      ),
    );
  });
  after(() => h.close());

  it('time limits from start variables: a bounded due date or an incident naming the variable', async () => {
    const limit = fc.oneof(
      fc.nat({ max: 10_000_000 }).map((n) => `P${n}D`),
      fc.nat({ max: 100_000_000 }).map((n) => `PT${n}H`),
      fc.nat({ max: 5000 }).map((n) => `P${n}W`),
      fc.constantFrom('P2000000D', '-P1D', 'garbage', 'P', 'PT', 'P1M', 'P1Y', 'P1.5D', 'P1e9D', ''),
      fc.string({ maxLength: 12 }),
      fc.oneof(fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.jsonValue({ maxDepth: 2 })),
    );
    const health = pollHealth(h.base);
    await fc.assert(
      fc.asyncProperty(limit, async (value) => {
        const res = await h.post('wangwei', '/api/instances', {
          definitionKey: 'fuzz_sla',
          gridUnit: GRID1,
          variables: { limit: value },
        });
        expect(res.status, JSON.stringify(res.body)).to.be.oneOf([201, 400]);
        if (res.status !== 201) return;
        const s = await h.t.engine.waitForIdle(res.body.id);
        const tasks = await h.t.engine.openTasksOfCase(s._id);
        const incidents = openIncidents(s);
        if (tasks.length) {
          expect(incidents).to.have.length(0);
          expect(tasks[0].dueAt! - h.t.clock.now()).to.be.at.most(MAX_HORIZON_DAYS * DAY);
        } else {
          expect(incidents, JSON.stringify(value)).to.have.length(1);
          expect(incidents[0].nodeId).to.equal('check');
          if (value !== null) expect(incidents[0].message).to.include('limit');
        }
      }),
      { numRuns: 60, seed: SEED },
    );
    expect(await health.stop()).to.be.below(1000);
  });

  it('FEEL conditions that iterate: the case goes on or holds an incident at the gateway', async () => {
    const condition = fc.oneof(
      fc
        .tuple(fc.nat({ max: 5000 }), fc.nat({ max: 5000 }))
        .map(([a, b]) => `=count(for i in 1..${a}, j in 1..${b} return i) > 0`),
      fc.nat({ max: 400 }).map((a) => `=some x in (for i in 1..${a} return i) satisfies x > n`),
      fc.constantFrom(
        '=matches(items, "(a+)+$")',
        '=count(items[item > 1]) > 0',
        '={f: function(k) if k = 0 then 1 else f(k - 1) + f(k - 1)}.f(n) > 0',
        '=string join(for i in 1..n return string(i)) != ""',
      ),
    );
    const value = fc.record({
      n: fc.oneof(fc.nat({ max: 40 }), fc.constant(3000)),
      items: fc.oneof(
        fc.constant('a'.repeat(30) + '!'),
        fc.array(fc.integer(), { maxLength: 50 }),
        fc.constant(null),
      ),
    });
    const health = pollHealth(h.base);
    let k = 0;
    await fc.assert(
      fc.asyncProperty(condition, value, async (cond, vars) => {
        const key = `fuzz_feel_${k++}`;
        const xml = processXml(
          key,
          `<bpmn:startEvent id="s" grid:formKey="fuzz-limit"/>${flow('f0', 's', 'g')}
           <bpmn:exclusiveGateway id="g" default="f2"/>
           <bpmn:sequenceFlow id="f1" sourceRef="g" targetRef="e"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${cond
             .replace(/&/g, '&amp;')
             .replace(/</g, '&lt;')
             .replace(/"/g, '&quot;')}</bpmn:conditionExpression></bpmn:sequenceFlow>
           ${flow('f2', 'g', 'e')}<bpmn:endEvent id="e"/>`,
        );
        const dep = await h
          .http()
          .post('/api/definitions')
          .set('Authorization', admin)
          .set('Content-Type', 'application/xml')
          .send(xml);
        expect(dep.status, JSON.stringify(dep.body)).to.be.oneOf([200, 201, 400]);
        if (dep.status === 400) return;
        const res = await h.post('wangwei', '/api/instances', {
          definitionKey: key,
          gridUnit: GRID1,
          variables: vars,
        });
        expect(res.status, JSON.stringify(res.body)).to.equal(201);
        const s = await h.t.engine.waitForIdle(res.body.id, 20000);
        if (s.status === 'completed') return;
        const [inc] = openIncidents(s);
        expect(inc?.nodeId, `${cond} ${JSON.stringify(vars)}: ${s.status}`).to.equal('g');
      }),
      { numRuns: 25, seed: SEED },
    );
    expect(await health.stop()).to.be.below(1000);
  });

  it('deep or large documents: a 2xx or a 4xx, never a 5xx, nothing stored on refusal', async () => {
    const health = pollHealth(h.base);
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: 4000 }), fc.nat({ max: 3 }), async (depth, shape) => {
        const key = `fuzz_deep_${depth}_${shape}`;
        let inner = `<bpmn:startEvent id="a${depth}"/>${flow(`x${depth}`, `a${depth}`, `z${depth}`)}<bpmn:endEvent id="z${depth}"/>`;
        for (let i = depth - 1; i >= 0; i--) {
          const open =
            shape === 0
              ? `<bpmn:subProcess id="p${i}">`
              : `<bpmn:subProcess id="p${i}"><bpmn:documentation>d</bpmn:documentation>`;
          inner = `<bpmn:startEvent id="a${i}"/>${flow(`x${i}`, `a${i}`, `p${i}`)}${open}${inner}</bpmn:subProcess>${flow(`y${i}`, `p${i}`, `z${i}`)}<bpmn:endEvent id="z${i}"/>`;
        }
        const res = await h
          .http()
          .post('/api/definitions')
          .set('Authorization', admin)
          .set('Content-Type', 'application/xml')
          .send(processXml(key, inner));
        expect(res.status, JSON.stringify(res.body).slice(0, 300)).to.be.oneOf([200, 201, 400, 413]);
        if (res.status >= 400) expect(await h.t.engine.definitions.latest(key)).to.equal(null);
      }),
      { numRuns: 20, seed: SEED },
    );
    expect(await health.stop()).to.be.below(1000);
  });
});
