// The bundled decision tables (processes/decisions/*.dmn) at start-up, by the rule of the bundled processes
// (engine/bundled.ts): a file is deployed when one of its decisions is absent or when the file changed since
// it was last bundled (its sha256 in meta `bundled-dmn:<file>`), never over an admin's later version
// otherwise.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { BundledResult } from '../bundled.js';
import { MetaRecords } from '../store/meta.js';
import type { Store } from '../store/types.js';
import type { DecisionRepository } from './repository.js';
import { parseDecisions } from './parse.js';

/** What start-up did with a bundled decision: the same account as for a bundled process. */
export type BundledDecision = BundledResult;

interface BundledMeta {
  _id: string;
  file: string;
  hash: string;
  at: number;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export async function deployBundledDecisions(
  store: Store,
  repo: DecisionRepository,
  dir: string,
  now: number,
): Promise<BundledDecision[]> {
  if (!existsSync(dir)) return [];
  const meta = new MetaRecords(store);
  const out: BundledDecision[] = [];
  for (const file of (await readdir(dir)).filter((f) => f.endsWith('.dmn')).sort()) {
    const xml = await readFile(path.join(dir, file), 'utf8');
    const hash = sha256(xml);
    const keys = Object.keys((await parseDecisions(xml)).decisions);
    const seen = await meta.get<BundledMeta>(`bundled-dmn:${file}`);
    const latest = await Promise.all(keys.map((k) => repo.get(k)));
    if (seen?.hash === hash && latest.every(Boolean)) {
      for (const d of latest)
        out.push({ key: d!.key, version: d!.version, name: d!.name, action: 'kept', created: false });
      continue;
    }
    for (const d of await repo.deploy(xml, 'system', now)) out.push({ ...d, action: 'deployed' });
    await meta.put({ _id: `bundled-dmn:${file}`, file, hash, at: now });
  }
  return out;
}
