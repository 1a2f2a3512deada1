// The served roles (GET /api/roles) for the properties panel's candidate-role checkboxes; the panel is
// re-rendered once they arrive (and its level selects pick up GRID_LEVELS the same way).
import { useEffect } from 'react';
import type Modeler from 'bpmn-js/lib/Modeler';
import { useCatalogue } from '../lib/catalogue';
import type { GridProviderConfig } from './grid-provider';

export function useServedRoles(modeler: Modeler | null, config: GridProviderConfig): void {
  const catalogue = useCatalogue();
  useEffect(() => {
    if (!modeler || !catalogue.loaded) return;
    config.roles = catalogue.roles;
    modeler.get<any>('eventBus').fire('propertiesPanel.providersChanged');
  }, [modeler, config, catalogue]);
}
