// A new process: start → 网格员核查 (user task with SLA) → end, with the name and key the admin gave.

/** What the server accepts as a process id (engine/model/validate.ts PROCESS_KEY). */
export const PROCESS_KEY = /^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/;
export const isProcessKey = (key: string): boolean => PROCESS_KEY.test(key);

/**
 * A key from the name: its Latin letters and digits as snake_case (「垃圾分类 v2」→ `v2`…), prefixed with
 * `process_`; a name without any (most Chinese names: no transliteration library is bundled) gets
 * `process_` + the time of creation, which the admin may edit.
 */
export function deriveKey(name: string, now = new Date()): string {
  const words = name
    .normalize('NFKC')
    .toLowerCase()
    .match(/[a-z0-9]+/g);
  if (words?.length) {
    const slug = words.join('_').slice(0, 50);
    return /^[a-z_]/.test(slug) ? slug : `process_${slug}`;
  }
  const p = (n: number) => String(n).padStart(2, '0');
  return `process_${now.getFullYear()}${p(now.getMonth() + 1)}${p(now.getDate())}_${p(now.getHours())}${p(now.getMinutes())}`;
}

const xmlAttr = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function newDiagramXml(
  name = '新流程',
  key = `Process_${Math.random().toString(36).slice(2, 9)}`,
): string {
  const id = key;
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI"
  xmlns:dc="http://www.omg.org/spec/DD/20100524/DC"
  xmlns:di="http://www.omg.org/spec/DD/20100524/DI"
  xmlns:grid="http://grid-engine.cn/schema/bpmn/grid"
  id="Definitions_${id}" targetNamespace="http://grid-engine.cn/bpmn">
  <bpmn:process id="${id}" name="${xmlAttr(name)}" isExecutable="true">
    <bpmn:startEvent id="StartEvent_1" name="上报">
      <bpmn:outgoing>Flow_1</bpmn:outgoing>
    </bpmn:startEvent>
    <bpmn:userTask id="Task_check" name="网格员核查" grid:level="grid" grid:candidateRoles="handler" grid:sla="P1D" grid:calendar="workday">
      <bpmn:incoming>Flow_1</bpmn:incoming>
      <bpmn:outgoing>Flow_2</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:endEvent id="EndEvent_1" name="办结">
      <bpmn:incoming>Flow_2</bpmn:incoming>
    </bpmn:endEvent>
    <bpmn:sequenceFlow id="Flow_1" sourceRef="StartEvent_1" targetRef="Task_check" />
    <bpmn:sequenceFlow id="Flow_2" sourceRef="Task_check" targetRef="EndEvent_1" />
  </bpmn:process>
  <bpmndi:BPMNDiagram id="BPMNDiagram_1">
    <bpmndi:BPMNPlane id="BPMNPlane_1" bpmnElement="${id}">
      <bpmndi:BPMNShape id="StartEvent_1_di" bpmnElement="StartEvent_1">
        <dc:Bounds x="152" y="102" width="36" height="36" />
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="Task_check_di" bpmnElement="Task_check">
        <dc:Bounds x="240" y="80" width="100" height="80" />
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="EndEvent_1_di" bpmnElement="EndEvent_1">
        <dc:Bounds x="392" y="102" width="36" height="36" />
      </bpmndi:BPMNShape>
      <bpmndi:BPMNEdge id="Flow_1_di" bpmnElement="Flow_1">
        <di:waypoint x="188" y="120" />
        <di:waypoint x="240" y="120" />
      </bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="Flow_2_di" bpmnElement="Flow_2">
        <di:waypoint x="340" y="120" />
        <di:waypoint x="392" y="120" />
      </bpmndi:BPMNEdge>
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>`;
}
