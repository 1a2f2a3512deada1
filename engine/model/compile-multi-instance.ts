// bpmn:multiInstanceLoopCharacteristics → FlowNode.multiInstance (run by engine/runtime/multi-instance.ts).
// What bpmn-js writes when an admin toggles "parallel/sequential multi-instance" is the standard element
// (isSequential, loopCardinality, completionCondition); the collection, element variable and output
// collection are grid: attributes on it, as Camunda 7's camunda:collection / camunda:elementVariable:
//
//   <bpmn:multiInstanceLoopCharacteristics isSequential="false" grid:collection="=departments"
//       grid:elementVariable="dept" grid:outputCollection="replies" grid:outputElement="=opinion">
//     <bpmn:completionCondition xsi:type="bpmn:tFormalExpression">=nrOfCompletedInstances >= 2</bpmn:completionCondition>
//   </bpmn:multiInstanceLoopCharacteristics>
//
// The standard loopDataInputRef / inputDataItem (and loopDataOutputRef / outputDataItem) are read too, by
// name: the referenced data input names the collection variable, the data item the element variable.
import { coded, type CompileCtx } from './compile-parts.js';
import { MAX_MULTI_INSTANCES } from './limits.js';
import type { FlowNode, MultiInstanceSpec } from './types.js';
import { checkExpressionLanguage, checkFeel, stripFeelMarker, type ModdleElement as El } from './validate.js';

const VARIABLE = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
/** Names the instances see as built-ins: an element variable or output collection must not take them. */
const BUILT_INS = ['loopCounter', 'nrOfInstances', 'nrOfCompletedInstances', 'nrOfActiveInstances'];

const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
/** The variable an ItemAwareElement reference names (its name, else its id). */
const named = (ref: El | undefined): string | undefined => text(ref?.name) ?? text(ref?.id);

export function compileMultiInstance(ctx: CompileCtx, el: El, node: FlowNode): void {
  const lc: El = el.loopCharacteristics;
  const id = node.id;
  const spec: MultiInstanceSpec = { sequential: lc.isSequential === true };
  const collection = text(lc.collection) ?? named(lc.loopDataInputRef);
  const elementVariable = text(lc.elementVariable) ?? named(lc.inputDataItem);
  const cardinality = text(lc.loopCardinality?.body);
  const completion = text(lc.completionCondition?.body);
  const outputCollection = text(lc.outputCollection) ?? named(lc.loopDataOutputRef);
  const outputElement = text(lc.outputElement) ?? named(lc.outputDataItem);

  if (collection === undefined && cardinality === undefined)
    coded(
      ctx,
      id,
      'multi-instance.input',
      'multi-instance activity needs grid:collection (a list) or loopCardinality (a number)',
    );
  if (collection !== undefined && cardinality !== undefined)
    coded(
      ctx,
      id,
      'multi-instance.both',
      'multi-instance activity takes grid:collection or loopCardinality, not both',
    );
  for (const [field, expr] of [
    ['collection', collection],
    ['loopCardinality', cardinality !== undefined && /^\d+$/.test(cardinality) ? undefined : cardinality],
    ['completionCondition', completion],
    ['outputElement', outputElement],
  ] as const) {
    if (expr === undefined) continue;
    const err = checkFeel(expr);
    if (err)
      coded(ctx, id, 'multi-instance.expression', `multi-instance ${field}: ${err}`, {
        field,
        value: expr,
      });
  }
  for (const [field, holder] of [
    ['loopCardinality', lc.loopCardinality],
    ['completionCondition', lc.completionCondition],
  ] as const) {
    const err = checkExpressionLanguage(holder?.language);
    if (err)
      coded(ctx, id, 'multi-instance.expression', `multi-instance ${field}: ${err}`, {
        field,
        value: String(holder?.language),
      });
  }
  if (cardinality !== undefined && /^\d+$/.test(cardinality) && Number(cardinality) > MAX_MULTI_INSTANCES)
    coded(
      ctx,
      id,
      'multi-instance.too-many',
      `loopCardinality ${cardinality}: at most ${MAX_MULTI_INSTANCES} instances are allowed`,
      { count: Number(cardinality), limit: MAX_MULTI_INSTANCES },
    );
  for (const [field, name] of [
    ['elementVariable', elementVariable],
    ['outputCollection', outputCollection],
  ] as const) {
    if (name === undefined) continue;
    if (!VARIABLE.test(name) || BUILT_INS.includes(name))
      coded(
        ctx,
        id,
        'multi-instance.variable',
        `multi-instance ${field} "${name}" must be a variable name (letters, digits, _) other than ${BUILT_INS.join(', ')}`,
        { field, value: name },
      );
  }
  if (elementVariable !== undefined && collection === undefined)
    coded(
      ctx,
      id,
      'multi-instance.element-variable',
      'multi-instance grid:elementVariable needs grid:collection (the list its items come from)',
    );
  if (outputElement !== undefined && outputCollection === undefined)
    coded(
      ctx,
      id,
      'multi-instance.output-element',
      'multi-instance grid:outputElement needs grid:outputCollection (the variable the outputs go to)',
    );

  if (collection !== undefined) spec.collection = stripFeelMarker(collection);
  if (elementVariable !== undefined) spec.elementVariable = elementVariable;
  if (cardinality !== undefined) spec.cardinality = stripFeelMarker(cardinality);
  if (completion !== undefined) spec.completionCondition = stripFeelMarker(completion);
  if (outputCollection !== undefined) spec.outputCollection = outputCollection;
  if (outputElement !== undefined) spec.outputElement = stripFeelMarker(outputElement);
  node.multiInstance = spec;
}
