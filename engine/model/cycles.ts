// Deploy-time check for cycles that never wait: A → B → A through gateways or events would run as fast as
// the queue delivers steps, forever (the run-time loop budget is the second line of defence). A cycle is
// fine when one of its elements is a wait state: a user or service task, a timer or message catch, or a
// sub-process containing one of those.
import { elementOf } from '../elements/registry.js';
import type { DeployError, FlowNode, NodeKind, SequenceFlow } from './types.js';

type Node = Pick<FlowNode, 'id' | 'outgoing' | 'boundaries' | 'parent'> & { kind: NodeKind | 'unsupported' };

/** a token rests on it (engine/elements: the kinds whose module says waitState) */
const isWaitKind = (kind: string) => kind !== 'unsupported' && elementOf(kind)?.waitState === true;

/** Sub-processes that contain a wait state at any depth. */
function waitingSubProcesses(nodes: Record<string, Node>): Set<string> {
  const out = new Set<string>();
  for (const n of Object.values(nodes)) {
    if (!isWaitKind(n.kind)) continue;
    const seen = new Set<string>();
    for (let p = n.parent; p && !seen.has(p); p = nodes[p]?.parent) {
      seen.add(p);
      out.add(p);
    }
  }
  return out;
}

export function checkWaitFreeCycles(
  nodes: Record<string, Node>,
  flows: Record<string, SequenceFlow>,
): DeployError[] {
  const waiting = waitingSubProcesses(nodes);
  const isWait = (n: Node) => isWaitKind(n.kind) || waiting.has(n.id);
  const edges = new Map<string, string[]>();
  for (const n of Object.values(nodes)) {
    if (isWait(n)) continue;
    const next: string[] = [];
    for (const f of n.outgoing) {
      const target = flows[f] && nodes[flows[f].target];
      if (target && !isWait(target)) next.push(target.id);
    }
    // an escalation thrown inside a wait-free sub-process leaves it by its boundary at once
    for (const b of n.boundaries) if (nodes[b] && !isWait(nodes[b])) next.push(b);
    edges.set(n.id, next);
  }
  return stronglyConnected(edges)
    .filter((c) => c.length > 1 || (edges.get(c[0]) ?? []).includes(c[0]))
    .map((cycle) => {
      const order = Object.keys(nodes);
      cycle.sort((a, b) => order.indexOf(a) - order.indexOf(b));
      return {
        elementId: cycle[0],
        message:
          `cycle without a wait state through ${cycle.join(', ')}: it would run forever; ` +
          'put a user task, a timer or a message catch on it',
        code: 'cycle.no-wait-state',
        params: { elements: cycle },
      };
    });
}

/** Tarjan's strongly connected components, iteratively (no recursion depth to exhaust). */
function stronglyConnected(edges: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const out: string[][] = [];
  let counter = 0;
  for (const root of edges.keys()) {
    if (index.has(root)) continue;
    const work: Array<{ v: string; i: number }> = [{ v: root, i: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length) {
      const frame = work[work.length - 1];
      const next = edges.get(frame.v) ?? [];
      if (frame.i < next.length) {
        const w = next[frame.i++];
        if (!index.has(w)) {
          index.set(w, counter);
          low.set(w, counter++);
          stack.push(w);
          onStack.add(w);
          work.push({ v: w, i: 0 });
        } else if (onStack.has(w)) low.set(frame.v, Math.min(low.get(frame.v)!, index.get(w)!));
        continue;
      }
      work.pop();
      if (work.length) {
        const parent = work[work.length - 1].v;
        low.set(parent, Math.min(low.get(parent)!, low.get(frame.v)!));
      }
      if (low.get(frame.v) === index.get(frame.v)) {
        const component: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          component.push(w);
        } while (w !== frame.v);
        out.push(component);
      }
    }
  }
  return out;
}
