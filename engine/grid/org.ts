// The grid hierarchy (org tree) and the people in it, read through a small cache.
// Units: {_id: code, code, name, level, parent}. Users: {_id: username, roles: [{role, unit}], roleKeys: ['role@unit']}.
import { MetaRecords } from '../store/meta.js';
import type { Store } from '../store/types.js';
import type { UnitRef } from '../runtime/types.js';
import { GridLocator, type Boundary } from './locator.js';
import { UnitRepository } from './unit-repository.js';
import { UserRepository } from './user-repository.js';

export interface Unit {
  _id: string;
  code: string;
  name: string;
  level: string;
  parent?: string;
  /** free-form facts: residents, area, households, zone... */
  info?: Record<string, unknown>;
  /**
   * time limits set by an admin for this place (name → ISO-8601 duration, e.g. checkSla: P5D): a case
   * reads them as `timeLimits.<name>`, the unit nearest to its grid winning
   */
  timeLimits?: Record<string, string>;
  /** disabled by an admin: no new case opens here, no new unit or role is placed here; history stays */
  disabled?: boolean;
  /** the area the unit covers (GeoJSON [lng, lat]), for locating a reported point (engine/grid/locator.ts) */
  boundary?: Boundary;
}

export interface RoleAssignment {
  role: string;
  unit: string;
}

export interface User {
  _id: string;
  username: string;
  displayName: string;
  passwordHash?: string;
  roles: RoleAssignment[];
  roleKeys: string[];
  disabled?: boolean;
  phone?: string;
}

export const roleKey = (role: string, unit: string) => `${role}@${unit}`;

export class OrgDirectory {
  private units = new Map<string, Unit>();
  private loadedAt = 0;
  /** the spatial index of the units loaded now, built at its first use after each reload */
  private gridLocator: GridLocator | undefined;
  /** usersWithRoles answers, kept as long as the units (every escalation notifies the same few people) */
  private holders = new Map<string, { at: number; users: Promise<string[]> }>();

  constructor(
    private readonly store: Store,
    private readonly ttlMs = 5000,
  ) {}

  invalidate(): void {
    this.loadedAt = 0;
    this.holders.clear();
  }

  private async ensure(): Promise<void> {
    if (Date.now() - this.loadedAt < this.ttlMs && this.units.size) return;
    const all = await new UnitRepository(this.store).all();
    this.units = new Map(all.map((u) => [u.code, u]));
    this.gridLocator = undefined;
    this.loadedAt = Date.now();
  }

  /** The locator over the units' boundaries (grids are units of level `gridLevel`). */
  async locator(gridLevel: string): Promise<GridLocator> {
    await this.ensure();
    this.gridLocator ??= new GridLocator(this.units.values(), gridLevel);
    return this.gridLocator;
  }

  async unit(code: string): Promise<Unit | undefined> {
    await this.ensure();
    return this.units.get(code);
  }

  async allUnits(): Promise<Unit[]> {
    await this.ensure();
    return [...this.units.values()];
  }

  /** The unit and its ancestors, innermost first. */
  async chain(code: string): Promise<UnitRef[]> {
    await this.ensure();
    const out: UnitRef[] = [];
    let u = this.units.get(code);
    const seen = new Set<string>();
    while (u && !seen.has(u.code)) {
      seen.add(u.code);
      out.push({ code: u.code, level: u.level, name: u.name });
      u = u.parent ? this.units.get(u.parent) : undefined;
    }
    return out;
  }

  /** Time limits in force at a unit: those of the units above it, overridden by the nearer ones. */
  async timeLimits(code: string): Promise<Record<string, string>> {
    const chain = await this.chain(code);
    const out: Record<string, string> = {};
    for (const ref of chain.reverse()) Object.assign(out, this.units.get(ref.code)?.timeLimits ?? {});
    return out;
  }

  /** Codes of the unit and all units below it. */
  async subtree(code: string): Promise<string[]> {
    await this.ensure();
    const children = new Map<string, string[]>();
    for (const u of this.units.values())
      if (u.parent) children.set(u.parent, [...(children.get(u.parent) ?? []), u.code]);
    const out: string[] = [];
    const stack = [code];
    while (stack.length) {
      const c = stack.pop()!;
      out.push(c);
      stack.push(...(children.get(c) ?? []));
    }
    return out;
  }

  async usersWithRoles(unit: string, roles: string[]): Promise<string[]> {
    const key = `${unit}|${[...roles].sort().join(',')}`;
    const hit = this.holders.get(key);
    if (hit && Date.now() - hit.at < this.ttlMs) return [...(await hit.users)];
    const users = new UserRepository(this.store)
      .find({ roleKeys: roles.map((r) => roleKey(r, unit)), enabledOnly: true })
      .then((found) => found.map((u) => u._id));
    this.holders.set(key, { at: Date.now(), users });
    users.catch(() => this.holders.delete(key));
    if (this.holders.size > 10_000) this.holders.clear();
    return [...(await users)];
  }

  /**
   * Role names of the role catalogue (meta `roles`, written with the org seed); undefined when the store
   * holds none, so that a store without a catalogue does not refuse every role.
   */
  async knownRoles(): Promise<Set<string> | undefined> {
    const meta = await new MetaRecords(this.store).get('roles');
    const roles = meta?.roles as Record<string, string> | undefined;
    return roles && typeof roles === 'object' ? new Set(Object.keys(roles)) : undefined;
  }

  /** The role catalogue as seeded: role → display name, and the grid levels when the seed gave them. */
  async roleCatalogue(): Promise<{ roles?: Record<string, string>; levels?: string[] }> {
    const meta = await new MetaRecords(this.store).get('roles');
    return {
      roles: meta?.roles as Record<string, string> | undefined,
      levels: meta?.levels as string[] | undefined,
    };
  }

  // ---- admin edits (each drops the cache: the next read sees them) --------------------------------

  /** The stored unit, read past the cache (e.g. right after an edit). */
  async storedUnit(code: string): Promise<Unit | null> {
    return new UnitRepository(this.store).get(code);
  }

  /** Stores a new unit; rejects with DuplicateKeyError when the code is taken. */
  async createUnit(unit: Unit): Promise<void> {
    await new UnitRepository(this.store).create(unit);
    this.invalidate();
  }

  /** Sets fields of a unit (name, level, parent, info, time limits). */
  async updateUnit(code: string, set: Record<string, unknown>): Promise<void> {
    await new UnitRepository(this.store).update(code, set);
    this.invalidate();
  }

  /** Display names of these logins, read in one query (unknown ones are left out). */
  async displayNames(usernames: string[]): Promise<Map<string, string>> {
    const ids = [...new Set(usernames)].filter(Boolean);
    if (!ids.length) return new Map();
    const found = await new UserRepository(this.store).getMany(ids);
    return new Map(found.filter((u) => u.displayName).map((u) => [u._id, u.displayName]));
  }

  async user(username: string): Promise<User | null> {
    return new UserRepository(this.store).get(username);
  }
}
