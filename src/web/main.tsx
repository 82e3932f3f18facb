import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
// antd's prebuilt stylesheet instead of styles generated while rendering (`zeroRuntime` below): generating
// them took 150–300 ms of script in each first page load (bench/catalogRender.ts). Before styles.css, which adjusts it.
import 'antd/dist/antd.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router-dom';
import { AppRoutes, prefetchPageData, preloadPage } from './AppRoutes';
import { AuthProvider } from './shared/auth';
import { applyStoredDisplayModes } from './shared/DisplayModes';
import './shared/format';
import './styles.css';

applyStoredDisplayModes();
prefetchPageData(window.location);

const app = (
  <StrictMode>
    <ConfigProvider locale={zhCN} theme={{ zeroRuntime: true, token: { fontFamily: "-apple-system, 'PingFang SC', 'Noto Sans CJK SC', 'Microsoft YaHei', sans-serif" } }}>
      <AntApp>
        <BrowserRouter>
          <AuthProvider>
            <AppRoutes />
          </AuthProvider>
        </BrowserRouter>
      </AntApp>
    </ConfigProvider>
  </StrictMode>
);

const root = createRoot(document.getElementById('root')!);
// The first render waits for the code of a catalogue page opened at its address (see preloadPage);
// if that fails, the page loads on demand as any other does.
void preloadPage(window.location)
  .catch(() => undefined)
  .then(() => root.render(app));
