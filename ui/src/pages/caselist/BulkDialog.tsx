// Bulk actions of a supervisor on the selected cases: a 督办单 to each case's grid, or reassigning every open
// step of each case to one person. Each case goes through the same API call as on its own page (with its
// checks), one after the other; the outcome is reported per case, so a partial success shows which failed.
import { useState } from 'react';
import { api, describeError } from '../../api';
import { Dialog } from '../../components/Dialog';
import { useI18n } from '../../i18n';
import { isIsoDuration } from '../../lib/duration';
import { toast } from '../../lib/toasts';
import type { CaseListItem } from '../../types';
import type { RowResult } from './CaseResults';

const REPLY_SLAS = ['PT4H', 'P1D', 'P2D', 'P3D', 'P5D'] as const;

export type BulkKind = 'order' | 'reassign';

export function BulkDialog({
  kind,
  cases,
  onClose,
  onDone,
}: {
  kind: BulkKind;
  cases: CaseListItem[];
  onClose: () => void;
  onDone: (results: Record<string, RowResult>) => void;
}) {
  const { t } = useI18n();
  const [content, setContent] = useState('');
  const [replySla, setReplySla] = useState<string>('P1D');
  const [to, setTo] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const one = async (c: CaseListItem): Promise<RowResult> => {
    try {
      if (kind === 'order') {
        await api.supervisionOrder(c.id, {
          kind: 'duban',
          to: c.gridUnit,
          content: content.trim(),
          replySla,
        });
      } else {
        const open = c.holders ?? [];
        if (!open.length) return { ok: false, text: t('cases.bulkNoTask') };
        for (const h of open) await api.reassign(h.taskId, to.trim());
      }
      return { ok: true, text: t('cases.bulkOk') };
    } catch (err) {
      return { ok: false, text: describeError(err) };
    }
  };

  const run = async () => {
    if (kind === 'order' && (!content.trim() || !isIsoDuration(replySla)))
      return setError(t('form.required'));
    if (kind === 'reassign' && !/^[A-Za-z0-9_.-]+$/.test(to.trim())) return setError(t('form.required'));
    setError(null);
    setBusy(true);
    const results: Record<string, RowResult> = {};
    for (const c of cases) results[c.id] = await one(c);
    setBusy(false);
    const ok = Object.values(results).filter((r) => r.ok).length;
    toast(ok === cases.length ? 'success' : 'error', t('cases.bulkDone', { ok, failed: cases.length - ok }));
    onDone(results);
  };

  return (
    <Dialog
      title={`${t(kind === 'order' ? 'cases.bulkOrder' : 'cases.bulkReassign')} · ${t('cases.selected', { n: cases.length })}`}
      onClose={onClose}
      footer={
        <>
          <button className="btn" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button className="btn btn--primary" onClick={run} disabled={busy} data-testid="bulk-run">
            {t('cases.bulkRun')}
          </button>
        </>
      }
    >
      <p className="muted">{t(kind === 'order' ? 'cases.bulkOrderHint' : 'cases.bulkReassignHint')}</p>
      {kind === 'order' ? (
        <div className="form-grid">
          <label className="field">
            <span className="field__label">
              {t('order.content')}
              <span className="field__req">*</span>
            </span>
            <textarea
              value={content}
              maxLength={2000}
              rows={3}
              onChange={(e) => setContent(e.target.value)}
            />
          </label>
          <label className="field">
            <span className="field__label">{t('order.replySla')}</span>
            <select value={replySla} onChange={(e) => setReplySla(e.target.value)}>
              {REPLY_SLAS.map((s) => (
                <option key={s} value={s}>
                  {t(`order.sla.${s}`)}
                </option>
              ))}
            </select>
          </label>
        </div>
      ) : (
        <label className="field">
          <span className="field__label">
            {t('cases.reassignTo')}
            <span className="field__req">*</span>
          </span>
          <input value={to} maxLength={32} onChange={(e) => setTo(e.target.value)} />
        </label>
      )}
      {error && (
        <div className="field__error" role="alert">
          {error}
        </div>
      )}
    </Dialog>
  );
}
