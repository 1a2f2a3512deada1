// Small BPMN processes for the API tests.
export const NS =
  'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:grid="http://grid-engine.cn/schema/bpmn/grid" ' +
  'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"';

export function processXml(id: string, body: string, root = '', name = id): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions ${NS} id="defs_${id}" targetNamespace="http://grid-engine.cn/test">
  ${root}
  <bpmn:process id="${id}" name="${name}" isExecutable="true">
${body}
  </bpmn:process>
</bpmn:definitions>`;
}

export const flow = (id: string, from: string, to: string, condition?: string) =>
  condition
    ? `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${condition}</bpmn:conditionExpression></bpmn:sequenceFlow>`
    : `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}"/>`;

export const LADDER = `<bpmn:extensionElements>
  <grid:escalation supervisionCycle="P1D">
    <grid:step level="community" sla="P2D"/>
    <grid:step level="street" sla="P2D"/>
  </grid:escalation>
</bpmn:extensionElements>`;

/** start → 处置 (grid handler, form `api-report`, SLA P3D workday + ladder) → 核查 (community reviewer) → end */
export const CASE_FLOW = processXml(
  'apicase',
  `<bpmn:startEvent id="s"/>${flow('f0', 's', 'handle')}
   <bpmn:userTask id="handle" name="处置" grid:level="grid" grid:candidateRoles="handler" grid:formKey="api-report" grid:sla="P3D" grid:calendar="workday" grid:warnAt="0.8">${LADDER}</bpmn:userTask>
   ${flow('f1', 'handle', 'verify')}
   <bpmn:userTask id="verify" name="核查" grid:level="community" grid:candidateRoles="reviewer" grid:sla="P1D" grid:calendar="workday"/>
   ${flow('f2', 'verify', 'e')}
   <bpmn:endEvent id="e"/>`,
  '',
  'API 测试案件',
);

/** start → one grid task without SLA or form → end */
export const SIMPLE = processXml(
  'apisimple',
  `<bpmn:startEvent id="s"/>${flow('f0', 's', 'work')}
   <bpmn:userTask id="work" name="办理" grid:level="grid" grid:candidateRoles="handler"/>
   ${flow('f1', 'work', 'e')}<bpmn:endEvent id="e"/>`,
  '',
  '简单流程',
);

/** waits for message `callback` correlated by the variable caseNo, then a grid task */
export const MESSAGE_FLOW = processXml(
  'apimsg',
  `<bpmn:startEvent id="s" grid:formKey="api-start"/>${flow('f0', 's', 'wait')}
   <bpmn:intermediateCatchEvent id="wait" grid:correlationKey="=caseNo"><bpmn:messageEventDefinition messageRef="m1"/></bpmn:intermediateCatchEvent>
   ${flow('f1', 'wait', 'work')}
   <bpmn:userTask id="work" name="办理" grid:level="grid" grid:candidateRoles="handler"/>
   ${flow('f2', 'work', 'e')}<bpmn:endEvent id="e"/>`,
  '<bpmn:message id="m1" name="callback"/>',
);

/** a service task whose worker fails: an incident */
export const FAILING = processXml(
  'apifail',
  `<bpmn:startEvent id="s"/>${flow('f0', 's', 'svc')}
   <bpmn:serviceTask id="svc" name="外部接口" grid:workerType="flaky" grid:retries="1"/>
   ${flow('f1', 'svc', 'e')}<bpmn:endEvent id="e"/>`,
);

export const REPORT_FORM = {
  type: 'object',
  required: ['result', 'photos'],
  properties: {
    result: { type: 'string', minLength: 2 },
    photos: { type: 'integer', minimum: 1 },
    passed: { type: 'boolean' },
    address: { type: 'string' },
  },
};

/** the start form of MESSAGE_FLOW: the external case number the callback correlates on */
export const START_FORM = {
  type: 'object',
  properties: { caseNo: { type: 'string', minLength: 1 } },
};
