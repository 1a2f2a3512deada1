// Driving a test engine through small processes: deploy and start one, list its open tasks, complete one by
// its element id, and read its open incidents. Shared by the engine tests of elements, run-to-wait and limits.
import { expect } from 'chai';
import type { Engine } from '../../engine/engine.js';
import type { InstanceState } from '../../engine/runtime/types.js';
import { GRID1 } from '../helpers/engine.js';
import { processXml } from './fixtures.js';

export const openIncidents = (s: InstanceState) =>
  Object.values(s.incidents).filter((i) => i.status === 'open');

/** Tasks in the order of their BPMN element ids (a stable order to drive parallel branches in). */
export const byNode = <T extends { nodeId: string }>(tasks: T[]): T[] =>
  [...tasks].sort((a, b) => (a.nodeId < b.nodeId ? -1 : a.nodeId > b.nodeId ? 1 : 0));

/** `engine()` is read at call time: the engine is usually created in a `before` hook. */
export function driver(engine: () => Engine, actor = 'wangwei') {
  const open = async (id: string) => byNode(await engine().openTasksOfCase(id));
  return {
    open,
    async run(key: string, body: string, variables: Record<string, unknown> = {}, root = '') {
      await engine().deploy(processXml(key, body, root));
      const inst = await engine().start(key, { gridUnit: GRID1, variables }, actor);
      return engine().waitForIdle(inst._id);
    },
    async complete(id: string, nodeId: string, data: Record<string, unknown> = {}) {
      const task = (await open(id)).find((x) => x.nodeId === nodeId);
      expect(task, `open task ${nodeId}`).to.exist;
      await engine().completeTask(task!._id, actor, data);
      return engine().waitForIdle(id);
    },
  };
}
