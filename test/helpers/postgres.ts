// A throw-away PostgreSQL database per test suite (or engine): `grid_test_<pid>_<random>` on the server of
// DATABASE_URL, else the local default postgres://postgres@127.0.0.1:5432, created with CREATE DATABASE
// and dropped afterwards. Resolves to a reason instead when no server answers, so suites can skip saying why.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const DEFAULT_PG_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

function withDatabase(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

export async function createTestDatabase(): Promise<TestDatabase | { skip: string }> {
  const admin = process.env.DATABASE_URL ?? DEFAULT_PG_URL;
  const name = `grid_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const client = new pg.Client({ connectionString: admin, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
  } catch (err) {
    return { skip: `no PostgreSQL at ${admin.replace(/\/\/[^@/]*@/, '//***@')}: ${(err as Error).message}` };
  }
  try {
    // C collation: strings compare by codepoint, as the case-number prefix ranges assume
    await client.query(
      `CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'`,
    );
  } finally {
    await client.end();
  }
  return {
    url: withDatabase(admin, name),
    async drop() {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
