// The blob store contract (blob-contract.ts) on each store: files under the data folder for SQLite, a table
// for PostgreSQL, GridFS for MongoDB (only with MONGO_URL). Plus what only files can show: a put goes to its
// name whole or not at all, and a crash's temporary file never passes for a blob.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { FileBlobStore } from '../../engine/store/blobs.js';
import { BLOB_DIR, openSqliteStore } from '../../engine/store/sql/sqlite.js';
import { onServerStores } from '../helpers/server-stores.js';
import { blobContract } from './blob-contract.js';

const dir = await mkdtemp(path.join(os.tmpdir(), 'grid-blobs-'));
blobContract(
  'SQLite (files under DATA_DIR)',
  () => openSqliteStore(dir),
  () => rm(dir, { recursive: true, force: true }),
);

await onServerStores('blob store contract', blobContract, {
  postgres: 'PostgreSQL (bytea table)',
  mongo: 'MongoDB (GridFS)',
});

describe('file blobs under DATA_DIR', () => {
  let tmp: string;
  beforeEach(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'grid-blobfiles-'));
  });
  afterEach(() => rm(tmp, { recursive: true, force: true }));

  it('lives in DATA_DIR/blobs, fanned out by the first digest digits, with no temporary file left', async () => {
    const store = await openSqliteStore(tmp);
    try {
      const { id } = await store.blobs.put(Buffer.from('现场照片'));
      expect(existsSync(path.join(tmp, BLOB_DIR, id.slice(0, 2), id.slice(2, 4), id))).to.equal(true);
      expect((await readdir(path.join(tmp, BLOB_DIR))).filter((f) => f.endsWith('.tmp'))).to.deep.equal([]);
    } finally {
      await store.close();
    }
  });

  it('never serves an interrupted put, and clears old temporary files at open (recent ones may be in use)', async () => {
    const folder = path.join(tmp, 'blobs');
    const data = Buffer.from('half a photo');
    const id = createHash('sha256').update(data).digest('hex');
    await FileBlobStore.open(folder);
    // what a crash between write and rename leaves
    const old = path.join(folder, `.${id}.dead.tmp`);
    const fresh = path.join(folder, `.${id}.live.tmp`);
    await writeFile(old, data.subarray(0, 4));
    await writeFile(fresh, data.subarray(0, 4));
    const hourAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
    await utimes(old, hourAgo, hourAgo);
    const blobs = await FileBlobStore.open(folder);
    expect(await blobs.get(id)).to.equal(null);
    expect(existsSync(old)).to.equal(false);
    expect(existsSync(fresh)).to.equal(true);
    await blobs.put(data);
    expect(await blobs.stat(id)).to.deep.equal({ size: data.length });
  });
});
