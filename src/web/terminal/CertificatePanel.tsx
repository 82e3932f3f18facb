import { useEffect, useRef, useState, type FormEvent } from 'react';
import { QrCode } from '../catalog/PublicParts';
import type { DeviceSession } from '../device/device';
import { errorMessage } from '../shared/api';
import { formatTime } from '../shared/format';
import { certificateKinds, type CertificateKind, type IssuedCertificate } from './terminal';

/** Prints the PDF through a hidden frame (a terminal's Chromium runs with silent kiosk printing); false when it could not. */
function printPdf(base64: string): Promise<boolean> {
  return new Promise((resolve) => {
    try {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const url = URL.createObjectURL(new Blob([bytes], { type: 'application/pdf' }));
      const frame = document.createElement('iframe');
      frame.style.display = 'none';
      frame.src = url;
      frame.onload = () => {
        try {
          frame.contentWindow?.print();
          resolve(true);
        } catch {
          resolve(false);
        } finally {
          // Long enough for the print job to take the document.
          setTimeout(() => {
            frame.remove();
            URL.revokeObjectURL(url);
          }, 60_000);
        }
      };
      document.body.appendChild(frame);
    } catch {
      resolve(false);
    }
  });
}

/** The certificate as it will print, with the person masked (the screen faces a public room). */
function Preview({ certificate, onPrinted, onDone }: { certificate: IssuedCertificate; onPrinted: (ok: boolean) => void; onDone: () => void }) {
  const [printing, setPrinting] = useState(false);
  const [problem, setProblem] = useState<string>();
  const print = async () => {
    setPrinting(true);
    const ok = await printPdf(certificate.pdf);
    onPrinted(ok);
    setProblem(ok ? undefined : '打印失败，请联系工作人员，或用手机扫描证明上的二维码核验后到窗口打印');
    setPrinting(false);
  };
  return (
    <div className="terminal-card" data-testid="certificate-preview">
      <div className="certificate-paper">
        <div className="certificate-no" data-testid="certificate-no">
          编号：{certificate.no}
        </div>
        <div className="certificate-title">{certificate.title}</div>
        <div data-testid="certificate-holder">
          姓名：{certificate.holderName}　　公民身份号码：{certificate.idNumber}
        </div>
        <p>{certificate.statement}</p>
        {certificate.rows.length > 0 && (
          <dl className="terminal-facts">
            {certificate.rows.map(([label, value], i) => (
              <div key={`${label}-${i}`} style={{ display: 'contents' }}>
                <dt>{label}</dt>
                <dd>{value}</dd>
              </div>
            ))}
          </dl>
        )}
        <div className="certificate-issuer">
          {certificate.centerName}
          <br />
          {formatTime(certificate.issuedAt, 'YYYY年M月D日 HH:mm')}
        </div>
        <QrCode text={certificate.verifyUrl} size={140} caption={`扫码核验真伪（核验编号 ${certificate.no}）`} />
      </div>
      {problem && (
        <div className="kiosk-error" role="alert">
          {problem}
        </div>
      )}
      <div className="terminal-actions">
        <button type="button" className="kiosk-button" disabled={printing} onClick={() => void print()} data-testid="certificate-print">
          打印
        </button>
        <button type="button" className="kiosk-button secondary" onClick={onDone}>
          返回
        </button>
      </div>
    </div>
  );
}

/**
 * The 扫码 field: a scanner types the personal code into the focused field and presses Enter. A code is good
 * for one scan, so the field empties after each.
 */
export function PersonalCodeScan({ busy, failure, onCode }: { busy: boolean; failure?: string; onCode: (code: string) => void }) {
  const [code, setCode] = useState('');
  const field = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (!busy) field.current?.focus();
  }, [busy, failure]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!code.trim()) return;
    onCode(code.trim());
    setCode('');
  };
  return (
    <form className="terminal-field" onSubmit={submit}>
      <div className="terminal-scan">请打开「一门通办」个人中心，出示个人码，对准下方扫码口</div>
      <label className="terminal-field">
        <span>扫码</span>
        <input ref={field} value={code} onChange={(event) => setCode(event.target.value)} autoComplete="off" placeholder="扫码后自动识别" data-testid="personal-code-scan" disabled={busy} />
      </label>
      {busy && <div className="terminal-hint">正在核验身份…</div>}
      {failure && (
        <div className="kiosk-error" role="alert" data-testid="personal-code-problem">
          {failure}
        </div>
      )}
    </form>
  );
}

/** 证明开具: pick the certificate, show the personal code (亮码), and print it. */
export function CertificatePanel({ session, onPrinted, onDone }: { session: DeviceSession; onPrinted: (ok: boolean) => void; onDone: () => void }) {
  const [kind, setKind] = useState<CertificateKind>();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string>();
  const [certificate, setCertificate] = useState<IssuedCertificate>();

  const issue = async (personalCode: string) => {
    if (!kind) return;
    setBusy(true);
    setFailure(undefined);
    try {
      setCertificate(await session.call<IssuedCertificate>('POST', '/api/v1/terminals/certificates', { body: { personalCode, kind } }));
    } catch (error) {
      setFailure(errorMessage(error));
    } finally {
      setBusy(false);
    }
  };

  if (certificate) return <Preview certificate={certificate} onPrinted={onPrinted} onDone={onDone} />;
  if (!kind) {
    return (
      <>
        <div className="terminal-title">请选择要开具的证明</div>
        <div className="terminal-tiles">
          {certificateKinds.map((k) => (
            <button key={k.kind} type="button" className="terminal-tile" onClick={() => setKind(k.kind)} data-testid={`certificate-${k.kind}`}>
              <span className="tile-name">{k.title}</span>
              <span className="tile-load">{k.hint}</span>
            </button>
          ))}
        </div>
      </>
    );
  }
  return (
    <div className="terminal-card">
      <div className="terminal-title">{certificateKinds.find((k) => k.kind === kind)!.title}</div>
      <PersonalCodeScan busy={busy} failure={failure} onCode={(code) => void issue(code)} />
      <div className="terminal-actions">
        <button type="button" className="kiosk-button secondary" onClick={() => setKind(undefined)}>
          选择其他证明
        </button>
      </div>
    </div>
  );
}
