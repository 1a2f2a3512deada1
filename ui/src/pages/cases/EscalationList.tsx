// Escalations of a case: level climbed, units, when, how late.
import { useI18n } from '../../i18n';
import { formatDateTime, formatDuration } from '../../lib/format';
import { levelLabel } from '../../lib/labels';
import { useUnitName } from '../../lib/unitNames';
import type { Escalation } from '../../types';

export function EscalationList({ items }: { items: Escalation[] }) {
  const { t } = useI18n();
  const unitName = useUnitName();
  if (!items.length) return <p className="muted">{t('case.noEscalations')}</p>;
  return (
    <ul className="esc-list">
      {[...items]
        .sort((a, b) => a.firedAt - b.firedAt)
        .map((e, i) => (
          <li key={e._id ?? e.id ?? i} className={`esc ${e.supervised ? 'esc--supervised' : ''}`}>
            <span className="esc__levels">
              {levelLabel(e.fromLevel)} → {e.supervised ? t('sla.supervised') : levelLabel(e.toLevel)}
            </span>
            <span className="muted">
              {e.fromUnitName ?? unitName(e.fromUnit)} → {e.toUnitName ?? unitName(e.toUnit)}
            </span>
            <span>{formatDateTime(e.firedAt)}</span>
            {e.taskName && <span>{e.taskName}</span>}
            {!!e.latenessMs && e.latenessMs > 60_000 && (
              <span className="muted">{t('case.fireLate', { d: formatDuration(e.latenessMs) })}</span>
            )}
          </li>
        ))}
    </ul>
  );
}
