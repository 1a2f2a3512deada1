import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'chai';
import { DateTime } from 'luxon';
import { importArchive, readArchive } from '../../engine/retention/archive.js';
import { CLEANED_COLLECTIONS, HistoryCleanup } from '../../engine/retention/cleanup.js';
import { silentLogger } from '../../engine/logger.js';
import type { InstanceState } from '../../engine/runtime/types.js';
import { COLLECTIONS, type CollectionName, type Doc, type Store } from '../../engine/store/types.js';
import { GRID1, testEngine, type TestEngine } from '../helpers/engine.js';
import { retentionProcess } from './fixtures.js';

const DAY = 86_400_000;

type Snapshot = Record<string, Map<string, Doc>>;

/**
 * Every document of the store, as the store keeps it on disk: the embedded store holds nested `undefined`
 * fields in memory that its own file (JSON, as the archive) leaves out, so both sides compare as JSON.
 */
async function snapshot(store: Store): Promise<Snapshot> {
  const out: Snapshot = {};
  for (const c of COLLECTIONS)
    out[c] = new Map((await store.collection(c).find({})).map((d) => [d._id, JSON.parse(JSON.stringify(d))]));
  return out;
}

/** Documents in `a` and not in `b`, as `collection/_id` → document. */
function minus(a: Snapshot, b: Snapshot): Map<string, Doc> {
  const out = new Map<string, Doc>();
  for (const c of Object.keys(a)) for (const [id, d] of a[c]) if (!b[c].has(id)) out.set(`${c}/${id}`, d);
  return out;
}

async function archived(files: string[]): Promise<Map<string, Doc>> {
  const out = new Map<string, Doc>();
  for (const f of files) for await (const l of readArchive(f)) out.set(`${l.collection}/${l.doc._id}`, l.doc);
  return out;
}

/** The store, recording the collections asked for, whose deleteMany throws on the `failAt`-th call (1-based). */
function failingStore(real: Store, failAt: number, asked: Set<string>, deleted = { count: 0 }): Store {
  let deletes = 0;
  return {
    kind: real.kind,
    ping: () => real.ping(),
    sizeBytes: () => real.sizeBytes(),
    close: () => real.close(),
    collection(name: CollectionName) {
      asked.add(name);
      const col = real.collection(name);
      return new Proxy(col, {
        get(target, prop, receiver) {
          if (prop === 'deleteMany')
            return async (q: Record<string, unknown>) => {
              deletes += 1;
              if (deletes === failAt) throw new Error(`injected failure at delete ${deletes}`);
              const n = await target.deleteMany(q);
              deleted.count += n;
              return n;
            };
          const v = Reflect.get(target, prop, receiver);
          return typeof v === 'function' ? v.bind(target) : v;
        },
      });
    },
  } as Store;
}

describe('retention: history cleanup, archive and re-import', () => {
  let t: TestEngine;
  let archiveDir: string;
  before(async () => {
    t = await testEngine();
    archiveDir = t.engine.retention.archiveDir;
    await t.engine.deploy(retentionProcess('ret_ttl', 'grid:historyTimeToLive="P30D"'));
    await t.engine.deploy(retentionProcess('ret_keep'));
  });
  after(() => t.close());

  const files = async () =>
    (await readdir(archiveDir).catch(() => [] as string[]))
      .filter((f) => f.endsWith('.jsonl.gz'))
      .map((f) => path.join(archiveDir, f))
      .sort();

  async function openCase(key: string) {
    const s = await t.engine.start(key, { gridUnit: GRID1, variables: { note: key } }, 'wangwei');
    return t.engine.waitForIdle(s._id);
  }
  async function finish(id: string) {
    const [task] = await t.engine.openTasksOfCase(id);
    await t.engine.claim(task._id, 'wangwei');
    await t.engine.completeTask(task._id, 'wangwei', { result: 'ok' });
    await t.engine.waitForIdle(id);
    // the cleanup leaves a case whose outbox is not yet cleared (the sweeper clears it within
    // SWEEP_AFTER_MS): clear it now instead of waiting
    await t.engine.recovery.sweepOutboxes(0);
    return (await t.engine.store.collection<InstanceState>('instances').findOne({ _id: id }))!;
  }

  /** Children that steps of this process do not make, written as the engine writes them. */
  async function addChildren(id: string, other: string) {
    const st = t.engine.store;
    await st.collection('escalations').insert({ _id: `${id}.esc`, instanceId: id, taskId: 'x', firedAt: 1 });
    await st
      .collection('supervisions')
      .insert({ _id: `so-${id}`, instanceId: id, kind: 'duban', status: 'open' });
    await st.collection('incidents').insert({ _id: `inc@${id}`, instanceId: id, status: 'resolved' });
    await st
      .collection('subscriptions')
      .insert({ _id: `sub@${id}`, instanceId: id, name: 'm', correlationKey: 'k' });
    // a message delivered only to this case goes; one delivered to it and a case that stays, stays
    await st
      .collection('messages')
      .insert({ _id: `msg-${id}`, targets: [{ instanceId: id, subscriptionId: 'a' }] });
    await st.collection('messages').insert({
      _id: `msg-both-${id}`,
      targets: [
        { instanceId: id, subscriptionId: 'a' },
        { instanceId: other, subscriptionId: 'b' },
      ],
    });
    // a notification with items of this case only goes; one that also has an item of a staying case stays
    await st
      .collection('notifications')
      .insert({ _id: `u|only-${id}`, recipient: 'wangwei', read: false, at: 1 });
    await st
      .collection('notificationItems')
      .insert({ _id: `u|only-${id}#1`, notificationId: `u|only-${id}`, instanceId: id, at: 1 });
    await st
      .collection('notifications')
      .insert({ _id: `u|shared-${id}`, recipient: 'wangwei', read: false, at: 1 });
    await st
      .collection('notificationItems')
      .insert({ _id: `u|shared-${id}#1`, notificationId: `u|shared-${id}`, instanceId: id, at: 1 });
    await st
      .collection('notificationItems')
      .insert({ _id: `u|shared-${id}#2`, notificationId: `u|shared-${id}`, instanceId: other, at: 1 });
  }

  it('sets removalAt = endedAt + ttl when a case ends, and none for open cases or cases kept forever', async () => {
    const open = await openCase('ret_ttl');
    expect(open.removalAt).to.equal(undefined);
    const ended = await finish(open._id);
    expect(ended.removalAt).to.equal(ended.endedAt! + 30 * DAY);
    const kept = await finish((await openCase('ret_keep'))._id);
    expect(kept.status).to.equal('completed');
    expect(kept.removalAt).to.equal(undefined);
  });

  it('removes due cases with all their children, archives every removed document, re-imports them exactly once', async () => {
    const doomed = [
      await finish((await openCase('ret_ttl'))._id),
      await finish((await openCase('ret_ttl'))._id),
    ];
    const stillOpen = await openCase('ret_ttl');
    const forever = await finish((await openCase('ret_keep'))._id);
    for (const d of doomed) await addChildren(d._id, stillOpen._id);
    const doomedIds = new Set(doomed.map((d) => d._id));
    const before = await snapshot(t.engine.store);
    const filesBefore = await files();

    // not due yet: nothing happens
    const early = await t.engine.retention.runCleanup('test');
    expect(early.cases).to.equal(0);
    expect(minus(before, await snapshot(t.engine.store)).size).to.equal(0);

    t.clock.advance(31 * DAY);
    const asked = new Set<string>();
    const report = await new HistoryCleanup({
      store: failingStore(t.engine.store, 0, asked),
      now: () => t.clock.now(),
      archiveDir,
      timezone: 'Asia/Shanghai',
      log: silentLogger,
    }).run({ batchSize: 1 });
    const after = await snapshot(t.engine.store);
    const removed = minus(before, after);
    // the first test's ended case is due too
    expect(report.cases).to.equal(3);
    expect(report.batches).to.equal(3);
    expect(minus(after, before).size, 'nothing added').to.equal(0);

    // exactly the documents of the removed cases went
    const caseOf = (key: string, d: Doc): string | undefined => {
      if (key.startsWith('instances/')) return d._id;
      if (typeof d.instanceId === 'string') return d.instanceId;
      if (key.startsWith('messages/')) return (d.targets as Array<{ instanceId: string }>)[0].instanceId;
      // `recipient|instance.effect` (engine/queue/outbox.ts), or `u|only-instance` written above
      if (key.startsWith('notifications/')) return /\|(?:only-)?(i[0-9a-f]{20})/.exec(d._id)?.[1];
      return undefined;
    };
    const removedCases = new Set([...removed].map(([k, d]) => caseOf(k, d)));
    expect([...removedCases].sort()).to.have.length(3);
    for (const id of doomedIds) expect(removedCases.has(id)).to.equal(true);
    for (const k of removed.keys()) expect(CLEANED_COLLECTIONS, k).to.include(k.split('/')[0]);
    for (const c of COLLECTIONS) {
      for (const [id, d] of before[c]) {
        const owner = c === 'instances' ? id : d.instanceId;
        if (typeof owner !== 'string' || !removedCases.has(owner)) continue;
        // assessment facts outlive their cases: the figures of past periods must not change
        if (c.startsWith('stat')) expect(after[c].has(id), `${c}/${id} kept`).to.equal(true);
        else expect(after[c].has(id), `${c}/${id} removed`).to.equal(false);
      }
    }
    for (const id of doomedIds) {
      expect(removed.has(`messages/msg-${id}`)).to.equal(true);
      expect(removed.has(`notifications/u|only-${id}`)).to.equal(true);
      expect(after.messages.has(`msg-both-${id}`), 'message shared with a staying case').to.equal(true);
      expect(after.notifications.has(`u|shared-${id}`), 'notification shared with a staying case').to.equal(
        true,
      );
      expect(after.notificationItems.has(`u|shared-${id}#2`)).to.equal(true);
      for (const c of ['history', 'tasks', 'escalations', 'supervisions', 'incidents', 'subscriptions'])
        expect(
          [...removed.keys()].some((k) => k.startsWith(`${c}/`) && removed.get(k)!.instanceId === id),
          c,
        ).to.equal(true);
    }
    // open cases, cases kept forever and everything else untouched
    for (const keep of [stillOpen._id, forever._id]) {
      expect(after.instances.get(keep)).to.deep.equal(before.instances.get(keep));
      expect([...after.history.values()].filter((h) => h.instanceId === keep)).to.deep.equal(
        [...before.history.values()].filter((h) => h.instanceId === keep),
      );
    }
    for (const c of COLLECTIONS.filter((x) => !CLEANED_COLLECTIONS.includes(x)))
      expect([...after[c].entries()], c).to.deep.equal([...before[c].entries()]);
    // the cleanup never even looked at the assessment's collections
    expect([...asked].filter((c) => c.startsWith('stat'))).to.deep.equal([]);
    expect([...asked].every((c) => CLEANED_COLLECTIONS.includes(c as CollectionName))).to.equal(true);
    const total = Object.values(report.removed).reduce((a, b) => a + (b ?? 0), 0);
    expect(total).to.equal(removed.size);

    // the archive holds every removed document, as it was
    const newFiles = (await files()).filter((f) => !filesBefore.includes(f));
    expect(newFiles).to.have.length(3);
    expect(newFiles.map((f) => path.basename(f))).to.satisfy((names: string[]) =>
      names.every((n) => /^history-2026-04-02-[0-9a-f]{8}-\d{4}\.jsonl\.gz$/.test(n)),
    );
    const inArchive = await archived(newFiles);
    expect([...inArchive.keys()].sort()).to.deep.equal([...removed.keys()].sort());
    for (const [k, d] of removed) expect(inArchive.get(k), k).to.deep.equal(d);

    // re-import restores the store exactly; a second import adds nothing
    for (const f of newFiles) await importArchive(t.engine.store, f);
    const restored = await snapshot(t.engine.store);
    for (const c of COLLECTIONS)
      expect([...restored[c].entries()].sort(), c).to.deep.equal([...before[c].entries()].sort());
    const again = await Promise.all(newFiles.map((f) => importArchive(t.engine.store, f)));
    for (const r of again) for (const n of Object.values(r.inserted)) expect(n).to.equal(0);
    expect(again.reduce((a, r) => a + r.lines, 0)).to.equal(removed.size);
    const twice = await snapshot(t.engine.store);
    for (const c of COLLECTIONS) expect(twice[c].size, c).to.equal(before[c].size);

    // clean up what the re-import restored, for the tests below
    await t.engine.retention.runCleanup('test');
  });

  for (const failAt of [1, 4, 9])
    it(`survives a crash after the archive is written, at delete ${failAt}: the rerun removes the rest, nothing is lost`, async () => {
      const doomed = [
        await finish((await openCase('ret_ttl'))._id),
        await finish((await openCase('ret_ttl'))._id),
      ];
      const stillOpen = await openCase('ret_ttl');
      // its outbox clearing write, which would otherwise land between the snapshots compared below
      await t.engine.recovery.sweepOutboxes(0);
      for (const d of doomed) await addChildren(d._id, stillOpen._id);
      t.clock.advance(31 * DAY);
      const before = await snapshot(t.engine.store);
      const filesBefore = await files();
      const cleanup = (store: Store) =>
        new HistoryCleanup({
          store,
          now: () => t.clock.now(),
          archiveDir,
          timezone: 'Asia/Shanghai',
          log: silentLogger,
        });
      let failed: Error | undefined;
      const beforeCrash = { count: 0 };
      try {
        await cleanup(failingStore(t.engine.store, failAt, new Set(), beforeCrash)).run();
      } catch (err) {
        failed = err as Error;
      }
      expect(failed?.message).to.match(/injected failure/);
      const crashed = await snapshot(t.engine.store);
      // the instances are deleted last: a crash leaves them all, so the rerun finds them
      for (const d of doomed) expect(crashed.instances.has(d._id)).to.equal(true);
      const rerun = await cleanup(t.engine.store).run();
      expect(rerun.cases).to.equal(2);
      const after = await snapshot(t.engine.store);
      const removed = minus(before, after);
      for (const d of doomed) {
        expect(after.instances.has(d._id)).to.equal(false);
        // every document of the case went, but its assessment facts (they outlive their cases)
        for (const c of COLLECTIONS.filter((x) => !x.startsWith('stat')))
          for (const doc of after[c].values()) expect(doc.instanceId, `${c}/${doc._id}`).to.not.equal(d._id);
      }
      expect(after.instances.has(stillOpen._id)).to.equal(true);
      // removed once: what the crashed run deleted and what the rerun deleted add up to what went
      const rerunTotal = Object.values(rerun.removed).reduce((a, b) => a + (b ?? 0), 0);
      expect(beforeCrash.count + rerunTotal).to.equal(removed.size);
      if (failAt > 1) expect(beforeCrash.count).to.be.greaterThan(0);
      // every removed document is in the archives of the two runs (some in both)
      const newFiles = (await files()).filter((f) => !filesBefore.includes(f));
      expect(newFiles).to.have.length(2);
      const inArchive = await archived(newFiles);
      for (const [k, d] of removed) expect(inArchive.get(k), k).to.deep.equal(d);
      expect([...inArchive.keys()].filter((k) => !removed.has(k))).to.deep.equal([]);
      // importing both (overlapping) archives restores each document once
      for (const f of newFiles) await importArchive(t.engine.store, f);
      const restored = await snapshot(t.engine.store);
      for (const c of COLLECTIONS)
        expect([...restored[c].entries()].sort(), c).to.deep.equal([...before[c].entries()].sort());
      await cleanup(t.engine.store).run();
    });
  it("keeps a past month's statistics — its day buckets and its month sum — when the month's cases are removed", async () => {
    const doomed = [
      await finish((await openCase('ret_ttl'))._id),
      await finish((await openCase('ret_ttl'))._id),
    ];
    const zone = 'Asia/Shanghai';
    const month = DateTime.fromMillis(t.clock.now(), { zone }).startOf('month');
    const unit = (await t.engine.org.unit(GRID1))!;
    const now = t.clock.now();
    // the whole month: read from its sum when the machine's clock is past it, from its day buckets before
    const query = (wallClock: () => number) =>
      t.engine.assess({
        unit: { code: unit.code, name: unit.name, level: unit.level },
        children: [],
        units: [{ code: unit.code, name: unit.name, level: unit.level }],
        codes: [GRID1],
        from: month.toMillis(),
        to: month.plus({ months: 1 }).toMillis(),
        now,
        timezone: zone,
        wallClock,
      });
    const later = () => month.plus({ months: 2 }).toMillis();
    const figures = await query(later);
    expect(figures.closed).to.be.at.least(2);
    expect(await query(() => 0), 'from the day buckets alone').to.deep.equal(figures);
    const sums = () => t.engine.store.collection('statMonths').find({ unit: GRID1 }, { sort: { _id: 1 } });
    const summed = await sums();
    expect(summed.filter((d) => d.month === month.toFormat('yyyy-MM') && d.tally)).to.have.length(1);

    t.clock.advance(31 * DAY);
    await t.engine.retention.runCleanup('test');
    for (const d of doomed)
      expect(await t.engine.store.collection('instances').findOne({ _id: d._id }), 'removed').to.equal(null);
    expect(await sums()).to.deep.equal(summed);
    expect(await query(later)).to.deep.equal(figures);
    expect(await query(() => 0)).to.deep.equal(figures);
  });
});
