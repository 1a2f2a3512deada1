// Loads the org tree and demo users from a seed file (processes/seed/org.json). Idempotent: units are
// upserted, existing users are left alone (their passwords may have been changed).
import { readFile } from 'node:fs/promises';
import type { Store } from '../store/types.js';
import { roleKey, type RoleAssignment, type Unit, type User } from './org.js';
import { hashPassword } from './passwords.js';

export interface SeedFile {
  levels: string[];
  roles: Record<string, string>;
  units: Array<Omit<Unit, '_id'>>;
  users: Array<{ username: string; displayName: string; roles: RoleAssignment[] }>;
}

export async function readSeed(file: string): Promise<SeedFile> {
  return JSON.parse(await readFile(file, 'utf8')) as SeedFile;
}

/** Returns the usernames created now (their demo password is `password`). */
export async function applySeed(store: Store, seed: SeedFile, password: string): Promise<string[]> {
  const units = store.collection<Unit>('units');
  for (const u of seed.units)
    await units.replaceOne({ _id: u.code }, { _id: u.code, ...u }, { upsert: true });
  const users = store.collection<User>('users');
  const created: string[] = [];
  const hash = await hashPassword(password);
  for (const u of seed.users) {
    if (await users.findOne({ _id: u.username })) continue;
    await users.insert({
      _id: u.username,
      username: u.username,
      displayName: u.displayName,
      roles: u.roles,
      roleKeys: u.roles.map((r) => roleKey(r.role, r.unit)),
      passwordHash: hash,
    });
    created.push(u.username);
  }
  await store
    .collection('meta')
    .replaceOne({ _id: 'roles' }, { _id: 'roles', roles: seed.roles, levels: seed.levels }, { upsert: true });
  return created;
}
