// Blobs in PostgreSQL (engine/store/blobs.ts): one row per blob in `blobs (id TEXT PRIMARY KEY, size, data
// BYTEA)`, so every API process on any machine reads what another stored, and a backup of the database holds
// them. BYTEA rather than large objects: a row goes with the row's transaction and is removed with a plain
// DELETE (large objects outlive their rows unless unlinked), and uploads are capped at ATTACHMENT_MAX_BYTES
// (20 MB by default), well inside what one BYTEA value carries.
import { Readable } from 'node:stream';
import type pg from 'pg';
import { isBlobId, sha256Hex, type BlobInfo, type BlobStore } from '../blobs.js';

export const BLOB_TABLE_DDL =
  'CREATE TABLE IF NOT EXISTS blobs (id TEXT PRIMARY KEY, size BIGINT NOT NULL, data BYTEA NOT NULL)';

export class PostgresBlobStore implements BlobStore {
  constructor(private readonly pool: pg.Pool) {}

  async put(data: Buffer): Promise<BlobInfo> {
    const sha256 = sha256Hex(data);
    // the same bytes under the same id: a second put (or a concurrent one) changes nothing
    await this.pool.query(
      'INSERT INTO blobs (id, size, data) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING',
      [sha256, data.length, data],
    );
    return { id: sha256, sha256, size: data.length };
  }

  async get(id: string): Promise<Readable | null> {
    if (!isBlobId(id)) return null;
    const r = await this.pool.query<{ data: Buffer }>('SELECT data FROM blobs WHERE id = $1', [id]);
    return r.rows.length ? Readable.from([r.rows[0].data]) : null;
  }

  async stat(id: string): Promise<{ size: number } | null> {
    if (!isBlobId(id)) return null;
    const r = await this.pool.query<{ size: string }>('SELECT size FROM blobs WHERE id = $1', [id]);
    return r.rows.length ? { size: Number(r.rows[0].size) } : null;
  }

  async delete(id: string): Promise<boolean> {
    if (!isBlobId(id)) return false;
    const r = await this.pool.query('DELETE FROM blobs WHERE id = $1', [id]);
    return (r.rowCount ?? 0) > 0;
  }
}
