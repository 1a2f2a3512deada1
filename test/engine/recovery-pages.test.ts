// The start-up recovery's passes over the active cases (engine/queue/recovery.ts) run beside live requests:
// between pages they hand the event loop back. On the embedded store a page's read resolves without any I/O,
// so the due-timer pass over 10k open cases none of whose timers was due held the event loop for seconds
// (the scale benchmark's longest stall, 2.4 s at 30k + 10k). Counted in turns of the loop, not in time.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { ManualClock } from '../../engine/clock.js';
import { createLogger } from '../../engine/logger.js';
import { Recovery, type RecoveryDeps } from '../../engine/queue/recovery.js';
import type { Store } from '../../engine/store/types.js';
import { openTestStore } from '../helpers/store.js';

describe('recovery: pages of active cases', () => {
  let dir: string;
  let store: Store;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'grid-recovery-pages-'));
    store = await openTestStore(dir);
  });
  afterEach(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('turns the event loop between pages when no timer is due, and reads every active case once', async () => {
    const clock = new ManualClock(1_000_000);
    const cases = 350; // four pages
    await store.collection('instances').insertManyIgnoreDuplicates([
      ...Array.from({ length: cases }, (_, i) => ({
        _id: `c${String(i).padStart(4, '0')}`,
        status: 'active',
        // due tomorrow: nothing to fire, so the pass awaits nothing but the store
        timers: { t1: { id: 't1', purpose: 'sla-breach', dueAt: clock.now() + 86_400_000 } },
      })),
      { _id: 'closed', status: 'completed', timers: { t1: { id: 't1', dueAt: 0 } } },
    ]);
    // nothing is due, so neither the queues nor Redis are reached
    const recovery = new Recovery({
      store,
      clock,
      log: createLogger('silent'),
      config: { sweepAfterMs: 5000, sweepEveryMs: 2000 },
    } as unknown as RecoveryDeps);
    const read = store.collection('instances');
    let pages = 0;
    const find = read.find.bind(read);
    read.find = (async (...args: Parameters<typeof find>) => {
      pages++;
      return find(...args);
    }) as typeof read.find;
    let turns = 0;
    let done = false;
    const tick = () => {
      if (done) return;
      turns++;
      setImmediate(tick);
    };
    setImmediate(tick);
    try {
      expect(await recovery.promoteDueTimers()).to.equal(0);
    } finally {
      done = true;
      read.find = find;
    }
    expect(pages).to.equal(5); // four pages and the empty one that ends the pass
    expect(turns).to.be.at.least(4);
  });
});
