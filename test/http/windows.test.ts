import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/testApp.ts';
import { call, countRows, create, expectAudited, expectError, expectRefused, expectStatus, type Org, orgApp } from '../helpers/fixtures.ts';

let t: TestApp;
let o: Org;
let admin: string;
beforeAll(async () => ({ t, o, admin } = await orgApp()));
afterAll(async () => t?.close());

const windowBody = (extra: Record<string, unknown> = {}) => ({ centerId: o.city.id, name: '新窗口', number: 50, kind: 'general', ...extra });
const act = (token: string, windowId: string, action: string, body?: unknown) => t.request('POST', `/api/v1/windows/${windowId}/${action}`, { token, body });

describe('GET /api/v1/centers/:id/windows', () => {
  it('pages through the windows of a center by number', async () => {
    const all = await call(t, 'GET', `/api/v1/centers/${o.city.id}/windows`, 200, { token: t.adminToken });
    expect(all).toMatchObject({ total: 4, page: 1, pageSize: 20 });
    expect(all.items.map((w: { number: number }) => w.number)).toEqual([1, 2, 3, 4]);
    expect(all.items[2]).toEqual({
      id: o.windows.policeWindow.id,
      centerId: o.city.id,
      hallId: null,
      zoneId: null,
      name: '公安专窗',
      number: 3,
      kind: 'dedicated',
      departmentId: o.police.id,
      departmentName: '公安局',
      status: 'closed',
      staff: null,
      pauseReason: null,
      statusSince: expect.stringMatching(/Z$/),
    });
    const page = await call(t, 'GET', `/api/v1/centers/${o.city.id}/windows?page=2&pageSize=3`, 200, { token: t.adminToken });
    expect(page).toMatchObject({ total: 4, page: 2, pageSize: 3 });
    expect(page.items.map((w: { number: number }) => w.number)).toEqual([4]);
  });

  it.each([
    ['q=3', [3]],
    ['q=专窗', [3, 4]],
    ['q=公安', [3]],
    ['q=%25', []],
    ['q=12345678901', []], // digits beyond any window number: a search, not an error
    ['kind=general', [1, 2]],
    ['status=open', []],
  ])('filters by ?%s', async (query, numbers) => {
    const { items } = await call(t, 'GET', `/api/v1/centers/${o.city.id}/windows?${query}`, 200, { token: t.adminToken });
    expect(items.map((w: { number: number }) => w.number)).toEqual(numbers);
  });

  it('filters by department', async () => {
    const { items } = await call(t, 'GET', `/api/v1/centers/${o.city.id}/windows?departmentId=${o.tax.id}`, 200, { token: t.adminToken });
    expect(items.map((w: { id: string }) => w.id)).toEqual([o.windows.taxWindow.id]);
  });

  it.each(['kind=vip', 'status=busy', 'page=0', 'pageSize=500'])('refuses ?%s with 400', async (query) => {
    expectError(await t.request('GET', `/api/v1/centers/${o.city.id}/windows?${query}`, { token: t.adminToken }), 400, 'VALIDATION_ERROR');
  });

  it('answers 404 for an unknown center', async () => {
    expectError(await t.request('GET', '/api/v1/centers/nowhere/windows', { token: t.adminToken }), 404, 'NOT_FOUND');
  });
});

describe('GET /api/v1/windows/:id', () => {
  it('answers the window or 404', async () => {
    expect(await call(t, 'GET', `/api/v1/windows/${o.windows.general.id}`, 200, { token: o.accounts.staff.token })).toEqual(o.windows.general);
    expectError(await t.request('GET', '/api/v1/windows/nowhere', { token: t.adminToken }), 404, 'NOT_FOUND');
  });
});

describe('POST /api/v1/windows', () => {
  it('creates a window, audited', async () => {
    const zone = await create(t, '/api/v1/zones', { hallId: o.hall.id, name: '综合区', kind: 'service' });
    const window = expectStatus(await t.request('POST', '/api/v1/windows', { token: o.accounts.cityManager.token, body: windowBody({ number: 10, hallId: o.hall.id, zoneId: zone.id }) }), 201);
    expect(window).toMatchObject({ centerId: o.city.id, number: 10, kind: 'general', hallId: o.hall.id, zoneId: zone.id, status: 'closed', staff: null, departmentId: null, departmentName: null });
    await expectAudited(t, window.id, { action: 'window.create', actorId: o.accounts.cityManager.id, after: window });
  });

  it('keeps numbers unique within a center (409 WINDOW_NUMBER_TAKEN) but reusable in another', async () => {
    await expectRefused(t, () => t.request('POST', '/api/v1/windows', { token: t.adminToken, body: windowBody({ number: 1 }) }), 409, 'WINDOW_NUMBER_TAKEN');
    expect(expectStatus(await t.request('POST', '/api/v1/windows', { token: t.adminToken, body: windowBody({ centerId: o.district.id, number: 2 }) }), 201).number).toBe(2);
    expect(expectStatus(await t.request('POST', '/api/v1/windows', { token: t.adminToken, body: windowBody({ centerId: o.other.id, number: 4 }) }), 201).number).toBe(4);
  });

  it('requires a department of the same center for a dedicated window', async () => {
    await expectRefused(t, () => t.request('POST', '/api/v1/windows', { token: t.adminToken, body: windowBody({ kind: 'dedicated' }) }), 400, 'DEPARTMENT_REQUIRED');
    await expectRefused(t, () => t.request('POST', '/api/v1/windows', { token: t.adminToken, body: windowBody({ kind: 'dedicated', departmentId: null }) }), 400, 'DEPARTMENT_REQUIRED');
    await expectRefused(t, () => t.request('POST', '/api/v1/windows', { token: t.adminToken, body: windowBody({ kind: 'dedicated', departmentId: o.otherDept.id }) }), 400, 'INVALID_REFERENCE');
    await expectRefused(t, () => t.request('POST', '/api/v1/windows', { token: t.adminToken, body: windowBody({ kind: 'dedicated', departmentId: 'nowhere' }) }), 400, 'INVALID_REFERENCE');
    const window = expectStatus(await t.request('POST', '/api/v1/windows', { token: t.adminToken, body: windowBody({ number: 11, kind: 'dedicated', departmentId: o.tax.id }) }), 201);
    expect(window).toMatchObject({ departmentId: o.tax.id, departmentName: '税务局' });
  });

  it('refuses a hall or zone of another center or hall with 400 INVALID_REFERENCE', async () => {
    const otherHall = await create(t, '/api/v1/halls', { centerId: o.other.id, name: '外厅' });
    const otherZone = await create(t, '/api/v1/zones', { hallId: otherHall.id, name: '外区', kind: 'service' });
    const secondHall = await create(t, '/api/v1/halls', { centerId: o.city.id, name: '二号厅' });
    const zoneOfSecond = await create(t, '/api/v1/zones', { hallId: secondHall.id, name: '二号厅业务区', kind: 'service' });
    for (const placement of [{ hallId: otherHall.id }, { hallId: 'nowhere' }, { zoneId: otherZone.id }, { zoneId: 'nowhere' }, { hallId: o.hall.id, zoneId: zoneOfSecond.id }]) {
      await expectRefused(t, () => t.request('POST', '/api/v1/windows', { token: t.adminToken, body: windowBody(placement) }), 400, 'INVALID_REFERENCE');
    }
  });

  it.each([
    ['number 0', { number: 0 }],
    ['number 10000', { number: 10000 }],
    ['a fractional number', { number: 1.5 }],
    ['a number in words', { number: 'five' }],
    ['an unknown kind', { kind: 'vip' }],
    ['an empty name', { name: '' }],
    ['no name', { name: undefined }],
  ])('refuses %s with 400 VALIDATION_ERROR', async (_what, extra) => {
    await expectRefused(t, () => t.request('POST', '/api/v1/windows', { token: t.adminToken, body: windowBody(extra) }), 400, 'VALIDATION_ERROR');
  });

  it('answers 404 for an unknown center', async () => {
    await expectRefused(t, () => t.request('POST', '/api/v1/windows', { token: t.adminToken, body: windowBody({ centerId: 'nowhere' }) }), 404, 'NOT_FOUND');
  });
});

describe('PATCH and DELETE /api/v1/windows/:id', () => {
  it('updates a window with before and after audited, and turns a dedicated window into a general one', async () => {
    const before = await create(t, '/api/v1/windows', windowBody({ number: 20, kind: 'dedicated', departmentId: o.police.id }));
    const renamed = expectStatus(await t.request('PATCH', `/api/v1/windows/${before.id}`, { token: t.adminToken, body: { name: '公安专窗 2', number: 21 } }), 200);
    expect(renamed).toMatchObject({ name: '公安专窗 2', number: 21, departmentId: o.police.id });
    await expectAudited(t, before.id, { action: 'window.update', actorId: admin, before, after: renamed });
    const general = expectStatus(await t.request('PATCH', `/api/v1/windows/${before.id}`, { token: t.adminToken, body: { kind: 'general', departmentId: null } }), 200);
    expect(general).toMatchObject({ kind: 'general', departmentId: null, departmentName: null });
    await expectRefused(t, () => t.request('PATCH', `/api/v1/windows/${before.id}`, { token: t.adminToken, body: { kind: 'dedicated' } }), 400, 'DEPARTMENT_REQUIRED');
    await expectRefused(t, () => t.request('PATCH', `/api/v1/windows/${before.id}`, { token: t.adminToken, body: { number: 1 } }), 409, 'WINDOW_NUMBER_TAKEN');
    await expectRefused(t, () => t.request('PATCH', `/api/v1/windows/${before.id}`, { token: t.adminToken, body: { departmentId: o.otherDept.id } }), 400, 'INVALID_REFERENCE');
    await expectRefused(t, () => t.request('PATCH', '/api/v1/windows/nowhere', { token: t.adminToken, body: { name: '某' } }), 404, 'NOT_FOUND');
    expectStatus(await t.request('PATCH', `/api/v1/windows/${before.id}`, { token: t.adminToken, body: { number: 21 } }), 200); // its own number
  });

  it('deletes a closed window without devices, audited; refuses an open one or one with devices', async () => {
    const window = await create(t, '/api/v1/windows', windowBody({ number: 30 }));
    const pad = await create(t, '/api/v1/devices', { centerId: o.city.id, kind: 'rating_pad', name: '评价器', windowId: window.id });
    await expectRefused(t, () => t.request('DELETE', `/api/v1/windows/${window.id}`, { token: t.adminToken }), 409, 'IN_USE');
    expectStatus(await t.request('DELETE', `/api/v1/devices/${pad.device.id}`, { token: t.adminToken }), 200);
    expectStatus(await act(o.accounts.staff2.token, window.id, 'sign-in'), 200);
    await expectRefused(t, () => t.request('DELETE', `/api/v1/windows/${window.id}`, { token: t.adminToken }), 409, 'WINDOW_IN_SERVICE');
    expectStatus(await act(o.accounts.staff2.token, window.id, 'sign-out'), 200);
    expect(expectStatus(await t.request('DELETE', `/api/v1/windows/${window.id}`, { token: t.adminToken }), 200)).toEqual({ ok: true });
    const audit = await expectAudited(t, window.id, { action: 'window.delete', actorId: admin, after: null });
    expect(audit.before).toMatchObject({ id: window.id, number: 30, status: 'closed' });
    expectError(await t.request('DELETE', `/api/v1/windows/${window.id}`, { token: t.adminToken }), 404, 'NOT_FOUND');
  });
});

describe('window sign-in, pause, resume and sign-out', () => {
  it('walks a window through its states, auditing and announcing each step', async () => {
    const staff = o.accounts.staff;
    const w = o.windows.general.id;
    const events = await countRows(t, 'event_log', { type: 'window.changed' });

    const open = expectStatus(await act(staff.token, w, 'sign-in'), 200);
    expect(open).toMatchObject({ id: w, status: 'open', staff: { id: staff.id, name: '测试staff' }, pauseReason: null });
    await expectAudited(t, w, { action: 'window.sign-in', actorId: staff.id, before: expect.objectContaining({ status: 'closed', staff: null }), after: open });
    expect(await call(t, 'GET', '/api/v1/windows/mine', 200, { token: staff.token })).toEqual({ window: open });

    await expectRefused(t, () => act(staff.token, w, 'pause', { reason: '   ' }), 400, 'REASON_REQUIRED');
    await expectRefused(t, () => act(staff.token, w, 'pause'), 400, 'VALIDATION_ERROR');
    await expectRefused(t, () => act(staff.token, w, 'pause', {}), 400, 'VALIDATION_ERROR');
    const paused = expectStatus(await act(staff.token, w, 'pause', { reason: ' 系统故障 ' }), 200);
    expect(paused).toMatchObject({ status: 'paused', pauseReason: '系统故障', staff: { id: staff.id } });
    await expectAudited(t, w, { action: 'window.pause', actorId: staff.id, before: open, after: paused });
    await expectRefused(t, () => act(staff.token, w, 'pause', { reason: '再停' }), 409, 'INVALID_WINDOW_STATE');

    const resumed = expectStatus(await act(staff.token, w, 'resume'), 200);
    expect(resumed).toMatchObject({ status: 'open', pauseReason: null, staff: { id: staff.id } });
    await expectRefused(t, () => act(staff.token, w, 'resume'), 409, 'INVALID_WINDOW_STATE');

    const closed = expectStatus(await act(staff.token, w, 'sign-out'), 200);
    expect(closed).toMatchObject({ status: 'closed', staff: null, pauseReason: null });
    await expectAudited(t, w, { action: 'window.sign-out', actorId: staff.id, before: resumed, after: closed });
    expect(await call(t, 'GET', '/api/v1/windows/mine', 200, { token: staff.token })).toEqual({ window: null });
    // no longer at the window, the staff member may not act on it; a manager learns it is closed
    await expectRefused(t, () => act(staff.token, w, 'sign-out'), 403, 'FORBIDDEN');
    for (const action of ['sign-out', 'resume']) await expectRefused(t, () => act(t.adminToken, w, action), 409, 'INVALID_WINDOW_STATE');
    await expectRefused(t, () => act(t.adminToken, w, 'pause', { reason: '午休' }), 409, 'INVALID_WINDOW_STATE');

    expect(await countRows(t, 'event_log', { type: 'window.changed' })).toBe(events + 4);
  });

  it('lets one person sit at one window at a time', async () => {
    const [a, b] = [o.accounts.staff, o.accounts.staff2];
    expectStatus(await act(a.token, o.windows.general.id, 'sign-in'), 200);
    await expectRefused(t, () => act(a.token, o.windows.general.id, 'sign-in'), 409, 'WINDOW_OCCUPIED');
    await expectRefused(t, () => act(b.token, o.windows.general.id, 'sign-in'), 409, 'WINDOW_OCCUPIED');
    await expectRefused(t, () => act(a.token, o.windows.general2.id, 'sign-in'), 409, 'ALREADY_SIGNED_IN');
    // paused is still occupied
    expectStatus(await act(a.token, o.windows.general.id, 'pause', { reason: '离席' }), 200);
    await expectRefused(t, () => act(b.token, o.windows.general.id, 'sign-in'), 409, 'WINDOW_OCCUPIED');
    expectStatus(await act(a.token, o.windows.general.id, 'sign-out'), 200);
    expectStatus(await act(b.token, o.windows.general.id, 'sign-in'), 200);
    expectStatus(await act(b.token, o.windows.general.id, 'sign-out'), 200);
  });

  it('keeps department staff to their own dedicated windows', async () => {
    const police = o.accounts.policeStaff;
    await expectRefused(t, () => act(police.token, o.windows.taxWindow.id, 'sign-in'), 403, 'FORBIDDEN');
    await expectRefused(t, () => act(police.token, o.windows.general.id, 'sign-in'), 403, 'FORBIDDEN');
    expect(expectStatus(await act(police.token, o.windows.policeWindow.id, 'sign-in'), 200).staff.id).toBe(police.id);
    // a center-wide window staff member may sit at any window of the center, dedicated ones included
    expectStatus(await act(o.accounts.staff2.token, o.windows.taxWindow.id, 'sign-in'), 200);
    for (const [who, w] of [[police, o.windows.policeWindow], [o.accounts.staff2, o.windows.taxWindow]] as const) expectStatus(await act(who.token, w.id, 'sign-out'), 200);
  });

  it('lets a center manager, also of a parent center, pause and sign a staff member out', async () => {
    const staff = o.accounts.staff;
    expectStatus(await act(staff.token, o.windows.general.id, 'sign-in'), 200);
    const manager = o.accounts.cityManager;
    expect(expectStatus(await act(manager.token, o.windows.general.id, 'pause', { reason: '临时调整' }), 200).staff.id).toBe(staff.id);
    expect(expectStatus(await act(manager.token, o.windows.general.id, 'sign-out'), 200)).toMatchObject({ status: 'closed', staff: null });
    await expectAudited(t, o.windows.general.id, { action: 'window.sign-out', actorId: manager.id });

    const districtStaff = o.accounts.districtStaff;
    expectStatus(await act(districtStaff.token, o.windows.districtWindow.id, 'sign-in'), 200);
    await expectRefused(t, () => act(o.accounts.otherManager.token, o.windows.districtWindow.id, 'sign-out'), 403, 'FORBIDDEN');
    expectStatus(await act(manager.token, o.windows.districtWindow.id, 'sign-out'), 200);
    // an admin may sign someone out too
    expectStatus(await act(staff.token, o.windows.general.id, 'sign-in'), 200);
    expectStatus(await act(t.adminToken, o.windows.general.id, 'sign-out'), 200);
  });

  it('answers 404 for an unknown window', async () => {
    for (const action of ['sign-in', 'resume', 'sign-out']) await expectRefused(t, () => act(o.accounts.staff.token, 'nowhere', action), 404, 'NOT_FOUND');
    await expectRefused(t, () => act(o.accounts.staff.token, 'nowhere', 'pause', { reason: '午休' }), 404, 'NOT_FOUND');
  });
});
