// Creates the bpmn-js Modeler (with the properties panel and our grid provider) for the page's lifetime,
// and tracks whether the diagram differs from its saved state (opened, imported or deployed).
import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import Modeler from 'bpmn-js/lib/Modeler';
import { BpmnPropertiesPanelModule, BpmnPropertiesProviderModule } from 'bpmn-js-properties-panel';
import { moddleExtensions } from '../bpmn/moddle';
import { langStore } from '../i18n';
import gridProviderModule, { type GridProviderConfig } from './grid-provider';
import { translateModule } from './translate';

export interface ModelerHandle {
  modeler: Modeler | null;
  /** the diagram differs from the saved state (undoing back to it makes it clean again) */
  dirty: boolean;
  /** the state at this moment, for markClean once a deploy of it succeeded */
  checkpoint: () => Checkpoint;
  /** the current state (or a checkpoint) is the saved one: after opening a deployed version, or a deploy */
  markClean: (checkpoint?: Checkpoint) => void;
  /** the diagram is unsaved whatever the command stack says (a new diagram from a file) */
  markDirty: () => void;
  config: GridProviderConfig;
}

export interface Checkpoint {
  top: unknown;
}

/** diagram-js keeps its undo stack in these fields; the entry on top identifies the current state. */
type Stack = { _stack: unknown[]; _stackIdx: number };
const topOf = (m: Modeler): unknown => {
  const s = m.get<Stack>('commandStack');
  return s._stackIdx >= 0 ? s._stack[s._stackIdx] : undefined;
};

export function useModeler(
  canvas: RefObject<HTMLDivElement | null>,
  panel: RefObject<HTMLDivElement | null>,
): ModelerHandle {
  const [modeler, setModeler] = useState<Modeler | null>(null);
  const [dirty, setDirty] = useState(false);
  const config = useRef<GridProviderConfig>({ formKeys: [], roles: {} }).current;
  const saved = useRef<{ top: unknown; forced: boolean }>({ top: undefined, forced: false });

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
    bus.on('commandStack.changed', () => setDirty(saved.current.forced || topOf(m) !== saved.current.top));
    // re-render the palette and the panel's labels when the UI language changes
    const off = langStore.subscribe(() => {
      bus.fire('i18n.changed');
      bus.fire('propertiesPanel.providersChanged');
    });
    setModeler(m);
    (window as unknown as { __gridModeler?: Modeler }).__gridModeler = m;
    return () => {
      off();
      m.destroy();
      delete (window as unknown as { __gridModeler?: Modeler }).__gridModeler;
    };
  }, [canvas, panel, config]);

  const checkpoint = useCallback(
    (): Checkpoint => ({ top: modeler ? topOf(modeler) : undefined }),
    [modeler],
  );
  const markClean = useCallback(
    (at?: Checkpoint) => {
      const top = modeler ? topOf(modeler) : undefined;
      saved.current = { top: at ? at.top : top, forced: false };
      setDirty(saved.current.top !== top);
    },
    [modeler],
  );
  const markDirty = useCallback(() => {
    saved.current = { ...saved.current, forced: true };
    setDirty(true);
  }, []);

  return { modeler, dirty, checkpoint, markClean, markDirty, config };
}
