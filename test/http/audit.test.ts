import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/testApp.ts';
import { addAccount, adminId, call, create, expectError, type Account } from '../helpers/fixtures.ts';

let t: TestApp;
let admin: string;
let center: { id: string };
let other: { id: string };
let departments: { id: string; name: string }[];
let manager: Account;
beforeAll(async () => {
  t = await createTestApp();
  admin = await adminId(t);
  center = await create(t, '/api/v1/centers', { name: '审计中心', level: 'city' });
  other = await create(t, '/api/v1/centers', { name: '别的中心', level: 'city' });
  departments = [];
  for (const name of ['甲局', '乙局', '丙局']) departments.push(await create(t, '/api/v1/departments', { centerId: center.id, name }));
  // back-date the three creations to fixed instants
  for (const [i, year] of [2020, 2021, 2022].entries()) {
    await sql`UPDATE audit_log SET at = ${new Date(Date.UTC(year, 0, 1))} WHERE entity_id = ${departments[i]!.id}`.execute(t.database.db);
  }
  manager = await addAccount(t, 'auditmanager', [{ role: 'center_manager', centerId: center.id }]);
  await create(t, '/api/v1/halls', { centerId: center.id, name: '经理建的厅' }, manager.token);
  await create(t, '/api/v1/departments', { centerId: other.id, name: '外局' });
});
afterAll(async () => t?.close());

const audit = (query: string, token = t.adminToken) => call(t, 'GET', `/api/v1/audit?${query}`, 200, { token });
const actions = (items: { action: string }[]) => items.map((i) => i.action);

describe('GET /api/v1/audit', () => {
  it('answers pages of records, newest first, in the documented shape', async () => {
    const first = await audit('pageSize=5');
    expect(first).toMatchObject({ page: 1, pageSize: 5 });
    expect(first.items).toHaveLength(5);
    expect(first.total).toBeGreaterThan(10);
    const ids = first.items.map((i: { id: number }) => i.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(Object.keys(first.items[0]).sort()).toEqual(['action', 'actorId', 'actorKind', 'actorName', 'after', 'at', 'before', 'centerId', 'entityId', 'entityType', 'id', 'ip'].sort());
    const second = await audit('pageSize=5&page=2');
    expect(second.items).toEqual((await audit('pageSize=10')).items.slice(5));
    const beyond = await audit('pageSize=5&page=1000');
    expect(beyond).toMatchObject({ items: [], total: first.total });
  });

  it('defaults to 20 a page', async () => {
    expect((await audit('')).pageSize).toBe(20);
  });

  it('filters by entity type', async () => {
    const { items, total } = await audit(`entityType=department&pageSize=200`);
    expect(total).toBe(4);
    expect(items.every((i: { entityType: string }) => i.entityType === 'department')).toBe(true);
  });

  it('filters by action prefix, with % and _ taken literally', async () => {
    expect(actions((await audit('action=center.&pageSize=200')).items)).toEqual(['center.create', 'center.create']);
    expect((await audit('action=department.create')).total).toBe(4);
    expect((await audit('action=%25')).total).toBe(0);
    expect((await audit('action=center_create')).total).toBe(0);
  });

  it('filters by actor id and actor name', async () => {
    const byManager = await audit(`actorId=${manager.id}&pageSize=200`);
    expect(actions(byManager.items)).toEqual(['hall.create', 'auth.login']);
    expect(byManager.items.every((i: { actorId: string; actorKind: string }) => i.actorId === manager.id && i.actorKind === 'user')).toBe(true);
    expect((await audit(`actorName=${encodeURIComponent('测试auditmanager')}`)).total).toBe(2);
    expect((await audit(`actorId=${admin}&action=department.`)).total).toBe(4);
  });

  it('filters by entity and center', async () => {
    expect(actions((await audit(`entityId=${departments[1]!.id}`)).items)).toEqual(['department.create']);
    const inCenter = await audit(`centerId=${center.id}&pageSize=200`);
    expect(inCenter.items.every((i: { centerId: string }) => i.centerId === center.id)).toBe(true);
    expect(actions(inCenter.items).sort()).toEqual(['center.create', 'department.create', 'department.create', 'department.create', 'hall.create']);
  });

  it('filters by a date range: from inclusive, to exclusive', async () => {
    const names = async (query: string) => (await audit(`entityType=department&${query}`)).items.map((i: { after: { name: string } }) => i.after.name);
    expect(await names('from=2020-06-01T00:00:00Z&to=2022-01-01T00:00:00Z')).toEqual(['乙局']);
    expect(await names('from=2021-01-01T00:00:00Z&to=2022-01-01T00:00:00.001Z')).toEqual(['丙局', '乙局']);
    expect(await names('to=2021-01-01T00:00:00Z')).toEqual(['甲局']);
    expect(await names('from=2022-01-01T08:00:00%2B08:00')).toEqual(['外局', '丙局']); // an offset: 2022-01-01T00:00Z
  });

  it.each(['from=yesterday', 'to=2026-13-01T00:00:00Z', 'page=0', 'pageSize=201', 'pageSize=x', `actorId=${'x'.repeat(65)}`, `action=${'a'.repeat(65)}`])(
    'refuses ?%s with 400 VALIDATION_ERROR',
    async (query) => {
      expectError(await t.request('GET', `/api/v1/audit?${query}`, { token: t.adminToken }), 400, 'VALIDATION_ERROR');
    },
  );

  it('shows a center-scoped admin the records of its own centers only, and only when it names one', async () => {
    const scoped = await addAccount(t, 'auditadmin', [{ role: 'admin', centerId: center.id }]);
    expectError(await t.request('GET', '/api/v1/audit', { token: scoped.token }), 403, 'FORBIDDEN');
    expectError(await t.request('GET', `/api/v1/audit?centerId=${other.id}`, { token: scoped.token }), 403, 'FORBIDDEN');
    const own = await audit(`centerId=${center.id}&pageSize=200`, scoped.token);
    expect(own.total).toBe(5);
    expectError(await t.request('GET', '/api/v1/audit?centerId=nowhere', { token: scoped.token }), 404, 'NOT_FOUND');
  });

  it('refuses everyone who is not an admin', async () => {
    expectError(await t.request('GET', '/api/v1/audit'), 401, 'UNAUTHENTICATED');
    expectError(await t.request('GET', `/api/v1/audit?centerId=${center.id}`, { token: manager.token }), 403, 'FORBIDDEN');
    for (const role of ['supervisor', 'window_staff', 'dept_approver', 'agent']) {
      const person = await addAccount(t, `audit_${role}`, [{ role, centerId: center.id }]);
      expectError(await t.request('GET', '/api/v1/audit', { token: person.token }), 403, 'FORBIDDEN');
      expectError(await t.request('GET', `/api/v1/audit?centerId=${center.id}`, { token: person.token }), 403, 'FORBIDDEN');
    }
  });
});
