// 巡查日志: a grid worker's patrols. A patrol is started and ended from the phone; while it runs the phone
// may send GPS track points (only with the worker's consent, recorded on the patrol), in batches of at most
// MAX_BATCH points, at least MIN_POINT_GAP_MS apart, at most MAX_POINTS per patrol. Photos are case-style
// attachments owned by `patrol:<id>`; cases started from the patrol are linked to it. A patrol left open is
// closed at the end of its business day by the sweep (closeStale), counting only up to the worker's last
// sign of life on it (a point, a photo, a note), so a forgotten patrol does not earn hours.
//
// The patrol time of a worker per business day is what the scoring figures read (engine/scoring/figures.ts
// patrolHours / patrolDays / dailyPatrolHours); `day` and `countedMs` are stored for that.
import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import type { OrgDirectory } from '../grid/org.js';
import type { Store } from '../store/types.js';

export interface PatrolDoc {
  _id: string;
  worker: string;
  /** the unit patrolled (a unit where the worker holds a role) and its chain up (the heads' scope) */
  unit: string;
  unitName?: string;
  unitPath: string[];
  status: 'open' | 'ended';
  /** the business day it started on (YYYY-MM-DD): the day its time counts for */
  day: string;
  startedAt: number;
  endedAt?: number;
  /** 'worker': ended from the phone; 'auto': closed at the end of its day by the sweep */
  endedBy?: 'worker' | 'auto';
  /** the patrol time it counts for (ms): to its end, within its day */
  countedMs?: number;
  /** the worker agreed to send the phone's position (no consent: no track points are accepted) */
  consent: boolean;
  notes?: string;
  pointCount: number;
  /** the last point, photo or note: where an automatic close counts to */
  lastSeenAt: number;
  photos: string[];
  /** cases started from the patrol (problems found) */
  cases: string[];
  version: number;
}

export interface TrackPoint {
  at: number;
  lat: number;
  lng: number;
  accuracy?: number;
}

export interface PatrolPointDoc extends TrackPoint {
  _id: string;
  patrol: string;
}

/** The owner key of a patrol's photos in the attachments collection (where case attachments have the case id). */
export const PATROL_OWNER = 'patrol:';

/** Who sees a patrol: the worker, a supervisor of one of its units, an admin. */
export function canSeePatrol(
  p: { admin: boolean; username: string; supervises: string[] },
  patrol: Pick<PatrolDoc, 'worker' | 'unitPath'>,
): boolean {
  return p.admin || patrol.worker === p.username || p.supervises.some((u) => patrol.unitPath.includes(u));
}

/** Track points per request, per patrol, and the least time between two kept points. */
export const MAX_BATCH = 50;
export const MAX_POINTS = 2_000;
export const MIN_POINT_GAP_MS = 10_000;
/** Patrols closed per sweep round (the sweep goes on until none is left). */
const SWEEP_BATCH = 200;

export type PatrolRefusal =
  | 'patrol.already-open'
  | 'patrol.not-open'
  | 'patrol.no-consent'
  | 'patrol.not-your-unit'
  | 'patrol.too-many-points'
  | 'patrol.not-found';

export class PatrolRefused extends Error {
  constructor(
    readonly code: PatrolRefusal,
    message: string,
    readonly params: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'PatrolRefused';
  }
}

export interface PatrolDeps {
  store: Store;
  org: OrgDirectory;
  now: () => number;
  timezone: string;
}

export interface PatrolPageQuery {
  /** patrols of these units' subtrees (a head's scope); absent: every patrol (admins) */
  scope?: string[];
  worker?: string;
  status?: 'open' | 'ended';
  skip: number;
  limit: number;
}

export class PatrolLog {
  constructor(private readonly d: PatrolDeps) {}

  private get col() {
    return this.d.store.collection<PatrolDoc>('patrols');
  }
  private get points() {
    return this.d.store.collection<PatrolPointDoc>('patrolPoints');
  }

  private dayOf(ms: number): string {
    return DateTime.fromMillis(ms, { zone: this.d.timezone }).toISODate()!;
  }

  private endOfDay(day: string): number {
    return DateTime.fromISO(day, { zone: this.d.timezone }).plus({ days: 1 }).toMillis();
  }

  async get(id: string): Promise<PatrolDoc | null> {
    return this.col.findOne({ _id: id });
  }

  /** The worker's open patrol (after closing the ones left from earlier days). */
  async openOf(worker: string): Promise<PatrolDoc | null> {
    await this.closeStale({ worker });
    const [p] = await this.col.find({ worker, status: 'open' }, { sort: { startedAt: -1 }, limit: 1 });
    return p ?? null;
  }

  /** Starts a patrol of `worker` at `unit` (a unit where they hold a role); one open patrol at a time. */
  async start(worker: string, unit: string, e: { consent: boolean; notes?: string }): Promise<PatrolDoc> {
    const user = await this.d.org.user(worker);
    if (!(user?.roles ?? []).some((r) => r.unit === unit))
      throw new PatrolRefused('patrol.not-your-unit', 'a patrol is of a unit where the worker has a role');
    const open = await this.openOf(worker);
    if (open)
      throw new PatrolRefused('patrol.already-open', 'a patrol is open already', { patrolId: open._id });
    const chain = await this.d.org.chain(unit);
    const now = this.d.now();
    const doc: PatrolDoc = {
      _id: `p${randomUUID().replace(/-/g, '').slice(0, 20)}`,
      worker,
      unit,
      unitName: chain[0]?.name,
      unitPath: chain.map((u) => u.code),
      status: 'open',
      day: this.dayOf(now),
      startedAt: now,
      consent: e.consent,
      ...(e.notes ? { notes: e.notes } : {}),
      pointCount: 0,
      lastSeenAt: now,
      photos: [],
      cases: [],
      version: 1,
    };
    await this.col.insert(doc);
    return doc;
  }

  private async mustBeOpen(id: string, worker: string): Promise<PatrolDoc> {
    const p = await this.col.findOne({ _id: id, worker });
    if (!p) throw new PatrolRefused('patrol.not-found', 'no such patrol of yours');
    if (p.status !== 'open') throw new PatrolRefused('patrol.not-open', 'the patrol has ended');
    return p;
  }

  /**
   * Adds track points: only with consent, only within the patrol's time, at least MIN_POINT_GAP_MS after
   * the previous kept point (the others are dropped, and counted in the answer), up to MAX_POINTS. A
   * repeated batch adds nothing (points are keyed by their time).
   */
  async addPoints(
    id: string,
    worker: string,
    batch: TrackPoint[],
  ): Promise<{ kept: number; dropped: number }> {
    const p = await this.mustBeOpen(id, worker);
    if (!p.consent) throw new PatrolRefused('patrol.no-consent', 'no consent to record the position');
    if (batch.length > MAX_BATCH)
      throw new PatrolRefused('patrol.too-many-points', `at most ${MAX_BATCH} points a batch`, {
        max: MAX_BATCH,
      });
    const now = this.d.now();
    const [last] = await this.points.find({ patrol: id }, { sort: { at: -1 }, limit: 1 });
    let prev = last?.at ?? -Infinity;
    const keep: PatrolPointDoc[] = [];
    for (const pt of [...batch].sort((a, b) => a.at - b.at)) {
      if (pt.at < p.startedAt || pt.at > now + 60_000 || pt.at - prev < MIN_POINT_GAP_MS) continue;
      if (p.pointCount + keep.length >= MAX_POINTS) break;
      keep.push({ _id: `${id}|${pt.at}`, patrol: id, ...pt });
      prev = pt.at;
    }
    if (keep.length) {
      await this.points.insertManyIgnoreDuplicates(keep);
      const count = await this.points.count({ patrol: id }, { limit: MAX_POINTS + 1 });
      await this.col.updateOne(
        { _id: id, status: 'open' },
        { $set: { pointCount: count, lastSeenAt: Math.max(p.lastSeenAt, keep[keep.length - 1].at) } },
      );
    }
    return { kept: keep.length, dropped: batch.length - keep.length };
  }

  /** The track of a patrol in time order (at most MAX_POINTS). */
  async track(id: string): Promise<TrackPoint[]> {
    const docs = await this.points.find({ patrol: id }, { sort: { at: 1 }, limit: MAX_POINTS });
    return docs.map(({ at, lat, lng, accuracy }) => ({ at, lat, lng, ...(accuracy ? { accuracy } : {}) }));
  }

  /** Notes a photo (an attachment owned by `patrol:<id>`) on the open patrol. */
  async addPhoto(id: string, worker: string, attachmentId: string): Promise<void> {
    await this.mustBeOpen(id, worker);
    await this.col.updateOne(
      { _id: id },
      { $addToSet: { photos: attachmentId }, $set: { lastSeenAt: this.d.now() } },
    );
  }

  /** Links a case started from the patrol (open or ended the same day: reported on the way back). */
  async linkCase(id: string, worker: string, instanceId: string): Promise<void> {
    const p = await this.col.findOne({ _id: id, worker });
    if (!p) throw new PatrolRefused('patrol.not-found', 'no such patrol of yours');
    await this.col.updateOne({ _id: id }, { $addToSet: { cases: instanceId } });
  }

  /** Ends the worker's open patrol; its time counts to now, within its day. */
  async end(id: string, worker: string, notes?: string): Promise<PatrolDoc> {
    const p = await this.mustBeOpen(id, worker);
    const now = this.d.now();
    const until = Math.min(now, this.endOfDay(p.day));
    const res = await this.col.updateOne(
      { _id: id, status: 'open', version: p.version },
      {
        $set: {
          status: 'ended',
          endedAt: now,
          endedBy: 'worker',
          countedMs: Math.max(0, until - p.startedAt),
          lastSeenAt: now,
          ...(notes ? { notes } : {}),
        },
        $inc: { version: 1 },
      },
    );
    if (!res.matched) throw new PatrolRefused('patrol.not-open', 'the patrol has ended');
    return (await this.col.findOne({ _id: id }))!;
  }

  /**
   * Closes patrols left open past the end of their day (of one worker, or all): ended at the end of the
   * day, counted to the last sign of life. Version-checked: a worker ending it at the same moment wins.
   */
  async closeStale(filter: { worker?: string } = {}): Promise<number> {
    const today = this.dayOf(this.d.now());
    let closed = 0;
    for (;;) {
      const stale = await this.col.find(
        { ...filter, status: 'open', day: { $lt: today } },
        { sort: { startedAt: 1 }, limit: SWEEP_BATCH },
      );
      for (const p of stale) {
        const end = this.endOfDay(p.day);
        const res = await this.col.updateOne(
          { _id: p._id, status: 'open', version: p.version },
          {
            $set: {
              status: 'ended',
              endedAt: end,
              endedBy: 'auto',
              countedMs: Math.max(0, Math.min(p.lastSeenAt, end) - p.startedAt),
            },
            $inc: { version: 1 },
          },
        );
        if (res.matched) closed++;
      }
      if (stale.length < SWEEP_BATCH) return closed;
    }
  }

  /** A page of patrols, newest first, in a head's scope (or of one worker), and the total (capped). */
  async page(q: PatrolPageQuery): Promise<{ items: PatrolDoc[]; total: number }> {
    const query: Record<string, unknown> = {};
    if (q.scope) query.unitPath = { $in: q.scope };
    if (q.worker) query.worker = q.worker;
    if (q.status) query.status = q.status;
    const [items, total] = await Promise.all([
      this.col.find(query, { sort: { startedAt: -1 }, skip: q.skip, limit: q.limit }),
      this.col.count(query, { limit: 10_000 }),
    ]);
    return { items, total };
  }

  /** The workers who patrolled in `unit`'s subtree over [fromDay, toDay) (the person rows of a table). */
  async workersIn(unit: string, fromDay: string, toDay: string): Promise<string[]> {
    const docs = await this.col.find(
      { unitPath: unit, day: { $gte: fromDay, $lt: toDay } },
      { fields: ['worker'], limit: 100_000 },
    );
    return [...new Set(docs.map((d) => d.worker))];
  }

  /**
   * Patrol time per worker and business day over [fromDay, toDay): the figures' input. Reads the ended
   * patrols of those workers in those days (index worker + day), only the fields it sums.
   */
  async dailyTime(
    workers: string[],
    fromDay: string,
    toDay: string,
  ): Promise<Map<string, Map<string, number>>> {
    const out = new Map<string, Map<string, number>>();
    if (!workers.length) return out;
    const docs = await this.col.find(
      { worker: { $in: workers }, day: { $gte: fromDay, $lt: toDay }, status: 'ended' },
      { fields: ['worker', 'day', 'countedMs'], limit: 200_000 },
    );
    for (const d of docs) {
      const days = out.get(d.worker) ?? out.set(d.worker, new Map()).get(d.worker)!;
      days.set(d.day, (days.get(d.day) ?? 0) + (d.countedMs ?? 0));
    }
    return out;
  }
}
