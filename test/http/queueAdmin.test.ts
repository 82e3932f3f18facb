import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultQueueSettings } from '../../src/server/modules/queue/rules.ts';
import { auditOf, call, create, expectError, expectRefused, orgApp, type Org } from '../helpers/fixtures.ts';
import { prefixes } from '../helpers/queue.ts';
import type { TestApp } from '../helpers/testApp.ts';

/** Setting the queue up through HTTP: categories, queue settings, window profiles, and who may do it. */

let t: TestApp;
let o: Org;
let admin: string;
const nextPrefix = prefixes();
beforeAll(async () => {
  ({ t, o, admin } = await orgApp());
});
afterAll(async () => t?.close());

const newCategory = (body: Record<string, unknown> = {}, token = t.adminToken) => {
  const prefix = nextPrefix();
  return create(t, '/api/v1/categories', { centerId: o.city.id, name: `类别${prefix}`, prefix, itemIds: [], ...body }, token);
};

describe('categories', () => {
  it('an admin or a manager of the center creates one; the public lists it', async () => {
    const c = await newCategory({ itemIds: ['item-1', 'item-1', 'item-2'], sort: 3 });
    expect(c).toMatchObject({ centerId: o.city.id, itemIds: ['item-1', 'item-2'], open: true, sort: 3 });
    const byManager = await newCategory({ open: false }, o.accounts.cityManager.token);
    expect(byManager.open).toBe(false);
    const list = await call(t, 'GET', `/api/v1/centers/${o.city.id}/categories`, 200);
    expect(list.map((x: { id: string }) => x.id)).toEqual(expect.arrayContaining([c.id, byManager.id]));
    const [latest] = await auditOf(t, c.id);
    expect(latest).toMatchObject({ action: 'category.create', actorId: admin });
    expectError(await t.request('GET', '/api/v1/centers/nope/categories'), 404, 'NOT_FOUND');
  });

  it('refuses a prefix or name the center already has (409 CATEGORY_EXISTS), but another center may reuse them', async () => {
    const c = await newCategory();
    const send = (body: Record<string, unknown>) => () => t.request('POST', '/api/v1/categories', { token: t.adminToken, body: { centerId: o.city.id, itemIds: [], ...body } });
    await expectRefused(t, send({ name: '全新名称', prefix: c.prefix }), 409, 'CATEGORY_EXISTS');
    await expectRefused(t, send({ name: c.name, prefix: 'ZZ' }), 409, 'CATEGORY_EXISTS');
    const elsewhere = await create(t, '/api/v1/categories', { centerId: o.other.id, name: c.name, prefix: c.prefix, itemIds: [] });
    expect(elsewhere.prefix).toBe(c.prefix);
  });

  it('refuses a bad prefix, a missing or too long name, unknown fields and a center that does not exist', async () => {
    for (const prefix of ['a', 'ABC', '1', '', 'A1', 'Ａ']) {
      expectError(await t.request('POST', '/api/v1/categories', { token: t.adminToken, body: { centerId: o.city.id, name: `坏字头${prefix}`, prefix, itemIds: [] } }), 400, 'VALIDATION_ERROR');
    }
    const ok = { centerId: o.city.id, name: '正常', prefix: 'QQ', itemIds: [] };
    for (const body of [{ ...ok, name: '' }, { ...ok, name: 'x'.repeat(31) }, { ...ok, sort: -1 }, { ...ok, sort: 1000 }, { ...ok, itemIds: { a: 1 } }, { centerId: o.city.id }]) {
      expectError(await t.request('POST', '/api/v1/categories', { token: t.adminToken, body }), 400, 'VALIDATION_ERROR');
    }
    expectError(await t.request('POST', '/api/v1/categories', { token: t.adminToken, body: { ...ok, centerId: 'no-such-center' } }), 404, 'NOT_FOUND');
    // Unknown fields are dropped (the app's validator removes them), never stored.
    const created = await create(t, '/api/v1/categories', { ...ok, extra: 1 });
    expect(created).not.toHaveProperty('extra');
  });

  it('only admins and managers of that center: 401 without a token, 403 for staff, supervisors, devices and other centers', async () => {
    const body = { centerId: o.city.id, name: '无权', prefix: 'WQ', itemIds: [] };
    await expectRefused(t, () => t.request('POST', '/api/v1/categories', { body }), 401, 'UNAUTHENTICATED');
    for (const token of [o.accounts.staff.token, o.accounts.supervisor.token, o.accounts.otherManager.token, o.accounts.otherAdmin.token, o.accounts.districtManager.token, o.tokens.kiosk]) {
      await expectRefused(t, () => t.request('POST', '/api/v1/categories', { token, body }), 403, 'FORBIDDEN');
    }
  });

  it('updates name, prefix, items, sort and open; refuses a clash; audits before and after', async () => {
    const c = await newCategory();
    const d = await newCategory();
    const updated = await call(t, 'PUT', `/api/v1/categories/${c.id}`, 200, { token: o.accounts.cityManager.token, body: { name: '改名', itemIds: ['i9'], sort: 7, open: false } });
    expect(updated).toMatchObject({ id: c.id, name: '改名', prefix: c.prefix, itemIds: ['i9'], sort: 7, open: false });
    // Its own prefix and name again is no clash.
    await call(t, 'PUT', `/api/v1/categories/${c.id}`, 200, { token: t.adminToken, body: { name: '改名', prefix: c.prefix } });
    await expectRefused(t, () => t.request('PUT', `/api/v1/categories/${c.id}`, { token: t.adminToken, body: { prefix: d.prefix } }), 409, 'CATEGORY_EXISTS');
    await expectRefused(t, () => t.request('PUT', `/api/v1/categories/${c.id}`, { token: t.adminToken, body: { name: d.name } }), 409, 'CATEGORY_EXISTS');
    const [latest] = await auditOf(t, c.id);
    expect(latest).toMatchObject({ action: 'category.update', before: expect.objectContaining({ name: '改名' }), after: expect.objectContaining({ name: '改名' }) });
    const [, earlier] = await auditOf(t, c.id);
    expect(earlier).toMatchObject({ action: 'category.update', before: expect.objectContaining({ open: true }), after: expect.objectContaining({ open: false }) });
  });

  it('update: 400 on bad fields, 401, 403 for staff and other centers, 404 for an unknown category', async () => {
    const c = await newCategory();
    for (const body of [{ prefix: 'abc' }, { open: 'maybe' }, { name: '' }, { sort: 'x' }]) {
      expectError(await t.request('PUT', `/api/v1/categories/${c.id}`, { token: t.adminToken, body }), 400, 'VALIDATION_ERROR');
    }
    // A category never moves to another center: the field is dropped.
    expect((await call(t, 'PUT', `/api/v1/categories/${c.id}`, 200, { token: t.adminToken, body: { centerId: o.other.id } })).centerId).toBe(o.city.id);
    await expectRefused(t, () => t.request('PUT', `/api/v1/categories/${c.id}`, { body: { sort: 1 } }), 401, 'UNAUTHENTICATED');
    for (const token of [o.accounts.staff.token, o.accounts.otherManager.token, o.accounts.supervisor.token]) {
      await expectRefused(t, () => t.request('PUT', `/api/v1/categories/${c.id}`, { token, body: { sort: 1 } }), 403, 'FORBIDDEN');
    }
    expectError(await t.request('PUT', '/api/v1/categories/nope', { token: t.adminToken, body: { sort: 1 } }), 404, 'NOT_FOUND');
  });
});

describe('queue settings', () => {
  const url = () => `/api/v1/centers/${o.district.id}/queue-settings`;

  it('are the defaults before anything is set; admins, managers and supervisors read them', async () => {
    for (const token of [t.adminToken, o.accounts.districtManager.token, o.accounts.cityManager.token]) {
      expect(await call(t, 'GET', url(), 200, { token })).toEqual(defaultQueueSettings);
    }
    expect(await call(t, 'GET', `/api/v1/centers/${o.city.id}/queue-settings`, 200, { token: o.accounts.supervisor.token })).toEqual(defaultQueueSettings);
  });

  it('a change keeps the rest, is audited with before and after, and is read back', async () => {
    const after = await call(t, 'PUT', url(), 200, { token: o.accounts.districtManager.token, body: { recallLimit: 3, headStartMinutes: { elderly: 25 } } });
    expect(after).toEqual({ ...defaultQueueSettings, recallLimit: 3, headStartMinutes: { ...defaultQueueSettings.headStartMinutes, elderly: 25 } });
    const second = await call(t, 'PUT', url(), 200, { token: t.adminToken, body: { headStartMinutes: { enterprise: 0 }, elderlyAge: 65 } });
    expect(second).toMatchObject({ recallLimit: 3, elderlyAge: 65, headStartMinutes: { elderly: 25, enterprise: 0, appointment: 30 } });
    expect(await call(t, 'GET', url(), 200, { token: t.adminToken })).toEqual(second);
    const [latest] = await auditOf(t, o.district.id);
    expect(latest).toMatchObject({ action: 'queue.settings', actorId: admin, before: after, after: second });
  });

  it('refuses values out of range and unknown keys, leaving everything as it was', async () => {
    for (const body of [
      { recallLimit: -1 },
      { recallLimit: 11 },
      { elderlyAge: 49 },
      { elderlyAge: 101 },
      { defaultHandleMinutes: 0 },
      { handleSample: 0 },
      { headStartMinutes: { elderly: 241 } },
      { headStartMinutes: { elderly: 1.5 } },
      { recallLimit: 'two' },
      { headStartMinutes: 5 },
      [],
    ]) {
      await expectRefused(t, () => t.request('PUT', url(), { token: t.adminToken, body }), 400, 'VALIDATION_ERROR');
    }
  });

  it('401 without a token, 403 for staff, supervisors (write), devices and other centers, 404 for an unknown center', async () => {
    expectError(await t.request('GET', url()), 401, 'UNAUTHENTICATED');
    await expectRefused(t, () => t.request('PUT', url(), { body: { recallLimit: 1 } }), 401, 'UNAUTHENTICATED');
    for (const token of [o.accounts.districtStaff.token, o.accounts.otherManager.token, o.tokens.kiosk]) {
      expectError(await t.request('GET', url(), { token }), 403, 'FORBIDDEN');
    }
    for (const token of [o.accounts.districtStaff.token, o.accounts.supervisor.token, o.accounts.otherManager.token, o.tokens.kiosk]) {
      await expectRefused(t, () => t.request('PUT', `/api/v1/centers/${o.city.id}/queue-settings`, { token, body: { recallLimit: 1 } }), 403, 'FORBIDDEN');
    }
    expect([403, 404]).toContain((await t.request('GET', '/api/v1/centers/nope/queue-settings', { token: t.adminToken })).statusCode);
    expectError(await t.request('PUT', '/api/v1/centers/nope/queue-settings', { token: t.adminToken, body: { recallLimit: 1 } }), 404, 'NOT_FOUND');
  });
});

describe('window profiles', () => {
  it('empty until set; set by a manager in tiers, read by staff, supervisors and in the center list; audited', async () => {
    const w = o.windows.taxWindow.id;
    expect(await call(t, 'GET', `/api/v1/windows/${w}/profile`, 200, { token: o.accounts.staff.token })).toEqual({ windowId: w, tiers: [] });
    const [a, b, c] = [await newCategory(), await newCategory(), await newCategory()];
    const set = await call(t, 'PUT', `/api/v1/windows/${w}/profile`, 200, { token: o.accounts.cityManager.token, body: { tiers: [[a.id, b.id], [c.id]] } });
    expect(set).toEqual({ windowId: w, tiers: [[a.id, b.id], [c.id]] });
    expect(await call(t, 'GET', `/api/v1/windows/${w}/profile`, 200, { token: o.accounts.supervisor.token })).toEqual(set);
    const all = await call(t, 'GET', `/api/v1/centers/${o.city.id}/window-profiles`, 200, { token: o.accounts.supervisor.token });
    expect(all).toContainEqual(set);
    const [latest] = await auditOf(t, w);
    expect(latest).toMatchObject({ action: 'window.profile', before: { windowId: w, tiers: [] }, after: set });
    // A profile may be emptied again.
    expect(await call(t, 'PUT', `/api/v1/windows/${w}/profile`, 200, { token: t.adminToken, body: { tiers: [] } })).toEqual({ windowId: w, tiers: [] });
  });

  it('400 INVALID_PROFILE for an unknown category, one of another center, a repeat, or an empty tier', async () => {
    const w = o.windows.taxWindow.id;
    const mine = await newCategory();
    const theirs = await create(t, '/api/v1/categories', { centerId: o.other.id, name: '他中心', prefix: 'TZ', itemIds: [] });
    for (const tiers of [[['no-such-category']], [[theirs.id]], [[mine.id], [mine.id]], [[mine.id, mine.id]], [[mine.id], []]]) {
      const error = (await t.request('PUT', `/api/v1/windows/${w}/profile`, { token: t.adminToken, body: { tiers } }));
      const e = expectError(error, 400, 'INVALID_PROFILE');
      expect(Array.isArray(e.details)).toBe(true);
    }
    for (const body of [{}, { tiers: { a: 1 } }, { tiers: [[{ id: 'x' }]] }, { tiers: Array.from({ length: 11 }, () => [mine.id]) }]) {
      expectError(await t.request('PUT', `/api/v1/windows/${w}/profile`, { token: t.adminToken, body }), 400, 'VALIDATION_ERROR');
    }
  });

  it('401, 403 for staff and other centers; 404 for an unknown window', async () => {
    const w = o.windows.general.id;
    const body = { tiers: [] };
    expectError(await t.request('GET', `/api/v1/windows/${w}/profile`), 401, 'UNAUTHENTICATED');
    expectError(await t.request('GET', `/api/v1/windows/${w}/profile`, { token: o.accounts.otherManager.token }), 403, 'FORBIDDEN');
    expectError(await t.request('GET', `/api/v1/windows/${w}/profile`, { token: o.accounts.agent.token }), 403, 'FORBIDDEN');
    await expectRefused(t, () => t.request('PUT', `/api/v1/windows/${w}/profile`, { body }), 401, 'UNAUTHENTICATED');
    for (const token of [o.accounts.staff.token, o.accounts.supervisor.token, o.accounts.otherManager.token, o.accounts.districtManager.token, o.tokens.kiosk]) {
      await expectRefused(t, () => t.request('PUT', `/api/v1/windows/${w}/profile`, { token, body }), 403, 'FORBIDDEN');
    }
    expectError(await t.request('GET', `/api/v1/centers/${o.city.id}/window-profiles`, { token: o.accounts.staff.token }), 403, 'FORBIDDEN');
    expectError(await t.request('GET', `/api/v1/centers/${o.city.id}/window-profiles`), 401, 'UNAUTHENTICATED');
    expectError(await t.request('PUT', '/api/v1/windows/nope/profile', { token: t.adminToken, body }), 404, 'NOT_FOUND');
    expectError(await t.request('GET', '/api/v1/windows/nope/profile', { token: t.adminToken }), 404, 'NOT_FOUND');
  });
});

describe('no route answers 5xx to a bad body', () => {
  it('fuzzed bodies and raw payloads on every queue route that takes a body', async () => {
    const c = await create(t, '/api/v1/categories', { centerId: o.other.id, name: '模糊', prefix: 'FZ', itemIds: [] });
    const routes: [string, string][] = [
      ['POST', '/api/v1/categories'],
      ['PUT', `/api/v1/categories/${c.id}`],
      ['PUT', `/api/v1/centers/${o.other.id}/queue-settings`],
      ['PUT', `/api/v1/windows/${o.windows.otherWindow.id}/profile`],
      ['POST', '/api/v1/tickets'],
      ['POST', '/api/v1/tickets/nope/transfer'],
      ['POST', '/api/v1/tickets/nope/cancel'],
      ['POST', '/api/v1/tickets/nope/recall'],
      ['POST', `/api/v1/windows/${o.windows.otherWindow.id}/call-next`],
      ['POST', `/api/v1/centers/${o.other.id}/close-day`],
    ];
    const body = fc.oneof(
      fc.anything(),
      fc.record({ centerId: fc.oneof(fc.constant(o.other.id), fc.string()), channel: fc.string(), categoryId: fc.anything(), tiers: fc.anything(), prefix: fc.string() }, { requiredKeys: [] }),
      fc.record({ tiers: fc.array(fc.array(fc.oneof(fc.constant(c.id), fc.string({ maxLength: 70 })))) }),
      fc.record({ headStartMinutes: fc.dictionary(fc.string(), fc.anything()), recallLimit: fc.anything() }, { requiredKeys: [] }),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), body, async ([method, url], payload) => {
        const res = await t.request(method, url, { token: t.adminToken, body: payload === undefined ? undefined : JSON.stringify(payload) === undefined ? null : payload, headers: { 'content-type': 'application/json' } });
        expect(res.statusCode, `${method} ${url} ${JSON.stringify(payload)} → ${res.body}`).toBeLessThan(500);
      }),
      { numRuns: 250 },
    );
    for (const [method, url] of routes) {
      for (const raw of ['', '{', 'null', '[]', '"x"', '0', '{"tiers":[[null]]}', '{"reason":null}', `{"x":"${'长'.repeat(5000)}"}`]) {
        const res = await t.app.inject({ method: method as 'POST', url, payload: raw, headers: { authorization: `Bearer ${t.adminToken}`, 'content-type': 'application/json' } });
        expect(res.statusCode, `${method} ${url} ${raw.slice(0, 30)} → ${res.body}`).toBeLessThan(500);
      }
      const none = await t.app.inject({ method: method as 'POST', url, headers: { authorization: `Bearer ${t.adminToken}` } });
      expect(none.statusCode, `${method} ${url} without a body → ${none.body}`).toBeLessThan(500);
    }
  });
});
