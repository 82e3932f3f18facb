import { Api } from './api.ts';
import { runDay, type DayOutcome } from './day.ts';
import { prepareHall, readHall, type Mode } from './hall.ts';
import { dongguanDay, planDay, type DayParameters } from './rules.ts';
import { startSimulationServer } from './server.ts';

export interface CompareOptions {
  parameters: DayParameters;
  seed: number;
  /** YYYY-MM-DD, a working day; default: the next working day. */
  date?: string;
  /** Simulated seconds run side by side. */
  stepSeconds: number;
  /** Run on this PostgreSQL (a new database per run) instead of the embedded one. */
  postgresUrl?: string;
  modes: Mode[];
  /** Paced runs (a load test): simulated time this many times faster than real time. */
  speed?: number;
  /** Stop at this Shanghai time (HH:MM). */
  until?: string;
  log: (line: string) => void;
}

export const defaultCompareOptions: Omit<CompareOptions, 'log'> = { parameters: dongguanDay, seed: 20261124, stepSeconds: 30, modes: ['onedoor', 'baseline'] };

export interface SimulatedDay extends DayOutcome {
  /** What the server logged at level error or fatal during the run. */
  serverErrors: string[];
}

/** One day on a fresh server of its own: the demo center, called OneDoor's way or the baseline's. */
async function simulateOnce(mode: Mode, options: CompareOptions): Promise<SimulatedDay> {
  const starting = Date.now();
  const server = await startSimulationServer({ postgresUrl: options.postgresUrl });
  options.log(`${mode}：服务器已启动（${((Date.now() - starting) / 1000).toFixed(0)} 秒，含示范中心的载入）`);
  try {
    const api = new Api(server.url);
    const read = await readHall(api, options.date);
    const visitors = planDay(read.hall.shape, options.parameters, options.seed);
    options.log(`${mode}：${read.hall.date}，${visitors.length} 位窗口访客，正在准备大厅（${read.rows.length} 个窗口）…`);
    const preparing = Date.now();
    const hall = await prepareHall(api, mode, visitors, read);
    options.log(`${mode}：大厅已就绪（${((Date.now() - preparing) / 1000).toFixed(0)} 秒：${hall.windows.length} 名工作人员签到）`);
    api.requests = 0;
    const outcome = await runDay(api, hall, mode, visitors, { stepSeconds: options.stepSeconds, speed: options.speed, until: options.until, onProgress: options.log });
    return { ...outcome, serverErrors: server.errors() };
  } finally {
    await server.stop();
  }
}

/** The same day run each way the options name, side by side (each server has a process of its own). */
export async function compareDays(options: CompareOptions): Promise<SimulatedDay[]> {
  return Promise.all(options.modes.map((mode) => simulateOnce(mode, options)));
}

const minutes = (value: number | null | undefined) => (value === null || value === undefined ? '—' : value.toFixed(1));

/** The figures as a Markdown report: each run, what the statistics API says of it, and the ratio of waits. */
export function reportOf(outcomes: SimulatedDay[], options: Pick<CompareOptions, 'parameters' | 'seed' | 'stepSeconds' | 'postgresUrl'>): string {
  const label: Record<Mode, string> = { onedoor: 'OneDoor（综合窗口 + 叫号规则）', baseline: '基线（各部门专窗，先到先办）' };
  const rows = outcomes.map((o) =>
    [
      label[o.mode],
      o.issued,
      o.served,
      o.noShows,
      o.transfers,
      minutes(o.wait?.mean),
      minutes(o.wait?.p90),
      minutes(o.handle?.mean),
      minutes(o.server.wait.mean),
      minutes(o.server.wait.p90),
      minutes(o.server.handle.mean),
      o.server.served,
      o.server.noShow,
      o.lastFinish,
      `${o.wallSeconds.toFixed(0)} s`,
      `${o.requests} (${(o.requests / o.wallSeconds).toFixed(0)}/s)`,
    ].join(' | '),
  );
  const onedoor = outcomes.find((o) => o.mode === 'onedoor');
  const baseline = outcomes.find((o) => o.mode === 'baseline');
  const ratio = onedoor?.wait && baseline?.wait ? onedoor.wait.mean / baseline.wait.mean : undefined;
  const p = options.parameters;
  const lines = [
    `Day ${outcomes[0]?.date ?? ''}, seed ${options.seed}, ${outcomes[0]?.windows ?? 0} windows, database ${options.postgresUrl ? 'PostgreSQL' : 'embedded PGlite'}, events run ${options.stepSeconds} simulated seconds at a time.`,
    `Visitors: ${p.visitors} entering; ${Math.round(p.selfServiceShare * 100)}% served at self-service terminals, the rest at windows; ${Math.round(p.appointmentShare * 100)}% of those booked (${Math.round(p.appointmentNoShowShare * 100)}% of bookings never come); ${Math.round(p.transferShare * 100)}% transferred; walk-ins give up after ${p.meanPatienceMinutes} min on average; ${Math.round(p.ratingShare * 100)}% rate.`,
    '',
    '| run | tickets | served | no-shows | transfers | wait avg (sim) | wait p90 (sim) | handling avg (sim) | wait avg (stats API) | wait p90 (stats API) | handling avg (stats API) | served (stats API) | no-shows (stats API) | last visitor out | wall time | requests |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r} |`),
    '',
    ratio === undefined ? '' : `**Average wait, OneDoor ÷ baseline: ${ratio.toFixed(2)}** (target: at most 0.50).`,
  ];
  const unexpected = outcomes.flatMap((o) => [...o.unexpected, ...o.serverErrors].map((u) => `${o.mode}: ${u}`));
  if (unexpected.length) lines.push('', `Unexpected refusals and server errors (${unexpected.length}):`, ...unexpected.slice(0, 20).map((u) => `- ${u}`));
  return lines.join('\n');
}
