// The dmn-js editor for one DMN document, opened on the table of the decision asked for (dmn-js's own
// "View DRD" and drill-down switch to the requirements diagram and other decisions); a lazy chunk of its
// own (dmn-js is large). The page reads the edited XML through `handle`.
import { useEffect, useRef, type MutableRefObject } from 'react';
import DmnModeler from 'dmn-js/lib/Modeler';
import 'dmn-js/dist/assets/diagram-js.css';
import 'dmn-js/dist/assets/dmn-js-shared.css';
import 'dmn-js/dist/assets/dmn-js-drd.css';
import 'dmn-js/dist/assets/dmn-js-decision-table.css';
import 'dmn-js/dist/assets/dmn-js-decision-table-controls.css';
import 'dmn-js/dist/assets/dmn-js-literal-expression.css';
import 'dmn-js/dist/assets/dmn-font/css/dmn-embedded.css';
import { langStore } from '../../i18n';
import { dmnTranslateModule } from './dmnTranslate';

export interface DecisionEditorHandle {
  /** the document as edited now */
  save(): Promise<string>;
}

export default function DecisionEditor({
  xml,
  focus,
  handle,
  onError,
}: {
  xml: string;
  /** the decision whose table opens first */
  focus?: string;
  handle: MutableRefObject<DecisionEditorHandle | null>;
  onError: (message: string) => void;
}) {
  const container = useRef<HTMLDivElement>(null);
  const modeler = useRef<DmnModeler | null>(null);

  useEffect(() => {
    const m = new DmnModeler({
      container: container.current!,
      common: { keyboard: { bindTo: null } },
      // per view: dmn-js replaces the common options' additionalModules with each view's own
      drd: { additionalModules: [dmnTranslateModule] },
      decisionTable: { additionalModules: [dmnTranslateModule] },
      literalExpression: { additionalModules: [dmnTranslateModule] },
    });
    modeler.current = m;
    handle.current = { save: async () => (await m.saveXML({ format: true })).xml };
    // dmn-js renders its labels once: re-import the edited document in the other language, on the same view
    const off = langStore.subscribe(() => {
      const at = m.getActiveView()?.element.id;
      void m
        .saveXML()
        .then(({ xml }) => m.importXML(xml))
        .then(() => {
          const view = m.getViews().find((v) => v.type !== 'drd' && v.element.id === at);
          if (view) return m.open(view);
        });
    });
    return () => {
      off();
      handle.current = null;
      m.destroy();
      modeler.current = null;
    };
  }, [handle]);

  useEffect(() => {
    const m = modeler.current;
    if (!m) return;
    m.importXML(xml).then(
      () => {
        const table = m.getViews().find((v) => v.type !== 'drd' && (!focus || v.element.id === focus));
        if (table) void m.open(table);
      },
      (err: Error) => onError(err.message),
    );
  }, [xml, focus, onError]);

  return (
    <div className="dmn-editor">
      <div className="dmn-editor__canvas" ref={container} data-testid="dmn-editor" />
    </div>
  );
}
