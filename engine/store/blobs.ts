// Blobs (uploaded files and their thumbnails) beside the documents, behind one interface so that every store
// keeps them where all the machines using it can read them: files under DATA_DIR for the embedded SQLite
// store (one machine, the data folder), a table for PostgreSQL (sql/postgres-blobs.ts), GridFS for MongoDB
// (mongo-blobs.ts). test/store/blob-contract.ts is the contract every implementation passes.
//
// Content-addressed: a blob's id is the hex sha256 of its bytes, so putting the same bytes twice stores them
// once and a put is idempotent (a retried upload writes nothing new). Deleting is the caller's decision once
// no document names the blob any more (engine/cases/attachments.ts, the history cleanup).
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';

export interface BlobInfo {
  /** the hex sha256 of the bytes, which is also the blob's id */
  id: string;
  sha256: string;
  size: number;
}

export interface BlobStore {
  /** Stores `data` (nothing new when the same bytes are stored already); answers its id and digest. */
  put(data: Buffer): Promise<BlobInfo>;
  /** The bytes of a blob as a stream, or null when there is no such blob. */
  get(id: string): Promise<Readable | null>;
  /** The blob's size, or null when there is none. */
  stat(id: string): Promise<{ size: number } | null>;
  /** Removes a blob; answers whether it was there. */
  delete(id: string): Promise<boolean>;
}

const STALE_TEMP_MS = 60 * 60 * 1000;

export const sha256Hex = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** Blob ids are hex sha256 digests: anything else names no blob (and never a path outside the folder). */
export const isBlobId = (id: string) => /^[0-9a-f]{64}$/.test(id);

/**
 * Blobs as files under `dir` (DATA_DIR/blobs for the SQLite store), `ab/cd/<sha256>`, so no folder holds
 * more than a few thousand of a million files. A put writes a temporary file, fsyncs it and renames it to
 * its name: a crash at any line leaves either the whole file or none (and a stray temporary file, removed
 * at the next open). The rename also makes two processes putting the same bytes at once harmless.
 */
export class FileBlobStore implements BlobStore {
  constructor(private readonly dir: string) {}

  static async open(dir: string): Promise<FileBlobStore> {
    await mkdir(dir, { recursive: true });
    const store = new FileBlobStore(dir);
    await store.removeStaleTemps();
    return store;
  }

  private file(id: string): string {
    return path.join(this.dir, id.slice(0, 2), id.slice(2, 4), id);
  }

  async put(data: Buffer): Promise<BlobInfo> {
    const sha256 = sha256Hex(data);
    const info = { id: sha256, sha256, size: data.length };
    const final = this.file(sha256);
    const existing = await stat(final).catch(() => null);
    if (existing?.size === data.length) return info;
    await mkdir(path.dirname(final), { recursive: true });
    const tmp = path.join(this.dir, `.${sha256}.${randomBytes(6).toString('hex')}.tmp`);
    try {
      const fh = await open(tmp, 'wx');
      try {
        await fh.writeFile(data);
        await fh.sync();
      } finally {
        await fh.close();
      }
      await rename(tmp, final);
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
    return info;
  }

  async get(id: string): Promise<Readable | null> {
    if (!isBlobId(id) || !(await this.stat(id))) return null;
    return createReadStream(this.file(id));
  }

  async stat(id: string): Promise<{ size: number } | null> {
    if (!isBlobId(id)) return null;
    const s = await stat(this.file(id)).catch(() => null);
    return s?.isFile() ? { size: s.size } : null;
  }

  async delete(id: string): Promise<boolean> {
    if (!isBlobId(id) || !(await this.stat(id))) return false;
    await rm(this.file(id), { force: true });
    return true;
  }

  /**
   * Temporary files of puts a crash interrupted (never renamed: no blob is missing because of them). Only
   * old ones: another process sharing the folder may be writing one right now.
   */
  private async removeStaleTemps(): Promise<void> {
    const before = Date.now() - STALE_TEMP_MS;
    for (const f of await readdir(this.dir).catch(() => [] as string[])) {
      if (!f.startsWith('.') || !f.endsWith('.tmp')) continue;
      const s = await stat(path.join(this.dir, f)).catch(() => null);
      if (s && s.mtimeMs < before) await rm(path.join(this.dir, f), { force: true });
    }
  }
}
