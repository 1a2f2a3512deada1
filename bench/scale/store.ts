// Which store the scale benchmark fills and the product is started on. `embedded` is today's NeDB store
// (openEmbeddedStore, the "before"); `sqlite` and `postgres` are the SQL stores behind the same port
// (engine/store/types.ts). Those are looked up at run time, so this file compiles whether or not they exist
// yet: a module engine/store/sql/<kind>.js exporting an open… function, else openStore given the URL.
import { mkdir } from 'node:fs/promises';
import { openEmbeddedStore } from '../../engine/store/embedded.js';
import { openStore } from '../../engine/store/index.js';
import type { Store } from '../../engine/store/types.js';

export type StoreKind = 'embedded' | 'sqlite' | 'postgres';
export const STORE_KINDS: readonly StoreKind[] = ['embedded', 'sqlite', 'postgres'];

export interface StoreTarget {
  kind: StoreKind;
  dataDir: string;
  /** postgres only */
  databaseUrl?: string;
}

/**
 * The environment that makes `npm start` open this store. STORE selects the kind for builds where the SQL
 * stores exist (the integrator wires the exact variable into engine/config.ts); DATABASE_URL selects PostgreSQL.
 */
export function storeEnv(t: StoreTarget): Record<string, string> {
  return { DATA_DIR: t.dataDir, STORE: t.kind, ...(t.databaseUrl ? { DATABASE_URL: t.databaseUrl } : {}) };
}

export async function openTargetStore(t: StoreTarget): Promise<Store> {
  await mkdir(t.dataDir, { recursive: true });
  if (t.kind === 'embedded') return openEmbeddedStore(t.dataDir);
  // a variable specifier: not resolved by tsc, so the benchmark builds before the SQL stores are merged
  const specifier = `../../engine/store/sql/${t.kind}.js`;
  let mod: Record<string, unknown> | undefined;
  try {
    mod = (await import(specifier)) as Record<string, unknown>;
  } catch {
    mod = undefined;
  }
  const open = mod && Object.entries(mod).find(([k, v]) => /^open/.test(k) && typeof v === 'function')?.[1];
  if (typeof open === 'function') {
    return (await (open as (arg: string) => Promise<Store>)(
      t.kind === 'postgres' ? t.databaseUrl! : t.dataDir,
    )) as Store;
  }
  // openStore of a build with the SQL stores takes the URL (or picks SQLite as its default)
  const store = await openStore({ dataDir: t.dataDir, databaseUrl: t.databaseUrl } as Parameters<
    typeof openStore
  >[0]);
  if ((store.kind as string) === 'embedded') {
    await store.close(); // releases DATA_DIR's lock before the run stops
    throw new Error(
      `--store ${t.kind}: this build has no ${t.kind} store (openStore opened the embedded one)`,
    );
  }
  return store;
}
