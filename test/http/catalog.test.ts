import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/testApp.ts';
import { searchItems } from '../../src/server/modules/catalog/service.ts';
import { buildOrg, call, create, dataTables, expectError, snapshot, type Org } from '../helpers/fixtures.ts';

/** Every route of catalog/routes.ts: edits on the small test network, plans on the demo catalogue. */

let t: TestApp;
let o: Org;
/** The demo catalogue, for what needs real items and bundles. */
let d: TestApp;
let demoCity: { id: string };
beforeAll(async () => {
  [t, d] = await Promise.all([createTestApp(), createTestApp({ demo: true })]);
  o = await buildOrg(t);
  demoCity = (await call(d, 'GET', '/api/v1/centers', 200)).find((c: { name: string }) => c.name === '示范市民服务中心');
}, 300_000); // seeding the demo catalogue takes ~25 s alone, longer beside other suites
afterAll(async () => Promise.all([t?.close(), d?.close()]));

const catalogTables = ['items', 'item_centers', 'materials', 'situations', 'faqs', 'item_versions', 'bundles'];

/** A request that must be refused with this error and leave every table, the catalogue's included, as it was. */
async function refused(send: () => Promise<LightMyRequestResponse>, status: number, code: string) {
  const before = await snapshot(t, [...dataTables, ...catalogTables]);
  const error = expectError(await send(), status, code);
  expect(await snapshot(t, [...dataTables, ...catalogTables])).toEqual(before);
  return error;
}

let codes = 0;
const itemBody = (extra: Record<string, unknown> = {}) => ({
  code: `T-${++codes}`,
  name: `测试事项${codes}`,
  departmentId: o.police.id,
  type: '行政确认',
  legalDays: 20,
  promisedDays: 5,
  ...extra,
});

/** The demo item of this exact name. */
async function demoItem(name: string): Promise<{ id: string; name: string }> {
  const { items } = await call(d, 'GET', `/api/v1/items?q=${encodeURIComponent(name)}&pageSize=20`, 200);
  const item = items.find((i: { name: string }) => i.name === name);
  expect(item, name).toBeDefined();
  return item;
}

describe('POST /api/v1/items', () => {
  it('creates an item from the named fields alone, with defaults, handled at its department’s center', async () => {
    const body = itemBody();
    const item = await create(t, '/api/v1/items', body);
    expect(item).toMatchObject({
      code: body.code,
      name: body.name,
      department: { id: o.police.id, name: '公安局' },
      type: '行政确认',
      mode: 'promised',
      legalDays: 20,
      promisedDays: 5,
      visitsRequired: 1,
      online: false,
      terminal: false,
      acceptedAt: 'general',
      lenientAllowed: true,
      feeFen: 0,
      feeBasis: null,
      audience: ['person'],
      keywords: [],
      status: 'published',
      version: 1,
      materials: [],
      situations: [],
      faqs: [],
      bundles: [],
      centers: [{ id: o.city.id, name: '测试市民服务中心', address: '测试路 1 号' }],
    });
    expect(await call(t, 'GET', `/api/v1/items/${item.id}`, 200)).toEqual(item);
  });

  it('infers 即办 from a promised limit of 0 days', async () => {
    expect((await create(t, '/api/v1/items', itemBody({ promisedDays: 0 }))).mode).toBe('immediate');
  });

  it('keeps materials, situations and FAQ with their ids', async () => {
    const item = await create(
      t,
      '/api/v1/items',
      itemBody({
        situations: [{ question: '是否代办', options: [{ id: 'self', label: '本人' }, { id: 'agent', label: '代办' }] }],
        materials: [{ name: '居民身份证', elicense: true }, { name: '授权委托书', optionIds: ['agent'], form: 'original', copies: 2 }],
        faqs: [{ question: '要多久？', answer: '5 个工作日' }],
      }),
    );
    expect(item.materials.map((m: { name: string; optionIds: string[] }) => [m.name, m.optionIds])).toEqual([['居民身份证', []], ['授权委托书', ['agent']]]);
    expect(item.materials.every((m: { id: string }) => m.id.length > 0)).toBe(true);
    expect(item.situations[0].options).toHaveLength(2);
    expect(item.faqs).toEqual([{ id: expect.any(String), question: '要多久？', answer: '5 个工作日' }]);
  });

  it('refuses a code already taken with 409', async () => {
    const first = await create(t, '/api/v1/items', itemBody());
    await refused(() => t.request('POST', '/api/v1/items', { token: t.adminToken, body: itemBody({ code: first.code }) }), 409, 'ITEM_CODE_TAKEN');
  });

  it.each([
    ['a promised limit beyond the legal one', { legalDays: 5, promisedDays: 10 }, '承诺时限不能超过法定时限'],
    ['a material naming a missing option', { materials: [{ name: '结婚证', optionIds: ['married'] }] }, '引用了不存在的情形选项「married」'],
    ['即办 with a promised limit', { mode: 'immediate', promisedDays: 3 }, '即办件'],
  ])('refuses %s with 400 INVALID_ITEM', async (_what, extra, message) => {
    const error = await refused(() => t.request('POST', '/api/v1/items', { token: t.adminToken, body: itemBody(extra) }), 400, 'INVALID_ITEM');
    expect(error.message).toContain(message);
  });

  it.each([
    ['an unknown department', { departmentId: 'nowhere' }],
    ['an unknown center', { centerIds: ['nowhere'] }],
  ])('refuses %s with 400 INVALID_REFERENCE', async (_what, extra) => {
    await refused(() => t.request('POST', '/api/v1/items', { token: t.adminToken, body: itemBody(extra) }), 400, 'INVALID_REFERENCE');
  });

  it('refuses a body that breaks the schema', async () => {
    await refused(() => t.request('POST', '/api/v1/items', { token: t.adminToken, body: itemBody({ type: '随便' }) }), 400, 'VALIDATION_ERROR');
  });

  it('refuses anonymous callers, window staff and an administrator of another center', async () => {
    await refused(() => t.request('POST', '/api/v1/items', { body: itemBody() }), 401, 'UNAUTHENTICATED');
    await refused(() => t.request('POST', '/api/v1/items', { token: o.accounts.staff.token, body: itemBody() }), 403, 'FORBIDDEN');
    await refused(() => t.request('POST', '/api/v1/items', { token: o.accounts.otherAdmin.token, body: itemBody() }), 403, 'FORBIDDEN');
  });

  it('lets the administrator of the department’s center create', async () => {
    expect((await create(t, '/api/v1/items', itemBody(), o.accounts.cityAdmin.token)).department.id).toBe(o.police.id);
  });
});

describe('PUT /api/v1/items/:id and the version history', () => {
  it('replaces the item, one version more, with the changes listed in Chinese', async () => {
    const body = itemBody();
    const item = await create(t, '/api/v1/items', body);
    const updated = await call(t, 'PUT', `/api/v1/items/${item.id}`, 200, {
      token: o.accounts.cityAdmin.token,
      body: { ...body, promisedDays: 3, online: true, materials: [{ name: '户口簿' }] },
    });
    expect(updated).toMatchObject({ id: item.id, version: 2, promisedDays: 3, online: true });
    const versions = await call(t, 'GET', `/api/v1/items/${item.id}/versions`, 200);
    expect(versions).toEqual([
      { version: 2, at: expect.any(String), actorName: '测试cityAdmin', changes: ['承诺时限：5 → 3', '网上办理：否 → 是', '新增材料「户口簿」'] },
      { version: 1, at: expect.any(String), actorName: expect.any(String), changes: ['发布事项'] },
    ]);
  });

  it('refuses a code another item has, an invalid item, and other people, changing nothing', async () => {
    const a = await create(t, '/api/v1/items', itemBody());
    const bBody = itemBody();
    const b = await create(t, '/api/v1/items', bBody);
    await refused(() => t.request('PUT', `/api/v1/items/${b.id}`, { token: t.adminToken, body: { ...bBody, code: a.code } }), 409, 'ITEM_CODE_TAKEN');
    await refused(() => t.request('PUT', `/api/v1/items/${b.id}`, { token: t.adminToken, body: { ...bBody, promisedDays: 99 } }), 400, 'INVALID_ITEM');
    await refused(() => t.request('PUT', `/api/v1/items/${b.id}`, { token: o.accounts.staff.token, body: bBody }), 403, 'FORBIDDEN');
    await refused(() => t.request('PUT', `/api/v1/items/${b.id}`, { token: o.accounts.otherAdmin.token, body: bBody }), 403, 'FORBIDDEN');
    // Moving an item into another center's department needs rights over both.
    await refused(() => t.request('PUT', `/api/v1/items/${b.id}`, { token: o.accounts.cityAdmin.token, body: { ...bBody, departmentId: o.otherDept.id } }), 403, 'FORBIDDEN');
    await refused(() => t.request('PUT', `/api/v1/items/${b.id}`, { body: bBody }), 401, 'UNAUTHENTICATED');
    expect((await call(t, 'GET', `/api/v1/items/${b.id}/versions`, 200)).map((v: { version: number }) => v.version)).toEqual([1]);
  });

  it('answers 404 for an unknown item', async () => {
    expectError(await t.request('GET', '/api/v1/items/nowhere'), 404, 'NOT_FOUND');
    expectError(await t.request('GET', '/api/v1/items/nowhere/versions'), 404, 'NOT_FOUND');
    await refused(() => t.request('PUT', '/api/v1/items/nowhere', { token: t.adminToken, body: itemBody() }), 404, 'NOT_FOUND');
  });
});

describe('GET /api/v1/items', () => {
  it('lists withdrawn items only for administrators', async () => {
    const item = await create(t, '/api/v1/items', itemBody({ status: 'withdrawn', name: '已撤销的测试事项' }));
    const q = `q=${encodeURIComponent('已撤销的测试事项')}`;
    expect((await call(t, 'GET', `/api/v1/items?${q}`, 200)).items.map((i: { id: string }) => i.id)).not.toContain(item.id);
    expect((await call(t, 'GET', `/api/v1/items?${q}&includeWithdrawn=true`, 200, { token: t.adminToken })).items.map((i: { id: string }) => i.id)).toContain(item.id);
    expectError(await t.request('GET', `/api/v1/items?${q}&includeWithdrawn=true`), 401, 'UNAUTHENTICATED');
  });

  it('finds a change made on another node at the next search', async () => {
    // Another Kysely handle on the same database has its own search index, as another server process would.
    const otherNode = t.database.db.withoutPlugins();
    const body = itemBody({ name: '琉璃瓦修缮备案', keywords: ['古建筑'] });
    const item = await create(t, '/api/v1/items', body);
    const found = async (q: string) => (await searchItems(otherNode, { q, page: 1, pageSize: 5 })).items.map((i) => i.id);
    expect(await found('琉璃瓦')).toEqual([item.id]);
    await call(t, 'PUT', `/api/v1/items/${item.id}`, 200, { token: t.adminToken, body: { ...body, name: '青砖墙修缮备案' } });
    expect(await found('琉璃瓦')).toEqual([]);
    expect(await found('青砖墙')).toEqual([item.id]);
    expect(await found('古建筑')).toEqual([item.id]);
    await call(t, 'PUT', `/api/v1/items/${item.id}`, 200, { token: t.adminToken, body: { ...body, name: '青砖墙修缮备案', status: 'withdrawn' } });
    expect(await found('青砖墙')).toEqual([]);
  });
});

describe('bundles', () => {
  it('creates, lists, renames and deletes a bundle (global administrator)', async () => {
    const a = await create(t, '/api/v1/items', itemBody());
    const b = await create(t, '/api/v1/items', itemBody());
    const bundle = await create(t, '/api/v1/bundles', { name: '测试一件事', description: '两项联办', itemIds: [b.id, a.id] });
    expect(bundle).toMatchObject({ name: '测试一件事', description: '两项联办' });
    expect(bundle.items.map((i: { id: string }) => i.id)).toEqual([b.id, a.id]);
    expect(await call(t, 'GET', `/api/v1/bundles/${bundle.id}`, 200)).toEqual(bundle);
    expect((await call(t, 'GET', '/api/v1/bundles', 200)).map((x: { name: string }) => x.name)).toContain('测试一件事');
    expect((await call(t, 'GET', `/api/v1/items/${a.id}`, 200)).bundles).toEqual([{ id: bundle.id, name: '测试一件事' }]);
    const renamed = await call(t, 'PUT', `/api/v1/bundles/${bundle.id}`, 200, { token: t.adminToken, body: { name: '改名的一件事', itemIds: [a.id, b.id] } });
    expect(renamed).toMatchObject({ name: '改名的一件事', description: null });
    expect(await call(t, 'DELETE', `/api/v1/bundles/${bundle.id}`, 200, { token: t.adminToken })).toEqual({ ok: true });
    expectError(await t.request('GET', `/api/v1/bundles/${bundle.id}`), 404, 'NOT_FOUND');
  });

  it('refuses duplicates, unknown items, a taken name and anyone but a global administrator, changing nothing', async () => {
    const a = await create(t, '/api/v1/items', itemBody());
    const b = await create(t, '/api/v1/items', itemBody());
    const existing = await create(t, '/api/v1/bundles', { name: '已有的一件事', itemIds: [a.id, b.id] });
    const body = { name: '新的一件事', itemIds: [a.id, b.id] };
    const post = (token: string | undefined, payload: unknown) => () => t.request('POST', '/api/v1/bundles', { token, body: payload });
    await refused(post(t.adminToken, { ...body, itemIds: [a.id, a.id] }), 400, 'INVALID_BUNDLE');
    await refused(post(t.adminToken, { ...body, itemIds: [a.id, 'nowhere'] }), 400, 'INVALID_REFERENCE');
    await refused(post(t.adminToken, { ...body, itemIds: [a.id] }), 400, 'VALIDATION_ERROR');
    await refused(post(t.adminToken, { ...body, name: '已有的一件事' }), 409, 'BUNDLE_EXISTS');
    await refused(post(undefined, body), 401, 'UNAUTHENTICATED');
    await refused(post(o.accounts.cityAdmin.token, body), 403, 'FORBIDDEN');
    await refused(post(o.accounts.staff.token, body), 403, 'FORBIDDEN');
    await refused(() => t.request('PUT', `/api/v1/bundles/${existing.id}`, { token: o.accounts.cityAdmin.token, body }), 403, 'FORBIDDEN');
    await refused(() => t.request('DELETE', `/api/v1/bundles/${existing.id}`, { token: o.accounts.cityAdmin.token }), 403, 'FORBIDDEN');
    await refused(() => t.request('DELETE', `/api/v1/bundles/${existing.id}`), 401, 'UNAUTHENTICATED');
    await refused(() => t.request('DELETE', '/api/v1/bundles/nowhere', { token: t.adminToken }), 404, 'NOT_FOUND');
  });
});

describe('政务定制', () => {
  it('lists the licences changes exist for', async () => {
    expect(await call(d, 'GET', '/api/v1/licences/changeable', 200)).toEqual(expect.arrayContaining(['营业执照', '食品生产许可证', '排污许可证']));
  });

  it('proposes the changes for a new address, the business licence first', async () => {
    const { items } = await call(d, 'POST', '/api/v1/bundles/propose', 200, { body: { heldLicences: ['营业执照', '食品生产许可证', '排污许可证'], change: 'address' } });
    expect(items[0].name).toBe('有限责任公司变更登记');
    expect(items.map((i: { name: string }) => i.name).sort()).toEqual(['排污许可证变更', '有限责任公司变更登记', '食品生产许可（变更）'].sort());
  });

  it('proposes nothing for licences no change exists for, and refuses an unknown change', async () => {
    expect(await call(d, 'POST', '/api/v1/bundles/propose', 200, { body: { heldLicences: ['驾驶证'], change: 'address' } })).toEqual({ items: [] });
    expectError(await d.request('POST', '/api/v1/bundles/propose', { body: { heldLicences: ['营业执照'], change: 'colour' } }), 400, 'VALIDATION_ERROR');
  });
});

describe('POST /api/v1/prechecks', () => {
  const restaurant = async () => (await call(d, 'GET', '/api/v1/bundles', 200)).find((b: { name: string }) => b.name === '开办餐饮店一件事');

  it('plans the 开办餐饮店一件事 bundle: each document once, the windows of the center, proxy documents kept while unanswered', async () => {
    const bundle = await restaurant();
    const plan = await call(d, 'POST', '/api/v1/prechecks', 200, { body: { centerId: demoCity.id, bundleId: bundle.id } });
    expect(plan.items.map((i: { name: string }) => i.name)).toEqual(bundle.items.map((i: { name: string }) => i.name));
    expect(plan.complete).toBe(false);
    const names = plan.materials.map((m: { name: string }) => m.name);
    expect(new Set(names).size).toBe(names.length);
    const letter = plan.materials.find((m: { name: string }) => m.name === '授权委托书');
    expect(letter.items).toHaveLength(bundle.items.length);
    const general = (await call(d, 'GET', `/api/v1/centers/${demoCity.id}/windows?kind=general&pageSize=200`, 200, { token: d.adminToken })).items.map((w: { number: number }) => w.number);
    expect(plan.steps).toEqual([{ order: 1, windowKind: 'general', departmentName: null, windowNumbers: general, items: bundle.items.map((i: { name: string }) => i.name) }]);
    expect(general.length).toBeGreaterThan(0);
    expect(plan.totalVisits).toBeGreaterThanOrEqual(1);
  });

  it('drops the proxy documents once 本人办理 is answered for every item', async () => {
    const bundle = await restaurant();
    const first = await call(d, 'POST', '/api/v1/prechecks', 200, { body: { centerId: demoCity.id, bundleId: bundle.id } });
    const answers = Object.fromEntries(first.items.map((i: { id: string; situations: { id: string; options: { id: string; label: string }[] }[] }) => [i.id, Object.fromEntries(i.situations.map((s) => [s.id, s.options.find((x) => x.label === '本人办理')!.id]))]));
    const plan = await call(d, 'POST', '/api/v1/prechecks', 200, { body: { centerId: demoCity.id, bundleId: bundle.id, answers } });
    expect(plan.complete).toBe(true);
    expect(plan.items.every((i: { unanswered: string[] }) => i.unanswered.length === 0)).toBe(true);
    const names = plan.materials.map((m: { name: string }) => m.name);
    expect(names).not.toContain('授权委托书');
    expect(names.length).toBeLessThan(first.materials.length);
  });

  it('sends dedicated items to their department’s windows, in order', async () => {
    const birth = await demoItem('出生登记');
    const card = await demoItem('社会保障卡申领');
    const plan = await call(d, 'POST', '/api/v1/prechecks', 200, { body: { centerId: demoCity.id, itemIds: [birth.id, card.id] } });
    expect(plan.steps.map((s: { windowKind: string; departmentName: string | null }) => [s.windowKind, s.departmentName])).toEqual([['dedicated', '公安局'], ['general', null]]);
    expect(plan.steps[0].windowNumbers.length).toBeGreaterThan(0);
  });

  it('refuses an answer naming a missing option, no items, unknown items and an unknown center', async () => {
    const bundle = await restaurant();
    const first = bundle.items[0];
    const guide = await call(d, 'GET', `/api/v1/items/${first.id}`, 200);
    expectError(await d.request('POST', '/api/v1/prechecks', { body: { centerId: demoCity.id, bundleId: bundle.id, answers: { [first.id]: { [guide.situations[0].id]: 'maybe' } } } }), 400, 'INVALID_ANSWER');
    expectError(await d.request('POST', '/api/v1/prechecks', { body: { centerId: demoCity.id } }), 400, 'NO_ITEMS');
    expectError(await d.request('POST', '/api/v1/prechecks', { body: { centerId: demoCity.id, itemIds: ['nowhere'] } }), 400, 'INVALID_REFERENCE');
    expectError(await d.request('POST', '/api/v1/prechecks', { body: { centerId: 'nowhere', itemIds: [first.id] } }), 404, 'NOT_FOUND');
  });
});

describe('GET /api/v1/centers/:id/disclosure', () => {
  it('lists the published items of a center with their limits, fees, version and last change', async () => {
    const page = await call(d, 'GET', `/api/v1/centers/${demoCity.id}/disclosure?pageSize=5`, 200);
    expect(page).toMatchObject({ page: 1, pageSize: 5 });
    expect(page.total).toBeGreaterThan(1000);
    expect(page.items).toHaveLength(5);
    expect(page.items[0]).toEqual(expect.objectContaining({ legalDays: expect.any(Number), promisedDays: expect.any(Number), feeFen: expect.any(Number), version: 1, updatedAt: expect.any(String), feeBasis: null }));
    const ours = await call(t, 'GET', `/api/v1/centers/${o.other.id}/disclosure`, 200);
    expect(ours).toEqual({ items: [], total: 0, page: 1, pageSize: 20 });
    expectError(await t.request('GET', '/api/v1/centers/nowhere/disclosure'), 404, 'NOT_FOUND');
  });
});
