// Delivery of a signal to the cases waiting for it (engine/runtime/signals.ts has the semantics). The
// waiting subscriptions are found by one indexed query — name and the scope unit in the subscription's
// unitPath (multikey) — never by loading cases. The signal is recorded first with the receivers found, under
// its id: a replayed throw (an outbox run again after a crash, a repeated API call with the same signalId)
// re-sends exactly those deliveries under the same job ids, and never reaches a case that began waiting after
// the throw. One job per receiving case (`sig.<signal>.<case>`) carries that case's subscription ids.
import type { SignalThrow } from '../runtime/types.js';
import { insertIfAbsent, type Store } from '../store/types.js';
import type { Queues } from './queues.js';
import { SubscriptionRepository } from './subscription-repository.js';

/**
 * Waiting events one signal reaches at most (the record of its receivers stays one document of bounded
 * size); past it the first ones found are reached and the record says `truncated`.
 */
export const MAX_SIGNAL_SUBSCRIPTIONS = 50_000;

export interface SignalTarget {
  instanceId: string;
  subscriptionIds: string[];
}

export interface SignalDelivery {
  /** cases the signal reached */
  received: number;
  /** the signal id was seen before: its recorded receivers were sent again */
  duplicate: boolean;
  /** more events waited than MAX_SIGNAL_SUBSCRIPTIONS: only that many were reached */
  truncated?: boolean;
}

/** The cases waiting for `name` whose grid unit is `unit` or below it, with their subscription ids. */
export async function waitingForSignal(
  store: Store,
  name: string,
  unit: string,
  limit = MAX_SIGNAL_SUBSCRIPTIONS,
): Promise<SignalTarget[]> {
  const found = await new SubscriptionRepository(store).forSignal(name, unit, limit);
  const byInstance = new Map<string, string[]>();
  for (const s of found) {
    const list = byInstance.get(s.instanceId as string) ?? [];
    list.push(s.id as string);
    byInstance.set(s.instanceId as string, list);
  }
  return [...byInstance].map(([instanceId, subscriptionIds]) => ({
    instanceId,
    subscriptionIds: subscriptionIds.sort(),
  }));
}

/** Records the signal with its receivers (once per id) and queues one delivery per receiving case. */
export async function broadcastSignal(
  store: Store,
  queues: Queues,
  signal: SignalThrow,
  actor: string,
  at: number,
): Promise<SignalDelivery> {
  const signals = store.collection('signals');
  let seen = await signals.findOne({ _id: signal.id });
  if (!seen) {
    const targets = await waitingForSignal(store, signal.name, signal.unit, MAX_SIGNAL_SUBSCRIPTIONS + 1);
    const truncated = targets.reduce((n, t) => n + t.subscriptionIds.length, 0) > MAX_SIGNAL_SUBSCRIPTIONS;
    if (truncated) dropLast(targets);
    const doc = { _id: signal.id, ...signal, targets, actor, at, ...(truncated ? { truncated } : {}) };
    if (!(await insertIfAbsent(signals, doc))) seen = await signals.findOne({ _id: signal.id });
    if (!seen)
      return { received: await enqueue(queues, doc), duplicate: false, ...(truncated ? { truncated } : {}) };
  }
  const recorded = seen as unknown as SignalThrow & {
    targets?: SignalTarget[];
    actor?: string;
    truncated?: boolean;
  };
  const received = await enqueue(queues, {
    ...recorded,
    targets: recorded.targets ?? [],
    actor: recorded.actor ?? actor,
  });
  return { received, duplicate: true, ...(recorded.truncated ? { truncated: true } : {}) };
}

/** Leaves out one subscription (limit + 1 were read: the one past the limit). */
function dropLast(targets: SignalTarget[]): void {
  const last = targets[targets.length - 1];
  last.subscriptionIds.pop();
  if (!last.subscriptionIds.length) targets.pop();
}

async function enqueue(
  queues: Queues,
  s: SignalThrow & { targets: SignalTarget[]; actor: string },
): Promise<number> {
  await queues.steps.addBulk(
    s.targets.map((t) => ({
      name: 'signal',
      data: {
        instanceId: t.instanceId,
        subscriptionIds: t.subscriptionIds,
        variables: s.variables,
        signalId: s.id,
        actor: s.actor,
      },
      opts: { jobId: `sig.${s.id}.${t.instanceId}` },
    })),
  );
  return s.targets.length;
}
