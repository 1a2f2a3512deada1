// 督办看板: escalations into my subtree, live, grouped by level and unit, with supervisor actions.
import { useMemo, useRef, useState } from 'react';
import { api, syncedServerNow } from '../../api';
import { Async } from '../../components/States';
import { useI18n } from '../../i18n';
import { useLiveEvent } from '../../lib/events';
import { useRequest, useThrottled } from '../../lib/hooks';
import type { Task } from '../../types';
import { EscalationGroup } from './EscalationGroup';
import { OverdueTasks } from './OverdueTasks';
import { PendingRequests } from './PendingRequests';
import { boardItems, escalationKey, groupEscalations } from './group';

const DAY = 86_400_000;
const RANGES = [7, 30, 90, 365];

export function BoardPage() {
  const { t } = useI18n();
  const [days, setDays] = useState(30);
  const [onlyOpen, setOnlyOpen] = useState(true);
  const seen = useRef<Set<string> | null>(null);
  const [fresh, setFresh] = useState<Set<string>>(new Set());
  const [overdue, setOverdue] = useState<Task[]>([]);
  const data = useRequest(async () => {
    // the period is counted on the server's clock (X-Server-Now), which may differ from the browser's
    const [escalations, escalated, supervised, overdue] = await Promise.all([
      api.escalations((await syncedServerNow()) - days * DAY),
      api.tasks({ status: 'open', slaState: 'escalated' }),
      api.tasks({ status: 'open', slaState: 'supervised' }),
      // past due with no ladder to climb: they stay `overdue` (a ladder escalates them at the breach)
      api.tasks({ status: 'open', slaState: 'overdue' }),
    ]);
    setOverdue(overdue.items);
    const items = boardItems(escalations, [...escalated.items, ...supervised.items]);
    const keys = items.map(escalationKey);
    if (seen.current) {
      const added = keys.filter((k) => !seen.current!.has(k));
      if (added.length) setFresh((f) => new Set([...f, ...added]));
    }
    seen.current = new Set(keys);
    return items;
  }, [days]);
  const reload = useThrottled(data.reload, 300);
  useLiveEvent('escalation', reload);
  useLiveEvent('task', reload);
  const visible = useMemo(() => (data.data ?? []).filter((e) => !onlyOpen || e.task), [data.data, onlyOpen]);
  const groups = useMemo(() => groupEscalations(visible), [visible]);

  return (
    <div className="page">
      <header className="page__head">
        <h1>
          {t('board.title')}
          {data.data && (
            <span className="count" data-testid="escalation-count">
              {visible.length}
            </span>
          )}
        </h1>
        <div className="toolbar">
          <label className="toggle">
            <input type="checkbox" checked={onlyOpen} onChange={(e) => setOnlyOpen(e.target.checked)} />
            {t('board.onlyOpen')}
          </label>
          <select
            value={days}
            onChange={(e) => setDays(Number(e.target.value))}
            aria-label={t('board.range')}
          >
            {RANGES.map((d) => (
              <option key={d} value={d}>
                {t('board.lastDays', { n: d })}
              </option>
            ))}
          </select>
        </div>
      </header>
      <OverdueTasks tasks={overdue} />
      <PendingRequests />
      <Async
        state={{ ...data, data: data.data && groups }}
        empty={(g) => !g.length}
        emptyTitle={t('board.empty')}
        emptyHint={t('board.emptyHint')}
      >
        {(g) => (
          <div className="board" data-testid="board">
            {g.map(([level, units]) => (
              <EscalationGroup
                key={level}
                level={level}
                units={units}
                fresh={fresh}
                onChanged={data.reload}
              />
            ))}
          </div>
        )}
      </Async>
    </div>
  );
}
