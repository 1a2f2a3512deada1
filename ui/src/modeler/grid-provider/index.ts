// bpmn-js module registering the grid properties provider (config: `gridProvider: {formKeys}`).
import { GridPropertiesProvider } from './GridPropertiesProvider';

export default {
  __init__: ['gridPropertiesProvider'],
  gridPropertiesProvider: ['type', GridPropertiesProvider],
};
export type { GridProviderConfig } from './entries';
