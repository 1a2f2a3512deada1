// Gives cases written before access keys existed (or imported from an older store) their keys, once.
// Runs at engine open in pages; a `meta` marker makes every later open skip it without a scan.
import type { InstanceState } from '../runtime/types.js';
import type { Store } from '../store/types.js';
import { accessKeysOf } from './access-keys.js';

const MARKER = 'accessKeysBackfilled';
const PAGE = 500;

/** Returns the number of cases given keys. */
export async function backfillAccessKeys(store: Store): Promise<number> {
  const meta = store.collection('meta');
  if (await meta.findOne({ _id: MARKER })) return 0;
  const instances = store.collection<InstanceState>('instances');
  let done = 0;
  for (;;) {
    const page = await instances.find({ accessKeys: { $exists: false } }, { limit: PAGE });
    if (!page.length) break;
    let progressed = 0;
    for (const s of page) {
      // version-checked: a case written meanwhile got its keys from that write (runner stamp)
      const r = await instances.updateOne(
        { _id: s._id, version: s.version },
        { $set: { accessKeys: accessKeysOf(s) } },
      );
      progressed += r.matched;
    }
    done += progressed;
    if (!progressed) break; // every case of the page was rewritten by someone else: they carry keys now
  }
  await meta.replaceOne({ _id: MARKER }, { _id: MARKER, at: Date.now() }, { upsert: true });
  return done;
}
