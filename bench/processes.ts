// The BPMN processes of the benchmark, in two dialects of the same diagrams: ours (FEEL conditions, grid:
// attributes) and bpmn-engine's (JavaScript-expression conditions, plain BPMN).
const NS =
  'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:grid="http://grid-engine.cn/schema/bpmn/grid" ' +
  'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"';

function definitions(id: string, body: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions ${NS} id="defs_${id}" targetNamespace="http://grid-engine.cn/bench">
  <bpmn:process id="${id}" name="${id}" isExecutable="true">
${body}
  </bpmn:process>
</bpmn:definitions>`;
}

const flow = (id: string, from: string, to: string, condition?: string) =>
  condition
    ? `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${condition}</bpmn:conditionExpression></bpmn:sequenceFlow>`
    : `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}"/>`;

type Dialect = 'grid' | 'peer';
const task = (d: Dialect, id: string, extra = '') =>
  d === 'grid'
    ? `<bpmn:userTask id="${id}" name="${id}" grid:level="grid" grid:candidateRoles="handler" ${extra}/>`
    : `<bpmn:userTask id="${id}" name="${id}"/>`;

/**
 * start → 3 user tasks → end. 4 step jobs per instance in our engine: one advance (start → t1), then one
 * completion per task, each running on to the next wait state.
 */
export function threeTasks(d: Dialect, key = 'bench3'): string {
  return definitions(
    key,
    `<bpmn:startEvent id="start"/>${flow('f0', 'start', 't1')}
     ${task(d, 't1')}${flow('f1', 't1', 't2')}${task(d, 't2')}${flow('f2', 't2', 't3')}${task(d, 't3')}
     ${flow('f3', 't3', 'end')}<bpmn:endEvent id="end"/>`,
  );
}

/**
 * start → parallel fork → (a | b) → parallel join → exclusive gateway → approved: user task c → end;
 * otherwise (default) → end. 10 step jobs (rejected) or 12 (approved) per instance in our engine.
 */
export function forkJoinXor(d: Dialect, key = 'benchfork'): string {
  const cond = d === 'grid' ? '=approved = true' : '${environment.variables.approved}';
  return definitions(
    key,
    `<bpmn:startEvent id="start"/>${flow('f0', 'start', 'fork')}
     <bpmn:parallelGateway id="fork"/>${flow('fa', 'fork', 'a')}${flow('fb', 'fork', 'b')}
     ${task(d, 'a')}${task(d, 'b')}${flow('fa2', 'a', 'join')}${flow('fb2', 'b', 'join')}
     <bpmn:parallelGateway id="join"/>${flow('fj', 'join', 'decide')}
     <bpmn:exclusiveGateway id="decide" default="fNo"/>
     ${flow('fYes', 'decide', 'c', cond)}${flow('fNo', 'decide', 'endNo')}
     ${task(d, 'c')}${flow('fc', 'c', 'end')}<bpmn:endEvent id="end"/><bpmn:endEvent id="endNo"/>`,
  );
}

/**
 * One user task whose SLA breach falls due at the instance variable `dueAt` (ISO date-time), whatever the
 * moment the task is created: the SLA is the FEEL duration from now to that instant, on the natural calendar.
 * Breach escalates one rung (grid → community) with a fresh P3D window.
 */
export function slaAt(key = 'benchsla'): string {
  return definitions(
    key,
    `<bpmn:startEvent id="start"/>${flow('f0', 'start', 'handle')}
     <bpmn:userTask id="handle" name="处置" grid:level="grid" grid:candidateRoles="handler"
        grid:sla="=string(date and time(dueAt) - now())" grid:calendar="natural">
       <bpmn:extensionElements>
         <grid:escalation><grid:step level="community" sla="P3D"/></grid:escalation>
       </bpmn:extensionElements>
     </bpmn:userTask>
     ${flow('f1', 'handle', 'end')}<bpmn:endEvent id="end"/>`,
  );
}
