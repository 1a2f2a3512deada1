// The store a test (and the child processes it spawns on the same data folder) works on: the default
// SQLite file in `dataDir`, or with TEST_STORE=postgres a fresh PostgreSQL database per data folder. The
// database's URL is written into the folder, so a child process opening the same folder (the fault tests'
// engine-child.ts) reaches the same database; every database made here is dropped when the run ends
// (test/helpers/root-hooks.ts).
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { openStore } from '../../engine/store/index.js';
import type { Store } from '../../engine/store/types.js';
import { createTestDatabase, type TestDatabase } from './postgres.js';

const URL_FILE = '.test-database-url';
// on globalThis: mocha loads the root hooks through require and the tests through import, two module
// instances of this file that must share one list
const registry = globalThis as { gridTestDatabases?: TestDatabase[] };
export const created: TestDatabase[] = (registry.gridTestDatabases ??= []);

async function databaseFor(dataDir: string): Promise<string> {
  const file = path.join(dataDir, URL_FILE);
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  const db = await createTestDatabase();
  if ('skip' in db) throw new Error(`TEST_STORE=postgres: ${db.skip}`);
  created.push(db);
  await mkdir(dataDir, { recursive: true });
  await writeFile(file, db.url);
  return db.url;
}

export async function openTestStore(dataDir: string): Promise<Store> {
  const databaseUrl = process.env.TEST_STORE === 'postgres' ? await databaseFor(dataDir) : '';
  return openStore({ dataDir, databaseUrl });
}
