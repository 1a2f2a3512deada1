// The 待受理 queue and the record of every intake (受理登记): one document per report, whether a citizen
// filed it on the public page or an operator registered a call. Its id is the receipt number the reporter
// is given. The reporter's name and phone live only here (never in the case's variables), so the case
// views can show them masked to everyone but the intake staff and the case's supervisors.
import type { DocCollection, Store } from '../store/types.js';

export const CHANNELS = ['12345', '96119', 'app', 'wechat', 'walk-in', 'patrol', 'web'] as const;
export type Channel = (typeof CHANNELS)[number];

/** received: waits in the 待受理 queue; accepted: a case was started; merged: into another's case. */
export type IntakeStatus = 'received' | 'accepted' | 'merged' | 'rejected';

export interface IntakeLocation {
  lat: number;
  lng: number;
  address?: string;
}

export interface IntakeEntry {
  _id: string;
  receipt: string;
  status: IntakeStatus;
  /** public: the no-login page; operator: registered by intake staff */
  source: 'public' | 'operator';
  channel: Channel;
  reporter: { name: string; phone: string };
  category: string;
  description: string;
  location: IntakeLocation;
  /** the grid the point lies in (null: in none, the operator decides) */
  grid: string | null;
  /**
   * the units whose intake staff handle it: the chain of the grid (or of the innermost unit containing the
   * point; the roots when no unit does), a multikey field
   */
  scope: string[];
  createdAt: number;
  createdBy?: string;
  /** the case started (accepted) or merged into */
  instanceId?: string;
  /** sha256 of the token the public page uploads its photos with (photos.ts), absent for operators */
  photoToken?: string;
  /** the reporter's personal data was removed (retention: engine/intake/retention.ts) */
  anonymisedAt?: number;
  /** the later rounds of that case, oldest first: reopened after a 不满意 回访 (visits.ts) */
  rounds?: string[];
  rejectReason?: string;
  decidedBy?: string;
  decidedAt?: number;
  version: number;
}

export class IntakeEntries {
  private readonly col: DocCollection<IntakeEntry>;
  constructor(store: Store) {
    this.col = store.collection<IntakeEntry>('intake');
  }

  get(receipt: string): Promise<IntakeEntry | null> {
    return this.col.findOne({ _id: receipt });
  }

  insert(e: IntakeEntry): Promise<void> {
    return this.col.insert(e);
  }

  /** Version-checked change: false when someone else changed it first. */
  async update(e: IntakeEntry, set: Partial<IntakeEntry>): Promise<boolean> {
    const r = await this.col.updateOne(
      { _id: e._id, version: e.version },
      { $set: { ...set, version: e.version + 1 } },
    );
    return r.matched === 1;
  }

  /** A page of entries in these scopes (undefined: all), newest first. */
  async list(
    scopes: string[] | undefined,
    status: IntakeStatus | undefined,
    skip: number,
    limit: number,
  ): Promise<{ items: IntakeEntry[]; total: number }> {
    const q: Record<string, unknown> = {};
    if (scopes) q.scope = { $in: scopes };
    if (status) q.status = status;
    const [items, total] = await Promise.all([
      this.col.find(q, { sort: { createdAt: -1 }, skip, limit }),
      this.col.count(q, { limit: 10_000 }),
    ]);
    return { items, total };
  }

  /** The accepted report whose case is `instanceId`, or null. */
  acceptedOfCase(instanceId: string): Promise<IntakeEntry | null> {
    return this.col.findOne({ instanceId, status: 'accepted' });
  }

  /** The reports merged into the case `instanceId` (at most `limit`). */
  mergedInto(instanceId: string, limit: number): Promise<IntakeEntry[]> {
    return this.col.find({ instanceId, status: 'merged' }, { limit });
  }

  /** The newest `limit` accepted reports in these scopes (undefined: all), newest first. */
  newestAccepted(scopes: string[] | undefined, limit: number): Promise<IntakeEntry[]> {
    const q: Record<string, unknown> = { status: 'accepted' };
    if (scopes) q.scope = { $in: scopes };
    return this.col.find(q, { sort: { createdAt: -1 }, limit });
  }

  /**
   * Reports made before `cutoff` whose reporter is still on record, oldest first, after the report time
   * `after` (a cursor past those kept for an open case): the retention's batches.
   */
  notAnonymisedBefore(cutoff: number, after: number | undefined, limit: number): Promise<IntakeEntry[]> {
    return this.col.find(
      {
        anonymisedAt: { $exists: false },
        createdAt: after === undefined ? { $lt: cutoff } : { $lt: cutoff, $gt: after },
      },
      { sort: { createdAt: 1 }, limit },
    );
  }

  /**
   * Blanks the reporter and drops the photo upload token, version-checked: false when someone else changed
   * the report first.
   */
  async anonymise(e: IntakeEntry, at: number): Promise<boolean> {
    const r = await this.col.updateOne(
      { _id: e._id, version: e.version },
      {
        $set: { reporter: { name: '', phone: '' }, anonymisedAt: at, version: e.version + 1 },
        $unset: { photoToken: '' },
      },
    );
    return r.matched === 1;
  }

  /** Cases started from intake with this category since `since` in a lat/lng box (the index narrows). */
  nearbyAccepted(
    category: string,
    since: number,
    box: { minLat: number; maxLat: number; minLng: number; maxLng: number },
  ): Promise<IntakeEntry[]> {
    return this.col.find(
      {
        category,
        status: 'accepted',
        createdAt: { $gte: since },
        'location.lat': { $gte: box.minLat, $lte: box.maxLat },
        'location.lng': { $gte: box.minLng, $lte: box.maxLng },
      },
      { sort: { createdAt: -1 }, limit: 50 },
    );
  }
}
