// The server stores a store-level contract runs on besides SQLite: PostgreSQL when a server answers, MongoDB
// when MONGO_URL is set, each in a database of its own dropped afterwards — and, when one is not there, a
// skipped test saying why, so a run without it says so instead of passing silently.
import mongoose from 'mongoose';
import { openMongoStore } from '../../engine/store/mongo.js';
import { openPostgresStore } from '../../engine/store/sql/postgres.js';
import type { Store } from '../../engine/store/types.js';
import { createTestDatabase } from './postgres.js';

/** How a contract is run on one store: its name, how to open the store, how to remove it afterwards. */
export type StoreContract = (name: string, open: () => Promise<Store>, cleanup: () => Promise<void>) => void;

/**
 * Runs `contract` on PostgreSQL and on MongoDB (or declares each skipped under `${title}: <store>`).
 * `names` are what the contract is called on each (default "PostgreSQL" and "MongoDB").
 */
export async function onServerStores(
  title: string,
  contract: StoreContract,
  names: { postgres?: string; mongo?: string } = {},
): Promise<void> {
  const pg = await createTestDatabase();
  if ('skip' in pg) skipped(`${title}: PostgreSQL`, pg.skip);
  else contract(names.postgres ?? 'PostgreSQL', () => openPostgresStore(pg.url), pg.drop);

  const mongoUrl = process.env.MONGO_URL;
  if (!mongoUrl) return skipped(`${title}: MongoDB`, 'MONGO_URL is not set');
  const dbName = `grid_test_${process.pid}_${Date.now()}_${Math.random().toString(36).slice(2, 8)}`;
  contract(
    names.mongo ?? 'MongoDB',
    () => openMongoStore(mongoUrl, { dbName }),
    async () => {
      const conn = await mongoose.createConnection(mongoUrl, { dbName }).asPromise();
      try {
        await conn.dropDatabase();
      } finally {
        await conn.close();
      }
    },
  );
}

function skipped(title: string, why: string): void {
  describe(title, () => {
    it(`needs ${/MONGO/.test(why) ? 'MONGO_URL' : 'a PostgreSQL server'}`, function () {
      console.log(`      skipped: ${why}`);
      this.skip();
    });
  });
}
