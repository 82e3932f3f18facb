import { useState, type FormEvent } from 'react';
import type { DeviceSession } from '../device/device';
import { feedbackKindLabels, scoreLabels, scores, type FeedbackKind, type Score } from '../ratings/ratings';
import { api, ApiError, errorMessage } from '../shared/api';
import { formatTime } from '../shared/format';
import type { RateableTicket } from './terminal';

/** GET /api/v1/public/cases/{caseNo}?idSuffix= (cases/schema.ts PublicProgress): the applicant already masked. */
interface Progress {
  caseNo: string;
  itemName: string;
  statusLabel: string;
  applicantName: string;
  steps: { name: string; at: string }[];
  promisedDeadline: string | null;
  rateableId: string | null;
}

function Field({ label, value, onChange, placeholder, testId, inputMode = 'text' }: { label: string; value: string; onChange: (value: string) => void; placeholder?: string; testId: string; inputMode?: 'text' | 'numeric' }) {
  return (
    <label className="terminal-field">
      <span>{label}</span>
      <input value={value} onChange={(event) => onChange(event.target.value)} placeholder={placeholder} data-testid={testId} inputMode={inputMode} autoComplete="off" />
    </label>
  );
}

/** 办件查询: case number and the last six characters of the applicant's ID, the result in large type. */
export function ProgressPanel({ onRate }: { onRate: (caseId: string) => void }) {
  const [caseNo, setCaseNo] = useState('');
  const [idSuffix, setIdSuffix] = useState('');
  const [result, setResult] = useState<Progress>();
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!caseNo.trim() || idSuffix.trim().length !== 6) {
      setFailure('请输入办件编号和申请人证件号码后六位');
      return;
    }
    setBusy(true);
    setFailure(undefined);
    try {
      setResult(await api.get<Progress>(`/api/v1/public/cases/${encodeURIComponent(caseNo.trim())}`, { idSuffix: idSuffix.trim().toUpperCase() }));
    } catch (error) {
      setResult(undefined);
      setFailure(error instanceof ApiError && error.status === 404 ? '没有查到该办件，请核对办件编号和证件号码后六位' : errorMessage(error));
    } finally {
      setBusy(false);
    }
  };

  if (result) {
    return (
      <div className="terminal-card" data-testid="progress-result">
        <div className="terminal-title">{result.itemName}</div>
        <dl className="terminal-facts">
          <dt>办件编号</dt>
          <dd>{result.caseNo}</dd>
          <dt>申请人</dt>
          <dd>{result.applicantName}</dd>
          <dt>办理状态</dt>
          <dd className="terminal-status" data-testid="progress-status">
            {result.statusLabel}
          </dd>
          {result.promisedDeadline && (
            <>
              <dt>承诺办结</dt>
              <dd>{result.promisedDeadline}</dd>
            </>
          )}
        </dl>
        <ol className="terminal-steps">
          {result.steps.map((step) => (
            <li key={`${step.name}-${step.at}`}>
              <b>{step.name}</b> {formatTime(step.at, 'YYYY-MM-DD HH:mm')}
            </li>
          ))}
        </ol>
        <div className="terminal-actions">
          {result.rateableId && (
            <button type="button" className="kiosk-button" onClick={() => onRate(result.rateableId!)} data-testid="progress-rate">
              评价此办件
            </button>
          )}
          <button type="button" className="kiosk-button secondary" onClick={() => setResult(undefined)}>
            查询其他办件
          </button>
        </div>
      </div>
    );
  }
  return (
    <form className="terminal-card" onSubmit={submit}>
      <div className="terminal-title">办件查询</div>
      <Field label="办件编号" value={caseNo} onChange={setCaseNo} placeholder="见受理通知书" testId="progress-case-no" />
      <Field label="证件号码后六位" value={idSuffix} onChange={(v) => setIdSuffix(v.slice(0, 6))} placeholder="身份证或统一社会信用代码后六位" testId="progress-id-suffix" />
      {failure && (
        <div className="kiosk-error" role="alert">
          {failure}
        </div>
      )}
      <button type="submit" className="kiosk-button" disabled={busy} data-testid="progress-submit">
        查询
      </button>
    </form>
  );
}

/** The five levels as large buttons (一次一评 at the terminal: no tags, one touch). */
function ScoreButtons({ busy, onPick }: { busy: boolean; onPick: (score: Score) => void }) {
  return (
    <div className="terminal-scores">
      {scores.map((score) => (
        <button key={score} type="button" className={`terminal-score score-${score}`} disabled={busy} onClick={() => onPick(score)} data-testid={`score-${score}`}>
          {scoreLabels[score]}
        </button>
      ))}
    </div>
  );
}

type RateSubject = { ticketId: string; label: string } | { caseId: string; label: string };

/** 评价: a finished visit found by its ticket number, or a finished case opened from 办件查询. */
export function RatePanel({ session, caseId, onDone }: { session: DeviceSession; caseId?: string; onDone: () => void }) {
  const [number, setNumber] = useState('');
  const [subject, setSubject] = useState<RateSubject | undefined>(caseId ? { caseId, label: '此办件' } : undefined);
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [rated, setRated] = useState<string>();

  const find = async (event: FormEvent) => {
    event.preventDefault();
    setFailure(undefined);
    if (!number.trim()) return;
    setBusy(true);
    try {
      const found = await session.call<RateableTicket>('GET', '/api/v1/terminals/rateable', { query: { ticketNo: number.trim() } });
      if (!found.rateable) setFailure(`${found.number} 号的服务尚未办结，办结后才能评价`);
      else setSubject({ ticketId: found.ticketId, label: `${found.number} 号（${found.categoryName}）` });
    } catch (error) {
      setFailure(error instanceof ApiError && error.status === 400 ? '号码格式不正确，应为号票上的字母加数字，如 A003' : errorMessage(error));
    } finally {
      setBusy(false);
    }
  };

  const rate = async (score: Score) => {
    if (!subject) return;
    setBusy(true);
    setFailure(undefined);
    try {
      const ref = 'ticketId' in subject ? { ticketId: subject.ticketId } : { caseId: subject.caseId };
      await session.call('POST', '/api/v1/ratings', { body: { ...ref, score } });
      setRated(scoreLabels[score]);
    } catch (error) {
      setFailure(error instanceof ApiError && error.code === 'ALREADY_RATED' ? '这次服务已经评价过了，感谢您的参与' : errorMessage(error));
    } finally {
      setBusy(false);
    }
  };

  if (rated) {
    return (
      <div className="kiosk-ticket" data-testid="rate-done">
        <div className="terminal-title">感谢您的评价</div>
        <div>您的评价：{rated}</div>
        <div className="terminal-hint">差评将由中心在规定时限内回访整改。</div>
        <button type="button" className="kiosk-button" onClick={onDone}>
          返回首页
        </button>
      </div>
    );
  }
  if (subject) {
    return (
      <div className="terminal-card">
        <div className="terminal-title">请评价 {subject.label} 的服务</div>
        <ScoreButtons busy={busy} onPick={(score) => void rate(score)} />
        {failure && (
          <div className="kiosk-error" role="alert">
            {failure}
          </div>
        )}
      </div>
    );
  }
  return (
    <form className="terminal-card" onSubmit={find}>
      <div className="terminal-title">评价服务</div>
      <div className="terminal-hint">请输入或扫描号票上的号码（当天办结的服务）。办件请在「办件查询」中查到后评价。</div>
      <Field label="号票号码" value={number} onChange={setNumber} placeholder="如 A003" testId="rate-ticket-no" />
      {failure && (
        <div className="kiosk-error" role="alert" data-testid="rate-problem">
          {failure}
        </div>
      )}
      <button type="submit" className="kiosk-button" disabled={busy} data-testid="rate-find">
        下一步
      </button>
    </form>
  );
}

const feedbackKinds = Object.keys(feedbackKindLabels) as FeedbackKind[];

/** 投诉建议 at the terminal: what it is about and, if the person wants an answer by SMS, a phone number. */
export function FeedbackPanel({ session, onDone }: { session: DeviceSession; onDone: () => void }) {
  const [kind, setKind] = useState<FeedbackKind>('complaint');
  const [text, setText] = useState('');
  const [phone, setPhone] = useState('');
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [taken, setTaken] = useState<{ dueDate: string; kindLabel: string }>();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!text.trim()) {
      setFailure('请填写具体内容');
      return;
    }
    setBusy(true);
    setFailure(undefined);
    try {
      setTaken(await session.call('POST', '/api/v1/feedback', { body: { kind, centerId: session.center.id, text: text.trim(), ...(phone.trim() && { phone: phone.trim() }) } }));
    } catch (error) {
      setFailure(errorMessage(error));
    } finally {
      setBusy(false);
    }
  };

  if (taken) {
    return (
      <div className="kiosk-ticket" data-testid="feedback-done">
        <div className="terminal-title">您的{taken.kindLabel}已提交</div>
        <div>我们将在 {taken.dueDate} 前办理答复{phone.trim() ? '，答复将以短信发送到您的手机' : ''}。</div>
        <button type="button" className="kiosk-button" onClick={onDone}>
          返回首页
        </button>
      </div>
    );
  }
  return (
    <form className="terminal-card" onSubmit={submit}>
      <div className="terminal-title">投诉建议</div>
      <div className="terminal-choices" role="radiogroup" aria-label="类型">
        {feedbackKinds.map((k) => (
          <button key={k} type="button" role="radio" aria-checked={kind === k} className={`kiosk-button secondary${kind === k ? ' selected' : ''}`} onClick={() => setKind(k)} data-testid={`feedback-kind-${k}`}>
            {feedbackKindLabels[k]}
          </button>
        ))}
      </div>
      <label className="terminal-field">
        <span>具体内容</span>
        <textarea value={text} onChange={(event) => setText(event.target.value)} rows={4} maxLength={2000} data-testid="feedback-text" />
      </label>
      <Field label="手机号（选填，用于短信答复）" value={phone} onChange={setPhone} testId="feedback-phone" inputMode="numeric" />
      {failure && (
        <div className="kiosk-error" role="alert">
          {failure}
        </div>
      )}
      <button type="submit" className="kiosk-button" disabled={busy} data-testid="feedback-submit">
        提交
      </button>
    </form>
  );
}
