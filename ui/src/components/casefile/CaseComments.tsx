// Comments (留言) in the case file: the list, and a box to add one. `@login` in the text mentions that
// person (they are notified); the server refuses a mention of someone who may not see the case and names
// them. A retry after a failed send reuses its request id, so the comment is never added twice.
import { useState } from 'react';
import { api } from '../../api';
import { useI18n } from '../../i18n';
import { formatDateTime } from '../../lib/format';
import { toast } from '../../lib/toasts';
import type { CaseComment } from '../../types';

const MAX = 2000;
/** `@login` mentions in a text (logins are ASCII letters, digits, _ . -) */
export const mentionsIn = (text: string): string[] => [
  ...new Set(
    [...text.matchAll(/(?:^|[^\w.@-])@([A-Za-z0-9_.-]{1,32})/g)].map((m) => m[1].replace(/\.+$/, '')),
  ),
];

const newRequestId = () => `ui-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;

export function CaseComments({
  instanceId,
  comments,
  total,
  onAdded,
}: {
  instanceId: string;
  comments: CaseComment[];
  total: number;
  onAdded: () => void;
}) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  // one id per comment being written: kept across failed attempts, renewed once it is sent
  const [requestId, setRequestId] = useState(newRequestId);
  const blank = !text.trim();
  const send = async () => {
    if (blank || busy) return;
    setBusy(true);
    try {
      await api.comment(instanceId, { text, mentions: mentionsIn(text), requestId });
      setText('');
      setRequestId(newRequestId());
      toast('success', t('comment.sent'));
      onAdded();
    } catch {
      // reported by the fetch wrapper (a mention of someone who may not see the case names them)
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="case-file__part" data-part="comments">
      <h4>{t('comment.title')}</h4>
      {total > comments.length && (
        <p className="muted">{t('comment.shown', { shown: comments.length, total })}</p>
      )}
      {comments.length ? (
        <ol className="comments">
          {comments.map((c) => (
            <li key={c.id} className="comment" data-comment={c.id}>
              <div className="comment__head">
                <span className="comment__author" title={c.author}>
                  {c.authorName ?? c.author}
                </span>
                <time className="muted">{formatDateTime(c.at)}</time>
              </div>
              <div className="file-text">{c.text}</div>
              {c.mentions.length > 0 && (
                <div className="comment__mentions muted">
                  {t('comment.mentioned', {
                    names: c.mentions.map((m) => m.displayName ?? m.username).join(t('file.listSep')),
                  })}
                </div>
              )}
            </li>
          ))}
        </ol>
      ) : (
        <p className="muted">{t('comment.none')}</p>
      )}
      <form
        className="comment-form"
        onSubmit={(e) => {
          e.preventDefault();
          void send();
        }}
      >
        <textarea
          data-testid="comment-text"
          aria-label={t('comment.title')}
          rows={2}
          maxLength={MAX}
          value={text}
          placeholder={t('comment.placeholder')}
          onChange={(e) => setText(e.target.value)}
        />
        <div className="comment-form__foot">
          <span className="field__hint">{t('comment.hint')}</span>
          <button
            className="btn btn--primary"
            type="submit"
            data-testid="comment-send"
            disabled={blank || busy}
          >
            {t('comment.send')}
          </button>
        </div>
      </form>
    </section>
  );
}
