// Shell: login gate, live connection, header, routes (modeler, dashboard and the case diagram are lazy chunks).
import { lazy, Suspense, useEffect } from 'react';
import { api } from './api';
import { useDraftSync } from './components/DraftsBanner';
import { Header } from './components/Header';
import { ProgressBar } from './components/ProgressBar';
import { Empty, Loading } from './components/States';
import { Toasts } from './components/Toasts';
import { useI18n } from './i18n';
import { connectEvents, disconnectEvents } from './lib/events';
import { matchPath, navigate, useLocation } from './lib/router';
import { hasRole, sessionStore, updateUser, type Session } from './lib/session';
import { useStore } from './lib/store';
import { loadUnitNames } from './lib/unitNames';
import { loadCatalogue } from './lib/catalogue';
import { BoardPage } from './pages/board/BoardPage';
import { CasePage } from './pages/cases/CasePage';
import { InboxPage } from './pages/inbox/InboxPage';
import { ChangePasswordPage } from './pages/ChangePasswordPage';
import { PasswordPage } from './pages/account/PasswordPage';
import { LoginPage } from './pages/LoginPage';
import type { User } from './types';

const AdminRoutes = lazy(() => import('./pages/admin/AdminRoutes'));
const ModelerPage = lazy(() => import('./modeler/ModelerPage'));
const DashboardPage = lazy(() => import('./pages/dashboard/DashboardPage'));
const CasesPage = lazy(() => import('./pages/caselist/CasesPage'));
const PatrolPage = lazy(() => import('./pages/patrol/PatrolPage'));
const MeetingsPage = lazy(() => import('./pages/meetings/MeetingsPage'));
// intake and the map (Leaflet is loaded with them only)
const PublicReportPage = lazy(() =>
  import('./pages/intake/PublicReportPage').then((m) => ({ default: m.PublicReportPage })),
);
const IntakePage = lazy(() => import('./pages/intake/IntakePage').then((m) => ({ default: m.IntakePage })));
const VisitsPage = lazy(() => import('./pages/visits/VisitsPage').then((m) => ({ default: m.VisitsPage })));
const MapPage = lazy(() => import('./pages/map/MapPage').then((m) => ({ default: m.MapPage })));
const AssessmentPage = lazy(() => import('./pages/assessment/AssessmentPage'));

export function App() {
  const session = useStore(sessionStore);
  const { path } = useLocation();
  // the citizens' page needs no sign-in
  if (path === '/report')
    return (
      <>
        <ProgressBar />
        <Suspense fallback={<Loading />}>
          <PublicReportPage />
        </Suspense>
        <Toasts />
      </>
    );
  return (
    <>
      <ProgressBar />
      {!session ? (
        <LoginPage />
      ) : session.user.mustChangePassword ? (
        <ChangePasswordPage session={session} />
      ) : (
        <SignedIn session={session} />
      )}
      <Toasts />
    </>
  );
}

function homeOf(user: User): string {
  if (user.admin || hasRole(user, 'admin')) return '/modeler';
  if (hasRole(user, 'intake')) return '/intake';
  if (hasRole(user, 'supervisor')) return '/board';
  return '/inbox';
}

function SignedIn({ session }: { session: Session }) {
  // reports written offline go out as soon as the network is back (lib/drafts.ts)
  useDraftSync(session.user.username);
  useEffect(() => {
    // live updates; when the stream is closed by the server, /api/me tells whether the session ended (401)
    connectEvents(session.token, () => void api.me().catch(() => undefined));
    return () => disconnectEvents();
  }, [session.token]);
  useEffect(() => {
    loadUnitNames().catch(() => undefined); // reported by the fetch wrapper; codes are shown meanwhile
    loadCatalogue().catch(() => undefined); // role names and GRID_LEVELS; the defaults serve meanwhile
  }, [session.token]);
  useEffect(() => {
    // refresh roles/units (and find out early if the stored token expired)
    api.me().then(
      (me) => updateUser(('user' in me ? me.user : me) as User),
      () => undefined,
    );
  }, [session.token]);
  return (
    <div className="shell">
      <Header session={session} />
      <main className="shell__main">
        <Suspense fallback={<Loading />}>
          <Routes user={session.user} session={session} />
        </Suspense>
      </main>
    </div>
  );
}

function Routes({ user, session }: { user: User; session: Session }) {
  const { t } = useI18n();
  const { path } = useLocation();
  const isAdmin = !!user.admin || hasRole(user, 'admin');
  useEffect(() => {
    // old-style deep links (#/tasks/<id>, #/cases/<id>) land on their page
    const hash = /^#(\/(?:tasks|cases)\/[^/?#]+)$/.exec(window.location.hash);
    if (hash) navigate(hash[1], { replace: true });
    else if (path === '/' || path === '/login') navigate(homeOf(user), { replace: true });
  }, [path, user]);
  if (path === '/' || path === '/login') return null;
  if (path === '/inbox') return <InboxPage />;
  if (path === '/board') return <BoardPage />;
  if (path === '/dashboard') return <DashboardPage />;
  if (path === '/cases') return <CasesPage />;
  if (path === '/intake') return <IntakePage />;
  if (path === '/map') return <MapPage />;
  if (path === '/visits') return <VisitsPage />;
  if (path === '/assessment') return <AssessmentPage />;
  if (path === '/patrol') return <PatrolPage />;
  if (path === '/meetings') return <MeetingsPage />;
  if (path === '/modeler')
    return isAdmin ? <ModelerPage /> : <Empty title={t('error.adminOnly')} hint={t('error.adminOnlyHint')} />;
  // administration (admins) and the account
  if (path === '/account/password') return <PasswordPage session={session} />;
  if (path === '/admin' || path.startsWith('/admin/')) {
    if (!isAdmin) return <Empty title={t('error.adminOnly')} hint={t('error.adminOnlyHint')} />;
    return <AdminRoutes path={path} />;
  }
  const task = matchPath('/tasks/:id', path);
  if (task) return <InboxPage taskRoute={task.id} />;
  const c = matchPath('/cases/:id', path);
  if (c) return <CasePage key={c.id} id={c.id} />;
  return <Empty title={t('error.pageNotFound')} hint={path} />;
}
