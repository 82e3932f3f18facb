import { Alert, Button, Flex, Segmented, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { appointmentError, deviceRequest, isValidIdNumber, type CheckInTicket } from '../appointments/appointments';
import { isPersonalCode } from '../shared/personalCode';

type Mode = 'code' | 'idNumber';

const codeKeys = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'.split('');
const idKeys = ['1', '2', '3', '4', '5', '6', '7', '8', '9', 'X', '0'];
const lengths: Record<Mode, number> = { code: 8, idNumber: 18 };

const keyStyle = { height: 64, fontSize: 26, fontWeight: 600 } as const;

/**
 * Appointment check-in at the kiosk: the 8-character booking code or the ID number on a big keypad,
 * sent with the kiosk's device token; shows the ticket (with its place in the queue) or why not.
 * Self-contained: the kiosk page gives it its device token and center.
 */
export function CheckInPanel({ deviceToken, centerId, onDone, resetAfterMs = 20_000 }: { deviceToken: string; centerId: string; onDone?(): void; resetAfterMs?: number }) {
  const [mode, setMode] = useState<Mode>('code');
  const [value, setValue] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [ticket, setTicket] = useState<CheckInTicket>();

  // The next visitor gets a clean panel.
  useEffect(() => {
    if (!ticket && !error) return;
    const timer = setTimeout(() => {
      setTicket(undefined);
      setError(undefined);
      setValue('');
      if (ticket) onDone?.();
    }, resetAfterMs);
    return () => clearTimeout(timer);
  }, [ticket, error, resetAfterMs, onDone]);

  function press(key: string) {
    setError(undefined);
    setValue((v) => (v.length < lengths[mode] ? v + key : v));
  }

  async function submit(by: Mode | 'personalCode' = mode, key: string = value) {
    if (by === 'idNumber' && !isValidIdNumber(key)) {
      setError('身份证号码不正确，请核对后重新输入。');
      return;
    }
    if (by === 'code' && key.length !== 8) {
      setError('预约码为 8 位，请核对后重新输入。');
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      setTicket(await deviceRequest<CheckInTicket>(deviceToken, 'POST', '/api/v1/appointments/check-in', { centerId, [by]: key }));
      setValue('');
    } catch (e) {
      setError(appointmentError(e));
    } finally {
      setBusy(false);
    }
  }

  if (ticket) {
    return (
      <Flex vertical align="center" gap={12} style={{ padding: 24 }} data-testid="check-in-ticket">
        <Typography.Title level={3} style={{ margin: 0 }}>
          签到成功，请等候叫号
        </Typography.Title>
        <div style={{ fontSize: 96, fontWeight: 800, color: '#1677ff', lineHeight: 1.1 }} data-testid="check-in-number">
          {ticket.number}
        </div>
        <Typography.Text style={{ fontSize: 22 }}>
          前面还有 {ticket.ahead} 人{ticket.estimatedWaitMinutes > 0 ? `，预计等候约 ${ticket.estimatedWaitMinutes} 分钟` : ''}
        </Typography.Text>
        <Button
          size="large"
          type="primary"
          style={{ height: 64, fontSize: 24, minWidth: 240 }}
          onClick={() => {
            setTicket(undefined);
            onDone?.();
          }}
        >
          完成
        </Button>
      </Flex>
    );
  }

  const keys = mode === 'code' ? codeKeys : idKeys;
  return (
    <Flex vertical gap={16} style={{ padding: 16, maxWidth: 760, margin: '0 auto' }} data-testid="check-in-panel">
      <Typography.Title level={3} style={{ margin: 0, textAlign: 'center' }}>
        预约签到
      </Typography.Title>
      <Segmented<Mode>
        block
        size="large"
        value={mode}
        onChange={(m) => {
          setMode(m);
          setValue('');
          setError(undefined);
        }}
        options={[
          { value: 'code', label: <span style={{ fontSize: 20 }}>输入预约码</span> },
          { value: 'idNumber', label: <span style={{ fontSize: 20 }}>输入身份证号</span> },
        ]}
      />
      <div
        data-testid="check-in-value"
        style={{ minHeight: 72, border: '2px solid #1677ff', borderRadius: 8, fontSize: 40, letterSpacing: mode === 'code' ? 10 : 3, textAlign: 'center', lineHeight: '68px', fontFamily: 'ui-monospace, Menlo, Consolas, monospace' }}
      >
        {value || <span style={{ color: '#595959', fontSize: 24, letterSpacing: 0 }}>{mode === 'code' ? '8 位预约码，或扫描预约二维码' : '18 位身份证号码'}</span>}
      </div>
      {error && <Alert type="error" showIcon title={<span style={{ fontSize: 20 }}>{error}</span>} data-testid="check-in-error" />}
      <div style={{ display: 'grid', gridTemplateColumns: `repeat(${mode === 'code' ? 8 : 3}, 1fr)`, gap: 8 }}>
        {keys.map((k) => (
          <Button key={k} style={keyStyle} onClick={() => press(k)} aria-label={`键 ${k}`}>
            {k}
          </Button>
        ))}
      </div>
      <Flex gap={8}>
        <Button style={{ ...keyStyle, flex: 1 }} onClick={() => setValue((v) => v.slice(0, -1))}>
          退格
        </Button>
        <Button style={{ ...keyStyle, flex: 1 }} onClick={() => { setValue(''); setError(undefined); }}>
          清空
        </Button>
        <Button type="primary" style={{ ...keyStyle, flex: 2 }} loading={busy} disabled={!value} onClick={() => void submit()}>
          签到取号
        </Button>
      </Flex>
      <Typography.Text type="secondary" style={{ fontSize: 18, textAlign: 'center' }}>
        也可以扫预约二维码，或在扫码口出示「一门通办」个人码（亮码）签到
      </Typography.Text>
      {/* A QR scanner at the kiosk types the code like a keyboard, followed by Enter: checked in at once. */}
      <ScannerInput
        onScan={(text) => {
          if (isPersonalCode(text)) {
            void submit('personalCode', text.trim());
            return;
          }
          const code = text.trim().toUpperCase().slice(0, 8);
          setMode('code');
          setValue(code);
          void submit('code', code);
        }}
      />
    </Flex>
  );
}

/** Keystrokes from a QR scanner (a keyboard device): the characters of a booking code or a personal code, collected until Enter. */
function ScannerInput({ onScan }: { onScan(text: string): void }) {
  useEffect(() => {
    let buffer = '';
    const handler = (event: KeyboardEvent) => {
      if (event.target instanceof HTMLInputElement) return;
      if (event.key === 'Enter') {
        if (buffer.length >= 8) {
          // Not also a press of the focused key.
          event.preventDefault();
          onScan(buffer);
        }
        buffer = '';
      } else if (/^[\w.-]$/.test(event.key)) buffer = (buffer + event.key).slice(-300);
    };
    window.addEventListener('keydown', handler);
    return () => window.removeEventListener('keydown', handler);
  }, [onScan]);
  return null;
}
