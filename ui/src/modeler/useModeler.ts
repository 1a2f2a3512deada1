// Creates the bpmn-js Modeler (with the properties panel and our grid provider) for the page's lifetime.
import { useEffect, useRef, useState, type RefObject } from 'react';
import Modeler from 'bpmn-js/lib/Modeler';
import { BpmnPropertiesPanelModule, BpmnPropertiesProviderModule } from 'bpmn-js-properties-panel';
import { moddleExtensions } from '../bpmn/moddle';
import { langStore } from '../i18n';
import gridProviderModule, { type GridProviderConfig } from './grid-provider';
import { translateModule } from './translate';

export interface ModelerHandle {
  modeler: Modeler | null;
  /** the command stack has changes since the last import/deploy */
  dirty: boolean;
  setDirty: (d: boolean) => void;
  config: GridProviderConfig;
}

export function useModeler(
  canvas: RefObject<HTMLDivElement | null>,
  panel: RefObject<HTMLDivElement | null>,
): ModelerHandle {
  const [modeler, setModeler] = useState<Modeler | null>(null);
  const [dirty, setDirty] = useState(false);
  const config = useRef<GridProviderConfig>({ formKeys: [] }).current;

  useEffect(() => {
    const m = new Modeler({
      container: canvas.current!,
      propertiesPanel: { parent: panel.current! },
      additionalModules: [
        BpmnPropertiesPanelModule,
        BpmnPropertiesProviderModule,
        gridProviderModule,
        translateModule,
      ],
      moddleExtensions,
      gridProvider: config,
    } as any);
    const bus = m.get<any>('eventBus');
    bus.on('commandStack.changed', (e: { trigger?: string }) => setDirty(e.trigger !== 'clear'));
    // re-render the panel's labels when the UI language changes
    const off = langStore.subscribe(() => bus.fire('propertiesPanel.providersChanged'));
    setModeler(m);
    (window as unknown as { __gridModeler?: Modeler }).__gridModeler = m;
    return () => {
      off();
      m.destroy();
      delete (window as unknown as { __gridModeler?: Modeler }).__gridModeler;
    };
  }, [canvas, panel, config]);

  return { modeler, dirty, setDirty, config };
}
