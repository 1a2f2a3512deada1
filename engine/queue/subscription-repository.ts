// What cases wait for (message and signal catches), projected from their outboxes: the one module that
// opens the `subscriptions` collection (engine/store/collection-owners.json). A message is correlated by
// name and key, a signal by name within a unit subtree.
import type { InstanceState, Subscription } from '../runtime/types.js';
import type { Doc, Store } from '../store/types.js';

/** A stored subscription: the case's, by `${subscription id}@${instance id}`. */
export type SubscriptionDoc = Doc & Subscription & { instanceId: string; unitPath?: string[] };

export class SubscriptionRepository {
  constructor(private readonly store: Store) {}

  private get col() {
    return this.store.collection<SubscriptionDoc>('subscriptions');
  }

  /** Records that `state` waits for `subscription` (a replay writes the same document again). */
  async subscribe(state: Pick<InstanceState, '_id' | 'unitPath'>, subscription: Subscription): Promise<void> {
    const _id = subscription.id + '@' + state._id;
    await this.col.replaceOne(
      { _id },
      {
        _id,
        instanceId: state._id,
        ...subscription,
        // a signal reaches the cases of a unit subtree: found by the case's unit path (multikey)
        ...(subscription.signal ? { unitPath: state.unitPath } : {}),
      },
      { upsert: true },
    );
  }

  async unsubscribe(instanceId: string, subscriptionId: string): Promise<void> {
    await this.col.deleteMany({ _id: subscriptionId + '@' + instanceId });
  }

  /** The subscriptions waiting for message `name` with `correlationKey`. */
  async forMessage(name: string, correlationKey: string): Promise<SubscriptionDoc[]> {
    return this.col.find({ name, correlationKey });
  }

  /** The signal subscriptions for `name` of cases whose unit is `unit` or below it; at most `limit`. */
  async forSignal(name: string, unit: string, limit: number): Promise<SubscriptionDoc[]> {
    return this.col.find({ signal: true, name, unitPath: unit }, { limit });
  }
}
