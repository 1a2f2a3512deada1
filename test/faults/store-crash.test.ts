// The embedded store under the engine's own writes, killed mid-write: a child runs racing version-checked
// transitions (instance replace + outbox-appended history) and is SIGKILLed at a random moment, three times
// on the same folder. After each crash the store reopens, no instance document is torn or inconsistent
// (its counter matches its version), no acknowledged write is missing, and once the outbox sweeper has
// replayed what the dead process left, the history holds exactly one record per applied transition.
// (test/store/embedded-crash.test.ts covers the raw store the same way; this is the engine-level view.)
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import type { HistoryRecord, InstanceState } from '../../engine/runtime/types.js';
import { flow, processXml, userTask } from '../engine/fixtures.js';
import { GRID1, here, openFaultEngine, repoRoot, sleep } from './support.js';

const XML = processXml(
  'crashy',
  `<bpmn:startEvent id="s"/>${flow('f0', 's', 'w')}${userTask('w')}${flow('f1', 'w', 'e')}<bpmn:endEvent id="e"/>`,
);

/** Runs the child, kills it `killAfterMs` after it is ready; returns the highest acknowledged version per id. */
function runAndKill(dataDir: string, prefix: string, killAfterMs: number): Promise<Map<string, number>> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(here, 'fixtures', 'apply-child.ts')],
      {
        cwd: repoRoot,
        env: { ...process.env, FAULT_DATA_DIR: dataDir, FAULT_PREFIX: prefix },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const acked = new Map<string, number>();
    let buf = '';
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      const lines = buf.split('\n');
      buf = lines.pop()!;
      for (const line of lines) {
        if (line === 'ready') {
          setTimeout(() => child.kill('SIGKILL'), killAfterMs);
          continue;
        }
        const [id, v] = line.split(' ');
        acked.set(id, Math.max(acked.get(id) ?? 0, Number(v)));
      }
    });
    const guard = setTimeout(() => child.kill('SIGKILL'), 30000);
    child.on('exit', (_code, signal) => {
      clearTimeout(guard);
      if (signal !== 'SIGKILL') reject(new Error(`child ended by itself (${signal})`));
      else resolve(acked);
    });
  });
}

describe('faults: the embedded store killed mid-write under engine transitions', function () {
  this.timeout(60000);

  it('reopens consistent three times over: nothing torn, nothing acknowledged lost, history exactly once', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'grid-storecrash-'));
    const prefix = `{sc${randomBytes(3).toString('hex')}}`;
    try {
      const setup = await openFaultEngine({ dataDir, prefix, seed: true });
      await setup.deploy(XML);
      for (let i = 0; i < 20; i++) await setup.start('crashy', { gridUnit: GRID1 }, 'wangwei');
      await setup.close();
      const acked = new Map<string, number>();
      let total = 0;
      for (let round = 1; round <= 3; round++) {
        const got = await runAndKill(dataDir, prefix, 300 + Math.random() * 900);
        for (const [id, v] of got) acked.set(id, Math.max(acked.get(id) ?? 0, v));
        total += got.size;

        const engine = await openFaultEngine({ dataDir, prefix });
        try {
          const instances = engine.store.collection<InstanceState>('instances');
          await engine.recovery.sweepOutboxes(0); // what a starting worker does first
          const docs = await instances.find({});
          expect(docs).to.have.length(20);
          for (const s of docs) {
            const n = Number(s.variables.n ?? 0);
            expect(n, `${s._id} counter vs version`).to.equal(s.version - 1);
            expect(s.variables.pad ?? '', `${s._id} payload`).to.have.length(
              ((n * 7919) % 3000) * (n ? 1 : 0),
            );
            expect(s.version, `${s._id} acknowledged version`).to.be.at.least(acked.get(s._id) ?? 0);
            expect(s.outbox, `${s._id} outbox replayed`).to.deep.equal([]);
            const bumps = (
              await engine.store
                .collection<HistoryRecord>('history')
                .find({ instanceId: s._id, action: 'bump' })
            )
              .map((h) => Number(h.details!.n))
              .sort((a, b) => a - b);
            expect(bumps, `${s._id} history`).to.deep.equal(Array.from({ length: n }, (_, i) => i + 1));
          }
        } finally {
          await engine.close();
        }
        await sleep(10);
      }
      expect(total, 'the child made progress').to.be.greaterThan(0);
      const cleanup = await openFaultEngine({ dataDir, prefix });
      await cleanup.queues.obliterate();
      await cleanup.close();
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
