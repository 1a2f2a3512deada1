// Messages delivered with a message id: each id is recorded once with the cases it reached, so that a
// redelivery (a client's retry, a crash between the record and the enqueue) reaches exactly those again.
// The one module that opens the `messages` collection (engine/store/collection-owners.json).
import { insertIfAbsent, type Doc, type Store } from '../store/types.js';

export class MessageLog {
  constructor(private readonly store: Store) {}

  private get col() {
    return this.store.collection<Doc>('messages');
  }

  async get(id: string): Promise<Doc | null> {
    return this.col.findOne({ _id: id });
  }

  /** Records the message; false (nothing written) when its id was recorded before. */
  async record(doc: Doc): Promise<boolean> {
    return insertIfAbsent(this.col, doc);
  }

  /** The messages that reached any of these cases. */
  async reaching(instanceIds: readonly string[]): Promise<Doc[]> {
    return instanceIds.length ? this.col.find({ 'targets.instanceId': { $in: [...instanceIds] } }) : [];
  }
}
