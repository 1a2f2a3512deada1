// Gives cases written before the case-list fields existed (engine/cases/case-index.ts) those fields, once.
// Runs at engine open in pages of _id order; a `meta` marker makes every later open skip it without a scan.
// Each write is version-checked: a case written meanwhile got its fields from that write (runner stamp).
import type { InstanceState } from '../runtime/types.js';
import { MetaRecords } from '../store/meta.js';
import type { Store } from '../store/types.js';
import { caseIndexOf } from './case-index.js';

const MARKER = 'caseIndexBackfilled';
const PAGE = 500;

/** Returns the number of cases given their fields. */
export async function backfillCaseIndex(store: Store): Promise<number> {
  const meta = new MetaRecords(store);
  if (await meta.marker(MARKER)) return 0;
  const instances = store.collection<InstanceState>('instances');
  let done = 0;
  let after = '';
  for (;;) {
    const page = await instances.find({ _id: { $gt: after } }, { sort: { _id: 1 }, limit: PAGE });
    if (!page.length) break;
    for (const s of page) {
      if (s.searchTerms !== undefined) continue; // written by a runner that stamps the fields
      const { dueAt, breachAt, ...always } = caseIndexOf(s);
      const $set: Record<string, unknown> = { ...always };
      if (dueAt !== undefined) $set.dueAt = dueAt;
      if (breachAt !== undefined) $set.breachAt = breachAt;
      const r = await instances.updateOne({ _id: s._id, version: s.version }, { $set });
      done += r.matched;
    }
    after = page[page.length - 1]._id;
  }
  await meta.setMarker(MARKER);
  return done;
}
