import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/testApp.ts';
import { create, expectRefused, expectStatus, type Org, type Person, orgApp } from '../helpers/fixtures.ts';

/**
 * Every endpoint that needs a role, and every kind of caller that must be refused: nobody (401), a device
 * token on a staff endpoint, people without the role, and people whose role lies in another center (403).
 * A refused request changes nothing.
 */

let t: TestApp;
let o: Org;
beforeAll(async () => ({ t, o } = await orgApp()));
afterAll(async () => t?.close());

type Caller = Person | 'anonymous' | 'kiosk' | 'otherKiosk';

const tokenOf = (who: Caller): string | undefined =>
  who === 'anonymous' ? undefined : who === 'kiosk' ? o.tokens.kiosk : who === 'otherKiosk' ? o.tokens.otherKiosk : o.accounts[who].token;

interface Endpoint {
  name: string;
  method: string;
  url: (o: Org) => string;
  body?: (o: Org) => unknown;
  refused: Caller[];
}

const notAdminOfCity: Caller[] = ['anonymous', 'kiosk', 'staff', 'policeStaff', 'supervisor', 'approver', 'agent', 'cityManager', 'otherManager', 'otherAdmin', 'districtManager'];
const notManagerOfCity: Caller[] = ['anonymous', 'kiosk', 'staff', 'policeStaff', 'supervisor', 'approver', 'agent', 'otherManager', 'otherAdmin', 'districtManager', 'districtStaff'];
/** Ratings, rectifications and complaints are read by admins, managers and supervisors of the center. */
const notOverseerOfCity: Caller[] = ['anonymous', 'kiosk', 'staff', 'policeStaff', 'approver', 'agent', 'otherManager', 'otherAdmin', 'districtManager', 'districtStaff'];
const notAnAdmin: Caller[] = ['anonymous', 'kiosk', 'staff', 'supervisor', 'approver', 'agent', 'cityManager'];

const endpoints: Endpoint[] = [
  // admin over the center
  { name: 'create a center under the city', method: 'POST', url: () => '/api/v1/centers', body: (o) => ({ name: '新镇', level: 'town', parentId: o.city.id }), refused: notAdminOfCity },
  { name: 'create a top-level center', method: 'POST', url: () => '/api/v1/centers', body: () => ({ name: '新市', level: 'city' }), refused: [...notAdminOfCity, 'cityAdmin'] },
  { name: 'update the city center', method: 'PATCH', url: (o) => `/api/v1/centers/${o.city.id}`, body: () => ({ name: '改名' }), refused: notAdminOfCity },
  { name: 'add a department', method: 'POST', url: () => '/api/v1/departments', body: (o) => ({ centerId: o.city.id, name: '民政局' }), refused: notAdminOfCity },
  { name: 'rename a department', method: 'PATCH', url: (o) => `/api/v1/departments/${o.tax.id}`, body: () => ({ name: '税务局（改）' }), refused: notAdminOfCity },
  { name: 'delete a department', method: 'DELETE', url: (o) => `/api/v1/departments/${o.tax.id}`, refused: notAdminOfCity },
  // managers (admin or center manager) over the center
  { name: 'create a hall', method: 'POST', url: () => '/api/v1/halls', body: (o) => ({ centerId: o.city.id, name: '二号厅' }), refused: notManagerOfCity },
  { name: 'update a hall', method: 'PATCH', url: (o) => `/api/v1/halls/${o.hall.id}`, body: () => ({ floor: '2F' }), refused: notManagerOfCity },
  { name: 'delete a hall', method: 'DELETE', url: (o) => `/api/v1/halls/${o.hall.id}`, refused: notManagerOfCity },
  { name: 'create a zone', method: 'POST', url: () => '/api/v1/zones', body: (o) => ({ hallId: o.hall.id, name: '自助区', kind: 'self_service' }), refused: notManagerOfCity },
  { name: 'create a window', method: 'POST', url: () => '/api/v1/windows', body: (o) => ({ centerId: o.city.id, name: '综合窗口 9', number: 9, kind: 'general' }), refused: notManagerOfCity },
  { name: 'update a window', method: 'PATCH', url: (o) => `/api/v1/windows/${o.windows.general2.id}`, body: () => ({ name: '改名' }), refused: notManagerOfCity },
  { name: 'delete a window', method: 'DELETE', url: (o) => `/api/v1/windows/${o.windows.general2.id}`, refused: notManagerOfCity },
  { name: 'list devices', method: 'GET', url: (o) => `/api/v1/centers/${o.city.id}/devices`, refused: notManagerOfCity },
  { name: 'register a device', method: 'POST', url: () => '/api/v1/devices', body: (o) => ({ centerId: o.city.id, kind: 'kiosk', name: '取号机 2' }), refused: notManagerOfCity },
  { name: 'update a device', method: 'PATCH', url: (o) => `/api/v1/devices/${o.devices.kiosk.id}`, body: () => ({ disabled: true }), refused: notManagerOfCity },
  { name: 'rotate a device token', method: 'POST', url: (o) => `/api/v1/devices/${o.devices.kiosk.id}/rotate-token`, refused: notManagerOfCity },
  { name: 'delete a device', method: 'DELETE', url: (o) => `/api/v1/devices/${o.devices.kiosk.id}`, refused: notManagerOfCity },
  // anyone with a role over the center, or a device of the center, reads its windows
  { name: 'list windows', method: 'GET', url: (o) => `/api/v1/centers/${o.city.id}/windows`, refused: ['anonymous', 'otherKiosk', 'otherManager', 'otherAdmin', 'districtManager', 'districtStaff'] },
  { name: 'read a window', method: 'GET', url: (o) => `/api/v1/windows/${o.windows.general.id}`, refused: ['anonymous', 'otherKiosk', 'otherManager', 'otherAdmin', 'districtManager', 'districtStaff'] },
  // window staff of the center (and department) sign in
  {
    name: 'sign in at a general window',
    method: 'POST',
    url: (o) => `/api/v1/windows/${o.windows.general.id}/sign-in`,
    refused: ['anonymous', 'kiosk', 'supervisor', 'approver', 'agent', 'otherManager', 'otherAdmin', 'districtStaff', 'districtManager', 'policeStaff', 'cityManager', 'cityAdmin'],
  },
  { name: 'sign in at the tax window', method: 'POST', url: (o) => `/api/v1/windows/${o.windows.taxWindow.id}/sign-in`, refused: ['anonymous', 'kiosk', 'policeStaff', 'approver'] },
  { name: 'pause a window', method: 'POST', url: (o) => `/api/v1/windows/${o.windows.general.id}/pause`, body: () => ({ reason: '午休' }), refused: ['anonymous', 'kiosk', 'supervisor', 'otherManager', 'districtStaff'] },
  { name: 'resume a window', method: 'POST', url: (o) => `/api/v1/windows/${o.windows.general.id}/resume`, refused: ['anonymous', 'kiosk', 'supervisor', 'otherManager'] },
  { name: 'sign out a window', method: 'POST', url: (o) => `/api/v1/windows/${o.windows.general.id}/sign-out`, refused: ['anonymous', 'kiosk', 'supervisor', 'agent', 'otherManager', 'districtManager'] },
  // accounts: admins only
  { name: 'list users', method: 'GET', url: () => '/api/v1/users', refused: notAnAdmin },
  { name: 'create a user', method: 'POST', url: () => '/api/v1/users', body: () => ({ username: 'newbie', password: 'Newbie#2026', name: '新人', roles: [] }), refused: notAnAdmin },
  { name: 'read a user', method: 'GET', url: (o) => `/api/v1/users/${o.accounts.staff.id}`, refused: [...notAnAdmin, 'otherAdmin'] },
  { name: 'update a user', method: 'PATCH', url: (o) => `/api/v1/users/${o.accounts.staff.id}`, body: () => ({ name: '改名' }), refused: [...notAnAdmin, 'otherAdmin'] },
  { name: 'reset a password', method: 'POST', url: (o) => `/api/v1/users/${o.accounts.staff.id}/reset-password`, body: () => ({}), refused: [...notAnAdmin, 'otherAdmin'] },
  { name: 'read the audit log', method: 'GET', url: () => '/api/v1/audit', refused: [...notAnAdmin, 'cityAdmin'] },
  { name: "read the city's audit log", method: 'GET', url: (o) => `/api/v1/audit?centerId=${o.city.id}`, refused: [...notAnAdmin, 'otherAdmin'] },
  // signed-in people only
  { name: 'own account', method: 'GET', url: () => '/api/v1/auth/me', refused: ['anonymous', 'kiosk'] },
  { name: 'log out', method: 'POST', url: () => '/api/v1/auth/logout', refused: ['anonymous', 'kiosk'] },
  { name: 'change own password', method: 'POST', url: () => '/api/v1/auth/password', body: () => ({ currentPassword: 'x', newPassword: 'Other#2026' }), refused: ['anonymous', 'kiosk'] },
  { name: 'own window', method: 'GET', url: () => '/api/v1/windows/mine', refused: ['anonymous', 'kiosk'] },
  // devices only
  { name: 'device itself', method: 'GET', url: () => '/api/v1/devices/me', refused: ['anonymous', 'staff', 'cityManager'] },
  // 好差评 and feedback
  { name: 'list ratings', method: 'GET', url: (o) => `/api/v1/centers/${o.city.id}/ratings`, refused: notOverseerOfCity },
  { name: 'rating summary', method: 'GET', url: (o) => `/api/v1/centers/${o.city.id}/rating-summary`, refused: notOverseerOfCity },
  { name: 'list rectifications', method: 'GET', url: (o) => `/api/v1/centers/${o.city.id}/rectifications`, refused: notOverseerOfCity },
  { name: 'list feedback', method: 'GET', url: (o) => `/api/v1/centers/${o.city.id}/feedback`, refused: notOverseerOfCity },
  { name: 'change rating settings', method: 'PUT', url: (o) => `/api/v1/centers/${o.city.id}/rating-settings`, body: () => ({ rectifyDays: 10 }), refused: notManagerOfCity },
  { name: 'my ratings', method: 'GET', url: () => '/api/v1/me/ratings', refused: ['anonymous', 'kiosk'] },
];

describe.each(endpoints)('$method $name', (endpoint) => {
  it.each(endpoint.refused)('refuses %s and changes nothing', async (who) => {
    const token = tokenOf(who);
    await expectRefused(
      t,
      () => t.request(endpoint.method, endpoint.url(o), { token, ...(endpoint.body && { body: endpoint.body(o) }) }),
      who === 'anonymous' ? 401 : 403,
      who === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN',
    );
  });
});

describe('the window status endpoints refuse other people once someone sits at the window', () => {
  it('lets only the person at the window or a manager act on it', async () => {
    const w = o.windows.general2.id;
    expectStatus(await t.request('POST', `/api/v1/windows/${w}/sign-in`, { token: o.accounts.staff2.token }), 200);
    for (const who of ['staff', 'policeStaff', 'supervisor'] as const) {
      await expectRefused(t, () => t.request('POST', `/api/v1/windows/${w}/pause`, { token: o.accounts[who].token, body: { reason: '离开' } }), 403, 'FORBIDDEN');
      await expectRefused(t, () => t.request('POST', `/api/v1/windows/${w}/sign-out`, { token: o.accounts[who].token }), 403, 'FORBIDDEN');
    }
    expectStatus(await t.request('POST', `/api/v1/windows/${w}/sign-out`, { token: o.accounts.staff2.token }), 200);
  });
});

describe('a role over a parent center covers the centers below it', () => {
  it('lets the city manager manage halls, windows and devices of the district and the town', async () => {
    const token = o.accounts.cityManager.token;
    const hall = await create(t, '/api/v1/halls', { centerId: o.district.id, name: '区大厅' }, token);
    expect(hall.centerId).toBe(o.district.id);
    const window = await create(t, '/api/v1/windows', { centerId: o.town.id, name: '镇综合窗口', number: 1, kind: 'general' }, token);
    expect(window.centerId).toBe(o.town.id);
    const device = await create(t, '/api/v1/devices', { centerId: o.district.id, kind: 'hall_display', name: '区综合屏', hallId: hall.id }, token);
    expect(device.device.centerId).toBe(o.district.id);
    expectStatus(await t.request('GET', `/api/v1/centers/${o.town.id}/windows`, { token }), 200);
  });

  it('lets the city admin administer the district, but not the other city or a top-level center', async () => {
    const token = o.accounts.cityAdmin.token;
    const department = await create(t, '/api/v1/departments', { centerId: o.district.id, name: '区民政局' }, token);
    expect(department.centerId).toBe(o.district.id);
    expect(expectStatus(await t.request('PATCH', `/api/v1/centers/${o.district.id}`, { token, body: { address: '区政府大楼' } }), 200).address).toBe('区政府大楼');
    await expectRefused(t, () => t.request('POST', '/api/v1/departments', { token, body: { centerId: o.other.id, name: '民政局' } }), 403, 'FORBIDDEN');
  });

  it('does not let the district manager act on the city above it', async () => {
    const token = o.accounts.districtManager.token;
    await expectRefused(t, () => t.request('POST', '/api/v1/halls', { token, body: { centerId: o.city.id, name: '越权大厅' } }), 403, 'FORBIDDEN');
    expect(expectStatus(await t.request('POST', '/api/v1/halls', { token, body: { centerId: o.town.id, name: '镇大厅' } }), 201).centerId).toBe(o.town.id);
  });

  it('lets a device read the windows of its own center only', async () => {
    expect(expectStatus(await t.request('GET', `/api/v1/centers/${o.city.id}/windows`, { token: o.tokens.kiosk }), 200).total).toBe(4);
    expectStatus(await t.request('GET', `/api/v1/windows/${o.windows.general.id}`, { token: o.tokens.kiosk }), 200);
  });
});
