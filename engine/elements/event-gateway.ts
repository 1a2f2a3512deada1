// Event-based gateway (BPMN 2.0.2 §10.6.6, exclusive, non-instantiating): the token waits at the gateway
// with every event after it armed — a message subscription for each message catch event or receive task,
// a timer for each timer catch event (on its calendar, e.g. 5 working days), a signal subscription for each
// signal catch event, all owned by the gateway's token. The first to happen wins (trigger): the token is
// removed with everything it armed (the other subscriptions are deleted, the other timers cancelled — and a
// timer job already running finds its timer gone and does nothing), and a token on the winning event leaves
// it by its outgoing flows. Two deliveries at the same moment race on the instance version: the loser finds its
// subscription or timer gone, so exactly one path is taken.
import type { DetailCode } from '../error-codes.js';
import type { DeployError } from '../model/types.js';
import type { Vertex, Vertices, Flows } from '../model/validate.js';
import { addSubscription, addTimer, wait } from '../runtime/activity.js';
import { killToken } from '../runtime/flow.js';
import { addSignalSubscription } from '../runtime/signals.js';
import type { Token } from '../runtime/types.js';
import type { ElementType } from './element.js';

/** The node kinds that may follow an event-based gateway. */
const TARGETS = new Set(['messageCatch', 'timerCatch', 'signalCatch', 'receiveTask']);

export const eventGateway: ElementType = {
  kind: 'eventGateway',
  classify: (el) => el.$type === 'bpmn:EventBasedGateway',
  shape: 'flow',
  waitState: true,
  compile(ctx, el, node) {
    if (el.instantiate === true || el.eventGatewayType === 'Parallel')
      ctx.errors.push({
        elementId: node.id,
        message:
          'an event-based gateway that starts the process or waits for all its events (instantiate, ' +
          'eventGatewayType="Parallel") is not supported',
        code: 'event-gateway.type',
        params: { elementId: node.id },
      });
  },
  checkGraph: checkEventGateway,
  execute(tx, token, node) {
    wait(tx, token, 'event');
    for (const flowId of node.outgoing) {
      const target = tx.node(tx.def.flows[flowId].target);
      const id = `sub-${token.id}-${target.id}`;
      if (target.kind === 'timerCatch')
        addTimer(tx, { purpose: 'catch', nodeId: target.id, tokenId: token.id }, target.timer!);
      else if (target.kind === 'signalCatch') addSignalSubscription(tx, token, target, id);
      else addSubscription(tx, token, target, id);
    }
  },
  trigger(tx, token, event) {
    const gateway = tx.node(token.nodeId);
    const flowId = gateway.outgoing.find((f) => tx.def.flows[f].target === event.id)!;
    killToken(tx, token); // disarms the other events: their subscriptions and timers go with the token
    tx.record('leave', { elementId: gateway.id, from: gateway.kind, to: flowId });
    // a token on the event that happened, past its wait: it only takes the event's outgoing flows (as a
    // retried leave does), so a failure there is an incident on the event, retried from the event
    const caught: Token = {
      id: tx.nextId('t'),
      nodeId: event.id,
      scopeId: token.scopeId,
      status: 'ready',
      leaving: true,
      via: flowId,
      since: tx.now,
    };
    tx.s.tokens[caught.id] = caught;
    tx.schedule(caught, false);
  },
};

/** The spec's rules for the flows after an event-based gateway, each coded and naming the element. */
function checkEventGateway(node: Vertex, nodes: Vertices, flows: Flows): DeployError[] {
  const errors: DeployError[] = [];
  const err = (elementId: string, code: DetailCode, message: string, params: Record<string, unknown> = {}) =>
    errors.push({ elementId, message, code, params: { elementId, gateway: node.id, ...params } });
  if (node.outgoing.length < 2)
    err(node.id, 'event-gateway.outgoing', 'an event-based gateway needs at least two outgoing flows', {
      count: node.outgoing.length,
    });
  const targets: Array<Vertex> = [];
  for (const flowId of node.outgoing) {
    const flow = flows[flowId];
    if (!flow) continue;
    if (flow.condition !== undefined)
      err(
        flowId,
        'event-gateway.condition',
        `a flow leaving event-based gateway "${node.id}" cannot carry a condition`,
      );
    const target = nodes[flow.target];
    if (!target) continue;
    targets.push(target);
    if (!TARGETS.has(target.kind)) {
      err(
        target.id,
        'event-gateway.target',
        `event-based gateway "${node.id}" may lead only to message, timer or signal catch events or receive tasks, not to ${target.kind}`,
        { kind: target.kind },
      );
      continue;
    }
    if (target.incoming.length > 1)
      err(
        target.id,
        'event-gateway.target-incoming',
        `an event after event-based gateway "${node.id}" cannot have other incoming flows`,
      );
    if (target.kind === 'receiveTask' && target.boundaries.length)
      err(
        target.id,
        'event-gateway.receive-boundary',
        `a receive task after event-based gateway "${node.id}" cannot carry boundary events`,
      );
  }
  const kinds = new Set(targets.map((t) => t.kind));
  if (kinds.has('messageCatch') && kinds.has('receiveTask'))
    err(
      node.id,
      'event-gateway.mixed',
      'an event-based gateway leads to message catch events or to receive tasks, not to both',
    );
  return errors;
}
