// Bundled processes at start-up (engine/bundled.ts): deployed when absent or when the bundled file changed,
// never over an admin's version otherwise, also across a restart on the same store.
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { deployBundled } from '../../engine/bootstrap.js';
import { PROCESSES_DIR } from '../../engine/engine.js';
import { testEngine } from '../helpers/engine.js';

describe('engine: bundled processes at start-up', function () {
  this.timeout(30000);
  let dataDir: string;
  let bundleDir: string;
  let file: string;
  before(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'grid-bundled-data-'));
    bundleDir = await mkdtemp(path.join(os.tmpdir(), 'grid-bundled-files-'));
    file = path.join(bundleDir, 'fire-hazard.bpmn');
    await copyFile(path.join(PROCESSES_DIR, 'fire-hazard.bpmn'), file);
  });
  after(async () => {
    await rm(dataDir, { recursive: true, force: true });
    await rm(bundleDir, { recursive: true, force: true });
  });

  /** one start of the engine on the same store: bootstrap deploys the bundle, then `fn` runs */
  async function restart<T>(fn: (e: Awaited<ReturnType<typeof testEngine>>['engine']) => Promise<T>) {
    const t = await testEngine({ dataDir, workers: false });
    try {
      const bundled = await deployBundled(t.engine, bundleDir);
      return { bundled, out: await fn(t.engine) };
    } finally {
      await t.close();
    }
  }
  const latestOf = (e: Awaited<ReturnType<typeof testEngine>>['engine']) =>
    e.definitions.latest('fire_hazard');

  it("keeps an admin's version across a restart; a changed bundled file becomes a new version", async () => {
    // first start: absent, so deployed by system; then an admin changes an SLA (v2)
    const first = await restart(async (e) => {
      const xml = (await readFile(file, 'utf8')).replace('grid:sla="P1D"', 'grid:sla="P2D"');
      return e.deploy(xml, 'admin');
    });
    expect(first.bundled).to.deep.equal([
      { key: 'fire_hazard', version: 1, name: first.bundled[0].name, action: 'deployed', created: true },
    ]);
    expect(first.out).to.include({ version: 2, created: true });

    // restart with the same bundled file: the admin's v2 stays the latest (it used to become v3 by system)
    const second = await restart(latestOf);
    expect(second.bundled[0]).to.include({ version: 2, action: 'kept', created: false });
    expect(second.out).to.include({ version: 2, deployedBy: 'admin' });
    expect(second.out!.xml).to.contain('grid:sla="P2D"');

    // a store from before the bundle hashes were kept: the admin's version is not replaced either
    const legacy = await restart(async (e) => {
      await e.store.collection('meta').deleteMany({ _id: 'bundled:fire_hazard' });
      return deployBundled(e, bundleDir).then(async (r) => ({ r, latest: await latestOf(e) }));
    });
    expect(legacy.out.r[0]).to.include({ version: 2, action: 'kept' });
    expect(legacy.out.latest).to.include({ version: 2, deployedBy: 'admin' });

    // the shipped file changes (a new release): deployed as v3 over the admin's v2
    await writeFile(file, (await readFile(file, 'utf8')).replace('grid:sla="P1D"', 'grid:sla="P3D"'));
    const third = await restart(latestOf);
    expect(third.bundled[0]).to.include({ version: 3, action: 'deployed', created: true });
    expect(third.out).to.include({ version: 3, deployedBy: 'system' });
    expect(third.out!.xml).to.contain('grid:sla="P3D"');

    // and once more unchanged: nothing new
    const fourth = await restart(latestOf);
    expect(fourth.bundled[0]).to.include({ version: 3, action: 'kept' });
    expect(await restart((e) => e.definitions.versions('fire_hazard')).then((r) => r.out)).to.deep.equal([
      1, 2, 3,
    ]);
  });
});
