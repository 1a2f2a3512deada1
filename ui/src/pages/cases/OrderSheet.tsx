// A 督办单 / 交办单 on paper (A4 portrait): the case number and title, the unit it is addressed to, the
// content, the reply deadline, the reply (or room to write one) and the signature lines.
import { PrintSheet } from '../../components/print/PrintSheet';
import { useI18n } from '../../i18n';
import { formatDateTime } from '../../lib/format';
import type { SupervisionOrder } from '../../types';

export interface CaseRef {
  caseNo?: string;
  title?: string;
  businessKey?: string;
}

export function OrderSheet({ order: o, caseRef }: { order: SupervisionOrder; caseRef?: CaseRef }) {
  const { t } = useI18n();
  const rows: Array<[string, string]> = [
    [t('print.caseTitle'), caseRef?.title ?? ''],
    [
      t('print.targetUnit'),
      `${o.target.unitName ?? o.target.unit}${o.target.role ? ` · ${o.target.role}` : ''}`,
    ],
    [t('print.issuedBy'), `${o.createdBy} · ${formatDateTime(o.createdAt)}`],
    [t('print.replyDue'), formatDateTime(o.replyDueAt)],
  ];
  return (
    <PrintSheet
      testId="order-sheet"
      title={t(`order.${o.kind}`)}
      meta={[
        [t('print.caseNo'), caseRef?.caseNo ?? caseRef?.businessKey ?? '—'],
        [t('print.orderNo'), (o.id ?? o._id ?? '').slice(0, 8).toUpperCase()],
      ]}
      signatures={[t('print.issuerSign'), t('print.receiverSign'), t('print.date')]}
    >
      <table>
        <tbody>
          {rows.map(([label, value]) => (
            <tr key={label}>
              <th className="print-sheet__field--label">{label}</th>
              <td className="print-sheet__field">{value}</td>
            </tr>
          ))}
          <tr>
            <th className="print-sheet__field--label">{t('print.orderContent')}</th>
            <td className="print-sheet__field print-sheet__field--tall">{o.content}</td>
          </tr>
          <tr>
            <th className="print-sheet__field--label">{t('print.orderReply')}</th>
            <td className="print-sheet__field print-sheet__field--tall">
              {o.reply ? `${o.reply.content}\n（${o.reply.by} · ${formatDateTime(o.reply.at)}）` : ''}
            </td>
          </tr>
        </tbody>
      </table>
    </PrintSheet>
  );
}
