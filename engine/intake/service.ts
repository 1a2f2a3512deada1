// Intake (受理): registering reports, the 待受理 queue and its decisions — 立案 (a case started in the
// grid the point lies in, the handling clock starting then, at dispatch), 并案 (merged into an existing
// case, with a suggestion: same category within MERGE_RADIUS_M and MERGE_WINDOW_MS) and 不予受理 (rejected
// with a reason) — and the receipt lookup, which tells the state and nothing else.
//
// 立案 is exactly-once: the case id is derived from the receipt, so an accept retried after a lost answer
// or racing another operator finds the case the first one started; the entry itself moves on a
// version-checked write.
import { createHash, randomInt } from 'node:crypto';
import type { OrgDirectory } from '../grid/org.js';
import type { InstanceState, UnitRef } from '../runtime/types.js';
import { CommandError } from '../runtime/transition.js';
import type { Store } from '../store/types.js';
import { IntakeEntries, type Channel, type IntakeEntry, type IntakeLocation } from './entries.js';
import { intakePhotoOwner, newPhotoToken } from './photos.js';
import { CaseSearch } from '../cases/case-list.js';
import type { Viewer } from '../cases/viewer.js';

export const MERGE_RADIUS_M = 200;
export const MERGE_WINDOW_MS = 7 * 24 * 3_600_000;

export interface IntakeDeps {
  store: Store;
  org: OrgDirectory;
  gridLevel: string;
  /** category → process key */
  processes: () => Record<string, string>;
  now: () => number;
  start: (
    key: string,
    args: { gridUnit: string; businessKey: string; variables: Record<string, unknown>; instanceId: string },
    actor: string,
  ) => Promise<InstanceState>;
  instance: (id: string) => Promise<InstanceState | null>;
  /** moves a report's photos to its case at 立案 / 并案 (photos.ts) */
  movePhotos?: (fromOwner: string, instanceId: string) => Promise<unknown>;
}

export interface NewReport {
  channel: Channel;
  reporter: { name: string; phone: string };
  category: string;
  description: string;
  location: IntakeLocation;
}

export interface Location {
  grid: string | null;
  /** the grid's chain, innermost first (empty without a grid) */
  path: UnitRef[];
  /** the innermost unit of any level containing the point */
  within: string | null;
}

/** The state a receipt lookup tells: no names, no phone, no case content. */
export type ReceiptState = 'received' | 'accepted' | 'merged' | 'rejected' | 'closed';

/** The case a receipt's 立案 opens: the same for the same receipt, on any machine. */
export const intakeCaseId = (receipt: string) =>
  `i${createHash('sha256').update(`intake\n${receipt}`).digest('hex').slice(0, 20)}`;

/** Great-circle distance in metres (haversine; plenty for a 200 m radius). */
export function distanceM(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * 6_371_000 * Math.asin(Math.min(1, Math.sqrt(h)));
}

const RECEIPT_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

export class IntakeService {
  readonly entries: IntakeEntries;
  constructor(private readonly deps: IntakeDeps) {
    this.entries = new IntakeEntries(deps.store);
  }

  categories(): string[] {
    return Object.keys(this.deps.processes());
  }

  async locate(lat: number, lng: number): Promise<Location> {
    const locator = await this.deps.org.locator(this.deps.gridLevel);
    const containing = locator.containing(lat, lng);
    const grid = locator.grid(lat, lng);
    let within: string | null = grid;
    if (!within) {
      // the deepest enclosing unit: its intake staff (or those above) take the report
      let depth = -1;
      for (const u of containing) {
        const d = (await this.deps.org.chain(u.code)).length;
        if (d > depth) [depth, within] = [d, u.code];
      }
    }
    return { grid, path: grid ? await this.deps.org.chain(grid) : [], within };
  }

  /** A new receipt number: R + the date + 8 characters that cannot be guessed (≈ 8.5e11 per day). */
  private receipt(): string {
    const d = new Date(this.deps.now()).toISOString().slice(0, 10).replace(/-/g, '');
    let tail = '';
    for (let i = 0; i < 8; i++) tail += RECEIPT_ALPHABET[randomInt(RECEIPT_ALPHABET.length)];
    return `R${d}${tail}`;
  }

  /**
   * Records a report. From an operator allowed to `dispatch` there, with a located point, it is accepted at
   * once (立案 in that grid); from the public page, or without a grid, it waits in the 待受理 queue.
   */
  async register(
    report: NewReport,
    source: 'public' | 'operator',
    actor?: string,
    /** the operator may dispatch to the located grid (it lies within their units) */
    dispatch = false,
  ): Promise<{ entry: IntakeEntry; instance?: InstanceState; photoToken?: string }> {
    if (!this.deps.processes()[report.category])
      throw new CommandError(
        'invalid',
        'unknown category',
        [{ path: '/category', message: 'not a configured category' }],
        'intake.unknown-category',
      );
    const where = await this.locate(report.location.lat, report.location.lng);
    const scope = where.within
      ? (await this.deps.org.chain(where.within)).map((u) => u.code)
      : (await this.deps.org.allUnits()).filter((u) => !u.parent).map((u) => u.code);
    const receipt = this.receipt();
    // the public page uploads its photos with a token only the filer got (photos.ts)
    const token = source === 'public' ? newPhotoToken() : undefined;
    const entry: IntakeEntry = {
      _id: receipt,
      receipt,
      status: 'received',
      source,
      channel: report.channel,
      reporter: report.reporter,
      category: report.category,
      description: report.description,
      location: report.location,
      grid: where.grid,
      scope,
      createdAt: this.deps.now(),
      ...(actor ? { createdBy: actor } : {}),
      ...(token ? { photoToken: token.hash } : {}),
      version: 1,
    };
    await this.entries.insert(entry);
    if (source === 'operator' && dispatch && where.grid && actor) return this.accept(entry, actor);
    return { entry, ...(token ? { photoToken: token.token } : {}) };
  }

  /** 立案: starts the category's process in the grid (the located one, or the operator's choice). */
  async accept(
    entry: IntakeEntry,
    actor: string,
    gridUnit?: string,
  ): Promise<{ entry: IntakeEntry; instance: InstanceState }> {
    const grid = gridUnit ?? entry.grid;
    if (entry.status === 'accepted' && entry.instanceId) {
      const s = await this.deps.instance(entry.instanceId);
      if (s) {
        await this.deps.movePhotos?.(intakePhotoOwner(entry.receipt), s._id);
        return { entry, instance: s };
      }
    }
    if (entry.status !== 'received') throw decided(entry);
    if (!grid)
      throw new CommandError(
        'invalid',
        'the location is in no grid: choose the grid',
        [{ path: '/gridUnit', message: 'required: the point lies in no grid' }],
        'intake.no-grid',
      );
    const unit = await this.deps.org.unit(grid);
    if (!unit || unit.level !== this.deps.gridLevel)
      throw new CommandError(
        'invalid',
        'not a grid',
        [{ path: '/gridUnit', message: 'not a grid unit' }],
        'intake.not-a-grid',
      );
    const key = this.deps.processes()[entry.category];
    const id = intakeCaseId(entry.receipt);
    let instance = await this.deps.instance(id);
    if (!instance) {
      try {
        instance = await this.deps.start(
          key,
          {
            gridUnit: grid,
            businessKey: entry.receipt,
            instanceId: id,
            // the fields every bundled start form has; the reporter stays in the intake record
            variables: {
              description: entry.description,
              location: entry.location.address || `${entry.location.lat},${entry.location.lng}`,
              intakeChannel: entry.channel,
              intakeReceipt: entry.receipt,
            },
          },
          actor,
        );
      } catch (err) {
        if ((err as Error | null)?.name !== 'DuplicateKeyError') throw err;
        instance = (await this.deps.instance(id))!;
      }
    }
    const set = {
      status: 'accepted' as const,
      grid,
      instanceId: id,
      decidedBy: actor,
      decidedAt: this.deps.now(),
    };
    if (!(await this.entries.update(entry, set))) {
      const now = (await this.entries.get(entry._id))!;
      if (now.status !== 'accepted' || now.instanceId !== id) throw decided(now);
      await this.deps.movePhotos?.(intakePhotoOwner(entry.receipt), id);
      return { entry: now, instance };
    }
    await this.deps.movePhotos?.(intakePhotoOwner(entry.receipt), id);
    return { entry: { ...entry, ...set, version: entry.version + 1 }, instance };
  }

  /** 并案: the report joins an existing case (which the caller has checked it may see). */
  async merge(entry: IntakeEntry, instanceId: string, actor: string): Promise<IntakeEntry> {
    if (entry.status === 'merged' && entry.instanceId === instanceId) {
      await this.deps.movePhotos?.(intakePhotoOwner(entry.receipt), instanceId);
      return entry;
    }
    if (entry.status !== 'received') throw decided(entry);
    const set = { status: 'merged' as const, instanceId, decidedBy: actor, decidedAt: this.deps.now() };
    if (!(await this.entries.update(entry, set))) throw decided((await this.entries.get(entry._id))!);
    await this.deps.movePhotos?.(intakePhotoOwner(entry.receipt), instanceId);
    return { ...entry, ...set, version: entry.version + 1 };
  }

  /** 不予受理 with a reason. */
  async reject(entry: IntakeEntry, reason: string, actor: string): Promise<IntakeEntry> {
    if (entry.status === 'rejected') return entry;
    if (entry.status !== 'received') throw decided(entry);
    const set = {
      status: 'rejected' as const,
      rejectReason: reason,
      decidedBy: actor,
      decidedAt: this.deps.now(),
    };
    if (!(await this.entries.update(entry, set))) throw decided((await this.entries.get(entry._id))!);
    return { ...entry, ...set, version: entry.version + 1 };
  }

  /** 并案 candidates: cases from intake of the same category within 200 m and 7 days, nearest first. */
  async mergeSuggestions(entry: IntakeEntry): Promise<Array<{ entry: IntakeEntry; distanceM: number }>> {
    const { lat, lng } = entry.location;
    const dLat = MERGE_RADIUS_M / 111_320;
    const dLng = MERGE_RADIUS_M / (111_320 * Math.max(0.01, Math.cos((lat * Math.PI) / 180)));
    const near = await this.entries.nearbyAccepted(entry.category, entry.createdAt - MERGE_WINDOW_MS, {
      minLat: lat - dLat,
      maxLat: lat + dLat,
      minLng: lng - dLng,
      maxLng: lng + dLng,
    });
    return near
      .filter((e) => e._id !== entry._id)
      .map((e) => ({ entry: e, distanceM: Math.round(distanceM(entry.location, e.location)) }))
      .filter((x) => x.distanceM <= MERGE_RADIUS_M)
      .sort((a, b) => a.distanceM - b.distanceM);
  }

  /**
   * Cases from intake to draw on the map: the newest `limit` accepted reports in these scopes (undefined:
   * all), kept when `viewer` may see their case (the case search's jurisdiction).
   */
  async mapPoints(
    scopes: string[] | undefined,
    viewer: Viewer,
    filter: { status?: 'open' | 'closed'; definitionKey?: string },
    limit: number,
  ): Promise<MapPoint[]> {
    const entries = await this.entries.newestAccepted(scopes, limit);
    const ids = entries.map((e) => e.instanceId).filter((id): id is string => !!id);
    if (!ids.length) return [];
    const cases = await new CaseSearch(this.deps.store).among(
      viewer,
      ids,
      { status: filter.status, definitionKey: filter.definitionKey },
      ['status', 'breachAt', 'caseNo', 'title', 'gridUnit', 'definitionKey'],
      this.deps.now(),
    );
    const byId = new Map(cases.map((c) => [c._id, c]));
    const now = this.deps.now();
    const out: MapPoint[] = [];
    for (const e of entries) {
      const c = e.instanceId ? byId.get(e.instanceId) : undefined;
      if (!c) continue;
      out.push({
        instanceId: c._id,
        caseNo: c.caseNo,
        title: c.title,
        category: e.category,
        lat: e.location.lat,
        lng: e.location.lng,
        gridUnit: c.gridUnit,
        status: c.status,
        overdue: c.status === 'active' && c.breachAt !== undefined && c.breachAt < now,
      });
    }
    return out;
  }

  /** What a citizen may learn from a receipt number: the state only. */
  async receiptState(receipt: string): Promise<{ receipt: string; state: ReceiptState } | null> {
    const e = await this.entries.get(receipt);
    if (!e) return null;
    let state: ReceiptState = e.status;
    if ((e.status === 'accepted' || e.status === 'merged') && e.instanceId) {
      // a reopened case: the newest round tells
      const s = await this.deps.instance(e.rounds?.at(-1) ?? e.instanceId);
      if (s && s.status !== 'active') state = 'closed';
    }
    return { receipt: e.receipt, state };
  }

  /** The intake record of a case started or merged from intake (for the case views' reporter). */
  async ofCase(instanceId: string, receipt?: string): Promise<IntakeEntry | null> {
    if (receipt) {
      const e = await this.entries.get(receipt);
      if (e && (e.instanceId === instanceId || e.rounds?.includes(instanceId))) return e;
    }
    return this.entries.acceptedOfCase(instanceId);
  }
}

const decided = (e: IntakeEntry) =>
  new CommandError('conflict', `report ${e.receipt} is already ${e.status}`, [], 'intake.already-decided');

/** 138****1234: the first three and the last four digits of a phone; a name keeps its first character. */
export function maskPhone(phone: string): string {
  const d = phone.replace(/\s+/g, '');
  if (d.length <= 7) return '*'.repeat(d.length);
  return `${d.slice(0, 3)}${'*'.repeat(d.length - 7)}${d.slice(-4)}`;
}

export function maskName(name: string): string {
  const chars = [...name];
  return chars.length <= 1 ? '*' : chars[0] + '*'.repeat(chars.length - 1);
}

export interface MapPoint {
  instanceId: string;
  caseNo?: string;
  title?: string;
  category: string;
  lat: number;
  lng: number;
  gridUnit: string;
  status: string;
  overdue: boolean;
}
