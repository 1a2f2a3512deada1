// 督办单 / 交办单 of a case: target, content, reply deadline and state; the target unit can reply.
import { useState } from 'react';
import { api } from '../../api';
import { useI18n } from '../../i18n';
import { formatDateTime } from '../../lib/format';
import { sessionStore } from '../../lib/session';
import { toast } from '../../lib/toasts';
import type { SupervisionOrder } from '../../types';

export function SupervisionOrders({
  orders,
  onChanged,
}: {
  orders: SupervisionOrder[];
  onChanged: () => void;
}) {
  const { t } = useI18n();
  if (!orders.length) return <p className="muted">{t('order.none')}</p>;
  return (
    <ul className="orders">
      {orders.map((o) => (
        <OrderItem key={o.id ?? o._id} order={o} onChanged={onChanged} />
      ))}
    </ul>
  );
}

function OrderItem({ order: o, onChanged }: { order: SupervisionOrder; onChanged: () => void }) {
  const { t } = useI18n();
  const [reply, setReply] = useState('');
  const [open, setOpen] = useState(false);
  const user = sessionStore.get()?.user;
  const isTarget = !!user?.roles.some(
    (r) => r.unit === o.target.unit && (!o.target.role || r.role === o.target.role),
  );
  const send = async () => {
    if (!reply.trim()) return;
    try {
      await api.replySupervisionOrder(o.id ?? o._id ?? '', reply.trim());
      toast('success', t('order.replied'));
      setOpen(false);
      onChanged();
    } catch {
      // reported by the fetch wrapper
    }
  };
  return (
    <li className={`order order--${o.status}`}>
      <div className="order__head">
        <span className="tag tag--supervised">{t(`order.${o.kind}`)}</span>
        <span>
          → {o.target.unitName ?? o.target.unit}
          {o.target.role && ` · ${o.target.role}`}
        </span>
        <span
          className={`tag tag--${o.status === 'overdue' ? 'supervised' : o.status === 'replied' ? 'completed' : 'warned'}`}
        >
          {t(`order.status.${o.status}`)}
        </span>
      </div>
      <div className="order__content">{o.content}</div>
      <div className="muted">
        {o.createdBy} · {formatDateTime(o.createdAt)} ·{' '}
        {t('order.replyBy', { at: formatDateTime(o.replyDueAt) })}
      </div>
      {o.reply && (
        <div className="order__reply">
          {t('order.replyText', { text: o.reply.content })}{' '}
          <span className="muted">
            ({o.reply.by} · {formatDateTime(o.reply.at)})
          </span>
        </div>
      )}
      {o.status !== 'replied' && isTarget && (
        <div className="order__actions">
          {open ? (
            <>
              <textarea
                rows={2}
                value={reply}
                onChange={(e) => setReply(e.target.value)}
                aria-label={t('order.reply')}
              />
              <button className="btn btn--small btn--primary" onClick={send} disabled={!reply.trim()}>
                {t('order.sendReply')}
              </button>
            </>
          ) : (
            <button className="btn btn--small" onClick={() => setOpen(true)}>
              {t('order.reply')}
            </button>
          )}
        </div>
      )}
    </li>
  );
}
