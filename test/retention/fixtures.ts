// Processes for the retention tests: start → 处置 (user task at the grid) → end, with the retention
// attributes on the bpmn:process.
import { flow, processXml, userTask } from '../engine/fixtures.js';

/** `attrs`: grid: attributes of the process, e.g. `grid:historyLevel="audit" grid:historyTimeToLive="P30D"` */
export function retentionProcess(key: string, attrs = ''): string {
  return processXml(
    key,
    `<bpmn:startEvent id="s"/>${flow('f0', 's', 'handle')}
     ${userTask('handle', 'grid:level="grid" grid:candidateRoles="handler"')}
     ${flow('f1', 'handle', 'e')}<bpmn:endEvent id="e"/>`,
  ).replace(`<bpmn:process id="${key}"`, `<bpmn:process id="${key}" ${attrs}`);
}
