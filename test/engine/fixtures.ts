// Small BPMN processes for the engine tests, written compactly.
export const NS =
  'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:grid="http://grid-engine.cn/schema/bpmn/grid" ' +
  'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"';

/** `root` holds definitions-level elements (messages, escalations). */
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

export const userTask = (id: string, attrs = '', inner = '') =>
  `<bpmn:userTask id="${id}" name="${id}" ${attrs}>${inner}</bpmn:userTask>`;

/** start → check (user task) → XOR(approved?) → service task / community task → end */
export const REVIEW_XOR = processXml(
  'review',
  `<bpmn:startEvent id="start"/>
   ${flow('f1', 'start', 'check')}
   ${userTask('check', 'grid:level="grid" grid:candidateRoles="handler"')}
   ${flow('f2', 'check', 'decide')}
   <bpmn:exclusiveGateway id="decide" default="fNo"/>
   ${flow('fYes', 'decide', 'approved', '=approved = true')}
   ${flow('fNo', 'decide', 'rejected')}
   <bpmn:serviceTask id="approved" name="approved" grid:workerType="noop"/>
   ${userTask('rejected', 'grid:level="community" grid:candidateRoles="supervisor"')}
   ${flow('f3', 'approved', 'end')}
   ${flow('f4', 'rejected', 'end')}
   <bpmn:endEvent id="end"/>`,
);
