// The API/worker split in miniature: two engines over one store, as `npm run api` and `npm run worker` are,
// each with its own runner (and whatever per-process state the runner keeps). The API side starts cases and
// acts on tasks that the worker side created and moved along; every command must be decided on the stored
// state, not on what the API process itself last wrote. (Fails since 01b3d56: InstanceRunner.apply runs
// the command on its cached copy and lets a CommandError from that stale copy escape — "task … not found".)
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { systemClock } from '../../engine/clock.js';
import { loadConfig, type EngineConfig } from '../../engine/config.js';
import { Engine, PROCESSES_DIR } from '../../engine/engine.js';
import { applySeed, readSeed } from '../../engine/grid/seed.js';
import { silentLogger } from '../../engine/logger.js';
import { openTestStore } from '../helpers/store.js';
import type { Store } from '../../engine/store/types.js';
import { flow, processXml, userTask } from '../engine/fixtures.js';

const GRID1 = '310117001001001';
const TWO_TASKS = processXml(
  'split',
  `<bpmn:startEvent id="s"/>${flow('f0', 's', 'a')}${userTask('a', 'grid:level="grid"')}${flow('f1', 'a', 'b')}
   ${userTask('b', 'grid:level="grid"')}${flow('f2', 'b', 'e')}<bpmn:endEvent id="e"/>`,
);

describe('scale-out: API and worker as separate engines over one store', function () {
  this.timeout(30000);
  let dir: string;
  let store: Store;
  let api: Engine;
  let worker: Engine;

  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'grid-split-'));
    store = await openTestStore(dir);
    const config: EngineConfig = {
      ...loadConfig({ REDIS_URL: process.env.REDIS_URL }),
      dataDir: dir,
      queuePrefix: `{split${randomBytes(3).toString('hex')}}`,
    };
    const open = () => Engine.open({ config, store, clock: systemClock, logger: silentLogger });
    api = await open();
    worker = await open();
    await applySeed(store, await readSeed(path.join(PROCESSES_DIR, 'seed/org.json')), 'split-pass');
    await api.deploy(TWO_TASKS);
    await worker.startWorkers();
  });
  after(async () => {
    await worker.stopWorkers();
    await worker.queues.obliterate();
    await worker.queues.close();
    await api.queues.close();
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function openTask(instanceId: string, nodeId: string) {
    for (let i = 0; i < 200; i++) {
      const [t] = await api.openTasksOfCase(instanceId, { nodeId });
      if (t) return t;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`task ${nodeId} never opened`);
  }

  it('the API side completes, claims and cancels on state the worker side wrote', async () => {
    const s = await api.start('split', { gridUnit: GRID1 }, 'wangwei');
    const a = await openTask(s._id, 'a'); // created by the worker engine
    await api.claim(a._id, 'wangwei');
    await api.completeTask(a._id, 'wangwei', {});
    const b = await openTask(s._id, 'b');
    await api.completeTask(b._id, 'wangwei', {});
    expect((await api.waitForIdle(s._id)).status).to.equal('completed');

    const c = await api.start('split', { gridUnit: GRID1 }, 'wangwei');
    await openTask(c._id, 'a');
    expect((await api.cancelInstance(c._id, 'admin', 'duplicate case')).status).to.equal('cancelled');
  });
});
