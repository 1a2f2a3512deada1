// The manual entries repository: what assessors enter for an item of a row (meetings attended, 交办函 sent,
// unreported major matters), filed under the period key and the row's subject key. Entries are appended,
// never edited: a correction is another entry with its own reason.
import { randomUUID } from 'node:crypto';
import type { Store } from '../store/types.js';
import type { ManualEntry } from './evaluate.js';

export interface EntryDoc extends ManualEntry {
  _id: string;
  schemeId: string;
  period: string;
  /** unit code, `${unit}|${role}` or username (assessment.ts departmentKey) */
  subject: string;
  by: string;
  at: number;
}

export class EntryRepository {
  constructor(private readonly store: Store) {}

  private get col() {
    return this.store.collection<EntryDoc>('assessmentEntries');
  }

  async add(e: Omit<EntryDoc, '_id'>): Promise<EntryDoc> {
    const doc = { _id: randomUUID(), ...e };
    await this.col.insert(doc);
    return doc;
  }

  /** The entries of a period and scheme for the given subjects, grouped by subject. */
  async of(period: string, schemeId: string, subjects: string[]): Promise<Map<string, EntryDoc[]>> {
    const out = new Map<string, EntryDoc[]>();
    if (!subjects.length) return out;
    const docs = await this.col.find(
      { period, schemeId, subject: { $in: subjects } },
      { sort: { at: 1 }, limit: 10_000 },
    );
    for (const d of docs) (out.get(d.subject) ?? out.set(d.subject, []).get(d.subject)!).push(d);
    return out;
  }
}
