import { api, type Query } from '../shared/api';
import { businessZone, dayjs } from '../shared/format';

/** GET /api/v1/stats/*: the figures of the server's rollups (src/server/modules/stats/schema.ts). */

export interface Duration {
  mean: number | null;
  median: number | null;
  p90: number | null;
  n: number;
}

export type RatingCounts = Record<'1' | '2' | '3' | '4' | '5', number>;

export interface VisitFigures {
  visits: number;
  issued: number;
  served: number;
  noShow: number;
  cancelled: number;
  transferred: number;
  noShowRate: number | null;
  abandoned: number;
  /** Handling time ÷ staffed time (sign-in to sign-out); null where no one signed in. */
  utilisation: number | null;
  wait: Duration;
  handle: Duration;
}

export interface CaseTotals {
  submitted: number;
  accepted: number;
  completed: number;
  onTimeRate: number | null;
}

export interface ByChannel {
  window: number;
  terminal: number;
  online: number;
}

export interface RatingFigures {
  total: number;
  counts: RatingCounts;
  satisfactionRate: number | null;
  fiveStarRate: number | null;
}

export interface Figures {
  from: string;
  to: string;
  visits: VisitFigures | null;
  cases: (CaseTotals & { byChannel: ByChannel }) | null;
  ratings: RatingFigures | null;
  busiestHours: { hour: number; visits: number }[] | null;
}

export interface Summary {
  visitors: number | null;
  cases: number | null;
  avgWaitMinutes: number | null;
  avgHandleMinutes: number | null;
  satisfactionRate: number | null;
  ratingCounts: RatingCounts | null;
  onTimeRate: number | null;
  byChannel: ByChannel | null;
  figures: Figures;
  previous: Figures;
  changes: { visitors: number | null; cases: number | null; avgWaitMinutes: number | null; satisfactionRate: number | null };
}

export interface BreakdownRow {
  key: string;
  name: string;
  visits: VisitFigures | null;
  cases: CaseTotals | null;
  ratings: RatingFigures | null;
}

export interface TrendPoint {
  day: string;
  visits: number | null;
  cases: number | null;
}

export type Dimension = 'category' | 'department' | 'window' | 'staff' | 'channel' | 'hour';

/** The one filter a summary or trend takes (the server refuses two). */
/** At most one of department, window, staff and category, and perhaps a channel. */
export type StatsFilter = { departmentId?: string; windowId?: string; staffUserId?: string; categoryId?: string; channel?: string };

export interface Period {
  from: string;
  to: string;
}

export const loadSummary = (centerId: string, period: Period, filter: StatsFilter, signal?: AbortSignal) =>
  api.get<Summary>('/api/v1/stats/summary', { centerId, ...period, ...filter } as Query, signal);
export const loadTrend = (centerId: string, period: Period, filter: StatsFilter, signal?: AbortSignal) =>
  api.get<TrendPoint[]>('/api/v1/stats/trend', { centerId, ...period, ...filter } as Query, signal);
export const loadBreakdown = (centerId: string, period: Period, by: Dimension, signal?: AbortSignal) =>
  api.get<BreakdownRow[]>('/api/v1/stats/breakdown', { centerId, ...period, by }, signal);

/** Today in Beijing time, whatever the browser's zone. */
export const today = () => dayjs().tz(businessZone);

const day = (d: dayjs.Dayjs) => d.format('YYYY-MM-DD');

/** The dashboard's quick ranges; a week starts on Monday (dayjs' zh-cn locale). */
export function presetPeriods(): Record<string, Period> {
  const now = today();
  const lastMonth = now.subtract(1, 'month');
  return {
    今日: { from: day(now), to: day(now) },
    本周: { from: day(now.startOf('week')), to: day(now) },
    本月: { from: day(now.startOf('month')), to: day(now) },
    上月: { from: day(lastMonth.startOf('month')), to: day(lastMonth.endOf('month')) },
    今年: { from: day(now.startOf('year')), to: day(now) },
  };
}

export const formatRate = (rate: number | null | undefined, digits = 1) => (rate === null || rate === undefined ? '—' : `${(rate * 100).toFixed(digits)}%`);
export const formatMinutes = (minutes: number | null | undefined) => (minutes === null || minutes === undefined ? '—' : `${minutes.toFixed(1)} 分钟`);

/** Ticket channels and case channels share the channel dimension (the server's names). */
export const channelFilters: { value: string; label: string }[] = [
  { value: 'kiosk', label: '现场取号' },
  { value: 'staff', label: '窗口代取' },
  { value: 'appointment', label: '预约' },
  { value: 'online', label: '网上（取号 / 不见面审批）' },
  { value: 'window', label: '窗口受理' },
  { value: 'terminal', label: '自助终端' },
];

/** The channels a case comes in by, as the center reports them (实体窗口、自助终端、不见面审批). */
export const caseChannelLabels: Record<keyof ByChannel, string> = { window: '实体窗口', terminal: '自助终端', online: '不见面审批' };

/**
 * A CSV file of a table's rows, offered for download. UTF-8 with a byte-order mark: without it Excel
 * reads the file as the system's code page and shows the Chinese as mojibake.
 */
export function downloadCsv(fileName: string, header: string[], rows: (string | number)[][]): void {
  const cell = (value: string | number) => {
    const text = String(value);
    return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  const text = [header, ...rows].map((row) => row.map(cell).join(',')).join('\r\n');
  const url = URL.createObjectURL(new Blob(['\uFEFF', text], { type: 'text/csv;charset=utf-8' }));
  const link = Object.assign(document.createElement('a'), { href: url, download: fileName });
  document.body.append(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}
