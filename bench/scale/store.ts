// Which store the scale benchmark fills and the product is started on: the embedded SQLite default or
// PostgreSQL, both behind the same port (engine/store/types.ts) and opened as the product opens them.
// (Entries with store "embedded" in bench/results/scale.json are the NeDB store measured before it was
// replaced; the product can no longer be started on it.)
import { mkdir } from 'node:fs/promises';
import { openStore } from '../../engine/store/index.js';
import type { Store } from '../../engine/store/types.js';

export type StoreKind = 'sqlite' | 'postgres';
export const STORE_KINDS: readonly StoreKind[] = ['sqlite', 'postgres'];

export interface StoreTarget {
  kind: StoreKind;
  dataDir: string;
  /** postgres only */
  databaseUrl?: string;
}

/** The environment that makes `npm start` open this store (an empty DATABASE_URL means SQLite). */
export function storeEnv(t: StoreTarget): Record<string, string> {
  return { DATA_DIR: t.dataDir, DATABASE_URL: t.kind === 'postgres' ? t.databaseUrl! : '', MONGO_URL: '' };
}

export async function openTargetStore(t: StoreTarget): Promise<Store> {
  await mkdir(t.dataDir, { recursive: true });
  return openStore({ dataDir: t.dataDir, databaseUrl: t.kind === 'postgres' ? t.databaseUrl : '' });
}
