// Gives cases written before the case-list fields existed (engine/cases/case-index.ts) those fields, once.
// Runs at engine open in pages of _id order; a `meta` marker makes every later open skip it without a scan.
// Each write is version-checked: a case written meanwhile got its fields from that write (runner stamp).
import { MetaRecords } from '../store/meta.js';
import type { Store } from '../store/types.js';
import { caseIndexOf } from './case-index.js';
import { InstanceRepository } from './instance-repository.js';

const MARKER = 'caseIndexBackfilled';
const PAGE = 500;

/** Returns the number of cases given their fields. */
export async function backfillCaseIndex(store: Store): Promise<number> {
  const meta = new MetaRecords(store);
  if (await meta.marker(MARKER)) return 0;
  const instances = new InstanceRepository(store);
  let done = 0;
  let after = '';
  for (;;) {
    const page = await instances.pageAfter(after, PAGE);
    if (!page.length) break;
    for (const s of page) {
      if (s.searchTerms !== undefined) continue; // written by a runner that stamps the fields
      const { dueAt, breachAt, ...always } = caseIndexOf(s);
      const $set: Record<string, unknown> = { ...always };
      if (dueAt !== undefined) $set.dueAt = dueAt;
      if (breachAt !== undefined) $set.breachAt = breachAt;
      if (await instances.updateIfVersion(s._id, s.version, { $set })) done++;
    }
    after = page[page.length - 1]._id;
  }
  await meta.setMarker(MARKER);
  return done;
}
