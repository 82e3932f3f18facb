import { useCallback, useEffect, useState } from 'react';
import { DeviceScreen, DeviceMessage, type DeviceSession } from '../device/device';
import { windowStatusLabels } from '../shared/labels';
import { useCenterEvents } from '../shared/live';
import type { CurrentTicket } from '../shared/queue';
import type { ServiceWindow, WindowStatus } from '../shared/types';
import { DisplayFrame } from './displayParts';
import './queueScreens.css';

const statusColors: Record<WindowStatus, string> = { open: '#73d13d', paused: '#ffc53d', closed: '#bfbfbf' };

type WindowView = Pick<ServiceWindow, 'id' | 'number' | 'name' | 'status' | 'pauseReason'> & { staffName: string | null };

const viewOf = (window: ServiceWindow): WindowView => ({ id: window.id, number: window.number, name: window.name, status: window.status, pauseReason: window.pauseReason, staffName: window.staff?.name ?? null });

function WindowDisplay({ session, window: bound }: { session: DeviceSession; window: ServiceWindow }) {
  const [view, setView] = useState<WindowView>(() => viewOf(bound));
  const [current, setCurrent] = useState<CurrentTicket | null>(null);
  const [online, setOnline] = useState(false);
  useEffect(() => setView(viewOf(bound)), [bound]);

  const reloadCurrent = useCallback(() => {
    session.call<CurrentTicket | null>('GET', `/api/v1/windows/${bound.id}/current`).then(setCurrent, () => undefined);
  }, [session, bound.id]);
  useEffect(reloadCurrent, [reloadCurrent]);

  useCenterEvents(
    session.center.id,
    ['window.changed', 'ticket.called', 'ticket.recalled', 'ticket.updated'],
    (type, data) => {
      if (type === 'window.changed') {
        if (data.windowId !== bound.id) return;
        const change = data as { number: number; name: string; status: WindowStatus; staffName: string | null; pauseReason: string | null };
        setView((v) => ({ ...v, number: change.number, name: change.name, status: change.status, staffName: change.staffName, pauseReason: change.pauseReason }));
        return;
      }
      if (type === 'ticket.updated' ? data.ticketId === current?.id : data.windowId === bound.id) reloadCurrent();
    },
    {
      onConnected: () => {
        setOnline(true);
        // Staff and status may have changed while the stream was down.
        session.refresh();
        reloadCurrent();
      },
      onDisconnected: () => setOnline(false),
    },
  );

  const showing = current && (current.status === 'called' || current.status === 'serving') ? current : null;
  return (
    <DisplayFrame title={session.center.name} online={online}>
      <div className="display-window">
        <div className="window-number" data-testid="window-number">
          {view.number} 号窗口
        </div>
        <div style={{ fontSize: 56, fontWeight: 700 }}>{view.name}</div>
        <div style={{ fontSize: 40 }}>
          {view.staffName && <span data-testid="window-staff">工作人员：{view.staffName}　</span>}
          <span style={{ color: statusColors[view.status], fontWeight: 700 }} data-testid="window-status">
            {windowStatusLabels[view.status]}
          </span>
        </div>
        {view.status === 'paused' && view.pauseReason && <div style={{ fontSize: 32, color: '#ffc53d' }}>{view.pauseReason}</div>}
        <div className="current" data-testid="window-current">
          {showing ? (showing.status === 'called' ? `请 ${showing.number} 号办理` : `正在办理 ${showing.number} 号`) : view.status === 'open' ? '等候叫号' : ' '}
        </div>
      </div>
    </DisplayFrame>
  );
}

/** /display/window: the screen above one window (its device is bound to the window). */
export function WindowDisplayPage() {
  return (
    <DeviceScreen kinds={['window_display']} title="窗口屏">
      {(session) => (session.window ? <WindowDisplay session={session} window={session.window} /> : <DeviceMessage title="此窗口屏未绑定窗口" detail="请管理员在「设备」页面为它选择窗口。" />)}
    </DeviceScreen>
  );
}
