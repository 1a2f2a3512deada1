// Top bar: brand, role-based navigation, live-connection state, notifications, language, user.
// On a phone (≤ 600 px) the navigation, the user and sign-out fold into a menu behind one button, so the
// bar keeps one line; the bell and the language switch stay on it.
import { useEffect, useState } from 'react';
import { api } from '../api';
import { useI18n, type MessageKey } from '../i18n';
import { liveStatus } from '../lib/events';
import { confirmLeave } from '../lib/leaveGuard';
import { useLocation } from '../lib/router';
import { hasRole, signOut, type Session } from '../lib/session';
import { useStore } from '../lib/store';
import { LangToggle } from './LangToggle';
import { Link } from './Link';
import { NotificationCenter } from './NotificationCenter';

interface NavItem {
  href: string;
  label: MessageKey;
  roles?: string[];
}

const NAV: NavItem[] = [
  { href: '/inbox', label: 'nav.inbox' },
  { href: '/cases', label: 'nav.cases' },
  // grid workers and heads (an administrator opens them by address: the bar stays short)
  { href: '/patrol', label: 'nav.patrol', roles: ['handler', 'supervisor'] },
  { href: '/meetings', label: 'nav.meetings', roles: ['handler', 'supervisor'] },
  { href: '/board', label: 'nav.board', roles: ['supervisor', 'admin'] },
  { href: '/dashboard', label: 'nav.dashboard', roles: ['supervisor', 'admin'] },
  { href: '/assessment', label: 'nav.assessment', roles: ['supervisor', 'admin'] },
  { href: '/modeler', label: 'nav.modeler', roles: ['admin'] },
  // administration: units, users, audit trail, incidents (pages/admin)
  { href: '/admin', label: 'nav.admin', roles: ['admin'] },
  // intake and the map
  { href: '/intake', label: 'nav.intake', roles: ['intake', 'admin'] },
  { href: '/visits', label: 'nav.visits', roles: ['intake', 'supervisor', 'admin'] },
  { href: '/map', label: 'nav.map' },
];

export function Header({ session }: { session: Session }) {
  const { t } = useI18n();
  const { path } = useLocation();
  const live = useStore(liveStatus);
  const [menuOpen, setMenuOpen] = useState(false);
  // a link followed from the menu closes it
  useEffect(() => setMenuOpen(false), [path]);
  const items = NAV.filter((n) => !n.roles || hasRole(session.user, ...n.roles));
  // a task opened by its own address (/tasks/<id>) is the inbox's
  const section = path.startsWith('/tasks/') ? '/inbox' : path;
  const current = items.find((n) => section.startsWith(n.href));
  return (
    <header className={`topbar ${menuOpen ? 'topbar--menu-open' : ''}`}>
      <Link href="/" className="brand">
        <span className="brand__mark" aria-hidden>
          ▦
        </span>
        <span className="brand__text">{t('app.title')}</span>
      </Link>
      <button
        className="btn btn--ghost menu-btn"
        aria-expanded={menuOpen}
        aria-controls="topbar-menu"
        data-testid="menu-button"
        onClick={() => setMenuOpen((o) => !o)}
      >
        <span aria-hidden>☰</span>
        <span className="menu-btn__text">{current ? t(current.label) : t('nav.menu')}</span>
      </button>
      <div className="topbar__menu" id="topbar-menu">
        <nav className="nav">
          {items.map((n) => (
            <Link
              key={n.href}
              href={n.href}
              className={`nav__link ${section.startsWith(n.href) ? 'nav__link--on' : ''}`}
            >
              {t(n.label)}
            </Link>
          ))}
        </nav>
        <span className="user" title={session.user.username}>
          {session.user.displayName ?? session.user.username}
        </span>
        <Link
          href="/account/password"
          className={`nav__link user-password ${path === '/account/password' ? 'nav__link--on' : ''}`}
          data-testid="nav-password"
        >
          {t('nav.password')}
        </Link>
        <button
          className="btn btn--ghost logout"
          onClick={() => {
            // the server revokes the token (and closes its live stream); the UI forgets it either way
            if (confirmLeave())
              void api.logout().then(
                () => signOut(),
                () => signOut(),
              );
          }}
        >
          {t('auth.logout')}
        </button>
      </div>
      <span className={`live live--${live}`} title={t(`live.${live}`)}>
        <span className="live__dot" aria-hidden />
        <span className="live__text">{t(`live.${live}`)}</span>
      </span>
      <NotificationCenter />
      <LangToggle />
    </header>
  );
}
