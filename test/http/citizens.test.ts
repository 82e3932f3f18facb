import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanPersonalCode } from '../../src/server/modules/citizens/service.ts';
import { idNumberCheckChar } from '../../src/server/platform/identity.ts';
import { shanghaiDate } from '../../src/server/platform/time.ts';
import { injectCall, lastSignInCode, personalCodeOf, signInCitizen, type ApiCall } from '../helpers/citizens.ts';
import { auditOf, call, create, expectError, orgApp, type Org } from '../helpers/fixtures.ts';
import type { TestApp } from '../helpers/testApp.ts';

/** The portal's people: sign-in by SMS code, real-name binding once, and the personal code a kiosk or window scans once. */

let t: TestApp;
let o: Org;
let api: ApiCall;
type Json = any;

const validId = (first17: string) => first17 + idNumberCheckChar(first17);
const idNumber = validId('44190019850612341');
let phoneSerial = 0;
const newPhone = () => `1390000${String(++phoneSerial).padStart(4, '0')}`;

beforeAll(async () => {
  ({ t, o } = await orgApp());
  api = injectCall(t);
});
afterAll(async () => {
  await t?.close();
});

describe('signing in with a phone and a one-time code', () => {
  it('sends a six-digit code by SMS, signs in with it once, and the token reads the masked account', async () => {
    const phone = newPhone();
    const sent = await call(t, 'POST', '/api/v1/citizen/sign-in-code', 200, { body: { phone } });
    expect(sent.resendAfterSeconds).toBe(60);
    const code = await lastSignInCode(t.database.db, phone);
    const session = await call(t, 'POST', '/api/v1/citizen/sessions', 201, { body: { phone, code } });
    expect(session.token).toMatch(/^odp_/);
    expect(session.citizen).toEqual({ id: expect.any(String), phone: `139****${phone.slice(-4)}`, realName: false, name: null, idNumber: null });
    expect(await call(t, 'GET', '/api/v1/citizen/me', 200, { token: session.token })).toEqual(session.citizen);
    // The same code does not sign in twice.
    expectError(await t.request('POST', '/api/v1/citizen/sessions', { body: { phone, code } }), 401, 'INVALID_OTP');
    // Signing in again later is the same account.
    await sql`UPDATE citizen_otps SET created_at = created_at - interval '2 minutes'`.execute(t.database.db);
    const again = await signInCitizen(api, t.database.db, { phone });
    expect((await call(t, 'GET', '/api/v1/citizen/me', 200, { token: again })).id).toBe(session.citizen.id);
  });

  it('refuses a wrong phone, a second code within a minute, and spends a code after five wrong guesses', async () => {
    expectError(await t.request('POST', '/api/v1/citizen/sign-in-code', { body: { phone: '12345' } }), 400, 'INVALID_PHONE');
    const phone = newPhone();
    await call(t, 'POST', '/api/v1/citizen/sign-in-code', 200, { body: { phone } });
    const again = expectError(await t.request('POST', '/api/v1/citizen/sign-in-code', { body: { phone } }), 429, 'OTP_TOO_FREQUENT');
    expect(again.message).toMatch(/秒后再获取/);
    const code = await lastSignInCode(t.database.db, phone);
    const wrong = code === '000000' ? '111111' : '000000';
    for (let left = 4; left >= 1; left--) {
      expect(expectError(await t.request('POST', '/api/v1/citizen/sessions', { body: { phone, code: wrong } }), 401, 'INVALID_OTP').message).toBe(`验证码错误，还可以再试 ${left} 次`);
    }
    expectError(await t.request('POST', '/api/v1/citizen/sessions', { body: { phone, code: wrong } }), 401, 'INVALID_OTP');
    // The right code no longer works: five wrong guesses spent it.
    expect(expectError(await t.request('POST', '/api/v1/citizen/sessions', { body: { phone, code } }), 401, 'INVALID_OTP').message).toBe('验证码已失效，请重新获取');
  });

  it('a staff token is not a portal session, and a portal token is not staff', async () => {
    expectError(await t.request('GET', '/api/v1/citizen/me', { token: o.accounts.staff.token }), 403, 'FORBIDDEN');
    const token = await signInCitizen(api, t.database.db, { phone: newPhone() });
    expectError(await t.request('GET', `/api/v1/centers/${o.city.id}/feedback`, { token }), 403, 'FORBIDDEN');
    await call(t, 'POST', '/api/v1/citizen/sign-out', 200, { token });
    expectError(await t.request('GET', '/api/v1/citizen/me', { token }), 401, 'UNAUTHENTICATED');
  });
});

describe('real-name binding', () => {
  it('binds a checked ID number and name once, shows them masked, and audits it', async () => {
    const token = await signInCitizen(api, t.database.db, { phone: newPhone() });
    expectError(await t.request('POST', '/api/v1/citizen/me/real-name', { token, body: { idNumber: idNumber.slice(0, 17) + (idNumber.endsWith('1') ? '2' : '1'), name: '王小明' } }), 400, 'INVALID_ID_NUMBER');
    expectError(await t.request('POST', '/api/v1/citizen/me/real-name', { token, body: { idNumber, name: 'Wang' } }), 400, 'INVALID_NAME');
    const bound = await call(t, 'POST', '/api/v1/citizen/me/real-name', 200, { token, body: { idNumber: idNumber.toLowerCase(), name: '王小明' } });
    expect(bound).toMatchObject({ realName: true, name: '王*明', idNumber: `4419**********${idNumber.slice(-4)}` });
    expectError(await t.request('POST', '/api/v1/citizen/me/real-name', { token, body: { idNumber, name: '王小明' } }), 409, 'REAL_NAME_BOUND');
    const audit = await auditOf(t, bound.id);
    expect(audit.map((a) => a.action)).toContain('citizen.real_name');
    expect(JSON.stringify(audit)).not.toContain(idNumber);
    // Another phone cannot claim the same person.
    const other = await signInCitizen(api, t.database.db, { phone: newPhone() });
    expectError(await t.request('POST', '/api/v1/citizen/me/real-name', { token: other, body: { idNumber, name: '王小明' } }), 409, 'ID_NUMBER_BOUND');
  });
});

describe('the personal code (亮码)', () => {
  let token: string;
  const person = { idNumber: validId('44190019700101002'), name: '李四' };
  beforeAll(async () => {
    token = await signInCitizen(api, t.database.db, { phone: newPhone(), ...person });
  });

  it('is only for a real-name account', async () => {
    const anonymous = await signInCitizen(api, t.database.db, { phone: newPhone() });
    expectError(await t.request('POST', '/api/v1/citizen/me/personal-code', { token: anonymous }), 403, 'REAL_NAME_REQUIRED');
  });

  it('a window scans it once and sees the whole person (audited); a second scan of it — a screenshot — is refused', async () => {
    const issued = await call(t, 'POST', '/api/v1/citizen/me/personal-code', 200, { token });
    expect(issued.validSeconds).toBe(60);
    expect(new Date(issued.expiresAt).getTime() - Date.now()).toBeLessThanOrEqual(60_000);
    const scanned = await call(t, 'POST', '/api/v1/personal-codes/scan', 200, { token: o.accounts.staff.token, body: { code: issued.code, purpose: 'window' } });
    expect(scanned).toMatchObject({ name: '李四', idNumber: person.idNumber, masked: false });
    expectError(await t.request('POST', '/api/v1/personal-codes/scan', { token: o.accounts.staff.token, body: { code: issued.code, purpose: 'window' } }), 409, 'PERSONAL_CODE_USED');
    const audit = await auditOf(t, scanned.citizenId);
    expect(audit.filter((a) => a.action === 'personal_code.scan')).toHaveLength(1);
    expect(audit.find((a) => a.action === 'personal_code.refused')?.after).toEqual({ purpose: 'window', reason: 'PERSONAL_CODE_USED' });
  });

  it('a kiosk sees the person masked; a rating pad, a supervisor and nobody may not scan', async () => {
    const code = await personalCodeOf(api, token);
    const pad = await create(t, '/api/v1/devices', { centerId: o.city.id, kind: 'rating_pad', name: '评价器', windowId: o.windows.general.id });
    expectError(await t.request('POST', '/api/v1/personal-codes/scan', { token: pad.token, body: { code, purpose: 'kiosk' } }), 403, 'FORBIDDEN');
    expectError(await t.request('POST', '/api/v1/personal-codes/scan', { token: o.accounts.supervisor.token, body: { code, purpose: 'window' } }), 403, 'FORBIDDEN');
    expectError(await t.request('POST', '/api/v1/personal-codes/scan', { body: { code, purpose: 'kiosk' } }), 401, 'UNAUTHENTICATED');
    const scanned = await call(t, 'POST', '/api/v1/personal-codes/scan', 200, { token: o.tokens.kiosk, body: { code, purpose: 'kiosk' } });
    expect(scanned).toMatchObject({ name: '李*', idNumber: `4419**********${person.idNumber.slice(-4)}`, masked: true });
  });

  it('refuses an expired code, a forged one, and one signed for someone else', async () => {
    const code = await personalCodeOf(api, token);
    const actor = { kind: 'system' as const, name: '测试' };
    await expect(scanPersonalCode(t.database.db, actor, code, 'window', new Date(Date.now() + 61_000))).rejects.toMatchObject({ statusCode: 410, code: 'PERSONAL_CODE_EXPIRED' });
    const [version, citizenId, expiry, nonce, signature] = code.split('.');
    const forged = [version, citizenId, (parseInt(expiry!, 36) + 3600).toString(36), nonce, signature].join('.');
    expectError(await t.request('POST', '/api/v1/personal-codes/scan', { token: o.accounts.staff.token, body: { code: forged, purpose: 'window' } }), 400, 'INVALID_PERSONAL_CODE');
    const other = await signInCitizen(api, t.database.db, { phone: newPhone() });
    const otherId = (await call(t, 'GET', '/api/v1/citizen/me', 200, { token: other })).id;
    const stolen = [version, otherId, expiry, nonce, signature].join('.');
    expectError(await t.request('POST', '/api/v1/personal-codes/scan', { token: o.accounts.staff.token, body: { code: stolen, purpose: 'window' } }), 400, 'INVALID_PERSONAL_CODE');
    expectError(await t.request('POST', '/api/v1/personal-codes/scan', { token: o.accounts.staff.token, body: { code: '请出示二维码', purpose: 'window' } }), 400, 'INVALID_PERSONAL_CODE');
    // The genuine code was never spent by those attempts.
    expect((await call(t, 'POST', '/api/v1/personal-codes/scan', 200, { token: o.accounts.staff.token, body: { code, purpose: 'window' } })).name).toBe('李四');
  });

  it('five scans of one code at once: exactly one is accepted', async () => {
    const code = await personalCodeOf(api, token);
    const results = await Promise.all(Array.from({ length: 5 }, () => t.request('POST', '/api/v1/personal-codes/scan', { token: o.accounts.staff.token, body: { code, purpose: 'window' } })));
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409, 409, 409, 409]);
  });
});

describe('what the account is for', () => {
  const person = { idNumber: validId('44190019881111003'), name: '陈小红' };
  let token: string;
  let open: Json;
  let category: Json;
  let kioskToken: string;
  beforeAll(async () => {
    token = await signInCitizen(api, t.database.db, { phone: newPhone(), ...person });
    // The test day could be a holiday in the calendar: remove today's override so the week rules apply.
    expect([200, 404]).toContain((await t.request('DELETE', `/api/v1/calendar/days/${shanghaiDate()}`, { token: t.adminToken })).statusCode);
    open = await create(t, '/api/v1/centers', { name: '全天便民服务站', level: 'town', parentId: o.city.id, openingHours: [{ days: [1, 2, 3, 4, 5, 6, 7], open: '00:00', close: '23:59' }] });
    category = await create(t, '/api/v1/categories', { centerId: open.id, name: '综合业务', prefix: 'A', itemIds: [] });
    kioskToken = (await create(t, '/api/v1/devices', { centerId: open.id, kind: 'kiosk', name: '取号机' })).token;
  });

  it('a signed-in person takes a ticket online without typing their ID number, and sees it under 我的取号', async () => {
    const ticket = await call(t, 'POST', '/api/v1/tickets', 201, { token, body: { centerId: open.id, categoryId: category.id, channel: 'online' } });
    expect(ticket.idNumberMasked).toBe(`4419**********${person.idNumber.slice(-4)}`);
    const mine = await call(t, 'GET', '/api/v1/citizen/me/tickets', 200, { token });
    expect(mine.map((m: Json) => m.id)).toContain(ticket.id);
  });

  it('a kiosk takes a ticket by the personal code, once; nobody but a kiosk or terminal may send a code', async () => {
    const code = await personalCodeOf(api, token);
    const body = { centerId: open.id, categoryId: category.id, channel: 'kiosk', personalCode: code };
    expectError(await t.request('POST', '/api/v1/tickets', { token: o.accounts.staff.token, body: { ...body, channel: 'staff' } }), 403, 'FORBIDDEN');
    // The other center's kiosk is refused before the code is looked at, so the code still works here.
    expectError(await t.request('POST', '/api/v1/tickets', { token: o.tokens.kiosk, body }), 403, 'FORBIDDEN');
    const ticket = await call(t, 'POST', '/api/v1/tickets', 201, { token: kioskToken, body });
    expect(ticket.idNumberMasked).toBe(`4419**********${person.idNumber.slice(-4)}`);
    expectError(await t.request('POST', '/api/v1/tickets', { token: kioskToken, body }), 409, 'PERSONAL_CODE_USED');
    expect((await call(t, 'GET', '/api/v1/citizen/me/tickets', 200, { token })).map((m: Json) => m.id)).toContain(ticket.id);
  });

  it('feedback sent while signed in is listed under 我的诉求; an anonymous one is not', async () => {
    const mine = await call(t, 'POST', '/api/v1/feedback', 201, { token, body: { kind: 'suggestion', centerId: open.id, text: '建议增加周末延时服务' } });
    await call(t, 'POST', '/api/v1/feedback', 201, { body: { kind: 'praise', centerId: open.id, text: '服务很好' } });
    const listed = await call(t, 'GET', '/api/v1/citizen/me/feedback', 200, { token });
    expect(listed).toMatchObject({ total: 1, page: 1, items: [{ id: mine.id, kind: 'suggestion' }] });
  });

  it('我的预约 and 我的办件 list what was done under the ID number, at a window too', async () => {
    const item = await create(t, '/api/v1/items', { code: 'CITIZEN-1', name: '测试证明', departmentId: o.police.id, type: '公共服务', legalDays: 5, promisedDays: 1, materials: [{ name: '申请书' }] });
    const applicant = { kind: 'person', idNumber: person.idNumber, name: person.name, phone: '13800138000' };
    const made = await call(t, 'POST', '/api/v1/cases', 201, { token: o.accounts.staff.token, body: { itemId: item.id, applicant, channel: 'window', materials: [{ materialId: item.materials[0].id, status: 'received' }] } });
    const cases = await call(t, 'GET', '/api/v1/citizen/me/cases', 200, { token });
    expect(cases).toMatchObject({ total: 1, items: [{ id: made.id, caseNo: made.caseNo, itemName: '测试证明' }] });
    expect(await call(t, 'GET', '/api/v1/citizen/me/appointments', 200, { token })).toEqual([]);
  });

  it('check-in by personal code finds the person’s booking of today (none here: 404) and takes only one key', async () => {
    const code = await personalCodeOf(api, token);
    expectError(await t.request('POST', '/api/v1/appointments/check-in', { token: kioskToken, body: { centerId: open.id, code: 'ABC123', personalCode: code } }), 400, 'CHECK_IN_KEY');
    expect(expectError(await t.request('POST', '/api/v1/appointments/check-in', { token: kioskToken, body: { centerId: open.id, personalCode: code } }), 404, 'NOT_FOUND').message).toContain('预约');
    expectError(await t.request('POST', '/api/v1/appointments/check-in', { token: kioskToken, body: { centerId: open.id, personalCode: code } }), 409, 'PERSONAL_CODE_USED');
  });

  it('the lists need a real name', async () => {
    const anonymous = await signInCitizen(api, t.database.db, { phone: newPhone() });
    for (const list of ['tickets', 'appointments', 'cases']) expectError(await t.request('GET', `/api/v1/citizen/me/${list}`, { token: anonymous }), 403, 'REAL_NAME_REQUIRED');
    expect(await call(t, 'GET', '/api/v1/citizen/me/feedback', 200, { token: anonymous })).toMatchObject({ total: 0, items: [] });
  });
});
