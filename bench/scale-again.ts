// The scale benchmark's measures (bench/scale/measure.ts) again on a store kept by `npm run bench:scale --
// --keep`, without generating it anew (15–20 minutes for 30k + 10k cases on PostgreSQL): the product is
// started on it as bench:scale starts it, measured, stopped. For before/after comparisons of one change on
// the same data. The measures complete some of the store's open tasks, so each run finds a few fewer.
// Nothing is written to bench/results/scale.json.
// Usage: node --import tsx bench/scale-again.ts --data-dir <kept dir> [--database-url postgres://…kept]
//        [--requests 50] [--warmup 20] [--budget-seconds 120] [--seed 12] [--settle-seconds 0]
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { PROCESSES_DIR } from '../engine/engine.js';
import { removeRedisKeys } from '../engine/queue/redis-keys.js';
import { seededRandom } from '../engine/samples/random.js';
import { measure } from './scale/measure.js';
import { startProduct } from './scale/server.js';
import { openTargetStore, storeEnv, type StoreTarget } from './scale/store.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name: string, dflt?: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : dflt;
};
const dataDir = arg('--data-dir');
if (!dataDir) throw new Error('--data-dir <the data folder bench:scale --keep printed>');
const databaseUrl = arg('--database-url');
const target: StoreTarget = { kind: databaseUrl ? 'postgres' : 'sqlite', dataDir, databaseUrl };
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const log = (msg: string) =>
  process.stderr.write(`[scale-again ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);

// case numbers for the search measure, from the store itself
const store = await openTargetStore(target);
const cases = await store
  .collection<{ _id: string; caseNo?: string }>('instances')
  .find({}, { fields: ['caseNo'], limit: 400 });
await store.close();
const caseNos = cases.flatMap((c) => (c.caseNo ? [c.caseNo] : []));

const prefix = `{again${randomBytes(4).toString('hex')}}`;
log(`${target.kind} store ${databaseUrl ?? dataDir}; load ${os.loadavg().map((l) => l.toFixed(2))}`);
const server = await startProduct({
  root,
  env: { ...storeEnv(target), REDIS_URL: redisUrl, QUEUE_PREFIX: prefix },
  logFile: path.join(dataDir, `product-again-${Date.now()}.log`),
});
try {
  log(`ready in ${Math.round(server.readyMs)} ms`);
  // --settle-seconds: let the start-up rebuild of the open cases' jobs (about 11 s at 10k) finish first, so
  // the first measures (the inboxes) do not share the CPU with it
  const settle = Number(arg('--settle-seconds', '0'));
  if (settle) {
    log(`waiting ${settle} s`);
    await new Promise((r) => setTimeout(r, settle * 1000));
  }
  const m = await measure({
    base: server.base,
    password: 'bench-scale-pass',
    worker: 'wangwei',
    supervisor: 'yangfan',
    admin: 'admin',
    district: '310117',
    caseNos,
    requests: Number(arg('--requests', '50')),
    warmup: Number(arg('--warmup', '20')),
    budgetMs: Number(arg('--budget-seconds', '120')) * 1000,
    formsDir: path.join(PROCESSES_DIR, 'forms'),
    rnd: seededRandom(Number(arg('--seed', '12'))),
    log,
  });
  console.log(JSON.stringify({ ...m, load: os.loadavg() }));
} finally {
  await server.stop();
  await removeRedisKeys(redisUrl, prefix);
}
