// Fuzzing DMN: mutated decision documents must parse or end in a DecisionDeploymentError listing coded
// problems, and a parsed table evaluated with random variables must give a result or a coded
// DecisionEvaluationError — never another exception.
import { expect } from 'chai';
import fc from 'fast-check';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { evaluateDecisionModel } from '../../engine/dmn/evaluate.js';
import { parseDecisions } from '../../engine/dmn/parse.js';
import { DecisionDeploymentError, DecisionEvaluationError } from '../../engine/dmn/types.js';
import { PROCESSES_DIR } from '../../engine/engine.js';
import { warmFeelSandbox } from '../../engine/runtime/feel-sandbox.js';
import { decisionXml, dmnXml } from './fixtures.js';

const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);

const CHAIN = dmnXml(
  decisionXml({
    id: 'risk',
    hitPolicy: 'PRIORITY',
    inputs: ['floors', 'kinds'],
    outputs: [{ name: 'risk', values: '"high","low"' }],
    rules: [
      ['> 10', 'list contains(?, "gas")', '"high"'],
      ['[1..10]', '-', '"low"'],
      ['-', '-', '"low"'],
    ],
  }),
  decisionXml({
    id: 'route',
    hitPolicy: 'COLLECT',
    aggregation: 'COUNT',
    requires: ['risk'],
    inputs: ['risk', 'area * 2'],
    outputs: ['n'],
    rules: [
      ['"high"', '> 100', '1'],
      ['-', '< 50', 'area'],
    ],
  }),
);

const FRAGMENTS = [
  '<',
  '>',
  '"',
  '&',
  '</decision>',
  '<rule id="x"/>',
  '<inputEntry><text>[1..</text></inputEntry>',
  '<informationRequirement><requiredDecision href="#nope"/></informationRequirement>',
  '<output name="n"/>',
  'hitPolicy="BAD" ',
  'aggregation="SUM" ',
  '<text>for i in 1..5 return i</text>',
  '<literalExpression><text>1 +</text></literalExpression>',
  '\u0000',
  '网格',
];

const mutate = (xml: string) =>
  fc
    .array(fc.tuple(fc.nat({ max: xml.length }), fc.nat({ max: 40 }), fc.constantFrom(...FRAGMENTS, '')), {
      minLength: 1,
      maxLength: 4,
    })
    .map((edits) => {
      let out = xml;
      for (const [at, cut, insert] of edits) {
        const i = Math.min(at, out.length);
        out = out.slice(0, i) + insert + out.slice(i + cut);
      }
      return out;
    });

const anyValue = fc.oneof(
  fc.constant(null),
  fc.integer({ min: -1000, max: 1000 }),
  fc.double({ noNaN: true }),
  fc.string({ maxLength: 8 }),
  fc.boolean(),
  fc.array(fc.constantFrom('gas', 'fire', 'hydrant_damaged', 1, null), { maxLength: 4 }),
  fc.dictionary(fc.string({ maxLength: 4 }), fc.integer(), { maxKeys: 3 }),
);

describe('dmn: fuzzing deploy and evaluation', function () {
  this.timeout(60_000);
  before(() => warmFeelSandbox());

  it(`mutated documents parse or are refused with coded problems (seed ${SEED})`, async () => {
    const bundled = await readFile(path.join(PROCESSES_DIR, 'decisions/fire_dept_route.dmn'), 'utf8');
    await fc.assert(
      fc.asyncProperty(fc.oneof(mutate(CHAIN), mutate(bundled)), async (xml) => {
        try {
          await parseDecisions(xml);
        } catch (err) {
          expect(err, String(err)).to.be.instanceOf(DecisionDeploymentError);
          for (const d of (err as DecisionDeploymentError).details) {
            expect(d.code).to.match(/^dmn\./);
            expect(d.elementId).to.be.a('string').and.not.equal('');
          }
        }
      }),
      { seed: SEED, numRuns: 150 },
    );
  });

  it(`tables evaluated with random variables give a result or a coded error (seed ${SEED})`, async () => {
    const chain = await parseDecisions(CHAIN);
    const fire = await parseDecisions(
      await readFile(path.join(PROCESSES_DIR, 'decisions/fire_dept_route.dmn'), 'utf8'),
    );
    let results = 0;
    fc.assert(
      fc.property(
        fc.record({
          floors: anyValue,
          kinds: anyValue,
          area: anyValue,
          venueType: anyValue,
          hazardTypes: anyValue,
        }),
        (vars) => {
          for (const [model, id] of [
            [chain, 'route'],
            [fire, 'fire_dept_route'],
          ] as const) {
            try {
              const r = evaluateDecisionModel(model, id, vars);
              expect(r.decisionId).to.equal(id);
              results++;
            } catch (err) {
              expect(err, String(err)).to.be.instanceOf(DecisionEvaluationError);
            }
          }
        },
      ),
      { seed: SEED, numRuns: 300 },
    );
    // most runs evaluate to a value (the fire table has no failing input; the chain's arithmetic on odd
    // values yields null, not an error)
    expect(results).to.be.greaterThan(300);
  });
});
