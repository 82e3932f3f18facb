import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hallStatus, savePersonRecord } from '../../src/server/modules/terminals/service.ts';
import { demoRecordHolders } from '../../src/server/demo/seedDemo.ts';
import { idNumberCheckChar, isValidIdNumber } from '../../src/server/platform/identity.ts';
import { injectCall, personalCodeOf, signInCitizen, type ApiCall } from '../helpers/citizens.ts';
import { auditOf, call, countRows, create, expectError, orgApp, type Org } from '../helpers/fixtures.ts';
import type { TestApp } from '../helpers/testApp.ts';
import { holdLicence } from '../helpers/elicenses.ts';

/** 7×24 self-service terminals: heartbeat and who is down, finding a visit to rate, certificates by personal code. */

let t: TestApp;
let o: Org;
let api: ApiCall;
type Json = any;
let cityTerminal: { device: Json; token: string };
let townTerminal: { device: Json; token: string };
let otherTerminal: { device: Json; token: string };

const validId = (first17: string) => first17 + idNumberCheckChar(first17);

beforeAll(async () => {
  ({ t, o } = await orgApp());
  api = injectCall(t);
  cityTerminal = await create(t, '/api/v1/devices', { centerId: o.city.id, kind: 'terminal', name: '东门自助终端' });
  townTerminal = await create(t, '/api/v1/devices', { centerId: o.town.id, kind: 'terminal', name: '镇自助终端' });
  otherTerminal = await create(t, '/api/v1/devices', { centerId: o.other.id, kind: 'terminal', name: '外市终端' });
});
afterAll(async () => {
  await t?.close();
});

const heartbeat = (token: string, body: unknown) => t.request('POST', '/api/v1/terminals/heartbeat', { token, body });
const terminalsOf = (centerId: string, token: string) => call(t, 'GET', `/api/v1/centers/${centerId}/terminals`, 200, { token });

describe('heartbeat and status', () => {
  it('lists every terminal of the center and below, never-seen ones down; a heartbeat brings one online with its printer and paper', async () => {
    const before = await terminalsOf(o.city.id, o.accounts.cityManager.token);
    expect(before.map((x: Json) => x.name).sort()).toEqual(['东门自助终端', '镇自助终端']);
    for (const terminal of before) expect(terminal).toMatchObject({ online: false, lastHeartbeatAt: null, printer: null, paper: null, down: '从未上报心跳（终端未开机或未打开终端页面）' });

    const answer = await call(t, 'POST', '/api/v1/terminals/heartbeat', 200, { token: townTerminal.token, body: { printer: 'ok', paper: 'low' } });
    expect(answer).toMatchObject({ online: true, down: null, warning: '打印纸即将用完' });
    await call(t, 'POST', '/api/v1/terminals/heartbeat', 200, { token: cityTerminal.token, body: { printer: 'error', paper: 'ok' } });

    const after = await terminalsOf(o.city.id, o.accounts.supervisor.token);
    const town = after.find((x: Json) => x.id === townTerminal.device.id);
    expect(town).toMatchObject({ centerId: o.town.id, centerName: '测试镇便民服务中心', online: true, printer: 'ok', paper: 'low', down: null, warning: '打印纸即将用完', disabled: false });
    expect(Date.now() - Date.parse(town.lastHeartbeatAt)).toBeLessThan(10_000);
    const city = after.find((x: Json) => x.id === cityTerminal.device.id);
    expect(city).toMatchObject({ online: true, printer: 'error', down: '打印机故障' });
    // Those that are down come first.
    expect(after[0].id).toBe(cityTerminal.device.id);
    // The district's manager sees the town's terminal and not the city's.
    expect((await terminalsOf(o.district.id, o.accounts.districtManager.token)).map((x: Json) => x.id)).toEqual([townTerminal.device.id]);
  });

  it('a terminal silent for more than 3 minutes is offline; a disabled one says so', async () => {
    await t.database.db.updateTable('terminal_heartbeats').set({ at: new Date(Date.now() - 3 * 60_000 - 5_000) }).where('device_id', '=', townTerminal.device.id).execute();
    const town = (await terminalsOf(o.town.id, t.adminToken)).find((x: Json) => x.id === townTerminal.device.id);
    expect(town).toMatchObject({ online: false, down: '离线：超过 3 分钟未上报心跳', printer: 'ok' });
    await call(t, 'PATCH', `/api/v1/devices/${townTerminal.device.id}`, 200, { token: t.adminToken, body: { disabled: true } });
    expect((await terminalsOf(o.town.id, t.adminToken))[0]).toMatchObject({ disabled: true, online: false, down: '设备已停用' });
    await call(t, 'PATCH', `/api/v1/devices/${townTerminal.device.id}`, 200, { token: t.adminToken, body: { disabled: false } });
  });

  it('refuses bad states, devices that are not terminals, staff without a role over the center, and an unknown center', async () => {
    expect((await heartbeat(cityTerminal.token, { printer: 'jammed', paper: 'ok' })).statusCode).toBe(400);
    expect((await heartbeat(cityTerminal.token, { printer: 'ok' })).statusCode).toBe(400);
    expectError(await heartbeat(o.tokens.kiosk, { printer: 'ok', paper: 'ok' }), 403, 'FORBIDDEN');
    expectError(await t.request('POST', '/api/v1/terminals/heartbeat', { body: { printer: 'ok', paper: 'ok' } }), 401, 'UNAUTHENTICATED');
    expectError(await t.request('GET', `/api/v1/centers/${o.city.id}/terminals`, { token: o.accounts.staff.token }), 403, 'FORBIDDEN');
    expectError(await t.request('GET', `/api/v1/centers/${o.city.id}/terminals`, { token: o.accounts.otherManager.token }), 403, 'FORBIDDEN');
    expectError(await t.request('GET', `/api/v1/centers/${o.city.id}/terminals`, { token: cityTerminal.token }), 403, 'FORBIDDEN');
    expectError(await t.request('GET', '/api/v1/centers/nope/terminals', { token: t.adminToken }), 404, 'NOT_FOUND');
  });
});

describe('the hall a terminal stands in', () => {
  it('is open or closed by its center’s opening hours and the calendar', async () => {
    await call(t, 'PATCH', `/api/v1/centers/${o.other.id}`, 200, { token: t.adminToken, body: { openingHours: [{ days: [1, 2, 3, 4, 5], open: '09:00', close: '17:00' }] } });
    const terminal = { kind: 'device' as const, id: otherTerminal.device.id, name: '外市终端', deviceKind: 'terminal', centerId: o.other.id, windowId: null };
    // Monday 2026-11-23 (a working day) at 10:00 and at 20:00 in Shanghai; Saturday the 28th at 10:00.
    expect(await hallStatus(t.database.db, terminal, new Date('2026-11-23T02:00:00Z'))).toEqual({ open: true });
    expect(await hallStatus(t.database.db, terminal, new Date('2026-11-23T12:00:00Z'))).toEqual({ open: false });
    expect(await hallStatus(t.database.db, terminal, new Date('2026-11-28T02:00:00Z'))).toEqual({ open: false });
    // A kiosk asks too (it offers tickets only while open); the test district keeps no hours: closed now, whatever the time.
    const districtKiosk = await create(t, '/api/v1/devices', { centerId: o.district.id, kind: 'kiosk', name: '区取号机' });
    expect(await call(t, 'GET', '/api/v1/terminals/hall', 200, { token: districtKiosk.token })).toEqual({ open: false });
    const display = await create(t, '/api/v1/devices', { centerId: o.city.id, kind: 'hall_display', name: '大厅屏' });
    expectError(await t.request('GET', '/api/v1/terminals/hall', { token: display.token }), 403, 'FORBIDDEN');
  });
});

describe('finding a visit to rate by its number', () => {
  it('finds today’s ticket of the terminal’s center, rateable once it is done, and the rating records the terminal', async () => {
    const category = await create(t, '/api/v1/categories', { centerId: o.city.id, name: '综合业务', prefix: 'Q', itemIds: [] });
    await call(t, 'POST', `/api/v1/windows/${o.windows.general.id}/sign-in`, 200, { token: o.accounts.staff.token });
    await call(t, 'PUT', `/api/v1/windows/${o.windows.general.id}/profile`, 200, { token: t.adminToken, body: { tiers: [[category.id]] } });
    const ticket = await call(t, 'POST', '/api/v1/tickets', 201, { token: cityTerminal.token, body: { centerId: o.city.id, channel: 'kiosk', categoryId: category.id } });
    const lookup = (no: string, token = cityTerminal.token) => t.request('GET', `/api/v1/terminals/rateable?ticketNo=${encodeURIComponent(no)}`, { token });

    expect((await lookup(ticket.number.toLowerCase())).json()).toEqual({ ticketId: ticket.id, number: ticket.number, categoryName: '综合业务', rateable: false });
    await call(t, 'POST', `/api/v1/windows/${o.windows.general.id}/call-next`, 200, { token: o.accounts.staff.token });
    await call(t, 'POST', `/api/v1/tickets/${ticket.id}/start`, 200, { token: o.accounts.staff.token });
    await call(t, 'POST', `/api/v1/tickets/${ticket.id}/finish`, 200, { token: o.accounts.staff.token });
    expect((await lookup(ticket.number)).json()).toMatchObject({ ticketId: ticket.id, rateable: true });

    await call(t, 'POST', '/api/v1/ratings', 201, { token: cityTerminal.token, body: { ticketId: ticket.id, score: 5 } });
    const ratings = await call(t, 'GET', `/api/v1/centers/${o.city.id}/ratings`, 200, { token: o.accounts.supervisor.token });
    expect(ratings.items.find((r: Json) => r.subjectId === ticket.id)).toMatchObject({ source: 'terminal', score: 5 });

    const missing = expectError(await lookup('Q999'), 404, 'TICKET_NOT_FOUND');
    expect(missing.message).toBe('本中心今天没有 Q999 号，请核对号票上的号码');
    // Another center's terminal does not find this center's ticket.
    expectError(await lookup(ticket.number, otherTerminal.token), 404, 'TICKET_NOT_FOUND');
    expect((await lookup('A-1')).statusCode).toBe(400);
    expectError(await lookup(ticket.number, o.tokens.kiosk), 403, 'FORBIDDEN');
  });
});

describe('certificates', () => {
  const idNumber = validId('44190019850612341');
  const person = { phone: '13900007777', idNumber, name: '林小梅' };
  let citizen: string;

  beforeAll(async () => {
    citizen = await signInCitizen(api, t.database.db, person);
    await savePersonRecord(t.database.db, idNumber, {
      kind: 'social_insurance',
      data: { employer: '示范市某科技有限公司', insuranceTypes: ['养老保险', '医疗保险'], firstMonth: '2015-07', lastMonth: '2026-10', monthsPaid: 136, baseFen: 612_300 },
    });
  });

  const issue = async (kind: string, code?: string, token = cityTerminal.token) =>
    t.request('POST', '/api/v1/terminals/certificates', { token, body: { personalCode: code ?? (await personalCodeOf(api, citizen)), kind } });

  it('issues a numbered PDF from the person’s record, audited, and anyone can check the number (masked)', async () => {
    const res = await issue('social_insurance');
    expect(res.statusCode).toBe(201);
    const issued = res.json();
    expect(issued).toMatchObject({ kind: 'social_insurance', title: '社会保险参保缴费证明', holderName: '林*梅', idNumber: '4419**********' + idNumber.slice(-4), centerName: '测试市民服务中心' });
    expect(issued.no).toMatch(/^ZM\d{8}[2-9A-HJKMNP-Z]{10}$/);
    expect(issued.rows).toContainEqual(['累计缴费月数', '136 个月']);
    expect(issued.verifyUrl).toMatch(new RegExp(`/api/v1/public/certificates/${issued.no}$`));
    const pdf = Buffer.from(issued.pdf, 'base64');
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(5_000);
    expect(JSON.stringify({ ...issued, pdf: undefined })).not.toContain(idNumber);

    expect(await call(t, 'GET', `/api/v1/public/certificates/${issued.no}`, 200)).toEqual({
      no: issued.no,
      kind: 'social_insurance',
      title: '社会保险参保缴费证明',
      holderName: '林*梅',
      idNumber: issued.idNumber,
      issuedAt: issued.issuedAt,
      centerName: '测试市民服务中心',
      genuine: true,
    });
    const audit = await auditOf(t, issued.no);
    expect(audit).toEqual([expect.objectContaining({ action: 'certificate.issue', actorKind: 'device', actorId: cityTerminal.device.id })]);
    expect((await t.database.db.selectFrom('person_records').select('id_hash').execute()).map((r) => r.id_hash)).not.toContain(idNumber);
  });

  it('no record of that kind → 404 in Chinese, nothing issued; the same code twice → 409; a forged code → 400; a bad kind → 400', async () => {
    const before = await countRows(t, 'certificates');
    const none = expectError(await issue('real_estate'), 404, 'RECORD_NOT_FOUND');
    expect(none.message).toBe('未查询到您的不动产登记信息查询结果记录，不能开具此证明。如有疑问请到窗口咨询');
    const code = await personalCodeOf(api, citizen);
    expect((await issue('social_insurance', code)).statusCode).toBe(201);
    expectError(await issue('social_insurance', code), 409, 'PERSONAL_CODE_USED');
    expectError(await issue('social_insurance', 'not-a-code'), 400, 'INVALID_PERSONAL_CODE');
    expect((await issue('birth_certificate')).statusCode).toBe(400);
    expectError(await issue('social_insurance', undefined, o.tokens.kiosk), 403, 'FORBIDDEN');
    expect(await countRows(t, 'certificates')).toBe(before + 1);
  });

  it('the demo seeds records only under valid ID numbers (the portal binds nothing else)', () => {
    expect(demoRecordHolders.map((h) => h.idNumber)).toContain('11010519491231002X');
    for (const holder of demoRecordHolders) expect(isValidIdNumber(holder.idNumber), holder.idNumber).toBe(true);
  });

  it('the public check refuses a malformed number and does not know an unissued one', async () => {
    expect((await t.request('GET', '/api/v1/public/certificates/abc')).statusCode).toBe(400);
    expectError(await t.request('GET', '/api/v1/public/certificates/ZM20261123ABCDEFGHJK'), 404, 'NOT_FOUND');
  });
});

describe('applying for a terminal item with a personal code', () => {
  const idNumber = validId('44190019920308562');
  let citizen: string;
  let itemSerial = 0;
  const item = (extra: Record<string, unknown>) =>
    create(t, '/api/v1/items', { code: `TERM-${++itemSerial}`, name: `终端事项${itemSerial}`, departmentId: o.police.id, type: '公共服务', legalDays: 5, promisedDays: 1, ...extra });
  const apply = async (itemId: string, token = cityTerminal.token) =>
    t.request('POST', '/api/v1/terminals/applications', { token, body: { personalCode: await personalCodeOf(api, citizen), itemId } });

  beforeAll(async () => {
    citizen = await signInCitizen(api, t.database.db, { phone: '13900006666', idNumber, name: '何小燕' });
    // Nothing on paper at a terminal: the 居民身份证 comes from the person's e-licence.
    await holdLicence(t, { kind: 'person', idNumber }, '居民身份证', '何小燕');
  });

  it('makes a case on channel terminal for the person the code names, materials from e-licences', async () => {
    const offered = await item({ terminal: true, materials: [{ name: '居民身份证', elicense: true }] });
    const res = await apply(offered.id);
    expect(res.statusCode).toBe(201);
    const applied = res.json();
    expect(applied).toMatchObject({ itemName: offered.name, applicantName: '何*燕' });
    const listed = await call(t, 'GET', `/api/v1/centers/${o.city.id}/cases?pageSize=50`, 200, { token: o.accounts.cityManager.token });
    const made = listed.items.find((c: Json) => c.caseNo === applied.caseNo);
    expect(made).toMatchObject({ channel: 'terminal', itemId: offered.id, applicant: { kind: 'person', name: '何*燕' } });
    expect(made.applicant.identifier).toBe(`4419**********${idNumber.slice(-4)}`);
  });

  it('refuses an item not offered at terminals, an item needing paper, and a terminal posting /cases itself', async () => {
    const windowOnly = await item({ terminal: false, materials: [{ name: '居民身份证', elicense: true }] });
    const scans = await countRows(t, 'personal_code_scans');
    expectError(await apply(windowOnly.id), 403, 'NOT_TERMINAL_ITEM');
    expect(await countRows(t, 'personal_code_scans')).toBe(scans);
    const paper = await item({ terminal: true, materials: [{ name: '居民身份证', elicense: true }, { name: '申请书' }] });
    const before = await countRows(t, 'personal_code_scans');
    expect(expectError(await apply(paper.id), 400, 'NEEDS_PAPER').message).toBe('该事项需要提交纸质材料（申请书），请到窗口办理');
    // Refused before the code was scanned: the person can use it again.
    expect(await countRows(t, 'personal_code_scans')).toBe(before);
    const offered = await item({ terminal: true, materials: [] });
    expectError(await apply(offered.id, otherTerminal.token), 400, 'ITEM_NOT_OFFERED');
    const direct = await t.request('POST', '/api/v1/cases', {
      token: cityTerminal.token,
      // Claiming the applicant was identified does not get through: the flag is not part of the body.
      body: { itemId: offered.id, applicant: { kind: 'person', idNumber, name: '冒名者', phone: '13900006666' }, channel: 'terminal', materials: [], applicantIdentified: true },
    });
    expectError(direct, 403, 'FORBIDDEN');
    expect(await countRows(t, 'cases', { item_id: offered.id })).toBe(0);
  });
});


describe('the items one terminal offers', () => {
  let itemSerial = 0;
  const item = (extra: Record<string, unknown>) =>
    create(t, '/api/v1/items', { code: `OFFER-${++itemSerial}`, name: `本机事项${itemSerial}`, departmentId: o.police.id, type: '公共服务', legalDays: 5, promisedDays: 1, materials: [], ...extra });
  const itemsUrl = (id: string) => `/api/v1/terminals/${id}/items`;

  it('all the center’s terminal items until a manager narrows them; only terminal items; audited; null resets', async () => {
    const offered = await item({ terminal: true });
    const windowOnly = await item({ terminal: false });
    const id = cityTerminal.device.id;
    expect(await call(t, 'GET', itemsUrl(id), 200, { token: cityTerminal.token })).toEqual({ itemIds: null });
    expectError(await t.request('PUT', itemsUrl(id), { token: o.accounts.cityManager.token, body: { itemIds: [offered.id, windowOnly.id] } }), 400, 'NOT_TERMINAL_ITEM');
    expectError(await t.request('PUT', itemsUrl(id), { token: o.accounts.cityManager.token, body: {} }), 400, 'VALIDATION_ERROR');
    for (const token of [o.accounts.staff.token, o.accounts.otherManager.token, o.accounts.supervisor.token])
      expectError(await t.request('PUT', itemsUrl(id), { token, body: { itemIds: [offered.id] } }), 403, 'FORBIDDEN');
    expect(await call(t, 'PUT', itemsUrl(id), 200, { token: o.accounts.cityManager.token, body: { itemIds: [offered.id, offered.id] } })).toEqual({ itemIds: [offered.id] });
    expect(await call(t, 'GET', itemsUrl(id), 200, { token: cityTerminal.token })).toEqual({ itemIds: [offered.id] });
    expect(await call(t, 'GET', itemsUrl(id), 200, { token: o.accounts.supervisor.token })).toEqual({ itemIds: [offered.id] });
    // A terminal reads its own list only; a kiosk is no terminal.
    expectError(await t.request('GET', itemsUrl(id), { token: townTerminal.token }), 403, 'FORBIDDEN');
    expectError(await t.request('GET', itemsUrl(o.devices.kiosk.id), { token: t.adminToken }), 404, 'NOT_FOUND');
    expect((await auditOf(t, id)).find((a: Json) => a.action === 'terminal.items.set')).toMatchObject({ after: { itemIds: [offered.id] } });
    expect(await call(t, 'PUT', itemsUrl(id), 200, { token: o.accounts.cityManager.token, body: { itemIds: null } })).toEqual({ itemIds: null });
    expect(await call(t, 'GET', itemsUrl(id), 200, { token: cityTerminal.token })).toEqual({ itemIds: null });
  });

  it('a narrowed terminal refuses to apply for an item not on its list (403 NOT_OFFERED_HERE) before the personal code is used', async () => {
    const elsewhere = await item({ terminal: true });
    const kept = await item({ terminal: true });
    await call(t, 'PUT', itemsUrl(townTerminal.device.id), 200, { token: t.adminToken, body: { itemIds: [kept.id] } });
    const person = await signInCitizen(api, t.database.db, { phone: '13900008888', idNumber: validId('44190019930409123'), name: '冯本机' });
    const code = await personalCodeOf(api, person);
    expectError(await t.request('POST', '/api/v1/terminals/applications', { token: townTerminal.token, body: { personalCode: code, itemId: elsewhere.id } }), 403, 'NOT_OFFERED_HERE');
  });
});
