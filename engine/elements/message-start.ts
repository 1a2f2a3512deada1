// Message start event: a message of its name (POST /api/messages) starts a case of the latest startable
// version (engine/starts/message-starts.ts); the grid unit comes from the message (gridUnit) or else from
// grid:startUnit. The message's variables are the case's start variables, its correlation key the business
// key. The token then passes straight on. BPMN 2.0.2 §10.5.2; Camunda's correlation rules (a message that a
// waiting case and a start event both match goes to the waiting case) are in the README.
import { coded, type CompileCtx } from '../model/compile-parts.js';
import type { FlowNode } from '../model/types.js';
import type { ModdleElement } from '../model/validate.js';
import { leave } from '../runtime/flow.js';
import type { ElementType } from './element.js';
import { inEventSubProcess } from './event-sub-process-start.js';

/** Timer and message starts start the process itself: an event sub-process is not supported. */
export function refuseInSubProcess(ctx: CompileCtx, node: FlowNode, what: 'timer' | 'message'): void {
  if (node.parent !== undefined)
    coded(
      ctx,
      node.id,
      'start-event.scope',
      `a ${what} start event starts the process: it cannot be the start of sub-process "${node.parent}"`,
      { scope: node.parent },
    );
}

/** grid:startUnit: the unit of the cases this start event opens (required on a timer start). */
export function compileStartUnit(
  ctx: CompileCtx,
  el: ModdleElement,
  node: FlowNode,
  required: boolean,
): void {
  const unit = typeof el.startUnit === 'string' ? el.startUnit.trim() : '';
  if (unit) node.startUnit = unit;
  else if (required)
    coded(
      ctx,
      node.id,
      'start-timer.unit',
      'a timer start event needs grid:startUnit, the grid unit (code) of the cases it starts',
    );
}

export const messageStart: ElementType = {
  kind: 'messageStart',
  classify: (el, event) =>
    el.$type === 'bpmn:StartEvent' && event === 'bpmn:MessageEventDefinition' && !inEventSubProcess(el),
  shape: 'start',
  compile(ctx, el, node) {
    refuseInSubProcess(ctx, node, 'message');
    const message = el.eventDefinitions[0].messageRef;
    const name = typeof message?.name === 'string' ? message.name.trim() : '';
    if (!name)
      coded(
        ctx,
        node.id,
        'message-start.message',
        message
          ? `message "${message.id}" needs a name`
          : 'a message start event needs a messageRef to a message with a name',
      );
    node.message = { name, correlationKey: '' };
    compileStartUnit(ctx, el, node, false);
  },
  execute: (tx, token) => leave(tx, token),
};
