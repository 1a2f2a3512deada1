// Loads the org tree and demo users from a seed file (processes/seed/org.json). Idempotent: units are
// upserted, existing users are left alone (their passwords may have been changed). In production no demo
// user is created, only a first administrator (createFirstAdmin).
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { MetaRecords } from '../store/meta.js';
import type { Store } from '../store/types.js';
import { roleKey, type RoleAssignment, type Unit, type User } from './org.js';
import { hashPassword } from './passwords.js';
import { UnitRepository } from './unit-repository.js';
import { UserRepository } from './user-repository.js';

export interface SeedFile {
  levels: string[];
  roles: Record<string, string>;
  units: Array<Omit<Unit, '_id'>>;
  users: Array<{ username: string; displayName: string; roles: RoleAssignment[] }>;
}

export async function readSeed(file: string): Promise<SeedFile> {
  return JSON.parse(await readFile(file, 'utf8')) as SeedFile;
}

/**
 * Returns the usernames created now (their demo password is `password`); with `password` null, units and
 * the role catalogue only.
 */
export async function applySeed(store: Store, seed: SeedFile, password: string | null): Promise<string[]> {
  const units = new UnitRepository(store);
  for (const u of seed.units) await units.put({ _id: u.code, ...u });
  const users = new UserRepository(store);
  const created: string[] = [];
  const hash = password === null ? '' : await hashPassword(password);
  for (const u of password === null ? [] : seed.users) {
    if (await users.get(u.username)) continue;
    await users.create({
      _id: u.username,
      username: u.username,
      displayName: u.displayName,
      roles: u.roles,
      roleKeys: u.roles.map((r) => roleKey(r.role, r.unit)),
      passwordHash: hash,
    });
    created.push(u.username);
  }
  await new MetaRecords(store).put({ _id: 'roles', roles: seed.roles, levels: seed.levels });
  return created;
}

/**
 * Adds the roles the seed's catalogue declares and the store's catalogue lacks (e.g. a role a new version of
 * a bundled process needs: `legal`, `government`), so that the bundled process deploys on an existing
 * installation. Never removes or renames a role; returns the roles added.
 */
export async function addMissingSeedRoles(store: Store, seed: SeedFile): Promise<string[]> {
  const meta = new MetaRecords(store);
  const current = await meta.get('roles');
  const roles = current?.roles as Record<string, string> | undefined;
  if (!roles || typeof roles !== 'object') return []; // no catalogue: every role is accepted
  const added = Object.keys(seed.roles).filter((r) => !(r in roles));
  if (!added.length) return [];
  const merged = { ...roles };
  for (const r of added) merged[r] = seed.roles[r];
  await meta.put({ ...current, _id: 'roles', roles: merged });
  return added;
}

export interface FirstAdmin {
  username: string;
  /** the generated one-time password (absent when the operator gave one) */
  generatedPassword?: string;
}

/**
 * Creates the first administrator, with the admin role at the root units of the seed: with the operator's
 * password (ADMIN_PASSWORD), or a random one that is shown once and must be changed at first sign-in
 * (`mustChangePassword`: the API refuses everything else until then). Does nothing when the user exists.
 */
export async function createFirstAdmin(
  store: Store,
  seed: SeedFile,
  opts: { username: string; password?: string },
): Promise<FirstAdmin | undefined> {
  const users = new UserRepository(store);
  if (await users.get(opts.username)) return undefined;
  const roots = seed.units.filter((u) => !u.parent).map((u) => u.code);
  const roles: RoleAssignment[] = roots.map((unit) => ({ role: 'admin', unit }));
  const generated = opts.password ? undefined : randomBytes(12).toString('base64url');
  const doc: User & { mustChangePassword: boolean } = {
    _id: opts.username,
    username: opts.username,
    displayName: '系统管理员',
    roles,
    roleKeys: roles.map((r) => roleKey(r.role, r.unit)),
    passwordHash: await hashPassword(opts.password ?? generated!),
    mustChangePassword: !opts.password,
  };
  await users.create(doc);
  return { username: opts.username, generatedPassword: generated };
}
