// Unsent reports kept on this device (lib/drafts.ts): sent by themselves when the network comes back (the
// browser's `online` event) and when the app opens; the banner says how many wait, sends them on demand,
// and shows the ones the server refused with a way to drop them.
import { useEffect } from 'react';
import { useI18n } from '../i18n';
import { discardDraft, draftsStore, sendDrafts } from '../lib/drafts';
import { sessionStore } from '../lib/session';
import { useStore } from '../lib/store';
import { toast } from '../lib/toasts';
import { t } from '../i18n';

/** A draft opened its case: say so, and let the pages showing lists look again (`grid:drafts-sent`). */
const announce = (caseNo: string | undefined) => {
  toast('success', t('draft.sent', { caseNo: caseNo ?? '' }));
  window.dispatchEvent(new Event('grid:drafts-sent'));
};

/** Sends the signed-in user's drafts now and whenever the network comes back. */
export function useDraftSync(user: string | undefined): void {
  useEffect(() => {
    if (!user) return;
    const send = () => void sendDrafts(user, announce);
    if (navigator.onLine) send();
    window.addEventListener('online', send);
    return () => window.removeEventListener('online', send);
  }, [user]);
}

export function DraftsBanner() {
  const { t } = useI18n();
  const me = sessionStore.get()?.user.username;
  const drafts = useStore(draftsStore).filter((d) => d.user === me);
  if (!me || !drafts.length) return null;
  const waiting = drafts.filter((d) => !d.refused);
  const refused = drafts.filter((d) => d.refused);
  return (
    <div className="drafts" data-testid="drafts">
      {waiting.length > 0 && (
        <div className="banner banner--warning drafts__waiting">
          <span>{t('draft.waiting', { n: waiting.length })}</span>
          <button className="btn btn--small" onClick={() => void sendDrafts(me, announce)}>
            {t('draft.sendNow')}
          </button>
        </div>
      )}
      {refused.map((d) => (
        <div key={d.draftId} className="banner banner--error drafts__refused">
          <span>{t('draft.refused', { reason: d.refused ?? '' })}</span>
          <button className="btn btn--small" onClick={() => discardDraft(d.draftId)}>
            {t('draft.discard')}
          </button>
        </div>
      ))}
    </div>
  );
}
