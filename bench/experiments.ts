// What-if experiments for the benchmark (BENCH_STORE_EXPERIMENT), to size the embedded store's share of a
// step. Never used by the engine itself; the headline figures are always measured without them.
//   memory     — NeDB appends nothing to its data files (not durable): the ceiling without file I/O
//   appendfile — NeDB's own fs.appendFile(path) per write (opens and closes the file every time), i.e. the
//                store before engine/store/nedb-append.ts kept one handle open per data file
import { appendFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { installPersistentAppends } from '../engine/store/nedb-append.js';

const require = createRequire(import.meta.url);

export function applyStoreExperiment(kind: string | undefined): string | undefined {
  if (!kind) return undefined;
  installPersistentAppends(); // what openEmbeddedStore installs; the experiment replaces it afterwards
  const storage = require('@seald-io/nedb/lib/storage.js') as Record<string, any>;
  if (kind === 'memory') storage.appendFileAsync = async () => {};
  else if (kind === 'appendfile') storage.appendFileAsync = appendFile;
  else throw new Error(`unknown BENCH_STORE_EXPERIMENT ${kind} (memory | appendfile)`);
  return kind;
}
