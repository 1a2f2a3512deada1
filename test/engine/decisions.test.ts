// Decision definitions on the store (SQLite, and PostgreSQL under `npm run test:postgres`): versions, duplicate
// filtering by canonical hash, evaluation at a binding, and the bundled decision tables.
import { expect } from 'chai';
import { deployBundled } from '../../engine/bootstrap.js';
import { evaluateDecision } from '../../engine/dmn/service.js';
import { DecisionDeploymentError, DecisionEvaluationError } from '../../engine/dmn/types.js';
import { testEngine, type TestEngine } from '../helpers/engine.js';
import { tableXml, type TableSpec } from '../dmn/fixtures.js';

const route = (school: string): TableSpec => ({
  id: 'route',
  hitPolicy: 'FIRST',
  inputs: ['venueType'],
  outputs: ['dept'],
  rules: [
    ['"school"', school],
    ['-', '"community"'],
  ],
});

describe('engine: decision definitions', () => {
  let t: TestEngine;
  before(async () => (t = await testEngine({ workers: false })));
  after(() => t.close());

  it('versions a decision by its id: identical or re-serialised XML keeps the version, a change adds one', async () => {
    const v1 = tableXml(route('"education"'));
    expect(await t.engine.decisions.deploy(v1, 'admin', 1)).to.deep.equal([
      { key: 'route', version: 1, name: 'route', created: true },
    ]);
    const reserialised = v1.replace(/></g, '>\n  <').replace('hitPolicy="FIRST"', "hitPolicy='FIRST'");
    expect(reserialised).not.to.equal(v1);
    expect((await t.engine.decisions.deploy(reserialised, 'admin', 2))[0]).to.include({
      version: 1,
      created: false,
    });
    const v2 = tableXml(route('"police"'));
    expect((await t.engine.decisions.deploy(v2, 'lina', 3))[0]).to.include({ version: 2, created: true });
    // back to v1's XML while v2 is the latest: a deliberate rollback, a new version
    expect((await t.engine.decisions.deploy(v1, 'admin', 4))[0]).to.include({ version: 3, created: true });
    expect(
      (await t.engine.decisions.versionHistory('route')).map((v) => [v.version, v.deployedBy]),
    ).to.deep.equal([
      [1, 'admin'],
      [2, 'lina'],
      [3, 'admin'],
    ]);
    const listed = (await t.engine.decisions.list()).find((d) => d.key === 'route');
    expect(listed).to.deep.include({ version: 3, versions: 3, hitPolicy: 'FIRST' });
    expect(listed).not.to.have.property('xml');
  });

  it('evaluates the latest version or a fixed one; an absent decision or version is dmn.not-found', async () => {
    const repo = t.engine.decisions;
    expect((await evaluateDecision(repo, 'route', { venueType: 'school' })).value).to.equal('education');
    const v2 = await evaluateDecision(repo, 'route', { venueType: 'school' }, { version: 2 });
    expect(v2).to.deep.include({ key: 'route', version: 2, value: 'police', matchedRules: ['route_r1'] });
    for (const [ref, binding] of [
      ['nope', 'latest'],
      ['route', { version: 9 }],
    ] as const) {
      const err = await evaluateDecision(repo, ref, {}, binding).catch((e: unknown) => e);
      expect(err).to.be.instanceOf(DecisionEvaluationError);
      expect((err as DecisionEvaluationError).code).to.equal('dmn.not-found');
    }
  });

  it('refuses a bad document without storing anything', async () => {
    const bad = tableXml({ ...route('"x"'), id: 'broken', rules: [['[1..', '"x"']] });
    const err = await t.engine.decisions.deploy(bad, 'admin', 5).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(DecisionDeploymentError);
    expect(await t.engine.decisions.get('broken')).to.equal(null);
  });

  it('concurrent deploys of different XML get distinct versions', async () => {
    const docs = ['"a"', '"b"', '"c"', '"d"'].map((o) => tableXml({ ...route(o), id: 'race' }));
    const res = await Promise.all(docs.map((x) => t.engine.decisions.deploy(x, 'admin', 6)));
    expect(res.map((r) => r[0].version).sort()).to.deep.equal([1, 2, 3, 4]);
  });

  it('deploys the bundled fire_dept_route once; deploying the bundle again keeps it', async () => {
    const first = (await deployBundled(t.engine)).filter((d) => d.key === 'fire_dept_route');
    expect(first).to.deep.equal([
      {
        key: 'fire_dept_route',
        version: 1,
        name: '按场所类型确定责任部门',
        created: true,
        action: 'deployed',
      },
    ]);
    const again = (await deployBundled(t.engine)).filter((d) => d.key === 'fire_dept_route');
    expect(again[0]).to.include({ version: 1, action: 'kept' });
    const r = await evaluateDecision(t.engine.decisions, 'fire_dept_route', {
      venueType: 'crowded_place',
      hazardTypes: ['hydrant_damaged'],
    });
    expect(r.value).to.deep.equal(['fire', 'urban']); // 人员密集场所 → 消防救援机构 (消防法 art. 53)
  });
});
