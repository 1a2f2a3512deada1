// Error end event: ends its path by raising a BPMN error with the code of its bpmn:error, caught by an error
// boundary event of an enclosing sub-process (which is then cancelled); uncaught, the token stays here as an
// incident (as Camunda 8 does), since a silently swallowed error would lose the case's outcome.
import { coded } from '../model/compile-parts.js';
import { throwError } from '../runtime/activity.js';
import type { ElementType } from './element.js';

export const errorEnd: ElementType = {
  kind: 'errorEnd',
  classify: (el, event) => el.$type === 'bpmn:EndEvent' && event === 'bpmn:ErrorEventDefinition',
  shape: 'end',
  compile(ctx, el, node) {
    const ref = el.eventDefinitions[0].errorRef;
    const code = typeof ref?.errorCode === 'string' ? ref.errorCode.trim() : '';
    if (!ref)
      coded(
        ctx,
        node.id,
        'error-end.error-ref',
        'error end event needs an errorRef to a bpmn:error with an errorCode',
      );
    else if (!code)
      coded(ctx, node.id, 'error-end.error-code', `error "${ref.id}" needs an errorCode`, { error: ref.id });
    else node.errorCode = code;
  },
  execute(tx, token, node) {
    tx.record('end', { elementId: node.id, from: 'ready', to: 'error', details: { code: node.errorCode } });
    throwError(tx, token, node.errorCode!);
  },
};
