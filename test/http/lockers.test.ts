import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flagUncollectedResults } from '../../src/server/modules/lockers/service.ts';
import { idNumberCheckChar } from '../../src/server/platform/identity.ts';
import { injectCall, personalCodeOf, signInCitizen } from '../helpers/citizens.ts';
import { auditOf, call, create, expectError, orgApp, type Org } from '../helpers/fixtures.ts';
import type { TestApp } from '../helpers/testApp.ts';

/** 24-hour lockers: staff deposit a result, the owner opens it once with the SMS code or the personal code. */

let t: TestApp;
let o: Org;
type Json = any;
let locker: Json;
let item: Json;

const validId = (first17: string) => first17 + idNumberCheckChar(first17);
const owner = { idNumber: validId('44190019900202003'), name: '林美华', phone: '13712345678' };

/** The newest SMS to a phone about `about` (a completed case sends its own message in the same transaction). */
async function lastSms(phone: string, about: string): Promise<string> {
  const row = await t.database.db.selectFrom('outbox_messages').select('body').where('recipient', '=', phone).where('body', 'like', `%${about}%`).orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
  return row.body;
}
const pickupCodeIn = (sms: string) => /取件码 (\d{6})/.exec(sms)![1]!;

/** A case of the owner, accepted at the window and decided by the department. */
async function decidedCase(): Promise<Json> {
  const made = await call(t, 'POST', '/api/v1/cases', 201, {
    token: o.accounts.staff.token,
    body: { itemId: item.id, applicant: { kind: 'person', ...owner }, channel: 'window', materials: [{ materialId: item.materials[0].id, status: 'received' }] },
  });
  await call(t, 'POST', `/api/v1/cases/${made.id}/accept`, 200, { token: o.accounts.staff.token });
  await call(t, 'POST', `/api/v1/cases/${made.id}/decide`, 200, { token: o.accounts.approver.token, body: { approved: true } });
  return made;
}

const open = (body: Record<string, unknown>) => t.request('POST', '/api/v1/lockers/open', { token: locker.token, body });

beforeAll(async () => {
  ({ t, o } = await orgApp());
  locker = await create(t, '/api/v1/devices', { centerId: o.city.id, kind: 'locker', name: '一楼智能柜' });
  item = await create(t, '/api/v1/items', { code: 'LOCKER-1', name: '营业执照变更', departmentId: o.police.id, type: '行政许可', legalDays: 20, promisedDays: 3, materials: [{ name: '申请书' }] });
});
afterAll(async () => t?.close());

describe('setting up a locker', () => {
  it('an admin adds compartments, numbered after the ones it has; window staff may not', async () => {
    expectError(await t.request('POST', `/api/v1/lockers/${locker.device.id}/compartments`, { token: o.accounts.staff.token, body: { count: 2 } }), 403, 'FORBIDDEN');
    await call(t, 'POST', `/api/v1/lockers/${locker.device.id}/compartments`, 201, { token: o.accounts.cityManager.token, body: { count: 2 } });
    const all = await call(t, 'POST', `/api/v1/lockers/${locker.device.id}/compartments`, 201, { token: t.adminToken, body: { count: 1, size: 'large' } });
    expect(all.map((c: Json) => [c.label, c.size, c.deposit])).toEqual([
      ['A01', 'medium', null],
      ['A02', 'medium', null],
      ['A03', 'large', null],
    ]);
    expectError(await t.request('POST', `/api/v1/lockers/${o.devices.kiosk.id}/compartments`, { token: t.adminToken, body: { count: 1 } }), 404, 'NOT_FOUND');
    expect(await call(t, 'GET', '/api/v1/lockers/state', 200, { token: locker.token })).toMatchObject({ name: '一楼智能柜', total: 3, free: 3, occupied: 0 });
  });

  it('window staff and supervisors list the center’s lockers with how full each is; another center’s manager may not', async () => {
    for (const person of ['staff', 'supervisor'] as const) {
      expect(await call(t, 'GET', `/api/v1/centers/${o.city.id}/lockers`, 200, { token: o.accounts[person].token })).toEqual([{ id: locker.device.id, name: '一楼智能柜', hallId: null, total: 3, free: 3, occupied: 0 }]);
    }
    expectError(await t.request('GET', `/api/v1/centers/${o.city.id}/lockers`, { token: o.accounts.otherManager.token }), 403, 'FORBIDDEN');
  });
});

describe('a result through the locker', () => {
  it('depositing a decided case completes it; the SMS code opens its door once; the staff never see the code', async () => {
    const made = await decidedCase();
    const deposit = await call(t, 'POST', `/api/v1/lockers/${locker.device.id}/deposits`, 201, { token: o.accounts.staff.token, body: { caseId: made.id } });
    expect(deposit).toMatchObject({ compartmentLabel: 'A01', caseNo: made.caseNo, itemName: '营业执照变更', recipientName: '林*华', recipientPhone: '137****5678', collectedAt: null, overdue: false });
    expect(await call(t, 'GET', `/api/v1/cases/${made.id}`, 200, { token: o.accounts.staff.token })).toMatchObject({ status: 'completed', delivery: 'locker' });
    const sms = await lastSms(owner.phone, '取件码');
    expect(sms).toContain('一楼智能柜 A01 号柜格');
    const code = pickupCodeIn(sms);
    expect(JSON.stringify(deposit)).not.toContain(code);

    const opened = await call(t, 'POST', '/api/v1/lockers/open', 200, { token: locker.token, body: { pickupCode: code } });
    expect(opened).toEqual({ opened: [{ label: 'A01', itemName: '营业执照变更', caseNo: made.caseNo, recipientName: '林*华' }] });
    expect(expectError(await open({ pickupCode: code }), 400, 'INVALID_PICKUP_CODE').message).toContain('取件码不正确');
    const compartments = await call(t, 'GET', `/api/v1/lockers/${locker.device.id}/compartments`, 200, { token: o.accounts.staff.token });
    expect(compartments[0].deposit).toBeNull();
  });

  it('a case not yet decided, or of another center, is refused and nothing is written', async () => {
    const made = await call(t, 'POST', '/api/v1/cases', 201, {
      token: o.accounts.staff.token,
      body: { itemId: item.id, applicant: { kind: 'person', ...owner }, channel: 'window', materials: [{ materialId: item.materials[0].id, status: 'received' }] },
    });
    expectError(await t.request('POST', `/api/v1/lockers/${locker.device.id}/deposits`, { token: o.accounts.staff.token, body: { caseId: made.id } }), 409, 'INVALID_CASE_STATE');
    expectError(await t.request('POST', `/api/v1/lockers/${locker.device.id}/deposits`, { token: o.accounts.districtStaff.token, body: { caseId: made.id } }), 403, 'FORBIDDEN');
    expect(await call(t, 'GET', '/api/v1/lockers/state', 200, { token: locker.token })).toMatchObject({ occupied: 0 });
  });

  it('the owner’s personal code opens every door holding their results; someone else’s code finds nothing', async () => {
    const first = await call(t, 'POST', `/api/v1/lockers/${locker.device.id}/deposits`, 201, { token: o.accounts.staff.token, body: { recipient: owner, itemName: '不动产权证书' } });
    const second = await call(t, 'POST', `/api/v1/lockers/${locker.device.id}/deposits`, 201, { token: o.accounts.staff.token, body: { caseId: (await decidedCase()).id } });
    expect([first.compartmentLabel, second.compartmentLabel]).toEqual(['A01', 'A02']);
    const api = injectCall(t);
    const stranger = await signInCitizen(api, t.database.db, { phone: '13911112222', idNumber: validId('44190019800101001'), name: '路人甲' });
    expectError(await open({ personalCode: await personalCodeOf(api, stranger) }), 404, 'NOTHING_TO_COLLECT');
    const mine = await signInCitizen(api, t.database.db, owner);
    const opened = await call(t, 'POST', '/api/v1/lockers/open', 200, { token: locker.token, body: { personalCode: await personalCodeOf(api, mine) } });
    expect(opened.opened.map((d: Json) => d.label).sort()).toEqual(['A01', 'A02']);
    const audit = await auditOf(t, locker.device.id);
    expect(audit.find((a) => a.action === 'locker.collect' && a.after.by === 'personal_code')?.after.deposits.sort()).toEqual([first.id, second.id].sort());
  });

  it('a full locker says so; a chosen door that is taken says so', async () => {
    const deposits: Json[] = [];
    for (let i = 0; i < 3; i++) deposits.push(await call(t, 'POST', `/api/v1/lockers/${locker.device.id}/deposits`, 201, { token: o.accounts.staff.token, body: { recipient: { name: '张三', phone: '13800000001' }, itemName: `材料 ${i}` } }));
    expectError(await t.request('POST', `/api/v1/lockers/${locker.device.id}/deposits`, { token: o.accounts.staff.token, body: { recipient: { name: '张三', phone: '13800000001' }, itemName: '再一份' } }), 409, 'LOCKER_FULL');
    expectError(
      await t.request('POST', `/api/v1/lockers/${locker.device.id}/deposits`, { token: o.accounts.staff.token, body: { recipient: { name: '张三', phone: '13800000001' }, itemName: '再一份', compartmentId: deposits[0].compartmentId } }),
      409,
      'COMPARTMENT_OCCUPIED',
    );
    expectError(await t.request('POST', `/api/v1/lockers/${locker.device.id}/deposits`, { token: o.accounts.staff.token, body: { recipient: { name: '张三', phone: '123' }, itemName: '材料' } }), 400, 'INVALID_PHONE');
    // Staff take them out again, with a reason; the list keeps who did what.
    for (const d of deposits) await call(t, 'POST', `/api/v1/locker-deposits/${d.id}/collect`, 200, { token: o.accounts.staff.token, body: { reason: '本人到窗口领取' } });
    expectError(await t.request('POST', `/api/v1/locker-deposits/${deposits[0].id}/collect`, { token: o.accounts.staff.token, body: { reason: '重复' } }), 409, 'ALREADY_COLLECTED');
    const collected = await call(t, 'GET', `/api/v1/centers/${o.city.id}/locker-deposits?status=collected&pageSize=50`, 200, { token: o.accounts.supervisor.token });
    expect(collected.items.filter((d: Json) => d.collectedBy === 'staff')).toHaveLength(3);
    expect(collected.items.find((d: Json) => d.id === deposits[0].id).collectNote).toBe('测试staff：本人到窗口领取');
  });

  it('five wrong codes in ten minutes and the locker refuses even a right one for a while', async () => {
    await call(t, 'POST', `/api/v1/lockers/${locker.device.id}/deposits`, 201, { token: o.accounts.staff.token, body: { recipient: { name: '王五', phone: '13800000002' }, itemName: '证明' } });
    const code = pickupCodeIn(await lastSms('13800000002', '取件码'));
    const wrong = code === '000000' ? '111111' : '000000';
    // One wrong code was already tried above.
    for (let i = 0; i < 4; i++) expectError(await open({ pickupCode: wrong }), 400, 'INVALID_PICKUP_CODE');
    expectError(await open({ pickupCode: code }), 429, 'TOO_MANY_ATTEMPTS');
    expectError(await open({ pickupCode: '12ab56' }), 400, 'VALIDATION_ERROR');
    await t.database.db.deleteFrom('locker_open_failures').execute();
    await call(t, 'POST', '/api/v1/lockers/open', 200, { token: locker.token, body: { pickupCode: code } });
  });

  it('a result left past the center’s days is flagged once, its owner reminded, and listed as overdue', async () => {
    await call(t, 'PUT', `/api/v1/centers/${o.city.id}/locker-settings`, 200, { token: o.accounts.cityManager.token, body: { uncollectedDays: 2 } });
    const deposit = await call(t, 'POST', `/api/v1/lockers/${locker.device.id}/deposits`, 201, { token: o.accounts.staff.token, body: { recipient: { name: '赵六', phone: '13800000003' }, itemName: '结婚证' } });
    expect(await flagUncollectedResults(t.database.db, new Date(Date.now() + 86_400_000))).toEqual({ ran: true, flagged: 0 });
    const later = new Date(Date.now() + 2 * 86_400_000 + 1000);
    expect(await flagUncollectedResults(t.database.db, later)).toEqual({ ran: true, flagged: 1 });
    expect(await flagUncollectedResults(t.database.db, later)).toEqual({ ran: true, flagged: 0 });
    expect(await lastSms('13800000003', '仍在')).toContain('仍在一楼智能柜');
    const overdue = await t.database.db.selectFrom('locker_deposits').select('overdue_at').where('id', '=', deposit.id).executeTakeFirstOrThrow();
    expect(overdue.overdue_at).not.toBeNull();
    const waiting = await call(t, 'GET', `/api/v1/centers/${o.city.id}/locker-deposits?status=waiting`, 200, { token: o.accounts.staff.token });
    expect(waiting.items.map((d: Json) => d.id)).toContain(deposit.id);
    const listedOverdue = await call(t, 'GET', `/api/v1/centers/${o.city.id}/locker-deposits?status=overdue`, 200, { token: o.accounts.staff.token });
    expect(listedOverdue.total).toBe(0); // not yet two days by the real clock
    expectError(await t.request('PUT', `/api/v1/centers/${o.city.id}/locker-settings`, { token: o.accounts.staff.token, body: { uncollectedDays: 5 } }), 403, 'FORBIDDEN');
  });

  it('only a locker may open a locker', async () => {
    expectError(await t.request('POST', '/api/v1/lockers/open', { token: o.tokens.kiosk, body: { pickupCode: '123456' } }), 403, 'FORBIDDEN');
    expectError(await t.request('POST', '/api/v1/lockers/open', { body: { pickupCode: '123456' } }), 401, 'UNAUTHENTICATED');
  });
});
