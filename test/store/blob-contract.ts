// The contract every blob store passes (engine/store/blobs.ts): content-addressed puts that are idempotent
// and safe to race, streams of the exact bytes, absent ids (and ids that are no digest) answering null,
// deletes that say whether there was something.
import { createHash, randomBytes } from 'node:crypto';
import { expect } from 'chai';
import type { Readable } from 'node:stream';
import type { Store } from '../../engine/store/types.js';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function bytesOf(stream: Readable | null): Promise<Buffer | null> {
  if (!stream) return null;
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

export function blobContract(
  name: string,
  open: () => Promise<Store>,
  cleanup: () => Promise<void> = async () => {},
) {
  describe(`blob store contract: ${name}`, function () {
    this.timeout(30000);
    let store: Store;
    before(async () => {
      store = await open();
    });
    after(async () => {
      await store?.close();
      await cleanup();
    });

    it('puts bytes under their sha256 and streams exactly them back', async () => {
      const data = randomBytes(3 * 1024 * 1024 + 17); // several chunks for GridFS, one row for PostgreSQL
      const info = await store.blobs.put(data);
      expect(info).to.deep.equal({ id: sha(data), sha256: sha(data), size: data.length });
      expect(await store.blobs.stat(info.id)).to.deep.equal({ size: data.length });
      const back = await bytesOf(await store.blobs.get(info.id));
      expect(back!.equals(data)).to.equal(true);
    });

    it('stores the same bytes once, also when two puts race', async () => {
      const data = randomBytes(64 * 1024);
      const [a, b, c] = await Promise.all([
        store.blobs.put(data),
        store.blobs.put(data),
        store.blobs.put(data),
      ]);
      expect(a).to.deep.equal(b);
      expect(b).to.deep.equal(c);
      expect((await bytesOf(await store.blobs.get(a.id)))!.equals(data)).to.equal(true);
      expect(await store.blobs.delete(a.id)).to.equal(true);
      expect(await store.blobs.stat(a.id)).to.equal(null);
    });

    it('answers null for an absent blob and for an id that is no digest; delete says whether it was there', async () => {
      const absent = sha(randomBytes(8));
      expect(await store.blobs.get(absent)).to.equal(null);
      expect(await store.blobs.stat(absent)).to.equal(null);
      expect(await store.blobs.delete(absent)).to.equal(false);
      for (const bad of ['../../etc/passwd', '', 'A'.repeat(64), `${absent}/..`])
        expect(await store.blobs.get(bad), bad).to.equal(null);

      const data = Buffer.from('一张照片');
      const { id } = await store.blobs.put(data);
      expect(await store.blobs.delete(id)).to.equal(true);
      expect(await store.blobs.delete(id)).to.equal(false);
      expect(await store.blobs.get(id)).to.equal(null);
      // and can be stored again after
      await store.blobs.put(data);
      expect((await bytesOf(await store.blobs.get(id)))!.equals(data)).to.equal(true);
    });

    it('stores the empty blob too', async () => {
      const info = await store.blobs.put(Buffer.alloc(0));
      expect(info.size).to.equal(0);
      expect((await bytesOf(await store.blobs.get(info.id)))!.length).to.equal(0);
    });
  });
}
