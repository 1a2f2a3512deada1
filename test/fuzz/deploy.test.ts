// Fuzzing deploy: random and mutated BPMN XML fed to engine.deploy must end in a DeploymentError listing
// {elementId, message} problems, or in a successful deploy — never another exception, a hang, or a
// definition written half-way (the definitions collection grows only on success).
import { expect } from 'chai';
import fc from 'fast-check';
import { DeploymentError } from '../../engine/model/types.js';
import { testEngine, type TestEngine } from '../helpers/engine.js';
import { flow, processXml, REVIEW_XOR, userTask } from '../engine/fixtures.js';

const CASE_TIMEOUT_MS = 5000;
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);

const LADDER = processXml(
  'ladder',
  `<bpmn:startEvent id="s"/>${flow('f0', 's', 'handle')}
   <bpmn:userTask id="handle" name="处置" grid:level="grid" grid:candidateRoles="handler" grid:sla="P5D" grid:calendar="workday" grid:warnAt="0.8">
     <bpmn:extensionElements>
       <grid:escalation supervisionCycle="P1D">
         <grid:step level="community" sla="P3D"/>
         <grid:step level="street" sla="P2D"/>
       </grid:escalation>
     </bpmn:extensionElements>
   </bpmn:userTask>
   ${flow('f1', 'handle', 'e')}<bpmn:endEvent id="e"/>`,
);

const EVENTS = processXml(
  'events',
  `<bpmn:startEvent id="s"/>${flow('f0', 's', 'fork')}<bpmn:parallelGateway id="fork"/>
   ${flow('fa', 'fork', 'wait')}${flow('fb', 'fork', 'sub')}
   <bpmn:intermediateCatchEvent id="wait"><bpmn:timerEventDefinition grid:calendar="workday"><bpmn:timeDuration>PT4H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
   ${flow('fw', 'wait', 'reply')}
   <bpmn:intermediateCatchEvent id="reply" grid:correlationKey="=caseNo"><bpmn:messageEventDefinition messageRef="m1"/></bpmn:intermediateCatchEvent>
   ${flow('fr', 'reply', 'join')}
   <bpmn:subProcess id="sub">
     <bpmn:startEvent id="ss"/>${flow('g0', 'ss', 'inner')}${userTask('inner', 'grid:level="community"')}${flow('g1', 'inner', 'se')}
     <bpmn:endEvent id="se"><bpmn:escalationEventDefinition escalationRef="escUp"/></bpmn:endEvent>
   </bpmn:subProcess>
   <bpmn:boundaryEvent id="late" attachedToRef="sub" cancelActivity="false"><bpmn:timerEventDefinition><bpmn:timeCycle>R3/PT1H</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:boundaryEvent>
   ${flow('fl', 'late', 'remind')}<bpmn:serviceTask id="remind" grid:workerType="noop" grid:retries="2"/>${flow('fl2', 'remind', 'e2')}<bpmn:endEvent id="e2"/>
   <bpmn:boundaryEvent id="onUp" attachedToRef="sub"><bpmn:escalationEventDefinition escalationRef="escUp"/></bpmn:boundaryEvent>
   ${flow('fu', 'onUp', 'join')}${flow('fs', 'sub', 'join')}
   <bpmn:inclusiveGateway id="join"/>${flow('fj', 'join', 'x')}
   <bpmn:exclusiveGateway id="x" default="fd"/>${flow('fc', 'x', 'e', '=urgent = true')}${flow('fd', 'x', 'e')}
   <bpmn:endEvent id="e"><bpmn:terminateEventDefinition/></bpmn:endEvent>`,
  '<bpmn:message id="m1" name="partyReply"/><bpmn:escalation id="escUp" escalationCode="up"/>',
);

const FIXTURES = [REVIEW_XOR, LADDER, EVENTS];

// ---- mutations --------------------------------------------------------------------------------------

const ELEMENT = /<(bpmn|grid):([A-Za-z]+)\b[^<>]*?\/>|<(bpmn|grid):([A-Za-z]+)\b[^<>]*>[\s\S]*?<\/\3:\4>/g;
const ATTRIBUTE = /(\s)([\w:]+)="([^"]*)"/g;
const TAGS = [
  'startEvent',
  'endEvent',
  'userTask',
  'serviceTask',
  'scriptTask',
  'exclusiveGateway',
  'parallelGateway',
  'inclusiveGateway',
  'eventBasedGateway',
  'subProcess',
  'callActivity',
  'sequenceFlow',
  'boundaryEvent',
  'intermediateCatchEvent',
  'intermediateThrowEvent',
  'process',
  'timerEventDefinition',
  'messageEventDefinition',
  'step',
  'escalation',
];
const INTERESTING = [
  '',
  ' ',
  '=',
  '=x = ',
  '${approved}',
  '=1/0',
  '=date and time("x")',
  'P-1D',
  'PT0S',
  'P99999999999D',
  'R/P1D',
  'R0/PT1H',
  '2026-13-45T99:99:99',
  's',
  'e',
  'start',
  'end',
  'check',
  'decide',
  'f1',
  'fNo',
  'handle',
  'sub',
  'grid',
  'galaxy',
  'district',
  'true',
  'false',
  '-1',
  'NaN',
  '1e309',
  'a.b',
  '$x',
  '&amp;',
  '&#0;',
  '&undefined;',
  '网格',
  'constructor',
  '__proto__',
];

type Mutation =
  | { kind: 'truncate'; at: number }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'dropElement'; index: number }
  | { kind: 'dupElement'; index: number; at: number }
  | { kind: 'setAttr'; index: number; value: string }
  | { kind: 'dropAttr'; index: number }
  | { kind: 'renameTag'; index: number; tag: string }
  | { kind: 'swapAttrValues'; a: number; b: number };

const ratio = fc.double({ min: 0, max: 1, noNaN: true });
const idx = fc.nat({ max: 10_000 });
const text = fc.oneof(
  fc.constantFrom(...INTERESTING),
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 12 }),
);
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: ratio }),
  fc.record({ kind: fc.constant('insert' as const), at: ratio, text }),
  fc.record({ kind: fc.constant('dropElement' as const), index: idx }),
  fc.record({ kind: fc.constant('dupElement' as const), index: idx, at: ratio }),
  fc.record({ kind: fc.constant('setAttr' as const), index: idx, value: text }),
  fc.record({ kind: fc.constant('dropAttr' as const), index: idx }),
  fc.record({ kind: fc.constant('renameTag' as const), index: idx, tag: fc.constantFrom(...TAGS) }),
  fc.record({ kind: fc.constant('swapAttrValues' as const), a: idx, b: idx }),
);

function spans(xml: string, re: RegExp): Array<{ start: number; end: number; m: RegExpExecArray }> {
  const out = [];
  for (const m of xml.matchAll(new RegExp(re.source, 'g')))
    out.push({ start: m.index!, end: m.index! + m[0].length, m: m as RegExpExecArray });
  return out;
}

function mutate(xml: string, mu: Mutation): string {
  const at = (r: number) => Math.floor(r * xml.length);
  switch (mu.kind) {
    case 'truncate':
      return xml.slice(0, at(mu.at));
    case 'insert':
      return xml.slice(0, at(mu.at)) + mu.text + xml.slice(at(mu.at));
    case 'dropElement':
    case 'dupElement':
    case 'renameTag': {
      const els = spans(xml, ELEMENT);
      if (!els.length) return xml;
      const el = els[mu.index % els.length];
      const src = xml.slice(el.start, el.end);
      if (mu.kind === 'dropElement') return xml.slice(0, el.start) + xml.slice(el.end);
      if (mu.kind === 'dupElement') {
        const pos = els[Math.floor(mu.at * els.length) % els.length].start;
        return xml.slice(0, pos) + src + xml.slice(pos);
      }
      const name = el.m[2] ?? el.m[4];
      const renamed = src.split(`:${name}`).join(`:${mu.tag}`);
      return xml.slice(0, el.start) + renamed + xml.slice(el.end);
    }
    case 'setAttr':
    case 'dropAttr': {
      const attrs = spans(xml, ATTRIBUTE).filter((a) => !a.m[2].startsWith('xmlns'));
      if (!attrs.length) return xml;
      const a = attrs[mu.index % attrs.length];
      const replacement = mu.kind === 'dropAttr' ? '' : `${a.m[1]}${a.m[2]}="${mu.value}"`;
      return xml.slice(0, a.start) + replacement + xml.slice(a.end);
    }
    case 'swapAttrValues': {
      const attrs = spans(xml, ATTRIBUTE).filter((a) => !a.m[2].startsWith('xmlns'));
      if (attrs.length < 2) return xml;
      const [x, y] = [attrs[mu.a % attrs.length], attrs[mu.b % attrs.length]].sort(
        (p, q) => p.start - q.start,
      );
      if (x.start === y.start) return xml;
      return (
        xml.slice(0, x.start) +
        `${x.m[1]}${x.m[2]}="${y.m[3]}"` +
        xml.slice(x.end, y.start) +
        `${y.m[1]}${y.m[2]}="${x.m[3]}"` +
        xml.slice(y.end)
      );
    }
  }
}

const mutatedXml = fc
  .tuple(fc.constantFrom(...FIXTURES), fc.array(mutation, { minLength: 1, maxLength: 4 }))
  .map(([xml, ms]) => ms.reduce(mutate, xml));

// syntactically valid BPMN made of random elements wired by random flows over a small id pool
const IDS = ['s', 'a', 'b', 'g', 'e', 'sub', 'x'];
const id = fc.constantFrom(...IDS);
const snippet = fc.oneof(
  id.map((i) => `<bpmn:startEvent id="${i}"/>`),
  id.map((i) => `<bpmn:endEvent id="${i}"/>`),
  fc
    .tuple(id, fc.constantFrom('grid', 'community', 'street', 'nowhere', ''))
    .map(([i, l]) => `<bpmn:userTask id="${i}" grid:level="${l}" grid:sla="P1D"/>`),
  id.map((i) => `<bpmn:serviceTask id="${i}" grid:workerType="noop"/>`),
  fc
    .tuple(fc.constantFrom('exclusive', 'parallel', 'inclusive'), id, fc.option(id))
    .map(([k, i, d]) => `<bpmn:${k}Gateway id="${i}"${d ? ` default="f${d}"` : ''}/>`),
  fc
    .tuple(id, id, id, fc.option(fc.constantFrom('=ok', '=x > 1', '${bad}', '=')))
    .map(([f, s, t, c]) => flow(`f${f}`, s, t, c ?? undefined)),
  fc
    .tuple(id, id, fc.constantFrom('PT1H', 'P1D', 'bogus', '=d'))
    .map(
      ([i, host, d]) =>
        `<bpmn:boundaryEvent id="${i}" attachedToRef="${host}"><bpmn:timerEventDefinition><bpmn:timeDuration>${d}</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>`,
    ),
  id.map((i) => `<bpmn:subProcess id="${i}"><bpmn:startEvent id="${i}_s"/></bpmn:subProcess>`),
);
const randomBpmn = fc
  .tuple(fc.array(snippet, { maxLength: 12 }), fc.constantFrom('rand', 'rand2', 'rand3', ''))
  .map(([parts, key]) => processXml(key, parts.join('\n')));

// mostly valid processes: start → blocks → end, a block being a task, a parallel fork/join or an exclusive
// choice with a default, with grid attribute values drawn from plausible and implausible ones
const attrValue = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('P1D', 'PT4H', 'P3D', '=sla', 'grid', 'community', 'street') },
  { weight: 1, arbitrary: text },
);
type Block = { kind: 'task' | 'service' | 'par' | 'xor'; sla: string; level: string; cond: string };
const block: fc.Arbitrary<Block> = fc.record({
  kind: fc.constantFrom('task' as const, 'service' as const, 'par' as const, 'xor' as const),
  sla: attrValue,
  level: attrValue,
  cond: fc.oneof(fc.constantFrom('=ok = true', '=x > 1', '=ok'), text),
});
const esc = (v: string) => v.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
function structured(blocks: Block[], key: string): string {
  const parts: string[] = ['<bpmn:startEvent id="start"/>'];
  let prev = 'start';
  blocks.forEach((b, i) => {
    const task = (id: string) =>
      userTask(id, `grid:level="${esc(b.level)}" grid:sla="${esc(b.sla)}" grid:calendar="workday"`);
    const link = (to: string, cond?: string) => parts.push(flow(`f${parts.length}`, prev, to, cond));
    if (b.kind === 'task' || b.kind === 'service') {
      const id = `n${i}`;
      parts.push(b.kind === 'task' ? task(id) : `<bpmn:serviceTask id="${id}" grid:workerType="noop"/>`);
      link(id);
      prev = id;
      return;
    }
    const [fork, join, a, c] = [`fork${i}`, `join${i}`, `a${i}`, `b${i}`];
    const gw = b.kind === 'par' ? 'parallelGateway' : 'exclusiveGateway';
    parts.push(
      `<bpmn:${gw} id="${fork}"${b.kind === 'xor' ? ` default="d${i}"` : ''}/>`,
      `<bpmn:${gw} id="${join}"/>`,
      task(a),
      task(c),
    );
    link(fork);
    parts.push(
      b.kind === 'xor' ? flow(`c${i}`, fork, a, esc(b.cond)) : flow(`c${i}`, fork, a),
      flow(`d${i}`, fork, c),
      flow(`ja${i}`, a, join),
      flow(`jb${i}`, c, join),
    );
    prev = join;
  });
  parts.push('<bpmn:endEvent id="end"/>', flow('fend', prev, 'end'));
  return processXml(key, parts.join('\n'));
}
const structuredBpmn = fc
  .tuple(fc.array(block, { minLength: 1, maxLength: 6 }), fc.constantFrom('s1', 's2', 's3'))
  .map(([blocks, key]) => structured(blocks, key));

const anyString = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.constantFrom(
    '',
    '<',
    '<?xml version="1.0"?>',
    '<bpmn:definitions/>',
    '<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"/>',
    '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><x>&b;</x>',
  ),
);

// ---- the property -----------------------------------------------------------------------------------

describe('fuzz: deploy accepts or refuses with details, nothing else', function () {
  this.timeout(60000);
  let t: TestEngine;
  before(async () => {
    t = await testEngine({ workers: false });
  });
  after(() => t.close());

  const outcomes = { deployed: 0, refused: 0 };

  async function deployCase(xml: unknown): Promise<void> {
    const defs = t.engine.store.collection('definitions');
    const before = await defs.count({});
    let timer: NodeJS.Timeout | undefined;
    const hang = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`deploy hung for ${CASE_TIMEOUT_MS} ms`)), CASE_TIMEOUT_MS);
    });
    try {
      const d = await Promise.race([t.engine.deploy(xml as string), hang]);
      outcomes.deployed++;
      expect(d.key, 'deployed key').to.be.a('string').and.not.equal('');
      expect(d.version).to.be.a('number').greaterThan(0);
      expect(await defs.count({})).to.equal(before + (d.created ? 1 : 0));
      // what was stored compiles back
      const compiled = await t.engine.definitions.compiled(d.key, d.version);
      expect(compiled.nodes[compiled.startNode]).to.exist;
    } catch (err) {
      if (!(err instanceof DeploymentError)) {
        const e = err as Error;
        throw new Error(`deploy threw ${e?.name}: ${e?.message}\n${String(xml).slice(0, 2000)}`, {
          cause: err,
        });
      }
      outcomes.refused++;
      expect(err.details, 'details').to.be.an('array').that.is.not.empty;
      expect(await defs.count({}), 'no definition written on failure').to.equal(before);
      for (const d of err.details) {
        expect(d.elementId, `elementId in ${JSON.stringify(d)}`)
          .to.be.a('string')
          .and.not.equal('');
        expect(d.message, `message in ${JSON.stringify(d)}`)
          .to.be.a('string')
          .and.not.equal('');
      }
    } finally {
      clearTimeout(timer);
    }
  }

  it('the unmutated fixtures deploy', async () => {
    for (const xml of FIXTURES) await deployCase(xml);
    expect(outcomes.deployed).to.equal(FIXTURES.length);
  });

  it('mutated fixtures (attributes, dropped/duplicated/renamed elements, truncation, junk)', async () => {
    await fc.assert(fc.asyncProperty(mutatedXml, deployCase), { numRuns: 200, seed: SEED });
  });

  it('random BPMN built from element snippets and random flows', async () => {
    await fc.assert(fc.asyncProperty(randomBpmn, deployCase), { numRuns: 150, seed: SEED });
  });

  it('structured random processes (tasks, parallel and exclusive blocks) with random grid attributes', async () => {
    await fc.assert(fc.asyncProperty(structuredBpmn, deployCase), { numRuns: 150, seed: SEED });
  });

  it('structured random processes, then mutated', async () => {
    const mutated = fc
      .tuple(structuredBpmn, fc.array(mutation, { minLength: 1, maxLength: 3 }))
      .map(([xml, ms]) => ms.reduce(mutate, xml));
    await fc.assert(fc.asyncProperty(mutated, deployCase), { numRuns: 150, seed: SEED });
  });

  it('random strings and non-strings', async () => {
    await fc.assert(fc.asyncProperty(anyString, deployCase), { numRuns: 100, seed: SEED });
    for (const v of [undefined, null, 42, {}, ['<x/>']]) await deployCase(v);
  });

  it('refuses a process without an id, which would become a definition keyed "" or "undefined"', async () => {
    // found by this fuzzer: id="" deployed as key "", no id as "undefined@1", and a second id-less process
    // then failed with a plain Error "could not allocate a version for undefined"
    for (const xml of [
      REVIEW_XOR.replace('<bpmn:process id="review"', '<bpmn:process id=""'),
      REVIEW_XOR.replace('<bpmn:process id="review"', '<bpmn:process'),
      LADDER.replace('<bpmn:process id="ladder"', '<bpmn:process'),
    ]) {
      const err = await t.engine.deploy(xml).catch((e) => e);
      expect(err, 'deploy must fail').to.be.instanceOf(DeploymentError);
      for (const d of (err as DeploymentError).details)
        expect(d.elementId).to.be.a('string').and.not.equal('');
    }
  });

  after(() =>
    console.log(`      (seed ${SEED}: ${outcomes.deployed} deployed, ${outcomes.refused} refused)`),
  );
});
