// Packages without type declarations (bpmn-io properties panel): typed loosely at the boundary.
declare module 'bpmn-js-properties-panel' {
  export const BpmnPropertiesPanelModule: any;
  export const BpmnPropertiesProviderModule: any;
  export function useService(name: string, strict?: boolean): any;
}

declare module '@bpmn-io/properties-panel' {
  export const TextFieldEntry: (props: Record<string, unknown>) => any;
  export const SelectEntry: (props: Record<string, unknown>) => any;
  export const NumberFieldEntry: (props: Record<string, unknown>) => any;
  export const CheckboxEntry: (props: Record<string, unknown>) => any;
  export const TextAreaEntry: (props: Record<string, unknown>) => any;
  export const isTextAreaEntryEdited: (node: unknown) => boolean;
  export const ListGroup: any;
  export const Group: any;
  export const isTextFieldEntryEdited: (node: unknown) => boolean;
  export const isSelectEntryEdited: (node: unknown) => boolean;
  export const isNumberFieldEntryEdited: (node: unknown) => boolean;
  export const isCheckboxEntryEdited: (node: unknown) => boolean;
}

// the properties panel's own preact (entries render through it)
declare module '@bpmn-io/properties-panel/preact' {
  export function h(type: string, props: Record<string, unknown> | null, ...children: unknown[]): any;
}

declare module '*.css';

// what the UI reads of Vite's import.meta.env
interface ImportMeta {
  readonly env: { readonly PROD: boolean; readonly DEV: boolean };
}

// dmn-js (the decision table editor): typed loosely at the boundary (ui/src/pages/admin/DecisionEditor.tsx)
declare module 'dmn-js/lib/Modeler' {
  export default class DmnModeler {
    constructor(options: Record<string, unknown>);
    importXML(xml: string): Promise<{ warnings: unknown[] }>;
    saveXML(options?: { format?: boolean }): Promise<{ xml: string }>;
    getViews(): Array<{ id: string; type: string; element: { id: string; name?: string } }>;
    getActiveView(): { id: string; type: string; element: { id: string; name?: string } } | undefined;
    getActiveViewer(): any;
    open(view: unknown): Promise<unknown>;
    on(event: string, callback: (...args: any[]) => void): void;
    destroy(): void;
  }
}
