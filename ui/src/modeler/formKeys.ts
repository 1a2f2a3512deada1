// Form keys in the open diagram: which ones it refers to, a key for a new form, and which deploy problems
// belong to a form (shown beside it rather than on the diagram).
import type Modeler from 'bpmn-js/lib/Modeler';
import { getBusinessObject, is } from 'bpmn-js/lib/util/ModelUtil';
import type { FieldError } from '../types';
import type { Shape } from './grid-provider/model';

/** Every grid:formKey of the diagram's elements (user tasks, the start event). */
export function diagramFormKeys(modeler: Modeler): string[] {
  const keys = new Set<string>();
  for (const el of modeler.get<any>('elementRegistry').getAll() as Shape[]) {
    const k = el.businessObject?.get?.('grid:formKey');
    if (typeof k === 'string' && k) keys.add(k);
  }
  return [...keys].sort();
}

/** `<process id>-<element id>` spelled as grid:formKey must be ([a-z0-9-], at most 64). */
export function deriveFormKey(element: Shape): string {
  let p = getBusinessObject(element);
  while (p && !is(p, 'bpmn:Process')) p = p.$parent;
  const raw = `${p?.id ?? 'form'}-${element.id}`;
  const key = raw
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 64)
    .replace(/-$/, '');
  return key || 'form';
}

/** The form key a deploy problem is about (`forms/<key>`, or an unknown formKey), else undefined. */
export function isFormDetail(d: FieldError): string | undefined {
  // forms/<key> from the deploy's own checks, /forms/<key>/… from the request body's
  const m = /^\/?forms\/([^/]+)/.exec(d.path ?? '');
  if (m) return decodeURIComponent(m[1].replace(/~1/g, '/').replace(/~0/g, '~'));
  if (d.code === 'unknown-form' && typeof d.params?.formKey === 'string') return d.params.formKey;
  return undefined;
}
