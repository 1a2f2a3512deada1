// Chooses the store: PostgreSQL when DATABASE_URL is a postgres:// URL, MongoDB when a Mongo URL is given, else the embedded
// SQLite file DATA_DIR/grid.sqlite (the default; several processes may share it). The former NeDB store
// (embedded.ts) is no longer opened here: it is read only to migrate its data.
import type { Store } from './types.js';

export async function openStore(opts: {
  mongoUrl?: string;
  dataDir: string;
  /** defaults to the DATABASE_URL environment variable */
  databaseUrl?: string;
}): Promise<Store> {
  const databaseUrl = opts.databaseUrl ?? process.env.DATABASE_URL;
  if (databaseUrl) {
    if (!/^postgres(ql)?:\/\//.test(databaseUrl)) {
      throw new Error(`DATABASE_URL must be a postgres:// URL (PostgreSQL is the only SQL server supported)`);
    }
    const { openPostgresStore } = await import('./sql/postgres.js');
    return openPostgresStore(databaseUrl);
  }
  if (opts.mongoUrl) {
    const { openMongoStore } = await import('./mongo.js');
    return openMongoStore(opts.mongoUrl);
  }
  const { openSqliteStore } = await import('./sql/sqlite.js');
  return openSqliteStore(opts.dataDir);
}
