// Event sub-process (bpmn:SubProcess triggeredByEvent="true", BPMN 2.0.2 §10.3.5): a scope of its own that no
// flow enters; its start event's trigger (message, timer, BPMN error, escalation) starts it while the
// enclosing scope is active — interrupting that scope's work or running beside it. The runtime is in
// engine/runtime/event-scope.ts (listeners, starting) and event-sub-processes.ts (arming).
import type { DetailCode } from '../error-codes.js';
import type { DeployError } from '../model/types.js';
import type { Vertex, Vertices } from '../model/validate.js';
import { wait } from '../runtime/activity.js';
import { startEventSubProcess } from '../runtime/event-scope.js';
import { listen } from '../runtime/event-sub-processes.js';
import { nextHops } from '../runtime/flow.js';
import { mustPropagate } from '../runtime/run-to-wait.js';
import { CommandError } from '../runtime/transition.js';
import type { ElementType } from './element.js';

export const eventSubProcess: ElementType = {
  kind: 'eventSubProcess',
  classify: (el) => el.$type === 'bpmn:SubProcess' && el.triggeredByEvent === true,
  shape: 'detached',
  scope: true,
  checkGraph: checkEventSubProcess,
  /** an instance starts (startEventSubProcess spawned this token): enter the inner scope */
  execute(tx, token, node) {
    wait(tx, token, 'sub-process');
    const scopeId = tx.nextId('s');
    tx.s.scopes[scopeId] = { id: scopeId, nodeId: node.id, parent: token.scopeId, tokenId: token.id };
    tx.spawnToken(node.startNode!, scopeId, undefined, (token.hops ?? 0) + 1);
  },
  /**
   * An incident on a listener: a non-interrupting message arrived but the listener could not listen again
   * (its correlation key evaluated to nothing), so that trigger was rolled back. Retried (the variables fixed):
   * it listens again and the event sub-process the message asked for starts; failing again, the retry is
   * refused naming the start event, and the incident stays open.
   */
  retry(tx, token, node) {
    const start = tx.node(node.startNode!);
    token.status = 'waiting';
    try {
      listen(tx, token, start);
    } catch (err) {
      if (mustPropagate(err)) throw err;
      throw new CommandError(
        'invalid',
        `event sub-process ${node.id} cannot listen again: ${(err as Error).message}`,
        [],
        'event-subprocess.rearm',
        { elementId: start.id, message: (err as Error).message },
      );
    }
    startEventSubProcess(tx, token, start);
  },
  /** the listener's message or timer fired: an instance starts; non-interrupting, it listens again */
  trigger(tx, listener, start) {
    startEventSubProcess(tx, listener, start, nextHops(listener));
    // a timer cycle's next occurrence is armed by fireTimer; a message needs a new subscription
    if (!start.interrupting && start.trigger === 'message' && tx.s.tokens[listener.id])
      listen(tx, listener, start);
  },
};

/** The spec's rules for an event sub-process, each coded and naming the element. */
function checkEventSubProcess(node: Vertex, nodes: Vertices): DeployError[] {
  const errors: DeployError[] = [];
  const err = (code: DetailCode, message: string, params: Record<string, unknown> = {}) =>
    errors.push({ elementId: node.id, message, code, params: { elementId: node.id, ...params } });
  if (node.incoming.length || node.outgoing.length)
    err(
      'event-subprocess.flows',
      'an event sub-process cannot have incoming or outgoing sequence flows: its start event starts it',
    );
  if (node.boundaries.length)
    err('event-subprocess.boundary', 'an event sub-process cannot carry boundary events', {
      boundaries: node.boundaries,
    });
  const starts = Object.values(nodes).filter(
    (n) =>
      n.parent === node.id &&
      (n.bpmnType === 'bpmn:StartEvent' || n.kind === 'startEvent' || n.kind === 'eventSubProcessStart'),
  );
  const unsupported = starts.some((n) => n.kind === 'unsupported');
  if (!unsupported && (starts.length !== 1 || starts[0].kind !== 'eventSubProcessStart'))
    err(
      'event-subprocess.start',
      'an event sub-process needs exactly one start event, with a message, timer, error or escalation ' +
        `trigger (found ${starts.length}${starts.some((n) => n.kind === 'startEvent') ? ', a none start event among them' : ''})`,
      { count: starts.length },
    );
  return errors;
}
