import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idNumberCheckChar } from '../../src/server/platform/identity.ts';
import { addAccount, call, create, expectError, orgApp, type Org } from '../helpers/fixtures.ts';
import type { TestApp } from '../helpers/testApp.ts';

/**
 * 基层一窗: an item handled down at a village point is found there on the 政务地图, and the village runs
 * it through the same queue and cases as any center — while an item kept at the city is refused there.
 */

let t: TestApp;
let o: Org;
let village: { id: string };
let villageItem: { id: string; materials: { id: string }[] };
let cityItem: { id: string };
type Json = any;

const first17 = '44190019800101123';
const applicant = { kind: 'person', idNumber: first17 + idNumberCheckChar(first17), name: '陈阿婆', phone: '13800138000' };

beforeAll(async () => {
  ({ t, o } = await orgApp());
  village = await create(t, '/api/v1/centers', { name: '新村社区便民服务站', level: 'village', parentId: o.town.id, address: '新村社区服务楼' });
  await call(t, 'PUT', `/api/v1/centers/${village.id}/location`, 200, { token: t.adminToken, body: { longitude: 113.793, latitude: 23.042 } });
  await call(t, 'PUT', `/api/v1/centers/${o.city.id}/location`, 200, { token: t.adminToken, body: { longitude: 113.7518, latitude: 23.0205 } });
  villageItem = await create(t, '/api/v1/items', { code: 'VIL-1', name: '老年人优待证办理', departmentId: o.police.id, type: '公共服务', legalDays: 5, promisedDays: 1, centerIds: [o.city.id, village.id], materials: [{ name: '居民身份证' }] });
  cityItem = await create(t, '/api/v1/items', { code: 'VIL-2', name: '出入境证件办理', departmentId: o.police.id, type: '行政许可', legalDays: 10, promisedDays: 7, centerIds: [o.city.id] });
});
afterAll(async () => t?.close());

describe('基层一窗 at a village point', () => {
  it('the map finds the village nearest for its item, and only the city for an item kept there', async () => {
    const near = 'near=113.794,23.043';
    const forVillageItem = await call(t, 'GET', `/api/v1/service-points?${near}&itemId=${villageItem.id}`, 200);
    expect(forVillageItem.items.map((p: Json) => p.id)).toEqual([village.id, o.city.id]);
    expect(forVillageItem.items[0]).toMatchObject({ level: 'village', kindLabel: '便民服务站', itemCount: 1, offersItem: true });
    expect((await call(t, 'GET', `/api/v1/service-points?${near}&itemId=${cityItem.id}`, 200)).items.map((p: Json) => p.id)).toEqual([o.city.id]);
  });

  it('the village queues the item, the map shows the waiting count, its staff accept the case; the city-only item is refused', async () => {
    const staff = await addAccount(t, 'villagestaff', [{ role: 'window_staff', centerId: village.id }]);
    const window = await create(t, '/api/v1/windows', { centerId: village.id, name: '综合窗口 1', number: 1, kind: 'general' });
    const category = await create(t, '/api/v1/categories', { centerId: village.id, name: '基层一窗', prefix: 'J', itemIds: [villageItem.id] });
    await call(t, 'PUT', `/api/v1/windows/${window.id}/profile`, 200, { token: t.adminToken, body: { tiers: [[category.id]] } });

    const ticket = await create(t, '/api/v1/tickets', { centerId: village.id, itemId: villageItem.id, channel: 'staff' }, staff.token);
    expect(ticket).toMatchObject({ categoryId: category.id, status: 'waiting' });
    const onMap = await call(t, 'GET', '/api/v1/service-points?level=village', 200);
    expect(onMap.items[0]).toMatchObject({ id: village.id, waiting: 1 });

    await call(t, 'POST', `/api/v1/windows/${window.id}/sign-in`, 200, { token: staff.token });
    const { ticket: called } = await call(t, 'POST', `/api/v1/windows/${window.id}/call-next`, 200, { token: staff.token });
    expect(called.id).toBe(ticket.id);
    expect((await call(t, 'GET', '/api/v1/service-points?level=village', 200)).items[0].waiting).toBe(0);

    const created = await create(t, '/api/v1/cases', { itemId: villageItem.id, centerId: village.id, applicant, ticketId: ticket.id, channel: 'window', materials: [{ materialId: villageItem.materials[0]!.id, status: 'received' }] }, staff.token);
    expect(created.caseNo).toBeTruthy();
    expectError(await t.request('POST', '/api/v1/cases', { token: staff.token, body: { itemId: cityItem.id, centerId: village.id, applicant, channel: 'window', materials: [] } }), 400, 'ITEM_NOT_OFFERED');
  });
});
