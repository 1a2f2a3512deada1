// Wiring of the citizen loop (replies.ts, visits.ts) into the engine: the SMS gateway from the
// configuration, the delivery jobs on the notify queue, the next round of a reopened case, and the facts
// the statistics count (反馈率, 满意率, reopen as 返工).
import type { Queue } from 'bullmq';
import type { SmsConfig } from '../config.js';
import type { Logger } from '../logger.js';
import { httpSmsGateway, recordingSmsGateway, type SmsGateway } from '../queue/sms.js';
import type { InstanceState } from '../runtime/types.js';
import { citizenFact, reworkFact } from '../stats/facts.js';
import { lastReworkAt } from '../stats/recorder.js';
import { recordFacts } from '../stats/rollup.js';
import type { CitizenOutcome, FactDoc } from '../stats/tally.js';
import type { Store } from '../store/types.js';
import { CitizenReplies } from './replies.js';
import { CitizenVisits } from './visits.js';

/** the BullMQ job name of a reply's delivery on the notify queue */
export const SMS_REPLY_JOB = 'sms-reply';
export const smsJobId = (replyId: string) => `sms.${replyId}`;

/** the start variables a reopened round carries over from the round before */
const CARRIED = ['description', 'location', 'intakeChannel', 'intakeReceipt'];

export interface CitizenLoopDeps {
  store: Store;
  now: () => number;
  sms: SmsConfig;
  maxRounds: number;
  timezone: string;
  notifyQueue: Queue;
  log: Logger;
  /** a gateway given by the embedding program (tests) instead of the configured one */
  gateway?: SmsGateway;
  instance: (id: string) => Promise<InstanceState | null>;
  start: (
    key: string,
    args: {
      gridUnit: string;
      businessKey?: string;
      instanceId: string;
      caseNo?: string;
      variables: Record<string, unknown>;
    },
    actor: string,
  ) => Promise<InstanceState>;
}

export function createCitizenLoop(d: CitizenLoopDeps): {
  replies: CitizenReplies;
  visits: CitizenVisits;
  gateway: SmsGateway;
} {
  const gateway =
    d.gateway ?? (d.sms.url ? httpSmsGateway(d.sms.url, d.sms.token) : recordingSmsGateway(d.store, d.now));
  if (!d.gateway && !d.sms.url && process.env.NODE_ENV === 'production')
    d.log.warn('SMS_GATEWAY_URL is not set: replies to reporters are only recorded (smsOutbox), not sent');
  const facts = async (
    s: InstanceState,
    events: Array<{ id: string; outcome: CitizenOutcome; at: number }>,
  ) => {
    const out: FactDoc[] = [];
    for (const e of events) {
      out.push(citizenFact(s, e.id, e.outcome, e.at, d.timezone));
      // a reopen is a case sent back (返工)
      if (e.outcome === 'reopened')
        out.push(reworkFact(s, e.id, e.at, await lastReworkAt(d.store, s._id), d.timezone));
    }
    await recordFacts(d.store, out);
  };
  const visits = new CitizenVisits({
    store: d.store,
    now: d.now,
    maxRounds: d.maxRounds,
    instance: d.instance,
    recordFacts: facts,
    startRound: (prev, args, actor) => {
      const variables: Record<string, unknown> = {};
      for (const k of CARRIED) if (prev.variables[k] !== undefined) variables[k] = prev.variables[k];
      const root = typeof prev.variables.reopenOf === 'string' ? prev.variables.reopenOf : prev._id;
      return d.start(
        prev.definitionKey,
        {
          gridUnit: prev.gridUnit,
          ...(prev.businessKey ? { businessKey: prev.businessKey } : {}),
          instanceId: args.instanceId,
          ...(prev.caseNo ? { caseNo: prev.caseNo } : {}),
          variables: { ...variables, reopenOf: root, round: args.round, reopenReason: args.reason },
        },
        actor,
      );
    },
  });
  const replies = new CitizenReplies({
    store: d.store,
    now: d.now,
    gateway,
    template: d.sms.template,
    visits,
    recordFacts: facts,
    enqueue: async (replyId) => {
      await d.notifyQueue.add(
        SMS_REPLY_JOB,
        { replyId },
        {
          jobId: smsJobId(replyId),
          attempts: d.sms.attempts,
          backoff: { type: 'exponential', delay: d.sms.backoffMs },
        },
      );
    },
  });
  return { replies, visits, gateway };
}
