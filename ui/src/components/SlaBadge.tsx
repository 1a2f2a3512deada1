// Live countdown to a task's due time, coloured by SLA state (on time / warned / overdue / escalated / 督办).
import { useI18n } from '../i18n';
import { formatDuration } from '../lib/format';
import { useNow } from '../lib/hooks';
import { slaLabel } from '../lib/labels';
import type { SlaState } from '../types';

export interface SlaBadgeProps {
  state: SlaState;
  /** the assessed due date (assessDueAt), falling back to the task's due date */
  dueAt?: number;
  /** 挂起: a personal marker — the assessed clock runs on */
  paused?: boolean;
  /** 挂账: the case is parked, its clock stopped until the review date */
  parked?: boolean;
  supervised?: boolean;
}

/**
 * 督办 (supervised) wins; a passed due date shows as overdue even before the server says so — also while
 * paused (挂起 does not stop the assessed clock), never while parked (挂账).
 */
export function effectiveSla(p: SlaBadgeProps, now: number): SlaState {
  if (p.supervised || p.state === 'supervised') return 'supervised';
  if (p.state === 'escalated') return 'escalated';
  if (p.parked) return p.state === 'overdue' ? 'overdue' : 'ontime';
  if (p.state === 'overdue' || (p.dueAt !== undefined && now > p.dueAt)) return 'overdue';
  return p.state;
}

export function SlaBadge(p: SlaBadgeProps) {
  const { t } = useI18n();
  const now = useNow();
  const state = effectiveSla(p, now);
  let text: string;
  if (p.parked) text = t('sla.parked');
  else if (p.dueAt === undefined) text = t('sla.noDue');
  else if (now <= p.dueAt) text = t('sla.remaining', { d: formatDuration(p.dueAt - now) });
  else text = t('sla.late', { d: formatDuration(now - p.dueAt) });
  if (p.paused && !p.parked) text = `${t('sla.paused')} · ${text}`;
  return (
    <span className={`sla sla--${p.parked ? 'paused' : state}`} data-sla={state} title={slaLabel(state)}>
      <span className="sla__state">{slaLabel(state)}</span>
      <span className="sla__time">{text}</span>
    </span>
  );
}
