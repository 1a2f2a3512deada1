// The administration section (/admin/…, admins; App checks the role): one lazy chunk for its pages
// (the decision editor, dmn-js, is a lazy chunk of its own).
import { AuditPage } from './AuditPage';
import { DecisionsPage } from './DecisionsPage';
import { IncidentsPage } from './IncidentsPage';
import { MigrationsPage } from './MigrationsPage';
import { UnitsPage } from './UnitsPage';
import { UsersPage } from './UsersPage';

export default function AdminRoutes({ path }: { path: string }) {
  if (path === '/admin/users') return <UsersPage />;
  if (path === '/admin/audit') return <AuditPage />;
  if (path === '/admin/incidents') return <IncidentsPage />;
  if (path === '/admin/decisions') return <DecisionsPage />;
  if (path === '/admin/migrations') return <MigrationsPage />;
  return <UnitsPage />;
}
