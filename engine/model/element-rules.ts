// Deploy rules that depend on what each element kind is (engine/elements/registry.ts): start events per
// scope, flow degrees, boundary hosts and reachability. Kept apart from validate.ts, which the element
// modules themselves use, so the registry and the rules it feeds import in one direction.
import { elementOf } from '../elements/registry.js';
import type { DetailCode } from '../error-codes.js';
import type { DeployError } from './types.js';
import type { Flows, Vertex, Vertices } from './validate.js';

const shapeOf = (n: Vertex) => (n.kind === 'unsupported' ? undefined : elementOf(n.kind)?.shape);
const isStart = (n: Vertex) => shapeOf(n) === 'start' || n.bpmnType === 'bpmn:StartEvent';
const isBoundary = (n: Vertex) => shapeOf(n) === 'boundary' || n.bpmnType === 'bpmn:BoundaryEvent';
const isScope = (n: Vertex) => n.kind !== 'unsupported' && elementOf(n.kind)?.scope === true;

/**
 * Every sub-process holds exactly one none start event; the process at most one, and at least one start
 * event of any kind (none, timer, message). Two message start events of one process cannot share a name.
 */
export function checkStartEvents(nodes: Vertices, processId: string): DeployError[] {
  type Scope = [string | undefined, string, string, DetailCode];
  const scopes: Scope[] = [[undefined, processId, 'a process', 'process.start-events']];
  // an event sub-process has its own rule (its start event has a trigger): eventSubProcess.checkGraph
  for (const n of Object.values(nodes))
    if (isScope(n) && shapeOf(n) !== 'detached')
      scopes.push([n.id, n.id, 'a sub-process', 'sub-process.start-events']);
  const errors: DeployError[] = [];
  for (const [scope, elementId, what, code] of scopes) {
    const count = Object.values(nodes).filter((n) => n.kind === 'startEvent' && n.parent === scope).length;
    const eventStarts = Object.values(nodes).filter(
      (n) => (n.kind === 'timerStart' || n.kind === 'messageStart') && n.parent === scope,
    ).length;
    if (scope === undefined && count <= 1 && count + eventStarts >= 1) continue;
    if (count !== 1)
      errors.push({
        elementId,
        message: `${what} needs exactly one none start event (found ${count})`,
        code,
        params: { count },
      });
  }
  const names = new Map<string, string>();
  for (const n of Object.values(nodes)) {
    if (n.kind !== 'messageStart' || !n.message?.name) continue;
    const other = names.get(n.message.name);
    if (other === undefined) names.set(n.message.name, n.id);
    else
      errors.push({
        elementId: n.id,
        message: `message "${n.message.name}" starts this process already at "${other}"`,
        code: 'message-start.duplicate',
        params: { elementId: n.id, message: n.message.name, other },
      });
  }
  return errors;
}

/** Incoming/outgoing flows each shape of node must (not) have. */
export function checkDegrees(nodes: Vertices): DeployError[] {
  const errors: DeployError[] = [];
  for (const n of Object.values(nodes)) {
    const err = (code: DetailCode, message: string, params: Record<string, unknown> = {}) =>
      errors.push({ elementId: n.id, message, code, params });
    switch (shapeOf(n)) {
      case undefined:
      case 'detached': // an event sub-process: its module refuses any flow, with a code
        break;
      case 'start':
        if (n.incoming.length) err('start-event.incoming', 'a start event cannot have incoming flows');
        if (!n.outgoing.length) err('start-event.no-outgoing', 'start event has no outgoing flow');
        break;
      case 'end':
        if (n.outgoing.length) err('end-event.outgoing', 'an end event cannot have outgoing flows');
        if (!n.incoming.length) err('end-event.no-incoming', 'end event has no incoming flow');
        break;
      case 'boundary':
        if (n.incoming.length) err('boundary.incoming', 'a boundary event cannot have incoming flows');
        if (!n.outgoing.length) err('boundary.no-outgoing', 'boundary event has no outgoing flow');
        break;
      default:
        if (!n.incoming.length)
          err('node.no-incoming', `${n.kind} has no incoming flow`, { nodeKind: n.kind });
        if (!n.outgoing.length)
          err('node.no-outgoing', `${n.kind} has no outgoing flow`, { nodeKind: n.kind });
    }
  }
  return errors;
}

/** Each boundary kind attaches to the hosts its module accepts, in the scope of its host. */
export function checkBoundaryHosts(nodes: Vertices): DeployError[] {
  const errors: DeployError[] = [];
  for (const n of Object.values(nodes)) {
    const rule = n.kind === 'unsupported' ? undefined : elementOf(n.kind)?.boundary;
    if (!rule) continue;
    const err = (code: DetailCode, message: string, params: Record<string, unknown> = {}) =>
      errors.push({ elementId: n.id, message, code, params });
    const host = n.attachedTo !== undefined ? nodes[n.attachedTo] : undefined;
    if (!host) {
      if (n.attachedTo === undefined)
        err('boundary.unattached', 'boundary event is not attached to an activity (attachedToRef)');
      else
        err(
          'boundary.host-unknown',
          `boundary event is attached to "${n.attachedTo}", which is not an activity of this process`,
          { host: n.attachedTo },
        );
      continue;
    }
    if (host.kind === 'unsupported') continue;
    if (host.parent !== n.parent)
      err('boundary.scope', `boundary event must be declared in the same scope as its host "${host.id}"`, {
        host: host.id,
      });
    const hostType = elementOf(host.kind);
    if (!hostType || !rule.hosts(hostType)) errors.push({ elementId: n.id, ...rule.refusal(host.kind) });
  }
  return errors;
}

/**
 * Every node is reachable from the start event of its scope (process or sub-process). Boundary events
 * are reachable when their host is. Scopes without a start event are skipped (reported elsewhere).
 */
export function checkReachability(nodes: Vertices, flows: Flows): DeployError[] {
  const scopes = new Map<string | undefined, Vertex[]>();
  for (const n of Object.values(nodes)) scopes.set(n.parent, [...(scopes.get(n.parent) ?? []), n]);
  const errors: DeployError[] = [];
  for (const members of scopes.values()) {
    // an event sub-process is entered by its trigger, not from the start event of its scope
    const roots = members.filter((n) => isStart(n) || shapeOf(n) === 'detached');
    if (!roots.length) continue;
    const seen = new Set<string>();
    const stack = roots.map((n) => n.id);
    while (stack.length) {
      const id = stack.pop()!;
      const n = nodes[id];
      if (seen.has(id) || !n) continue;
      seen.add(id);
      for (const f of n.outgoing) if (flows[f]) stack.push(flows[f].target);
      stack.push(...n.boundaries);
    }
    for (const n of members)
      if (!seen.has(n.id) && n.kind !== 'unsupported' && !isStart(n))
        errors.push({
          elementId: n.id,
          message: isBoundary(n) ? 'unreachable node (its host is unreachable)' : 'unreachable node',
          code: isBoundary(n) ? 'unreachable.host' : 'unreachable',
          params: {},
        });
  }
  return errors;
}
