// Multi-instance activities (BPMN 2.0.2 § 10.3.7; Camunda's documented behaviour where the spec leaves
// room). A token reaching a multi-instance activity becomes its *body*: it waits on 'multi-instance' and
// carries the counters (Token.body). Each instance is a scope of its own (Scope.loop, parent = the body's
// scope, tokenId = the body token) holding one token on the same activity, which runs the activity's own
// behaviour. The instance scope's variables hold its element variable, loopCounter and whatever the
// instance sets (a task's form data, a service's output), so parallel instances never overwrite each
// other; grid:outputCollection gathers their outputs. Boundary events belong to the body.
//
// This module holds what the rest of the runtime asks about instances; entering a body is in
// multi-instance-body.ts and an instance's completion in flow.ts (it is where a token leaves).
import { MAX_MULTI_INSTANCES } from '../model/limits.js';
import type { FlowNode } from '../model/types.js';
import { evalFeel, ExpressionError, readsNote } from './feel.js';
import type { Tx } from './transition.js';
import type { InstanceState, MultiInstanceBody, Scope, Token } from './types.js';

/** The instance scope a token runs as, when it is an instance of a multi-instance activity. */
export function instanceScopeOf(s: InstanceState, token: Token): Scope | undefined {
  const scope = s.scopes[token.scopeId];
  return scope?.loop !== undefined && scope.nodeId === token.nodeId ? scope : undefined;
}

/** The token boundary events of `token`'s activity belong to: the body for an instance, else itself. */
export function boundaryHost(s: InstanceState, token: Token): Token | undefined {
  const scope = instanceScopeOf(s, token);
  return scope ? (scope.tokenId ? s.tokens[scope.tokenId] : undefined) : token;
}

/** The built-in variables of an instance: nrOfInstances, nrOfCompletedInstances, nrOfActiveInstances. */
export function builtIns(body: MultiInstanceBody): Record<string, number> {
  return {
    nrOfInstances: body.total,
    nrOfCompletedInstances: body.completed,
    nrOfActiveInstances: body.active,
  };
}

/**
 * The variables an expression of scope `scopeId` reads: the case's variables overlaid with the local ones
 * of every enclosing instance (innermost last) and its body's counters. Outside instances: the case's own.
 */
export function variablesAt(s: InstanceState, scopeId: string): Record<string, unknown> {
  const layers: Record<string, unknown>[] = [];
  const seen = new Set<string>();
  for (let scope = s.scopes[scopeId]; scope && !seen.has(scope.id); scope = s.scopes[scope.parent ?? '']) {
    seen.add(scope.id);
    if (scope.loop === undefined) continue;
    const body = scope.tokenId ? s.tokens[scope.tokenId]?.body : undefined;
    layers.push({ ...(body ? builtIns(body) : {}), ...scope.variables, loopCounter: scope.loop });
  }
  if (!layers.length) return s.variables;
  return Object.assign({}, s.variables, ...layers.reverse());
}

/** The nearest instance scope enclosing `scopeId` (where variables set inside an instance go). */
export function nearestInstanceScope(s: InstanceState, scopeId: string): Scope | undefined {
  const seen = new Set<string>();
  for (let scope = s.scopes[scopeId]; scope && !seen.has(scope.id); scope = s.scopes[scope.parent ?? '']) {
    seen.add(scope.id);
    if (scope.loop !== undefined) return scope;
  }
  return undefined;
}

/**
 * Sets variables from inside scope `scopeId`: into the nearest enclosing instance's local variables (its
 * history record says which instance), else into the case's variables.
 */
export function setVariablesAt(
  tx: Tx,
  scopeId: string,
  values: Record<string, unknown>,
  elementId?: string,
): void {
  const scope = nearestInstanceScope(tx.s, scopeId);
  if (!scope) {
    tx.setVariables(values, elementId);
    return;
  }
  const locals = (scope.variables ??= {});
  const changed: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(values)) {
    if (JSON.stringify(locals[k]) === JSON.stringify(v)) continue;
    changed[k] = v;
  }
  Object.assign(locals, values);
  if (Object.keys(changed).length)
    tx.record('variables-updated', {
      elementId,
      details: { variables: changed, instance: { activity: scope.nodeId, loopCounter: scope.loop } },
    });
}

/** A multi-instance failure at run time with a stable code (the incident carries it). */
export class MultiInstanceError extends Error {
  constructor(
    readonly code: 'multi-instance.too-many' | 'multi-instance.collection' | 'multi-instance.cardinality',
    message: string,
  ) {
    super(message);
    this.name = 'MultiInstanceError';
  }
}

/**
 * How many instances the body runs, and their items when it runs over a collection: evaluated once, when
 * the body starts, in the body's scope. More than MAX_MULTI_INSTANCES is a MultiInstanceError.
 */
export function plannedInstances(tx: Tx, body: Token, node: FlowNode): { count: number; items?: unknown[] } {
  const mi = node.multiInstance!;
  const vars = variablesAt(tx.s, body.scopeId);
  let count: number;
  let items: unknown[] | undefined;
  if (mi.collection !== undefined) {
    const value = evalFeel(mi.collection, vars);
    if (!Array.isArray(value))
      throw new MultiInstanceError(
        'multi-instance.collection',
        `multi-instance collection "${mi.collection}" of ${node.id} is ${JSON.stringify(value) ?? 'undefined'}, not a list${readsNote(mi.collection)}`,
      );
    items = value;
    count = value.length;
  } else {
    const raw = /^\d+$/.test(mi.cardinality ?? '') ? Number(mi.cardinality) : evalFeel(mi.cardinality!, vars);
    if (typeof raw !== 'number' || !Number.isInteger(raw) || raw < 0)
      throw new MultiInstanceError(
        'multi-instance.cardinality',
        `loopCardinality "${mi.cardinality}" of ${node.id} is ${JSON.stringify(raw) ?? 'undefined'}, not a whole number ≥ 0${readsNote(mi.cardinality!)}`,
      );
    count = raw;
  }
  if (count > MAX_MULTI_INSTANCES)
    throw new MultiInstanceError(
      'multi-instance.too-many',
      `${node.id} would start ${count} instances: at most ${MAX_MULTI_INSTANCES} are allowed`,
    );
  return { count, items };
}

/**
 * Starts instance number `index` (0-based) of the body: its scope with its locals, and its token — run by
 * `run` at once (entering the body: all instances start in one step, and a failure of one parks the body,
 * as Camunda rolls back the body's transaction), else queued on the transition (the next sequential one).
 */
export function startInstance(
  tx: Tx,
  bodyToken: Token,
  node: FlowNode,
  index: number,
  item?: unknown,
  run?: (token: Token) => void,
): void {
  const body = bodyToken.body!;
  const mi = node.multiInstance!;
  const scope: Scope = {
    id: tx.nextId('s'),
    nodeId: node.id,
    parent: bodyToken.scopeId,
    tokenId: bodyToken.id,
    loop: index + 1,
    variables: mi.elementVariable !== undefined ? { [mi.elementVariable]: item ?? null } : {},
  };
  tx.s.scopes[scope.id] = scope;
  body.started += 1;
  body.active += 1;
  const token: Token = {
    id: tx.nextId('t'),
    nodeId: node.id,
    scopeId: scope.id,
    status: 'ready',
    since: tx.now,
  };
  const hops = (bodyToken.hops ?? 0) + 1;
  if (hops > 0) token.hops = hops;
  tx.s.tokens[token.id] = token;
  tx.record('multi-instance-started', {
    elementId: node.id,
    from: 'none',
    to: 'active',
    details: { loopCounter: scope.loop, ...builtIns(body) },
  });
  // the body already passed grid:asyncBefore: its instances run on in this transition
  if (run) run(token);
  else tx.schedule(token, false);
}

/** The output of an instance about to complete (grid:outputElement, else its local variables). */
export function instanceOutput(tx: Tx, scope: Scope, node: FlowNode): unknown {
  const mi = node.multiInstance!;
  if (mi.outputElement !== undefined) return evalFeel(mi.outputElement, variablesAt(tx.s, scope.id)) ?? null;
  const { ...locals } = scope.variables ?? {};
  return locals;
}

/** True when the completion condition holds after an instance completed (evaluated in its scope). */
export function completionConditionHolds(tx: Tx, scope: Scope, node: FlowNode): boolean {
  const condition = node.multiInstance!.completionCondition;
  if (condition === undefined) return false;
  const value = evalFeel(condition, variablesAt(tx.s, scope.id));
  if (value !== true && value !== false && value !== null)
    throw new ExpressionError(
      condition,
      `completionCondition of ${node.id} gave ${JSON.stringify(value)}, not true or false`,
    );
  return value === true;
}
