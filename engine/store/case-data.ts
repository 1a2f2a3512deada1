// The documents that belong to a case, across collections: the store-level walk the history cleanup and its
// archive need (they move whole cases out and back in), so that the retention code names no collection and
// the list of what hangs off a case is declared here, next to COLLECTIONS, once.
import type { CollectionName, Doc, Store } from './types.js';

/** Collections whose documents name their case in `instanceId`. */
export const CASE_LINKED_COLLECTIONS = [
  'history',
  'tasks',
  'escalations',
  'supervisions',
  'incidents',
  'notificationItems',
  'subscriptions',
  'attachments',
  // the replies to a case's reporters and its 回访 (engine/intake/replies.ts, visits.ts)
  'citizenReplies',
  'citizenVisits',
  // the external tasks of its external service tasks (engine/queue/external-tasks.ts): done ones stay until then
  'externalTasks',
] as const satisfies readonly CollectionName[];
export type CaseLinkedCollection = (typeof CASE_LINKED_COLLECTIONS)[number];

/** The documents of `collection` that belong to one of these cases. */
export async function caseLinkedDocuments(
  store: Store,
  collection: CaseLinkedCollection,
  instanceIds: readonly string[],
): Promise<Doc[]> {
  return instanceIds.length
    ? store.collection(collection).find({ instanceId: { $in: [...instanceIds] } })
    : [];
}

/** Deletes the documents of these ids from `collection` (what was archived); answers how many. */
export async function removeDocuments(
  store: Store,
  collection: CollectionName,
  ids: readonly string[],
): Promise<number> {
  return ids.length ? store.collection(collection).deleteMany({ _id: { $in: [...ids] } }) : 0;
}

/** Inserts the documents whose ids are absent from `collection` (an archive's re-import); answers how many. */
export async function restoreDocuments(
  store: Store,
  collection: CollectionName,
  docs: Doc[],
): Promise<number> {
  if (!docs.length) return 0;
  const col = store.collection(collection);
  // counted by _id before and after: insertManyIgnoreDuplicates does not say how many it skipped
  const ids = docs.map((d) => d._id);
  const before = await col.count({ _id: { $in: ids } });
  await col.insertManyIgnoreDuplicates(docs);
  const after = await col.count({ _id: { $in: ids } });
  return after - before;
}
