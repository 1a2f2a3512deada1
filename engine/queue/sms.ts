// SMS to citizens (the reply to a reporter, engine/intake/replies.ts): a gateway abstraction beside the
// staff notification channels (channels.ts). Staff channels deliver a notification document; an SMS goes
// to a phone number that lives only in the intake record, so it has its own small interface. Two
// gateways ship: the recording outbox (development and tests: every message stored, phone masked, and
// listed to admins) and a vendor-neutral HTTP gateway configured by SMS_GATEWAY_URL / SMS_GATEWAY_TOKEN.
// Retries with backoff are the caller's (a BullMQ job per reply); `id` is the same on every retry, so a
// gateway that honours Idempotency-Key sends a message once even when our answer was lost.
import { maskPhone } from '../intake/service.js';
import type { Store } from '../store/types.js';

export interface SmsMessage {
  /** stable per reply: the idempotency key */
  id: string;
  /** the full number: read from the intake record for the send only, never stored elsewhere */
  phone: string;
  text: string;
}

export interface SmsGateway {
  readonly name: string;
  /** Sends one message; throws to be retried. */
  send(m: SmsMessage): Promise<void>;
}

/** What the recording gateway keeps of a message: never the full phone number. */
export interface RecordedSms {
  _id: string;
  to: string;
  text: string;
  at: number;
}

/** Development and tests: stores each message (once per id) in the `smsOutbox` collection. */
export function recordingSmsGateway(store: Store, now: () => number): SmsGateway {
  const col = store.collection<RecordedSms>('smsOutbox');
  return {
    name: 'outbox',
    async send(m) {
      await col.insertManyIgnoreDuplicates([{ _id: m.id, to: maskPhone(m.phone), text: m.text, at: now() }]);
    },
  };
}

/**
 * An SMS provider's HTTP API: POST {to, text, id} as JSON with `Authorization: Bearer <token>` and
 * `Idempotency-Key: <id>`; any non-2xx answer or network error is retried by the caller.
 */
export function httpSmsGateway(url: string, token: string | undefined, timeoutMs = 10_000): SmsGateway {
  return {
    name: 'http',
    async send(m) {
      const res = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'idempotency-key': m.id,
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify({ to: m.phone, text: m.text, id: m.id }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      // drain the body so the connection is reused
      await res.arrayBuffer().catch(() => undefined);
      if (!res.ok) throw new Error(`SMS gateway answered ${res.status}`);
    },
  };
}

/** What the recording gateway kept (development), newest first, with their total (counted up to 10,000). */
export async function readRecordedSms(
  store: Store,
  skip: number,
  limit: number,
): Promise<{ items: RecordedSms[]; total: number }> {
  const col = store.collection<RecordedSms>('smsOutbox');
  const [items, total] = await Promise.all([
    col.find({}, { sort: { at: -1 }, skip, limit }),
    col.count({}, { limit: 10_000 }),
  ]);
  return { items, total };
}
