// A fresh PostgreSQL database for one benchmark run, dropped afterwards: the server is shared with tests
// and other runs, so a benchmark never writes into an existing database.

import { randomBytes } from 'node:crypto';
import pg from 'pg';

export interface ThrowawayDatabase {
  url: string;
  drop(): Promise<void>;
}

export async function throwawayPostgresDatabase(
  adminUrl = 'postgres://postgres@127.0.0.1:5432/postgres',
  prefix = 'grid_bench',
): Promise<ThrowawayDatabase> {
  const admin = new URL(adminUrl);
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  const run = async (sql: string) => {
    const c = new pg.Client({ connectionString: admin.toString() });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  await run(`CREATE DATABASE ${name}`);
  const url = new URL(admin.toString());
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}
