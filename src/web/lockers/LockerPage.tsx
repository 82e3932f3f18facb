import { CheckCircleFilled } from '@ant-design/icons';
import { useCallback, useEffect, useRef, useState, type FormEvent, type MouseEvent } from 'react';
import { DeviceScreen, type DeviceSession } from '../device/device';
import { errorMessage } from '../shared/api';
import { doorLabels, openRequestFor, type LockerState, type OpenedCompartment } from './lockers';
import './locker.css';

/** The idle screen's count of free compartments is a hint, so a slow poll is enough. */
const statePollMs = 30_000;
/** How long the "door open" view stays before the screen is ready for the next person. */
const openedMs = 15_000;
const codeLength = 6;
const keys = ['1', '2', '3', '4', '5', '6', '7', '8', '9'];

function OpenedView({ opened, onDone }: { opened: OpenedCompartment[]; onDone(): void }) {
  useEffect(() => {
    const timer = setTimeout(onDone, openedMs);
    return () => clearTimeout(timer);
  }, [onDone]);
  return (
    <button type="button" className="locker-opened" onClick={onDone} data-testid="locker-opened">
      <CheckCircleFilled className="locker-opened-icon" aria-hidden />
      <span className="locker-opened-title">{doorLabels(opened)} 号柜门已打开</span>
      <span className="locker-opened-hint">请取走您的材料并关好柜门</span>
      <span className="locker-opened-list">
        {opened.map((o) => (
          <span key={o.label} className="locker-opened-item">
            <span className="locker-opened-label">{o.label}</span>
            <span>{o.itemName}</span>
            {o.caseNo && <span className="locker-muted">办件编号 {o.caseNo}</span>}
            <span className="locker-muted">领取人 {o.recipientName}</span>
          </span>
        ))}
      </span>
      <span className="locker-muted">轻触屏幕返回（{openedMs / 1000} 秒后自动返回）</span>
    </button>
  );
}

function LockerScreen({ session }: { session: DeviceSession }) {
  const [state, setState] = useState<LockerState>();
  const [digits, setDigits] = useState('');
  const [scanned, setScanned] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string>();
  const [opened, setOpened] = useState<OpenedCompartment[]>();
  const scanField = useRef<HTMLInputElement>(null);

  const reload = useCallback(() => {
    // An unreachable server keeps the last count on screen; the next poll tries again.
    session.call<LockerState>('GET', '/api/v1/lockers/state').then(setState, () => undefined);
  }, [session]);

  useEffect(() => {
    reload();
    const timer = setInterval(reload, statePollMs);
    return () => clearInterval(timer);
  }, [reload]);

  /**
   * Asks the server to release what this code collects. The door itself is driven by the locker's own
   * controller, which acts on the server's answer: a web page cannot open a door, it tells the person
   * which door is theirs.
   */
  const open = useCallback(
    async (entry: string) => {
      if (!entry.trim() || busy) return;
      setBusy(true);
      setProblem(undefined);
      try {
        const answer = await session.call<{ opened: OpenedCompartment[] }>('POST', '/api/v1/lockers/open', { body: openRequestFor(entry) });
        setOpened(answer.opened);
        reload();
      } catch (error) {
        setProblem(errorMessage(error));
      } finally {
        // A code is good for one opening: nothing of it stays on the screen for the next person.
        setDigits('');
        setScanned('');
        setBusy(false);
      }
    },
    [busy, session, reload],
  );

  const press = useCallback((key: string) => {
    setProblem(undefined);
    setDigits((d) => (d.length < codeLength ? d + key : d));
  }, []);
  const erase = useCallback(() => setDigits((d) => d.slice(0, -1)), []);

  // A keyboard attached to the locker types into the keypad when the scan field does not have the focus.
  useEffect(() => {
    if (opened) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.target === scanField.current) return;
      if (/^\d$/.test(event.key)) press(event.key);
      else if (event.key === 'Backspace') erase();
      else if (event.key === 'Escape') setDigits('');
      else if (event.key === 'Enter' && digits.length === codeLength) void open(digits);
      else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [opened, digits, press, erase, open]);

  const backToIdle = useCallback(() => setOpened(undefined), []);
  // The scanner types into the focused field: it has the focus whenever the idle screen shows.
  useEffect(() => {
    if (!opened) scanField.current?.focus();
  }, [opened, problem]);

  const submitScan = (event: FormEvent) => {
    event.preventDefault();
    void open(scanned);
  };
  // Keypad buttons leave the focus in the scan field, so a scan right after a touch still lands there.
  const keepFocus = (event: MouseEvent) => event.preventDefault();

  return (
    <div className="locker">
      <header className="locker-header">
        <span data-testid="locker-name">{state?.name ?? session.device.name}</span>
        <span className="locker-header-center">{session.center.name} · 24 小时自助取件</span>
      </header>
      {opened ? (
        <OpenedView opened={opened} onDone={backToIdle} />
      ) : (
        <main className="locker-body" data-testid="locker-idle">
          <section className="locker-entry">
            <div className="locker-title">请输入取件码 / 请扫个人码</div>
            <div className="locker-subtitle">取件码在短信中（6 位数字）；或打开「一门通办」个人中心，出示个人码对准扫码口</div>
            <div className="locker-code" role="group" aria-label="已输入的取件码" data-testid="locker-code">
              {Array.from({ length: codeLength }, (_, i) => (
                <span key={i} className={`locker-digit${i === digits.length ? ' locker-digit-next' : ''}`}>
                  {digits[i] ?? ''}
                </span>
              ))}
            </div>
            {busy && <div className="locker-busy">正在开柜，请稍候…</div>}
            {problem && (
              <div className="locker-problem" role="alert" data-testid="locker-problem">
                {problem}
              </div>
            )}
            <form className="locker-scan" onSubmit={submitScan}>
              <label htmlFor="locker-scan-field">扫码口</label>
              <input
                id="locker-scan-field"
                ref={scanField}
                value={scanned}
                onChange={(event) => setScanned(event.target.value)}
                autoComplete="off"
                placeholder="出示个人码，扫码后自动识别"
                disabled={busy}
                data-testid="locker-scan"
              />
            </form>
            {state && (
              <div className="locker-muted" data-testid="locker-free">
                空闲柜格 {state.free} / {state.total}
              </div>
            )}
          </section>
          <section className="locker-keypad" aria-label="数字键盘">
            {keys.map((key) => (
              <button key={key} type="button" className="locker-key" onMouseDown={keepFocus} onClick={() => press(key)} disabled={busy}>
                {key}
              </button>
            ))}
            <button type="button" className="locker-key locker-key-secondary" onMouseDown={keepFocus} onClick={() => setDigits('')} disabled={busy}>
              清空
            </button>
            <button type="button" className="locker-key" onMouseDown={keepFocus} onClick={() => press('0')} disabled={busy}>
              0
            </button>
            <button type="button" className="locker-key locker-key-secondary" onMouseDown={keepFocus} onClick={erase} disabled={busy}>
              删除
            </button>
            <button type="button" className="locker-key locker-key-open" onMouseDown={keepFocus} onClick={() => void open(digits)} disabled={busy || digits.length !== codeLength}>
              开柜
            </button>
          </section>
        </main>
      )}
      <footer className="locker-footer">未领取的材料可到服务窗口领取 · 如需帮助请联系大厅工作人员</footer>
    </div>
  );
}

/** /locker: the touch screen on a 24-hour locker, where a person opens their compartment with the SMS pickup code or their personal code. */
export function LockerPage() {
  return (
    <DeviceScreen kinds={['locker']} title="智能柜">
      {(session) => <LockerScreen session={session} />}
    </DeviceScreen>
  );
}
