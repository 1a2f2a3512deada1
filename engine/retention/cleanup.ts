// The history cleanup (Camunda's history cleanup, removal-time strategy "end"): removes the cases whose
// removalAt has passed, with everything kept about them, a batch of cases at a time:
//
//   1. the batch: ended cases with removalAt ≤ now and no outbox left to run (a pending outbox could still
//      write a projection of the case after it is gone), oldest removalAt first;
//   2. every document of those cases — the instances, their history, tasks, escalations, supervision
//      orders, incidents, notification items, subscriptions, the messages delivered only to removed cases
//      and the notifications left without items — is written to an archive file (archive.ts), durably;
//   3. then deleted, by the _ids archived (what was written after the archive is never deleted unseen),
//      children first and the instances last.
//
// A crash at any line is resumed by the next run: until its instance is deleted a case still matches step 1,
// and its remaining documents go into the next archive (a document may so be archived twice; never lost).
// A case whose children changed between archive and delete keeps its instance and is taken again next run.
// Only the collections named here are touched: the assessment rollups and facts (collections whose name
// starts with `stat`: statFacts, statRollups) outlive the cases they were computed from, as do the audit trail and the counters.
//
// Attachments (engine/cases/attachments.ts) go with their case: their documents are archived — marked
// `bytesDeleted: true`, since the archive keeps their names, sizes and sha256 but not their bytes — and,
// once deleted, so are the blobs (files, photos, thumbnails) no remaining attachment names. This is the only
// way an attachment is ever deleted. A crash between the two leaves blobs nothing names (never a name
// without its blob).
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { DateTime } from 'luxon';
import type { Logger } from '../logger.js';
import type { InstanceState } from '../runtime/types.js';
import type { CollectionName, Doc, Store } from '../store/types.js';
import { removeStaleTemps, writeArchive, type ArchiveLine } from './archive.js';
import { deleteUnreferencedBlobs } from '../cases/attachments.js';
import { InstanceRepository } from '../cases/instance-repository.js';
import { MessageLog } from '../queue/message-log.js';
import { NotificationRecords } from '../queue/notifications.js';
import { CASE_LINKED_COLLECTIONS, caseLinkedDocuments, removeDocuments } from '../store/case-data.js';

/** Collections whose documents name their case in `instanceId` (declared with the store). */
export const CASE_COLLECTIONS = CASE_LINKED_COLLECTIONS;

/** Every collection the cleanup deletes from. */
export const CLEANED_COLLECTIONS: readonly CollectionName[] = [
  'instances',
  ...CASE_COLLECTIONS,
  'messages',
  'notifications',
];
// the assessment's own collections are never the cleanup's to remove
if (CLEANED_COLLECTIONS.some((c) => c.startsWith('stat'))) throw new Error('stats collections are kept');

export const DEFAULT_CLEANUP_BATCH = 500;
/** ids per `$in` query */
const ID_CHUNK = 200;

export interface CleanupDeps {
  store: Store;
  now: () => number;
  /** folder of the archive files (DATA_DIR/archive) */
  archiveDir: string;
  /** business time zone: the date in archive file names */
  timezone: string;
  log: Logger;
}

export interface CleanupOptions {
  /** cases per batch (one archive file each); default 500 */
  batchSize?: number;
  /** stop after this many batches (the rest waits for the next run); default unlimited */
  maxBatches?: number;
}

export interface CleanupReport {
  /** the `now` the run compared removalAt with */
  now: number;
  /** cases removed */
  cases: number;
  batches: number;
  /** documents deleted per collection (instances included) */
  removed: Partial<Record<CollectionName, number>>;
  /** archive files written (full paths) */
  archives: string[];
  /** cases found due but kept for the next run (written to while being removed) */
  deferred: number;
  /** blobs (uploaded files and thumbnails) deleted with the attachments of the removed cases */
  blobsDeleted: number;
}

const chunks = <T>(xs: T[], n = ID_CHUNK): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
};

export class HistoryCleanup {
  constructor(private readonly d: CleanupDeps) {}

  async run(opts: CleanupOptions = {}): Promise<CleanupReport> {
    const batchSize = Math.max(1, opts.batchSize ?? DEFAULT_CLEANUP_BATCH);
    const now = this.d.now();
    const runId = randomBytes(4).toString('hex');
    const report: CleanupReport = {
      now,
      cases: 0,
      batches: 0,
      removed: {},
      archives: [],
      deferred: 0,
      blobsDeleted: 0,
    };
    const deferred: string[] = [];
    const instances = new InstanceRepository(this.d.store);
    await removeStaleTemps(this.d.archiveDir);
    while (opts.maxBatches === undefined || report.batches < opts.maxBatches) {
      const cases = await instances.dueForRemoval(now, batchSize, deferred);
      if (!cases.length) break;
      report.batches += 1;
      const name = `history-${DateTime.fromMillis(now, { zone: this.d.timezone }).toFormat('yyyy-MM-dd')}-${runId}-${String(report.batches).padStart(4, '0')}.jsonl.gz`;
      const kept = await this.removeBatch(cases, name, now, report);
      deferred.push(...kept);
      report.deferred += kept.length;
      if (cases.length < batchSize) break;
    }
    this.d.log.info(
      { cases: report.cases, batches: report.batches, removed: report.removed, deferred: report.deferred },
      'history cleanup finished',
    );
    return report;
  }

  /** Archives and removes one batch; returns the ids of the cases kept for the next run. */
  private async removeBatch(
    cases: InstanceState[],
    name: string,
    now: number,
    report: CleanupReport,
  ): Promise<string[]> {
    const ids = cases.map((c) => c._id);
    const idSet = new Set(ids);
    const archived = new Map<CollectionName, string[]>();
    const store = this.d.store;
    const note = (collection: CollectionName, doc: Doc): ArchiveLine => {
      const list = archived.get(collection) ?? [];
      list.push(doc._id);
      archived.set(collection, list);
      return { collection, doc };
    };
    const messagesOnlyOf = () => this.messagesOnlyOf(ids, idSet);
    const notificationsOnlyOf = (noteIds: string[]) => this.notificationsOnlyOf(noteIds, idSet);
    const noteIds = new Set<string>();
    const blobs = new Set<string>();
    async function* documents(): AsyncGenerator<ArchiveLine> {
      for (const c of cases) yield note('instances', c);
      for (const collection of CASE_COLLECTIONS) {
        for (const part of chunks(ids)) {
          for (const doc of await caseLinkedDocuments(store, collection, part)) {
            if (collection === 'notificationItems') noteIds.add(doc.notificationId as string);
            if (collection === 'attachments') {
              for (const b of [doc.sha256, doc.thumbnailSha256]) if (typeof b === 'string') blobs.add(b);
              // the archive holds what the attachment was, not its bytes
              yield note(collection, { ...doc, bytesDeleted: true });
              continue;
            }
            yield note(collection, doc);
          }
        }
      }
      for (const doc of await messagesOnlyOf()) yield note('messages', doc);
      for (const doc of await notificationsOnlyOf([...noteIds])) yield note('notifications', doc);
    }
    const dir = this.d.archiveDir;
    await writeArchive(dir, name, documents());
    report.archives.push(path.join(dir, name));

    // archived and on disk: now delete, children first, the instances last
    const add = (c: CollectionName, n: number) => (report.removed[c] = (report.removed[c] ?? 0) + n);
    for (const collection of ['notifications', 'messages', ...CASE_COLLECTIONS] as CollectionName[]) {
      for (const part of chunks(archived.get(collection) ?? [], 500))
        add(collection, await removeDocuments(store, collection, part));
    }
    // a case given a new document since it was archived keeps its instance: the next run archives the rest
    const busy = new Set<string>();
    for (const collection of CASE_COLLECTIONS)
      for (const part of chunks(ids))
        for (const doc of await caseLinkedDocuments(store, collection, part))
          busy.add(doc.instanceId as string);
    const done = ids.filter((id) => !busy.has(id));
    for (const part of chunks(done, 500))
      add('instances', await new InstanceRepository(store).removeDue(part, now));
    report.cases += done.length;
    // the bytes of the attachments deleted above, unless another attachment (of a kept case) has the same
    report.blobsDeleted += await deleteUnreferencedBlobs(store, blobs);
    return [...busy];
  }

  /** Messages whose every target is a removed case (or a case already gone): their dedup has no one left. */
  private async messagesOnlyOf(ids: string[], idSet: Set<string>): Promise<Doc[]> {
    const found = new Map<string, Doc>();
    for (const part of chunks(ids))
      for (const m of await new MessageLog(this.d.store).reaching(part)) found.set(m._id, m);
    const targetsOf = (m: Doc) =>
      ((m.targets as Array<{ instanceId: string }> | undefined) ?? []).map((t) => t.instanceId);
    const others = [...new Set([...found.values()].flatMap(targetsOf).filter((id) => !idSet.has(id)))];
    const alive = new Set<string>();
    for (const part of chunks(others))
      for (const s of await new InstanceRepository(this.d.store).getMany(part)) alive.add(s._id);
    return [...found.values()].filter((m) => !targetsOf(m).some((id) => alive.has(id)));
  }

  /** Of the notifications `noteIds` (those with items of removed cases), the ones with no other items. */
  private async notificationsOnlyOf(noteIds: string[], idSet: Set<string>): Promise<Doc[]> {
    const notifications = new NotificationRecords(this.d.store);
    const shared = new Set<string>();
    for (const part of chunks(noteIds))
      for (const it of await notifications.itemsOf(part))
        if (!idSet.has(it.instanceId as string)) shared.add(it.notificationId as string);
    const lone = noteIds.filter((id) => !shared.has(id));
    const out: Doc[] = [];
    for (const part of chunks(lone)) out.push(...(await notifications.getMany(part)));
    return out;
  }
}
