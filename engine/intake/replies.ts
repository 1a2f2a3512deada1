// The reply to the reporter (答复 / 反馈) when a case from intake closes, and the 回访 it opens.
//
// The bundled processes end with a service task of worker type `citizen-reply` (processes/*.bpmn, just
// before the end event). Its handler (onCaseClosing) records, for the case round and each report merged
// into it, a reply document and queues its delivery — a BullMQ job on the notify queue with a deterministic
// id, retried with backoff — and opens the round's 回访 (visits.ts); it answers at once, so a slow or
// failing SMS gateway never holds up the case. The delivery (deliver) sends through the configured
// gateway with the reply id as idempotency key and marks the reply sent on a version-checked write: a
// retried or redelivered job after a send finds it sent and stops. The phone number is read from the
// intake record for the send only; replies, history and the recording gateway hold it masked.
//
// For the statistics (反馈率) the reply of the report that opened the case is the one counted per round
// (details.counted): a history record and a fact when it falls due and when it is sent (stats/facts.ts).
import type { InstanceState } from '../runtime/types.js';
import type { Store } from '../store/types.js';
import { readRecordedSms, type RecordedSms, type SmsGateway } from '../queue/sms.js';
import type { CitizenOutcome } from '../stats/tally.js';
import type { IntakeEntry } from './entries.js';
import { IntakeEntries } from './entries.js';
import { maskPhone } from './service.js';
import type { CitizenVisits } from './visits.js';

import { DEFAULT_OUTCOME, OUTCOME_MAX, replyText } from './reply-template.js';
import { HistoryLog } from '../queue/history.js';

export type ReplyStatus = 'queued' | 'sent' | 'dropped';

export interface ReplyDoc {
  /** `${instanceId}.${receipt}`: one per report and case round */
  _id: string;
  instanceId: string;
  receipt: string;
  caseNo?: string;
  gridUnit: string;
  /** the report that opened the case (counted for 反馈率), not one merged into it */
  counted: boolean;
  channel: 'sms';
  to: string;
  text: string;
  status: ReplyStatus;
  createdAt: number;
  sentAt?: number;
  /** dropped: the reporter's data was removed (retention) before it could be sent */
  reason?: string;
  version: number;
}

export interface ReplyDeps {
  store: Store;
  now: () => number;
  gateway: SmsGateway;
  template: string;
  /** queues the delivery job (deterministic job id: queuing twice is a no-op) */
  enqueue: (replyId: string) => Promise<void>;
  visits: CitizenVisits;
  /** records the citizen-loop facts of a case (engine/stats) */
  recordFacts: (
    s: InstanceState,
    events: Array<{ id: string; outcome: CitizenOutcome; at: number }>,
  ) => Promise<void>;
}

const outcomeOf = (variables: Record<string, unknown>) => {
  const v = variables.replyOutcome;
  return typeof v === 'string' && v.trim() ? v.trim().slice(0, OUTCOME_MAX) : DEFAULT_OUTCOME;
};

export class CitizenReplies {
  readonly col;
  private readonly entries: IntakeEntries;
  constructor(private readonly d: ReplyDeps) {
    this.col = d.store.collection<ReplyDoc>('citizenReplies');
    this.entries = new IntakeEntries(d.store);
  }

  /** The reports a case round answers: the one that opened it (first) and those merged into it. */
  async reportsOf(s: InstanceState): Promise<IntakeEntry[]> {
    const receipt = s.variables.intakeReceipt;
    if (typeof receipt !== 'string') return [];
    const opened = await this.entries.get(receipt);
    if (!opened) return [];
    const root = typeof s.variables.reopenOf === 'string' ? s.variables.reopenOf : s._id;
    if (opened.instanceId !== root) return [];
    const merged = await this.entries.mergedInto(root, 200);
    return [opened, ...merged];
  }

  /**
   * The `citizen-reply` service task: queues the replies of the round and opens its 回访. Idempotent: ids
   * are derived from the case and the receipts, so a retried call changes nothing.
   */
  async onCaseClosing(s: InstanceState): Promise<{ replies: number }> {
    const reports = await this.reportsOf(s);
    if (!reports.length) return { replies: 0 }; // not from intake: staff reporters see the case themselves
    const now = this.d.now();
    const outcome = outcomeOf(s.variables);
    const docs: ReplyDoc[] = reports.map((e, i) => ({
      _id: `${s._id}.${e.receipt}`,
      instanceId: s._id,
      receipt: e.receipt,
      ...(s.caseNo ? { caseNo: s.caseNo } : {}),
      gridUnit: s.gridUnit,
      counted: i === 0,
      channel: 'sms',
      to: maskPhone(e.reporter.phone),
      text: replyText(this.d.template, { receipt: e.receipt, caseNo: s.caseNo, outcome }),
      status: 'queued',
      createdAt: now,
      version: 1,
    }));
    await this.col.insertManyIgnoreDuplicates(docs);
    await this.d.visits.open(s, reports[0]!, now);
    const dueId = `${s._id}.reply-due`;
    await this.history(s._id, dueId, now, 'citizen-reply-due', {
      receipt: reports[0]!.receipt,
      counted: true,
    });
    await this.d.recordFacts(s, [{ id: dueId, outcome: 'due', at: now }]);
    for (const doc of docs) await this.d.enqueue(doc._id);
    return { replies: docs.length };
  }

  /** The delivery job: sends once, then marks the reply sent and records it in the case history. */
  async deliver(
    replyId: string,
    instance: (id: string) => Promise<InstanceState | null>,
  ): Promise<ReplyStatus | 'missing'> {
    const r = await this.col.findOne({ _id: replyId });
    if (!r) return 'missing';
    if (r.status !== 'queued') return r.status;
    const entry = await this.entries.get(r.receipt);
    const phone = entry?.reporter.phone;
    if (!phone) {
      await this.col.updateOne(
        { _id: r._id, version: r.version },
        { $set: { status: 'dropped', reason: 'no-phone', version: r.version + 1 } },
      );
      return 'dropped';
    }
    // a throw here is retried by the job with backoff; the gateway deduplicates on the id
    await this.d.gateway.send({ id: r._id, phone, text: r.text });
    const at = this.d.now();
    const won = await this.col.updateOne(
      { _id: r._id, version: r.version },
      { $set: { status: 'sent', sentAt: at, version: r.version + 1 } },
    );
    if (won.matched !== 1) return 'sent'; // a concurrent delivery recorded it
    const histId = `${r.instanceId}.reply.${r.receipt}`;
    await this.history(r.instanceId, histId, at, 'citizen-replied', {
      receipt: r.receipt,
      channel: r.channel,
      gateway: this.d.gateway.name,
      to: r.to,
      text: r.text,
      counted: r.counted,
    });
    if (r.counted) {
      const s = await instance(r.instanceId);
      if (s) await this.d.recordFacts(s, [{ id: histId, outcome: 'sent', at }]);
    }
    return 'sent';
  }

  /** The replies of a case, oldest first (the case file's 反馈 panel). */
  ofCase(instanceId: string): Promise<ReplyDoc[]> {
    return this.col.find({ instanceId }, { sort: { createdAt: 1, _id: 1 }, limit: 200 });
  }

  /** What the recording gateway kept (development), newest first. */
  async recordedSms(skip: number, limit: number): Promise<{ items: RecordedSms[]; total: number }> {
    return readRecordedSms(this.d.store, skip, limit);
  }

  private async history(
    instanceId: string,
    id: string,
    at: number,
    action: string,
    details: Record<string, unknown>,
  ): Promise<void> {
    await new HistoryLog(this.d.store).append([
      { _id: id, instanceId, at, actor: 'system', action, details },
    ]);
  }
}
