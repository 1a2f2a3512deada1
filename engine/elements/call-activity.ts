// Call activity (BPMN 2.0.2 §10.3.6; Camunda's calledElement / camunda:in / camunda:out): starts a case of
// another deployed process — calledElement is its key — and waits until that case ends; then the output
// mappings copy the child's variables back and the token goes on. The child is a case of its own, linked
// both ways (InstanceState.parent / children, Token.child).
//
// The pure part here only decides: the token waits on 'call', the child's id is fixed (from the instance's
// own counter, so a replayed transition names the same child) and a 'call' job keyed by that id asks the
// I/O edge (engine/cases/called-cases.ts) to create it. The child's end comes back as a 'called' job keyed
// by the child's id (engine/runtime/called.ts); a cancelled parent token sends a 'cancel-called' job down
// (engine/runtime/flow.ts killToken). Every one of them is idempotent under redelivery.
import { coded } from '../model/compile-parts.js';
import { MAX_CALL_DEPTH } from '../model/limits.js';
import type { CallBinding, CallSpec, VariableMapping } from '../model/types.js';
import { checkFeel, stripFeelMarker, type ModdleElement } from '../model/validate.js';
import { wait } from '../runtime/activity.js';
import { evalFeel } from '../runtime/feel.js';
import type { Tx } from '../runtime/transition.js';
import type { Token } from '../runtime/types.js';
import type { ElementType } from './element.js';

export const CALL_BINDINGS: readonly CallBinding[] = ['latest', 'version', 'deployment'];

const VARIABLE = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const UNIT_CODE = /^[A-Za-z0-9_-]{1,64}$/;
/** A process key as the BPMN id of a process: an XML NCName (no expressions: keys are not evaluated). */
const PROCESS_KEY = /^[A-Za-z_][A-Za-z0-9_.-]{0,127}$/;

/**
 * Variables a case gets from its own grid unit and never from another case (engine.ts TIME_LIMITS_VARIABLE):
 * `variables="all"` leaves them out, and no mapping may target them.
 */
export const UNIT_VARIABLES: readonly string[] = ['timeLimits'];

/** A call beyond the call depth budget (a process calling itself without end): an incident, not a loop. */
export class CallDepthError extends Error {
  readonly code = 'call.depth';
  constructor(
    readonly elementId: string,
    readonly budget: number,
  ) {
    super(
      `call activity ${elementId}: more than ${budget} levels of called cases (a process calling itself ` +
        `without end?); the token is parked here`,
    );
    this.name = 'CallDepthError';
  }
}

export const callActivity: ElementType = {
  kind: 'callActivity',
  classify: (el) => el.$type === 'bpmn:CallActivity',
  shape: 'flow',
  activity: true,
  waitState: true,
  compile(ctx, el, node) {
    const id = node.id;
    const key = typeof el.calledElement === 'string' ? el.calledElement.trim() : '';
    if (!PROCESS_KEY.test(key))
      coded(
        ctx,
        id,
        'call-activity.called-element',
        key
          ? `calledElement "${key}" is not a process key (the id of a deployed process; expressions are not supported)`
          : 'call activity needs calledElement: the key of the process it starts',
        { value: key },
      );
    const version = el.calledVersion;
    const binding = (el.calledBinding ?? (version !== undefined ? 'version' : 'latest')) as CallBinding;
    if (!CALL_BINDINGS.includes(binding))
      coded(
        ctx,
        id,
        'call-activity.binding',
        `grid:calledBinding must be one of ${CALL_BINDINGS.join(', ')}`,
        {
          value: binding,
          allowed: [...CALL_BINDINGS],
        },
      );
    else if (binding === 'version' && !(Number.isInteger(version) && version >= 1))
      coded(
        ctx,
        id,
        'call-activity.version',
        'grid:calledBinding="version" needs grid:calledVersion (a version number from 1)',
        { value: version ?? null },
      );
    else if (binding !== 'version' && version !== undefined)
      coded(
        ctx,
        id,
        'call-activity.version',
        `grid:calledVersion applies to grid:calledBinding="version" only (here: ${binding})`,
        { value: version },
      );
    const unit = typeof el.calledUnit === 'string' ? el.calledUnit.trim() : undefined;
    if (unit !== undefined) {
      const err = unit.startsWith('=')
        ? checkFeel(unit)
        : UNIT_CODE.test(unit)
          ? undefined
          : 'a unit code (letters, digits, -, _) or a FEEL expression =…';
      if (err) coded(ctx, id, 'call-activity.unit', `grid:calledUnit "${unit}": ${err}`, { value: unit });
    }
    const values: ModdleElement[] = el.extensionElements?.values ?? [];
    const mappings = (type: string, direction: 'in' | 'out') =>
      values
        .filter((v) => v.$type === type)
        .map((v, i) => compileMapping(ctx, id, v, direction, i + 1))
        .filter((m): m is VariableMapping => m !== undefined);
    const spec: CallSpec = {
      key,
      binding,
      ...(binding === 'version' && Number.isInteger(version) ? { version: version as number } : {}),
      in: mappings('grid:In', 'in'),
      out: mappings('grid:Out', 'out'),
      ...(unit ? { unit } : {}),
    };
    node.call = spec;
  },
  execute(tx, token, node) {
    const depth = (tx.s.callDepth ?? 0) + 1;
    if (depth > MAX_CALL_DEPTH) throw new CallDepthError(node.id, MAX_CALL_DEPTH);
    wait(tx, token, 'call');
    callChild(tx, token, node.id, node.call!.key);
  },
};

/**
 * The token calls a new child: its id comes from the instance's counter (a retried incident calls a new
 * child, never the one that failed), the parent lists it, and a 'call' job keyed by it creates it.
 */
function callChild(tx: Tx, token: Token, nodeId: string, key: string): void {
  const childId = `${tx.s._id}-${tx.nextId('c')}`;
  token.child = childId;
  (tx.s.children ??= []).push({ id: childId, tokenId: token.id, nodeId, key, at: tx.now });
  tx.record('call', { elementId: nodeId, from: 'ready', to: 'called', details: { childId, key } });
  tx.job('call', `call.${childId}`, { tokenId: token.id, childId });
}

/**
 * One grid:in / grid:out of a call activity, or a grid:out of a user task (`code` user-task.mapping: the
 * variables of the task's completion, where `variables="all"` has nothing to copy from).
 */
export function compileMapping(
  ctx: Parameters<NonNullable<ElementType['compile']>>[0],
  id: string,
  el: ModdleElement,
  direction: 'in' | 'out',
  index: number,
  code: 'call-activity.mapping' | 'user-task.mapping' = 'call-activity.mapping',
): VariableMapping | undefined {
  const tag = `grid:${direction} #${index}`;
  const refuse = (message: string) => {
    coded(ctx, id, code, `${tag}: ${message}`, { direction: `grid:${direction}`, index });
    return undefined;
  };
  const str = (v: unknown) => (typeof v === 'string' ? v.trim() : undefined);
  const all = str(el.variables);
  const source = str(el.source);
  const expression = str(el.sourceExpression);
  const target = str(el.target);
  if (all !== undefined) {
    if (code === 'user-task.mapping') return refuse('variables="all" applies to call activities only');
    if (all !== 'all') return refuse(`variables="${all}": the only value is "all"`);
    if (source !== undefined || expression !== undefined || target !== undefined)
      return refuse('variables="all" stands alone (no source, sourceExpression or target)');
    return { all: true };
  }
  if ((source === undefined) === (expression === undefined))
    return refuse('give either source (a variable) or sourceExpression (FEEL), and a target');
  if (source !== undefined && !VARIABLE.test(source))
    return refuse(`source "${source}" is not a variable name (letters, digits, _)`);
  if (expression !== undefined) {
    const err = checkFeel(expression);
    if (err) return refuse(`sourceExpression: ${err}`);
  }
  const to = target ?? source;
  if (to === undefined || !VARIABLE.test(to))
    return refuse(`target "${to ?? ''}" is not a variable name (letters, digits, _)`);
  if (UNIT_VARIABLES.includes(to))
    return refuse(`target "${to}" is reserved: a case takes it from its own grid unit`);
  return source !== undefined
    ? { source, target: to }
    : { expression: stripFeelMarker(expression!), target: to };
}

/**
 * The variables a set of mappings passes from `from` (the parent's for grid:in, the child's for grid:out):
 * all of them but the unit's own, or each mapping's source / expression as its target. A source that is
 * not set passes nothing (as Camunda's, the target is then left as it is). Pure; FEEL runs with its budget.
 */
export function mapVariables(
  mappings: readonly VariableMapping[],
  from: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const m of mappings) {
    if (m.all) {
      for (const [k, v] of Object.entries(from)) if (!UNIT_VARIABLES.includes(k)) out[k] = v;
    } else if (m.source !== undefined) {
      if (Object.hasOwn(from, m.source)) out[m.target!] = from[m.source];
    } else if (m.expression !== undefined) {
      out[m.target!] = evalFeel(m.expression, from) ?? null;
    }
  }
  return out;
}

/**
 * The unit code grid:calledUnit names for the child (a literal, or its FEEL over the parent's variables);
 * undefined without one (the child takes the parent's unit). Throws when the expression yields no code.
 */
export function calledUnit(spec: CallSpec, variables: Record<string, unknown>): string | undefined {
  if (!spec.unit) return undefined;
  if (!spec.unit.startsWith('=')) return spec.unit;
  const value = evalFeel(spec.unit, variables);
  if (typeof value !== 'string' || !value.trim())
    throw new Error(`grid:calledUnit ${spec.unit} gave ${JSON.stringify(value ?? null)}, not a unit code`);
  return value.trim();
}
