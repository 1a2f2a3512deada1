// Gives the open tasks projected before countsFrom existed (engine/queue/outbox.ts TaskDoc) that field, once:
// until it is done, the statistics read every open task of a subtree as before (engine/stats/assess.ts asks
// countsFromReady), since a task without the field would be missed by the countsFrom index. Runs at engine
// open over the open tasks in pages of _id order, reading only the fields countsFrom derives from, with a
// turn of the event loop between pages; a `meta` marker makes every later open skip it without a scan.
// Closed tasks are left alone: they never count, and absent is what they would get. Each write is
// version-checked: a task projected meanwhile got its field from that projection.
import { MetaRecords } from '../store/meta.js';
import type { Store } from '../store/types.js';
import { TaskRepository } from '../queue/task-repository.js';
import { countsFromOf } from './facts.js';

const MARKER = 'taskCountsFromBackfilled';
const PAGE = 500;
/** What countsFromOf reads, the version to check, and the field itself. */
const FIELDS = ['instanceVersion', 'status', 'parked', 'escalations', 'assessDueAt', 'dueAt', 'countsFrom'];
const turn = () => new Promise<void>((ok) => setImmediate(ok));

/** Stores known to have finished the pass (a marker is never removed). */
const ready = new WeakSet<Store>();

/** Whether every open task carries countsFrom (the pass has finished on this store). */
export async function countsFromReady(store: Store): Promise<boolean> {
  if (ready.has(store)) return true;
  if (!(await new MetaRecords(store).marker(MARKER))) return false;
  ready.add(store);
  return true;
}

/** Returns the number of tasks given the field. */
export async function backfillCountsFrom(store: Store): Promise<number> {
  const meta = new MetaRecords(store);
  if (await meta.marker(MARKER)) return 0;
  const tasks = new TaskRepository(store);
  let done = 0;
  for (let after = ''; ;) {
    const page = await tasks.openAfter(after, PAGE, FIELDS);
    if (!page.length) break;
    for (const t of page) {
      const at = countsFromOf(t);
      if (at === undefined || at === t.countsFrom) continue;
      if (await tasks.setCountsFrom(t._id, t.instanceVersion, at)) done++;
    }
    after = page[page.length - 1]._id;
    await turn();
  }
  await meta.setMarker(MARKER);
  return done;
}
