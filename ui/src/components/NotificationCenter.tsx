// Bell with the live unread count; opens the notifications drawer.
import { useCallback, useEffect, useState } from 'react';
import { api } from '../api';
import { useI18n } from '../i18n';
import { useLiveEvent } from '../lib/events';
import { useThrottled } from '../lib/hooks';
import { NotificationsDrawer } from './NotificationsDrawer';

export function NotificationCenter() {
  const { t } = useI18n();
  const [unread, setUnread] = useState<number | null>(null);
  const [open, setOpen] = useState(false);
  const refresh = useCallback(() => {
    api.notifications(true).then(
      (p) => setUnread(p.total ?? p.items.filter((n) => !n.read).length),
      () => undefined, // the wrapper already reported it
    );
  }, []);
  const refreshSoon = useThrottled(refresh, 300);
  useEffect(refresh, [refresh]);
  useLiveEvent('notification', refreshSoon);
  return (
    <>
      <button
        className="btn btn--ghost bell"
        onClick={() => setOpen(true)}
        aria-label={t('notify.title')}
        title={t('notify.title')}
      >
        <svg className="bell__icon" viewBox="0 0 24 24" width="18" height="18" aria-hidden>
          <path
            fill="currentColor"
            d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z"
          />
        </svg>
        {!!unread && (
          <span className="badge bell__badge" data-testid="unread-badge">
            {unread > 99 ? '99+' : unread}
          </span>
        )}
      </button>
      {open && <NotificationsDrawer onClose={() => setOpen(false)} onChanged={refresh} />}
    </>
  );
}
