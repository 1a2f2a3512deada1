// Our bpmn-moddle extension (grid:*), shared by the case viewer and the modeler.
import gridDescriptor from '../../../engine/model/grid-moddle.json';

export const moddleExtensions = { grid: gridDescriptor as unknown as Record<string, unknown> };
export const GRID_NS = 'http://grid-engine.cn/schema/bpmn/grid';
