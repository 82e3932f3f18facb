import { Button, Flex, Spin } from 'antd';
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { useSearchParams } from 'react-router-dom';
import { ApiError, errorMessage, request, type RequestOptions } from '../shared/api';
import { deviceKindLabels } from '../shared/labels';
import type { Center, Device, DeviceKind, ServiceWindow } from '../shared/types';

/**
 * Device screens (API.md, "Screens"): a kiosk, display or pad is opened once with `?device=odd_…`; the
 * token is remembered in this browser and sent as the bearer token of the device's own requests.
 */
const deviceKey = 'onedoor.device';

export const deviceTokenStore = {
  get: (): string | null => localStorage.getItem(deviceKey),
  set: (token: string) => localStorage.setItem(deviceKey, token),
  clear: () => localStorage.removeItem(deviceKey),
};

/** What `GET /api/v1/devices/me` answers. */
export interface DeviceMe {
  device: Device;
  center: Center;
  window: ServiceWindow | null;
}

/** A signed-in device: who it is, and a request function that carries its token. */
export interface DeviceSession extends DeviceMe {
  token: string;
  call<T>(method: string, path: string, options?: Omit<RequestOptions, 'token' | 'redirectOn401'>): Promise<T>;
  /** Asks the server again who the device is (its window's staff and status after a reconnect). */
  refresh(): void;
}

type DeviceState =
  | { status: 'loading' }
  | { status: 'missing' }
  | { status: 'refused'; message: string }
  | { status: 'offline'; message: string }
  | { status: 'ready'; session: DeviceSession };

const retryMs = 10_000;

/** The device token from `?device=` (taken once, then dropped from the address) or from this browser. */
function useDeviceToken(): string | null {
  const [params, setParams] = useSearchParams();
  const fromUrl = params.get('device');
  const [token] = useState<string | null>(() => {
    if (fromUrl) deviceTokenStore.set(fromUrl);
    return fromUrl ?? deviceTokenStore.get();
  });
  useEffect(() => {
    if (!fromUrl) return;
    const next = new URLSearchParams(params);
    next.delete('device');
    // The token leaves the address bar, so it is not shown on the screen or kept in the history.
    setParams(next, { replace: true });
  }, [fromUrl, params, setParams]);
  return token;
}

/**
 * The device this screen runs on. An unreachable server is retried every ten seconds (a display
 * in a hall has nobody to press a button); a refused token waits for an administrator.
 */
export function useDevice(): DeviceState {
  const token = useDeviceToken();
  const [state, setState] = useState<DeviceState>(token ? { status: 'loading' } : { status: 'missing' });
  const [generation, setGeneration] = useState(0);
  const refresh = useCallback(() => setGeneration((g) => g + 1), []);

  useEffect(() => {
    if (!token) return;
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const call = <T,>(method: string, path: string, options: Omit<RequestOptions, 'token' | 'redirectOn401'> = {}) =>
      request<T>(method, path, { ...options, token, redirectOn401: false });
    const load = () => {
      call<DeviceMe>('GET', '/api/v1/devices/me', { signal: controller.signal }).then(
        (me) => setState({ status: 'ready', session: { ...me, token, call, refresh } }),
        (error: unknown) => {
          if (controller.signal.aborted) return;
          if (error instanceof ApiError && (error.status === 401 || error.status === 403)) {
            setState({ status: 'refused', message: error.message });
            return;
          }
          // Keep showing the screen it had (a brief outage) and try again.
          setState((s) => (s.status === 'ready' ? s : { status: 'offline', message: errorMessage(error) }));
          timer = setTimeout(load, retryMs);
        },
      );
    };
    load();
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [token, generation, refresh]);

  return state;
}

/** A full-screen sentence for a device that cannot show its screen yet. */
export function DeviceMessage({ title, detail, children }: { title: string; detail?: ReactNode; children?: ReactNode }) {
  return (
    <Flex vertical align="center" justify="center" gap={24} className="device-message" data-testid="device-message">
      <div style={{ fontSize: 48, fontWeight: 700 }}>{title}</div>
      {detail && <div style={{ fontSize: 28, color: '#595959', maxWidth: 1000, textAlign: 'center' }}>{detail}</div>}
      {children}
    </Flex>
  );
}

/**
 * Renders `children` with the device once it is known and of one of `kinds`; otherwise a big Chinese
 * explanation of what is missing (no token, a refused token, the wrong kind of device, no server).
 */
export function DeviceScreen({ kinds, title, children }: { kinds: DeviceKind[]; title: string; children: (session: DeviceSession) => ReactNode }) {
  const state = useDevice();
  useEffect(() => {
    document.title = `${title} - 一门通办`;
  }, [title]);

  switch (state.status) {
    case 'loading':
      return (
        <DeviceMessage title="正在连接…">
          <Spin size="large" />
        </DeviceMessage>
      );
    case 'missing':
      return <DeviceMessage title={`${title}尚未登记`} detail="请用管理员在「设备」页面发放的设备链接打开本页面。" />;
    case 'refused':
      return (
        <DeviceMessage title="设备令牌无效或设备已停用" detail={`${state.message}。请联系管理员重新发放设备链接。`}>
          <Button size="large" onClick={() => window.location.reload()}>
            重试
          </Button>
        </DeviceMessage>
      );
    case 'offline':
      return <DeviceMessage title="暂时无法连接服务器" detail={`${state.message}。稍后自动重试。`} />;
    case 'ready': {
      const { device } = state.session;
      if (!kinds.includes(device.kind)) {
        return <DeviceMessage title={`此设备是「${deviceKindLabels[device.kind]}」`} detail={`不能作为${title}使用，请打开该设备对应的页面。`} />;
      }
      return <>{children(state.session)}</>;
    }
  }
}
