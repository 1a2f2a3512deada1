// Probe: cost of one version-checked instance write in the embedded store as the number of open instances
// grows (NeDB keeps every document sharing an indexed value, e.g. status 'active', in one array per tree
// node and removes/re-inserts the document there on every update). Usage: node --import tsx bench/store-probe.ts
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { openStore } from '../engine/store/index.js';

const pad = 'x'.repeat(2500); // an instance document is ~3 KB
for (const n of [100, 1000, 5000, 10000, 20000]) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'nedb-probe-'));
  const store = await openStore({ dataDir: dir, databaseUrl: '' });
  const col = store.collection('instances');
  for (let i = 0; i < n; i += 500)
    await col.insertManyIgnoreDuplicates(
      Array.from({ length: Math.min(500, n - i) }, (_, j) => ({
        _id: `i${i + j}`,
        version: 1,
        status: 'active',
        definitionKey: 'k',
        startedAt: i + j,
        pad,
      })),
    );
  const writes = 500;
  const t = performance.now();
  for (let k = 0; k < writes; k++) {
    const id = `i${(k * 7919) % n}`;
    const doc = (await col.findOne({ _id: id }))!;
    await col.replaceOne(
      { _id: id, version: doc.version },
      { ...doc, version: doc.version + 1, outboxAt: Date.now() },
    );
    await col.updateOne(
      { _id: id, version: doc.version + 1 },
      { $set: { outbox: [] }, $unset: { outboxAt: true } },
    );
  }
  const ms = (performance.now() - t) / writes;
  console.log(
    `${String(n).padStart(6)} active instances: ${ms.toFixed(2)} ms per step's instance I/O (findOne + replaceOne + updateOne)`,
  );
  await store.close();
  await rm(dir, { recursive: true, force: true });
}

// Probe 2: the notification batch. Escalations due in the same second for the same recipient are appended
// to ONE notification document with $addToSet (outbox.ts notify()); NeDB deep-copies, compares every item
// and re-appends the whole document on each update, so each update costs O(items).
{
  const dir = await mkdtemp(path.join(os.tmpdir(), 'nedb-probe-'));
  const store = await openStore({ dataDir: dir, databaseUrl: '' });
  const col = store.collection('notifications');
  await col.insert({ _id: 'chenmin|escalated.1', recipient: 'chenmin', items: [], read: false, at: 0 });
  let last = performance.now();
  for (let i = 1; i <= 10000; i++) {
    const item = {
      taskId: `i${i}_t2`,
      instanceId: `i${i}`,
      title: '超期升级：grid → community',
      body: 'benchsla · 处置 · i' + i,
      effectId: `i${i}.3.4`,
    };
    await col.updateOne(
      { _id: 'chenmin|escalated.1' },
      { $addToSet: { items: item }, $set: { read: false } },
    );
    if (i % 2000 === 0) {
      const now = performance.now();
      console.log(
        `notification batch at ${String(i).padStart(5)} items: ${((now - last) / 2000).toFixed(2)} ms per $addToSet update`,
      );
      last = now;
    }
  }
  await store.close();
  await rm(dir, { recursive: true, force: true });
}
