import { SoundOutlined } from '@ant-design/icons';
import { useEffect, useState, type ReactNode } from 'react';
import type { Announcer } from './announcer';

const weekdays = ['日', '一', '二', '三', '四', '五', '六'];

/** The current time, ticking every `intervalMs`. */
export function useNow(intervalMs = 1000): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/** 2026年11月23日 星期一 14:05:09 (the screen's own clock, in Beijing time). */
export function Clock() {
  const now = useNow();
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23', weekday: 'short' })
      .formatToParts(now)
      .map((p) => [p.type, p.value]),
  );
  const day = new Date(now.toLocaleString('en-US', { timeZone: 'Asia/Shanghai' })).getDay();
  return (
    <span className="display-clock" data-testid="clock">
      {parts.year}年{parts.month}月{parts.day}日 星期{weekdays[day]} {parts.hour}:{parts.minute}:{parts.second}
    </span>
  );
}

/** The dark frame of a display: header (title, clock), body, footer (connection, voice). */
export function DisplayFrame({ title, online, announcer, children }: { title: ReactNode; online: boolean; announcer?: Announcer; children: ReactNode }) {
  return (
    <div className="display">
      <div className="display-header">
        <span>{title}</span>
        <Clock />
      </div>
      {children}
      <div className="display-footer">
        <span data-testid="display-connection" className={online ? undefined : 'display-offline'}>
          {online ? '实时连接正常' : '连接中断，正在重新连接…'}
        </span>
        {announcer &&
          (!announcer.supported ? (
            <span>本机不支持语音播报</span>
          ) : announcer.enabled ? (
            <span data-testid="voice-on">
              <SoundOutlined /> 语音播报已开启
            </span>
          ) : (
            <button type="button" className="kiosk-button" style={{ fontSize: 24, minHeight: 64 }} onClick={announcer.enable}>
              <SoundOutlined /> 点击启用语音
            </button>
          ))}
      </div>
    </div>
  );
}
