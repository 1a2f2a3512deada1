// Case-list filters a user saved under a name (常用筛选): the list's query string as the UI keeps it in its
// address, so opening one is navigating to it. Each user sees only their own; a name is unique per user
// (saving under an existing name replaces that filter). A handful per user: MAX_PER_USER.
import { randomUUID } from 'node:crypto';
import { isDuplicateKeyError, type Store } from '../store/types.js';

export const MAX_PER_USER = 50;

export interface SavedFilterDoc {
  _id: string;
  owner: string;
  name: string;
  /** the case list's query string without paging, e.g. `status=open&overdue=1&unit=D01` */
  query: string;
  createdAt: number;
  updatedAt: number;
}

export class SavedFilterLimitError extends Error {
  constructor() {
    super(`at most ${MAX_PER_USER} saved filters per user`);
    this.name = 'SavedFilterLimitError';
  }
}

export class SavedFilters {
  constructor(
    private readonly store: Store,
    private readonly now: () => number,
  ) {}

  private get col() {
    return this.store.collection<SavedFilterDoc>('savedFilters');
  }

  async list(owner: string): Promise<SavedFilterDoc[]> {
    return this.col.find({ owner }, { sort: { name: 1 }, limit: MAX_PER_USER });
  }

  /** Saves `query` under `name` for `owner`, replacing a filter of that name. */
  async save(owner: string, name: string, query: string): Promise<SavedFilterDoc> {
    const now = this.now();
    const existing = await this.col.findOne({ owner, name });
    if (existing) {
      const doc = { ...existing, query, updatedAt: now };
      await this.col.replaceOne({ _id: existing._id }, doc);
      return doc;
    }
    if ((await this.col.count({ owner }, { limit: MAX_PER_USER })) >= MAX_PER_USER)
      throw new SavedFilterLimitError();
    const doc: SavedFilterDoc = {
      _id: `sf${randomUUID()}`,
      owner,
      name,
      query,
      createdAt: now,
      updatedAt: now,
    };
    try {
      await this.col.insert(doc);
    } catch (err) {
      // saved under the same name at the same moment (unique owner + name): this save replaces that one
      if (!isDuplicateKeyError(err)) throw err;
      return this.save(owner, name, query);
    }
    return doc;
  }

  /** Removes the owner's filter; false when they have none with that id. */
  async remove(owner: string, id: string): Promise<boolean> {
    return (await this.col.deleteMany({ _id: id, owner })) > 0;
  }
}
