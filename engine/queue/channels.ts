// Notification channels: besides the in-app inbox (the notifications collection), each notification is
// delivered once per registered channel as a BullMQ job, so a failing channel is retried with backoff
// without holding up the step that raised it. The webhook channel ships; SMS, 政务微信/钉钉 bots or e-mail
// are further implementations of the same interface (EngineOptions.channels).
import type { WithItems } from './notifications.js';

export interface NotificationChannel {
  /** unique name; part of the delivery job's id */
  readonly name: string;
  /**
   * Delivers one notification (a batched one carries its items). Throw to have it retried with backoff;
   * `idempotencyKey` is the same on every retry of the same notification.
   */
  deliver(notification: WithItems, idempotencyKey: string): Promise<void>;
}

/** HTTP POST of the notification as JSON, with an Idempotency-Key header; non-2xx answers are retried. */
export function webhookChannel(url: string, timeoutMs = 10000): NotificationChannel {
  return {
    name: 'webhook',
    async deliver(notification, idempotencyKey) {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
        body: JSON.stringify(notification),
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (!res.ok) throw new Error(`webhook answered ${res.status}`);
    },
  };
}
