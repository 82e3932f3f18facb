import dayjs from 'dayjs';
import customParseFormat from 'dayjs/plugin/customParseFormat';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';
import 'dayjs/locale/zh-cn';
import type { OpeningRule } from './types';

dayjs.extend(customParseFormat);
dayjs.extend(utc);
dayjs.extend(timezone);
dayjs.locale('zh-cn');

/** Business time is Beijing time whatever the browser's zone (DESIGN.md, "Time"). */
export const businessZone = 'Asia/Shanghai';

export { dayjs };

/** An instant as Beijing local time, e.g. 2026-11-23 17:40:05. */
export function formatTime(iso: string | null | undefined, pattern = 'YYYY-MM-DD HH:mm:ss'): string {
  return iso ? dayjs(iso).tz(businessZone).format(pattern) : '—';
}

const weekdayNames = ['一', '二', '三', '四', '五', '六', '日'];

/** ISO weekdays as Chinese: runs of three or more become 周一至周五, the rest are listed: 周六、周日. */
export function formatDays(days: number[]): string {
  const sorted = [...new Set(days)].filter((d) => d >= 1 && d <= 7).sort((a, b) => a - b);
  const runs: number[][] = [];
  for (const day of sorted) {
    const last = runs[runs.length - 1];
    if (last && last[last.length - 1] === day - 1) last.push(day);
    else runs.push([day]);
  }
  const name = (d: number) => `周${weekdayNames[d - 1]}`;
  return runs.map((run) => (run.length >= 3 ? `${name(run[0]!)}至${name(run[run.length - 1]!)}` : run.map(name).join('、'))).join('、');
}

/**
 * A center's week in Chinese, one line per set of days: 周一至周五 09:00–18:00. Rules on the same days
 * (a lunch break) share a line: 周一至周五 08:30–12:00、14:00–17:30.
 */
export function formatOpeningHours(rules: OpeningRule[]): string[] {
  const byDays = new Map<string, { days: number[]; spans: string[] }>();
  for (const rule of rules) {
    const key = [...rule.days].sort((a, b) => a - b).join(',');
    const entry = byDays.get(key) ?? { days: rule.days, spans: [] };
    entry.spans.push(`${rule.open}–${rule.close}`);
    byDays.set(key, entry);
  }
  return [...byDays.values()]
    .sort((a, b) => Math.min(...a.days) - Math.min(...b.days))
    .map((entry) => `${formatDays(entry.days)} ${entry.spans.sort().join('、')}`);
}
