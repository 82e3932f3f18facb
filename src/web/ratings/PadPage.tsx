import { CheckCircleFilled, FrownFilled, FrownOutlined, MehOutlined, SmileFilled, SmileOutlined } from '@ant-design/icons';
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { newIdempotencyKey } from '../cases/cases';
import { DeviceMessage, DeviceScreen, type DeviceSession } from '../device/device';
import { useCenterEvents } from '../shared/live';
import { usePendingRatings, type PendingRating } from './padQueue';
import { isBad, scoreLabels, scores, tagsFor, type RatingTags, type Score } from './ratings';
import './pad.css';

/** GET /api/v1/pad/state: the pad's window, who is signed in there, and the visit just finished, if not yet rated. */
interface PadState {
  window: { id: string; number: number; name: string; status: string } | null;
  staffName: string | null;
  service: { ticketId: string; number: string; serviceName: string; staffName: string | null; finishedAt: string } | null;
}

type Service = NonNullable<PadState['service']>;

/** Polled as well as pushed: a pad whose event stream is down still offers the visit it missed. */
const pollMs = 15_000;
/** A visitor who walks away leaves the pad asking for nothing. */
const untouchedMs = 60_000;
const thanksMs = 5_000;

/** Faces on the buttons, for visitors who read slowly or not at all (icons, not emoji: a pad may lack an emoji font). */
const faces: Record<Score, ReactNode> = { 5: <SmileFilled />, 4: <SmileOutlined />, 3: <MehOutlined />, 2: <FrownOutlined />, 1: <FrownFilled /> };

function RatingForm({ service, tags, onSubmit, onTouch }: { service: Service; tags: RatingTags; onSubmit(score: Score, tags: string[]): void; onTouch(): void }) {
  const [score, setScore] = useState<Score>();
  const [chosen, setChosen] = useState<string[]>([]);
  const choose = (next: Score) => {
    onTouch();
    // Tags of a good rating say nothing about a bad one: changing sides starts the tags again.
    if (score === undefined || isBad(score) !== isBad(next)) setChosen([]);
    setScore(next);
  };
  const toggle = (tag: string) => {
    onTouch();
    setChosen((list) => (list.includes(tag) ? list.filter((t) => t !== tag) : [...list, tag]));
  };
  return (
    <div className="pad-form" data-testid="pad-form">
      <div className="pad-service" data-testid="pad-service">
        <span className="pad-service-number">{service.number}</span>
        <span>{service.serviceName}</span>
        {service.staffName && <span>工作人员：{service.staffName}</span>}
      </div>
      <div className="pad-question">请您对本次服务进行评价</div>
      <div className="pad-scores" role="radiogroup" aria-label="评价等级">
        {scores.map((s) => (
          <button key={s} type="button" role="radio" aria-checked={score === s} className={`pad-score pad-score-${s}${score === s ? ' pad-chosen' : ''}`} onClick={() => choose(s)}>
            <span className="pad-face" aria-hidden>
              {faces[s]}
            </span>
            {scoreLabels[s]}
          </button>
        ))}
      </div>
      {score !== undefined && (
        <>
          <div className="pad-tags" role="group" aria-label="评价标签（可选）">
            {tagsFor(tags, score).map((tag) => (
              <button key={tag} type="button" aria-pressed={chosen.includes(tag)} className={`pad-tag${chosen.includes(tag) ? ' pad-chosen' : ''}`} onClick={() => toggle(tag)}>
                {tag}
              </button>
            ))}
          </div>
          <button type="button" className="pad-submit" onClick={() => onSubmit(score, chosen)}>
            提交
          </button>
        </>
      )}
    </div>
  );
}

function RatingPad({ session, windowId }: { session: DeviceSession; windowId: string }) {
  const [state, setState] = useState<PadState>();
  const [tags, setTags] = useState<RatingTags>({ good: [], bad: [] });
  // Visits rated or passed over on this pad: not offered again while the server still lists them
  // (a rating waiting in the outbox is unknown to it). The server offers only the latest visit of the
  // last few minutes, so the last few dozen are all worth remembering.
  const [handled, setHandled] = useState<string[]>([]);
  const pass = useCallback((ticketId: string) => setHandled((list) => [...list.slice(-50), ticketId]), []);
  const [thanked, setThanked] = useState(false);
  const [touchedAt, setTouchedAt] = useState(() => Date.now());

  const { pending, enqueue } = usePendingRatings((r: PendingRating) =>
    session.call('POST', '/api/v1/ratings', { body: { ticketId: r.ticketId, score: r.score, tags: r.tags, clientKey: r.clientKey } }),
  );

  const tagsLoaded = useRef(false);
  const reload = useCallback(() => {
    // An unreachable server keeps the last state on screen; the next poll or event tries again.
    session.call<PadState>('GET', '/api/v1/pad/state').then(setState, () => undefined);
    // The tags too, until they have come once (the pad may have started while the network was down).
    if (!tagsLoaded.current) {
      session.call<RatingTags>('GET', '/api/v1/rating-tags').then((loaded) => {
        tagsLoaded.current = true;
        setTags(loaded);
      }, () => undefined);
    }
  }, [session]);

  useEffect(() => {
    reload();
    const timer = setInterval(reload, pollMs);
    return () => clearInterval(timer);
  }, [reload]);

  useCenterEvents(session.center.id, ['ticket.updated', 'window.changed'], (_type, data) => data.windowId === windowId && reload(), { onConnected: reload });

  // A rating still in the outbox (kept across a reload of the pad) also settles its visit here.
  const settledHere = (ticketId: string) => handled.includes(ticketId) || pending.some((r) => r.ticketId === ticketId);
  const service = !thanked && state?.service && !settledHere(state.service.ticketId) ? state.service : null;
  const touch = useCallback(() => setTouchedAt(Date.now()), []);

  // A new visit to rate starts the minute afresh.
  useEffect(() => {
    if (service) touch();
  }, [service?.ticketId, touch]);

  useEffect(() => {
    if (!service) return;
    const timer = setTimeout(() => pass(service.ticketId), touchedAt + untouchedMs - Date.now());
    return () => clearTimeout(timer);
  }, [service, touchedAt, pass]);

  useEffect(() => {
    if (!thanked) return;
    const timer = setTimeout(() => setThanked(false), thanksMs);
    return () => clearTimeout(timer);
  }, [thanked]);

  const submit = (rated: Service, score: Score, chosen: string[]) => {
    enqueue({ clientKey: newIdempotencyKey(), ticketId: rated.ticketId, score, tags: chosen, queuedAt: new Date().toISOString() });
    pass(rated.ticketId);
    setThanked(true);
  };

  const bound = state?.window ?? session.window;
  return (
    <div className="pad">
      <header className="pad-header">
        <span>{session.center.name}</span>
        {pending.length > 0 && (
          <span className="pad-pending" data-testid="pad-pending">
            {pending.length} 条评价待发送
          </span>
        )}
      </header>
      <main className="pad-body">
        {thanked ? (
          <div className="pad-thanks" role="status" data-testid="pad-thanks">
            <div className="pad-face" aria-hidden>
              <CheckCircleFilled />
            </div>
            感谢您的评价
          </div>
        ) : service ? (
          <RatingForm key={service.ticketId} service={service} tags={tags} onTouch={touch} onSubmit={(score, chosen) => submit(service, score, chosen)} />
        ) : (
          <div className="pad-idle" data-testid="pad-idle">
            {bound && <div className="pad-window">{bound.number} 号窗口</div>}
            {bound && <div className="pad-window-name">{bound.name}</div>}
            <div className="pad-staff" data-testid="pad-staff">
              {state?.staffName ? `工作人员：${state.staffName}` : '窗口暂无工作人员'}
            </div>
            <div className="pad-hint">办理结束后，请在此评价我们的服务</div>
          </div>
        )}
      </main>
    </div>
  );
}

/** /pad — the rating pad (评价器) facing the visitor at one window; its device is bound to the window. */
export function PadPage() {
  return (
    <DeviceScreen kinds={['rating_pad']} title="评价器">
      {(session) => (session.window ? <RatingPad session={session} windowId={session.window.id} /> : <DeviceMessage title="此评价器未绑定窗口" detail="请管理员在「设备」页面为它选择窗口。" />)}
    </DeviceScreen>
  );
}
