// The case history as a timeline in people's words: action labels, element names, the display names of
// people and units (resolved by the server), and for data changes each field's title with old → new;
// engine-internal steps hidden by default.
import { useState } from 'react';
import { FieldValue } from '../../components/casefile/FieldValues';
import { t, tOr, useI18n } from '../../i18n';
import { formatDateTime } from '../../lib/format';
import { actionLabel, levelLabel } from '../../lib/labels';
import type { FieldChange, HistoryRecord } from '../../types';

const INTERNAL = new Set(['enter', 'leave', 'join-arrive', 'join-fired']);

function detailText(r: HistoryRecord): string {
  const d = r.details ?? {};
  const parts: string[] = [];
  if (r.action === 'escalated' || r.action === 'supervised')
    // the record stores 挂牌督办 as its `to` (a stored word, not a level): worded here per language
    parts.push(`${levelLabel(r.from)} → ${r.to === '挂牌督办' ? t('history.listed') : levelLabel(r.to)}`);
  // a migration: from version → to version (engine/runtime/migration.ts)
  if (r.action === 'migrated') parts.push(`${r.from} → ${r.to}`);
  if (r.unitName && ['task-created', 'task-sent-back', 'task-redispatched'].includes(r.action))
    parts.push(r.unitName);
  // 延期 / 挂账: the date asked for or granted
  if (typeof d.dueAt === 'number' && r.action.startsWith('extension-'))
    parts.push(`→ ${formatDateTime(d.dueAt)}`);
  if (typeof d.reviewAt === 'number' && r.action.startsWith('backlog-'))
    parts.push(`→ ${formatDateTime(d.reviewAt)}`);
  // 回访: the reporter's satisfaction and the note
  if (r.action === 'citizen-visited' && typeof d.satisfaction === 'string')
    parts.push(tOr(`visit.satisfaction.${d.satisfaction}`, d.satisfaction));
  if (r.action === 'citizen-visited' && typeof d.note === 'string') parts.push(d.note);
  if (r.action === 'escalated' && (r.fromUnitName || r.unitName))
    parts.push(`${r.fromUnitName ?? d.fromUnit} → ${r.unitName ?? d.toUnit}`);
  for (const k of [
    'to',
    'reason',
    'comment',
    'assignee',
    'owner',
    'message',
    'content',
    'text',
    'kind',
  ] as const) {
    const v =
      k === 'to' && r.toName
        ? r.toName
        : k === 'assignee' && r.assigneeName
          ? r.assigneeName
          : k === 'owner' && r.ownerName
            ? r.ownerName
            : d[k];
    // a claim names the one who claimed, who is already the actor
    if (k === 'assignee' && d.assignee === r.actor) continue;
    if (typeof v === 'string' && v) parts.push(v);
  }
  return parts.join(' · ');
}

/** A data change: field title, then the value before (struck through) → the new one. */
function Changes({ changes }: { changes: FieldChange[] }) {
  return (
    <dl className="changes" data-testid="history-changes">
      {changes.map((c) => (
        <div key={c.name} className="changes__row" data-field={c.name}>
          <dt>{c.title}</dt>
          <dd>
            {'previous' in c && (
              <>
                <del className="changes__old">
                  <FieldValue field={{ ...c, value: c.previous, labels: c.previousLabels }} />
                </del>
                <span aria-hidden> → </span>
              </>
            )}
            <ins className="changes__new">
              <FieldValue field={c} />
            </ins>
          </dd>
        </div>
      ))}
    </dl>
  );
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
              {r.elementId && <ElementName id={r.elementId} name={r.elementName ?? names[r.elementId]} />}
              <span className="timeline__actor" title={r.actor}>
                {r.actorName ??
                  (r.actor === 'system'
                    ? t('history.system')
                    : r.actor === 'timer'
                      ? t('history.timer')
                      : r.actor)}
              </span>
              {detailText(r) && <span className="timeline__detail">{detailText(r)}</span>}
              {!!r.changes?.length && <Changes changes={r.changes} />}
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

function ElementName({ id, name }: { id: string; name?: string }) {
  return name && name !== id ? (
    <span className="timeline__name">{name}</span>
  ) : (
    <span className="timeline__el">{id}</span>
  );
}
