// A notification's title in the reader's language: a typed notification (`{type, params}`, e.g. a published
// 考核 ranking) is worded by the UI's `notice.<type>` message with its params; others show their title.
import { tOr } from '../i18n';

export function noticeTitle(n: { title: string; type?: unknown; params?: unknown }): string {
  if (typeof n.type !== 'string') return n.title;
  const params = (n.params && typeof n.params === 'object' ? n.params : {}) as Record<
    string,
    string | number
  >;
  return tOr(`notice.${n.type}`, n.title, params);
}
