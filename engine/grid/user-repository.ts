// The stored user accounts: the one module that opens the `users` collection (engine/store/collection-owners.json).
// Authorisation reads them through OrgDirectory (cached), the admin screens through UserAccounts, the seed,
// supervision orders and meetings through the lookups here.
import type { Query, Store } from '../store/types.js';
import type { User } from './org.js';

/** Which accounts a listing or lookup means: holders of role keys, people with a role at units, of a role. */
export interface UserSelector {
  roleKeys?: string[];
  units?: string[];
  role?: string;
  /** leave out disabled accounts */
  enabledOnly?: boolean;
}

function selectorQuery(s: UserSelector): Query {
  const q: Query = {};
  if (s.roleKeys) q.roleKeys = s.roleKeys.length === 1 ? s.roleKeys[0] : { $in: s.roleKeys };
  if (s.units) q['roles.unit'] = s.units.length === 1 ? s.units[0] : { $in: s.units };
  if (s.role) q['roles.role'] = s.role;
  if (s.enabledOnly) q.disabled = { $ne: true };
  return q;
}

export class UserRepository {
  constructor(private readonly store: Store) {}

  private get col() {
    return this.store.collection<User>('users');
  }

  async get(username: string): Promise<User | null> {
    return this.col.findOne({ _id: username });
  }

  /** The accounts of these usernames (unknown ones are left out). */
  async getMany(usernames: string[]): Promise<User[]> {
    return usernames.length ? this.col.find({ _id: { $in: usernames } }) : [];
  }

  /** The accounts `selector` means, by username; at most `limit` when given. */
  async find(selector: UserSelector, opts: { limit?: number } = {}): Promise<User[]> {
    return this.col.find(selectorQuery(selector), {
      sort: { _id: 1 },
      ...(opts.limit ? { limit: opts.limit } : {}),
    });
  }

  /** A page of the accounts `selector` means, by username, with their total. */
  async page(
    selector: UserSelector,
    page: { skip: number; limit: number },
  ): Promise<{ items: User[]; total: number }> {
    const query = selectorQuery(selector);
    const [items, total] = await Promise.all([
      this.col.find(query, { sort: { _id: 1 }, skip: page.skip, limit: page.limit }),
      this.col.count(query),
    ]);
    return { items, total };
  }

  /** Stores a new account; rejects with DuplicateKeyError when the username is taken. */
  async create(user: User): Promise<void> {
    await this.col.insert(user);
  }

  /** Applies `update` to the account; answers whether it exists. */
  async update(
    username: string,
    update: { $set: Record<string, unknown>; $inc?: Record<string, number> },
  ): Promise<boolean> {
    return (await this.col.updateOne({ _id: username }, update)).matched > 0;
  }
}
