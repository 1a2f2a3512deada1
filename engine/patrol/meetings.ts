// 例会签到: a community or street head records a meeting of their unit (date, topic, the people invited);
// each invited person signs in from their phone on the meeting's day. The meetings a person was invited
// to and signed in at over a period are the attendance figures a scheme scores (engine/scoring
// meetingsInvited / meetingsAttended / meetingAttendanceRate), and the meetings a unit held its
// meetingsHeld.
import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import type { OrgDirectory } from '../grid/org.js';
import { UserRepository } from '../grid/user-repository.js';
import type { Store } from '../store/types.js';

export interface MeetingDoc {
  _id: string;
  unit: string;
  unitName?: string;
  /** the unit and its chain up: the heads who see it */
  unitPath: string[];
  /** YYYY-MM-DD, the business day it is held on (sign-in is open that day) */
  date: string;
  topic: string;
  createdBy: string;
  createdAt: number;
  /** usernames invited (multikey: a person's meetings) */
  invited: string[];
  /** usernames signed in, and when */
  signed: string[];
  signedAt: Record<string, number>;
}

/** People invited to one meeting; candidates listed for the head to pick from. */
export const MAX_ATTENDEES = 200;
export const MAX_CANDIDATES = 500;

export type MeetingRefusal =
  | 'meeting.not-found'
  | 'meeting.not-invited'
  | 'meeting.not-today'
  | 'meeting.unknown-attendee'
  | 'meeting.bad-date';

export class MeetingRefused extends Error {
  constructor(
    readonly code: MeetingRefusal,
    message: string,
    readonly params: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'MeetingRefused';
  }
}

export interface MeetingDeps {
  store: Store;
  org: OrgDirectory;
  now: () => number;
  timezone: string;
}

export class MeetingLog {
  constructor(private readonly d: MeetingDeps) {}

  private get col() {
    return this.d.store.collection<MeetingDoc>('meetings');
  }

  private today(): string {
    return DateTime.fromMillis(this.d.now(), { zone: this.d.timezone }).toISODate()!;
  }

  async get(id: string): Promise<MeetingDoc | null> {
    return this.col.findOne({ _id: id });
  }

  /** The people with a role in `unit`'s subtree (whom a meeting of it may invite), by username. */
  async candidates(unit: string): Promise<Array<{ username: string; name: string }>> {
    const codes = await this.d.org.subtree(unit);
    const users = await new UserRepository(this.d.store).find(
      { units: codes, enabledOnly: true },
      { limit: MAX_CANDIDATES },
    );
    return users.map((u) => ({ username: u._id, name: u.displayName ?? u._id }));
  }

  /** Records a meeting of `unit` (the caller reaches it); everyone invited must be a person of its subtree. */
  async record(
    by: string,
    unit: string,
    m: { date: string; topic: string; attendees: string[] },
  ): Promise<MeetingDoc> {
    if (!DateTime.fromISO(m.date, { zone: this.d.timezone }).isValid)
      throw new MeetingRefused('meeting.bad-date', 'not a date', { field: 'date' });
    const invited = [...new Set(m.attendees)];
    const known = new Set((await this.candidates(unit)).map((c) => c.username));
    const unknown = invited.filter((u) => !known.has(u));
    if (unknown.length)
      throw new MeetingRefused('meeting.unknown-attendee', 'attendees must be people of the unit', {
        field: 'attendees',
        usernames: unknown.slice(0, 10),
      });
    const chain = await this.d.org.chain(unit);
    const doc: MeetingDoc = {
      _id: `m${randomUUID().replace(/-/g, '').slice(0, 20)}`,
      unit,
      unitName: chain[0]?.name,
      unitPath: chain.map((u) => u.code),
      date: m.date,
      topic: m.topic,
      createdBy: by,
      createdAt: this.d.now(),
      invited,
      signed: [],
      signedAt: {},
    };
    await this.col.insert(doc);
    return doc;
  }

  /** An invited person signs in, on the meeting's day; again: the first sign-in stands. */
  async signIn(id: string, user: string): Promise<MeetingDoc> {
    const m = await this.col.findOne({ _id: id });
    if (!m || !m.invited.includes(user)) throw new MeetingRefused('meeting.not-invited', 'not invited to it');
    if (m.signed.includes(user)) return m;
    if (m.date !== this.today())
      throw new MeetingRefused('meeting.not-today', 'sign-in is open on the meeting day', { date: m.date });
    const at = this.d.now();
    // a set: a repeated sign-in racing this one adds the name once (its time may be the later one)
    await this.col.updateOne(
      { _id: id },
      { $addToSet: { signed: user }, $set: { [`signedAt.${user}`]: at } },
    );
    return (await this.col.findOne({ _id: id }))!;
  }

  /** A page of meetings newest first: of these units' subtrees, or those `invited` was invited to. */
  async page(q: { scope?: string[]; invited?: string; skip: number; limit: number }) {
    const query: Record<string, unknown> = {};
    if (q.scope) query.unitPath = { $in: q.scope };
    if (q.invited) query.invited = q.invited;
    const [items, total] = await Promise.all([
      this.col.find(query, { sort: { date: -1, createdAt: -1 }, skip: q.skip, limit: q.limit }),
      this.col.count(query, { limit: 10_000 }),
    ]);
    return { items, total };
  }

  /**
   * Per person over [fromDay, toDay): meetings invited to and signed in at. Reads the meetings of those
   * people in those days (the multikey `invited`), only the two lists.
   */
  async attendance(people: string[], fromDay: string, toDay: string) {
    const out = new Map<string, { invited: number; attended: number }>();
    if (!people.length) return out;
    const wanted = new Set(people);
    const docs = await this.col.find(
      { invited: { $in: people }, date: { $gte: fromDay, $lt: toDay } },
      { fields: ['invited', 'signed'], limit: 100_000 },
    );
    for (const d of docs) {
      const signed = new Set(d.signed ?? []);
      for (const u of d.invited ?? []) {
        if (!wanted.has(u)) continue;
        const a = out.get(u) ?? out.set(u, { invited: 0, attended: 0 }).get(u)!;
        a.invited++;
        if (signed.has(u)) a.attended++;
      }
    }
    return out;
  }

  /** The people invited to meetings in `unit`'s subtree over [fromDay, toDay) (the person rows of a table). */
  async inviteesIn(unit: string, fromDay: string, toDay: string): Promise<string[]> {
    const docs = await this.col.find(
      { unitPath: unit, date: { $gte: fromDay, $lt: toDay } },
      { fields: ['invited'], limit: 20_000 },
    );
    return [...new Set(docs.flatMap((d) => d.invited ?? []))];
  }

  /** Meetings held at each of `units` (the unit itself) over [fromDay, toDay). */
  async held(units: string[], fromDay: string, toDay: string): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    if (!units.length) return out;
    const docs = await this.col.find(
      { unit: { $in: units }, date: { $gte: fromDay, $lt: toDay } },
      { fields: ['unit'], limit: 100_000 },
    );
    for (const d of docs) out.set(d.unit, (out.get(d.unit) ?? 0) + 1);
    return out;
  }
}
