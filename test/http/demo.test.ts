import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootstrap } from '../../src/server/bootstrap.ts';
import { demoAccounts, demoPassword } from '../../src/server/demo/seedDemo.ts';
import { createTestApp, type TestApp } from '../helpers/testApp.ts';
import { call, countRows } from '../helpers/fixtures.ts';

/** The demo center promised by the issue: a Dongguan-like city center with a small network below it. */

interface Center {
  id: string;
  name: string;
  level: string;
  parentId: string | null;
}

let t: TestApp;
let centers: Center[];
let city: Center;
beforeAll(async () => {
  t = await createTestApp({ demo: true });
  centers = await call(t, 'GET', '/api/v1/centers', 200);
  city = centers.find((c) => c.level === 'city')!;
});
afterAll(async () => t?.close());

const total = async (url: string) => (await call(t, 'GET', url, 200, { token: t.adminToken })).total as number;

describe('the demo network', () => {
  it('has five centers: a city, a district under it, two towns under the district and a village under a town', () => {
    expect(centers.map((c) => c.level).sort()).toEqual(['city', 'district', 'town', 'town', 'village']);
    const byId = new Map(centers.map((c) => [c.id, c]));
    const parentLevel = (c: Center) => (c.parentId ? byId.get(c.parentId)!.level : null);
    expect(centers.map((c) => [c.level, parentLevel(c)]).sort()).toEqual([
      ['city', null],
      ['district', 'city'],
      ['town', 'district'],
      ['town', 'district'],
      ['village', 'town'],
    ]);
    expect(city.name).toBe('示范市民服务中心');
  });

  it('has at least 50 departments in the city center, each named once', async () => {
    const departments = await call(t, 'GET', `/api/v1/centers/${city.id}/departments`, 200);
    expect(departments.length).toBeGreaterThanOrEqual(50);
    expect(new Set(departments.map((d: { name: string }) => d.name)).size).toBe(departments.length);
  });

  it('has exactly 270 windows in the city center, 151 of them general, numbered 1 to 270', async () => {
    expect(await total(`/api/v1/centers/${city.id}/windows?pageSize=1`)).toBe(270);
    expect(await total(`/api/v1/centers/${city.id}/windows?pageSize=1&kind=general`)).toBe(151);
    expect(await total(`/api/v1/centers/${city.id}/windows?pageSize=1&kind=dedicated`)).toBe(119);
    const numbers: number[] = [];
    for (let page = 1; page <= 2; page++) {
      const { items } = await call(t, 'GET', `/api/v1/centers/${city.id}/windows?pageSize=200&page=${page}`, 200, { token: t.adminToken });
      for (const w of items) {
        numbers.push(w.number);
        if (w.kind === 'dedicated') expect(w.departmentName).toEqual(expect.any(String));
        expect(w.status).toBe('closed');
      }
    }
    expect(numbers).toEqual(Array.from({ length: 270 }, (_, i) => i + 1));
  });

  it('has three halls in the city center and 24-hour self-service zones', async () => {
    const halls = await call(t, 'GET', `/api/v1/centers/${city.id}/halls`, 200);
    expect(halls).toHaveLength(3);
    const zones = halls.flatMap((h: { zones: { kind: string; open24h: boolean }[] }) => h.zones);
    expect(zones.filter((z: { kind: string; open24h: boolean }) => z.kind === 'self_service' && z.open24h).length).toBeGreaterThanOrEqual(1);
  });

  it('has devices of all six kinds, a window display and a rating pad at every city window', async () => {
    for (const kind of ['kiosk', 'hall_display', 'terminal', 'locker']) {
      expect(await total(`/api/v1/centers/${city.id}/devices?pageSize=1&kind=${kind}`), kind).toBeGreaterThanOrEqual(1);
    }
    expect(await total(`/api/v1/centers/${city.id}/devices?pageSize=1&kind=window_display`)).toBe(270);
    expect(await total(`/api/v1/centers/${city.id}/devices?pageSize=1&kind=rating_pad`)).toBe(270);
  });

  it('gives every center below the city windows and a device', async () => {
    for (const center of centers.filter((c) => c !== city)) {
      expect(await total(`/api/v1/centers/${center.id}/windows?pageSize=1`), center.name).toBeGreaterThanOrEqual(1);
      expect(await total(`/api/v1/centers/${center.id}/devices?pageSize=1`), center.name).toBeGreaterThanOrEqual(1);
    }
  });
});

describe('the demo catalogue', () => {
  it('publishes about 2,000 items, each name once, with the 15 bundles of the data', async () => {
    const { total } = await call(t, 'GET', `/api/v1/items?centerId=${city.id}&pageSize=1`, 200);
    expect(total).toBeGreaterThanOrEqual(1900);
    expect(total).toBeLessThanOrEqual(2000);
    const names = new Set<string>();
    for (let page = 1; page <= Math.ceil(total / 200); page++) for (const item of (await call(t, 'GET', `/api/v1/items?centerId=${city.id}&pageSize=200&page=${page}`, 200)).items) names.add(item.name);
    expect(names.size).toBe(total);
    expect(await call(t, 'GET', '/api/v1/bundles', 200)).toHaveLength(15);
  });

  it('offers everyday personal services at the town and village points too', async () => {
    for (const c of centers.filter((c) => c.level === 'town' || c.level === 'village')) expect(await total(`/api/v1/items?centerId=${c.id}&pageSize=1`)).toBeGreaterThan(20);
  });
});

describe('the demo queue', () => {
  it('has theme categories in the city, each with its items, and a profile for every window', async () => {
    const categories = await call(t, 'GET', `/api/v1/centers/${city.id}/categories`, 200);
    expect(categories.map((c: { prefix: string }) => c.prefix)).toEqual(['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'N']);
    for (const c of categories) expect(c.itemIds.length, c.name).toBeGreaterThan(0);
    const profiles = await call(t, 'GET', `/api/v1/centers/${city.id}/window-profiles`, 200, { token: t.adminToken });
    expect(profiles).toHaveLength(270);
    expect(profiles.every((p: { tiers: string[][] }) => p.tiers.length >= 1 && p.tiers[0]!.length >= 1)).toBe(true);
  });

  it('gives every center below one category of the items it offers', async () => {
    for (const c of centers.filter((c) => c.level !== 'city')) {
      const categories = await call(t, 'GET', `/api/v1/centers/${c.id}/categories`, 200);
      expect(categories).toHaveLength(1);
      expect(categories[0].itemIds.length).toBeGreaterThan(20);
    }
  });
});

describe('the demo’s day of history', () => {
  it('the previous working day: visits served at two windows, rated, a 差评 followed up, cases — and rolled up for the dashboard', async () => {
    const [rectified] = await call(t, 'GET', `/api/v1/centers/${city.id}/rectifications?status=rectified`, 200, { token: t.adminToken }).then((r) => r.items);
    const day = new Date(new Date(rectified.rating.createdAt).getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
    expect(day < new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10)).toBe(true);
    const summary = await call(t, 'GET', `/api/v1/stats/summary?centerId=${city.id}&from=${day}&to=${day}`, 200, { token: t.adminToken });
    expect(summary.visitors).toBeGreaterThan(40);
    expect(summary.figures.visits.served).toBeGreaterThan(30);
    expect(summary.avgWaitMinutes).toBeGreaterThan(0);
    expect(summary.figures.ratings.total).toBeGreaterThan(20);
    expect(summary.ratingCounts['1'] + summary.ratingCounts['2']).toBe(2);
    expect(summary.figures.ratings.callbackRate).toBe(0.5);
    expect(summary.figures.cases).toMatchObject({ submitted: 6, accepted: 5, supplementNotices: 1, completed: 4 });
    expect(rectified).toMatchObject({ status: 'rectified', callback: { reached: true } });
    // Served by staff02 and police01: staff01 starts with an empty record, and no window is left signed in.
    const staff01 = await t.login('staff01');
    expect(await call(t, 'GET', '/api/v1/me/ratings', 200, { token: staff01 })).toMatchObject({ total: 0 });
    expect(await total(`/api/v1/centers/${city.id}/windows?status=open&pageSize=1`)).toBe(0);
  });
});

describe('the demo accounts', () => {
  const centerOf = (which: 'city' | 'district' | 'town') =>
    which === 'city' ? city.id : which === 'district' ? centers.find((c) => c.level === 'district')!.id : centers.find((c) => c.name === '东城街道便民服务中心')!.id;

  it.each(demoAccounts.map((a) => [a.username, a] as const))(`%s logs in with ${demoPassword} and holds its role`, async (username, account) => {
    const { user } = await call(t, 'POST', '/api/v1/auth/login', 200, { body: { username, password: demoPassword } });
    expect(user.name).toBe(account.name);
    expect(user.roles).toHaveLength(1);
    expect(user.roles[0]).toMatchObject({ role: account.role, centerId: centerOf(account.center) });
    if (account.department) {
      const departments = await call(t, 'GET', `/api/v1/centers/${city.id}/departments`, 200);
      expect(departments.find((d: { id: string }) => d.id === user.roles[0].departmentId)?.name).toBe(account.department);
    } else {
      expect(user.roles[0].departmentId).toBeNull();
    }
  });

  it('cover every role but admin', () => {
    expect(new Set(demoAccounts.map((a) => a.role))).toEqual(new Set(['center_manager', 'window_staff', 'dept_approver', 'supervisor', 'agent']));
  });
});

describe('a second start', () => {
  it('does not seed the demo again', async () => {
    const before = { centers: await countRows(t, 'centers'), windows: await countRows(t, 'windows'), users: await countRows(t, 'users') };
    const result = await bootstrap(t.database, { demo: true });
    expect(result).toEqual({ adminCreated: false, demoPresent: true });
    expect({ centers: await countRows(t, 'centers'), windows: await countRows(t, 'windows'), users: await countRows(t, 'users') }).toEqual(before);
  });
});
