// What a notification says, as data: a type and its params (`task.escalated {taskName, fromUnit, toUnit}`),
// stored with the notification and its items and rendered by the UI in the reader's language (ui/src/i18n).
// The Chinese sentence is still composed here and stored as `title`: the SMS/webhook channels deliver it,
// and clients that know no type show it.

/** Notification type → its Chinese title (`{name}` filled from params; `{kindName}` is the order's name). */
export const NOTIFICATION_TYPES = {
  'task.created': '新任务：{taskName}',
  'task.delegated': '委派任务：{taskName}',
  'task.reassigned': '改派任务：{taskName}',
  'task.returned': '退单待再派遣：{taskName}',
  'task.redispatched': '再派遣任务：{taskName}',
  'extension.asked': '延期申请：{taskName}',
  'backlog.asked': '挂账申请：{taskName}',
  'extension.approved': '延期申请已批准：{taskName}',
  'extension.refused': '延期申请未批准：{taskName}',
  'backlog.approved': '挂账申请已批准：{taskName}',
  'backlog.refused': '挂账申请未批准：{taskName}',
  'backlog.resumed': '挂账到期，案件恢复办理：{taskName}',
  'case.completed': '案件已办结：{caseNo}',
  'case.cancelled': '案件已撤销：{caseNo}',
  'case.listed': '挂牌督办：{caseNo}（{actor} 挂牌）',
  'case.unlisted': '摘牌：{caseNo} 撤销挂牌督办（{actor}）',
  // a step of the process lists the case or warns of a statutory limit (engine/sla/listing.ts)
  'case.listed-by-process': '挂牌督办：{caseNo}（{reason}）',
  'case.deadline-warning': '期限预警：{caseNo}（{reason}）',
  'sla.warning': '催办：任务即将超期',
  'sla.overdue': '超期催办：{taskName}（{unitName}）',
  'sla.overdue-reminder': '催办提醒：{taskName}仍未办结（{unitName}）',
  'sla.escalated': '超期升级：{taskName}（{fromUnit} → {toUnit}）',
  'sla.escalated-told': '任务已超期并上报上级',
  'sla.supervised': '挂牌督办：案件逾期未办结',
  'sla.supervision-reminder': '挂牌督办提醒：案件仍未办结',
  'comment.mentioned': '{actor} 在案件中提到了你',
  /** published by engine/scoring/ranking-notices.ts with `type`/`params` on the notification itself */
  'assessment.ranking-published': '{period} 考核结果已发布：第 {rank}/{rankOf} 名，{total} 分',
  'order.issued': '{kindName}：{caseNo}',
  'order.replied': '{kindName}已回复：{caseNo}',
  'order.warn': '{kindName}即将到期：{caseNo}',
  'order.overdue': '{kindName}逾期未回复：{caseNo}',
} as const satisfies Record<string, string>;

export type NotificationType = keyof typeof NOTIFICATION_TYPES;

/** What is stored: the type and the values its text names (names, numbers, times as epoch ms). */
export interface NotificationMessage {
  type: NotificationType;
  params: Record<string, string | number>;
}

const ORDER_KIND_ZH: Record<string, string> = { duban: '督办单', jiaoban: '交办单' };

/** The Chinese title of a message (for channels and for clients without the type). */
export function titleOf(m: NotificationMessage): string {
  const p: Record<string, string | number> = { ...m.params };
  if (typeof p.kind === 'string') p.kindName = ORDER_KIND_ZH[p.kind] ?? p.kind;
  return NOTIFICATION_TYPES[m.type].replace(/\{(\w+)\}/g, (_, k: string) => String(p[k] ?? ''));
}

/** `title` and `message` of an intent or a notice: the message and its Chinese sentence. */
export function notice(
  type: NotificationType,
  params: Record<string, string | number | undefined> = {},
): { title: string; message: NotificationMessage } {
  const defined: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(params)) if (v !== undefined) defined[k] = v;
  const message = { type, params: defined };
  return { title: titleOf(message), message };
}
