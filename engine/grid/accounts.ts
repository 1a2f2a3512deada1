// User accounts as the admin screens and sign-in change them: create, edit, change a password, end a
// user's sessions. Reads for authorisation go through OrgDirectory.user; every write here drops the org
// directory's cached answers that depend on users (who holds a role where).
import type { Store } from '../store/types.js';
import { roleKey, type OrgDirectory, type User } from './org.js';
import { UserRepository, type UserSelector } from './user-repository.js';

/** Ends every session of the user: tokens carry the session generation they were signed with. */
const END_SESSIONS = { $inc: { sessionGen: 1 } } as const;

/** Which users a listing shows: holders of `role` at `unit`, anyone with a role at `unit`, or of `role`. */
export interface UserFilter {
  unit?: string;
  role?: string;
}

export class UserAccounts {
  constructor(
    private readonly store: Store,
    private readonly org: OrgDirectory,
  ) {}

  private get col() {
    return new UserRepository(this.store);
  }

  /** The stored account (uncached), whatever its state. */
  async get(username: string): Promise<User | null> {
    return this.col.get(username);
  }

  /** Everyone holding a role at `unit`, by username. */
  async atUnit(unit: string): Promise<User[]> {
    return this.col.find({ units: [unit] });
  }

  /** A page of the accounts matching `filter`, by username, with their total. */
  async page(
    filter: UserFilter,
    page: { skip: number; limit: number },
  ): Promise<{ items: User[]; total: number }> {
    let selector: UserSelector = {};
    if (filter.unit && filter.role) selector = { roleKeys: [roleKey(filter.role, filter.unit)] };
    else if (filter.unit) selector = { units: [filter.unit] };
    else if (filter.role) selector = { role: filter.role };
    return this.col.page(selector, page);
  }

  /** Stores a new account; rejects with DuplicateKeyError when the username is taken. */
  async create(user: User): Promise<void> {
    await this.col.create(user);
    this.org.invalidate();
  }

  /**
   * Sets fields of an account; with `endSessions` every token issued to the user before is void, for good
   * (re-enabling an account does not revive them). Answers whether the account exists.
   */
  async update(username: string, set: Record<string, unknown>, opts: { endSessions?: boolean } = {}) {
    const found = await this.col.update(
      username,
      opts.endSessions ? { $set: set, ...END_SESSIONS } : { $set: set },
    );
    this.org.invalidate();
    return found;
  }

  /**
   * The user's own password change: the new hash, no change required any more, and every other session
   * ended. Answers whether the account exists.
   */
  async changePassword(username: string, passwordHash: string): Promise<boolean> {
    return this.col.update(username, { $set: { passwordHash, mustChangePassword: false }, ...END_SESSIONS });
  }
}
