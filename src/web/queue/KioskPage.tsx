import { useCallback, useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { QrCode } from '../catalog/PublicParts';
import { DeviceScreen, type DeviceSession } from '../device/device';
import { CheckInPanel } from '../kiosk/CheckInPanel';
import { api, ApiError, errorMessage } from '../shared/api';
import { formatOpeningHours } from '../shared/format';
import { idNumberProblem } from '../shared/identity';
import { isPersonalCode } from '../shared/personalCode';
import { useCenterEvents } from '../shared/live';
import { loadCategories, loadQueue, type CategoryLoad, type Priority, type QueueCategory, type Ticket } from '../shared/queue';
import { waitText } from './calls';
import './queueScreens.css';

interface FoundItem {
  id: string;
  name: string;
  department: { name: string };
}

type Step =
  | { kind: 'home' }
  | { kind: 'checkIn' }
  | { kind: 'details'; category: QueueCategory; item?: FoundItem }
  | { kind: 'ticket'; ticket: Ticket }
  | { kind: 'closed' }
  | { kind: 'error'; message: string };

/** Whether the hall is open for tickets now, asked again every minute (a kiosk stands there all night). */
export function useHallOpen(session: DeviceSession): boolean | undefined {
  const [open, setOpen] = useState<boolean>();
  useEffect(() => {
    const ask = () => void session.call<{ open: boolean }>('GET', '/api/v1/terminals/hall').then((hall) => setOpen(hall.open), () => undefined);
    ask();
    const timer = setInterval(ask, 60_000);
    return () => clearInterval(timer);
  }, [session]);
  return open;
}

/** 当前不在取号时间, with the hall's hours, in place of the categories. */
export function HallClosed({ session, children }: { session: DeviceSession; children?: ReactNode }) {
  const hours = formatOpeningHours(session.center.openingHours);
  return (
    <div className="kiosk-ticket" role="status" data-testid="hall-closed">
      <div className="kiosk-closed-title">当前不在取号时间</div>
      <div>{session.center.name}取号时间：</div>
      {hours.length ? hours.map((line) => <div key={line} className="kiosk-closed-hours">{line}</div>) : <div className="kiosk-closed-hours">未设置</div>}
      <div>法定节假日休息。</div>
      {children}
    </div>
  );
}

/** How often a waiting call asks whether someone has taken it. */
const helpPollMs = 4_000;

/**
 * 请工作人员帮我: calls hall staff over to this device. The answer stays on the button (a second press
 * while they are on their way is the same call), and it says so when a member of staff has taken the call,
 * so the visitor knows to wait rather than walk off to look for someone.
 */
export function HelpButton({ session }: { session: DeviceSession }) {
  const [state, setState] = useState<'idle' | 'calling' | 'called' | 'answered' | 'failed'>('idle');
  const [callId, setCallId] = useState<string>();
  const press = async () => {
    setState('calling');
    try {
      const help = await session.call<{ id: string; status: 'open' | 'acknowledged' }>('POST', '/api/v1/help-requests');
      setCallId(help.id);
      setState('called');
    } catch {
      setState('failed');
    }
  };
  useEffect(() => {
    if (state !== 'called' || !callId) return;
    const timer = setInterval(() => {
      session.call<{ status: 'open' | 'acknowledged' }>('GET', `/api/v1/help-requests/${callId}`).then(
        (help) => help.status === 'acknowledged' && setState('answered'),
        () => undefined, // A missed poll is asked again at the next tick.
      );
    }, helpPollMs);
    return () => clearInterval(timer);
  }, [state, callId, session]);
  const label = { idle: '请工作人员帮我', calling: '正在呼叫…', called: '已通知工作人员，请稍候', answered: '工作人员已响应，正在赶来', failed: '呼叫失败，请再按一次' }[state];
  return (
    <button type="button" className="kiosk-button secondary" onClick={() => void press()} disabled={state === 'calling'} aria-live="polite" data-testid="help-me">
      {label}
    </button>
  );
}

/** Back to the start after this long without a touch (someone walked away mid-way). */
const idleMs = 60_000;
/** How long the taken ticket stays on screen. */
const ticketSeconds = 30;

const elderKey = 'onedoor.kiosk.elder';

/** Runs `reset` when nobody has touched the screen for `ms` while `active` (the kiosk and the terminal). */
export function useIdleReset(active: boolean, ms: number, reset: () => void) {
  useEffect(() => {
    if (!active) return;
    let timer = setTimeout(reset, ms);
    const touched = () => {
      clearTimeout(timer);
      timer = setTimeout(reset, ms);
    };
    window.addEventListener('pointerdown', touched);
    window.addEventListener('keydown', touched);
    return () => {
      clearTimeout(timer);
      window.removeEventListener('pointerdown', touched);
      window.removeEventListener('keydown', touched);
    };
  }, [active, ms, reset]);
}

/** Categories with their waiting counts, kept current by the center's events. */
export function useCategoryLoads(centerId: string) {
  const [categories, setCategories] = useState<QueueCategory[]>([]);
  const [loads, setLoads] = useState<Map<string, CategoryLoad>>(new Map());
  const [error, setError] = useState<unknown>();
  const reload = useCallback(() => {
    loadCategories(centerId).then(
      (list) => {
        setCategories([...list].sort((a, b) => a.sort - b.sort || a.prefix.localeCompare(b.prefix)));
        setError(undefined);
      },
      setError,
    );
    loadQueue(centerId).then((list) => setLoads(new Map(list.map((l) => [l.categoryId, l]))), () => undefined);
  }, [centerId]);
  useEffect(reload, [reload]);
  useCenterEvents(
    centerId,
    ['queue.changed'],
    (_type, data) => {
      const change = data as { categoryId: string; waiting: number; estimatedWaitMinutes: number };
      setLoads((map) => {
        const known = map.get(change.categoryId);
        if (!known) return map;
        return new Map(map).set(change.categoryId, { ...known, waiting: change.waiting, estimatedWaitMinutes: change.estimatedWaitMinutes });
      });
    },
    { onConnected: reload },
  );
  return { categories, loads, error, reload };
}

export function CategoryTiles({ categories, loads, onPick }: { categories: QueueCategory[]; loads: Map<string, CategoryLoad>; onPick: (category: QueueCategory) => void }) {
  return (
    <div className="kiosk-tiles">
      {categories.map((category) => {
        const load = loads.get(category.id);
        return (
          <button key={category.id} type="button" className="kiosk-tile" disabled={!category.open} onClick={() => onPick(category)} data-testid={`category-${category.prefix}`}>
            <span className="tile-name">
              <span className="tile-prefix">{category.prefix}</span>
              {category.name}
            </span>
            <span className="tile-load">{category.open ? (load ? `等候 ${load.waiting} 人 · ${waitText(load.estimatedWaitMinutes)}` : ' ') : '暂停取号'}</span>
          </button>
        );
      })}
    </div>
  );
}

function ItemSearch({ centerId, categories, onPick }: { centerId: string; categories: QueueCategory[]; onPick: (category: QueueCategory, item: FoundItem) => void }) {
  const [text, setText] = useState('');
  const [results, setResults] = useState<FoundItem[]>();
  const [failure, setFailure] = useState<string>();
  const search = () => {
    const q = text.trim();
    if (!q) return;
    api.get<{ items: FoundItem[] }>('/api/v1/items', { q, centerId, pageSize: 8 }).then(
      (page) => {
        setResults(page.items);
        setFailure(undefined);
      },
      (error: unknown) => setFailure(errorMessage(error)),
    );
  };
  const categoryOf = (item: FoundItem) => categories.find((c) => c.itemIds.includes(item.id));
  return (
    <>
      <form
        className="kiosk-search"
        onSubmit={(event) => {
          event.preventDefault();
          search();
        }}
      >
        <input value={text} onChange={(event) => setText(event.target.value)} placeholder="输入要办的事，如「身份证」「营业执照」" aria-label="搜索事项" />
        <button type="submit" className="kiosk-button">
          搜索
        </button>
      </form>
      {failure && <div className="kiosk-error">{failure}</div>}
      {results && (
        <div className="kiosk-results" data-testid="search-results">
          {results.length === 0 && <div>没有找到相关事项，请直接选择下方的业务类别，或咨询导办人员。</div>}
          {results.map((item) => {
            const category = categoryOf(item);
            return (
              <button key={item.id} type="button" className="kiosk-result" disabled={!category?.open} onClick={() => category && onPick(category, item)}>
                <span>{item.name}</span>
                <span style={{ color: '#0b57d0', whiteSpace: 'nowrap' }}>{category ? (category.open ? `${category.prefix} ${category.name} ›` : '暂停取号') : '请咨询导办人员'}</span>
              </button>
            );
          })}
        </div>
      )}
    </>
  );
}

const padKeys = ['1', '2', '3', '4', '5', '6', '7', '8', '9', 'X', '0', '⌫'];

/** The on-screen keypad for an ID number (digits and X), shown 6-8-4 as it is printed on the card. */
function IdNumberPad({ value, onChange }: { value: string; onChange: (value: string) => void }) {
  const press = (key: string) => {
    if (key === '⌫') onChange(value.slice(0, -1));
    else if (value.length < 18) onChange(value + key);
  };
  const shown = [value.slice(0, 6), value.slice(6, 14), value.slice(14)].filter(Boolean).join(' ');
  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 16 }}>
      <div className="kiosk-id" data-testid="id-number">
        {shown || <span style={{ color: '#595959', fontWeight: 400 }}>请输入 18 位身份证号码</span>}
      </div>
      <div className="kiosk-pad">
        {padKeys.map((key) => (
          <button key={key} type="button" onClick={() => press(key)} aria-label={key === '⌫' ? '删除' : key}>
            {key}
          </button>
        ))}
      </div>
      {value && (
        <button type="button" className="kiosk-button secondary" onClick={() => onChange('')}>
          清空
        </button>
      )}
    </div>
  );
}

const manualPriorities: { value: Priority; label: string }[] = [
  { value: 'disabled', label: '残疾人优先' },
  { value: 'veteran', label: '退役军人优先' },
];

/**
 * 亮码取号: the kiosk's scanner types the personal code shown on a phone into this field, then Enter; the
 * server reads the person from it, so nobody types an ID number.
 */
function PersonalCodeField({ busy, onScan }: { busy: boolean; onScan: (code: string) => void }) {
  const [code, setCode] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (isPersonalCode(code)) onScan(code.trim());
    setCode('');
  };
  return (
    <form onSubmit={submit} style={{ display: 'flex', gap: 16, alignItems: 'center', flexWrap: 'wrap' }}>
      <label htmlFor="kiosk-personal-code" style={{ fontWeight: 600 }}>
        亮码取号：打开「一门通办」个人中心，出示个人码对准扫码口
      </label>
      <input id="kiosk-personal-code" className="kiosk-scan" value={code} onChange={(e) => setCode(e.target.value)} autoComplete="off" disabled={busy} placeholder="扫码后自动取号" data-testid="kiosk-personal-code" />
    </form>
  );
}

export function Details({
  category,
  item,
  busy,
  onTake,
  onScan,
  onBack,
}: {
  category: QueueCategory;
  item?: FoundItem;
  busy: boolean;
  onTake: (idNumber: string | undefined, priority: Priority | undefined) => void;
  /** Offered where a scanner is fitted: a ticket for the owner of a scanned personal code. */
  onScan?: (personalCode: string, priority: Priority | undefined) => void;
  onBack: () => void;
}) {
  const [idNumber, setIdNumber] = useState('');
  const [priority, setPriority] = useState<Priority>();
  const [problem, setProblem] = useState<string>();
  const take = (withId: boolean) => {
    if (withId) {
      const why = idNumberProblem(idNumber);
      if (why) {
        setProblem(why);
        return;
      }
    }
    onTake(withId ? idNumber : undefined, priority);
  };
  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 24 }}>
      <div style={{ fontSize: '1.3em', fontWeight: 700 }}>
        {category.prefix} {category.name}
        {item && <div style={{ fontSize: '0.75em', fontWeight: 500, color: '#595959' }}>办理事项：{item.name}</div>}
      </div>
      <div>输入身份证号码可享受优先服务（70 岁以上老人自动进入绿色通道），也可以不填直接取号。</div>
      {onScan && <PersonalCodeField busy={busy} onScan={(code) => onScan(code, priority)} />}
      <div style={{ display: 'flex', gap: 40, flexWrap: 'wrap', alignItems: 'flex-start' }}>
        <IdNumberPad
          value={idNumber}
          onChange={(value) => {
            setIdNumber(value);
            setProblem(undefined);
          }}
        />
        <div style={{ display: 'flex', flexDirection: 'column', gap: 16, minWidth: 320 }}>
          <div>优先服务（请向窗口出示证件）</div>
          {manualPriorities.map((p) => (
            <button key={p.value} type="button" className={`kiosk-button secondary${priority === p.value ? ' selected' : ''}`} aria-pressed={priority === p.value} onClick={() => setPriority(priority === p.value ? undefined : p.value)}>
              {p.label}
            </button>
          ))}
        </div>
      </div>
      {problem && (
        <div className="kiosk-error" role="alert" data-testid="id-problem">
          {problem}
        </div>
      )}
      <div style={{ display: 'flex', gap: 20, flexWrap: 'wrap' }}>
        <button type="button" className="kiosk-button" disabled={busy || !idNumber} onClick={() => take(true)}>
          确认取号
        </button>
        <button type="button" className="kiosk-button secondary" disabled={busy} onClick={() => take(false)}>
          不填，直接取号
        </button>
        <button type="button" className="kiosk-button secondary" disabled={busy} onClick={onBack}>
          返回
        </button>
      </div>
    </div>
  );
}

export function TicketShown({ ticket, onDone }: { ticket: Ticket; onDone: () => void }) {
  const [left, setLeft] = useState(ticketSeconds);
  const link = `${window.location.origin}/ticket/${ticket.id}`;
  useEffect(() => {
    const timer = setInterval(() => setLeft((s) => s - 1), 1000);
    // The kiosk's printer prints the ticket straight away (Chromium in kiosk mode prints without a dialog).
    const print = setTimeout(() => window.print(), 500);
    return () => {
      clearInterval(timer);
      clearTimeout(print);
    };
  }, []);
  useEffect(() => {
    if (left <= 0) onDone();
  }, [left, onDone]);
  const taken = new Date(ticket.takenAt).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });
  return (
    <>
      <div className="kiosk-ticket" data-testid="kiosk-ticket">
        <div>取号成功，您的号码是</div>
        <div className="ticket-number" data-testid="kiosk-ticket-number">
          {ticket.number}
        </div>
        <div style={{ fontSize: '1.2em', fontWeight: 700 }}>{ticket.categoryName}</div>
        <div data-testid="kiosk-ticket-ahead">
          前面还有 <b>{ticket.ahead}</b> 人 · 预计等候 {waitText(ticket.estimatedWaitMinutes)}
        </div>
        {ticket.priority === 'elderly' && <div style={{ color: '#d46b08', fontWeight: 700 }}>已为您开通绿色通道</div>}
        <QrCode text={link} size={220} caption="手机扫码，随时查看叫号进度" />
        <div style={{ display: 'flex', gap: 20 }}>
          <button type="button" className="kiosk-button secondary" onClick={() => window.print()}>
            重新打印
          </button>
          <button type="button" className="kiosk-button" onClick={onDone}>
            完成（{Math.max(left, 0)} 秒）
          </button>
        </div>
      </div>
      <div className="ticket-print" aria-hidden="true">
        <div>{ticket.categoryName}</div>
        <div className="print-number">{ticket.number}</div>
        <div>
          前面还有 {ticket.ahead} 人，预计等候 {waitText(ticket.estimatedWaitMinutes)}
        </div>
        <QrCode text={link} size={110} caption="扫码查看叫号进度" />
        <div>取号时间 {taken}</div>
        <div>请留意叫号，过号需重新取号</div>
      </div>
    </>
  );
}

function Kiosk({ session }: { session: DeviceSession }) {
  const centerId = session.center.id;
  const { categories, loads, error, reload } = useCategoryLoads(centerId);
  const [step, setStep] = useState<Step>({ kind: 'home' });
  const [busy, setBusy] = useState(false);
  const [elder, setElder] = useState(() => localStorage.getItem(elderKey) === '1');
  const hallOpen = useHallOpen(session);
  const home = useCallback(() => {
    setStep({ kind: 'home' });
    reload();
  }, [reload]);
  useIdleReset(step.kind === 'details' || step.kind === 'error' || step.kind === 'closed' || step.kind === 'checkIn', idleMs, home);

  const take = async (category: QueueCategory, item: FoundItem | undefined, holder: { idNumber?: string; personalCode?: string } = {}, priority?: Priority) => {
    setBusy(true);
    try {
      const ticket = await session.call<Ticket>('POST', '/api/v1/tickets', {
        body: { centerId, channel: 'kiosk', ...(item ? { itemId: item.id } : { categoryId: category.id }), ...holder, ...(priority && { priority }) },
      });
      setStep({ kind: 'ticket', ticket });
    } catch (e) {
      setStep(e instanceof ApiError && e.code === 'CENTER_CLOSED' ? { kind: 'closed' } : { kind: 'error', message: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  };
  const pick = (category: QueueCategory, item?: FoundItem) => {
    // 长者模式: one touch on a tile is the whole way to a ticket.
    if (elder) void take(category, item);
    else setStep({ kind: 'details', category, item });
  };
  const toggleElder = () => {
    localStorage.setItem(elderKey, elder ? '0' : '1');
    setElder(!elder);
  };

  let body;
  switch (step.kind) {
    case 'home':
      body = (
        <>
          {!elder && (
            <div style={{ display: 'flex', gap: 16, alignItems: 'flex-start' }}>
              <div style={{ flex: 1 }}>
                <ItemSearch centerId={centerId} categories={categories} onPick={pick} />
              </div>
              <button type="button" className="kiosk-button secondary" onClick={() => setStep({ kind: 'checkIn' })}>
                预约签到
              </button>
            </div>
          )}
          {hallOpen === false ? (
            <HallClosed session={session} />
          ) : (
            <>
              <div style={{ fontSize: '1.1em', fontWeight: 700, marginBottom: 16 }}>{elder ? '请点击要办理的业务，直接取号' : '请选择业务类别'}</div>
              {error !== undefined && !categories.length ? (
                <div className="kiosk-error">{errorMessage(error)}</div>
              ) : (
                <CategoryTiles categories={categories} loads={loads} onPick={(c) => pick(c)} />
              )}
            </>
          )}
        </>
      );
      break;
    case 'details':
      body = (
        <Details
          category={step.category}
          item={step.item}
          busy={busy}
          onBack={home}
          onTake={(idNumber, priority) => void take(step.category, step.item, { idNumber }, priority)}
          onScan={(personalCode, priority) => void take(step.category, step.item, { personalCode }, priority)}
        />
      );
      break;
    case 'checkIn':
      body = (
        <div style={{ display: 'flex', flexDirection: 'column', gap: 24 }}>
          <CheckInPanel deviceToken={session.token} centerId={centerId} onDone={home} />
          <button type="button" className="kiosk-button secondary" onClick={home}>
            返回首页
          </button>
        </div>
      );
      break;
    case 'ticket':
      body = <TicketShown ticket={step.ticket} onDone={home} />;
      break;
    case 'closed':
      body = (
        <HallClosed session={session}>
          <button type="button" className="kiosk-button" onClick={home}>
            返回首页
          </button>
        </HallClosed>
      );
      break;
    case 'error':
      body = (
        <div className="kiosk-ticket" role="alert" data-testid="kiosk-error">
          <div style={{ fontSize: 56 }}>抱歉，暂时无法取号</div>
          <div style={{ fontSize: 36, color: '#cf1322', fontWeight: 600 }}>{step.message}</div>
          <div>如需帮助，请咨询导办台工作人员。</div>
          <button type="button" className="kiosk-button" onClick={home}>
            返回首页
          </button>
        </div>
      );
      break;
  }

  return (
    <div className={`kiosk${elder ? ' elder' : ''}`}>
      <div className="kiosk-header">
        <span>{session.center.name} · 自助取号</span>
        <span style={{ display: 'flex', gap: 16 }}>
          <HelpButton session={session} />
          <button type="button" className={`kiosk-button secondary${elder ? ' selected' : ''}`} aria-pressed={elder} onClick={toggleElder}>
            长者模式
          </button>
        </span>
      </div>
      <div className="kiosk-main">{body}</div>
    </div>
  );
}

/** /kiosk: the self-service ticket machine (touch screen, portrait or landscape), by its device token. */
export function KioskPage() {
  return (
    <DeviceScreen kinds={['kiosk', 'terminal']} title="取号机">
      {(session) => <Kiosk session={session} />}
    </DeviceScreen>
  );
}
