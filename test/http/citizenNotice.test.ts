import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idNumberCheckChar } from '../../src/server/platform/identity.ts';
import { injectCall, signInCitizen } from '../helpers/citizens.ts';
import { call, create, expectError, orgApp, type Org } from '../helpers/fixtures.ts';
import type { TestApp } from '../helpers/testApp.ts';

/** GET /api/v1/cases/{id}/notice.pdf for the applicant signed in on the portal: their own cases only. */

let t: TestApp;
let o: Org;
let item: { id: string; materials: { id: string }[] };
/** The applicant on the portal (an ID number binds to one phone only). */
let applicant: string;
const idOf = (first17: string) => first17 + idNumberCheckChar(first17);
const applicantId = idOf('44190019800101123');
const strangerId = idOf('44190019900202456');

beforeAll(async () => {
  ({ t, o } = await orgApp());
  applicant = await signInCitizen(injectCall(t), t.database.db, { phone: '13900001001', idNumber: applicantId, name: '李四' });
  item = await create(t, '/api/v1/items', { code: 'MY-NOTICE-1', name: '居住证明', departmentId: o.police.id, type: '公共服务', legalDays: 5, promisedDays: 1, materials: [{ name: '申请书' }] });
});
afterAll(async () => t?.close());

const fileCase = () =>
  call(t, 'POST', '/api/v1/cases', 201, {
    token: o.accounts.staff.token,
    body: { itemId: item.id, applicant: { kind: 'person', idNumber: applicantId, name: '李四', phone: '13800138001' }, channel: 'window', materials: [{ materialId: item.materials[0]!.id, status: 'received' }] },
  });
const notice = (caseId: string, token: string) => t.request('GET', `/api/v1/cases/${caseId}/notice.pdf`, { token });

describe('a citizen downloading a notice', () => {
  it('gets the PDF of their own case, by the ID number they bound', async () => {
    const filed = await fileCase();
    await call(t, 'POST', `/api/v1/cases/${filed.id}/accept`, 200, { token: o.accounts.staff.token });
    const res = await notice(filed.id, applicant);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toContain(`${filed.caseNo}-SL.pdf`);
    expect(res.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('is told when the latest step has no notice (409 NO_NOTICE)', async () => {
    const filed = await fileCase();
    expectError(await notice(filed.id, applicant), 409, 'NO_NOTICE');
  });

  it('never gets another person’s case (404, as if it did not exist), nor any before the real name (403)', async () => {
    const filed = await fileCase();
    await call(t, 'POST', `/api/v1/cases/${filed.id}/accept`, 200, { token: o.accounts.staff.token });
    const stranger = await signInCitizen(injectCall(t), t.database.db, { phone: '13900001003', idNumber: strangerId, name: '王五' });
    expectError(await notice(filed.id, stranger), 404, 'NOT_FOUND');
    const anonymous = await signInCitizen(injectCall(t), t.database.db, { phone: '13900001004' });
    expectError(await notice(filed.id, anonymous), 403, 'REAL_NAME_REQUIRED');
    // Staff rules are unchanged: staff of another center still may not read it.
    expectError(await notice(filed.id, o.accounts.otherManager.token), 403, 'FORBIDDEN');
  });
});
