import { lazy, Suspense, useEffect, type ComponentType, type ReactNode } from 'react';
import { matchPath, Route, Routes, useLocation } from 'react-router-dom';
import { itemsQuery, readItemFilters } from './catalog/catalog';
import { LandingPage } from './portal/LandingPage';
import { prefetch } from './shared/api';
import { DisplayModeBar } from './shared/DisplayModes';
import { PageLoading } from './shared/StatusPages';

const StaffRoutes = lazy(() => import('./StaffRoutes').then((m) => ({ default: m.StaffRoutes })));

/**
 * A page on demand that can also be loaded before the first render (`preload`), and then renders at once.
 * A lazy page always suspends on its first render, and React reveals a page that replaces a Suspense
 * fallback no sooner than 300 ms after the fallback appeared: the longest wait of a catalogue page
 * opened cold on a phone (bench/catalogRender.ts).
 */
function preloadable(load: () => Promise<ComponentType>): ComponentType & { preload(): Promise<void> } {
  let loaded: ComponentType | undefined;
  const Lazy = lazy(() => load().then((page) => ({ default: page })));
  const Page = () => {
    const Shown = loaded ?? Lazy;
    return <Shown />;
  };
  return Object.assign(Page, { preload: () => load().then((page) => void (loaded = page)) });
}

// The public catalogue pages, also on demand.
const ItemsPage = preloadable(() => import('./catalog/ItemsPage').then((m) => m.ItemsPage));
const ItemGuidePage = preloadable(() => import('./catalog/ItemGuidePage').then((m) => m.ItemGuidePage));
const PrecheckPage = lazy(() => import('./catalog/PrecheckPage').then((m) => ({ default: m.PrecheckPage })));
const DisclosurePage = lazy(() => import('./catalog/DisclosurePage').then((m) => ({ default: m.DisclosurePage })));
const BookPage = lazy(() => import('./appointments/BookPage').then((m) => ({ default: m.BookPage })));
const BookingPage = lazy(() => import('./appointments/BookingPage').then((m) => ({ default: m.BookingPage })));
const CheckInPage = lazy(() => import('./kiosk/CheckInPage').then((m) => ({ default: m.CheckInPage })));

// The queue's device screens (opened by a device token) and the citizen's phone pages.
const KioskPage = lazy(() => import('./queue/KioskPage').then((m) => ({ default: m.KioskPage })));
const TerminalPage = lazy(() => import('./terminal/TerminalPage').then((m) => ({ default: m.TerminalPage })));
const LockerPage = lazy(() => import('./lockers/LockerPage').then((m) => ({ default: m.LockerPage })));
const HallDisplayPage = lazy(() => import('./queue/HallDisplayPage').then((m) => ({ default: m.HallDisplayPage })));
const WindowDisplayPage = lazy(() => import('./queue/WindowDisplayPage').then((m) => ({ default: m.WindowDisplayPage })));
const TicketPage = lazy(() => import('./queue/TicketPage').then((m) => ({ default: m.TicketPage })));
const TakeTicketPage = lazy(() => import('./queue/TakeTicketPage').then((m) => ({ default: m.TakeTicketPage })));
const ProgressPage = lazy(() => import('./portal/ProgressPage').then((m) => ({ default: m.ProgressPage })));

// 好差评 and feedback: the rating pad (a device) and the citizen's pages.
const PadPage = lazy(() => import('./ratings/PadPage').then((m) => ({ default: m.PadPage })));
const RatePage = lazy(() => import('./ratings/RatePage').then((m) => ({ default: m.RatePage })));
const FeedbackPage = lazy(() => import('./ratings/FeedbackPage').then((m) => ({ default: m.FeedbackPage })));
const FeedbackStatusPage = lazy(() => import('./ratings/FeedbackPage').then((m) => ({ default: m.FeedbackStatusPage })));
const PublicRatingsPage = lazy(() => import('./ratings/PublicRatingsPage').then((m) => ({ default: m.PublicRatingsPage })));

// 个人中心: the signed-in person's own screens (a session apart from the staff one, see shared/citizenAuth.ts).
// 政务地图 and the 微服务站 a poster's QR code opens.
const MapPage = lazy(() => import('./network/MapPage').then((m) => ({ default: m.MapPage })));
const AssistantPage = lazy(() => import('./assistant/AssistantPage').then((m) => ({ default: m.AssistantPage })));
const StationPage = lazy(() => import('./network/StationPage').then((m) => ({ default: m.StationPage })));
const StationPosterPage = lazy(() => import('./network/StationPosterPage').then((m) => ({ default: m.StationPosterPage })));

const MyLoginPage = lazy(() => import('./my/MyLoginPage').then((m) => ({ default: m.MyLoginPage })));
const AccountPage = lazy(() => import('./my/AccountPage').then((m) => ({ default: m.AccountPage })));
const PersonalCodePage = lazy(() => import('./my/PersonalCodePage').then((m) => ({ default: m.PersonalCodePage })));
const MyTicketsPage = lazy(() => import('./my/MyRecordsPage').then((m) => ({ default: m.MyTicketsPage })));
const MyAppointmentsPage = lazy(() => import('./my/MyRecordsPage').then((m) => ({ default: m.MyAppointmentsPage })));
const MyCasesPage = lazy(() => import('./my/MyRecordsPage').then((m) => ({ default: m.MyCasesPage })));
const MyFeedbackPage = lazy(() => import('./my/MyRecordsPage').then((m) => ({ default: m.MyFeedbackPage })));
const MyLicencesPage = lazy(() => import('./my/MyLicencesPage').then((m) => ({ default: m.MyLicencesPage })));
const MyApplicationsPage = lazy(() => import('./remote/MyApplicationsPage').then((m) => ({ default: m.MyApplicationsPage })));
const MyAssistancePage = lazy(() => import('./assistance/MyAssistancePage').then((m) => ({ default: m.MyAssistancePage })));

/**
 * Opened at a catalogue page (a search link, a guide's QR code), the page's data is asked for at
 * start-up, while React renders the page's code (which index.html preloads, see vite.config.ts):
 * otherwise the request would wait for the page's first render.
 */
export function prefetchPageData({ pathname, search }: Pick<Location, 'pathname' | 'search'>): void {
  if (pathname === '/items') {
    prefetch('/api/v1/items', itemsQuery(readItemFilters(new URLSearchParams(search))));
    return;
  }
  const guide = matchPath('/items/:id', pathname);
  if (guide) prefetch(`/api/v1/items/${guide.params.id}`);
}

/** Opened at a catalogue page, its code (which index.html already fetches, see vite.config.ts) runs before the first render. */
export function preloadPage({ pathname }: Pick<Location, 'pathname'>): Promise<void> {
  if (pathname === '/items') return ItemsPage.preload();
  if (matchPath('/items/:id', pathname)) return ItemGuidePage.preload();
  return Promise.resolve();
}

/** Screens of a device in the hall: fixed full-screen touch layouts (the kiosk has its own 长者模式). */
const deviceScreens = ['/kiosk', '/terminal', '/locker', '/display', '/pad'];

/**
 * Marks the page as live (`<html data-live>`) once its code has taken it over: a page the server rendered
 * is on screen before then, and a tap on it does nothing yet. Inside the page's Suspense boundary, so it
 * runs only once the page itself (loaded on demand) is in place.
 */
function PageLive() {
  useEffect(() => {
    document.documentElement.dataset.live = '';
  }, []);
  return null;
}

function Public({ children }: { children: ReactNode }) {
  const { pathname } = useLocation();
  return (
    <>
      <Suspense fallback={<PageLoading />}>
        {children}
        <PageLive />
      </Suspense>
      {!deviceScreens.some((prefix) => pathname.startsWith(prefix)) && <DisplayModeBar />}
    </>
  );
}

export function AppRoutes() {
  return (
    <Routes>
      <Route path="/" element={<Public><LandingPage /></Public>} />
      <Route path="/items" element={<Public><ItemsPage /></Public>} />
      <Route path="/items/:id" element={<Public><ItemGuidePage /></Public>} />
      <Route path="/precheck" element={<Public><PrecheckPage /></Public>} />
      <Route path="/disclosure" element={<Public><DisclosurePage /></Public>} />
      <Route path="/appointments/new" element={<Public><BookPage /></Public>} />
      <Route path="/appointments/:id" element={<Public><BookingPage /></Public>} />
      <Route path="/kiosk/check-in" element={<Public><CheckInPage /></Public>} />
      <Route path="/kiosk" element={<Public><KioskPage /></Public>} />
      <Route path="/terminal" element={<Public><TerminalPage /></Public>} />
      <Route path="/locker" element={<Public><LockerPage /></Public>} />
      <Route path="/display/hall" element={<Public><HallDisplayPage /></Public>} />
      <Route path="/display/window" element={<Public><WindowDisplayPage /></Public>} />
      <Route path="/ticket/:id" element={<Public><TicketPage /></Public>} />
      <Route path="/queue/take" element={<Public><TakeTicketPage /></Public>} />
      <Route path="/progress" element={<Public><ProgressPage /></Public>} />
      <Route path="/pad" element={<Public><PadPage /></Public>} />
      <Route path="/rate" element={<Public><RatePage /></Public>} />
      <Route path="/feedback" element={<Public><FeedbackPage /></Public>} />
      <Route path="/feedback/:id" element={<Public><FeedbackStatusPage /></Public>} />
      <Route path="/ratings" element={<Public><PublicRatingsPage /></Public>} />
      <Route path="/map" element={<Public><MapPage /></Public>} />
      <Route path="/assistant" element={<Public><AssistantPage /></Public>} />
      <Route path="/station/:id" element={<Public><StationPage /></Public>} />
      <Route path="/station/:id/poster" element={<Public><StationPosterPage /></Public>} />
      <Route path="/my/login" element={<Public><MyLoginPage /></Public>} />
      <Route path="/my" element={<Public><AccountPage /></Public>} />
      <Route path="/my/code" element={<Public><PersonalCodePage /></Public>} />
      <Route path="/my/tickets" element={<Public><MyTicketsPage /></Public>} />
      <Route path="/my/appointments" element={<Public><MyAppointmentsPage /></Public>} />
      <Route path="/my/cases" element={<Public><MyCasesPage /></Public>} />
      <Route path="/my/applications" element={<Public><MyApplicationsPage /></Public>} />
      <Route path="/my/feedback" element={<Public><MyFeedbackPage /></Public>} />
      <Route path="/my/licences" element={<Public><MyLicencesPage /></Public>} />
      <Route path="/my/assistance" element={<Public><MyAssistancePage /></Public>} />
      {/* Staff screens and the login page, and 页面不存在 for any other address: their code loads when opened. */}
      <Route path="*" element={<Suspense fallback={<PageLoading />}><StaffRoutes /></Suspense>} />
    </Routes>
  );
}
