// Gives cases written before the case-list fields existed (engine/cases/case-index.ts) those fields, once.
// Runs at engine open in pages of _id order; a `meta` marker makes every later open skip it without a scan.
// Each write is version-checked: a case written meanwhile got its fields from that write (runner stamp).
// Paced: each page reads only the fields the index is derived from (not the tokens, scopes, timers of a
// case) and the event loop gets a turn between pages, so a large store's first start holds it briefly.
import { MetaRecords } from '../store/meta.js';
import type { Store } from '../store/types.js';
import { caseIndexOf } from './case-index.js';
import { InstanceRepository } from './instance-repository.js';

const MARKER = 'caseIndexBackfilled';
const PAGE = 200;
/** What caseIndexOf reads, the version to check, and the marker of an already stamped case. */
const FIELDS = ['version', 'status', 'tasks', 'incidents', 'title', 'variables', 'searchTerms'];
const turn = () => new Promise<void>((ok) => setImmediate(ok));

/** Returns the number of cases given their fields. */
export async function backfillCaseIndex(store: Store): Promise<number> {
  const meta = new MetaRecords(store);
  if (await meta.marker(MARKER)) return 0;
  const instances = new InstanceRepository(store);
  let done = 0;
  let after = '';
  for (;;) {
    const page = await instances.pageAfter(after, PAGE, FIELDS);
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
    await turn();
  }
  await meta.setMarker(MARKER);
  return done;
}
