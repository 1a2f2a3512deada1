// bpmn:businessRuleTask: waits on a job of the built-in decision worker, whose answer (the mapped decision
// result) is set as its result variable (pure semantics, no Redis; the worker: test/api/business-rule-task).
import { expect } from 'chai';
import { DECISION_WORKER } from '../../engine/elements/business-rule-task.js';
import { serviceCompleted } from '../../engine/runtime/semantics.js';
import type { InstanceState } from '../../engine/runtime/types.js';
import { flow, userTask } from '../engine/fixtures.js';
import { compile, table } from './pure.js';

const tokenAt = (s: InstanceState, nodeId: string) =>
  Object.values(s.tokens).find((t) => t.nodeId === nodeId)!.id;
const rule = (
  attrs = 'grid:decisionRef="route" grid:resultVariable="dept" grid:mapDecisionResult="singleEntry"',
) =>
  `<bpmn:startEvent id="s"/>${flow('f0', 's', 'r')}<bpmn:businessRuleTask id="r" ${attrs}/>${flow('f1', 'r', 'gw')}
   <bpmn:exclusiveGateway id="gw" default="fo"/>${flow('fe', 'gw', 'edu', '=dept = "education"')}${flow('fo', 'gw', 'other')}
   ${userTask('edu')}${userTask('other')}${flow('f2', 'edu', 'e')}${flow('f3', 'other', 'e')}<bpmn:endEvent id="e"/>`;

describe('element businessRuleTask: a DMN decision as a step', () => {
  table([
    {
      name: 'entering: the token waits on a service job of the decision worker',
      body: rule(),
      tokens: ['r:waiting:service'],
      actions: ['job:service'],
    },
    {
      name: "the worker's answer (the mapped result) is set and the gateway routes on it",
      body: rule(),
      command: (ctx, s) => serviceCompleted(ctx, s, tokenAt(s, 'r'), { dept: 'education' }),
      tokens: ['edu:waiting:task'],
      check: ({ state }) => expect(state.variables.dept).to.equal('education'),
    },
  ]);

  it('compiles its decision: reference, result variable, mapping, version binding', async () => {
    const p = await compile(
      rule(
        'grid:decisionRef="route" grid:resultVariable="dept" grid:mapDecisionResult="collectEntries" grid:decisionRefBinding="version" grid:decisionRefVersion="2"',
      ),
    );
    expect(p.nodes.r).to.include({ kind: 'businessRuleTask', workerType: DECISION_WORKER });
    expect(p.nodes.r.decision).to.deep.equal({
      ref: 'route',
      resultVariable: 'dept',
      mapping: 'collectEntries',
      version: 2,
    });
  });

  it('is refused with a coded problem per missing or wrong property, naming the element', async () => {
    const err = await compile(rule('grid:decisionRefBinding="version" grid:resultVariable="1x"')).catch(
      (e) => e,
    );
    const codes = err.details
      .filter((d: { elementId: string }) => d.elementId === 'r')
      .map((d: { code: string }) => d.code);
    expect(codes).to.have.members([
      'business-rule-task.decision-ref',
      'business-rule-task.result-variable',
      'business-rule-task.version',
    ]);
  });
});
