import { useCallback, useEffect, useState } from 'react';
import { DeviceScreen, type DeviceSession } from '../device/device';
import { useCenterEvents } from '../shared/live';
import { loadQueue, type CategoryLoad } from '../shared/queue';
import { useAnnouncer } from './announcer';
import { callSentence, loadCalls, waitText, withCall, type Call, type CallEvent } from './calls';
import { DisplayFrame } from './displayParts';
import './queueScreens.css';

const callLimit = 13;
/** A call older than this that arrives by catch-up after a long outage is shown but not spoken. */
const announceWithinMs = 120_000;

/** Newest first, one entry per ticket (its latest call), whichever source saw it last. */
function mergeCalls(mine: Call[], fetched: Call[]): Call[] {
  const byTicket = new Map<string, Call>();
  for (const call of [...fetched, ...mine]) {
    const known = byTicket.get(call.ticketId);
    if (!known || known.at < call.at) byTicket.set(call.ticketId, call);
  }
  return [...byTicket.values()].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0)).slice(0, callLimit);
}

function HallDisplay({ session }: { session: DeviceSession }) {
  const centerId = session.center.id;
  const [calls, setCalls] = useState<Call[]>([]);
  const [loads, setLoads] = useState<CategoryLoad[]>([]);
  const [online, setOnline] = useState(false);
  const [flash, setFlash] = useState(0);
  const announcer = useAnnouncer();

  // Everything again from the server: at start and after every reconnect (the catch-up events fill in too).
  const reload = useCallback(() => {
    loadCalls(centerId, callLimit).then((fetched) => setCalls((mine) => mergeCalls(mine, fetched)), () => undefined);
    loadQueue(centerId).then(setLoads, () => undefined);
  }, [centerId]);
  useEffect(reload, [reload]);

  useCenterEvents(
    centerId,
    ['ticket.called', 'ticket.recalled', 'queue.changed'],
    (type, data) => {
      if (type === 'queue.changed') {
        const change = data as { categoryId: string; waiting: number; estimatedWaitMinutes: number };
        setLoads((list) => list.map((l) => (l.categoryId === change.categoryId ? { ...l, waiting: change.waiting, estimatedWaitMinutes: change.estimatedWaitMinutes } : l)));
        return;
      }
      const call = data as unknown as CallEvent;
      setCalls((list) => withCall(list, call, callLimit));
      setFlash((n) => n + 1);
      if (Date.now() - new Date(call.at).getTime() < announceWithinMs) announcer.say(callSentence(call.number, call.windowNumber));
    },
    {
      onConnected: () => {
        setOnline(true);
        reload();
      },
      onDisconnected: () => setOnline(false),
    },
  );

  const [latest, ...earlier] = calls;
  return (
    <DisplayFrame title={`${session.center.name} · 叫号信息`} online={online} announcer={announcer}>
      <div className="display-body">
        <div style={{ display: 'flex', flexDirection: 'column', gap: 24, minHeight: 0 }}>
          <div className="display-panel">
            <h2>正在叫号</h2>
            {latest ? (
              <div key={flash} className={`display-latest${flash ? ' flash' : ''}`} data-testid="latest-call">
                请 <span className="number">{latest.number}</span> 号到 <span className="number">{latest.windowNumber}</span> 号窗口办理
              </div>
            ) : (
              <div className="display-latest" style={{ color: '#9cc7ff', fontSize: 56 }} data-testid="latest-call-empty">
                请留意叫号，耐心等候
              </div>
            )}
          </div>
          <div className="display-panel" style={{ flex: 1 }}>
            <h2>最近叫号</h2>
            <div className="display-calls" data-testid="recent-calls">
              {earlier.map((call) => (
                <div key={call.ticketId}>
                  <span>{call.number}</span>
                  <span>{call.windowNumber} 号窗口</span>
                </div>
              ))}
            </div>
          </div>
        </div>
        <div className="display-panel">
          <h2>等候情况</h2>
          <table className="display-table" data-testid="waiting-table">
            <thead>
              <tr>
                <th>业务</th>
                <th className="count">等候</th>
                <th style={{ textAlign: 'right' }}>预计</th>
              </tr>
            </thead>
            <tbody>
              {loads.map((load) => (
                <tr key={load.categoryId} data-testid={`load-${load.prefix}`}>
                  <td>
                    {load.prefix} {load.name}
                  </td>
                  <td className="count" data-testid={`waiting-${load.prefix}`}>
                    {load.waiting}
                  </td>
                  <td style={{ textAlign: 'right', fontSize: 24 }}>{load.open ? waitText(load.estimatedWaitMinutes) : '暂停取号'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
    </DisplayFrame>
  );
}

/** /display/hall: the hall's big screen (1920×1080), by its device token. */
export function HallDisplayPage() {
  return (
    <DeviceScreen kinds={['hall_display']} title="综合屏">
      {(session) => <HallDisplay session={session} />}
    </DeviceScreen>
  );
}
