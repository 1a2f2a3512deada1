// 督办单 / 交办单 of a case: target, content, reply deadline and state; the target unit can reply; each
// prints as an A4 sheet with the case number and signature lines.
import { useState, type ReactNode } from 'react';
import { api } from '../../api';
import { useI18n } from '../../i18n';
import { formatDateTime } from '../../lib/format';
import { sessionStore } from '../../lib/session';
import { toast } from '../../lib/toasts';
import type { SupervisionOrder } from '../../types';
import { usePrint } from '../../components/print/PrintSheet';
import { OrderSheet, type CaseRef } from './OrderSheet';

export function SupervisionOrders({
  orders,
  onChanged,
  caseRef,
}: {
  orders: SupervisionOrder[];
  onChanged: () => void;
  /** the case the orders are about, named on the printed sheet */
  caseRef?: CaseRef;
}) {
  const { t } = useI18n();
  const [sheet, print] = usePrint();
  if (!orders.length) return <p className="muted">{t('order.none')}</p>;
  return (
    <>
      <ul className="orders">
        {orders.map((o) => (
          <OrderItem
            key={o.id ?? o._id}
            order={o}
            onChanged={onChanged}
            onPrint={() => print(<OrderSheet order={o} caseRef={caseRef} />)}
          />
        ))}
      </ul>
      {sheet}
    </>
  );
}

function OrderItem({
  order: o,
  onChanged,
  onPrint,
}: {
  order: SupervisionOrder;
  onChanged: () => void;
  onPrint: () => void;
}): ReactNode {
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
        <button type="button" className="link-btn" onClick={onPrint} data-testid="order-print">
          {t('print.button')}
        </button>
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
