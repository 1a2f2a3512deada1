// Reading and writing the grid:* extension of a task through the modeling command stack (so undo works).
import { getBusinessObject, is } from 'bpmn-js/lib/util/ModelUtil';

export type Shape = { id: string; businessObject: any; type: string };
export type Injector = { get(name: string): any };

export const isUserTask = (el: Shape) => is(el, 'bpmn:UserTask');
export const isServiceTask = (el: Shape) => is(el, 'bpmn:ServiceTask');
export const isBusinessRuleTask = (el: Shape) => is(el, 'bpmn:BusinessRuleTask');
export const isSendTask = (el: Shape) => is(el, 'bpmn:SendTask');
/** a start event of the process itself (not of a sub-process: grid:formKey is the process's start form) */
export const isStartEvent = (el: Shape) =>
  is(el, 'bpmn:StartEvent') && is(getBusinessObject(el).$parent, 'bpmn:Process');

/** The element's event definition of `type` (bpmn:TimerEventDefinition …), if it has one. */
export const eventDefinition = (el: Shape, type: string): any | undefined =>
  (getBusinessObject(el).get('eventDefinitions') ?? []).find((d: any) => is(d, type));
/** the start event of an event sub-process (triggeredByEvent): its message is correlated as a catch's */
export const startsEventSubProcess = (el: Shape) =>
  is(el, 'bpmn:StartEvent') && getBusinessObject(el).$parent?.get?.('triggeredByEvent') === true;
/** waits for a correlated message: a receive task, a message catch, boundary or event sub-process start event */
export const waitsForMessage = (el: Shape) =>
  is(el, 'bpmn:ReceiveTask') ||
  ((is(el, 'bpmn:IntermediateCatchEvent') || is(el, 'bpmn:BoundaryEvent') || startsEventSubProcess(el)) &&
    !!eventDefinition(el, 'bpmn:MessageEventDefinition'));
/** a timer event (catch, boundary, start): its timer runs on a calendar */
export const isTimerEvent = (el: Shape) => !!eventDefinition(el, 'bpmn:TimerEventDefinition');
/** throws a signal: a signal intermediate throw or end event */
export const throwsSignal = (el: Shape) =>
  (is(el, 'bpmn:IntermediateThrowEvent') || is(el, 'bpmn:EndEvent')) &&
  !!eventDefinition(el, 'bpmn:SignalEventDefinition');
/** The event definition of a timer or message start event (undefined for a none start). */
export function startTrigger(el: Shape): 'timer' | 'message' | undefined {
  const def = getBusinessObject(el).get('eventDefinitions')?.[0];
  if (!def) return undefined;
  if (is(def, 'bpmn:TimerEventDefinition')) return 'timer';
  return is(def, 'bpmn:MessageEventDefinition') ? 'message' : undefined;
}

/** grid:calendar of a timer event's definition (the calendar its timer counts on). */
export function getTimerCalendar(el: Shape): string | undefined {
  return getBusinessObject(el).get('eventDefinitions')?.[0]?.get('grid:calendar');
}

/** Sets (or with '' removes) grid:calendar on the timer event definition, through the command stack. */
export function setTimerCalendar(injector: Injector, el: Shape, value: string): void {
  const def = getBusinessObject(el).get('eventDefinitions')?.[0];
  if (!def) return;
  injector
    .get('modeling')
    .updateModdleProperties(el, def, { 'grid:calendar': value === '' ? undefined : value });
}

export function getAttr(el: Shape, name: string): any {
  return getBusinessObject(el).get(`grid:${name}`);
}

/** Sets (or with '' / undefined removes) a grid:* attribute of the task. */
export function setAttr(injector: Injector, el: Shape, name: string, value: unknown): void {
  const v = value === '' || value === null ? undefined : value;
  injector.get('modeling').updateProperties(el, { [`grid:${name}`]: v });
}

export function getEscalation(el: Shape): any | undefined {
  const ext = getBusinessObject(el).get('extensionElements');
  return (ext?.get('values') ?? []).find((v: any) => is(v, 'grid:Escalation'));
}

export function getSteps(el: Shape): any[] {
  return getEscalation(el)?.get('steps') ?? [];
}

type Cmd = { cmd: string; context: Record<string, unknown> };

/** Commands creating bpmn:ExtensionElements and grid:Escalation when missing; returns them and the escalation. */
function ensureEscalation(injector: Injector, el: Shape): { commands: Cmd[]; escalation: any } {
  const factory = injector.get('bpmnFactory');
  const bo = getBusinessObject(el);
  const commands: Cmd[] = [];
  let ext = bo.get('extensionElements');
  if (!ext) {
    ext = factory.create('bpmn:ExtensionElements', { values: [] });
    ext.$parent = bo;
    commands.push({
      cmd: 'element.updateModdleProperties',
      context: { element: el, moddleElement: bo, properties: { extensionElements: ext } },
    });
  }
  let escalation = (ext.get('values') as any[]).find((v) => is(v, 'grid:Escalation'));
  if (!escalation) {
    escalation = factory.create('grid:Escalation', { steps: [] });
    escalation.$parent = ext;
    commands.push({
      cmd: 'element.updateModdleProperties',
      context: {
        element: el,
        moddleElement: ext,
        properties: { values: [...ext.get('values'), escalation] },
      },
    });
  }
  return { commands, escalation };
}

function execute(injector: Injector, commands: Cmd[]): void {
  if (commands.length)
    injector.get('commandStack').execute('properties-panel.multi-command-executor', commands);
}

export function addStep(
  injector: Injector,
  el: Shape,
  props: { level: string; sla: string; calendar?: string },
): void {
  const { commands, escalation } = ensureEscalation(injector, el);
  const step = injector.get('bpmnFactory').create('grid:Step', props);
  step.$parent = escalation;
  commands.push({
    cmd: 'element.updateModdleProperties',
    context: {
      element: el,
      moddleElement: escalation,
      properties: { steps: [...escalation.get('steps'), step] },
    },
  });
  execute(injector, commands);
}

export function removeStep(injector: Injector, el: Shape, step: any): void {
  const escalation = getEscalation(el);
  if (!escalation) return;
  const steps = (escalation.get('steps') as any[]).filter((s) => s !== step);
  const commands: Cmd[] = [
    {
      cmd: 'element.updateModdleProperties',
      context: { element: el, moddleElement: escalation, properties: { steps } },
    },
  ];
  if (!steps.length && !escalation.get('supervisionCycle')) {
    // an empty ladder is dropped with its container
    const ext = getBusinessObject(el).get('extensionElements');
    commands.push({
      cmd: 'element.updateModdleProperties',
      context: {
        element: el,
        moddleElement: ext,
        properties: { values: ext.get('values').filter((v: any) => v !== escalation) },
      },
    });
  }
  execute(injector, commands);
}

export function setStepProp(injector: Injector, el: Shape, step: any, name: string, value: unknown): void {
  injector.get('commandStack').execute('element.updateModdleProperties', {
    element: el,
    moddleElement: step,
    properties: { [name]: value === '' ? undefined : value },
  });
}

export function setSupervisionCycle(injector: Injector, el: Shape, value: string): void {
  const v = value.trim();
  if (!v) {
    const esc = getEscalation(el);
    if (esc) setStepProp(injector, el, esc, 'supervisionCycle', undefined);
    return;
  }
  const { commands, escalation } = ensureEscalation(injector, el);
  commands.push({
    cmd: 'element.updateModdleProperties',
    context: { element: el, moddleElement: escalation, properties: { supervisionCycle: v } },
  });
  execute(injector, commands);
}

export const isCallActivity = (el: Shape) => is(el, 'bpmn:CallActivity');

/** A call activity's calledElement (a standard BPMN attribute, not a grid: one). */
export function getCalledElement(el: Shape): string {
  return getBusinessObject(el).get('calledElement') ?? '';
}

export function setCalledElement(injector: Injector, el: Shape, key: string): void {
  injector.get('modeling').updateProperties(el, { calledElement: key.trim() || undefined });
}

/**
 * The extension elements listed one per entry: grid:in / grid:out mappings of a call activity, grid:out
 * (variables recorded at completion) and grid:check of a user task.
 */
export type ListedExtension = 'grid:In' | 'grid:Out' | 'grid:Check';

/** The listed extension elements of `type`, in document order. */
export function getMappings(el: Shape, type: ListedExtension): any[] {
  const ext = getBusinessObject(el).get('extensionElements');
  return (ext?.get('values') ?? []).filter((v: any) => is(v, type));
}

export interface MappingProps {
  variables?: string;
  source?: string;
  sourceExpression?: string;
  target?: string;
}

/** A grid:check of a user task (engine/runtime/task-completion.ts): expressions keep their '='. */
export interface CheckProps {
  field: string;
  code: string;
  test: string;
  limit?: string;
}

/** Replaces the listed extension elements of `type` with `mappings` (one undoable command). */
export function setMappings(
  injector: Injector,
  el: Shape,
  type: ListedExtension,
  mappings: MappingProps[] | CheckProps[],
): void {
  const factory = injector.get('bpmnFactory');
  const bo = getBusinessObject(el);
  const commands: Cmd[] = [];
  let ext = bo.get('extensionElements');
  if (!ext) {
    ext = factory.create('bpmn:ExtensionElements', { values: [] });
    ext.$parent = bo;
    commands.push({
      cmd: 'element.updateModdleProperties',
      context: { element: el, moddleElement: bo, properties: { extensionElements: ext } },
    });
  }
  const created = mappings.map((m) => {
    const x = factory.create(type, m);
    x.$parent = ext;
    return x;
  });
  const others = (ext.get('values') as any[]).filter((v) => !is(v, type));
  commands.push({
    cmd: 'element.updateModdleProperties',
    context: { element: el, moddleElement: ext, properties: { values: [...others, ...created] } },
  });
  execute(injector, commands);
}
