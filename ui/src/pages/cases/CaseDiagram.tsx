// Read-only diagram of a case (bpmn-js NavigatedViewer, loaded lazily): the current steps highlighted,
// completed steps marked; a completed step with submitted data opens it on click (`onPick`).
import { useEffect, useRef, useState } from 'react';
import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import { moddleExtensions } from '../../bpmn/moddle';
import { useI18n } from '../../i18n';

export interface CaseDiagramProps {
  xml: string;
  active: string[];
  completed: string[];
  /** nodes whose submitted data can be shown: clicking one calls onPick */
  pickable?: string[];
  onPick?: (nodeId: string) => void;
}

export default function CaseDiagram({ xml, active, completed, pickable, onPick }: CaseDiagramProps) {
  const { t } = useI18n();
  const host = useRef<HTMLDivElement>(null);
  const viewer = useRef<NavigatedViewer | null>(null);
  const [error, setError] = useState<string | null>(null);
  const pick = useRef({ pickable, onPick });
  pick.current = { pickable, onPick };

  useEffect(() => {
    const v = new NavigatedViewer({ container: host.current!, moddleExtensions });
    viewer.current = v;
    v.get<any>('eventBus').on('element.click', (e: { element?: { id?: string } }) => {
      const id = e.element?.id;
      if (id && pick.current.pickable?.includes(id)) pick.current.onPick?.(id);
    });
    return () => {
      v.destroy();
      viewer.current = null;
    };
  }, []);

  useEffect(() => {
    const v = viewer.current;
    if (!v) return;
    let stale = false;
    setError(null);
    v.importXML(xml).then(
      () => {
        if (stale) return;
        const canvas = v.get<any>('canvas');
        const registry = v.get<any>('elementRegistry');
        // a hidden diagram (the app hidden while a sheet prints) has no size to fit to: zooming would
        // divide by zero, so it keeps its view until shown again
        const box = host.current?.getBoundingClientRect();
        const shown = !!box && box.width > 0 && box.height > 0;
        if (shown) canvas.zoom('fit-viewport', 'auto');
        for (const id of completed) if (registry.get(id)) canvas.addMarker(id, 'grid-done');
        for (const id of active) if (registry.get(id)) canvas.addMarker(id, 'grid-active');
        for (const id of pickable ?? []) if (registry.get(id)) canvas.addMarker(id, 'grid-pickable');
        // a large process fits only when tiny: zoom in on the current step instead
        const current = active.map((id) => registry.get(id)).find(Boolean);
        if (shown && current && canvas.zoom() < 0.7) {
          canvas.zoom(0.85);
          const vb = canvas.viewbox();
          canvas.viewbox({
            x: current.x + current.width / 2 - vb.width / 2,
            y: current.y + current.height / 2 - vb.height / 2,
            width: vb.width,
            height: vb.height,
          });
        }
      },
      (err: Error) => !stale && setError(err.message),
    );
    return () => {
      stale = true;
    };
  }, [xml, active, completed, pickable]);

  return (
    <div className="diagram">
      <div className="diagram__canvas" ref={host} data-testid="case-diagram" />
      <div className="diagram__legend">
        <span className="legend legend--active">{t('case.legendActive')}</span>
        <span className="legend legend--done">{t('case.legendDone')}</span>
      </div>
      {error && (
        <div className="banner banner--error" role="alert">
          {t('case.diagramError')}: {error}
        </div>
      )}
    </div>
  );
}
