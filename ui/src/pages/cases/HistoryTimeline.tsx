// The case history as a timeline with Chinese action labels; engine-internal steps hidden by default.
import { useState } from 'react';
import { useI18n } from '../../i18n';
import { formatDateTime } from '../../lib/format';
import { actionLabel, levelLabel } from '../../lib/labels';
import type { HistoryRecord } from '../../types';

const INTERNAL = new Set(['enter', 'leave', 'join-arrive', 'join-fired']);

function detailText(r: HistoryRecord): string {
  const d = r.details ?? {};
  const parts: string[] = [];
  if (r.action === 'escalated' || r.action === 'supervised')
    parts.push(`${levelLabel(r.from)} → ${r.to === '挂牌督办' ? r.to : levelLabel(r.to)}`);
  for (const k of ['to', 'reason', 'assignee', 'owner', 'message', 'content', 'kind'] as const) {
    const v = d[k];
    if (typeof v === 'string' && v) parts.push(v);
  }
  return parts.join(' · ');
}

export function HistoryTimeline({
  records,
  names = {},
}: {
  records: HistoryRecord[];
  names?: Record<string, string>;
}) {
  const { t } = useI18n();
  const [all, setAll] = useState(false);
  const shown = [...records].sort((a, b) => a.at - b.at).filter((r) => all || !INTERNAL.has(r.action));
  return (
    <div>
      <label className="toggle">
        <input type="checkbox" checked={all} onChange={(e) => setAll(e.target.checked)} />
        {t('case.allSteps')}
      </label>
      {!shown.length ? (
        <p className="muted">{t('case.noHistory')}</p>
      ) : (
        <ol className="timeline" data-testid="history">
          {shown.map((r, i) => (
            <li key={r._id ?? i} className={`timeline__item timeline__item--${r.action}`}>
              <time>{formatDateTime(r.at)}</time>
              <span className="timeline__action">{actionLabel(r.action)}</span>
              {r.elementId && (
                <span className={names[r.elementId] ? 'timeline__name' : 'timeline__el'}>
                  {names[r.elementId] ?? r.elementId}
                </span>
              )}
              <span className="timeline__actor">{r.actor}</span>
              {detailText(r) && <span className="timeline__detail">{detailText(r)}</span>}
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
