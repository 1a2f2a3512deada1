// Migration throughput and memory on a synthetic old data folder (NeDB files written line by line as the
// engine appends them, each instance in three versions): node --import tsx bench/migrate-store.ts [cases]
// Reads into a counting target (the source side alone), then into the store openStore gives for a temp
// DATA_DIR. Prints documents/s and the peak RSS of each run.
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { openStore } from '../engine/store/index.js';
import { migrateStore } from '../engine/store/migrate.js';
import { COLLECTIONS, type Doc, type DocCollection, type Store } from '../engine/store/types.js';

const cases = Number(process.argv[2] ?? 20000);

async function writeLines(file: string, lines: Iterable<string>): Promise<void> {
  const out = createWriteStream(file);
  for (const l of lines) if (!out.write(l + '\n')) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
}

function* instances(): Generator<string> {
  const filler = '某某街道某某社区网格巡查发现问题，'.repeat(60);
  for (let v = 1; v <= 3; v++)
    for (let i = 0; i < cases; i++)
      yield JSON.stringify({
        _id: `i${i}`,
        version: v,
        status: v < 3 ? 'active' : 'completed',
        unitPath: ['310117001001001', '310117001001', '310117001', '310117'],
        startedAt: 1772420400000 + i,
        variables: { description: filler, n: i },
        tokens: { t1: { id: 't1', status: 'waiting', nodeId: 'work' } },
        timers: {},
      });
}
function* tasks(): Generator<string> {
  for (let i = 0; i < cases * 4; i++)
    yield JSON.stringify({
      _id: `i${i >> 2}_t${i & 3}`,
      instanceId: `i${i >> 2}`,
      status: 'completed',
      unitPath: ['310117001001001', '310117001001'],
      candidateRoles: ['handler'],
      createdAt: { $$date: 1772420400000 + i },
      data: { result: '已处理', note: 'x'.repeat(400) },
    });
}
function* history(): Generator<string> {
  for (let i = 0; i < cases * 15; i++)
    yield JSON.stringify({ _id: `i${i % cases}.${i}`, instanceId: `i${i % cases}`, action: 'leave', at: i });
}

/** A target that only counts what it is given (the source side of the migration alone; no sample). */
function countingStore(): Store {
  const counts = new Map<string, number>();
  const col = (name: string): DocCollection =>
    ({
      insertManyIgnoreDuplicates: async (docs: Doc[]) =>
        void counts.set(name, (counts.get(name) ?? 0) + docs.length),
      count: async () => counts.get(name) ?? 0,
      findOne: async () => null,
    }) as unknown as DocCollection;
  return {
    kind: 'embedded',
    collection: col as never,
    blobs: undefined as never, // the migration copies documents only
    ping: async () => true,
    sizeBytes: async () => 0,
    close: async () => {},
  };
}

async function measure(label: string, run: () => Promise<{ ok: boolean; docs: number }>) {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  const t0 = Date.now();
  const { ok, docs } = await run();
  clearInterval(timer);
  const s = (Date.now() - t0) / 1000;
  console.log(
    `${label}: ${docs} docs in ${s.toFixed(1)} s = ${Math.round(docs / s)} docs/s, peak RSS ${Math.round(peak / 2 ** 20)} MB, ok=${ok}`,
  );
}

const src = await mkdtemp(path.join(os.tmpdir(), 'grid-migbench-src-'));
const tgt = await mkdtemp(path.join(os.tmpdir(), 'grid-migbench-tgt-'));
try {
  await writeLines(path.join(src, 'instances.db'), instances());
  await writeLines(path.join(src, 'tasks.db'), tasks());
  await writeLines(path.join(src, 'history.db'), history());
  const { stat } = await import('node:fs/promises');
  let bytes = 0;
  for (const c of COLLECTIONS)
    bytes += await stat(path.join(src, `${c}.db`)).then(
      (x) => x.size,
      () => 0,
    );
  console.log(
    `source: ${cases} cases, ${Math.round(bytes / 2 ** 20)} MB of NeDB files, rss now ${Math.round(process.memoryUsage().rss / 2 ** 20)} MB`,
  );
  const docs = (r: Awaited<ReturnType<typeof migrateStore>>) =>
    r.collections.reduce((n, c) => n + c.source, 0);
  await measure('read only (counting target)', async () => {
    const r = await migrateStore({ from: src, target: countingStore(), sampleSize: 0 });
    return { ok: r.ok, docs: docs(r) };
  });
  if (process.argv[3] !== 'source-only') {
    const target = await openStore({ dataDir: tgt });
    await measure(`into openStore (${target.kind})`, async () => {
      const r = await migrateStore({ from: src, target, targetDataDir: tgt });
      return { ok: r.ok, docs: docs(r) };
    });
    await target.close();
  }
} finally {
  await rm(src, { recursive: true, force: true });
  await rm(tgt, { recursive: true, force: true });
}
