// The case history with "load more": the case view brings the newest records (with the total and a
// cursor); older pages are fetched on demand from GET /api/instances/:id/history, so a looping case with
// thousands of records does not send them all at once.
import { useEffect, useState } from 'react';
import { api } from '../../api';
import { useI18n } from '../../i18n';
import type { HistoryRecord } from '../../types';
import { HistoryTimeline } from './HistoryTimeline';

interface Loaded {
  /** oldest first */
  records: HistoryRecord[];
  /** position (counted from the oldest record of the case) of records[0] */
  start: number;
}

export function CaseHistory({
  instanceId,
  newest,
  total,
  cursor,
  names,
}: {
  instanceId: string;
  newest: HistoryRecord[];
  total?: number;
  /** where the newest records begin (null or absent: at the oldest) */
  cursor?: string | null;
  names: Record<string, string>;
}) {
  const { t } = useI18n();
  const newestStart = cursor ? Number(cursor) : 0;
  const [loaded, setLoaded] = useState<Loaded>({ records: newest, start: newestStart });
  const [busy, setBusy] = useState(false);

  // the case was refreshed: keep the older pages loaded so far when they still join the newest records
  // (positions never shift: history is only appended to), else start again from the newest page
  useEffect(() => {
    setLoaded((prev) => {
      const end = prev.start + prev.records.length;
      if (prev.start >= newestStart || end < newestStart) return { records: newest, start: newestStart };
      return { records: [...prev.records.slice(0, newestStart - prev.start), ...newest], start: prev.start };
    });
  }, [newest, newestStart]);

  const loadOlder = async () => {
    setBusy(true);
    try {
      const page = await api.history(instanceId, String(loaded.start));
      setLoaded((prev) =>
        prev.start === loaded.start
          ? { records: [...page.items, ...prev.records], start: prev.start - page.items.length }
          : prev,
      );
    } catch {
      // reported by the fetch wrapper
    } finally {
      setBusy(false);
    }
  };

  return (
    <div>
      <HistoryTimeline records={loaded.records} names={names} />
      {loaded.start > 0 && (
        <p className="history__more">
          <span className="muted">
            {t('case.historyCount', {
              total: total ?? loaded.start + loaded.records.length,
              shown: loaded.records.length,
            })}
          </span>{' '}
          <button className="btn btn--small" onClick={loadOlder} disabled={busy} data-testid="history-more">
            {busy ? t('common.loading') : t('case.loadOlder')}
          </button>
        </p>
      )}
    </div>
  );
}
