// The text of the reply to a reporter (replies.ts): a template with the receipt number, the case number and
// the outcome — never a name or a phone number. SMS_REPLY_TEMPLATE replaces the default.

/** {receipt}, {caseNo} and {outcome} are filled in. */
export const DEFAULT_REPLY_TEMPLATE =
  '【网格化服务管理】您反映的问题（回执号{receipt}）已办结：{outcome}。如有意见，可致电12345或回复本短信。';
/** the outcome when the case sets no `replyOutcome` variable (a form field may set one) */
export const DEFAULT_OUTCOME = '已按规定处理完毕';
export const OUTCOME_MAX = 120;

export function replyText(
  template: string,
  v: { receipt: string; caseNo?: string; outcome: string },
): string {
  return template
    .replaceAll('{receipt}', v.receipt)
    .replaceAll('{caseNo}', v.caseNo ?? '')
    .replaceAll('{outcome}', v.outcome);
}
