// The element registry: every BPMN element kind the engine runs, one module each. Adding a kind is one
// new module in this directory and one line in kinds.ts. Compilation (engine/model/compile.ts), deploy
// validation (engine/model/validate.ts, cycles.ts) and execution (engine/runtime/semantics.ts) ask this
// table instead of switching on the kind.
//
// Not here (yet): bpmn:BusinessRuleTask — it belongs in a business-rule-task.ts module evaluating a
// decision of engine/dmn, registered on the line marked in kinds.ts.

import type { ModdleElement } from '../model/validate.js';
import type { DetailCode } from '../error-codes.js';
import { problemOf, type Problem } from '../model/types.js';
import type { ElementType } from './element.js';
import * as KINDS from './kinds.js';

/** Every registered kind by name (the namespace of kinds.ts). */
export const ELEMENTS = KINDS;

/** The kinds of compiled flow nodes (FlowNode.kind). */
export type ElementKind = keyof typeof ELEMENTS;

const TABLE: Record<string, ElementType> = ELEMENTS;

/** The element module of a node kind (undefined for a kind no longer registered). */
export function elementOf(kind: string): ElementType | undefined {
  return TABLE[kind];
}

const IGNORED_FLOW_ELEMENTS = new Set([
  'bpmn:DataObject',
  'bpmn:DataObjectReference',
  'bpmn:DataStoreReference',
]);

const EVENT_TYPES = new Set([
  'bpmn:StartEvent',
  'bpmn:EndEvent',
  'bpmn:IntermediateCatchEvent',
  'bpmn:IntermediateThrowEvent',
  'bpmn:BoundaryEvent',
]);

/**
 * Kinds that may be multi-instance (engine/runtime/multi-instance.ts): activities that wait (user, service,
 * business rule, receive tasks) and sub-processes — an instance must have something to wait for.
 */
export function multiInstanceCapable(type: ElementType): boolean {
  return type.activity === true && (type.waitState === true || type.scope === true);
}

export type Classification = { kind: ElementKind } | { ignored: true } | { unsupported: Problem };

/** Maps a flow element to the node kind it compiles to, or says why it is not supported. */
export function classifyElement(el: ModdleElement): Classification {
  if (IGNORED_FLOW_ELEMENTS.has(el.$type)) return { ignored: true };
  const bpmnType = el.$type;
  const unsupported = (code: DetailCode, detail = '', params: Record<string, unknown> = {}) => ({
    unsupported: problemOf(code, `unsupported element ${bpmnType}${detail}`, { bpmnType, ...params }),
  });
  const loop: string | undefined = el.loopCharacteristics?.$type;
  const loopRefused = () => ({
    unsupported: problemOf(
      'unsupported.loop',
      `unsupported element ${loop} on ${bpmnType} (multi-instance and loops are not supported)`,
      { bpmnType, loopType: loop },
    ),
  });
  if (loop !== undefined && loop !== 'bpmn:MultiInstanceLoopCharacteristics') return loopRefused();
  const defs: ModdleElement[] = el.eventDefinitions ?? [];
  const event = defs.length > 1 ? 'multiple' : (defs[0]?.$type ?? 'none');
  for (const [kind, type] of Object.entries(TABLE))
    if (type.classify(el, event)) {
      if (loop !== undefined && !multiInstanceCapable(type)) return loopRefused();
      return { kind: kind as ElementKind };
    }
  if (EVENT_TYPES.has(el.$type))
    return event === 'multiple'
      ? unsupported('unsupported.multiple-events', ' with multiple event definitions')
      : event === 'none'
        ? unsupported('unsupported.no-event', ' without an event definition')
        : unsupported('unsupported.event', ` with ${event}`, { eventType: event });
  return unsupported('unsupported.element');
}
