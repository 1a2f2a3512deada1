// Gives the open tasks projected before countsFrom existed (engine/queue/outbox.ts TaskDoc) that field, once:
// until it is done, the statistics read every open task of a subtree as before (engine/stats/assess.ts asks
// countsFromReady), since a task without the field would be missed by the countsFrom index. Started in the
// background by engine open, which does not wait for it: on the kept 30k + 10k bench store it gave 4,965 of
// 7,660 open tasks the field in 5.5 s at a load average of 11 (a version-checked write each). It walks the
// open tasks in pages of _id order (the (status, _id) index of engine/store/sql/schema.ts: one range a page),
// reading only the fields countsFrom derives from, with a turn of the event loop between pages; a `meta`
// marker makes every later open skip it without a scan. Stopped (engine close), it leaves no marker and the
// next open walks again, skipping the tasks that have the field.
// Closed tasks are left alone: they never count, and absent is what they would get. Each write is
// version-checked: a task projected meanwhile got its field from that projection.
import { MetaRecords } from '../store/meta.js';
import type { Store } from '../store/types.js';
import { TaskRepository } from '../queue/task-repository.js';
import { countsFromOf } from './facts.js';

const MARKER = 'taskCountsFromBackfilled';
const PAGE = 100;
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

/** Returns the number of tasks given the field; `stopped` is asked between pages (engine close). */
export async function backfillCountsFrom(
  store: Store,
  stopped: () => boolean = () => false,
): Promise<number> {
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
    if (stopped()) return done;
  }
  await meta.setMarker(MARKER);
  return done;
}
