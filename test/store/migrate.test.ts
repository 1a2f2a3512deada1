// The upgrade path from the old embedded (NeDB) store: a data folder written by a real engine (cases started,
// tasks completed, SLAs escalated on the test clock) is migrated into a fresh store from openStore, compared
// document by document, migrated again (no duplicates), and an engine on the target carries on: its timers
// are re-armed from the store at start, an open task completes and a due timer fires.
import { execFile } from 'node:child_process';
import { appendFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { ManualClock } from '../../engine/clock.js';
import { loadConfig, type EngineConfig } from '../../engine/config.js';
import { Engine, PROCESSES_DIR } from '../../engine/engine.js';
import { applySeed, readSeed } from '../../engine/grid/seed.js';
import { silentLogger } from '../../engine/logger.js';
import { timerJobId } from '../../engine/queue/queues.js';
import type { InstanceState } from '../../engine/runtime/types.js';
import { openEmbeddedStore } from '../../engine/store/embedded.js';
import { openStore } from '../../engine/store/index.js';
import { canonical, MigrationError, migrateStore } from '../../engine/store/migrate.js';
import { COLLECTIONS, type Doc, type Store } from '../../engine/store/types.js';
import { flow, processXml } from '../engine/fixtures.js';
import {
  GRID1,
  MONDAY_9AM,
  removeKeys,
  TEST_PASSWORD,
  testEngine,
  type TestEngine,
} from '../helpers/engine.js';

const HOUR = 3600_000;
const run = promisify(execFile);

/** a grid task with a 2-hour SLA, escalated to the community (1 day) when it runs out */
const SLA_TASK = processXml(
  'migr',
  `<bpmn:startEvent id="s"/>${flow('f0', 's', 'work')}
   <bpmn:userTask id="work" name="办理" grid:level="grid" grid:candidateRoles="handler" grid:sla="PT2H" grid:calendar="natural">
     <bpmn:extensionElements><grid:escalation><grid:step level="community" sla="P1D"/></grid:escalation></bpmn:extensionElements>
   </bpmn:userTask>
   ${flow('f1', 'work', 'e')}<bpmn:endEvent id="e"/>`,
);

/**
 * The old version: an engine on the NeDB store in `dir` (whatever openStore gives now), as testEngine builds
 * one otherwise: own queue prefix on the shared Redis, seeded org tree, manual clock.
 */
async function oldEngine(dir: string): Promise<TestEngine> {
  const store = await openEmbeddedStore(dir);
  const config: EngineConfig = {
    ...loadConfig({ REDIS_URL: process.env.REDIS_URL }),
    dataDir: dir,
    queuePrefix: `{t${randomBytes(4).toString('hex')}}`,
    sweepAfterMs: 300,
    sweepEveryMs: 100,
    concurrency: 8,
  };
  const clock = new ManualClock(MONDAY_9AM);
  const engine = await Engine.open({ config, clock, logger: silentLogger, store });
  await applySeed(store, await readSeed(path.join(PROCESSES_DIR, 'seed/org.json')), TEST_PASSWORD);
  await engine.startWorkers();
  return {
    engine,
    clock,
    config,
    async close() {
      await engine.stopWorkers();
      await engine.queues.obliterate();
      await engine.close(); // closes the store too: compacts its files and releases the folder
      await removeKeys(config.redisUrl, config.queuePrefix);
    },
  };
}

async function tmp(prefix: string): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), prefix));
}

async function allDocs(store: Store, name: (typeof COLLECTIONS)[number]): Promise<unknown[]> {
  return (await store.collection(name).find({}, { sort: { _id: 1 } })).map(canonical);
}

async function openTaskOf(t: TestEngine, instanceId: string) {
  return (await t.engine.openTasksOfCase(instanceId))[0];
}

describe('store migration from the old embedded (NeDB) store', function () {
  this.timeout(60000);
  const dirs: string[] = [];
  let src: string;
  /** engine clock when the old engine stopped */
  let stoppedAt: number;
  const ids: Record<'escalated' | 'escalated2' | 'open' | 'done', string> = {
    escalated: '',
    escalated2: '',
    open: '',
    done: '',
  };

  before(async () => {
    src = await tmp('grid-migr-src-');
    dirs.push(src);
    // the old version: the engine on the embedded store, whatever openStore gives by default now
    const t = await oldEngine(src);
    try {
      await t.engine.deploy(SLA_TASK);
      // the task (and its SLA) is created by a worker step: wait for it before the clock moves on
      const start = async () =>
        (await t.engine.waitForIdle((await t.engine.start('migr', { gridUnit: GRID1 }, 'wangwei'))._id))._id;
      ids.escalated = await start();
      ids.escalated2 = await start();
      t.clock.advance(HOUR);
      ids.open = await start();
      ids.done = await start();
      t.clock.advance(1.5 * HOUR); // the first two ran out half an hour ago, the others are due in 30 min
      await t.engine.fireDueTimers();
      const escalations = t.engine.store.collection('escalations');
      for (let i = 0; i < 400 && (await escalations.count({})) < 2; i++)
        await new Promise((r) => setTimeout(r, 25));
      expect(await escalations.count({}), 'two SLA escalations before the migration').to.equal(2);
      await t.engine.completeTask((await openTaskOf(t, ids.done))._id, 'wangwei', {});
      for (const id of Object.values(ids)) await t.engine.waitForIdle(id);
      stoppedAt = t.clock.now();
    } finally {
      await t.close();
    }
  });
  after(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it('copies every document, again without duplicates, and the engine on the target carries on', async () => {
    const tgt = await tmp('grid-migr-tgt-');
    dirs.push(tgt);
    const target = await openStore({ dataDir: tgt });
    const progress: string[] = [];
    const report = await migrateStore({
      from: src,
      target,
      targetDataDir: tgt,
      batchSize: 3, // several batches per collection
      idsPerPass: 10, // and several id partitions for the larger ones (history, tasks)
      onProgress: (p) => p.done && progress.push(p.collection),
    });
    expect(report.ok).to.equal(true);
    expect(progress).to.deep.equal([...COLLECTIONS]);
    const byName = Object.fromEntries(report.collections.map((c) => [c.collection, c]));
    expect(byName.instances.source).to.equal(4);
    expect(byName.escalations.source).to.equal(2);
    expect(byName.users.source).to.be.greaterThan(0);
    for (const c of report.collections) {
      expect(c.target, c.collection).to.equal(c.source);
      expect(c.sampled, c.collection).to.equal(Math.min(c.source, 200));
    }

    // every document, not only the sample, field by field
    const old = await openEmbeddedStore(src);
    try {
      for (const name of COLLECTIONS)
        expect(await allDocs(target, name), name).to.deep.equal(await allDocs(old, name));
    } finally {
      await old.close();
    }

    // a rerun (as after a crash half-way) adds nothing and verifies the same
    const again = await migrateStore({ from: src, target, targetDataDir: tgt, batchSize: 7 });
    expect(again.ok).to.equal(true);
    expect(again.collections.map((c) => [c.collection, c.target])).to.deep.equal(
      report.collections.map((c) => [c.collection, c.source]),
    );
    await target.close();

    // the new version on the migrated store, with empty queues (its own Redis prefix): recovery re-arms
    const t = await testEngine({ dataDir: tgt, now: stoppedAt });
    try {
      const open = (await t.engine.store.collection<InstanceState>('instances').findOne({ _id: ids.open }))!;
      const breach = Object.values(open.timers).find((x) => x.purpose === 'sla-breach')!;
      expect(breach.dueAt).to.be.greaterThan(stoppedAt);
      const job = await t.engine.queues.timers.getJob(timerJobId(ids.open, breach.id));
      expect(await job?.getState(), 'the pending SLA timer re-armed at start').to.equal('delayed');
      const escalated = (await t.engine.store
        .collection<InstanceState>('instances')
        .findOne({ _id: ids.escalated }))!;
      const next = Object.values(escalated.timers);
      expect(next.length, 'the escalated task has its community SLA timer').to.be.greaterThan(0);
      for (const x of next)
        expect(
          await (await t.engine.queues.timers.getJob(timerJobId(ids.escalated, x.id)))?.getState(),
        ).to.equal('delayed');

      // an open task of the old engine completes on the new one
      const done = await t.engine.completeTask((await openTaskOf(t, ids.open))._id, 'wangwei', {});
      expect(done?.status).to.equal('completed');
      expect((await t.engine.waitForIdle(ids.open)).status).to.equal('completed');

      // and the escalated task's timer fires when due
      const historyBefore = (await t.engine.history(ids.escalated)).length;
      t.clock.set(Math.max(...next.map((x) => x.dueAt)) + 1000);
      await t.engine.fireDueTimers();
      let after = escalated;
      for (let i = 0; i < 400; i++) {
        after = await t.engine.waitForIdle(ids.escalated);
        if (next.every((x) => !(x.id in after.timers))) break;
        await new Promise((r) => setTimeout(r, 25));
      }
      expect(
        next.filter((x) => x.id in after.timers),
        'fired timers leave the state',
      ).to.deep.equal([]);
      expect((await t.engine.history(ids.escalated)).length).to.be.greaterThan(historyBefore);
    } finally {
      await t.close();
    }
  });

  it('reports a document that differs in the target, and a count that differs, and fails', async () => {
    const tgt = await tmp('grid-migr-diff-');
    dirs.push(tgt);
    const target = await openStore({ dataDir: tgt });
    try {
      // the target holds a different version of one instance, and a task the source does not have
      await target.collection('instances').insert({ _id: ids.open, status: 'tampered' } as Doc);
      await target.collection('tasks').insert({ _id: 'not-in-source' } as Doc);
      const report = await migrateStore({ from: src, target, targetDataDir: tgt });
      expect(report.ok).to.equal(false);
      const instances = report.collections.find((c) => c.collection === 'instances')!;
      expect(instances.target).to.equal(instances.source); // the copy skipped the present _id
      expect(instances.mismatches.map((m) => m.id)).to.deep.equal([ids.open]);
      expect(instances.mismatches[0].path).to.not.equal('missing');
      const tasks = report.collections.find((c) => c.collection === 'tasks')!;
      expect(tasks.target).to.equal(tasks.source + 1);
      expect(tasks.mismatches).to.deep.equal([]);
    } finally {
      await target.close();
    }
  });

  it('refuses with TARGET_CONFLICT when the target holds another document with a unique key being copied', async () => {
    const tgt = await tmp('grid-migr-conflict-');
    dirs.push(tgt);
    const target = await openStore({ dataDir: tgt });
    try {
      // as if the new version had been started on the target first and created this user itself
      await target.collection('users').insert({ _id: 'someone-else', username: 'wangwei' } as Doc);
      const err = await migrateStore({ from: src, target, targetDataDir: tgt }).catch((e) => e);
      expect(err).to.be.instanceOf(MigrationError);
      expect(err.code).to.equal('TARGET_CONFLICT');
      expect(err.message).to.match(/^users: /);
    } finally {
      await target.close();
    }
  });

  it('a dry run reads and counts the source and writes nothing', async () => {
    const report = await migrateStore({ from: src, dryRun: true });
    expect(report.ok).to.equal(true);
    expect(report.collections.find((c) => c.collection === 'instances')?.source).to.equal(4);
    expect(report.collections.every((c) => c.target === undefined)).to.equal(true);
  });

  it('refuses a source held by a running engine, and the embedded store on the same folder', async () => {
    const dir = await tmp('grid-migr-locked-');
    dirs.push(dir);
    await writeFile(path.join(dir, 'tasks.db'), '{"_id":"a"}\n');
    // another live process of this machine holds it (our parent: alive for as long as we are)
    await writeFile(
      path.join(dir, 'grid.lock'),
      JSON.stringify({ pid: process.ppid, host: os.hostname(), at: new Date().toISOString() }),
    );
    const err = await migrateStore({ from: dir, dryRun: true }).catch((e) => e);
    expect(err).to.be.instanceOf(MigrationError);
    expect(err.code).to.equal('SOURCE_LOCKED');
    expect(err.message).to.contain(`pid ${process.ppid}`);

    const same = await openEmbeddedStore(src);
    try {
      const e2 = await migrateStore({ from: src, target: same, targetDataDir: src }).catch((e) => e);
      expect(e2.code).to.equal('SAME_STORE');
    } finally {
      await same.close();
    }
  });

  it('a missing, empty or corrupt source is refused with its code; a torn last line is ignored', async () => {
    const missing = await migrateStore({
      from: path.join(os.tmpdir(), 'no-such-grid-dir'),
      dryRun: true,
    }).catch((e) => e);
    expect(missing.code).to.equal('SOURCE_MISSING');
    const empty = await tmp('grid-migr-empty-');
    dirs.push(empty);
    expect((await migrateStore({ from: empty, dryRun: true }).catch((e) => e)).code).to.equal(
      'SOURCE_MISSING',
    );

    const corrupt = await tmp('grid-migr-corrupt-');
    dirs.push(corrupt);
    await writeFile(path.join(corrupt, 'tasks.db'), '{"_id":"a","n":1}\n{"_id":"b", oops\n{"_id":"c"}\n');
    const err = await migrateStore({ from: corrupt, dryRun: true }).catch((e) => e);
    expect(err.code).to.equal('SOURCE_CORRUPT');
    expect(err.message).to.match(/line 2/);

    const torn = await tmp('grid-migr-torn-');
    dirs.push(torn);
    await writeFile(path.join(torn, 'tasks.db'), '{"_id":"a","n":1}\n');
    await appendFile(path.join(torn, 'tasks.db'), '{"_id":"b","n":'); // a crash mid-append
    const report = await migrateStore({ from: torn, dryRun: true });
    const tasks = report.collections.find((c) => c.collection === 'tasks')!;
    expect([tasks.source, tasks.tornTail]).to.deep.equal([1, true]);
  });

  it('resolves the append log as NeDB does: last version wins, removals, index lines, dates, the ~ file', async () => {
    const dir = await tmp('grid-migr-log-');
    dirs.push(dir);
    const when = Date.parse('2026-03-02T01:00:00Z');
    await writeFile(
      path.join(dir, 'tasks.db'),
      [
        '{"$$indexCreated":{"fieldName":"status","unique":false}}',
        '{"_id":"a","v":1}',
        '{"_id":"b","v":1}',
        '{"_id":"a","v":2,"at":{"$$date":' + when + '}}',
        '{"$$deleted":true,"_id":"b"}',
        '',
        '{"_id":"c","v":1,"nested":{"list":[1,{"x":"是"}]}}',
        '{"$$indexRemoved":"status"}',
        '{"_id":"b","v":3}',
        // decoded rather than read by prefix: another key order, an escaped id
        '{"v":4,"_id":"d"}',
        '{"_id":"e\\"q","v":1}',
        '',
      ].join('\n'),
    );
    // only the compaction temp file of a collection (its data file was being replaced in a crash)
    await writeFile(path.join(dir, 'users.db~'), '{"_id":"u1","username":"u1"}\n');
    await writeFile(path.join(dir, 'plugins.db'), '{"_id":"x"}\n');
    const tgt = await tmp('grid-migr-logt-');
    dirs.push(tgt);
    const target = await openStore({ dataDir: tgt });
    try {
      const report = await migrateStore({ from: dir, target, targetDataDir: tgt, idsPerPass: 1 });
      expect(report.ok).to.equal(true);
      expect(report.ignoredFiles).to.deep.equal(['plugins.db']);
      expect(await target.collection('tasks').find({}, { sort: { _id: 1 } })).to.deep.equal([
        { _id: 'a', v: 2, at: new Date(when) },
        { _id: 'b', v: 3 },
        { _id: 'c', v: 1, nested: { list: [1, { x: '是' }] } },
        { _id: 'd', v: 4 },
        { _id: 'e"q', v: 1 },
      ]);
      expect(await target.collection('users').find({})).to.deep.equal([{ _id: 'u1', username: 'u1' }]);
    } finally {
      await target.close();
    }
  });

  it('the command: exit 2 with the code on a bad source, 0 once copied and verified, 1 on a difference', async () => {
    const cli = path.resolve('workers/migrate-store.ts');
    const dataDir = await tmp('grid-migr-cli-');
    dirs.push(dataDir);
    const env = { ...process.env, DATA_DIR: dataDir };
    const migrate = (...args: string[]) =>
      run(process.execPath, ['--import', 'tsx', cli, ...args], { env }).then(
        (r) => ({ code: 0, ...r }),
        (e: { code: number; stdout: string; stderr: string }) => e,
      );
    const bad = await migrate('--from', '/nonexistent/grid');
    expect(bad.code).to.equal(2);
    expect(bad.stderr).to.match(/^SOURCE_MISSING: /);
    // held by a live engine (this test process, seen from the command's): refused before the target is opened
    const held = await tmp('grid-migr-held-');
    dirs.push(held);
    await writeFile(path.join(held, 'tasks.db'), '{"_id":"a"}\n');
    await writeFile(
      path.join(held, 'grid.lock'),
      JSON.stringify({ pid: process.pid, host: os.hostname(), at: new Date().toISOString() }),
    );
    const locked = await migrate('--from', held);
    expect([locked.code, locked.stderr.split(':')[0]]).to.deep.equal([2, 'SOURCE_LOCKED']);
    const usage = await migrate('--batch', '0', '--from', src);
    expect([usage.code, usage.stderr.split(':')[0]]).to.deep.equal([2, 'BAD_ARGUMENT']);
    const dry = await migrate('--from', src, '--dry-run');
    expect(dry.code).to.equal(0);
    expect(dry.stdout).to.match(/^instances\s+4\s/m);
    expect(dry.stdout).to.contain('dry run');

    const done = await migrate('--from', src, '--batch', '50');
    expect(done.code, done.stderr).to.equal(0);
    expect(done.stdout).to.match(/^instances\s+4\s+4\s+4\/4\s/m);
    expect(done.stdout).to.contain('verified');
    // a document changed in the target since: the rerun reports it and fails
    const target = await openStore({ dataDir });
    await target.collection('instances').updateOne({ _id: ids.done }, { $set: { status: 'active' } });
    await target.close();
    const changed = await migrate('--from', src);
    expect(changed.code).to.equal(1);
    expect(changed.stdout).to.contain(`DIFFERENT: ${ids.done} at status`);
    expect(changed.stdout).to.contain('VERIFICATION FAILED');
  });
});
