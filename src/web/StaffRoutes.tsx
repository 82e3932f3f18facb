import { lazy, Suspense, type LazyExoticComponent, type ReactNode } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { LoginPage } from './login/LoginPage';
import { hasAnyRole } from './shared/access';
import { AppLayout } from './shared/AppLayout';
import { useAuth, useCurrentUser } from './shared/auth';
import { adminRoles, entryFor, navEntries, RequireRole } from './shared/navigation';
import { ForbiddenPage, NotFoundPage } from './shared/ResultPages';
import { PageLoading } from './shared/StatusPages';

/*
 * Everything behind the staff sign-in, and the sign-in page itself. AppRoutes loads this module only when
 * an address is none of the public pages', so a citizen's phone never downloads the menu, its icons, the
 * forms of the login and password dialogs, or the 403/404 illustrations.
 */

// Each staff screen loads on demand as well.
const screens: Record<string, LazyExoticComponent<() => ReactNode>> = {
  '/admin/centers': lazy(() => import('./admin/CentersPage').then((m) => ({ default: m.CentersPage }))),
  '/admin/halls': lazy(() => import('./admin/HallsPage').then((m) => ({ default: m.HallsPage }))),
  '/admin/departments': lazy(() => import('./admin/DepartmentsPage').then((m) => ({ default: m.DepartmentsPage }))),
  '/admin/windows': lazy(() => import('./admin/WindowsPage').then((m) => ({ default: m.WindowsPage }))),
  '/admin/users': lazy(() => import('./admin/UsersPage').then((m) => ({ default: m.UsersPage }))),
  '/admin/devices': lazy(() => import('./admin/DevicesPage').then((m) => ({ default: m.DevicesPage }))),
  '/admin/items': lazy(() => import('./admin/ItemsAdminPage').then((m) => ({ default: m.ItemsAdminPage }))),
  '/admin/bundles': lazy(() => import('./admin/BundlesPage').then((m) => ({ default: m.BundlesPage }))),
  '/admin/workflows': lazy(() => import('./admin/ItemWorkflowsPage').then((m) => ({ default: m.ItemWorkflowsPage }))),
  '/admin/calendar': lazy(() => import('./admin/CalendarPage').then((m) => ({ default: m.CalendarPage }))),
  '/admin/audit': lazy(() => import('./admin/AuditPage').then((m) => ({ default: m.AuditPage }))),
  '/admin/integrations': lazy(() => import('./admin/IntegrationsPage').then((m) => ({ default: m.IntegrationsPage }))),
  '/admin/stations': lazy(() => import('./network/StationsPage').then((m) => ({ default: m.StationsPage }))),
  '/manage': lazy(() => import('./manage/ManagePage').then((m) => ({ default: m.ManagePage }))),
  '/window': lazy(() => import('./window/WorkstationPage').then((m) => ({ default: m.WorkstationPage }))),
  '/me': lazy(() => import('./me/MyWorkbenchPage').then((m) => ({ default: m.MyWorkbenchPage }))),
  '/manage/appointments': lazy(() => import('./manage/AppointmentsPage').then((m) => ({ default: m.AppointmentsPage }))),
  '/window/accept': lazy(() => import('./cases/AcceptancePage').then((m) => ({ default: m.AcceptancePage }))),
  '/window/bundle': lazy(() => import('./cases/BundleAcceptancePage').then((m) => ({ default: m.BundleAcceptancePage }))),
  '/window/supplements': lazy(() => import('./cases/SupplementsPage').then((m) => ({ default: m.SupplementsPage }))),
  '/window/online': lazy(() => import('./remote/OnlineReviewPage').then((m) => ({ default: m.OnlineReviewPage }))),
  '/backoffice': lazy(() => import('./cases/BackofficePage').then((m) => ({ default: m.BackofficePage }))),
  '/supervision': lazy(() => import('./supervision/SupervisionPage').then((m) => ({ default: m.SupervisionPage }))),
  '/manage/ratings': lazy(() => import('./manage/RatingsPage').then((m) => ({ default: m.RatingsPage }))),
  '/manage/terminals': lazy(() => import('./manage/TerminalsPage').then((m) => ({ default: m.TerminalsPage }))),
  '/manage/lockers': lazy(() => import('./lockers/LockersPage').then((m) => ({ default: m.LockersPage }))),
  '/stats': lazy(() => import('./stats/StatsPage').then((m) => ({ default: m.StatsPage }))),
  '/bigscreen': lazy(() => import('./stats/BigScreenPage').then((m) => ({ default: m.BigScreenPage }))),
  '/agent': lazy(() => import('./assistance/AgentWorkbenchPage').then((m) => ({ default: m.AgentWorkbenchPage }))),
  '/manage/assistance': lazy(() => import('./assistance/AssistanceManagePage').then((m) => ({ default: m.AssistanceManagePage }))),
  '/projects': lazy(() => import('./projects/ProjectsPage').then((m) => ({ default: m.ProjectsScreen }))),
  '/policies': lazy(() => import('./projects/PoliciesPage').then((m) => ({ default: m.PoliciesPage }))),
  '/custom-bundles': lazy(() => import('./projects/CustomBundlePage').then((m) => ({ default: m.CustomBundlePage }))),
  '/assessment': lazy(() => import('./assessment/AssessmentPage').then((m) => ({ default: m.AssessmentPage }))),
};

function GuardedScreen({ path }: { path: string }) {
  const user = useCurrentUser();
  const Screen = screens[path]!;
  return (
    <RequireRole user={user} roles={entryFor(path).roles}>
      <Suspense fallback={<PageLoading />}>
        <Screen />
      </Suspense>
    </RequireRole>
  );
}

/**
 * A full-screen staff screen (the lobby's 大屏) has no menu, so it is outside AppLayout, whose sign-in
 * check it repeats: wait for the session, or go to the login page and come back.
 */
function SignedInFullScreen({ path }: { path: string }) {
  const { user } = useAuth();
  const location = useLocation();
  if (user === undefined) return <PageLoading tip="正在确认登录状态…" />;
  if (user === null) return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  return <GuardedScreen path={path} />;
}

/** /admin opens the first management screen the person's roles reach. */
function AdminHome() {
  const user = useCurrentUser();
  if (!hasAnyRole(user, adminRoles)) return <ForbiddenPage />;
  const first = navEntries.find((e) => e.group === 'admin' && hasAnyRole(user, e.roles));
  return <Navigate to={first!.path} replace />;
}

/** The staff routes, matched below AppRoutes' catch-all route (paths are from the root). */
export function StaffRoutes() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      {navEntries.filter((entry) => entry.fullScreen).map((entry) => (
        <Route key={entry.path} path={entry.path} element={<SignedInFullScreen path={entry.path} />} />
      ))}
      <Route element={<AppLayout />}>
        <Route path="/admin" element={<AdminHome />} />
        {navEntries.filter((entry) => !entry.fullScreen).map((entry) => (
          <Route key={entry.path} path={entry.path} element={<GuardedScreen path={entry.path} />} />
        ))}
        {/* One project of the ledger: the /projects screen shows it when given an id. */}
        <Route path="/projects/:id" element={<GuardedScreen path="/projects" />} />
        <Route path="/admin/*" element={<NotFoundPage />} />
      </Route>
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
