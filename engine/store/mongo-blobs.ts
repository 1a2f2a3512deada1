// Blobs in MongoDB's GridFS (engine/store/blobs.ts), bucket `blobs`: a file per blob, named by its sha256, so
// every process on any machine reads what another stored. Two processes putting the same bytes at once may
// write two files of that name; both hold the same bytes, reads take either, and delete removes all.
import type { Readable } from 'node:stream';
import mongoose from 'mongoose';
import { isBlobId, sha256Hex, type BlobInfo, type BlobStore } from './blobs.js';

type Db = NonNullable<mongoose.Connection['db']>;

export class GridFsBlobStore implements BlobStore {
  private readonly bucket: mongoose.mongo.GridFSBucket;
  constructor(private readonly db: Db) {
    this.bucket = new mongoose.mongo.GridFSBucket(db as never, { bucketName: 'blobs' });
  }

  private async files(id: string) {
    return this.bucket.find({ filename: id }).toArray();
  }

  async put(data: Buffer): Promise<BlobInfo> {
    const sha256 = sha256Hex(data);
    const info = { id: sha256, sha256, size: data.length };
    if ((await this.files(sha256)).some((f) => f.length === data.length)) return info;
    await new Promise<void>((resolve, reject) => {
      const up = this.bucket.openUploadStream(sha256);
      up.once('error', reject);
      up.once('finish', () => resolve());
      up.end(data);
    });
    return info;
  }

  async get(id: string): Promise<Readable | null> {
    if (!isBlobId(id) || !(await this.files(id)).length) return null;
    return this.bucket.openDownloadStreamByName(id);
  }

  async stat(id: string): Promise<{ size: number } | null> {
    if (!isBlobId(id)) return null;
    const f = (await this.files(id))[0];
    return f ? { size: f.length } : null;
  }

  async delete(id: string): Promise<boolean> {
    if (!isBlobId(id)) return false;
    const found = await this.files(id);
    for (const f of found) await this.bucket.delete(f._id);
    return found.length > 0;
  }
}
