// PostgreSQL store (DATABASE_URL=postgres://...): one table per collection with the document as JSONB,
// expression indexes and multikey side tables as in schema.ts, through a `pg` pool. Statements are
// compiled by Kysely (dialect.ts) and run with pool.query / client.query.
//
// Writes that read first run in a transaction with `SELECT ... FOR UPDATE`: a concurrent writer of the
// same row waits, then PostgreSQL re-checks the WHERE on the committed row, so `{_id, version}` updates
// are compare-and-set and `$inc` never loses an increment. Unique violations (SQLSTATE 23505) become
// DuplicateKeyError. Tables and indexes are created IF NOT EXISTS at open.
import pg from 'pg';
import { sql, type CompiledQuery } from 'kysely';
import { COLLECTIONS, type CollectionName, type Doc, type DocCollection, type Store } from '../types.js';
import { SqlCollection, type Backend, type Exec, type Row } from './collection.js';
import { postgresDialect as d } from './dialect.js';
import { ddl } from './schema.js';
import { BLOB_TABLE_DDL, PostgresBlobStore } from './postgres-blobs.js';
import { preparedName } from './prepared.js';

export interface PostgresStoreOptions {
  /** pool size (default 10) */
  max?: number;
}

const UNIQUE_VIOLATION = '23505';

type Queryable = Pick<pg.PoolClient, 'query'>;

/** a statement marked by prepared.ts goes by its name: planned once per connection */
const send = (c: Queryable, q: CompiledQuery) => {
  const values = q.parameters as unknown[];
  const name = preparedName(q.sql);
  return name ? c.query({ name, text: q.sql, values }) : c.query(q.sql, values);
};

const execOn = (c: Queryable): Exec => ({
  async all(q: CompiledQuery) {
    return (await send(c, q)).rows as Row[];
  },
  async run(q: CompiledQuery) {
    const r = await send(c, q);
    return r.command === 'SELECT' || /\bRETURNING\b/i.test(q.sql) ? r.rows.length : (r.rowCount ?? 0);
  },
});

export async function openPostgresStore(url: string, options: PostgresStoreOptions = {}): Promise<Store> {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10 });
  // an idle client losing its connection must not crash the process; the next query reports it
  pool.on('error', () => {});
  let closed = false;

  const backend: Backend = {
    d,
    ...execOn(pool),
    async tx<T>(fn: (ex: Exec) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const out = await fn(execOn(client));
        await client.query('COMMIT');
        return out;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {});
        throw err;
      } finally {
        client.release();
      }
    },
    isUniqueViolation: (err) => (err as { code?: string } | null)?.code === UNIQUE_VIOLATION,
    check() {
      if (closed) throw new Error('postgres store is closed');
    },
  };

  try {
    // schema under an advisory lock: processes opening the database together would otherwise race on
    // CREATE ... IF NOT EXISTS (which is not safe against concurrent creation of the same name)
    await backend.tx(async (ex) => {
      await ex.run(d.compile(sql`SELECT pg_advisory_xact_lock(7352001)`));
      for (const name of COLLECTIONS) for (const stmt of ddl(d, name)) await ex.run(d.compile(stmt));
      await ex.run(d.compile(sql.raw(BLOB_TABLE_DDL)));
    });
  } catch (err) {
    await pool.end().catch(() => {});
    throw err;
  }

  const collections = new Map<CollectionName, SqlCollection<Doc>>(
    COLLECTIONS.map((name) => [name, new SqlCollection<Doc>(backend, name)]),
  );

  return {
    kind: 'postgres',
    blobs: new PostgresBlobStore(pool),
    collection<T extends Doc>(name: CollectionName) {
      const c = collections.get(name);
      if (!c) throw new Error(`unknown collection ${name}`);
      return c as unknown as DocCollection<T>;
    },
    async ping() {
      if (closed) return false;
      try {
        await pool.query('SELECT 1');
        return true;
      } catch {
        return false;
      }
    },
    async sizeBytes() {
      backend.check();
      const r = await pool.query('SELECT pg_database_size(current_database()) AS n');
      return Number(r.rows[0].n);
    },
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}
