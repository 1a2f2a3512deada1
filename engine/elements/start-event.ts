// None start event: where a process or a sub-process begins; the token passes straight on.
import { checkFormKey } from '../model/validate.js';
import { coded, problem } from '../model/compile-parts.js';
import { leave } from '../runtime/flow.js';
import type { ElementType } from './element.js';

export const startEvent: ElementType = {
  kind: 'startEvent',
  classify: (el, event) => el.$type === 'bpmn:StartEvent' && event === 'none',
  shape: 'start',
  compile(ctx, el, node) {
    if (el.formKey === undefined) return;
    problem(ctx, node.id, checkFormKey(el.formKey));
    if (node.parent !== undefined)
      coded(
        ctx,
        node.id,
        'start-event.form-key',
        'grid:formKey applies to the start event of the process only',
      );
    node.formKey = el.formKey;
  },
  execute: (tx, token) => leave(tx, token),
};
