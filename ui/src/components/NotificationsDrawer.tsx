// Side drawer listing the user's notifications, newest first, with mark-as-read.
import { createPortal } from 'react-dom';
import { api } from '../api';
import { useI18n } from '../i18n';
import { notificationBody, notificationTitle } from '../i18n/render';
import { useLiveEvent } from '../lib/events';
import { formatDateTime } from '../lib/format';
import { useRequest, useThrottled } from '../lib/hooks';
import { notificationKindLabel } from '../lib/labels';
import { navigate } from '../lib/router';
import type { Notification } from '../types';
import { CaseLabel } from './CaseLabel';
import { Async } from './States';

export function NotificationsDrawer({ onClose, onChanged }: { onClose: () => void; onChanged: () => void }) {
  const { t } = useI18n();
  const list = useRequest(() => api.notifications(false), []);
  useLiveEvent('notification', useThrottled(list.reload, 300));
  const idOf = (n: Notification) => n._id ?? n.id ?? '';
  const markRead = async (n: Notification) => {
    await api.markRead(idOf(n));
    list.setData(
      list.data && {
        ...list.data,
        items: list.data.items.map((x) => (idOf(x) === idOf(n) ? { ...x, read: true } : x)),
      },
    );
    onChanged();
  };
  const markAll = async () => {
    for (const n of list.data?.items.filter((x) => !x.read) ?? []) await api.markRead(idOf(n));
    list.reload();
    onChanged();
  };
  const open = (n: Notification) => {
    const instanceId = n.items?.[0]?.instanceId;
    if (!n.read) void markRead(n).catch(() => undefined);
    if (instanceId) {
      navigate(`/cases/${encodeURIComponent(instanceId)}`);
      onClose();
    }
  };
  // portalled to <body>: the drawer must not inherit the header's colours and stacking
  return createPortal(
    <div className="drawer-backdrop" onClick={onClose}>
      <aside className="drawer" onClick={(e) => e.stopPropagation()} aria-label={t('notify.title')}>
        <header className="drawer__head">
          <h2>{t('notify.title')}</h2>
          <button className="btn btn--small" onClick={() => void markAll().catch(() => undefined)}>
            {t('notify.markAll')}
          </button>
          <button className="icon-btn" onClick={onClose} aria-label={t('common.close')}>
            ×
          </button>
        </header>
        <Async state={list} empty={(p) => !p.items.length} emptyTitle={t('notify.empty')}>
          {(p) => (
            <ul className="notif-list">
              {[...p.items]
                .sort((a, b) => b.at - a.at)
                .map((n) => (
                  <li key={idOf(n)} className={`notif ${n.read ? '' : 'notif--unread'}`}>
                    <button className="notif__main" onClick={() => open(n)}>
                      <span className={`tag tag--${n.kind}`}>{notificationKindLabel(n.kind)}</span>
                      <span className="notif__title">{notificationTitle(n)}</span>
                      {n.items?.[0]?.caseNo && (
                        <span className="notif__case">
                          <CaseLabel caseNo={n.items[0].caseNo} title={n.items[0].caseTitle} />
                        </span>
                      )}
                      {(n.itemCount ?? 0) > 1 && (
                        <span className="notif__count">{t('notify.items', { n: n.itemCount! })}</span>
                      )}
                      {notificationBody(n) && <span className="notif__body">{notificationBody(n)}</span>}
                      <time className="notif__time">{formatDateTime(n.at)}</time>
                    </button>
                    {!n.read && (
                      <button
                        className="btn btn--small"
                        onClick={() => void markRead(n).catch(() => undefined)}
                      >
                        {t('notify.markRead')}
                      </button>
                    )}
                  </li>
                ))}
            </ul>
          )}
        </Async>
      </aside>
    </div>,
    document.body,
  );
}
