import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idNumberCheckChar } from '../../src/server/platform/identity.ts';
import { addAccount, auditOf, call, countRows, create, expectError, orgApp, type Account, type Org } from '../helpers/fixtures.ts';
import type { TestApp } from '../helpers/testApp.ts';

/** Back-office steps per item (承办 → 审核 → 决定) and 一件事 applications, through HTTP. */

type Json = any;

let t: TestApp;
let o: Org;
let secondApprover: Account;
let taxApprover: Account;
/** 承办 → 审核 → 决定. */
let routed: Json;
/** No route of its own: decided directly. */
let direct: Json;
let taxItem: Json;
let bundle: Json;

const first17 = '44010119800101123';
const person = { kind: 'person', idNumber: first17 + idNumberCheckChar(first17), name: '张三丰', phone: '13800138000' };
const token = (who: keyof Org['accounts']) => o.accounts[who].token;
const post = (url: string, who: string | undefined, payload?: unknown, headers?: Record<string, string>) => t.request('POST', url, { token: who, body: payload, headers });
const materialOf = (item: Json, name: string): string => item.materials.find((m: Json) => m.name === name).id;

async function acceptedCase(item: Json): Promise<Json> {
  const materials = item.materials.map((m: Json) => ({ materialId: m.id, status: 'received' }));
  const created = await call(t, 'POST', '/api/v1/cases', 201, { token: token('staff'), body: { itemId: item.id, applicant: person, channel: 'window', materials } });
  return call(t, 'POST', `/api/v1/cases/${created.id}/accept`, 200, { token: token('staff') });
}
const routeOf = async (id: string): Promise<Json> => call(t, 'GET', `/api/v1/cases/${id}/route`, 200, { token: token('approver') });

beforeAll(async () => {
  ({ t, o } = await orgApp());
  secondApprover = await addAccount(t, 'secondApprover', [{ role: 'dept_approver', centerId: o.city.id, departmentId: o.police.id }]);
  taxApprover = await addAccount(t, 'taxApprover', [{ role: 'dept_approver', centerId: o.city.id, departmentId: o.tax.id }]);
  routed = await create(t, '/api/v1/items', { code: 'WF-1', name: '三步许可', departmentId: o.police.id, type: '行政许可', legalDays: 20, promisedDays: 5, materials: [{ name: '申请书' }, { name: '居民身份证' }] });
  direct = await create(t, '/api/v1/items', { code: 'WF-2', name: '直接决定事项', departmentId: o.police.id, type: '行政许可', legalDays: 20, promisedDays: 5, materials: [{ name: '申请书' }] });
  taxItem = await create(t, '/api/v1/items', { code: 'WF-3', name: '税务登记', departmentId: o.tax.id, type: '公共服务', legalDays: 10, promisedDays: 3, materials: [{ name: '居民身份证' }, { name: '税务表' }] });
  await call(t, 'PUT', `/api/v1/items/${routed.id}/workflow`, 200, { token: t.adminToken, body: { steps: ['承办', '审核', '决定'], sameHandlerAllowed: false } });
  bundle = await create(t, '/api/v1/bundles', { name: '开办一件事', description: null, itemIds: [routed.id, taxItem.id] });
});
afterAll(async () => t?.close());

describe('GET/PUT /api/v1/items/{id}/workflow', () => {
  it('an item without a route is decided directly; a saved route is read back and audited', async () => {
    expect(await call(t, 'GET', `/api/v1/items/${direct.id}/workflow`, 200, { token: token('cityAdmin') })).toEqual({ itemId: direct.id, steps: ['决定'], sameHandlerAllowed: false, configured: false });
    const saved = await call(t, 'PUT', `/api/v1/items/${direct.id}/workflow`, 200, { token: token('cityAdmin'), body: { steps: ['受理审查', '复核', '决定'], sameHandlerAllowed: true } });
    expect(saved).toEqual({ itemId: direct.id, steps: ['受理审查', '复核', '决定'], sameHandlerAllowed: true, configured: true });
    expect((await auditOf(t, direct.id)).some((a) => a.action === 'item.workflow')).toBe(true);
    await call(t, 'PUT', `/api/v1/items/${direct.id}/workflow`, 200, { token: token('cityAdmin'), body: { steps: ['决定'], sameHandlerAllowed: false } });
  });

  it('refuses a route not ending with 决定, with 决定 twice or a repeated step, and anyone but an admin', async () => {
    for (const steps of [['承办', '审核'], ['决定', '承办', '决定'], ['承办', '承办', '决定'], []]) {
      expectError(await t.request('PUT', `/api/v1/items/${direct.id}/workflow`, { token: t.adminToken, body: { steps, sameHandlerAllowed: false } }), 400, steps.length ? 'INVALID_WORKFLOW' : 'VALIDATION_ERROR');
    }
    expectError(await t.request('PUT', `/api/v1/items/${direct.id}/workflow`, { token: token('approver'), body: { steps: ['决定'], sameHandlerAllowed: false } }), 403, 'FORBIDDEN');
    expectError(await t.request('GET', `/api/v1/items/${direct.id}/workflow`, { token: token('staff') }), 403, 'FORBIDDEN');
    expectError(await t.request('GET', `/api/v1/items/no-such-item/workflow`, { token: t.adminToken }), 404, 'NOT_FOUND');
  });
});

describe('POST /api/v1/cases/{id}/advance', () => {
  it('goes 承办 → 审核 → 决定 with an opinion at each step by two approvers, then decides; every step in the history and audited', async () => {
    const c = await acceptedCase(routed);
    expect(await routeOf(c.id)).toMatchObject({ steps: ['承办', '审核', '决定'], position: 0, currentStep: '承办', atDecision: false, opinions: [] });
    expectError(await post(`/api/v1/cases/${c.id}/decide`, token('approver'), { approved: true }), 409, 'INVALID_CASE_STATE');
    await call(t, 'POST', `/api/v1/cases/${c.id}/advance`, 200, { token: token('approver'), body: { opinion: '材料齐全，建议准予' } });
    // The one who gave the 承办 opinion may not 审核 too.
    expectError(await post(`/api/v1/cases/${c.id}/advance`, token('approver'), { opinion: '同意' }), 403, 'FORBIDDEN');
    await call(t, 'POST', `/api/v1/cases/${c.id}/advance`, 200, { token: secondApprover.token, body: { opinion: '审核同意' } });
    const atDecision = await routeOf(c.id);
    expect(atDecision).toMatchObject({ position: 2, currentStep: '决定', atDecision: true });
    expect(atDecision.opinions.map((x: Json) => [x.stepName, x.opinion])).toEqual([['承办', '材料齐全，建议准予'], ['审核', '审核同意']]);
    expectError(await post(`/api/v1/cases/${c.id}/advance`, token('approver'), { opinion: '再提交' }), 409, 'INVALID_CASE_STATE');
    expect((await call(t, 'POST', `/api/v1/cases/${c.id}/decide`, 200, { token: token('approver'), body: { approved: true } })).status).toBe('decided');
    const steps = await call(t, 'GET', `/api/v1/cases/${c.id}/steps`, 200, { token: token('approver') });
    expect(steps.map((s: Json) => s.name)).toEqual(['申报', '受理', '提交下一步', '提交下一步', '作出决定']);
    expect(steps[2].note).toBe('承办：材料齐全，建议准予');
    expect((await auditOf(t, c.id)).filter((a) => a.action === 'case.advance')).toHaveLength(2);
    expectError(await post(`/api/v1/cases/${c.id}/advance`, token('approver'), { opinion: '已决定' }), 409, 'INVALID_CASE_STATE');
  });

  it('sends back one step with a reason; the step redone by someone else counts', async () => {
    const c = await acceptedCase(routed);
    expectError(await post(`/api/v1/cases/${c.id}/send-back`, token('approver'), { reason: '退回' }), 409, 'INVALID_CASE_STATE');
    await call(t, 'POST', `/api/v1/cases/${c.id}/advance`, 200, { token: token('approver'), body: { opinion: '初审通过' } });
    expectError(await post(`/api/v1/cases/${c.id}/send-back`, secondApprover.token, {}), 400, 'VALIDATION_ERROR');
    await call(t, 'POST', `/api/v1/cases/${c.id}/send-back`, 200, { token: secondApprover.token, body: { reason: '缺少现场核查意见' } });
    expect(await routeOf(c.id)).toMatchObject({ position: 0, currentStep: '承办' });
    // Redone by the second approver: now the first one may 审核.
    await call(t, 'POST', `/api/v1/cases/${c.id}/advance`, 200, { token: secondApprover.token, body: { opinion: '已现场核查' } });
    await call(t, 'POST', `/api/v1/cases/${c.id}/advance`, 200, { token: token('approver'), body: { opinion: '同意' } });
    const route = await routeOf(c.id);
    expect(route.opinions.map((x: Json) => x.kind)).toEqual(['advance', 'send_back', 'advance', 'advance']);
    expect((await auditOf(t, c.id)).some((a) => a.action === 'case.send_back' && a.after.reason === '缺少现场核查意见')).toBe(true);
  });

  it('refuses a missing opinion, another department, window staff, a case not accepted, and an unknown case', async () => {
    const c = await acceptedCase(routed);
    expectError(await post(`/api/v1/cases/${c.id}/advance`, token('approver'), {}), 400, 'VALIDATION_ERROR');
    expectError(await post(`/api/v1/cases/${c.id}/advance`, token('approver'), { opinion: '   ' }), 400, 'OPINION_REQUIRED');
    expectError(await post(`/api/v1/cases/${c.id}/advance`, taxApprover.token, { opinion: '同意' }), 403, 'FORBIDDEN');
    expectError(await post(`/api/v1/cases/${c.id}/advance`, token('staff'), { opinion: '同意' }), 403, 'FORBIDDEN');
    expectError(await post(`/api/v1/cases/${c.id}/advance`, undefined, { opinion: '同意' }), 401, 'UNAUTHENTICATED');
    await call(t, 'POST', `/api/v1/cases/${c.id}/suspend`, 200, { token: token('approver'), body: { reason: '专家评审' } });
    expectError(await post(`/api/v1/cases/${c.id}/advance`, token('approver'), { opinion: '同意' }), 409, 'INVALID_CASE_STATE');
    expectError(await post('/api/v1/cases/no-such-case/advance', token('approver'), { opinion: '同意' }), 404, 'NOT_FOUND');
    expectError(await t.request('GET', `/api/v1/cases/${c.id}/route`, { token: taxApprover.token }), 403, 'FORBIDDEN');
    expectError(await t.request('GET', `/api/v1/cases/${c.id}/route`), 401, 'UNAUTHENTICATED');
    expect(await countRows(t, 'case_opinions', { case_id: c.id })).toBe(0);
  });

  it('keeps the route a case was accepted with when the item’s route changes later', async () => {
    const c = await acceptedCase(direct);
    await call(t, 'PUT', `/api/v1/items/${direct.id}/workflow`, 200, { token: t.adminToken, body: { steps: ['承办', '决定'], sameHandlerAllowed: false } });
    expect(await routeOf(c.id)).toMatchObject({ steps: ['决定'], atDecision: true });
    expect((await call(t, 'POST', `/api/v1/cases/${c.id}/decide`, 200, { token: token('approver'), body: { approved: false, reason: '不符合条件' } })).status).toBe('decided');
    const later = await acceptedCase(direct);
    expect(await routeOf(later.id)).toMatchObject({ steps: ['承办', '决定'], currentStep: '承办' });
    await call(t, 'PUT', `/api/v1/items/${direct.id}/workflow`, 200, { token: t.adminToken, body: { steps: ['决定'], sameHandlerAllowed: false } });
  });
});

describe('POST /api/v1/bundle-cases', () => {
  const shared = () => [
    { itemId: routed.id, materials: [{ materialId: materialOf(routed, '申请书'), status: 'received' }, { materialId: materialOf(routed, '居民身份证'), status: 'received' }] },
    // 居民身份证 is entered once (under the first item) and counts for the second too.
    { itemId: taxItem.id, materials: [{ materialId: materialOf(taxItem, '税务表'), status: 'received' }] },
  ];

  it('opens one parent and a child per item, the shared material received for both; the parent lists its children and summarises them', async () => {
    const parent = await call(t, 'POST', '/api/v1/bundle-cases', 201, { token: token('staff'), body: { bundleId: bundle.id, applicant: person, channel: 'window', items: shared() } });
    expect(parent).toMatchObject({ bundle: true, bundleName: '开办一件事', status: 'submitted', statusLabel: '已申报', caseNo: expect.stringMatching(/^\d{14}$/), applicantName: expect.not.stringContaining('三丰') });
    expect(parent.children.map((c: Json) => c.itemName)).toEqual(['三步许可', '税务登记']);
    const taxChild = await call(t, 'GET', `/api/v1/cases/${parent.children[1].id}`, 200, { token: token('staff') });
    expect(taxChild.materials.find((m: Json) => m.name === '居民身份证').status).toBe('received');
    expect((await call(t, 'GET', `/api/v1/cases/${taxChild.id}/route`, 200, { token: taxApprover.token })).parent).toEqual({ id: parent.id, caseNo: parent.caseNo, bundleName: '开办一件事' });
    expect(await call(t, 'GET', `/api/v1/cases/${parent.id}`, 200, { token: token('staff') })).toEqual(parent);

    await call(t, 'POST', `/api/v1/cases/${parent.children[1].id}/accept`, 200, { token: token('staff') });
    expect((await call(t, 'GET', `/api/v1/cases/${parent.id}`, 200, { token: token('staff') })).statusLabel).toBe('办理中');
    await call(t, 'POST', `/api/v1/cases/${parent.children[0].id}/refuse`, 200, { token: token('staff'), body: { reason: '不符合条件' } });
    await call(t, 'POST', `/api/v1/cases/${parent.children[1].id}/decide`, 200, { token: taxApprover.token, body: { approved: true } });
    await call(t, 'POST', `/api/v1/cases/${parent.children[1].id}/complete`, 200, { token: taxApprover.token, body: { delivery: 'window' } });
    expect((await call(t, 'GET', `/api/v1/cases/${parent.id}`, 200, { token: token('staff') })).status).toBe('finished');

    const progress = await call(t, 'GET', `/api/v1/public/cases/${parent.caseNo}?idSuffix=${person.idNumber.slice(-6)}`, 200);
    expect(progress).toMatchObject({ caseNo: parent.caseNo, itemName: '开办一件事', statusLabel: '已办结' });
    expect(progress.children.map((c: Json) => [c.itemName, c.statusLabel])).toEqual([['三步许可', '不予受理'], ['税务登记', '已办结']]);
    expect(JSON.stringify(progress)).not.toContain(person.idNumber);
    expectError(await t.request('GET', `/api/v1/public/cases/${parent.caseNo}?idSuffix=000000`), 404, 'NOT_FOUND');
  });

  it('writes nothing when one child is invalid, and a retry with the same key makes one parent', async () => {
    const before = { parents: await countRows(t, 'bundle_cases'), cases: await countRows(t, 'cases') };
    const invalid = shared();
    invalid[1]!.materials.push({ materialId: materialOf(routed, '申请书'), status: 'deferred' });
    expectError(await post('/api/v1/bundle-cases', token('staff'), { bundleId: bundle.id, applicant: person, channel: 'window', items: invalid }), 400, 'INVALID_CHECKLIST');
    // The second child's checklist is refused (税务表 deferred on an item without 容缺 for it) after the first child was made.
    const lateFailure = [shared()[0]!, { itemId: taxItem.id, materials: [{ materialId: materialOf(taxItem, '税务表'), status: 'elicense' }] }];
    expectError(await post('/api/v1/bundle-cases', token('staff'), { bundleId: bundle.id, applicant: person, channel: 'window', items: lateFailure }), 400, 'INVALID_CHECKLIST');
    expectError(await post('/api/v1/bundle-cases', token('staff'), { bundleId: bundle.id, applicant: person, channel: 'window', items: [{ itemId: direct.id, materials: [] }] }), 400, 'INVALID_BUNDLE_ITEMS');
    expectError(await post('/api/v1/bundle-cases', token('staff'), { bundleId: bundle.id, applicant: { ...person, idNumber: '440101198001011230' }, channel: 'window', items: shared() }), 400, 'INVALID_ID_NUMBER');
    expectError(await post('/api/v1/bundle-cases', token('approver'), { bundleId: bundle.id, applicant: person, channel: 'window', items: shared() }), 403, 'FORBIDDEN');
    expectError(await post('/api/v1/bundle-cases', token('staff'), { bundleId: 'no-such-bundle', applicant: person, channel: 'window', items: shared() }), 404, 'NOT_FOUND');
    expect({ parents: await countRows(t, 'bundle_cases'), cases: await countRows(t, 'cases') }).toEqual(before);

    const headers = { 'idempotency-key': 'bundle-retry-0001' };
    const body = { bundleId: bundle.id, applicant: person, channel: 'window', items: shared() };
    const first = await post('/api/v1/bundle-cases', token('staff'), body, headers);
    const again = await post('/api/v1/bundle-cases', token('staff'), body, headers);
    expect(first.statusCode).toBe(201);
    expect(again.json()).toEqual(first.json());
    expect({ parents: await countRows(t, 'bundle_cases'), cases: await countRows(t, 'cases') }).toEqual({ parents: before.parents + 1, cases: before.cases + 2 });
  });

  it('makes one parent when retries with the same key arrive together', async () => {
    const before = await countRows(t, 'bundle_cases');
    const body = { bundleId: bundle.id, applicant: person, channel: 'window', items: shared() };
    const answers = await Promise.all([1, 2, 3].map(() => post('/api/v1/bundle-cases', token('staff'), body, { 'idempotency-key': 'bundle-race-0001' })));
    expect(answers.map((a) => a.statusCode)).toEqual([201, 201, 201]);
    expect(new Set(answers.map((a) => a.json().id)).size).toBe(1);
    expect(await countRows(t, 'bundle_cases')).toBe(before + 1);
  });
});
