import { Api, inParallel } from './api.ts';
import { handleMinutesByDepartment, defaultHandleMinutes, shareWindows, type HallShape, type Visitor } from './rules.ts';
import { simulationAdminPassword } from './server.ts';

/** How the hall calls people: OneDoor's comprehensive windows and rules, or one FIFO queue per department. */
export type Mode = 'onedoor' | 'baseline';

interface Page<T> {
  items: T[];
  total: number;
}
interface WindowRow {
  id: string;
  number: number;
  kind: 'general' | 'dedicated';
  departmentId: string | null;
}
interface Category {
  id: string;
  prefix: string;
  itemIds: string[];
}

export interface SimWindow {
  id: string;
  number: number;
  /** Category ids in calling order (the window profile's tiers, flattened). */
  serves: string[];
  token: string;
}

export interface Hall {
  centerId: string;
  date: string;
  shape: HallShape;
  adminToken: string;
  kioskToken: string;
  windows: SimWindow[];
  /** A department's category: where transfers to it go (and, in the baseline, every ticket for it). */
  categoryOfDepartment: Map<string, string>;
  /** The category the server files an item's tickets under (OneDoor). */
  categoryOfItem: Map<string, string>;
  /** Baseline: tickets name the department's category; OneDoor: the item, and the server finds the category. */
  ticketsByCategory: boolean;
  recallLimit: number;
}

const shanghai = (date: string, hhmm: string) => new Date(`${date}T${hhmm}:00+08:00`);

async function allPages<T>(api: Api, path: string, token: string, at: Date): Promise<T[]> {
  const rows: T[] = [];
  for (let page = 1; ; page++) {
    const result = await api.send<Page<T>>('GET', `${path}${path.includes('?') ? '&' : '?'}page=${page}&pageSize=200`, { token, at });
    rows.push(...result.items);
    if (rows.length >= result.total || !result.items.length) return rows;
  }
}

/** The demo city center as the simulation will run it: its shape, windows, categories, and the day to run. */
export async function readHall(api: Api, date: string | undefined): Promise<{ hall: Pick<Hall, 'centerId' | 'date' | 'shape' | 'adminToken'>; rows: WindowRow[]; profiles: Map<string, string[]>; categories: Category[] }> {
  const setUpAt = new Date();
  const { token: adminToken } = await api.send<{ token: string }>('POST', '/api/v1/auth/login', { body: { username: 'admin', password: simulationAdminPassword }, at: setUpAt });
  const centers = await api.send<{ id: string; level: string; openingHours: { days: number[]; open: string; close: string }[] }[]>('GET', '/api/v1/centers', { at: setUpAt });
  const center = centers.find((c) => c.level === 'city')!;
  const today = new Date(setUpAt.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
  const day = date ?? (await api.send<{ date: string }>('GET', `/api/v1/calendar/working-days/add?from=${today}&days=1`, { at: setUpAt })).date;
  const weekday = new Date(`${day}T12:00:00Z`).getUTCDay() || 7;
  const spans = center.openingHours.filter((rule) => rule.days.includes(weekday));
  if (!spans.length) throw new Error(`示范中心在 ${day} 不开放，请换一个工作日`);
  const hours = { open: spans.map((s) => s.open).sort()[0]!, close: spans.map((s) => s.close).sort().at(-1)! };

  const departments = await api.send<{ id: string; name: string }[]>('GET', `/api/v1/centers/${center.id}/departments`, { at: setUpAt });
  const items = await allPages<{ id: string; department: { id: string } }>(api, `/api/v1/items?centerId=${center.id}`, adminToken, setUpAt);
  const rows = await allPages<WindowRow>(api, `/api/v1/centers/${center.id}/windows`, adminToken, setUpAt);
  const profileRows = await api.send<{ windowId: string; tiers: string[][] }[]>('GET', `/api/v1/centers/${center.id}/window-profiles`, { token: adminToken, at: setUpAt });
  const profiles = new Map(profileRows.map((p) => [p.windowId, p.tiers.flat()]));
  const categories = await api.send<Category[]>('GET', `/api/v1/centers/${center.id}/categories`, { at: setUpAt });

  // Work reaches a department in proportion to its staffing: its dedicated windows, plus a share of the
  // general windows whose first tier is its category, split by the departments' own window counts.
  const categoryOfItem = new Map(categories.flatMap((c) => c.itemIds.map((id) => [id, c.id] as const)));
  const itemsOf = new Map(departments.map((d) => [d.id, items.filter((i) => i.department.id === d.id && categoryOfItem.has(i.id)).map((i) => i.id)]));
  const dedicated = new Map<string, number>();
  for (const row of rows) if (row.kind === 'dedicated' && row.departmentId) dedicated.set(row.departmentId, (dedicated.get(row.departmentId) ?? 0) + 1);
  const categoryOfDept = new Map(departments.map((d) => [d.id, categoryOfItem.get(itemsOf.get(d.id)![0] ?? '')]));
  const generalFirst = new Map<string, number>();
  for (const row of rows) {
    const first = profiles.get(row.id)?.[0];
    if (row.kind === 'general' && first) generalFirst.set(first, (generalFirst.get(first) ?? 0) + 1);
  }
  const shape: HallShape = {
    date: day,
    hours,
    departments: departments.map((d) => {
      const category = categoryOfDept.get(d.id);
      const peers = departments.filter((p) => categoryOfDept.get(p.id) === category && itemsOf.get(p.id)!.length);
      const weightOf = (id: string) => (dedicated.get(id) ?? 0) + 1;
      const peerWeight = peers.reduce((sum, p) => sum + weightOf(p.id), 0);
      const generalShare = category && peerWeight ? ((generalFirst.get(category) ?? 0) * weightOf(d.id)) / peerWeight : 0;
      return { id: d.id, name: d.name, itemIds: itemsOf.get(d.id)!, windows: (dedicated.get(d.id) ?? 0) + generalShare };
    }),
  };
  return { hall: { centerId: center.id, date: day, shape, adminToken }, rows, profiles, categories };
}

/**
 * Makes the hall ready for the day: in the baseline, a FIFO queue per department and the same windows
 * shared among departments by their work; then a kiosk, and a member of staff signed in at every window.
 */
export async function prepareHall(api: Api, mode: Mode, visitors: readonly Visitor[], read: Awaited<ReturnType<typeof readHall>>): Promise<Hall> {
  const { hall, rows, profiles, categories } = read;
  const at = shanghai(hall.date, '07:30');
  const token = hall.adminToken;
  const categoryOfItem = new Map(categories.flatMap((c) => c.itemIds.map((id) => [id, c.id] as const)));
  const categoryOfDepartment = new Map(hall.shape.departments.filter((d) => d.itemIds.length).map((d) => [d.id, categoryOfItem.get(d.itemIds[0]!)!]));
  let serves = new Map(rows.map((row) => [row.id, profiles.get(row.id) ?? []]));

  if (mode === 'baseline') {
    const work = new Map<string, number>(hall.shape.departments.map((d) => [d.id, 0]));
    for (const v of visitors) work.set(v.departmentId, work.get(v.departmentId)! + (v.booked?.noShow ? 0 : handleMinutesOf(hall, v.departmentId)));
    const shares = shareWindows(work, rows.length);
    const departments = hall.shape.departments.filter((d) => shares.has(d.id));
    // Two-letter prefixes from JA on, clear of the demo's single letters.
    const prefixes = departments.map((_, i) => String.fromCharCode(74 + Math.floor(i / 26)) + String.fromCharCode(65 + (i % 26)));
    const created = await inParallel(departments, 4, (d, i) =>
      api.send<Category>('POST', '/api/v1/categories', { token, at, body: { centerId: hall.centerId, name: d.name.slice(0, 30), prefix: prefixes[i], itemIds: [] } }),
    );
    for (const [i, d] of departments.entries()) categoryOfDepartment.set(d.id, created[i]!.id);
    // A department keeps its own dedicated windows up to its share; the rest are handed out in number order.
    const left = new Map(shares);
    const assignment = new Map<string, string>();
    for (const row of rows) {
      if (row.departmentId && (left.get(row.departmentId) ?? 0) > 0) {
        assignment.set(row.id, row.departmentId);
        left.set(row.departmentId, left.get(row.departmentId)! - 1);
      }
    }
    const open = [...left].flatMap(([id, n]) => Array.from({ length: n }, () => id));
    for (const row of rows) if (!assignment.has(row.id)) assignment.set(row.id, open.shift()!);
    serves = new Map(rows.map((row) => [row.id, [categoryOfDepartment.get(assignment.get(row.id)!)!]]));
    await inParallel(rows, 4, (row) => api.send('PUT', `/api/v1/windows/${row.id}/profile`, { token, at, body: { tiers: [serves.get(row.id)] } }));
    await api.send('PUT', `/api/v1/centers/${hall.centerId}/queue-settings`, {
      token,
      at,
      body: { headStartMinutes: { appointment: 0, elderly: 0, disabled: 0, veteran: 0, enterprise: 0 } },
    });
  }

  const { token: kioskToken } = await api.send<{ token: string }>('POST', '/api/v1/devices', { token, at, body: { centerId: hall.centerId, kind: 'kiosk', name: '模拟取号机' } });
  const password = 'Counter#2026x';
  const staffed = rows.filter((row) => serves.get(row.id)!.length);
  const windows = await inParallel(staffed, 12, async (row, i) => {
    const username = `sim${String(i + 1).padStart(3, '0')}`;
    await api.send('POST', '/api/v1/users', { token, at, body: { username, password, name: `模拟员${i + 1}`, roles: [{ role: 'window_staff', centerId: hall.centerId }] } });
    const { token: staffToken } = await api.send<{ token: string }>('POST', '/api/v1/auth/login', { at, body: { username, password } });
    await api.send('POST', `/api/v1/windows/${row.id}/sign-in`, { token: staffToken, at: shanghai(hall.date, '08:55') });
    return { id: row.id, number: row.number, serves: serves.get(row.id)!, token: staffToken };
  });
  const settings = await api.send<{ recallLimit: number }>('GET', `/api/v1/centers/${hall.centerId}/queue-settings`, { token, at });
  return { ...hall, kioskToken, windows, categoryOfDepartment, categoryOfItem, ticketsByCategory: mode === 'baseline', recallLimit: settings.recallLimit };
}

function handleMinutesOf(hall: Pick<Hall, 'shape'>, departmentId: string): number {
  const name = hall.shape.departments.find((d) => d.id === departmentId)?.name ?? '';
  return handleMinutesByDepartment[name] ?? defaultHandleMinutes;
}
