import { useEffect, useMemo, useState, type CSSProperties, type ReactNode } from 'react';
import { useSearchParams } from 'react-router-dom';
import type { Rating, RatingSummary } from '../ratings/ratings';
import { api } from '../shared/api';
import { useCenterChoice } from '../shared/CenterSelector';
import { EChart, type ChartOption } from '../shared/EChart';
import { formatTime } from '../shared/format';
import { useRefetchOn } from '../shared/live';
import { loadQueue, type CategoryLoad, type Ticket } from '../shared/queue';
import { PageLoading } from '../shared/StatusPages';
import type { Center, Paged, RoleName } from '../shared/types';
import { useAsync } from '../shared/useAsync';
import { caseChannelLabels, formatRate, loadSummary, today, type ByChannel } from './stats';

const readers: RoleName[] = ['admin', 'center_manager', 'supervisor'];

/** A quiet hall's screen still asks for the rollups this often (a missed event, the day turning over). */
const rollupRefetchMs = 60_000;
/** At most one reload of the live figures this often, however busy the hall. */
const liveThrottleMs = 2_000;

const colors = { page: '#061430', panel: 'rgba(16, 42, 92, 0.72)', border: '#1f4f9c', label: '#8fb3e8', value: '#ffffff', accent: '#3ee6ff', good: '#52e08a', bad: '#ff6b6b' };

/**
 * 大屏: the hall's figures of today on a 1920×1080 wall screen in the lobby or the leaders' office,
 * live without a reload. Opened by a signed-in manager or supervisor; `?centerId=` pins a center.
 */
export function BigScreenPage() {
  const choice = useCenterChoice(readers);
  const [params] = useSearchParams();
  const pinned = choice.centers.find((c) => c.id === params.get('centerId'));
  const center = pinned ?? choice.center;
  return (
    <div style={{ width: '100vw', height: '100vh', overflow: 'hidden', background: `radial-gradient(ellipse at top, #0d2a5c, ${colors.page} 70%)`, color: colors.value }}>
      {center ? (
        <Wall key={center.id} center={center} />
      ) : (
        <div style={{ padding: 48, fontSize: 28, color: colors.label }}>{choice.loading ? <PageLoading /> : '您的账号还没有可查看的中心，请联系系统管理员分配。'}</div>
      )}
    </div>
  );
}

function Clock() {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 1000);
    return () => clearInterval(timer);
  }, []);
  return <span data-testid="bigscreen-clock">{formatTime(now.toISOString(), 'YYYY年M月D日 dddd HH:mm:ss')}</span>;
}

function Panel({ title, children, style }: { title: string; children: ReactNode; style?: CSSProperties }) {
  return (
    <section style={{ background: colors.panel, border: `1px solid ${colors.border}`, borderRadius: 8, padding: '12px 20px', display: 'flex', flexDirection: 'column', minHeight: 0, ...style }}>
      <h2 style={{ margin: '0 0 8px', fontSize: 22, fontWeight: 600, color: colors.accent, letterSpacing: 2 }}>{title}</h2>
      <div style={{ flex: 1, minHeight: 0 }}>{children}</div>
    </section>
  );
}

function Tile({ label, value, testId }: { label: string; value: ReactNode; testId: string }) {
  return (
    <div style={{ background: colors.panel, border: `1px solid ${colors.border}`, borderRadius: 8, padding: '14px 20px', textAlign: 'center' }}>
      <div style={{ fontSize: 22, color: colors.label }}>{label}</div>
      <div data-testid={testId} style={{ fontSize: 56, fontWeight: 700, lineHeight: 1.2, fontVariantNumeric: 'tabular-nums' }}>
        {value}
      </div>
    </div>
  );
}

/** A count of today's tickets from the queue itself (not the rollup), so a new visitor shows at once. */
const ticketCount = async (centerId: string, day: string, status: string | undefined, signal: AbortSignal) =>
  (await api.get<Paged<Ticket>>(`/api/v1/centers/${centerId}/tickets`, { day, status, pageSize: 1 }, signal)).total;

function Wall({ center }: { center: Center }) {
  const day = today().format('YYYY-MM-DD');
  const monthStart = today().startOf('month').format('YYYY-MM-DD');

  // Live: waiting now and today's visitors (every ticket taken, less those made by a transfer, which are
  // the same visitor), and ratings, counted by the ratings module as they come in.
  const queue = useAsync((signal) => loadQueue(center.id, signal), [center.id]);
  const visitors = useAsync(
    async (signal) => (await ticketCount(center.id, day, undefined, signal)) - (await ticketCount(center.id, day, 'transferred', signal)),
    [center.id, day],
  );
  const ratingsToday = useAsync((signal) => api.get<RatingSummary>(`/api/v1/centers/${center.id}/rating-summary`, { from: day, to: day }, signal), [center.id, day]);
  const ratingsMonth = useAsync((signal) => api.get<RatingSummary>(`/api/v1/centers/${center.id}/rating-summary`, { from: monthStart, to: day }, signal), [center.id, monthStart, day]);
  const latest = useAsync((signal) => api.get<Paged<Rating>>(`/api/v1/centers/${center.id}/ratings`, { from: day, to: day, pageSize: 8 }, signal), [center.id, day]);
  // From the rollups (waits, cases, hours, channels): the server rolls today up within seconds of activity
  // and then announces stats.updated.
  const summary = useAsync((signal) => loadSummary(center.id, { from: day, to: day }, {}, signal), [center.id, day]);

  // One stream for all of it (a browser keeps few connections per server); a burst of calls in a busy
  // hall becomes one reload every few seconds.
  useRefetchOn(
    center.id,
    ['ticket.called', 'ticket.updated', 'queue.changed', 'rating.created', 'rating.followed_up', 'stats.updated'],
    () => {
      summary.reload();
      queue.reload();
      visitors.reload();
      ratingsToday.reload();
      ratingsMonth.reload();
      latest.reload();
    },
    liveThrottleMs,
  );
  useEffect(() => {
    const timer = setInterval(summary.reload, rollupRefetchMs);
    return () => clearInterval(timer);
  }, [summary.reload]);

  const loads = queue.data ?? [];
  const waitingNow = loads.reduce((sum, l) => sum + l.waiting, 0);
  const s = summary.data;

  return (
    <div style={{ height: '100%', display: 'grid', gridTemplateRows: 'auto auto 1fr', gap: 16, padding: '16px 24px', boxSizing: 'border-box' }}>
      <header style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'baseline' }}>
        <h1 style={{ margin: 0, fontSize: 40, letterSpacing: 4 }}>{center.name} · 政务服务实时数据</h1>
        <div style={{ fontSize: 24, color: colors.label }}>
          <Clock />
        </div>
      </header>
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(6, 1fr)', gap: 16 }}>
        <Tile label="今日来访" value={visitors.data ?? '—'} testId="big-visitors" />
        <Tile label="当前等候" value={queue.data ? waitingNow : '—'} testId="big-waiting" />
        <Tile label="今日平均等候" value={s?.avgWaitMinutes == null ? '—' : `${s.avgWaitMinutes.toFixed(1)}分`} testId="big-wait" />
        <Tile label="今日办件" value={s?.cases ?? '—'} testId="big-cases" />
        <Tile label="今日好评率" value={formatRate(ratingsToday.data?.satisfactionRate)} testId="big-satisfaction-today" />
        <Tile label="本月好评率" value={formatRate(ratingsMonth.data?.satisfactionRate)} testId="big-satisfaction-month" />
      </div>
      <div style={{ display: 'grid', gridTemplateColumns: '1fr 1.6fr 1fr', gap: 16, minHeight: 0 }}>
        <Panel title="各业务当前等候">
          <QueueList loads={loads} />
        </Panel>
        <div style={{ display: 'grid', gridTemplateRows: '1fr 1fr', gap: 16, minHeight: 0 }}>
          <Panel title="今日分时段来访">
            <HourChart hours={s?.figures.busiestHours ?? []} />
          </Panel>
          <Panel title="今日办件渠道">
            <ChannelChart channels={s?.byChannel ?? null} />
          </Panel>
        </div>
        <Panel title="最新评价">
          <RatingTicker ratings={latest.data?.items ?? []} />
        </Panel>
      </div>
    </div>
  );
}

function QueueList({ loads }: { loads: CategoryLoad[] }) {
  if (!loads.length) return <div style={{ fontSize: 22, color: colors.label }}>暂无业务类别</div>;
  const most = Math.max(1, ...loads.map((l) => l.waiting));
  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 10, overflow: 'hidden', height: '100%' }}>
      {loads.map((l) => (
        <div key={l.categoryId} data-testid={`big-queue-${l.prefix}`} style={{ fontSize: 22 }}>
          <div style={{ display: 'flex', justifyContent: 'space-between' }}>
            <span style={{ color: l.open ? colors.value : colors.label }}>
              {l.prefix} {l.name}
            </span>
            <span style={{ fontVariantNumeric: 'tabular-nums' }}>
              <b data-testid={`big-queue-${l.prefix}-waiting`}>{l.waiting}</b> 人
            </span>
          </div>
          <div style={{ height: 6, background: 'rgba(255,255,255,0.08)', borderRadius: 3 }}>
            <div style={{ height: 6, width: `${(l.waiting / most) * 100}%`, background: colors.accent, borderRadius: 3 }} />
          </div>
        </div>
      ))}
    </div>
  );
}

const chartStyle: CSSProperties = { height: '100%', minHeight: 0 };
const axisLabel = { color: colors.label, fontSize: 16 };

function HourChart({ hours }: { hours: { hour: number; visits: number }[] }) {
  const option = useMemo<ChartOption>(() => {
    // Office hours always, so the axis does not jump as the day goes on.
    const byHour = new Map(hours.map((h) => [h.hour, h.visits]));
    const shown = [...new Set([...Array.from({ length: 11 }, (_, i) => i + 8), ...byHour.keys()])].sort((a, b) => a - b);
    return {
      backgroundColor: 'transparent',
      grid: { left: 48, right: 16, top: 32, bottom: 32 },
      xAxis: { type: 'category', data: shown.map((h) => `${h}时`), axisLabel },
      yAxis: { type: 'value', minInterval: 1, axisLabel, splitLine: { lineStyle: { color: 'rgba(255,255,255,0.08)' } } },
      series: [{ type: 'bar', data: shown.map((h) => byHour.get(h) ?? 0), itemStyle: { color: colors.accent }, label: { show: true, position: 'top', color: colors.value, fontSize: 14 } }],
    };
  }, [hours]);
  return <EChart option={option} theme="dark" style={chartStyle} testId="big-hours" />;
}

function ChannelChart({ channels }: { channels: ByChannel | null }) {
  const total = channels ? channels.window + channels.terminal + channels.online : 0;
  const option = useMemo<ChartOption>(
    () => ({
      backgroundColor: 'transparent',
      legend: { right: 16, top: 'middle', orient: 'vertical', textStyle: { color: colors.value, fontSize: 18 } },
      series: [
        {
          type: 'pie',
          radius: ['45%', '75%'],
          center: ['35%', '50%'],
          label: { color: colors.value, fontSize: 16, formatter: '{b} {c}' },
          data: (Object.keys(caseChannelLabels) as (keyof ByChannel)[]).map((k) => ({ name: caseChannelLabels[k], value: channels?.[k] ?? 0 })),
        },
      ],
    }),
    [channels],
  );
  // A pie of nothing would be drawn as equal slices.
  if (total === 0) return <div style={{ fontSize: 22, color: colors.label }}>今日暂无办件</div>;
  return <EChart option={option} theme="dark" style={chartStyle} testId="big-channels" />;
}

/** The latest ratings: window, level and time only — no citizen, and no staff member named for a 差评. */
function RatingTicker({ ratings }: { ratings: Rating[] }) {
  if (!ratings.length) return <div style={{ fontSize: 22, color: colors.label }}>今日暂无评价</div>;
  return (
    <ul data-testid="big-ticker" style={{ listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: 12, overflow: 'hidden', height: '100%' }}>
      {ratings.map((r) => (
        <li key={r.id} style={{ display: 'flex', justifyContent: 'space-between', fontSize: 22, borderBottom: '1px solid rgba(255,255,255,0.08)', paddingBottom: 8 }}>
          <span>{r.windowNumber === null ? '网上评价' : `${r.windowNumber} 号窗口`}</span>
          <span style={{ color: r.bad ? colors.bad : colors.good }}>{r.scoreLabel}</span>
          <span style={{ color: colors.label, fontVariantNumeric: 'tabular-nums' }}>{formatTime(r.createdAt, 'HH:mm')}</span>
        </li>
      ))}
    </ul>
  );
}
