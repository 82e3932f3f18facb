import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { creditCodeCheckChar, idNumberCheckChar, lookupHash } from '../../src/server/platform/identity.ts';
import { shanghaiDate } from '../../src/server/platform/time.ts';
import { validUntilOf } from '../../src/server/modules/elicenses/rules.ts';
import { injectCall, personalCodeOf, signInCitizen, type ApiCall } from '../helpers/citizens.ts';
import { auditOf, call, create, expectError, orgApp, type Org } from '../helpers/fixtures.ts';
import type { TestApp } from '../helpers/testApp.ts';

/** E-licences: the holder's consent before a window reads them, every read audited, a case's 电子证照 material backed by one, and approval issuing one. */

type Json = any;
let t: TestApp;
let o: Org;
let api: ApiCall;
let item: { id: string; materials: { id: string; name: string }[] };

const idNumber = (first17: string) => first17 + idNumberCheckChar(first17);
const holderId = idNumber('44190019900101123');
const otherId = idNumber('44190019910202124');
const creditCode = (() => { const first17 = '91441900MA5ELC001'; return first17 + creditCodeCheckChar(first17)!; })();
const applicant = { kind: 'person', idNumber: holderId, name: '陈证照', phone: '13800001111' };

const register = (body: Json) => call(t, 'POST', '/api/v1/elicenses', 201, { token: t.adminToken, body: { issuer: '示范市公安局', issuedOn: '2020-01-01', ...body } });
const staff = () => o.accounts.staff.token;
const material = (name: string) => item.materials.find((m) => m.name === name)!.id;
const body = (materials: { name: string; status: string }[], who: object = applicant) => ({ itemId: item.id, applicant: who, channel: 'window', materials: materials.map((m) => ({ materialId: material(m.name), status: m.status })) });

beforeAll(async () => {
  ({ t, o } = await orgApp());
  api = injectCall(t);
  item = await create(t, '/api/v1/items', {
    code: 'ELIC-1',
    name: '电子证照测试许可',
    departmentId: o.police.id,
    type: '行政许可',
    legalDays: 20,
    promisedDays: 5,
    materials: [{ name: '申请书' }, { name: '居民身份证', elicense: true }, { name: '户口簿', elicense: true }],
  });
  await register({ holder: { kind: 'person', idNumber: holderId }, holderName: '陈证照', licenceType: '居民身份证', licenceNo: 'SFZ-0001', validUntil: '2040-01-01' });
  await register({ holder: { kind: 'person', idNumber: holderId }, holderName: '陈证照', licenceType: '户口簿', licenceNo: 'HKB-0001', validUntil: '2021-01-01' });
  await register({ holder: { kind: 'person', idNumber: otherId }, holderName: '林别人', licenceType: '结婚证', licenceNo: 'JHZ-0001' });
  await register({ holder: { kind: 'company', creditCode }, holderName: '示范电子科技有限公司', licenceType: '营业执照', licenceNo: 'YYZZ-0001', issuer: '示范市市场监督管理局' });
});
afterAll(async () => t?.close());

describe('reading a holder’s licences at the window', () => {
  it('is refused (403) without the applicant’s consent, and nothing is read', async () => {
    const before = (await auditOf(t, lookupHash(holderId))).length;
    expectError(await t.request('POST', '/api/v1/elicenses/lookup', { token: staff(), body: { centerId: o.city.id, holder: { kind: 'person', idNumber: holderId }, applicantAgreed: false } }), 403, 'CONSENT_REQUIRED');
    expect((await auditOf(t, lookupHash(holderId))).length).toBe(before);
  });

  it('with consent answers the holder’s licences, masked, with their status, and audits who read whose and which', async () => {
    const read = await call(t, 'POST', '/api/v1/elicenses/lookup', 200, { token: staff(), body: { centerId: o.city.id, holder: { kind: 'person', idNumber: holderId }, applicantAgreed: true } });
    expect(read.consent).toBe('applicant_agreed');
    expect(read.licences.map((l: Json) => [l.licenceType, l.status, l.licenceNo, l.holderName])).toEqual([
      ['居民身份证', 'valid', 'SFZ***01', '陈*照'],
      ['户口簿', 'expired', 'HKB***01', '陈*照'],
    ].sort((a, b) => (a[0]! < b[0]! ? -1 : 1)));
    const [audit] = await auditOf(t, lookupHash(holderId));
    expect(audit).toMatchObject({ action: 'elicense.read', actorId: o.accounts.staff.id, after: { consent: 'applicant_agreed', holder: '4419**********' + holderId.slice(-4) } });
    expect(audit!.after.licences.map((l: Json) => l.licenceType).sort()).toEqual(['居民身份证', '户口簿'].sort());
  });

  it('reads a company’s licences by its credit code', async () => {
    const read = await call(t, 'POST', '/api/v1/elicenses/lookup', 200, { token: staff(), body: { centerId: o.city.id, holder: { kind: 'company', creditCode }, applicantAgreed: true } });
    expect(read.licences).toEqual([expect.objectContaining({ licenceType: '营业执照', holderName: '示范电子科技有限公司', status: 'valid', validUntil: null })]);
  });

  it('refuses a bad identifier or an unanswered consent (400), and a manager of another center (403)', async () => {
    expectError(await t.request('POST', '/api/v1/elicenses/lookup', { token: staff(), body: { centerId: o.city.id, holder: { kind: 'person', idNumber: '441900199001011230' }, applicantAgreed: true } }), 400, 'INVALID_ID_NUMBER');
    expectError(await t.request('POST', '/api/v1/elicenses/lookup', { token: o.accounts.otherManager.token, body: { centerId: o.city.id, holder: { kind: 'person', idNumber: holderId }, applicantAgreed: true } }), 403, 'FORBIDDEN');
    expectError(await t.request('POST', '/api/v1/elicenses/lookup', { token: staff(), body: { centerId: o.city.id, holder: { kind: 'person', idNumber: holderId } } }), 400, 'VALIDATION_ERROR');
  });

  it('by a personal-code scan: the scan identifies the person and is the consent; the code works once', async () => {
    const citizen = await signInCitizen(api, t.database.db, { phone: '13900002222', idNumber: holderId, name: '陈证照' });
    const code = await personalCodeOf(api, citizen);
    const scanned = await call(t, 'POST', '/api/v1/elicenses/personal-code', 200, { token: staff(), body: { centerId: o.city.id, code } });
    expect(scanned.person).toMatchObject({ idNumber: holderId, name: '陈证照' });
    expect(scanned.consent).toBe('personal_code');
    expect(scanned.licences.map((l: Json) => l.licenceType).sort()).toEqual(['居民身份证', '户口簿'].sort());
    const [audit] = await auditOf(t, lookupHash(holderId));
    expect(audit).toMatchObject({ action: 'elicense.read', actorId: o.accounts.staff.id, after: { consent: 'personal_code' } });
    expectError(await t.request('POST', '/api/v1/elicenses/personal-code', { token: staff(), body: { centerId: o.city.id, code } }), 409, 'PERSONAL_CODE_USED');

    const mine = await call(t, 'GET', '/api/v1/elicenses/mine', 200, { token: citizen });
    expect(mine.map((l: Json) => l.licenceType).sort()).toEqual(['居民身份证', '户口簿'].sort());
    expect(JSON.stringify(mine)).not.toContain('SFZ-0001');
  });
});

describe('a citizen’s own licences', () => {
  it('lists only their own, needs real-name binding, and is refused to staff', async () => {
    const other = await signInCitizen(api, t.database.db, { phone: '13900003333', idNumber: otherId, name: '林别人' });
    expect((await call(t, 'GET', '/api/v1/elicenses/mine', 200, { token: other })).map((l: Json) => l.licenceType)).toEqual(['结婚证']);
    const unbound = await signInCitizen(api, t.database.db, { phone: '13900004444' });
    expectError(await t.request('GET', '/api/v1/elicenses/mine', { token: unbound }), 403, 'REAL_NAME_REQUIRED');
    expectError(await t.request('GET', '/api/v1/elicenses/mine', { token: staff() }), 403, 'FORBIDDEN');
    expectError(await t.request('GET', '/api/v1/elicenses/mine'), 401, 'UNAUTHENTICATED');
  });
});

describe('a case with materials replaced by e-licences', () => {
  it('is taken in when the applicant holds a valid licence of each such material', async () => {
    const created = await call(t, 'POST', '/api/v1/cases', 201, { token: staff(), body: body([{ name: '申请书', status: 'received' }, { name: '居民身份证', status: 'elicense' }, { name: '户口簿', status: 'received' }]) });
    expect(created.materials.find((m: Json) => m.name === '居民身份证').status).toBe('elicense');
  });

  it('is refused with ELICENSE_NOT_FOUND for an expired licence or none, naming the materials, and nothing is written', async () => {
    const before = (await call(t, 'GET', `/api/v1/centers/${o.city.id}/cases?pageSize=100`, 200, { token: staff() })).total;
    const expired = expectError(await t.request('POST', '/api/v1/cases', { token: staff(), body: body([{ name: '申请书', status: 'received' }, { name: '居民身份证', status: 'elicense' }, { name: '户口簿', status: 'elicense' }]) }), 400, 'ELICENSE_NOT_FOUND');
    expect(expired.message).toContain('户口簿');
    expect(expired.details).toEqual({ materials: ['户口簿'] });
    const stranger = { ...applicant, idNumber: otherId, name: '林别人' };
    expect(expectError(await t.request('POST', '/api/v1/cases', { token: staff(), body: body([{ name: '申请书', status: 'received' }, { name: '居民身份证', status: 'elicense' }], stranger) }), 400, 'ELICENSE_NOT_FOUND').details).toEqual({ materials: ['居民身份证'] });
    expect((await call(t, 'GET', `/api/v1/centers/${o.city.id}/cases?pageSize=100`, 200, { token: staff() })).total).toBe(before);
  });

  it('is refused once the licence is revoked', async () => {
    const licence = await register({ holder: { kind: 'person', idNumber: otherId }, holderName: '林别人', licenceType: '户口簿', licenceNo: 'HKB-0002' });
    const stranger = { ...applicant, idNumber: otherId, name: '林别人' };
    const send = () => t.request('POST', '/api/v1/cases', { token: staff(), body: body([{ name: '申请书', status: 'received' }, { name: '居民身份证', status: 'received' }, { name: '户口簿', status: 'elicense' }], stranger) });
    expect((await send()).statusCode).toBe(201);
    expect((await call(t, 'POST', `/api/v1/elicenses/${licence.id}/revoke`, 200, { token: t.adminToken, body: { reason: '户口迁出' } })).status).toBe('revoked');
    expectError(await send(), 400, 'ELICENSE_NOT_FOUND');
    expectError(await t.request('POST', `/api/v1/elicenses/${licence.id}/revoke`, { token: t.adminToken, body: { reason: '重复' } }), 409, 'LICENCE_REVOKED');
  });
});

describe('registering a licence', () => {
  it('is for admins only, refuses a number already registered (409) and a validity ending before issue (400)', async () => {
    const licence = { holder: { kind: 'person', idNumber: otherId }, holderName: '林别人', licenceType: '驾驶证', licenceNo: 'JSZ-0001', issuer: '示范市公安局交警支队', issuedOn: '2020-01-01' };
    expectError(await t.request('POST', '/api/v1/elicenses', { token: staff(), body: licence }), 403, 'FORBIDDEN');
    await call(t, 'POST', '/api/v1/elicenses', 201, { token: t.adminToken, body: licence });
    expectError(await t.request('POST', '/api/v1/elicenses', { token: t.adminToken, body: licence }), 409, 'LICENCE_NO_TAKEN');
    expectError(await t.request('POST', '/api/v1/elicenses', { token: t.adminToken, body: { ...licence, licenceNo: 'JSZ-0002', validUntil: '2019-12-31' } }), 400, 'INVALID_VALIDITY');
    expectError(await t.request('POST', '/api/v1/elicenses', { token: t.adminToken, body: { ...licence, licenceNo: 'JSZ-0003', issuedOn: '2020-02-30' } }), 400, 'VALIDATION_ERROR');
  });
});

describe('a licence issued by an approved case', () => {
  it('goes into the applicant’s store on approval, for an item set to issue one, once', async () => {
    expectError(await t.request('PUT', `/api/v1/elicenses/item-results/${item.id}`, { token: staff(), body: { licenceType: '测试许可证', validYears: 5 } }), 403, 'FORBIDDEN');
    expectError(await t.request('PUT', '/api/v1/elicenses/item-results/no-such-item', { token: t.adminToken, body: { licenceType: '测试许可证', validYears: 5 } }), 404, 'NOT_FOUND');
    expectError(await t.request('PUT', `/api/v1/elicenses/item-results/${item.id}`, { token: t.adminToken, body: { licenceType: '测试许可证', validYears: 0 } }), 400, 'VALIDATION_ERROR');
    await call(t, 'PUT', `/api/v1/elicenses/item-results/${item.id}`, 200, { token: t.adminToken, body: { licenceType: '测试许可证', validYears: 5 } });
    expect(await call(t, 'GET', '/api/v1/elicenses/item-results', 200, { token: t.adminToken })).toEqual([{ itemId: item.id, itemName: '电子证照测试许可', licenceType: '测试许可证', validYears: 5 }]);

    const company = { kind: 'company', creditCode, name: '示范电子科技有限公司', contact: '王经理', phone: '13800002222' };
    const decide = async (approved: boolean) => {
      const created = await call(t, 'POST', '/api/v1/cases', 201, { token: staff(), body: body([{ name: '申请书', status: 'received' }, { name: '居民身份证', status: 'received' }, { name: '户口簿', status: 'received' }], company) });
      await call(t, 'POST', `/api/v1/cases/${created.id}/accept`, 200, { token: staff() });
      await call(t, 'POST', `/api/v1/cases/${created.id}/decide`, 200, { token: o.accounts.approver.token, body: approved ? { approved } : { approved, reason: '不符合条件' } });
      return created;
    };
    const lookup = async () => (await call(t, 'POST', '/api/v1/elicenses/lookup', 200, { token: staff(), body: { centerId: o.city.id, holder: { kind: 'company', creditCode }, applicantAgreed: true } })).licences as Json[];
    await decide(false);
    expect((await lookup()).map((l) => l.licenceType)).toEqual(['营业执照']);
    const approved = await decide(true);
    const issued = (await lookup()).find((l) => l.licenceType === '测试许可证');
    const today = shanghaiDate();
    expect(issued).toMatchObject({ sourceCaseId: approved.id, issuer: '公安局', issuedOn: today, status: 'valid', validUntil: validUntilOf(today, 5) });

    await call(t, 'DELETE', `/api/v1/elicenses/item-results/${item.id}`, 200, { token: t.adminToken });
    expectError(await t.request('DELETE', `/api/v1/elicenses/item-results/${item.id}`, { token: t.adminToken }), 404, 'NOT_FOUND');
  });
});
