// Business rule tasks (engine/elements/business-rule-task.ts) through the HTTP API: a case routes on a DMN
// decision table deployed beside the diagram; a decision that cannot answer is an incident naming its code.
import { expect } from 'chai';
import { GRID1 } from '../helpers/engine.js';
import { tableXml } from '../dmn/fixtures.js';
import { harness, waitFor, type Harness } from './helpers.js';
import { flow, processXml } from './fixtures.js';

const DECISION = tableXml({
  id: 'brt_route',
  hitPolicy: 'UNIQUE',
  inputs: ['venue'],
  outputs: ['dept'],
  rules: [
    ['"school"', '"education"'],
    ['"market"', '"urban"'],
    // two rules for a hospital: a UNIQUE table cannot answer
    ['"hospital","clinic"', '"health"'],
    ['"hospital"', '"police"'],
  ],
});

const PROCESS = (attrs: string) =>
  processXml(
    'brtcase',
    `<bpmn:startEvent id="s" grid:formKey="brt-start"/>${flow('f0', 's', 'route')}
     <bpmn:businessRuleTask id="route" name="确定责任部门" ${attrs}/>
     ${flow('f1', 'route', 'gw')}
     <bpmn:exclusiveGateway id="gw" default="toOther"/>
     ${flow('toEdu', 'gw', 'edu', '=dept = "education"')}
     ${flow('toOther', 'gw', 'other')}
     <bpmn:userTask id="edu" name="教育部门处置" grid:level="grid" grid:candidateRoles="handler"/>
     <bpmn:userTask id="other" name="其他部门处置" grid:level="grid" grid:candidateRoles="handler"/>
     ${flow('f2', 'edu', 'e')}${flow('f3', 'other', 'e')}<bpmn:endEvent id="e"/>`,
  );

describe('API: business rule task (DMN decision in a case)', () => {
  let h: Harness;
  let admin: string;
  before(async () => {
    h = await harness();
    admin = `Bearer ${await h.token('admin')}`;
    const d = await h
      .http()
      .post('/api/decisions')
      .set('Authorization', admin)
      .set('Content-Type', 'application/xml')
      .send(DECISION);
    expect(d.status, JSON.stringify(d.body)).to.equal(201);
  });
  after(() => h.close());

  // the start form travels with the diagram (POST /api/deployments)
  const START_FORM = { type: 'object', properties: { venue: { type: 'string' } } };
  const deploy = (bpmn: string) =>
    h.post('admin', '/api/deployments', { bpmn, forms: { 'brt-start': START_FORM } });
  const start = async (venue: unknown) => {
    const res = await h.post('admin', '/api/instances', {
      definitionKey: 'brtcase',
      gridUnit: GRID1,
      variables: { venue },
    });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    return res.body.id as string;
  };

  it('refuses a business rule task without its decision or result variable, naming the element', async () => {
    const res = await deploy(PROCESS('grid:mapDecisionResult="sometimes"'));
    expect(res.status).to.equal(400);
    const codes = res.body.error.details
      .filter((d: { path: string }) => d.path === 'route')
      .map((d: { code: string }) => d.code);
    expect(codes).to.include.members([
      'business-rule-task.decision-ref',
      'business-rule-task.result-variable',
      'business-rule-task.mapping',
    ]);
  });

  it('evaluates the decision with the case variables, maps the result and routes on it', async () => {
    const res = await deploy(
      PROCESS('grid:decisionRef="brt_route" grid:resultVariable="dept" grid:mapDecisionResult="singleEntry"'),
    );
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    const school = await start('school');
    const s1 = await waitFor(async () => {
      const s = await h.t.engine.cases.instance(school);
      return s && Object.values(s.tasks).some((t) => t.nodeId === 'edu') && s;
    }, 'the education task');
    expect(s1.variables.dept).to.equal('education');
    const market = await start('market');
    const s2 = await waitFor(async () => {
      const s = await h.t.engine.cases.instance(market);
      return s && Object.values(s.tasks).some((t) => t.nodeId === 'other') && s;
    }, 'the other task');
    expect(s2.variables.dept).to.equal('urban');
  });

  it('a decision that cannot answer (two rules of a UNIQUE table match) is an incident with the DMN code', async () => {
    const id = await start('hospital');
    const s = await waitFor(
      async () => {
        const st = await h.t.engine.waitForIdle(id);
        return Object.values(st.incidents).length ? st : undefined;
      },
      'the incident',
      30000,
    );
    const incident = Object.values(s.incidents)[0];
    expect(incident).to.include({ nodeId: 'route', status: 'open' });
    expect(JSON.stringify(incident)).to.contain('dmn.unique-violated');
  });
});
