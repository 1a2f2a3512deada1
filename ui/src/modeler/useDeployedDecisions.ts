// The deployed decisions (GET /api/decisions) for the properties panel's decision select of a business
// rule task; the panel is re-rendered once they arrive. Not listed (an error, none deployed): a text field.
import { useEffect } from 'react';
import type Modeler from 'bpmn-js/lib/Modeler';
import { decisionsApi } from '../decisionsApi';
import type { GridProviderConfig } from './grid-provider';

export function useDeployedDecisions(modeler: Modeler | null, config: GridProviderConfig): void {
  useEffect(() => {
    if (!modeler) return;
    let stale = false;
    void (async () => {
      const list = await decisionsApi.list().catch(() => null);
      if (stale || !list) return;
      config.decisions = list.items.map((d) => ({ key: d.key, name: d.name, version: d.version }));
      modeler.get<any>('eventBus').fire('propertiesPanel.providersChanged');
    })();
    return () => {
      stale = true;
    };
  }, [modeler, config]);
}
