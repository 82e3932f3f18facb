import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idNumberCheckChar } from '../../src/server/platform/identity.ts';
import { buildOrg, call, create, expectError, type Org } from '../helpers/fixtures.ts';
import { createTestApp, type TestApp } from '../helpers/testApp.ts';
import { holdLicence } from '../helpers/elicenses.ts';

/** A case from the window to the result, through HTTP. */

let t: TestApp;
let o: Org;
let item: { id: string; materials: { id: string; name: string }[] };
const idNumber = (() => {
  const first17 = '44010119800101123';
  return first17 + idNumberCheckChar(first17);
})();
const applicant = { kind: 'person', idNumber, name: '张三丰', phone: '13800138000' };

beforeAll(async () => {
  t = await createTestApp();
  o = await buildOrg(t);
  item = await create(t, '/api/v1/items', {
    code: 'CASE-1',
    name: '测试许可',
    departmentId: o.police.id,
    type: '行政许可',
    legalDays: 20,
    promisedDays: 5,
    materials: [{ name: '申请书' }, { name: '居民身份证', elicense: true }, { name: '场地证明', deferrable: true }],
  });
  await holdLicence(t, { kind: 'person', idNumber }, '居民身份证', applicant.name);
});
afterAll(async () => t?.close());

const staff = () => o.accounts.staff.token;
const approver = () => o.accounts.approver.token;
const material = (name: string) => item.materials.find((m) => m.name === name)!.id;

describe('a case', () => {
  it('goes 申报 → 一次性告知 → 补交 → 受理 → 暂停/恢复 → 决定 → 办结, and the public sees its steps', async () => {
    const created = await call(t, 'POST', '/api/v1/cases', 201, {
      token: staff(),
      body: { itemId: item.id, applicant, channel: 'window', materials: [{ materialId: material('申请书'), status: 'received' }, { materialId: material('居民身份证'), status: 'elicense' }] },
    });
    expect(created).toMatchObject({ status: 'submitted', caseNo: expect.stringMatching(/^\d{14}$/), applicant: { identifier: expect.stringContaining('*') } });
    expectError(await t.request('POST', `/api/v1/cases/${created.id}/accept`, { token: staff() }), 409, 'MATERIALS_MISSING');
    const noticed = await call(t, 'POST', `/api/v1/cases/${created.id}/supplement-notice`, 200, { token: staff() });
    expect(noticed.status).toBe('supplement');
    await call(t, 'POST', `/api/v1/cases/${created.id}/supply`, 200, { token: staff(), body: { materialIds: [material('场地证明')] } });
    const accepted = await call(t, 'POST', `/api/v1/cases/${created.id}/accept`, 200, { token: staff() });
    expect(accepted).toMatchObject({ status: 'accepted', acceptedOn: expect.any(String), promisedDeadline: expect.any(String), legalDeadline: expect.any(String) });
    expect(accepted.promisedDeadline > accepted.acceptedOn).toBe(true);

    expectError(await t.request('POST', `/api/v1/cases/${created.id}/suspend`, { token: staff(), body: { reason: '专家评审' } }), 403, 'FORBIDDEN');
    expect((await call(t, 'POST', `/api/v1/cases/${created.id}/suspend`, 200, { token: approver(), body: { reason: '专家评审' } })).status).toBe('suspended');
    expectError(await t.request('POST', `/api/v1/cases/${created.id}/decide`, { token: approver(), body: { approved: true } }), 409, 'INVALID_CASE_STATE');
    const resumed = await call(t, 'POST', `/api/v1/cases/${created.id}/resume`, 200, { token: approver() });
    expect(resumed.promisedDeadline).toBe(accepted.promisedDeadline); // suspended and resumed the same day: no working day lost
    expectError(await t.request('POST', `/api/v1/cases/${created.id}/decide`, { token: approver(), body: { approved: false } }), 400, 'REASON_REQUIRED');
    expect((await call(t, 'POST', `/api/v1/cases/${created.id}/decide`, 200, { token: approver(), body: { approved: true } })).status).toBe('decided');
    expect((await call(t, 'POST', `/api/v1/cases/${created.id}/complete`, 200, { token: staff(), body: { delivery: 'window' } })).status).toBe('completed');

    const progress = await call(t, 'GET', `/api/v1/public/cases/${created.caseNo}?idSuffix=${idNumber.slice(-6)}`, 200);
    expect(progress).toMatchObject({ caseNo: created.caseNo, itemName: '测试许可', status: 'completed', applicantName: expect.stringContaining('*'), rateableId: created.id });
    expect(progress.steps.map((s: { name: string }) => s.name)).toEqual(['申报', '一次性告知', '补交材料', '受理', '暂停计时', '恢复计时', '作出决定', '办结送达']);
  });

  it('accepts with a deferred (容缺) material only when the material may be deferred', async () => {
    const body = (status: string) => ({
      itemId: item.id,
      applicant,
      channel: 'window',
      materials: [{ materialId: material('申请书'), status }, { materialId: material('居民身份证'), status: 'received' }, { materialId: material('场地证明'), status: 'deferred' }],
    });
    expectError(await t.request('POST', '/api/v1/cases', { token: staff(), body: body('deferred') }), 400, 'INVALID_CHECKLIST');
    const created = await call(t, 'POST', '/api/v1/cases', 201, { token: staff(), body: body('received') });
    const accepted = await call(t, 'POST', `/api/v1/cases/${created.id}/accept`, 200, { token: staff() });
    const deferred = accepted.materials.find((m: { name: string }) => m.name === '场地证明');
    expect(deferred.dueDate <= accepted.promisedDeadline).toBe(true);
  });

  it('returns the same case for a retried request with the same Idempotency-Key', async () => {
    const send = () => t.request('POST', '/api/v1/cases', { token: staff(), headers: { 'idempotency-key': 'retry-key-0001' }, body: { itemId: item.id, applicant, channel: 'window', materials: [] } });
    const first = (await send()).json();
    const second = (await send()).json();
    expect(second.id).toBe(first.id);
  });

  it('refuses a bad ID number or credit code, and answers the public query only with the right suffix', async () => {
    expectError(await t.request('POST', '/api/v1/cases', { token: staff(), body: { itemId: item.id, applicant: { ...applicant, idNumber: '440101198001011230' }, channel: 'window', materials: [] } }), 400, 'INVALID_ID_NUMBER');
    expectError(await t.request('POST', '/api/v1/cases', { token: staff(), body: { itemId: item.id, applicant: { kind: 'company', creditCode: '91440101MA5CXXXXX1', name: '某公司', contact: '李四', phone: '13800138000' }, channel: 'window', materials: [] } }), 400, 'INVALID_CREDIT_CODE');
    const created = await call(t, 'POST', '/api/v1/cases', 201, { token: staff(), body: { itemId: item.id, applicant, channel: 'window', materials: [] } });
    expectError(await t.request('GET', `/api/v1/public/cases/${created.caseNo}?idSuffix=000000`), 404, 'NOT_FOUND');
    expectError(await t.request('POST', '/api/v1/cases', { body: { itemId: item.id, applicant, channel: 'window', materials: [] } }), 401, 'UNAUTHENTICATED');
  });
});
