import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import { StrictMode, type ReactNode } from 'react';
import { AppRoutes } from './AppRoutes';
import { AuthProvider } from './shared/auth';
import { ServerLoadsContext, type ServerLoads } from './shared/renderedData';

const theme = { zeroRuntime: true, token: { fontFamily: "-apple-system, 'PingFang SC', 'Noto Sans CJK SC', 'Microsoft YaHei', sans-serif" } };

/**
 * The whole app inside a router: the browser's (main.tsx) or the server's for one address
 * (entry-server.tsx). Both build the same tree, so a page the server rendered hydrates as it is.
 */
export function AppShell({ router: Router, serverLoads = null }: { router: (props: { children: ReactNode }) => ReactNode; serverLoads?: ServerLoads | null }) {
  return (
    <StrictMode>
      <ServerLoadsContext value={serverLoads}>
        <ConfigProvider locale={zhCN} theme={theme}>
          <AntApp>
            <Router>
              <AuthProvider>
                <AppRoutes />
              </AuthProvider>
            </Router>
          </AntApp>
        </ConfigProvider>
      </ServerLoadsContext>
    </StrictMode>
  );
}
