// The call activity links of a case (engine/elements/call-activity.ts): the case that called it, the cases
// it called (each a link, with its status and open incidents), and the open incidents of the cases below
// it — so that a case waiting at a call activity shows why the case it waits for is stuck.
import { CaseLabel } from '../../components/CaseLabel';
import { Link } from '../../components/Link';
import { useI18n } from '../../i18n';
import { codeText } from '../../i18n/render';
import { formatDateTime } from '../../lib/format';
import { statusLabel } from '../../lib/labels';
import type { Instance } from '../../types';

const caseHref = (id: string) => `/cases/${encodeURIComponent(id)}`;

export function CalledCases({ s }: { s: Instance }) {
  const { t } = useI18n();
  const children = s.children ?? [];
  const incidents = s.childIncidents ?? [];
  if (!s.parent && !children.length) return null;
  return (
    <section className="card" data-testid="called-cases">
      {s.parent && (
        <p data-testid="called-by">
          {t('call.calledBy')}{' '}
          <Link href={caseHref(s.parent.instanceId)}>
            <CaseLabel caseNo={s.parent.caseNo} id={s.parent.instanceId} />
          </Link>{' '}
          <span className="muted">{t('call.atStep', { step: s.parent.nodeId })}</span>
        </p>
      )}
      {children.length > 0 && (
        <>
          <h2>{t('call.children')}</h2>
          <ul className="called-list">
            {children.map((c) => (
              <li key={c.id} data-testid="called-case">
                <Link href={caseHref(c.id)}>
                  <CaseLabel caseNo={c.caseNo} title={c.title ?? c.key} id={c.id} />
                </Link>{' '}
                {c.status ? (
                  <span className={`tag tag--${c.status}`}>{statusLabel(c.status)}</span>
                ) : (
                  <span className="muted">{t('call.starting')}</span>
                )}{' '}
                <span className="muted">
                  {t('call.atStep', { step: c.nodeId })} · {formatDateTime(c.at)}
                </span>
                {(c.openIncidents ?? 0) > 0 && (
                  <span className="text-bad"> · {t('call.incidents', { n: String(c.openIncidents) })}</span>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
      {incidents.length > 0 && (
        <>
          <h2>{t('call.childIncidents')}</h2>
          <ul className="called-list" data-testid="child-incidents">
            {incidents.map((i) => (
              <li key={`${i.instanceId}/${i.id}`}>
                <Link href={caseHref(i.instanceId)}>
                  <CaseLabel caseNo={i.caseNo} id={i.instanceId} />
                </Link>{' '}
                <span className="muted">{i.nodeId}</span>{' '}
                <span className="text-bad">{(i.code && codeText(i.code)) || i.message}</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
