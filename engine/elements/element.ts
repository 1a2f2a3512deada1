// What one BPMN element kind is to the engine, in one place (after bpmn-io/bpmn-elements): which moddle
// element it is, how its properties compile and are checked at deploy, and what a token does on it at run
// time. Every kind is one module of this directory, listed once in registry.ts.

import type { CompileCtx } from '../model/compile-parts.js';
import type { DeployError, FlowNode, Problem } from '../model/types.js';
import type { Flows, ModdleElement, Vertex, Vertices } from '../model/validate.js';
import type { Tx } from '../runtime/transition.js';
import type { Token } from '../runtime/types.js';

/** The event definition of a moddle element: 'none', 'multiple' or its $type (bpmn:TimerEventDefinition). */
export type EventKind = string;

/**
 * The flow shape deploy validation checks: a start has outgoing flows only, an end incoming only, a boundary
 * outgoing only (it hangs on its host), every other node both; a detached node neither (an event
 * sub-process: started by its start event's trigger, never by a flow).
 */
export type Shape = 'start' | 'end' | 'boundary' | 'flow' | 'detached';

export interface ElementType {
  /** the node kind (FlowNode.kind) this module compiles to */
  readonly kind: string;
  /** true when the moddle element (with its event definition) is this kind */
  classify(el: ModdleElement, event: EventKind): boolean;
  readonly shape: Shape;
  /** an activity: may carry a default flow, and the start form search does not look past it */
  readonly activity?: boolean;
  /** a token rests here until something outside happens (a cycle through it is not a busy loop) */
  readonly waitState?: boolean;
  /** a boundary event kind: which host kinds it may attach to, and the words for the others */
  readonly boundary?: { hosts: (host: ElementType) => boolean; refusal: (hostKind: string) => Problem };
  /** may carry a default flow although not an activity (exclusive and inclusive gateways) */
  readonly defaultFlow?: boolean;
  /** may hold grid:subscription / grid:correlationKey (waits for a message) */
  readonly correlates?: boolean;
  /** may hold grid:escalation (a user task's escalation ladder) */
  readonly escalates?: boolean;
  /** contains a flow of its own (a sub-process: nested elements, its own start event) */
  readonly scope?: boolean;
  /** reads and checks its own properties onto the compiled node; problems go to ctx */
  compile?(ctx: CompileCtx, el: ModdleElement, node: FlowNode): void;
  /**
   * Deploy checks that need the wired graph (the node's flows and neighbours, e.g. an event-based gateway's
   * targets); run once every node is compiled and connected.
   */
  checkGraph?(node: Vertex, nodes: Vertices, flows: Flows): DeployError[];
  /**
   * A token waiting at this node armed triggers for other nodes (an event-based gateway: the catch events
   * after it; an event sub-process's listener: its start event); `event`'s trigger fired (its message,
   * timer or signal): the token goes that way.
   */
  trigger?(tx: Tx, token: Token, event: FlowNode): void;
  /**
   * A ready token executes the node: it leaves (pass-through), or waits (wait(), with the effects that will
   * wake it), or ends. Pure: state changes and effects go through tx. A throw parks the token as an incident.
   */
  execute(tx: Tx, token: Token, node: FlowNode): void;
  /**
   * A boundary event kind: the activity it is attached to was entered by `host` (now waiting there); arm
   * what triggers it (a timer, a message subscription). Disarmed when the host leaves or is cancelled.
   */
  arm?(tx: Tx, host: Token, boundary: FlowNode): void;
  /**
   * An incident on this node is retried: by default the node executes again (an advance job); a kind whose
   * work runs in a job of its own (a service task) restarts that job instead.
   */
  retry?(tx: Tx, token: Token, node: FlowNode): void;
}
