import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/testApp.ts';
import { allDayHours, call, create, expectAudited, expectError, expectRefused, expectStatus, type Org, orgApp } from '../helpers/fixtures.ts';

let t: TestApp;
let o: Org;
let admin: string;
beforeAll(async () => ({ t, o, admin } = await orgApp()));
afterAll(async () => t?.close());

const as = (token: string) => ({
  post: (url: string, body: unknown) => t.request('POST', url, { token, body }),
  patch: (url: string, body: unknown) => t.request('PATCH', url, { token, body }),
  del: (url: string) => t.request('DELETE', url, { token }),
});
const root = () => as(t.adminToken);

describe('centers', () => {
  it('lists every center publicly, in creation order', async () => {
    const list = await call(t, 'GET', '/api/v1/centers', 200);
    expect(list.map((c: { id: string }) => c.id)).toEqual([o.city.id, o.district.id, o.town.id, o.other.id]);
    expect(list[0]).toEqual({ id: o.city.id, name: '测试市民服务中心', level: 'city', parentId: null, address: '测试路 1 号', phone: null, openingHours: allDayHours });
    expect(list[1]).toMatchObject({ level: 'district', parentId: o.city.id });
  });

  it('answers one center publicly, or 404 NOT_FOUND', async () => {
    expect(await call(t, 'GET', `/api/v1/centers/${o.town.id}`, 200)).toEqual(o.town);
    expectError(await t.request('GET', '/api/v1/centers/nowhere'), 404, 'NOT_FOUND');
  });

  it('creates a center with opening hours and audits it', async () => {
    const openingHours = [
      { days: [1, 2, 3, 4, 5], open: '08:30', close: '12:00' },
      { days: [1, 2, 3, 4, 5], open: '14:00', close: '17:30' },
    ];
    const center = expectStatus(await root().post('/api/v1/centers', { name: '新村服务站', level: 'village', parentId: o.town.id, phone: '0769-12345678', openingHours }), 201);
    expect(center).toEqual({ id: expect.any(String), name: '新村服务站', level: 'village', parentId: o.town.id, address: null, phone: '0769-12345678', openingHours });
    await expectAudited(t, center.id, { action: 'center.create', actorId: admin, after: center });
  });

  it('lets levels be skipped: a town directly under a city', async () => {
    expect(expectStatus(await root().post('/api/v1/centers', { name: '直属镇', level: 'town', parentId: o.city.id }), 201).parentId).toBe(o.city.id);
  });

  it.each([
    ['a town under a town', 'town', () => o.town.id],
    ['a city under a district', 'city', () => o.district.id],
    ['a district under a district', 'district', () => o.district.id],
    ['a province under a city', 'province', () => o.city.id],
  ])('refuses %s with 400 INVALID_LEVEL', async (_what, level, parent) => {
    await expectRefused(t, () => root().post('/api/v1/centers', { name: '错层中心', level, parentId: parent() }), 400, 'INVALID_LEVEL');
  });

  it('refuses an unknown parent with 400 INVALID_PARENT', async () => {
    await expectRefused(t, () => root().post('/api/v1/centers', { name: '孤儿', level: 'town', parentId: 'nowhere' }), 400, 'INVALID_PARENT');
  });

  it('refuses unsound opening hours with 400 INVALID_OPENING_HOURS and every problem in the details', async () => {
    const error = expectError(
      await root().post('/api/v1/centers', { name: '乱营业', level: 'city', openingHours: [{ days: [1, 1], open: '18:00', close: '09:00' }, { days: [2], open: '09:00', close: '12:00' }, { days: [2], open: '11:00', close: '13:00' }] }),
      400,
      'INVALID_OPENING_HOURS',
    );
    expect(error.details).toEqual(['第 1 条营业时间的星期有重复', '第 1 条营业时间的开始时间应早于结束时间', '星期二的营业时间有重叠']);
  });

  it.each([
    ['no name', { level: 'city' }],
    ['an empty name', { name: '', level: 'city' }],
    ['an unknown level', { name: '某', level: 'county' }],
    ['a time of 24:00', { name: '某', level: 'city', openingHours: [{ days: [1], open: '09:00', close: '24:00' }] }],
    ['weekday 8', { name: '某', level: 'city', openingHours: [{ days: [8], open: '09:00', close: '18:00' }] }],
    ['no weekday', { name: '某', level: 'city', openingHours: [{ days: [], open: '09:00', close: '18:00' }] }],
    ['an address too long', { name: '某', level: 'city', address: '路'.repeat(201) }],
  ])('refuses %s with 400 VALIDATION_ERROR', async (_what, body) => {
    await expectRefused(t, () => root().post('/api/v1/centers', body), 400, 'VALIDATION_ERROR');
  });

  it('updates a center with its before and after in the audit log', async () => {
    const before = await create(t, '/api/v1/centers', { name: '改前', level: 'town', parentId: o.district.id });
    const after = expectStatus(await root().patch(`/api/v1/centers/${before.id}`, { name: '改后', address: '新址', openingHours: [{ days: [6, 7], open: '09:00', close: '12:00' }] }), 200);
    expect(after).toEqual({ ...before, name: '改后', address: '新址', openingHours: [{ days: [6, 7], open: '09:00', close: '12:00' }] });
    await expectAudited(t, before.id, { action: 'center.update', actorId: admin, before, after });
    // a field left out stays; null clears it
    expect(expectStatus(await root().patch(`/api/v1/centers/${before.id}`, { address: null }), 200)).toEqual({ ...after, address: null });
  });

  it('moves a center under another parent, and refuses cycles with 400 INVALID_PARENT', async () => {
    const a = await create(t, '/api/v1/centers', { name: '甲区', level: 'district', parentId: o.other.id });
    const b = await create(t, '/api/v1/centers', { name: '甲镇', level: 'town', parentId: a.id });
    const c = await create(t, '/api/v1/centers', { name: '甲村', level: 'village', parentId: b.id });
    await expectRefused(t, () => root().patch(`/api/v1/centers/${a.id}`, { parentId: a.id }), 400, 'INVALID_PARENT');
    await expectRefused(t, () => root().patch(`/api/v1/centers/${a.id}`, { parentId: c.id, level: 'province' }), 400, 'INVALID_PARENT');
    await expectRefused(t, () => root().patch(`/api/v1/centers/${b.id}`, { parentId: c.id }), 400, 'INVALID_PARENT');
    await expectRefused(t, () => root().patch(`/api/v1/centers/${a.id}`, { parentId: 'nowhere' }), 400, 'INVALID_PARENT');
    // a level that no longer fits the parent or the children
    await expectRefused(t, () => root().patch(`/api/v1/centers/${b.id}`, { level: 'district' }), 400, 'INVALID_LEVEL');
    await expectRefused(t, () => root().patch(`/api/v1/centers/${b.id}`, { level: 'village' }), 400, 'INVALID_LEVEL');
    await expectRefused(t, () => root().patch(`/api/v1/centers/${c.id}`, { parentId: o.city.id, level: 'city' }), 400, 'INVALID_LEVEL');
    // a sound move
    expect(expectStatus(await root().patch(`/api/v1/centers/${b.id}`, { parentId: o.district.id }), 200).parentId).toBe(o.district.id);
    expect(expectStatus(await root().patch(`/api/v1/centers/${a.id}`, { parentId: null }), 200).parentId).toBeNull();
  });

  it('does not let an admin scoped to a center move it out of its reach', async () => {
    const cityAdmin = as(o.accounts.cityAdmin.token);
    await expectRefused(t, () => cityAdmin.patch(`/api/v1/centers/${o.district.id}`, { parentId: o.other.id }), 403, 'FORBIDDEN');
    await expectRefused(t, () => cityAdmin.patch(`/api/v1/centers/${o.district.id}`, { parentId: null }), 403, 'FORBIDDEN');
    await expectRefused(t, () => cityAdmin.patch(`/api/v1/centers/${o.city.id}`, { parentId: o.other.id, level: 'district' }), 403, 'FORBIDDEN');
    // within its reach it may
    const town = await create(t, '/api/v1/centers', { name: '可迁镇', level: 'town', parentId: o.district.id }, o.accounts.cityAdmin.token);
    expect(expectStatus(await cityAdmin.patch(`/api/v1/centers/${town.id}`, { parentId: o.city.id }), 200).parentId).toBe(o.city.id);
    // and may rename its own center, leaving the parent as it is
    expect(expectStatus(await cityAdmin.patch(`/api/v1/centers/${o.district.id}`, { parentId: o.city.id, phone: '12345' }), 200).phone).toBe('12345');
  });

  it('answers 404 for an unknown center on update', async () => {
    await expectRefused(t, () => root().patch('/api/v1/centers/nowhere', { name: '某' }), 404, 'NOT_FOUND');
  });
});

describe('halls and zones', () => {
  it('lists halls with their zones publicly', async () => {
    const hall = await create(t, '/api/v1/halls', { centerId: o.district.id, name: '区大厅' });
    const zone = await create(t, '/api/v1/zones', { hallId: hall.id, name: '24 小时自助区', kind: 'self_service', open24h: true });
    expect(zone).toEqual({ id: expect.any(String), hallId: hall.id, name: '24 小时自助区', kind: 'self_service', open24h: true });
    expect(await call(t, 'GET', `/api/v1/centers/${o.district.id}/halls`, 200)).toEqual([{ id: hall.id, centerId: o.district.id, name: '区大厅', floor: null, zones: [zone] }]);
    expectError(await t.request('GET', '/api/v1/centers/nowhere/halls'), 404, 'NOT_FOUND');
  });

  it('creates, updates and deletes a hall, auditing each step', async () => {
    const manager = o.accounts.cityManager;
    const hall = expectStatus(await as(manager.token).post('/api/v1/halls', { centerId: o.city.id, name: '三号厅', floor: '3F' }), 201);
    expect(hall).toEqual({ id: expect.any(String), centerId: o.city.id, name: '三号厅', floor: '3F', zones: [] });
    await expectAudited(t, hall.id, { action: 'hall.create', actorId: manager.id, after: hall });
    const updated = expectStatus(await as(manager.token).patch(`/api/v1/halls/${hall.id}`, { name: '三号大厅', floor: null }), 200);
    expect(updated).toEqual({ ...hall, name: '三号大厅', floor: null });
    await expectAudited(t, hall.id, { action: 'hall.update', actorId: manager.id, before: hall, after: updated });
    expect(expectStatus(await as(manager.token).del(`/api/v1/halls/${hall.id}`), 200)).toEqual({ ok: true });
    await expectAudited(t, hall.id, { action: 'hall.delete', actorId: manager.id, before: updated, after: null });
    expectError(await root().patch(`/api/v1/halls/${hall.id}`, { name: '已删' }), 404, 'NOT_FOUND');
  });

  it('refuses a second hall of the same name in a center with 409', async () => {
    await expectRefused(t, () => root().post('/api/v1/halls', { centerId: o.city.id, name: '一号厅' }), 409, 'CONFLICT');
    expectStatus(await root().post('/api/v1/halls', { centerId: o.other.id, name: '一号厅' }), 201);
  });

  it('refuses to delete a hall that still has zones, windows or devices: 409 IN_USE', async () => {
    const hall = await create(t, '/api/v1/halls', { centerId: o.city.id, name: '待删厅' });
    const zone = await create(t, '/api/v1/zones', { hallId: hall.id, name: '等候区', kind: 'waiting' });
    await expectRefused(t, () => root().del(`/api/v1/halls/${hall.id}`), 409, 'IN_USE');
    expectStatus(await root().del(`/api/v1/zones/${zone.id}`), 200);
    const window = await create(t, '/api/v1/windows', { centerId: o.city.id, name: '临时窗口', number: 88, kind: 'general', hallId: hall.id });
    await expectRefused(t, () => root().del(`/api/v1/halls/${hall.id}`), 409, 'IN_USE');
    expectStatus(await root().del(`/api/v1/windows/${window.id}`), 200);
    const device = await create(t, '/api/v1/devices', { centerId: o.city.id, kind: 'hall_display', name: '综合屏', hallId: hall.id });
    await expectRefused(t, () => root().del(`/api/v1/halls/${hall.id}`), 409, 'IN_USE');
    expectStatus(await root().del(`/api/v1/devices/${device.device.id}`), 200);
    expectStatus(await root().del(`/api/v1/halls/${hall.id}`), 200);
  });

  it('refuses bad hall and zone input', async () => {
    await expectRefused(t, () => root().post('/api/v1/halls', { centerId: 'nowhere', name: '某厅' }), 404, 'NOT_FOUND');
    await expectRefused(t, () => root().post('/api/v1/halls', { centerId: o.city.id }), 400, 'VALIDATION_ERROR');
    await expectRefused(t, () => root().post('/api/v1/halls', { centerId: o.city.id, name: '厅', floor: 'F'.repeat(21) }), 400, 'VALIDATION_ERROR');
    await expectRefused(t, () => root().post('/api/v1/zones', { hallId: 'nowhere', name: '区', kind: 'service' }), 404, 'NOT_FOUND');
    await expectRefused(t, () => root().post('/api/v1/zones', { hallId: o.hall.id, name: '区', kind: 'garden' }), 400, 'VALIDATION_ERROR');
    await expectRefused(t, () => root().post('/api/v1/zones', { hallId: o.hall.id, name: '区', kind: 'service', open24h: 'always' }), 400, 'VALIDATION_ERROR');
    await expectRefused(t, () => root().patch('/api/v1/zones/nowhere', { name: '区' }), 404, 'NOT_FOUND');
    await expectRefused(t, () => root().del('/api/v1/zones/nowhere'), 404, 'NOT_FOUND');
    await expectRefused(t, () => root().del('/api/v1/halls/nowhere'), 404, 'NOT_FOUND');
  });

  it('updates and deletes a zone with audit, and refuses to delete one with windows', async () => {
    const zone = await create(t, '/api/v1/zones', { hallId: o.hall.id, name: '业务区', kind: 'service' });
    await expectAudited(t, zone.id, { action: 'zone.create', actorId: admin, after: zone });
    const updated = expectStatus(await root().patch(`/api/v1/zones/${zone.id}`, { kind: 'self_service', open24h: true }), 200);
    expect(updated).toEqual({ ...zone, kind: 'self_service', open24h: true });
    await expectAudited(t, zone.id, { action: 'zone.update', actorId: admin, before: zone, after: updated });
    const window = await create(t, '/api/v1/windows', { centerId: o.city.id, name: '区内窗口', number: 77, kind: 'general', hallId: o.hall.id, zoneId: zone.id });
    await expectRefused(t, () => root().del(`/api/v1/zones/${zone.id}`), 409, 'IN_USE');
    expectStatus(await root().del(`/api/v1/windows/${window.id}`), 200);
    expectStatus(await root().del(`/api/v1/zones/${zone.id}`), 200);
    await expectAudited(t, zone.id, { action: 'zone.delete', actorId: admin, before: updated, after: null });
  });
});

describe('departments', () => {
  it('lists the departments of a center publicly', async () => {
    expect(await call(t, 'GET', `/api/v1/centers/${o.city.id}/departments`, 200)).toEqual([o.police, o.tax]);
    expect(o.police).toEqual({ id: expect.any(String), centerId: o.city.id, name: '公安局' });
    expectError(await t.request('GET', '/api/v1/centers/nowhere/departments'), 404, 'NOT_FOUND');
  });

  it('creates, renames and deletes a department, auditing each step', async () => {
    const department = expectStatus(await root().post('/api/v1/departments', { centerId: o.city.id, name: '民政局' }), 201);
    await expectAudited(t, department.id, { action: 'department.create', actorId: admin, after: department });
    const renamed = expectStatus(await root().patch(`/api/v1/departments/${department.id}`, { name: '民政局（婚姻登记）' }), 200);
    expect(renamed).toEqual({ ...department, name: '民政局（婚姻登记）' });
    await expectAudited(t, department.id, { action: 'department.update', actorId: admin, before: department, after: renamed });
    expectStatus(await root().del(`/api/v1/departments/${department.id}`), 200);
    await expectAudited(t, department.id, { action: 'department.delete', actorId: admin, before: renamed, after: null });
    expectError(await root().del(`/api/v1/departments/${department.id}`), 404, 'NOT_FOUND');
  });

  it('keeps names unique within a center: 409 DEPARTMENT_EXISTS', async () => {
    await expectRefused(t, () => root().post('/api/v1/departments', { centerId: o.city.id, name: '公安局' }), 409, 'DEPARTMENT_EXISTS');
    await expectRefused(t, () => root().patch(`/api/v1/departments/${o.tax.id}`, { name: '公安局' }), 409, 'DEPARTMENT_EXISTS');
    expectStatus(await root().post('/api/v1/departments', { centerId: o.district.id, name: '公安局' }), 201);
    expectStatus(await root().patch(`/api/v1/departments/${o.tax.id}`, { name: '税务局' }), 200); // its own name
  });

  it('refuses to delete a department with dedicated windows: 409 IN_USE', async () => {
    await expectRefused(t, () => root().del(`/api/v1/departments/${o.police.id}`), 409, 'IN_USE');
  });

  it('refuses bad department input', async () => {
    await expectRefused(t, () => root().post('/api/v1/departments', { centerId: 'nowhere', name: '某局' }), 404, 'NOT_FOUND');
    await expectRefused(t, () => root().post('/api/v1/departments', { centerId: o.city.id, name: '' }), 400, 'VALIDATION_ERROR');
    await expectRefused(t, () => root().post('/api/v1/departments', { name: '某局' }), 400, 'VALIDATION_ERROR');
    await expectRefused(t, () => root().patch(`/api/v1/departments/${o.tax.id}`, {}), 400, 'VALIDATION_ERROR');
    await expectRefused(t, () => root().patch('/api/v1/departments/nowhere', { name: '某局' }), 404, 'NOT_FOUND');
  });
});
