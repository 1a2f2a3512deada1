// The start event of an event sub-process: its trigger — a message (by name and correlation key, as a
// message boundary event), a timer (date or duration; a cycle R[n]/… when non-interrupting; on its
// calendar), a BPMN error (by errorCode; always interrupting) or an escalation (by code) raised in the
// enclosing scope — starts the event sub-process (engine/runtime/event-scope.ts). isInterrupting (default
// true) says whether the enclosing scope's other work is cancelled. Once started, the token passes on.
import { coded, compileMessage, compileTimer, escalationCode } from '../model/compile-parts.js';
import type { FlowNode } from '../model/types.js';
import type { ModdleElement } from '../model/validate.js';
import { leave } from '../runtime/flow.js';
import type { ElementType } from './element.js';

const TRIGGERS: Record<string, NonNullable<FlowNode['trigger']>> = {
  'bpmn:MessageEventDefinition': 'message',
  'bpmn:TimerEventDefinition': 'timer',
  'bpmn:ErrorEventDefinition': 'error',
  'bpmn:EscalationEventDefinition': 'escalation',
};

/** a start event of an event sub-process (its trigger starts the sub-process, not a case) */
export const inEventSubProcess = (el: ModdleElement) =>
  el.$parent?.$type === 'bpmn:SubProcess' && el.$parent.triggeredByEvent === true;

export const eventSubProcessStart: ElementType = {
  kind: 'eventSubProcessStart',
  classify: (el, event) => el.$type === 'bpmn:StartEvent' && event in TRIGGERS && inEventSubProcess(el),
  shape: 'start',
  correlates: true,
  compile(ctx, el, node) {
    const def = el.eventDefinitions[0];
    const trigger = TRIGGERS[def.$type];
    node.trigger = trigger;
    node.interrupting = el.isInterrupting !== false;
    if (trigger !== 'message' && el.correlationKey !== undefined)
      coded(
        ctx,
        node.id,
        'event-subprocess.correlation-key',
        'grid:correlationKey applies to a message start event only',
      );
    if (trigger === 'message')
      node.message = compileMessage(ctx, el, def, 'message start event', 'event-subprocess');
    else if (trigger === 'timer')
      node.timer = compileTimer(ctx, node.id, def, node.interrupting ? 'interrupting' : 'non-interrupting');
    else if (trigger === 'escalation') {
      const code = escalationCode(def);
      if (code !== undefined) node.escalationCode = code; // undefined: catches every escalation
    } else {
      if (!node.interrupting)
        coded(
          ctx,
          node.id,
          'event-subprocess.error-non-interrupting',
          'an error start event always interrupts its scope: remove isInterrupting="false"',
        );
      const ref = def.errorRef;
      const code = typeof ref?.errorCode === 'string' ? ref.errorCode.trim() : '';
      if (ref && !code)
        coded(ctx, node.id, 'event-subprocess.error-code', `error "${ref.id}" needs an errorCode`, {
          error: ref.id,
        });
      else if (code) node.errorCode = code; // without an errorRef: catches every error
    }
  },
  execute: (tx, token) => leave(tx, token),
};
