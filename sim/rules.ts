/**
 * The day simulator's model, without I/O: who comes when, for what, how long they take at a window, and
 * how a hall of dedicated windows would have shared its staff. Seeded, so both runs of a day — OneDoor's
 * calling rules and the baseline — see exactly the same people.
 */

/** A small, fast, seedable generator (mulberry32): the same seed gives the same day. */
export function randomSource(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A standard normal draw (Box–Muller). */
function normal(random: () => number): number {
  const u = 1 - random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** A log-normal draw with the given mean and shape σ: handling times are skewed, a few take very long. */
export function logNormal(random: () => number, mean: number, sigma: number): number {
  const mu = Math.log(mean) - (sigma * sigma) / 2;
  return Math.exp(mu + sigma * normal(random));
}

/** Picks an index with probability proportional to its weight. */
export function pickWeighted(random: () => number, weights: readonly number[]): number {
  const total = weights.reduce((sum, w) => sum + w, 0);
  let target = random() * total;
  for (const [index, weight] of weights.entries()) {
    target -= weight;
    if (target < 0) return index;
  }
  return weights.length - 1;
}

/**
 * Arrivals by hour of a real hall: a morning peak at 10–11, a lunch dip, an early-afternoon peak at 14–15
 * (the shape of the demo's history and of the seeds' halls). Keys are Shanghai hours.
 */
export const hourlyArrivalWeights: Record<number, number> = { 9: 0.9, 10: 1.35, 11: 1.2, 12: 0.55, 13: 0.75, 14: 1.25, 15: 1.1, 16: 0.85, 17: 0.45 };

/** Mean minutes at the window (called → finished) by line of business; others take `defaultHandleMinutes`. */
export const handleMinutesByDepartment: Record<string, number> = {
  公安局: 14, 出入境管理支队: 11, 不动产登记中心: 30, 自然资源局: 28, 税务局: 22, 人力资源和社会保障局: 16, 医疗保障局: 14,
  住房公积金管理中心: 15, 公安局交通警察支队: 15, 民政局: 22, 市场监督管理局: 26, 住房和城乡建设局: 32,
};
export const defaultHandleMinutes = 20;
export const handleSigma = 0.55;

export interface DayParameters {
  /** Visitors entering the hall in the day (Dongguan: more than 7,000 a day). */
  visitors: number;
  /** Of them, those served at self-service terminals rather than a window (Dongguan: 22.86 of 72.69 万宗 ≈ 31%). */
  selfServiceShare: number;
  /** Of the window visitors, those who booked ahead. */
  appointmentShare: number;
  /** Of the bookings, those who never come. */
  appointmentNoShowShare: number;
  /** Of the window visitors, those sent to another line of business during their service. */
  transferShare: number;
  /** Mean minutes a walk-in waits before giving up and leaving (exponential). */
  meanPatienceMinutes: number;
  /** Of the served, those who rate on the pad. */
  ratingShare: number;
}

export const dongguanDay: DayParameters = {
  visitors: 7000,
  selfServiceShare: 0.31,
  appointmentShare: 0.15,
  appointmentNoShowShare: 0.08,
  transferShare: 0.02,
  meanPatienceMinutes: 150,
  ratingShare: 0.85,
};

/** What the planner needs of the center: its items by department, and how much each department is staffed. */
export interface HallShape {
  departments: { id: string; name: string; itemIds: string[]; windows: number }[];
  /** The simulated day (YYYY-MM-DD) and its opening hours in Shanghai, e.g. { open: '09:00', close: '18:00' }. */
  date: string;
  hours: { open: string; close: string };
}

export type Priority = 'elderly' | 'disabled' | 'veteran' | 'enterprise';

export interface Visitor {
  serial: number;
  /** Minutes after midnight, Shanghai, when they reach the kiosk (or, when booked, when their slot starts). */
  arrivalMinute: number;
  departmentId: string;
  itemId: string;
  /** YYYY-MM-DD, for the ID number: 70 and over is 绿色通道. */
  birthDate: string;
  priority?: Exclude<Priority, 'elderly'>;
  handleMinutes: number;
  /** Booked ahead: arrives a few minutes before the slot, or (noShow) never. */
  booked?: { noShow: boolean };
  /** Minutes into the service after which the window sends them to another department. */
  transfer?: { afterMinutes: number; departmentId: string };
  patienceMinutes: number;
  rates?: number;
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Every window visitor of a day, in order of arrival. The same parameters and seed give the same day. */
export function planDay(shape: HallShape, parameters: DayParameters, seed: number): Visitor[] {
  const random = randomSource(seed);
  const open = minutesOf(shape.hours.open);
  const close = minutesOf(shape.hours.close);
  const hours = Object.entries(hourlyArrivalWeights)
    .map(([hour, weight]) => ({ start: Math.max(open, Number(hour) * 60), end: Math.min(close, Number(hour) * 60 + 60), weight }))
    .filter((h) => h.end > h.start)
    .map((h) => ({ ...h, weight: (h.weight * (h.end - h.start)) / 60 }));
  const departments = shape.departments.filter((d) => d.itemIds.length > 0 && d.windows > 0);
  // Demand follows staffing: a department with twice the window-hours gets twice the work, in minutes.
  const demand = departments.map((d) => d.windows / (handleMinutesByDepartment[d.name] ?? defaultHandleMinutes));
  const windowVisitors = Math.round(parameters.visitors * (1 - parameters.selfServiceShare));
  const visitors: Visitor[] = [];
  for (let serial = 1; serial <= windowVisitors; serial++) {
    const hour = hours[pickWeighted(random, hours.map((h) => h.weight))]!;
    const arrivalMinute = hour.start + random() * (hour.end - hour.start);
    const department = departments[pickWeighted(random, demand)]!;
    const itemId = department.itemIds[Math.floor(random() * department.itemIds.length)]!;
    // About one visitor in twelve is 70 or over (绿色通道, which the server reads from the ID number).
    const age = random() < 0.08 ? 70 + Math.floor(random() * 20) : 20 + Math.floor(random() * 50);
    const classRoll = random();
    const priority = classRoll < 0.01 ? 'disabled' : classRoll < 0.015 ? 'veteran' : classRoll < 0.06 ? 'enterprise' : undefined;
    const booked = random() < parameters.appointmentShare ? { noShow: random() < parameters.appointmentNoShowShare } : undefined;
    const other = departments[pickWeighted(random, demand)]!;
    const transfer = random() < parameters.transferShare && other.id !== department.id ? { afterMinutes: 2 + random() * 4, departmentId: other.id } : undefined;
    const handleMinutes = Math.min(240, Math.max(1, logNormal(random, handleMinutesByDepartment[department.name] ?? defaultHandleMinutes, handleSigma)));
    const patienceMinutes = -Math.log(1 - random()) * parameters.meanPatienceMinutes;
    const rates = random() < parameters.ratingShare ? (random() < 0.97 ? 5 : 4) : undefined;
    visitors.push({
      serial,
      arrivalMinute,
      departmentId: department.id,
      itemId,
      birthDate: `${Number(shape.date.slice(0, 4)) - age - 1}-0${1 + Math.floor(random() * 9)}-1${Math.floor(random() * 9)}`,
      ...(priority && { priority }),
      handleMinutes,
      ...(booked && { booked }),
      ...(transfer && { transfer }),
      patienceMinutes,
      ...(rates && { rates }),
    });
  }
  return visitors.sort((a, b) => a.arrivalMinute - b.arrivalMinute);
}

/**
 * The baseline's staffing: the same number of windows shared among departments in proportion to the work
 * each will get (largest remainder), every department with work getting at least one window.
 */
export function shareWindows(work: Map<string, number>, windows: number): Map<string, number> {
  const busy = [...work].filter(([, minutes]) => minutes > 0);
  if (busy.length > windows) throw new Error(`${busy.length} departments with work cannot share ${windows} windows`);
  const total = busy.reduce((sum, [, minutes]) => sum + minutes, 0);
  const spare = windows - busy.length;
  const exact = busy.map(([id, minutes]) => ({ id, quota: (spare * minutes) / total }));
  const shares = new Map(exact.map((e) => [e.id, 1 + Math.floor(e.quota)]));
  let left = windows - [...shares.values()].reduce((sum, n) => sum + n, 0);
  for (const e of [...exact].sort((a, b) => (b.quota % 1) - (a.quota % 1) || a.id.localeCompare(b.id))) {
    if (left-- <= 0) break;
    shares.set(e.id, shares.get(e.id)! + 1);
  }
  return shares;
}

/** The mean and the 90th percentile (nearest rank) of some minutes; undefined for none. */
export function meanAndP90(values: readonly number[]): { mean: number; p90: number } | undefined {
  if (!values.length) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return { mean: sorted.reduce((sum, v) => sum + v, 0) / sorted.length, p90: sorted[Math.ceil(0.9 * sorted.length) - 1]! };
}
