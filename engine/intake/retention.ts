// Retention of intake records (受理登记): the reporter's name and phone are personal data kept only as long
// as the case needs them — to answer the reporter and for the 回访. After INTAKE_RETENTION_DAYS from the
// report, once its case (its newest round) has ended or is gone, or when it never became a case (rejected,
// or left waiting that long), the reporter is blanked, the photo upload token dropped and photos that never
// reached a case deleted. The report itself stays (receipt, category, place, dates, decision): the
// statistics and the map still count it, and its receipt still answers with its state. Runs with the daily
// history cleanup (engine/retention/service.ts); idempotent, a batch at a time.
import type { Store } from '../store/types.js';
import { IntakeEntries, type IntakeEntry } from './entries.js';
import { intakePhotoOwner } from './photos.js';
import { InstanceRepository } from '../cases/instance-repository.js';

export const INTAKE_RETENTION_BATCH = 500;
/** batches a run takes at most: the rest is for the next day's run */
const MAX_BATCHES = 100;

export interface IntakeRetentionDeps {
  store: Store;
  now: () => number;
  days: number;
  removePhotos: (owner: string) => Promise<number>;
}

/** Blanks the reporter of the reports past the retention period whose case is over; answers how many. */
export async function anonymiseIntake(d: IntakeRetentionDeps): Promise<number> {
  const entries = new IntakeEntries(d.store);
  const instances = new InstanceRepository(d.store);
  const cutoff = d.now() - d.days * 86_400_000;
  let done = 0;
  // a cursor past the reports kept for an open case (the anonymised ones leave the query by themselves)
  let after: number | undefined;
  for (let b = 0; b < MAX_BATCHES; b++) {
    const batch = await entries.notAnonymisedBefore(cutoff, after, INTAKE_RETENTION_BATCH);
    if (!batch.length) break;
    after = batch.at(-1)!.createdAt;
    const caseIds = batch.flatMap((e) => (e.instanceId ? [e.rounds?.at(-1) ?? e.instanceId] : []));
    const active = await instances.activeAmong(caseIds);
    for (const e of batch) {
      if (e.instanceId && active.has(e.rounds?.at(-1) ?? e.instanceId)) continue;
      if (await anonymise(entries, e, d)) done += 1;
    }
    if (batch.length < INTAKE_RETENTION_BATCH) break;
  }
  return done;
}

async function anonymise(entries: IntakeEntries, e: IntakeEntry, d: IntakeRetentionDeps): Promise<boolean> {
  await d.removePhotos(intakePhotoOwner(e.receipt));
  return entries.anonymise(e, d.now());
}
