import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { AssistantChat } from '../assistant/AssistantPage';
import { DeviceScreen, type DeviceSession } from '../device/device';
import { CategoryTiles, Details, HallClosed, HelpButton, TicketShown, useCategoryLoads, useHallOpen, useIdleReset } from '../queue/KioskPage';
import '../queue/queueScreens.css';
import { ApiError, errorMessage } from '../shared/api';
import type { QueueCategory, Ticket } from '../shared/queue';
import { CertificatePanel } from './CertificatePanel';
import { FeedbackPanel, ProgressPanel, RatePanel } from './ServicePanels';
import { GuidePanel } from './GuidePanel';
import type { PrinterState } from './terminal';
import './terminal.css';

type View = 'home' | 'ticket' | 'progress' | 'rate' | 'feedback' | 'guide' | 'certificate' | 'assistant';

const tiles: { view: Exclude<View, 'home'>; title: string; hint: string }[] = [
  { view: 'certificate', title: '证明开具', hint: '社保参保缴费证明、不动产查询结果证明' },
  { view: 'progress', title: '办件查询', hint: '凭办件编号和证件号后六位' },
  { view: 'ticket', title: '取号', hint: '办公时间内取号排队' },
  { view: 'rate', title: '评价', hint: '好差评：评价办结的服务' },
  { view: 'feedback', title: '投诉建议', hint: '投诉、建议、表扬' },
  { view: 'guide', title: '事项指南', hint: '本终端可办事项与办事指南' },
  { view: 'assistant', title: '智能客服', hint: '问一问：要带什么材料、去哪里办' },
];

/** Back to the home screen, and everything personal off it, after this long without a touch (a public place). */
const idleMs = 90_000;
/** How often the terminal tells the server it is alive (the server counts it offline after 3 minutes). */
const heartbeatMs = 30_000;
const elderKey = 'onedoor.terminal.elder';

/**
 * Reports every 30 s. A web page cannot read a real printer: it reports `ok` unless printing failed here,
 * and paper as `ok`; a terminal's native shell calls the same API with what its driver knows.
 */
function useHeartbeat(session: DeviceSession, printer: PrinterState) {
  useEffect(() => {
    const beat = () => void session.call('POST', '/api/v1/terminals/heartbeat', { body: { printer, paper: 'ok' } }).catch(() => undefined);
    beat();
    const timer = setInterval(beat, heartbeatMs);
    return () => clearInterval(timer);
  }, [session, printer]);
}

function TicketPanel({ session, elder, onDone }: { session: DeviceSession; elder: boolean; onDone: () => void }) {
  const centerId = session.center.id;
  const hallOpen = useHallOpen(session);
  const [failure, setFailure] = useState<string>();
  const { categories, loads, error } = useCategoryLoads(centerId);
  const [category, setCategory] = useState<QueueCategory>();
  const [ticket, setTicket] = useState<Ticket>();
  const [busy, setBusy] = useState(false);
  // The hall may close between the last ask and the touch: the server's refusal says so too.
  const [refusedAsClosed, setRefusedAsClosed] = useState(false);

  const take = async (picked: QueueCategory, idNumber?: string, priority?: string) => {
    setBusy(true);
    try {
      setTicket(await session.call<Ticket>('POST', '/api/v1/tickets', { body: { centerId, channel: 'kiosk', categoryId: picked.id, ...(idNumber && { idNumber }), ...(priority && { priority }) } }));
    } catch (e) {
      if (e instanceof ApiError && e.code === 'CENTER_CLOSED') setRefusedAsClosed(true);
      else setFailure(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  if (failure) return <Notice title="暂时无法取号" detail={failure} onBack={onDone} />;
  if (ticket) return <TicketShown ticket={ticket} onDone={onDone} />;
  if (hallOpen === undefined) return <div className="terminal-hint">正在查询取号时间…</div>;
  if (!hallOpen || refusedAsClosed) {
    return (
      <HallClosed session={session}>
        <div className="terminal-hint">证明开具、办件查询等自助服务 24 小时可用。</div>
        <button type="button" className="kiosk-button" onClick={onDone}>
          返回首页
        </button>
      </HallClosed>
    );
  }
  if (category && !elder) return <Details category={category} busy={busy} onBack={() => setCategory(undefined)} onTake={(idNumber, priority) => void take(category, idNumber, priority)} />;
  return (
    <>
      <div className="terminal-title">{elder ? '请点击要办理的业务，直接取号' : '请选择业务类别'}</div>
      {error !== undefined && !categories.length ? (
        <div className="kiosk-error">{errorMessage(error)}</div>
      ) : (
        <CategoryTiles categories={categories} loads={loads} onPick={(picked) => (elder ? void take(picked) : setCategory(picked))} />
      )}
    </>
  );
}

/** A large message with a way back home. */
export function Notice({ title, detail, children, onBack, testId }: { title: string; detail?: string; children?: ReactNode; onBack: () => void; testId?: string }) {
  return (
    <div className="kiosk-ticket" role="status" data-testid={testId}>
      <div className="terminal-title">{title}</div>
      {detail && <div className="kiosk-error">{detail}</div>}
      {children}
      <button type="button" className="kiosk-button" onClick={onBack}>
        返回首页
      </button>
    </div>
  );
}

function Terminal({ session }: { session: DeviceSession }) {
  const [view, setView] = useState<View>('home');
  // A new visit remounts the panel: nothing the last person entered or was shown stays in memory.
  const [visit, setVisit] = useState(0);
  const [elder, setElder] = useState(() => localStorage.getItem(elderKey) === '1');
  const [printer, setPrinter] = useState<PrinterState>('ok');
  const [rateCase, setRateCase] = useState<string>();
  useHeartbeat(session, printer);
  const home = useCallback(() => {
    setView('home');
    setRateCase(undefined);
    setVisit((v) => v + 1);
  }, []);
  useIdleReset(view !== 'home', idleMs, home);

  const toggleElder = () => {
    localStorage.setItem(elderKey, elder ? '0' : '1');
    setElder(!elder);
  };
  const open = (next: View) => {
    setVisit((v) => v + 1);
    setView(next);
  };

  let body: ReactNode;
  switch (view) {
    case 'home':
      body = (
        <>
          <div className="terminal-title">您好，请选择要办理的自助服务</div>
          <div className={`terminal-tiles${elder ? ' elder' : ''}`}>
            {(elder ? tiles.filter((t) => t.view !== 'guide' && t.view !== 'feedback') : tiles).map((tile) => (
              <button key={tile.view} type="button" className="terminal-tile" onClick={() => open(tile.view)} data-testid={`terminal-${tile.view}`}>
                <span className="tile-name">{tile.title}</span>
                {!elder && <span className="tile-load">{tile.hint}</span>}
              </button>
            ))}
          </div>
        </>
      );
      break;
    case 'ticket':
      body = <TicketPanel session={session} elder={elder} onDone={home} />;
      break;
    case 'progress':
      body = (
        <ProgressPanel
          onRate={(caseId) => {
            setRateCase(caseId);
            open('rate');
          }}
        />
      );
      break;
    case 'rate':
      body = <RatePanel session={session} caseId={rateCase} onDone={home} />;
      break;
    case 'feedback':
      body = <FeedbackPanel session={session} onDone={home} />;
      break;
    case 'guide':
      body = <GuidePanel session={session} />;
      break;
    case 'assistant':
      body = (
        <div className="terminal-assistant" data-testid="terminal-assistant-chat">
          <AssistantChat centerId={session.center.id} />
        </div>
      );
      break;
    case 'certificate':
      body = <CertificatePanel session={session} onPrinted={(ok) => setPrinter(ok ? 'ok' : 'error')} onDone={home} />;
      break;
  }

  return (
    <div className={`kiosk terminal${elder ? ' elder' : ''}`}>
      <div className="kiosk-header">
        <span>{session.center.name} · 7×24 自助服务</span>
        <span style={{ display: 'flex', gap: 16 }}>
          {view !== 'home' && (
            <button type="button" className="kiosk-button secondary" onClick={home} data-testid="terminal-home">
              返回首页
            </button>
          )}
          <HelpButton session={session} />
          <button type="button" className={`kiosk-button secondary${elder ? ' selected' : ''}`} aria-pressed={elder} onClick={toggleElder}>
            长者模式
          </button>
        </span>
      </div>
      <div className="kiosk-main" key={visit}>
        {body}
      </div>
      <div className="terminal-footer">无操作 90 秒后自动返回首页并清除您的信息</div>
    </div>
  );
}

/** /terminal: the 7×24 self-service terminal (touch screen), by its device token. */
export function TerminalPage() {
  return (
    <DeviceScreen kinds={['terminal']} title="自助服务终端">
      {(session) => <Terminal session={session} />}
    </DeviceScreen>
  );
}
