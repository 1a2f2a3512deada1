// The bundled processes (processes/*.bpmn) at start-up. A bundled file is deployed when its process is
// absent, or when the file itself changed since it was last bundled; never merely because the latest
// version differs from it: that version may be an admin's (an SLA changed in the modeler), and a restart
// must not revert the admin's work. The sha256 of each bundled file is remembered per process key in the
// store (meta `bundled:<key>`), written after the deploy, so a crash in between redeploys the same XML
// (which changes nothing: it is the latest version then).
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Engine } from './engine.js';
import { MetaRecords } from './store/meta.js';
import { compileDefinition } from './model/compile.js';

export interface BundledResult {
  key: string;
  version: number;
  name?: string;
  /** deployed: absent or bundled file changed; kept: the latest version stays (admin's or this file's) */
  action: 'deployed' | 'kept';
  created: boolean;
}

interface BundledMeta {
  _id: string;
  key: string;
  hash: string;
  file: string;
  version: number;
  at: number;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const metaId = (key: string) => `bundled:${key}`;

/** Deploys the bundled files of `dir` that are absent or changed since last bundled; see the header. */
export async function deployBundledProcesses(engine: Engine, dir: string): Promise<BundledResult[]> {
  const meta = new MetaRecords(engine.store);
  const files = (await readdir(dir)).filter((f) => f.endsWith('.bpmn')).sort();
  const out: BundledResult[] = [];
  for (const file of files) {
    const xml = await readFile(path.join(dir, file), 'utf8');
    const hash = sha256(xml);
    const { key } = await compileDefinition(xml, { levels: engine.config.levels });
    const [seen, latest] = await Promise.all([
      meta.get<BundledMeta>(metaId(key)),
      engine.definitions.latest(key),
    ]);
    const log = engine.log.child({ key, file });
    let deploy: boolean;
    if (!latest) deploy = true;
    else if (seen) deploy = seen.hash !== hash;
    // a store from before the hashes were kept: only versions `system` deployed are the bundle's own
    else deploy = latest.deployedBy === 'system';
    if (!deploy) {
      if (!seen) await remember(engine, key, file, hash, latest!.version);
      if (latest!.deployedBy !== 'system')
        log.info(
          { version: latest!.version, deployedBy: latest!.deployedBy },
          'bundled process unchanged: keeping the latest version deployed by an admin',
        );
      out.push({ key, version: latest!.version, name: latest!.name, action: 'kept', created: false });
      continue;
    }
    const d = await engine.deploy(xml, 'system');
    await remember(engine, key, file, hash, d.version);
    if (latest && d.created)
      // deliberately over whatever is the latest (possibly an admin's): the shipped file changed
      log.warn(
        { version: d.version, replaced: latest.version, replacedBy: latest.deployedBy },
        'bundled process file changed since it was last bundled: deployed as a new version',
      );
    if (latest && d.created) await offerShippedPlans(engine, key, d.version);
    out.push({ key, version: d.version, name: d.name, action: 'deployed', created: d.created });
  }
  return out;
}

/**
 * Running cases of an earlier shipped version stay on it until an admin moves them: the shipped plan
 * (processes/migrations/<key>.json) is offered in the log and pre-filled at /admin/migrations, where the
 * admin runs a dry run first. Not applied here: a migration moves cases between legal steps, and whoever
 * runs it must see what happens to each case.
 */
async function offerShippedPlans(engine: Engine, key: string, version: number) {
  try {
    for (const offer of await engine.migrations.shippedOffers(key, version))
      engine.log.warn(
        { key, fromVersion: offer.fromVersion, toVersion: version, cases: offer.cases, plan: offer.file },
        'open cases of an earlier bundled version can move to the new one with the shipped migration plan: ' +
          'run it at /admin/migrations (dry run first)',
      );
  } catch (err) {
    // an offer is advice: a plan file that cannot be read must not stop the start-up
    engine.log.error({ err, key }, 'shipped migration plans could not be read');
  }
}

async function remember(engine: Engine, key: string, file: string, hash: string, version: number) {
  await new MetaRecords(engine.store).put({
    _id: metaId(key),
    key,
    hash,
    file,
    version,
    at: engine.clock.now(),
  });
}
