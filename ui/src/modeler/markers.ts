// Validation problems shown on the canvas: a red marker on the element and a "!" badge with the messages.
import { problemText } from '../i18n/render';
import type { FieldError } from '../types';

const OVERLAY = 'grid-validation';
const MARKER = 'grid-invalid';

export function clearProblems(modeler: any, ids: string[]): void {
  const canvas = modeler.get('canvas');
  const overlays = modeler.get('overlays');
  overlays.remove({ type: OVERLAY });
  for (const id of ids) {
    try {
      canvas.removeMarker(id, MARKER);
    } catch {
      // the element is gone
    }
  }
}

/** Marks every element named by a detail; returns the ids that are on the canvas. */
export function showProblems(modeler: any, details: FieldError[]): string[] {
  const canvas = modeler.get('canvas');
  const overlays = modeler.get('overlays');
  const registry = modeler.get('elementRegistry');
  const byId = new Map<string, string[]>();
  for (const d of details) byId.set(d.path, [...(byId.get(d.path) ?? []), problemText(d)]);
  const shown: string[] = [];
  for (const [id, messages] of byId) {
    const el = registry.get(id);
    if (!el || el.type === 'label') continue;
    canvas.addMarker(id, MARKER);
    const badge = document.createElement('div');
    badge.className = 'grid-err-badge';
    badge.textContent = String(messages.length > 1 ? messages.length : '!');
    badge.title = messages.join('\n');
    const isConnection = Array.isArray(el.waypoints);
    overlays.add(id, OVERLAY, {
      position: isConnection ? { top: -12, left: -12 } : { top: -10, right: 10 },
      html: badge,
    });
    shown.push(id);
  }
  return shown;
}

export function focusElement(modeler: any, id: string): boolean {
  const el = modeler.get('elementRegistry').get(id);
  if (!el) return false;
  const canvas = modeler.get('canvas');
  if (typeof canvas.scrollToElement === 'function') canvas.scrollToElement(el);
  modeler.get('selection').select(el);
  return true;
}
