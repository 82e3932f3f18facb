import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listServicePoints } from '../../src/server/modules/network/service.ts';
import { auditOf, call, create, expectError, orgApp, type Org } from '../helpers/fixtures.ts';
import type { TestApp } from '../helpers/testApp.ts';

/** 政务地图 and 微服务站: where each point is, which points offer an item nearest first, stations and their 基层证明. */

let t: TestApp;
let o: Org;
let item: { id: string };
type Json = any;

const place = (centerId: string, body: Record<string, unknown>, token = t.adminToken) => t.request('PUT', `/api/v1/centers/${centerId}/location`, { token, body });
const points = async (query: string) => call(t, 'GET', `/api/v1/service-points?${query}`, 200);

beforeAll(async () => {
  ({ t, o } = await orgApp());
  // Offered at the city center and the town only.
  item = await create(t, '/api/v1/items', { code: 'NET-1', name: '居住证办理', departmentId: o.police.id, type: '公共服务', legalDays: 10, promisedDays: 5, centerIds: [o.city.id, o.town.id] });
  await call(t, 'PATCH', `/api/v1/centers/${o.city.id}`, 200, { token: t.adminToken, body: { openingHours: [{ days: [1, 2, 3, 4, 5], open: '09:00', close: '17:00' }] } });
  await call(t, 'PUT', `/api/v1/centers/${o.city.id}/location`, 200, { token: t.adminToken, body: { longitude: 113.7518, latitude: 23.0205 } });
  await call(t, 'PUT', `/api/v1/centers/${o.district.id}/location`, 200, { token: t.adminToken, body: { longitude: 113.77, latitude: 23.043, transportNote: '地铁 2 号线东城站 B 口' } });
  await call(t, 'PUT', `/api/v1/centers/${o.town.id}/location`, 200, { token: t.adminToken, body: { longitude: 113.82, latitude: 23.01 } });
});
afterAll(async () => t?.close());

describe('placing a point on the map', () => {
  it('the center manager sets it, the change is audited, the kind defaults by level until named', async () => {
    const before = await call(t, 'GET', `/api/v1/centers/${o.town.id}/location`, 200);
    expect(before).toMatchObject({ longitude: 113.82, latitude: 23.01, kindLabel: '便民服务中心', contactPhone: null });
    const placed = await call(t, 'PUT', `/api/v1/centers/${o.town.id}/location`, 200, { token: o.accounts.districtManager.token, body: { longitude: 113.821, latitude: 23.011, kindLabel: '政务服务中心', contactPhone: '0769-12345' } });
    expect(placed).toMatchObject({ longitude: 113.821, kindLabel: '政务服务中心', contactPhone: '0769-12345' });
    const audit = await auditOf(t, o.town.id);
    expect(audit[0]).toMatchObject({ action: 'center.location', actorName: '测试districtManager', before: { longitude: 113.82 }, after: { longitude: 113.821 } });
    // Leaving kindLabel out keeps it; moving back keeps the name too.
    expect(await call(t, 'PUT', `/api/v1/centers/${o.town.id}/location`, 200, { token: t.adminToken, body: { longitude: 113.82, latitude: 23.01 } })).toMatchObject({ longitude: 113.82, kindLabel: '政务服务中心', contactPhone: '0769-12345' });
  });

  it('refuses a manager of another center, anonymous callers, out-of-range and half-given coordinates', async () => {
    expectError(await place(o.town.id, { longitude: 113.8, latitude: 23 }, o.accounts.otherManager.token), 403, 'FORBIDDEN');
    expectError(await place(o.town.id, { longitude: 113.8, latitude: 23 }, ''), 401, 'UNAUTHENTICATED');
    expect((await place(o.town.id, { longitude: 200, latitude: 23 })).statusCode).toBe(400);
    expect((await place(o.town.id, { longitude: 113.8, latitude: 91 })).statusCode).toBe(400);
    expect((await place(o.town.id, { longitude: 2.35, latitude: 48.85 })).statusCode).toBe(400);
    expectError(await place(o.town.id, { longitude: 113.8, latitude: null }), 400, 'INVALID_LOCATION');
    expectError(await place('no-such-center', { longitude: 113.8, latitude: 23 }), 404, 'NOT_FOUND');
    expect((await call(t, 'GET', `/api/v1/centers/${o.town.id}/location`, 200)).longitude).toBe(113.82);
  });
});

describe('GET /api/v1/service-points', () => {
  it('lists every point with its facts; without a position by level', async () => {
    const list = await points('pageSize=50');
    expect(list.total).toBe(4);
    expect(list.near).toBeNull();
    const city = list.items.find((p: Json) => p.id === o.city.id);
    expect(city).toMatchObject({ name: '测试市民服务中心', level: 'city', kindLabel: '政务服务中心', address: '测试路 1 号', terminalCount: 1, waiting: 0, distanceMetres: null, offersItem: null });
    expect(city.itemCount).toBeGreaterThanOrEqual(1);
    expect(list.items.find((p: Json) => p.id === o.district.id).transportNote).toBe('地铁 2 号线东城站 B 口');
    expect(list.items[0].level).toBe('city');
  });

  it('nearest first from a position; unplaced points last; distances in metres', async () => {
    const list = await points('near=113.771,23.044');
    expect(list.near).toEqual({ longitude: 113.771, latitude: 23.044 });
    expect(list.items.map((p: Json) => p.id)).toEqual([o.district.id, o.city.id, o.town.id, o.other.id]);
    expect(list.items[0].distanceMetres).toBeGreaterThan(100);
    expect(list.items[0].distanceMetres).toBeLessThan(200);
    expect(list.items[3].distanceMetres).toBeNull();
  });

  it('where can I do an item nearest to me: only the points offering it, nearest first', async () => {
    const list = await points(`itemId=${item.id}&near=113.821,23.011`);
    expect(list.items.map((p: Json) => [p.id, p.offersItem])).toEqual([
      [o.town.id, true],
      [o.city.id, true],
    ]);
    expectError(await t.request('GET', '/api/v1/service-points?itemId=no-such-item'), 404, 'NOT_FOUND');
  });

  it('a phone position (WGS-84) is moved onto the Chinese map before sorting', async () => {
    const list = await points('near=113.7466,23.0232&coord=wgs84');
    expect(list.near.longitude).toBeCloseTo(113.7518, 2);
    expect(list.items[0].id).toBe(o.city.id);
    expect(list.items[0].distanceMetres).toBeLessThan(150);
  });

  it('filters by level and words; pages keep the order', async () => {
    expect((await points('level=town')).items.map((p: Json) => p.id)).toEqual([o.town.id]);
    expect((await points(`q=${encodeURIComponent('测试路')}`)).items.map((p: Json) => p.id)).toEqual([o.city.id]);
    const all = (await points('near=113.771,23.044&pageSize=50')).items.map((p: Json) => p.id);
    const pages = [...(await points('near=113.771,23.044&page=1&pageSize=3')).items, ...(await points('near=113.771,23.044&page=2&pageSize=3')).items].map((p: Json) => p.id);
    expect(pages).toEqual(all);
    expect((await points('near=113.771,23.044&page=2&pageSize=3')).total).toBe(4);
  });

  it.each(['abc', '113.75', '23.02,113.75', '2.35,48.85', '113.75,23.02,5'])('answers a bad near=%s with 400 and a Chinese message', async (near) => {
    const error = expectError(await t.request('GET', `/api/v1/service-points?near=${encodeURIComponent(near)}`), 400, 'INVALID_NEAR');
    expect(error.message).toMatch(/经度|纬度/);
  });

  it('refuses a bad page size and a bad level', async () => {
    expect((await t.request('GET', '/api/v1/service-points?pageSize=0')).statusCode).toBe(400);
    expect((await t.request('GET', '/api/v1/service-points?level=county')).statusCode).toBe(400);
  });

  it('open now by the center hours and the calendar: open on a weekday morning, closed on Sunday and at night', async () => {
    const openAt = async (iso: string) => (await listServicePoints(t.database.db, { level: 'city', page: 1, pageSize: 5 }, new Date(iso))).items[0]!.openNow;
    expect(await openAt('2026-11-23T03:00:00Z')).toBe(true); // Monday 11:00 in Shanghai
    expect(await openAt('2026-11-22T03:00:00Z')).toBe(false); // Sunday
    expect(await openAt('2026-11-23T12:00:00Z')).toBe(false); // Monday 20:00
    expect(await openAt('2026-10-01T03:00:00Z')).toBe(false); // 国庆 holiday, a Thursday
  });

  it('counts the waiting tickets of each point from the queue', async () => {
    const category = await create(t, '/api/v1/categories', { centerId: o.city.id, name: '综合', prefix: 'N', itemIds: [item.id] });
    await create(t, '/api/v1/tickets', { centerId: o.city.id, categoryId: category.id, channel: 'staff' }, o.accounts.staff.token);
    await create(t, '/api/v1/tickets', { centerId: o.city.id, categoryId: category.id, channel: 'staff' }, o.accounts.staff.token);
    expect((await points('level=city')).items[0].waiting).toBe(2);
  });
});

describe('微服务站', () => {
  let station: Json;

  it('a center manager creates one with guides and videos; the public page shows them', async () => {
    station = await create(
      t,
      '/api/v1/stations',
      { centerId: o.town.id, name: '东城科技园微服务站', kind: 'park', address: '科技园 A 栋大堂', guideItemIds: [item.id], videos: [{ title: '居住证怎么办', url: 'https://v.example.cn/jzz.mp4' }] },
      o.accounts.districtManager.token,
    );
    expect(station).toMatchObject({ centerId: o.town.id, centerName: '测试镇便民服务中心', kindLabel: '园区', guideItemIds: [item.id] });
    const page = await call(t, 'GET', `/api/v1/stations/${station.id}`, 200);
    expect(page).toMatchObject({ name: '东城科技园微服务站', center: { id: o.town.id, longitude: 113.82 }, guides: [{ id: item.id, name: '居住证办理', department: '公安局' }], videos: [{ title: '居住证怎么办' }] });
    expect(page.certificateKinds).toContain('在职证明');
    expect((await auditOf(t, station.id)).map((a) => a.action)).toEqual(['station.create']);
  });

  it('refuses plain http videos, unknown items, other centers\' managers, anonymous callers — and writes nothing', async () => {
    const before = await t.database.db.selectFrom('micro_stations').select('id').execute();
    const body = { centerId: o.town.id, name: '某社区', kind: 'community' };
    expectError(await t.request('POST', '/api/v1/stations', { token: t.adminToken, body: { ...body, videos: [{ title: '视频', url: 'http://v.example.cn/1.mp4' }] } }), 400, 'INVALID_VIDEO_URL');
    expectError(await t.request('POST', '/api/v1/stations', { token: t.adminToken, body: { ...body, guideItemIds: ['no-such-item'] } }), 400, 'INVALID_REFERENCE');
    expectError(await t.request('POST', '/api/v1/stations', { token: o.accounts.otherManager.token, body }), 403, 'FORBIDDEN');
    expectError(await t.request('POST', '/api/v1/stations', { body }), 401, 'UNAUTHENTICATED');
    expect((await t.request('POST', '/api/v1/stations', { token: t.adminToken, body: { ...body, kind: 'school' } })).statusCode).toBe(400);
    expect(await t.database.db.selectFrom('micro_stations').select('id').execute()).toEqual(before);
  });

  it('edits and lists by center (with the centers below); other managers see none of it', async () => {
    const edited = await call(t, 'PATCH', `/api/v1/stations/${station.id}`, 200, { token: o.accounts.districtManager.token, body: { videos: [] } });
    expect(edited.videos).toEqual([]);
    expect((await call(t, 'GET', `/api/v1/stations?centerId=${o.district.id}`, 200, { token: o.accounts.districtManager.token })).items.map((s: Json) => s.id)).toEqual([station.id]);
    expect((await call(t, 'GET', '/api/v1/stations', 200, { token: o.accounts.districtManager.token })).total).toBe(1);
    expect((await call(t, 'GET', '/api/v1/stations', 200, { token: o.accounts.otherManager.token })).total).toBe(0);
    expectError(await t.request('GET', `/api/v1/stations?centerId=${o.district.id}`, { token: o.accounts.otherManager.token }), 403, 'FORBIDDEN');
    expectError(await t.request('GET', '/api/v1/stations', { token: o.accounts.staff.token }), 403, 'FORBIDDEN');
  });

  it('基层证明: the public asks; the attached center sees it masked, accepts and completes it; the whole phone is an audited read', async () => {
    expectError(await t.request('POST', `/api/v1/stations/${station.id}/certificate-requests`, { body: { kind: '在职证明', name: '李小明', phone: '12345' } }), 400, 'INVALID_PHONE');
    expect((await t.request('POST', `/api/v1/stations/${station.id}/certificate-requests`, { body: { kind: '在职证明', name: '', phone: '13912345678' } })).statusCode).toBe(400);
    expectError(await t.request('POST', '/api/v1/stations/none/certificate-requests', { body: { kind: '在职证明', name: '李小明', phone: '13912345678' } }), 404, 'NOT_FOUND');
    const receipt = await create(t, `/api/v1/stations/${station.id}/certificate-requests`, { kind: '在职证明', name: '李小明', phone: '139 1234 5678', note: '办理公积金用' }, '');
    expect(receipt).toMatchObject({ status: 'submitted', statusLabel: '待受理' });

    const listed = await call(t, 'GET', `/api/v1/centers/${o.town.id}/certificate-requests`, 200, { token: o.accounts.districtManager.token });
    expect(listed.items).toEqual([expect.objectContaining({ id: receipt.id, name: '李*明', phone: '139****5678', stationName: '东城科技园微服务站', statusLabel: '待受理' })]);
    expect(JSON.stringify(listed)).not.toContain('13912345678');
    expectError(await t.request('GET', `/api/v1/centers/${o.town.id}/certificate-requests`, { token: o.accounts.otherManager.token }), 403, 'FORBIDDEN');

    expectError(await t.request('POST', `/api/v1/certificate-requests/${receipt.id}/status`, { token: o.accounts.districtManager.token, body: { status: 'completed' } }), 409, 'INVALID_REQUEST_STATE');
    expectError(await t.request('DELETE', `/api/v1/stations/${station.id}`, { token: o.accounts.districtManager.token }), 409, 'STATION_HAS_OPEN_REQUESTS');
    expect(await call(t, 'POST', `/api/v1/certificate-requests/${receipt.id}/status`, 200, { token: o.accounts.districtManager.token, body: { status: 'accepted' } })).toMatchObject({ statusLabel: '已受理', handledBy: '测试districtManager' });
    expect(await call(t, 'POST', `/api/v1/certificate-requests/${receipt.id}/status`, 200, { token: o.accounts.districtManager.token, body: { status: 'completed' } })).toMatchObject({ statusLabel: '已办结' });

    expect(await call(t, 'GET', `/api/v1/certificate-requests/${receipt.id}/contact`, 200, { token: o.accounts.districtManager.token })).toEqual({ name: '李小明', phone: '13912345678' });
    expect((await auditOf(t, receipt.id)).map((a) => a.action)).toEqual(['certificate.read_contact', 'certificate.completed', 'certificate.accepted']);
    expectError(await t.request('GET', `/api/v1/certificate-requests/${receipt.id}/contact`, { token: o.accounts.supervisor.token }), 403, 'FORBIDDEN');

    // Once every request is finished the station can go; the request keeps the station's name.
    await call(t, 'DELETE', `/api/v1/stations/${station.id}`, 200, { token: o.accounts.districtManager.token });
    expectError(await t.request('GET', `/api/v1/stations/${station.id}`), 404, 'NOT_FOUND');
    const kept = await call(t, 'GET', `/api/v1/centers/${o.town.id}/certificate-requests`, 200, { token: t.adminToken });
    expect(kept.items[0]).toMatchObject({ stationId: null, stationName: '东城科技园微服务站', status: 'completed' });
  });
});
