// Crash safety of the embedded store: a child process writes in a tight loop (appends, version-checked
// updates and replaces, batch inserts, compactions every 15 ms) and is SIGKILLed mid-flight. The store
// must reopen, every document must be whole and self-consistent, and every write the child saw
// acknowledged must be there. Three rounds on the same folder: each round also reopens what the
// previous crash left behind.
import { spawn } from 'node:child_process';
import { existsSync, watch } from 'node:fs';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { openEmbeddedStore } from '../../engine/store/embedded.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const writer = path.join(here, 'fixtures', 'crash-writer.ts');
const repoRoot = path.resolve(here, '..', '..');

/**
 * Runs the writer and SIGKILLs it once it acknowledged `minAcks` writes plus a random extra ('append'),
 * or, after `minAcks` writes, as soon as a compaction creates its temp file `<name>.db~` ('compaction').
 */
function runAndKill(dir: string, minAcks: number, at: 'append' | 'compaction'): Promise<Map<string, number>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', writer, dir], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const acked = new Map<string, number>();
    const killAt = at === 'append' ? minAcks + Math.floor(Math.random() * minAcks) : Infinity;
    let acks = 0;
    let buffered = '';
    let stderr = '';
    let killed = false;
    const kill = () => {
      if (killed) return;
      killed = true;
      child.kill('SIGKILL');
    };
    const watcher = watch(dir, (_event, file) => {
      if (at === 'compaction' && acks >= minAcks && file?.endsWith('~')) kill();
    });
    const timeout = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`writer made too little progress (${acks} acks): ${stderr}`));
    }, 6000);
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.on('data', (d: Buffer) => {
      buffered += d.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) {
        if (line === 'ready') continue;
        const [id, v] = line.split(' ');
        acked.set(id, Math.max(acked.get(id) ?? 0, Number(v)));
        if (++acks >= killAt) kill();
      }
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timeout);
      watcher.close();
      if (signal === 'SIGKILL' && killed) resolve(acked);
      else reject(new Error(`writer exited on its own (code ${code}, signal ${signal}): ${stderr}`));
    });
  });
}

describe('embedded store crash safety', function () {
  this.timeout(20000); // about 2 s on an idle machine
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'grid-store-crash-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('reopens consistent after SIGKILL during writes and compactions, three times', async () => {
    const seen = new Map<string, number>();
    let durable = 0;
    let killedInCompaction = 0;
    for (let round = 1; round <= 3; round++) {
      const acked = await runAndKill(dir, 150, round === 1 ? 'append' : 'compaction');
      for (const [id, v] of acked) seen.set(id, Math.max(seen.get(id) ?? 0, v));
      const leftover = (await readdir(dir)).filter((f) => f.endsWith('~')).length;
      // on disk, only the last line of a data file may be torn; every other line is a whole document
      for (const name of ['instances.db', 'history.db']) {
        const lines = (await readFile(path.join(dir, name), 'utf8')).split('\n');
        const complete = lines.slice(0, -1); // after the last '\n': '' or a torn append
        for (const line of complete)
          expect(() => JSON.parse(line), `${name}: ${line.slice(0, 80)}`).not.to.throw();
      }
      if (leftover) killedInCompaction++;

      const store = await openEmbeddedStore(dir); // must not throw
      const instances = await store.collection('instances').find({});
      for (const d of instances) {
        expect(d._id).to.match(/^d\d+$/);
        expect(d.version, d._id).to.be.a('number').within(1, 1000);
        expect(d.count, d._id).to.equal(d.version);
        expect(d.payload).to.match(/^p+$/);
      }
      const byId = new Map(instances.map((d) => [d._id, d.version as number]));
      for (const [id, v] of seen) {
        expect(byId.get(id), `acknowledged write ${id} v${v}`).to.be.at.least(v);
      }
      const history = await store.collection('history').find({});
      for (const h of history) expect(h._id.startsWith(`${h.instanceId}.${h.step}.`)).to.equal(true);
      expect(instances.length).to.be.greaterThan(0);
      durable = instances.length;
      await store.close();
      expect(existsSync(path.join(dir, 'instances.db'))).to.equal(true);
      console.log(
        `      round ${round}: ${acked.size} instances acknowledged, ${durable} durable, ` +
          `${history.length} history docs, ${leftover} compaction temp file(s) left by the kill`,
      );
    }
    expect(durable).to.be.greaterThan(0);
    // the kill landed between the temp file's creation and its rename at least once
    expect(killedInCompaction).to.be.greaterThan(0);
  });
});
