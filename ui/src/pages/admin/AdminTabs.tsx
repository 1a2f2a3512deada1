// The administration section's tabs (admins): units, users, audit trail, incidents, decision tables,
// migrations of open cases.
import { Link } from '../../components/Link';
import { useI18n, type MessageKey } from '../../i18n';

const TABS: Array<{ href: string; label: MessageKey }> = [
  { href: '/admin/units', label: 'admin.units' },
  { href: '/admin/users', label: 'admin.users' },
  { href: '/admin/audit', label: 'admin.audit' },
  { href: '/admin/incidents', label: 'admin.incidents' },
  { href: '/admin/decisions', label: 'admin.decisions' },
  { href: '/admin/migrations', label: 'admin.migrations' },
];

export function AdminTabs({ current }: { current: string }) {
  const { t } = useI18n();
  return (
    <nav className="tabs admin-tabs" aria-label={t('nav.admin')}>
      {TABS.map((tab) => (
        <Link
          key={tab.href}
          href={tab.href}
          className={`tabs__tab ${current === tab.href ? 'tabs__tab--on' : ''}`}
          aria-current={current === tab.href ? 'page' : undefined}
        >
          {t(tab.label)}
        </Link>
      ))}
    </nav>
  );
}

/** Previous / next for a paged list. */
export function Pager({
  page,
  pageSize,
  total,
  onPage,
}: {
  page: number;
  pageSize: number;
  total: number;
  onPage: (page: number) => void;
}) {
  const { t } = useI18n();
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (pages <= 1) return null;
  return (
    <div className="pager">
      <button className="btn btn--small" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        {t('admin.prev')}
      </button>
      <span className="muted">{t('admin.page', { page, pages })}</span>
      <button className="btn btn--small" disabled={page >= pages} onClick={() => onPage(page + 1)}>
        {t('admin.next')}
      </button>
    </div>
  );
}
