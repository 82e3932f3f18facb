import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/testApp.ts';
import { auditOf, call, create, expectAudited, expectError, expectRefused, expectStatus, type Org, orgApp } from '../helpers/fixtures.ts';

let t: TestApp;
let o: Org;
let admin: string;
beforeAll(async () => ({ t, o, admin } = await orgApp()));
afterAll(async () => t?.close());

const deviceMe = (token: string) => t.request('GET', '/api/v1/devices/me', { token });
const register = (body: Record<string, unknown>, token = t.adminToken) => t.request('POST', '/api/v1/devices', { token, body: { centerId: o.city.id, name: '设备', ...body } });

describe('POST /api/v1/devices', () => {
  it('registers a device and shows its token once', async () => {
    const created = expectStatus(await register({ kind: 'window_display', name: '1 号窗口屏', windowId: o.windows.general.id }, o.accounts.cityManager.token), 201);
    expect(created.token).toMatch(/^odd_[A-Za-z0-9_-]{32}$/);
    expect(created.device).toEqual({
      id: expect.any(String),
      centerId: o.city.id,
      kind: 'window_display',
      name: '1 号窗口屏',
      hallId: null,
      windowId: o.windows.general.id,
      tokenHint: created.token.slice(0, 8),
      disabled: false,
      lastSeenAt: null,
    });
    await expectAudited(t, created.device.id, { action: 'device.create', actorId: o.accounts.cityManager.id, after: created.device });
    // the token is shown nowhere else
    const list = await t.request('GET', `/api/v1/centers/${o.city.id}/devices?pageSize=200`, { token: t.adminToken });
    expect(list.body).not.toContain(created.token);
    expect(JSON.stringify(await auditOf(t, created.device.id))).not.toContain(created.token);

    const me = expectStatus(await deviceMe(created.token), 200);
    expect(me).toEqual({ device: { ...created.device, lastSeenAt: expect.any(String) }, center: o.city, window: o.windows.general });
  });

  it.each(['window_display', 'rating_pad'])('refuses a %s without a window: 400 WINDOW_REQUIRED', async (kind) => {
    await expectRefused(t, () => register({ kind }), 400, 'WINDOW_REQUIRED');
    await expectRefused(t, () => register({ kind, windowId: null }), 400, 'WINDOW_REQUIRED');
  });

  it('refuses a window or hall of another center, or an unknown one: 400 INVALID_REFERENCE', async () => {
    const otherHall = await create(t, '/api/v1/halls', { centerId: o.other.id, name: '外厅' });
    for (const placement of [
      { kind: 'rating_pad', windowId: o.windows.otherWindow.id },
      { kind: 'rating_pad', windowId: 'nowhere' },
      { kind: 'kiosk', hallId: otherHall.id },
      { kind: 'kiosk', hallId: 'nowhere' },
    ]) {
      await expectRefused(t, () => register(placement), 400, 'INVALID_REFERENCE');
    }
  });

  it('refuses bad input', async () => {
    await expectRefused(t, () => register({ kind: 'printer' }), 400, 'VALIDATION_ERROR');
    await expectRefused(t, () => register({ kind: 'kiosk', name: '' }), 400, 'VALIDATION_ERROR');
    await expectRefused(t, () => register({ kind: 'kiosk', centerId: undefined }), 400, 'VALIDATION_ERROR');
    await expectRefused(t, () => register({ kind: 'kiosk', centerId: 'nowhere' }), 404, 'NOT_FOUND');
  });

  it('registers every kind of device', async () => {
    for (const kind of ['kiosk', 'hall_display', 'window_display', 'rating_pad', 'terminal', 'locker']) {
      const windowId = ['window_display', 'rating_pad'].includes(kind) ? o.windows.general2.id : undefined;
      expect(expectStatus(await register({ kind, name: `测试${kind}`, windowId }), 201).device.kind).toBe(kind);
    }
  });
});

describe('GET /api/v1/centers/:id/devices', () => {
  it('pages and filters by kind', async () => {
    const all = await call(t, 'GET', `/api/v1/centers/${o.city.id}/devices?pageSize=200`, 200, { token: o.accounts.cityManager.token });
    expect(all.total).toBe(all.items.length);
    expect(all.items.every((d: { centerId: string }) => d.centerId === o.city.id)).toBe(true);
    const kiosks = await call(t, 'GET', `/api/v1/centers/${o.city.id}/devices?kind=kiosk`, 200, { token: t.adminToken });
    expect(kiosks.items.every((d: { kind: string }) => d.kind === 'kiosk')).toBe(true);
    expect(kiosks.items.map((d: { id: string }) => d.id)).toContain(o.devices.kiosk.id);
    const page = await call(t, 'GET', `/api/v1/centers/${o.city.id}/devices?page=2&pageSize=2`, 200, { token: t.adminToken });
    expect(page).toMatchObject({ page: 2, pageSize: 2, total: all.total });
    expect(page.items).toEqual(all.items.slice(2, 4));
  });

  it('refuses an unknown kind (400) and an unknown center (404)', async () => {
    expectError(await t.request('GET', `/api/v1/centers/${o.city.id}/devices?kind=printer`, { token: t.adminToken }), 400, 'VALIDATION_ERROR');
    expectError(await t.request('GET', '/api/v1/centers/nowhere/devices', { token: t.adminToken }), 404, 'NOT_FOUND');
  });
});

describe('device tokens', () => {
  it('rotating issues a new token and ends the old one at once', async () => {
    const { device, token } = await create(t, '/api/v1/devices', { centerId: o.city.id, kind: 'terminal', name: '自助终端' });
    expectStatus(await deviceMe(token), 200);
    const rotated = await call(t, 'POST', `/api/v1/devices/${device.id}/rotate-token`, 200, { token: o.accounts.cityManager.token });
    expect(rotated.token).not.toBe(token);
    expect(rotated.device.tokenHint).toBe(rotated.token.slice(0, 8));
    expectError(await deviceMe(token), 401, 'UNAUTHENTICATED');
    expect(expectStatus(await deviceMe(rotated.token), 200).device.id).toBe(device.id);
    const audit = await expectAudited(t, device.id, { action: 'device.rotate_token', actorId: o.accounts.cityManager.id, after: rotated.device });
    expect(JSON.stringify(audit)).not.toContain(rotated.token);
    await expectRefused(t, () => t.request('POST', '/api/v1/devices/nowhere/rotate-token', { token: t.adminToken }), 404, 'NOT_FOUND');
  });

  it('a disabled device token is nobody (401); enabling restores it', async () => {
    const { device, token } = await create(t, '/api/v1/devices', { centerId: o.city.id, kind: 'locker', name: '智能柜' });
    const disabled = await call(t, 'PATCH', `/api/v1/devices/${device.id}`, 200, { token: t.adminToken, body: { disabled: true } });
    expect(disabled.disabled).toBe(true);
    await expectAudited(t, device.id, { action: 'device.disable', actorId: admin, before: device, after: disabled });
    expectError(await deviceMe(token), 401, 'UNAUTHENTICATED');
    expectError(await t.request('GET', `/api/v1/centers/${o.city.id}/windows`, { token }), 401, 'UNAUTHENTICATED');
    await call(t, 'PATCH', `/api/v1/devices/${device.id}`, 200, { token: t.adminToken, body: { disabled: false } });
    await expectAudited(t, device.id, { action: 'device.enable', actorId: admin });
    expectStatus(await deviceMe(token), 200);
  });

  it('a deleted device token is nobody', async () => {
    const { device, token } = await create(t, '/api/v1/devices', { centerId: o.city.id, kind: 'hall_display', name: '综合屏' });
    expect(await call(t, 'DELETE', `/api/v1/devices/${device.id}`, 200, { token: t.adminToken })).toEqual({ ok: true });
    await expectAudited(t, device.id, { action: 'device.delete', actorId: admin, before: device, after: null });
    expectError(await deviceMe(token), 401, 'UNAUTHENTICATED');
    await expectRefused(t, () => t.request('DELETE', `/api/v1/devices/${device.id}`, { token: t.adminToken }), 404, 'NOT_FOUND');
  });
});

describe('PATCH /api/v1/devices/:id', () => {
  it('renames and moves a device, audited, and keeps window-bound devices bound', async () => {
    const { device } = await create(t, '/api/v1/devices', { centerId: o.city.id, kind: 'rating_pad', name: '评价器', windowId: o.windows.general.id });
    const moved = await call(t, 'PATCH', `/api/v1/devices/${device.id}`, 200, { token: t.adminToken, body: { name: '2 号评价器', windowId: o.windows.general2.id, hallId: o.hall.id } });
    expect(moved).toEqual({ ...device, name: '2 号评价器', windowId: o.windows.general2.id, hallId: o.hall.id });
    await expectAudited(t, device.id, { action: 'device.update', actorId: admin, before: device, after: moved });
    await expectRefused(t, () => t.request('PATCH', `/api/v1/devices/${device.id}`, { token: t.adminToken, body: { windowId: null } }), 400, 'WINDOW_REQUIRED');
    await expectRefused(t, () => t.request('PATCH', `/api/v1/devices/${device.id}`, { token: t.adminToken, body: { windowId: o.windows.otherWindow.id } }), 400, 'INVALID_REFERENCE');
    await expectRefused(t, () => t.request('PATCH', `/api/v1/devices/${device.id}`, { token: t.adminToken, body: { disabled: 'yes please' } }), 400, 'VALIDATION_ERROR');
    await expectRefused(t, () => t.request('PATCH', '/api/v1/devices/nowhere', { token: t.adminToken, body: { name: '某' } }), 404, 'NOT_FOUND');
    // a hall can be cleared
    expect((await call(t, 'PATCH', `/api/v1/devices/${device.id}`, 200, { token: t.adminToken, body: { hallId: null } })).hallId).toBeNull();
  });
});
