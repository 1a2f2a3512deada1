// 督办单 / 交办单 (supervision orders) are SLA'd items of their own: a reminder (催办) to the addressees at
// 80% of the reply time, and at the deadline an overdue notice to the issuer and the addressees, recorded
// in the case history. Both are delayed jobs on the timers queue with deterministic ids; handling one is
// idempotent (deterministic notification and history ids, a conditional mark written last), so a
// redelivery, or a replay after a crash at any line, adds nothing twice. A replied order's jobs do nothing.
import { DateTime } from 'luxon';
import type { Store } from '../store/types.js';
import { roleKey } from '../grid/org.js';
import { UserRepository } from '../grid/user-repository.js';
import type { EngineEvent, OutboxExecutor } from './outbox.js';
import type { Queues } from './queues.js';
import { appendCaseHistory } from '../retention/case-history.js';
import type { HistoryLevel } from '../retention/history-level.js';
import { notice, type NotificationMessage } from '../notifications/messages.js';
import { OrderRecords } from '../supervision/order-records.js';

export interface SupervisionDoc {
  _id: string;
  instanceId: string;
  kind: 'duban' | 'jiaoban';
  to: string;
  target: { unit: string; unitName?: string; role?: string };
  content: string;
  status: 'open' | 'replied';
  replyDueAt: number;
  createdAt: number;
  createdBy: string;
  unitPath: string[];
  gridUnit: string;
  businessKey?: string;
  /** number and title of the case when the order was issued (its notifications name the case by them) */
  caseNo?: string;
  caseTitle?: string;
  definitionKey: string;
  reply?: { content: string; at: number; by: string; late: boolean };
  /** when the 80% reminder / the overdue notice went out */
  warnedAt?: number;
  overdueAt?: number;
}

export const ORDER_KIND_NAME = { duban: '督办单', jiaoban: '交办单' } as const;
const WARN_AT = 0.8;

export type OrderTimer = 'order-warn' | 'order-due';

export interface OrderDeps {
  store: Store;
  queues: Queues;
  now: () => number;
  publish: (events: EngineEvent[]) => Promise<void>;
  announce: OutboxExecutor['announce'];
  timezone: string;
  /** the history level of a case's definition (engine/retention/history-level.ts); absent = full */
  historyLevel?: (instanceId: string) => Promise<HistoryLevel | undefined>;
}

export const orderJobId = (orderId: string, timer: OrderTimer) => `${timer}.${orderId}`;

/** When each of an order's timers falls due. */
export function orderDueTimes(
  d: Pick<SupervisionDoc, 'createdAt' | 'replyDueAt'>,
): Record<OrderTimer, number> {
  return {
    'order-warn': d.createdAt + Math.round((d.replyDueAt - d.createdAt) * WARN_AT),
    'order-due': d.replyDueAt,
  };
}

/** Adds the order's timer jobs (again: existing ids are left as they are). */
export async function scheduleOrderTimers(queues: Queues, d: SupervisionDoc, now: number): Promise<void> {
  const due = orderDueTimes(d);
  await queues.timers.addBulk(
    (Object.keys(due) as OrderTimer[])
      .filter((timer) => !(timer === 'order-warn' ? d.warnedAt : d.overdueAt))
      .map((timer) => ({
        name: timer,
        data: { orderId: d._id, instanceId: d.instanceId, dueAt: due[timer] },
        opts: { jobId: orderJobId(d._id, timer), delay: Math.max(0, due[timer] - now) },
      })),
  );
}

/** Everyone the order is addressed to: the holders of its role at its unit, or everyone at the unit. */
export async function orderRecipients(store: Store, target: SupervisionDoc['target']): Promise<string[]> {
  const users = new UserRepository(store);
  const list = target.role
    ? await users.find({ roleKeys: [roleKey(target.role, target.unit)], enabledOnly: true })
    : await users.find({ units: [target.unit], enabledOnly: true });
  return list.map((u) => u._id);
}

/**
 * Title and message of a notice about an order; the message carries the order's content (`content`), so the
 * UI words the body in the reader's language too (`dueAt` as epoch ms, `unitName`).
 */
export function orderNotice(
  type: 'order.issued' | 'order.replied' | 'order.warn' | 'order.overdue',
  d: Pick<SupervisionDoc, 'kind' | 'content'>,
  caseNo: string,
  extra: Record<string, string | number> = {},
) {
  return notice(type, { kind: d.kind, caseNo, content: d.content, ...extra });
}

/** Notifications about an order, in-app and on every channel (ids keyed by `key`: a repeat adds nothing). */
export async function notifyOrder(
  deps: Pick<OrderDeps, 'announce' | 'publish'>,
  to: string[],
  d: SupervisionDoc,
  notice: {
    key: string;
    kind: 'info' | 'warning';
    title: string;
    body: string;
    at: number;
    message?: NotificationMessage;
  },
): Promise<void> {
  const notes = [...new Set(to)].map((recipient) => ({
    _id: `${recipient}|${d._id}|${notice.key}`,
    recipient,
    kind: notice.kind,
    title: notice.title,
    body: notice.body,
    ...(notice.message ? { message: notice.message } : {}),
    unit: d.target.unit,
    read: false,
    at: notice.at,
  }));
  const item = {
    instanceId: d.instanceId,
    caseNo: d.caseNo,
    caseTitle: d.caseTitle,
    title: notice.title,
    body: notice.body,
    ...(notice.message ? { message: notice.message } : {}),
    effectId: `${d._id}.${notice.key}`,
  };
  await deps.publish(await deps.announce(notes, item, false, { supervisionOrderId: d._id }));
}

/** A timer of an order fired. Returns what it did. */
export async function orderTimerFired(
  deps: OrderDeps,
  orderId: string,
  timer: OrderTimer,
): Promise<{ changed: boolean }> {
  const orders = new OrderRecords(deps.store);
  const d = await orders.get(orderId);
  const mark = timer === 'order-warn' ? 'warnedAt' : 'overdueAt';
  if (!d || d.status !== 'open' || d[mark] !== undefined) return { changed: false };
  const now = deps.now();
  const caseRef = d.businessKey ?? d.instanceId;
  const addressees = await orderRecipients(deps.store, d.target);
  if (timer === 'order-warn') {
    await notifyOrder(deps, addressees, d, {
      key: 'warn',
      kind: 'warning',
      ...orderNotice('order.warn', d, caseRef, { dueAt: d.replyDueAt }),
      body: `请于 ${DateTime.fromMillis(d.replyDueAt, { zone: deps.timezone }).toFormat('yyyy-MM-dd HH:mm')} 前回复：${d.content}`,
      at: now,
    });
  } else {
    await appendCaseHistory(deps.store, await deps.historyLevel?.(d.instanceId), [
      {
        _id: `${d.instanceId}.${d._id}.overdue`,
        instanceId: d.instanceId,
        at: now,
        actor: 'timer',
        action: `supervision-${d.kind}-overdue`,
        from: 'open',
        to: 'overdue',
        details: { orderId: d._id, replyDueAt: d.replyDueAt, latenessMs: Math.max(0, now - d.replyDueAt) },
      },
    ]);
    await notifyOrder(deps, [d.createdBy, ...addressees], d, {
      key: 'overdue',
      kind: 'warning',
      ...orderNotice('order.overdue', d, caseRef, { unitName: d.target.unitName ?? d.target.unit }),
      body: `${d.target.unitName ?? d.target.unit} 未在期限内回复：${d.content}`,
      at: now,
    });
  }
  await orders.setIfOpen(d._id, { [mark]: now });
  return { changed: true };
}
