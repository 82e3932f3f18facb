// antd's prebuilt stylesheet instead of styles generated while rendering (`zeroRuntime` in AppShell): generating
// them took 150–300 ms of script in each first page load (bench/catalogRender.ts). Before styles.css, which adjusts it.
import 'antd/dist/antd.css';
import { createRoot, hydrateRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router-dom';
import { AppShell } from './AppShell';
import { prefetchPageData, preloadPage } from './AppRoutes';
import { renderedForAnotherSession } from './shared/citizenAuth';
import { applyStoredDisplayModes } from './shared/DisplayModes';
import { discardRenderedData } from './shared/renderedData';
import './shared/format';
import './styles.css';

applyStoredDisplayModes();
const container = document.getElementById('root')!;
// A page the server rendered (entry-server.tsx) came with its data; any other asks for it at once. A
// 个人中心 page rendered for a session this browser no longer holds is thrown away, not taken over.
const arrivedRendered = container.hasChildNodes();
const serverRendered = arrivedRendered && !renderedForAnotherSession();
if (arrivedRendered && !serverRendered) {
  discardRenderedData();
  container.replaceChildren();
}
if (!serverRendered) prefetchPageData(window.location);

const app = <AppShell router={BrowserRouter} />;

// The first render waits for the code of a catalogue page opened at its address (see preloadPage);
// if that fails, the page loads on demand as any other does.
void preloadPage(window.location)
  .catch(() => undefined)
  .then(() => (serverRendered ? hydrateRoot(container, app) : createRoot(container).render(app)));
