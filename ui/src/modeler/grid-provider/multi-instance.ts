// The grid: attributes of a multi-instance activity (engine/model/compile-multi-instance.ts), added to the
// "多实例 / Multi-instance" group bpmn-js-properties-panel shows once an admin toggles parallel or sequential
// multi-instance (which already edits loopCardinality and completionCondition): the collection to run over,
// the element variable each instance sees, and where the instances' outputs are collected.
import { isTextFieldEntryEdited, TextFieldEntry } from '@bpmn-io/properties-panel';
import { useService } from 'bpmn-js-properties-panel';
import { getBusinessObject, is } from 'bpmn-js/lib/util/ModelUtil';
import { t, type MessageKey } from '../../i18n';
import type { Shape } from './model';

/** The element's bpmn:multiInstanceLoopCharacteristics, if it has them. */
export function loopOf(el: Shape): any | undefined {
  const lc = getBusinessObject(el).get('loopCharacteristics');
  return lc && is(lc, 'bpmn:MultiInstanceLoopCharacteristics') ? lc : undefined;
}

const VARIABLE = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const validateVariable = (v: string | undefined) =>
  !v || VARIABLE.test(v.trim()) ? null : t('modeler.miBadVariable');

type Attr = 'collection' | 'elementVariable' | 'outputCollection' | 'outputElement';

function loopAttr(
  name: Attr,
  label: MessageKey,
  hint: MessageKey,
  validate?: (v: string | undefined) => string | null,
) {
  return function LoopAttr({ element, id }: { element: Shape; id: string }) {
    const commandStack = useService('commandStack');
    const debounce = useService('debounceInput');
    return TextFieldEntry({
      element,
      id,
      label: t(label),
      description: t(hint),
      debounce,
      getValue: (el: Shape) => loopOf(el)?.get(`grid:${name}`) ?? '',
      setValue: (v: string, error?: string | null) => {
        const lc = loopOf(element);
        if (error || !lc) return;
        const value = v.trim() === '' ? undefined : v.trim();
        commandStack.execute('element.updateModdleProperties', {
          element,
          moddleElement: lc,
          properties: { [`grid:${name}`]: value },
        });
      },
      validate,
    });
  };
}

const ENTRIES = [
  ['collection', loopAttr('collection', 'modeler.miCollection', 'modeler.miCollectionHint')],
  [
    'elementVariable',
    loopAttr(
      'elementVariable',
      'modeler.miElementVariable',
      'modeler.miElementVariableHint',
      validateVariable,
    ),
  ],
  [
    'outputCollection',
    loopAttr(
      'outputCollection',
      'modeler.miOutputCollection',
      'modeler.miOutputCollectionHint',
      validateVariable,
    ),
  ],
  ['outputElement', loopAttr('outputElement', 'modeler.miOutputElement', 'modeler.miOutputElementHint')],
] as const;

/** Entries of the grid: attributes, for the multi-instance group of an element that loops. */
export function multiInstanceEntries(element: Shape) {
  if (!loopOf(element)) return [];
  return ENTRIES.map(([name, component]) => ({
    id: `grid-mi-${name}`,
    component,
    isEdited: isTextFieldEntryEdited,
    element,
  }));
}
