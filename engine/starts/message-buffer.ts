// Buffered messages (issue 17 item 7): a message that no case waits for and no start event takes may be kept
// for a while (`ttl` of POST /api/messages, at most MESSAGE_BUFFER_MAX_TTL_S); the first subscription of its
// name and correlation key created later — a receive task, an intermediate catch event, a message boundary
// event — receives it, once. Stored in the store's bufferedMessages collection (every adapter), indexed by
// name + correlation key; expired ones are purged by the recovery sweeper (its upkeep).
//
// Exactly once: a subscription claims a message by a conditional update (`claimedBy` absent → its id), so of
// two subscriptions created at once one gets it; the delivery job's id is the subscription's, and the message
// is marked delivered after the job is added (kept until it expires: a repeated messageId stays a duplicate). A crash in between leaves a claimed message that the replay of the same
// outbox (the subscription's own) finds by its claim and delivers again under the same job id.
import { randomUUID } from 'node:crypto';
import { insertIfAbsent, type Doc, type Store } from '../store/types.js';

export interface BufferedMessageDoc extends Doc {
  name: string;
  correlationKey: string;
  variables: Record<string, unknown>;
  /** who sent it (the actor recorded in the receiving case's history) */
  actor: string;
  at: number;
  expiresAt: number;
  messageId?: string;
  /** `<subscription id>@<instance id>` of the subscription that took it, until it is delivered */
  claimedBy?: string;
  /** when its delivery job was queued */
  deliveredAt?: number;
  /**
   * the units whose subtrees the sender may reach (a supervisor's); absent: every case (an admin). A case
   * outside them does not receive the message, as a correlated message would not reach it.
   */
  scope?: string[];
}

/** Candidates read per subscription: a few expired or contested ones may come before a free one. */
const TAKE_PAGE = 20;

export class MessageBuffer {
  constructor(private readonly store: Store) {}

  private get col() {
    return this.store.collection<BufferedMessageDoc>('bufferedMessages');
  }

  /**
   * Keeps a message for `ttlMs`. With a messageId the same message is kept once (`duplicate` when it was
   * already): a repeated send does not deliver it twice.
   */
  async put(
    m: Omit<BufferedMessageDoc, '_id' | 'expiresAt' | 'claimedBy'> & { ttlMs: number },
  ): Promise<{ id: string; expiresAt: number; duplicate: boolean }> {
    const { ttlMs, ...rest } = m;
    const id = m.messageId !== undefined ? `m.${m.messageId}` : `b.${randomUUID()}`;
    const doc = { ...rest, _id: id, expiresAt: m.at + ttlMs } as BufferedMessageDoc;
    if (await insertIfAbsent(this.col, doc)) return { id, expiresAt: doc.expiresAt, duplicate: false };
    const seen = await this.col.findOne({ _id: id });
    return { id, expiresAt: seen?.expiresAt ?? doc.expiresAt, duplicate: true };
  }

  /**
   * The message a new subscription receives: one it claimed before (a replayed outbox), else the oldest
   * unexpired unclaimed one of its name and key, claimed now. Null when there is none.
   */
  async claim(
    name: string,
    correlationKey: string,
    claimant: string,
    now: number,
    /** the unit path of the subscribing case (the sender's scope must reach it) */
    unitPath: readonly string[],
  ): Promise<BufferedMessageDoc | null> {
    const mine = await this.col.findOne({ claimedBy: claimant });
    if (mine) return mine;
    const candidates = await this.col.find(
      { name, correlationKey, expiresAt: { $gt: now }, claimedBy: { $exists: false } },
      { sort: { at: 1 }, limit: TAKE_PAGE },
    );
    for (const c of candidates) {
      if (c.scope && !unitPath.some((u) => c.scope!.includes(u))) continue;
      const res = await this.col.updateOne(
        { _id: c._id, claimedBy: { $exists: false } },
        { $set: { claimedBy: claimant } },
      );
      if (res.matched) return { ...c, claimedBy: claimant };
    }
    return null;
  }

  /**
   * Marks a message delivered once its delivery job is queued. It stays (claimed) until it expires, so that a
   * repeated send with the same messageId is recognised as a duplicate instead of buffered again.
   */
  async delivered(id: string, now: number): Promise<void> {
    await this.col.updateOne({ _id: id }, { $set: { deliveredAt: now } });
  }

  /** Deletes the messages past their time: the ones no subscription took, and the delivered ones. */
  async purge(now: number): Promise<number> {
    return this.col.deleteMany({ expiresAt: { $lte: now } });
  }
}
