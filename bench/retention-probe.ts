// History cleanup cost on the embedded store: N ended cases (each with H history records, 2 tasks and 2
// notification items with their notifications), all past removalAt, removed by one cleanup run.
// Usage: node --import tsx bench/retention-probe.ts [cases=2000] [history=40]
import { mkdtemp, rm, stat, readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { silentLogger } from '../engine/logger.js';
import { HistoryCleanup } from '../engine/retention/cleanup.js';
import { openStore } from '../engine/store/index.js';
import type { Doc } from '../engine/store/types.js';

const cases = Number(process.argv[2] ?? 2000);
const perCase = Number(process.argv[3] ?? 40);
const dir = await mkdtemp(path.join(os.tmpdir(), 'grid-retention-probe-'));
const store = await openStore({ dataDir: path.join(dir, 'data'), databaseUrl: '' });
const now = Date.parse('2027-01-05T00:00:00Z');
try {
  const instances: Doc[] = [];
  const history: Doc[] = [];
  const tasks: Doc[] = [];
  const items: Doc[] = [];
  const notes: Doc[] = [];
  for (let c = 0; c < cases; c++) {
    const id = `i${String(c).padStart(20, '0')}`;
    instances.push({
      _id: id,
      version: 9,
      status: 'completed',
      definitionKey: 'probe',
      definitionVersion: 1,
      variables: { address: '明天路 1 号', note: 'x'.repeat(200) },
      tasks: {},
      outbox: [],
      startedAt: now - 40 * 86_400_000,
      endedAt: now - 31 * 86_400_000,
      removalAt: now - 86_400_000,
    });
    for (let h = 0; h < perCase; h++)
      history.push({ _id: `${id}.${h}.0`, instanceId: id, at: now - h, actor: 'wangwei', action: 'leave' });
    for (let t = 0; t < 2; t++) {
      tasks.push({ _id: `${id}_t${t}`, instanceId: id, status: 'completed', data: { result: 'ok' } });
      notes.push({ _id: `u|${id}.${t}`, recipient: 'wangwei', read: true, at: now });
      items.push({ _id: `u|${id}.${t}#1`, notificationId: `u|${id}.${t}`, instanceId: id, at: now });
    }
  }
  const load = Date.now();
  for (const [name, docs] of [
    ['instances', instances],
    ['history', history],
    ['tasks', tasks],
    ['notifications', notes],
    ['notificationItems', items],
  ] as const)
    for (let i = 0; i < docs.length; i += 1000)
      await store.collection(name).insertManyIgnoreDuplicates(docs.slice(i, i + 1000));
  const docs = instances.length + history.length + tasks.length + notes.length + items.length;
  console.log(`loaded ${cases} cases, ${docs} documents in ${Date.now() - load} ms`);

  const archiveDir = path.join(dir, 'archive');
  const started = process.hrtime.bigint();
  const report = await new HistoryCleanup({
    store,
    now: () => now,
    archiveDir,
    timezone: 'Asia/Shanghai',
    log: silentLogger,
  }).run();
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  let bytes = 0;
  for (const f of await readdir(archiveDir)) bytes += (await stat(path.join(archiveDir, f))).size;
  const removed = Object.values(report.removed).reduce((a, b) => a + (b ?? 0), 0);
  console.log(
    `cleanup: ${report.cases} cases, ${removed} documents in ${report.batches} batches, ${ms.toFixed(0)} ms ` +
      `(${((report.cases / ms) * 1000).toFixed(0)} cases/s, ${((removed / ms) * 1000).toFixed(0)} documents/s); ` +
      `archive ${(bytes / 1024).toFixed(0)} KiB gzip (${(bytes / removed).toFixed(1)} bytes/document)`,
  );
  console.log('left:', await store.collection('instances').count({}), 'instances');
} finally {
  await store.close();
  await rm(dir, { recursive: true, force: true });
}
