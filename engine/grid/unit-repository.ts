// The stored grid units (the hierarchy): the one module that opens the `units` collection
// (engine/store/collection-owners.json). OrgDirectory reads and caches them; the seed writes them.
import type { Store } from '../store/types.js';
import type { Unit } from './org.js';

export class UnitRepository {
  constructor(private readonly store: Store) {}

  private get col() {
    return this.store.collection<Unit>('units');
  }

  /** Whether any unit is stored (an installation, as against an empty store to seed). */
  async anyExists(): Promise<boolean> {
    return (await this.col.count({}, { limit: 1 })) > 0;
  }

  async all(): Promise<Unit[]> {
    return this.col.find({});
  }

  async get(code: string): Promise<Unit | null> {
    return this.col.findOne({ _id: code });
  }

  /** Stores a new unit; rejects with DuplicateKeyError when the code is taken. */
  async create(unit: Unit): Promise<void> {
    await this.col.insert(unit);
  }

  /** Writes the unit whole, over the stored one of its code (the seed). */
  async put(unit: Unit): Promise<void> {
    await this.col.replaceOne({ _id: unit._id }, unit, { upsert: true });
  }

  async update(code: string, set: Record<string, unknown>): Promise<void> {
    await this.col.updateOne({ _id: code }, { $set: set });
  }
}
