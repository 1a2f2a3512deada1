// The form-js editor in the UI language, through the seams form-js-editor 1.23 offers (no DOM rewriting,
// no fork): a `translate` service, handed to the properties panel's groups (the panel never asks the
// injector for one; each group takes `translate` from its definition); the group titles, relabelled by a
// low-priority properties provider; the palette's field names, set on the field types' configs when an
// editor is created (those configs are module-level objects shared by every editor, so each creation sets
// them for its language and the English UI gets the library's own names back). The Chinese texts are in
// i18n/formjs.ts; what the library keeps English is listed there.
import { langStore } from '../i18n';
import { formjsFieldNamesZh, formjsGroupTitlesZh, formjsTranslateZh } from '../i18n/formjs';

type Replacements = Record<string, string | number>;

/** form-js's translate contract: an English template (with {placeholders}) → the UI language. */
export function formjsTranslate(template: string, replacements?: Replacements): string {
  const text = langStore.get() === 'zh' ? (formjsTranslateZh[template] ?? template) : template;
  return text.replace(/{([^}]+)}/g, (_, key: string) =>
    replacements?.[key] !== undefined ? String(replacements[key]) : `{${key}}`,
  );
}

interface PanelGroup {
  label?: string;
  translate?: typeof formjsTranslate;
  [k: string]: unknown;
}

/** Relabels the groups the library's provider built; runs after it (lower priority, later in the chain). */
class GroupTitles {
  static $inject = ['propertiesPanel', 'translate'];
  constructor(
    propertiesPanel: { registerProvider(provider: GroupTitles, priority: number): void },
    private readonly translate: typeof formjsTranslate,
  ) {
    propertiesPanel.registerProvider(this, 100);
  }

  getGroups() {
    return (groups: PanelGroup[]): PanelGroup[] => {
      const zh = langStore.get() === 'zh';
      return groups.map((g) => ({
        ...g,
        label: zh && g.label ? (formjsGroupTitlesZh[g.label] ?? g.label) : g.label,
        translate: this.translate,
      }));
    };
  }
}

interface FieldConfig {
  name?: string;
  label?: string | null;
}

/** The library's own name of each field type config, taken the first time it is renamed. */
const english = new WeakMap<FieldConfig, { prop: 'name' | 'label'; text: string }>();

/** Sets the palette names for the UI language (the palette reads `name`, else `label`, when it mounts). */
class FieldTypeNames {
  static $inject = ['formFields'];
  constructor(formFields: { get(type: string): { config?: FieldConfig } | undefined }) {
    const zh = langStore.get() === 'zh';
    for (const [type, chinese] of Object.entries(formjsFieldNamesZh)) {
      const config = formFields.get(type)?.config;
      if (!config) continue;
      let own = english.get(config);
      if (!own) {
        own = config.name
          ? { prop: 'name', text: config.name }
          : { prop: 'label', text: config.label ?? type };
        english.set(config, own);
      }
      config[own.prop] = zh ? chinese : own.text;
    }
  }
}

/** An additional module of the form editor: `new FormEditor({ additionalModules: [formjsLocaleModule] })`. */
export const formjsLocaleModule = {
  __init__: ['gridFieldTypeNames', 'gridGroupTitles'],
  translate: ['value', formjsTranslate],
  gridFieldTypeNames: ['type', FieldTypeNames],
  gridGroupTitles: ['type', GroupTitles],
};
