// Gives cases written before access keys existed (or imported from an older store) their keys, once; and,
// once more, the keys of cases written before the starter was one of them (`u:<starter>`, for "我经手的").
// Runs at engine open in pages; a `meta` marker per pass makes every later open skip it without a scan.
import { MetaRecords, type Marker } from '../store/meta.js';
import type { Store } from '../store/types.js';
import { accessKeysOf } from './access-keys.js';
import { OPEN_KEYS_VERSION, openKeysOf } from './task-keys.js';
import { InstanceRepository } from './instance-repository.js';
import { TaskRepository } from '../queue/task-repository.js';

const MARKER = 'accessKeysBackfilled';
const STARTER_MARKER = 'accessKeysStarterBackfilled';
const OPEN_TASK_MARKER = 'openTaskKeysBackfilled';
const PAGE = 500;

/** Returns the number of cases given keys. */
export async function backfillAccessKeys(store: Store): Promise<number> {
  const meta = new MetaRecords(store);
  const instances = new InstanceRepository(store);
  let done = 0;
  if (!(await meta.marker(MARKER))) {
    for (;;) {
      const page = await instances.withoutAccessKeys(PAGE);
      if (!page.length) break;
      let progressed = 0;
      for (const s of page) {
        // version-checked: a case written meanwhile got its keys from that write (runner stamp)
        if (await instances.updateIfVersion(s._id, s.version, { $set: { accessKeys: accessKeysOf(s) } }))
          progressed++;
      }
      done += progressed;
      if (!progressed) break; // every case of the page was rewritten by someone else: they carry keys now
    }
    await meta.setMarker(MARKER);
  }
  if (!(await meta.marker(STARTER_MARKER))) {
    // every case once, in _id order; only those whose keys differ are written (version-checked as above)
    let after = '';
    for (;;) {
      const page = await instances.pageAfter(after, PAGE);
      if (!page.length) break;
      for (const s of page) {
        const keys = accessKeysOf(s);
        if (JSON.stringify(keys) === JSON.stringify(s.accessKeys ?? null)) continue;
        if (await instances.updateIfVersion(s._id, s.version, { $set: { accessKeys: keys } })) done++;
      }
      after = page[page.length - 1]._id;
    }
    await meta.setMarker(STARTER_MARKER);
  }
  return done;
}

/**
 * Gives the open tasks written before their keys existed, or with an older set (OPEN_KEYS_VERSION), the keys
 * of engine/cases/task-keys.ts, once per version: the
 * open ones only (a closed task's are empty, and absent means the same to every query), each page one index
 * range of the open tasks. Returns the number of tasks given keys.
 */
export async function backfillOpenTaskKeys(store: Store): Promise<number> {
  const meta = new MetaRecords(store);
  const marker = await meta.marker<Marker & { version?: number }>(OPEN_TASK_MARKER);
  // markers written before versions existed stand for version 1
  if (marker && (marker.version ?? 1) >= OPEN_KEYS_VERSION) return 0;
  const tasks = new TaskRepository(store);
  let done = 0;
  for (let after = ''; ;) {
    const page = await tasks.openAfter(after, PAGE);
    if (!page.length) break;
    for (const t of page) {
      const keys = openKeysOf(t);
      if (JSON.stringify(keys) === JSON.stringify(t.openKeys ?? null)) continue;
      // version-checked: a newer projection of the task carries its keys already
      if (await tasks.setOpenKeys(t._id, t.instanceVersion, keys)) done++;
    }
    after = page[page.length - 1]._id;
  }
  await meta.setMarker(OPEN_TASK_MARKER, { version: OPEN_KEYS_VERSION });
  return done;
}
